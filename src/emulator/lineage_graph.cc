// The lineage graph; see lineage_graph.h. Shapes and rules from atlas-metastore's
// EntityLineageService.getAtlasLineageInfo (getLineageInfoV2, traverseEdges,
// processEdges, processVirtualEdge) and AtlasLineageInfo / AtlasLineageRequest; pyatlan
// 1.9.5 model/lineage.py (LineageRequest, LineageResponse) reads it.
#include "emulator/lineage_graph.h"

#include <set>
#include <string>
#include <vector>

#include "emulator/entity_json.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

// One direction's walk from an asset through the processes that feed it (INPUT) or
// that it feeds (OUTPUT), hop after hop.
class GraphWalk {
 public:
  GraphWalk(EntityStore& store, bool hide_process, std::vector<std::string> attributes)
      : store_(store), hide_process_(hide_process), attributes_(std::move(attributes)) {}

  // depth: asset hops still allowed; negative is unlimited (a request's 0).
  Status Walk(const Entity& asset, bool upstream, int64_t depth, std::set<std::string>& visited) {
    visited.insert(asset.guid);
    if (depth == 0) return Ok();
    auto processes =
        store_.Related(asset.guid, upstream ? "outputFromProcesses" : "inputToProcesses");
    if (!processes) return std::unexpected(processes.error());
    for (const auto& process_ref : *processes) {
      auto process = store_.FindByGuid(process_ref.other_guid);
      if (!process) return std::unexpected(process.error());
      // Only an ACTIVE process carries lineage (shouldProcessDeletedProcess).
      if (!*process || (*process)->state != "ACTIVE") continue;
      auto others = store_.Related((*process)->guid, upstream ? "inputs" : "outputs");
      if (!others) return std::unexpected(others.error());
      for (const auto& other_ref : *others) {
        auto other = store_.FindByGuid(other_ref.other_guid);
        if (!other) return std::unexpected(other.error());
        if (!*other) continue;
        if (auto s = AddHop(asset, **process, process_ref, **other, other_ref, upstream); !s) {
          return s;
        }
        if (visited.contains((*other)->guid)) continue;
        if (auto s = Walk(**other, upstream, depth - 1, visited); !s) return s;
      }
    }
    return Ok();
  }

  Status Add(const Entity& entity) {
    if (entities_.contains(entity.guid)) return Ok();
    auto header = EntityHeaderJson(store_, entity, attributes_, {});
    if (!header) return std::unexpected(header.error());
    entities_[entity.guid] = std::move(*header);
    return Ok();
  }

  // AtlasLineageInfo.relations is a set: a relation reached twice is listed once.
  void Relate(const std::string& from, const std::string& to, json relationship, json process) {
    json relation = {{"fromEntityId", from}, {"toEntityId", to}};
    if (!relationship.is_null()) relation["relationshipId"] = std::move(relationship);
    if (!process.is_null()) relation["processId"] = std::move(process);
    if (seen_.insert(relation.dump()).second) relations_.push_back(std::move(relation));
  }

  json entities() const { return entities_; }
  json relations() const { return relations_; }

 private:
  // asset ← process ← other (upstream) or asset → process → other (downstream). With
  // hideProcess, one relation from input to output naming the process
  // (processVirtualEdge); without, one for each edge through it (processEdges).
  Status AddHop(const Entity& asset, const Entity& process, const RelatedRef& asset_edge,
                const Entity& other, const RelatedRef& other_edge, bool upstream) {
    for (const Entity* e : {&asset, &process, &other}) {
      if (auto s = Add(*e); !s) return s;
    }
    const std::string& from = upstream ? other.guid : asset.guid;
    const std::string& to = upstream ? asset.guid : other.guid;
    if (hide_process_) {
      Relate(from, to, nullptr, process.guid);
      return Ok();
    }
    const RelatedRef& in_edge = upstream ? other_edge : asset_edge;
    const RelatedRef& out_edge = upstream ? asset_edge : other_edge;
    Relate(from, process.guid, in_edge.relationship_guid, nullptr);
    Relate(process.guid, to, out_edge.relationship_guid, nullptr);
    return Ok();
  }

  EntityStore& store_;
  bool hide_process_;
  std::vector<std::string> attributes_;
  json entities_ = json::object();
  json relations_ = json::array();
  std::set<std::string> seen_;
};

ApiResponse InvalidLineageQuery(const std::string& message) {
  return AtlasError(400, "ATLAS-400-00-026", "Invalid lineage query parameters passed " + message);
}

}  // namespace

ApiResponse LineageGraph(EntityStore& store, const json& request) {
  if (!request.is_object() || !request.contains("guid") || !request["guid"].is_string()) {
    return InvalidLineageQuery("guid: a guid is required");
  }
  const std::string direction = request.value("direction", "BOTH");
  if (direction != "INPUT" && direction != "OUTPUT" && direction != "BOTH") {
    return InvalidLineageQuery("direction: " + direction);
  }
  const int64_t depth = request.value("depth", int64_t{0});
  const bool hide_process = request.value("hideProcess", false);
  const std::string guid = request["guid"].get<std::string>();
  auto start = store.FindByGuid(guid);
  if (!start) return InternalError(start.error().message);
  if (!*start) return GuidNotFound(guid);
  const std::string& type = (*start)->type_name;
  // A process's lineage is one hop to the assets on its sides, then theirs; with
  // hideProcess it has none (AtlasErrorCode INVALID_LINEAGE_ENTITY_TYPE_HIDE_PROCESS).
  const bool is_process = IsA(type, "Process");
  if (is_process && hide_process) {
    return AtlasError(404, "ATLAS-404-00-017",
                      "Given instance guid " + guid + " with type " + type +
                          " is not a valid lineage entity type with hideProcess as true.");
  }
  // Atlan's DataSet supertype for lineage is Catalog (AtlasErrorCode
  // INVALID_LINEAGE_ENTITY_TYPE for any other).
  if (!is_process && !IsA(type, "Catalog")) {
    return AtlasError(404, "ATLAS-404-00-011",
                      "Given instance guid " + guid + " with type " + type +
                          " is not a valid lineage entity type.");
  }
  GraphWalk walk(store, hide_process, request.value("attributes", std::vector<std::string>{}));
  if (auto s = walk.Add(**start); !s) return InternalError(s.error().message);
  const int64_t hops = depth == 0 ? -1 : depth;
  for (const bool upstream : {true, false}) {
    if (direction == (upstream ? "OUTPUT" : "INPUT")) continue;
    std::set<std::string> visited;
    Status walked;
    if (!is_process) {
      walked = walk.Walk(**start, upstream, hops, visited);
    } else {
      // From a process: its assets on that side, each walked on with one hop fewer.
      auto sides = store.Related(guid, upstream ? "inputs" : "outputs");
      if (!sides) return InternalError(sides.error().message);
      for (const auto& ref : *sides) {
        auto side = store.FindByGuid(ref.other_guid);
        if (!side) return InternalError(side.error().message);
        if (!*side) continue;
        if (auto s = walk.Add(**side); !s) return InternalError(s.error().message);
        walk.Relate(upstream ? (*side)->guid : guid, upstream ? guid : (*side)->guid,
                    ref.relationship_guid, nullptr);
        walked = walk.Walk(**side, upstream, hops < 0 ? hops : hops - 1, visited);
        if (!walked) break;
      }
    }
    if (!walked) return InternalError(walked.error().message);
  }
  json response = {{"baseEntityGuid", guid},
                   {"lineageDirection", direction},
                   {"lineageDepth", depth},
                   {"limit", request.value("limit", -1)},
                   {"offset", request.value("offset", -1)},
                   {"hasMoreUpstreamVertices", false},
                   {"hasMoreDownstreamVertices", false},
                   {"guidEntityMap", walk.entities()},
                   {"relations", walk.relations()},
                   {"vertexChildrenInfo", json::object()}};
  return {200, std::move(response), {}};
}

}  // namespace delta_arc::emulator
