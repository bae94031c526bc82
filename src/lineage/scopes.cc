// Listing and retiring scopes; see scopes.h.
#include "lineage/scopes.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "atlan/entity_attributes.h"
#include "atlan/entity_writes.h"
#include "atlan/index_search.h"

namespace delta_arc::lineage {

using nlohmann::json;
namespace atl = delta_arc::atlan;

namespace {

// Atlan's S3 connections are `default/s3/<digits>` (as its SDKs and delta-arc name them).
constexpr const char* kS3Connections = "default/s3/";
const json kNewestFirst = {{"__modificationTimestamp", {{"order", "desc"}}}};

int64_t UpdateTimeOf(const json& entity) {
  const auto it = entity.find("updateTime");
  return it != entity.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

json NotUnder(const std::string& prefix) {
  return {{"bool", {{"must_not", json::array({atl::Prefix("qualifiedName", prefix)})}}}};
}

// Scopes gathered from their processes (and, for scopes without a record, the buckets of
// the objects those point at).
class ScopeCollector {
 public:
  void Add(const json& entity) {
    const std::string type = entity.value("typeName", "");
    const std::string connection = atl::StringAttribute(entity, "connectionQualifiedName");
    if (AssetTypeNamed(type) == AssetType::kBucket) {
      buckets_[connection].push_back(
          {atl::StringAttribute(entity, "qualifiedName"), atl::StringAttribute(entity, "awsArn")});
      guids_[atl::StringAttribute(entity, "qualifiedName")] = entity.value("guid", "");
      return;
    }
    const std::string id = ScopeIdIn(atl::StringAttribute(entity, "qualifiedName"), connection);
    if (id.empty()) return;
    Gathered& g = scopes_[{connection, id}];
    g.summary.id = id;
    g.summary.connection_qn = connection;
    ++g.summary.processes;
    g.summary.newest_ms = std::max(g.summary.newest_ms, UpdateTimeOf(entity));
    // An answer without attributes reads as one without a record or references.
    static const json kNone = json::object();
    const auto found = entity.find("attributes");
    const json& attributes = found != entity.end() && found->is_object() ? *found : kNone;
    // A record counts only for the scope it names: the id is its hash.
    if (auto record = ParseScopeRecord(attributes.value(kScopeRecordAttribute, json()));
        record && ScopeId(record->bucket_arn, record->prefix) == id) {
      g.summary.record = record;
    }
    for (const char* side : {"inputs", "outputs"}) {
      if (!attributes.contains(side) || !attributes[side].is_array()) continue;
      for (const auto& ref : attributes[side]) {
        if (!ref.is_object() || ref.value("typeName", json()) != TypeName(AssetType::kObject))
          continue;
        for (const auto& qn : ReferencedNames(ref))
          g.objects.emplace(qn, atl::StringField(ref, "guid"));
      }
    }
  }

  std::vector<ScopeSummary> Finish() {
    std::vector<ScopeSummary> out;
    for (auto& [key, g] : scopes_) {
      ScopeSummary& s = g.summary;
      if (s.record) {
        s.bucket_arn = s.record->bucket_arn;
      } else {
        s.referenced_objects.assign(g.objects.begin(), g.objects.end());
        s.objects = static_cast<int64_t>(s.referenced_objects.size());
        s.bucket_arn = BucketOf(s);
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  // Whether `object_qn` lies in another registration of the bucket under the connection
  // (an S3_BUCKET_ARN with a suffix: `<bucket qn>/<suffix>/…`), not in `bucket_qn` itself.
  bool InAnotherBucket(const std::string& connection_qn, const std::string& bucket_qn,
                       const std::string& object_qn) const {
    auto it = buckets_.find(connection_qn);
    if (it == buckets_.end()) return false;
    return std::ranges::any_of(it->second, [&](const auto& bucket) {
      return bucket.first.size() > bucket_qn.size() && object_qn.starts_with(bucket.first + "/");
    });
  }

  std::string BucketGuid(const std::string& qn) const {
    auto it = guids_.find(qn);
    return it == guids_.end() ? "" : it->second;
  }

 private:
  struct Gathered {
    ScopeSummary summary;
    std::map<std::string, std::string> objects;  // qualifiedName → guid
  };

  // The ARN of the bucket (under the scope's connection) its first object lies in.
  std::string BucketOf(const ScopeSummary& s) const {
    auto it = buckets_.find(s.connection_qn);
    if (it == buckets_.end() || s.referenced_objects.empty()) return "";
    const std::string& object = s.referenced_objects.front().first;
    std::string arn;
    size_t longest = 0;
    for (const auto& [qn, bucket_arn] : it->second) {
      if (object.starts_with(qn + "/") && qn.size() > longest) {
        longest = qn.size();
        arn = bucket_arn;
      }
    }
    return arn;
  }

  std::map<std::pair<std::string, std::string>, Gathered> scopes_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> buckets_;
  std::map<std::string, std::string> guids_;  // bucket qualifiedName → guid
};

std::vector<std::string> ScopeReadAttributes() {
  return {"qualifiedName", "connectionQualifiedName", "awsArn", kScopeRecordAttribute, "inputs",
          "outputs"};
}

// The count and newest modification of one type's ACTIVE assets under a prefix.
Result<std::pair<int64_t, int64_t>> CountUnder(atl::AtlanClient& client, AssetType type,
                                               const std::string& connection_qn,
                                               const std::string& prefix) {
  atl::SearchSpec spec;
  spec.filters = json::array({atl::ActiveOnly(), NamedUnder({type}, connection_qn, {prefix})});
  spec.attributes = {"qualifiedName"};
  auto page = atl::SearchFirst(client, spec, 1, kNewestFirst);
  if (!page) return std::unexpected(page.error());
  const int64_t newest = page->entities.empty() ? 0 : UpdateTimeOf(page->entities.front());
  return std::pair{page->approximate_count, newest};
}

struct Tenant {
  std::vector<ScopeSummary> scopes;
  ScopeCollector collector;
};

Result<Tenant> ReadScopes(atl::AtlanClient& client, int page_size) {
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::ActiveOnly(),
       atl::Terms("__typeName.keyword", TypeNames({AssetType::kProcess, AssetType::kBucket})),
       atl::Prefix("qualifiedName", kS3Connections)});
  spec.attributes = ScopeReadAttributes();
  spec.page_size = page_size;
  Tenant tenant;
  auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& entity : page.entities) tenant.collector.Add(entity);
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  tenant.scopes = tenant.collector.Finish();
  for (ScopeSummary& s : tenant.scopes) {
    auto columns = CountUnder(client, AssetType::kColumnProcess, s.connection_qn,
                              s.ProcessQualifiedNamePrefix());
    if (!columns) return std::unexpected(columns.error());
    s.column_processes = columns->first;
    s.newest_ms = std::max(s.newest_ms, columns->second);
    if (!s.record) continue;
    const Scope scope{s.connection_qn, "", s.record->bucket_arn, s.record->prefix};
    auto objects =
        CountUnder(client, AssetType::kObject, s.connection_qn, scope.ObjectQualifiedNamePrefix());
    if (!objects) return std::unexpected(objects.error());
    s.objects = objects->first;
    s.newest_ms = std::max(s.newest_ms, objects->second);
  }
  return tenant;
}

// Whether `other` (a scope of the same connection) still wants the object `qn`: it lies
// under the other's prefix in the other's bucket, or (no record) its processes point at it.
bool Wants(const ScopeSummary& other, const std::set<std::string>& other_refs,
           const std::string& qn) {
  if (other.record) {
    const Scope scope{other.connection_qn, "", other.record->bucket_arn, other.record->prefix};
    return qn.starts_with(scope.ObjectQualifiedNamePrefix());
  }
  return other_refs.contains(qn);
}

Status ArchivesOfProcesses(atl::AtlanClient& client, const ScopeSummary& target, int page_size,
                           std::vector<PlannedChange>& columns,
                           std::vector<PlannedChange>& processes) {
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::ActiveOnly(), NamedUnder({AssetType::kProcess, AssetType::kColumnProcess},
                                     target.connection_qn, {target.ProcessQualifiedNamePrefix()})});
  spec.attributes = {"name", "qualifiedName"};
  spec.page_size = page_size;
  return atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& e : page.entities) {
      const auto type = AssetTypeNamed(e.value("typeName", ""));
      if (!type) continue;
      PlannedChange change{*type, atl::StringAttribute(e, "qualifiedName"),
                           atl::StringAttribute(e, "name"), e.value("guid", "")};
      (type == AssetType::kColumnProcess ? columns : processes).push_back(std::move(change));
    }
    return Ok();
  });
}

// The scope's objects and folders (S3_LINEAGE_LEVEL=prefix): under its prefix, or (no
// record: an earlier version's scope, which had no folders) the objects its processes
// point at.
Result<std::vector<PlannedChange>> ObjectsOf(atl::AtlanClient& client, const ScopeSummary& target,
                                             int page_size) {
  std::vector<PlannedChange> objects;
  if (!target.record) {
    for (const auto& [qn, guid] : target.referenced_objects) {
      if (!guid.empty())
        objects.push_back({AssetType::kObject, qn, NameFromQualifiedName(qn), guid});
    }
    return objects;
  }
  const Scope scope{target.connection_qn, "", target.record->bucket_arn, target.record->prefix};
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::ActiveOnly(), ScopeSearch(scope, {AssetType::kObject, AssetType::kPrefix})});
  spec.attributes = {"name", "qualifiedName"};
  spec.page_size = page_size;
  auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& e : page.entities) {
      const auto type = AssetTypeNamed(e.value("typeName", ""));
      if (!type) continue;
      objects.push_back({*type, atl::StringAttribute(e, "qualifiedName"),
                         atl::StringAttribute(e, "name"), e.value("guid", "")});
    }
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  return objects;
}

}  // namespace

json ScopeSummary::ToJson() const {
  return {{"scope", id},
          {"connection", connection_qn},
          {"bucketArn", bucket_arn.empty() ? "unknown" : bucket_arn},
          {"prefix", PrefixOrUnknown()},
          {"counts",
           {{TypeName(AssetType::kProcess), processes},
            {TypeName(AssetType::kColumnProcess), column_processes},
            {TypeName(AssetType::kObject), objects}}},
          {"newestModification", newest_ms}};
}

Result<std::vector<ScopeSummary>> ListScopes(atl::AtlanClient& client, int page_size) {
  auto tenant = ReadScopes(client, page_size);
  if (!tenant) return std::unexpected(tenant.error());
  return std::move(tenant->scopes);
}

Result<RetireReport> RetireScope(atl::AtlanClient& client, const std::string& scope_id,
                                 int page_size, int batch_size, Logger& log, bool apply) {
  if (scope_id.size() != 12 || !std::ranges::all_of(scope_id, [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
      })) {
    return Fail(ErrorKind::kInvalidArgument,
                "--scope: '" + scope_id +
                    "' is not a scope id (12 hex digits, as `delta-arc scopes` lists them)");
  }
  RetireReport report;
  report.applied = apply;
  report.scope = scope_id;
  auto tenant = ReadScopes(client, page_size);
  if (!tenant) return std::unexpected(tenant.error());
  std::vector<const ScopeSummary*> matches;
  for (const auto& s : tenant->scopes) {
    if (s.id == scope_id) matches.push_back(&s);
  }
  if (matches.empty()) {
    log.Info("no ACTIVE process of the scope: nothing to retire", {{"scope", scope_id}});
    return report;
  }
  if (matches.size() > 1) {
    std::string where;
    for (const auto* s : matches) where += (where.empty() ? "" : ", ") + s->connection_qn;
    return Fail(ErrorKind::kConflict, "scope " + scope_id +
                                          " is under more than one S3 connection (" + where +
                                          "); `delta-arc repair` tidies duplicate connections");
  }
  const ScopeSummary& target = *matches.front();
  report.found = target;
  report.found->referenced_objects.clear();

  std::vector<PlannedChange> columns, processes;
  if (auto s = ArchivesOfProcesses(client, target, page_size, columns, processes); !s) {
    return std::unexpected(s.error());
  }
  auto objects = ObjectsOf(client, target, page_size);
  if (!objects) return std::unexpected(objects.error());

  // Objects are per bucket, scopes per prefix: another scope of the connection may cover some.
  std::vector<std::pair<const ScopeSummary*, std::set<std::string>>> others;
  bool bucket_shared = target.bucket_arn.empty();
  for (const auto& s : tenant->scopes) {
    if (&s == &target || s.connection_qn != target.connection_qn) continue;
    std::set<std::string> refs;
    for (const auto& [qn, guid] : s.referenced_objects) refs.insert(qn);
    others.emplace_back(&s, std::move(refs));
    if (s.bucket_arn.empty() || s.bucket_arn == target.bucket_arn) bucket_shared = true;
  }
  std::vector<PlannedChange> archived_objects;
  const std::string target_bucket_qn =
      Scope{target.connection_qn, "", target.bucket_arn, ""}.BucketQualifiedName();
  for (auto& object : *objects) {
    // Another registration's object (under a longer bucket qualifiedName) is not this scope's.
    if (target.record && tenant->collector.InAnotherBucket(target.connection_qn, target_bucket_qn,
                                                           object.qualified_name)) {
      continue;
    }
    const bool wanted = std::ranges::any_of(
        others, [&](const auto& o) { return Wants(*o.first, o.second, object.qualified_name); });
    if (wanted) {
      ++report.kept_objects;
    } else {
      archived_objects.push_back(std::move(object));
    }
  }
  // Children first, the processes that make the scope visible last: a retire cut short
  // is found again and finished by the next one.
  for (auto* group : {&columns, &archived_objects, &processes}) {
    std::ranges::sort(*group, {}, &PlannedChange::qualified_name);
    report.archives.insert(report.archives.end(), group->begin(), group->end());
  }
  // The bucket, once no scope uses it and nothing is left under it.
  if (!bucket_shared) {
    const std::string& bucket_qn = target_bucket_qn;
    auto left = CountUnder(client, AssetType::kObject, target.connection_qn, bucket_qn + "/");
    if (!left) return std::unexpected(left.error());
    const std::string guid = tenant->collector.BucketGuid(bucket_qn);
    if (left->first == static_cast<int64_t>(archived_objects.size()) && !guid.empty()) {
      report.archives.push_back(
          {AssetType::kBucket, bucket_qn, NameFromQualifiedName(bucket_qn), guid});
    }
  }
  if (!apply || report.archives.empty()) return report;
  std::vector<std::string> guids;
  for (const auto& a : report.archives) guids.push_back(a.guid);
  auto outcome =
      atl::ArchiveInBatches(client, guids, {.batch_size = static_cast<size_t>(batch_size)});
  report.archived = outcome.archived;
  if (outcome.error) return std::unexpected(*outcome.error);
  log.Info("retired the scope", {{"scope", scope_id}, {"archived", report.archived}});
  return report;
}

Result<std::vector<ScopeSummary>> OtherScopesOfBucket(atl::AtlanClient& client, const Scope& scope,
                                                      int limit) {
  atl::SearchSpec spec;
  spec.filters = json::array(
      {atl::ActiveOnly(),
       NamedUnder({AssetType::kProcess}, scope.connection_qn, {ProcessRoot(scope.connection_qn)}),
       NotUnder(scope.ProcessQualifiedNamePrefix())});
  spec.attributes = ScopeReadAttributes();
  auto page = atl::SearchFirst(client, spec, limit, kNewestFirst);
  if (!page) return std::unexpected(page.error());
  ScopeCollector collector;
  for (const auto& entity : page->entities) collector.Add(entity);
  std::vector<ScopeSummary> out;
  const std::string objects = scope.BucketQualifiedName() + "/";
  for (auto& s : collector.Finish()) {
    const bool same_bucket =
        s.record ? s.record->bucket_arn == scope.bucket_arn
                 : std::ranges::any_of(s.referenced_objects,
                                       [&](const auto& o) { return o.first.starts_with(objects); });
    if (!same_bucket) continue;
    s.referenced_objects.clear();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace delta_arc::lineage
