// Index search; see index_search.h.
#include "atlan/index_search.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <set>

#include "atlan/entity_attributes.h"

namespace delta_arc::atlan {

using nlohmann::json;

namespace {

constexpr const char* kSearchPath = "/api/meta/search/indexsearch";

// Parts of a search answer delta-arc never reads, dropped while parsing: on a page
// of a thousand processes the relationship headers alone are megabytes. The tags' names
// are kept when the search asked for them.
bool KeepWhileParsing(const SearchSpec& spec, json::parse_event_t event, const json& parsed) {
  if (event != json::parse_event_t::key) return true;
  if (spec.tags != SearchTags::kNone && parsed == "classificationNames") return true;
  if (spec.tags == SearchTags::kAttachments && parsed == "classifications") return true;
  static const std::set<std::string> kDropped = {"classificationNames",
                                                 "classifications",
                                                 "meaningNames",
                                                 "meanings",
                                                 "labels",
                                                 "isIncomplete",
                                                 "relationshipAttributes",
                                                 "relationshipGuid",
                                                 "relationshipType",
                                                 "entityStatus",
                                                 "displayText",
                                                 "createdBy",
                                                 "updatedBy",
                                                 "searchParameters"};
  return !kDropped.contains(parsed.get<std::string>());
}

json::parser_callback_t Keep(const SearchSpec& spec) {
  return [&spec](int /*depth*/, json::parse_event_t event, json& parsed) {
    return KeepWhileParsing(spec, event, parsed);
  };
}

json Request(const SearchSpec& spec, json filters, int size, json sort, bool count) {
  json request = {{"dsl",
                   {{"from", 0},
                    {"size", size},
                    {"aggregations", spec.aggregations},
                    {"track_total_hits", count},
                    {"query", Filter(std::move(filters))},
                    {"sort", std::move(sort)}}},
                  {"suppressLogs", true},
                  {"excludeMeanings", true},
                  {"excludeClassifications", spec.tags != SearchTags::kAttachments},
                  {"includeClassificationNames", spec.tags == SearchTags::kNames},
                  {"requestMetadata", {{"saveSearchLog", false}, {"utmTags", {"delta-arc"}}}}};
  if (!spec.post_filters.empty()) request["dsl"]["post_filter"] = Filter(spec.post_filters);
  if (!spec.attributes.empty()) request["attributes"] = spec.attributes;
  if (!spec.relation_attributes.empty()) request["relationAttributes"] = spec.relation_attributes;
  return request;
}

// Takes the entities out of the response rather than copying them: a page of a
// thousand assets with relationships is megabytes of JSON.
// Every entity must pass EntityProblem and have a guid (paging resumes after it).
Result<SearchPage> ToPage(json&& response) {
  const auto malformed = [](const std::string& what) {
    return Fail(ErrorKind::kRemote, "index search answered " + what);
  };
  SearchPage page;
  if (const auto count = response.find("approximateCount"); count != response.end()) {
    if (!count->is_number_integer()) return malformed("an approximateCount that is not an integer");
    page.approximate_count = count->get<int64_t>();
  }
  if (const auto aggregations = response.find("aggregations"); aggregations != response.end()) {
    page.aggregations = std::move(*aggregations);
  }
  if (response.contains("entities") && response["entities"].is_array()) {
    auto& entities = response["entities"];
    page.entities.reserve(entities.size());
    for (auto& e : entities) {
      if (auto problem = EntityProblem(e); !problem.empty()) return malformed(problem);
      if (StringField(e, "guid").empty()) return malformed("an entity without a guid");
      page.entities.push_back(std::move(e));
    }
  }
  return page;
}

enum class Direction : uint8_t { kAscending, kDescending };

// One page of the matches after guid `after` and before guid `before` (either empty:
// unbounded), in `direction`'s guid order; `count`: with the total.
Result<SearchPage> SearchBetween(AtlanClient& client, const SearchSpec& spec, Direction direction,
                                 const std::string& after, const std::string& before, bool count) {
  json filters = spec.filters;
  json range = json::object();
  if (!after.empty()) range["gt"] = after;
  if (!before.empty()) range["lt"] = before;
  if (!range.empty()) filters.push_back({{"range", {{"__guid", std::move(range)}}}});
  const char* order = direction == Direction::kAscending ? "asc" : "desc";
  const json sort = json::array({{{"__guid", {{"order", order}}}}});
  auto response =
      client.Call("POST", kSearchPath,
                  Request(spec, std::move(filters), spec.page_size, sort, count), Keep(spec));
  if (!response) return std::unexpected(response.error());
  return ToPage(std::move(*response));
}

// SearchSpec::from_both_ends. The first page, ascending, counts the matches; when more
// remain, a descending side starts from the other end beside the ascending one. Each
// side asks for what lies between the two frontiers as it last knew them, and passes on
// only what still lies between them when its page comes back (the other side may have
// moved meanwhile), so each match is passed on once. A short page, or one that reaches
// the other side's frontier, held everything between the two: the search is done, and
// the other side's page in flight, if any, is dropped.
class TwoWaySearch {
 public:
  TwoWaySearch(AtlanClient& client, const SearchSpec& spec,
               const std::function<Status(const SearchPage&)>& on_page)
      : client_(client), spec_(spec), on_page_(on_page) {}

  Status Run() {
    auto first = SearchBetween(client_, spec_, Direction::kAscending, "", "", true);
    if (!first) return std::unexpected(first.error());
    total_ = first->approximate_count;
    Take(Direction::kAscending, std::move(*first));
    if (done_) return status_;
    auto descending = std::async(std::launch::async, [this] { Side(Direction::kDescending); });
    Side(Direction::kAscending);
    descending.get();
    return status_;
  }

 private:
  void Side(Direction direction) {
    while (true) {
      std::string after;
      std::string before;
      {
        const std::lock_guard lock(mutex_);
        if (done_) return;
        after = low_;
        before = high_;
      }
      auto page = SearchBetween(client_, spec_, direction, after, before, false);
      const std::lock_guard lock(mutex_);
      if (done_) return;
      if (!page) {
        status_ = std::unexpected(page.error());
        done_ = true;
        return;
      }
      Take(direction, std::move(*page));
    }
  }

  // Passes on what lies between the frontiers and moves this side's. Under mutex_ (the
  // first page: before the other side starts).
  void Take(Direction direction, SearchPage page) {
    const size_t answered = page.entities.size();
    const bool ascending = direction == Direction::kAscending;
    // Sorted in this side's direction: what lies at or past the other side's frontier,
    // which that side passed on, is the page's tail.
    const auto beyond = std::ranges::find_if(page.entities, [&](const json& entity) {
      const auto& guid = entity["guid"].get_ref<const std::string&>();
      return ascending ? !high_.empty() && guid >= high_ : guid <= low_;
    });
    page.entities.erase(beyond, page.entities.end());
    const size_t kept = page.entities.size();
    if (kept > 0) {
      (ascending ? low_ : high_) = page.entities.back()["guid"].get<std::string>();
      passed_ += static_cast<int64_t>(kept);
      if (auto s = on_page_(page); !s) {
        status_ = s;
        done_ = true;
        return;
      }
    }
    done_ = static_cast<int>(answered) < spec_.page_size || kept < answered || passed_ >= total_;
  }

  AtlanClient& client_;
  const SearchSpec& spec_;
  const std::function<Status(const SearchPage&)>& on_page_;
  std::mutex mutex_;
  std::string low_;   // the highest guid the ascending side passed on ("": none yet)
  std::string high_;  // the lowest guid the descending side passed on ("": none yet)
  int64_t total_ = 0;
  int64_t passed_ = 0;
  bool done_ = false;
  Status status_ = Ok();
};

}  // namespace

json Term(const std::string& field, const json& value) {
  return {{"term", {{field, {{"value", value}, {"case_insensitive", false}}}}}};
}

json Terms(const std::string& field, const std::vector<std::string>& values) {
  if (values.size() <= kMaxTermsPerQuery) return {{"terms", {{field, values}}}};
  json any = json::array();
  for (size_t first = 0; first < values.size(); first += kMaxTermsPerQuery) {
    const auto from = values.begin() + static_cast<std::ptrdiff_t>(first);
    const auto to = values.begin() +
                    static_cast<std::ptrdiff_t>(std::min(values.size(), first + kMaxTermsPerQuery));
    any.push_back({{"terms", {{field, std::vector<std::string>(from, to)}}}});
  }
  return AnyOf(std::move(any));
}

json Prefix(const std::string& field, const std::string& value) {
  return {{"prefix", {{field, {{"value", value}, {"case_insensitive", false}}}}}};
}

json ActiveOnly() {
  return {{"term", {{"__state", {{"value", "ACTIVE"}}}}}};
}

json Filter(json clauses) {
  return {{"bool", {{"filter", std::move(clauses)}}}};
}

json AnyOf(json clauses) {
  return {{"bool", {{"should", std::move(clauses)}, {"minimum_should_match", 1}}}};
}

Status SearchAll(AtlanClient& client, const SearchSpec& spec,
                 const std::function<Status(const SearchPage&)>& on_page) {
  if (spec.from_both_ends) return TwoWaySearch(client, spec, on_page).Run();
  std::string last_guid;
  int64_t total = -1;
  int64_t seen = 0;
  while (true) {
    const bool first = total < 0;
    auto page = SearchBetween(client, spec, Direction::kAscending, last_guid, "", first);
    if (!page) return std::unexpected(page.error());
    if (first) total = page->approximate_count;
    if (page->entities.empty()) return Ok();
    seen += static_cast<int64_t>(page->entities.size());
    last_guid = page->entities.back()["guid"].get<std::string>();
    if (auto s = on_page(*page); !s) return s;
    // A short page, or as many as the first page counted, is the end.
    if (static_cast<int>(page->entities.size()) < spec.page_size || seen >= total) return Ok();
  }
}

Result<SearchPage> SearchFirst(AtlanClient& client, const SearchSpec& spec, int size,
                               const json& sort) {
  json full_sort = json::array({sort, {{"__guid", {{"order", "asc"}}}}});
  auto response = client.Call("POST", kSearchPath,
                              Request(spec, spec.filters, size, full_sort, true), Keep(spec));
  if (!response) return std::unexpected(response.error());
  return ToPage(std::move(*response));
}

}  // namespace delta_arc::atlan
