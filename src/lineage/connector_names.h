// How outputs name a connector: Atlan's connectorName ("postgres", "bigquery") as a
// person reads it ("Postgres", "BigQuery").
#pragma once

#include <string>

namespace delta_arc::lineage {

// The display name of the SQL connectors Atlan ships (pyatlan's AtlanConnectorType
// values); any other connectorName is shown as it is. A side's several connectors, joined
// by ", " (ConnectionCatalog::connectors), are each shown so ("MySQL, Postgres").
std::string ConnectorDisplayName(const std::string& connector_name);

}  // namespace delta_arc::lineage
