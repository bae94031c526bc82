// Waiting for a new connection to become usable: polls by guid (or by
// qualifiedName) with pyatlan's backoff until 200, bounded, and a plain error
// when Atlan keeps refusing.
#include "atlan/connection_wait.h"

#include <gtest/gtest.h>

#include "atlan/entity_reads.h"
#include "tests/atlan/fake_atlan.h"

namespace delta_arc::atlan {
namespace {

using delta_arc::testing::FakeAtlanClient;
using delta_arc::testing::FakeRequest;
using delta_arc::testing::Forbidden;
using delta_arc::testing::JsonAnswer;
using std::chrono::milliseconds;

class ConnectionWaitTest : public ::testing::Test {
 protected:
  // Atlan refuses the first `refusals` reads of the connection.
  FakeAtlanClient Atlan(int refusals) {
    return FakeAtlanClient([this, refusals](const FakeRequest&) {
      return ++reads_ <= refusals ? Forbidden() : JsonAnswer(200, {{"entity", {{"guid", "g"}}}});
    });
  }
  http::SleepFn Sleeper() {
    return [this](milliseconds d) { sleeps_.push_back(d.count()); };
  }
  int reads_ = 0;
  std::vector<int64_t> sleeps_;
};

TEST_F(ConnectionWaitTest, PollsByGuidWithBackoffUntilUsable) {
  auto atlan = Atlan(4);
  ASSERT_TRUE(WaitForConnection(*atlan.client, {"g-1", "default/s3/1"}, {}, Sleeper()));
  ASSERT_EQ(atlan.fake->requests.size(), 5u);
  EXPECT_EQ(atlan.fake->requests[0].path,
            "/api/meta/entity/guid/g-1?minExtInfo=true&ignoreRelationships=true");
  EXPECT_EQ(sleeps_, (std::vector<int64_t>{1000, 2000, 4000, 8000}));
}

TEST_F(ConnectionWaitTest, UsableAtOnceCostsOneReadAndNoSleep) {
  auto atlan = Atlan(0);
  ASSERT_TRUE(WaitForConnection(*atlan.client, {"g-1", "default/s3/1"}, {}, Sleeper()));
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(ConnectionWaitTest, SleepsFirstRightAfterCreatingAndReadsByNameWithoutGuid) {
  auto atlan = Atlan(1);
  ASSERT_TRUE(
      WaitForConnection(*atlan.client, {"", "default/s3/1"}, {.sleep_first = true}, Sleeper()));
  EXPECT_EQ(atlan.fake->requests[0].path,
            "/api/meta/entity/uniqueAttribute/type/Connection?attr:qualifiedName=default%2Fs3%2F1"
            "&minExtInfo=true&ignoreRelationships=true");
  EXPECT_EQ(sleeps_, (std::vector<int64_t>{1000, 2000}));
}

TEST_F(ConnectionWaitTest, GivesUpAfterTheLastPollWithAForbiddenError) {
  auto atlan = Atlan(1000);
  auto waited = WaitForConnection(*atlan.client, {"g-1", "default/s3/1"}, {}, Sleeper());
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind, ErrorKind::kForbidden);
  EXPECT_NE(waited.error().message.find("default/s3/1"), std::string::npos);
  EXPECT_EQ(atlan.fake->requests.size(), 10u);  // pyatlan's stop_after_attempt(10)
  int64_t total = 0;
  for (auto s : sleeps_) total += s;
  EXPECT_EQ(total, 55000);  // 1 + 2 + 4 + 8 × 6 s: bounded near a minute
}

TEST_F(ConnectionWaitTest, OtherErrorsAreNotWaitedOn) {
  FakeAtlanClient atlan([](const FakeRequest&) {
    return JsonAnswer(401, {{"errorCode", "ATLAS-401"}, {"errorMessage", "expired"}});
  });
  auto waited = WaitForConnection(*atlan.client, {"g-1", "default/s3/1"}, {}, Sleeper());
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
}

TEST(EntityReads, FindByQualifiedNameReadsTheStoreAndTells404FromErrors) {
  FakeAtlanClient atlan([](const FakeRequest& r) {
    if (r.path.find("attr:qualifiedName=default%2Fs3%2F1&") != std::string::npos) {
      return JsonAnswer(200, {{"entity", {{"guid", "g"}, {"status", "DELETED"}}}});
    }
    return delta_arc::testing::NotFound();
  });
  auto found = FindByQualifiedName(*atlan.client, "Connection", "default/s3/1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((**found)["status"], "DELETED");
  auto missing = FindByQualifiedName(*atlan.client, "Connection", "default/s3/2");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

// The run's cutoff ends the polls: no pause starts that would end past it.
TEST_F(ConnectionWaitTest, APauseThatWouldEndPastTheCutoffIsNotTaken) {
  auto atlan = Atlan(10);
  int64_t now = 0;
  atlan.client->SetCutoff(Cutoff(5000, [&] { return now; }));
  const auto sleeper = [&](milliseconds d) {
    sleeps_.push_back(d.count());
    now += d.count();
  };
  auto waited = WaitForConnection(*atlan.client, {"g-1", "default/s3/1"}, {}, sleeper);
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind, ErrorKind::kStopped);
  EXPECT_EQ(sleeps_, (std::vector<int64_t>{1000, 2000})) << "4 s more would end at 7 s";
  EXPECT_EQ(atlan.fake->requests.size(), 3u);
}

}  // namespace
}  // namespace delta_arc::atlan
