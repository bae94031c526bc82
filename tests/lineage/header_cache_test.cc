// The header cache: an entry counts only for the object version it was read from, and
// anything wrong with the stored entry is a miss, never a failure.
#include "lineage/header_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace delta_arc::lineage {
namespace {

// A CSV header's columns.
FileSchema Csv(std::vector<std::string> names) {
  FileSchema schema;
  for (auto& name : names) schema.columns.push_back({std::move(name), ""});
  return schema;
}

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
  cache.Remember(object_, Csv({"customerid", "city"}));
  cache.Remember({"2025/orders.csv", 5, 1, "etag-2"}, NoHeader::kData);
  cache.Remember({"2025/orders.parquet", 5, 1, "etag-3"}, NoHeader::kParquetDamaged);
  cache.Remember({"2025/broken.csv.gz", 5, 1, "etag-4"}, NoHeader::kGzipDamaged);
  cache.Save(store_, log_);

  auto next = HeaderCache::Load(store_, "landing", log_);
  const KnownHeader* known = next.Find(object_);
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(*known, KnownHeader(Csv({"customerid", "city"})));
  const KnownHeader* none = next.Find({"2025/orders.csv", 5, 1, "etag-2"});
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(*none, KnownHeader(NoHeader::kData));
  const KnownHeader* parquet = next.Find({"2025/orders.parquet", 5, 1, "etag-3"});
  ASSERT_NE(parquet, nullptr);
  EXPECT_EQ(*parquet, KnownHeader(NoHeader::kParquetDamaged));
  const KnownHeader* broken = next.Find({"2025/broken.csv.gz", 5, 1, "etag-4"});
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(*broken, KnownHeader(NoHeader::kGzipDamaged));
  // Another version of the object, or another bucket's cache: read again.
  EXPECT_EQ(next.Find({object_.key, 10, 2, "etag-3"}), nullptr);
  EXPECT_EQ(HeaderCache::Load(store_, "other", log_).Find(object_), nullptr);
}

TEST_F(HeaderCacheTest, KeepOnlyForgetsObjectsGone) {
  auto cache = HeaderCache::Load(store_, "landing", log_);
  cache.Remember(object_, Csv({"customerid"}));
  cache.Remember({"2025/gone.csv", 5, 1, "etag-2"}, Csv({"x"}));
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
  cache.Remember(object_, Csv({"customerid", "city"}));
  cache.Remember(other, Csv({"customerid", "city"}));
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
       {"not json", "{\"version\":2,\"bucket\":\"landing\"}",
        "{\"version\":2,\"bucket\":\"landing\",\"headers\":[],\"objects\":"
        "{\"2025/customers.csv\":[\"etag-1\",4]}}",
        "{\"version\":9,\"bucket\":\"landing\",\"headers\":[],\"objects\":{}}"}) {
    for (const bool sealed : {false, true}) {
      std::ofstream(dir_ / "headers.json") << (sealed ? Sealed(content) : content);
      auto cache = HeaderCache::Load(store_, "landing", log_);
      EXPECT_EQ(cache.Find(object_), nullptr) << content;
    }
  }
}

// What a run saved, its text changed in place (as a person, a disk or a partial upload
// would): the seal no longer matches, the whole entry is a miss with a warning.
TEST_F(HeaderCacheTest, DamagedEntryIsAMissWithAWarning) {
  auto cache = HeaderCache::Load(store_, "landing", log_);
  cache.Remember(object_, Csv({"customerid", "city"}));
  cache.Remember({"2025/other.csv", 5, 1, "etag-2"}, Csv({"x"}));
  cache.Save(store_, log_);
  std::string saved;
  {
    std::ifstream in(dir_ / "headers.json");
    saved.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Each object's header index, 0 or 1, pointed at the other header: valid JSON, a
  // valid index, different lineage. Only the seal can tell.
  const size_t at = saved.find("\"etag-1\",");
  ASSERT_NE(at, std::string::npos) << saved;
  char& index = saved[at + 9];
  index = index == '0' ? '1' : '0';
  std::ofstream(dir_ / "headers.json") << saved;
  std::vector<std::string> lines;
  Logger log(LogLevel::kWarn, false, [&](const std::string& line) { lines.push_back(line); });
  auto damaged = HeaderCache::Load(store_, "landing", log);
  EXPECT_EQ(damaged.Find(object_), nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("damaged"), std::string::npos) << lines[0];
}

// A sealed entry (as a run of another build, or a bug, might write it) whose objects
// are not all well-formed: those entries are dropped and read again, the others kept.
TEST_F(HeaderCacheTest, MalformedObjectEntriesAreDroppedAndTheRestKept) {
  std::filesystem::create_directories(dir_);
  const std::string content = R"({"version":3,"bucket":"landing",)"
                              R"("headers":[{"format":"csv","columns":["customerid"]}],)"
                              R"("objects":{"2025/customers.csv":["etag-1",0],)"
                              R"("2025/a.csv":["etag-1",5.5],"2025/b.csv":["etag-1",1],)"
                              R"("2025/c.csv":["",0],"2025/d.csv":["etag-1",-99],)"
                              R"("2025/e.csv":"etag-1","2025/f.csv":["etag-1",-6]}})";
  std::ofstream(dir_ / "headers.json") << Sealed(content);
  std::vector<std::string> lines;
  Logger log(LogLevel::kWarn, false, [&](const std::string& line) { lines.push_back(line); });
  auto cache = HeaderCache::Load(store_, "landing", log);
  ASSERT_NE(cache.Find(object_), nullptr);
  EXPECT_EQ(*cache.Find(object_), KnownHeader(Csv({"customerid"})));
  for (const char* key : {"2025/a.csv", "2025/b.csv", "2025/d.csv", "2025/e.csv"}) {
    EXPECT_EQ(cache.Find({key, 1, 1, "etag-1"}), nullptr) << key;
  }
  ASSERT_NE(cache.Find({"2025/f.csv", 1, 1, "etag-1"}), nullptr);
  EXPECT_EQ(*cache.Find({"2025/f.csv", 1, 1, "etag-1"}), KnownHeader(NoHeader::kGzipDamaged));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("entries=5"), std::string::npos) << lines[0];
  // The next save leaves them out.
  cache.Save(store_, log);
  std::ifstream in(dir_ / "headers.json");
  const std::string saved((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(saved.find("2025/a.csv"), std::string::npos) << saved;
}

// A cache of the version that read every object as CSV: read again whole (a Parquet or
// compressed file was "no header" to it, and it kept no file kinds).
TEST_F(HeaderCacheTest, AnEarlierVersionsCacheIsReadAgain) {
  std::filesystem::create_directories(dir_);
  const std::string content = R"({"version":2,"bucket":"landing","headers":[["customerid"]],)"
                              R"("objects":{"2025/customers.csv":["etag-1",0],)"
                              R"("2025/orders.parquet":["etag-1",-1]}})";
  std::ofstream(dir_ / "headers.json") << Sealed(content);
  auto cache = HeaderCache::Load(store_, "landing", log_);
  EXPECT_EQ(cache.Find(object_), nullptr);
  EXPECT_EQ(cache.Find({"2025/orders.parquet", 1, 1, "etag-1"}), nullptr);
}

// A file's kind and its columns' types, as its format states them, are kept; a saved schema
// that does not hold together makes the entry malformed.
TEST_F(HeaderCacheTest, KeepsEachFilesKindAndTypes) {
  auto cache = HeaderCache::Load(store_, "landing", log_);
  const FileSchema parquet{{FileFormat::kParquet, Compression::kNone},
                           {{"customer_id", "INT64"}, {"address.city", "BYTE_ARRAY (STRING)"}}};
  const FileSchema gzipped{{FileFormat::kJsonLines, Compression::kGzip}, {{"city", ""}}};
  cache.Remember(object_, parquet);
  cache.Remember({"2025/b.jsonl.gz", 5, 1, "etag-2"}, gzipped);
  cache.Save(store_, log_);
  auto next = HeaderCache::Load(store_, "landing", log_);
  ASSERT_NE(next.Find(object_), nullptr);
  EXPECT_EQ(*next.Find(object_), KnownHeader(parquet));
  ASSERT_NE(next.Find({"2025/b.jsonl.gz", 5, 1, "etag-2"}), nullptr);
  EXPECT_EQ(*next.Find({"2025/b.jsonl.gz", 5, 1, "etag-2"}), KnownHeader(gzipped));

  for (const char* schema : {R"({"format":"orc","columns":["a"]})",
                             R"({"format":"csv","columns":["a"],"types":["x","y"]})",
                             R"({"format":"csv","compression":"lz4","columns":["a"]})",
                             R"({"format":"csv","columns":[]})", R"(["a"])"}) {
    std::ofstream(dir_ / "headers.json")
        << Sealed(R"({"version":3,"bucket":"landing","headers":[)" + std::string(schema) +
                  R"(],"objects":{"2025/customers.csv":["etag-1",0]}})");
    std::vector<std::string> lines;
    Logger log(LogLevel::kWarn, false, [&](const std::string& line) { lines.push_back(line); });
    EXPECT_EQ(HeaderCache::Load(store_, "landing", log).Find(object_), nullptr) << schema;
    EXPECT_EQ(lines.size(), 1u) << schema;
  }
}

// --force-refresh: nothing is taken from the cache, and it is rewritten even when the
// run reads nothing, so a bad entry does not outlive it.
TEST_F(HeaderCacheTest, FreshLoadIgnoresAndRewritesTheEntry) {
  auto cache = HeaderCache::Load(store_, "landing", log_);
  cache.Remember(object_, Csv({"customerid"}));
  cache.Save(store_, log_);
  auto fresh = HeaderCache::Load(store_, "landing", log_, true);
  EXPECT_EQ(fresh.Find(object_), nullptr);
  fresh.Save(store_, log_);
  EXPECT_EQ(HeaderCache::Load(store_, "landing", log_).Find(object_), nullptr);
}

}  // namespace
}  // namespace delta_arc::lineage
