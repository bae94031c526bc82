// The header cache; see header_cache.h.
#include "lineage/header_cache.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// {"version":3,"bucket":…,"headers":[schema…],"objects":{key:[etag, code]}}, sealed
// (cache_store.h), each schema {"format":"parquet","compression":"gzip","columns":[names…],
// "types":[types…]} (compression only when there is one, types only when the format states
// them). A code ≥ 0 is an index into "headers" (the files of one table mostly share a
// header, so each distinct one is stored once); a negative one is a NoHeader. Version 1
// had no seal and only -1; version 2 kept lists of names and read every object as CSV (a
// Parquet or Avro file was "no header" to it): a cache of either is read again whole.
constexpr int kHeaderCacheVersion = 3;

constexpr NoHeader kEveryNoHeader[] = {
    NoHeader::kData,           NoHeader::kNotUtf8,      NoHeader::kGzipDamaged,
    NoHeader::kZstdDamaged,    NoHeader::kBzip2Damaged, NoHeader::kRecordTooLong,
    NoHeader::kParquetDamaged, NoHeader::kAvroDamaged,  NoHeader::kJsonDamaged,
    NoHeader::kSchemaTooLong,  NoHeader::kOrc};

std::optional<NoHeader> NoHeaderOfCode(int64_t code) {
  for (const NoHeader why : kEveryNoHeader) {
    if (static_cast<int64_t>(why) == code) return why;
  }
  return std::nullopt;
}

constexpr FileFormat kEveryFormat[] = {FileFormat::kCsv, FileFormat::kJsonLines,
                                       FileFormat::kParquet, FileFormat::kAvro};
constexpr Compression kEveryCompression[] = {Compression::kGzip, Compression::kZstd,
                                             Compression::kBzip2};

bool IsListOfStrings(const json& value) {
  return value.is_array() &&
         std::ranges::all_of(value, [](const json& field) { return field.is_string(); });
}

// A member of `object`, or null: without the copy json::value() makes (a cache's "objects"
// may hold a hundred thousand entries).
const json& MemberOf(const json& object, const char* key) {
  static const json kNull;
  const auto found = object.find(key);
  return found == object.end() ? kNull : *found;
}

// A saved schema, or nullopt when it does not hold together.
std::optional<FileSchema> SchemaOfJson(const json& value) {
  if (!value.is_object()) return std::nullopt;
  FileSchema schema;
  const json format = value.value("format", json());
  const json compression = value.value("compression", json("none"));
  const json columns = value.value("columns", json());
  const json types = value.value("types", json::array());
  const auto known_format = std::ranges::find_if(
      kEveryFormat, [&](FileFormat f) { return format == std::string(NameOf(f)); });
  const auto known_compression = std::ranges::find_if(
      kEveryCompression, [&](Compression c) { return compression == std::string(NameOf(c)); });
  if (known_format == std::end(kEveryFormat) || !IsListOfStrings(columns) || columns.empty() ||
      !IsListOfStrings(types) || (!types.empty() && types.size() != columns.size()) ||
      (known_compression == std::end(kEveryCompression) && compression != "none")) {
    return std::nullopt;
  }
  schema.kind.format = *known_format;
  if (known_compression != std::end(kEveryCompression)) {
    schema.kind.compression = *known_compression;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    schema.columns.push_back(
        {columns[i].get<std::string>(), types.empty() ? "" : types[i].get<std::string>()});
  }
  return schema;
}

json JsonOfSchema(const FileSchema& schema) {
  json columns = json::array();
  json types = json::array();
  bool typed = false;
  for (const FileColumn& column : schema.columns) {
    columns.push_back(column.name);
    types.push_back(column.type);
    typed = typed || !column.type.empty();
  }
  json saved = {{"format", NameOf(schema.kind.format)}, {"columns", std::move(columns)}};
  if (schema.kind.compression != Compression::kNone) {
    saved["compression"] = NameOf(schema.kind.compression);
  }
  if (typed) saved["types"] = std::move(types);
  return saved;
}

}  // namespace

std::string_view Explain(NoHeader why) {
  switch (why) {
    case NoHeader::kData:
      return "no CSV header: the first row names no column of either table (it is read as "
             "data), or the header is longer than delta-arc reads";
    case NoHeader::kNotUtf8:
      return "the first row is not UTF-8 text (another encoding, or not a CSV file)";
    case NoHeader::kGzipDamaged:
      return "compressed (gzip): its first bytes do not decompress";
    case NoHeader::kZstdDamaged:
      return "compressed (zstd): its first bytes do not decompress, or need a window over 8 MiB";
    case NoHeader::kBzip2Damaged:
      return "compressed (bzip2): its first bytes do not decompress";
    case NoHeader::kRecordTooLong:
      return "no whole first record (or compressed block) within the bytes delta-arc reads";
    case NoHeader::kParquetDamaged:
      return "Parquet: its footer holds no readable schema (truncated or damaged)";
    case NoHeader::kAvroDamaged:
      return "Avro: its header holds no readable record schema (truncated or damaged)";
    case NoHeader::kJsonDamaged:
      return "JSON lines: a line is not a JSON object";
    case NoHeader::kSchemaTooLong:
      return "its schema is longer than delta-arc reads (1 MiB)";
    case NoHeader::kOrc:
      return "ORC: delta-arc has no reader for ORC files";
  }
  return "no CSV header";
}

HeaderCache HeaderCache::Empty(const std::string& bucket) {
  HeaderCache cache;
  cache.bucket_ = bucket;
  for (const NoHeader why : kEveryNoHeader) cache.Intern(why);
  return cache;
}

HeaderCache HeaderCache::Load(CacheStore& store, const std::string& bucket, Logger& log,
                              bool fresh) {
  HeaderCache cache = Empty(bucket);
  if (fresh) {
    log.Debug("reading every CSV header again (force refresh)");
    cache.changed_ = true;  // rewritten whatever this run reads
    return cache;
  }
  auto content = store.Read(kEntry);
  if (!content || !*content) {
    log.Debug("no CSV headers cached yet",
              {{"reason", content ? "no entry" : content.error().message}});
    return cache;
  }
  const std::string location = store.Describe(kEntry);
  std::string problem;
  const auto sealed = Unsealed(**content, problem);
  if (!sealed) {
    log.Warn("the cached CSV headers are not usable (" + problem + "); reading them again",
             {{"location", location}});
    return cache;
  }
  if (!cache.Parse(*sealed, log, location)) return Empty(bucket);
  return cache;
}

bool HeaderCache::Parse(std::string_view content, Logger& log, const std::string& location) {
  const json parsed = json::parse(content, nullptr, false);
  if (!parsed.is_object() || parsed.value("version", json()) != kHeaderCacheVersion) {
    log.Debug("cached CSV headers not used: another format");
    return false;
  }
  if (parsed.value("bucket", json()) != bucket_) {
    log.Debug("cached CSV headers not used: another bucket's");
    return false;
  }
  const json& headers = MemberOf(parsed, "headers");
  const json& objects = MemberOf(parsed, "objects");
  std::vector<FileSchema> schemas;
  if (headers.is_array()) {
    for (const json& saved : headers) {
      auto schema = SchemaOfJson(saved);
      if (!schema) break;
      schemas.push_back(std::move(*schema));
    }
  }
  if (!headers.is_array() || schemas.size() != headers.size() || !objects.is_object()) {
    log.Warn("the cached CSV headers are malformed; reading them again", {{"location", location}});
    return false;
  }
  std::vector<size_t> interned;
  interned.reserve(schemas.size());
  for (auto& schema : schemas) interned.push_back(Intern(std::move(schema)));
  size_t dropped = 0;
  std::string example;
  for (const auto& [key, value] : objects.items()) {
    // [etag, code]: a non-empty ETag, and a code that is a NoHeader or a saved header's
    // index. Anything else is dropped, and its object read again.
    const bool shaped = value.is_array() && value.size() == 2 && value[0].is_string() &&
                        !value[0].get_ref<const std::string&>().empty() &&
                        value[1].is_number_integer();
    const int64_t code = shaped ? value[1].get<int64_t>() : 0;
    const auto none = shaped ? NoHeaderOfCode(code) : std::nullopt;
    const bool indexed = shaped && code >= 0 && static_cast<uint64_t>(code) < interned.size();
    if (!none && !indexed) {
      ++dropped;
      example = key;
      continue;
    }
    const size_t header = none ? Intern(*none) : interned[static_cast<size_t>(code)];
    entries_[key] = {value[0].get<std::string>(), header};
  }
  if (dropped > 0) {
    log.Warn(
        "cached CSV headers dropped: their entries are malformed; reading those objects "
        "again",
        {{"location", location}, {"entries", dropped}, {"key", example}});
    changed_ = true;  // the next save leaves them out
  }
  return true;
}

const KnownHeader* HeaderCache::Find(const ObjectInfo& object) const {
  auto it = entries_.find(object.key);
  if (it == entries_.end() || it->second.etag != object.etag || object.etag.empty()) {
    return nullptr;
  }
  return &headers_[it->second.header];
}

size_t HeaderCache::Intern(KnownHeader header) {
  auto [it, added] = header_index_.emplace(std::move(header), headers_.size());
  if (added) headers_.push_back(it->first);
  return it->second;
}

void HeaderCache::Remember(const ObjectInfo& object, KnownHeader header) {
  if (object.etag.empty()) return;  // no version to tie it to
  entries_[object.key] = {object.etag, Intern(std::move(header))};
  changed_ = true;
}

void HeaderCache::KeepOnly(const std::set<std::string>& keys) {
  std::erase_if(entries_, [&](const auto& entry) {
    const bool gone = !keys.contains(entry.first);
    changed_ = changed_ || gone;
    return gone;
  });
}

void HeaderCache::Save(CacheStore& store, Logger& log) const {
  if (!changed_) return;
  // Only the headers some object still has, at their index among those saved.
  std::vector<int64_t> saved_at(headers_.size(), -1);
  json headers = json::array();
  json objects = json::object();
  for (const auto& [key, entry] : entries_) {
    const KnownHeader& header = headers_[entry.header];
    int64_t code = 0;
    if (const auto* why = std::get_if<NoHeader>(&header)) {
      code = static_cast<int64_t>(*why);
    } else {
      if (saved_at[entry.header] < 0) {
        saved_at[entry.header] = static_cast<int64_t>(headers.size());
        headers.push_back(JsonOfSchema(std::get<FileSchema>(header)));
      }
      code = saved_at[entry.header];
    }
    objects[key] = json::array({entry.etag, code});
  }
  const json content = {{"version", kHeaderCacheVersion},
                        {"bucket", bucket_},
                        {"headers", std::move(headers)},
                        {"objects", std::move(objects)}};
  if (auto written = store.Write(kEntry, Sealed(JsonText(content))); !written) {
    log.Warn("could not cache the CSV headers read; the next run reads them again",
             {{"location", store.Describe(kEntry)}, {"error", written.error().message}});
  }
}

}  // namespace delta_arc::lineage
