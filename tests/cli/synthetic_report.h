// Test support: a run's report made in memory, without Atlan or S3, by the pipeline's own
// matching and planning (MatchObjects, LinkColumns, BuildPlan) over made-up catalogs and
// keys: for the HTML report's tests, up to tenants of 10,000 tables.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lineage/pipeline.h"

namespace delta_arc::testing {

struct SyntheticTenant {
  size_t tables = 8;                        // in both connections, named T00000, T00001, …
  size_t columns = 5;                       // per table: C0, C1, …; Snowflake lacks the last
  size_t objects_per_table = 1;             // keys 2025/t00000/part-0.csv, …
  size_t postgres_only_every = 0;           // every Nth table only in Postgres (0: none)
  std::vector<std::string> unmatched_keys;  // under 2025/, matching no table
  std::vector<std::string> excluded_keys;   // left out before matching (as the mapping does)
};

lineage::RunReport SyntheticRunReport(const SyntheticTenant& tenant);

}  // namespace delta_arc::testing
