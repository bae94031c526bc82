// The columns of a Parquet file, read from its footer: the file ends in FileMetaData
// (Thrift compact protocol), its length (4 bytes, little-endian) and "PAR1" (Apache
// Parquet format specification, "File Format"; parquet.thrift).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "lineage/file_columns.h"

namespace delta_arc::lineage {

// Parquet's magic number, at the start and the end of every file.
inline constexpr std::string_view kParquetMagic = "PAR1";
// The footer's length and the magic number, after the footer.
inline constexpr size_t kParquetTrailerBytes = 8;

// The footer's length as a file's last bytes state it (`tail` is at least the last 8 bytes
// of the file); nullopt when they do not end in "PAR1".
std::optional<uint32_t> ParquetFooterLength(std::string_view tail);

// The columns of FileMetaData's schema, read from the footer's first bytes (`footer` may be
// the whole footer or only its start: the schema is its second field). A group's leaves
// are dotted paths under it ("address.city"), the group itself a column too ("address");
// types are the physical type, with the logical or converted one where stated
// ("INT32", "BYTE_ARRAY (STRING)"). SchemaCutShort (total 0) when `footer` ends inside the
// schema; SchemaError when the bytes are not a FileMetaData schema.
SchemaRead ParquetColumns(std::string_view footer);

}  // namespace delta_arc::lineage
