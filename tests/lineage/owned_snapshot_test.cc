// The snapshot of what a scope holds: a plan made from it is the plan the scope's pages
// would give, and it is used only while the probe answers the same, only for its own
// scope, only when nothing it holds is to be archived, and never when damaged.
#include "lineage/owned_snapshot.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lineage/mapping.h"
#include "tests/lineage/test_tables.h"

namespace delta_arc::lineage {
namespace {

using nlohmann::json;

class OwnedSnapshotTest : public ::testing::Test {
 protected:
  OwnedSnapshotTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("owned-snapshot-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        store_({{OwnedSnapshot::kEntry, (dir_ / "owned.json").string()}}) {}
  ~OwnedSnapshotTest() override { std::filesystem::remove_all(dir_); }

  // The sources of a sync of `objects`: a table on both sides, linked through them.
  std::shared_ptr<PlanSources> Sources(const std::vector<ObjectInfo>& objects, const Scope& scope) {
    auto mapping = Mapping::FromYaml("objects: [\"{table}.csv\", \"{table}-{n}.csv\"]", "t");
    auto sources = std::make_shared<PlanSources>();
    sources->scope = scope;
    sources->connection_name = "landing";
    sources->objects = objects;
    sources->source.connections = {{"pg", "default/postgres/1", "postgres", ""}};
    sources->source.tables = {Table("default/postgres/1", "CUSTOMERS", {"ID", "NAME"})};
    sources->target.connections = {{"sf", "default/snowflake/2", "snowflake", ""}};
    sources->target.tables = {Table("default/snowflake/2", "CUSTOMERS", {"ID", "NAME"})};
    sources->match =
        MatchObjects(sources->objects, "2025/", *mapping, sources->source, sources->target);
    for (auto& link : sources->match.links) LinkColumns(link, *mapping);
    GroupLoads(*sources);
    return sources;
  }

  // The bucket as Atlan holds it: with an object count a listing of the whole bucket sent.
  ExistingAssets BucketOnly() const {
    ExistingAssets existing;
    json attributes = BucketEntity(scope_, 40)["attributes"];
    existing.bucket = ExistingAsset{AssetType::kBucket, "g-bucket",
                                    Fingerprint(AssetType::kBucket, attributes), attributes};
    existing.bucket_qualified_name = scope_.BucketQualifiedName();
    existing.bucket_connection_qn = scope_.connection_qn;
    return existing;
  }

  // Plans `objects` against `before`, as a sync applying it in full leaves the scope,
  // and saves the snapshot with `probe`.
  void SyncAndSave(const std::vector<ObjectInfo>& objects, const ScopeProbe& probe,
                   const std::optional<ExistingAssets>& held = std::nullopt) {
    const ExistingAssets before = held ? *held : BucketOnly();
    auto plan = BuildPlan(Sources(objects, scope_), true, before);
    ASSERT_TRUE(plan) << plan.error().message;
    // Objects, processes, column processes (and the bucket when Atlan holds none).
    ASSERT_EQ(plan->CountWrites(true), 2u + 2u + 2u + (before.bucket ? 0u : 1u));
    OwnedSnapshot::After(*plan, before, probe).Save(store_, log_);
  }

  std::filesystem::path dir_;
  FileCacheStore store_;
  std::vector<std::string> warnings_;
  Logger log_{LogLevel::kWarn, false,
              [this](const std::string& line) { warnings_.push_back(line); }};
  const Scope scope_{"default/s3/9", "landing", "arn:aws:s3:::landing", "2025/"};
  const std::vector<ObjectInfo> objects_ = {{"2025/customers.csv", 100, 1700000000000, "abc"},
                                            {"2025/customers-2.csv", 50, 1700000000001, "def"}};
  const ScopeProbe probe_{7, 1700000005000};
};

TEST_F(OwnedSnapshotTest, PlansNothingForTheScopeItDescribes) {
  SyncAndSave(objects_, probe_);
  auto snapshot = OwnedSnapshot::Load(store_, scope_, log_);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->size(), 6u);
  EXPECT_EQ(snapshot->probe(), probe_);
  auto sources = Sources(objects_, scope_);
  std::string why_not;
  auto existing =
      snapshot->Reuse(probe_, DesiredKeys(*sources), CarriedTagsDigest(*sources), why_not);
  ASSERT_TRUE(existing) << why_not;
  auto plan = BuildPlan(sources, true, *existing);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->writes.empty());
  EXPECT_TRUE(plan->archives.empty());
  EXPECT_EQ(plan->unchanged, 7);  // the bucket too: its object count kept as Atlan holds it
}

TEST_F(OwnedSnapshotTest, AFirstSyncsSnapshotHoldsTheBucketItCreated) {
  auto sources = Sources(objects_, scope_);
  sources->bucket_object_count = 2;
  const ExistingAssets nothing;
  auto first = BuildPlan(sources, true, nothing);
  ASSERT_TRUE(first);
  OwnedSnapshot::After(*first, nothing, probe_).Save(store_, log_);
  auto snapshot = OwnedSnapshot::Load(store_, scope_, log_);
  ASSERT_TRUE(snapshot);
  std::string why_not;
  auto existing =
      snapshot->Reuse(probe_, DesiredKeys(*sources), CarriedTagsDigest(*sources), why_not);
  ASSERT_TRUE(existing) << why_not;
  auto plan = BuildPlan(sources, true, *existing);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->writes.empty());
  EXPECT_EQ(plan->unchanged, 7);
}

TEST_F(OwnedSnapshotTest, WhatChangedSinceIsStillPlanned) {
  SyncAndSave(objects_, probe_);
  auto snapshot = OwnedSnapshot::Load(store_, scope_, log_);
  ASSERT_TRUE(snapshot);
  // A new version of one object, and a new object of the same table.
  std::vector<ObjectInfo> now = objects_;
  now[0].etag = "abc-2";
  now.push_back({"2025/customers-3.csv", 5, 1700000000009, "ghi"});
  auto sources = Sources(now, scope_);
  std::string why_not;
  auto existing =
      snapshot->Reuse(probe_, DesiredKeys(*sources), CarriedTagsDigest(*sources), why_not);
  ASSERT_TRUE(existing) << why_not;
  auto plan = BuildPlan(sources, true, *existing);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->Count(AssetType::kObject, true), 1);
  EXPECT_EQ(plan->Count(AssetType::kObject, false), 1);
  EXPECT_EQ(plan->Count(AssetType::kProcess, false), 2);  // each gains the new object
  EXPECT_EQ(
      plan->Count(AssetType::kColumnProcess, true) + plan->Count(AssetType::kColumnProcess, false),
      0);
}

TEST_F(OwnedSnapshotTest, AnotherProbeAnswerIsAMiss) {
  SyncAndSave(objects_, probe_);
  auto snapshot = OwnedSnapshot::Load(store_, scope_, log_);
  ASSERT_TRUE(snapshot);
  const auto desired = DesiredKeys(*Sources(objects_, scope_));
  for (const ScopeProbe& probe : {ScopeProbe{6, probe_.newest_modification},
                                  ScopeProbe{probe_.count, probe_.newest_modification + 1}}) {
    std::string why_not;
    EXPECT_FALSE(
        snapshot->Reuse(probe, desired, CarriedTagsDigest(*Sources(objects_, scope_)), why_not));
    EXPECT_NE(why_not.find("changed in Atlan"), std::string::npos) << why_not;
  }
}

// The snapshot keeps no tag state: when the objects carry other tags (a source column was
// tagged), the scope's pages are read to diff them against Atlan's attachments.
TEST_F(OwnedSnapshotTest, TagsCarriedOtherwiseNeedThePages) {
  SyncAndSave(objects_, probe_);
  auto snapshot = OwnedSnapshot::Load(store_, scope_, log_);
  ASSERT_TRUE(snapshot);
  auto tagged = Sources(objects_, scope_);
  tagged->tag_assets = true;
  AssignCarriedTags(*tagged);
  std::string why_not;
  EXPECT_TRUE(snapshot->Reuse(probe_, DesiredKeys(*tagged), CarriedTagsDigest(*tagged), why_not))
      << "S3_TAGS on and nothing tagged: " << why_not;
  tagged->source.tables[0].columns[1].tags = {"pii"};
  AssignCarriedTags(*tagged);
  EXPECT_FALSE(snapshot->Reuse(probe_, DesiredKeys(*tagged), CarriedTagsDigest(*tagged), why_not));
  EXPECT_NE(why_not.find("tags its objects or folders carry changed"), std::string::npos)
      << why_not;
}

TEST_F(OwnedSnapshotTest, AnAssetNoLongerDesiredNeedsThePages) {
  // An archive needs the asset's guid and name, which the snapshot does not keep.
  SyncAndSave(objects_, probe_);
  auto snapshot = OwnedSnapshot::Load(store_, scope_, log_);
  ASSERT_TRUE(snapshot);
  std::string why_not;
  EXPECT_FALSE(snapshot->Reuse(probe_, DesiredKeys(*Sources({objects_[0]}, scope_)),
                               CarriedTagsDigest(*Sources({objects_[0]}, scope_)), why_not));
  EXPECT_NE(why_not.find("no longer desired"), std::string::npos) << why_not;
}

TEST_F(OwnedSnapshotTest, AnotherScopesSnapshotIsNotLoaded) {
  SyncAndSave(objects_, probe_);
  Scope other_prefix = scope_;
  other_prefix.prefix = "2026/";
  Scope other_connection = scope_;
  other_connection.connection_qn = "default/s3/10";
  EXPECT_FALSE(OwnedSnapshot::Load(store_, other_prefix, log_));
  EXPECT_FALSE(OwnedSnapshot::Load(store_, other_connection, log_));
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(OwnedSnapshotTest, DamagedEntriesAreMissesWithAWarning) {
  SyncAndSave(objects_, probe_);
  std::ifstream in(dir_ / "owned.json");
  const std::string saved((std::istreambuf_iterator<char>(in)), {});
  const std::string header = saved.substr(0, saved.find('\n') + 1);
  const std::string first_asset = saved.substr(header.size(), 36);
  for (const std::string& content :
       {std::string("not json\n"), header,           // no asset lines: truncated
        header + first_asset,                        // one of six
        saved.substr(0, saved.rfind("crc32 ") - 5),  // cut inside a line
        header + std::string(first_asset).replace(0, 1, "9") +
            saved.substr(header.size() + 36),  // a digit that names no type
        std::string(saved).replace(saved.find("\"S3Object\""), 10, "\"S3Bucket\"")}) {
    // As damage leaves it (no seal, or one that no longer matches), and sealed anew, as
    // a defect might write it: the parser's own checks then see it.
    const std::string bare = content.substr(0, content.rfind("crc32 "));
    for (const std::string& written : {content, Sealed(bare)}) {
      std::ofstream(dir_ / "owned.json") << written;
      warnings_.clear();
      EXPECT_FALSE(OwnedSnapshot::Load(store_, scope_, log_)) << written;
      EXPECT_EQ(warnings_.size(), 1u) << written;
    }
  }
}

// An asset count the file cannot hold is damage, found before anything is reserved
// (2^62 assets once threw std::length_error from vector::reserve on every run).
TEST_F(OwnedSnapshotTest, AnAssetCountTheFileCannotHoldIsAMiss) {
  SyncAndSave(objects_, probe_);
  std::ifstream in(dir_ / "owned.json");
  const std::string saved((std::istreambuf_iterator<char>(in)), {});
  const std::string body = saved.substr(0, saved.rfind("crc32 "));
  const size_t at = body.find("\"assets\":");
  ASSERT_NE(at, std::string::npos) << body;
  const size_t end = body.find_first_of(",}", at);
  for (const char* count : {"4611686018427387904", "1099511627776", "-1", "2.5", "7"}) {
    const std::string damaged = body.substr(0, at) + "\"assets\":" + count + body.substr(end);
    std::ofstream(dir_ / "owned.json") << Sealed(damaged);
    warnings_.clear();
    EXPECT_FALSE(OwnedSnapshot::Load(store_, scope_, log_)) << count;
    EXPECT_EQ(warnings_.size(), 1u) << count;
  }
}

}  // namespace
}  // namespace delta_arc::lineage
