// Planning; see plan.h.
#include "lineage/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "atlan/entity_attributes.h"
#include "atlan/index_search.h"
#include "atlan/type_names.h"
#include "common/fnv.h"

namespace delta_arc::lineage {

using nlohmann::json;
namespace atl = delta_arc::atlan;

namespace {

// What stands for a table's objects in its processes, as refs by qualifiedName: the
// objects, or at the prefix level their table folders (each once) and the objects of a
// table that has none.
std::vector<json> ObjectRefs(const PlanSources& s, const std::vector<size_t>& objects) {
  std::vector<json> refs;
  refs.reserve(objects.size());
  std::set<size_t> folders;
  for (size_t i : objects) {
    const auto folder = s.prefix_lineage ? s.folded.table_folder[i] : std::nullopt;
    if (!folder) {
      refs.push_back(
          RefByQualifiedName(AssetType::kObject, s.scope.ObjectQualifiedName(s.objects[i].key)));
    } else if (folders.insert(*folder).second) {
      refs.push_back(RefByQualifiedName(
          AssetType::kPrefix, s.scope.PrefixQualifiedName(s.folded.prefixes[*folder].key)));
    }
  }
  return refs;
}

// Whether the object is registered: always at the object level; at the prefix level when
// S3_REGISTER_OBJECTS says so, or when its table has no folder to stand for it.
bool Registered(const PlanSources& s, size_t object) {
  if (!s.prefix_lineage || s.register_objects) return true;
  return s.match.objects[object].reason.empty() && !s.folded.table_folder[object];
}

json TableRef(const TableInfo& table) {
  return RefByQualifiedName(table.type_name, table.qualified_name);
}

json EntityOf(const PlanSources& s, const std::vector<json>& literals, const PlannedWrite& w) {
  if (w.literal) return literals[w.a];
  const std::string qn = QualifiedNameOf(s, w);
  switch (w.type) {
    case AssetType::kConnection:
      return ConnectionEntity(s.connection_name, qn, s.admins);
    case AssetType::kBucket:
      return BucketEntity(s.scope, s.bucket_object_count);
    case AssetType::kPrefix: {
      const PrefixInfo& p = s.folded.prefixes[w.a];
      const std::string* parent = p.parent ? &s.folded.prefixes[*p.parent].key : nullptr;
      return PrefixEntity(s.scope, p.key, parent, p.object_count, p.prefix_count,
                          p.newest_modified);
    }
    case AssetType::kObject: {
      const auto folder = s.prefix_lineage ? s.folded.immediate[w.a] : std::nullopt;
      const auto& kind = w.a < s.match.kinds.size() ? s.match.kinds[w.a] : std::nullopt;
      return ObjectEntity(s.scope, s.objects[w.a],
                          folder ? &s.folded.prefixes[*folder].key : nullptr,
                          kind ? &*kind : nullptr);
    }
    case AssetType::kProcess: {
      if (w.role == ProcessRole::kExtract) {
        const TableLink& link = s.match.links[w.a];
        return ProcessEntity(s.scope, qn, link.source->name + " → S3", {TableRef(*link.source)},
                             ObjectRefs(s, link.objects));
      }
      const auto& [table, objects] = s.loads[w.a];
      return ProcessEntity(s.scope, qn, "S3 → " + table->name, ObjectRefs(s, objects),
                           {TableRef(*table)});
    }
    case AssetType::kColumnProcess: {
      const TableLink& link = s.match.links[w.a];
      const ColumnLink& c = link.columns[w.b];
      return ColumnProcessEntity(
          s.scope, qn, c.source->name + " → " + c.target->name,
          RefByQualifiedName(atl::kColumnType, ColumnQualifiedName(*link.source, *c.source)),
          RefByQualifiedName(atl::kColumnType, ColumnQualifiedName(*link.target, *c.target)),
          RefByQualifiedName(AssetType::kProcess,
                             s.scope.LoadProcessQualifiedName(link.target->qualified_name)));
    }
  }
  return json();
}

// What Atlan holds, fingerprinted over the attributes the desired entity carries when
// Atlan's attributes were kept: an upsert leaves an attribute it does not send as it is
// (e.g. a shared bucket's s3ObjectCount, which only a listing of the whole bucket sends).
uint64_t ExistingFingerprint(AssetType type, const ExistingAsset& existing, const json& desired) {
  if (!existing.attributes.is_object()) return existing.fingerprint;
  json sent = json::object();
  for (const auto& [name, value] : existing.attributes.items()) {
    if (desired.contains(name)) sent[name] = value;
  }
  return Fingerprint(type, sent);
}

// `tags`: the search asked for the objects' and folders' tags.
ExistingAsset ToExisting(AssetType type, const json& entity, bool tags) {
  ExistingAsset asset{type, entity.value("guid", ""),
                      Fingerprint(type, entity.value("attributes", json::object())), json()};
  if (tags && (type == AssetType::kObject || type == AssetType::kPrefix)) {
    asset.tags = std::make_shared<const TagState>(TagStateOf(entity));
  }
  return asset;
}

// Walks the desired state of the sources in write order, diffing each entity.
class PlanBuilder {
 public:
  PlanBuilder(std::shared_ptr<const PlanSources> sources, const ExistingAssets& existing,
              ProcessWrites processes)
      : existing_(existing), processes_(processes), diff_(plan_, existing) {
    plan_.sources = std::move(sources);
  }

  Result<Plan> Build(bool connection_exists) {
    const PlanSources& s = *plan_.sources;
    if (existing_.BucketElsewhere(s.scope.connection_qn)) {
      return Fail(ErrorKind::kConflict,
                  "S3_BUCKET_ARN: " + s.scope.bucket_arn +
                      " is already registered in Atlan under connection " +
                      existing_.bucket_connection_qn + " (" + existing_.bucket_qualified_name +
                      "); give S3_BUCKET_ARN a suffix to register the bucket again here");
    }
    plan_.create_connection = !connection_exists;
    if (plan_.create_connection) {
      plan_.writes.push_back({.type = AssetType::kConnection, .create = true});
    }
    for (const PlannedWrite& write : DesiredWrites(s)) {
      switch (write.type) {
        case AssetType::kObject:
          ++plan_.objects;
          break;
        case AssetType::kProcess:
          ++plan_.processes;
          if (processes_ == ProcessWrites::kAppend) {
            Append(write);
            continue;
          }
          break;
        case AssetType::kColumnProcess:
          ++plan_.column_processes;
          break;
        default:
          break;
      }
      diff_.Want(write);
    }
    AddArchives();
    plan_.tags_digest = CarriedTagsDigest(s);
    return std::move(plan_);
  }

 private:
  // A process Atlan holds gets the objects it lacks appended; a new one is created whole.
  void Append(const PlannedWrite& write) {
    const PlanSources& s = *plan_.sources;
    const std::string qn = QualifiedNameOf(s, write);
    const ExistingAsset* existing = diff_.Find(AssetType::kProcess, qn);
    if (existing == nullptr) return diff_.Want(write);
    const char* side = write.role == ProcessRole::kExtract ? "outputs" : "inputs";
    const auto members = Members(*existing, side);
    json entity = EntityOf(s, plan_.literals, write);
    json missing = json::array();
    for (const auto& ref : entity["attributes"][side]) {
      if (!members.contains(ReferencedNames(ref).at(0))) missing.push_back(ref);
    }
    if (missing.empty()) {
      ++plan_.unchanged;
      return;
    }
    entity["attributes"].erase("inputs");
    entity["attributes"].erase("outputs");
    entity["appendRelationshipAttributes"] = {{side, std::move(missing)}};
    diff_.Update(write, std::move(entity));
  }

  void AddArchives() {
    plan_.archives = existing_.undesired;
    std::sort(plan_.archives.begin(), plan_.archives.end(),
              [](const PlannedChange& a, const PlannedChange& b) {
                return a.qualified_name < b.qualified_name;
              });
  }

  const ExistingAssets& existing_;
  const ProcessWrites processes_;
  Plan plan_;
  PlanDiff diff_;
};

}  // namespace

uint64_t AssetKey(AssetType asset_type, const std::string& qn) {
  // FNV-1a over "type\nqn\n": among a million assets a collision is about 1 in 10^7.
  uint64_t hash = Fnv1a64(TypeName(asset_type), kDeltaArcBasis);
  hash = Fnv1a64("\n", hash);
  return Fnv1a64("\n", Fnv1a64(qn, hash));
}

std::vector<PlannedWrite> DesiredWrites(const PlanSources& s) {
  std::vector<PlannedWrite> writes = {{.type = AssetType::kBucket}};
  for (uint32_t i = 0; i < s.folded.prefixes.size(); ++i) {
    writes.push_back({.type = AssetType::kPrefix, .a = i});
  }
  for (uint32_t i = 0; i < s.objects.size(); ++i) {
    if (Registered(s, i)) writes.push_back({.type = AssetType::kObject, .a = i});
  }
  for (uint32_t i = 0; i < s.match.links.size(); ++i) {
    if (s.match.links[i].source != nullptr) {
      writes.push_back({.type = AssetType::kProcess, .role = ProcessRole::kExtract, .a = i});
    }
  }
  for (uint32_t i = 0; i < s.loads.size(); ++i) {
    writes.push_back({.type = AssetType::kProcess, .role = ProcessRole::kLoad, .a = i});
  }
  for (uint32_t i = 0; i < s.match.links.size(); ++i) {
    const TableLink& link = s.match.links[i];
    if (link.source == nullptr || link.target == nullptr) continue;
    for (uint32_t c = 0; c < link.columns.size(); ++c) {
      writes.push_back({.type = AssetType::kColumnProcess, .a = i, .b = c});
    }
  }
  return writes;
}

std::string QualifiedNameOf(const PlanSources& s, const PlannedWrite& w) {
  if (w.literal) return "";
  switch (w.type) {
    case AssetType::kConnection:
      return s.scope.connection_qn;
    case AssetType::kBucket:
      return s.scope.BucketQualifiedName();
    case AssetType::kPrefix:
      return s.scope.PrefixQualifiedName(s.folded.prefixes[w.a].key);
    case AssetType::kObject:
      return s.scope.ObjectQualifiedName(s.objects[w.a].key);
    case AssetType::kProcess:
      return w.role == ProcessRole::kExtract
                 ? s.scope.ExtractProcessQualifiedName(s.match.links[w.a].source->qualified_name)
                 : s.scope.LoadProcessQualifiedName(s.loads[w.a].first->qualified_name);
    case AssetType::kColumnProcess: {
      const TableLink& link = s.match.links[w.a];
      const ColumnLink& c = link.columns[w.b];
      return s.scope.ColumnProcessQualifiedName(ColumnQualifiedName(*link.source, *c.source),
                                                ColumnQualifiedName(*link.target, *c.target));
    }
  }
  return "";
}

std::unordered_set<uint64_t> DesiredKeys(const PlanSources& s) {
  std::unordered_set<uint64_t> keys;
  for (const PlannedWrite& write : DesiredWrites(s)) {
    const AssetType type = write.type;
    if (InfoOf(type).Scoped()) keys.insert(AssetKey(type, QualifiedNameOf(s, write)));
  }
  return keys;
}

std::unordered_set<std::string> Members(const ExistingAsset& asset, const std::string& attribute) {
  if (!asset.attributes.is_object() || !asset.attributes.contains(attribute)) return {};
  const auto names = ReferencedNames(asset.attributes[attribute]);
  return {names.begin(), names.end()};
}

std::string NameFromQualifiedName(const std::string& qn) {
  return qn.substr(qn.rfind('/') + 1);
}

json Plan::Entity(size_t i) const {
  const PlannedWrite& write = writes[i];
  json entity = EntityOf(*sources, literals, write);
  if (write.tags != 0) {
    AddTagChange(entity, tag_changes[write.tags - 1], sources->propagate_tags);
  }
  return entity;
}

PlannedChange Plan::Describe(size_t i) const {
  const json entity = Entity(i);
  return {writes[i].type, entity["attributes"].value("qualifiedName", ""),
          entity["attributes"].value("name", ""), ""};
}

size_t Plan::CountWrites(bool create) const {
  return static_cast<size_t>(std::count_if(
      writes.begin(), writes.end(), [&](const PlannedWrite& w) { return w.create == create; }));
}

int64_t Plan::Count(AssetType type, bool create) const {
  return std::count_if(writes.begin(), writes.end(),
                       [&](const PlannedWrite& w) { return w.create == create && w.type == type; });
}

int64_t Plan::CountArchives(AssetType type) const {
  return std::count_if(archives.begin(), archives.end(),
                       [&](const PlannedChange& c) { return c.type == type; });
}

const ExistingAsset* PlanDiff::Find(AssetType type, const std::string& qn) const {
  if (type == AssetType::kBucket) return existing_.bucket ? &*existing_.bucket : nullptr;
  auto it = existing_.owned.find(AssetKey(type, qn));
  return it == existing_.owned.end() ? nullptr : &it->second;
}

void PlanDiff::Want(PlannedWrite write) {
  // The JSON lives only as long as it takes to compare it with Atlan's.
  const PlanSources& s = *plan_.sources;
  const json entity = EntityOf(s, plan_.literals, write);
  const AssetType type = write.type;
  const std::string& qn = entity["attributes"]["qualifiedName"].get_ref<const std::string&>();
  const uint64_t fingerprint = Fingerprint(type, entity["attributes"]);
  if (InfoOf(type).Scoped()) plan_.held.push_back({AssetKey(type, qn), fingerprint, type});
  const ExistingAsset* existing = Find(type, qn);
  // Tags are diffed against Atlan's attachments when they were read; a snapshot holds
  // none, and is reused only while the carried tags are what it was left with.
  std::optional<TagChange> tags;
  if (s.tag_assets && (existing == nullptr || existing->tags)) {
    tags = TagChangeFor(CarriedTagsOf(s, write), existing ? existing->tags.get() : nullptr);
  }
  if (existing == nullptr) {
    write.create = true;
  } else if (tags || ExistingFingerprint(type, *existing, entity["attributes"]) != fingerprint) {
    write.create = false;
  } else {
    ++plan_.unchanged;
    return;
  }
  if (tags) {
    plan_.tag_changes.push_back(std::move(*tags));
    write.tags = static_cast<uint32_t>(plan_.tag_changes.size());
  }
  plan_.writes.push_back(write);
}

void PlanDiff::Update(const PlannedWrite& write, json entity) {
  plan_.literals.push_back(std::move(entity));
  plan_.writes.push_back({.type = write.type,
                          .role = write.role,
                          .literal = true,
                          .a = static_cast<uint32_t>(plan_.literals.size() - 1)});
}

void GroupLoads(PlanSources& sources) {
  std::map<const TableInfo*, size_t> index;
  for (const auto& link : sources.match.links) {
    if (link.target == nullptr) continue;
    auto [it, inserted] = index.emplace(link.target, sources.loads.size());
    if (inserted) sources.loads.push_back({link.target, {}});
    auto& objects = sources.loads[it->second].second;
    objects.insert(objects.end(), link.objects.begin(), link.objects.end());
  }
}

json ExistingFilters(const Scope& scope, const ExistingQuery& query) {
  json bucket_by_arn =
      atl::Filter(json::array({atl::Term("__typeName.keyword", TypeName(AssetType::kBucket)),
                               atl::Term("awsArn", scope.bucket_arn)}));
  json any = json::array({bucket_by_arn});
  // Searched by __typeName.keyword, which matches the type exactly (lowercase-normalized):
  // never a subtype such as ConnectionProcess.
  if (query.connection_exists && !query.only_names) {
    any.push_back(ScopeSearch(scope, ScopedTypes()));
  } else if (query.connection_exists) {
    json any_name = json::array({atl::Terms("qualifiedName", *query.only_names)});
    for (const auto& prefix : query.name_prefixes) {
      any_name.push_back(atl::Prefix("qualifiedName", prefix));
    }
    any.push_back(TypesUnder(ScopedTypes(), scope.connection_qn, std::move(any_name)));
  }
  return json::array({atl::ActiveOnly(), atl::AnyOf(std::move(any))});
}

atl::SearchSpec ExistingSearch(const Scope& scope, const ExistingQuery& query) {
  atl::SearchSpec spec;
  spec.filters = ExistingFilters(scope, query);
  spec.attributes = WrittenAttributes();
  spec.attributes.push_back("name");
  spec.attributes.push_back("qualifiedName");
  if (query.tags) spec.attributes.push_back(kTagRecordAttribute);
  spec.tags = query.tags ? atl::SearchTags::kAttachments : atl::SearchTags::kNone;
  spec.page_size = query.page_size;
  return spec;
}

void AddExisting(ExistingAssets& existing, const json& entity, const Scope& scope,
                 const ExistingQuery& query) {
  // Only delta-arc's own types, whatever the server returns: Atlan adds a
  // ConnectionProcess `<out conn>/(<in conn>)->(<out conn>)` under the S3 connection
  // for processes that cross connections; it is Atlan's, never delta-arc's to archive.
  const std::string type_name = entity.value("typeName", "");
  const auto type = AssetTypeNamed(type_name);
  if (!type || type == AssetType::kConnection) return;
  // A registration of the same bucket under an ARN with a suffix (S3_BUCKET_ARN=…/team)
  // shares this scope's qualifiedName prefix; its objects name their own bucket.
  if (type == AssetType::kObject || type == AssetType::kPrefix) {
    const std::string bucket = atl::StringAttribute(entity, "s3BucketQualifiedName");
    if (!bucket.empty() && bucket != scope.BucketQualifiedName()) return;
  }
  ExistingAsset asset = ToExisting(*type, entity, query.tags);
  if (query.keep_attributes) asset.attributes = entity.value("attributes", json::object());
  if (type == AssetType::kBucket) {
    // Prefer the registration under this deployment's connection.
    const std::string conn = atl::StringAttribute(entity, "connectionQualifiedName");
    if (!existing.bucket || conn == scope.connection_qn) {
      existing.bucket = asset;
      existing.bucket->attributes = entity.value("attributes", json::object());
      existing.bucket_qualified_name = atl::StringAttribute(entity, "qualifiedName");
      existing.bucket_connection_qn = conn;
    }
    return;
  }
  const std::string qn = atl::StringAttribute(entity, "qualifiedName");
  const uint64_t key = AssetKey(*type, qn);
  if (query.desired != nullptr && !query.desired->contains(key)) {
    existing.undesired.push_back({*type, qn, atl::StringAttribute(entity, "name"), asset.guid});
    return;
  }
  existing.owned.emplace(key, std::move(asset));
}

Result<ExistingAssets> FetchExisting(atl::AtlanClient& client, const Scope& scope,
                                     const ExistingQuery& query) {
  ExistingAssets existing;
  auto status =
      atl::SearchAll(client, ExistingSearch(scope, query), [&](const atl::SearchPage& page) {
        for (const auto& entity : page.entities) AddExisting(existing, entity, scope, query);
        return Ok();
      });
  if (!status) return std::unexpected(status.error());
  return existing;
}

void SplitUndesired(ExistingAssets& existing, const std::unordered_set<uint64_t>& desired) {
  for (auto it = existing.owned.begin(); it != existing.owned.end();) {
    if (desired.contains(it->first)) {
      ++it;
      continue;
    }
    const json& a = it->second.attributes;
    existing.undesired.push_back(
        {it->second.type, a.value("qualifiedName", ""), a.value("name", ""), it->second.guid});
    it = existing.owned.erase(it);
  }
}

Result<Plan> BuildPlan(std::shared_ptr<const PlanSources> sources, bool connection_exists,
                       const ExistingAssets& existing, ProcessWrites processes) {
  return PlanBuilder(std::move(sources), existing, processes).Build(connection_exists);
}

}  // namespace delta_arc::lineage
