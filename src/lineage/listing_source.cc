// The full run's source; see listing_source.h.
#include "lineage/listing_source.h"

#include <algorithm>
#include <iterator>

#include "common/utf8.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

RunOptions ListingSource::Options() const {
  return {.gather_after_start = config_.prefix_lineage() || deps_.listing != nullptr,
          .needs_s3_connection = false,
          .warn_unused_mapping = true,
          .look_for_scopes_left_behind = true,
          .guard_mass_archive = true,
          .save_header_cache = true,
          // A plan that kept changes newer than the report does not show what the scope holds.
          .keep_snapshot = !since_report_ || since_report_->kept == 0,
          .process_writes = ProcessWrites::kReplace};
}

// The objects to register; ignored keys only go to the report, with the reason.
// With `start` (the catalogs loaded): at the prefix level the listing is folded as it is
// read and only what the plan needs is kept (FoldPage); from a report, what changed
// after it replaces what it says.
Status ListingSource::Gather(const RunStart* start, RunReport& report) {
  size_t cache_keys = 0;
  int64_t listed = 0;
  bool asked_about_report = false;
  std::optional<ObjectMatcher> matcher;
  if (start != nullptr && config_.prefix_lineage()) {
    fold_.emplace(config_.s3_prefix);
    matcher.emplace(config_.s3_prefix, mapping_, start->sources->source, start->sources->target);
  }
  std::map<std::string, ObjectInfo> standing;  // table folder → the file standing for it
  const ProgressStep listing(
      deps_.progress, deps_.listing ? "reading the S3 Inventory report" : "listing the bucket", 0,
      "objects");
  const auto keep = [&](std::vector<ObjectInfo>&& taken) {
    listed += static_cast<int64_t>(taken.size());
    if (matcher) {
      FoldPage(std::move(taken), *matcher, standing);
    } else {
      std::ranges::move(taken, std::back_inserter(listed_));
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
        report.objects.push_back({Printable(object.key), "", "", *why});
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
  for (auto& [folder, object] : standing) listed_.push_back(std::move(object));
  std::ranges::sort(listed_, {}, &ObjectInfo::key);
  report.s3_objects = listed;
  if (CacheUnderDataPrefix(config_)) {
    deps_.log.Info(
        "the discovery cache is kept under S3_PREFIX in the same bucket "
        "(CACHE_S3_BUCKET, CACHE_S3_PREFIX): its keys are not registered",
        {{"cache_prefix", config_.cache_s3_prefix}, {"keys", cache_keys}});
  }
  deps_.log.Info("listed the bucket", {{"bucket", config_.s3_bucket_name},
                                       {"prefix", config_.s3_prefix},
                                       {"objects", listed},
                                       {"kept", listed_.size()},
                                       {"ignored", report.objects.size()}});
  if (listed == 0) {
    // Often a mistyped S3_PREFIX; a full run then archives what it registered before.
    deps_.log.Warn("no objects under the prefix: check S3_BUCKET_NAME and S3_PREFIX",
                   {{"bucket", config_.s3_bucket_name}, {"prefix", config_.s3_prefix}});
  }
  return Ok();
}

Result<bool> ListingSource::Collect(PlanSources& sources, RunReport& /*report*/) {
  sources.objects = std::move(listed_);
  sources.match =
      MatchObjects(sources.objects, config_.s3_prefix, mapping_, sources.source, sources.target);
  if (config_.prefix_lineage()) {
    if (auto s = Fold(sources); !s) return std::unexpected(s.error());
  }
  // Only a listing of the whole bucket knows its object count; deployments on prefixes
  // of one bucket would otherwise overwrite each other's.
  if (config_.s3_prefix.empty()) {
    sources.bucket_object_count = static_cast<int64_t>(sources.objects.size());
  }
  return true;
}

void ListingSource::Describe(const PlanSources& sources, RunReport& report) {
  DescribeMatches(sources, report);
  // Ignored keys were reported while listing: every key in key order again.
  std::ranges::stable_sort(report.objects, {}, &ObjectReport::key);
}

Result<ExistingAssets> ListingSource::Existing(const PlanSources& sources, bool connection_exists,
                                               const std::unordered_set<uint64_t>& desired) {
  return FetchExisting(deps_.atlan, sources.scope,
                       {.connection_exists = connection_exists,
                        .only_names = std::nullopt,
                        .name_prefixes = {},
                        .keep_attributes = false,
                        .tags = config_.s3_tags,
                        .page_size = config_.atlan_page_size,
                        .desired = &desired});
}

Status ListingSource::Amend(const PlanSources& sources, ExistingAssets& existing) {
  if (!since_report_) return Ok();
  return KeepNewerFromArchive(deps_.atlan, sources.scope, config_.atlan_page_size, *since_report_,
                              existing);
}

void ListingSource::Amend(Plan& plan) {
  if (!since_report_) return;
  KeepNewerFolders(*since_report_, plan);
  if (since_report_->kept > 0) {
    deps_.log.Info("S3 Inventory: kept what Atlan shows changed after the report",
                   {{"assets", since_report_->kept}});
  }
}

// S3_INVENTORY: once the listing has found its report, what Atlan shows changed in S3
// after it (nothing to ask before the S3 connection exists).
Status ListingSource::FindChangesSinceReport(const RunStart& start) {
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
void ListingSource::FoldPage(std::vector<ObjectInfo>&& page, const ObjectMatcher& matcher,
                             std::map<std::string, ObjectInfo>& standing) {
  MatchResult scratch;
  for (auto& object : page) {
    const ObjectDecision d = matcher.Decide(object.key, scratch);
    const size_t folder_end = d.reason.empty() ? d.folder_end : 0;
    fold_->Add(object.key, object.last_modified, folder_end);
    if (config_.s3_register_objects || folder_end == 0) {
      listed_.push_back(std::move(object));
      continue;
    }
    auto [it, inserted] = standing.try_emplace(object.key.substr(0, folder_end), object);
    if (!inserted && FolderFold::StandsBefore(object, it->second)) it->second = std::move(object);
  }
}

// S3_LINEAGE_LEVEL=prefix: the folders that stand for their tables' objects.
Status ListingSource::Fold(PlanSources& sources) {
  // Folded while listing (Gather), so sources.objects may be fewer than were folded.
  if (auto s =
          FoldIntoFolders(config_, mapping_, deps_.bucket, *fold_, fold_->UpperFolders(), sources);
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
  deps_.log.Info("folded the objects into folders", {{"folders", sources.folded.prefixes.size()}});
  return Ok();
}

}  // namespace delta_arc::lineage
