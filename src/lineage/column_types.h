// Column types across systems: a Postgres, file and Snowflake type compared by family, so
// that a report can show where they disagree ("integer", "INT64", "NUMBER" agree; "text"
// and "INT64" do not). A disagreement is shown, never fatal: lineage is by name.
#pragma once

#include <string_view>

namespace delta_arc::lineage {

enum class TypeFamily {
  kUnknown,
  kNumber,
  kFloat,
  kString,
  kBoolean,
  kDate,
  kTime,
  kTimestamp,
  kBinary
};

// The family of a type as Atlan's catalogs (Postgres, Snowflake) or a file's format
// (Parquet "INT32 (DATE)", Avro "null|string") names it; kUnknown when it says none.
TypeFamily FamilyOf(std::string_view type);

// True when two of the types that name a family name different ones.
bool TypesDisagree(std::string_view source, std::string_view file, std::string_view target);

}  // namespace delta_arc::lineage
