// Shared run steps; see run_steps.h.
#include "lineage/run_steps.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "atlan/entity_writes.h"
#include "common/for_each_concurrently.h"
#include "common/utf8.h"
#include "lineage/object_columns.h"

namespace delta_arc::lineage {

namespace {

// What the objects of one table said, for one log line per table rather than per file.
struct HeaderTally {
  size_t read = 0;
  size_t cached = 0;
  size_t empty = 0;
  size_t without_header = 0;  // a NoHeader
  size_t unreadable = 0;
  std::string example;  // a key of the last kind counted above
  std::string error;    // why the example tells nothing
};

// The objects whose headers this run read (what each said), and those whose read failed
// (with the error); the ranged GETs that took.
struct HeaderReads {
  std::unordered_map<size_t, const KnownHeader*> read;  // into the cache
  std::unordered_map<size_t, std::string> failed;
  size_t requests = 0;
};

// Reads, `concurrency` at a time, the columns every object of a table with both sides
// states whose version the cache does not know (ReadObjectColumns), and remembers each
// header under the version read. A zero-byte object is never read: no range of
// an empty representation is satisfiable (RFC 9110 §14.1.1, §15.5.17: 416). A failed
// read (which may be passing) is not remembered.
HeaderReads ReadUnknownHeaders(ObjectSource& bucket, HeaderCache& cache,
                               const std::vector<ObjectInfo>& objects, const MatchResult& match,
                               size_t concurrency, Progress* progress) {
  struct Wanted {
    size_t object;
    const TableLink* link;
  };
  std::vector<Wanted> wanted;
  std::unordered_set<size_t> seen;
  for (const auto& link : match.links) {
    if (link.source == nullptr || link.target == nullptr) continue;
    for (const size_t i : link.objects) {
      if (objects[i].size > 0 && cache.Find(objects[i]) == nullptr && seen.insert(i).second) {
        wanted.push_back({i, &link});
      }
    }
  }
  const ProgressStep reading(progress, "reading columns from objects",
                             static_cast<int64_t>(wanted.size()), "objects");
  // Each header goes into the cache as soon as it is read, where the objects of a table
  // share one copy: never 100,000 parsed headers waiting at once.
  HeaderReads reads;
  std::mutex remembering;
  ForEachConcurrently(wanted.size(), concurrency, [&](size_t w) {
    const Wanted& want = wanted[w];
    reading.Add(1);
    auto read = ReadObjectColumns(bucket, objects[want.object], *want.link);
    const std::lock_guard lock(remembering);
    if (!read) {
      ++reads.requests;  // at least the one that failed
      reads.failed.emplace(want.object, read.error().message);
      return;
    }
    reads.requests += read->reads;
    ObjectInfo version = objects[want.object];
    version.etag = read->etag;
    cache.Remember(version, std::move(read->header));
    reads.read.emplace(want.object, cache.Find(version));
  });
  return reads;
}

// One object's columns, as read this run or before (the cache); null: it tells nothing
// about them.
const FileSchema* HeaderOf(const HeaderCache& cache, const HeaderReads& reads,
                           const std::vector<ObjectInfo>& objects, size_t i, HeaderTally& tally) {
  const ObjectInfo& object = objects[i];
  if (auto failed = reads.failed.find(i); failed != reads.failed.end()) {
    ++tally.unreadable;
    tally.example = object.key;
    tally.error = failed->second;
    return nullptr;
  }
  const auto read = reads.read.find(i);
  const KnownHeader* known = read != reads.read.end() ? read->second : cache.Find(object);
  ++(read != reads.read.end() ? tally.read : tally.cached);
  if (known == nullptr || std::holds_alternative<NoHeader>(*known)) {
    ++tally.without_header;
    tally.example = object.key;
    tally.error = std::string(Explain(known ? std::get<NoHeader>(*known) : NoHeader::kData));
    return nullptr;
  }
  return &std::get<FileSchema>(*known);
}

// The link's `header`: the columns the table's files carry, the union of every file's.
// nullopt (every matching column is linked) when no file has bytes, or one file tells
// nothing (no header, compressed, not readable): it may carry any column; `header_note`
// then says why. The link's `file_types` are those its files state (a later file's over an
// earlier one's: files are in key order, and tools name them in the order they write
// them); each file's kind goes into `kinds`, where its columns were read.
void UnionOfHeaders(const HeaderCache& cache, const HeaderReads& reads, Logger& log,
                    const std::vector<ObjectInfo>& objects, TableLink& link,
                    std::vector<std::optional<FileKind>>& kinds) {
  std::string& note = link.header_note;
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
    const FileSchema* header = HeaderOf(cache, reads, objects, i, tally);
    if (header == nullptr) {
      every_column = true;
      continue;
    }
    kinds[i] = header->kind;
    for (const FileColumn& column : header->columns) {
      if (seen.insert(column.name).second) columns.push_back(column.name);
      if (!column.type.empty()) link.file_types[NormalizeColumnName(column.name)] = column.type;
    }
  }
  const std::string table = link.source->qualified_name;
  if (tally.unreadable > 0) {
    log.Warn("could not read the CSV header; linking every matching column",
             {{"table", table},
              {"objects", tally.unreadable},
              {"key", Printable(tally.example)},
              {"error", tally.error}});
    note = tally.example + ": could not be read (" + tally.error + ")";
  } else if (tally.without_header > 0) {
    log.Warn(tally.error + "; linking every matching column",
             {{"table", table}, {"objects", tally.without_header}, {"key", tally.example}});
    note = tally.example + ": " + tally.error;
  } else if (tally.empty == link.objects.size()) {
    log.Info(
        "every object of the table is empty: no CSV header to read; linking every "
        "matching column",
        {{"table", table}});
    note = "every object of the table is empty";
  }
  log.Debug("CSV headers", {{"table", table}, {"read", tally.read}, {"cached", tally.cached}});
  if (every_column || tally.empty == link.objects.size()) {
    link.header = std::nullopt;
    return;
  }
  note.clear();
  link.header = std::move(columns);
}

}  // namespace

Scope ScopeOf(const Config& config, const std::string& connection_qn) {
  return Scope{connection_qn, config.s3_bucket_name, config.s3_bucket_arn, config.s3_prefix};
}

Result<RunStart> StartRun(const Config& config, PipelineDeps& deps, const FoundConnections& found,
                          CacheWrites writes, RunReport& report) {
  // The S3 connection's read (when search did not show it) and the catalogs need nothing
  // of each other: they go at once.
  auto resolving = std::async(std::launch::async, [&] {
    return ResolveS3Connection(deps.atlan, found.s3, config.s3_connection_name,
                               deps.env.NowMillis(), deps.log);
  });
  auto loaded =
      LoadCatalogs(config, deps.atlan, deps.cache, deps.log, found, writes, deps.env.NowMillis());
  auto connection = resolving.get();
  if (!connection) return std::unexpected(connection.error());
  if (!loaded) return std::unexpected(loaded.error());
  // The sources own the catalogs, objects and matches the plan's entities are built from.
  auto sources = std::make_shared<PlanSources>();
  sources->source = std::move(loaded->catalogs.source);
  sources->target = std::move(loaded->catalogs.target);
  sources->scope = ScopeOf(config, connection->qualified_name);
  sources->connection_name = config.s3_connection_name;
  report.cache_hit = loaded->cache_hit;
  report.source_connector = sources->source.connectors();
  report.target_connector = sources->target.connectors();
  report.source_assets = sources->source.asset_count;
  report.target_assets = sources->target.asset_count;
  report.s3_connection_qn = sources->scope.connection_qn;
  return RunStart{std::move(*connection), std::move(sources)};
}

void FinishReport(RunReport& report, const atlan::AtlanCallStats& before,
                  const atlan::AtlanCallStats& after, std::chrono::steady_clock::duration took) {
  report.CountChanges();
  report.atlan = after.Since(before);
  report.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
}

size_t ReadHeadersAndLinkColumns(ObjectSource& bucket, HeaderCache& headers, Logger& log,
                                 const std::vector<ObjectInfo>& objects, const Mapping& mapping,
                                 MatchResult& match, size_t concurrency, Progress* progress) {
  const HeaderReads reads =
      ReadUnknownHeaders(bucket, headers, objects, match, concurrency, progress);
  match.kinds.assign(objects.size(), std::nullopt);
  for (auto& link : match.links) {
    if (link.source != nullptr && link.target != nullptr) {
      UnionOfHeaders(headers, reads, log, objects, link, match.kinds);
    }
    LinkColumns(link, mapping);
  }
  return reads.requests;
}

namespace {

// Each link's objects in table folders narrowed to the file that stands for each folder
// (FolderFold::StandsBefore).
void KeepNewestPerTableFolder(PlanSources& sources) {
  for (auto& link : sources.match.links) {
    std::map<size_t, size_t> newest;  // table folder → object
    std::vector<size_t> kept;
    for (size_t i : link.objects) {
      const auto folder = sources.folded.table_folder[i];
      if (!folder) {
        kept.push_back(i);
        continue;
      }
      auto [it, inserted] = newest.emplace(*folder, i);
      if (!inserted && FolderFold::StandsBefore(sources.objects[i], sources.objects[it->second])) {
        it->second = i;
      }
    }
    for (const auto& [folder, i] : newest) kept.push_back(i);
    std::ranges::sort(kept);
    link.objects = std::move(kept);
  }
}

}  // namespace

Status FoldIntoFolders(const Config& config, const Mapping& mapping, ObjectSource& bucket,
                       const FolderFold& fold, const std::vector<std::string>& upper,
                       PlanSources& sources) {
  UpperFolderCounts counts;
  for (const std::string& folder : upper) {
    auto listing = bucket.ListFolder(folder + '/');
    if (!listing) return std::unexpected(listing.error());
    FolderCounts& c = counts[folder];
    for (const std::string& key : listing->object_keys) {
      if (IsListedObject(config, mapping, key)) ++c.objects;
    }
    for (const std::string& child : listing->folders) {
      if (!IsCacheKey(config, child)) ++c.prefixes;
    }
  }
  sources.prefix_lineage = true;
  sources.register_objects = config.s3_register_objects;
  sources.folded = fold.Finish(config.s3_register_objects, counts, sources.objects, sources.match);
  KeepNewestPerTableFolder(sources);
  return Ok();
}

void DescribeMatches(const PlanSources& sources, RunReport& report) {
  for (const auto& d : sources.match.objects) {
    ObjectReport& object = report.objects.emplace_back();
    object.key = sources.objects[d.object].key;
    object.source_table = d.source ? d.source->qualified_name : "";
    object.target_table = d.target ? d.target->qualified_name : "";
    object.reason = d.reason;
    object.tags = CarriedTagNamesOfObject(sources, d.object);
  }
  report.unpartnered = sources.match.unpartnered;
}

namespace {

// The order references need (batch_scheduler.h): the types in the registry's order
// (AssetTypes(): the connection, the bucket, folders, objects, processes, column
// processes), each folder one level deeper than the folder it is in. Append edits of
// processes are processes: they follow the objects they add.
int LevelOf(const PlanSources& sources, const PlannedWrite& write) {
  const int rank = static_cast<int>(write.type);
  const int folders = static_cast<int>(sources.folded.levels);
  if (write.type == AssetType::kPrefix) {
    return rank + static_cast<int>(sources.folded.prefixes[write.a].depth);
  }
  return rank > static_cast<int>(AssetType::kPrefix) ? rank + folders - 1 : rank;
}

}  // namespace

atlan::WriteOptions WriteOptionsOf(const Config& config, Env& env) {
  return {.batch_size = static_cast<size_t>(config.atlan_batch_size),
          .max_batch_size = static_cast<size_t>(config.atlan_max_batch_size),
          .concurrency = static_cast<size_t>(config.atlan_concurrency),
          .now = [&env] { return env.SteadyNow(); }};
}

Status ApplyPlan(const Config& config, PipelineDeps& deps, S3Connection& connection,
                 RunReport& report, const std::optional<OpenedEarly>& early) {
  report.applied = true;
  const auto stop_early = [&] {
    report.complete = false;
    deps.log.Warn("stopped before the deadline; the next run completes the rest");
    return Ok();
  };
  const Plan& plan = report.plan;
  // Joined first: until then the early opening may still change `connection`.
  std::optional<Result<atlan::Upserted>> opened_early;
  if (early) opened_early = early->opened.get();
  const auto count_opened = [&report](const atlan::Upserted& opened) {
    report.created += opened.created ? 1 : 0;
    report.updated += !opened.created && !opened.guid.empty() ? 1 : 0;
  };
  if (plan.writes.empty() && plan.archives.empty()) return Ok();
  if (deps.should_continue && !deps.should_continue()) {
    if (opened_early && *opened_early) count_opened(**opened_early);
    return stop_early();
  }
  std::optional<ConnectionGate> own_gate;
  ConnectionGate& gate =
      early ? early->gate : own_gate.emplace(deps.atlan, connection, deps.log, deps.env);
  const bool write_connection =
      !plan.writes.empty() && plan.writes[0].type == AssetType::kConnection;
  auto opened = opened_early
                    ? std::move(*opened_early)
                    : gate.Open(write_connection ? std::optional(plan.Entity(0)) : std::nullopt);
  // The cutoff reached in a request or a wait ends the writes as the deadline check does.
  const auto stopped_by = [](const std::optional<Error>& error) {
    return error && error->kind == ErrorKind::kStopped;
  };
  if (!opened && stopped_by(opened.error())) return stop_early();
  if (!opened) return std::unexpected(opened.error());
  count_opened(*opened);

  const size_t first = write_connection ? 1 : 0;
  const size_t count = plan.writes.size() - first;
  atlan::WriteOptions options = WriteOptionsOf(config, deps.env);
  options.retry_batch = [&gate](const Error& error) { return gate.RetryBatch(error); };
  options.level_at = [&](size_t i) { return LevelOf(*plan.sources, plan.writes[first + i]); };
  options.should_continue = deps.should_continue;
  auto writes = [&] {
    const ProgressStep writing(deps.progress, "writing to Atlan", static_cast<int64_t>(count),
                               "entities");
    options.on_sent = [&writing](size_t n) { writing.Add(static_cast<int64_t>(n)); };
    return atlan::UpsertInBatches(
        deps.atlan, count, [&](size_t i) { return plan.Entity(first + i); }, options);
  }();
  report.created += writes.created;
  report.updated += writes.updated;
  report.also_updated = std::move(writes.also_updated);
  if (writes.stopped || stopped_by(writes.error)) return stop_early();
  if (writes.error) return std::unexpected(gate.Explain(*writes.error));
  std::vector<std::string> guids;
  for (const auto& a : report.plan.archives) guids.push_back(a.guid);
  options.level_at = nullptr;
  auto archives = [&] {
    const ProgressStep archiving(deps.progress, "archiving in Atlan",
                                 static_cast<int64_t>(guids.size()), "assets");
    options.on_sent = [&archiving](size_t n) { archiving.Add(static_cast<int64_t>(n)); };
    return atlan::ArchiveInBatches(deps.atlan, guids, options);
  }();
  report.archived = archives.archived;
  if (archives.stopped || stopped_by(archives.error)) return stop_early();
  if (archives.error) return std::unexpected(gate.Explain(*archives.error));
  return Ok();
}

}  // namespace delta_arc::lineage
