// One run over a source of objects; see run.h.
#include "lineage/run.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <set>

#include "common/memory.h"
#include "lineage/catalog_loader.h"
#include "lineage/owned_snapshot.h"
#include "lineage/s3_connection.h"
#include "lineage/scopes.h"

namespace delta_arc::lineage {

namespace {

// Processes of the connection's other scopes read (newest first, one page) when a run
// starts a scope on a bucket Atlan already holds. A scope left behind has processes of its
// own; only more than this many of other scopes, written after its last, could hide it.
constexpr int kScopesLeftBehindSearchSize = 200;

// Probes after a sync's writes, a second apart, for search to show them.
constexpr int kProbeAttempts = 5;

// Waits for a task when leaving a scope whose locals the task uses.
template <typename T>
class WaitOnExit {
 public:
  explicit WaitOnExit(std::future<T>& task) : task_(task) {}
  WaitOnExit(const WaitOnExit&) = delete;
  WaitOnExit& operator=(const WaitOnExit&) = delete;
  ~WaitOnExit() {
    if (task_.valid()) task_.wait();
  }

 private:
  std::future<T>& task_;
};

class Run {
 public:
  Run(const Config& config, const Mapping& mapping, PipelineDeps& deps, RunSource& source)
      : config_(config), mapping_(mapping), deps_(deps), source_(source) {}

  Result<std::optional<RunReport>> Execute(bool apply) {
    const auto started = deps_.env.SteadyNow();
    // The client lives as long as the Lambda container: count this run's share only.
    const atlan::AtlanCallStats before = deps_.atlan.stats();
    const RunOptions options = source_.Options();
    std::optional<RunStart> start;
    if (options.gather_after_start) {
      if (auto s = Start(apply, start); !s) return std::unexpected(s.error());
      if (!start) return std::nullopt;
      if (auto s = source_.Gather(&*start, report_); !s) return std::unexpected(s.error());
    } else {
      // Gathering that needs nothing from Atlan runs while the catalogs load.
      auto gathering =
          std::async(std::launch::async, [&] { return source_.Gather(nullptr, report_); });
      const Status started_status = Start(apply, start);
      const Status gathered = gathering.get();
      if (!started_status) return std::unexpected(started_status.error());
      if (!start) return std::nullopt;
      if (!gathered) return std::unexpected(gathered.error());
    }
    S3Connection& connection = start->connection;
    auto& sources = start->sources;
    auto collected = source_.Collect(*sources, report_);
    if (!collected) return std::unexpected(collected.error());
    if (!*collected) return std::nullopt;
    // As it was before a new connection's opening may change it (OpenConnectionEarly).
    const S3Connection at_start = connection;
    if (apply && !at_start.exists) OpenConnectionEarly(connection, *sources);
    // The opening writes to `connection`, which `start` holds: it ends before `start` does,
    // however this returns.
    const WaitOnExit opening_ends(opening_);

    WarnAmbiguous(sources->match, deps_.log);
    if (options.warn_unused_mapping) {
      WarnUnusedMapping(mapping_, sources->objects, config_.s3_prefix, sources->source,
                        sources->target, deps_.log);
    }
    LinkColumnsByHeaders(*sources, apply && options.save_header_cache);
    sources->tag_assets = config_.s3_tags;
    sources->propagate_tags = config_.s3_tags_propagate;
    AssignCarriedTags(*sources);
    source_.Describe(*sources, report_);
    GroupLoads(*sources);
    // Knowing what is desired first keeps only a key and a fingerprint per asset found.
    auto existing = [&] {
      const auto desired = DesiredKeys(*sources);
      return Existing(*sources, at_start.exists, desired);
    }();
    if (!existing) return std::unexpected(existing.error());
    if (auto s = source_.Amend(*sources, *existing); !s) return std::unexpected(s.error());
    if (options.look_for_scopes_left_behind) {
      WarnAboutScopesLeftBehind(at_start, sources->scope, *existing);
    }
    // plan checks the admins too (one request, only while there is no connection), so a
    // role that does not exist fails the plan rather than the sync after it.
    if (!at_start.exists) {
      const auto& admins = AdminsOnce();
      if (!admins) return std::unexpected(admins.error());
      sources->admins = *admins;
    }
    const size_t held = existing->owned.size() + existing->undesired.size();
    auto plan = BuildPlan(std::move(sources), at_start.exists, *existing, options.process_writes);
    if (!plan) return std::unexpected(plan.error());
    source_.Amend(*plan);
    if (options.guard_mass_archive) {
      if (auto s = GuardAgainstMassArchive(plan->archives.size(), held, apply); !s) {
        return std::unexpected(s.error());
      }
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
      const auto early =
          opening_.valid() ? std::optional(OpenedEarly{*gate_, opening_}) : std::nullopt;
      if (auto s = ApplyPlan(config_, deps_, connection, report_, early); !s) {
        return std::unexpected(s.error());
      }
      // Asked again: a plan that left changes out does not show what the scope holds.
      if (source_.Options().keep_snapshot) SaveSnapshot(*existing);
      KeepCatalogsFresh();
    }
    TraceTags();
    FinishReport(report_, before, deps_.atlan.stats(), deps_.env.SteadyNow() - started);
    return std::optional(std::move(report_));
  }

 private:
  // Where the tagged source columns go. Not reading the Snowflake columns again fails
  // nothing (the writes are done): the run then reports no trace, and warns why.
  void TraceTags() {
    const TraceOptions options{.now_ms = deps_.env.NowMillis(),
                               .grace_ms = int64_t{config_.s3_tags_grace_minutes} * 60 * 1000};
    auto traces = lineage::TraceTags(report_.plan, options, deps_.atlan,
                                     report_.applied ? &deps_.cache : nullptr, deps_.log);
    if (!traces) {
      deps_.log.Warn("could not read the tagged columns' partners in the target again",
                     {{"error", traces.error().message}});
      return;
    }
    report_.tag_trace = std::move(*traces);
  }

  // The connections and catalogs; nothing in `start` when the source needs an S3
  // connection Atlan does not hold yet (or search does not show yet).
  Status Start(bool apply, std::optional<RunStart>& start) {
    // What Atlan holds of a scope without a connection is its bucket by ARN at most (under
    // another connection): asked with the connections, in case there is none yet (a run
    // that needs one asks nothing). Used when the connection is indeed new: Existing.
    const bool may_create = !source_.Options().needs_s3_connection;
    const Scope new_scope = ScopeOf(config_, S3ConnectionQualifiedName(config_.s3_connection_name));
    ExistingQuery before_connection;
    before_connection.tags = config_.s3_tags;
    const atlan::SearchSpec bucket_search = ExistingSearch(new_scope, before_connection);
    auto found = FindConnections(deps_.atlan, ConnectionNamesOf(config_), deps_.log,
                                 may_create ? &bucket_search : nullptr);
    if (!found) return std::unexpected(found.error());
    found_ = *found;
    if (!found->s3 && !may_create) {
      deps_.log.Info("no S3 connection yet: running a full sync instead");
      return Ok();
    }
    if (!found->s3) {
      // A connection to create needs its admin role's id: asked while the catalogs load.
      early_admins_ = std::async(std::launch::async, [this] { return Admins(); });
      early_scope_ = new_scope;
      early_existing_.emplace();
      for (const auto& entity : found->also_found) {
        AddExisting(*early_existing_, entity, new_scope, before_connection);
      }
    }
    if (found->s3 && source_.Options().keep_snapshot) {
      // The scope's probe needs only its connection: it goes while the catalogs load. A
      // connection found is the run's (ResolveS3Connection), so this is the run's scope.
      early_probe_ = std::async(std::launch::async,
                                [this, scope = ScopeOf(config_, found->s3->qualified_name)] {
                                  return ProbeScope(deps_.atlan, scope);
                                });
    }
    auto started = StartRun(config_, deps_, *found,
                            apply ? CacheWrites::kAllowed : CacheWrites::kNone, report_);
    if (!started) return std::unexpected(started.error());
    start.emplace(std::move(*started));
    return Ok();
  }

  // Links each table's columns through its objects' CSV headers, read once per object
  // version (the header cache); `save`: the objects are the whole truth, so the headers
  // of objects gone are forgotten and the cache is saved.
  void LinkColumnsByHeaders(PlanSources& sources, bool save) {
    auto headers =
        HeaderCache::Load(deps_.cache, config_.s3_bucket_name, deps_.log, config_.force_refresh);
    report_.s3_header_reads = ReadHeadersAndLinkColumns(
        deps_.bucket, headers, deps_.log, sources.objects, mapping_, sources.match,
        static_cast<size_t>(config_.s3_read_concurrency), deps_.progress);
    if (!save) return;
    std::set<std::string> keys;
    for (const auto& object : sources.objects) keys.insert(object.key);
    headers.KeepOnly(keys);
    headers.Save(deps_.cache, deps_.log);
  }

  // What Atlan holds of what the run plans: with RunOptions::keep_snapshot, the snapshot
  // the last sync left when one search shows nothing changed since (FORCE_REFRESH skips
  // it); else as the source reads it.
  Result<ExistingAssets> Existing(const PlanSources& sources, bool connection_exists,
                                  const std::unordered_set<uint64_t>& desired) {
    if (connection_exists && source_.Options().keep_snapshot) {
      // Before the pages: a change that lands while they are read then misses next time.
      auto probe = Probe(sources.scope);
      if (probe) probe_ = *probe;
      auto snapshot = probe && !config_.force_refresh
                          ? OwnedSnapshot::Load(deps_.cache, sources.scope, deps_.log)
                          : std::nullopt;
      std::string why_not;
      if (snapshot) {
        if (auto reused = snapshot->Reuse(*probe, desired, CarriedTagsDigest(sources), why_not)) {
          report_.owned_snapshot_hit = true;
          deps_.log.Info("the scope is as the last sync left it: its assets are not read again",
                         {{"assets", snapshot->size()}});
          return std::move(*reused);
        }
        deps_.log.Info("reading the scope's assets from Atlan: " + why_not);
      }
    }
    if (ExistingAssets* early = ExistingBeforeConnection(sources.scope);
        early != nullptr && !connection_exists) {
      return std::move(*early);
    }
    return source_.Existing(sources, connection_exists, desired);
  }

  // The scope's probe: the one taken while the catalogs loaded, when there is one.
  Result<ScopeProbe> Probe(const Scope& scope) {
    return early_probe_.valid() ? early_probe_.get() : ProbeScope(deps_.atlan, scope);
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
    // The catalogs' freshness rides along when the writes touched them (KeepCatalogsFresh).
    const bool with_catalogs = WritesTouchedCatalogs(*found_, report_.also_updated);
    const Scope& scope = report_.plan.sources->scope;
    const auto probe_once = [&]() -> Result<ScopeProbe> {
      if (!with_catalogs) return ProbeScope(deps_.atlan, scope);
      auto both = ProbeScopeAndCatalogs(deps_.atlan, scope, *found_);
      if (!both) return std::unexpected(both.error());
      catalogs_after_writes_ = std::move(both->second);
      return both->first;
    };
    for (int attempt = 1; attempt <= kProbeAttempts; ++attempt) {
      auto probe = probe_once();
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

  // After writes that made Atlan update the catalogs, the catalogs' cache stays fresh
  // when those updates are the newest (KeepCacheFreshAfterOwnWrites). Read with the probe
  // after the writes, which waits until search shows them: a read before search shows
  // them all would take Atlan's updates for someone else's (the next run would read the
  // catalogs again). Without that probe, read here.
  void KeepCatalogsFresh() {
    if (!WritesTouchedCatalogs(*found_, report_.also_updated)) return;
    if (!catalogs_after_writes_) {
      auto checked = CheckFreshness(deps_.atlan, *found_);
      if (!checked) {
        deps_.log.Debug("could not check the catalogs after the writes: the next run reads them",
                        {{"error", checked.error().message}});
        return;
      }
      catalogs_after_writes_ = *checked;
    }
    const PlanSources& s = *report_.plan.sources;
    KeepCacheFreshAfterOwnWrites(deps_.cache, deps_.log, Catalogs{s.source, s.target},
                                 report_.also_updated, *catalogs_after_writes_);
    report_.also_updated = {};
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
    if (!connection.exists || !existing.bucket || existing.BucketElsewhere(scope.connection_qn)) {
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

  // A new connection is written now, while the headers are read and the plan is built:
  // Atlan takes seconds (up to about 30) to build its policies, and nothing before the
  // writes needs them. Only by a sync (a plan writes nothing), once the objects are
  // collected, and only when the bucket's ARN is free (else the plan refuses the run and
  // writes nothing). A run that fails after this leaves the connection; the next one
  // writes under it.
  void OpenConnectionEarly(S3Connection& connection, const PlanSources& sources) {
    const Scope& scope = sources.scope;
    const ExistingAssets* early = ExistingBeforeConnection(scope);
    if (early == nullptr || early->BucketElsewhere(scope.connection_qn)) return;
    const auto& admins = AdminsOnce();
    if (!admins) return;  // the plan fails with it
    gate_.emplace(deps_.atlan, connection, deps_.log, deps_.env);
    opening_ = std::async(
        std::launch::async,
        [this, entity = ConnectionEntity(sources.connection_name, scope.connection_qn, *admins)] {
          return gate_->Open(entity);
        });
  }

  // What Atlan holds of `scope` before its connection exists, found with the connections
  // (Start); nullptr when that was not asked, or was asked of another scope.
  ExistingAssets* ExistingBeforeConnection(const Scope& scope) {
    if (!early_existing_ || early_scope_->connection_qn != scope.connection_qn ||
        early_scope_->bucket_arn != scope.bucket_arn) {
      return nullptr;
    }
    return &*early_existing_;
  }

  // The connection's admins, asked once (while the catalogs loaded, when it is new).
  const Result<ConnectionAdmins>& AdminsOnce() {
    if (!admins_) admins_ = early_admins_.valid() ? early_admins_.get() : Admins();
    return *admins_;
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
  RunSource& source_;
  RunReport report_;
  std::optional<FoundConnections> found_;               // the connections the run started with
  std::optional<ScopeProbe> probe_;                     // taken before the scope's assets were read
  std::optional<Freshness> catalogs_after_writes_;      // read with the probe after the writes
  std::future<Result<ScopeProbe>> early_probe_;         // taken while the catalogs loaded
  std::future<Result<ConnectionAdmins>> early_admins_;  // asked while the catalogs loaded
  std::optional<Result<ConnectionAdmins>> admins_;      // AdminsOnce
  // A new connection's write and wait, begun while the plan is built (OpenConnectionEarly);
  // the gate outlives the task that uses it (members are destroyed in reverse order).
  std::optional<ConnectionGate> gate_;
  std::future<Result<atlan::Upserted>> opening_;
  // With no S3 connection found: what Atlan holds of the scope it would have, found with
  // the connections.
  std::optional<Scope> early_scope_;
  std::optional<ExistingAssets> early_existing_;
};

}  // namespace

Result<std::optional<RunReport>> ExecuteRun(const Config& config, const Mapping& mapping,
                                            PipelineDeps& deps, RunSource& source, bool apply) {
  return Run(config, mapping, deps, source).Execute(apply);
}

}  // namespace delta_arc::lineage
