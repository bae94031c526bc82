// Linking columns: names compared in any case (beyond ASCII), and the CSV header read
// for a table's objects (which object, and what a missing header means).
#include <gtest/gtest.h>

#include "lineage/match.h"

namespace delta_arc::lineage {
namespace {

TableInfo Table(const std::string& qn, const std::vector<std::string>& columns) {
  TableInfo t{"Table", qn.substr(qn.rfind('/') + 1), qn, {}};
  int order = 1;
  for (const auto& c : columns) t.columns.push_back({c, qn + "/" + c, order++});
  return t;
}

std::vector<std::string> Linked(const TableLink& link) {
  std::vector<std::string> out;
  for (const auto& c : link.columns) out.push_back(c.postgres->name + ">" + c.snowflake->name);
  return out;
}

using Names = std::vector<std::string>;

TEST(ColumnNames, FoldCaseBeyondAscii) {
  EXPECT_EQ(NormalizeColumnName("ü_col"), NormalizeColumnName("Ü_COL"));
  EXPECT_EQ(NormalizeColumnName("ÉTÉ"), NormalizeColumnName("été"));
  EXPECT_EQ(NormalizeColumnName("Order_Item_ID"), "ORDERITEMID");  // the form keys are kept in
  EXPECT_NE(NormalizeColumnName("ü_col"), NormalizeColumnName("u_col"));
}

TEST(LinkColumns, MatchesNonAsciiNamesInAnyCase) {
  const TableInfo pg = Table("pg/DB/S/KUNDEN", {"ü_col", "straße", "id"});
  const TableInfo sf = Table("sf/DB/S/KUNDEN", {"Ü_COL", "STRASSE", "ID"});
  TableLink link{&pg, &sf, {0}, {}, std::nullopt};
  LinkColumns(link, Mapping::Default());
  // ß has no simple upper or lower case mapping to "ss": Atlan's normalizer keeps them apart.
  EXPECT_EQ(Linked(link), (Names{"ü_col>Ü_COL", "id>ID"}));
  link.header = Names{"Ü_Col"};
  LinkColumns(link, Mapping::Default());
  EXPECT_EQ(Linked(link), (Names{"ü_col>Ü_COL"}));
}

TEST(LinkColumns, MappingRenamesFoldCaseBeyondAscii) {
  auto mapping = Mapping::FromYaml("columns:\n  KUNDEN:\n    Ä_NR: ID\n", "m.yaml");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const TableInfo pg = Table("pg/DB/S/KUNDEN", {"ä_nr"});
  const TableInfo sf = Table("sf/DB/S/KUNDEN", {"ID"});
  TableLink link{&pg, &sf, {0}, {}, std::nullopt};
  LinkColumns(link, *mapping);
  EXPECT_EQ(Linked(link), (Names{"ä_nr>ID"}));
}

}  // namespace
}  // namespace delta_arc::lineage
