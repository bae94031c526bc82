// Benchmark of the emulator (prints figures; not a test): bulk upserts of
// 10,000 entities until the tenant holds 500,000 assets, then index searches
// by qualifiedName prefix for pages of 1,000, as the SDKs and delta-arc page.
//   build/emulator_bench [assets]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using delta_arc::testing::BinaryPath;

double Millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

struct Stats {
  double median = 0, p95 = 0, max = 0;
};

Stats Summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

json Column(int table, int column) {
  const std::string table_qn = "default/postgres/1700000000/DB/SCH/T" + std::to_string(table);
  return {{"typeName", "Column"},
          {"attributes",
           {{"name", "C" + std::to_string(column)},
            {"qualifiedName", table_qn + "/C" + std::to_string(column)},
            {"order", column},
            {"connectionQualifiedName", "default/postgres/1700000000"},
            {"connectorName", "postgres"},
            {"tableQualifiedName", table_qn}}}};
}

json SearchBody(const json& filters, int size, bool count) {
  return {{"dsl",
           {{"from", 0},
            {"size", size},
            {"track_total_hits", count},
            {"query", {{"bool", {{"filter", filters}}}}},
            {"sort", json::array({{{"__guid", {{"order", "asc"}}}}})}}},
          {"attributes", {"order", "tableQualifiedName"}}};
}

json Prefix(const std::string& value) {
  return {{"prefix", {{"qualifiedName", {{"value", value}, {"case_insensitive", false}}}}}};
}

}  // namespace

int main(int argc, char** argv) {
  const int assets = argc > 1 ? std::stoi(argv[1]) : 500000;
  const int batch = 10000;
  const std::string dir = delta_arc::testing::MakeTempDir();
  const int port = delta_arc::testing::FreePort();
  delta_arc::testing::Subprocess emulator(
      {BinaryPath("atlan-emulator"), "serve", "--port", std::to_string(port), "--token", "bench",
       "--db", dir + "/bench.db", "--search-refresh-ms", "0"},
      {}, "/dev/null");
  if (!delta_arc::testing::WaitForPort(port, std::chrono::seconds(10))) {
    std::fprintf(stderr, "emulator did not start\n");
    return 1;
  }
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(600, 0);
  const httplib::Headers auth = {{"Authorization", "Bearer bench"}};

  // 20 columns per table; tables named T0…; each bulk request holds 10,000 entities.
  std::vector<double> bulk_ms;
  for (int start = 0; start < assets; start += batch) {
    json entities = json::array();
    for (int i = start; i < std::min(assets, start + batch); ++i) {
      entities.push_back(Column(i / 20, i % 20));
    }
    const auto t0 = Clock::now();
    auto res = client.Post("/api/meta/entity/bulk", auth, json{{"entities", entities}}.dump(),
                           "application/json");
    bulk_ms.push_back(Millis(Clock::now() - t0));
    if (!res || res->status != 200) {
      std::fprintf(stderr, "bulk failed: %s\n",
                   res ? res->body.substr(0, 300).c_str() : "no answer");
      return 1;
    }
  }
  const Stats bulk = Summarize(bulk_ms);
  std::printf(
      "bulk upsert, 10,000 new entities per request (%zu requests): median %.0f ms, "
      "p95 %.0f ms, max %.0f ms  (target < 2000 ms)\n",
      bulk_ms.size(), bulk.median, bulk.p95, bulk.max);

  // Re-upsert one batch unchanged: Atlan reports nothing, the emulator writes nothing.
  {
    json entities = json::array();
    for (int i = 0; i < std::min(assets, batch); ++i) entities.push_back(Column(i / 20, i % 20));
    const auto t0 = Clock::now();
    client.Post("/api/meta/entity/bulk", auth, json{{"entities", entities}}.dump(),
                "application/json");
    std::printf("bulk upsert, 10,000 unchanged entities: %.0f ms\n", Millis(Clock::now() - t0));
  }

  auto search = [&](const json& body) {
    const auto t0 = Clock::now();
    auto res = client.Post("/api/meta/search/indexsearch", auth, body.dump(), "application/json");
    const double ms = Millis(Clock::now() - t0);
    json parsed = res ? json::parse(res->body, nullptr, false) : json();
    return std::make_pair(ms, parsed);
  };

  const json columns = Prefix("default/postgres/1700000000/");
  std::vector<double> first_page;
  for (int i = 0; i < 10; ++i)
    first_page.push_back(search(SearchBody({columns}, 1000, true)).first);
  const Stats first = Summarize(first_page);
  std::printf(
      "search, qualifiedName prefix matching all %d assets, page of 1,000 with total count: "
      "median %.1f ms, p95 %.1f ms  (target < 50 ms)\n",
      assets, first.median, first.p95);

  std::vector<double> narrow;
  for (int i = 0; i < 20; ++i) {
    const std::string table =
        "default/postgres/1700000000/DB/SCH/T" + std::to_string(i * 997 % (assets / 20)) + "/";
    narrow.push_back(search(SearchBody({Prefix(table)}, 1000, true)).first);
  }
  const Stats narrow_stats = Summarize(narrow);
  std::printf(
      "search, qualifiedName prefix of one table (20 matches): median %.1f ms, p95 %.1f ms\n",
      narrow_stats.median, narrow_stats.p95);

  // Keyset paging through everything, as delta-arc reads a large tenant.
  std::vector<double> pages;
  std::string last;
  int64_t seen = 0;
  const auto all_start = Clock::now();
  while (true) {
    json filters = {columns};
    if (!last.empty()) filters.push_back({{"range", {{"__guid", {{"gt", last}}}}}});
    auto [ms, body] = search(SearchBody(filters, 1000, last.empty()));
    if (!body.contains("entities")) break;
    pages.push_back(ms);
    seen += static_cast<int64_t>(body["entities"].size());
    last = body["entities"].back()["guid"];
  }
  const Stats paging = Summarize(pages);
  std::printf(
      "keyset paging (sort __guid, range gt) through all %lld assets: %zu pages of 1,000, "
      "median %.1f ms, p95 %.1f ms per page, %.1f s in all\n",
      static_cast<long long>(seen), pages.size(), paging.median, paging.p95,
      Millis(Clock::now() - all_start) / 1000);
  if (std::getenv("BENCH_KEEP_DB") == nullptr)
    std::filesystem::remove_all(dir);
  else
    std::printf("database kept in %s\n", dir.c_str());
  return seen == assets ? 0 : 1;
}
