// The S3 connection: its deterministic qualifiedName, the choice among several of
// one name, finding it by unique attribute when search cannot see it, and the
// writes under a new connection (own request, wait until usable, resend on 403).
#include "lineage/s3_connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <regex>
#include <thread>

#include "atlan/index_search.h"
#include "lineage/discover.h"
#include "lineage/run_steps.h"
#include "tests/atlan/fake_atlan.h"
#include "tests/support/fake_env.h"

namespace delta_arc::lineage {
namespace {

using delta_arc::testing::FakeAtlanClient;
using delta_arc::testing::FakeRequest;
using delta_arc::testing::Forbidden;
using delta_arc::testing::JsonAnswer;
using delta_arc::testing::NotFound;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr int64_t kNow = 1'760'000'000'000;  // a fixed "now", epoch ms
constexpr int64_t kLongAgo = kNow - 30LL * 24 * 3600 * 1000;

// A logger whose lines the test reads.
struct CapturedLog {
  std::vector<std::string> lines;
  Logger log{LogLevel::kDebug, false, [this](const std::string& l) { lines.push_back(l); }};
  bool Has(const std::string& text) const {
    for (const auto& l : lines) {
      if (l.find(text) != std::string::npos) return true;
    }
    return false;
  }
};

TEST(S3ConnectionQualifiedName, IsAtlansFormWithDigitsFromTheNameInAnyCase) {
  // FNV-1a 64 of "landing-s3" is 0xb9e9daa1269389b9; modulo 10^10, 2262044089 (computed
  // apart, in Python).
  EXPECT_EQ(S3ConnectionQualifiedName("landing-s3"), "default/s3/2262044089");
  EXPECT_EQ(S3ConnectionQualifiedName("LANDING-S3"), "default/s3/2262044089");
  EXPECT_EQ(S3ConnectionQualifiedName("Landing-S3"), "default/s3/2262044089");
  // Lowercased by Unicode's simple mapping, as Atlan's normalizer does.
  EXPECT_EQ(S3ConnectionQualifiedName("ÜBER-LANDING"), S3ConnectionQualifiedName("über-landing"));
  EXPECT_EQ(S3ConnectionQualifiedName("über-landing"), "default/s3/9901131313");
  EXPECT_NE(S3ConnectionQualifiedName("landing-s3"), S3ConnectionQualifiedName("landing-s4"));
  const std::regex form("default/s3/[0-9]{10}");
  for (const char* name : {"", "a", "x", "a very long connection name with spaces"}) {
    EXPECT_TRUE(std::regex_match(S3ConnectionQualifiedName(name), form)) << name;
  }
}

ConnectionRef S3(const std::string& name, const std::string& qn, int64_t created) {
  return {name, qn, "s3", "guid-" + qn, created};
}

TEST(ChooseS3Connection, PrefersTheDerivedNameThenTheOldestThenExactCase) {
  const std::string derived = S3ConnectionQualifiedName("landing");
  EXPECT_EQ(
      ChooseS3Connection({S3("landing", "default/s3/1", 1), S3("Landing", derived, 9)}, "landing")
          .index,
      1u);
  auto oldest = ChooseS3Connection(
      {S3("landing", "default/s3/3", 300), S3("landing", "default/s3/2", 200)}, "landing");
  EXPECT_EQ(oldest.index, 1u);
  EXPECT_NE(oldest.reason.find("oldest"), std::string::npos);
  EXPECT_EQ(ChooseS3Connection(
                {S3("LANDING", "default/s3/1", 100), S3("landing", "default/s3/2", 100)}, "landing")
                .index,
            1u);
  EXPECT_EQ(ChooseS3Connection(
                {S3("landing", "default/s3/2", 100), S3("landing", "default/s3/1", 100)}, "landing")
                .index,
            1u);
  // An unknown creation time never wins over a known one.
  EXPECT_EQ(ChooseS3Connection(
                {S3("landing", "default/s3/1", 0), S3("landing", "default/s3/2", 100)}, "landing")
                .index,
            1u);
}

json ConnectionHit(const std::string& name, const std::string& qn, const std::string& connector,
                   int64_t created) {
  return {{"typeName", "Connection"},
          {"guid", "guid-" + qn},
          {"createTime", created},
          {"attributes", {{"name", name}, {"qualifiedName", qn}, {"connectorName", connector}}}};
}

FakeAtlanClient SearchAnswering(json hits) {
  return FakeAtlanClient([hits](const FakeRequest&) {
    return JsonAnswer(200, {{"approximateCount", hits.size()}, {"entities", hits}});
  });
}

const ConnectionNames kNames{{{"pg", "postgres", "POSTGRES_CONNECTION_NAME"}},
                             {{"sf", "snowflake", "SNOWFLAKE_CONNECTION_NAME"}},
                             "landing"};

TEST(FindConnections, MatchesNamesInAnyCasePreferringExactCase) {
  auto atlan = SearchAnswering({ConnectionHit("PG", "default/postgres/1", "postgres", 1),
                                ConnectionHit("pg", "default/postgres/2", "postgres", 2),
                                ConnectionHit("SF", "default/snowflake/3", "snowflake", 3),
                                ConnectionHit("Landing", "default/s3/4", "s3", 4)});
  CapturedLog log;
  auto found = FindConnections(*atlan.client, kNames, log.log);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->source.size(), 1u);
  EXPECT_EQ(found->source[0].qualified_name, "default/postgres/2");
  EXPECT_EQ(found->target.at(0).qualified_name, "default/snowflake/3");
  ASSERT_TRUE(found->s3);
  EXPECT_EQ(found->s3->qualified_name, "default/s3/4");
  EXPECT_EQ(found->s3->create_time, 4);
}

// The catalogs' pages come in whatever order their search reads them (from both ends at
// once): tables of one name in several schemas are ordered by qualifiedName, not by the
// order they came in.
TEST(DiscoverCatalogs, TablesOfOneNameInQualifiedNameOrderWhicheverComesFirst) {
  auto connections = SearchAnswering({ConnectionHit("pg", "default/postgres/2", "postgres", 1),
                                      ConnectionHit("sf", "default/snowflake/3", "snowflake", 2)});
  CapturedLog log;
  auto found = FindConnections(*connections.client, kNames, log.log);
  ASSERT_TRUE(found) << found.error().message;
  const auto table = [](const std::string& guid, const std::string& schema) {
    return json{{"typeName", "Table"},
                {"guid", guid},
                {"attributes",
                 {{"name", "ORDERS"},
                  {"qualifiedName", "default/postgres/2/DB/" + schema + "/ORDERS"},
                  {"connectionQualifiedName", "default/postgres/2"}}}};
  };
  for (const auto& hits : {json::array({table("g1", "B"), table("g2", "A")}),
                           json::array({table("g1", "A"), table("g2", "B")})}) {
    auto atlan = SearchAnswering(hits);
    auto catalogs = DiscoverCatalogs(*atlan.client, *found, 1000, kNow, false);
    ASSERT_TRUE(catalogs) << catalogs.error().message;
    ASSERT_EQ(catalogs->source.tables.size(), 2u);
    EXPECT_EQ(catalogs->source.tables[0].qualified_name, "default/postgres/2/DB/A/ORDERS");
    EXPECT_EQ(catalogs->source.tables[1].qualified_name, "default/postgres/2/DB/B/ORDERS");
  }
}

TEST(FindConnections, SeveralS3ConnectionsOfTheNameDoNotStopTheRun) {
  auto atlan = SearchAnswering({ConnectionHit("pg", "default/postgres/1", "postgres", 1),
                                ConnectionHit("sf", "default/snowflake/2", "snowflake", 2),
                                ConnectionHit("landing", "default/s3/1757000200", "s3", 200),
                                ConnectionHit("landing", "default/s3/1757000100", "s3", 100)});
  CapturedLog log;
  auto found = FindConnections(*atlan.client, kNames, log.log);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->s3->qualified_name, "default/s3/1757000100");
  EXPECT_TRUE(log.Has("more than one S3 connection"));
  EXPECT_TRUE(log.Has("default/s3/1757000200"));  // the other one is named
}

TEST(FindConnections, AmbiguousSourceConnectionIsStillAnError) {
  auto atlan = SearchAnswering({ConnectionHit("PG", "default/postgres/1", "postgres", 1),
                                ConnectionHit("Pg", "default/postgres/2", "postgres", 2),
                                ConnectionHit("sf", "default/snowflake/3", "snowflake", 3)});
  CapturedLog log;
  auto found = FindConnections(*atlan.client, kNames, log.log);
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message.find("POSTGRES_CONNECTION_NAME"), std::string::npos);
}

// A search asked beside the connections' goes in the same request, either's matches
// answering it; what is not a connection comes back apart (a run asks for the bucket's
// ARN this way, for when its S3 connection does not exist yet).
TEST(FindConnections, AnswersASearchAskedBesideItInTheSameRequest) {
  std::vector<json> sent;
  const json bucket = {{"typeName", "S3Bucket"},
                       {"guid", "guid-bucket"},
                       {"attributes",
                        {{"qualifiedName", "default/s3/9/arn:aws:s3:::landing"},
                         {"awsArn", "arn:aws:s3:::landing"}}}};
  const json hits = {ConnectionHit("pg", "default/postgres/1", "postgres", 1),
                     ConnectionHit("sf", "default/snowflake/2", "snowflake", 2), bucket};
  FakeAtlanClient atlan([&](const FakeRequest& request) {
    sent.push_back(request.body);
    return JsonAnswer(200, {{"approximateCount", hits.size()}, {"entities", hits}});
  });
  atlan::SearchSpec also;
  also.filters = json::array({atlan::Term("awsArn", "arn:aws:s3:::landing")});
  also.attributes = {"awsArn"};
  CapturedLog log;
  auto found = FindConnections(*atlan.client, kNames, log.log, &also);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(found->source.at(0).qualified_name, "default/postgres/1");
  EXPECT_FALSE(found->s3);
  ASSERT_EQ(found->also_found.size(), 1u);
  EXPECT_EQ(found->also_found[0]["guid"], "guid-bucket");
  // Either search's matches: a `should` of the two, with both searches' attributes.
  const json& query = sent[0]["dsl"]["query"];
  const std::string text = query.dump();
  EXPECT_NE(text.find("\"should\""), std::string::npos) << text;
  EXPECT_NE(text.find("arn:aws:s3:::landing"), std::string::npos) << text;
  EXPECT_NE(text.find("Connection"), std::string::npos) << text;
  EXPECT_EQ(sent[0]["attributes"], json({"connectorName", "awsArn"}));

  // Without it, the search is the connections' alone.
  sent.clear();
  ASSERT_TRUE(FindConnections(*atlan.client, kNames, log.log));
  EXPECT_EQ(sent.at(0)["dsl"]["query"].dump().find("awsArn"), std::string::npos);
}

// SOURCE_/TARGET_CONNECTION_NAME: any connector but s3, which a name shared with the S3
// connection must not pick.
TEST(FindConnections, ASideOfAnySqlConnectorTakesAnyButS3) {
  auto atlan = SearchAnswering({ConnectionHit("shop", "default/s3/1", "s3", 1),
                                ConnectionHit("shop", "default/mysql/2", "mysql", 2),
                                ConnectionHit("dw", "default/bigquery/3", "bigquery", 3)});
  const ConnectionNames names{
      {{"shop", "", "SOURCE_CONNECTION_NAME"}}, {{"dw", "", "TARGET_CONNECTION_NAME"}}, "landing"};
  CapturedLog log;
  auto found = FindConnections(*atlan.client, names, log.log);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->source.at(0).qualified_name, "default/mysql/2");
  EXPECT_EQ(found->target.at(0).connector_name, "bigquery");

  auto only_s3 = SearchAnswering({ConnectionHit("shop", "default/s3/1", "s3", 1),
                                  ConnectionHit("dw", "default/bigquery/3", "bigquery", 3)});
  auto refused = FindConnections(*only_s3.client, names, log.log);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "SOURCE_CONNECTION_NAME: the connection named 'shop' is a s3 connection, not one of a "
            "SQL connector");
}

// A side of several connections (SOURCE_CONNECTION_NAME=a,b): each found, in the order
// named, in the one search; one named twice would count its tables twice.
TEST(FindConnections, ASideOfSeveralConnectionsFindsEachInOneSearch) {
  auto atlan = SearchAnswering({ConnectionHit("shop", "default/mysql/1", "mysql", 1),
                                ConnectionHit("crm", "default/postgres/2", "postgres", 2),
                                ConnectionHit("dw", "default/snowflake/3", "snowflake", 3)});
  const ConnectionNames names{
      {{"crm", "", "SOURCE_CONNECTION_NAME"}, {"shop", "", "SOURCE_CONNECTION_NAME"}},
      {{"dw", "", "TARGET_CONNECTION_NAME"}},
      "landing"};
  CapturedLog log;
  auto found = FindConnections(*atlan.client, names, log.log);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->source.size(), 2u);
  EXPECT_EQ(found->source[0].qualified_name, "default/postgres/2");
  EXPECT_EQ(found->source[1].qualified_name, "default/mysql/1");
  EXPECT_EQ(atlan.fake->requests.size(), 1u);

  const ConnectionNames twice{
      {{"crm", "", "SOURCE_CONNECTION_NAME"}, {"CRM", "", "SOURCE_CONNECTION_NAME"}},
      {{"dw", "", "TARGET_CONNECTION_NAME"}},
      "landing"};
  auto refused = FindConnections(*atlan.client, twice, log.log);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "SOURCE_CONNECTION_NAME: the connection 'CRM' is named twice");
}

TEST(ResolveS3Connection, FoundBySearchCostsNoRequest) {
  auto atlan = SearchAnswering(json::array());
  CapturedLog log;
  auto c = ResolveS3Connection(*atlan.client, S3("landing", "default/s3/1757000000", 5), "landing",
                               kNow, log.log);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->exists);
  EXPECT_EQ(c->qualified_name, "default/s3/1757000000");
  EXPECT_TRUE(atlan.fake->requests.empty());
}

// Atlan answering GET by unique attribute for the derived connection with `entity`
// (or 404 when null, or `status` when not 200).
FakeAtlanClient UniqueAttributeAnswering(json entity, int status = 200) {
  return FakeAtlanClient([entity, status](const FakeRequest& r) {
    EXPECT_EQ(r.Route(), "GET /api/meta/entity/uniqueAttribute/type/Connection");
    if (status == 403) return Forbidden();
    if (entity.is_null()) return NotFound();
    return JsonAnswer(status, {{"entity", entity}});
  });
}

TEST(ResolveS3Connection, ChecksTheDerivedNameByUniqueAttributeBeforeCreating) {
  const std::string qn = S3ConnectionQualifiedName("landing");
  CapturedLog log;
  auto missing = UniqueAttributeAnswering(nullptr);
  auto c = ResolveS3Connection(*missing.client, std::nullopt, "landing", kNow, log.log);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->exists);
  EXPECT_EQ(c->qualified_name, qn);
  ASSERT_EQ(missing.fake->requests.size(), 1u);
  EXPECT_NE(missing.fake->requests[0].path.find("attr:qualifiedName=default%2Fs3%2F"),
            std::string::npos);

  json active = ConnectionHit("Landing", qn, "s3", kNow - 2000);
  active["status"] = "ACTIVE";
  auto present = UniqueAttributeAnswering(active);
  c = ResolveS3Connection(*present.client, std::nullopt, "landing", kNow, log.log);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->exists);
  EXPECT_EQ(c->guid, "guid-" + qn);
  EXPECT_TRUE(IsYoung(*c, kNow));

  json archived = active;
  archived["status"] = "DELETED";
  auto restored = UniqueAttributeAnswering(archived);
  c = ResolveS3Connection(*restored.client, std::nullopt, "landing", kNow, log.log);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->exists);
  EXPECT_TRUE(c->archived);
  EXPECT_TRUE(log.Has("restores"));

  auto bootstrapping = UniqueAttributeAnswering(nullptr, 403);
  c = ResolveS3Connection(*bootstrapping.client, std::nullopt, "landing", kNow, log.log);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->exists);
  EXPECT_TRUE(IsYoung(*c, kNow));

  auto taken = UniqueAttributeAnswering(ConnectionHit("other", qn, "s3", 1));
  c = ResolveS3Connection(*taken.client, std::nullopt, "landing", kNow, log.log);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kConflict);
}

TEST(IsYoung, JudgesByCreationTimeAllowingForSkew) {
  S3Connection c;
  c.create_time = kNow - 60'000;
  EXPECT_TRUE(IsYoung(c, kNow));
  c.create_time = kNow + 120'000;  // the tenant's clock runs ahead of ours
  EXPECT_TRUE(IsYoung(c, kNow));
  c.create_time = kNow - kYoungConnectionMs;
  EXPECT_FALSE(IsYoung(c, kNow));
  c.create_time = 0;  // unknown
  EXPECT_FALSE(IsYoung(c, kNow));
}

// ApplyPlan against a fake Atlan that refuses everything under the connection for its
// first `refusals` requests after the connection is created (or always, when negative).
class ApplyTest : public ::testing::Test {
 protected:
  struct NoBucket : ObjectSource {
    Status List(const std::string&,
                const std::function<Status(std::vector<ObjectInfo>&&)>&) override {
      return Ok();
    }
    Result<FolderListing> ListFolder(const std::string&) override { return FolderListing{}; }
    Result<ObjectBytes> ReadRange(const ObjectInfo&, int64_t, size_t) override {
      return ObjectBytes{};
    }
    Result<ObjectInfo> Head(const std::string&) override { return ObjectInfo{}; }
  };
  struct NoCache : CacheStore {
    Result<std::optional<std::string>> Read(const std::string&) override { return std::nullopt; }
    Status Write(const std::string&, const std::string&) override { return Ok(); }
    Status Remove(const std::string&) override { return Ok(); }
    std::string Describe(const std::string&) const override { return ""; }
  };

  FakeAtlanClient Atlan() {
    return FakeAtlanClient([this](const FakeRequest& r) -> http::Response {
      const bool creates_connection = r.method == "POST" && r.body["entities"].size() == 1 &&
                                      r.body["entities"][0]["typeName"] == "Connection";
      if (creates_connection) {
        return JsonAnswer(200,
                          {{"mutatedEntities",
                            {{"CREATE", {{{"typeName", "Connection"}, {"guid", "conn-guid"}}}}}}});
      }
      if (refusals_ != 0) {
        if (refusals_ > 0) --refusals_;
        return Forbidden();
      }
      if (r.method == "GET") return JsonAnswer(200, {{"entity", {{"guid", "conn-guid"}}}});
      json created = json::array();
      for (const auto& e : r.body["entities"]) created.push_back({{"typeName", e["typeName"]}});
      return JsonAnswer(200, {{"mutatedEntities", {{"CREATE", created}}}});
    });
  }

  // Applies the plan of a bucket with two objects, creating the connection or not.
  Status Apply(FakeAtlanClient& atlan, S3Connection& connection) {
    auto sources = std::make_shared<PlanSources>();
    sources->scope = {connection.qualified_name, "landing", "arn:aws:s3:::landing", ""};
    sources->connection_name = "landing";
    sources->objects = {{"a.csv", 1, 1, "e1"}, {"b.csv", 2, 2, "e2"}};
    auto plan = BuildPlan(sources, connection.exists, ExistingAssets{});
    EXPECT_TRUE(plan);
    report_.plan = std::move(*plan);
    PipelineDeps deps{*atlan.client, bucket_, cache_, log_.log, env_};
    return ApplyPlan(config_, deps, connection, report_);
  }

  std::vector<std::string> Routes(const FakeAtlanClient& atlan) {
    std::vector<std::string> routes;
    for (const auto& r : atlan.fake->requests) routes.push_back(r.Route());
    return routes;
  }

  int refusals_ = 0;
  // The clock starts at kNow and moves only with the sleeps.
  delta_arc::testing::FakeEnv env_{kNow};
  Config config_;
  NoBucket bucket_;
  NoCache cache_;
  CapturedLog log_;
  RunReport report_;
};

S3Connection ToCreate() {
  S3Connection c;
  c.name = "landing";
  c.qualified_name = S3ConnectionQualifiedName("landing");
  return c;
}

S3Connection Existing(int64_t created) {
  S3Connection c;
  c.name = "landing";
  c.qualified_name = "default/s3/1700000000";
  c.guid = "conn-guid";
  c.create_time = created;
  c.exists = true;
  return c;
}

const std::string kBulk = "POST /api/meta/entity/bulk";
const std::string kGetConnection = "GET /api/meta/entity/guid/conn-guid";

TEST_F(ApplyTest, NewConnectionGoesAloneAndIsWaitedForBeforeAnythingUnderIt) {
  refusals_ = 2;  // the first two reads of the connection are refused
  auto atlan = Atlan();
  S3Connection connection = ToCreate();
  ASSERT_TRUE(Apply(atlan, connection)) << log_.lines.back();
  EXPECT_EQ(Routes(atlan), (std::vector<std::string>{kBulk, kGetConnection, kGetConnection,
                                                     kGetConnection, kBulk}));
  EXPECT_EQ(atlan.fake->requests[0].body["entities"][0]["typeName"], "Connection");
  EXPECT_EQ(atlan.fake->requests[4].body["entities"].size(), 3u);  // bucket and two objects
  // Read at once, then after 1 s and 2 s (pyatlan's backoff): no sleep before the first.
  EXPECT_EQ(env_.Slept().count(), 1000 + 2000);
  // Each wait is said, in a log as on a terminal: a minute's wait is not silent.
  const auto said = [&](const std::string& text) {
    return std::ranges::count_if(log_.lines, [&](const std::string& l) {
      return l.find("does not let the token use the S3 connection yet") != l.npos &&
             l.find(text) != l.npos;
    });
  };
  EXPECT_EQ(said("checking again in 1 s"), 1) << ::testing::PrintToString(log_.lines);
  EXPECT_EQ(said("checking again in 2 s"), 1);
  EXPECT_EQ(report_.created, 4);
  EXPECT_EQ(connection.guid, "conn-guid");
}

// A tenant (or an emulator) that builds a new connection's policies at once costs one
// read and no sleep.
TEST_F(ApplyTest, NewConnectionUsableAtOnceIsNotWaitedFor) {
  auto atlan = Atlan();
  S3Connection connection = ToCreate();
  ASSERT_TRUE(Apply(atlan, connection)) << log_.lines.back();
  EXPECT_EQ(Routes(atlan), (std::vector<std::string>{kBulk, kGetConnection, kBulk}));
  EXPECT_EQ(env_.Slept().count(), 0);
}

TEST_F(ApplyTest, OldConnectionCostsNoExtraRequest) {
  auto atlan = Atlan();
  S3Connection connection = Existing(kLongAgo);
  ASSERT_TRUE(Apply(atlan, connection));
  EXPECT_EQ(Routes(atlan), (std::vector<std::string>{kBulk}));
  EXPECT_EQ(env_.Slept().count(), 0);
}

TEST_F(ApplyTest, YoungConnectionFoundIsReadOnceBeforeWriting) {
  auto atlan = Atlan();
  S3Connection connection = Existing(kNow - 3000);
  ASSERT_TRUE(Apply(atlan, connection));
  EXPECT_EQ(Routes(atlan), (std::vector<std::string>{kGetConnection, kBulk}));
  EXPECT_EQ(env_.Slept().count(), 0);
}

TEST_F(ApplyTest, WriteRefusedUnderAYoungConnectionWaitsAndIsSentAgain) {
  auto atlan = Atlan();
  S3Connection connection = Existing(kNow - 3000);
  // The read passes but the write is refused once (another Atlan server's policy cache).
  int step = 0;
  FakeAtlanClient flaky([&](const FakeRequest& r) -> http::Response {
    ++step;
    if (step == 2) return Forbidden();
    if (r.method == "GET") return JsonAnswer(200, {{"entity", json::object()}});
    return JsonAnswer(
        200, {{"mutatedEntities", {{"CREATE", json::array({{{"typeName", "S3Object"}}})}}}});
  });
  ASSERT_TRUE(Apply(flaky, connection));
  EXPECT_EQ(Routes(flaky),
            (std::vector<std::string>{kGetConnection, kBulk, kGetConnection, kBulk}));
  EXPECT_TRUE(log_.Has("refused a write"));
}

// Writes refused together under a young connection share one wait: the second waits on
// the first's polls (outside any lock), and both are sent again when it ends.
TEST_F(ApplyTest, WritesRefusedTogetherShareOneWait) {
  S3Connection connection = Existing(kNow - 3000);
  std::atomic<bool> joined{false};
  Logger log(LogLevel::kDebug, false, [&](const std::string& line) {
    if (line.find("waits for it too") != std::string::npos) joined = true;
  });
  std::atomic<int> polls{0};
  FakeAtlanClient atlan([&](const FakeRequest&) -> http::Response {
    ++polls;
    // The poll is answered once the other refused write has joined the wait (bounded, so a
    // gate that does not share its wait fails the count below instead of hanging).
    for (int i = 0; i < 10'000 && !joined; ++i) std::this_thread::sleep_for(1ms);
    return JsonAnswer(200, {{"entity", {{"guid", "conn-guid"}}}});
  });
  ConnectionGate gate(*atlan.client, connection, log, env_);
  const Error refused(ErrorKind::kForbidden, "403 Forbidden");
  auto other = std::async(std::launch::async, [&] {
    while (polls == 0) std::this_thread::yield();  // the first write is waiting
    return gate.RetryBatch(refused);
  });
  EXPECT_TRUE(gate.RetryBatch(refused));
  EXPECT_TRUE(other.get());
  EXPECT_TRUE(joined);
  EXPECT_EQ(polls, 1);                    // one wait, one poll, for both
  EXPECT_EQ(env_.Slept().count(), 1000);  // its one sleep before polling
}

TEST_F(ApplyTest, ConnectionNeverUsableFailsNamingItAndWhatToGrant) {
  refusals_ = -1;
  auto atlan = Atlan();
  S3Connection connection = ToCreate();
  auto applied = Apply(atlan, connection);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().kind, ErrorKind::kForbidden);
  EXPECT_NE(applied.error().message.find(connection.qualified_name), std::string::npos);
  EXPECT_NE(applied.error().message.find("S3_CONNECTION_ADMIN_USERS"), std::string::npos);
  EXPECT_NE(applied.error().message.find("persona"), std::string::npos);
  EXPECT_EQ(atlan.fake->requests.size(), 11u);  // the create, then 10 reads
  EXPECT_LE(env_.Slept().count(), 65'000);      // about a minute, never more
}

TEST_F(ApplyTest, WriteRefusedUnderAnOldConnectionFailsAtOnce) {
  refusals_ = -1;
  auto atlan = Atlan();
  S3Connection connection = Existing(kLongAgo);
  auto applied = Apply(atlan, connection);
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message.find("lacks rights on the S3 connection"), std::string::npos);
  EXPECT_EQ(atlan.fake->requests.size(), 1u);
  EXPECT_EQ(env_.Slept().count(), 0);
}

}  // namespace
}  // namespace delta_arc::lineage
