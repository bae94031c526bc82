// Lineage traversal; see lineage_list.h. A hop goes from an asset through a
// process to the process's other side; processes and assets of the hop share
// its depth.
#include "emulator/lineage_list.h"

#include <algorithm>
#include <deque>
#include <set>
#include <utility>

#include "emulator/entity_json.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

std::string FieldValue(const Entity& e, const std::string& attribute) {
  if (attribute == "__state") return e.state;
  if (attribute == "__typeName" || attribute == "typeName") return e.type_name;
  if (attribute == "__guid") return e.guid;
  json all = AllPlainAttributes(e);
  if (!all.contains(attribute) || all[attribute].is_null()) return "";
  return all[attribute].is_string() ? all[attribute].get<std::string>() : all[attribute].dump();
}

// Atlan's FilterCriteria: {"condition":"AND"|"OR","criterion":[{attributeName, operator,
// attributeValue} or nested criteria]}. Unsupported operators are an error.
Result<bool> Accepts(const Entity& e, const json& filter) {
  if (!filter.is_object() || !filter.contains("criterion")) return true;
  const bool any = filter.value("condition", "AND") == "OR";
  const auto& criteria = filter["criterion"];
  if (!criteria.is_array() || criteria.empty()) return true;
  for (const auto& c : criteria) {
    bool ok = false;
    if (c.contains("criterion")) {
      auto nested = Accepts(e, c);
      if (!nested) return nested;
      ok = *nested;
    } else {
      const std::string value = FieldValue(e, c.value("attributeName", ""));
      const std::string op = c.value("operator", "=");
      const json& target = c.contains("attributeValue") ? c["attributeValue"] : json();
      const std::string expected = target.is_string() ? target.get<std::string>() : target.dump();
      if (op == "=" || op == "eq") {
        ok = value == expected;
      } else if (op == "!=" || op == "neq") {
        ok = value != expected;
      } else if (op == "startsWith") {
        ok = value.starts_with(expected);
      } else if (op == "endsWith") {
        ok = value.ends_with(expected);
      } else if (op == "contains") {
        ok = value.find(expected) != std::string::npos;
      } else if (op == "in") {
        ok = target.is_array() && std::any_of(target.begin(), target.end(), [&](const json& t) {
               return (t.is_string() ? t.get<std::string>() : t.dump()) == value;
             });
      } else if (op == "isNull") {
        ok = value.empty();
      } else if (op == "notNull" || op == "notEmpty") {
        ok = !value.empty();
      } else {
        return Fail(ErrorKind::kInvalidArgument,
                    "unsupported lineage filter operator '" + op + "'");
      }
    }
    if (any && ok) return true;
    if (!any && !ok) return false;
  }
  return !any;
}

struct Found {
  Entity entity;
  int depth;
};

}  // namespace

ApiResponse LineageList(EntityStore& store, const json& request) {
  if (!request.is_object() || !request.contains("guid") || !request["guid"].is_string()) {
    return AtlasError(400, "ATLAS-400-00-026",
                      "Invalid lineage query parameters passed guid: a guid is required");
  }
  std::string direction = request.value("direction", "");
  if (direction == "UPSTREAM") direction = "INPUT";
  if (direction == "DOWNSTREAM") direction = "OUTPUT";
  if (direction != "INPUT" && direction != "OUTPUT") {
    return AtlasError(400, "ATLAS-400-00-026",
                      "Invalid lineage query parameters passed direction: " +
                          request.value("direction", std::string("(none)")));
  }
  const int64_t max_depth = request.value("depth", int64_t{1000000});
  const int64_t from = request.value("from", int64_t{0});
  const int64_t size = request.value("size", int64_t{10});
  const bool immediate = request.value("immediateNeighbours", false);
  const json entity_filters = request.value("entityFilters", json::object());
  const json traversal_filters = request.value("entityTraversalFilters", json::object());

  const std::string guid = request["guid"].get<std::string>();
  auto start = store.FindByGuid(guid);
  if (!start) return InternalError(start.error().message);
  if (!*start) return GuidNotFound(guid);

  // From an asset, the processes it feeds (OUTPUT) or is fed by (INPUT); from a
  // process, the assets on that side.
  const bool down = direction == "OUTPUT";
  auto next_attribute = [&](const Entity& e) {
    if (IsA(e.type_name, "Process")) return std::string(down ? "outputs" : "inputs");
    return std::string(down ? "inputToProcesses" : "outputFromProcesses");
  };

  std::vector<Found> found;
  std::set<std::string> seen = {guid};
  std::deque<Found> queue = {{**start, 0}};
  while (!queue.empty()) {
    Found current = queue.front();
    queue.pop_front();
    auto refs = store.Related(current.entity.guid, next_attribute(current.entity));
    if (!refs) return InternalError(refs.error().message);
    for (const auto& ref : *refs) {
      if (!seen.insert(ref.other_guid).second) continue;
      auto other = store.FindByGuid(ref.other_guid);
      if (!other) return InternalError(other.error().message);
      if (!*other) continue;
      // A hop is asset → process → asset; a process opens the next level.
      const bool is_process = IsA((*other)->type_name, "Process");
      const int depth = is_process ? current.depth + 1 : std::max(current.depth, 1);
      if (depth > max_depth) continue;
      auto traverse = Accepts(**other, traversal_filters);
      if (!traverse) return BadRequest(traverse.error().message);
      if (!*traverse) continue;
      found.push_back({**other, depth});
      const bool stop = immediate && !is_process;
      if (!stop) queue.push_back({**other, depth});
    }
  }

  const auto attributes = request.value("attributes", std::vector<std::string>{});
  const auto relation_attributes = request.value("relationAttributes", std::vector<std::string>{});
  json entities = json::array();
  int64_t matched = 0;
  for (const auto& f : found) {
    auto accepted = Accepts(f.entity, entity_filters);
    if (!accepted) return BadRequest(accepted.error().message);
    if (!*accepted) continue;
    ++matched;
    if (matched <= from || matched > from + size) continue;
    auto header = EntityHeaderJson(store, f.entity, attributes, relation_attributes);
    if (!header) return InternalError(header.error().message);
    (*header)["depth"] = f.depth;
    entities.push_back(std::move(*header));
  }
  json response = {{"entities", entities},
                   {"hasMore", matched > from + size},
                   {"entityCount", matched},
                   {"searchParameters",
                    {{"guid", guid},
                     {"size", size},
                     {"from", from},
                     {"depth", max_depth},
                     {"direction", direction},
                     {"attributes", attributes},
                     {"immediateNeighbours", immediate}}}};
  return {200, std::move(response), {}};
}

}  // namespace delta_arc::emulator
