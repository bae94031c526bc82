// Tables as discovery reads them from Atlan, for the lineage tests.
#pragma once

#include <string>
#include <vector>

#include "lineage/catalog.h"

namespace delta_arc::lineage {

// `<conn>/DB/SCH/<name>`, with its columns in the order given (order 1, 2, …).
inline TableInfo Table(const std::string& conn, const std::string& name,
                       const std::vector<std::string>& columns) {
  TableInfo t{"Table", name, conn + "/DB/SCH/" + name, {}};
  int order = 1;
  for (const auto& c : columns) t.columns.push_back({c, t.qualified_name + "/" + c, order++});
  return t;
}

}  // namespace delta_arc::lineage
