// The full run's source (run.h): every object under S3_PREFIX, as the bucket lists them
// or, with S3_INVENTORY, as its latest S3 Inventory report lists them, with what Atlan
// shows changed in S3 after the report winning over it (report_changes.h). It sees the
// whole scope, so the run judges the scope as a whole (RunOptions). At the prefix level
// each page is folded into folders as it is listed, keeping only what the plan needs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lineage/prefixes.h"
#include "lineage/report_changes.h"
#include "lineage/run.h"

namespace delta_arc::lineage {

class ListingSource : public RunSource {
 public:
  // Lists deps.listing when set (the inventory report), else deps.bucket.
  ListingSource(const Config& config, const Mapping& mapping, PipelineDeps& deps)
      : config_(config), mapping_(mapping), deps_(deps) {}

  RunOptions Options() const override;
  Status Gather(const RunStart* start, RunReport& report) override;
  Result<bool> Collect(PlanSources& sources, RunReport& report) override;
  void Describe(const PlanSources& sources, RunReport& report) override;
  Result<ExistingAssets> Existing(const PlanSources& sources, bool connection_exists,
                                  const std::unordered_set<uint64_t>& desired) override;
  Status Amend(const PlanSources& sources, ExistingAssets& existing) override;
  void Amend(Plan& plan) override;

 private:
  ObjectSource& Listing() { return deps_.listing ? *deps_.listing : deps_.bucket; }
  Status FindChangesSinceReport(const RunStart& start);
  void FoldPage(std::vector<ObjectInfo>&& page, const ObjectMatcher& matcher,
                std::map<std::string, ObjectInfo>& standing);
  Status Fold(PlanSources& sources);

  const Config& config_;
  const Mapping& mapping_;
  PipelineDeps& deps_;
  std::vector<ObjectInfo> listed_;             // what the plan needs of the listing
  std::optional<FolderFold> fold_;             // S3_LINEAGE_LEVEL=prefix: the listing, folded
  std::optional<ReportChanges> since_report_;  // S3_INVENTORY: what changed after the report
};

}  // namespace delta_arc::lineage
