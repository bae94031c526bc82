// Aggregations; see search_aggregations.h. Elasticsearch computes them over every
// document the query matched, before post_filter narrows the hits, and answers
// {"<name>": {"buckets": …}} or {"<name>": {"value": …}} (pyatlan model/aggregation.py
// reads AggregationBucketResult and AggregationMetricResult).
#include "emulator/search_aggregations.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "common/keyword_case.h"
#include "emulator/search_query.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

// The values `field` holds for `entity` in the index (none when absent; one per
// element of a list).
std::vector<json> FieldValues(const Entity& entity, const std::string& field) {
  static const std::map<std::string, std::string Entity::*> kColumns = {
      {"__typeName", &Entity::type_name},
      {"__state", &Entity::state},
      {"__guid", &Entity::guid},
      {"qualifiedName", &Entity::qualified_name},
      {"name", &Entity::name},
      {"__createdBy", &Entity::created_by},
      {"__modifiedBy", &Entity::updated_by}};
  std::string name = field;
  for (const char* suffix : {".keyword", ".text", ".date"}) {
    if (name.ends_with(suffix)) name.resize(name.size() - std::string(suffix).size());
  }
  if (auto it = kColumns.find(name); it != kColumns.end()) return {entity.*(it->second)};
  if (name == "__timestamp") return {entity.created_at};
  if (name == "__modificationTimestamp") return {entity.updated_at};
  if (name == "__superTypeNames") {
    const TypeDef* type = FindType(entity.type_name);
    std::vector<json> out;
    if (type != nullptr) out.assign(type->supertypes.begin(), type->supertypes.end());
    return out;
  }
  auto it = entity.attributes.find(name);
  if (it == entity.attributes.end() || it->is_null()) return {};
  if (it->is_array()) return std::vector<json>(it->begin(), it->end());
  return {*it};
}

Result<std::string> FieldOf(const std::string& kind, const json& spec) {
  if (!spec.is_object() || !spec.contains("field") || !spec["field"].is_string()) {
    return Fail(ErrorKind::kInvalidArgument, "'" + kind + "' aggregation needs a 'field'");
  }
  return spec["field"].get<std::string>();
}

// A terms aggregation: the most frequent values, doc_count descending then key
// ascending; a normalized keyword's buckets are its normalized (lowercase) values.
Result<json> Terms(const json& spec, const std::vector<Entity>& matches, bool normalize) {
  auto field = FieldOf("terms", spec);
  if (!field) return std::unexpected(field.error());
  const int64_t size = spec.value("size", int64_t{10});
  const bool lower = normalize && IsNormalizedKeyword(*field);
  std::map<json, int64_t> counts;
  for (const auto& entity : matches) {
    std::set<json> seen;  // a document counts once per distinct value
    for (json value : FieldValues(entity, *field)) {
      if (lower && value.is_string()) value = LowercaseKeyword(value.get<std::string>());
      if (seen.insert(value).second) ++counts[value];
    }
  }
  std::vector<std::pair<json, int64_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json buckets = json::array();
  int64_t other = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (static_cast<int64_t>(i) < size) {
      buckets.push_back({{"key", ranked[i].first}, {"doc_count", ranked[i].second}});
    } else {
      other += ranked[i].second;
    }
  }
  return json{
      {"doc_count_error_upper_bound", 0}, {"sum_other_doc_count", other}, {"buckets", buckets}};
}

// A metric over the numeric values of a field (cardinality and value_count over any):
// no value makes avg, min and max null, sum 0.
Result<json> Metric(const std::string& kind, const json& spec, const std::vector<Entity>& matches) {
  auto field = FieldOf(kind, spec);
  if (!field) return std::unexpected(field.error());
  std::vector<double> numbers;
  std::set<json> distinct;
  int64_t count = 0;
  for (const auto& entity : matches) {
    for (const auto& value : FieldValues(entity, *field)) {
      ++count;
      distinct.insert(value);
      if (value.is_number()) numbers.push_back(value.get<double>());
    }
  }
  json result = nullptr;
  if (kind == "cardinality") {
    result = distinct.size();
  } else if (kind == "value_count") {
    result = count;
  } else if (kind == "sum") {
    double sum = 0;
    for (double n : numbers) sum += n;
    result = sum;
  } else if (!numbers.empty()) {
    if (kind == "min") result = *std::min_element(numbers.begin(), numbers.end());
    if (kind == "max") result = *std::max_element(numbers.begin(), numbers.end());
    if (kind == "avg") {
      double sum = 0;
      for (double n : numbers) sum += n;
      result = sum / static_cast<double>(numbers.size());
    }
  }
  return json{{"value", result}};
}

// The time fields the index sorts by: their min and max are the first match in order.
bool IsSortableTime(const std::string& field) {
  return field == "__modificationTimestamp" || field == "__timestamp";
}

// One level of aggregations over the documents `filter` matches, read once and only when
// an aggregation of the level needs them (a filter aggregation reads its own).
class Level {
 public:
  Level(const AggregationReads& reads, bool normalize) : reads_(reads), normalize_(normalize) {}

  Result<json> Run(const json& aggregations, const SqlFilter& filter,
                   const std::vector<Entity>* matches) {
    if (!aggregations.is_object()) {
      return Fail(ErrorKind::kInvalidArgument, "'aggregations' must be an object");
    }
    std::vector<Entity> read;
    const auto matched = [&]() -> Result<const std::vector<Entity>*> {
      if (matches != nullptr) return matches;
      auto found = reads_.all(filter);
      if (!found) return std::unexpected(found.error());
      read = std::move(*found);
      matches = &read;
      return matches;
    };
    json out = json::object();
    for (const auto& [name, aggregation] : aggregations.items()) {
      // {"<kind>": spec} and, beside it, its own "aggs" (Elasticsearch's sub-aggregations).
      const auto one_kind = Fail(ErrorKind::kInvalidArgument,
                                 "aggregation '" + name + "' must name exactly one kind");
      if (!aggregation.is_object()) return one_kind;
      const json* sub = nullptr;
      std::vector<std::string> kinds;
      const json* spec = nullptr;
      for (const auto& [key, value] : aggregation.items()) {
        if (key == "aggs" || key == "aggregations") {
          sub = &value;
        } else {
          kinds.push_back(key);
          spec = &value;
        }
      }
      if (kinds.size() != 1) return one_kind;
      const std::string& kind = kinds[0];
      if (sub != nullptr && kind != "filter") {
        return Fail(ErrorKind::kInvalidArgument,
                    "aggregation '" + name +
                        "': sub-aggregations are supported under a filter aggregation only");
      }
      Result<json> result = Fail(ErrorKind::kInvalidArgument,
                                 "unsupported aggregation '" + kind + "' in '" + name + "'");
      if (kind == "filter") {
        result = Filtered(*spec, sub, filter);
      } else if ((kind == "min" || kind == "max") && matches == nullptr && spec->is_object() &&
                 IsSortableTime(spec->value("field", ""))) {
        result = FirstInOrder(kind, spec->value("field", ""), filter);
      } else if (kind == "terms" || kind == "avg" || kind == "min" || kind == "max" ||
                 kind == "sum" || kind == "cardinality" || kind == "value_count") {
        auto documents = matched();
        if (!documents) return std::unexpected(documents.error());
        result = kind == "terms" ? Terms(*spec, **documents, normalize_)
                                 : Metric(kind, *spec, **documents);
      }
      if (!result) return std::unexpected(result.error());
      out[name] = std::move(*result);
    }
    return out;
  }

 private:
  // A filter aggregation: the documents of this level its query also matches, counted,
  // and its sub-aggregations over them ({"doc_count": n, "<sub>": …}).
  Result<json> Filtered(const json& query, const json* sub, const SqlFilter& filter) {
    auto translated = TranslateQuery(query, normalize_);
    if (!translated) return std::unexpected(translated.error());
    const SqlFilter narrowed = BothOf(filter, *translated);
    auto counted = reads_.first(narrowed, json(), 0);
    if (!counted) return std::unexpected(counted.error());
    json out = {{"doc_count", counted->total}};
    if (sub == nullptr) return out;
    auto inner = Run(*sub, narrowed, nullptr);
    if (!inner) return std::unexpected(inner.error());
    out.update(*inner);
    return out;
  }

  // The min or max of a time field as the first match sorted by it: what Metric computes
  // over every match, without reading them all.
  Result<json> FirstInOrder(const std::string& kind, const std::string& field,
                            const SqlFilter& filter) {
    const json sort = json::array({{{field, {{"order", kind == "max" ? "desc" : "asc"}}}}});
    auto first = reads_.first(filter, sort, 1);
    if (!first) return std::unexpected(first.error());
    if (first->entities.empty()) return json{{"value", nullptr}};
    return json{{"value", FieldValues(first->entities[0], field).at(0).get<double>()}};
  }

  const AggregationReads& reads_;
  bool normalize_;
};

}  // namespace

Result<json> Aggregate(const json& aggregations, const SqlFilter& matched,
                       const AggregationReads& reads, bool normalize_keywords) {
  return Level(reads, normalize_keywords).Run(aggregations, matched, nullptr);
}

}  // namespace delta_arc::emulator
