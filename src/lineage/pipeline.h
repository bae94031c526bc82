// The pipeline, end to end: find the connections, discover (or use the cache),
// list the bucket, match, plan, and — for sync — apply. Both `delta-arc plan`
// and `delta-arc sync` (and the Lambda handler) run this.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "atlan/atlan_client.h"
#include "common/env.h"
#include "common/log.h"
#include "common/progress.h"
#include "http/retry.h"
#include "lineage/cache_store.h"
#include "lineage/config.h"
#include "lineage/mapping.h"
#include "lineage/match.h"
#include "lineage/object_source.h"
#include "lineage/plan.h"
#include "lineage/tag_trace.h"

namespace delta_arc::lineage {

struct PipelineDeps {
  atlan::AtlanClient& atlan;
  ObjectSource& bucket;
  CacheStore& cache;
  Logger& log;
  // The clock and sleeps (common/env.h): waiting on a new S3 connection, the cache's
  // timestamps; tests pass a fake so that they neither wait nor depend on the date.
  Env& env;
  // Asked before each write batch; false stops starting new work (Lambda deadline).
  std::function<bool()> should_continue = {};
  // Shows the long steps (listing, header reads, writes) to a person; null: nothing.
  Progress* progress = nullptr;
  // What a full run lists when not the bucket itself: its S3 Inventory report
  // (S3_INVENTORY). Event runs always read the bucket.
  ObjectSource* listing = nullptr;
};

struct ChangeCounts {
  int64_t create = 0;
  int64_t update = 0;
  int64_t archive = 0;
};

struct ObjectReport {
  std::string key;
  std::string source_table;  // qualifiedName, empty when none
  std::string target_table;  // qualifiedName, empty when none
  std::string reason;        // why it matched nothing
  // The display names of the tags it carries (CarriedTags): which files hold, say, PII.
  std::vector<std::string> tags = {};
};

// An event whose object could not be read for a reason that will not pass by itself.
struct FailedEvent {
  std::string key;
  std::string error;
};

struct RunReport {
  bool applied = false;
  bool complete = true;  // false when the deadline stopped the writes early
  std::string s3_connection_qn;
  // The connectors of the side the files come from and the side they load into (Atlan's
  // connectorName: "postgres", "mysql", "snowflake", "redshift", …).
  std::string source_connector = "postgres";
  std::string target_connector = "snowflake";
  int64_t source_assets = 0;    // the source side's tables, views and columns read
  int64_t target_assets = 0;    // the target side's
  int64_t s3_objects = 0;       // objects under the prefix
  int64_t s3_header_reads = 0;  // CSV headers read from S3 this run (ranged GETs)
  bool cache_hit = false;
  // The scope's assets came from the snapshot the last sync left (owned_snapshot.h), not
  // from paging through them in Atlan.
  bool owned_snapshot_hit = false;
  std::vector<ObjectReport> objects;
  // Event runs: the events left undone, each a failure of its message (the others ran).
  std::vector<FailedEvent> failed_events;
  std::vector<UnpartneredTable> unpartnered;
  Plan plan;
  // Planned changes per asset type, counted when the run ends.
  std::map<AssetType, ChangeCounts> by_type;
  // What the writes did (sync only), as Atlan reported it.
  int64_t created = 0;
  int64_t updated = 0;
  int64_t archived = 0;
  // The assets Atlan updated beside the writes (the far ends of the relationships they
  // made: the tables a Process links), by qualifiedName; not in the outputs.
  std::vector<std::string> also_updated;
  // Where each tagged source column goes (S3_TAGS; tag_trace.h).
  std::vector<TagTrace> tag_trace;
  atlan::AtlanCallStats atlan;  // this run's requests, retries, 429s and waits
  int64_t duration_ms = 0;

  // The summary: counts, per-type changes, requests, duration (the Lambda's result).
  nlohmann::json ToJson() const;
  // The summary plus every object, every unpartnered table and every change, written
  // as it is produced so that a plan of 300,000 changes never sits in memory as JSON.
  void WriteDetailedJson(std::ostream& out) const;
  // Planned changes of one type (sync: what was sent).
  int64_t PlannedCreates(AssetType type) const;
  int64_t PlannedUpdates(AssetType type) const;
  int64_t PlannedArchives(AssetType type) const;
  void CountChanges();  // fills by_type from the plan
  // Tagged columns that reach Snowflake without their tag (TraceStatus::kGap).
  int64_t TagGaps() const;
};

enum class ObjectChange { kCreated, kDeleted };

// One object event (S3 notification / EventBridge): which object changed and how.
struct ObjectEvent {
  std::string bucket;
  std::string key;  // decoded (S3 notifications URL-encode keys; callers decode them)
  ObjectChange change = ObjectChange::kCreated;
};

// Why a key under S3_PREFIX is not one of the bucket's objects (never registered,
// matched or counted): not UTF-8 (Atlan's JSON cannot carry it), excluded by the
// mapping file, or a file of the discovery cache kept in the same bucket (IsCacheKey).
// nullopt for an object to register. Full and event runs both ask this, so they agree on
// what the bucket holds.
std::optional<std::string> WhyKeyIgnored(const Config& config, const Mapping& mapping,
                                         const std::string& key);
// Why an object event is not of this configuration's scope: it names another bucket, or a
// key outside S3_PREFIX (or a folder marker, "…/"); nullopt when it is. Event runs skip such
// events; one function of several routes gives each event to the routes whose scope holds it.
std::optional<std::string> WhyEventOutsideScope(const Config& config, const ObjectEvent& event);
// WhyKeyIgnored, and a size no S3 object has (negative, or past any object S3 stores): an
// object as a listing, an inventory report or HeadObject gave it.
std::optional<std::string> WhyObjectIgnored(const Config& config, const Mapping& mapping,
                                            const ObjectInfo& object);
// A listed key that is one of the bucket's objects: not a folder marker ("…/") nor ignored.
bool IsListedObject(const Config& config, const Mapping& mapping, const std::string& key);

// Syncs the tables these objects belong to, without listing the bucket: each event's
// object is read as it is now (HeadObject: present or gone, whatever the event said),
// and the tables it touches are planned as a full sync would plan them, from the
// objects Atlan's processes already hold plus the events' (event_sources.h).
// Processes are appended to, never rewritten, so concurrent events for one table
// never drop each other's objects. Events for another bucket, outside S3_PREFIX or
// for ignored keys are skipped and reported.
Result<RunReport> RunIncremental(const Config& config, const Mapping& mapping, PipelineDeps& deps,
                                 const std::vector<ObjectEvent>& events);

// `apply` false: read-only (plan). On a write failure the error is returned; the
// batches written before it stay valid and the next run completes the rest.
Result<RunReport> RunPipeline(const Config& config, const Mapping& mapping, PipelineDeps& deps,
                              bool apply);

}  // namespace delta_arc::lineage
