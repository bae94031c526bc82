// The atlan layer on its own, over a fake transport: search paging (sorted by guid,
// resumed after the last one, ended without an extra request; or from both ends at once),
// write batching (batch sizes, entities built only when their batch is sent), the rate
// limiter on every attempt, and how Atlan's error answers become errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "atlan/entity_writes.h"
#include "atlan/index_search.h"
#include "tests/atlan/fake_atlan.h"

namespace delta_arc::atlan {
namespace {

using delta_arc::testing::FakeAtlanClient;
using delta_arc::testing::FakeRequest;
using delta_arc::testing::JsonAnswer;
using nlohmann::json;

// A store of `count` entities with guids g000, g001, …, searched as Atlan does: sorted by
// __guid as asked, between the `range` clause's guids, `size` a page, the total when
// asked for.
http::Response SearchAnswer(const FakeRequest& request, int count) {
  const json& dsl = request.body["dsl"];
  std::string after;
  std::string before;
  for (const json& clause : dsl["query"]["bool"]["filter"]) {
    if (!clause.contains("range")) continue;
    after = clause["range"]["__guid"].value("gt", "");
    before = clause["range"]["__guid"].value("lt", "");
  }
  const bool descending = dsl["sort"][0]["__guid"]["order"] == "desc";
  json entities = json::array();
  for (int k = 0; k < count && static_cast<int>(entities.size()) < dsl["size"].get<int>(); ++k) {
    const std::string number = std::to_string(descending ? count - 1 - k : k);
    const std::string guid =
        "g" + std::string(3 - std::min<size_t>(3, number.size()), '0') + number;
    if (guid > after && (before.empty() || guid < before)) {
      entities.push_back({{"typeName", "S3Object"}, {"guid", guid}});
    }
  }
  json answer = {{"entities", entities}};
  if (dsl["track_total_hits"] == true) answer["approximateCount"] = count;
  return JsonAnswer(200, answer);
}

std::vector<std::string> PagedGuids(FakeAtlanClient& atlan, int page_size,
                                    bool from_both_ends = false) {
  SearchSpec spec;
  spec.filters.push_back(Term("__typeName.keyword", "S3Object"));
  spec.page_size = page_size;
  spec.from_both_ends = from_both_ends;
  std::vector<std::string> guids;
  const Status status = SearchAll(*atlan.client, spec, [&](const SearchPage& page) {
    for (const json& entity : page.entities) guids.push_back(entity["guid"].get<std::string>());
    return Ok();
  });
  EXPECT_TRUE(status) << status.error().message;
  return guids;
}

// A list that grows with the input (an event burst's names) never makes one terms query
// longer than Elasticsearch takes: past the limit, a bool any of whose terms matches.
TEST(SearchClauses, TermsPastTheLimitSplitIntoQueriesWithinIt) {
  std::vector<std::string> values;
  for (size_t i = 0; i < 2 * kMaxTermsPerQuery + 1; ++i) values.push_back(std::to_string(i));
  EXPECT_EQ(Terms("qualifiedName", {"a", "b"}),
            (nlohmann::json{{"terms", {{"qualifiedName", {"a", "b"}}}}}));
  const nlohmann::json split = Terms("qualifiedName", values);
  const auto& any = split["bool"]["should"];
  ASSERT_EQ(any.size(), 3u);
  EXPECT_EQ(split["bool"]["minimum_should_match"], 1);
  std::vector<std::string> seen;
  for (const auto& clause : any) {
    const auto& chunk = clause["terms"]["qualifiedName"];
    EXPECT_LE(chunk.size(), kMaxTermsPerQuery);
    for (const auto& v : chunk) seen.push_back(v);
  }
  EXPECT_EQ(seen, values);
}

TEST(SearchPaging, EveryResultOnceInGuidOrderWithOneRequestAPage) {
  FakeAtlanClient atlan([](const FakeRequest& request) { return SearchAnswer(request, 7); });
  const auto guids = PagedGuids(atlan, 3);
  ASSERT_EQ(guids.size(), 7u);
  EXPECT_TRUE(std::ranges::is_sorted(guids));
  EXPECT_EQ(std::ranges::adjacent_find(guids), guids.end());
  // 3 + 3 + 1: the short page is the last; no empty page is asked for.
  ASSERT_EQ(atlan.fake->requests.size(), 3u);
  const json& first = atlan.fake->requests[0].body["dsl"];
  EXPECT_EQ(first["track_total_hits"], true);
  EXPECT_EQ(first["sort"][0]["__guid"]["order"], "asc");
  EXPECT_EQ(first["from"], 0);  // resumed by guid, never by offset (no result window)
  EXPECT_EQ(atlan.fake->requests[1].body["dsl"]["track_total_hits"], false);
  EXPECT_NE(atlan.fake->requests[2].body.dump().find(R"({"gt":"g005"})"), std::string::npos);
}

TEST(SearchPaging, AFullLastPageEndsAtTheFirstPagesCount) {
  FakeAtlanClient atlan([](const FakeRequest& request) { return SearchAnswer(request, 6); });
  EXPECT_EQ(PagedGuids(atlan, 3).size(), 6u);
  EXPECT_EQ(atlan.fake->requests.size(), 2u);
}

TEST(SearchPaging, NoResultIsOneRequest) {
  FakeAtlanClient atlan([](const FakeRequest& request) { return SearchAnswer(request, 0); });
  EXPECT_TRUE(PagedGuids(atlan, 3).empty());
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
}

TEST(SearchPaging, AnErrorOfTheCallbackStopsThePaging) {
  FakeAtlanClient atlan([](const FakeRequest& request) { return SearchAnswer(request, 9); });
  SearchSpec spec;
  spec.page_size = 3;
  const Status status = SearchAll(*atlan.client, spec, [](const SearchPage&) -> Status {
    return Fail(ErrorKind::kIo, "stop here");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "stop here");
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
}

// Whichever side's pages come back first (the two sides' requests interleave as the
// threads run), every match is passed on once, for at most two requests more than one
// way takes: each side's last request may find the other side done.
TEST(SearchPaging, FromBothEndsEveryResultOnceForAtMostTwoRequestsMore) {
  for (int count = 0; count <= 20; ++count) {
    for (const int page_size : {1, 3, 4}) {
      FakeAtlanClient atlan([count](const FakeRequest& r) { return SearchAnswer(r, count); });
      auto guids = PagedGuids(atlan, page_size, true);
      std::ranges::sort(guids);
      ASSERT_EQ(guids.size(), static_cast<size_t>(count)) << count << " by " << page_size;
      EXPECT_EQ(std::ranges::adjacent_find(guids), guids.end()) << count << " by " << page_size;
      const auto& requests = atlan.fake->requests;
      const size_t one_way = std::max(1, (count + page_size - 1) / page_size);
      EXPECT_LE(requests.size(), one_way + 2) << count << " by " << page_size;
      const auto descending = std::ranges::count_if(requests, [](const FakeRequest& r) {
        return r.body["dsl"]["sort"][0]["__guid"]["order"] == "desc";
      });
      // The other end is read only when the first page leaves more.
      if (count <= page_size) {
        EXPECT_EQ(descending, 0) << count << " by " << page_size;
      }
      EXPECT_EQ(requests[0].body["dsl"]["track_total_hits"], true);
      for (size_t i = 1; i < requests.size(); ++i) {
        EXPECT_EQ(requests[i].body["dsl"]["track_total_hits"], false);
      }
    }
  }
}

TEST(SearchPaging, FromBothEndsAnErrorOfTheCallbackStopsBothSides) {
  FakeAtlanClient atlan([](const FakeRequest& request) { return SearchAnswer(request, 30); });
  SearchSpec spec;
  spec.page_size = 3;
  spec.from_both_ends = true;
  int pages = 0;
  const Status status = SearchAll(*atlan.client, spec, [&pages](const SearchPage&) -> Status {
    if (++pages == 2) return Fail(ErrorKind::kIo, "stop here");
    return Ok();
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "stop here");
  EXPECT_EQ(pages, 2);
  // The first page, then one request a side: the one answered first stops both.
  EXPECT_LE(atlan.fake->requests.size(), 3u);
}

TEST(WriteBatching, BatchesOfTheGivenSizeEachEntityBuiltWhenItsBatchIsSent) {
  std::vector<size_t> batch_sizes;
  FakeAtlanClient atlan([&](const FakeRequest& request) {
    batch_sizes.push_back(request.body["entities"].size());
    return JsonAnswer(200, json::object());
  });
  std::vector<size_t> built;
  const WriteOutcome outcome = UpsertInBatches(
      *atlan.client, 5,
      [&](size_t i) {
        built.push_back(i);
        // Built only when its batch goes: the batches sent so far are the earlier ones.
        EXPECT_EQ(batch_sizes.size(), i / 2) << i;
        return json{{"typeName", "S3Object"}, {"attributes", {{"qualifiedName", i}}}};
      },
      {.batch_size = 2});
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(outcome.batches, 3);
  EXPECT_EQ(batch_sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(built, (std::vector<size_t>{0, 1, 2, 3, 4}));
}

TEST(WriteBatching, AFailedBatchStopsTheRestAndKeepsWhatWasWritten) {
  int posts = 0;
  FakeAtlanClient atlan([&](const FakeRequest&) {
    return ++posts == 2 ? JsonAnswer(400, {{"errorCode", "ATLAS-400-00-08B"},
                                           {"errorMessage", "bad attribute"}})
                        : JsonAnswer(200, json::object());
  });
  const WriteOutcome outcome = UpsertInBatches(*atlan.client, 6,
                                               [](size_t) {
                                                 return json{{"typeName", "S3Object"}};
                                               },
                                               {.batch_size = 2});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.batches, 1);
  EXPECT_EQ(atlan.fake->requests.size(), 2u);
  EXPECT_NE(outcome.error->message.find("ATLAS-400-00-08B"), std::string::npos);
}

TEST(RateLimit, EveryAttemptWaitsForTheLimiterAndA429IsCountedAndHeldFor) {
  // The limiter's clock moves only when it sleeps; the retrier's sleeps are skipped.
  auto now = std::chrono::steady_clock::time_point(std::chrono::hours(1));
  auto limiter = std::make_shared<http::RateLimiter>(
      http::RateLimiterOptions{.max_per_minute = 60}, [&now] { return now; },
      [&now](std::chrono::milliseconds d) { now += d; });
  int posts = 0;
  auto transport = std::make_unique<delta_arc::testing::FakeAtlan>([&](const FakeRequest&) {
    if (++posts > 1) return JsonAnswer(200, json::object());
    http::Response throttled = JsonAnswer(429, {{"errorCode", "ATLAS-429-00-001"}});
    throttled.headers.Set("Retry-After", "5");
    return throttled;
  });
  AtlanClientOptions options;
  options.base_url = "http://atlan.test";
  options.token = "t";
  options.limiter = limiter;
  delta_arc::testing::FunctionEnv skip_sleeps([] { return int64_t{0}; },
                                              [](std::chrono::milliseconds) {});
  AtlanClient client(options, std::move(transport), skip_sleeps);
  const auto start = now;
  ASSERT_TRUE(client.Call("GET", "/api/meta/types/typedefs"));
  const AtlanCallStats stats = client.stats();
  EXPECT_EQ(stats.requests, 2);
  EXPECT_EQ(stats.retries, 1);
  EXPECT_EQ(stats.throttles, 1);
  EXPECT_EQ(stats.limiter_wait_ms, 5000);  // the retry waited out the Retry-After
  EXPECT_EQ(now - start, std::chrono::milliseconds(5000));
  EXPECT_EQ(stats.Since(stats).throttles, 0);
}

TEST(ErrorAnswers, CodeMessageAndWhatAreNamedAndTheStatusGivesTheKind) {
  const Error error = AtlanErrorFromResponse(
      404, R"({"errorCode":"ATLAS-404-00-007","errorMessage":"no such type"})", "GET /x");
  EXPECT_EQ(error.kind, ErrorKind::kNotFound);
  EXPECT_EQ(error.message, "Atlan answered 404 ATLAS-404-00-007: no such type (GET /x)");
  EXPECT_EQ(AtlanErrorFromResponse(401, "{}", "w").kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(AtlanErrorFromResponse(403, "{}", "w").kind, ErrorKind::kForbidden);
  EXPECT_EQ(AtlanErrorFromResponse(429, "{}", "w").kind, ErrorKind::kThrottled);
  EXPECT_EQ(AtlanErrorFromResponse(500, "{}", "w").kind, ErrorKind::kUnavailable);
  EXPECT_EQ(AtlanErrorFromResponse(409, "{}", "w").kind, ErrorKind::kRemote);
}

// A request Atlan does not answer in time says so, with the setting that bounds it, not
// that Atlan cannot be reached; it is retried as a connection failure is.
TEST(ErrorAnswers, ATimeoutSaysAtlanDidNotAnswerInTime) {
  struct Silent : http::Transport {
    Result<http::Response> Send(const http::Request&) override {
      return Fail(ErrorKind::kTimedOut, "GET http://atlan.test/api/meta/types/typedefs: timed out");
    }
  };
  AtlanClientOptions options;
  options.base_url = "http://atlan.test";
  options.token = "t";
  options.retry.max_attempts = 2;
  delta_arc::testing::FunctionEnv skip_sleeps([] { return int64_t{0}; },
                                              [](std::chrono::milliseconds) {});
  AtlanClient client(options, std::make_unique<Silent>(), skip_sleeps);
  auto answer = client.Call("GET", "/api/meta/types/typedefs");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().kind, ErrorKind::kTimedOut);
  EXPECT_EQ(answer.error().message.find("cannot reach"), std::string::npos)
      << answer.error().message;
  EXPECT_NE(answer.error().message.find("did not answer GET /api/meta/types/typedefs within "
                                        "60000 ms (ATLAN_TIMEOUT_SECONDS)"),
            std::string::npos)
      << answer.error().message;
  EXPECT_EQ(client.stats().retries, 1);
}

TEST(ErrorAnswers, OtherFieldNamesAndBodiesThatAreNotJsonStillSayWhat) {
  // Heracles (Atlan's user service) answers {"code":…,"message":…}.
  EXPECT_EQ(AtlanErrorFromResponse(400, R"({"code":4001,"message":"bad"})", "w").message,
            "Atlan answered 400 4001: bad (w)");
  const Error html = AtlanErrorFromResponse(502, "<html>Bad Gateway</html>", "w");
  EXPECT_EQ(html.message, "Atlan answered 502: <html>Bad Gateway</html> (w)");
  const Error long_body = AtlanErrorFromResponse(500, std::string(5000, 'x'), "w");
  EXPECT_LT(long_body.message.size(), 400u);
}

// The run's cutoff (common/cutoff.h): a request's timeout is what is left of it, and
// none starts once it has passed.
TEST(Cutoff, NoRequestOutlivesTheRunsCutoffNorStartsAfterIt) {
  int64_t now = 1000;
  FakeAtlanClient atlan([](const FakeRequest&) { return JsonAnswer(200, json::object()); });
  atlan.client->SetCutoff(Cutoff(4000, [&] { return now; }));
  ASSERT_TRUE(atlan.client->Call("GET", "/api/meta/types/typedefs"));
  EXPECT_EQ(atlan.fake->requests.back().timeout, std::chrono::milliseconds(3000));
  now = 4000;
  auto late = atlan.client->Call("GET", "/api/meta/types/typedefs");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::kStopped);
  EXPECT_NE(late.error().message.find("GET /api/meta/types/typedefs"), std::string::npos)
      << late.error().message;
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
  atlan.client->SetCutoff({});  // the next run has its own
  ASSERT_TRUE(atlan.client->Call("GET", "/api/meta/types/typedefs"));
  EXPECT_EQ(atlan.fake->requests.back().timeout, std::chrono::milliseconds(60000));
}

// The cutoff bounds the rate limiter's wait, not the request's own timeout: with ten
// minutes left, a 90-second hold after a 429 is waited out (the timeout is 60 s).
TEST(Cutoff, TheLimitersWaitIsBoundByTheCutoffNotByTheTimeout) {
  auto now = std::chrono::steady_clock::time_point(std::chrono::hours(1));
  auto limiter = std::make_shared<http::RateLimiter>(
      http::RateLimiterOptions{}, [&now] { return now; },
      [&now](std::chrono::milliseconds d) { now += d; });
  limiter->OnThrottled(std::chrono::seconds(90));
  auto transport = std::make_unique<delta_arc::testing::FakeAtlan>(
      [](const FakeRequest&) { return JsonAnswer(200, json::object()); });
  AtlanClientOptions options;
  options.base_url = "http://atlan.test";
  options.token = "t";
  options.limiter = limiter;
  delta_arc::testing::FunctionEnv skip_sleeps([] { return int64_t{0}; },
                                              [](std::chrono::milliseconds) {});
  AtlanClient client(options, std::move(transport), skip_sleeps);
  client.SetCutoff(Cutoff(600'000, [] { return int64_t{0}; }));
  const auto start = now;
  auto answer = client.Call("GET", "/api/meta/types/typedefs");
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_EQ(now - start, std::chrono::seconds(90));
}

TEST(Cutoff, ARetryThatWouldWaitPastTheCutoffIsNotMade) {
  int64_t now = 0;
  FakeAtlanClient atlan([](const FakeRequest&) {
    return http::Response{.status = 503, .headers = {{"Retry-After", "5"}}, .body = "{}"};
  });
  atlan.client->SetCutoff(Cutoff(3000, [&] { return now; }));
  auto answer = atlan.client->Call("GET", "/api/meta/types/typedefs");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(atlan.fake->requests.size(), 1u) << "a retry 5 s later, with 3 s left";
}

}  // namespace
}  // namespace delta_arc::atlan
