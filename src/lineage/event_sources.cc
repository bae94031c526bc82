// The event run's sources; see event_sources.h.
#include "lineage/event_sources.h"

#include <algorithm>
#include <set>

#include "atlan/entity_attributes.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

ObjectInfo RegisteredObject(const json& attributes) {
  // Typed reads: a field of another type reads as absent, never as an exception.
  return {atlan::StringField(attributes, "s3ObjectKey"),
          atlan::IntegerField(attributes, "s3ObjectSize"),
          atlan::IntegerField(attributes, "s3ObjectLastModifiedTime"),
          atlan::StringField(attributes, "s3ETag")};
}

}  // namespace

RunOptions EventSource::Options() const {
  // An event run sees a few tables of the scope, so judges nothing of the whole of it.
  return {.gather_after_start = false,
          .needs_s3_connection = true,
          .warn_unused_mapping = false,
          .look_for_scopes_left_behind = false,
          .guard_mass_archive = false,
          .save_header_cache = false,
          .keep_snapshot = false,
          .process_writes = ProcessWrites::kAppend};
}

std::optional<std::string> EventSource::WhySkipped(const ObjectEvent& event) const {
  if (auto outside = WhyEventOutsideScope(config_, event)) return outside;
  return WhyKeyIgnored(config_, mapping_, event.key);
}

bool EventSource::AnyEventToRead() const {
  return std::ranges::any_of(events_, [&](const ObjectEvent& e) { return !WhySkipped(e); });
}

Status EventSource::Gather(const RunStart* /*start*/, RunReport& report) {
  std::set<std::string> seen;
  for (const auto& event : events_) {
    if (auto skip = WhySkipped(event)) {
      deps_.log.Info("event ignored: " + *skip, {{"bucket", event.bucket}, {"key", event.key}});
      report.objects.push_back({event.key, "", "", "skipped: " + *skip});
      continue;
    }
    if (!seen.insert(event.key).second) {
      continue;  // the same object twice in one batch: one look tells what is true now
    }
    auto head = deps_.bucket.Head(event.key);
    if (head) {
      if (auto why = WhyObjectIgnored(config_, mapping_, *head)) {
        deps_.log.Warn("event ignored: " + *why, {{"key", event.key}});
        report.objects.push_back({event.key, "", "", "skipped: " + *why});
        continue;
      }
      present_.push_back(std::move(*head));
      continue;
    }
    if (head.error().kind == ErrorKind::kNotFound) {
      if (event.change == ObjectChange::kCreated) {
        deps_.log.Info("object from a created event no longer exists; archived if registered",
                       {{"key", event.key}});
      }
      gone_.push_back(event.key);
      continue;
    }
    // Without s3:ListBucket on the key, S3 answers 403 rather than 404 for a key that
    // is gone: a deleted event is then believed. A created one fails alone: 403 does not
    // pass by itself (a bucket policy, a KMS key, an object owned by another account),
    // so its message goes back to the queue and, after its retries, to the dead-letter
    // queue, where the change waits to be seen rather than lost. The other events run.
    if (head.error().kind == ErrorKind::kUnauthorized ||
        head.error().kind == ErrorKind::kForbidden) {
      if (event.change == ObjectChange::kDeleted) {
        gone_.push_back(event.key);
        continue;
      }
      const std::string error =
          "cannot read the object (403, access denied: check the function's s3:GetObject and "
          "any KMS key of the bucket): " +
          head.error().message;
      deps_.log.Error("an event's object cannot be read; the event fails",
                      {{"key", event.key}, {"error", error}});
      report.failed_events.push_back({event.key, error});
      report.objects.push_back({event.key, "", "", "failed: " + error});
      continue;
    }
    return std::unexpected(head.error());
  }
  report.s3_objects = static_cast<int64_t>(present_.size());
  return Ok();
}

std::vector<ObjectInfo> EventSource::EventObjects() const {
  std::vector<ObjectInfo> objects = present_;
  for (const auto& key : gone_) objects.push_back({key, 0, 0, ""});
  return objects;
}

Status EventSource::AddHeldObjects(PlanSources& s,
                                   const std::vector<std::string>& covered_folders) {
  std::set<std::string> event_keys(gone_.begin(), gone_.end());
  for (const auto& o : present_) event_keys.insert(o.key);
  const std::string object_prefix = s.scope.ObjectQualifiedName("");
  std::vector<std::string> held;
  for (const auto& [key, asset] : existing_.owned) {
    if (asset.type != AssetType::kProcess) continue;
    for (const char* side : {"inputs", "outputs"}) {
      for (const auto& qn : Members(asset, side)) {
        if (!qn.starts_with(object_prefix)) continue;  // a table
        const std::string member = qn.substr(object_prefix.size());
        const auto covered = [&](const std::string& f) {
          return member == f || member.starts_with(f + '/');  // a touched folder, or in one
        };
        if (!event_keys.contains(member) && std::ranges::none_of(covered_folders, covered)) {
          held.push_back(qn);
        }
      }
    }
  }
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  if (!held.empty()) {
    auto found = FetchNamed(s.scope, held, {});
    if (!found) return std::unexpected(found.error());
    for (const auto& qn : held) {
      auto it = found->owned.find(AssetKey(AssetType::kObject, qn));
      if (it != found->owned.end()) {
        s.objects.push_back(RegisteredObject(it->second.attributes));
        existing_.owned.insert(*it);
        continue;
      }
      auto head = deps_.bucket.Head(qn.substr(object_prefix.size()));
      if (head) {
        s.objects.push_back(std::move(*head));
      } else if (head.error().kind != ErrorKind::kNotFound) {
        return std::unexpected(head.error());
      }
    }
  }
  return Ok();
}

std::vector<std::string> EventSource::DesiredNamesOf(const PlanSources& s,
                                                     std::vector<ObjectInfo> objects) const {
  auto alone = std::make_shared<PlanSources>();
  alone->scope = s.scope;
  alone->objects = std::move(objects);
  std::ranges::sort(alone->objects, {}, &ObjectInfo::key);
  alone->match = MatchObjects(alone->objects, config_.s3_prefix, mapping_, s.source, s.target);
  for (auto& link : alone->match.links) LinkColumns(link, mapping_);  // no header: all pairs
  if (config_.prefix_lineage()) {
    alone->prefix_lineage = true;
    alone->register_objects = config_.s3_register_objects;
    alone->folded = FoldPrefixes(alone->objects, alone->match, config_.s3_prefix,
                                 config_.s3_register_objects, {});
  }
  GroupLoads(*alone);
  std::vector<std::string> names;
  for (const PlannedWrite& write : DesiredWrites(*alone)) {
    if (InfoOf(write.type).Scoped()) names.push_back(QualifiedNameOf(*alone, write));
  }
  return names;
}

Result<ExistingAssets> EventSource::FetchNamed(const Scope& scope, std::vector<std::string> names,
                                               std::vector<std::string> name_prefixes) {
  return FetchExisting(deps_.atlan, scope,
                       {.connection_exists = true,
                        .only_names = std::move(names),
                        .name_prefixes = std::move(name_prefixes),
                        .keep_attributes = true,
                        .tags = config_.s3_tags,
                        .page_size = config_.atlan_page_size,
                        .desired = nullptr});
}

Result<ExistingAssets> EventSource::Existing(const PlanSources& /*sources*/,
                                             bool /*connection_exists*/,
                                             const std::unordered_set<uint64_t>& desired) {
  SplitUndesired(existing_, desired);
  return std::move(existing_);
}

void EventSource::Describe(const PlanSources& s, RunReport& report) {
  RunReport all;
  DescribeMatches(s, all);
  std::set<std::string> present;
  for (const auto& o : present_) present.insert(o.key);
  for (auto& o : all.objects) {
    if (present.contains(o.key)) report.objects.push_back(std::move(o));
  }
  for (const auto& key : gone_) report.objects.push_back({key, "", "", "deleted"});
}

Result<bool> ObjectEvents::Collect(PlanSources& sources, RunReport& /*report*/) {
  auto existing = FetchTouched(sources);
  if (!existing) return std::unexpected(existing.error());
  existing_ = std::move(*existing);
  sources.objects = present_;
  if (auto s = AddHeldObjects(sources, {}); !s) return std::unexpected(s.error());
  std::ranges::sort(sources.objects, {}, &ObjectInfo::key);
  sources.match =
      MatchObjects(sources.objects, config_.s3_prefix, mapping_, sources.source, sources.target);
  return true;
}

// What Atlan holds of the touched tables: the events' objects, the tables' processes
// and every column process their columns could have (all matching pairs, whatever
// the headers say). Found by the generator on the events' objects alone.
Result<ExistingAssets> ObjectEvents::FetchTouched(const PlanSources& s) {
  return FetchNamed(s.scope, DesiredNamesOf(s, EventObjects()), {});
}

Result<bool> TouchedFolders::Collect(PlanSources& sources, RunReport& /*report*/) {
  auto listed = ListTouchedFolders(sources);
  if (!listed) return std::unexpected(listed.error());
  if (!*listed) {
    deps_.log.Info(
        "S3_LINEAGE_LEVEL=prefix: an event's table has no folder (its key template binds "
        "the table in the file name): running a full sync instead");
    return false;
  }
  auto existing = FetchTouchedFolders(sources);
  if (!existing) return std::unexpected(existing.error());
  existing_ = std::move(*existing);
  if (auto s = AddHeldObjects(sources, touched_folders_); !s) return std::unexpected(s.error());
  if (auto s = FoldTouchedFolders(sources); !s) return std::unexpected(s.error());
  return true;
}

// S3_LINEAGE_LEVEL=prefix: the input is every object of the table folders the events
// touch, as listing each shows it now (FoldTouchedFolders folds it). False, for a full
// sync instead, when an event's table has no folder, or when objects are registered and
// an event's key matches no table outside those folders. Otherwise such a key changes no
// lineage, and its folder's counts follow at the next full sync.
Result<bool> TouchedFolders::ListTouchedFolders(PlanSources& s) {
  const std::vector<ObjectInfo> events = EventObjects();
  const MatchResult match = MatchObjects(events, config_.s3_prefix, mapping_, s.source, s.target);
  std::set<std::string> folders;
  for (const ObjectDecision& d : match.objects) {
    if (!d.reason.empty()) continue;
    if (d.folder_end == 0) return false;
    folders.insert(events[d.object].key.substr(0, d.folder_end));
  }
  // A key that matches no table is registered only with the objects; then its folder's
  // listing must cover it, or the event takes a full sync.
  for (const ObjectDecision& d : match.objects) {
    const std::string& key = events[d.object].key;
    const auto in_touched = [&](const std::string& f) { return key.starts_with(f + '/'); };
    if (!d.reason.empty() && config_.s3_register_objects &&
        std::ranges::none_of(folders, in_touched)) {
      return false;
    }
  }
  touched_folders_.assign(folders.begin(), folders.end());
  upper_folders_ = UpperFolders(events, match, config_.s3_prefix);
  for (const std::string& folder : touched_folders_) {
    auto status = deps_.bucket.List(folder + '/', [&](std::vector<ObjectInfo>&& page) {
      for (auto& object : page) {
        if (!object.key.ends_with('/') && !WhyObjectIgnored(config_, mapping_, object)) {
          s.objects.push_back(std::move(object));
        }
      }
      return Ok();
    });
    if (!status) return std::unexpected(status.error());
  }
  return true;
}

// What Atlan holds of the touched table folders: everything below each, the folders
// themselves and those above them, and the tables' processes and every column process
// their columns could have (all matching pairs, whatever the headers say).
Result<ExistingAssets> TouchedFolders::FetchTouchedFolders(const PlanSources& s) {
  std::vector<ObjectInfo> objects = EventObjects();
  objects.insert(objects.end(), s.objects.begin(), s.objects.end());
  std::vector<std::string> below;  // everything under a touched folder, by prefix
  for (const auto& folder : touched_folders_) {
    below.push_back(s.scope.PrefixQualifiedName(folder) + '/');
  }
  std::vector<std::string> names;
  for (const auto& folder : upper_folders_) names.push_back(s.scope.PrefixQualifiedName(folder));
  for (std::string& name : DesiredNamesOf(s, std::move(objects))) {
    if (std::ranges::none_of(below, [&](const auto& p) { return name.starts_with(p); })) {
      names.push_back(std::move(name));
    }
  }
  return FetchNamed(s.scope, std::move(names), std::move(below));
}

// The listing (with the objects the tables' processes hold beside their folders) matched
// and folded, as a full run folds its listing.
Status TouchedFolders::FoldTouchedFolders(PlanSources& s) {
  std::ranges::stable_sort(s.objects, {}, &ObjectInfo::key);
  // Listed first: a folder nested in another, or a held object the listing has too.
  auto repeated = std::ranges::unique(s.objects, {}, &ObjectInfo::key);
  s.objects.erase(repeated.begin(), repeated.end());
  s.match = MatchObjects(s.objects, config_.s3_prefix, mapping_, s.source, s.target);
  const auto fold = FolderFold::Of(s.objects, s.match, config_.s3_prefix);
  return FoldIntoFolders(config_, mapping_, deps_.bucket, fold, upper_folders_, s);
}

}  // namespace delta_arc::lineage
