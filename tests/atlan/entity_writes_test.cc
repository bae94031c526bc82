// Batched writes: a batch refused is sent again when the caller asks for it
// (a new connection becoming usable), and a single upsert reports the guid.
// Answers of another shape than Atlan's, to writes, searches and reads (found by
// fuzz/atlan_json_fuzz.cc), are kRemote errors or read as absent, never exceptions
// (json's value() and get() throw on a type they were not asked for).
#include "atlan/entity_writes.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "atlan/entity_attributes.h"
#include "atlan/entity_reads.h"
#include "atlan/index_search.h"
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
  auto outcome = UpsertInBatches(*atlan.client, 1,
                                 [](size_t) {
                                   return json{{"typeName", "S3Object"}};
                                 },
                                 {.retry_batch = [&](const Error& e) {
                                   asked.push_back(e.kind);
                                   return true;
                                 }});
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(outcome.created, 1);
  EXPECT_EQ(outcome.batches, 1);
  EXPECT_EQ(asked, (std::vector<ErrorKind>{ErrorKind::kForbidden, ErrorKind::kForbidden}));
  EXPECT_EQ(atlan.fake->requests[0].body, atlan.fake->requests[2].body);
}

// A refused batch's retry may wait a long time (a new connection's policies): the other
// batches go on meanwhile, and their answers are counted.
TEST(EntityWrites, ARetryWaitsWithoutHoldingUpTheOtherBatches) {
  std::atomic<bool> refused_once{false};
  std::atomic<bool> retrying{false};
  FakeAtlanClient atlan([&](const FakeRequest& r) {
    if (r.body["entities"][0]["attributes"]["qualifiedName"] == "a") {
      if (!refused_once.exchange(true)) return Forbidden();
    } else {
      // The other batch is answered only once the refused one is waiting to be sent again.
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (!retrying && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    }
    return JsonAnswer(200, Created("S3Object", "g"));
  });
  std::promise<void> other_counted;
  auto counted = other_counted.get_future();
  std::atomic<bool> any_counted{false};
  bool waited_for_the_other = false;
  auto outcome = UpsertInBatches(
      *atlan.client, 2,
      [](size_t i) {
        return json{{"typeName", "S3Object"}, {"attributes", {{"qualifiedName", i ? "b" : "a"}}}};
      },
      {.batch_size = 1,
       .concurrency = 2,
       .retry_batch =
           [&](const Error&) {
             retrying = true;
             waited_for_the_other =
                 counted.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
             return true;
           },
       .on_sent =
           [&](size_t) {
             if (!any_counted.exchange(true)) other_counted.set_value();
           }});
  EXPECT_FALSE(outcome.error);
  EXPECT_TRUE(waited_for_the_other) << "the other batch's answer waited for the retry";
  EXPECT_EQ(outcome.created, 2);
  EXPECT_EQ(atlan.fake->requests.size(), 3u);
}

TEST(EntityWrites, CountsWhatAFullBulkAnswerSaysWasCreatedAndUpdated) {
  // Atlan's answer names every entity with its attributes; the counts are all it keeps.
  const json header = {{"typeName", "S3Object"},
                       {"guid", "g"},
                       {"status", "ACTIVE"},
                       {"attributes", {{"qualifiedName", "q"}, {"name", "n"}}},
                       {"classificationNames", json::array()}};
  const json answer = {
      {"mutatedEntities",
       {{"CREATE", {header, header, header}}, {"UPDATE", {header}}, {"PARTIAL_UPDATE", {header}}}},
      {"guidAssignments", {{"-1", "g"}, {"-2", "h"}}},
      {"partialUpdatedEntities", {header}}};
  FakeAtlanClient atlan([&](const FakeRequest&) { return JsonAnswer(200, answer); });
  auto outcome = UpsertInBatches(
      *atlan.client, 4,
      [](size_t) {
        return json{{"typeName", "S3Object"}, {"attributes", {{"qualifiedName", "q"}}}};
      },
      {.batch_size = 4});
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(outcome.created, 3);
  EXPECT_EQ(outcome.updated, 1);
  EXPECT_EQ(atlan.fake->requests.at(0).body["entities"].size(), 4u);
}

// Atlas lists the assets at the far end of the relationships a write makes under UPDATE
// too (a Process's tables, an object an earlier batch wrote): only what the batch sent
// counts as written.
TEST(EntityWrites, RelatedAssetsAtlanListsAsUpdatedAreNotCounted) {
  const auto header = [](const std::string& type, const std::string& qn) {
    return json{{"typeName", type}, {"guid", qn}, {"attributes", {{"qualifiedName", qn}}}};
  };
  FakeAtlanClient atlan([&](const FakeRequest& r) {
    json created = json::array();
    for (const auto& e : r.body["entities"]) {
      created.push_back(header(e["typeName"], e["attributes"]["qualifiedName"]));
    }
    return JsonAnswer(200,
                      {{"mutatedEntities",
                        {{"CREATE", created},
                         {"UPDATE",
                          {header("Table", "default/postgres/1/DB/SCH/T"),
                           header("S3Object", "earlier/object"), header("Process", "p/0")}}}}});
  });
  auto outcome =
      UpsertInBatches(*atlan.client, 2,
                      [](size_t i) {
                        return json{{"typeName", "Process"},
                                    {"attributes", {{"qualifiedName", "p/" + std::to_string(i)}}}};
                      },
                      {.batch_size = 2});
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(outcome.created, 2);
  EXPECT_EQ(outcome.updated, 1);  // p/0, which the batch sent; not the table or the object
}

TEST(EntityWrites, RefusedBatchFailsWhenTheCallerDeclines) {
  FakeAtlanClient atlan([](const FakeRequest&) { return Forbidden(); });
  auto outcome = ArchiveInBatches(*atlan.client, {"a", "b"},
                                  {.retry_batch = [](const Error&) { return false; }});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::kForbidden);
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
}

// The guids a bulk delete names, from its query string.
size_t GuidsIn(const FakeRequest& request) {
  size_t n = 0;
  for (size_t at = request.path.find("&guid="); at != std::string::npos;
       at = request.path.find("&guid=", at + 1)) {
    ++n;
  }
  return n;
}

json Archived(size_t n) {
  json deleted = json::array();
  for (size_t i = 0; i < n; ++i) deleted.push_back({{"typeName", "S3Object"}, {"guid", "g"}});
  return {{"mutatedEntities", {{"DELETE", deleted}}}};
}

std::vector<std::string> Guids(size_t n) {
  std::vector<std::string> guids;
  for (size_t i = 0; i < n; ++i) {
    guids.push_back(std::to_string(10000000 + i) + "-aaaa-bbbb-cccc-dddddddddddd");  // 36
  }
  return guids;
}

TEST(EntityWrites, ArchiveBatchesStayUnderTheUrlLimitWhateverTheBatchSize) {
  FakeAtlanClient atlan([](const FakeRequest& r) { return JsonAnswer(200, Archived(GuidsIn(r))); });
  const auto guids = Guids(1000);
  auto outcome = ArchiveInBatches(*atlan.client, guids, {.batch_size = 500});
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(outcome.archived, 1000);
  size_t named = 0;
  for (const auto& request : atlan.fake->requests) {
    EXPECT_LE(request.path.size(), kMaxArchivePathBytes);
    if (&request != &atlan.fake->requests.back()) {
      // As many as fit: one guid more would not.
      EXPECT_GT(request.path.size() + std::string("&guid=").size() + 36, kMaxArchivePathBytes);
    }
    named += GuidsIn(request);
  }
  EXPECT_EQ(named, 1000u);
  EXPECT_GT(atlan.fake->requests.size(), 2u);
}

TEST(EntityWrites, ArchiveRefusedAsTooLongIsHalvedUntilItPasses) {
  // A proxy with a shorter limit than kMaxArchivePathBytes: 414 past 30 guids.
  FakeAtlanClient atlan([](const FakeRequest& r) {
    if (GuidsIn(r) > 30) return JsonAnswer(414, {{"message", "URI Too Long"}});
    return JsonAnswer(200, Archived(GuidsIn(r)));
  });
  const auto guids = Guids(300);
  auto outcome = ArchiveInBatches(*atlan.client, guids, {.batch_size = 100, .max_batch_size = 100});
  EXPECT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(outcome.archived, 300);
  EXPECT_EQ(outcome.written, 300u);
  std::set<std::string> sent;
  for (const auto& request : atlan.fake->requests) {
    if (GuidsIn(request) > 30) continue;
    for (size_t at = request.path.find("&guid="); at != std::string::npos;
         at = request.path.find("&guid=", at + 1)) {
      sent.insert(request.path.substr(at + 6, 36));
    }
  }
  EXPECT_EQ(sent.size(), 300u);  // each guid archived, none lost in the halving
}

TEST(EntityWrites, OneGuidTooLongIsAnError) {
  FakeAtlanClient atlan([](const FakeRequest&) { return JsonAnswer(414, json::object()); });
  auto outcome = ArchiveInBatches(*atlan.client, {"a"}, {});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::kTooLarge);
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

FakeAtlanClient Answering(std::string body) {
  return FakeAtlanClient([body](const FakeRequest&) {
    return http::Response{.status = 200, .headers = {}, .body = body};
  });
}

Status IgnorePage(const SearchPage&) {
  return Ok();
}

TEST(MalformedAnswers, JsonThatIsNotAnObjectIsAnError) {
  for (const std::string body : {"4", "[]", "\"x\"", "null"}) {
    auto atlan = Answering(body);
    auto answer = atlan.client->Call("GET", "/api/meta/entity/guid/g");
    ASSERT_FALSE(answer) << body;
    EXPECT_EQ(answer.error().kind, ErrorKind::kRemote);
    EXPECT_NE(answer.error().message.find("not an object"), std::string::npos) << body;
    auto upserted = UpsertOne(*atlan.client, {{"typeName", "Connection"}});
    EXPECT_FALSE(upserted) << body;
  }
  auto empty = Answering("");
  EXPECT_EQ(empty.client->Call("GET", "/api/meta/entity/guid/g").value(), json::object());
}

TEST(MalformedAnswers, SearchPageWithEntitiesOfAnotherShapeIsAnError) {
  const std::vector<std::pair<json, std::string>> cases = {
      {json::array({1}), "an entity that is a number"},
      {json::array({{{"guid", 5}}}), "an entity whose guid is not a string"},
      {json::array({{{"guid", "g"}, {"createTime", "yesterday"}}}),
       "an entity whose createTime is not an integer"},
      {json::array({{{"guid", "g"}, {"attributes", {{"qualifiedName", 1}}}}}),
       "an entity whose attributes.qualifiedName is not a string"},
      {json::array({{{"typeName", "Table"}}}), "an entity without a guid"},
  };
  for (const auto& [entities, expected] : cases) {
    auto atlan = Answering(json{{"approximateCount", 1}, {"entities", entities}}.dump());
    auto status = SearchAll(*atlan.client, SearchSpec{}, IgnorePage);
    ASSERT_FALSE(status) << entities.dump();
    EXPECT_EQ(status.error().kind, ErrorKind::kRemote);
    EXPECT_NE(status.error().message.find(expected), std::string::npos) << status.error().message;
  }
  auto count = Answering(R"({"approximateCount":"2","entities":[]})");
  EXPECT_FALSE(SearchFirst(*count.client, SearchSpec{}, 1, json::object()));
}

TEST(MalformedAnswers, EntityReadOfAnotherShapeIsAnError) {
  auto atlan = Answering(R"({"entity":{"guid":"g","status":["DELETED"]}})");
  auto found = FindByQualifiedName(*atlan.client, "Connection", "default/s3/1");
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message.find("an entity whose status is not a string"),
            std::string::npos);
}

TEST(MalformedAnswers, MutationHeadersAndRolesOfAnotherShapeAreReadAsAbsent) {
  auto headers = Answering(R"({"mutatedEntities":{"CREATE":[1,{"typeName":2,"guid":3}]}})");
  auto upserted = UpsertOne(*headers.client, {{"typeName", "Connection"}});
  ASSERT_TRUE(upserted);
  EXPECT_EQ(upserted->guid, "");
  auto roles = Answering(R"({"records":[7,{"name":"$admin","id":8}]})");
  auto ids = RoleIds(*roles.client, {"$admin"});
  ASSERT_FALSE(ids);
  EXPECT_EQ(ids.error().kind, ErrorKind::kInvalidArgument);  // no role with a usable id
  auto no_list = Answering(R"({"records":7})");
  ASSERT_FALSE(RoleIds(*no_list.client, {"$admin"}));
}

TEST(MalformedAnswers, StringFieldReadsOnlyStrings) {
  EXPECT_EQ(StringField(json{{"a", "x"}}, "a"), "x");
  EXPECT_EQ(StringField(json{{"a", 1}}, "a"), "");
  EXPECT_EQ(StringField(json::array({"a"}), "a"), "");
  EXPECT_EQ(StringAttribute(json{{"attributes", {{"name", true}}}}, "name"), "");
  EXPECT_EQ(StringAttribute(json{{"attributes", {{"name", "n"}}}}, "name"), "n");
}

TEST(MalformedAnswers, IntegerFieldReadsOnlyIntegers) {
  EXPECT_EQ(IntegerField(json{{"s3ObjectSize", 42}}, "s3ObjectSize"), 42);
  EXPECT_EQ(IntegerField(json{{"s3ObjectSize", "42"}}, "s3ObjectSize"), 0);
  EXPECT_EQ(IntegerField(json{{"s3ObjectSize", 4.2}}, "s3ObjectSize"), 0);
  EXPECT_EQ(IntegerField(json::array({1}), "s3ObjectSize"), 0);
}

}  // namespace
}  // namespace delta_arc::atlan
