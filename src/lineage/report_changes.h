// S3_INVENTORY: a report lists the bucket as it was when S3 made it, up to two days
// before a sync reads it. Objects written since arrive through event runs, and deleted
// ones are archived by them; a sync from the report must undo neither. What Atlan shows
// changed in S3 after the report was made therefore wins over the report:
// - an object registered with a newer modification is taken as Atlan holds it (so an
//   object written after the report keeps its lineage and is never archived);
// - an object or folder archived after the report is left out (not brought back);
// - a folder whose newest file is newer than the report is neither updated from the
//   report's older view nor archived;
// - nothing Atlan modified after the report is archived (a table that appeared since
//   keeps its processes).
// One search finds the changes, one more (of the archive candidates only) what to keep;
// neither reads S3.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "atlan/atlan_client.h"
#include "lineage/plan.h"

namespace delta_arc::lineage {

struct ReportChanges {
  int64_t report_ms = 0;
  std::vector<ObjectInfo> newer_objects;          // as Atlan holds them
  std::unordered_set<std::string> newer_keys;     // their keys
  std::unordered_set<std::string> deleted_keys;   // objects archived after the report
  std::vector<std::string> deleted_folders;       // folders archived after the report
  std::unordered_set<std::string> newer_folders;  // qualifiedNames
  size_t kept = 0;  // archives and updates left out of the plan because of these

  // Whether what the report says of `key` gives way: a newer object, or one archived
  // since, or in a folder archived since. The listing then takes newer_objects instead.
  bool Replaces(const std::string& key) const;
};

Result<ReportChanges> FindReportChanges(atlan::AtlanClient& atlan, const Scope& scope,
                                        int64_t report_ms, int page_size);

// Leaves out of `existing.undesired` (the archive candidates) what Atlan modified after
// the report.
Status KeepNewerFromArchive(atlan::AtlanClient& atlan, const Scope& scope, int page_size,
                            ReportChanges& changes, ExistingAssets& existing);

// Leaves the updates of newer folders out of `plan`.
void KeepNewerFolders(ReportChanges& changes, Plan& plan);

}  // namespace delta_arc::lineage
