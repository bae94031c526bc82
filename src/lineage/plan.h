// The plan: the state delta-arc wants in Atlan for one scope (connection,
// bucket, objects, processes, column processes), diffed against what it wrote
// before, as the creates and updates to send and the assets to archive.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "atlan/atlan_client.h"
#include "atlan/index_search.h"
#include "lineage/asset_model.h"
#include "lineage/asset_tags.h"
#include "lineage/match.h"
#include "lineage/prefixes.h"

namespace delta_arc::lineage {

// An asset delta-arc wrote earlier, as found in Atlan. Kept small: a large tenant
// holds hundreds of thousands of these during a run.
struct ExistingAsset {
  AssetType type = AssetType::kObject;
  std::string guid;
  uint64_t fingerprint = 0;
  nlohmann::json attributes;  // kept only when asked for (incremental runs)
  // An object's or folder's tags, when they were read (ExistingQuery::tags); null otherwise.
  std::shared_ptr<const TagState> tags = nullptr;
};

// A 64-bit key of (type, qualifiedName): what the plan remembers of each asset.
uint64_t AssetKey(AssetType type, const std::string& qualified_name);

struct PlannedChange {
  AssetType type = AssetType::kObject;
  std::string qualified_name;
  std::string name;
  std::string guid;  // for updates and archives
};

struct ExistingAssets {
  // AssetKey → asset, for the scope's objects and processes that are still desired
  // (or all of them when no desired set was given).
  std::unordered_map<uint64_t, ExistingAsset> owned;
  // The scope's assets that are no longer desired: what a full sync archives.
  std::vector<PlannedChange> undesired;
  std::optional<ExistingAsset> bucket;  // the S3Bucket with the configured ARN, anywhere
  std::string bucket_qualified_name;
  std::string bucket_connection_qn;

  // The bucket's ARN is registered under another connection than `connection_qn`: a plan
  // of that connection's scope refuses it.
  bool BucketElsewhere(const std::string& connection_qn) const {
    return bucket && bucket_connection_qn != connection_qn;
  }
};

struct ExistingQuery {
  bool connection_exists = false;
  // When set, only these qualifiedNames instead of everything under the scope.
  std::optional<std::vector<std::string>> only_names;
  // With only_names: also every asset whose qualifiedName starts with one of these.
  std::vector<std::string> name_prefixes;
  bool keep_attributes = false;
  // The objects' and folders' tags too (S3_TAGS): their attachments and delta-arc's record.
  bool tags = false;
  int page_size = 1000;
  // When set, assets not in it are kept only as archive candidates (names, no state).
  const std::unordered_set<uint64_t>* desired = nullptr;
};

// The filters of FetchExisting's search: ACTIVE assets of the scope's types under the
// scope (or with the given names), or the bucket by its ARN.
nlohmann::json ExistingFilters(const Scope& scope, const ExistingQuery& query);

// The search of ExistingFilters, with the attributes and tags AddExisting reads.
atlan::SearchSpec ExistingSearch(const Scope& scope, const ExistingQuery& query);

// Adds one entity that search found to `existing`, as `query` asks.
void AddExisting(ExistingAssets& existing, const nlohmann::json& entity, const Scope& scope,
                 const ExistingQuery& query);

// One search: the ACTIVE assets under the scope (or with the given names), and the
// bucket by its ARN.
Result<ExistingAssets> FetchExisting(atlan::AtlanClient& client, const Scope& scope,
                                     const ExistingQuery& query);

// Moves what `desired` lacks from existing.owned to existing.undesired: for assets fetched
// by name with their attributes before the desired state was known (event runs).
void SplitUndesired(ExistingAssets& existing, const std::unordered_set<uint64_t>& desired);

// Everything the desired state is made from, owned here so that a plan can build
// each entity's JSON only when it is sent or shown, never all at once.
struct PlanSources {
  Scope scope;
  std::string connection_name;
  ConnectionAdmins admins;
  std::vector<ObjectInfo> objects;
  // The bucket's object count, when the run listed the whole bucket (no S3_PREFIX).
  std::optional<int64_t> bucket_object_count;
  ConnectionCatalog source;  // the files come from its tables
  ConnectionCatalog target;  // and load into its tables
  MatchResult match;         // points into the catalogs above
  // S3_LINEAGE_LEVEL=prefix: lineage runs through each table's folder (prefixes.h);
  // S3_REGISTER_OBJECTS=false then registers only the objects a folderless table needs.
  bool prefix_lineage = false;
  bool register_objects = true;
  FoldedPrefixes folded;  // empty at the object level
  // Per Snowflake table, every object of every link that loads it.
  std::vector<std::pair<const TableInfo*, std::vector<size_t>>> loads;
  // S3_TAGS: each registered object and table folder carries its tags (asset_tags.h);
  // S3_TAGS_PROPAGATE: attached to propagate.
  bool tag_assets = false;
  bool propagate_tags = false;
  // AssignCarriedTags: the distinct sets of tags carried (the first empty), and the one
  // each object and each folder carries, by index.
  std::vector<std::vector<std::string>> tag_sets = {{}};
  std::vector<uint32_t> object_tags;
  std::vector<uint32_t> prefix_tags;
};

// Which of a table's two processes a process write is: Postgres table → S3 (a: link
// index) or S3 → Snowflake table (a: load index).
enum class ProcessRole : uint8_t { kExtract, kLoad };

// One entity to write, by reference to its sources: `a` indexes, by type, folded.prefixes
// (kPrefix), objects (kObject), links or loads (kProcess, by role), links (kColumnProcess,
// `b` the column); a literal write is Plan::literals[a] (a process's append edit).
struct PlannedWrite {
  AssetType type = AssetType::kProcess;
  bool create = false;
  ProcessRole role = ProcessRole::kExtract;
  bool literal = false;
  uint32_t a = 0;
  uint32_t b = 0;
  uint32_t tags = 0;  // 1 + its index in Plan::tag_changes; 0: no tag change
};

// How the plan writes a process that Atlan already holds.
enum class ProcessWrites : uint8_t {
  // With exactly its desired inputs and outputs (a full sync, which sees every object).
  kReplace,
  // Adding the objects it lacks with appendRelationshipAttributes, never dropping one (an
  // event run, which sees only its tables' objects while other events for the same
  // table run concurrently). A dropped object needs no edit: it is archived, which ends
  // its relationships.
  kAppend,
};

// The one generator of the desired state: every asset the sources make, as writes in
// write order (bucket, folders, objects, extract processes, load processes, column
// processes; the connection aside). Full and event runs both plan from it.
std::vector<PlannedWrite> DesiredWrites(const PlanSources& sources);
// The qualifiedName of a write made from the sources (not a literal), without its JSON.
std::string QualifiedNameOf(const PlanSources& sources, const PlannedWrite& write);

// A desired object or process as Atlan holds it once written: what a complete sync leaves.
struct HeldAsset {
  uint64_t key = 0;  // AssetKey
  uint64_t fingerprint = 0;
  AssetType type = AssetType::kObject;
};

struct Plan {
  std::shared_ptr<const PlanSources> sources;
  bool create_connection = false;
  std::vector<PlannedWrite> writes;  // creates and updates, parents before children
  std::vector<nlohmann::json> literals;
  std::vector<TagChange> tag_changes;
  // CarriedTagsDigest of the sources: the snapshot it leaves holds it.
  uint64_t tags_digest = 0;
  std::vector<PlannedChange> archives;
  // Every desired object and process, changed or not (owned_snapshot.h).
  std::vector<HeldAsset> held;
  int64_t unchanged = 0;
  // Desired totals, whether or not they change.
  int64_t objects = 0;
  int64_t processes = 0;
  int64_t column_processes = 0;

  // The JSON of write `i`, as sent to Atlan.
  nlohmann::json Entity(size_t i) const;
  PlannedChange Describe(size_t i) const;
  size_t CountWrites(bool create) const;
  // Writes of `type` (create or update), and archives of it.
  int64_t Count(AssetType type, bool create) const;
  int64_t CountArchives(AssetType type) const;
};

// Adds desired entities to a plan, each diffed against what Atlan holds: a create,
// an update, or nothing when Atlan already holds exactly that.
class PlanDiff {
 public:
  PlanDiff(Plan& plan, const ExistingAssets& existing) : plan_(plan), existing_(existing) {}
  void Want(PlannedWrite write);
  // An update of the asset `write` names, sent as `entity` is (e.g. an
  // appendRelationshipAttributes edit of a process): a literal write.
  void Update(const PlannedWrite& write, nlohmann::json entity);
  const ExistingAsset* Find(AssetType type, const std::string& qn) const;

 private:
  Plan& plan_;
  const ExistingAssets& existing_;
};

// The whole desired state of `sources` (DesiredWrites) diffed against `existing`, with
// archives for what `existing` holds that is not desired (existing.undesired). Fails
// when the configured bucket ARN is already registered under another connection.
// kAppend needs `existing` fetched with its attributes.
Result<Plan> BuildPlan(std::shared_ptr<const PlanSources> sources, bool connection_exists,
                       const ExistingAssets& existing,
                       ProcessWrites processes = ProcessWrites::kReplace);

// Fills sources->loads from sources->match.
void GroupLoads(PlanSources& sources);

// The keys of every object and process the sources make (the bucket aside).
std::unordered_set<uint64_t> DesiredKeys(const PlanSources& sources);

// The qualifiedNames a relationship attribute of an existing asset points at (ACTIVE ones).
std::unordered_set<std::string> Members(const ExistingAsset& asset, const std::string& attribute);

// The name Atlan shows for an asset delta-arc owns, from its qualifiedName.
std::string NameFromQualifiedName(const std::string& qn);

}  // namespace delta_arc::lineage
