// Folding a partitioned listing into folders: which folders are registered, how each
// links to its parent, and the counts Atlan's attributes carry.
#include "lineage/prefixes.h"

#include <gtest/gtest.h>

#include <tuple>

#include "tests/lineage/test_tables.h"

namespace delta_arc::lineage {
namespace {

constexpr const char* kMapping =
    "objects: [\"exports/{table}/dt={d}/{f}.csv\", \"flat/{table}.csv\"]";

class PrefixesTest : public ::testing::Test {
 protected:
  PrefixesTest() {
    for (auto* catalog : {&postgres_, &snowflake_}) {
      const std::string conn = catalog == &postgres_ ? "default/postgres/1" : "default/snowflake/2";
      catalog->tables = {Table(conn, "ITEMS", {"ID"}), Table(conn, "ORDERS", {"ID"}),
                         Table(conn, "USERS", {"ID"})};
    }
    match_ = MatchObjects(objects_, "landing/", *Mapping::FromYaml(kMapping, "t"), postgres_,
                          snowflake_);
  }

  // The index of the folder `key`, failing the test when it is not registered.
  size_t At(const FoldedPrefixes& folded, const std::string& key) {
    for (size_t i = 0; i < folded.prefixes.size(); ++i) {
      if (folded.prefixes[i].key == key) return i;
    }
    ADD_FAILURE() << key << " is not registered";
    return 0;
  }

  // Folded as a run does: the upper folders counted as S3's delimiter listing shows them.
  FoldedPrefixes Fold(bool register_objects) {
    EXPECT_EQ(UpperFolders(objects_, match_, "landing/"),
              std::vector<std::string>{"landing/exports"});
    return FoldPrefixes(objects_, match_, "landing/", register_objects,
                        {{"landing/exports", {0, 2}}});
  }

  std::vector<std::string> Keys(const FoldedPrefixes& folded) {
    std::vector<std::string> keys;
    for (const auto& p : folded.prefixes) keys.push_back(p.key);
    return keys;
  }

  ConnectionCatalog postgres_;
  ConnectionCatalog snowflake_;
  const std::vector<ObjectInfo> objects_ = {
      {"landing/exports/orders/_manifest.json", 5, 50, "e0"},
      {"landing/exports/orders/dt=2026-11-01/part-0.csv", 5, 100, "e1"},
      {"landing/exports/orders/dt=2026-11-01/part-1.csv", 5, 300, "e2"},
      {"landing/exports/orders/dt=2026-11-02/part-0.csv", 5, 200, "e3"},
      {"landing/exports/users/dt=2026-11-01/part-0.csv", 5, 400, "e4"},
      {"landing/flat/items.csv", 5, 10, "e5"},
  };
  MatchResult match_;
};

TEST_F(PrefixesTest, TableFoldersAndTheFoldersAboveThemWithinTheScope) {
  const FoldedPrefixes folded = Fold(false);
  // Not "landing" (S3_PREFIX's own folder), not "landing/flat" (a table in a file name).
  EXPECT_EQ(Keys(folded), (std::vector<std::string>{"landing/exports", "landing/exports/orders",
                                                    "landing/exports/users"}));
  const PrefixInfo& exports = folded.prefixes[At(folded, "landing/exports")];
  EXPECT_EQ(exports.parent, std::nullopt);
  EXPECT_EQ(exports.depth, 0u);
  EXPECT_EQ(exports.object_count, 0);
  EXPECT_EQ(exports.prefix_count, 2);
  EXPECT_EQ(exports.newest_modified, 0);  // a container: its tables carry their freshness
  const PrefixInfo& orders = folded.prefixes[At(folded, "landing/exports/orders")];
  EXPECT_EQ(orders.parent, At(folded, "landing/exports"));
  EXPECT_EQ(orders.depth, 1u);
  EXPECT_EQ(orders.object_count, 1);  // _manifest.json, immediately inside, matched or not
  EXPECT_EQ(orders.prefix_count, 2);  // its two partitions, unregistered
  EXPECT_EQ(orders.newest_modified, 300);
  EXPECT_EQ(folded.prefixes[At(folded, "landing/exports/users")].prefix_count, 1);

  EXPECT_EQ(folded.table_folder[1], At(folded, "landing/exports/orders"));
  EXPECT_EQ(folded.table_folder[4], At(folded, "landing/exports/users"));
  EXPECT_EQ(folded.table_folder[0], std::nullopt);  // matches no template
  EXPECT_EQ(folded.table_folder[5], std::nullopt);  // its table has no folder
  EXPECT_EQ(folded.immediate[1], std::nullopt);     // partitions are not registered
  EXPECT_EQ(folded.immediate[0], At(folded, "landing/exports/orders"));
}

TEST_F(PrefixesTest, WithObjectsEveryFolderDownToThemIsRegistered) {
  const FoldedPrefixes folded = Fold(true);
  EXPECT_EQ(Keys(folded),
            (std::vector<std::string>{
                "landing/exports", "landing/exports/orders", "landing/exports/orders/dt=2026-11-01",
                "landing/exports/orders/dt=2026-11-02", "landing/exports/users",
                "landing/exports/users/dt=2026-11-01"}));
  const size_t partition = At(folded, "landing/exports/orders/dt=2026-11-01");
  EXPECT_EQ(folded.prefixes[partition].parent, At(folded, "landing/exports/orders"));
  EXPECT_EQ(folded.prefixes[partition].depth, 2u);
  EXPECT_EQ(folded.prefixes[partition].object_count, 2);
  EXPECT_EQ(folded.prefixes[partition].newest_modified, 300);
  // The table folder's freshness is still its newest file anywhere below.
  EXPECT_EQ(folded.prefixes[At(folded, "landing/exports/orders")].newest_modified, 300);
  EXPECT_EQ(folded.prefixes[At(folded, "landing/exports/orders")].prefix_count, 2);
  EXPECT_EQ(folded.immediate[1], partition);
  EXPECT_EQ(folded.immediate[2], partition);
  // The lineage stays on the table folder.
  EXPECT_EQ(folded.table_folder[1], At(folded, "landing/exports/orders"));
  EXPECT_EQ(folded.immediate[5], std::nullopt);
}

TEST_F(PrefixesTest, AnEmptyPrefixRegistersTopFoldersUnderTheBucket) {
  const MatchResult match =
      MatchObjects(objects_, "",
                   *Mapping::FromYaml("objects: [\"landing/exports/{table}/dt={d}/{f}.csv\"]", "t"),
                   postgres_, snowflake_);
  EXPECT_EQ(UpperFolders(objects_, match, ""),
            (std::vector<std::string>{"landing", "landing/exports"}));
  const FoldedPrefixes folded =
      FoldPrefixes(objects_, match, "", false, {{"landing", {0, 2}}, {"landing/exports", {0, 2}}});
  EXPECT_EQ(Keys(folded),
            (std::vector<std::string>{"landing", "landing/exports", "landing/exports/orders",
                                      "landing/exports/users"}));
  EXPECT_EQ(folded.prefixes[At(folded, "landing")].prefix_count, 2);  // exports and flat
  EXPECT_EQ(folded.prefixes[At(folded, "landing/exports")].parent, At(folded, "landing"));
}

// An event run lists only the table folders its events touch; the folders above them
// keep the counts S3 gives them, and stay registered while they hold anything.
TEST_F(PrefixesTest, UpperFoldersTakeTheirCountsFromTheDelimiterListing) {
  const std::vector<ObjectInfo> users(objects_.begin() + 4, objects_.begin() + 5);
  const MatchResult match = MatchObjects(
      users, "landing/", *Mapping::FromYaml("objects: [\"exports/{table}/dt={d}/{f}.csv\"]", "t"),
      postgres_, snowflake_);
  FoldedPrefixes folded =
      FoldPrefixes(users, match, "landing/", false, {{"landing/exports", {3, 7}}});
  EXPECT_EQ(Keys(folded), (std::vector<std::string>{"landing/exports", "landing/exports/users"}));
  const PrefixInfo& exports = folded.prefixes[At(folded, "landing/exports")];
  EXPECT_EQ(exports.object_count, 3);
  EXPECT_EQ(exports.prefix_count, 7);
  EXPECT_EQ(exports.newest_modified, 0);
  EXPECT_EQ(folded.prefixes[At(folded, "landing/exports/users")].newest_modified, 400);

  // The touched table folder is gone: its upper folder stays while S3 shows it holds
  // anything, and goes when it holds nothing.
  folded = FoldPrefixes({}, MatchResult{}, "landing/", false, {{"landing/exports", {0, 1}}});
  EXPECT_EQ(Keys(folded), std::vector<std::string>{"landing/exports"});
  folded = FoldPrefixes({}, MatchResult{}, "landing/", false, {{"landing/exports", {0, 0}}});
  EXPECT_TRUE(folded.prefixes.empty());
  EXPECT_EQ(folded.levels, 0u);
}

// A full run folds each page as it lists it, in whatever order the listing comes (an S3
// Inventory report's rows are not sorted), keeping few of the objects: the folders must be
// those of the sorted listing folded whole.
TEST_F(PrefixesTest, FoldingObjectByObjectInAnyOrderGivesTheWholeListingsFolders) {
  const UpperFolderCounts upper = {{"landing/exports", {0, 2}}};
  for (const bool register_objects : {false, true}) {
    const FoldedPrefixes whole =
        FoldPrefixes(objects_, match_, "landing/", register_objects, upper);
    FolderFold fold("landing/");
    std::vector<size_t> folder_end(objects_.size(), 0);
    for (const ObjectDecision& d : match_.objects) folder_end[d.object] = d.folder_end;
    for (size_t i = objects_.size(); i-- > 0;) {
      fold.Add(objects_[i].key, objects_[i].last_modified, folder_end[i]);
    }
    EXPECT_EQ(fold.UpperFolders(), std::vector<std::string>{"landing/exports"});
    // Of the objects, only the flat table's file is kept.
    const std::vector<ObjectInfo> kept = {objects_[5]};
    const FoldedPrefixes streamed = fold.Finish(
        register_objects, upper, kept,
        MatchObjects(kept, "landing/", *Mapping::FromYaml(kMapping, "t"), postgres_, snowflake_));
    ASSERT_EQ(Keys(streamed), Keys(whole)) << register_objects;
    for (size_t i = 0; i < whole.prefixes.size(); ++i) {
      const PrefixInfo& a = whole.prefixes[i];
      const PrefixInfo& b = streamed.prefixes[i];
      EXPECT_EQ(std::tie(a.parent, a.object_count, a.prefix_count, a.newest_modified, a.depth),
                std::tie(b.parent, b.object_count, b.prefix_count, b.newest_modified, b.depth))
          << a.key;
    }
    EXPECT_EQ(streamed.levels, whole.levels);
    EXPECT_EQ(streamed.table_folder, std::vector<std::optional<size_t>>{std::nullopt});
  }
}

TEST(FolderFoldTest, TheNewestFileWithAHeaderStandsForItsFolder) {
  const ObjectInfo old_file{"t/dt=1/a.csv", 10, 100, "e1"};
  const ObjectInfo new_file{"t/dt=2/a.csv", 10, 200, "e2"};
  const ObjectInfo newest_but_empty{"t/dt=3/a.csv", 0, 300, "e3"};
  const ObjectInfo same_time_greater_key{"t/dt=4/a.csv", 10, 200, "e4"};
  EXPECT_TRUE(FolderFold::StandsBefore(new_file, old_file));
  EXPECT_FALSE(FolderFold::StandsBefore(old_file, new_file));
  EXPECT_TRUE(FolderFold::StandsBefore(new_file, newest_but_empty));
  EXPECT_TRUE(FolderFold::StandsBefore(same_time_greater_key, new_file));
  EXPECT_FALSE(FolderFold::StandsBefore(new_file, new_file));
}

}  // namespace
}  // namespace delta_arc::lineage
