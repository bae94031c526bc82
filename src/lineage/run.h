// One run of the pipeline, whatever its objects come from (docs/architecture.md, "The
// run"): find the connections and load the catalogs, gather the objects from a source,
// match them (folded at the prefix level), read their headers, plan against what Atlan
// holds of them, apply. Each step is written here once. A source (RunSource) says where
// the objects come from and how to find what Atlan already holds of them: the bucket's
// listing or its S3 Inventory report (listing_source.h), object events or, at the prefix
// level, the folders they touch (event_sources.h). What else differs between sources is
// stated once, as the run's options.
#pragma once

#include <optional>
#include <unordered_set>

#include "lineage/pipeline.h"
#include "lineage/plan.h"
#include "lineage/run_steps.h"

namespace delta_arc::lineage {

// What a run does beyond planning its source's objects, by what the source sees.
struct RunOptions {
  // Objects are gathered once the catalogs are loaded (a listing folded page by page, an
  // inventory report's later changes need them); otherwise while they load. Default: false.
  bool gather_after_start = false;
  // Without a registered S3 connection the source cannot plan (an event alone cannot
  // build the graph): a full run instead. Default: false.
  bool needs_s3_connection = false;
  // The rest judge the scope as a whole, so only a source that sees all of it sets them:
  // mapping entries that name nothing (WarnUnusedMapping). Default: false.
  bool warn_unused_mapping = false;
  // Other scopes of the bucket still ACTIVE, named with the command that retires them.
  // Default: false.
  bool look_for_scopes_left_behind = false;
  // ARCHIVE_GUARD_PERCENT stops a sync that archives most of the scope. Default: false.
  bool guard_mass_archive = false;
  // A sync forgets the headers of objects gone and saves the header cache (an event run
  // reads it only: each would rewrite all of it). Default: false.
  bool save_header_cache = false;
  // The scope's snapshot (owned_snapshot.h) stands for reading its assets when nothing
  // changed, and a sync saves a new one. Default: false.
  bool keep_snapshot = false;
  // Processes rewritten with exactly their desired members, or only appended to.
  // Default: kReplace.
  ProcessWrites process_writes = ProcessWrites::kReplace;
};

// Where a run's objects come from, and what Atlan holds of them.
class RunSource {
 public:
  virtual ~RunSource() = default;
  // Asked at each step that depends on them: a source may narrow them as it learns (an
  // inventory run that kept changes newer than its report keeps no snapshot).
  virtual RunOptions Options() const = 0;
  // Finds the objects (lists the bucket, looks up each event's object): with the run's
  // start when Options().gather_after_start, else with nullptr while the catalogs load.
  // Keys left out go to report.objects with the reason.
  virtual Status Gather(const RunStart* start, RunReport& report) = 0;
  // Puts the run's objects into `sources`, matched (and folded at the prefix level).
  // False when this source cannot plan the run (the log says why): a full run instead.
  virtual Result<bool> Collect(PlanSources& sources, RunReport& report) = 0;
  // The objects the report lists, and the tables left without a partner.
  virtual void Describe(const PlanSources& sources, RunReport& report) = 0;
  // What Atlan holds of what the run plans, split by `desired` (the keys of the desired
  // assets, DesiredKeys). Not asked when the scope's snapshot stands for it.
  virtual Result<ExistingAssets> Existing(const PlanSources& sources, bool connection_exists,
                                          const std::unordered_set<uint64_t>& desired) = 0;
  // What Atlan holds (read or from the snapshot), and then the plan, amended by what the
  // source knows beyond them (an inventory report: what changed in S3 after it).
  virtual Status Amend(const PlanSources& /*sources*/, ExistingAssets& /*existing*/) {
    return Ok();
  }
  virtual void Amend(Plan& /*plan*/) {}
};

// Runs the steps over `source`; `apply` false plans only. nullopt when the source cannot
// plan the run (Collect, RunOptions::needs_s3_connection): the caller runs a full one.
Result<std::optional<RunReport>> ExecuteRun(const Config& config, const Mapping& mapping,
                                            PipelineDeps& deps, RunSource& source, bool apply);

}  // namespace delta_arc::lineage
