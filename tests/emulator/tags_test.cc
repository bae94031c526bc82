// Atlan tags over HTTP: typedefs with Atlan's internal names beside displayName, tags
// attached by bulk writes and by the per-entity routes with the server's default flags,
// their asynchronous spread along lineage and hierarchy (and its restrictions), the
// search fields they make, and their removal.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"
#include "tests/support/subprocess.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class Tags : public ::testing::Test {
 protected:
  // The sample without its own tags: these tests tag it themselves.
  void SetUp() override {
    emulator_.SeedSampleTenant();
    emulator_.RemoveSampleTags();
  }

  std::string Define(const std::string& display) { return emulator_.DefineTag(display); }
  json Read(const std::string& type, const std::string& qn) {
    return emulator_
        .Get("/api/meta/entity/uniqueAttribute/type/" + type + "?attr:qualifiedName=" + qn)
        .body["entity"];
  }
  // The tags on an entity: typeName → entityGuid (where it was attached).
  std::map<std::string, std::string> TagsOf(const std::string& type, const std::string& qn) {
    std::map<std::string, std::string> out;
    const json entity = Read(type, qn);
    for (const auto& c : entity["classifications"]) out[c["typeName"]] = c["entityGuid"];
    return out;
  }
  int Searched(const std::string& field, const std::string& value) {
    auto reply = emulator_.Post("/api/meta/search/indexsearch",
                                SdkSearch({{{"term", {{field, {{"value", value}}}}}}}));
    return reply.body["approximateCount"];
  }
  JsonReply Attach(const std::string& type, const std::string& qn, const json& tags,
                   const std::string& method = "POST") {
    return emulator_.AttachTags(type, qn, tags, method);
  }
  void Wait(int64_t ms) { emulator_.Control({{"advance_clock_ms", ms}}); }

  // Search at once (the refresh is another test's matter); tags spread after 2 s, Atlan-like.
  EmulatorProcess emulator_{kWithoutDynamics};
};

TEST_F(Tags, TypedefsHaveAtlansInternalNamesBesideTheirDisplayNames) {
  const std::string pii = Define("PII");
  EXPECT_EQ(pii.size(), 22u);
  EXPECT_NE(pii, "PII");
  auto listed = emulator_.Get("/api/meta/types/typedefs?type=classification");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["classificationDefs"].size(), 1u);
  EXPECT_EQ(listed.body["classificationDefs"][0]["displayName"], "PII");
  EXPECT_EQ(listed.body["classificationDefs"][0]["options"]["color"], "Green");
  EXPECT_EQ(listed.body["entityDefs"], json::array());
  EXPECT_EQ(listed.body["structDefs"], json::array()) << "not asked for";
  auto structs = emulator_.Get("/api/meta/types/typedefs?type=classification&type=struct");
  EXPECT_EQ(structs.body["structDefs"][1]["name"], "SourceTagAttachment");
  EXPECT_EQ(emulator_.Get("/api/meta/types/typedef/name/" + pii).body["displayName"], "PII");
  // A displayName is taken once.
  auto again = emulator_.Post("/api/meta/types/typedefs",
                              {{"classificationDefs", {{{"displayName", "PII"}}}}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["errorCode"], "ATLAS-409-00-012");
  // A tag in use cannot be purged; once removed it can, and then it is gone.
  ASSERT_EQ(Attach("Table", kPgTable, {{{"typeName", pii}}}).status, 204);
  EXPECT_EQ(emulator_.Delete("/api/meta/types/typedef/name/" + pii).status, 409);
  ASSERT_EQ(emulator_
                .Delete("/api/meta/entity/uniqueAttribute/type/Table/classification/" + pii +
                        "?attr:qualifiedName=" + kPgTable)
                .status,
            204);
  EXPECT_EQ(emulator_.Delete("/api/meta/types/typedef/name/" + pii).status, 204);
  EXPECT_EQ(emulator_.Get("/api/meta/types/typedef/name/" + pii).status, 404);
  EXPECT_EQ(Attach("Table", kPgTable, {{{"typeName", pii}}}).status, 400) << "no such tag now";
}

// Index search answers a hit's tags as the request asks (atlas-metastore
// EntityGraphRetriever.toAtlasEntityHeader): every attachment and the names by default;
// with excludeClassifications, the names (direct and propagated) only when
// includeClassificationNames is set, else neither.
TEST_F(Tags, SearchCarriesTagsAsTheRequestAsks) {
  const std::string pii = Define("PII");
  ASSERT_EQ(Attach("Table", kPgTable, {{{"typeName", pii}}}).status, 204);
  Wait(2000);  // spread to the table's columns
  const auto hit = [&](const std::string& qn, const json& flags) {
    json request = SdkSearch({SdkTerm("qualifiedName", qn)});
    request.update(flags);
    auto reply = emulator_.Post("/api/meta/search/indexsearch", request);
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body["entities"][0];
  };
  const json all = hit(kPgTable, json::object());
  EXPECT_EQ(all["classifications"].size(), 1u);
  EXPECT_EQ(all["classificationNames"], json::array({pii}));
  const json none = hit(kPgTable, {{"excludeClassifications", true}});
  EXPECT_FALSE(none.contains("classifications")) << none.dump();
  EXPECT_FALSE(none.contains("classificationNames")) << none.dump();
  const json names = hit(kPgTable + "/CITY",
                         {{"excludeClassifications", true}, {"includeClassificationNames", true}});
  EXPECT_FALSE(names.contains("classifications")) << names.dump();
  EXPECT_EQ(names["classificationNames"], json::array({pii})) << "a propagated tag's name too";
}

TEST_F(Tags, AnAttachedTagSpreadsDownTheHierarchyAndAlongLineageAfterADelay) {
  const std::string pii = Define("PII");
  const std::string pg = Read("Table", kPgTable)["guid"];
  ASSERT_EQ(Attach("Table", kPgTable, {{{"typeName", pii}}}).status, 204);
  const json table = Read("Table", kPgTable);
  ASSERT_EQ(table["classifications"].size(), 1u);
  const json& tag = table["classifications"][0];
  // The server's defaults for the flags a request leaves out.
  EXPECT_EQ(tag["entityGuid"], pg);
  EXPECT_EQ(tag["propagate"], true);
  EXPECT_EQ(tag["removePropagationsOnEntityDelete"], true);
  EXPECT_EQ(tag["restrictPropagationThroughLineage"], false);
  EXPECT_EQ(tag["restrictPropagationThroughHierarchy"], false);
  EXPECT_FALSE(table.contains("classificationNames")) << "AtlasEntity has none; headers do";
  EXPECT_EQ(Attach("Table", kPgTable, {{{"typeName", pii}}}).status, 400) << "already attached";

  // Lineage from the table to the Snowflake one.
  auto process =
      emulator_.Post("/api/meta/entity/bulk", {{"entities", json::array({CopyProcess()})}});
  ASSERT_EQ(process.status, 200) << process.body.dump();
  EXPECT_TRUE(TagsOf("Column", kPgTable + "/CITY").empty()) << "propagation is a task, later";
  Wait(2000);
  EXPECT_EQ(TagsOf("Column", kPgTable + "/CITY"), (std::map<std::string, std::string>{{pii, pg}}));
  EXPECT_EQ(TagsOf("Process", kPostgres + "/copy"),
            (std::map<std::string, std::string>{{pii, pg}}));
  EXPECT_EQ(TagsOf("Table", kSfTable), (std::map<std::string, std::string>{{pii, pg}}));
  EXPECT_EQ(TagsOf("Column", kSfTable + "/CITY"), (std::map<std::string, std::string>{{pii, pg}}));
  const json city = Read("Column", kPgTable + "/CITY");
  EXPECT_EQ(city["classifications"][0]["entityStatus"], "ACTIVE");
  EXPECT_EQ(Searched("__traitNames", pii), 1);
  EXPECT_EQ(Searched("__classificationNames", "|" + pii + "|"), 1);
  // 7 + 7 columns, the process, the Snowflake table.
  EXPECT_EQ(Searched("__propagatedTraitNames", pii), 16);

  // Restricted to the hierarchy: the lineage side goes, the columns stay.
  ASSERT_EQ(Attach("Table", kPgTable,
                   {{{"typeName", pii}, {"restrictPropagationThroughLineage", true}}}, "PUT")
                .status,
            204);
  Wait(2000);
  EXPECT_TRUE(TagsOf("Table", kSfTable).empty());
  EXPECT_TRUE(TagsOf("Process", kPostgres + "/copy").empty());
  EXPECT_EQ(TagsOf("Column", kPgTable + "/CITY").size(), 1u);

  // Removed: every propagation goes with it, after the delay.
  ASSERT_EQ(emulator_
                .Delete("/api/meta/entity/uniqueAttribute/type/Table/classification/" + pii +
                        "?attr:qualifiedName=" + kPgTable)
                .status,
            204);
  EXPECT_EQ(TagsOf("Column", kPgTable + "/CITY").size(), 1u);
  Wait(2000);
  EXPECT_TRUE(TagsOf("Column", kPgTable + "/CITY").empty());
  EXPECT_EQ(Searched("__propagatedTraitNames", pii), 0);
}

TEST_F(Tags, BulkWritesAttachReplaceAppendOrKeepTags) {
  const std::string pii = Define("PII");
  const std::string gold = Define("Gold");
  auto save = [&](const std::string& params, const json& entity) {
    auto reply = emulator_.Post("/api/meta/entity/bulk" + params, {{"entities", {entity}}});
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  };
  auto table = [&](const json& tags, const char* key = "classifications") {
    json entity = {{"typeName", "Table"},
                   {"attributes", {{"name", "CUSTOMERS"}, {"qualifiedName", kSfTable}}}};
    entity[key] = tags;
    return entity;
  };
  auto names = [&] {
    std::set<std::string> out;
    const json entity = Read("Table", kSfTable);
    for (const auto& c : entity["classifications"]) out.insert(c["typeName"]);
    return out;
  };
  // Without a tag parameter, an existing entity keeps its tags whatever the request says.
  save("?replaceTags=false&appendTags=false", table({{{"typeName", pii}}}));
  EXPECT_TRUE(names().empty());
  auto replaced = save("?replaceClassifications=true", table({{{"typeName", pii}}}));
  EXPECT_EQ(replaced["mutatedEntities"]["UPDATE"][0]["classificationNames"], json::array({pii}));
  EXPECT_EQ(names(), std::set<std::string>{pii});
  save("?appendTags=true", table({{{"typeName", gold}}}, "addOrUpdateClassifications"));
  EXPECT_EQ(names(), (std::set<std::string>{pii, gold}));
  save("?appendTags=true", table({{{"typeName", pii}}}, "removeClassifications"));
  EXPECT_EQ(names(), std::set<std::string>{gold});
  save("?replaceTags=true", table(json::array()));
  EXPECT_TRUE(names().empty());
  // A new entity takes the tags it is written with; an unknown tag fails the write.
  save("", {{"typeName", "Schema"},
            {"attributes", {{"name", "NEW"}, {"qualifiedName", kSnowflake + "/FOOD_BEVERAGE/NEW"}}},
            {"classifications", {{{"typeName", gold}, {"propagate", false}}}}});
  const json schema = Read("Schema", kSnowflake + "/FOOD_BEVERAGE/NEW");
  ASSERT_EQ(schema["classifications"].size(), 1u);
  EXPECT_EQ(schema["classifications"][0]["propagate"], false);
  // Under appendTags, a new entity takes its addOrUpdateClassifications as its tags.
  save("?appendTags=true",
       {{"typeName", "Schema"},
        {"attributes", {{"name", "NEWER"}, {"qualifiedName", kSnowflake + "/FOOD_BEVERAGE/NEWER"}}},
        {"addOrUpdateClassifications", {{{"typeName", pii}, {"propagate", false}}}},
        {"removeClassifications", {{{"typeName", gold}}}}});
  const json newer = Read("Schema", kSnowflake + "/FOOD_BEVERAGE/NEWER");
  ASSERT_EQ(newer["classifications"].size(), 1u) << newer.dump();
  EXPECT_EQ(newer["classifications"][0]["typeName"], pii);
  auto unknown = emulator_.Post("/api/meta/entity/bulk?replaceTags=true",
                                {{"entities", {table({{{"typeName", "Nope"}}})}}});
  EXPECT_EQ(unknown.status, 400);
}

// A tenant file defines its tags and attaches them; seeding it again changes nothing.
TEST(SeededTags, ATenantFileDefinesAndAttachesTags) {
  EmulatorProcess emulator(kWithoutDynamics);
  const std::string dir = MakeTempDir();
  const json tenant = {
      {"tags", {{{"name", "PII"}, {"color", "Red"}}, "Gold"}},
      {"connections",
       {{{"name", "pg"},
         {"connectorName", "postgres"},
         {"qualifiedName", "default/postgres/1700000001"},
         {"databases",
          {{{"name", "DB"},
            {"schemas",
             {{{"name", "S"},
               {"tables",
                {{{"name", "T"},
                  {"tags", {"Gold"}},
                  {"columns",
                   {{{"name", "EMAIL"}, {"tags", {{{"name", "PII"}, {"propagate", false}}}}},
                    {{"name", "ID"}}}}}}}}}}}}}}}}};
  const std::string file = dir + "/tenant.json";
  std::ofstream(file) << tenant.dump();
  for (int round = 0; round < 2; ++round) {
    std::string output;
    ASSERT_EQ(RunCommand({BinaryPath("atlan-emulator"), "seed", "--url", emulator.url(), "--token",
                          emulator.token(), file},
                         &output),
              0)
        << output;
  }
  auto defs = emulator.Get("/api/meta/types/typedefs?type=classification").body;
  ASSERT_EQ(defs["classificationDefs"].size(), 2u) << "defined once";
  std::map<std::string, std::string> names;  // displayName → internal name
  for (const auto& def : defs["classificationDefs"]) names[def["displayName"]] = def["name"];
  const json email = emulator
                         .Get(
                             "/api/meta/entity/uniqueAttribute/type/Column?attr:qualifiedName="
                             "default/postgres/1700000001/DB/S/T/EMAIL")
                         .body["entity"];
  std::map<std::string, bool> tags;  // internal name → propagate, of EMAIL's own and inherited
  for (const auto& c : email["classifications"]) tags[c["typeName"]] = c["propagate"];
  // Its own PII, and Gold from its table (seeding settles: every tag has spread).
  EXPECT_EQ(tags, (std::map<std::string, bool>{{names["PII"], false}, {names["Gold"], true}}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace delta_arc::testing
