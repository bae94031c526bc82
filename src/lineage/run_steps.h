// The run's steps (run.h) and what its sources share with it: starting (connections and
// catalogs), reading what objects state of their columns to link them, folding into folders,
// describing matches in the report, and applying a plan in batches under the deadline.
#pragma once

#include <chrono>
#include <future>
#include <vector>

#include "atlan/entity_writes.h"
#include "common/log.h"
#include "common/progress.h"
#include "lineage/catalog_loader.h"
#include "lineage/config.h"
#include "lineage/header_cache.h"
#include "lineage/match.h"
#include "lineage/pipeline.h"
#include "lineage/prefixes.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

// What a full run and an event run both start from: the S3 connection resolved, the
// catalogs loaded (the cache written only when `writes` allows), and the sources' catalogs,
// scope and connection name; the report's counts of them.
struct RunStart {
  S3Connection connection;
  std::shared_ptr<PlanSources> sources;
};
// The deployment's scope under the S3 connection `connection_qn`.
Scope ScopeOf(const Config& config, const std::string& connection_qn);

Result<RunStart> StartRun(const Config& config, PipelineDeps& deps, const FoundConnections& found,
                          CacheWrites writes, RunReport& report);

// For each table with both sides, the union of the columns its files state (a CSV header, a
// Parquet or Avro schema, JSON lines' keys): a column keeps its lineage while any file of
// the table carries it. Each object version is read once (ReadObjectColumns: one ranged GET,
// two for a long footer or header; `concurrency` objects at a time; never a zero-byte
// object), then remembered in `headers`; the bucket must then be safe to read concurrently.
// Then LinkColumns, with the types files state (TableLink::file_types), and each read
// object's kind in `match.kinds`. When every object is empty, or a file tells nothing (no
// header: its first row names no column of either table, it is data; damaged; unreadable),
// every matching column is linked, and the log says so, once per table.
// Returns the ranged GETs sent.
size_t ReadHeadersAndLinkColumns(ObjectSource& bucket, HeaderCache& headers, Logger& log,
                                 const std::vector<ObjectInfo>& objects, const Mapping& mapping,
                                 MatchResult& match, size_t concurrency = 1,
                                 Progress* progress = nullptr);

// S3_LINEAGE_LEVEL=prefix: the folders `fold` gathered, for `sources.objects` (which may be
// fewer than were folded), counting each of `upper` (folders above table folders) with one
// listing of it by S3's delimiter, leaving out what a listing leaves out (the cache's keys,
// excluded keys, folder markers). Then each table's columns come from the newest file of
// its table folder (a dataset's schema is its newest partition's): only that file's header
// is read, and only it stands for the folder in the table's links.
Status FoldIntoFolders(const Config& config, const Mapping& mapping, ObjectSource& bucket,
                       const FolderFold& fold, const std::vector<std::string>& upper,
                       PlanSources& sources);

void DescribeMatches(const PlanSources& sources, RunReport& report);

// A new S3 connection's write and wait (ConnectionGate::Open), begun before the plan
// was built: Atlan takes seconds to build its policies, and nothing waits on them until
// the writes.
struct OpenedEarly {
  ConnectionGate& gate;
  std::future<Result<atlan::Upserted>>& opened;
};

// Upserts report.plan.writes, then archives report.plan.archives, in batches; stops
// starting batches when deps.should_continue says so (report.complete = false). The
// S3 connection, when the plan writes it (always first), goes in a request of its own,
// and nothing is written under a new connection before Atlan lets the token use it
// (ConnectionGate); `early`: that was begun already, and is waited for instead.
Status ApplyPlan(const Config& config, PipelineDeps& deps, S3Connection& connection,
                 RunReport& report, const std::optional<OpenedEarly>& early = std::nullopt);

// The batch sizes and concurrency of writes as configured (ATLAN_BATCH_SIZE,
// ATLAN_MAX_BATCH_SIZE, ATLAN_CONCURRENCY).
atlan::WriteOptions WriteOptionsOf(const Config& config, Env& env);

// Closes a run's report: per-type counts, this run's share of the client's requests
// and retries (the client may outlive many runs in a Lambda container), duration.
void FinishReport(RunReport& report, const atlan::AtlanCallStats& before,
                  const atlan::AtlanCallStats& after, std::chrono::steady_clock::duration took);

}  // namespace delta_arc::lineage
