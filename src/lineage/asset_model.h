// What delta-arc writes into Atlan (DESIGN.md §2), in one place: the entity
// JSON of each asset type, its deterministic qualifiedName, the attributes it
// owns, and a fingerprint to tell whether Atlan already holds exactly that.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lineage/object_source.h"

namespace delta_arc::lineage {

// The asset types delta-arc writes, each declared once in AssetTypes().
enum class AssetType : uint8_t { kConnection, kBucket, kPrefix, kObject, kProcess, kColumnProcess };

struct AssetTypeInfo {
  AssetType type;
  const char* type_name;  // Atlan's
  // The attributes it owns (qualifiedName aside), compared to tell whether Atlan already
  // holds what delta-arc would write; relationship attributes are also in `relations`.
  std::vector<std::string> attributes;
  std::vector<std::string> relations;
  // Found under a scope's qualifiedName prefixes and archived when no longer desired
  // (the connection and the bucket are shared, never archived).
  bool scoped;
  // Written with the asset (and exported) but never compared: a value Atlan lacks is no
  // reason to write, so assets an earlier version wrote stay unchanged until something
  // else about them changes (kScopeRecordAttribute).
  std::vector<std::string> records = {};
};

// Every type, in the order a run writes them (parents before children).
const std::vector<AssetTypeInfo>& AssetTypes();
const AssetTypeInfo& InfoOf(AssetType type);
std::optional<AssetType> AssetTypeNamed(const std::string& type_name);

// The 12 hex digits naming a deployment's scope in its processes' qualifiedNames: the low
// 48 bits of Fnv1a64("<bucket ARN>\n<prefix>", kDeltaArcBasis). Part of the data format.
std::string ScopeId(const std::string& bucket_arn, const std::string& prefix);

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
  std::string ExtractProcessQualifiedName(const std::string& postgres_table_qn) const;
  std::string LoadProcessQualifiedName(const std::string& snowflake_table_qn) const;
  std::string ColumnProcessQualifiedName(const std::string& postgres_column_qn,
                                         const std::string& snowflake_column_qn) const;
};

nlohmann::json RefByQualifiedName(const std::string& type_name, const std::string& qn);

struct ConnectionAdmins {
  std::vector<std::string> users;
  std::vector<std::string> groups;
  std::vector<std::string> role_ids;
};

nlohmann::json ConnectionEntity(const std::string& name, const std::string& qn,
                                const ConnectionAdmins& admins);
// `object_count`: written only when known for the whole bucket; otherwise the bucket's
// s3ObjectCount is left as it is.
nlohmann::json BucketEntity(const Scope& scope, std::optional<int64_t> object_count);
// `prefix_key`: the registered folder the object is immediately in (prefix level), if any.
nlohmann::json ObjectEntity(const Scope& scope, const ObjectInfo& object,
                            const std::string* prefix_key = nullptr);
// A folder (prefixes.h): in its bucket and its parent folder when that is registered.
nlohmann::json PrefixEntity(const Scope& scope, const std::string& key,
                            const std::string* parent_key, int64_t object_count,
                            int64_t prefix_count, int64_t newest_modified);
nlohmann::json ProcessEntity(const Scope& scope, const std::string& qn, const std::string& name,
                             const std::vector<nlohmann::json>& inputs,
                             const std::vector<nlohmann::json>& outputs);
nlohmann::json ColumnProcessEntity(const Scope& scope, const std::string& qn,
                                   const std::string& name, const nlohmann::json& input,
                                   const nlohmann::json& output, const nlohmann::json& process);

// Every attribute delta-arc writes on some type: what a search for existing assets asks for.
const std::vector<std::string>& WrittenAttributes();

// The qualifiedNames a relationship attribute's value (one reference or a list) points
// at, in what delta-arc sends and in what Atlan returns; relationships Atlan reports as
// not ACTIVE are left out.
std::vector<std::string> ReferencedNames(const nlohmann::json& value);

// A hash of the attributes `type` owns, with relationships reduced to the sorted
// qualifiedNames they point to. Works on what delta-arc sends and on what Atlan
// returns from a search, so equal fingerprints mean nothing to write.
uint64_t Fingerprint(AssetType type, const nlohmann::json& attributes);

}  // namespace delta_arc::lineage
