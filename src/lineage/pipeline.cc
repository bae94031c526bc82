// The pipeline; see pipeline.h.
#include "lineage/pipeline.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <iterator>
#include <map>
#include <set>

#include "atlan/entity_writes.h"
#include "common/json_text.h"
#include "common/memory.h"
#include "common/utf8.h"
#include "lineage/catalog_loader.h"
#include "lineage/owned_snapshot.h"
#include "lineage/prefixes.h"
#include "lineage/report_changes.h"
#include "lineage/run_steps.h"
#include "lineage/s3_connection.h"
#include "lineage/scopes.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// Processes of the connection's other scopes read (newest first, one page) when a run
// starts a scope on a bucket Atlan already holds. A scope left behind has processes of its
// own; only more than this many of other scopes, written after its last, could hide it.
constexpr int kScopesLeftBehindSearchSize = 200;

// Probes after a sync's writes, a second apart, for search to show them.
constexpr int kProbeAttempts = 5;

class Run {
 public:
  Run(const Config& config, const Mapping& mapping, PipelineDeps& deps)
      : config_(config), mapping_(mapping), deps_(deps) {}

  Result<RunReport> Execute(bool apply) {
    const auto started = std::chrono::steady_clock::now();
    // The client lives as long as the Lambda container: count this run's share only.
    const atlan::AtlanCallStats before = deps_.atlan.stats();
    std::vector<ObjectInfo> listed;
    Result<RunStart> start = Fail(ErrorKind::kInternal, "not started");
    if (config_.prefix_lineage() || deps_.listing != nullptr) {
      // Folding as it lists needs the catalogs, and a report's changes the connection: first.
      start = Start(apply);
      if (!start) return std::unexpected(start.error());
      if (auto s = ListObjects(listed, &*start); !s) return std::unexpected(s.error());
    } else {
      // A plain listing needs nothing from Atlan: it runs while the catalogs load.
      auto listing = std::async(std::launch::async, [&] { return ListObjects(listed, nullptr); });
      start = Start(apply);
      const Status listed_status = listing.get();
      if (!start) return std::unexpected(start.error());
      if (!listed_status) return std::unexpected(listed_status.error());
    }
    S3Connection& connection = start->connection;
    auto& sources = start->sources;
    sources->objects = std::move(listed);

    sources->match = MatchObjects(sources->objects, config_.s3_prefix, mapping_, sources->postgres,
                                  sources->snowflake);
    WarnAmbiguous(sources->match, deps_.log);
    WarnUnusedMapping(mapping_, sources->objects, config_.s3_prefix, sources->postgres,
                      sources->snowflake, deps_.log);
    if (config_.prefix_lineage()) {
      auto folded = Fold(*sources);
      if (!folded) return std::unexpected(folded.error());
    }
    LinkColumnsByHeaders(*sources, apply);
    DescribeMatches(sources->objects, sources->match, report_);
    // Ignored keys were reported while listing: every key in key order again.
    std::ranges::stable_sort(report_.objects, {}, &ObjectReport::key);
    GroupLoads(*sources);

    // Only a listing of the whole bucket knows its object count; deployments on prefixes
    // of one bucket would otherwise overwrite each other's.
    if (config_.s3_prefix.empty()) {
      sources->bucket_object_count = static_cast<int64_t>(sources->objects.size());
    }
    // Knowing what is desired first keeps only a key and a fingerprint per asset found.
    auto existing = [&] {
      const auto desired = DesiredKeys(*sources);
      return Existing(connection.exists, sources->scope, desired);
    }();
    if (!existing) return std::unexpected(existing.error());
    if (since_report_) {
      auto kept = KeepNewerFromArchive(deps_.atlan, sources->scope, config_.atlan_page_size,
                                       *since_report_, *existing);
      if (!kept) return std::unexpected(kept.error());
    }
    WarnAboutScopesLeftBehind(connection, sources->scope, *existing);
    // plan checks the admins too (one request, only while there is no connection), so a
    // role that does not exist fails the plan rather than the sync after it.
    if (!connection.exists) {
      auto admins = Admins();
      if (!admins) return std::unexpected(admins.error());
      sources->admins = *admins;
    }
    const size_t held = existing->owned.size() + existing->undesired.size();
    auto plan = BuildPlan(std::move(sources), connection.exists, *existing);
    if (!plan) return std::unexpected(plan.error());
    if (since_report_) {
      KeepNewerFolders(*since_report_, *plan);
      if (since_report_->kept > 0) {
        deps_.log.Info("S3 Inventory: kept what Atlan shows changed after the report",
                       {{"assets", since_report_->kept}});
      }
    }
    if (auto s = GuardAgainstMassArchive(plan->archives.size(), held, apply); !s) {
      return std::unexpected(s.error());
    }
    report_.plan = std::move(*plan);
    deps_.log.Info("planned", {{"creates", report_.plan.CountWrites(true)},
                               {"updates", report_.plan.CountWrites(false)},
                               {"archives", report_.plan.archives.size()},
                               {"unchanged", report_.plan.unchanged}});
    if (apply) {
      // What planning built and dropped (search pages, the header cache, the desired keys)
      // goes back before the writes start: a Lambda's memory is the peak's.
      ReturnFreedMemory();
      if (auto s = ApplyPlan(config_, deps_, connection, report_); !s) {
        return std::unexpected(s.error());
      }
      // A plan that left changes out does not show what the scope holds.
      if (!since_report_ || since_report_->kept == 0) SaveSnapshot(*existing);
    }
    FinishReport(report_, before, deps_.atlan.stats(), started);
    return std::move(report_);
  }

 private:
  ObjectSource& Listing() { return deps_.listing ? *deps_.listing : deps_.bucket; }

  Result<RunStart> Start(bool apply) {
    auto found = FindConnections(deps_.atlan, ConnectionNamesOf(config_), deps_.log);
    if (!found) return std::unexpected(found.error());
    return StartRun(config_, deps_, *found, apply ? CacheWrites::kAllowed : CacheWrites::kNone,
                    report_);
  }

  // S3_INVENTORY: once the listing has found its report, what Atlan shows changed in S3
  // after it (nothing to ask before the S3 connection exists).
  Status FindChangesSinceReport(const RunStart& start) {
    const auto as_of = Listing().ListedAsOf();
    if (!as_of || !start.connection.exists) return Ok();
    auto changes =
        FindReportChanges(deps_.atlan, start.sources->scope, *as_of, config_.atlan_page_size);
    if (!changes) return std::unexpected(changes.error());
    deps_.log.Info(
        "S3 Inventory: what changed in S3 after the report, as Atlan shows it, "
        "wins over the report",
        {{"report_ms", *as_of},
         {"newer_objects", changes->newer_objects.size()},
         {"deleted_objects", changes->deleted_keys.size()},
         {"newer_folders", changes->newer_folders.size()},
         {"deleted_folders", changes->deleted_folders.size()}});
    since_report_ = std::move(*changes);
    return Ok();
  }

  // S3_LINEAGE_LEVEL=prefix: folds a page as it is listed and keeps of it what the plan
  // needs: every object when objects are registered, else those without a table folder
  // and, per table folder, the file that stands for it (FolderFold::StandsBefore).
  void FoldPage(std::vector<ObjectInfo>&& page, const ObjectMatcher& matcher,
                std::vector<ObjectInfo>& kept, std::map<std::string, ObjectInfo>& standing) {
    MatchResult scratch;
    for (auto& object : page) {
      const ObjectDecision d = matcher.Decide(object.key, scratch);
      const size_t folder_end = d.reason.empty() ? d.folder_end : 0;
      fold_->Add(object.key, object.last_modified, folder_end);
      if (config_.s3_register_objects || folder_end == 0) {
        kept.push_back(std::move(object));
        continue;
      }
      auto [it, inserted] = standing.try_emplace(object.key.substr(0, folder_end), object);
      if (!inserted && FolderFold::StandsBefore(object, it->second)) it->second = std::move(object);
    }
  }

  // Links each table's columns through its objects' CSV headers, read once per object
  // version (the header cache); a sync saves what it read.
  void LinkColumnsByHeaders(PlanSources& sources, bool apply) {
    auto headers =
        HeaderCache::Load(deps_.cache, config_.s3_bucket_name, deps_.log, config_.force_refresh);
    report_.s3_header_reads = ReadHeadersAndLinkColumns(
        deps_.bucket, headers, deps_.log, sources.objects, mapping_, sources.match,
        static_cast<size_t>(config_.s3_read_concurrency), deps_.progress);
    if (!apply) return;
    // The listing is the whole truth: headers of objects gone are forgotten.
    std::set<std::string> keys;
    for (const auto& object : sources.objects) keys.insert(object.key);
    headers.KeepOnly(keys);
    headers.Save(deps_.cache, deps_.log);
  }

  // S3_LINEAGE_LEVEL=prefix: the folders that stand for their tables' objects.
  Status Fold(PlanSources& sources) {
    // Folded while listing (ListObjects), so sources.objects may be fewer than were folded.
    if (auto s = FoldIntoFolders(config_, mapping_, deps_.bucket, *fold_, fold_->UpperFolders(),
                                 sources);
        !s) {
      return s;
    }
    const std::string what =
        " binds the table in the file name: those tables have no folder, and their objects "
        "carry their lineage as with S3_LINEAGE_LEVEL=object (registered whatever "
        "S3_REGISTER_OBJECTS says); a template such as \"{table}/{file}.csv\" gives each table "
        "its folder";
    if (mapping_.templates().empty()) {
      deps_.log.Warn(
          "S3_LINEAGE_LEVEL=prefix without key templates in the mapping file: the "
          "default rule" +
          what);
    }
    for (const auto& key_template : mapping_.templates()) {
      if (!key_template.TableFolderDepth()) {
        deps_.log.Warn("S3_LINEAGE_LEVEL=prefix: the key template '" + key_template.text() + "'" +
                       what);
      }
    }
    deps_.log.Info("folded the objects into folders",
                   {{"folders", sources.folded.prefixes.size()}});
    return Ok();
  }

  // The objects to register; ignored keys only go to the report, with the reason.
  // With `start` (the catalogs loaded): at the prefix level the listing is folded as it is
  // read and only what the plan needs is kept (FoldPage); from a report, what changed
  // after it replaces what it says.
  Status ListObjects(std::vector<ObjectInfo>& objects, const RunStart* start) {
    size_t cache_keys = 0;
    int64_t listed = 0;
    bool asked_about_report = false;
    std::optional<ObjectMatcher> matcher;
    if (start != nullptr && config_.prefix_lineage()) {
      fold_.emplace(config_.s3_prefix);
      matcher.emplace(config_.s3_prefix, mapping_, start->sources->postgres,
                      start->sources->snowflake);
    }
    std::map<std::string, ObjectInfo> standing;  // table folder → the file standing for it
    const ProgressStep listing(
        deps_.progress, deps_.listing ? "reading the S3 Inventory report" : "listing the bucket", 0,
        "objects");
    const auto keep = [&](std::vector<ObjectInfo>&& taken) {
      listed += static_cast<int64_t>(taken.size());
      if (matcher) {
        FoldPage(std::move(taken), *matcher, objects, standing);
      } else {
        std::ranges::move(taken, std::back_inserter(objects));
      }
    };
    const auto take = [&](std::vector<ObjectInfo>&& page) -> Status {
      listing.Add(static_cast<int64_t>(page.size()));
      if (start != nullptr && !asked_about_report) {
        asked_about_report = true;
        if (auto s = FindChangesSinceReport(*start); !s) return s;
      }
      std::vector<ObjectInfo> taken;
      for (auto& object : page) {
        if (object.key.ends_with('/')) continue;  // folder markers (IsListedObject)
        if (auto why = WhyObjectIgnored(config_, mapping_, object)) {
          cache_keys += IsCacheKey(config_, object.key) ? 1 : 0;
          // Excluded keys and the cache's own files are the plan's to show; a key or a
          // size S3 should never have given is worth a warning.
          if (!IsUtf8(object.key) || !WhyKeyIgnored(config_, mapping_, object.key)) {
            deps_.log.Warn("an object left out: " + *why, {{"key", Printable(object.key)}});
          }
          report_.objects.push_back({Printable(object.key), "", "", *why});
          continue;
        }
        if (since_report_ && since_report_->Replaces(object.key)) continue;
        taken.push_back(std::move(object));
      }
      keep(std::move(taken));
      return Ok();
    };
    auto status = Listing().List(config_.s3_prefix, take);
    if (!status) return status;
    if (start != nullptr && !asked_about_report) {  // a listing of nothing
      if (auto s = FindChangesSinceReport(*start); !s) return s;
    }
    if (since_report_) {
      std::vector<ObjectInfo> newer;
      for (const auto& o : since_report_->newer_objects) {
        if (IsListedObject(config_, mapping_, o.key)) newer.push_back(o);
      }
      keep(std::move(newer));
    }
    for (auto& [folder, object] : standing) objects.push_back(std::move(object));
    std::ranges::sort(objects, {}, &ObjectInfo::key);
    report_.s3_objects = listed;
    if (CacheUnderDataPrefix(config_)) {
      deps_.log.Info(
          "the discovery cache is kept under S3_PREFIX in the same bucket "
          "(CACHE_S3_BUCKET, CACHE_S3_PREFIX): its keys are not registered",
          {{"cache_prefix", config_.cache_s3_prefix}, {"keys", cache_keys}});
    }
    deps_.log.Info("listed the bucket", {{"bucket", config_.s3_bucket_name},
                                         {"prefix", config_.s3_prefix},
                                         {"objects", listed},
                                         {"kept", objects.size()},
                                         {"ignored", report_.objects.size()}});
    if (listed == 0) {
      // Often a mistyped S3_PREFIX; a full run then archives what it registered before.
      deps_.log.Warn("no objects under the prefix: check S3_BUCKET_NAME and S3_PREFIX",
                     {{"bucket", config_.s3_bucket_name}, {"prefix", config_.s3_prefix}});
    }
    return Ok();
  }

  // What Atlan holds of the scope: the snapshot the last sync left, when one search shows
  // nothing changed since (FORCE_REFRESH skips it), or else every page of it.
  Result<ExistingAssets> Existing(bool connection_exists, const Scope& scope,
                                  const std::unordered_set<uint64_t>& desired) {
    if (connection_exists) {
      // Before the pages: a change that lands while they are read then misses next time.
      auto probe = ProbeScope(deps_.atlan, scope);
      if (probe) probe_ = *probe;
      auto snapshot = probe && !config_.force_refresh
                          ? OwnedSnapshot::Load(deps_.cache, scope, deps_.log)
                          : std::nullopt;
      std::string why_not;
      if (snapshot) {
        if (auto reused = snapshot->Reuse(*probe, desired, why_not)) {
          report_.owned_snapshot_hit = true;
          deps_.log.Info("the scope is as the last sync left it: its assets are not read again",
                         {{"assets", snapshot->size()}});
          return std::move(*reused);
        }
        deps_.log.Info("reading the scope's assets from Atlan: " + why_not);
      }
    }
    return FetchExisting(deps_.atlan, scope,
                         {.connection_exists = connection_exists,
                          .only_names = std::nullopt,
                          .name_prefixes = {},
                          .keep_attributes = false,
                          .page_size = config_.atlan_page_size,
                          .desired = &desired});
  }

  // After a sync that completed: the snapshot of what the scope now holds, with the probe
  // that finds it (owned_snapshot.h). Nothing when the run stopped early or the scope
  // changed beside it; the next sync then reads the scope's pages.
  void SaveSnapshot(const ExistingAssets& before) {
    const Plan& plan = report_.plan;
    const bool wrote = !plan.writes.empty() || !plan.archives.empty();
    if (!report_.complete || (!wrote && report_.owned_snapshot_hit)) return;
    const std::optional<ScopeProbe> probe = wrote ? ProbeAfterWrites() : probe_;
    if (probe) OwnedSnapshot::After(plan, before, *probe).Save(deps_.cache, deps_.log);
  }

  // The probe once search shows this run's writes: as many assets as the run leaves, the
  // newest modified after the run started. Search lags writes by about a second; after
  // kProbeAttempts a second apart, or when another writer moved the count, nothing.
  std::optional<ScopeProbe> ProbeAfterWrites() {
    const Plan& plan = report_.plan;
    int64_t expected = probe_ ? probe_->count : 0;
    for (const PlannedWrite& write : plan.writes) {
      expected += write.create && write.type != AssetType::kConnection ? 1 : 0;
    }
    expected -= static_cast<int64_t>(plan.archives.size());
    for (int attempt = 1; attempt <= kProbeAttempts; ++attempt) {
      auto probe = ProbeScope(deps_.atlan, report_.plan.sources->scope);
      if (!probe) break;
      if (probe->count == expected &&
          (!probe_ || probe->newest_modification > probe_->newest_modification)) {
        return *probe;
      }
      if (attempt < kProbeAttempts) deps_.env.Sleep(std::chrono::seconds(1));
    }
    deps_.log.Debug("search does not show this run's writes yet: no snapshot of the scope");
    return std::nullopt;
  }

  // Stops a sync that would archive more than ARCHIVE_GUARD_PERCENT of what its scope holds;
  // a plan says the same as a warning.
  Status GuardAgainstMassArchive(size_t archives, size_t held, bool apply) {
    if (archives == 0 || config_.allow_mass_archive ||
        archives * 100 <= static_cast<size_t>(config_.archive_guard_percent) * held) {
      return Ok();
    }
    const std::string what =
        "this run would archive " + std::to_string(archives) + " of the " + std::to_string(held) +
        " assets delta-arc holds under this scope, more than ARCHIVE_GUARD_PERCENT=" +
        std::to_string(config_.archive_guard_percent) +
        "% (an empty listing, a wrong S3_PREFIX or a mapping that matches nothing looks like "
        "this)";
    if (!apply) {
      deps_.log.Warn(what + "; sync would stop unless run with --allow-mass-archive");
      return Ok();
    }
    return Fail(ErrorKind::kConflict, what +
                                          ". Nothing was written. If it is meant, run again "
                                          "with --allow-mass-archive (or raise "
                                          "ARCHIVE_GUARD_PERCENT; 100 turns the guard off)");
  }

  // A deployment whose S3_PREFIX (or ARN suffix) changed starts a new scope and leaves the
  // old one ACTIVE beside it. The run that starts a scope on a bucket Atlan already holds
  // (it holds no process of its own yet) looks, in one search of a few processes, for the
  // bucket's other scopes, and names each with the command that retires it. Runs of a
  // scope that has processes cost nothing more. Advice only: a failed search fails no run.
  void WarnAboutScopesLeftBehind(const S3Connection& connection, const Scope& scope,
                                 const ExistingAssets& existing) {
    if (!connection.exists || !existing.bucket ||
        existing.bucket_connection_qn != scope.connection_qn) {
      return;
    }
    const auto is_process = [](AssetType type) {
      return InfoOf(type).placement == Placement::kUnderScopeId;
    };
    const bool holds_processes =
        std::ranges::any_of(existing.owned,
                            [&](const auto& a) { return is_process(a.second.type); }) ||
        std::ranges::any_of(existing.undesired,
                            [&](const PlannedChange& c) { return is_process(c.type); });
    if (holds_processes) return;
    auto others = OtherScopesOfBucket(deps_.atlan, scope, kScopesLeftBehindSearchSize);
    if (!others) {
      deps_.log.Warn("could not look for other scopes of the bucket",
                     {{"error", others.error().message}});
      return;
    }
    for (const auto& other : *others) {
      const std::string command = "delta-arc retire --scope " + other.id + " --apply";
      deps_.log.Warn("another delta-arc scope of this bucket is still ACTIVE (prefix '" +
                         other.PrefixOrUnknown() + "'; this run's is '" + scope.prefix +
                         "'): if it is what this deployment wrote before its S3_PREFIX "
                         "changed, retire it with `" +
                         command +
                         "` (`delta-arc scopes` lists "
                         "every scope)",
                     {{"scope", other.id},
                      {"prefix", other.PrefixOrUnknown()},
                      {"connection", other.connection_qn}});
    }
  }

  Result<ConnectionAdmins> Admins() {
    auto roles = atlan::RoleIds(deps_.atlan, config_.s3_connection_admin_roles);
    if (!roles) return std::unexpected(roles.error());
    return ConnectionAdmins{config_.s3_connection_admin_users, config_.s3_connection_admin_groups,
                            *roles};
  }

  const Config& config_;
  const Mapping& mapping_;
  PipelineDeps& deps_;
  RunReport report_;
  std::optional<ScopeProbe> probe_;            // taken before the scope's assets were read
  std::optional<FolderFold> fold_;             // S3_LINEAGE_LEVEL=prefix: the listing, folded
  std::optional<ReportChanges> since_report_;  // S3_INVENTORY: what changed after the report
};

}  // namespace

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
          {"postgres_assets_count", postgres_assets},
          {"snowflake_assets_count", snowflake_assets},
          {"s3_objects_count", s3_objects},
          {"s3_header_reads", s3_header_reads},
          {"cache_hit", cache_hit},
          {"owned_snapshot_hit", owned_snapshot_hit},
          {"created", created},
          {"updated", updated},
          {"archived", archived},
          {"unchanged", plan.unchanged},
          {"by_type", types},
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
                 {"postgresTable", o.postgres_table.empty() ? json() : json(o.postgres_table)},
                 {"snowflakeTable", o.snowflake_table.empty() ? json() : json(o.snowflake_table)}};
    if (!o.reason.empty()) item["reason"] = o.reason;
    return item;
  });
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
  return Run(config, mapping, deps).Execute(apply);
}

}  // namespace delta_arc::lineage
