// Repairing duplicate S3 connections; see repair.h.
#include "lineage/repair.h"

#include "atlan/entity_attributes.h"
#include "atlan/entity_writes.h"
#include "atlan/index_search.h"
#include "atlan/type_names.h"
#include "lineage/discover.h"
#include "lineage/run_steps.h"

namespace delta_arc::lineage {

using nlohmann::json;
namespace atl = delta_arc::atlan;

namespace {

struct Held {
  std::vector<PlannedChange> delta_arcs;
  int64_t others = 0;
};

// Everything ACTIVE under the connection, sorted into what delta-arc wrote (what any of
// its scopes names, owned_types.h) and the rest. Atlan's ConnectionProcesses go when the
// processes do, and never keep a connection in place.
Result<Held> HeldUnder(atl::AtlanClient& client, const ConnectionRef& connection) {
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::Term("connectionQualifiedName", connection.qualified_name), atl::ActiveOnly()});
  spec.attributes = {"name", "qualifiedName"};
  Held held;
  const Scope any_scope{connection.qualified_name, "", "", ""};
  auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& entity : page.entities) {
      const std::string type = entity.value("typeName", "");
      const std::string qn = atl::StringAttribute(entity, "qualifiedName");
      const auto known = AssetTypeNamed(type);
      const bool ours = known && *known != AssetType::kConnection &&
                        Owns(any_scope, *known, qn, Breadth::kConnection);
      if (ours) {
        held.delta_arcs.push_back(
            {*known, qn, atl::StringAttribute(entity, "name"), entity.value("guid", "")});
      } else if (type != atl::kConnectionProcessType && known != AssetType::kConnection) {
        ++held.others;
      }
    }
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  return held;
}

}  // namespace

Result<RepairReport> RepairDuplicateConnections(atl::AtlanClient& client, const Config& config,
                                                Logger& log, Env& env, bool apply) {
  auto found = FindConnections(client, ConnectionNamesOf(config), log);
  if (!found) return std::unexpected(found.error());
  RepairReport report;
  report.applied = apply;
  if (found->s3) report.kept = found->s3->qualified_name;
  for (const auto& other : found->other_s3) {
    auto held = HeldUnder(client, other);
    if (!held) return std::unexpected(held.error());
    report.archives.insert(report.archives.end(), held->delta_arcs.begin(), held->delta_arcs.end());
    if (held->others > 0) {
      report.kept_because_not_empty.push_back(other.qualified_name);
      log.Warn("left in place: assets delta-arc did not write are under the connection",
               {{"connection", other.qualified_name}, {"assets", held->others}});
      continue;
    }
    report.archives.push_back(
        {AssetType::kConnection, other.qualified_name, other.name, other.guid});
  }
  if (!apply || report.archives.empty()) return report;
  // Children before the connection: a connection archived first would hide what is left
  // under it from the next search.
  std::vector<std::string> guids;
  for (const auto& a : report.archives) {
    if (a.type != AssetType::kConnection) guids.push_back(a.guid);
  }
  const size_t assets = guids.size();
  for (const auto& a : report.archives) {
    if (a.type == AssetType::kConnection) guids.push_back(a.guid);
  }
  atl::WriteOptions options = WriteOptionsOf(config, env);
  options.level_at = [assets](size_t i) { return i < assets ? 0 : 1; };  // connections last
  auto outcome = atl::ArchiveInBatches(client, guids, options);
  report.archived = outcome.archived;
  if (outcome.error) return std::unexpected(*outcome.error);
  return report;
}

}  // namespace delta_arc::lineage
