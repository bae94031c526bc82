// The incremental run for object events (RunIncremental in pipeline.h): no
// listing of the bucket. A created object is upserted and appended to its
// table's processes with appendRelationshipAttributes, so concurrent events for
// other files of the same table never overwrite each other; a deleted object is
// archived, which ends its relationships. The scheduled full sync tidies what an
// event cannot see (e.g. a process left without objects).
#include <chrono>
#include <set>

#include "lineage/catalog_loader.h"
#include "lineage/pipeline.h"
#include "lineage/run_steps.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// The qualifiedNames a relationship attribute of an existing asset points at.
std::set<std::string> Members(const ExistingAsset& asset, const char* attribute) {
  if (!asset.attributes.is_object() || !asset.attributes.contains(attribute)) return {};
  const auto names = ReferencedNames(asset.attributes[attribute]);
  return {names.begin(), names.end()};
}

class IncrementalRun {
 public:
  IncrementalRun(const Config& config, const Mapping& mapping, PipelineDeps& deps)
      : config_(config), mapping_(mapping), deps_(deps) {}

  Result<RunReport> Execute(const std::vector<ObjectEvent>& events) {
    const auto started = std::chrono::steady_clock::now();
    const atlan::AtlanCallStats before = deps_.atlan.stats();
    auto found = FindConnections(deps_.atlan, ConnectionNamesOf(config_), deps_.log);
    if (!found) return std::unexpected(found.error());
    if (!found->s3) {
      // Nothing registered yet (or not yet searchable): an event cannot build the graph
      // alone, a full sync can, and it finds a connection search does not show yet.
      deps_.log.Info("no S3 connection yet: running a full sync instead");
      return RunPipeline(config_, mapping_, deps_, true);
    }
    auto connection = ResolveS3Connection(deps_.atlan, found->s3, config_.s3_connection_name,
                                          deps_.now_ms(), deps_.log);
    if (!connection) return std::unexpected(connection.error());
    if (auto s = Sort(events); !s) return std::unexpected(s.error());
    auto loaded =
        LoadCatalogs(config_, deps_.atlan, deps_.cache, deps_.log, *found, CacheWrites::kAllowed);
    if (!loaded) return std::unexpected(loaded.error());
    report_.cache_hit = loaded->cache_hit;
    auto sources = std::make_shared<PlanSources>();
    sources->postgres = std::move(loaded->catalogs.postgres);
    sources->snowflake = std::move(loaded->catalogs.snowflake);
    sources->objects = std::move(created_);
    report_.postgres_assets = sources->postgres.asset_count;
    report_.snowflake_assets = sources->snowflake.asset_count;
    report_.s3_objects = static_cast<int64_t>(sources->objects.size());
    sources->scope = Scope{connection->qualified_name, config_.s3_bucket_name,
                           config_.s3_bucket_arn, config_.s3_prefix};
    sources->connection_name = config_.s3_connection_name;
    report_.s3_connection_qn = sources->scope.connection_qn;

    sources->match = MatchObjects(sources->objects, config_.s3_prefix, mapping_, sources->postgres,
                                  sources->snowflake);
    WarnAmbiguous(sources->match, deps_.log);
    ReadHeadersAndLinkColumns(deps_.bucket, deps_.log, sources->objects, mapping_, sources->match);
    DescribeMatches(sources->objects, sources->match, report_);
    report_.unpartnered.clear();  // only meaningful for a full listing
    GroupLoads(*sources);

    auto existing = FetchExisting(deps_.atlan, sources->scope,
                                  {.connection_exists = true,
                                   .only_names = Names(*sources),
                                   .keep_attributes = true,
                                   .page_size = config_.atlan_page_size,
                                   .desired = nullptr});
    if (!existing) return std::unexpected(existing.error());
    if (existing->bucket && existing->bucket_connection_qn != sources->scope.connection_qn) {
      return Fail(ErrorKind::kConflict, "S3_BUCKET_ARN: " + sources->scope.bucket_arn +
                                            " is registered under connection " +
                                            existing->bucket_connection_qn);
    }
    report_.plan.sources = sources;
    Plan(*sources, *existing);
    if (auto s = ApplyPlan(config_, deps_, *connection, report_); !s) {
      return std::unexpected(s.error());
    }
    FinishReport(report_, before, deps_.atlan.stats(), started);
    return std::move(report_);
  }

 private:
  // Splits the events into objects to upsert and keys to archive; skips the rest.
  Status Sort(const std::vector<ObjectEvent>& events) {
    std::set<std::string> seen;
    for (const auto& event : events) {
      std::string skip;
      if (event.bucket != config_.s3_bucket_name) {
        skip = "another bucket (" + event.bucket + ")";
      } else if (!KeyBelowPrefix(event.key, config_.s3_prefix) || event.key.ends_with('/')) {
        skip = "outside S3_PREFIX";
      } else if (auto why = WhyKeyIgnored(config_, mapping_, event.key)) {
        skip = *why;
      } else if (!seen.insert(event.key).second) {
        continue;  // the same object twice in one batch
      }
      if (!skip.empty()) {
        deps_.log.Info("event ignored: " + skip, {{"bucket", event.bucket}, {"key", event.key}});
        report_.objects.push_back({event.key, "", "", "skipped: " + skip});
        continue;
      }
      if (event.change == ObjectChange::kDeleted) {
        deleted_.push_back(event.key);
        continue;
      }
      auto head = deps_.bucket.Head(event.key);
      if (!head) {
        // Deleted again before we looked: the archive is what is true now.
        if (head.error().kind == ErrorKind::kNotFound) {
          deps_.log.Info("object from a created event no longer exists; archived if registered",
                         {{"key", event.key}});
          deleted_.push_back(event.key);
          continue;
        }
        // Without s3:ListBucket on the key, S3 answers 403 rather than 404 for a key
        // that is gone (a temporary file deleted right after it was written). Its
        // Object Deleted event archives it if it was registered; nothing to add now.
        if (head.error().kind == ErrorKind::kUnauthorized) {
          deps_.log.Warn("cannot read an object from an event; skipped",
                         {{"key", event.key}, {"error", head.error().message}});
          report_.objects.push_back({event.key, "", "", "skipped: not readable (403)"});
          continue;
        }
        return std::unexpected(head.error());
      }
      created_.push_back(std::move(*head));
    }
    return Ok();
  }

  std::vector<std::string> Names(const PlanSources& s) const {
    std::vector<std::string> names;
    for (const auto& o : s.objects) names.push_back(s.scope.ObjectQualifiedName(o.key));
    for (const auto& key : deleted_) names.push_back(s.scope.ObjectQualifiedName(key));
    for (const auto& link : s.match.links) {
      if (link.postgres) {
        names.push_back(s.scope.ExtractProcessQualifiedName(link.postgres->qualified_name));
      }
      if (link.snowflake) {
        names.push_back(s.scope.LoadProcessQualifiedName(link.snowflake->qualified_name));
      }
      for (const auto& c : link.columns) {
        names.push_back(
            s.scope.ColumnProcessQualifiedName(ColumnQualifiedName(*link.postgres, *c.postgres),
                                               ColumnQualifiedName(*link.snowflake, *c.snowflake)));
      }
    }
    return names;
  }

  // A process gets the event's objects it lacks appended, or is created with them.
  void AddToProcess(PlanDiff& diff, const PlanSources& s, PlannedWrite write, const std::string& qn,
                    const std::string& name, const std::vector<size_t>& objects, bool extract) {
    const char* side = extract ? "outputs" : "inputs";
    const ExistingAsset* existing = diff.Find("Process", qn);
    if (existing == nullptr) {
      diff.Want(write);
      return;
    }
    const auto members = Members(*existing, side);
    std::vector<json> missing;
    for (size_t i : objects) {
      const std::string object_qn = s.scope.ObjectQualifiedName(s.objects[i].key);
      if (!members.contains(object_qn))
        missing.push_back(RefByQualifiedName("S3Object", object_qn));
    }
    if (missing.empty()) {
      ++report_.plan.unchanged;
      return;
    }
    json edit = ProcessEntity(s.scope, qn, name, {}, {});
    edit["attributes"].erase("inputs");
    edit["attributes"].erase("outputs");
    edit["appendRelationshipAttributes"] = {{side, missing}};
    diff.Update(std::move(edit));
  }

  void Plan(const PlanSources& s, const ExistingAssets& existing) {
    PlanDiff diff(report_.plan, existing);
    if (!existing.bucket) diff.Want({WriteKind::kBucket, false, 0, 0});
    for (uint32_t i = 0; i < s.objects.size(); ++i) diff.Want({WriteKind::kObject, false, i, 0});
    report_.plan.objects = static_cast<int64_t>(s.objects.size());
    for (uint32_t i = 0; i < s.match.links.size(); ++i) {
      const TableLink& link = s.match.links[i];
      if (link.postgres == nullptr) continue;
      AddToProcess(diff, s, {WriteKind::kExtract, false, i, 0},
                   s.scope.ExtractProcessQualifiedName(link.postgres->qualified_name),
                   link.postgres->name + " → S3", link.objects, true);
    }
    for (uint32_t i = 0; i < s.loads.size(); ++i) {
      const auto& [table, objects] = s.loads[i];
      AddToProcess(diff, s, {WriteKind::kLoad, false, i, 0},
                   s.scope.LoadProcessQualifiedName(table->qualified_name), "S3 → " + table->name,
                   objects, false);
    }
    for (uint32_t i = 0; i < s.match.links.size(); ++i) {
      const TableLink& link = s.match.links[i];
      if (!link.postgres || !link.snowflake) continue;
      for (uint32_t c = 0; c < link.columns.size(); ++c) {
        diff.Want({WriteKind::kColumnProcess, false, i, c});
      }
    }
    for (const auto& key : deleted_) {
      const std::string qn = s.scope.ObjectQualifiedName(key);
      if (const ExistingAsset* asset = diff.Find("S3Object", qn)) {
        report_.plan.archives.push_back({"S3Object", qn, NameFromQualifiedName(qn), asset->guid});
      }
      report_.objects.push_back({key, "", "", "deleted"});
    }
  }

  const Config& config_;
  const Mapping& mapping_;
  PipelineDeps& deps_;
  std::vector<ObjectInfo> created_;
  std::vector<std::string> deleted_;
  RunReport report_;
};

}  // namespace

Result<RunReport> RunIncremental(const Config& config, const Mapping& mapping, PipelineDeps& deps,
                                 const std::vector<ObjectEvent>& events) {
  return IncrementalRun(config, mapping, deps).Execute(events);
}

}  // namespace delta_arc::lineage
