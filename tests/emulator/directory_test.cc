// Users, groups and roles as the SDKs look them up before creating a connection.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

TEST(Directory, ListsUsersInPagesAsTheSdkAsks) {
  EmulatorProcess emulator;
  auto page = emulator.Get(
      "/api/service/users?sort=username&columns=username&columns=id&count=true&offset=0&limit=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body["totalRecord"], 2);
  EXPECT_EQ(page.body["filterRecord"], 2);
  ASSERT_EQ(page.body["records"].size(), 1u);
  EXPECT_EQ(page.body["records"][0]["username"], "admin");
  auto past = emulator.Get("/api/service/users?count=true&offset=20&limit=20");
  EXPECT_TRUE(past.body["records"].empty());
  auto filtered = emulator.Get(R"(/api/service/users?filter={"username":"jsmith"})");
  EXPECT_EQ(filtered.body["filterRecord"], 1);
}

TEST(Directory, ListsGroupsAndRolesWithFilters) {
  EmulatorProcess emulator;
  auto groups = emulator.Get("/api/service/v2/groups?sort=name&count=true&offset=0&limit=20");
  ASSERT_EQ(groups.status, 200);
  EXPECT_EQ(groups.body["records"][0]["name"], "admins");
  EXPECT_EQ(groups.body["records"][0]["alias"], "Admins");
  auto roles = emulator.Get(
      R"(/api/service/roles?count=True&offset=0&limit=100&filter={"name":{"$ilike":"$ad%"}})");
  ASSERT_EQ(roles.body["records"].size(), 1u);
  EXPECT_EQ(roles.body["records"][0]["name"], "$admin");
  EXPECT_EQ(emulator.Get("/api/service/roles?filter=notjson").status, 400);
  EXPECT_EQ(emulator.Get("/api/service/users", "wrong-token").status, 401);
}

TEST(Directory, IsConfigurableFromAFile) {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/directory.json")
      << R"({"users":[{"username":"data-bot","id":"u-1"}],"groups":[],"roles":[]})";
  EmulatorProcess emulator({"--directory", dir + "/directory.json"});
  auto users = emulator.Get("/api/service/users");
  ASSERT_EQ(users.body["records"].size(), 1u);
  EXPECT_EQ(users.body["records"][0]["username"], "data-bot");
  std::filesystem::remove_all(dir);
}

// pyatlan looks up the token it runs as (client.user.get_current(), then the apikeys
// route by clientId) before making it a connection's admin.
TEST(Directory, KnowsTheTokenItServesAndLetsItAdministerConnections) {
  EmulatorProcess emulator(kWithoutDynamics);
  auto me = emulator.Get("/api/service/users/current");
  ASSERT_EQ(me.status, 200);
  const std::string user = me.body["username"];
  EXPECT_EQ(user, "service-account-apikey-emulator");
  auto token = emulator.Get(
      R"(/api/service/apikeys?count=True&offset=0&limit=5&filter={"clientId":"apikey-emulator"})");
  ASSERT_EQ(token.status, 200);
  ASSERT_EQ(token.body["records"].size(), 1u);
  EXPECT_EQ(token.body["records"][0]["clientId"], "apikey-emulator");
  auto other = emulator.Get(R"(/api/service/apikeys?filter={"clientId":"someone-else"})");
  EXPECT_TRUE(other.body["records"].empty());
  const json connection = {{"typeName", "Connection"},
                           {"attributes",
                            {{"name", "landing"},
                             {"qualifiedName", "default/s3/1700000000"},
                             {"connectorName", "s3"},
                             {"category", "ObjectStore"},
                             {"adminUsers", {user}}}}};
  auto saved = emulator.Post("/api/meta/entity/bulk", {{"entities", json::array({connection})}});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  // Booleans in any case, as Atlas reads them: pyatlan sends "True".
  const std::string guid = saved.body["mutatedEntities"]["CREATE"][0]["guid"];
  auto minimal =
      emulator.Get("/api/meta/entity/guid/" + guid + "?minExtInfo=True&ignoreRelationships=True");
  ASSERT_EQ(minimal.status, 200);
  EXPECT_TRUE(minimal.body["entity"]["relationshipAttributes"].empty())
      << minimal.body["entity"].dump();
}

}  // namespace
}  // namespace delta_arc::testing
