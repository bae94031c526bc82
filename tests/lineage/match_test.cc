// Matching objects to tables and columns, with and without a mapping file.
#include "lineage/match.h"

#include <gtest/gtest.h>

#include "lineage/csv_header.h"
#include "tests/support/subprocess.h"

namespace delta_arc::lineage {
namespace {

TableInfo Table(const std::string& conn, const std::string& name,
                const std::vector<std::string>& columns) {
  TableInfo t{"Table", name, conn + "/DB/SCH/" + name, {}};
  int order = 1;
  for (const auto& c : columns) t.columns.push_back({c, t.qualified_name + "/" + c, order++});
  return t;
}

ConnectionCatalog Catalog(const std::string& qn, std::vector<TableInfo> tables) {
  ConnectionCatalog c;
  c.connection = {"conn", qn, "", ""};
  c.tables = std::move(tables);
  return c;
}

const ConnectionCatalog kPostgres = Catalog(
    "default/postgres/1", {Table("default/postgres/1", "CUSTOMERS", {"CUSTOMER_ID", "NAME"}),
                           Table("default/postgres/1", "ORDER_ITEMS", {"ITEM_ID", "QTY"}),
                           Table("default/postgres/1", "AUDIT", {"ID"})});
const ConnectionCatalog kSnowflake = Catalog(
    "default/snowflake/2", {Table("default/snowflake/2", "CUSTOMERS", {"CUSTOMERID", "NAME"}),
                            Table("default/snowflake/2", "ORDERDETAILS", {"ORDERDETAILID", "QTY"}),
                            Table("default/snowflake/2", "ONLY_SF", {"X"})});

std::vector<ObjectInfo> Objects(const std::vector<std::string>& keys) {
  std::vector<ObjectInfo> out;
  for (const auto& k : keys) out.push_back({k, 10, 1000, "etag"});
  return out;
}

TEST(Match, DefaultMatchesFileNameToTableAnyCase) {
  auto objects = Objects({"2025/customers.csv", "2025/unknown.csv", "2025/only_sf.csv"});
  auto result = MatchObjects(objects, "2025/", Mapping::Default(), kPostgres, kSnowflake);
  ASSERT_EQ(result.objects.size(), 3u);
  EXPECT_EQ(result.objects[0].postgres->name, "CUSTOMERS");
  EXPECT_EQ(result.objects[0].snowflake->name, "CUSTOMERS");
  EXPECT_EQ(result.objects[1].postgres, nullptr);
  EXPECT_NE(result.objects[1].reason.find("unknown"), std::string::npos);
  EXPECT_EQ(result.objects[2].postgres, nullptr);
  EXPECT_EQ(result.objects[2].snowflake->name, "ONLY_SF");
  ASSERT_EQ(result.links.size(), 2u);
  bool audit_listed = false;
  for (const auto& u : result.unpartnered) {
    if (u.qualified_name.ends_with("/AUDIT"))
      audit_listed = u.reason == "no object under the prefix";
  }
  EXPECT_TRUE(audit_listed);
}

TEST(Match, MappingTemplatesRenamesAndExcludes) {
  // The example mapping file.
  auto mapping = Mapping::FromFile(delta_arc::testing::TestDataPath("mapping/example.yaml"));
  ASSERT_TRUE(mapping) << mapping.error().message;
  auto objects = Objects({"exports/order_items/dt=2025-01-01/part-0.csv",
                          "exports/order_items/dt=2025-01-02/part-0.csv",
                          "exports/order_items/dt=2025-01-02/_SUCCESS", "customers.csv",
                          "stray/customers.json"});
  auto result = MatchObjects(objects, "", *mapping, kPostgres, kSnowflake);
  EXPECT_EQ(result.objects[0].snowflake->name, "ORDERDETAILS");
  EXPECT_EQ(result.objects[1].postgres->name, "ORDER_ITEMS");
  EXPECT_FALSE(result.objects[2].reason.empty());
  EXPECT_EQ(result.objects[3].postgres->name, "CUSTOMERS");
  EXPECT_EQ(result.objects[4].reason, "no key template matches");
  // One link for both partitions of ORDER_ITEMS.
  const TableLink* items = nullptr;
  for (auto& link : result.links) {
    if (link.postgres && link.postgres->name == "ORDER_ITEMS") items = &link;
  }
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->objects.size(), 2u);
  TableLink copy = *items;
  LinkColumns(copy, *mapping);
  ASSERT_EQ(copy.columns.size(), 2u);
  EXPECT_EQ(copy.columns[0].snowflake->name, "ORDERDETAILID");
  EXPECT_EQ(copy.columns[1].snowflake->name, "QTY");
}

TEST(Match, ColumnsIgnoreCaseAndUnderscoresAndFollowTheHeader) {
  auto objects = Objects({"customers.csv"});
  auto result = MatchObjects(objects, "", Mapping::Default(), kPostgres, kSnowflake);
  TableLink link = result.links[0];
  LinkColumns(link, Mapping::Default());
  ASSERT_EQ(link.columns.size(), 2u);  // CUSTOMER_ID ~ CUSTOMERID, NAME
  link.header = std::vector<std::string>{"customer_id"};
  LinkColumns(link, Mapping::Default());
  ASSERT_EQ(link.columns.size(), 1u);
  EXPECT_EQ(link.columns[0].postgres->name, "CUSTOMER_ID");
}

TEST(CsvHeader, ParsesQuotesBomAndLineEnds) {
  EXPECT_EQ(*ParseCsvHeader("id,name\n1,x\n", false), (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(*ParseCsvHeader("\xEF\xBB\xBF\"a,b\",\"c\"\"d\"\r\n", false),
            (std::vector<std::string>{"a,b", "c\"d"}));
  EXPECT_FALSE(ParseCsvHeader("id,na", false).has_value());  // cut before the line ended
  EXPECT_EQ(*ParseCsvHeader("id,name", true), (std::vector<std::string>{"id", "name"}));
  EXPECT_FALSE(ParseCsvHeader("", true).has_value());
}

}  // namespace
}  // namespace delta_arc::lineage
