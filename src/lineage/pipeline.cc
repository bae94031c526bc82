// The pipeline's entry points and its report; see pipeline.h. The run itself, one for
// every source of objects, is run.h's.
#include "lineage/pipeline.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "common/json_text.h"
#include "common/utf8.h"
#include "lineage/event_sources.h"
#include "lineage/listing_source.h"
#include "lineage/run.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

using nlohmann::json;

int64_t RunReport::PlannedCreates(AssetType type) const {
  auto it = by_type.find(type);
  return it == by_type.end() ? 0 : it->second.create;
}
int64_t RunReport::PlannedUpdates(AssetType type) const {
  auto it = by_type.find(type);
  return it == by_type.end() ? 0 : it->second.update;
}
int64_t RunReport::PlannedArchives(AssetType type) const {
  auto it = by_type.find(type);
  return it == by_type.end() ? 0 : it->second.archive;
}

void RunReport::CountChanges() {
  for (const auto& info : AssetTypes()) {
    by_type[info.type] = {plan.Count(info.type, true), plan.Count(info.type, false),
                          plan.CountArchives(info.type)};
  }
}

int64_t RunReport::TagGaps() const {
  return std::ranges::count(tag_trace, TraceStatus::kGap, &TagTrace::status);
}

json RunReport::ToJson() const {
  json types = json::object();
  for (const auto& [type, counts] : by_type) {
    types[TypeName(type)] = {
        {"create", counts.create}, {"update", counts.update}, {"archive", counts.archive}};
  }
  json failed = json::array();
  for (const auto& f : failed_events) failed.push_back({{"key", f.key}, {"error", f.error}});
  return {{"applied", applied},
          {"complete", complete},
          {"failed_events", std::move(failed)},
          {"s3_connection_qualified_name", s3_connection_qn},
          {"source_connector", source_connector},
          {"target_connector", target_connector},
          // Named for the simple case; they count the source's and the target's assets.
          {"postgres_assets_count", source_assets},
          {"snowflake_assets_count", target_assets},
          {"s3_objects_count", s3_objects},
          {"s3_header_reads", s3_header_reads},
          {"cache_hit", cache_hit},
          {"owned_snapshot_hit", owned_snapshot_hit},
          {"tag_gaps", TagGaps()},
          // What Atlan reported writing, and (planned_…) what the plan counted: a write Atlan
          // found unchanged counts in the plan, not in Atlan's numbers.
          {"atlan_created", created},
          {"atlan_updated", updated},
          {"atlan_archived", archived},
          {"unchanged", plan.unchanged},
          {"planned_by_type", types},
          {"atlan_requests", atlan.requests},
          {"atlan_retries", atlan.retries},
          {"atlan_throttles", atlan.throttles},
          {"atlan_limiter_wait_ms", atlan.limiter_wait_ms},
          {"atlan_connections", atlan.connections},
          {"atlan_connect_wait_ms", atlan.connect_wait_ms},
          {"duration_ms", duration_ms}};
}

void RunReport::WriteDetailedJson(std::ostream& out) const {
  std::string summary = JsonText(ToJson());
  summary.pop_back();  // reopen the object to append the lists
  out << summary;
  auto list = [&](const char* name, size_t count, const std::function<json(size_t)>& item) {
    out << ",\n\"" << name << "\":[";
    for (size_t i = 0; i < count; ++i) out << (i ? ",\n  " : "\n  ") << JsonText(item(i));
    out << "]";
  };
  list("objects", objects.size(), [&](size_t i) {
    const auto& o = objects[i];
    json item = {{"key", o.key},
                 {"postgresTable", o.source_table.empty() ? json() : json(o.source_table)},
                 {"snowflakeTable", o.target_table.empty() ? json() : json(o.target_table)}};
    if (!o.reason.empty()) item["reason"] = o.reason;
    if (!o.tags.empty()) item["tags"] = o.tags;
    return item;
  });
  list("tag_trace", tag_trace.size(), [&](size_t i) { return tag_trace[i].ToJson(); });
  list("unpartnered_tables", unpartnered.size(), [&](size_t i) {
    const auto& u = unpartnered[i];
    return json{
        {"connection", u.connection}, {"qualifiedName", u.qualified_name}, {"reason", u.reason}};
  });
  auto change = [](const PlannedChange& c) {
    json item = {
        {"typeName", TypeName(c.type)}, {"qualifiedName", c.qualified_name}, {"name", c.name}};
    if (!c.guid.empty()) item["guid"] = c.guid;
    return item;
  };
  out << ",\n\"changes\":{";
  std::vector<size_t> creates, updates;
  for (size_t i = 0; i < plan.writes.size(); ++i) {
    (plan.writes[i].create ? creates : updates).push_back(i);
  }
  out << "\"create\":[";
  for (size_t i = 0; i < creates.size(); ++i) {
    out << (i ? ",\n  " : "\n  ") << JsonText(change(plan.Describe(creates[i])));
  }
  out << "],\"update\":[";
  for (size_t i = 0; i < updates.size(); ++i) {
    out << (i ? ",\n  " : "\n  ") << JsonText(change(plan.Describe(updates[i])));
  }
  out << "],\"archive\":[";
  for (size_t i = 0; i < plan.archives.size(); ++i) {
    out << (i ? ",\n  " : "\n  ") << JsonText(change(plan.archives[i]));
  }
  out << "]}}\n";
}

bool IsListedObject(const Config& config, const Mapping& mapping, const std::string& key) {
  return !key.ends_with('/') && !WhyKeyIgnored(config, mapping, key);
}

std::optional<std::string> WhyKeyIgnored(const Config& config, const Mapping& mapping,
                                         const std::string& key) {
  if (const size_t at = FirstNonUtf8(key); at != std::string::npos) {
    return "the key is not UTF-8 (byte " + std::to_string(at) +
           "): Atlan cannot register it; rename the object";
  }
  if (IsCacheKey(config, key)) return "the discovery cache's own file (CACHE_S3_PREFIX)";
  if (mapping.Excluded(KeyBelowPrefix(key, config.s3_prefix).value_or(key))) {
    return "excluded by the mapping file";
  }
  return std::nullopt;
}

std::optional<std::string> WhyEventOutsideScope(const Config& config, const ObjectEvent& event) {
  if (event.bucket != config.s3_bucket_name) return "another bucket (" + event.bucket + ")";
  if (!KeyBelowPrefix(event.key, config.s3_prefix) || event.key.ends_with('/')) {
    return "outside S3_PREFIX";
  }
  return std::nullopt;
}

std::optional<std::string> WhyObjectIgnored(const Config& config, const Mapping& mapping,
                                            const ObjectInfo& object) {
  // 1 PiB: far past the largest object S3 stores, so only damage is refused.
  constexpr int64_t kLargerThanAnyObject = int64_t{1} << 50;
  if (object.size < 0 || object.size > kLargerThanAnyObject) {
    return "a size no S3 object has (" + std::to_string(object.size) + " bytes)";
  }
  return WhyKeyIgnored(config, mapping, object.key);
}

Result<RunReport> RunPipeline(const Config& config, const Mapping& mapping, PipelineDeps& deps,
                              bool apply) {
  ListingSource listing(config, mapping, deps);
  auto report = ExecuteRun(config, mapping, deps, listing, apply);
  if (!report) return std::unexpected(report.error());
  if (!*report) return Fail(ErrorKind::kInternal, "a listing of the bucket did not plan the run");
  return std::move(**report);
}

Result<RunReport> RunIncremental(const Config& config, const Mapping& mapping, PipelineDeps& deps,
                                 const std::vector<ObjectEvent>& events) {
  std::unique_ptr<EventSource> source;
  if (config.prefix_lineage()) {
    source = std::make_unique<TouchedFolders>(config, mapping, deps, events);
  } else {
    source = std::make_unique<ObjectEvents>(config, mapping, deps, events);
  }
  if (!source->AnyEventToRead()) {
    // Nothing to read or write: the report says why each event was skipped, at no request.
    const auto started = deps.env.SteadyNow();
    RunReport skipped;
    if (auto s = source->Gather(nullptr, skipped); !s) return std::unexpected(s.error());
    skipped.applied = true;
    FinishReport(skipped, deps.atlan.stats(), deps.atlan.stats(), deps.env.SteadyNow() - started);
    return skipped;
  }
  auto report = ExecuteRun(config, mapping, deps, *source, true);
  if (!report) return std::unexpected(report.error());
  if (*report) return std::move(**report);
  return RunPipeline(config, mapping, deps, true);  // the source said why
}

}  // namespace delta_arc::lineage
