// Files in formats delta-arc reads, written by independent writers run with Node from
// tools/node: DuckDB (Parquet, JSON lines) and avsc (Avro). A reader's test files never
// come from the code under test.
#pragma once

#include <string>

namespace delta_arc::testing {

// The bytes DuckDB writes to `path` for COPY (<select>) TO '<path>' (<options>), e.g.
// options "FORMAT PARQUET, COMPRESSION ZSTD" or "FORMAT JSON" (JSON lines).
std::string DuckDbCopy(const std::string& path, const std::string& select,
                       const std::string& options);

// The bytes avsc writes to `path`: an Avro object container file with `schema` (JSON, put
// in the header as given) holding `records` (a JSON array), blocks compressed by `codec`
// ("null" or "deflate").
std::string AvscWrite(const std::string& path, const std::string& schema,
                      const std::string& records = "[]", const std::string& codec = "null");

}  // namespace delta_arc::testing
