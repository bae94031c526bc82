// The deployments a tenant holds, as Atlan holds them. A scope is one deployment: a
// bucket ARN and a prefix, hashed into the qualifiedNames of its processes
// (`<connection>/delta-arc/<scope id>/…`); every process and column process carries what
// the hash hides (ScopeRecord, in kScopeRecordAttribute) from the first time it is
// written by a version that records it. `delta-arc scopes` lists them; `delta-arc
// retire --scope ID` archives one: its processes, column processes and the objects no
// other scope of the bucket still covers, then the bucket once no scope uses it and no
// object is left under it. The S3 connection is never archived: S3_CONNECTION_NAME names
// it, its admins and policies were set for it, and the next sync writes under it again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlan/atlan_client.h"
#include "common/log.h"
#include "lineage/asset_model.h"
#include "lineage/plan.h"

namespace delta_arc::lineage {

struct ScopeSummary {
  std::string id;  // ScopeId(bucket ARN, prefix)
  std::string connection_qn;
  // From the assets' record; nullopt when none carries one (written by an earlier version).
  std::optional<ScopeRecord> record;
  // The record's, else the bucket of the objects its processes point at ("" when unknown).
  std::string bucket_arn;
  int64_t processes = 0;
  int64_t column_processes = 0;
  // Objects under the prefix; without a record, the objects its processes point at.
  int64_t objects = 0;
  int64_t newest_ms = 0;  // the newest modification of any of them (epoch ms)
  // The objects its processes point at (qualifiedName → guid), for scopes without a record.
  std::vector<std::pair<std::string, std::string>> referenced_objects;

  std::string ProcessQualifiedNamePrefix() const { return ProcessPrefix(connection_qn, id); }
  // "unknown" without a record.
  std::string PrefixOrUnknown() const { return record ? record->prefix : "unknown"; }
  nlohmann::json ToJson() const;
};

// Every scope with an ACTIVE process in an S3 connection of the tenant, sorted by
// connection and id: one paged search of the processes and buckets, then two one-result
// searches per scope (its column processes, its objects: counts and newest).
Result<std::vector<ScopeSummary>> ListScopes(atlan::AtlanClient& client, int page_size);

struct RetireReport {
  bool applied = false;
  std::string scope;                    // the id asked for
  std::optional<ScopeSummary> found;    // nullopt: nothing ACTIVE (retired already)
  std::vector<PlannedChange> archives;  // column processes, objects, processes, bucket
  int64_t kept_objects = 0;             // under its prefix, but another scope covers them
  int64_t archived = 0;
};

// Without `apply`, only finds what it would archive. Retiring a scope that holds nothing
// ACTIVE is not an error (nothing to do), so it can be repeated.
Result<RetireReport> RetireScope(atlan::AtlanClient& client, const std::string& scope_id,
                                 int page_size, int batch_size, Logger& log, bool apply);

// The other ACTIVE scopes of `scope`'s connection and bucket (another prefix), from at most
// `limit` of their processes in one search: what a deployment whose S3_PREFIX changed
// left behind. A scope without a record counts when its processes point into the bucket.
Result<std::vector<ScopeSummary>> OtherScopesOfBucket(atlan::AtlanClient& client,
                                                      const Scope& scope, int limit);

}  // namespace delta_arc::lineage
