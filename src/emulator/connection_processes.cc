// Connection lineage; see connection_processes.h.
#include "emulator/connection_processes.h"

#include <set>
#include <vector>

#include "emulator/connection_bootstrap.h"
#include "emulator/has_lineage.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

constexpr const char* kParentsAttribute = "parentConnectionProcessQualifiedName";

// The connections of the assets behind `attribute` of `guid`.
Result<std::set<std::string>> ConnectionsOf(EntityStore& store, const std::string& guid,
                                            const std::string& attribute) {
  auto related = store.RelatedStubs(guid, attribute);
  if (!related) return std::unexpected(related.error());
  std::set<std::string> out;
  for (const auto& r : *related) {
    const std::string connection = OwningConnection(r.other.type_name, r.other.qualified_name,
                                                    r.other.connection_qualified_name);
    if (!connection.empty()) out.insert(connection);
  }
  return out;
}

std::vector<std::string> Parents(const Entity& process) {
  std::vector<std::string> out;
  auto it = process.attributes.find(kParentsAttribute);
  if (it == process.attributes.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Status SetState(EntityStore& store, Entity entity, const std::string& state, int64_t now,
                const std::string& user) {
  entity.state = state;
  entity.updated_at = now;
  entity.updated_by = user;
  if (auto s = store.Update(entity); !s) return s;
  return store.SetRelationshipStatusFor(entity.guid, state);
}

// Creates (or restores) the ConnectionProcess from `in` to `out`.
Status Ensure(EntityStore& store, const std::string& in, const std::string& out, int64_t now,
              const std::string& user) {
  const std::string name = "(" + in + ")->(" + out + ")";
  const std::string qn = out + "/" + name;
  auto existing = store.FindByQualifiedName("ConnectionProcess", qn);
  if (!existing) return std::unexpected(existing.error());
  if (*existing) {
    if ((*existing)->state == "ACTIVE") return Ok();
    return SetState(store, **existing, "ACTIVE", now, user);
  }
  auto input = store.FindByQualifiedName("Connection", in);
  auto output = store.FindByQualifiedName("Connection", out);
  if (!input || !output) return std::unexpected(!input ? input.error() : output.error());
  if (!*input || !*output) return Ok();  // an asset naming a connection Atlan does not hold
  Entity e;
  e.guid = NewGuid();
  e.type_name = "ConnectionProcess";
  e.qualified_name = qn;
  e.name = name;
  e.created_at = e.updated_at = now;
  e.created_by = e.updated_by = user;
  e.attributes = {{kHasLineage, true}};
  if (auto s = store.Insert(e); !s) return s;
  for (const auto& [attribute, target] :
       {std::pair{"inputs", (*input)->guid}, std::pair{"outputs", (*output)->guid}}) {
    const RelationDef relation = *FindRelation("ConnectionProcess", attribute);
    if (auto s = store.SetRelations(e.guid, attribute, relation.inverse, relation.relationship_type,
                                    {target});
        !s) {
      return s;
    }
  }
  return Ok();
}

// Archives the ConnectionProcess `qn` unless an ACTIVE Process other than `except`
// still lists it.
Status ArchiveIfUnused(EntityStore& store, const std::string& qn, const std::string& except,
                       int64_t now, const std::string& user) {
  auto users = store.db().Prepare(
      "SELECT count(*) FROM entities e WHERE e.type_name = 'Process' AND e.state = 'ACTIVE' "
      "AND e.guid <> ?1 AND EXISTS (SELECT 1 FROM json_each(e.attributes, "
      "'$.parentConnectionProcessQualifiedName') j WHERE j.value = ?2)");
  if (!users) return std::unexpected(users.error());
  users->BindAll({except, qn});
  auto row = users->Step();
  if (!row) return std::unexpected(row.error());
  if (users->Int(0) > 0) return Ok();
  auto found = store.FindByQualifiedName("ConnectionProcess", qn);
  if (!found) return std::unexpected(found.error());
  if (!*found || (*found)->state != "ACTIVE") return Ok();
  return SetState(store, **found, "DELETED", now, user);
}

}  // namespace

Status LinkConnectionProcesses(EntityStore& store, const std::string& process_guid, int64_t now,
                               const std::string& user) {
  auto process = store.FindByGuid(process_guid);
  if (!process) return std::unexpected(process.error());
  if (!*process || (*process)->type_name != "Process") return Ok();
  auto inputs = ConnectionsOf(store, process_guid, "inputs");
  auto outputs = ConnectionsOf(store, process_guid, "outputs");
  if (!inputs || !outputs) return std::unexpected(!inputs ? inputs.error() : outputs.error());
  std::vector<std::string> wanted;
  for (const auto& in : *inputs) {
    for (const auto& out : *outputs) {
      if (in == out) continue;
      if (auto s = Ensure(store, in, out, now, user); !s) return s;
      wanted.push_back(out + "/(" + in + ")->(" + out + ")");
    }
  }
  const std::vector<std::string> before = Parents(**process);
  if (before == wanted) return Ok();
  Entity updated = **process;
  updated.attributes[kParentsAttribute] = wanted;
  if (auto s = store.Update(updated); !s) return s;
  for (const auto& qn : before) {
    if (std::find(wanted.begin(), wanted.end(), qn) != wanted.end()) continue;
    if (auto s = ArchiveIfUnused(store, qn, process_guid, now, user); !s) return s;
  }
  return Ok();
}

Status UnlinkConnectionProcesses(EntityStore& store, const Entity& process, int64_t now,
                                 const std::string& user) {
  if (process.type_name != "Process") return Ok();
  for (const auto& qn : Parents(process)) {
    if (auto s = ArchiveIfUnused(store, qn, process.guid, now, user); !s) return s;
  }
  return Ok();
}

}  // namespace delta_arc::emulator
