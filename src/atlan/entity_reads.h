// Reads of one entity, by guid or by qualifiedName (Atlas's unique attribute).
// Unlike index search, which shows writes only after Elasticsearch's next
// refresh (about 1 s), these read the store and see every write at once: what
// a check that must not be fooled by the index lag uses.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "atlan/atlan_client.h"

namespace delta_arc::atlan {

// GET paths as pyatlan's retrieve_minimal builds them: the entity without its
// relationships or referred entities, the cheapest read Atlan offers.
std::string EntityByGuidPath(const std::string& guid);
std::string EntityByQualifiedNamePath(const std::string& type_name, const std::string& qn);

// The entity (typeName, guid, status, createTime, attributes, …) of `type_name`
// with this qualifiedName, ACTIVE or archived (status DELETED); nullopt when Atlan
// has none (404). An entity that fails EntityProblem is a kRemote error.
Result<std::optional<nlohmann::json>> FindByQualifiedName(AtlanClient& client,
                                                          const std::string& type_name,
                                                          const std::string& qn);

}  // namespace delta_arc::atlan
