// Parsing S3 Inventory reports; see inventory_report.h.
#include "app/inventory_report.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "app/s3_object_source.h"
#include "aws/crypto.h"
#include "common/utf8.h"
#include "http/headers.h"
#include "http/url.h"
#include "lineage/setting_checks.h"

namespace delta_arc::app {

namespace {

using nlohmann::json;

std::string_view Trimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// The fields of one CSV line: quoted ("a","b") or bare, "" inside quotes for a quote.
Result<std::vector<std::string_view>> SplitCsv(std::string_view line, std::string& unescaped) {
  std::vector<std::string_view> fields;
  size_t at = 0;
  while (true) {
    if (at < line.size() && line[at] == '"') {
      const size_t start = at + 1;
      size_t end = start;
      bool escaped = false;
      while (true) {
        end = line.find('"', end);
        if (end == std::string_view::npos) {
          return Fail(ErrorKind::kInvalidArgument, "an unterminated quoted field");
        }
        if (end + 1 < line.size() && line[end + 1] == '"') {
          escaped = true;
          end += 2;
          continue;
        }
        break;
      }
      std::string_view field = line.substr(start, end - start);
      if (escaped) {
        // Rare (keys are URL-encoded). Fields view `unescaped`, reserved once at the line's
        // length, more than all its fields need: it never reallocates under them.
        if (unescaped.capacity() < line.size()) unescaped.reserve(line.size());
        const size_t from = unescaped.size();
        for (size_t i = 0; i < field.size(); ++i) {
          unescaped.push_back(field[i]);
          if (field[i] == '"') ++i;
        }
        field = std::string_view(unescaped).substr(from);
      }
      fields.push_back(field);
      at = end + 1;
    } else {
      const size_t end = std::min(line.find(',', at), line.size());
      fields.push_back(line.substr(at, end - at));
      at = end;
    }
    if (at >= line.size()) break;
    if (line[at] != ',') return Fail(ErrorKind::kInvalidArgument, "text after a quoted field");
    ++at;
  }
  return fields;
}

}  // namespace

Result<InventoryLocation> ParseInventoryUrl(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  const auto bad = [&](const std::string& why) {
    return Fail(ErrorKind::kInvalidArgument,
                "S3_INVENTORY: '" + std::string(url) + "' " + why +
                    "; expected s3://<bucket>/<prefix>/<source bucket>/<configuration id>/ or "
                    "a report's manifest.json");
  };
  if (!url.starts_with(kScheme)) return bad("is not an s3:// URL");
  const auto split = lineage::SplitS3Url(url);
  if (!split) return bad("names no bucket and folder");
  InventoryLocation location{std::string(split->bucket), std::string(split->key)};
  if (!location.IsManifest() && !location.key.ends_with('/')) location.key += '/';
  return location;
}

bool IsReportFolderName(std::string_view name) {
  // YYYY-MM-DDTHH-MMZ
  constexpr std::string_view kShape = "dddd-dd-ddTdd-ddZ";
  if (name.size() != kShape.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(name[i]))
                         : name[i] != kShape[i]) {
      return false;
    }
  }
  return true;
}

Result<InventoryManifest> ParseInventoryManifest(std::string_view text) {
  const json manifest = json::parse(text, nullptr, false);
  const auto bad = [](const std::string& why) {
    return Fail(ErrorKind::kInvalidArgument, "S3 Inventory manifest.json: " + why);
  };
  if (!manifest.is_object()) return bad("not a JSON object");
  const std::string format = manifest.value("fileFormat", "");
  if (format != "CSV") {
    return bad("the report's format is " + (format.empty() ? "not given" : format) +
               "; delta-arc reads CSV reports only (no Debian package reads ORC or Parquet): "
               "set the inventory configuration's format to CSV");
  }
  InventoryManifest out;
  out.source_bucket = manifest.value("sourceBucket", "");
  if (out.source_bucket.empty()) return bad("no sourceBucket");
  const std::string destination = manifest.value("destinationBucket", "");
  constexpr std::string_view kArn = ":s3:::";
  const size_t arn = destination.find(kArn);
  out.destination_bucket =
      arn == std::string::npos ? destination : destination.substr(arn + kArn.size());
  // A string of epoch milliseconds in AWS's manifests; a number is read too.
  const json created = manifest.value("creationTimestamp", json());
  if (created.is_number_integer()) {
    out.created_ms = created.get<int64_t>();
  } else if (created.is_string()) {
    const std::string& s = created.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out.created_ms);
    if (ec != std::errc() || end != s.data() + s.size()) out.created_ms = 0;
  }
  if (out.created_ms <= 0) return bad("no creationTimestamp in epoch milliseconds");
  const std::string schema = manifest.value("fileSchema", "");
  for (size_t at = 0; at <= schema.size();) {
    const size_t comma = std::min(schema.find(',', at), schema.size());
    const std::string_view column = Trimmed(std::string_view(schema).substr(at, comma - at));
    if (!column.empty()) out.columns.emplace_back(column);
    at = comma + 1;
  }
  if (out.columns.empty()) return bad("no fileSchema");
  const json files = manifest.value("files", json::array());
  if (!files.is_array()) return bad("files is not a list");
  for (const json& file : files) {
    if (!file.is_object() || !file.contains("key") || !file["key"].is_string()) {
      return bad("a file without a key");
    }
    out.files.push_back({file["key"].get<std::string>(), file.value("size", int64_t{0}),
                         http::ToLower(file.value("MD5checksum", ""))});
  }
  return out;
}

bool ManifestChecksumMatches(std::string_view manifest, std::string_view checksum) {
  return http::ToLower(Trimmed(checksum)) == aws::Md5Hex(manifest);
}

Result<InventoryRows> InventoryRows::ForColumns(const std::vector<std::string>& columns) {
  InventoryRows rows;
  rows.fields_ = columns.size();
  std::vector<std::string> missing;
  const auto column = [&](const char* name) -> std::optional<size_t> {
    const auto it = std::ranges::find(columns, name);
    if (it == columns.end()) return std::nullopt;
    return static_cast<size_t>(it - columns.begin());
  };
  const auto required = [&](const char* name, size_t& index) {
    if (auto at = column(name)) {
      index = *at;
    } else {
      missing.emplace_back(name);
    }
  };
  required("Key", rows.key_);
  required("Size", rows.size_);
  required("LastModifiedDate", rows.modified_);
  required("ETag", rows.etag_);
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    return Fail(ErrorKind::kInvalidArgument,
                "the S3 Inventory report lacks fields delta-arc reads: " + names +
                    " (add them to the inventory configuration's optional fields)");
  }
  rows.is_latest_ = column("IsLatest");
  rows.is_delete_marker_ = column("IsDeleteMarker");
  return rows;
}

Result<std::optional<lineage::ObjectInfo>> InventoryRows::Parse(std::string_view line) const {
  std::string unescaped;  // allocated only for a row with an escaped quote
  auto fields = SplitCsv(line, unescaped);
  if (!fields) return std::unexpected(fields.error());
  if (fields->size() != fields_) {
    return Fail(ErrorKind::kInvalidArgument, "a row of " + std::to_string(fields->size()) +
                                                 " fields where fileSchema names " +
                                                 std::to_string(fields_));
  }
  const auto& f = *fields;
  if (is_latest_ && f[*is_latest_] == "false") return std::nullopt;
  if (is_delete_marker_ && f[*is_delete_marker_] == "true") return std::nullopt;
  // Form-encoded, as S3 Inventory writes keys in CSV. Whether the key is UTF-8 is the
  // run's question (WhyKeyIgnored): one such row is left out, not the whole report.
  auto key = http::FormDecode(f[key_]);
  if (!key) {
    return Fail(ErrorKind::kInvalidArgument,
                "a key with " + key.error().message + ": " + Printable(f[key_]));
  }
  lineage::ObjectInfo object{std::move(*key), 0, ParseS3Time(std::string(f[modified_])),
                             std::string(f[etag_])};
  const std::string_view size = f[size_];
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), object.size);
  if (ec != std::errc() || end != size.data() + size.size()) {
    return Fail(ErrorKind::kInvalidArgument,
                "a row whose Size is not a number: " + std::string(size));
  }
  return object;
}

}  // namespace delta_arc::app
