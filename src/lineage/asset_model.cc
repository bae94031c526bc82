// Asset shapes; see asset_model.h.
#include "lineage/asset_model.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "atlan/entity_attributes.h"
#include "common/fnv.h"
#include "common/json_text.h"
#include "http/headers.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// The qualifiedName a reference points at, in either form: what delta-arc sends
// ({"uniqueAttributes":{"qualifiedName"}}) or what Atlan returns (the same, plus
// relationshipStatus, which must be ACTIVE to count).
std::string ReferencedName(const json& ref) {
  if (!ref.is_object()) return "";
  if (ref.contains("relationshipStatus") && ref["relationshipStatus"] != "ACTIVE") return "";
  if (ref.contains("uniqueAttributes") && ref["uniqueAttributes"].is_object()) {
    return atlan::StringField(ref["uniqueAttributes"], "qualifiedName");
  }
  if (ref.contains("attributes") && ref["attributes"].is_object()) {
    return atlan::StringField(ref["attributes"], "qualifiedName");
  }
  return "";
}

// Media types: compressions' (RFC 6713 gzip, RFC 8878 zstd); JSON lines' as jsonlines.org
// names it, Parquet's as IANA registered it, Avro's as its specification's "HTTP as
// Transport" does.
constexpr const char* kCsvType = "text/csv";
constexpr const char* kJsonLinesType = "application/jsonl";
constexpr const char* kGzipType = "application/gzip";
constexpr const char* kZstdType = "application/zstd";
constexpr const char* kBzip2Type = "application/x-bzip2";
constexpr const char* kParquetType = "application/vnd.apache.parquet";
constexpr const char* kAvroType = "avro/binary";

// The media type a name says ("" for none).
std::string ContentTypeByName(const std::string& key) {
  static const std::vector<std::pair<std::string, std::string>> kTypes = {
      {".csv", kCsvType},
      {".json", "application/json"},
      {".jsonl", kJsonLinesType},
      {".ndjson", kJsonLinesType},
      {".gz", kGzipType},
      {".zst", kZstdType},
      {".bz2", kBzip2Type},
      {".parquet", kParquetType},
      {".avro", kAvroType},
      {".txt", "text/plain"},
      {".tsv", "text/tab-separated-values"}};
  for (const auto& [extension, type] : kTypes) {
    if (key.size() >= extension.size() &&
        http::EqualsIgnoreCase(std::string_view(key).substr(key.size() - extension.size()),
                               extension)) {
      return type;
    }
  }
  return "";
}

// The media type of what an object's bytes told it is, where they were read: its
// compression's, else its format's; delimited text's as its name says (.tsv, .txt), else
// CSV's. Unread, the name's.
std::string ContentTypeOf(const std::string& key, const FileKind* kind) {
  if (kind == nullptr) return ContentTypeByName(key);
  switch (kind->compression) {
    case Compression::kGzip:
      return kGzipType;
    case Compression::kZstd:
      return kZstdType;
    case Compression::kBzip2:
      return kBzip2Type;
    case Compression::kNone:
      break;
  }
  switch (kind->format) {
    case FileFormat::kJsonLines:
      return kJsonLinesType;
    case FileFormat::kParquet:
      return kParquetType;
    case FileFormat::kAvro:
      return kAvroType;
    case FileFormat::kCsv:
      break;
  }
  std::string by_name = ContentTypeByName(key);
  return by_name.starts_with("text/") ? by_name : kCsvType;
}

json Base(const Scope& scope, AssetType type, const std::string& qn, const std::string& name) {
  return {{"typeName", TypeName(type)},
          {"status", "ACTIVE"},
          {"attributes",
           {{"qualifiedName", qn},
            {"name", name},
            {"connectorName", "s3"},
            {"connectionQualifiedName", scope.connection_qn}}}};
}

}  // namespace

json RefByQualifiedName(const std::string& type_name, const std::string& qn) {
  return {{"typeName", type_name}, {"uniqueAttributes", {{"qualifiedName", qn}}}};
}

json RefByQualifiedName(AssetType type, const std::string& qn) {
  return RefByQualifiedName(TypeName(type), qn);
}

json ConnectionEntity(const std::string& name, const std::string& qn,
                      const ConnectionAdmins& admins) {
  return {{"typeName", TypeName(AssetType::kConnection)},
          {"status", "ACTIVE"},
          {"attributes",
           {{"qualifiedName", qn},
            {"name", name},
            {"connectorName", "s3"},
            {"category", "ObjectStore"},
            {"adminUsers", admins.users},
            {"adminGroups", admins.groups},
            {"adminRoles", admins.role_ids}}}};
}

json BucketEntity(const Scope& scope, std::optional<int64_t> object_count) {
  json entity = Base(scope, AssetType::kBucket, scope.BucketQualifiedName(), scope.bucket_name);
  entity["attributes"]["awsArn"] = scope.bucket_arn;
  if (object_count) entity["attributes"]["s3ObjectCount"] = *object_count;
  return entity;
}

json PrefixEntity(const Scope& scope, const std::string& key, const std::string* parent_key,
                  int64_t object_count, int64_t prefix_count, int64_t newest_modified) {
  json entity = Base(scope, AssetType::kPrefix, scope.PrefixQualifiedName(key),
                     key.substr(key.rfind('/') + 1));
  auto& a = entity["attributes"];
  a["s3BucketName"] = scope.bucket_name;
  a["s3BucketQualifiedName"] = scope.BucketQualifiedName();
  a["s3ObjectCount"] = object_count;
  a["s3PrefixCount"] = prefix_count;
  if (newest_modified > 0) a["sourceUpdatedAt"] = newest_modified;
  a["s3Bucket"] = RefByQualifiedName(AssetType::kBucket, scope.BucketQualifiedName());
  if (parent_key != nullptr) {
    a["s3ParentPrefixQualifiedName"] = scope.PrefixQualifiedName(*parent_key);
    a["s3ParentPrefix"] =
        RefByQualifiedName(AssetType::kPrefix, scope.PrefixQualifiedName(*parent_key));
  }
  return entity;
}

json ObjectEntity(const Scope& scope, const ObjectInfo& object, const std::string* prefix_key,
                  const FileKind* kind) {
  const std::string name = object.key.substr(object.key.rfind('/') + 1);
  json entity = Base(scope, AssetType::kObject, scope.ObjectQualifiedName(object.key), name);
  auto& a = entity["attributes"];
  // The object's ARN in the bucket's partition (arn:aws, arn:aws-us-gov, arn:aws-cn).
  const std::string partition = scope.bucket_arn.substr(0, scope.bucket_arn.find(":s3:::"));
  a["awsArn"] = partition + ":s3:::" + scope.bucket_name + "/" + object.key;
  a["s3ObjectKey"] = object.key;
  a["s3ObjectSize"] = object.size;
  a["s3ObjectLastModifiedTime"] = object.last_modified;
  a["s3ETag"] = object.etag;
  if (auto type = ContentTypeOf(object.key, kind); !type.empty()) a["s3ObjectContentType"] = type;
  a["s3BucketName"] = scope.bucket_name;
  a["s3BucketQualifiedName"] = scope.BucketQualifiedName();
  a["bucket"] = RefByQualifiedName(AssetType::kBucket, scope.BucketQualifiedName());
  if (prefix_key != nullptr) {
    a["s3ParentPrefixQualifiedName"] = scope.PrefixQualifiedName(*prefix_key);
    a["s3Prefix"] = RefByQualifiedName(AssetType::kPrefix, scope.PrefixQualifiedName(*prefix_key));
  }
  return entity;
}

json ProcessEntity(const Scope& scope, const std::string& qn, const std::string& name,
                   const std::vector<json>& inputs, const std::vector<json>& outputs) {
  json entity = Base(scope, AssetType::kProcess, qn, name);
  entity["attributes"][kScopeRecordAttribute] = ScopeRecordText(scope.Record());
  entity["attributes"]["inputs"] = inputs;
  entity["attributes"]["outputs"] = outputs;
  return entity;
}

json ColumnProcessEntity(const Scope& scope, const std::string& qn, const std::string& name,
                         const json& input, const json& output, const json& process) {
  json entity = Base(scope, AssetType::kColumnProcess, qn, name);
  entity["attributes"][kScopeRecordAttribute] = ScopeRecordText(scope.Record());
  entity["attributes"]["inputs"] = json::array({input});
  entity["attributes"]["outputs"] = json::array({output});
  entity["attributes"]["process"] = process;
  return entity;
}

const std::vector<std::string>& WrittenAttributes() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> all;
    for (const auto& info : AssetTypes()) {
      if (info.type == AssetType::kConnection) continue;  // found by name, never diffed
      for (const auto& a : info.attributes) {
        if (std::find(all.begin(), all.end(), a) == all.end() && a != "name") all.push_back(a);
      }
    }
    return all;
  }();
  return kAll;
}

std::vector<std::string> ReferencedNames(const json& value) {
  std::vector<std::string> names;
  if (!value.is_array()) {
    if (auto qn = ReferencedName(value); !qn.empty()) names.push_back(std::move(qn));
    return names;
  }
  for (const auto& ref : value) {
    if (auto qn = ReferencedName(ref); !qn.empty()) names.push_back(std::move(qn));
  }
  return names;
}

uint64_t Fingerprint(AssetType type, const json& attributes) {
  // FNV-1a over the canonical JSON text: an object of the type's compared attributes in
  // key order (a missing one null), each relation as the sorted names it references.
  // The text is hashed as it is made, never built as a document: a plan fingerprints
  // every asset it would write (hundreds of thousands of column processes at scale).
  struct Field {
    const std::string* name;
    std::string key;  // `"name":`, as the canonical text has it
    bool relation;
  };
  static const auto kFields = [] {
    std::map<AssetType, std::vector<Field>> fields;
    for (const auto& info : AssetTypes()) {
      auto& of_type = fields[info.type];
      for (const auto& name : info.attributes) {
        of_type.push_back({&name, JsonText(json(name)) + ":",
                           std::ranges::find(info.relations, name) != info.relations.end()});
      }
      std::ranges::sort(of_type, [](const Field& a, const Field& b) { return *a.name < *b.name; });
    }
    return fields;
  }();
  static const json kNull;
  uint64_t hash = kDeltaArcBasis;
  char separator = '{';
  for (const Field& field : kFields.at(type)) {
    hash = Fnv1a64(std::string_view(&separator, 1), hash);
    separator = ',';
    hash = Fnv1a64(field.key, hash);
    auto found = attributes.find(*field.name);
    const json& value = found == attributes.end() ? kNull : *found;
    if (!field.relation) {
      hash = Fnv1a64(JsonText(value), hash);
      continue;
    }
    std::vector<std::string> targets = ReferencedNames(value);
    std::sort(targets.begin(), targets.end());
    char bracket = '[';
    for (const auto& target : targets) {
      hash = Fnv1a64(std::string_view(&bracket, 1), hash);
      bracket = ',';
      hash = Fnv1a64(JsonText(json(target)), hash);
    }
    hash = Fnv1a64(targets.empty() ? "[]" : "]", hash);
  }
  return Fnv1a64(separator == '{' ? "{}" : "}", hash);
}

}  // namespace delta_arc::lineage
