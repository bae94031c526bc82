// Column types compared by family across Postgres, files and Snowflake.
#include "lineage/column_types.h"

#include <gtest/gtest.h>

namespace delta_arc::lineage {
namespace {

TEST(ColumnTypes, FamiliesAsEachSystemNamesThem) {
  const std::pair<const char*, TypeFamily> cases[] = {
      // Postgres, as Atlan's crawler records dataType.
      {"integer", TypeFamily::kNumber},
      {"bigint", TypeFamily::kNumber},
      {"numeric", TypeFamily::kNumber},
      {"double precision", TypeFamily::kFloat},
      {"character varying", TypeFamily::kString},
      {"text", TypeFamily::kString},
      {"timestamp without time zone", TypeFamily::kTimestamp},
      {"date", TypeFamily::kDate},
      {"boolean", TypeFamily::kBoolean},
      {"bytea", TypeFamily::kBinary},
      {"interval", TypeFamily::kUnknown},
      // Snowflake.
      {"NUMBER", TypeFamily::kNumber},
      {"VARCHAR", TypeFamily::kString},
      {"TIMESTAMP_NTZ", TypeFamily::kTimestamp},
      {"FLOAT", TypeFamily::kFloat},
      // Parquet, as the footer reader spells it: the annotation first.
      {"INT32 (DATE)", TypeFamily::kDate},
      {"INT64 (TIMESTAMP)", TypeFamily::kTimestamp},
      {"BYTE_ARRAY (STRING)", TypeFamily::kString},
      {"BYTE_ARRAY", TypeFamily::kBinary},
      {"FIXED_LEN_BYTE_ARRAY (DECIMAL(18,3))", TypeFamily::kNumber},
      {"INT32 (INTEGER(32,true))", TypeFamily::kNumber},
      {"DOUBLE", TypeFamily::kFloat},
      {"group (LIST)", TypeFamily::kUnknown},
      // Avro.
      {"long", TypeFamily::kNumber},
      {"null|string", TypeFamily::kString},
      {"int (date)", TypeFamily::kDate},
      {"long (timestamp-millis)", TypeFamily::kTimestamp},
      {"bytes (decimal(10,2))", TypeFamily::kNumber},
      // None stated (CSV, JSON lines).
      {"", TypeFamily::kUnknown},
  };
  for (const auto& [type, family] : cases) EXPECT_EQ(FamilyOf(type), family) << type;
}

TEST(ColumnTypes, DisagreementIsBetweenFamiliesThatAreKnown) {
  EXPECT_FALSE(TypesDisagree("integer", "INT64", "NUMBER"));
  EXPECT_FALSE(TypesDisagree("character varying", "BYTE_ARRAY (STRING)", "VARCHAR"));
  EXPECT_FALSE(TypesDisagree("integer", "", "NUMBER"));  // a CSV file states no type
  EXPECT_FALSE(TypesDisagree("", "", ""));
  EXPECT_TRUE(TypesDisagree("interval", "long", "VARCHAR"));  // the interval says nothing
  EXPECT_TRUE(TypesDisagree("text", "INT64", "VARCHAR"));
  EXPECT_TRUE(TypesDisagree("date", "", "VARCHAR"));
  EXPECT_TRUE(TypesDisagree("integer", "DOUBLE", "NUMBER"));
}

}  // namespace
}  // namespace delta_arc::lineage
