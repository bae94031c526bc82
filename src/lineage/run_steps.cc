// Shared run steps; see run_steps.h.
#include "lineage/run_steps.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "atlan/entity_writes.h"
#include "common/clock.h"
#include "lineage/csv_header.h"

namespace delta_arc::lineage {

namespace {

constexpr size_t kHeaderBytes = 8192;

// True when a field of the first row names a column of either table. A file written
// without a header starts with data (numbers, dates, values) that names none of them.
bool NamesAColumn(const TableLink& link, const std::vector<std::string>& fields) {
  std::set<std::string> names;
  for (const auto& field : fields) names.insert(NormalizeColumnName(field));
  for (const TableInfo* table : {link.postgres, link.snowflake}) {
    for (const auto& column : table->columns) {
      if (names.contains(NormalizeColumnName(column.name))) return true;
    }
  }
  return false;
}

// What the objects of one table said, for one log line per table rather than per file.
struct HeaderTally {
  size_t read = 0;
  size_t cached = 0;
  size_t empty = 0;
  size_t without_header = 0;  // no header row, or one longer than kHeaderBytes
  size_t unreadable = 0;
  std::string example;  // a key of the last kind counted above
  std::string error;
};

// One object's header: from the cache for a version read before, else its first bytes
// (remembered unless the read failed, which may be passing). nullopt: it tells nothing
// about its columns. A zero-byte object is never read: no range of an empty
// representation is satisfiable (RFC 9110 §14.1.1, §15.5.17: 416).
KnownHeader HeaderOf(ObjectSource& bucket, HeaderCache& cache, const TableLink& link,
                     const ObjectInfo& object, HeaderTally& tally) {
  if (const KnownHeader* known = cache.Find(object)) {
    ++tally.cached;
    if (!*known) {
      ++tally.without_header;
      tally.example = object.key;
    }
    return *known;
  }
  auto start = bucket.ReadStart(object.key, kHeaderBytes);
  if (!start) {
    ++tally.unreadable;
    tally.example = object.key;
    tally.error = start.error().message;
    return std::nullopt;
  }
  ++tally.read;
  KnownHeader header = ParseCsvHeader(*start, start->size() < kHeaderBytes);
  // Not the row itself when it names no column: it is data, and may be personal.
  if (header && !NamesAColumn(link, *header)) header.reset();
  if (!header) {
    ++tally.without_header;
    tally.example = object.key;
  }
  cache.Remember(object, header);
  return header;
}

// The columns the table's files carry: the union of every file's header. nullopt (every
// matching column is linked) when no file has bytes, or one file tells nothing (no
// header, not readable): it may carry any column.
KnownHeader UnionOfHeaders(ObjectSource& bucket, HeaderCache& cache, Logger& log,
                           const std::vector<ObjectInfo>& objects, const TableLink& link) {
  HeaderTally tally;
  std::vector<std::string> columns;
  std::set<std::string> seen;
  bool every_column = false;
  for (const size_t i : link.objects) {
    const ObjectInfo& object = objects[i];
    if (object.size == 0) {
      ++tally.empty;
      continue;
    }
    const KnownHeader header = HeaderOf(bucket, cache, link, object, tally);
    if (!header) {
      every_column = true;
      continue;
    }
    for (const auto& field : *header) {
      if (seen.insert(field).second) columns.push_back(field);
    }
  }
  const std::string table = link.postgres->qualified_name;
  if (tally.unreadable > 0) {
    log.Warn("could not read the CSV header; linking every matching column",
             {{"table", table},
              {"objects", tally.unreadable},
              {"key", tally.example},
              {"error", tally.error}});
  } else if (tally.without_header > 0) {
    log.Warn(
        "no CSV header: the first row names no column of either table (it is read as data), "
        "or the header is longer than " +
            std::to_string(kHeaderBytes) + " bytes; linking every matching column",
        {{"table", table}, {"objects", tally.without_header}, {"key", tally.example}});
  } else if (tally.empty == link.objects.size()) {
    log.Info(
        "every object of the table is empty: no CSV header to read; linking every "
        "matching column",
        {{"table", table}});
  }
  log.Debug("CSV headers", {{"table", table}, {"read", tally.read}, {"cached", tally.cached}});
  if (every_column || tally.empty == link.objects.size()) return std::nullopt;
  return columns;
}

}  // namespace

Result<RunStart> StartRun(const Config& config, PipelineDeps& deps, const FoundConnections& found,
                          CacheWrites writes, RunReport& report) {
  auto connection =
      ResolveS3Connection(deps.atlan, found.s3, config.s3_connection_name, deps.now_ms(), deps.log);
  if (!connection) return std::unexpected(connection.error());
  auto loaded = LoadCatalogs(config, deps.atlan, deps.cache, deps.log, found, writes);
  if (!loaded) return std::unexpected(loaded.error());
  // The sources own the catalogs, objects and matches the plan's entities are built from.
  auto sources = std::make_shared<PlanSources>();
  sources->postgres = std::move(loaded->catalogs.postgres);
  sources->snowflake = std::move(loaded->catalogs.snowflake);
  sources->scope = Scope{connection->qualified_name, config.s3_bucket_name, config.s3_bucket_arn,
                         config.s3_prefix};
  sources->connection_name = config.s3_connection_name;
  report.cache_hit = loaded->cache_hit;
  report.postgres_assets = sources->postgres.asset_count;
  report.snowflake_assets = sources->snowflake.asset_count;
  report.s3_connection_qn = sources->scope.connection_qn;
  return RunStart{std::move(*connection), std::move(sources)};
}

void FinishReport(RunReport& report, const atlan::AtlanCallStats& before,
                  const atlan::AtlanCallStats& after,
                  std::chrono::steady_clock::time_point started) {
  report.CountChanges();
  const atlan::AtlanCallStats calls = after.Since(before);
  report.atlan_requests = calls.requests;
  report.atlan_retries = calls.retries;
  report.atlan_throttles = calls.throttles;
  report.atlan_limiter_wait_ms = calls.limiter_wait_ms;
  report.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
}

void ReadHeadersAndLinkColumns(ObjectSource& bucket, HeaderCache& headers, Logger& log,
                               const std::vector<ObjectInfo>& objects, const Mapping& mapping,
                               MatchResult& match) {
  for (auto& link : match.links) {
    if (link.postgres != nullptr && link.snowflake != nullptr) {
      link.header = UnionOfHeaders(bucket, headers, log, objects, link);
    }
    LinkColumns(link, mapping);
  }
}

void DescribeMatches(const std::vector<ObjectInfo>& objects, const MatchResult& match,
                     RunReport& report) {
  for (const auto& d : match.objects) {
    report.objects.push_back({objects[d.object].key, d.postgres ? d.postgres->qualified_name : "",
                              d.snowflake ? d.snowflake->qualified_name : "", d.reason});
  }
  report.unpartnered = match.unpartnered;
}

namespace {

// Asked before each batch: reports progress about every tenth of the way (a large first
// sync sends hundreds of batches), then defers to the deadline check.
std::function<bool()> ProgressThenDeadline(PipelineDeps& deps, const char* what, size_t items,
                                           size_t batch) {
  const size_t batches = (items + batch - 1) / batch;
  return [&deps, what, items, batch, batches, sent = size_t{0}]() mutable {
    if (batches >= 10 && sent > 0 && sent % (batches / 10) == 0) {
      deps.log.Info(std::string("writing: ") + what,
                    {{"done", std::min(items, sent * batch)}, {"of", items}});
    }
    ++sent;
    return !deps.should_continue || deps.should_continue();
  };
}

}  // namespace

Status ApplyPlan(const Config& config, PipelineDeps& deps, S3Connection& connection,
                 RunReport& report) {
  report.applied = true;
  const size_t batch = static_cast<size_t>(config.atlan_batch_size);
  const Plan& plan = report.plan;
  if (plan.writes.empty() && plan.archives.empty()) return Ok();
  if (deps.should_continue && !deps.should_continue()) {
    report.complete = false;
    deps.log.Warn("stopped before the deadline; the next run completes the rest");
    return Ok();
  }
  ConnectionGate gate(deps.atlan, connection, deps.log, deps.sleep, deps.now_ms);
  const bool write_connection =
      !plan.writes.empty() && plan.writes[0].kind == WriteKind::kConnection;
  auto opened = gate.Open(write_connection ? std::optional(plan.Entity(0)) : std::nullopt);
  if (!opened) return std::unexpected(opened.error());
  report.created += opened->created ? 1 : 0;
  report.updated += !opened->created && !opened->guid.empty() ? 1 : 0;
  auto retry = [&gate](const Error& error) { return gate.RetryBatch(error); };

  const size_t first = write_connection ? 1 : 0;
  const size_t count = plan.writes.size() - first;
  auto writes = atlan::UpsertInBatches(
      deps.atlan, count, [&](size_t i) { return plan.Entity(first + i); }, batch,
      ProgressThenDeadline(deps, "creates and updates", count, batch), retry);
  report.created += writes.created;
  report.updated += writes.updated;
  if (writes.error) return std::unexpected(gate.Explain(*writes.error));
  if (static_cast<size_t>(writes.batches) * batch < count) {
    report.complete = false;
    deps.log.Warn("stopped before the deadline; the next run completes the rest");
    return Ok();
  }
  std::vector<std::string> guids;
  for (const auto& a : report.plan.archives) guids.push_back(a.guid);
  auto archives = atlan::ArchiveInBatches(
      deps.atlan, guids, batch, ProgressThenDeadline(deps, "archives", guids.size(), batch), retry);
  report.archived = archives.archived;
  if (archives.error) return std::unexpected(gate.Explain(*archives.error));
  if (static_cast<size_t>(archives.batches) * batch < guids.size()) {
    report.complete = false;
    deps.log.Warn("stopped before the deadline; the next run completes the rest");
  }
  return Ok();
}

}  // namespace delta_arc::lineage
