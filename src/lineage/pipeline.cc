// The pipeline; see pipeline.h.
#include "lineage/pipeline.h"

#include <algorithm>
#include <chrono>

#include "atlan/entity_writes.h"
#include "lineage/catalog_loader.h"
#include "lineage/run_steps.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

json ChangesJson(const std::vector<PlannedChange>& changes) {
  json out = json::array();
  for (const auto& c : changes) {
    json item = {{"typeName", c.type_name}, {"qualifiedName", c.qualified_name}, {"name", c.name}};
    if (!c.guid.empty()) item["guid"] = c.guid;
    out.push_back(std::move(item));
  }
  return out;
}

int64_t CountType(const std::vector<PlannedChange>& changes, const std::string& type) {
  return std::count_if(changes.begin(), changes.end(),
                       [&](const PlannedChange& c) { return c.type_name == type; });
}

class Run {
 public:
  Run(const Config& config, const Mapping& mapping, PipelineDeps& deps)
      : config_(config), mapping_(mapping), deps_(deps) {}

  Result<RunReport> Execute(bool apply) {
    const auto started = std::chrono::steady_clock::now();
    // The client lives as long as the Lambda container: count this run's share only.
    const atlan::AtlanCallStats before = deps_.atlan.stats();
    auto found = FindConnections(
        deps_.atlan, {config_.postgres_connection_name, config_.snowflake_connection_name,
                      config_.s3_connection_name});
    if (!found) return std::unexpected(found.error());
    auto loaded = LoadCatalogs(config_, deps_.atlan, deps_.cache, deps_.log, *found);
    if (!loaded) return std::unexpected(loaded.error());
    report_.cache_hit = loaded->cache_hit;
    const Catalogs* catalogs = &loaded->catalogs;
    report_.postgres_assets = catalogs->postgres.asset_count;
    report_.snowflake_assets = catalogs->snowflake.asset_count;
    if (auto s = ListObjects(); !s) return std::unexpected(s.error());

    MatchResult match = MatchObjects(objects_, config_.s3_prefix, mapping_, catalogs->postgres,
                                     catalogs->snowflake);
    ReadHeadersAndLinkColumns(deps_.bucket, deps_.log, objects_, mapping_, match);
    DescribeMatches(objects_, match, report_);

    Scope scope{
        found->s3 ? found->s3->qualified_name : "default/s3/" + std::to_string(NowMillis() / 1000),
        config_.s3_bucket_name, config_.s3_bucket_arn, config_.s3_prefix};
    report_.s3_connection_qn = scope.connection_qn;
    auto existing = FetchExisting(deps_.atlan, scope,
                                  {.connection_exists = found->s3.has_value(),
                                   .only_names = std::nullopt,
                                   .keep_attributes = false,
                                   .page_size = config_.atlan_page_size});
    if (!existing) return std::unexpected(existing.error());
    PlanInput input{
        scope,     config_.s3_connection_name, found->s3.has_value(), {}, &objects_, &match,
        &*existing};
    if (!found->s3 && apply) {
      auto admins = Admins();
      if (!admins) return std::unexpected(admins.error());
      input.admins = *admins;
    }
    auto plan = BuildPlan(input);
    if (!plan) return std::unexpected(plan.error());
    report_.plan = std::move(*plan);
    deps_.log.Info("planned", {{"creates", report_.plan.creates.size()},
                               {"updates", report_.plan.updates.size()},
                               {"archives", report_.plan.archives.size()},
                               {"unchanged", report_.plan.unchanged}});
    if (apply) {
      if (auto s = ApplyPlan(config_, deps_, report_); !s) return std::unexpected(s.error());
    }
    report_.atlan_requests = deps_.atlan.stats().requests - before.requests;
    report_.atlan_retries = deps_.atlan.stats().retries - before.retries;
    report_.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
    return std::move(report_);
  }

 private:
  Status ListObjects() {
    auto status = deps_.bucket.List(config_.s3_prefix, [&](std::vector<ObjectInfo>&& page) {
      for (auto& object : page) {
        if (!object.key.ends_with('/')) objects_.push_back(std::move(object));  // folder markers
      }
      return Ok();
    });
    if (!status) return status;
    std::sort(objects_.begin(), objects_.end(),
              [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    report_.s3_objects = static_cast<int64_t>(objects_.size());
    deps_.log.Info("listed the bucket", {{"bucket", config_.s3_bucket_name},
                                         {"prefix", config_.s3_prefix},
                                         {"objects", objects_.size()}});
    return Ok();
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
  std::vector<ObjectInfo> objects_;
  RunReport report_;
};

}  // namespace

int64_t RunReport::PlannedCreates(const std::string& type) const {
  return CountType(plan.creates, type);
}
int64_t RunReport::PlannedUpdates(const std::string& type) const {
  return CountType(plan.updates, type);
}
int64_t RunReport::PlannedArchives(const std::string& type) const {
  return CountType(plan.archives, type);
}

json RunReport::ToJson() const {
  json objects_json = json::array();
  for (const auto& o : objects) {
    json item = {{"key", o.key}};
    item["postgresTable"] = o.postgres_table.empty() ? json() : json(o.postgres_table);
    item["snowflakeTable"] = o.snowflake_table.empty() ? json() : json(o.snowflake_table);
    if (!o.reason.empty()) item["reason"] = o.reason;
    objects_json.push_back(std::move(item));
  }
  json unpartnered_json = json::array();
  for (const auto& u : unpartnered) {
    unpartnered_json.push_back(
        {{"connection", u.connection}, {"qualifiedName", u.qualified_name}, {"reason", u.reason}});
  }
  json by_type = json::object();
  for (const char* type : {"Connection", "S3Bucket", "S3Object", "Process", "ColumnProcess"}) {
    by_type[type] = {{"create", PlannedCreates(type)},
                     {"update", PlannedUpdates(type)},
                     {"archive", PlannedArchives(type)}};
  }
  return {{"applied", applied},
          {"complete", complete},
          {"s3_connection_qualified_name", s3_connection_qn},
          {"postgres_assets_count", postgres_assets},
          {"snowflake_assets_count", snowflake_assets},
          {"s3_objects_count", s3_objects},
          {"cache_hit", cache_hit},
          {"created", created},
          {"updated", updated},
          {"archived", archived},
          {"unchanged", plan.unchanged},
          {"by_type", by_type},
          {"changes",
           {{"create", ChangesJson(plan.creates)},
            {"update", ChangesJson(plan.updates)},
            {"archive", ChangesJson(plan.archives)}}},
          {"objects", objects_json},
          {"unpartnered_tables", unpartnered_json},
          {"atlan_requests", atlan_requests},
          {"atlan_retries", atlan_retries},
          {"duration_ms", duration_ms}};
}

Result<RunReport> RunPipeline(const Config& config, const Mapping& mapping, PipelineDeps& deps,
                              bool apply) {
  return Run(config, mapping, deps).Execute(apply);
}

}  // namespace delta_arc::lineage
