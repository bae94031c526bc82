// The columns a file states about itself, as every schema reader returns them: a CSV
// header's fields, a Parquet footer's schema, an Avro header's schema, the keys of JSON
// records.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace delta_arc::lineage {

// One column as a file states it: its name (a field nested in another as a dotted path,
// "address.city") and its type in the format's own terms ("INT32", "long"); empty where
// the format states none (CSV, JSON lines).
struct FileColumn {
  std::string name;
  std::string type;
  bool operator==(const FileColumn&) const = default;
};

// The bytes given end before the schema does. `total`: how many bytes from the same
// start would hold it, when the format says (0 when it does not).
struct SchemaCutShort {
  size_t total = 0;
};

// The bytes hold no readable schema: why, for a person (never the data itself).
struct SchemaError {
  std::string reason;
};

// What a schema reader made of the bytes it was given.
using SchemaRead = std::variant<std::vector<FileColumn>, SchemaCutShort, SchemaError>;

}  // namespace delta_arc::lineage
