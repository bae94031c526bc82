// Connector display names; see connector_names.h.
#include "lineage/connector_names.h"

#include <map>

namespace delta_arc::lineage {

std::string ConnectorDisplayName(const std::string& connector_name) {
  // Atlan's connectorName values as pyatlan's AtlanConnectorType spells them.
  static const std::map<std::string, std::string> kNames = {
      {"athena", "Athena"},     {"bigquery", "BigQuery"},   {"databricks", "Databricks"},
      {"glue", "Glue"},         {"hive", "Hive"},           {"mssql", "SQL Server"},
      {"mysql", "MySQL"},       {"netsuite", "NetSuite"},   {"oracle", "Oracle"},
      {"postgres", "Postgres"}, {"presto", "Presto"},       {"redshift", "Redshift"},
      {"sap-hana", "SAP HANA"}, {"snowflake", "Snowflake"}, {"trino", "Trino"},
      {"vertica", "Vertica"},
  };
  const auto it = kNames.find(connector_name);
  return it == kNames.end() ? connector_name : it->second;
}

}  // namespace delta_arc::lineage
