// Single-entity reads; see entity_reads.h.
#include "atlan/entity_reads.h"

#include "atlan/entity_attributes.h"
#include "http/url.h"

namespace delta_arc::atlan {

namespace {
constexpr const char* kMinimal = "minExtInfo=true&ignoreRelationships=true";
}  // namespace

std::string EntityByGuidPath(const std::string& guid) {
  return "/api/meta/entity/guid/" + http::PercentEncode(guid) + "?" + kMinimal;
}

std::string EntityByQualifiedNamePath(const std::string& type_name, const std::string& qn) {
  return "/api/meta/entity/uniqueAttribute/type/" + http::PercentEncode(type_name) +
         "?attr:qualifiedName=" + http::PercentEncode(qn) + "&" + kMinimal;
}

Result<std::optional<nlohmann::json>> FindByQualifiedName(AtlanClient& client,
                                                          const std::string& type_name,
                                                          const std::string& qn) {
  auto response = client.Call("GET", EntityByQualifiedNamePath(type_name, qn));
  if (!response) {
    if (response.error().kind == ErrorKind::kNotFound) return std::nullopt;
    return std::unexpected(response.error());
  }
  if (!response->contains("entity") || !(*response)["entity"].is_object()) {
    return Fail(ErrorKind::kRemote,
                "Atlan answered GET " + type_name + " " + qn + " without an entity");
  }
  if (auto problem = EntityProblem((*response)["entity"]); !problem.empty()) {
    return Fail(ErrorKind::kRemote,
                "Atlan answered GET " + type_name + " " + qn + " with " + problem);
  }
  return std::optional(std::move((*response)["entity"]));
}

}  // namespace delta_arc::atlan
