// Discovery; see discover.h.
#include "lineage/discover.h"

#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "atlan/entity_attributes.h"
#include "atlan/index_search.h"
#include "atlan/tag_definitions.h"
#include "atlan/type_names.h"
#include "common/keyword_case.h"
#include "lineage/s3_connection.h"

namespace delta_arc::lineage {

using nlohmann::json;
namespace atl = delta_arc::atlan;

namespace {

const std::vector<std::string> kTableTypes = {atl::kTableType, atl::kViewType,
                                              atl::kMaterialisedViewType, atl::kColumnType};

ConnectionRef ToRef(const json& entity) {
  return {atl::StringAttribute(entity, "name"), atl::StringAttribute(entity, "qualifiedName"),
          atl::StringAttribute(entity, "connectorName"), entity.value("guid", ""),
          entity.value("createTime", int64_t{0})};
}

// The connections called `name` as Atlan's search finds them: name.keyword is
// lowercase-normalized, so "Landing" finds "landing" too.
std::vector<ConnectionRef> NamedLike(const std::vector<ConnectionRef>& all,
                                     const std::string& name) {
  std::vector<ConnectionRef> named;
  for (const auto& c : all) {
    if (EqualsIgnoringCase(c.name, name)) named.push_back(c);
  }
  return named;
}

// Keeps the connections that satisfy `keep`, unless none does.
template <typename Keep>
void PreferThose(std::vector<ConnectionRef>& named, Keep keep) {
  std::vector<ConnectionRef> kept;
  for (const auto& c : named) {
    if (keep(c)) kept.push_back(c);
  }
  if (!kept.empty()) named = std::move(kept);
}

// The connection of a side: preferring one of its connector, then the exact case, when
// names repeat. Still ambiguous, or of another connector, is an error: reading the wrong
// source would be worse than stopping.
Result<std::optional<ConnectionRef>> PickSide(const std::vector<ConnectionRef>& all,
                                              const SideConnection& side) {
  auto fits = [&](const ConnectionRef& c) {
    return side.connector.empty() ? c.connector_name != "s3" : c.connector_name == side.connector;
  };
  std::vector<ConnectionRef> named = NamedLike(all, side.name);
  if (named.size() > 1) {
    PreferThose(named, fits);
    PreferThose(named, [&](const ConnectionRef& c) { return c.name == side.name; });
  }
  if (named.size() > 1) {
    std::string list;
    for (const auto& c : named) list += " " + c.qualified_name;
    return Fail(
        ErrorKind::kInvalidArgument,
        side.setting + ": more than one connection is named '" + side.name + "' in Atlan:" + list);
  }
  if (named.empty()) return std::optional<ConnectionRef>();
  // Reading the other side's connection would write the lineage backwards.
  if (!fits(named[0])) {
    return Fail(ErrorKind::kInvalidArgument,
                side.setting + ": the connection named '" + named[0].name + "' is a " +
                    named[0].connector_name + " connection, not " +
                    (side.connector.empty() ? "one of a SQL connector" : side.connector));
  }
  return std::optional(named[0]);
}

// The S3 connection called `name`. Several (an earlier version's overlapping runs, or one
// made by hand) do not stop the run: one is chosen the same way every time, with a warning.
Result<std::optional<ConnectionRef>> PickS3(const std::vector<ConnectionRef>& all,
                                            const std::string& name, Logger& log,
                                            std::vector<ConnectionRef>& others_out) {
  const std::vector<ConnectionRef> named = NamedLike(all, name);
  std::vector<ConnectionRef> s3;
  for (const auto& c : named) {
    if (c.connector_name == "s3") s3.push_back(c);
  }
  if (s3.empty() && !named.empty()) {
    return Fail(ErrorKind::kInvalidArgument, "S3_CONNECTION_NAME: the connection named '" +
                                                 named[0].name + "' is a " +
                                                 named[0].connector_name + " connection, not s3");
  }
  if (s3.size() <= 1) return s3.empty() ? std::nullopt : std::optional(s3[0]);
  const S3ConnectionChoice choice = ChooseS3Connection(s3, name);
  json others = json::array();
  for (size_t i = 0; i < s3.size(); ++i) {
    if (i == choice.index) continue;
    others.push_back(s3[i].qualified_name + " ('" + s3[i].name + "')");
    others_out.push_back(s3[i]);
  }
  log.Warn("more than one S3 connection is named '" + name + "' in Atlan; using " +
               s3[choice.index].qualified_name + " because " + choice.reason +
               ". `delta-arc repair` archives the others' delta-arc assets.",
           {{"using", s3[choice.index].qualified_name}, {"others", others}});
  return std::optional(s3[choice.index]);
}

std::vector<std::string> QualifiedNames(const std::vector<ConnectionRef>& connections) {
  std::vector<std::string> out;
  for (const auto& c : connections) out.push_back(c.qualified_name);
  return out;
}

json UnderConnections(const std::vector<std::string>& qualified_names) {
  return json::array({atl::Terms("__typeName.keyword", kTableTypes),
                      atl::Terms("connectionQualifiedName", qualified_names), atl::ActiveOnly()});
}

// A search hit's tag names (SearchTags::kNames), sorted; none when it has none.
std::vector<std::string> ClassificationNamesOf(const json& entity) {
  const auto names = entity.find("classificationNames");
  return names == entity.end() ? std::vector<std::string>{} : TagNamesOf(*names);
}

// Collects one side's tables and columns as pages arrive, in any order.
class CatalogBuilder {
 public:
  explicit CatalogBuilder(std::vector<ConnectionRef> connections) {
    catalog_.connections = std::move(connections);
  }

  void Add(const json& entity) {
    const std::string type = entity.value("typeName", "");
    ++catalog_.asset_count;
    catalog_.latest_modification =
        std::max(catalog_.latest_modification, entity.value("updateTime", int64_t{0}));
    if (type == atl::kColumnType) {
      std::string parent = atl::StringAttribute(entity, "tableQualifiedName");
      if (parent.empty()) parent = atl::StringAttribute(entity, "viewQualifiedName");
      const std::string qn = atl::StringAttribute(entity, "qualifiedName");
      if (parent.empty()) parent = qn.substr(0, qn.rfind('/'));
      int order = 0;
      const auto& attributes = entity["attributes"];
      if (attributes.contains("order")) order = ColumnOrderOf(attributes["order"]);
      const std::string name = atl::StringAttribute(entity, "name");
      const bool usual = qn.size() == parent.size() + 1 + name.size() && qn.starts_with(parent) &&
                         qn.ends_with(name) && qn[parent.size()] == '/';
      ColumnInfo& column =
          columns_[parent].emplace_back(ColumnInfo{name, usual ? "" : qn, order, TagsOf(entity)});
      if (!column.tags.empty()) column.updated = entity.value("updateTime", int64_t{0});
      column.data_type = atl::StringAttribute(entity, "dataType");
    } else {
      catalog_.tables.push_back({type,
                                 atl::StringAttribute(entity, "name"),
                                 atl::StringAttribute(entity, "qualifiedName"),
                                 {},
                                 TagsOf(entity)});
    }
  }

  // Whether any table or column has a tag.
  bool tagged() const { return tagged_; }

  ConnectionCatalog Finish(int64_t now, const std::map<std::string, std::string>& tag_names) {
    for (const auto& [internal, display] : tag_names) {
      if (used_tags_.contains(internal)) catalog_.tag_display_names[internal] = display;
    }
    for (auto& table : catalog_.tables) {
      auto it = columns_.find(table.qualified_name);
      if (it == columns_.end()) continue;
      table.columns = std::move(it->second);
      std::sort(table.columns.begin(), table.columns.end(),
                [](const ColumnInfo& x, const ColumnInfo& y) {
                  return x.order != y.order ? x.order < y.order : x.name < y.name;
                });
    }
    // Whatever order the pages came in (SearchSpec::from_both_ends): tables of one name in
    // several schemas by qualifiedName.
    std::sort(catalog_.tables.begin(), catalog_.tables.end(),
              [](const TableInfo& x, const TableInfo& y) {
                return std::tie(x.name, x.qualified_name) < std::tie(y.name, y.qualified_name);
              });
    catalog_.discovered_at = now;
    return std::move(catalog_);
  }

 private:
  std::vector<std::string> TagsOf(const json& entity) {
    std::vector<std::string> tags = ClassificationNamesOf(entity);
    tagged_ = tagged_ || !tags.empty();
    used_tags_.insert(tags.begin(), tags.end());
    return tags;
  }

  ConnectionCatalog catalog_;
  std::unordered_map<std::string, std::vector<ColumnInfo>> columns_;
  bool tagged_ = false;
  std::set<std::string> used_tags_;
};

}  // namespace

ConnectionNames ConnectionNamesOf(const Config& config) {
  auto side = [](const std::vector<std::string>& names, const std::string& connector,
                 const SideSettings& settings) {
    std::vector<SideConnection> out;
    for (const auto& name : names) {
      out.push_back({name, connector, connector.empty() ? settings.by_any : settings.by_connector});
    }
    return out;
  };
  return {side(config.source_connection_names, config.source_connector, kSourceSettings),
          side(config.target_connection_names, config.target_connector, kTargetSettings),
          config.s3_connection_name};
}

Result<FoundConnections> FindConnections(atl::AtlanClient& client, const ConnectionNames& names,
                                         Logger& log, const atl::SearchSpec* also) {
  atl::SearchSpec spec;
  std::vector<std::string> wanted = {names.s3};
  for (const auto* side : {&names.source, &names.target}) {
    for (const auto& connection : *side) wanted.push_back(connection.name);
  }
  const json connections =
      atl::Filter(json::array({atl::Term("__typeName.keyword", atl::kConnectionType),
                               atl::Terms("name.keyword", wanted), atl::ActiveOnly()}));
  spec.filters = json::array({connections});
  spec.attributes = {"connectorName"};
  spec.page_size = 100;
  if (also != nullptr) {
    spec.filters =
        json::array({atl::AnyOf(json::array({connections, atl::Filter(also->filters)}))});
    spec.attributes.insert(spec.attributes.end(), also->attributes.begin(), also->attributes.end());
    spec.tags = also->tags;
  }
  std::vector<ConnectionRef> all;
  FoundConnections found;
  auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& e : page.entities) {
      if (e.value("typeName", "") == atl::kConnectionType) {
        all.push_back(ToRef(e));
      } else {
        found.also_found.push_back(e);
      }
    }
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  for (const auto& [sides, picked] :
       {std::pair{&names.source, &found.source}, std::pair{&names.target, &found.target}}) {
    for (const auto& side : *sides) {
      auto one = PickSide(all, side);
      if (!one) return std::unexpected(one.error());
      if (!*one) {
        return Fail(ErrorKind::kNotFound,
                    side.setting + ": no active connection named '" + side.name + "' in Atlan");
      }
      // One connection named twice on a side would count its tables twice.
      if (std::ranges::find(*picked, (*one)->qualified_name, &ConnectionRef::qualified_name) !=
          picked->end()) {
        return Fail(ErrorKind::kInvalidArgument,
                    side.setting + ": the connection '" + side.name + "' is named twice");
      }
      picked->push_back(**one);
    }
  }
  auto s3 = PickS3(all, names.s3, log, found.other_s3);
  if (!s3) return std::unexpected(s3.error());
  found.s3 = *s3;
  return found;
}

json CatalogFilters(const FoundConnections& found) {
  std::vector<std::string> both = QualifiedNames(found.source);
  for (auto& qn : QualifiedNames(found.target)) both.push_back(std::move(qn));
  return UnderConnections(both);
}

Result<Freshness> CheckFreshness(atl::AtlanClient& client, const FoundConnections& found) {
  return CountAndNewest(client, CatalogFilters(found));
}

namespace {

constexpr const char* kBeside = "beside";
constexpr const char* kNewest = "newest";

// The first hit, newest first, and the count of every match.
Result<atl::SearchPage> NewestFirst(atl::AtlanClient& client, atl::SearchSpec spec) {
  spec.attributes = {"qualifiedName"};
  return atl::SearchFirst(client, spec, 1, {{"__modificationTimestamp", {{"order", "desc"}}}});
}

Freshness OfHits(const atl::SearchPage& page) {
  Freshness f{page.approximate_count, 0, ""};
  if (!page.entities.empty()) {
    f.latest_modification = page.entities[0].value("updateTime", int64_t{0});
    f.newest_qualified_name = atl::StringAttribute(page.entities[0], "qualifiedName");
  }
  return f;
}

}  // namespace

Result<Freshness> CountAndNewest(atl::AtlanClient& client, const json& filters) {
  atl::SearchSpec spec;
  spec.filters = filters;
  auto page = NewestFirst(client, std::move(spec));
  if (!page) return std::unexpected(page.error());
  return OfHits(*page);
}

Result<std::pair<Freshness, Freshness>> CountAndNewestOfBoth(atl::AtlanClient& client,
                                                             const json& filters,
                                                             const json& beside) {
  atl::SearchSpec spec;
  spec.filters =
      json::array({atl::AnyOf(json::array({atl::Filter(filters), atl::Filter(beside)}))});
  spec.post_filters = filters;
  // Elasticsearch answers a max as a number (null when nothing matched).
  spec.aggregations = {
      {kBeside,
       {{"filter", atl::Filter(beside)},
        {"aggs", {{kNewest, {{"max", {{"field", "__modificationTimestamp"}}}}}}}}}};
  auto page = NewestFirst(client, std::move(spec));
  if (!page) return std::unexpected(page.error());
  const json& answer =
      page->aggregations.is_object() ? page->aggregations.value(kBeside, json()) : json();
  const json count = answer.is_object() ? answer.value("doc_count", json()) : json();
  const json metric = answer.is_object() ? answer.value(kNewest, json()) : json();
  const json newest = metric.is_object() ? metric.value("value", json()) : json();
  if (!count.is_number_integer() || !metric.is_object() ||
      !(newest.is_number() || newest.is_null())) {
    return Fail(ErrorKind::kRemote,
                "index search answered without the filter aggregation it was asked for");
  }
  Freshness other{count.get<int64_t>(),
                  newest.is_number() ? static_cast<int64_t>(newest.get<double>()) : 0, ""};
  return std::pair{OfHits(*page), std::move(other)};
}

Result<Catalogs> DiscoverCatalogs(atl::AtlanClient& client, const FoundConnections& found,
                                  int page_size, int64_t now_ms, bool read_tags) {
  // One paged search per side, both at once, each read from both ends of its guid order:
  // paging is sequential within a search (each page starts after the last guid of the
  // one before), so two searches from both ends take a quarter of the wait for a request
  // or two more each.
  auto discover = [&](const std::vector<ConnectionRef>& connections) -> Result<CatalogBuilder> {
    atl::SearchSpec spec;
    spec.filters = UnderConnections(QualifiedNames(connections));
    spec.attributes = {"connectionQualifiedName", "dataType", "order", "tableQualifiedName",
                       "viewQualifiedName"};
    spec.page_size = page_size;
    spec.from_both_ends = true;  // the builder keeps no order of the pages
    if (read_tags) spec.tags = atl::SearchTags::kNames;
    CatalogBuilder builder(connections);
    auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
      for (const auto& e : page.entities) builder.Add(e);
      return Ok();
    });
    if (!status) return std::unexpected(status.error());
    return builder;
  };
  // The tags' display names cost one request, asked only when tags are read (S3_TAGS),
  // and beside the searches rather than after them: a deployment that carries tags has
  // some, so the request is nearly always needed and waiting for the pages to say so would
  // only add its time.
  std::future<Result<std::map<std::string, std::string>>> tag_names_read;
  if (read_tags) {
    tag_names_read =
        std::async(std::launch::async, [&client] { return atl::ReadTagDisplayNames(client); });
  }
  auto target_search = std::async(std::launch::async, discover, std::cref(found.target));
  auto pg = discover(found.source);
  auto sf = target_search.get();
  Result<std::map<std::string, std::string>> names = std::map<std::string, std::string>{};
  if (read_tags) names = tag_names_read.get();
  if (!pg) return std::unexpected(pg.error());
  if (!sf) return std::unexpected(sf.error());
  if (!names) return std::unexpected(names.error());
  std::map<std::string, std::string> tag_names;
  if (pg->tagged() || sf->tagged()) tag_names = std::move(*names);
  Catalogs catalogs{pg->Finish(now_ms, tag_names), sf->Finish(now_ms, tag_names)};
  catalogs.source.tags_read = catalogs.target.tags_read = read_tags;
  return catalogs;
}

Result<std::map<std::string, TagsNow>> ReadTagsNow(atl::AtlanClient& client,
                                                   const std::vector<std::string>& type_names,
                                                   const std::vector<std::string>& qualified_names,
                                                   int page_size) {
  atl::SearchSpec spec;
  spec.filters = json::array({atl::Terms("__typeName.keyword", type_names),
                              atl::Terms("qualifiedName", qualified_names), atl::ActiveOnly()});
  spec.attributes = {"qualifiedName"};
  spec.page_size = page_size;
  spec.tags = atl::SearchTags::kNames;
  std::map<std::string, TagsNow> found;
  auto status = atl::SearchAll(client, spec, [&](const atl::SearchPage& page) -> Status {
    for (const auto& e : page.entities) {
      found[atl::StringAttribute(e, "qualifiedName")] = {ClassificationNamesOf(e),
                                                         e.value("createTime", int64_t{0})};
    }
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  return found;
}

}  // namespace delta_arc::lineage
