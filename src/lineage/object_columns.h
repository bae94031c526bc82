// What one object version says about its table's columns, read with as few ranged GETs
// as its format allows: a CSV header or JSON lines' keys from the first bytes (inflated
// first when gzip, zstd or bzip2), an Avro header's schema, a Parquet footer's schema from
// the last bytes. The format is told by the bytes (magic numbers), not by the name; only a
// `.parquet` name makes the first read the file's tail, where its schema is.
#pragma once

#include <cstddef>
#include <string>

#include "common/error.h"
#include "lineage/header_cache.h"
#include "lineage/match.h"
#include "lineage/object_source.h"

namespace delta_arc::lineage {

// The first read of an object: a CSV header's or JSON record's text, an Avro header's
// start, a Parquet file's tail.
inline constexpr size_t kFirstReadBytes = 8192;
// The most one more read takes: an Avro header or a Parquet schema, or the first block of a
// bzip2 stream; past it the object tells nothing (NoHeader::kSchemaTooLong).
inline constexpr size_t kMaxSchemaBytes = size_t{1} << 20;

struct ObjectColumns {
  // The columns it states, or why it states none (a CSV first row naming no column of
  // `link`'s tables is data, not a header).
  KnownHeader header;
  std::string etag;  // the version read (ObjectSource::ReadRange)
  size_t reads = 0;  // ranged GETs sent
};

// Reads `object` (not empty) for the columns it states: one ranged GET for CSV, JSON lines
// and most Avro and Parquet files, two for a Parquet file whose footer is longer than the
// first read or that is not named `.parquet`, or an Avro header longer than it. Fails
// when a read fails, or the object changed between two reads of it (the next run reads it).
Result<ObjectColumns> ReadObjectColumns(ObjectSource& bucket, const ObjectInfo& object,
                                        const TableLink& link);

}  // namespace delta_arc::lineage
