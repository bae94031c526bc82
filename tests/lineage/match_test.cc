// Matching objects to tables and columns, with and without a mapping file.
#include "lineage/match.h"

#include <gtest/gtest.h>

#include "lineage/csv_header.h"
#include "tests/lineage/test_tables.h"
#include "tests/support/subprocess.h"

namespace delta_arc::lineage {
namespace {

ConnectionCatalog Catalog(const std::string& qn, std::vector<TableInfo> tables) {
  ConnectionCatalog c;
  // default/<connector>/<epoch>
  c.connections = {{"conn", qn, qn.substr(8, qn.find('/', 8) - 8), ""}};
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

// A matched asset's name, or "(none)": a failed match fails the comparison, never the test
// binary.
template <typename Asset>
std::string NameOf(const Asset* asset) {
  return asset != nullptr ? asset->name : "(none)";
}
template <typename Asset>
std::string QualifiedNameOf(const Asset* asset) {
  return asset != nullptr ? asset->qualified_name : "(none)";
}

std::vector<ObjectInfo> Objects(const std::vector<std::string>& keys) {
  std::vector<ObjectInfo> out;
  for (const auto& k : keys) out.push_back({k, 10, 1000, "etag"});
  return out;
}

TEST(Match, DefaultMatchesFileNameToTableAnyCase) {
  auto objects = Objects({"2025/customers.csv", "2025/unknown.csv", "2025/only_sf.csv"});
  auto result = MatchObjects(objects, "2025/", Mapping::Default(), kPostgres, kSnowflake);
  ASSERT_EQ(result.objects.size(), 3u);
  EXPECT_EQ(NameOf(result.objects[0].source), "CUSTOMERS");
  EXPECT_EQ(NameOf(result.objects[0].target), "CUSTOMERS");
  EXPECT_EQ(result.objects[1].source, nullptr);
  EXPECT_NE(result.objects[1].reason.find("unknown"), std::string::npos);
  EXPECT_EQ(result.objects[2].source, nullptr);
  EXPECT_EQ(NameOf(result.objects[2].target), "ONLY_SF");
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
  ASSERT_EQ(result.objects.size(), 5u);
  EXPECT_EQ(NameOf(result.objects[0].target), "ORDERDETAILS");
  EXPECT_EQ(NameOf(result.objects[1].source), "ORDER_ITEMS");
  EXPECT_FALSE(result.objects[2].reason.empty());
  EXPECT_EQ(NameOf(result.objects[3].source), "CUSTOMERS");
  EXPECT_EQ(result.objects[4].reason, "no key template matches");
  // One link for both partitions of ORDER_ITEMS.
  const TableLink* items = nullptr;
  for (auto& link : result.links) {
    if (link.source && NameOf(link.source) == "ORDER_ITEMS") items = &link;
  }
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->objects.size(), 2u);
  TableLink copy = *items;
  LinkColumns(copy, *mapping);
  ASSERT_EQ(copy.columns.size(), 2u);
  EXPECT_EQ(NameOf(copy.columns[0].target), "ORDERDETAILID");
  EXPECT_EQ(NameOf(copy.columns[1].target), "QTY");
}

TEST(Match, ColumnsIgnoreCaseAndUnderscoresAndFollowTheHeader) {
  auto objects = Objects({"customers.csv"});
  auto result = MatchObjects(objects, "", Mapping::Default(), kPostgres, kSnowflake);
  ASSERT_EQ(result.links.size(), 1u);
  TableLink link = result.links[0];
  LinkColumns(link, Mapping::Default());
  ASSERT_EQ(link.columns.size(), 2u);  // CUSTOMER_ID ~ CUSTOMERID, NAME
  link.header = std::vector<std::string>{"customer_id"};
  LinkColumns(link, Mapping::Default());
  ASSERT_EQ(link.columns.size(), 1u);
  EXPECT_EQ(NameOf(link.columns[0].source), "CUSTOMER_ID");
}

// ---- names several schemas share ----

TableInfo TableIn(const std::string& conn, const std::string& schema, const std::string& name,
                  const std::string& type = "Table") {
  return {type, name, conn + "/DB/" + schema + "/" + name, {{"ID", "", 1}}};
}

const ConnectionCatalog kTwoSchemas =
    Catalog("default/postgres/1", {TableIn("default/postgres/1", "CRM", "CUSTOMERS"),
                                   TableIn("default/postgres/1", "SALES", "CUSTOMERS"),
                                   TableIn("default/postgres/1", "SALES", "ORDERS"),
                                   TableIn("default/postgres/1", "REPORTING", "ORDERS", "View")});
const ConnectionCatalog kOneSchema =
    Catalog("default/snowflake/2", {TableIn("default/snowflake/2", "PUBLIC", "CUSTOMERS"),
                                    TableIn("default/snowflake/2", "PUBLIC", "ORDERS")});

TEST(Match, AmbiguousNameLeavesTheObjectUnmatchedNamingEveryCandidate) {
  auto objects = Objects({"a/customers.csv", "b/customers.csv", "orders.csv"});
  auto result = MatchObjects(objects, "", Mapping::Default(), kTwoSchemas, kOneSchema);
  ASSERT_EQ(result.objects.size(), 3u);
  for (size_t i : {0, 1}) {
    const auto& d = result.objects[i];
    EXPECT_EQ(d.source, nullptr);
    EXPECT_EQ(d.target, nullptr);
    EXPECT_TRUE(d.reason.starts_with("ambiguous: 'customers'")) << d.reason;
    EXPECT_NE(d.reason.find("default/postgres/1/DB/CRM/CUSTOMERS"), std::string::npos) << d.reason;
    EXPECT_NE(d.reason.find("default/postgres/1/DB/SALES/CUSTOMERS"), std::string::npos);
  }
  // One warning for the name, however many objects bind it.
  ASSERT_EQ(result.ambiguous.size(), 1u);
  EXPECT_EQ(result.ambiguous[0].connection, "postgres");
  EXPECT_EQ(result.ambiguous[0].candidates,
            (std::vector<std::string>{"default/postgres/1/DB/CRM/CUSTOMERS",
                                      "default/postgres/1/DB/SALES/CUSTOMERS"}));
  // A table still wins over a view of the same name.
  EXPECT_EQ(QualifiedNameOf(result.objects[2].source), "default/postgres/1/DB/SALES/ORDERS");
  // Neither CUSTOMERS got an object.
  int customers_without_object = 0;
  for (const auto& u : result.unpartnered) {
    customers_without_object +=
        u.qualified_name.ends_with("/CUSTOMERS") && u.connection == "postgres";
  }
  EXPECT_EQ(customers_without_object, 2);
}

TEST(Match, MappingQualifiesATableBySchemaOrDatabase) {
  auto mapping = Mapping::FromYaml(
      "tables:\n"
      "  customers: {postgres: sales.customers}\n"
      "  crm_customers: {postgres: DB.CRM.CUSTOMERS, snowflake: PUBLIC.CUSTOMERS}\n",
      "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  auto objects = Objects({"customers.csv", "crm_customers.csv", "crm.customers.csv",
                          "nowhere.customers.csv", "other.crm.customers.csv"});
  auto result = MatchObjects(objects, "", *mapping, kTwoSchemas, kOneSchema);
  ASSERT_EQ(result.objects.size(), 5u);
  EXPECT_EQ(QualifiedNameOf(result.objects[0].source), "default/postgres/1/DB/SALES/CUSTOMERS");
  EXPECT_EQ(QualifiedNameOf(result.objects[0].target), "default/snowflake/2/DB/PUBLIC/CUSTOMERS");
  EXPECT_EQ(QualifiedNameOf(result.objects[1].source), "default/postgres/1/DB/CRM/CUSTOMERS");
  EXPECT_EQ(QualifiedNameOf(result.objects[1].target), "default/snowflake/2/DB/PUBLIC/CUSTOMERS");
  // A key may bind a qualified name itself.
  EXPECT_EQ(QualifiedNameOf(result.objects[2].source), "default/postgres/1/DB/CRM/CUSTOMERS");
  EXPECT_EQ(NameOf(result.objects[2].target), "CUSTOMERS");
  EXPECT_EQ(result.objects[3].source, nullptr);  // no schema NOWHERE
  EXPECT_EQ(result.objects[4].source, nullptr);  // no database OTHER
  EXPECT_TRUE(result.ambiguous.empty());
}

TEST(Match, RenameByQualifiedPostgresName) {
  auto mapping = Mapping::FromYaml("tables:\n  crm.customers: clients\n", "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const ConnectionCatalog snowflake =
      Catalog("default/snowflake/2", {TableIn("default/snowflake/2", "PUBLIC", "CLIENTS")});
  auto result = MatchObjects(Objects({"crm.customers.csv"}), "", *mapping, kTwoSchemas, snowflake);
  ASSERT_EQ(result.objects.size(), 1u);
  ASSERT_NE(result.objects[0].target, nullptr) << result.objects[0].reason;
  EXPECT_EQ(NameOf(result.objects[0].target), "CLIENTS");
}

TEST(Match, AmbiguousOnTheSnowflakeSide) {
  const ConnectionCatalog snowflake =
      Catalog("default/snowflake/2", {TableIn("default/snowflake/2", "A", "ORDERS"),
                                      TableIn("default/snowflake/2", "B", "ORDERS")});
  auto result =
      MatchObjects(Objects({"orders.csv"}), "", Mapping::Default(), kTwoSchemas, snowflake);
  ASSERT_EQ(result.objects.size(), 1u);
  EXPECT_TRUE(result.objects[0].reason.starts_with("ambiguous: 'ORDERS'"))
      << result.objects[0].reason;
  ASSERT_EQ(result.ambiguous.size(), 1u);
  EXPECT_EQ(result.ambiguous[0].connection, "snowflake");
  auto pinned = Mapping::FromYaml("tables:\n  orders: b.orders\n", "m.yaml");
  ASSERT_TRUE(pinned);
  result = MatchObjects(Objects({"orders.csv"}), "", *pinned, kTwoSchemas, snowflake);
  ASSERT_EQ(result.objects.size(), 1u);
  ASSERT_NE(result.objects[0].target, nullptr) << result.objects[0].reason;
  EXPECT_EQ(QualifiedNameOf(result.objects[0].target), "default/snowflake/2/DB/B/ORDERS");
}

TEST(CsvHeader, ParsesQuotesBomAndLineEnds) {
  EXPECT_EQ(*ParseCsvHeader("id,name\n1,x\n", false), (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(*ParseCsvHeader("\xEF\xBB\xBF\"a,b\",\"c\"\"d\"\r\n", false),
            (std::vector<std::string>{"a,b", "c\"d"}));
  EXPECT_FALSE(ParseCsvHeader("id,na", false).has_value());  // cut before the line ended
  EXPECT_EQ(*ParseCsvHeader("id,name", true), (std::vector<std::string>{"id", "name"}));
  EXPECT_FALSE(ParseCsvHeader("", true).has_value());
}

// The warnings WarnUnusedMapping logs over the sample catalogs above.
std::vector<std::string> UnusedMappingWarnings(const Mapping& mapping,
                                               const std::vector<ObjectInfo>& objects,
                                               const std::string& prefix) {
  std::vector<std::string> lines;
  Logger log(LogLevel::kWarn, false, [&](const std::string& line) { lines.push_back(line); });
  WarnUnusedMapping(mapping, objects, prefix, kPostgres, kSnowflake, log);
  return lines;
}

bool AnyHas(const std::vector<std::string>& lines, const std::string& text) {
  return std::ranges::any_of(lines, [&](const std::string& l) { return l.find(text) != l.npos; });
}

// Mapping entries that name nothing are accepted (a table may appear later) but said.
TEST(Match, MappingEntriesThatNameNothingAreWarnedAbout) {
  auto mapping = Mapping::FromYaml(
      "objects:\n  - \"{table}.csv\"\n  - \"never/{table}.parquet\"\n"
      "tables:\n  ORDER_ITEMS: ORDERDETAILS\n  GHOST: CUSTOMERS\n  AUDIT: NOWHERE\n"
      "columns:\n  ORDER_ITEMS: {ITEM_ID: ORDERDETAILID, NO_SUCH: X, QTY: NOWHERE}\n"
      "  PHANTOM: {A: B}\n",
      "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const auto lines = UnusedMappingWarnings(*mapping, Objects({"2025/customers.csv"}), "2025/");
  const auto logged = [&](const std::string& text) { return AnyHas(lines, text); };
  EXPECT_TRUE(logged("tables: 'GHOST' names no table")) << ::testing::PrintToString(lines);
  EXPECT_TRUE(logged("'NOWHERE', which is no Snowflake table")) << ::testing::PrintToString(lines);
  EXPECT_TRUE(logged("columns: 'PHANTOM' names no Postgres table"));
  EXPECT_TRUE(logged("column=NOSUCH"));
  EXPECT_TRUE(logged("'never/{table}.parquet' matches no key"));
  EXPECT_TRUE(logged("renames to the column 'NOWHERE', which the Snowflake table lacks"))
      << ::testing::PrintToString(lines);
  // NO_SUCH is no Postgres column: that it has no Snowflake column either is said too.
  EXPECT_TRUE(logged("renames to the column 'X', which the Snowflake table lacks"));
  EXPECT_EQ(lines.size(), 7u) << ::testing::PrintToString(lines);  // the rest names something
}

// The object form names tables on either side; a Postgres one that is none (or is in
// another database) is said as a Snowflake one is.
TEST(Match, ObjectFormTablesThatNameNothingAreWarnedAbout) {
  auto mapping = Mapping::FromYaml(
      "tables:\n  ORDERS: {postgres: NOSUCH}\n"
      "  CLIENTS: {postgres: X.SCH.CUSTOMERS, snowflake: CUSTOMERS}\n"
      "  ITEMS: {postgres: DB.SCH.ORDER_ITEMS, snowflake: X.SCH.ORDERDETAILS}\n",
      "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const auto lines = UnusedMappingWarnings(*mapping, {}, "");
  const auto logged = [&](const std::string& text) { return AnyHas(lines, text); };
  EXPECT_TRUE(logged("tables: 'ORDERS' stands for the Postgres table 'NOSUCH', which is no"))
      << ::testing::PrintToString(lines);
  EXPECT_TRUE(logged("tables: 'CLIENTS' stands for the Postgres table 'X.SCH.CUSTOMERS'"));
  EXPECT_TRUE(logged("'X.SCH.ORDERDETAILS', which is no Snowflake table"));
  EXPECT_EQ(lines.size(), 3u) << ::testing::PrintToString(lines);
}

}  // namespace
}  // namespace delta_arc::lineage
