// The tags of the Postgres tables and columns delta-arc links come with the catalogs it
// reads (their internal names in the same searches; display names in one more request,
// made only when something is tagged) and each object says which it carries: its table's,
// and those of the columns its header holds.
#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

// The tags `plan --json` (or sync's) reports for each object that carries any, by key.
std::map<std::string, json> TagsByKey(const CommandResult& plan) {
  std::map<std::string, json> tags;
  for (const auto& object : plan.json["objects"]) {
    if (object.contains("tags")) tags[object["key"]] = object["tags"];
  }
  return tags;
}

TEST_F(PipelineTest, EachObjectCarriesItsTablesTagsAndThoseOfTheColumnsInItsHeader) {
  UploadSampleBucket();
  Upload("2025/shippers.csv", "shipperid,shippername\n1,Speedy\n");  // no PHONE column
  const std::string pii = emulator_.DefineTag("PII");
  const std::string gold = emulator_.DefineTag("Gold");
  const auto attach = [&](const std::string& type, const std::string& name,
                          const std::string& tag) {
    ASSERT_EQ(emulator_
                  .AttachTags(type, kPostgresQn + kSchema + name,
                              json::array({{{"typeName", tag}, {"propagate", false}}}))
                  .status,
              204)
        << name;
  };
  attach("Column", "CUSTOMERS/ADDRESS", pii);
  attach("Column", "SHIPPERS/PHONE", pii);
  attach("Table", "ORDERS", gold);
  ResetRequests();

  auto plan = Run({"sync", "--json"});  // which writes the catalogs' cache
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(TagsByKey(plan), (std::map<std::string, json>{{"2025/customers.csv", {"PII"}},
                                                          {"2025/orders.csv", {"Gold"}}}))
      << plan.output;
  EXPECT_EQ(Requests().value("GET /api/meta/types/typedefs", 0), 1) << Requests().dump();

  // From the cache, the same; a tag attached since makes it stale.
  auto cached = Run({"plan", "--json"});
  ASSERT_EQ(cached.exit_code, 0) << cached.output;
  EXPECT_TRUE(cached.json["cache_hit"]) << cached.output;
  EXPECT_EQ(TagsByKey(cached), TagsByKey(plan));
  attach("Column", "EMPLOYEES/NOTES", gold);
  auto after = Run({"plan", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_FALSE(after.json["cache_hit"]) << after.output;
  EXPECT_EQ(TagsByKey(after)["2025/employees.csv"], json::array({"Gold"})) << after.output;

  // The text summary lists them beside the object's tables.
  auto text = Run({"plan", "--verbose"});
  EXPECT_NE(text.output.find("2025/customers.csv  →  " + kPostgresQn + kSchema + "CUSTOMERS"),
            std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("SALES_ORDERS/CUSTOMERS  tags: PII"), std::string::npos)
      << text.output;
}

}  // namespace
}  // namespace delta_arc::testing
