// Export and restore; see backup.h.
#include "lineage/backup.h"

#include <algorithm>
#include <map>

#include "atlan/entity_attributes.h"
#include "atlan/entity_writes.h"
#include "atlan/index_search.h"
#include "common/json_text.h"
#include "lineage/discover.h"
#include "lineage/run_steps.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

using nlohmann::json;
namespace atl = delta_arc::atlan;

namespace {

// The relation as delta-arc writes it: each ACTIVE member by type and qualifiedName.
json RefsOf(const json& value) {
  json refs = json::array();
  for (const auto& ref : value.is_array() ? value : json::array({value})) {
    const auto names = ReferencedNames(ref);
    if (names.empty()) continue;
    refs.push_back(RefByQualifiedName(ref.value("typeName", ""), names[0]));
  }
  return refs;
}

// An entity as Atlan returned it, reduced to what delta-arc owns of it.
json Portable(AssetType type, const json& entity) {
  const AssetTypeInfo& info = InfoOf(type);
  const json& attributes = entity["attributes"];
  json out = {{"typeName", info.type_name},
              {"attributes", {{"qualifiedName", attributes.value("qualifiedName", "")}}}};
  for (const auto& name : info.records) {
    if (attributes.contains(name) && !attributes[name].is_null()) {
      out["attributes"][name] = attributes[name];
    }
  }
  for (const auto& name : info.attributes) {
    if (!attributes.contains(name) || attributes[name].is_null()) continue;
    const bool relation = std::ranges::find(info.relations, name) != info.relations.end();
    if (!relation) {
      out["attributes"][name] = attributes[name];
    } else if (json refs = RefsOf(attributes[name]); !refs.empty()) {
      out["attributes"][name] = name == "inputs" || name == "outputs" ? refs : refs[0];
    }
  }
  return out;
}

std::string QualifiedNameOf(const json& portable) {
  return portable["attributes"].value("qualifiedName", "");
}

// Every ACTIVE asset delta-arc owns under `scope` (by `breadth`) as an export holds it
// (Portable), by type in write order, each type's sorted by qualifiedName.
using PortableAssets = std::vector<std::vector<json>>;
Result<PortableAssets> ReadPortable(PipelineDeps& deps, const Scope& scope, Breadth breadth,
                                    int page_size) {
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::ActiveOnly(),
       atl::AnyOf(json::array({atl::Term("connectionQualifiedName", scope.connection_qn),
                               atl::Term("qualifiedName", scope.connection_qn)}))});
  for (const auto& info : AssetTypes()) {
    for (const auto* names : {&info.records, &info.attributes}) {
      for (const auto& a : *names) {
        if (std::ranges::find(spec.attributes, a) == spec.attributes.end()) {
          spec.attributes.push_back(a);
        }
      }
    }
  }
  spec.attributes.push_back("qualifiedName");
  spec.page_size = page_size;
  PortableAssets by_type(AssetTypes().size());
  auto status = atl::SearchAll(deps.atlan, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& entity : page.entities) {
      const auto type = AssetTypeNamed(entity.value("typeName", ""));
      const std::string qn = atl::StringAttribute(entity, "qualifiedName");
      if (!type || !Owns(scope, *type, qn, breadth)) continue;
      by_type[static_cast<size_t>(*type)].push_back(Portable(*type, entity));
    }
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  for (auto& entities : by_type) {
    std::ranges::sort(entities, {}, [](const json& e) { return e["attributes"]["qualifiedName"]; });
  }
  return by_type;
}

}  // namespace

Result<ExportReport> ExportAssets(const Config& config, PipelineDeps& deps, ExportScope which,
                                  std::ostream& out) {
  auto found = FindConnections(deps.atlan, ConnectionNamesOf(config), deps.log);
  if (!found) return std::unexpected(found.error());
  if (!found->s3) {
    return Fail(ErrorKind::kNotFound, "S3_CONNECTION_NAME: no S3 connection named '" +
                                          config.s3_connection_name + "' in Atlan to export");
  }
  const Scope scope{found->s3->qualified_name, config.s3_bucket_name, config.s3_bucket_arn,
                    config.s3_prefix};
  // Parents first, as restore writes them.
  auto by_type =
      ReadPortable(deps, scope, which == ExportScope::kAll ? Breadth::kConnection : Breadth::kScope,
                   config.atlan_page_size);
  if (!by_type) return std::unexpected(by_type.error());
  ExportReport report{scope.connection_qn, 0};
  for (const auto& entities : *by_type) {
    for (const auto& e : entities) {
      out << JsonText(e) << "\n";
      ++report.assets;
    }
  }
  out.flush();
  if (!out) return Fail(ErrorKind::kIo, "could not write the export");
  return report;
}

Result<RestoreReport> RestoreAssets(const Config& config, PipelineDeps& deps, std::istream& in,
                                    const std::string& source_name) {
  // The whole file first: one bad line writes nothing.
  std::vector<std::vector<json>> by_type(AssetTypes().size());
  std::string line;
  std::string connection_qn;
  RestoreReport report;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const std::string where = source_name + ":" + std::to_string(number) + ": ";
    json entity;
    try {
      entity = json::parse(line);
    } catch (const json::parse_error& e) {
      // A file cut short (a copy that stopped, a full disk) ends mid-line: say so.
      return Fail(ErrorKind::kInvalidArgument,
                  where + "not valid JSON (at byte " + std::to_string(e.byte) + " of " +
                      std::to_string(line.size()) + "; a file cut short or edited by hand?)");
    }
    if (!entity.is_object() || !entity.contains("attributes") ||
        !entity["attributes"].is_object()) {
      return Fail(ErrorKind::kInvalidArgument, where + "not an entity of a delta-arc export");
    }
    const auto type = AssetTypeNamed(entity.value("typeName", ""));
    const std::string qn = entity["attributes"].value("qualifiedName", "");
    if (!type || qn.empty()) {
      return Fail(ErrorKind::kInvalidArgument,
                  where + "not an asset delta-arc writes (typeName and qualifiedName)");
    }
    const std::string owner = *type == AssetType::kConnection
                                  ? qn
                                  : entity["attributes"].value("connectionQualifiedName", "");
    if (!connection_qn.empty() && owner != connection_qn) {
      return Fail(ErrorKind::kInvalidArgument,
                  where + "of connection " + owner + ", the file's others are of " + connection_qn);
    }
    if (!Owns(Scope{owner, "", "", ""}, *type, qn, Breadth::kConnection)) {
      return Fail(ErrorKind::kInvalidArgument, where + "a " + TypeName(*type) + " named " + qn +
                                                   ", not as delta-arc names one under " + owner);
    }
    connection_qn = owner;
    by_type[static_cast<size_t>(*type)].push_back(std::move(entity));
    ++report.assets;
  }
  if (report.assets == 0) return report;
  auto found = FindConnections(deps.atlan, ConnectionNamesOf(config), deps.log);
  if (!found) return std::unexpected(found.error());
  auto connection = ResolveS3Connection(deps.atlan, found->s3, config.s3_connection_name,
                                        deps.env.NowMillis(), deps.log);
  if (!connection) return std::unexpected(connection.error());
  if (connection->qualified_name != connection_qn) {
    return Fail(ErrorKind::kInvalidArgument, source_name + ": its assets are of connection " +
                                                 connection_qn + ", but S3_CONNECTION_NAME names " +
                                                 connection->qualified_name);
  }
  // What Atlan holds ACTIVE as the file has it is left alone: an unchanged restore writes
  // nothing (the connection included).
  std::map<std::pair<size_t, std::string>, json> held;  // (type, qualifiedName) → as exported
  if (connection->exists) {
    auto read = ReadPortable(deps, Scope{connection_qn, "", "", ""}, Breadth::kConnection,
                             config.atlan_page_size);
    if (!read) return std::unexpected(read.error());
    for (size_t t = 0; t < read->size(); ++t) {
      for (auto& e : (*read)[t]) held.emplace(std::pair(t, QualifiedNameOf(e)), std::move(e));
    }
  }
  const auto changed = [&](size_t type, const json& entity) {
    const auto it = held.find({type, QualifiedNameOf(entity)});
    return it == held.end() || it->second != entity;
  };
  auto& connections = by_type[static_cast<size_t>(AssetType::kConnection)];
  const bool write_connection =
      !connections.empty() &&
      (!connection->exists || connection->archived ||
       changed(static_cast<size_t>(AssetType::kConnection), connections.front()));
  // Types in write order, each a level: parents are written before their children.
  std::vector<const json*> rest;
  std::vector<int> levels;
  for (size_t t = 1; t < by_type.size(); ++t) {
    for (auto& e : by_type[t]) {
      if (!changed(t, e)) continue;
      e["status"] = "ACTIVE";  // archived ones come back
      rest.push_back(&e);
      levels.push_back(static_cast<int>(t));
    }
  }
  report.unchanged = report.assets - static_cast<int64_t>(rest.size()) - (write_connection ? 1 : 0);
  if (!write_connection && rest.empty()) return report;
  if (write_connection) connections.front()["status"] = "ACTIVE";
  // The connection alone first, when it must be created or brought back (ConnectionGate).
  ConnectionGate gate(deps.atlan, *connection, deps.log, deps.env);
  auto opened =
      gate.Open(write_connection ? std::optional<json>(connections.front()) : std::nullopt);
  if (!opened) return std::unexpected(opened.error());
  report.created += opened->created ? 1 : 0;
  if (rest.empty()) return report;
  atl::WriteOptions options = WriteOptionsOf(config, deps.env);
  options.level_at = [&](size_t i) { return levels[i]; };
  options.retry_batch = [&gate](const Error& error) { return gate.RetryBatch(error); };
  auto writes = atl::UpsertInBatches(
      deps.atlan, rest.size(), [&](size_t i) { return *rest[i]; }, options);
  report.created += writes.created;
  report.updated += writes.updated;
  if (writes.error) return std::unexpected(gate.Explain(*writes.error));
  return report;
}

}  // namespace delta_arc::lineage
