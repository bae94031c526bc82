// Discovery in Atlan: the connections by name (one search for all of them), the
// tables, views and columns of each side's connections (one paged search a side, both at
// once), and the cheap freshness check a cache hit costs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "atlan/atlan_client.h"
#include "atlan/index_search.h"
#include "common/error.h"
#include "common/log.h"
#include "lineage/catalog.h"
#include "lineage/config.h"

namespace delta_arc::lineage {

// A side's connection as configured: its name, the connector it must be ("": any SQL
// connector, so any but s3) and the setting that named it, which an error names.
struct SideConnection {
  std::string name;
  std::string connector;
  std::string setting;
};

struct ConnectionNames {
  std::vector<SideConnection> source;  // the side the files come from: one or several
  std::vector<SideConnection> target;  // the side they are loaded into
  std::string s3;
};

ConnectionNames ConnectionNamesOf(const Config& config);

struct FoundConnections {
  std::vector<ConnectionRef> source;  // the files come from them, as named
  std::vector<ConnectionRef> target;  // they load into them
  std::optional<ConnectionRef> s3;    // absent until delta-arc creates it
  // Other S3 connections of the same name, not chosen (see ChooseS3Connection): what
  // `delta-arc repair` archives.
  std::vector<ConnectionRef> other_s3;
  // What the search FindConnections was also asked answered (not connections).
  std::vector<nlohmann::json> also_found;
};

// One search. Names match as Atlan's normalized name.keyword matches them, any case; an
// exact-case name is preferred. A side's connection missing, ambiguous or of another
// connector than its setting requires is an error that names the setting to fix; several S3
// connections of the name are not (ChooseS3Connection picks one and a warning says which and why).
// `also`: another search (its filters, attributes and tags) the same request answers, its
// matches in FoundConnections::also_found: a run asks what it needs besides at no request.
Result<FoundConnections> FindConnections(atlan::AtlanClient& client, const ConnectionNames& names,
                                         Logger& log, const atlan::SearchSpec* also = nullptr);

struct Freshness {
  int64_t asset_count = 0;
  int64_t latest_modification = 0;
  // The asset modified last, when the probe read it (not compared: caches keep the two
  // figures alone).
  std::string newest_qualified_name;
  bool operator==(const Freshness& other) const {
    return asset_count == other.asset_count && latest_modification == other.latest_modification;
  }
};

// How many assets `filters` match and the newest modification among them: one request of
// one result, newest first, counting every match.
Result<Freshness> CountAndNewest(atlan::AtlanClient& client, const nlohmann::json& filters);

// CountAndNewest of `filters` and of `beside` in one request, and so of one moment of the
// index: `filters`' from the hits (a post_filter), `beside`'s from a filter aggregation over
// the query, which matches either (its newest is a time without a name).
Result<std::pair<Freshness, Freshness>> CountAndNewestOfBoth(atlan::AtlanClient& client,
                                                             const nlohmann::json& filters,
                                                             const nlohmann::json& beside);

// The ACTIVE tables, views and columns under both sides' connections.
nlohmann::json CatalogFilters(const FoundConnections& found);

// Their number and the newest modification among them (CountAndNewest).
Result<Freshness> CheckFreshness(atlan::AtlanClient& client, const FoundConnections& found);

struct Catalogs {
  ConnectionCatalog source;
  ConnectionCatalog target;
};

// `now_ms`: when they were read, as the cache records it. `read_tags` (S3_TAGS): with each
// table's and column's tags, and their display names (one more request, beside the
// searches).
Result<Catalogs> DiscoverCatalogs(atlan::AtlanClient& client, const FoundConnections& found,
                                  int page_size, int64_t now_ms, bool read_tags);

// What Atlan shows now of an asset: its tags (internal names, attached or propagated) and
// when it was created (epoch ms).
struct TagsNow {
  std::vector<std::string> tags;
  int64_t created = 0;
};

// The assets of these types and qualifiedNames, by qualifiedName; one paged search.
Result<std::map<std::string, TagsNow>> ReadTagsNow(atlan::AtlanClient& client,
                                                   const std::vector<std::string>& type_names,
                                                   const std::vector<std::string>& qualified_names,
                                                   int page_size);

}  // namespace delta_arc::lineage
