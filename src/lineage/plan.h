// The plan: the state delta-arc wants in Atlan for one scope (connection,
// bucket, objects, processes, column processes), diffed against what it wrote
// before, as the creates and updates to send and the assets to archive.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
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
  nlohmann::json attributes;  // kept only when asked for (incremental runs)
};

struct ExistingAssets {
  // "<type>\n<qualifiedName>" → asset, for the scope's objects and processes.
  std::unordered_map<std::string, ExistingAsset> owned;
  std::optional<ExistingAsset> bucket;  // the S3Bucket with the configured ARN, anywhere
  std::string bucket_connection_qn;
};

struct ExistingQuery {
  bool connection_exists = false;
  // When set, only these qualifiedNames instead of everything under the scope.
  std::optional<std::vector<std::string>> only_names;
  bool keep_attributes = false;
  int page_size = 1000;
};

// One search: the ACTIVE assets under the scope (or with the given names), and the
// bucket by its ARN.
Result<ExistingAssets> FetchExisting(atlan::AtlanClient& client, const Scope& scope,
                                     const ExistingQuery& query);

std::string ExistingKey(const std::string& type_name, const std::string& qualified_name);

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

// Adds desired entities to a plan, each diffed against what Atlan holds: a create,
// an update, or nothing when Atlan already holds exactly that.
class PlanDiff {
 public:
  PlanDiff(Plan& plan, const ExistingAssets& existing) : plan_(plan), existing_(existing) {}
  void Want(nlohmann::json entity);
  // An update sent as is (e.g. an appendRelationshipAttributes edit).
  void Update(nlohmann::json entity, const ExistingAsset& existing);
  const ExistingAsset* Find(const std::string& type_name, const std::string& qn) const;
  bool Wanted(const std::string& key) const { return wanted_.contains(key); }

 private:
  Plan& plan_;
  const ExistingAssets& existing_;
  std::set<std::string> wanted_;
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
