// What an emulator route answers: a status, a JSON body and extra headers;
// errors carry Atlas's error body ({"errorCode", "errorMessage"}).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace delta_arc::emulator {

struct ApiResponse {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::map<std::string, std::string> headers;
};

// An error as Atlas reports it, e.g. AtlasError(404, "ATLAS-404-00-005", "Given instance guid …").
inline ApiResponse AtlasError(int status, const std::string& code, const std::string& message) {
  return {status, {{"errorCode", code}, {"errorMessage", message}}, {}};
}

// Codes and messages of Apache Atlas's AtlasErrorCode, which Atlan returns unchanged.
inline ApiResponse BadRequest(const std::string& message) {
  return AtlasError(400, "ATLAS-400-00-029", message);  // BAD_REQUEST
}
inline ApiResponse InvalidParameters(const std::string& message) {
  return AtlasError(400, "ATLAS-400-00-01A", "invalid parameters: " + message);
}
inline ApiResponse UnknownEntityType(const std::string& type_name) {
  return AtlasError(400, "ATLAS-400-00-014",  // TYPE_NAME_INVALID
                    "Type ENTITY with name " + type_name + " does not exist");
}
inline ApiResponse UnknownTagType(const std::string& type_name) {
  return AtlasError(400, "ATLAS-400-00-014",  // TYPE_NAME_INVALID
                    "Type CLASSIFICATION with name " + type_name + " does not exist");
}
inline ApiResponse InvalidInstanceParams(const std::string& message) {
  return AtlasError(404, "ATLAS-404-00-007",  // INSTANCE_CRUD_INVALID_PARAMS
                    "Invalid instance creation/updation parameters passed : " + message);
}
inline ApiResponse GuidNotFound(const std::string& guid) {
  return AtlasError(404, "ATLAS-404-00-005",
                    "Given instance guid " + guid + " is invalid/not found");
}
inline ApiResponse UniqueAttributeNotFound(const std::string& type_name, const std::string& qn) {
  return AtlasError(
      404, "ATLAS-404-00-009",
      "Instance " + type_name + " with unique attribute {qualifiedName=" + qn + "} does not exist");
}
inline ApiResponse ReferencedEntityNotFound(const std::string& reference) {
  return AtlasError(404, "ATLAS-404-00-00A", "Referenced entity " + reference + " is not found");
}
inline ApiResponse InvalidRelationshipEndType(const std::string& attribute, const std::string& guid,
                                              const std::string& found,
                                              const std::string& expected) {
  return AtlasError(400, "ATLAS-400-00-045",
                    "Invalid entity-type for relationship attribute \u2018" + attribute +
                        "\u2019: entity specified (guid=" + guid + ") is of type \u2018" + found +
                        "\u2019, but expected type is \u2018" + expected + "\u2019");
}
inline ApiResponse InternalError(const std::string& message) {
  return AtlasError(500, "ATLAS-500-00-001", "Internal server error " + message);
}

}  // namespace delta_arc::emulator
