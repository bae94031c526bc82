// Batched writes: a batch refused is sent again when the caller asks for it
// (a new connection becoming usable), and a single upsert reports the guid.
#include "atlan/entity_writes.h"

#include <gtest/gtest.h>

#include "tests/atlan/fake_atlan.h"

namespace delta_arc::atlan {
namespace {

using delta_arc::testing::FakeAtlanClient;
using delta_arc::testing::FakeRequest;
using delta_arc::testing::Forbidden;
using delta_arc::testing::JsonAnswer;
using nlohmann::json;

json Created(const std::string& type, const std::string& guid) {
  return {{"mutatedEntities", {{"CREATE", {{{"typeName", type}, {"guid", guid}}}}}}};
}

TEST(EntityWrites, RefusedBatchIsSentAgainWhileTheCallerSaysSo) {
  int posts = 0;
  FakeAtlanClient atlan([&](const FakeRequest&) {
    return ++posts <= 2 ? Forbidden() : JsonAnswer(200, Created("S3Object", "g"));
  });
  std::vector<ErrorKind> asked;
  auto outcome = UpsertInBatches(
      *atlan.client, 1,
      [](size_t) {
        return json{{"typeName", "S3Object"}};
      },
      50, {},
      [&](const Error& e) {
        asked.push_back(e.kind);
        return true;
      });
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(outcome.created, 1);
  EXPECT_EQ(outcome.batches, 1);
  EXPECT_EQ(asked, (std::vector<ErrorKind>{ErrorKind::kForbidden, ErrorKind::kForbidden}));
  EXPECT_EQ(atlan.fake->requests[0].body, atlan.fake->requests[2].body);
}

TEST(EntityWrites, RefusedBatchFailsWhenTheCallerDeclines) {
  FakeAtlanClient atlan([](const FakeRequest&) { return Forbidden(); });
  auto outcome =
      ArchiveInBatches(*atlan.client, {"a", "b"}, 50, {}, [](const Error&) { return false; });
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::kForbidden);
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
}

TEST(EntityWrites, UpsertOneSendsOneEntityAndReturnsItsGuid) {
  FakeAtlanClient atlan(
      [](const FakeRequest&) { return JsonAnswer(200, Created("Connection", "c-1")); });
  auto upserted = UpsertOne(*atlan.client, {{"typeName", "Connection"}});
  ASSERT_TRUE(upserted);
  EXPECT_EQ(upserted->guid, "c-1");
  EXPECT_TRUE(upserted->created);
  EXPECT_EQ(atlan.fake->requests[0].body["entities"].size(), 1u);
  EXPECT_EQ(atlan.fake->requests[0].Route(), "POST /api/meta/entity/bulk");
}

}  // namespace
}  // namespace delta_arc::atlan
