// The one registry of what delta-arc owns in Atlan: each asset type it writes, with
// Atlan's name for it, where its assets are named in a scope (the qualifiedName scheme,
// built and parsed by Scope below), the attributes it owns and compares, and the search
// that finds a scope's assets of it. Full and event runs, the snapshot, export and
// restore, scopes and retire, repair, inventory changes and the reports all ask here.
// The entity each type is written as is built in asset_model.h, from these.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace delta_arc::lineage {

// The asset types delta-arc writes, each declared once in AssetTypes().
enum class AssetType : uint8_t { kConnection, kBucket, kPrefix, kObject, kProcess, kColumnProcess };

// Where a type's assets are named, and so which scope they belong to.
enum class Placement : uint8_t {
  kConnection,    // the S3 connection itself: shared by every scope under it
  kBucket,        // `<connection>/<bucket ARN>`: shared by the scopes of the bucket
  kUnderPrefix,   // `<bucket qualifiedName>/<key>`: the scope's when the key is under its prefix
  kUnderScopeId,  // `<connection>/delta-arc/<scope id>/…`: the scope the id names
};

struct AssetTypeInfo {
  AssetType type;
  const char* type_name;  // Atlan's (atlan/type_names.h)
  Placement placement;
  // The attributes it owns (qualifiedName aside), compared to tell whether Atlan already
  // holds what delta-arc would write; relationship attributes are also in `relations`.
  std::vector<std::string> attributes;
  std::vector<std::string> relations;
  // Written with the asset (and exported) but never compared: a value Atlan lacks is no
  // reason to write, so assets an earlier version wrote stay unchanged until something
  // else about them changes (kScopeRecordAttribute).
  std::vector<std::string> records = {};

  // Found under a scope's qualifiedName prefixes and archived when no longer desired
  // (the connection and the bucket are shared, never archived).
  bool Scoped() const {
    return placement == Placement::kUnderPrefix || placement == Placement::kUnderScopeId;
  }
};

// Every type, in the order a run writes them (parents before children).
const std::vector<AssetTypeInfo>& AssetTypes();
const AssetTypeInfo& InfoOf(AssetType type);
const char* TypeName(AssetType type);
std::optional<AssetType> AssetTypeNamed(const std::string& type_name);
// The scoped types (AssetTypeInfo::Scoped), in write order.
const std::vector<AssetType>& ScopedTypes();
std::vector<std::string> TypeNames(const std::vector<AssetType>& types);

// The 12 hex digits naming a deployment's scope in its processes' qualifiedNames: the low
// 48 bits of Fnv1a64("<bucket ARN>\n<prefix>", kDeltaArcBasis). Part of the data format.
std::string ScopeId(const std::string& bucket_arn, const std::string& prefix);

// Where every scope of an S3 connection names its processes: `<connection>/delta-arc/`,
// and where the scope with an id does: `<connection>/delta-arc/<scope id>/`.
std::string ProcessRoot(const std::string& connection_qn);
std::string ProcessPrefix(const std::string& connection_qn, const std::string& scope_id);
// The scope id in `<connection>/delta-arc/<12 hex digits>/…`, or "" for another name.
std::string ScopeIdIn(const std::string& qualified_name, const std::string& connection_qn);

// What the scope id hides, recorded on every process and column process a scope writes so
// that `delta-arc scopes` and `retire` can read it back from Atlan.
struct ScopeRecord {
  std::string bucket_arn;
  std::string prefix;
};

// The Process attribute (ColumnProcess inherits it) that holds the record as JSON text,
// {"delta-arc":{"bucketArn":…,"prefix":…}}: Atlan's "additional context of the ETL
// pipeline/notebook which creates the process" (pyatlan Process.ADDITIONAL_ETL_CONTEXT,
// a text field: read back, never searched by value).
inline constexpr const char* kScopeRecordAttribute = "additionalEtlContext";
std::string ScopeRecordText(const ScopeRecord& record);
// nullopt for anything else (an asset an earlier version wrote, or someone's own text).
std::optional<ScopeRecord> ParseScopeRecord(const nlohmann::json& value);

// Where one deployment's assets live: its S3 connection, the bucket as registered
// (S3_BUCKET_ARN) and the prefix. Two deployments differ in at least one.
struct Scope {
  std::string connection_qn;
  std::string bucket_name;
  std::string bucket_arn;
  std::string prefix;

  std::string Id() const { return ScopeId(bucket_arn, prefix); }
  ScopeRecord Record() const { return {bucket_arn, prefix}; }
  std::string BucketQualifiedName() const;
  std::string ObjectQualifiedName(const std::string& key) const;
  // A folder's: `<bucket qualifiedName>/<key without the trailing '/'>`. Atlan publishes
  // no scheme for S3Prefix (pyatlan has no creator); this one is S3Object's, and passes
  // pyatlan's S3Prefix qualifiedName pattern (^.+/[^/]+/[^/]+$), which a trailing '/'
  // would not.
  std::string PrefixQualifiedName(const std::string& key) const;
  // Every object of this scope has a qualifiedName starting with this.
  std::string ObjectQualifiedNamePrefix() const;
  // Every process and column process of this scope starts with this.
  std::string ProcessQualifiedNamePrefix() const;
  std::string ExtractProcessQualifiedName(const std::string& source_table_qn) const;
  std::string LoadProcessQualifiedName(const std::string& target_table_qn) const;
  std::string ColumnProcessQualifiedName(const std::string& source_column_qn,
                                         const std::string& target_column_qn) const;
};

// How far "a scope's" reaches: the scope alone, or every scope of its S3 connection (its
// bucket, objects and folders of any prefix, processes of any scope id).
enum class Breadth : uint8_t { kScope, kConnection };

// Whether delta-arc names an asset of `type` so within the scope (by name alone: another
// registration of the bucket, under an ARN with a suffix, shares the object prefix).
bool Owns(const Scope& scope, AssetType type, const std::string& qualified_name,
          Breadth breadth = Breadth::kScope);

// The search clause for the assets of `types` (any state) under an S3 connection that
// match one of `any_name` (clauses on their qualifiedName). __typeName.keyword matches a
// type exactly: never a subtype such as Atlan's own ConnectionProcess.
nlohmann::json TypesUnder(const std::vector<AssetType>& types, const std::string& connection_qn,
                          nlohmann::json any_name);
// TypesUnder those whose qualifiedName starts with one of `name_prefixes`.
nlohmann::json NamedUnder(const std::vector<AssetType>& types, const std::string& connection_qn,
                          const std::vector<std::string>& name_prefixes);
// The clause that finds what a scope names of the scoped `types` (AssetTypeInfo::Scoped):
// NamedUnder the name prefixes of their placements.
nlohmann::json ScopeSearch(const Scope& scope, const std::vector<AssetType>& types,
                           Breadth breadth = Breadth::kScope);

}  // namespace delta_arc::lineage
