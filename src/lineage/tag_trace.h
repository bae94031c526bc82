// The trace of every tagged source column (S3_TAGS): the S3 files (or, at the prefix
// level, table folders) that carry it, the Snowflake column its column lineage reaches,
// and whether that column holds the tag, attached or propagated. A tagged column that
// reaches Snowflake without its tag, once Atlan has had time to propagate it, is a
// governance gap: the run warns, counts it (the TagGaps metric) and the report shows it.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlan/atlan_client.h"
#include "common/log.h"
#include "lineage/cache_store.h"
#include "lineage/plan.h"

namespace delta_arc::lineage {

enum class TraceStatus : uint8_t {
  kHeld,            // the Snowflake column holds the tag
  kGap,             // it does not, and its column lineage was there before this run
  kPending,         // its column lineage is new in this run: Atlan has yet to propagate
  kNoTargetColumn,  // the column reaches no target column (no column lineage)
};

const char* TraceStatusName(TraceStatus status);

struct TagTrace {
  std::string tag = {};                      // display name
  std::string source_column = {};            // qualifiedName
  int64_t carriers = 0;                      // files (or folders) that carry it
  std::vector<std::string> carried_by = {};  // the first kCarriersListed of them, by key
  std::string target_column = {};            // qualifiedName; empty: none
  TraceStatus status = TraceStatus::kNoTargetColumn;

  nlohmann::json ToJson() const;
};

inline constexpr size_t kCarriersListed = 10;

struct TraceOptions {
  int64_t now_ms = 0;  // the run's clock (Env)
  // S3_TAGS_GRACE_MINUTES: how long a column's lineage (or its tag) may be there before a
  // Snowflake column still without the tag is a gap rather than pending.
  int64_t grace_ms = 15 * 60 * 1000;
};

// The trace of `plan`'s sources (empty without S3_TAGS), by tag, then column; each gap is
// warned about. The Snowflake columns' tags come from the catalog. A column it shows
// without its tag is pending while within the grace of its lineage (written by this plan,
// or found by an earlier run: ColumnInfo::awaited_since) or of its source column's tag;
// past it, it is read again from Atlan with its column process (one search, only then: a
// tag propagated to a column does not mark it changed, so a cached catalog misses it; the
// column process says how long the lineage has been there). With a `cache`, the cached
// Snowflake catalog keeps what was learned.
Result<std::vector<TagTrace>> TraceTags(const Plan& plan, const TraceOptions& options,
                                        atlan::AtlanClient& atlan, CacheStore* cache, Logger& log);

}  // namespace delta_arc::lineage
