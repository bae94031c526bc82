// The registry of what delta-arc owns: names of types, the qualifiedName scheme built and
// parsed, which scope an asset belongs to, and the search that finds a scope's assets.
#include "lineage/owned_types.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "atlan/type_names.h"

namespace delta_arc::lineage {
namespace {

using nlohmann::json;

const Scope kScope{"default/s3/1", "landing", "arn:aws:s3:::landing", "2025/"};

TEST(OwnedTypes, EachTypeHasOneNameAndIsFoundByIt) {
  std::set<std::string> names;
  for (const auto& info : AssetTypes()) {
    EXPECT_EQ(&InfoOf(info.type), &info);
    EXPECT_EQ(AssetTypeNamed(info.type_name), info.type);
    EXPECT_TRUE(names.insert(info.type_name).second) << info.type_name;
  }
  EXPECT_EQ(AssetTypeNamed(atlan::kConnectionProcessType), std::nullopt);
  EXPECT_EQ(AssetTypeNamed("s3object"), std::nullopt);
  EXPECT_EQ(ScopedTypes(),
            (std::vector<AssetType>{AssetType::kPrefix, AssetType::kObject, AssetType::kProcess,
                                    AssetType::kColumnProcess}));
}

TEST(OwnedTypes, AScopeIdIsParsedBackFromTheNamesItBuilds) {
  const std::string id = kScope.Id();
  EXPECT_EQ(kScope.ProcessQualifiedNamePrefix(), "default/s3/1/delta-arc/" + id + "/");
  EXPECT_EQ(ScopeIdIn(kScope.ExtractProcessQualifiedName("default/postgres/1/DB/S/T"),
                      kScope.connection_qn),
            id);
  EXPECT_EQ(ScopeIdIn(kScope.ColumnProcessQualifiedName("p/c", "s/c"), kScope.connection_qn), id);
  EXPECT_EQ(ScopeIdIn(kScope.ExtractProcessQualifiedName("x"), "default/s3/2"), "");
  EXPECT_EQ(ScopeIdIn("default/s3/1/delta-arc/" + id, kScope.connection_qn), "");  // no '/'
  EXPECT_EQ(ScopeIdIn("default/s3/1/delta-arc/nothexdigits/x", kScope.connection_qn), "");
  EXPECT_EQ(ScopeIdIn("default/s3/1/delta-arc/0123456789abc/x", kScope.connection_qn), "");
  EXPECT_EQ(ScopeIdIn(kScope.ObjectQualifiedName("2025/a.csv"), kScope.connection_qn), "");
}

TEST(OwnedTypes, OwnsByPlacementForTheScopeAndForItsConnection) {
  const Scope other_prefix{kScope.connection_qn, "landing", kScope.bucket_arn, "2026/"};
  const std::string object = kScope.ObjectQualifiedName("2025/a.csv");
  const std::string elsewhere = other_prefix.ObjectQualifiedName("2026/a.csv");
  const std::string process = kScope.ExtractProcessQualifiedName("t");
  const std::string others_process = other_prefix.ExtractProcessQualifiedName("t");

  EXPECT_TRUE(Owns(kScope, AssetType::kConnection, "default/s3/1"));
  EXPECT_FALSE(Owns(kScope, AssetType::kConnection, "default/s3/2"));
  EXPECT_TRUE(Owns(kScope, AssetType::kBucket, kScope.BucketQualifiedName()));
  EXPECT_FALSE(Owns(kScope, AssetType::kBucket, "default/s3/1/arn:aws:s3:::other"));
  EXPECT_TRUE(Owns(kScope, AssetType::kObject, object));
  EXPECT_TRUE(Owns(kScope, AssetType::kPrefix, kScope.PrefixQualifiedName("2025/orders")));
  EXPECT_FALSE(Owns(kScope, AssetType::kObject, elsewhere));
  EXPECT_TRUE(Owns(kScope, AssetType::kProcess, process));
  EXPECT_TRUE(Owns(kScope, AssetType::kColumnProcess, kScope.ColumnProcessQualifiedName("a", "b")));
  EXPECT_FALSE(Owns(kScope, AssetType::kProcess, others_process));
  EXPECT_FALSE(Owns(kScope, AssetType::kProcess, "default/s3/1/someone/else"));

  // Every scope of the connection: any bucket, object or folder, any scope id's processes.
  for (const auto& qn : {object, elsewhere}) {
    EXPECT_TRUE(Owns(kScope, AssetType::kObject, qn, Breadth::kConnection)) << qn;
  }
  EXPECT_TRUE(
      Owns(kScope, AssetType::kBucket, "default/s3/1/arn:aws:s3:::other", Breadth::kConnection));
  EXPECT_TRUE(Owns(kScope, AssetType::kProcess, others_process, Breadth::kConnection));
  EXPECT_FALSE(
      Owns(kScope, AssetType::kProcess, "default/s3/1/someone/else", Breadth::kConnection));
  EXPECT_FALSE(Owns(kScope, AssetType::kObject, "default/s3/2/arn:aws:s3:::landing/2025/a.csv",
                    Breadth::kConnection));
}

TEST(OwnedTypes, TheScopeSearchNamesTypesConnectionAndEachPlacementsPrefixOnce) {
  const json both = ScopeSearch(kScope, ScopedTypes());
  const json& clauses = both["bool"]["filter"];
  ASSERT_EQ(clauses.size(), 3u) << both.dump();
  EXPECT_EQ(clauses[0]["terms"]["__typeName.keyword"],
            json({"S3Prefix", "S3Object", "Process", "ColumnProcess"}));
  EXPECT_EQ(clauses[1]["term"]["connectionQualifiedName"]["value"], "default/s3/1");
  const json& names = clauses[2]["bool"]["should"];
  ASSERT_EQ(names.size(), 2u) << both.dump();
  EXPECT_EQ(names[0]["prefix"]["qualifiedName"]["value"], kScope.ObjectQualifiedNamePrefix());
  EXPECT_EQ(names[1]["prefix"]["qualifiedName"]["value"], kScope.ProcessQualifiedNamePrefix());

  const json objects = ScopeSearch(kScope, {AssetType::kObject}, Breadth::kConnection);
  EXPECT_EQ(objects["bool"]["filter"][2]["prefix"]["qualifiedName"]["value"], "default/s3/1/")
      << objects.dump();
}

// The registry holds Atlan's type names: no other source file of delta-arc spells one (the
// emulator, a server of its own, names them for itself).
TEST(OwnedTypes, NoSourceOutsideTheRegistrySpellsAnAtlanTypeName) {
  const std::filesystem::path src = std::filesystem::path(DELTA_ARC_SOURCE_DIR) / "src";
  const std::vector<std::string> names = {atlan::kConnectionType,    atlan::kTableType,
                                          atlan::kViewType,          atlan::kColumnType,
                                          atlan::kS3BucketType,      atlan::kS3PrefixType,
                                          atlan::kS3ObjectType,      atlan::kProcessType,
                                          atlan::kColumnProcessType, atlan::kConnectionProcessType};
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    const auto path = entry.path();
    if (!entry.is_regular_file() || (path.extension() != ".cc" && path.extension() != ".h")) {
      continue;
    }
    const auto relative = std::filesystem::relative(path, src).generic_string();
    if (relative.starts_with("emulator/") || relative == "atlan/type_names.h") continue;
    ++files;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& name : names) {
      EXPECT_EQ(text.str().find("\"" + name + "\""), std::string::npos)
          << relative << " spells \"" << name << "\"";
    }
  }
  EXPECT_GT(files, 100);
}

}  // namespace
}  // namespace delta_arc::lineage
