// The emulator as a server: auth, error bodies, unknown routes, persistence
// across kill -9, and the test knobs (latency, 429, injected failures, stats).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

// A Connection as pyatlan's creator sends it: the attributes it leaves empty are null.
json SdkConnection(const std::string& qn, const std::string& name) {
  return {{"typeName", "Connection"},
          {"guid", "-1"},
          {"attributes",
           {{"name", name},
            {"qualifiedName", qn},
            {"connectorName", "s3"},
            {"category", "ObjectStore"},
            {"adminUsers", {"admin"}},
            {"adminGroups", json::array()},
            {"adminRoles", json::array()},
            {"host", nullptr},
            {"port", nullptr}}}};
}

TEST(EmulatorServer, RejectsMissingAndWrongTokensWithAtlanErrorBody) {
  EmulatorProcess emulator;
  auto none = emulator.Raw("POST", "/api/meta/search/indexsearch", "{}", {});
  EXPECT_EQ(none.status, 401);
  EXPECT_TRUE(none.body.contains("errorCode"));
  EXPECT_TRUE(none.body.contains("errorMessage"));
  auto wrong = emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()), "nope");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body.dump().find("test-token"), std::string::npos) << "token echoed";
  auto right = emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  EXPECT_EQ(right.status, 200);
}

TEST(EmulatorServer, MalformedJsonIs400AndUnknownRouteIs404) {
  EmulatorProcess emulator;
  auto bad = emulator.Raw("POST", "/api/meta/entity/bulk", "{not json",
                          {{"Authorization", "Bearer test-token"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.value("errorCode", ""), "ATLAS-400-00-029");
  auto missing = emulator.Get("/api/meta/nothing/here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.body.contains("errorMessage"));
}

TEST(EmulatorServer, KeepsDataAcrossKillAndRestart) {
  const std::string dir = MakeTempDir();
  const std::string db = dir + "/atlan.db";
  std::string guid;
  {
    EmulatorProcess emulator({"--db", db});
    auto created =
        emulator.Post("/api/meta/entity/bulk",
                      {{"entities", {SdkConnection("default/s3/1700000000", "landing")}}});
    ASSERT_EQ(created.status, 200) << created.body.dump();
    guid = created.body["guidAssignments"]["-1"];
    emulator.process().Kill(SIGKILL);
    emulator.process().Wait();
  }
  EmulatorProcess restarted({"--db", db});
  auto read = restarted.Get("/api/meta/entity/guid/" + guid);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body["entity"]["attributes"]["name"], "landing");
  std::filesystem::remove_all(dir);
}

TEST(EmulatorServer, CountsRequestsPerRouteAndResets) {
  EmulatorProcess emulator;
  emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  EXPECT_EQ(emulator.Post("/api/meta/entity/bulk/", {{"entities", json::array()}}).status, 400);
  auto stats = emulator.Get("/_emulator/stats");
  EXPECT_EQ(stats.body["requests"]["POST /api/meta/search/indexsearch"], 2);
  EXPECT_EQ(stats.body["requests"]["POST /api/meta/entity/bulk"], 1);
  emulator.Delete("/_emulator/stats");
  EXPECT_TRUE(emulator.Get("/_emulator/stats").body["requests"].empty());
}

TEST(EmulatorServer, AddsConfiguredLatency) {
  EmulatorProcess emulator({"--latency-ms", "150"});
  auto start = std::chrono::steady_clock::now();
  emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

// Atlan: about 400 requests a minute per tenant, then 429 and a block of a minute.
TEST(EmulatorServer, RateLimitBlocksTheTenantAfterItsRequestsPerMinute) {
  EmulatorProcess emulator({"--rate-limit-per-minute", "3", "--rate-limit-block-ms", "30000"});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array())).status, 200);
  }
  auto blocked = emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  ASSERT_EQ(blocked.status, 429);
  EXPECT_EQ(httplib::detail::get_header_value(blocked.headers, "Retry-After", 0, ""),
            std::string("30"));
  EXPECT_TRUE(blocked.body.contains("errorMessage"));
  // Every route is blocked, not only the one that went over.
  EXPECT_EQ(emulator.Get("/api/meta/entity/guid/nothing").status, 429);
  emulator.Control({{"advance_clock_ms", 20000}});
  auto later = emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  ASSERT_EQ(later.status, 429);
  EXPECT_EQ(httplib::detail::get_header_value(later.headers, "Retry-After", 0, ""),
            std::string("10"));
  emulator.Control({{"advance_clock_ms", 10000}});
  EXPECT_EQ(emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array())).status, 200);
  EXPECT_EQ(emulator.Get("/_emulator/stats").body["throttled"], 3);
}

// Every early answer (429, injected failure, 401) comes after the body was read, so
// the next request on the same keep-alive connection is parsed from its own start.
TEST(EmulatorServer, EarlyAnswersKeepKeepAliveConnectionsInStep) {
  EmulatorProcess emulator({"--fail-requests", "1,3", "--rate-limit-per-minute", "6"});
  httplib::Client client("127.0.0.1", emulator.port());
  client.set_keep_alive(true);
  const std::string big(64 * 1024, ' ');
  const std::string body = SdkSearch(json::array()).dump() + big;
  const httplib::Headers token = {{"Authorization", "Bearer " + emulator.token()}};
  std::vector<int> statuses;
  for (int i = 0; i < 8; ++i) {
    auto res = client.Post("/api/meta/search/indexsearch", i == 4 ? httplib::Headers{} : token,
                           body, "application/json");
    ASSERT_TRUE(res) << "request " << i + 1 << " got no answer";
    statuses.push_back(res->status);
    EXPECT_TRUE(json::parse(res->body, nullptr, false).contains("errorCode") || res->status == 200);
  }
  EXPECT_EQ(statuses, (std::vector<int>{503, 200, 503, 200, 401, 200, 429, 429}));
}

TEST(EmulatorServer, FailsAndDropsChosenRequests) {
  EmulatorProcess emulator(
      {"--fail-requests", "2", "--drop-requests", "3", "--fail-status", "502"});
  EXPECT_EQ(emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array())).status, 200);
  EXPECT_EQ(emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array())).status, 502);
  auto dropped = emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array()));
  EXPECT_NE(dropped.status, 200);
  EXPECT_TRUE(dropped.body.is_discarded() || dropped.body.is_null()) << dropped.body.dump();
  EXPECT_EQ(emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array())).status, 200);
}

TEST(EmulatorServer, ControlsChangeWhileRunning) {
  EmulatorProcess emulator;
  httplib::Client client("127.0.0.1", emulator.port());
  auto set = client.Post("/_emulator/controls", R"({"fail_probability": 1.0, "fail_status": 503})",
                         "application/json");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->status, 200);
  EXPECT_EQ(emulator.Post("/api/meta/search/indexsearch", SdkSearch(json::array())).status, 503);
  auto unknown = client.Post("/_emulator/controls", R"({"nonsense": 1})", "application/json");
  EXPECT_EQ(unknown->status, 400);
}

}  // namespace
}  // namespace delta_arc::testing
