// How the CLI shows a run: a readable summary for people, or JSON (--json).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "lineage/discovery_cache.h"
#include "lineage/pipeline.h"
#include "lineage/scopes.h"

namespace delta_arc::cli {

// `plan` lists every object with its table or why none, every table without a
// partner, and each change; `sync` adds what the writes did.
void PrintRunSummary(std::ostream& out, const lineage::RunReport& report, bool verbose);

// Each tagged source column: its tag, the files that carry it (the first few), the Snowflake
// column it reaches and whether that holds the tag (`trace`, and part of the summary).
// `target_connector`: Atlan's connectorName of the connection the columns reach.
void PrintTagTrace(std::ostream& out, const std::vector<lineage::TagTrace>& traces,
                   const std::string& target_connector);

void PrintCacheStatus(std::ostream& out, const std::vector<lineage::CacheEntryStatus>& entries,
                      double expiry_hours, int64_t now_ms);

// `scopes`: one block per scope (id, connection, bucket ARN, prefix, counts, newest change).
// `routes`: with ROUTES_FILE, the configured routes' names by their scope's id; each scope
// then says which route it is, or that none is (a route removed or changed since).
void PrintScopes(std::ostream& out, const std::vector<lineage::ScopeSummary>& scopes,
                 const std::map<std::string, std::string>& routes = {});

// Archives as --json lists them: [{"typeName", "qualifiedName"}, …] (repair, retire).
nlohmann::json ArchivesJson(const std::vector<lineage::PlannedChange>& archives);

// `retire`: what it archived, or would archive, and what it kept for other scopes.
void PrintRetire(std::ostream& out, const lineage::RetireReport& report);

}  // namespace delta_arc::cli
