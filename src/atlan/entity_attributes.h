// Reading an entity as Atlan returns it ({"guid": …, "attributes": {...}}) without
// trusting the JSON types of its fields: nlohmann's value() and get() throw on any
// other type than the one asked for, and an exception here ends the process.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace delta_arc::atlan {

// The string field `key` of `object`, or "" when `object` is not an object or the
// field is absent or not a string.
inline std::string StringField(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The integer field `key` of `object`, or 0 when `object` is not an object or the field
// is absent or not an integer.
inline int64_t IntegerField(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return 0;
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// The string attribute `key`, or "" when absent or not a string.
inline std::string StringAttribute(const nlohmann::json& entity, const char* key) {
  if (!entity.is_object() || !entity.contains("attributes")) return "";
  return StringField(entity["attributes"], key);
}

// What is wrong with an entity of a search page or a read, or "" when nothing is: it
// is an object; its typeName, guid and status are strings, createTime and updateTime
// integers, and attributes an object whose name and qualifiedName are strings, each
// where present. Readers of SearchPage::entities and of FindByQualifiedName's entity
// may take these types for granted.
inline std::string EntityProblem(const nlohmann::json& entity) {
  using nlohmann::json;
  if (!entity.is_object()) return std::string("an entity that is a ") + entity.type_name();
  // The field `key` of `object` when it is present and not of the type `is` checks.
  const auto wrong = [](const json& object, const char* key, bool (json::*is)() const noexcept) {
    const auto it = object.find(key);
    return it != object.end() && !((*it).*is)();
  };
  for (const char* key : {"typeName", "guid", "status"}) {
    if (wrong(entity, key, &json::is_string))
      return std::string("an entity whose ") + key + " is not a string";
  }
  for (const char* key : {"createTime", "updateTime"}) {
    if (wrong(entity, key, &json::is_number_integer))
      return std::string("an entity whose ") + key + " is not an integer";
  }
  const auto attributes = entity.find("attributes");
  if (attributes == entity.end()) return "";
  if (!attributes->is_object()) return "an entity whose attributes are not an object";
  for (const char* key : {"name", "qualifiedName"}) {
    if (wrong(*attributes, key, &json::is_string))
      return std::string("an entity whose attributes.") + key + " is not a string";
  }
  return "";
}

}  // namespace delta_arc::atlan
