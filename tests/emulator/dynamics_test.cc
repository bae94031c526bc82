// Atlan's behaviour over time, over real HTTP: normalized keyword terms, the bulk
// API's limits, the search index's refresh lag, the 403s of a connection whose
// policies are still being built, connection lineage, and the cost model. Time is
// the emulator's own clock, moved forward by the tests instead of waited for.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

const std::string kObject = kS3 + "/arn:aws:s3:::landing/customers.csv";

json Connection(const std::string& qn, const std::string& name, const std::string& guid = "-1") {
  return {{"typeName", "Connection"},
          {"guid", guid},
          {"attributes",
           {{"name", name},
            {"qualifiedName", qn},
            {"connectorName", "s3"},
            {"category", "ObjectStore"},
            {"adminUsers", {"admin"}}}}};
}

json Object(const std::string& qn, const std::string& name = "customers.csv") {
  return {
      {"typeName", "S3Object"},
      {"attributes", {{"name", name}, {"qualifiedName", qn}, {"connectionQualifiedName", kS3}}}};
}

JsonReply Save(const EmulatorProcess& emulator, const json& entities) {
  return emulator.Post("/api/meta/entity/bulk", {{"entities", entities}});
}
// {Connection(…)} would be read as the one entity itself, not as a list of one.
JsonReply Save(const EmulatorProcess& emulator, std::initializer_list<json> entities) {
  json list = json::array();
  for (const auto& e : entities) list.push_back(e);
  return Save(emulator, list);
}

// Hits of one term query, as pyatlan sends it.
int64_t Hits(const EmulatorProcess& emulator, const json& filters) {
  auto reply = emulator.Post("/api/meta/search/indexsearch", SdkSearch(filters, 0, 10));
  EXPECT_EQ(reply.status, 200) << reply.body.dump();
  return reply.body.value("approximateCount", int64_t{-1});
}

json Active() {
  return {{"term", {{"__state", {{"value", "ACTIVE"}}}}}};
}

// pyatlan 1.9.5 find_connections_by_name: __typeName.keyword "CONNECTION" and name.keyword
// match through Atlan's lowercase normalizer; __state and connectorName are exact.
TEST(EmulatorDynamics, NormalizedKeywordsMatchAnyCaseAndPlainKeywordsStayExact) {
  EmulatorProcess emulator;
  emulator.SeedSampleTenant();
  auto pyatlan = [&](const std::string& type, const std::string& name,
                     const std::string& connector) {
    return Hits(emulator, {Active(),
                           {{"term", {{"__typeName.keyword", {{"value", type}}}}}},
                           {{"term", {{"name.keyword", {{"value", name}}}}}},
                           {{"term", {{"connectorName", {{"value", connector}}}}}}});
  };
  EXPECT_EQ(pyatlan("CONNECTION", "postgres-dac", "postgres"), 1);
  EXPECT_EQ(pyatlan("connection", "POSTGRES-DAC", "postgres"), 1);
  EXPECT_EQ(pyatlan("CONNECTION", "postgres-dac", "POSTGRES"), 0);
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "TABLE"),
                            SdkTerm("__superTypeNames.keyword", "sql")}),
            Hits(emulator, {SdkTerm("__typeName.keyword", "Table")}));
  EXPECT_GT(Hits(emulator, {SdkTerm("__typeName.keyword", "Table")}), 0);
  EXPECT_EQ(Hits(emulator, {{{"terms", {{"__typeName.keyword", {"tAbLe", "VIEW"}}}}}}),
            Hits(emulator, {{{"terms", {{"__typeName.keyword", {"Table", "View"}}}}}}));
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kPgTable)}), 1);
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kPostgres + "/food_beverage/sales_orders/"
                                                                 "customers")}),
            0);
  EXPECT_EQ(Hits(emulator, {SdkTerm("__state", "active")}), 0);
  EXPECT_EQ(Hits(emulator, {SdkPrefix("name.keyword", "CUSTOMER")}),
            Hits(emulator, {SdkPrefix("name.keyword", "customer")}));
}

TEST(EmulatorDynamics, NormalizationCanBeTurnedOff) {
  EmulatorProcess emulator({"--normalize-keywords", "false"});
  emulator.SeedSampleTenant();
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "CONNECTION")}), 0);
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "Connection")}), 2);
  emulator.Control({{"normalize_keywords", true}});
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "CONNECTION")}), 2);
}

TEST(EmulatorDynamics, NormalizedNamesFoldUnicodeCase) {
  EmulatorProcess emulator(kWithoutDynamics);
  ASSERT_EQ(Save(emulator, {Connection(kS3, "Données-S3")}).status, 200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("name.keyword", "DONNÉES-s3")}), 1);
  EXPECT_EQ(Hits(emulator, {SdkTerm("name.keyword", "donnees-s3")}), 0);  // no ascii folding
}

TEST(EmulatorDynamics, BulkRefusesAnEmptyListAndMoreThanTenThousandEntities) {
  EmulatorProcess emulator(kWithoutDynamics);
  auto empty = Save(emulator, json::array());
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.body["errorCode"], "ATLAS-400-00-01A");
  EXPECT_EQ(empty.body["errorMessage"], "invalid parameters: no entities to create/update.");
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing")}).status, 200);
  json many = json::array();
  for (int i = 0; i <= 10000; ++i) many.push_back(Object(kObject + std::to_string(i)));
  auto over = Save(emulator, many);
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(over.body["errorCode"], "ATLAS-400-00-212");
  EXPECT_EQ(over.body["errorMessage"],
            "Request Error - Entities should be less than or equal to: 10000");
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "S3Object")}), 0);
  many.erase(many.begin());
  EXPECT_EQ(Save(emulator, many).status, 200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "S3Object")}), 10000);
}

// Search reads Elasticsearch as of its last refresh; reads by guid and unique
// attribute read the graph and see every write at once.
TEST(EmulatorDynamics, SearchShowsWritesOnlyAfterTheRefreshInterval) {
  // A minute's lag: the wall time a test takes is lost in it.
  EmulatorProcess emulator({"--connection-bootstrap-ms", "0", "--search-refresh-ms", "60000"});
  auto saved = Save(emulator, {Connection(kS3, "landing"), Object(kObject)});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  const std::string guid = saved.body["mutatedEntities"]["CREATE"][1]["guid"];
  const json by_qn = {SdkTerm("qualifiedName", kObject), Active()};
  EXPECT_EQ(Hits(emulator, by_qn), 0);
  EXPECT_EQ(emulator.Get("/api/meta/entity/guid/" + guid).status, 200);
  EXPECT_EQ(
      emulator.Get("/api/meta/entity/uniqueAttribute/type/S3Object?attr:qualifiedName=" + kObject)
          .status,
      200);
  emulator.Control({{"advance_clock_ms", 50000}});
  EXPECT_EQ(Hits(emulator, by_qn), 0);
  emulator.Control({{"advance_clock_ms", 10000}});
  EXPECT_EQ(Hits(emulator, by_qn), 1);

  // An update is matched on its old values until the refresh, but shown as it is now.
  json renamed = Object(kObject, "renamed.csv");
  ASSERT_EQ(Save(emulator, {renamed}).status, 200);
  auto stale = emulator.Post("/api/meta/search/indexsearch",
                             SdkSearch({SdkTerm("name.keyword", "customers.csv")}));
  ASSERT_EQ(stale.body["approximateCount"], 1);
  EXPECT_EQ(stale.body["entities"][0]["attributes"]["name"], "renamed.csv");
  emulator.Control({{"advance_clock_ms", 60000}});
  EXPECT_EQ(Hits(emulator, {SdkTerm("name.keyword", "customers.csv")}), 0);
  EXPECT_EQ(Hits(emulator, {SdkTerm("name.keyword", "renamed.csv")}), 1);

  // An archive too: the ACTIVE filter still finds it until the refresh.
  ASSERT_EQ(emulator.Delete("/api/meta/entity/bulk?deleteType=SOFT&guid=" + guid).status, 200);
  EXPECT_EQ(Hits(emulator, by_qn), 1);
  emulator.Control({{"advance_clock_ms", 60000}});
  EXPECT_EQ(Hits(emulator, by_qn), 0);
}

// Between refreshes the index holds what it held: an asset purged since still matches
// and is counted, but is left out of its page; one written since (twice, here) is
// matched and sorted on its old values but shown as it is now; one created since is
// not there. A restart keeps all that, except that it forgets the purge.
TEST(EmulatorDynamics, SearchBetweenRefreshesMatchesTheIndexedRowsAndShowsTheCurrentOnes) {
  const std::string dir = MakeTempDir();
  const std::vector<std::string> flags = {
      "--connection-bootstrap-ms", "0", "--search-refresh-ms", "60000", "--db", dir + "/atlan.db"};
  auto names = [](const EmulatorProcess& emulator, int from, int size) {
    json request = SdkSearch({SdkTerm("__typeName.keyword", "S3Object")}, from, size);
    request["dsl"]["sort"] = json::array({{{"name.keyword", {{"order", "asc"}}}}});
    auto reply = emulator.Post("/api/meta/search/indexsearch", request);
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    std::vector<std::string> out = {std::to_string(reply.body.value("approximateCount", -1))};
    for (const auto& e : reply.body.value("entities", json::array())) {
      out.push_back(e["attributes"]["name"]);
    }
    return out;
  };
  auto name_hits = [](const EmulatorProcess& emulator, const std::string& name) {
    return Hits(emulator, {SdkTerm("name.keyword", name)});
  };
  {
    EmulatorProcess emulator(flags);
    json objects = json::array({Connection(kS3, "landing")});
    for (int i = 0; i < 5; ++i) {
      objects.push_back(Object(kObject + std::to_string(i), "n" + std::to_string(i)));
    }
    ASSERT_EQ(Save(emulator, objects).status, 200);
    emulator.Control({{"advance_clock_ms", 60000}});
    ASSERT_EQ(names(emulator, 0, 10),
              (std::vector<std::string>{"5", "n0", "n1", "n2", "n3", "n4"}));

    const std::string purged =
        emulator
            .Get("/api/meta/entity/uniqueAttribute/type/S3Object?attr:qualifiedName=" + kObject +
                 "2")
            .body["entity"]["guid"];
    ASSERT_EQ(emulator.Delete("/api/meta/entity/bulk?deleteType=PURGE&guid=" + purged).status, 200);
    ASSERT_EQ(Save(emulator, {Object(kObject + "1", "z1")}).status, 200);
    ASSERT_EQ(Save(emulator, {Object(kObject + "1", "y1")}).status, 200);
    ASSERT_EQ(Save(emulator, {Object(kObject + "5", "n5")}).status, 200);
    EXPECT_EQ(names(emulator, 0, 10), (std::vector<std::string>{"5", "n0", "y1", "n3", "n4"}));
    EXPECT_EQ(names(emulator, 0, 2), (std::vector<std::string>{"5", "n0", "y1"}));
    EXPECT_EQ(names(emulator, 2, 2), (std::vector<std::string>{"5", "n3"}));
    EXPECT_EQ(names(emulator, 4, 2), (std::vector<std::string>{"5", "n4"}));
    EXPECT_EQ(name_hits(emulator, "n1"), 1);
    EXPECT_EQ(name_hits(emulator, "y1"), 0);
    EXPECT_EQ(name_hits(emulator, "n5"), 0);
    emulator.process().Kill(SIGKILL);
    emulator.process().Wait();
  }
  EmulatorProcess restarted(flags);
  EXPECT_EQ(names(restarted, 0, 10), (std::vector<std::string>{"4", "n0", "y1", "n3", "n4"}));
  EXPECT_EQ(name_hits(restarted, "n1"), 1);
  // The restart lost the minute the clock was moved on: the writes are two minutes ahead.
  restarted.Control({{"advance_clock_ms", 180000}});
  EXPECT_EQ(names(restarted, 0, 10), (std::vector<std::string>{"5", "n0", "n3", "n4", "n5", "y1"}));
  EXPECT_EQ(name_hits(restarted, "n1"), 0);
  EXPECT_EQ(name_hits(restarted, "y1"), 1);
  std::filesystem::remove_all(dir);
}

TEST(EmulatorDynamics, RefreshIntervalIsAControl) {
  EmulatorProcess emulator(kWithoutDynamics);
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing")}).status, 200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kS3)}), 1);
  emulator.Control({{"search_refresh_ms", 60000}});
  ASSERT_EQ(Save(emulator, {Object(kObject)}).status, 200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject)}), 0);
  emulator.Control({{"advance_clock_ms", 60000}});
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject)}), 1);
}

// Elasticsearch refreshes on a timer: a write is searchable at the next tick, so one made
// late in an interval shows sooner than a whole interval after it, and never later.
TEST(EmulatorDynamics, SearchRefreshesOnATimer) {
  EmulatorProcess emulator(kWithoutDynamics);
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing")}).status, 200);
  emulator.Control({{"search_refresh_ms", 60000}});  // ticks every minute from now
  emulator.Control({{"advance_clock_ms", 40000}});
  ASSERT_EQ(Save(emulator, {Object(kObject)}).status, 200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject)}), 0);
  emulator.Control({{"advance_clock_ms", 20000}});  // the tick, 20 s after the write
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject)}), 1);

  // Written just after a tick: it waits the whole interval, the worst case.
  ASSERT_EQ(Save(emulator, {Object(kObject + "2")}).status, 200);
  emulator.Control({{"advance_clock_ms", 55000}});
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject + "2")}), 0);
  emulator.Control({{"advance_clock_ms", 5000}});
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject + "2")}), 1);
}

// The index refreshes at each tick whether or not anyone searches: an asset written
// before a tick and updated after it (no search between) is found as the tick left it,
// until the next tick shows the update (pyatlan's test_sql_assets.py searches a table
// by qualifiedName right after updating it).
TEST(EmulatorDynamics, AnUpdateAfterAnUnsearchedTickLeavesTheIndexedAssetFound) {
  EmulatorProcess emulator(kWithoutDynamics);
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing")}).status, 200);
  emulator.Control({{"search_refresh_ms", 60000}});
  ASSERT_EQ(Save(emulator, {Object(kObject)}).status, 200);
  emulator.Control({{"advance_clock_ms", 60000}});  // a tick; nobody searches
  const json updated = Object(kObject, "renamed.csv");
  ASSERT_EQ(Save(emulator, {updated}).status, 200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject)}), 1);
  EXPECT_EQ(Hits(emulator, {SdkTerm("name.keyword", "renamed.csv")}), 0);
  emulator.Control({{"advance_clock_ms", 60000}});
  EXPECT_EQ(Hits(emulator, {SdkTerm("name.keyword", "renamed.csv")}), 1);
}

// Atlan builds a new connection's policies asynchronously: until then reads and
// writes of it and of assets under it answer 403; searches do not.
TEST(EmulatorDynamics, NewConnectionAnswers403UntilItsPoliciesExist) {
  // Atlan's ~30 s, so the wall time a test takes is lost in it.
  EmulatorProcess emulator({"--search-refresh-ms", "0", "--connection-bootstrap-ms", "30000"});
  auto created = Save(emulator, {Connection(kS3, "landing")});
  ASSERT_EQ(created.status, 200) << created.body.dump();
  const std::string guid = created.body["guidAssignments"]["-1"];

  auto read =
      emulator.Get("/api/meta/entity/guid/" + guid + "?minExtInfo=true&ignoreRelationships=true");
  EXPECT_EQ(read.status, 403);
  EXPECT_EQ(read.body["errorCode"], "ATLAS-403-00-001");
  EXPECT_NE(read.body.value("errorMessage", "").find("is not authorized to perform read entity"),
            std::string::npos);
  EXPECT_EQ(
      emulator.Get("/api/meta/entity/uniqueAttribute/type/Connection?attr:qualifiedName=" + kS3)
          .status,
      403);
  auto write = Save(emulator, {Object(kObject)});
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.body["errorCode"], "ATLAS-403-00-001");
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kS3)}), 1);  // search is not refused
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kObject)}), 0);

  emulator.Control({{"advance_clock_ms", 20000}});
  EXPECT_EQ(emulator.Get("/api/meta/entity/guid/" + guid).status, 403);
  emulator.Control({{"advance_clock_ms", 10000}});
  EXPECT_EQ(emulator.Get("/api/meta/entity/guid/" + guid).status, 200);
  EXPECT_EQ(Save(emulator, {Object(kObject)}).status, 200);
}

TEST(EmulatorDynamics, AssetsCannotBeWrittenInTheRequestThatCreatesTheirConnection) {
  EmulatorProcess emulator({"--search-refresh-ms", "0", "--connection-bootstrap-ms", "30000"});
  auto both = Save(emulator, {Connection(kS3, "landing"), Object(kObject)});
  EXPECT_EQ(both.status, 403);
  EXPECT_EQ(Hits(emulator, {SdkTerm("qualifiedName", kS3)}), 0);  // nothing half-written
  EXPECT_EQ(Save(emulator, {Connection(kS3, "landing")}).status, 200);
  // An update of the young connection is refused like any other write under it.
  EXPECT_EQ(Save(emulator, {Connection(kS3, "landing", "-2")}).status, 403);
  emulator.Control({{"connection_bootstrap_ms", 0}});  // windows already started run on
  EXPECT_EQ(Save(emulator, {Object(kObject)}).status, 403);
  emulator.Control({{"advance_clock_ms", 30000}});
  EXPECT_EQ(Save(emulator, {Object(kObject)}).status, 200);
}

// When a Process's inputs and outputs are in different connections, Atlan keeps a
// ConnectionProcess "<out>/(<in>)->(<out>)" and lists it on the Process.
TEST(EmulatorDynamics, CrossConnectionProcessesGetAConnectionProcess) {
  EmulatorProcess emulator(kWithoutDynamics);
  emulator.SeedSampleTenant();
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing"), Object(kObject)}).status, 200);
  const json process = {{"typeName", "Process"},
                        {"attributes",
                         {{"name", "CUSTOMERS → S3"},
                          {"qualifiedName", kS3 + "/delta-arc/x/extract/CUSTOMERS"},
                          {"connectionQualifiedName", kS3},
                          {"inputs", {Ref("Table", kPgTable)}},
                          {"outputs", {Ref("S3Object", kObject)}}}}};
  auto saved = Save(emulator, {process});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  const std::string cp = kS3 + "/(" + kPostgres + ")->(" + kS3 + ")";
  auto read = emulator.Get(
      "/api/meta/entity/uniqueAttribute/type/ConnectionProcess"
      "?attr:qualifiedName=" +
      cp);
  ASSERT_EQ(read.status, 200) << read.body.dump();
  EXPECT_EQ(read.body["entity"]["status"], "ACTIVE");
  EXPECT_EQ(read.body["entity"]["attributes"]["name"], "(" + kPostgres + ")->(" + kS3 + ")");
  EXPECT_EQ(read.body["entity"]["relationshipAttributes"]["inputs"][0]["typeName"], "Connection");
  auto proc =
      emulator.Get("/api/meta/entity/uniqueAttribute/type/Process?attr:qualifiedName=" + kS3 +
                   "/delta-arc/x/extract/CUSTOMERS");
  EXPECT_EQ(proc.body["entity"]["attributes"]["parentConnectionProcessQualifiedName"],
            json::array({cp}));
  // It is under the S3 connection's qualifiedName, so prefix searches of it see it.
  EXPECT_EQ(Hits(emulator, {SdkPrefix("qualifiedName", kS3 + "/"),
                            SdkTerm("__typeName.keyword", "ConnectionProcess")}),
            1);
  // Archiving its only Process archives it.
  const std::string guid = proc.body["entity"]["guid"];
  ASSERT_EQ(emulator.Delete("/api/meta/entity/bulk?deleteType=SOFT&guid=" + guid).status, 200);
  read = emulator.Get(
      "/api/meta/entity/uniqueAttribute/type/ConnectionProcess"
      "?attr:qualifiedName=" +
      cp);
  EXPECT_EQ(read.body["entity"]["status"], "DELETED");
}

TEST(EmulatorDynamics, ConnectionProcessesCanBeTurnedOff) {
  EmulatorProcess emulator({"--search-refresh-ms", "0", "--connection-bootstrap-ms", "0",
                            "--connection-processes", "false"});
  emulator.SeedSampleTenant();
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing"), Object(kObject)}).status, 200);
  ASSERT_EQ(Save(emulator, {{{"typeName", "Process"},
                             {"attributes",
                              {{"name", "p"},
                               {"qualifiedName", kS3 + "/p"},
                               {"inputs", {Ref("Table", kPgTable)}},
                               {"outputs", {Ref("S3Object", kObject)}}}}}})
                .status,
            200);
  EXPECT_EQ(Hits(emulator, {SdkTerm("__typeName.keyword", "ConnectionProcess")}), 0);
}

// The cost model: a fixed latency per request, a cost per entity written, and a cap
// on requests served at once. Lower bounds only: a busy machine is only slower.
TEST(EmulatorDynamics, CostModelChargesPerEntityAndBoundsConcurrency) {
  EmulatorProcess emulator({"--search-refresh-ms", "0", "--connection-bootstrap-ms", "0",
                            "--cost-per-entity-ms", "20", "--latency-ms", "100",
                            "--max-concurrent-requests", "1"});
  ASSERT_EQ(Save(emulator, {Connection(kS3, "landing")}).status, 200);
  json ten = json::array();
  for (int i = 0; i < 10; ++i) ten.push_back(Object(kObject + std::to_string(i)));
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(Save(emulator, ten).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));

  start = std::chrono::steady_clock::now();
  std::thread other([&] { Hits(emulator, json::array()); });
  Hits(emulator, json::array());
  other.join();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

}  // namespace
}  // namespace delta_arc::testing
