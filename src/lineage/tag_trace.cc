// The trace of tagged source columns; see tag_trace.h.
#include "lineage/tag_trace.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "atlan/type_names.h"
#include "lineage/discover.h"
#include "lineage/discovery_cache.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// The keys of what carries a link's files: each object, or its table folder ("…/") at the
// prefix level, each once, in key order.
std::vector<std::string> CarriersOf(const PlanSources& s, const TableLink& link) {
  std::set<std::string> keys;
  for (size_t i : link.objects) {
    const auto folder = s.prefix_lineage && i < s.folded.table_folder.size()
                            ? s.folded.table_folder[i]
                            : std::nullopt;
    keys.insert(folder ? s.folded.prefixes[*folder].key + "/" : s.objects[i].key);
  }
  return {keys.begin(), keys.end()};
}

bool Holds(const ColumnInfo& column, const std::string& tag) {
  return std::ranges::binary_search(column.tags, tag);
}

// A trace still to be decided against what Atlan shows now.
struct Suspect {
  size_t trace;
  std::string tag;
  std::string column_process;  // qualifiedName of the column's lineage
  int64_t tagged_since;        // the Postgres column's last change (its tag attached)
};

// What a run learned of a Snowflake column after its catalog was read.
struct Learned {
  std::optional<std::vector<std::string>> tags;  // as read again
  int64_t awaited_since = 0;                     // ColumnInfo::awaited_since
};

// Reads the suspects' Snowflake columns and column processes again and settles their
// traces: held, pending while Atlan may still propagate, or a gap.
Status Settle(const std::vector<Suspect>& suspects, std::vector<TagTrace>& traces,
              const TraceOptions& options, atlan::AtlanClient& atlan,
              std::map<std::string, Learned>& learned) {
  std::set<std::string> names;
  for (const auto& suspect : suspects) {
    names.insert(traces[suspect.trace].target_column);
    names.insert(suspect.column_process);
  }
  auto now = ReadTagsNow(atlan, {atlan::kColumnType, TypeName(AssetType::kColumnProcess)},
                         {names.begin(), names.end()}, 1000);
  if (!now) return std::unexpected(now.error());
  for (const auto& suspect : suspects) {
    TagTrace& trace = traces[suspect.trace];
    const auto column = now->find(trace.target_column);
    Learned& news = learned[trace.target_column];
    news.tags = column == now->end() ? std::vector<std::string>{} : column->second.tags;
    if (std::ranges::binary_search(*news.tags, suspect.tag)) {
      trace.status = TraceStatus::kHeld;
      continue;
    }
    // Atlan propagates along lineage some time after it is written, or after the tag is.
    const auto lineage = now->find(suspect.column_process);
    const int64_t since =
        std::max(lineage == now->end() ? 0 : lineage->second.created, suspect.tagged_since);
    if (options.now_ms - since < options.grace_ms) {
      trace.status = TraceStatus::kPending;
      news.awaited_since = std::max(news.awaited_since, since);
    }
  }
  return Ok();
}

}  // namespace

const char* TraceStatusName(TraceStatus status) {
  switch (status) {
    case TraceStatus::kHeld:
      return "tagged";
    case TraceStatus::kGap:
      return "gap";
    case TraceStatus::kPending:
      return "pending";
    case TraceStatus::kNoTargetColumn:
      return "no target column";
  }
  return "";
}

json TagTrace::ToJson() const {
  return {{"tag", tag},
          {"postgresColumn", source_column},
          {"carriers", carriers},
          {"carriedBy", carried_by},
          {"snowflakeColumn", target_column.empty() ? json() : json(target_column)},
          {"status", TraceStatusName(status)}};
}

Result<std::vector<TagTrace>> TraceTags(const Plan& plan, const TraceOptions& options,
                                        atlan::AtlanClient& atlan, CacheStore* cache, Logger& log) {
  const PlanSources& s = *plan.sources;
  std::vector<TagTrace> traces;
  if (!s.tag_assets) return traces;
  // Column lineage this plan makes: Atlan has had no time to propagate along it.
  std::set<std::pair<uint32_t, uint32_t>> new_links;
  for (const auto& write : plan.writes) {
    if (write.type == AssetType::kColumnProcess && write.create && !write.literal) {
      new_links.emplace(write.a, write.b);
    }
  }
  std::vector<Suspect> suspects;
  std::map<std::string, Learned> learned;  // by Snowflake column
  for (uint32_t l = 0; l < s.match.links.size(); ++l) {
    const TableLink& link = s.match.links[l];
    if (link.source == nullptr || link.objects.empty()) continue;
    std::vector<std::string> carriers;
    for (const ColumnInfo* carried : CarriedColumns(link)) {
      const ColumnInfo& column = *carried;
      if (column.tags.empty()) continue;
      if (carriers.empty()) carriers = CarriersOf(s, link);
      const auto partner = std::ranges::find(link.columns, &column, &ColumnLink::source);
      for (const auto& tag : column.tags) {
        TagTrace& trace = traces.emplace_back();
        trace.tag = TagDisplayName(s.source, tag);
        trace.source_column = ColumnQualifiedName(*link.source, column);
        trace.carriers = static_cast<int64_t>(carriers.size());
        trace.carried_by.assign(carriers.begin(),
                                carriers.begin() + std::min(carriers.size(), kCarriersListed));
        if (partner == link.columns.end()) continue;
        const ColumnInfo& target = *partner->target;
        trace.target_column = ColumnQualifiedName(*link.target, target);
        const auto b = static_cast<uint32_t>(partner - link.columns.begin());
        // Within the grace of what a run found before (or of the lineage this plan makes),
        // a missing tag is on its way: no request to tell.
        const int64_t since = new_links.contains({l, b})
                                  ? options.now_ms
                                  : std::max(target.awaited_since, column.updated);
        if (Holds(target, tag)) {
          trace.status = TraceStatus::kHeld;
        } else if (since > 0 && options.now_ms - since < options.grace_ms) {
          trace.status = TraceStatus::kPending;
          if (target.awaited_since != since) {
            learned[trace.target_column].awaited_since = since;
          }
        } else {
          trace.status = TraceStatus::kGap;
          suspects.push_back(
              {traces.size() - 1, tag,
               s.scope.ColumnProcessQualifiedName(trace.source_column, trace.target_column),
               column.updated});
        }
      }
    }
  }
  if (!suspects.empty()) {
    if (auto settled = Settle(suspects, traces, options, atlan, learned); !settled) {
      return std::unexpected(settled.error());
    }
  }
  if (cache != nullptr && !learned.empty()) {
    auto kept = EditCachedCatalog(*cache, "snowflake", [&](ConnectionCatalog& catalog) {
      for (auto& table : catalog.tables) {
        for (auto& column : table.columns) {
          const auto news = learned.find(ColumnQualifiedName(table, column));
          if (news == learned.end()) continue;
          if (news->second.tags) column.tags = *news->second.tags;
          if (news->second.awaited_since != 0) column.awaited_since = news->second.awaited_since;
        }
      }
    });
    if (!kept) log.Warn("could not write the cache", {{"error", kept.error().message}});
  }
  std::ranges::sort(traces, [](const TagTrace& a, const TagTrace& b) {
    return std::tie(a.tag, a.source_column) < std::tie(b.tag, b.source_column);
  });
  for (const auto& trace : traces) {
    if (trace.status != TraceStatus::kGap) continue;
    log.Warn("a tagged column reaches its target column without its tag",
             {{"tag", trace.tag},
              {"source_column", trace.source_column},
              {"target_column", trace.target_column}});
  }
  return traces;
}

}  // namespace delta_arc::lineage
