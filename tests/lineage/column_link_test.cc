// Linking columns: names compared in any case (beyond ASCII), and the CSV header read
// for a table's objects (which object, and what a missing header means).
#include <gtest/gtest.h>

#include "lineage/match.h"
#include "tests/lineage/read_headers_fixture.h"

namespace delta_arc::lineage {
namespace {

TEST(ColumnNames, FoldCaseBeyondAscii) {
  EXPECT_EQ(NormalizeColumnName("ü_col"), NormalizeColumnName("Ü_COL"));
  EXPECT_EQ(NormalizeColumnName("ÉTÉ"), NormalizeColumnName("été"));
  EXPECT_EQ(NormalizeColumnName("Order_Item_ID"), "ORDERITEMID");  // the form keys are kept in
  EXPECT_NE(NormalizeColumnName("ü_col"), NormalizeColumnName("u_col"));
}

TEST(LinkColumns, MatchesNonAsciiNamesInAnyCase) {
  const TableInfo pg = TableAt("pg/DB/S/KUNDEN", {"ü_col", "straße", "id"});
  const TableInfo sf = TableAt("sf/DB/S/KUNDEN", {"Ü_COL", "STRASSE", "ID"});
  TableLink link{&pg, &sf, {0}, {}, std::nullopt, {}, {}};
  LinkColumns(link, Mapping::Default());
  // ß has no simple upper or lower case mapping to "ss": Atlan's normalizer keeps them apart.
  EXPECT_EQ(Linked(link), (Names{"ü_col>Ü_COL", "id>ID"}));
  link.header = Names{"Ü_Col"};
  LinkColumns(link, Mapping::Default());
  EXPECT_EQ(Linked(link), (Names{"ü_col>Ü_COL"}));
}

// What a table's files carry: the table's tags, and those of the Postgres columns in their
// header (all of them without one), whether Snowflake has the column or not.
TEST(CarriedTags, TheTablesAndThoseOfTheColumnsInTheHeader) {
  TableInfo pg = TableAt("pg/DB/S/CUSTOMERS", {"ID", "EMAIL", "PHONE", "NOTE"});
  pg.tags = {"gold"};
  pg.columns[1].tags = {"pii"};
  pg.columns[2].tags = {"contact", "pii"};
  pg.columns[3].tags = {"free-text"};
  const TableInfo sf = TableAt("sf/DB/S/CUSTOMERS", {"ID", "EMAIL"});  // no PHONE nor NOTE
  TableLink link{&pg, &sf, {0}, {}, std::nullopt, {}, {}};
  LinkColumns(link, Mapping::Default());
  EXPECT_EQ(CarriedTags(link), (Names{"contact", "free-text", "gold", "pii"}));
  link.header = Names{"id", "phone"};
  LinkColumns(link, Mapping::Default());
  EXPECT_EQ(CarriedTags(link), (Names{"contact", "gold", "pii"}));
  link.header = Names{"id"};
  LinkColumns(link, Mapping::Default());
  EXPECT_EQ(CarriedTags(link), (Names{"gold"}));
  const TableLink snowflake_only{nullptr, &sf, {0}, {}, std::nullopt, {}, {}};
  EXPECT_EQ(CarriedTags(snowflake_only), Names{});
}

TEST(LinkColumns, MappingRenamesFoldCaseBeyondAscii) {
  auto mapping = Mapping::FromYaml("columns:\n  KUNDEN:\n    Ä_NR: ID\n", "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const TableInfo pg = TableAt("pg/DB/S/KUNDEN", {"ä_nr"});
  const TableInfo sf = TableAt("sf/DB/S/KUNDEN", {"ID"});
  TableLink link{&pg, &sf, {0}, {}, std::nullopt, {}, {}};
  LinkColumns(link, *mapping);
  EXPECT_EQ(Linked(link), (Names{"ä_nr>ID"}));
}

// Two schemas share a table name: a `columns:` entry can say which one it renames for, and
// the most qualified entry wins.
TEST(LinkColumns, ColumnRenamesCanQualifyTheirTable) {
  auto mapping = Mapping::FromYaml(
      "columns:\n  CUSTOMERS: {id: A}\n  SALES.CUSTOMERS: {id: B}\n  DB.CRM.CUSTOMERS: {id: C}\n",
      "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const TableInfo sf = TableAt("sf/DB/S/CUSTOMERS", {"A", "B", "C"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"pg/DB/SALES/CUSTOMERS", "id>B"},
      {"pg/DB/CRM/CUSTOMERS", "id>C"},
      {"pg/DB/OTHER/CUSTOMERS", "id>A"}};
  for (const auto& [qn, linked] : cases) {
    const TableInfo pg = TableAt(qn, {"id"});
    TableLink link{&pg, &sf, {0}, {}, std::nullopt, {}, {}};
    LinkColumns(link, *mapping);
    EXPECT_EQ(Linked(link), (Names{linked})) << qn;
  }
}

// Every column left without a partner says why: the report shows these beside the pairs.
TEST(LinkColumns, ExplainsEveryColumnWithoutAPartner) {
  auto mapping = Mapping::FromYaml("columns:\n  KUNDEN:\n    city: TOWN\n", "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const TableInfo pg = TableAt("pg/DB/S/KUNDEN", {"id", "city", "fax", "secret"});
  const TableInfo sf = TableAt("sf/DB/S/KUNDEN", {"ID", "CITY", "LOADED_AT"});
  TableLink link{&pg, &sf, {0}, {}, Names{"id", "city", "fax"}, {}, {}};
  LinkColumns(link, *mapping);
  EXPECT_EQ(Linked(link), (Names{"id>ID"}));
  std::vector<std::string> explained;
  for (const auto& u : link.unlinked)
    explained.push_back(u.column->name + ": " + Explain(u, "Postgres", "Snowflake"));
  EXPECT_EQ(
      explained,
      (Names{"city: the mapping renames it to 'TOWN', which the Snowflake table lacks",
             "fax: no Snowflake column named 'fax'",
             "secret: not in the CSV header of the table's objects",
             "CITY: no Postgres column maps to it", "LOADED_AT: no Postgres column maps to it"}));
}

TEST(TableNames, FoldCaseBeyondAscii) {
  EXPECT_EQ(NormalizeTableName("bücher"), NormalizeTableName("BÜCHER"));
  EXPECT_EQ(NormalizeTableName("sales.Orders"), "SALES.ORDERS");
  EXPECT_NE(NormalizeTableName("bücher"), NormalizeTableName("bucher"));
}

// A column keeps its lineage while any file carries it, not only the newest file.
TEST_F(ReadHeaders, TheUnionOfEveryObjectsHeaderChoosesTheColumns) {
  Bucket bucket({{"a.csv", "city\nx\n"}, {"b.csv", "name;city\nx;y\n"}});
  EXPECT_EQ(Link(bucket), (Names{"name>NAME", "city>CITY"}));
  EXPECT_EQ(bucket.reads, (Names{"a.csv", "b.csv"}));
}

TEST_F(ReadHeaders, ReadsOverlapUpToTheConcurrencyAndGiveTheSameColumns) {
  Bucket::Files files;
  for (int i = 0; i < 12; ++i) {
    files["part-" + std::to_string(100 + i) + ".csv"] = i == 7 ? "name;city\nx;y\n" : "city\nx\n";
  }
  Bucket bucket(files);
  bucket.overlap = 4;
  EXPECT_EQ(Link(bucket, 4), (Names{"name>NAME", "city>CITY"}));
  EXPECT_EQ(bucket.reads.size(), 12u);
  EXPECT_EQ(bucket.max_in_flight, 4u);  // four at once: each waited for the others
}

TEST_F(ReadHeaders, AVersionReadBeforeIsNotReadAgain) {
  Bucket bucket({{"a.csv", "city\nx\n"}, {"b.csv", "1,2\n"}});
  const Names first = Link(bucket);
  bucket.reads.clear();
  EXPECT_EQ(Link(bucket), first);
  EXPECT_TRUE(bucket.reads.empty()) << ::testing::PrintToString(bucket.reads);
}

TEST_F(ReadHeaders, AZeroByteObjectIsNeverRead) {
  // The empty object tells nothing; the other one stands for the table.
  Bucket bucket({{"a.csv", "city\nx\n"}, {"b.csv", ""}});
  EXPECT_EQ(Link(bucket), (Names{"city>CITY"}));
  EXPECT_EQ(bucket.reads, (Names{"a.csv"}));
  EXPECT_FALSE(Logged("could not read"));
}

TEST_F(ReadHeaders, OnlyZeroByteObjectsLinkEveryMatchingColumnUnread) {
  Bucket bucket({{"a.csv", ""}, {"b.csv", ""}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(bucket.reads.empty());
  EXPECT_TRUE(Logged("every object of the table is empty")) << ::testing::PrintToString(lines_);
}

TEST_F(ReadHeaders, AFirstRowOfDataIsNoHeader) {
  for (const std::string body : {"1,Alice,Paris\n2,Bob,Oslo\n", "1;2025-01-10\n", "42\n"}) {
    lines_.clear();
    Bucket bucket(Bucket::Files{{"2025/customers.csv", body}});
    EXPECT_EQ(Link(bucket), kEveryColumn) << body;
    EXPECT_TRUE(Logged("no CSV header")) << ::testing::PrintToString(lines_);
    EXPECT_TRUE(Logged("2025/customers.csv")) << ::testing::PrintToString(lines_);
    EXPECT_FALSE(Logged("Alice")) << "the log carries no data";
  }
}

TEST_F(ReadHeaders, AHeaderNamingOneColumnStillFilters) {
  Bucket bucket(Bucket::Files{{"a.csv", "City|comment\nx|y\n"}});
  EXPECT_EQ(Link(bucket), (Names{"city>CITY"}));
  EXPECT_FALSE(Logged("no CSV header"));
}

TEST_F(ReadHeaders, AnUnreadableOrOverlongHeaderLinksEveryMatchingColumn) {
  Bucket bucket(Bucket::Files{{"a.csv", std::string(9000, 'x')}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("a.csv")) << ::testing::PrintToString(lines_);
}

}  // namespace
}  // namespace delta_arc::lineage
