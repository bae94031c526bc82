// Files in formats delta-arc reads, written by independent writers run with Node from
// tools/node: DuckDB (Parquet, JSON lines). A reader's test files never come from the code
// under test.
#pragma once

#include <string>

namespace delta_arc::testing {

// The bytes DuckDB writes to `path` for COPY (<select>) TO '<path>' (<options>), e.g.
// options "FORMAT PARQUET, COMPRESSION ZSTD" or "FORMAT JSON" (JSON lines).
std::string DuckDbCopy(const std::string& path, const std::string& select,
                       const std::string& options);

}  // namespace delta_arc::testing
