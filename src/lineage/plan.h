// The plan: the state delta-arc wants in Atlan for one scope (connection,
// bucket, objects, processes, column processes), diffed against what it wrote
// before, as the creates and updates to send and the assets to archive.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "atlan/atlan_client.h"
#include "lineage/asset_model.h"
#include "lineage/match.h"

namespace delta_arc::lineage {

// An asset delta-arc wrote earlier, as found in Atlan.
struct ExistingAsset {
  std::string guid;
  std::string type_name;
  std::string qualified_name;
  std::string name;
  uint64_t fingerprint = 0;
};

struct ExistingAssets {
  // "<type>\n<qualifiedName>" → asset, for the scope's objects and processes.
  std::unordered_map<std::string, ExistingAsset> owned;
  std::optional<ExistingAsset> bucket;  // the S3Bucket with the configured ARN, anywhere
  std::string bucket_connection_qn;
};

// One search: the ACTIVE assets under the scope, and the bucket by its ARN.
Result<ExistingAssets> FetchExisting(atlan::AtlanClient& client, const Scope& scope,
                                     bool connection_exists, int page_size);

struct PlannedChange {
  std::string type_name;
  std::string qualified_name;
  std::string name;
  std::string guid;  // for archives
};

struct Plan {
  bool create_connection = false;
  std::vector<nlohmann::json> writes;  // creates and updates, parents before children
  std::vector<PlannedChange> creates;
  std::vector<PlannedChange> updates;
  std::vector<PlannedChange> archives;
  int64_t unchanged = 0;
  // Desired totals, whether or not they change.
  int64_t objects = 0;
  int64_t processes = 0;
  int64_t column_processes = 0;
};

struct PlanInput {
  Scope scope;
  std::string connection_name;
  bool connection_exists = false;
  ConnectionAdmins admins;
  const std::vector<ObjectInfo>* objects = nullptr;
  const MatchResult* match = nullptr;
  const ExistingAssets* existing = nullptr;
};

// Fails when the configured bucket ARN is already registered under another connection.
Result<Plan> BuildPlan(const PlanInput& input);

}  // namespace delta_arc::lineage
