// The registry of owned types; see owned_types.h.
#include "lineage/owned_types.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "atlan/index_search.h"
#include "atlan/type_names.h"
#include "common/fnv.h"
#include "common/json_text.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// The qualifiedName prefix under which a scope (or, kConnection, every scope of its S3
// connection) names its assets of a scoped placement.
std::string NamePrefix(const Scope& scope, Placement placement, Breadth breadth) {
  if (placement == Placement::kUnderPrefix) {
    return breadth == Breadth::kScope ? scope.ObjectQualifiedNamePrefix()
                                      : scope.connection_qn + "/";
  }
  return breadth == Breadth::kScope ? scope.ProcessQualifiedNamePrefix()
                                    : ProcessRoot(scope.connection_qn);
}

}  // namespace

const std::vector<AssetTypeInfo>& AssetTypes() {
  static const std::vector<AssetTypeInfo> kTypes = {
      {AssetType::kConnection,
       atlan::kConnectionType,
       Placement::kConnection,
       {"name", "connectorName", "category", "adminUsers", "adminGroups", "adminRoles"},
       {},
       {}},
      {AssetType::kBucket,
       atlan::kS3BucketType,
       Placement::kBucket,
       {"name", "awsArn", "connectorName", "connectionQualifiedName", "s3ObjectCount"},
       {},
       {}},
      // pyatlan >= 8.4.3 s3_prefix.py: s3ObjectCount and s3PrefixCount are what the folder
      // holds immediately; sourceUpdatedAt (Asset's "last updated in the source system")
      // its newest file. S3Prefix has no attribute for a total size.
      {AssetType::kPrefix,
       atlan::kS3PrefixType,
       Placement::kUnderPrefix,
       {"name", "connectorName", "connectionQualifiedName", "s3BucketName", "s3BucketQualifiedName",
        "s3ObjectCount", "s3PrefixCount", "s3ParentPrefixQualifiedName", "sourceUpdatedAt",
        "s3Bucket", "s3ParentPrefix"},
       {"s3Bucket", "s3ParentPrefix"},
       {}},
      {AssetType::kObject,
       atlan::kS3ObjectType,
       Placement::kUnderPrefix,
       {"name", "awsArn", "connectorName", "connectionQualifiedName", "s3ObjectKey", "s3ObjectSize",
        "s3ObjectLastModifiedTime", "s3ETag", "s3ObjectContentType", "s3BucketName",
        "s3BucketQualifiedName", "s3ParentPrefixQualifiedName", "bucket", "s3Prefix"},
       {"bucket", "s3Prefix"},
       {}},
      {AssetType::kProcess,
       atlan::kProcessType,
       Placement::kUnderScopeId,
       {"name", "connectorName", "connectionQualifiedName", "inputs", "outputs"},
       {"inputs", "outputs"},
       {kScopeRecordAttribute}},
      {AssetType::kColumnProcess,
       atlan::kColumnProcessType,
       Placement::kUnderScopeId,
       {"name", "connectorName", "connectionQualifiedName", "inputs", "outputs", "process"},
       {"inputs", "outputs", "process"},
       {kScopeRecordAttribute}},
  };
  return kTypes;
}

const AssetTypeInfo& InfoOf(AssetType type) {
  return AssetTypes()[static_cast<size_t>(type)];
}

const char* TypeName(AssetType type) {
  return InfoOf(type).type_name;
}

std::optional<AssetType> AssetTypeNamed(const std::string& type_name) {
  for (const auto& info : AssetTypes()) {
    if (type_name == info.type_name) return info.type;
  }
  return std::nullopt;
}

const std::vector<AssetType>& ScopedTypes() {
  static const std::vector<AssetType> kScoped = [] {
    std::vector<AssetType> types;
    for (const auto& info : AssetTypes()) {
      if (info.Scoped()) types.push_back(info.type);
    }
    return types;
  }();
  return kScoped;
}

std::vector<std::string> TypeNames(const std::vector<AssetType>& types) {
  std::vector<std::string> names;
  names.reserve(types.size());
  for (AssetType type : types) names.emplace_back(TypeName(type));
  return names;
}

std::string ScopeId(const std::string& bucket_arn, const std::string& prefix) {
  // A short hash keeps names readable while two deployments (another prefix, another ARN
  // suffix) never share processes.
  char id[13];
  std::snprintf(id, sizeof id, "%012llx",
                static_cast<unsigned long long>(
                    Fnv1a64(bucket_arn + "\n" + prefix, kDeltaArcBasis) & 0xFFFFFFFFFFFFULL));
  return id;
}

std::string ProcessRoot(const std::string& connection_qn) {
  return connection_qn + "/delta-arc/";
}

std::string ProcessPrefix(const std::string& connection_qn, const std::string& scope_id) {
  return ProcessRoot(connection_qn) + scope_id + "/";
}

std::string ScopeIdIn(const std::string& qn, const std::string& connection_qn) {
  const std::string head = ProcessRoot(connection_qn);
  if (connection_qn.empty() || !qn.starts_with(head) || qn.size() < head.size() + 13) return "";
  const std::string id = qn.substr(head.size(), 12);
  if (qn[head.size() + 12] != '/' || !std::ranges::all_of(id, [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c));
      })) {
    return "";
  }
  return id;
}

std::string ScopeRecordText(const ScopeRecord& record) {
  return JsonText(
      json{{"delta-arc", {{"bucketArn", record.bucket_arn}, {"prefix", record.prefix}}}});
}

std::optional<ScopeRecord> ParseScopeRecord(const json& value) {
  if (!value.is_string()) return std::nullopt;
  const json text = json::parse(value.get<std::string>(), nullptr, false);
  if (!text.is_object() || !text.contains("delta-arc") || !text["delta-arc"].is_object()) {
    return std::nullopt;
  }
  const json& record = text["delta-arc"];
  const json arn = record.value("bucketArn", json());
  const json prefix = record.value("prefix", json());
  if (!arn.is_string() || !prefix.is_string()) return std::nullopt;
  return ScopeRecord{arn.get<std::string>(), prefix.get<std::string>()};
}

std::string Scope::BucketQualifiedName() const {
  return connection_qn + "/" + bucket_arn;
}

std::string Scope::ObjectQualifiedName(const std::string& key) const {
  return BucketQualifiedName() + "/" + key;
}

std::string Scope::PrefixQualifiedName(const std::string& key) const {
  return ObjectQualifiedName(key);
}

std::string Scope::ObjectQualifiedNamePrefix() const {
  return ObjectQualifiedName(prefix);
}

std::string Scope::ProcessQualifiedNamePrefix() const {
  return ProcessPrefix(connection_qn, Id());
}

std::string Scope::ExtractProcessQualifiedName(const std::string& source_table_qn) const {
  return ProcessQualifiedNamePrefix() + "extract/" + source_table_qn;
}

std::string Scope::LoadProcessQualifiedName(const std::string& target_table_qn) const {
  return ProcessQualifiedNamePrefix() + "load/" + target_table_qn;
}

std::string Scope::ColumnProcessQualifiedName(const std::string& source_column_qn,
                                              const std::string& target_column_qn) const {
  return ProcessQualifiedNamePrefix() + "column/" + source_column_qn + "/" + target_column_qn;
}

bool Owns(const Scope& scope, AssetType type, const std::string& qn, Breadth breadth) {
  const Placement placement = InfoOf(type).placement;
  if (placement == Placement::kConnection) return qn == scope.connection_qn;
  if (placement == Placement::kBucket) {
    return breadth == Breadth::kConnection ? qn.starts_with(scope.connection_qn + "/")
                                           : qn == scope.BucketQualifiedName();
  }
  return qn.starts_with(NamePrefix(scope, placement, breadth));
}

json TypesUnder(const std::vector<AssetType>& types, const std::string& connection_qn,
                json any_name) {
  return atlan::Filter(json::array(
      {atlan::Terms("__typeName.keyword", TypeNames(types)),
       atlan::Term("connectionQualifiedName", connection_qn),
       any_name.size() == 1 ? std::move(any_name[0]) : atlan::AnyOf(std::move(any_name))}));
}

json NamedUnder(const std::vector<AssetType>& types, const std::string& connection_qn,
                const std::vector<std::string>& name_prefixes) {
  json names = json::array();
  for (const auto& prefix : name_prefixes) names.push_back(atlan::Prefix("qualifiedName", prefix));
  return TypesUnder(types, connection_qn, std::move(names));
}

json ScopeSearch(const Scope& scope, const std::vector<AssetType>& types, Breadth breadth) {
  std::vector<std::string> prefixes;
  for (AssetType type : types) {
    std::string prefix = NamePrefix(scope, InfoOf(type).placement, breadth);
    if (std::ranges::find(prefixes, prefix) == prefixes.end())
      prefixes.push_back(std::move(prefix));
  }
  return NamedUnder(types, scope.connection_qn, prefixes);
}

}  // namespace delta_arc::lineage
