// S3 Inventory reports as AWS documents them: the S3_INVENTORY URL, report folder names,
// the manifest and its checksum, form-encoded keys, and rows read by fileSchema.
#include "app/inventory_report.h"

#include <gtest/gtest.h>

#include "aws/crypto.h"

namespace delta_arc::app {
namespace {

TEST(InventoryUrl, AFolderOrAManifest) {
  auto folder = ParseInventoryUrl("s3://inv-bucket/reports/landing/daily");
  ASSERT_TRUE(folder) << folder.error().message;
  EXPECT_EQ(folder->bucket, "inv-bucket");
  EXPECT_EQ(folder->key, "reports/landing/daily/");
  EXPECT_FALSE(folder->IsManifest());
  auto manifest = ParseInventoryUrl("s3://inv/landing/daily/2026-11-27T01-00Z/manifest.json");
  ASSERT_TRUE(manifest);
  EXPECT_TRUE(manifest->IsManifest());
  for (const char* bad : {"https://inv/x/", "s3://inv", "s3://inv/", "s3:///x/"}) {
    auto parsed = ParseInventoryUrl(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().message.find("S3_INVENTORY"), std::string::npos);
  }
}

TEST(InventoryUrl, ReportFoldersAreNamedForTheirTime) {
  EXPECT_TRUE(IsReportFolderName("2026-11-27T01-00Z"));
  EXPECT_FALSE(IsReportFolderName("hive"));
  EXPECT_FALSE(IsReportFolderName("data"));
  EXPECT_FALSE(IsReportFolderName("2026-11-27T01:00Z"));
  EXPECT_FALSE(IsReportFolderName("2026-11-27T01-00Z/"));
}

// AWS's example manifest (userguide, storage-inventory-location.html), shortened.
constexpr const char* kManifest = R"({
  "sourceBucket": "landing",
  "destinationBucket": "arn:aws:s3:::inv-bucket",
  "version": "2016-11-30",
  "creationTimestamp" : "1514944800000",
  "fileFormat": "CSV",
  "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass",
  "files": [ { "key": "reports/landing/daily/data/939c6d46.csv.gz",
               "size": 2147483647, "MD5checksum": "F11166069F1990ABEB9C97ACE9CDFABC" } ]
})";

TEST(InventoryManifest, ReadsWhatAwsWrites) {
  auto manifest = ParseInventoryManifest(kManifest);
  ASSERT_TRUE(manifest) << manifest.error().message;
  EXPECT_EQ(manifest->source_bucket, "landing");
  EXPECT_EQ(manifest->destination_bucket, "inv-bucket");
  EXPECT_EQ(manifest->created_ms, 1514944800000);
  EXPECT_EQ(manifest->columns.size(), 9u);
  EXPECT_EQ(manifest->columns[1], "Key");
  ASSERT_EQ(manifest->files.size(), 1u);
  EXPECT_EQ(manifest->files[0].key, "reports/landing/daily/data/939c6d46.csv.gz");
  EXPECT_EQ(manifest->files[0].size, 2147483647);
  EXPECT_EQ(manifest->files[0].md5, "f11166069f1990abeb9c97ace9cdfabc");

  EXPECT_TRUE(ManifestChecksumMatches(kManifest, aws::Md5Hex(kManifest) + "\n"));
  std::string upper = aws::Md5Hex(kManifest);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(ManifestChecksumMatches(kManifest, upper));
  EXPECT_FALSE(ManifestChecksumMatches(std::string(kManifest) + " ", aws::Md5Hex(kManifest)));
}

TEST(InventoryManifest, OrcAndParquetAreRefusedByName) {
  for (const char* format : {"ORC", "Parquet"}) {
    std::string text = kManifest;
    text.replace(text.find("\"CSV\""), 5, std::string("\"") + format + "\"");
    auto manifest = ParseInventoryManifest(text);
    ASSERT_FALSE(manifest);
    EXPECT_NE(manifest.error().message.find(std::string("format is ") + format), std::string::npos)
        << manifest.error().message;
  }
  for (const char* broken :
       {"[]", "{\"fileFormat\":\"CSV\"}",
        R"({"fileFormat":"CSV","sourceBucket":"b","creationTimestamp":"soon","fileSchema":"Key"})",
        R"({"fileFormat":"CSV","sourceBucket":"b","creationTimestamp":"1","fileSchema":""})"}) {
    EXPECT_FALSE(ParseInventoryManifest(broken)) << broken;
  }
}

TEST(InventoryRows, ReadByFileSchema) {
  auto manifest = ParseInventoryManifest(kManifest);
  ASSERT_TRUE(manifest);
  auto rows = InventoryRows::ForColumns(manifest->columns);
  ASSERT_TRUE(rows) << rows.error().message;
  auto row = rows->Parse(
      R"("landing","2025/exports/orders/dt%3D2026-11-01/part+0.csv","","true","false","360461","2015-08-29T06:56:01.000Z","eef4ce1bc8503f5ee6c98553ccb9f496","STANDARD")");
  ASSERT_TRUE(row) << row.error().message;
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->key, "2025/exports/orders/dt=2026-11-01/part 0.csv");
  EXPECT_EQ((*row)->size, 360461);
  EXPECT_EQ((*row)->last_modified, 1440831361000);
  EXPECT_EQ((*row)->etag, "eef4ce1bc8503f5ee6c98553ccb9f496");
  // A noncurrent version and a delete marker are no current objects.
  EXPECT_FALSE(
      rows->Parse(
              R"("landing","k","v1","false","false","1","2015-08-29T06:56:01.000Z","e","STANDARD")")
          .value());
  EXPECT_FALSE(rows->Parse(R"("landing","k","v2","true","true","","","","")").value());
  // Quotes doubled inside a field; a row of the wrong width; a size that is no number.
  auto quoted =
      rows->Parse(R"("landing","k","","true","false","1","2015-08-29T06:56:01.000Z","e""x","S")");
  ASSERT_TRUE(quoted && quoted->has_value());
  EXPECT_EQ((*quoted)->etag, "e\"x");
  EXPECT_FALSE(rows->Parse(R"("landing","k")"));
  EXPECT_FALSE(rows->Parse(R"("landing","k","","true","false","big","x","e","S")"));
  EXPECT_FALSE(rows->Parse(R"("landing","k","","true","false","1","x","e","S)"));
}

TEST(InventoryRows, TheFieldsDeltaArcReadsAreRequiredByName) {
  auto rows = InventoryRows::ForColumns({"Bucket", "Key", "Size"});
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message.find("LastModifiedDate, ETag"), std::string::npos)
      << rows.error().message;
}

}  // namespace
}  // namespace delta_arc::app
