// The sample tenant's qualifiedNames (testdata/delta-arc) and an S3 connection the
// emulator tests write under, shared by the emulator's tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace delta_arc::testing {

inline const std::string kPostgres = "default/postgres/1757530687";
inline const std::string kSnowflake = "default/snowflake/1757530705";
inline const std::string kPgTable = kPostgres + "/FOOD_BEVERAGE/SALES_ORDERS/CUSTOMERS";
inline const std::string kSfTable = kSnowflake + "/FOOD_BEVERAGE/SALES_ORDERS/CUSTOMERS";
inline const std::string kS3 = "default/s3/1700000000";

// A reference to an entity by its type and qualifiedName, as entity writes carry them.
inline nlohmann::json Ref(const std::string& type, const std::string& qn) {
  return {{"typeName", type}, {"uniqueAttributes", {{"qualifiedName", qn}}}};
}

// A Process `name` under the Postgres connection (qualifiedName `<connection>/<name>`), from
// `inputs` to `outputs`.
inline nlohmann::json PostgresProcess(const std::string& name, nlohmann::json inputs,
                                      nlohmann::json outputs) {
  return {{"typeName", "Process"},
          {"attributes",
           {{"name", name},
            {"qualifiedName", kPostgres + "/" + name},
            {"connectionQualifiedName", kPostgres},
            {"inputs", std::move(inputs)},
            {"outputs", std::move(outputs)}}}};
}

// The lineage the emulator's tests draw most: Postgres CUSTOMERS copied to Snowflake's.
inline nlohmann::json CopyProcess() {
  return PostgresProcess("copy", {Ref("Table", kPgTable)}, {Ref("Table", kSfTable)});
}

}  // namespace delta_arc::testing
