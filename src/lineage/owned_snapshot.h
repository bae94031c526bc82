// What a scope holds in Atlan, kept between syncs (the cache's "owned" entry), so that a
// sync of a scope nothing touched since does not page through everything it owns again.
//
// One search of one result, the probe, says whether anything changed: how many ACTIVE
// assets FetchExisting's search matches and the newest modification among them. Every
// write to the scope (this tool's other runs, an event run, a person archiving or editing
// an asset) adds, removes or modifies one, which moves one figure or the other. A snapshot
// is kept only with the probe of the state it describes, and used only when the probe
// still answers the same; a missing, stale or corrupt one costs the paging it would have
// saved, never a wrong plan. Search lags writes (about a second): a probe that ran ahead
// of the index describes an older state, so it misses, never hits wrongly.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "atlan/atlan_client.h"
#include "common/error.h"
#include "common/log.h"
#include "lineage/cache_store.h"
#include "lineage/discover.h"
#include "lineage/plan.h"

namespace delta_arc::lineage {

struct ScopeProbe {
  int64_t count = 0;                // ACTIVE assets the scope's search matches
  int64_t newest_modification = 0;  // their newest __modificationTimestamp (epoch ms)
  bool operator==(const ScopeProbe&) const = default;
};

// One request: the scope's search (ExistingFilters, connection existing) for one result,
// newest modification first, counting every match.
Result<ScopeProbe> ProbeScope(atlan::AtlanClient& client, const Scope& scope);

// ProbeScope and CheckFreshness (the catalogs') in one request, of one moment of the index:
// once it shows a sync's writes, it shows Atlan's updates of the catalogs that came with them.
Result<std::pair<ScopeProbe, Freshness>> ProbeScopeAndCatalogs(atlan::AtlanClient& client,
                                                               const Scope& scope,
                                                               const FoundConnections& found);

class OwnedSnapshot {
 public:
  static constexpr const char* kEntry = "owned";

  // The entry, when there is one for `scope`; nullopt otherwise (said in the log at
  // debug level, or as a warning when it is corrupt).
  static std::optional<OwnedSnapshot> Load(CacheStore& store, const Scope& scope, Logger& log);

  // What Atlan holds after `plan` was applied in full, found by `probe`: every desired
  // object and process, and the bucket as `before` held it with the plan's attributes.
  static OwnedSnapshot After(const Plan& plan, const ExistingAssets& before, ScopeProbe probe);

  // What FetchExisting would find (with `desired`), when `probe` is the snapshot's and
  // every asset it holds is still desired: an archive needs the qualifiedName and guid
  // the snapshot does not keep; and the assets carry the tags they carried then
  // (`tags_digest`, CarriedTagsDigest): it keeps no tag state to diff a change against.
  // Otherwise nullopt and `why_not` says why.
  std::optional<ExistingAssets> Reuse(const ScopeProbe& probe,
                                      const std::unordered_set<uint64_t>& desired,
                                      uint64_t tags_digest, std::string& why_not) const;

  const ScopeProbe& probe() const { return probe_; }
  size_t size() const { return held_.size(); }

  // A failure is logged, not fatal: the next sync pages through the scope instead. A run
  // that wrote part of its plan saves none: its writes moved the probe, so the snapshot
  // before it no longer matches.
  void Save(CacheStore& store, Logger& log) const;

 private:
  std::string scope_id_;
  std::string connection_qn_;
  ScopeProbe probe_;
  std::vector<HeldAsset> held_;
  uint64_t tags_digest_ = 0;             // Plan::tags_digest
  std::optional<ExistingAsset> bucket_;  // with its attributes
  std::string bucket_qualified_name_;
};

}  // namespace delta_arc::lineage
