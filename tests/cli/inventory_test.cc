// S3_INVENTORY end to end, on the emulator and s3rver: a report written in AWS's
// documented layout (report folders named for their time, manifest.json with its
// manifest.checksum, gzip CSV without a header, every field quoted, keys form-encoded)
// gives the graph that listing the same objects gives, at both lineage levels; the
// newest complete report is read; what changed after the report wins over it; a report
// delta-arc cannot read is an error that names why.
#include <algorithm>
#include <fstream>

#include "aws/crypto.h"
#include "tests/cli/pipeline_fixture.h"
#include "tests/support/gzip.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

constexpr const char* kInventory = "s3://landing/inventory/landing/daily/";

// The key as S3 Inventory's CSV holds it: form-encoded ('+' for a space, %XX for the
// rest but '/'), '=' left as it is in some keys and escaped in others (AWS does not say).
std::string Encoded(const std::string& key) {
  const bool escape_equals = key.find("orders") != std::string::npos;
  std::string out;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' ||
        (c == '=' && !escape_equals)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      constexpr const char* kHex = "0123456789ABCDEF";
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

struct Report {
  std::string folder = "2026-11-27T01-00Z";
  int64_t created_ms = 0;  // default: now
  bool complete = true;
  std::string format = "CSV";
  std::string source_bucket = "landing";
  std::vector<std::string> leave_out = {};  // keys the report does not list
  bool damage_checksum = false;
  std::vector<std::string> extra_rows = {};  // rows as the CSV holds them, added as they are
};

class InventoryTest : public PipelineTest {
 protected:
  void SetUp() override {
    mapping_ = work_dir_ + "/inventory.yaml";
    std::ofstream(mapping_) << "objects:\n"
                               "  - \"exports/{table}/dt={date}/{file}.csv\"\n"
                               "  - \"flat/{table}.csv\"\n";
    Upload("2025/exports/orders/dt=2026-11-01/part 0.csv", "orderid,customerid\n1,2\n");
    Upload("2025/exports/orders/dt=2026-11-02/part+1.csv", "orderid,customerid\n3,4\n");
    Upload("2025/exports/customers/dt=2026-11-01/\xC3\xBC.csv", "customerid,city\n1,x\n");
    Upload("2025/flat/shippers.csv", "shipperid,companyname\n1,x\n");
    Upload("elsewhere/outside-the-prefix.csv", "a\n1\n");
  }

  // Writes a report of what the bucket holds now (the report folders themselves aside).
  void WriteReport(const Report& report) {
    std::vector<std::string> rows;
    aws::ListObjectsOptions options;
    auto listed =
        s3_client_->ListObjects("landing", options, [&](const aws::ListObjectsPage& page) {
          for (const auto& o : page.objects) {
            if (o.key.starts_with("inventory/") ||
                std::ranges::find(report.leave_out, o.key) != report.leave_out.end()) {
              continue;
            }
            std::string etag = o.etag;
            std::erase(etag, '"');
            rows.push_back("\"landing\",\"" + Encoded(o.key) + "\",\"" + std::to_string(o.size) +
                           "\",\"" + o.last_modified + "\",\"" + etag + "\",\"STANDARD\"\n");
          }
          return Ok();
        });
    ASSERT_TRUE(listed) << listed.error().message;
    for (const auto& row : report.extra_rows) rows.push_back(row + "\n");
    // Unsorted, as AWS says reports may be, in two files, the first of two gzip members.
    std::reverse(rows.begin(), rows.end());
    std::string first_a, first_b, second;
    for (size_t i = 0; i < rows.size(); ++i)
      (i % 3 == 0 ? first_a : i % 3 == 1 ? first_b : second) += rows[i];
    const std::string base = "inventory/landing/daily/";
    json files = json::array();
    int n = 0;
    for (const std::string& data : {Gzip(first_a) + Gzip(first_b), Gzip(second + "\n")}) {
      const std::string key =
          base + "data/" + report.folder + "-" + std::to_string(n++) + ".csv.gz";
      Upload(key, data);
      files.push_back({{"key", key}, {"size", data.size()}, {"MD5checksum", aws::Md5Hex(data)}});
    }
    const int64_t created = report.created_ms > 0
                                ? report.created_ms
                                : std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
    const std::string manifest = json{
        {"sourceBucket", report.source_bucket},
        {"destinationBucket", "arn:aws:s3:::landing"},
        {"version", "2016-11-30"},
        {"creationTimestamp", std::to_string(created)},
        {"fileFormat", report.format},
        {"fileSchema", "Bucket, Key, Size, LastModifiedDate, ETag, StorageClass"},
        {"files", files}}.dump(2);
    Upload(base + report.folder + "/manifest.json", manifest);
    if (report.complete) {
      Upload(base + report.folder + "/manifest.checksum",
             report.damage_checksum ? aws::Md5Hex("other") : aws::Md5Hex(manifest));
    }
  }

  CommandResult Sync(const std::vector<std::string>& more = {}, const char* command = "sync") {
    std::vector<std::string> env = {"MAPPING_FILE=" + mapping_};
    env.insert(env.end(), more.begin(), more.end());
    return Run({command, "--json", "--verbose"}, env);
  }

  // What a sync listing the bucket would change now ("" when nothing).
  std::string ListingChanges(const std::vector<std::string>& more = {}) {
    auto plan = Sync(more, "plan");
    EXPECT_EQ(plan.exit_code, 0) << plan.output;
    std::string changes;
    for (const auto& [type, counts] : plan.json["planned_by_type"].items()) {
      for (const char* what : {"create", "update", "archive"}) {
        if (counts[what] != 0) changes += type + " " + what + " " + counts[what].dump() + "; ";
      }
    }
    return changes;
  }

  std::string Qn(const std::string& s3, const std::string& key) {
    return s3 + "/arn:aws:s3:::landing/2025/" + key;
  }

  std::string mapping_;
};

TEST_F(InventoryTest, TheNewestCompleteReportGivesTheGraphListingGives) {
  // An older complete report without the orders, the one to read, and a newer one S3
  // is still writing (no manifest.checksum yet) without the customers.
  WriteReport({.folder = "2026-11-26T01-00Z",
               .leave_out = {"2025/exports/orders/dt=2026-11-01/part 0.csv",
                             "2025/exports/orders/dt=2026-11-02/part+1.csv"}});
  WriteReport({.folder = "2026-11-27T01-00Z"});
  WriteReport({.folder = "2026-11-28T01-00Z",
               .complete = false,
               .leave_out = {"2025/exports/customers/dt=2026-11-01/\xC3\xBC.csv"}});
  auto sync = Sync({std::string("S3_INVENTORY=") + kInventory});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 4) << sync.output;
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  EXPECT_EQ(CountActive("S3Object", Qn(s3, "exports/orders/dt=2026-11-01/part 0.csv")), 1);
  EXPECT_EQ(CountActive("S3Object", Qn(s3, "exports/customers/dt=2026-11-01/\xC3\xBC.csv")), 1);
  EXPECT_EQ(ListingChanges(), "");
}

// Rows S3 should never write, but a report may hold (a key whose bytes are not UTF-8, a
// size below zero): each is left out with a warning naming it, and the report's other
// rows sync; the next run, on the same report, writes nothing.
TEST_F(InventoryTest, RowsNoObjectCanHaveAreLeftOutNotTheReport) {
  WriteReport(
      {.extra_rows = {
           R"("landing","2025%2Fbad%FF%2Fnotatable.csv","5","2026-11-01T00:00:00.000Z","e1","STANDARD")",
           R"("landing","2025/flat/customers.csv","-5","2026-11-01T00:00:00.000Z","e2","STANDARD")"}});
  const std::string inventory = std::string("S3_INVENTORY=") + kInventory;
  auto plan = Run({"plan"}, {"MAPPING_FILE=" + mapping_, inventory, "LOG_LEVEL=warn"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("2025/bad\\xFF/notatable.csv"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("not UTF-8"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("a size no S3 object has (-5 bytes)"), std::string::npos)
      << plan.output;
  auto sync = Sync({inventory});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 4) << sync.output;
  auto again = Sync({inventory});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.json["atlan_created"], 0) << again.output;
  EXPECT_EQ(again.json["atlan_updated"], 0) << again.output;
  EXPECT_EQ(again.json["atlan_archived"], 0) << again.output;
}

TEST_F(InventoryTest, AtThePrefixLevelTooWithoutObjects) {
  const std::vector<std::string> level = {"S3_LINEAGE_LEVEL=prefix", "S3_REGISTER_OBJECTS=false"};
  WriteReport({});
  std::vector<std::string> env = level;
  env.push_back(std::string("S3_INVENTORY=") + kInventory + "2026-11-27T01-00Z/manifest.json");
  auto sync = Sync(env);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["S3Prefix"]["create"], 3)
      << sync.output;                                                // exports, 2 tables
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 1);  // shippers.csv: no folder
  EXPECT_EQ(ListingChanges(level), "");
}

// Objects written after the report arrive through events (here a sync that lists the
// bucket), deleted ones are archived the same way; a sync from the report undoes neither.
TEST_F(InventoryTest, WhatChangedAfterTheReportWinsOverIt) {
  auto first = Sync();
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  Upload("2025/exports/orders/dt=2026-11-03/part-0.csv", "orderid,customerid\n5,6\n");
  aws::ListObjectsOptions options;
  options.prefix = "2025/exports/orders/dt=2026-11-03/";
  int64_t newest_ms = 0;
  ASSERT_TRUE(s3_client_->ListObjects("landing", options, [&](const aws::ListObjectsPage& page) {
    for (const auto& o : page.objects) {
      std::tm tm{};
      strptime(o.last_modified.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
      newest_ms = static_cast<int64_t>(timegm(&tm)) * 1000;
    }
    return Ok();
  }));
  // The report was made just before the new partition was written.
  WriteReport(
      {.created_ms = newest_ms - 1, .leave_out = {"2025/exports/orders/dt=2026-11-03/part-0.csv"}});
  Remove("2025/flat/shippers.csv");
  auto listing = Sync();
  ASSERT_EQ(listing.exit_code, 0) << listing.output;
  ASSERT_EQ(listing.json["planned_by_type"]["S3Object"]["archive"], 1) << listing.output;

  ResetRequests();
  auto from_report = Sync({std::string("S3_INVENTORY=") + kInventory});
  ASSERT_EQ(from_report.exit_code, 0) << from_report.output;
  EXPECT_EQ(WriteRequests(), 0) << from_report.output;
  EXPECT_EQ(CountActive("S3Object", Qn(s3, "exports/orders/dt=2026-11-03/part-0.csv")), 1);
  EXPECT_EQ(CountActive("S3Object", Qn(s3, "flat/shippers.csv")), 0);
  EXPECT_EQ(ListingChanges(), "");
}

TEST_F(InventoryTest, AReportDeltaArcCannotReadIsAnErrorThatSaysWhy) {
  const std::string url = std::string("S3_INVENTORY=") + kInventory;
  auto none = Sync({url});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.output.find("no complete report under"), std::string::npos) << none.output;

  WriteReport({.folder = "2026-11-20T01-00Z", .format = "Parquet"});
  auto parquet = Sync({url});
  EXPECT_NE(parquet.exit_code, 0);
  EXPECT_NE(parquet.output.find("format is Parquet"), std::string::npos) << parquet.output;

  WriteReport({.folder = "2026-11-21T01-00Z", .source_bucket = "other"});
  auto other = Sync({url});
  EXPECT_NE(other.exit_code, 0);
  EXPECT_NE(other.output.find("lists the bucket other, not S3_BUCKET_NAME landing"),
            std::string::npos)
      << other.output;
  // Nothing was written by any of them.
  EXPECT_EQ(CountActive("S3Object", ""), 0);
}

// A newest report whose manifest does not match its manifest.checksum (damaged, or being
// replaced) gives way to the newest one that does, with a warning; only when none does is
// the run a failure (exit 1: nothing to fix in the configuration).
TEST_F(InventoryTest, ADamagedNewestReportGivesWayToTheNewestSoundOne) {
  const std::string url = std::string("S3_INVENTORY=") + kInventory;
  WriteReport({.folder = "2026-11-26T01-00Z"});
  WriteReport({.folder = "2026-11-27T01-00Z", .damage_checksum = true});
  auto sync = Sync({url, "LOG_LEVEL=warn"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_NE(sync.output.find("2026-11-27T01-00Z/manifest.json does not match its "
                             "manifest.checksum (MD5): a damaged or replaced report; reading "
                             "the report before it"),
            std::string::npos)
      << sync.output;
  EXPECT_EQ(CountActive("S3Object", ""), 4);

  WriteReport({.folder = "2026-11-26T01-00Z", .damage_checksum = true});
  auto none = Sync({url});
  EXPECT_EQ(none.exit_code, 1) << none.output;
  EXPECT_NE(none.output.find("S3_INVENTORY: no complete report under " + std::string(kInventory) +
                             " matches its manifest.checksum (2 do not)"),
            std::string::npos)
      << none.output;
}

// The data files a manifest lists are checked: one S3 lacks is said to be missing (not
// "not a gzip CSV file"), one whose bytes are not the manifest's MD5checksum is refused;
// either fails the run (exit 1) before anything is written.
TEST_F(InventoryTest, DataFilesMissingOrNotTheManifestsAreFailuresThatSayWhich) {
  const std::string url = std::string("S3_INVENTORY=") + kInventory;
  const std::string data = "inventory/landing/daily/data/2026-11-27T01-00Z-1.csv.gz";
  WriteReport({});
  Remove(data);
  auto missing = Sync({url});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("s3://landing/" + data +
                                ": the report's manifest lists it, but the bucket has no such "
                                "object"),
            std::string::npos)
      << missing.output;

  Upload(data, Gzip("\"landing\",\"2025/flat/shippers.csv\",\"1\",\"2026-11-01T00:00:00.000Z\","
                    "\"e\",\"STANDARD\"\n"));
  auto replaced = Sync({url});
  EXPECT_EQ(replaced.exit_code, 1) << replaced.output;
  EXPECT_NE(replaced.output.find("s3://landing/" + data + ": its MD5 "), std::string::npos)
      << replaced.output;
  EXPECT_NE(replaced.output.find("is not the manifest's MD5checksum"), std::string::npos)
      << replaced.output;
  EXPECT_EQ(CountActive("S3Object", ""), 0);
}

}  // namespace
}  // namespace delta_arc::testing
