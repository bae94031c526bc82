// What changed in S3 since an inventory report; see report_changes.h.
#include "lineage/report_changes.h"

#include <algorithm>
#include <set>

#include "atlan/entity_attributes.h"
#include "atlan/index_search.h"

namespace delta_arc::lineage {

namespace atl = atlan;
using nlohmann::json;

namespace {

json After(const std::string& field, int64_t ms) {
  return {{"range", {{field, {{"gt", ms}}}}}};
}

}  // namespace

Result<ReportChanges> FindReportChanges(atl::AtlanClient& atlan, const Scope& scope,
                                        int64_t report_ms, int page_size) {
  atl::SearchSpec spec;
  spec.filters = json::array(
      {ScopeSearch(scope, {AssetType::kObject, AssetType::kPrefix}),
       atl::AnyOf(json::array(
           {atl::Filter(
                json::array({atl::ActiveOnly(), After("s3ObjectLastModifiedTime", report_ms)})),
            atl::Filter(json::array({atl::ActiveOnly(), After("sourceUpdatedAt", report_ms)})),
            atl::Filter(json::array({atl::Term("__state", "DELETED"),
                                     After("__modificationTimestamp", report_ms)}))}))});
  spec.attributes = {"qualifiedName", "s3BucketQualifiedName",    "s3ObjectKey",
                     "s3ObjectSize",  "s3ObjectLastModifiedTime", "s3ETag"};
  spec.page_size = page_size;
  const std::string bucket_qn = scope.BucketQualifiedName();
  ReportChanges changes;
  changes.report_ms = report_ms;
  auto searched = atl::SearchAll(atlan, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& entity : page.entities) {
      // A registration of the bucket under a longer ARN shares the prefix, not the bucket.
      if (atl::StringAttribute(entity, "s3BucketQualifiedName") != bucket_qn) continue;
      const std::string qn = atl::StringAttribute(entity, "qualifiedName");
      const std::string key = qn.substr(bucket_qn.size() + 1);
      const bool active = entity.value("status", "ACTIVE") == "ACTIVE";
      const bool folder = AssetTypeNamed(entity.value("typeName", "")) == AssetType::kPrefix;
      if (folder) {
        if (active) {
          changes.newer_folders.insert(qn);
        } else {
          changes.deleted_folders.push_back(key);
        }
      } else if (active) {
        const json& a = entity["attributes"];
        changes.newer_keys.insert(key);
        changes.newer_objects.push_back({key, a.value("s3ObjectSize", int64_t{0}),
                                         a.value("s3ObjectLastModifiedTime", int64_t{0}),
                                         a.value("s3ETag", "")});
      } else {
        changes.deleted_keys.insert(key);
      }
    }
    return Ok();
  });
  if (!searched) return std::unexpected(searched.error());
  return changes;
}

bool ReportChanges::Replaces(const std::string& key) const {
  if (deleted_keys.contains(key)) return true;
  if (newer_keys.contains(key)) return true;
  return std::ranges::any_of(deleted_folders, [&](const std::string& folder) {
    return key.size() > folder.size() && key.starts_with(folder) && key[folder.size()] == '/';
  });
}

Status KeepNewerFromArchive(atl::AtlanClient& atlan, const Scope& scope, int page_size,
                            ReportChanges& changes, ExistingAssets& existing) {
  if (existing.undesired.empty()) return Ok();
  std::vector<std::string> names;
  for (const auto& candidate : existing.undesired) names.push_back(candidate.qualified_name);
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::ActiveOnly(), atl::Term("connectionQualifiedName", scope.connection_qn),
       atl::Terms("qualifiedName", names), After("__modificationTimestamp", changes.report_ms)});
  spec.attributes = {"qualifiedName"};
  spec.page_size = page_size;
  std::set<std::string> newer;
  auto searched = atl::SearchAll(atlan, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& entity : page.entities) {
      newer.insert(atl::StringAttribute(entity, "qualifiedName"));
    }
    return Ok();
  });
  if (!searched) return std::unexpected(searched.error());
  changes.kept += std::erase_if(existing.undesired, [&](const PlannedChange& candidate) {
    return newer.contains(candidate.qualified_name);
  });
  return Ok();
}

void KeepNewerFolders(ReportChanges& changes, Plan& plan) {
  if (changes.newer_folders.empty()) return;
  const size_t dropped = std::erase_if(plan.writes, [&](const PlannedWrite& write) {
    return write.type == AssetType::kPrefix && !write.create &&
           changes.newer_folders.contains(QualifiedNameOf(*plan.sources, write));
  });
  plan.unchanged += static_cast<int64_t>(dropped);
  changes.kept += dropped;
}

}  // namespace delta_arc::lineage
