// A run's report made in memory; see synthetic_report.h.
#include "tests/cli/synthetic_report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "lineage/run_steps.h"

namespace delta_arc::testing {

namespace {

std::string TableName(size_t i) {
  char name[16];
  std::snprintf(name, sizeof name, "T%05zu", i % 100000);
  return name;
}

lineage::TableInfo Table(const std::string& connection_qn, const std::string& name,
                         size_t columns) {
  lineage::TableInfo table{"Table", name, connection_qn + "/DB/SALES/" + name, {}};
  for (size_t c = 0; c < columns; ++c) {
    table.columns.push_back({"C" + std::to_string(c), "", static_cast<int>(c + 1)});
  }
  return table;
}

}  // namespace

lineage::RunReport SyntheticRunReport(const SyntheticTenant& tenant) {
  auto sources = std::make_shared<lineage::PlanSources>();
  sources->scope = {"default/s3/1", "landing", "arn:aws:s3:::landing", "2025/"};
  sources->connection_name = "landing-s3";
  sources->source.connections = {{"postgres-dac", "default/postgres/1", "postgres", "", 0}};
  sources->target.connections = {{"snowflake-dac", "default/snowflake/2", "snowflake", "", 0}};
  for (size_t i = 0; i < tenant.tables; ++i) {
    const std::string name = TableName(i);
    sources->source.tables.push_back(Table("default/postgres/1", name, tenant.columns));
    const bool postgres_only =
        tenant.postgres_only_every > 0 && i % tenant.postgres_only_every == 0;
    if (!postgres_only) {
      sources->target.tables.push_back(
          Table("default/snowflake/2", name, tenant.columns > 0 ? tenant.columns - 1 : 0));
    }
    std::string folder = name;
    for (char& c : folder) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (size_t k = 0; k < tenant.objects_per_table; ++k) {
      const std::string key =
          "2025/" + folder +
          (tenant.objects_per_table == 1 ? ".csv" : "/part-" + std::to_string(k) + ".csv");
      sources->objects.push_back({key, 100, 0, "etag"});
    }
  }
  for (const auto& key : tenant.unmatched_keys) sources->objects.push_back({key, 1, 0, "etag"});
  std::sort(sources->objects.begin(), sources->objects.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  // A table's objects: one file named after it, or a folder named after it.
  const lineage::Mapping mapping =
      lineage::Mapping::FromYaml("objects:\n  - \"{table}.csv\"\n  - \"{table}/{file}.csv\"\n",
                                 "synthetic.yaml")
          .value();
  sources->match =
      lineage::MatchObjects(sources->objects, "2025/", mapping, sources->source, sources->target);
  for (auto& link : sources->match.links) lineage::LinkColumns(link, mapping);

  lineage::RunReport report;
  report.s3_connection_qn = sources->scope.connection_qn;
  report.s3_objects = static_cast<int64_t>(sources->objects.size());
  report.source_assets = static_cast<int64_t>(sources->source.tables.size() * (1 + tenant.columns));
  for (const auto& key : tenant.excluded_keys) {
    report.objects.push_back({key, "", "", "excluded by the mapping file"});
  }
  lineage::DescribeMatches(*sources, report);
  lineage::GroupLoads(*sources);
  auto plan = lineage::BuildPlan(std::move(sources), false, lineage::ExistingAssets{});
  if (plan) report.plan = std::move(*plan);
  report.CountChanges();
  report.atlan.requests = 7;
  report.duration_ms = 1234;
  return report;
}

}  // namespace delta_arc::testing
