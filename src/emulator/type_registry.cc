// Atlan's typedefs, reduced to what the emulator enforces; see type_registry.h.
#include "emulator/type_registry.h"

#include <algorithm>

#include "common/keyword_case.h"

namespace delta_arc::emulator {
namespace {

// Relations on every lineage-capable (Catalog) asset: the inverse ends of Process
// (ColumnProcess inherits Process's relationships, so columns use the same names).
const std::vector<RelationDef> kCatalogRelations = {
    // Not an Atlas relationship in Atlan's typedefs (assets carry connectionQualifiedName),
    // but accepted so that clients linking an asset to its connection by reference work.
    {"connection", "Connection", false, "connectedAssets", "connection_assets"},
    {"inputToProcesses", "Process", true, "inputs", "process_catalog_inputs"},
    {"outputFromProcesses", "Process", true, "outputs", "process_catalog_outputs"},
};

std::vector<RelationDef> CatalogPlus(std::vector<RelationDef> own) {
  own.insert(own.end(), kCatalogRelations.begin(), kCatalogRelations.end());
  return own;
}

const std::vector<std::string> kCatalog = {"Catalog", "Asset", "Referenceable"};
const std::vector<std::string> kSql = {"SQL", "Catalog", "Asset", "Referenceable"};
const std::vector<std::string> kS3 = {"S3", "ObjectStore", "Catalog", "Asset", "Referenceable"};

const std::vector<TypeDef>& AllTypes() {
  static const std::vector<TypeDef> kTypes = {
      {"Connection",
       {"Asset", "Referenceable"},
       {"connectorName", "category"},
       {{"connectedAssets", "Catalog", true, "connection", "connection_assets"},
        {"inputToConnectionProcesses", "ConnectionProcess", true, "inputs",
         "connection_process_inputs"},
        {"outputFromConnectionProcesses", "ConnectionProcess", true, "outputs",
         "connection_process_outputs"}}},
      // An Asset, not a Process (atlas-metastore typedef, 007_all_custom_models.json);
      // there, Process's and ConnectionProcess's inputs and outputs are attributeDefs of
      // the type itself, the other relations relationship attributes only.
      {"ConnectionProcess",
       {"Asset", "Referenceable"},
       {},
       {{"inputs", "Connection", true, "inputToConnectionProcesses", "connection_process_inputs",
         true},
        {"outputs", "Connection", true, "outputFromConnectionProcesses",
         "connection_process_outputs", true}}},
      {"Database",
       kSql,
       {},
       CatalogPlus({{"schemas", "Schema", true, "database", "database_schemas"}})},
      {"Schema",
       kSql,
       {},
       CatalogPlus({{"database", "Database", false, "schemas", "database_schemas"},
                    {"tables", "Table", true, "atlanSchema", "schema_tables"},
                    {"views", "View", true, "atlanSchema", "schema_views"},
                    {"materialisedViews", "MaterialisedView", true, "atlanSchema",
                     "schema_materialised_views"}})},
      {"Table",
       kSql,
       {},
       CatalogPlus({{"atlanSchema", "Schema", false, "tables", "schema_tables"},
                    {"columns", "Column", true, "table", "table_columns"}})},
      {"View",
       kSql,
       {},
       CatalogPlus({{"atlanSchema", "Schema", false, "views", "schema_views"},
                    {"columns", "Column", true, "view", "view_columns"}})},
      // A materialised view as Atlan types it (007_all_custom_models.json: a SQL asset,
      // schema_materialised_views and materialised_view_columns); pyatlan's
      // MaterialisedView.create and Column.create(parent_type=MaterialisedView) use them.
      {"MaterialisedView",
       kSql,
       {},
       CatalogPlus(
           {{"atlanSchema", "Schema", false, "materialisedViews", "schema_materialised_views"},
            {"columns", "Column", true, "materialisedView", "materialised_view_columns"}})},
      {"Column",
       kSql,
       {},
       CatalogPlus({{"table", "Table", false, "columns", "table_columns"},
                    {"view", "View", false, "columns", "view_columns"},
                    {"materialisedView", "MaterialisedView", false, "columns",
                     "materialised_view_columns"}})},
      // The relations of S3Prefix (pyatlan >= 8.4.3 s3_prefix.py, atlan-java S3Prefix.java:
      // s3Bucket, s3Objects, s3ParentPrefix, s3ChildPrefixes; S3Bucket.s3Prefixes and
      // S3Object.s3Prefix at the other ends). Atlan publishes no typedef for them, so the
      // relationship type names are the emulator's own, in the form of s3_bucket_s3_objects.
      {"S3Bucket",
       kS3,
       {},
       CatalogPlus({{"objects", "S3Object", true, "bucket", "s3_bucket_s3_objects"},
                    {"s3Prefixes", "S3Prefix", true, "s3Bucket", "s3_bucket_s3_prefixes"}})},
      {"S3Prefix",
       kS3,
       {},
       CatalogPlus(
           {{"s3Bucket", "S3Bucket", false, "s3Prefixes", "s3_bucket_s3_prefixes"},
            {"s3Objects", "S3Object", true, "s3Prefix", "s3_prefix_s3_objects"},
            {"s3ParentPrefix", "S3Prefix", false, "s3ChildPrefixes", "s3_prefix_s3_child_prefixes"},
            {"s3ChildPrefixes", "S3Prefix", true, "s3ParentPrefix",
             "s3_prefix_s3_child_prefixes"}})},
      {"S3Object",
       kS3,
       {},
       CatalogPlus({{"bucket", "S3Bucket", false, "objects", "s3_bucket_s3_objects"},
                    {"s3Prefix", "S3Prefix", false, "s3Objects", "s3_prefix_s3_objects"}})},
      {"Process",
       {"Asset", "Referenceable"},
       {},
       {{"inputs", "Catalog", true, "inputToProcesses", "process_catalog_inputs", true},
        {"outputs", "Catalog", true, "outputFromProcesses", "process_catalog_outputs", true},
        {"columnProcesses", "ColumnProcess", true, "process", "process_column_processes"}}},
      {"ColumnProcess",
       {"Process", "Asset", "Referenceable"},
       {},
       {{"inputs", "Catalog", true, "inputToProcesses", "process_catalog_inputs", true},
        {"outputs", "Catalog", true, "outputFromProcesses", "process_catalog_outputs", true},
        {"process", "Process", false, "columnProcesses", "process_column_processes"}}},
  };
  return kTypes;
}

}  // namespace

const TypeDef* FindType(const std::string& name) {
  const auto& types = AllTypes();
  auto it =
      std::find_if(types.begin(), types.end(), [&](const TypeDef& t) { return t.name == name; });
  return it == types.end() ? nullptr : &*it;
}

bool IsA(const std::string& type, const std::string& super) {
  if (type == super) return true;
  const TypeDef* def = FindType(type);
  return def != nullptr &&
         std::find(def->supertypes.begin(), def->supertypes.end(), super) != def->supertypes.end();
}

std::optional<std::string> CanonicalTypeName(const std::string& name) {
  for (const auto& t : AllTypes()) {
    if (EqualsIgnoringCase(t.name, name)) return t.name;
    for (const auto& super : t.supertypes) {
      if (EqualsIgnoringCase(super, name)) return super;
    }
  }
  return std::nullopt;
}

std::vector<std::string> AllSuperTypeNames() {
  std::vector<std::string> out;
  for (const auto& t : AllTypes()) {
    for (const auto& super : t.supertypes) {
      if (std::find(out.begin(), out.end(), super) == out.end()) out.push_back(super);
    }
  }
  return out;
}

std::vector<std::string> TypesWithSuperType(const std::string& super) {
  std::vector<std::string> out;
  for (const auto& t : AllTypes()) {
    if (IsA(t.name, super)) out.push_back(t.name);
  }
  return out;
}

std::optional<RelationDef> FindRelation(const std::string& type, const std::string& attribute) {
  const TypeDef* def = FindType(type);
  if (def == nullptr) return std::nullopt;
  for (const auto& r : def->relations) {
    if (r.name == attribute) return r;
  }
  return std::nullopt;
}

}  // namespace delta_arc::emulator
