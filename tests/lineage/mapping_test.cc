// Tests of the mapping file: key templates, globs, renames, the default rule,
// and YAML errors.
#include "lineage/mapping.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/text_lines.h"

namespace delta_arc::lineage {
namespace {

using Candidates = std::vector<std::string>;

const std::string kExampleYaml =
    std::string(DELTA_ARC_SOURCE_DIR) + "/testdata/mapping/example.yaml";

KeyTemplate Template(const std::string& text) {
  auto parsed = KeyTemplate::Parse(text);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
  return parsed.value_or(*KeyTemplate::Parse("{table}"));
}

bool GlobMatches(const std::string& glob, const std::string& key) {
  auto parsed = KeyGlob::Parse(glob);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
  return parsed && parsed->Matches(key);
}

Mapping Yaml(const std::string& text) {
  auto mapping = Mapping::FromYaml(text, "mapping.yaml");
  EXPECT_TRUE(mapping.has_value()) << (mapping ? "" : mapping.error().message);
  return mapping.value_or(Mapping::Default());
}

std::string YamlError(const std::string& text) {
  auto mapping = Mapping::FromYaml(text, "mapping.yaml");
  EXPECT_FALSE(mapping.has_value()) << "expected an error for:\n" << text;
  if (mapping) return "";
  EXPECT_EQ(mapping.error().kind, ErrorKind::kInvalidArgument);
  return mapping.error().message;
}

using delta_arc::testing::Lines;

// ---- the issue's example ----

TEST(MappingTest, IssueExample) {
  auto loaded = Mapping::FromFile(kExampleYaml);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const Mapping& mapping = *loaded;
  ASSERT_EQ(mapping.templates().size(), 2u);

  EXPECT_EQ(mapping.TableForKey("exports/ORDER_ITEMS/dt=2025-01-01/part-0001.csv"), "ORDER_ITEMS");
  EXPECT_EQ(mapping.TableForKey("exports/orders/dt=2025-01-02/part-0001.part.csv"), "orders");
  EXPECT_EQ(mapping.TableForKey("customers.csv"), "customers");
  // Templates match whole keys; nothing falls back to the default rule.
  EXPECT_EQ(mapping.TableForKey("2025/customers.csv"), std::nullopt);
  EXPECT_EQ(mapping.TableForKey("exports/ORDER_ITEMS/2025-01-01/part-0001.csv"), std::nullopt);
  EXPECT_EQ(mapping.TableForKey("exports/ORDER_ITEMS/dt=2025-01-01/part-0001.csv.gz"),
            std::nullopt);
  EXPECT_EQ(mapping.TableForKey("exports/ORDER_ITEMS/dt=2025-01-01/x/part.csv"), std::nullopt);
  EXPECT_EQ(mapping.TableForKey("exports/ORDER_ITEMS/dt=/part.csv"), std::nullopt);

  EXPECT_TRUE(mapping.Excluded("exports/ORDER_ITEMS/dt=2025-01-01/_SUCCESS"));
  EXPECT_TRUE(mapping.Excluded("_SUCCESS"));
  EXPECT_FALSE(mapping.Excluded("exports/ORDER_ITEMS/dt=2025-01-01/part-0001.csv"));
  EXPECT_FALSE(mapping.Excluded("exports/_SUCCESS.csv"));

  EXPECT_EQ(mapping.TargetTableFor("ORDER_ITEMS"), "ORDERDETAILS");
  EXPECT_EQ(mapping.TargetTableFor("order_items"), "ORDERDETAILS");
  EXPECT_EQ(mapping.TargetTableFor("Order_Items"), "ORDERDETAILS");
  EXPECT_EQ(mapping.TargetTableFor("orders"), std::nullopt);
  EXPECT_EQ(mapping.TargetTableFor("ORDERITEMS"), std::nullopt);  // tables keep their '_'

  EXPECT_EQ(mapping.TargetColumnFor("order_items", "item_id"), "ORDERDETAILID");
  EXPECT_EQ(mapping.TargetColumnFor("ORDER_ITEMS", "Item_Id"), "ORDERDETAILID");
  EXPECT_EQ(mapping.TargetColumnFor("ORDER_ITEMS", "ITEMID"), "ORDERDETAILID");
  EXPECT_EQ(mapping.TargetColumnFor("ORDER_ITEMS", "ORDER_ID"), std::nullopt);
  EXPECT_EQ(mapping.TargetColumnFor("ORDERS", "ITEM_ID"), std::nullopt);
}

// ---- the default rule ----

TEST(MappingTest, DefaultRuleIsTheFileNameWithoutExtension) {
  const Mapping mapping = Mapping::Default();
  EXPECT_EQ(mapping.TableForKey("2025/customers.csv"), "customers");
  EXPECT_EQ(mapping.TableForKey("customers.csv"), "customers");
  EXPECT_EQ(mapping.TableForKey("a/b/file"), "file");
  EXPECT_EQ(mapping.TableForKey("a/b/Order Details.CSV"), "Order Details");
  EXPECT_EQ(mapping.TableForKey("a/orders.csv.gz"), "orders");
  EXPECT_EQ(mapping.TableForKey("a/orders.gz"), "orders");
  EXPECT_EQ(mapping.TableForKey("a/my.table.csv"), "my.table");
  EXPECT_EQ(mapping.TableForKey("a.b/file"), "file");
  EXPECT_EQ(mapping.TableForKey("2025/"), std::nullopt);  // a folder marker
  EXPECT_EQ(mapping.TableForKey("2025/.keep"), std::nullopt);
  EXPECT_EQ(mapping.TableForKey(""), std::nullopt);
  EXPECT_EQ(mapping.TableCandidatesForKey("2025/customers.csv"), Candidates{"customers"});
  EXPECT_TRUE(mapping.TableCandidatesForKey("2025/").empty());
  EXPECT_FALSE(mapping.Excluded("anything"));
  EXPECT_EQ(mapping.TargetTableFor("orders"), std::nullopt);
}

// Files tools name by their own scheme belong to their folder's table, past partition
// folders; DMS's folder above is the table's schema (tool_layouts.h).
TEST(MappingTest, DefaultRuleRecognisesToolLayouts) {
  const Mapping mapping = Mapping::Default();
  struct Case {
    const char* key;
    std::optional<std::string> table;
    std::optional<std::string> folder;
  };
  const Case cases[] = {
      // AWS DMS: full load (a hex counter; parallel loads' segment), changes named by time.
      {"dms/sales/customers/LOAD00000001.csv", "sales.customers", "dms/sales/customers"},
      {"sales/customers/LOAD0000000A.parquet", "sales.customers", "sales/customers"},
      {"sales/customers/LOAD_1_00000002.csv", "sales.customers", "sales/customers"},
      {"sales/customers/20141029-1134010000.csv", "sales.customers", "sales/customers"},
      {"sales/customers/2026/12/01/20261201-1134010000.csv", "sales.customers", "sales/customers"},
      {"customers/LOAD00000001.csv", "customers", "customers"},
      // Spark, Glue, Hive: part files under key=value partitions.
      {"lake/orders/dt=2026-12-01/region=eu/part-00000-1b2c3d.c000.snappy.parquet", "orders",
       "lake/orders"},
      {"orders/part-00003.parquet", "orders", "orders"},
      // Snowflake's COPY INTO @stage.
      {"unload/orders/data_0_0_0.csv.gz", "orders", "unload/orders"},
      {"unload/orders/2026-12-01/data_0_1_0.parquet", "orders", "unload/orders"},
      // Tool names with no table folder above them, and names that only look alike.
      {"LOAD00000001.csv", "LOAD00000001", std::nullopt},
      {"2026/part-00000.parquet", "part-00000", std::nullopt},
      {"a/LOADING.csv", "LOADING", std::nullopt},
      {"a/part-1.csv", "part-1", std::nullopt},
      {"a/data_x.csv", "data_x", std::nullopt},
      {"a/data_.csv", "data_", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(mapping.TableForKey(c.key), c.table) << c.key;
    EXPECT_EQ(mapping.TableFolderForKey(c.key, c.table.value_or("")), c.folder) << c.key;
  }
  // A tool's markers beside its data are no table's.
  for (const char* marker : {"orders/_SUCCESS", "orders/_committed_123", "orders/.part-00000.crc",
                             "orders/dt=1/_started_9"}) {
    EXPECT_EQ(mapping.TableForKey(marker), std::nullopt) << marker;
    EXPECT_TRUE(mapping.TableCandidatesForKey(marker).empty()) << marker;
  }
}

TEST(MappingTest, FileWithoutObjectsUsesTheDefaultRule) {
  const Mapping mapping = Yaml("tables:\n  orders: ORDERS_V2\n");
  EXPECT_EQ(mapping.TableForKey("2025/orders.csv"), "orders");
  EXPECT_EQ(mapping.TargetTableFor("ORDERS"), "ORDERS_V2");
}

TEST(MappingTest, EmptyFileIsTheDefault) {
  EXPECT_EQ(Yaml("").TableForKey("x/orders.csv"), "orders");
  EXPECT_EQ(Yaml("# only a comment\n").TableForKey("x/orders.csv"), "orders");
  EXPECT_EQ(Yaml("objects:\nexclude:\n").TableForKey("x/orders.csv"), "orders");
}

// ---- key templates ----

TEST(KeyTemplateTest, PartitionedKeys) {
  const KeyTemplate t = Template("exports/{table}/dt={date}/{file}.csv");
  EXPECT_EQ(t.Match("exports/ORDER_ITEMS/dt=2025-01-01/part-0001.csv"), "ORDER_ITEMS");
  EXPECT_EQ(t.Match("exports/ORDER_ITEMS/dt=2025-01-01/dt=x.csv"), "ORDER_ITEMS");
  EXPECT_EQ(t.Match("exports//dt=2025-01-01/part.csv"), std::nullopt);  // {table} is not empty
  EXPECT_EQ(t.Match("exports/a/b/dt=2025-01-01/part.csv"), std::nullopt);
  EXPECT_EQ(t.Match("Exports/a/dt=2025-01-01/part.csv"), std::nullopt);  // literals: exact case
  EXPECT_EQ(t.Match("exports/a/DT=2025-01-01/part.csv"), std::nullopt);
  EXPECT_EQ(t.Match("x/exports/a/dt=1/part.csv"), std::nullopt);  // the whole key
  EXPECT_EQ(t.Match("exports/a/dt=1/part.csv/"), std::nullopt);
  EXPECT_EQ(t.text(), "exports/{table}/dt={date}/{file}.csv");
}

TEST(KeyTemplateTest, TheTableFolderIsTheSegmentThatBindsTheTable) {
  EXPECT_EQ(Template("exports/{table}/dt={date}/{file}.csv").TableFolderDepth(), 2u);
  EXPECT_EQ(Template("{table}/part-{n}.csv").TableFolderDepth(), 1u);
  EXPECT_EQ(Template("raw/v{version}_{table}/{file}").TableFolderDepth(), 2u);
  EXPECT_EQ(Template("2025/{table}.csv").TableFolderDepth(), std::nullopt);  // a file name
  EXPECT_EQ(Template("{table}_{date}.csv").TableFolderDepth(), std::nullopt);

  auto mapping =
      Mapping::FromYaml("objects: [\"exports/{table}/dt={d}/{f}.csv\", \"flat/{table}.csv\"]", "t");
  ASSERT_TRUE(mapping);
  EXPECT_EQ(mapping->TableFolderForKey("exports/orders/dt=2025-01-01/part-0.csv", "orders"),
            "exports/orders");
  EXPECT_EQ(mapping->TableFolderForKey("flat/orders.csv", "orders"), std::nullopt);
  EXPECT_EQ(mapping->TableFolderForKey("exports/orders/dt=1/p.csv", "other"), std::nullopt);
  EXPECT_EQ(Mapping::Default().TableFolderForKey("exports/orders.csv", "orders"), std::nullopt);
}

TEST(KeyTemplateTest, LiteralRegexMetacharactersMatchThemselves) {
  const KeyTemplate t = Template("data (v2)+[x]/{table}.c?v|^$\\*{n}");
  EXPECT_EQ(t.Match("data (v2)+[x]/orders.c?v|^$\\*1"), "orders");
  EXPECT_EQ(t.Match("data v2+[x]/orders.c?v|^$\\*1"), std::nullopt);
  EXPECT_EQ(t.Match("data (v2)+x/orders.c?v|^$\\*1"), std::nullopt);
  EXPECT_EQ(t.Match("data (v2)+[x]/orders.csv|^$\\*1"), std::nullopt);

  const KeyTemplate dot = Template("{table}.csv");
  EXPECT_EQ(dot.Match("orders.csv"), "orders");
  EXPECT_EQ(dot.Match("ordersXcsv"), std::nullopt);  // '.' is not "any character"
}

TEST(KeyTemplateTest, KeysWithSpacesUnicodeAndPunctuation) {
  const KeyTemplate t = Template("exports/{table}/{file}.csv");
  EXPECT_EQ(t.Match("exports/Order Details/part 1.csv"), "Order Details");
  EXPECT_EQ(t.Match("exports/Käufer_数据/ü.csv"), "Käufer_数据");
  EXPECT_EQ(t.Match("exports/a+b=c%20&d;e~f*g(h)/x.csv"), "a+b=c%20&d;e~f*g(h)");
  EXPECT_EQ(Template("Bücher/{table}.csv").Match("Bücher/naïve.csv"), "naïve");
  EXPECT_EQ(Template("Bücher/{table}.csv").Match("Bucher/naive.csv"), std::nullopt);
}

TEST(KeyTemplateTest, SeveralPlaceholdersInOneSegment) {
  const KeyTemplate t = Template("{table}_{date}.csv");
  EXPECT_EQ(t.Match("orders_2025-01-01.csv"), "orders");
  EXPECT_EQ(t.Match("order_items_2025-01-01.csv"), "order_items");  // greedy
  EXPECT_EQ(t.Match("orders.csv"), std::nullopt);
  EXPECT_EQ(t.Match("orders_.csv"), std::nullopt);  // {date} is not empty
  EXPECT_EQ(t.Match("_2025.csv"), std::nullopt);

  EXPECT_EQ(Template("{date}_{table}.csv").Match("2025-01-01_orders.csv"), "orders");
  EXPECT_EQ(Template("{table}-part-{n}.{ext}").Match("order-details-part-7.csv"), "order-details");
  EXPECT_EQ(Template("{table}.{part}.csv").Match("orders.0001.csv"), "orders");
  EXPECT_EQ(Template("{table}.{part}.csv").Match("orders.csv"), std::nullopt);
  EXPECT_EQ(Template("p{a}q{table}r{b}s").Match("pxxqTrsrYs"), "Trs");
  // Backtracking is needed: the first "_" after {table} is not the right one.
  EXPECT_EQ(Template("{table}_x_{date}.csv").Match("a_b_x_1.csv"), "a_b");
  EXPECT_EQ(Template("{table}_x_{date}.csv").Match("a_x_b_x_1.csv"), "a_x_b");
}

TEST(KeyTemplateTest, CandidatesListEveryPossibleBinding) {
  const KeyTemplate t = Template("{table}_{date}.csv");
  EXPECT_EQ(t.TableCandidates("order_items_2025_01_01.csv"),
            (Candidates{"order_items_2025_01", "order_items_2025", "order_items", "order"}));
  EXPECT_EQ(t.TableCandidates("orders_2025.csv"), Candidates{"orders"});
  EXPECT_TRUE(t.TableCandidates("orders.csv").empty());

  const KeyTemplate late = Template("{a}_{table}.csv");
  EXPECT_EQ(late.Match("x_y_z.csv"), "z");
  EXPECT_EQ(late.TableCandidates("x_y_z.csv"), (Candidates{"z", "y_z"}));

  Mapping mapping = Yaml("objects: ['{table}_{date}.csv', '{table}.csv']");
  EXPECT_EQ(mapping.TableCandidatesForKey("a_b.csv"), (Candidates{"a", "a_b"}));
}

TEST(KeyTemplateTest, PlaceholdersStayInOneSegment) {
  EXPECT_EQ(Template("{table}.csv").Match("a/b.csv"), std::nullopt);
  EXPECT_EQ(Template("{x}/{table}.csv").Match("a/b/c.csv"), std::nullopt);
  EXPECT_EQ(Template("{x}/{table}.csv").Match("a/c.csv"), "c");
  EXPECT_EQ(Template("{table}").Match("a/b"), std::nullopt);
  EXPECT_EQ(Template("{table}").Match("ab"), "ab");
  EXPECT_EQ(Template("{table}").Match(""), std::nullopt);
}

TEST(KeyTemplateTest, EscapedBracesAreLiteral) {
  const KeyTemplate t = Template("{{v}}/{table}.csv");
  EXPECT_EQ(t.Match("{v}/orders.csv"), "orders");
  EXPECT_EQ(t.Match("v/orders.csv"), std::nullopt);
  EXPECT_EQ(Template("{table}}}.csv").Match("a}.csv"), "a");
}

TEST(KeyTemplateTest, BadTemplatesAreRefusedWithAReason) {
  const auto reason = [](const std::string& text) {
    auto parsed = KeyTemplate::Parse(text);
    EXPECT_FALSE(parsed.has_value()) << text;
    return parsed ? "" : parsed.error().message;
  };
  EXPECT_EQ(reason("exports/{date}.csv"),
            "template \"exports/{date}.csv\": {table} must appear exactly once");
  EXPECT_EQ(reason("plain.csv"), "template \"plain.csv\": {table} must appear exactly once");
  EXPECT_EQ(reason("{table}/{table}.csv"),
            "template \"{table}/{table}.csv\": {table} appears more than once");
  EXPECT_EQ(reason("{x}/{table}/{x}.csv"),
            "template \"{x}/{table}/{x}.csv\": {x} appears more than once");
  EXPECT_EQ(reason("{table}{date}.csv"),
            "template \"{table}{date}.csv\": placeholders {table} and {date} touch; put literal "
            "text between them");
  EXPECT_NE(reason("{table.csv").find("a placeholder is {name}"), std::string::npos);
  EXPECT_NE(reason("{ta ble}.csv").find("a placeholder is {name}"), std::string::npos);
  EXPECT_NE(reason("{}/{table}").find("a placeholder is {name}"), std::string::npos);
  EXPECT_NE(reason("{1x}/{table}").find("a placeholder is {name}"), std::string::npos);
  EXPECT_NE(reason("{table}}.csv").find("unmatched '}'"), std::string::npos);
  EXPECT_NE(reason("/{table}.csv").find("do not begin with '/'"), std::string::npos);
  EXPECT_NE(reason("").find("{table} must appear"), std::string::npos);
}

// A key with a combinatorial number of ways to fail (6 placeholders over 1,000 dashes:
// some 8e12 splits). A backtracking matcher would not return and ctest's timeout fails
// the test; Match's table of reachable positions answers in parts x key length steps.
// No clock is read: a bound on the machine's speed would only measure the machine.
TEST(KeyTemplateTest, KeysWithManyWaysToFailAreAnsweredWithoutBacktracking) {
  const KeyTemplate t = Template("{a}-{b}-{c}-{table}-{d}-{e}.csv");
  const std::string key = std::string(1000, '-') + ".csx";
  EXPECT_EQ(t.Match(key), std::nullopt);
  EXPECT_TRUE(t.TableCandidates(key).empty());
  const std::string good = std::string(200, 'a') + "-b-c-" + std::string(500, 't') + "-d-e.csv";
  EXPECT_EQ(t.Match(good), std::string(500, 't'));
}

TEST(MappingTest, TemplatesAreTriedInOrder) {
  const Mapping mapping = Yaml(
      "objects:\n"
      "  - 'special/{table}.csv'\n"
      "  - '{x}/{table}.csv'\n"
      "  - '{table}.csv'\n");
  EXPECT_EQ(mapping.TableForKey("special/orders.csv"), "orders");
  EXPECT_EQ(mapping.TableForKey("other/customers.csv"), "customers");
  EXPECT_EQ(mapping.TableForKey("products.csv"), "products");
  EXPECT_EQ(mapping.TableForKey("a/b/products.csv"), std::nullopt);
}

// ---- globs ----

TEST(KeyGlobTest, DoubleStarCrossesSegmentsIncludingNone) {
  EXPECT_TRUE(GlobMatches("**/_SUCCESS", "_SUCCESS"));
  EXPECT_TRUE(GlobMatches("**/_SUCCESS", "a/_SUCCESS"));
  EXPECT_TRUE(GlobMatches("**/_SUCCESS", "a/b/_SUCCESS"));
  EXPECT_FALSE(GlobMatches("**/_SUCCESS", "a/_SUCCESS.txt"));
  EXPECT_FALSE(GlobMatches("**/_SUCCESS", "a/x_SUCCESS"));
  EXPECT_TRUE(GlobMatches("a/**/c", "a/c"));
  EXPECT_TRUE(GlobMatches("a/**/c", "a/x/y/c"));
  EXPECT_FALSE(GlobMatches("a/**/c", "b/x/c"));
  EXPECT_TRUE(GlobMatches("logs/**", "logs/a/b.csv"));
  EXPECT_TRUE(GlobMatches("logs/**", "logs/"));
  EXPECT_FALSE(GlobMatches("logs/**", "logsx/a"));
  EXPECT_TRUE(GlobMatches("**", "anything/at/all"));
  EXPECT_TRUE(GlobMatches("**/tmp/**", "a/tmp/b/c"));
  EXPECT_TRUE(GlobMatches("**/tmp/**", "tmp/b"));
}

TEST(KeyGlobTest, StarStaysInOneSegment) {
  EXPECT_TRUE(GlobMatches("*.tmp", "x.tmp"));
  EXPECT_TRUE(GlobMatches("*.tmp", ".tmp"));  // * may match nothing
  EXPECT_FALSE(GlobMatches("*.tmp", "a/x.tmp"));
  EXPECT_TRUE(GlobMatches("**/*.tmp", "a/b/x.tmp"));
  EXPECT_TRUE(GlobMatches("a/*/c", "a/b/c"));
  EXPECT_FALSE(GlobMatches("a/*/c", "a/b/x/c"));
  EXPECT_TRUE(GlobMatches("*_backup_*", "orders_backup_2025"));
  EXPECT_FALSE(GlobMatches("*_backup_*", "orders_backup"));
  EXPECT_TRUE(GlobMatches("a*b*c", "abc"));
  EXPECT_TRUE(GlobMatches("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(GlobMatches("a*b*c", "aXbYcZ"));
}

TEST(KeyGlobTest, EverythingElseIsLiteral) {
  EXPECT_TRUE(GlobMatches("file[1]?.csv", "file[1]?.csv"));
  EXPECT_FALSE(GlobMatches("file[1]?.csv", "file1x.csv"));
  EXPECT_TRUE(GlobMatches("Käufer (alt)/*", "Käufer (alt)/x y.csv"));
  EXPECT_FALSE(GlobMatches("TMP/*", "tmp/x"));  // case-sensitive, like keys
  EXPECT_FALSE(GlobMatches("a.csv", "abcsv"));
}

TEST(KeyGlobTest, BadGlobs) {
  EXPECT_FALSE(KeyGlob::Parse("").has_value());
  const auto glued = KeyGlob::Parse("a**/b");
  ASSERT_FALSE(glued.has_value());
  EXPECT_EQ(glued.error().message, "glob \"a**/b\": ** must be a whole path segment, as in a/**/b");
}

TEST(MappingTest, SeveralExcludes) {
  const Mapping mapping = Yaml("exclude: ['**/_SUCCESS', '**/*.tmp', 'archive/**']\n");
  EXPECT_TRUE(mapping.Excluded("x/_SUCCESS"));
  EXPECT_TRUE(mapping.Excluded("x/y.tmp"));
  EXPECT_TRUE(mapping.Excluded("archive/2020/orders.csv"));
  EXPECT_FALSE(mapping.Excluded("2025/orders.csv"));
  EXPECT_EQ(mapping.excludes().size(), 3u);
}

// ---- renames ----

TEST(MappingTest, RenamesInAnyCase) {
  const Mapping mapping = Yaml(
      "tables:\n"
      "  order_items: OrderDetails\n"
      "  Customers: CLIENTS\n"
      "columns:\n"
      "  Order_Items:\n"
      "    item_id: OrderDetailId\n"
      "    UNIT_PRICE: PRICE\n");
  EXPECT_EQ(mapping.TargetTableFor("ORDER_ITEMS"), "OrderDetails");  // value as written
  EXPECT_EQ(mapping.TargetTableFor("customers"), "CLIENTS");
  EXPECT_EQ(mapping.TargetColumnFor("order_items", "ITEM_ID"), "OrderDetailId");
  EXPECT_EQ(mapping.TargetColumnFor("ORDER_ITEMS", "unitprice"), "PRICE");
  EXPECT_EQ(mapping.table_renames().size(), 2u);
  EXPECT_EQ(mapping.column_renames().at("ORDER_ITEMS").at("ITEMID"), "OrderDetailId");
}

TEST(MappingTest, QualifiedTableNames) {
  const auto parts = [](const std::string& text) {
    const TableRef ref = TableRef::Parse(text);
    return std::vector<std::string>{ref.database, ref.schema, ref.table};
  };
  EXPECT_EQ(parts("CUSTOMERS"), (Candidates{"", "", "CUSTOMERS"}));
  EXPECT_EQ(parts("sales.customers"), (Candidates{"", "sales", "customers"}));
  EXPECT_EQ(parts("DB.SALES.CUSTOMERS"), (Candidates{"DB", "SALES", "CUSTOMERS"}));
  EXPECT_EQ(parts("a.b.c.d"), (Candidates{"", "", "a.b.c.d"}));  // not a qualified name
  EXPECT_EQ(parts("a..b"), (Candidates{"", "", "a..b"}));
  EXPECT_EQ(parts(".b"), (Candidates{"", "", ".b"}));
  // "<connection name>:" names one of a side's several connections; its own dots and colons
  // belong to it (the last ':' ends it).
  const TableRef ref = TableRef::Parse("crm.prod:eu:SALES.ORDERS");
  EXPECT_EQ(ref.connection, "crm.prod:eu");
  EXPECT_EQ((std::vector<std::string>{ref.database, ref.schema, ref.table}),
            (Candidates{"", "SALES", "ORDERS"}));
  EXPECT_EQ(TableRef::Parse("mysql-crm:ORDERS").table, "ORDERS");
  EXPECT_EQ(TableRef::Parse("ORDERS").connection, "");
  EXPECT_EQ(TableRef::Parse(":ORDERS").connection, "");  // no name before it: not one
}

TEST(MappingTest, TablesEntryMayNameBothSides) {
  const Mapping mapping = Yaml(
      "tables:\n"
      "  ORDER_ITEMS: ORDERDETAILS\n"
      "  customers: {postgres: SALES.CUSTOMERS, snowflake: PUBLIC.CLIENTS}\n"
      "  orders:\n"
      "    postgres: db.sales.orders\n"
      "  Sales.Items: ITEMS\n");
  EXPECT_EQ(mapping.TargetTableFor("order_items"), "ORDERDETAILS");
  EXPECT_EQ(mapping.SourceTableFor("order_items"), std::nullopt);
  EXPECT_EQ(mapping.SourceTableFor("CUSTOMERS"), "SALES.CUSTOMERS");
  EXPECT_EQ(mapping.TargetTableFor("Customers"), "PUBLIC.CLIENTS");
  EXPECT_EQ(mapping.SourceTableFor("orders"), "db.sales.orders");
  EXPECT_EQ(mapping.TargetTableFor("orders"), std::nullopt);
  EXPECT_EQ(mapping.TargetTableFor("SALES.ITEMS"), "ITEMS");
}

TEST(MappingTest, TablesEntryErrors) {
  const auto lines =
      Lines(YamlError("tables:\n"
                      "  a: {postgres: x, snowflak: y}\n"
                      "  b: {}\n"
                      "  c: {postgres: [x]}\n"
                      "  A: z\n"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[0].find("tables.a.snowflak: unknown key (expected postgres, snowflake)"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find("tables.b: expected postgres: and/or snowflake:"), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find("tables.c.postgres: expected a non-empty string"), std::string::npos)
      << lines[2];
  EXPECT_NE(lines[3].find("tables.A: named twice"), std::string::npos) << lines[3];
}

// DATABASE.SCHEMA.TABLE is the most a name can say: a fourth part, wherever a table is
// named, is refused (exit 2) instead of never matching.
TEST(MappingTest, TableNamesOfMoreThanThreePartsAreRefused) {
  const auto lines =
      Lines(YamlError("tables:\n"
                      "  A.B.C.D: ORDERS\n"
                      "  ORDERS: W.X.Y.Z\n"
                      "  ITEMS: {postgres: P.Q.R.S, snowflake: ITEMS}\n"
                      "columns:\n"
                      "  E.F.G.H: {A: B}\n"));
  ASSERT_EQ(lines.size(), 4u) << ::testing::PrintToString(lines);
  EXPECT_NE(lines[0].find("tables.A.B.C.D: 'A.B.C.D' has more than three parts"), lines[0].npos)
      << lines[0];
  EXPECT_NE(lines[1].find("tables.ORDERS: 'W.X.Y.Z' has more than three parts"), lines[1].npos)
      << lines[1];
  EXPECT_NE(lines[2].find("tables.ITEMS.postgres: 'P.Q.R.S'"), lines[2].npos) << lines[2];
  EXPECT_NE(lines[3].find("columns.E.F.G.H: 'E.F.G.H'"), lines[3].npos) << lines[3];
  EXPECT_TRUE(Mapping::FromYaml("tables:\n  DB.SCH.T: {postgres: DB.SCH.T}\n", "m.yaml"));
  // A connection's name before ':' is not a part, dots and all.
  EXPECT_TRUE(
      Mapping::FromYaml("tables:\n  T: {postgres: \"crm.prod.eu.x:DB.SCH.T\"}\n", "m.yaml"));
  EXPECT_FALSE(Mapping::FromYaml("tables:\n  T: {postgres: \"crm:A.B.C.D\"}\n", "m.yaml"));
}

// Table names fold case beyond ASCII, as Atlan's search folds them (Unicode simple case
// mapping: ß has no one-letter upper case, so STRASSE stays another name).
TEST(MappingTest, NonAsciiNamesFoldCase) {
  const Mapping mapping = Yaml("tables:\n  Straße: STREETS\n  Émigrés: E\n");
  EXPECT_EQ(mapping.TargetTableFor("STRAßE"), "STREETS");
  EXPECT_EQ(mapping.TargetTableFor("straße"), "STREETS");
  EXPECT_EQ(mapping.TargetTableFor("STRASSE"), std::nullopt);
  EXPECT_EQ(mapping.TargetTableFor("émigrés"), "E");
  EXPECT_EQ(mapping.TargetTableFor("ÉMIGRÉS"), "E");
  EXPECT_EQ(mapping.TargetTableFor("Emigres"), std::nullopt);  // accents still count
}

TEST(MappingTest, NormalizedNames) {
  EXPECT_EQ(NormalizeColumnName("order_Item_ID"), "ORDERITEMID");
  EXPECT_EQ(NormalizeColumnName("__x__"), "X");
  EXPECT_EQ(NormalizeColumnName("straße_1"), "STRAßE1");
  EXPECT_EQ(NormalizeTableName("order_items"), "ORDER_ITEMS");
  EXPECT_EQ(NormalizeTableName("Käufer"), "KäUFER");
}

TEST(MappingTest, KeyBelowPrefix) {
  EXPECT_EQ(KeyBelowPrefix("2025/customers.csv", "2025/"), "customers.csv");
  EXPECT_EQ(KeyBelowPrefix("2025/customers.csv", "2025"), "customers.csv");
  EXPECT_EQ(KeyBelowPrefix("2025-01/customers.csv", "2025"), "-01/customers.csv");
  EXPECT_EQ(KeyBelowPrefix("a/b.csv", ""), "a/b.csv");
  EXPECT_EQ(KeyBelowPrefix("2024/customers.csv", "2025/"), std::nullopt);
}

// ---- YAML errors ----

TEST(MappingYamlTest, MalformedYamlNamesTheSourceAndLine) {
  const std::string message = YamlError("objects:\n  - '{table}.csv'\ntables: [a, b\n");
  EXPECT_TRUE(message.starts_with("mapping.yaml:")) << message;
  EXPECT_NE(message.find("not valid YAML"), std::string::npos) << message;
}

TEST(MappingYamlTest, UnknownTopLevelKeysAreTypos) {
  EXPECT_EQ(YamlError("objects: ['{table}.csv']\nexcludes: ['x']\n"),
            "mapping.yaml:2: excludes: unknown key (expected objects, tables, columns, exclude)");
  EXPECT_EQ(YamlError("Objects: ['{table}.csv']\n"),
            "mapping.yaml:1: Objects: unknown key (expected objects, tables, columns, exclude)");
}

TEST(MappingYamlTest, TopLevelMustBeAMap) {
  EXPECT_NE(YamlError("- '{table}.csv'\n").find("expected a map with keys objects"),
            std::string::npos);
  EXPECT_NE(YamlError("just text\n").find("expected a map with keys objects"), std::string::npos);
}

TEST(MappingYamlTest, WrongTypesNameTheKey) {
  EXPECT_EQ(YamlError("objects: '{table}.csv'\n"),
            "mapping.yaml:1: objects: expected a list of strings");
  EXPECT_EQ(YamlError("exclude:\n  x: y\n"), "mapping.yaml:2: exclude: expected a list of strings");
  EXPECT_EQ(YamlError("objects:\n  - ['{table}.csv']\n"),
            "mapping.yaml:2: objects[0]: expected a non-empty string");
  EXPECT_EQ(YamlError("tables: [ORDERS]\n"), "mapping.yaml:1: tables: expected a map of names");
  EXPECT_EQ(YamlError("tables:\n  ORDERS: [A, B]\n"),
            "mapping.yaml:2: tables.ORDERS: expected a non-empty string");
  EXPECT_EQ(YamlError("tables:\n  ORDERS: ''\n"),
            "mapping.yaml:2: tables.ORDERS: expected a non-empty string");
  EXPECT_EQ(YamlError("columns:\n  ORDERS: ITEM_ID\n"),
            "mapping.yaml:2: columns.ORDERS: expected a map of names");
  EXPECT_EQ(YamlError("columns:\n  ORDERS:\n    ITEM_ID: {a: b}\n"),
            "mapping.yaml:3: columns.ORDERS.ITEM_ID: expected a non-empty string");
}

TEST(MappingYamlTest, BadTemplatesAndGlobsNameTheirPlace) {
  EXPECT_EQ(YamlError("objects:\n  - '{table}.csv'\n  - 'exports/{date}.csv'\n"),
            "mapping.yaml:3: objects[1]: template \"exports/{date}.csv\": {table} must appear "
            "exactly once");
  EXPECT_EQ(YamlError("exclude:\n  - 'tmp**'\n"),
            "mapping.yaml:2: exclude[0]: glob \"tmp**\": ** must be a whole path segment, as in "
            "a/**/b");
}

TEST(MappingYamlTest, NamesTwiceInAnyCaseAreRefused) {
  EXPECT_EQ(YamlError("tables:\n  orders: A\n  ORDERS: B\n"),
            "mapping.yaml:3: tables.ORDERS: named twice (names compare in any case)");
  EXPECT_NE(YamlError("columns:\n  T:\n    item_id: A\n    ITEMID: B\n").find("columns.T.ITEMID"),
            std::string::npos);
  EXPECT_NE(YamlError("objects: []\nobjects: []\n").find("objects: appears twice"),
            std::string::npos);
}

TEST(MappingYamlTest, EveryProblemIsReportedAtOnce) {
  const auto lines =
      Lines(YamlError("objectz: []\n"
                      "objects: ['{date}.csv', '{table}.csv']\n"
                      "tables: {A: []}\n"
                      "exclude: 'x'\n"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_TRUE(lines[0].starts_with("mapping.yaml:1: objectz: unknown key"));
  EXPECT_TRUE(lines[1].starts_with("mapping.yaml:2: objects[0]: "));
  EXPECT_TRUE(lines[2].starts_with("mapping.yaml:3: tables.A: "));
  EXPECT_TRUE(lines[3].starts_with("mapping.yaml:4: exclude: "));
}

TEST(MappingYamlTest, ScalarsOfAnyYamlTypeAreNames) {
  // Names that YAML would read as numbers or booleans stay the text written.
  const Mapping mapping = Yaml("tables:\n  2025: yes\n  'on': 0x10\n");
  EXPECT_EQ(mapping.TargetTableFor("2025"), "yes");
  EXPECT_EQ(mapping.TargetTableFor("ON"), "0x10");
}

// A configuration error (exit 2) naming the variable, like any other bad setting.
TEST(MappingYamlTest, MissingFileIsAConfigurationError) {
  const auto mapping = Mapping::FromFile("/nonexistent/delta-arc/mapping.yaml");
  ASSERT_FALSE(mapping.has_value());
  EXPECT_EQ(mapping.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(mapping.error().message.starts_with("MAPPING_FILE: ")) << mapping.error().message;
  EXPECT_NE(mapping.error().message.find("/nonexistent/delta-arc/mapping.yaml"), std::string::npos);
}

}  // namespace
}  // namespace delta_arc::lineage
