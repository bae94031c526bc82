// The header cache: an entry counts only for the object version it was read from, and
// anything wrong with the stored entry is a miss, never a failure.
#include "lineage/header_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace delta_arc::lineage {
namespace {

class HeaderCacheTest : public ::testing::Test {
 protected:
  HeaderCacheTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("header-cache-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        store_({{HeaderCache::kEntry, (dir_ / "headers.json").string()}}) {}
  ~HeaderCacheTest() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  FileCacheStore store_;
  Logger log_{LogLevel::kError, false, [](const std::string&) {}};
  const ObjectInfo object_{"2025/customers.csv", 10, 1, "etag-1"};
};

TEST_F(HeaderCacheTest, RemembersPerVersionAcrossRuns) {
  auto cache = HeaderCache::Load(store_, "landing", log_);
  EXPECT_EQ(cache.Find(object_), nullptr);
  cache.Remember(object_, std::vector<std::string>{"customerid", "city"});
  cache.Remember({"2025/orders.csv", 5, 1, "etag-2"}, std::nullopt);
  cache.Save(store_, log_);

  auto next = HeaderCache::Load(store_, "landing", log_);
  const KnownHeader* known = next.Find(object_);
  ASSERT_NE(known, nullptr);
  ASSERT_TRUE(known->has_value());
  EXPECT_EQ(**known, (std::vector<std::string>{"customerid", "city"}));
  const KnownHeader* none = next.Find({"2025/orders.csv", 5, 1, "etag-2"});
  ASSERT_NE(none, nullptr);
  EXPECT_FALSE(none->has_value());
  // Another version of the object, or another bucket's cache: read again.
  EXPECT_EQ(next.Find({object_.key, 10, 2, "etag-3"}), nullptr);
  EXPECT_EQ(HeaderCache::Load(store_, "other", log_).Find(object_), nullptr);
}

TEST_F(HeaderCacheTest, KeepOnlyForgetsObjectsGone) {
  auto cache = HeaderCache::Load(store_, "landing", log_);
  cache.Remember(object_, std::vector<std::string>{"customerid"});
  cache.Remember({"2025/gone.csv", 5, 1, "etag-2"}, std::vector<std::string>{"x"});
  cache.KeepOnly({object_.key});
  cache.Save(store_, log_);
  auto next = HeaderCache::Load(store_, "landing", log_);
  EXPECT_NE(next.Find(object_), nullptr);
  EXPECT_EQ(next.Find({"2025/gone.csv", 5, 1, "etag-2"}), nullptr);
}

TEST_F(HeaderCacheTest, ObjectsWithTheSameHeaderShareOneCopy) {
  // The partitions of a table: a hundred thousand objects must not hold a hundred
  // thousand copies of one header, in memory or in the file.
  const ObjectInfo other{"2025/customers-2.csv", 10, 1, "etag-9"};
  auto cache = HeaderCache::Load(store_, "landing", log_);
  cache.Remember(object_, std::vector<std::string>{"customerid", "city"});
  cache.Remember(other, std::vector<std::string>{"customerid", "city"});
  EXPECT_EQ(cache.Find(object_), cache.Find(other));
  cache.Save(store_, log_);
  std::ifstream file(dir_ / "headers.json");
  const std::string saved((std::istreambuf_iterator<char>(file)), {});
  EXPECT_EQ(saved.find("city"), saved.rfind("city")) << saved;
  auto next = HeaderCache::Load(store_, "landing", log_);
  ASSERT_NE(next.Find(object_), nullptr);
  EXPECT_EQ(next.Find(object_), next.Find(other));
}

TEST_F(HeaderCacheTest, MalformedOrTruncatedEntriesAreMisses) {
  std::filesystem::create_directories(dir_);
  for (const std::string content :
       {"not json", "{\"version\":1,\"bucket\":\"landing\"}",
        "{\"version\":1,\"bucket\":\"landing\",\"headers\":[],\"objects\":"
        "{\"2025/customers.csv\":[\"etag-1\",4]}}",
        "{\"version\":9,\"bucket\":\"landing\",\"headers\":[],\"objects\":{}}"}) {
    std::ofstream(dir_ / "headers.json") << content;
    auto cache = HeaderCache::Load(store_, "landing", log_);
    EXPECT_EQ(cache.Find(object_), nullptr) << content;
  }
}

}  // namespace
}  // namespace delta_arc::lineage
