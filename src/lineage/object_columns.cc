// An object's columns by its format; see object_columns.h.
#include "lineage/object_columns.h"

#include <algorithm>
#include <set>

#include "common/utf8.h"
#include "http/headers.h"
#include "lineage/avro_schema.h"
#include "lineage/compression.h"
#include "lineage/csv_header.h"
#include "lineage/json_lines.h"
#include "lineage/parquet_schema.h"

namespace delta_arc::lineage {

namespace {

// ORC files start "ORC" (Apache ORC specification, "File Tail": the header is "ORC").
constexpr std::string_view kOrcMagic = "ORC";
// Parquet compresses inside the file, page by page: the file itself is not compressed.
constexpr FileKind kParquet = {FileFormat::kParquet, Compression::kNone};

// The reads of one object: all of the version the first was of. A read placed from the
// object's end is placed by the listed size, so it must be of the listed version.
class VersionReader {
 public:
  VersionReader(ObjectSource& bucket, const ObjectInfo& object)
      : bucket_(bucket), object_(object) {}

  Result<std::string> Read(int64_t first, size_t bytes) { return ReadOf(first, bytes, false); }
  // The last `bytes` bytes (the whole object when it is shorter).
  Result<std::string> ReadTail(size_t bytes) {
    return ReadFromEnd(std::min(object_.size, static_cast<int64_t>(bytes)), bytes);
  }
  // `bytes` bytes from `back` bytes before the object's end.
  Result<std::string> ReadFromEnd(int64_t back, size_t bytes) {
    return ReadOf(object_.size - back, bytes, true);
  }
  const std::string& etag() const { return etag_; }
  size_t reads() const { return reads_; }

 private:
  Result<std::string> ReadOf(int64_t first, size_t bytes, bool placed_by_size) {
    ObjectInfo version = object_;
    if (!etag_.empty()) version.etag = etag_;
    auto got = bucket_.ReadRange(version, first, bytes);
    if (!got) return std::unexpected(got.error());
    ++reads_;
    if (etag_.empty()) etag_ = got->etag;
    if (got->etag != etag_ || (placed_by_size && got->etag != object_.etag)) {
      return Fail(ErrorKind::kConflict, "the object changed while it was read");
    }
    return std::move(got->bytes);
  }

  ObjectSource& bucket_;
  const ObjectInfo& object_;
  std::string etag_;
  size_t reads_ = 0;
};

bool IsNamedParquet(const std::string& key) {
  constexpr std::string_view kExtension = ".parquet";
  return key.size() >= kExtension.size() &&
         http::EqualsIgnoreCase(std::string_view(key).substr(key.size() - kExtension.size()),
                                kExtension);
}

// What a schema reader's answer says of a file of `kind`, with `damaged` for one that is not
// a schema and `cut` for one that ends past what was read.
KnownHeader KnownFrom(const SchemaRead& read, FileKind kind, NoHeader damaged, NoHeader cut) {
  if (const auto* columns = std::get_if<std::vector<FileColumn>>(&read)) {
    return FileSchema{kind, *columns};
  }
  return std::holds_alternative<SchemaCutShort>(read) ? cut : damaged;
}

// True when a field of the first row names a column of either table. A file written
// without a header starts with data (numbers, dates, values) that names none of them.
bool NamesAColumn(const TableLink& link, const std::vector<std::string>& fields) {
  std::set<std::string> names;
  for (const auto& field : fields) names.insert(NormalizeColumnName(field));
  for (const TableInfo* table : {link.source, link.target}) {
    for (const auto& column : table->columns) {
      if (names.contains(NormalizeColumnName(column.name))) return true;
    }
  }
  return false;
}

// Text's columns (`compression` around it): JSON lines' keys, or a CSV header row kept
// only when it names a column of either table (else it is data, and may be personal) and
// is UTF-8 (the cache, the report and Atlan carry only UTF-8).
KnownHeader TextColumns(const std::string& text, bool whole, Compression compression,
                        const TableLink& link) {
  if (LooksLikeJsonLines(text)) {
    return KnownFrom(JsonLinesColumns(text, whole), {FileFormat::kJsonLines, compression},
                     NoHeader::kJsonDamaged, NoHeader::kRecordTooLong);
  }
  auto fields = ParseCsvHeader(text, whole);
  if (!fields || !NamesAColumn(link, *fields)) return NoHeader::kData;
  if (!std::ranges::all_of(*fields, [](const std::string& f) { return IsUtf8(f); })) {
    return NoHeader::kNotUtf8;
  }
  FileSchema schema{{FileFormat::kCsv, compression}, {}};
  for (auto& field : *fields) schema.columns.push_back({std::move(field), ""});
  return schema;
}

NoHeader DamagedOf(Compression compression) {
  switch (compression) {
    case Compression::kZstd:
      return NoHeader::kZstdDamaged;
    case Compression::kBzip2:
      return NoHeader::kBzip2Damaged;
    default:
      return NoHeader::kGzipDamaged;
  }
}

// The schema in a Parquet footer, given the last bytes (`tail`) of a file of `size` bytes:
// from them when they hold the schema, else from one more read of the footer's start (at
// most kMaxSchemaBytes).
Result<KnownHeader> ParquetSchema(VersionReader& reader, const std::string& tail, int64_t size) {
  const auto length = ParquetFooterLength(tail);
  const int64_t footer_back = length ? int64_t{*length} + int64_t{kParquetTrailerBytes} : 0;
  if (!length || footer_back > size) return NoHeader::kParquetDamaged;
  if (static_cast<size_t>(footer_back) <= tail.size()) {
    const std::string_view footer(tail.data() + tail.size() - footer_back, *length);
    return KnownFrom(ParquetColumns(footer), kParquet, NoHeader::kParquetDamaged,
                     NoHeader::kParquetDamaged);
  }
  const size_t want = std::min<size_t>(*length, kMaxSchemaBytes);
  auto footer = reader.ReadFromEnd(footer_back, want);
  if (!footer) return std::unexpected(footer.error());
  const bool whole_footer = want == *length;
  return KnownFrom(ParquetColumns(*footer), kParquet, NoHeader::kParquetDamaged,
                   whole_footer ? NoHeader::kParquetDamaged : NoHeader::kSchemaTooLong);
}

// The schema in an Avro header, given its first bytes: from them, else from one more read
// of as many as the header says it needs (at most kMaxSchemaBytes).
Result<KnownHeader> AvroSchema(VersionReader& reader, const std::string& start, bool whole) {
  SchemaRead read = AvroColumns(start);
  if (const auto* cut = std::get_if<SchemaCutShort>(&read); cut && !whole) {
    const size_t want = cut->total == 0 ? kMaxSchemaBytes : cut->total;
    if (want > kMaxSchemaBytes) return NoHeader::kSchemaTooLong;
    auto header = reader.Read(0, want);
    if (!header) return std::unexpected(header.error());
    read = AvroColumns(*header);
  }
  return KnownFrom(read, {FileFormat::kAvro, Compression::kNone}, NoHeader::kAvroDamaged,
                   whole ? NoHeader::kAvroDamaged : NoHeader::kSchemaTooLong);
}

Result<KnownHeader> ColumnsOf(VersionReader& reader, const ObjectInfo& object,
                              const TableLink& link) {
  std::optional<std::string> tail;  // read first when the name says Parquet
  if (IsNamedParquet(object.key) && object.size > static_cast<int64_t>(kFirstReadBytes)) {
    auto read = reader.ReadTail(kFirstReadBytes);
    if (!read) return std::unexpected(read.error());
    if (read->ends_with(kParquetMagic)) return ParquetSchema(reader, *read, object.size);
    tail = std::move(*read);
  }
  auto start = reader.Read(0, kFirstReadBytes);
  if (!start) return std::unexpected(start.error());
  const bool whole = start->size() < kFirstReadBytes;
  if (start->starts_with(kParquetMagic)) {
    if (whole) return ParquetSchema(reader, *start, static_cast<int64_t>(start->size()));
    if (!tail) {
      auto read = reader.ReadTail(kFirstReadBytes);
      if (!read) return std::unexpected(read.error());
      tail = std::move(*read);
    }
    return ParquetSchema(reader, *tail, object.size);
  }
  if (IsAvroContainer(*start)) return AvroSchema(reader, *start, whole);
  if (start->starts_with(kOrcMagic)) return NoHeader::kOrc;
  const Compression compression = CompressionOf(*start);
  if (compression == Compression::kNone) return TextColumns(*start, whole, compression, link);
  auto text = DecompressStart(compression, *start, whole, kFirstReadBytes);
  if (text && text->text.empty() && !text->whole && !whole) {
    // Nothing yet (bzip2 gives no text before its first block ends): as far as a block goes.
    auto more = reader.Read(0, kMaxSchemaBytes);
    if (!more) return std::unexpected(more.error());
    text = DecompressStart(compression, *more, more->size() < kMaxSchemaBytes, kFirstReadBytes);
    if (text && text->text.empty() && !text->whole) return NoHeader::kRecordTooLong;
  }
  if (!text) return DamagedOf(compression);
  return TextColumns(text->text, text->whole, compression, link);
}

}  // namespace

Result<ObjectColumns> ReadObjectColumns(ObjectSource& bucket, const ObjectInfo& object,
                                        const TableLink& link) {
  VersionReader reader(bucket, object);
  auto header = ColumnsOf(reader, object, link);
  if (!header) return std::unexpected(header.error());
  return ObjectColumns{std::move(*header), reader.etag(), reader.reads()};
}

}  // namespace delta_arc::lineage
