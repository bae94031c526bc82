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
  // A side of several connectors ("mysql, postgres") is each by its name.
  if (const size_t comma = connector_name.find(", "); comma != std::string::npos) {
    return ConnectorDisplayName(connector_name.substr(0, comma)) + ", " +
           ConnectorDisplayName(connector_name.substr(comma + 2));
  }
  const auto it = kNames.find(connector_name);
  return it == kNames.end() ? connector_name : it->second;
}

}  // namespace delta_arc::lineage
