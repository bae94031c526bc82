// Index search on the seeded sample tenant, with request bodies shaped as
// pyatlan's FluentSearch sends them, and the DSL subset clause by clause.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <set>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class SeededSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new EmulatorProcess();
    emulator_->SeedSampleTenant();
  }
  static void TearDownTestSuite() { delete emulator_; }

  static json Search(const json& request) {
    auto reply = emulator_->Post("/api/meta/search/indexsearch", request);
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }
  static std::vector<std::string> Names(const json& body) {
    std::vector<std::string> names;
    for (const auto& e : body.value("entities", json::array())) {
      names.push_back(e["attributes"]["name"]);
    }
    return names;
  }
  static json Active(json filters) {
    filters.push_back({{"term", {{"__state", {{"value", "ACTIVE"}}}}}});
    return filters;
  }

  static EmulatorProcess* emulator_;
};
EmulatorProcess* SeededSearch::emulator_ = nullptr;

TEST_F(SeededSearch, FindsPostgresConnectionByName) {
  auto body = Search(SdkSearch(Active({SdkTerm("__typeName.keyword", "Connection"),
                                       SdkTerm("name.keyword", "postgres-dac")}),
                               0, 300, {"connectorName", "category"}));
  ASSERT_EQ(body["approximateCount"], 1);
  const auto& conn = body["entities"][0];
  EXPECT_EQ(conn["typeName"], "Connection");
  EXPECT_EQ(conn["status"], "ACTIVE");
  EXPECT_EQ(conn["displayText"], "postgres-dac");
  EXPECT_EQ(conn["attributes"]["qualifiedName"], kPostgres);
  EXPECT_EQ(conn["attributes"]["connectorName"], "postgres");
  EXPECT_TRUE(conn.contains("guid"));
  EXPECT_TRUE(conn["createTime"].is_number());
}

TEST_F(SeededSearch, FindsAllTablesAndColumnsUnderEachConnection) {
  for (const std::string& conn : {kPostgres, kSnowflake}) {
    auto tables = Search(SdkSearch(
        Active({SdkTerm("__typeName.keyword", "Table"), SdkPrefix("qualifiedName", conn + "/")})));
    EXPECT_EQ(tables["approximateCount"], 8) << conn;
    EXPECT_EQ(tables["entities"].size(), 8u);
    // Columns of a connection, paged as the SDK pages: from += size until a page is empty.
    std::set<std::string> guids;
    for (int from = 0;; from += 20) {
      auto page = Search(SdkSearch(Active({SdkTerm("__typeName.keyword", "Column"),
                                           SdkTerm("connectionQualifiedName", conn)}),
                                   from, 20, {"order", "tableName"}));
      EXPECT_EQ(page["approximateCount"], 41);
      if (!page.contains("entities")) break;
      for (const auto& e : page["entities"]) {
        guids.insert(e["guid"].get<std::string>());
        EXPECT_TRUE(e["attributes"]["order"].is_number());
      }
    }
    EXPECT_EQ(guids.size(), 41u) << conn;
  }
}

TEST_F(SeededSearch, SupportsEachClauseOfTheDsl) {
  auto count = [](const json& query) {
    json request = {{"dsl", {{"from", 0}, {"size", 50}, {"query", query}}}};
    auto reply = emulator_->Post("/api/meta/search/indexsearch", request);
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body["approximateCount"].get<int>();
  };
  // name.keyword is normalized (any case matches); qualifiedName is exact unless asked.
  EXPECT_EQ(
      count({{"term", {{"name.keyword", {{"value", "customers"}, {"case_insensitive", false}}}}}}),
      2);
  const std::string table = std::string(kPostgres) + "/food_beverage/sales_orders/customers";
  EXPECT_EQ(count({{"term", {{"qualifiedName", {{"value", table}, {"case_insensitive", true}}}}}}),
            1);
  EXPECT_EQ(count({{"term", {{"qualifiedName", {{"value", table}}}}}}), 0);
  EXPECT_EQ(count({{"term", {{"__typeName.keyword", "Database"}}}}), 2);
  EXPECT_EQ(count({{"terms", {{"__typeName.keyword", {"Database", "Schema"}}}}}), 4);
  // Per connection: tables ORDERS and ORDERDETAILS, and 4 columns named ORDER…
  EXPECT_EQ(count({{"wildcard", {{"name.keyword", {{"value", "ORDER*"}}}}}}), 12);
  EXPECT_EQ(count({{"exists", {{"field", "dataType"}}}}), 82);
  // Per connection: CUSTOMERS' 7th column and SUPPLIERS' 7th and 8th.
  EXPECT_EQ(count({{"range", {{"order", {{"gte", 7}}}}}}), 6);
  EXPECT_EQ(count({{"match_all", json::object()}}), 104);
  EXPECT_EQ(count({{"bool",
                    {{"must", {{{"term", {{"__typeName.keyword", "Table"}}}}}},
                     {"must_not", {{{"prefix", {{"qualifiedName", kPostgres}}}}}}}}}),
            8);
  EXPECT_EQ(count({{"bool",
                    {{"should",
                      {{{"term", {{"name.keyword", "ORDERS"}}}},
                       {{"term", {{"__typeName.keyword", "Table"}}}},
                       {{"prefix", {{"qualifiedName", kSnowflake}}}}}},
                     {"minimum_should_match", 3}}}}),
            1);
  EXPECT_EQ(count({{"bool", {{"filter", {{{"term", {{"__superTypeNames.keyword", "SQL"}}}}}}}}}),
            102);
}

TEST_F(SeededSearch, SortsByNameAndPagesWithFromAndSize) {
  json request = SdkSearch(
      {SdkTerm("__typeName.keyword", "Table"), SdkPrefix("qualifiedName", kPostgres)}, 0, 3);
  request["dsl"]["sort"] =
      json::array({{{"name.keyword", {{"order", "desc"}}}}, {{"__guid", {{"order", "asc"}}}}});
  EXPECT_EQ(Names(Search(request)),
            (std::vector<std::string>{"SUPPLIERS", "SHIPPERS", "PRODUCTS"}));
  request["dsl"]["from"] = 3;
  EXPECT_EQ(Names(Search(request)),
            (std::vector<std::string>{"ORDERS", "ORDERDETAILS", "EMPLOYEES"}));
}

TEST_F(SeededSearch, ReturnsRequestedRelationAttributes) {
  json request =
      SdkSearch({SdkTerm("__typeName.keyword", "Table"), SdkTerm("name.keyword", "SHIPPERS"),
                 SdkPrefix("qualifiedName", kPostgres)},
                0, 10, {"columns", "atlanSchema"});
  request["relationAttributes"] = {"order", "dataType"};
  auto body = Search(request);
  const auto& attrs = body["entities"][0]["attributes"];
  ASSERT_EQ(attrs["columns"].size(), 3u);
  EXPECT_EQ(attrs["columns"][0]["typeName"], "Column");
  EXPECT_TRUE(attrs["columns"][0]["attributes"].contains("dataType"));
  EXPECT_EQ(attrs["atlanSchema"]["typeName"], "Schema");
}

TEST_F(SeededSearch, LeavesOutEntitiesWhenNothingMatches) {
  auto body = Search(SdkSearch({SdkTerm("name.keyword", "NO_SUCH_THING")}));
  EXPECT_EQ(body["approximateCount"], 0);
  EXPECT_FALSE(body.contains("entities"));
}

// post_filter narrows the hits and their count as the query does (pyatlan's
// test_index_search sends query=__state, post_filter=__typeName for every asset type);
// a broken post_filter is refused as a broken query is.
TEST_F(SeededSearch, PostFilterNarrowsTheHits) {
  const json active = {{"term", {{"__state", "ACTIVE"}}}};
  auto count = [](const json& dsl) {
    return Search({{"dsl", dsl}, {"attributes", {"name"}}})["approximateCount"].get<int>();
  };
  EXPECT_EQ(count({{"query", active}}), 104);
  EXPECT_EQ(count({{"query", active}, {"post_filter", {{"term", {{"__typeName", "Database"}}}}}}),
            2);
  auto tables = Search({{"dsl",
                         {{"query", active},
                          {"post_filter", {{"prefix", {{"qualifiedName", kSnowflake + "/"}}}}},
                          {"size", 200}}}});
  EXPECT_EQ(tables["approximateCount"], 51);  // a database, a schema, 8 tables, 41 columns
  for (const auto& e : tables["entities"]) {
    EXPECT_TRUE(e["attributes"]["qualifiedName"].get<std::string>().starts_with(kSnowflake));
  }
  auto bad = emulator_->Post("/api/meta/search/indexsearch",
                             {{"dsl", {{"query", active}, {"post_filter", {{"fuzzy", {}}}}}}});
  EXPECT_EQ(bad.status, 400);
}

// regexp (Lucene's, matching the whole value), the `.text` sub-fields and the `.date`
// timestamps with a format, as pyatlan's Regexp, Match and Range factories send them.
TEST_F(SeededSearch, RegexpTextAndDateClauses) {
  auto count = [](const json& query) {
    auto reply = emulator_->Post("/api/meta/search/indexsearch",
                                 {{"dsl", {{"from", 0}, {"size", 1}, {"query", query}}}});
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body.value("approximateCount", -1);
  };
  // Per connection: ORDERS and ORDERDETAILS; a regexp matches whole values only.
  EXPECT_EQ(count({{"regexp", {{"name.keyword", {{"value", "ORDER(S|DETAILS)"}}}}}}), 4);
  EXPECT_EQ(count({{"regexp", {{"name.keyword", {{"value", "ORDER"}}}}}}), 0);
  // name.keyword is normalized: any case; qualifiedName is exact unless asked.
  EXPECT_EQ(count({{"regexp", {{"name.keyword", {{"value", "orders"}}}}}}), 2);
  EXPECT_EQ(count({{"regexp", {{"qualifiedName", {{"value", "default/snowflake/[0-9]+"}}}}}}), 1);
  EXPECT_EQ(count({{"regexp",
                    {{"qualifiedName",
                      {{"value", "DEFAULT/SNOWFLAKE/[0-9]+"}, {"case_insensitive", true}}}}}}),
            1);
  EXPECT_EQ(count({{"regexp", {{"__superTypeNames.keyword", {{"value", "S.L"}}}}}}), 102);
  auto bad = emulator_->Post("/api/meta/search/indexsearch",
                             {{"dsl", {{"query", {{"regexp", {{"name.keyword", "("}}}}}}}});
  EXPECT_EQ(bad.status, 400);

  // qualifiedName.text: the words of the qualifiedName, any case.
  EXPECT_EQ(count({{"match", {{"qualifiedName.text", {{"query", "snowflake"}}}}}}), 52);

  // Everything was created before tomorrow, nothing before 2000; "lte" a day takes it all.
  const auto in_days = [](int days) {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                     std::chrono::days(days);
    const std::chrono::year_month_day ymd(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(text);
  };
  for (const char* field : {"__timestamp.date", "__modificationTimestamp.date"}) {
    EXPECT_EQ(count({{"range", {{field, {{"lt", in_days(1)}, {"format", "yyyy-MM-dd"}}}}}}), 104);
    EXPECT_EQ(count({{"range", {{field, {{"lte", in_days(0)}, {"format", "yyyy-MM-dd"}}}}}}), 104);
    EXPECT_EQ(count({{"range", {{field, {{"lt", "2000-01-01"}, {"format", "yyyy-MM-dd"}}}}}}), 0);
    EXPECT_EQ(count({{"range", {{field, {{"gt", in_days(0)}}}}}}), 0);
  }
}

// Aggregations run over the query's matches (not narrowed by post_filter) and answer in
// Elasticsearch's shape, as pyatlan's bucket_by and avg/min/max/sum read them.
TEST_F(SeededSearch, AggregatesTheQuerysMatches) {
  json request = {{"dsl",
                   {{"size", 0},
                    {"query", {{"prefix", {{"qualifiedName", kPostgres + "/"}}}}},
                    {"post_filter", {{"term", {{"__typeName.keyword", "Database"}}}}},
                    {"aggregations",
                     {{"type", {{"terms", {{"field", "__typeName.keyword"}, {"size", 2}}}}},
                      {"avg_columns", {{"avg", {{"field", "columnCount"}}}}},
                      {"min_columns", {{"min", {{"field", "columnCount"}}}}},
                      {"max_columns", {{"max", {{"field", "columnCount"}}}}},
                      {"sum_columns", {{"sum", {{"field", "columnCount"}}}}},
                      {"tables", {{"cardinality", {{"field", "tableName"}}}}},
                      {"nothing", {{"avg", {{"field", "noSuchField"}}}}}}}}}};
  auto body = Search(request);
  EXPECT_EQ(body["approximateCount"], 1);  // the post_filter narrows the hits only
  const json& aggs = body["aggregations"];
  // Postgres: 41 columns, 8 tables, then a schema and a database; keys are normalized.
  EXPECT_EQ(aggs["type"]["buckets"],
            (json{{{"key", "column"}, {"doc_count", 41}}, {{"key", "table"}, {"doc_count", 8}}}));
  EXPECT_EQ(aggs["type"]["sum_other_doc_count"], 2);
  EXPECT_EQ(aggs["sum_columns"]["value"], 41.0);
  EXPECT_EQ(aggs["avg_columns"]["value"], 41.0 / 8);
  EXPECT_EQ(aggs["min_columns"]["value"], 3.0);
  EXPECT_EQ(aggs["max_columns"]["value"], 8.0);
  EXPECT_EQ(aggs["tables"]["value"], 8);
  EXPECT_TRUE(aggs["nothing"]["value"].is_null());

  request["dsl"]["aggregations"] = {{"x", {{"histogram", {{"field", "order"}}}}}};
  EXPECT_EQ(emulator_->Post("/api/meta/search/indexsearch", request).status, 400);
}

// A filter aggregation counts the query's matches its own query also matches, and its
// sub-aggregations (beside "filter", as Elasticsearch takes them) run over those alone:
// one search can answer for two filters, one as hits and one as the aggregation.
TEST_F(SeededSearch, AFilterAggregationNarrowsItsSubAggregations) {
  const json tables = {{"term", {{"__typeName.keyword", "Table"}}}};
  json request = {{"dsl",
                   {{"size", 0},
                    {"query", {{"prefix", {{"qualifiedName", kPostgres + "/"}}}}},
                    {"aggregations",
                     {{"tables",
                       {{"filter", tables},
                        {"aggs",
                         {{"most_columns", {{"max", {{"field", "columnCount"}}}}},
                          {"newest", {{"max", {{"field", "__modificationTimestamp"}}}}},
                          {"big", {{"filter", {{"range", {{"columnCount", {{"gte", 6}}}}}}}}}}}}},
                      {"everything", {{"value_count", {{"field", "__guid"}}}}}}}}}};
  auto body = Search(request);
  const json& aggs = body["aggregations"];
  EXPECT_EQ(aggs["everything"]["value"], 51);  // the query's matches, not the filter's
  EXPECT_EQ(aggs["tables"]["doc_count"], 8);
  EXPECT_EQ(aggs["tables"]["most_columns"]["value"], 8.0);
  ASSERT_TRUE(aggs["tables"]["newest"]["value"].is_number());
  // The newest modification is the newest table's, as sorting the tables says.
  json newest_table = {
      {"dsl",
       {{"size", 1},
        {"query", {{"bool", {{"filter", json::array({request["dsl"]["query"], tables})}}}}},
        {"sort", json::array({{{"__modificationTimestamp", {{"order", "desc"}}}}})}}}};
  auto sorted = Search(newest_table);
  EXPECT_EQ(aggs["tables"]["newest"]["value"].get<double>(),
            sorted["entities"][0]["updateTime"].get<double>());
  EXPECT_GE(aggs["tables"]["big"]["doc_count"], 1);
  EXPECT_LT(aggs["tables"]["big"]["doc_count"], 8);

  // A filter nothing passes: no documents, and a max of nothing is null (as in Elasticsearch).
  json none = request;
  none["dsl"]["aggregations"] = {
      {"none",
       {{"filter", {{"term", {{"__typeName.keyword", "NoSuchType"}}}}},
        {"aggs", {{"newest", {{"max", {{"field", "__modificationTimestamp"}}}}}}}}},
      {"oldest", {{"min", {{"field", "__timestamp"}}}}}};
  const json answered = Search(none)["aggregations"];
  EXPECT_EQ(answered["none"]["doc_count"], 0);
  EXPECT_TRUE(answered["none"]["newest"]["value"].is_null());
  EXPECT_TRUE(answered["oldest"]["value"].is_number());

  // Only a filter aggregation takes sub-aggregations here; two kinds in one is an error.
  request["dsl"]["aggregations"] = {{"x",
                                     {{"terms", {{"field", "name.keyword"}}},
                                      {"aggs", {{"y", {{"max", {{"field", "order"}}}}}}}}}};
  EXPECT_EQ(emulator_->Post("/api/meta/search/indexsearch", request).status, 400);
  request["dsl"]["aggregations"] = {{"x", {{"filter", tables}, {"max", {{"field", "order"}}}}}};
  EXPECT_EQ(emulator_->Post("/api/meta/search/indexsearch", request).status, 400);
}

TEST_F(SeededSearch, RefusesUnsupportedQueries) {
  auto bad = emulator_->Post("/api/meta/search/indexsearch",
                             {{"dsl", {{"query", {{"fuzzy", {{"name", "x"}}}}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.value("errorMessage", "").find("fuzzy"), std::string::npos);
}

// Elasticsearch refuses a terms query of more than index.max_terms_count (65,536) values,
// and so does the emulator, so that a client sending one fails here as on a tenant; up
// to the limit, and as several terms queries any of which matches, it answers.
TEST_F(SeededSearch, TermsTakeAtMost65536ValuesAsElasticsearchDoes) {
  const auto names = [](size_t n) {
    std::vector<std::string> out = {kPostgres};
    for (size_t i = 1; i < n; ++i) out.push_back("default/none/" + std::to_string(i));
    return out;
  };
  const auto terms = [](const std::vector<std::string>& values) {
    return json{{"terms", {{"qualifiedName", values}}}};
  };
  auto over = emulator_->Post("/api/meta/search/indexsearch", SdkSearch({terms(names(65537))}));
  EXPECT_EQ(over.status, 400);
  EXPECT_NE(over.body.value("errorMessage", "").find("[index.max_terms_count]"), std::string::npos)
      << over.body.dump();
  EXPECT_EQ(Search(SdkSearch({terms(names(65536))}))["approximateCount"], 1);
  const std::vector<std::string> all = names(65537);
  const json split = {{"bool",
                       {{"should",
                         {terms(std::vector<std::string>(all.begin() + 1, all.end())),
                          terms(std::vector<std::string>(all.begin(), all.begin() + 1))}},
                        {"minimum_should_match", 1}}}};
  EXPECT_EQ(Search(SdkSearch({split}))["approximateCount"], 1);
}

TEST(SearchWindow, RefusesPagesBeyondTheResultWindow) {
  EmulatorProcess emulator({"--max-result-window", "60"});
  auto deep = emulator.Post("/api/meta/search/indexsearch",
                            SdkSearch({SdkTerm("__typeName.keyword", "Column")}, 50, 20));
  EXPECT_EQ(deep.status, 400);
  EXPECT_NE(deep.body.value("errorMessage", "").find("Result window is too large"),
            std::string::npos);
  EXPECT_EQ(emulator
                .Post("/api/meta/search/indexsearch",
                      SdkSearch({SdkTerm("__typeName.keyword", "Column")}, 40, 20))
                .status,
            200);
}

// Past the window, results are paged by sort on (__timestamp, __guid) and a filter
// that starts after the last result seen, always from 0. Entities written in one
// request share their timestamp, so the guid breaks the tie.
TEST(SearchWindow, SortedPagingReachesEveryResultPastTheWindow) {
  EmulatorProcess emulator({"--max-result-window", "60"});
  emulator.SeedSampleTenant();
  std::set<std::string> seen;
  int pages = 0;
  std::optional<std::pair<int64_t, std::string>> last;
  while (pages++ < 100) {
    json filters = {SdkTerm("__typeName.keyword", "Column")};
    if (last) {
      filters.push_back({{"bool",
                          {{"should",
                            {{{"range", {{"__timestamp", {{"gt", last->first}}}}}},
                             {{"bool",
                               {{"filter",
                                 {{{"term", {{"__timestamp", {{"value", last->first}}}}}},
                                  {{"range", {{"__guid", {{"gt", last->second}}}}}}}}}}}}},
                           {"minimum_should_match", 1}}}});
    }
    json request = SdkSearch(filters, 0, 30);
    request["dsl"]["sort"] =
        json::array({{{"__timestamp", {{"order", "asc"}}}}, {{"__guid", {{"order", "asc"}}}}});
    auto reply = emulator.Post("/api/meta/search/indexsearch", request);
    ASSERT_EQ(reply.status, 200) << reply.body.dump();
    const json& body = reply.body;
    if (!body.contains("entities")) break;
    for (const auto& e : body["entities"]) {
      EXPECT_TRUE(seen.insert(e["guid"].get<std::string>()).second) << "returned twice";
      last = std::make_pair(e["createTime"].get<int64_t>(), e["guid"].get<std::string>());
    }
  }
  EXPECT_EQ(seen.size(), 82u);
  EXPECT_EQ(pages, 4);  // 30 + 30 + 22, then an empty page
}

}  // namespace
}  // namespace delta_arc::testing
