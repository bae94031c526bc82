// Listing from S3 Inventory reports; see inventory_source.h.
#include "app/inventory_source.h"

#include <algorithm>

#include "aws/crypto.h"
#include "common/gunzip.h"

namespace delta_arc::app {

namespace {

constexpr size_t kPageObjects = 1000;  // a listing page's worth, as ListObjectsV2 hands them
constexpr uint64_t kRangeBytes = 8 * 1024 * 1024;  // a ranged read of a data file

// A report folder's key without its trailing '/': "…/2026-11-27T01-00Z" → the name.
std::string_view LastSegment(std::string_view folder) {
  if (folder.ends_with('/')) folder.remove_suffix(1);
  return folder.substr(folder.rfind('/') + 1);
}

}  // namespace

std::string InventoryObjectSource::Url(const std::string& key) const {
  return "s3://" + location_.bucket + "/" + key;
}

Result<InventoryObjectSource::ReportRead> InventoryObjectSource::ReadManifest(
    const std::string& folder) {
  auto checksum = s3_.GetObject(location_.bucket, folder + "manifest.checksum");
  if (!checksum) {
    if (checksum.error().kind != ErrorKind::kNotFound) return std::unexpected(checksum.error());
    return ReportRead{.state = ReportRead::State::kIncomplete,
                      .manifest = {},
                      .why = "the S3 Inventory report " + Url(folder) +
                             " is not complete yet (it has no manifest.checksum)"};
  }
  auto manifest = s3_.GetObject(location_.bucket, folder + "manifest.json");
  if (!manifest) return std::unexpected(manifest.error());
  if (!ManifestChecksumMatches(manifest->body, checksum->body)) {
    return ReportRead{.state = ReportRead::State::kDamaged,
                      .manifest = {},
                      .why = Url(folder + "manifest.json") +
                             " does not match its manifest.checksum (MD5): a damaged or "
                             "replaced report"};
  }
  auto parsed = ParseInventoryManifest(manifest->body);
  if (!parsed) {
    return Fail(parsed.error().kind, Url(folder + "manifest.json") + ": " + parsed.error().message);
  }
  return ReportRead{.state = ReportRead::State::kRead, .manifest = std::move(*parsed), .why = {}};
}

Result<InventoryManifest> InventoryObjectSource::FindReport() {
  using State = ReportRead::State;
  if (location_.IsManifest()) {
    auto read = ReadManifest(location_.key.substr(0, location_.key.rfind('/') + 1));
    if (!read) return std::unexpected(read.error());
    if (read->state == State::kIncomplete) return Fail(ErrorKind::kNotFound, read->why);
    if (read->state == State::kDamaged) return Fail(ErrorKind::kRemote, read->why);
    return std::move(read->manifest);
  }
  // Each report is a folder named for its time: the newest complete one is read.
  std::vector<std::string> folders;
  // Built, not assigned: g++ 12 warns falsely (-Wrestrict) on assigning "/" to a string.
  const aws::ListObjectsOptions options{.prefix = location_.key, .delimiter = "/"};
  auto listed = s3_.ListObjects(location_.bucket, options, [&](const aws::ListObjectsPage& page) {
    for (const auto& folder : page.common_prefixes) {
      if (IsReportFolderName(LastSegment(folder))) folders.push_back(folder);
    }
    return Ok();
  });
  if (!listed) return std::unexpected(listed.error());
  std::ranges::sort(folders, std::greater<>());  // the names sort as their times
  size_t damaged = 0;
  for (const auto& folder : folders) {
    auto read = ReadManifest(folder);
    if (!read) return std::unexpected(read.error());
    switch (read->state) {
      case State::kIncomplete:
        log_.Info("S3 Inventory: skipping a report still being written", {{"report", Url(folder)}});
        break;
      case State::kDamaged:
        log_.Warn(read->why + "; reading the report before it", {{"report", Url(folder)}});
        ++damaged;
        break;
      case State::kRead:
        return std::move(read->manifest);
    }
  }
  if (damaged > 0) {
    return Fail(ErrorKind::kRemote, "S3_INVENTORY: no complete report under " + Url(location_.key) +
                                        " matches its manifest.checksum (" +
                                        std::to_string(damaged) + " do not)");
  }
  return Fail(ErrorKind::kNotFound,
              "S3_INVENTORY: no complete report under " + Url(location_.key) +
                  " (S3 delivers the first report up to 48 hours after the inventory is set up)");
}

Status InventoryObjectSource::List(
    const std::string& prefix,
    const std::function<Status(std::vector<lineage::ObjectInfo>&&)>& on_page) {
  auto manifest = FindReport();
  if (!manifest) return std::unexpected(manifest.error());
  if (manifest->source_bucket != source_bucket_) {
    return Fail(ErrorKind::kInvalidArgument, "S3_INVENTORY: the report lists the bucket " +
                                                 manifest->source_bucket + ", not S3_BUCKET_NAME " +
                                                 source_bucket_);
  }
  auto rows = InventoryRows::ForColumns(manifest->columns);
  if (!rows) return std::unexpected(rows.error());
  created_ms_ = manifest->created_ms;  // known to the pages' reader from the first page
  for (const auto& file : manifest->files) {
    if (auto s = ReadDataFile(file, *rows, prefix, on_page); !s) return s;
  }
  log_.Info("read the S3 Inventory report",
            {{"files", manifest->files.size()}, {"created_ms", manifest->created_ms}});
  return Ok();
}

Status InventoryObjectSource::ReadDataFile(
    const InventoryDataFile& file, const InventoryRows& rows, const std::string& prefix,
    const std::function<Status(std::vector<lineage::ObjectInfo>&&)>& on_page) {
  const std::string url = Url(file.key);
  if (!file.key.ends_with(".csv.gz")) {
    return Fail(ErrorKind::kInvalidArgument, url + ": not a gzip CSV file (.csv.gz)");
  }
  Gunzip gunzip(url);  // its CRC-32 checks every file's contents
  aws::Md5 md5;        // and the manifest's MD5checksum the file's bytes
  std::string line;    // a line cut by the end of a range
  std::vector<lineage::ObjectInfo> page;
  size_t line_number = 0;
  const auto take_line = [&](std::string_view text) -> Status {
    ++line_number;
    if (text.ends_with('\r')) text.remove_suffix(1);
    if (text.empty()) return Ok();  // AWS may end a file with blank lines
    auto object = rows.Parse(text);
    if (!object) {
      return Fail(ErrorKind::kInvalidArgument,
                  url + " line " + std::to_string(line_number) + ": " + object.error().message);
    }
    if (*object && (*object)->key.starts_with(prefix)) page.push_back(std::move(**object));
    if (page.size() < kPageObjects) return Ok();
    auto s = on_page(std::move(page));
    page.clear();
    return s;
  };
  const auto take_text = [&](std::string_view text) -> Status {
    for (size_t end = text.find('\n'); end != std::string_view::npos; end = text.find('\n')) {
      Status s;
      if (line.empty()) {
        s = take_line(text.substr(0, end));
      } else {
        line.append(text.substr(0, end));
        s = take_line(line);
        line.clear();
      }
      if (!s) return s;
      text.remove_prefix(end + 1);
    }
    line.append(text);
    return Ok();
  };
  // To the size the manifest gives, or, without one, to the first short range.
  const auto size = static_cast<uint64_t>(std::max<int64_t>(file.size, 0));
  for (uint64_t at = 0; size == 0 || at < size;) {
    auto chunk =
        s3_.GetObject(location_.bucket, file.key, aws::ByteRange{at, at + kRangeBytes - 1});
    if (!chunk) {
      // Past the end of a file a multiple of the range long: S3 answers 416.
      if (size == 0 && at > 0 && chunk.error().message.find("416") != std::string::npos) break;
      if (chunk.error().kind == ErrorKind::kNotFound) {
        return Fail(ErrorKind::kNotFound,
                    url +
                        ": the report's manifest lists it, but the bucket has no such object "
                        "(a report being deleted or replaced)");
      }
      return Fail(chunk.error().kind, url + ": " + chunk.error().message);
    }
    md5.Update(chunk->body);
    if (auto s = gunzip.Feed(chunk->body, take_text); !s) return s;
    at += chunk->body.size();
    if (chunk->body.size() < kRangeBytes) break;
  }
  if (const std::string read = md5.FinishHex(); !file.md5.empty() && read != file.md5) {
    return Fail(ErrorKind::kRemote, url + ": its MD5 (" + read +
                                        ") is not the manifest's MD5checksum (" + file.md5 +
                                        "): a damaged or replaced report");
  }
  if (auto s = gunzip.Finish(); !s) return s;
  if (!line.empty()) {
    if (auto s = take_line(line); !s) return s;
  }
  if (!page.empty()) return on_page(std::move(page));
  return Ok();
}

}  // namespace delta_arc::app
