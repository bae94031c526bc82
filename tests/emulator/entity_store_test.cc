// The emulator's search index over time, in-process on a store in memory: what a refresh
// makes visible, and the writes in the refresh's own millisecond that come after it.
#include "emulator/entity_store.h"

#include <gtest/gtest.h>

#include <regex>

namespace delta_arc::emulator {
namespace {

const SqlOrder kByGuid{"e.guid ASC", "e.guid", {{"e.guid", "ASC"}}};

Entity Object(const std::string& guid, const std::string& name, int64_t at) {
  Entity e;
  e.guid = guid;
  e.type_name = "S3Object";
  e.qualified_name = "default/s3/1/arn:aws:s3:::landing/" + guid;
  e.name = name;
  e.created_at = at;
  e.updated_at = at;
  return e;
}

// The names search shows, in guid order.
std::vector<std::string> Visible(EntityStore& store) {
  auto page = store.Search({"1 = 1", {}}, kByGuid, 0, 100, true);
  EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
  std::vector<std::string> names;
  if (page) {
    for (const auto& e : page->entities) names.push_back(e.guid + ":" + e.name);
  }
  return names;
}

TEST(EntityStoreIndex, AWriteInTheRefreshsMillisecondAfterItWaitsForTheNextRefresh) {
  auto store = EntityStore::Open("");
  ASSERT_TRUE(store.has_value()) << store.error().message;
  const int64_t t = 1'700'000'000'000;
  ASSERT_TRUE(store->Insert(Object("a", "before", t)));
  ASSERT_TRUE(store->RefreshSearchIndex(t));
  EXPECT_EQ(Visible(*store), std::vector<std::string>({"a:before"}));

  // Same millisecond, after the refresh: a new asset, and an update and a second update
  // of one the index holds. The index still shows what it held.
  ASSERT_TRUE(store->Insert(Object("b", "new", t)));
  ASSERT_TRUE(store->Update(Object("a", "updated", t)));
  ASSERT_TRUE(store->Update(Object("a", "updated twice", t)));
  EXPECT_EQ(Visible(*store), std::vector<std::string>({"a:updated twice"}))
      << "a hit is read as it is now, but only the indexed one is a hit";
  auto count = store->Search({"e.name = ?", {std::string("before")}}, kByGuid, 0, 10, true);
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(count->total, 1) << "the index still matches the row it held";

  // A refresh up to an earlier time changes nothing; one in the same millisecond shows all.
  ASSERT_TRUE(store->RefreshSearchIndex(t - 1));
  EXPECT_EQ(Visible(*store).size(), 1u);
  ASSERT_TRUE(store->RefreshSearchIndex(t));
  EXPECT_EQ(Visible(*store), std::vector<std::string>({"a:updated twice", "b:new"}));
  count = store->Search({"e.name = ?", {std::string("before")}}, kByGuid, 0, 10, true);
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(count->total, 0);

  // A purge in the refresh's millisecond: the index keeps the row until the next refresh.
  ASSERT_TRUE(store->Delete("b", t));
  count = store->Search({"e.name = ?", {std::string("new")}}, kByGuid, 0, 10, true);
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(count->total, 1);
  ASSERT_TRUE(store->RefreshSearchIndex(t + 1));
  count = store->Search({"e.name = ?", {std::string("new")}}, kByGuid, 0, 10, true);
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(count->total, 0);
}

// Atlas's update of the assets at the far end of new relationships, several at once: each
// is modified, answered in the order asked (one that does not exist left out), and the
// index matches the rows it held until the next refresh.
TEST(EntityStoreIndex, ATouchModifiesEachAssetAndTheIndexKeepsTheRowsItHeldUntilItsRefresh) {
  auto store = EntityStore::Open("");
  ASSERT_TRUE(store.has_value()) << store.error().message;
  const int64_t t = 1'700'000'000'000;
  ASSERT_TRUE(store->Insert(Object("a", "first", t)));
  ASSERT_TRUE(store->Insert(Object("b", "second", t)));
  ASSERT_TRUE(store->RefreshSearchIndex(t));

  auto touched = store->Touch({"b", "missing", "a"}, t + 5, "someone");
  ASSERT_TRUE(touched.has_value()) << touched.error().message;
  ASSERT_EQ(touched->size(), 2u);
  EXPECT_EQ((*touched)[0].guid, "b");
  EXPECT_EQ((*touched)[1].guid, "a");
  for (const Entity& e : *touched) {
    EXPECT_EQ(e.updated_at, t + 5);
    EXPECT_EQ(e.updated_by, "someone");
    EXPECT_EQ(e.created_at, t);
  }
  const auto modified_since = [&](int64_t at) {
    auto page = store->Search({"e.updated_at >= ?", {at}}, kByGuid, 0, 10, true);
    EXPECT_TRUE(page.has_value());
    return page ? page->total : -1;
  };
  EXPECT_EQ(modified_since(t + 5), 0) << "the index still holds the rows before the touch";
  ASSERT_TRUE(store->RefreshSearchIndex(t + 5));
  EXPECT_EQ(modified_since(t + 5), 2);
}

// Guids keep Atlas's form (a random UUID, version 4) and sort in the order they were made,
// so the store's indexes on guids grow at their end (NewGuid).
TEST(NewGuid, HasTheFormOfARandomUuidAndSortsInTheOrderItWasMade) {
  const std::regex kVersion4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::vector<std::string> guids;
  for (int i = 0; i < 10'000; ++i) guids.push_back(NewGuid());
  for (const auto& guid : guids) ASSERT_TRUE(std::regex_match(guid, kVersion4)) << guid;
  EXPECT_TRUE(std::is_sorted(guids.begin(), guids.end()));
  EXPECT_EQ(std::adjacent_find(guids.begin(), guids.end()), guids.end()) << "a guid repeats";
}

}  // namespace
}  // namespace delta_arc::emulator
