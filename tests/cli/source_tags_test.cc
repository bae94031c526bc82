// The tags of the Postgres tables and columns delta-arc links come with the catalogs it
// reads (their internal names in the same searches; display names in one more request,
// made only when something is tagged), each object says which it carries (its table's,
// and those of the columns its header holds), and carries them in Atlan: attached with
// its writes, removed when no longer carried, and never someone else's touched.
#include <map>
#include <set>
#include <utility>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

// The tags `plan --json` (or sync's) reports for each object that carries any, by key.
std::map<std::string, json> TagsByKey(const CommandResult& plan) {
  std::map<std::string, json> tags;
  for (const auto& object : plan.json["objects"]) {
    if (object.contains("tags")) tags[object["key"]] = object["tags"];
  }
  return tags;
}

TEST_F(PipelineTest, EachObjectCarriesItsTablesTagsAndThoseOfTheColumnsInItsHeader) {
  emulator_.RemoveSampleTags();  // tagged here its own way
  UploadSampleBucket();
  Upload("2025/shippers.csv", "shipperid,shippername\n1,Speedy\n");  // no PHONE column
  const std::string pii = emulator_.DefineTag("PII");
  const std::string gold = emulator_.DefineTag("Gold");
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/ADDRESS", pii);
  Tag("Column", kPostgresQn + kSchema + "SHIPPERS/PHONE", pii);
  Tag("Table", kPostgresQn + kSchema + "ORDERS", gold);
  ResetRequests();

  auto plan = Run({"sync", "--json"});  // which writes the catalogs' cache
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(TagsByKey(plan), (std::map<std::string, json>{{"2025/customers.csv", {"PII"}},
                                                          {"2025/orders.csv", {"Gold"}}}))
      << plan.output;
  EXPECT_EQ(Requests().value("GET /api/meta/types/typedefs", 0), 1) << Requests().dump();

  // From the cache, the same; a tag attached since makes it stale.
  auto cached = Run({"plan", "--json"});
  ASSERT_EQ(cached.exit_code, 0) << cached.output;
  EXPECT_TRUE(cached.json["cache_hit"]) << cached.output;
  EXPECT_EQ(TagsByKey(cached), TagsByKey(plan));
  Tag("Column", kPostgresQn + kSchema + "EMPLOYEES/NOTES", gold);
  auto after = Run({"plan", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_FALSE(after.json["cache_hit"]) << after.output;
  EXPECT_EQ(TagsByKey(after)["2025/employees.csv"], json::array({"Gold"})) << after.output;

  // The text summary lists them beside the object's tables.
  auto text = Run({"plan", "--verbose"});
  EXPECT_NE(text.output.find("2025/customers.csv  →  " + kPostgresQn + kSchema + "CUSTOMERS"),
            std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("SALES_ORDERS/CUSTOMERS  tags: PII"), std::string::npos)
      << text.output;
}

class AttachedTags : public PipelineTest {
 protected:
  void SetUp() override {
    emulator_.RemoveSampleTags();  // tagged here its own way
    UploadSampleBucket();
    pii_ = emulator_.DefineTag("PII");
    gold_ = emulator_.DefineTag("Gold");
  }
  void Detach(const std::string& type, const std::string& qn, const std::string& tag) {
    ASSERT_EQ(emulator_
                  .Delete("/api/meta/entity/uniqueAttribute/type/" + type + "/classification/" +
                          tag + "?attr:qualifiedName=" + qn)
                  .status,
              204)
        << qn;
  }
  std::string ObjectQn(const std::string& key) const {
    return s3_ + "/arn:aws:s3:::landing/" + key;
  }
  // The object as Atlan holds it.
  json Object(const std::string& key) {
    return emulator_
        .Get("/api/meta/entity/uniqueAttribute/type/S3Object?attr:qualifiedName=" + ObjectQn(key))
        .body["entity"];
  }
  // The tags attached to the object itself (not propagated to it), and delta-arc's record.
  std::pair<std::set<std::string>, json> TagsOn(const std::string& key) {
    const json entity = Object(key);
    std::set<std::string> direct;
    for (const auto& tag : entity.value("classifications", json::array())) {
      if (tag["entityGuid"] == entity["guid"]) direct.insert(tag["typeName"].get<std::string>());
    }
    return {direct, entity["attributes"].value("assetTags", json())};
  }
  CommandResult Sync(const std::vector<std::string>& env = {}) {
    auto sync = Run({"sync", "--json"}, env);
    EXPECT_EQ(sync.exit_code, 0) << sync.output;
    if (sync.json.is_object()) s3_ = sync.json.value("s3_connection_qualified_name", s3_);
    return sync;
  }

  std::string pii_;
  std::string gold_;
  std::string s3_;
};

TEST_F(AttachedTags, ObjectsCarryTheirTagsAndOnlyTheirOwnAreRemoved) {
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/ADDRESS", pii_);
  Tag("Table", kPostgresQn + kSchema + "ORDERS", gold_);
  auto first = Sync();
  using Tags = std::set<std::string>;
  EXPECT_EQ(TagsOn("2025/customers.csv"), std::pair(Tags{pii_}, json::array({pii_})));
  EXPECT_EQ(TagsOn("2025/orders.csv"), std::pair(Tags{gold_}, json::array({gold_})));
  EXPECT_EQ(TagsOn("2025/shippers.csv").first, Tags{});
  const json customers = Object("2025/customers.csv")["classifications"][0];
  EXPECT_EQ(customers["propagate"], false) << "S3_TAGS_PROPAGATE is off by default";

  // Nothing changed: nothing written.
  ResetRequests();
  Sync();
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();

  // People's tags on the objects: one the object does not carry, one it does.
  Tag("S3Object", ObjectQn("2025/customers.csv"), gold_);
  Tag("S3Object", ObjectQn("2025/categories.csv"), pii_);
  ResetRequests();
  Sync();
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  EXPECT_EQ(TagsOn("2025/customers.csv").first, (Tags{gold_, pii_}));
  EXPECT_EQ(TagsOn("2025/categories.csv"), std::pair(Tags{pii_}, json()));

  // The column loses its tag: delta-arc's goes from the object, the person's stays.
  Detach("Column", kPostgresQn + kSchema + "CUSTOMERS/ADDRESS", pii_);
  auto after = Sync();
  EXPECT_EQ(after.json["planned_by_type"]["S3Object"]["update"], 1) << after.output;
  EXPECT_EQ(TagsOn("2025/customers.csv"), std::pair(Tags{gold_}, json::array()));

  // A lost cache changes nothing: which tags are delta-arc's is in Atlan.
  ASSERT_EQ(Run({"cache", "clear"}).exit_code, 0);
  ResetRequests();
  Sync();
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  EXPECT_EQ(TagsOn("2025/customers.csv").first, Tags{gold_});
  EXPECT_EQ(TagsOn("2025/categories.csv").first, Tags{pii_});
  EXPECT_EQ(TagsOn("2025/orders.csv"), std::pair(Tags{gold_}, json::array({gold_})));
}

TEST_F(AttachedTags, OffReadsAndWritesNoTags) {
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/ADDRESS", pii_);
  ResetRequests();
  auto sync = Sync({"S3_TAGS=false"});
  EXPECT_EQ(Requests().value("GET /api/meta/types/typedefs", 0), 0) << Requests().dump();
  EXPECT_TRUE(TagsByKey(sync).empty()) << sync.output;
  EXPECT_EQ(TagsOn("2025/customers.csv").first, std::set<std::string>{});
}

TEST_F(AttachedTags, PropagateWhenAsked) {
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/ADDRESS", pii_);
  Sync({"S3_TAGS_PROPAGATE=true"});
  const json tag = Object("2025/customers.csv")["classifications"][0];
  EXPECT_EQ(tag["typeName"], pii_);
  EXPECT_EQ(tag["propagate"], true);
}

// The trace: where each tagged column goes, and whether its Snowflake column holds the tag
// once Atlan has propagated it; a column whose attachment does not propagate is a gap.
TEST_F(AttachedTags, TraceShowsEachTaggedColumnsFilesAndWhetherSnowflakeHoldsTheTag) {
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/ADDRESS", pii_, true);
  Tag("Column", kPostgresQn + kSchema + "SUPPLIERS/PHONE", pii_);  // does not propagate
  auto first = Sync();
  const auto statuses = [](const json& traces) {
    std::map<std::string, std::string> out;
    for (const auto& t : traces) out[t["postgresColumn"]] = t["status"];
    return out;
  };
  const std::string address = kPostgresQn + kSchema + "CUSTOMERS/ADDRESS";
  const std::string phone = kPostgresQn + kSchema + "SUPPLIERS/PHONE";
  EXPECT_EQ(statuses(first.json["tag_trace"]),
            (std::map<std::string, std::string>{{address, "pending"}, {phone, "pending"}}))
      << first.output;
  EXPECT_EQ(first.json["tag_gaps"], 0);

  emulator_.Control({{"advance_clock_ms", 5000}});  // Atlan propagates along the new lineage
  // Within S3_TAGS_GRACE_MINUTES of the lineage a missing tag may still be on its way: no
  // request to tell (the sync noted when the lineage was written).
  ResetRequests();
  auto early = Run({"trace", "--json"});
  ASSERT_EQ(early.exit_code, 0) << early.output;
  EXPECT_EQ(statuses(early.json),
            (std::map<std::string, std::string>{{address, "pending"}, {phone, "pending"}}))
      << early.output;
  EXPECT_EQ(TotalRequests(), 3) << Requests().dump();
  const std::vector<std::string> no_grace = {"S3_TAGS_GRACE_MINUTES=0"};
  auto trace = Run({"trace", "--json"}, no_grace);
  ASSERT_EQ(trace.exit_code, 0) << trace.output;
  ASSERT_TRUE(trace.json.is_array()) << trace.output;
  EXPECT_EQ(statuses(trace.json),
            (std::map<std::string, std::string>{{address, "tagged"}, {phone, "gap"}}))
      << trace.output;
  for (const auto& t : trace.json) {
    EXPECT_EQ(t["tag"], "PII");
    EXPECT_EQ(t["carriers"], 1);
    if (t["postgresColumn"] == phone) {
      EXPECT_EQ(t["carriedBy"], json::array({"2025/suppliers.csv"}));
      EXPECT_EQ(t["snowflakeColumn"], kSnowflakeQn + kSchema + "SUPPLIERS/PHONE");
    }
  }
  auto text = Run({"trace"}, no_grace);
  EXPECT_NE(text.output.find("PII  " + phone + "  →  1 file (2025/suppliers.csv)  →  " +
                             kSnowflakeQn + kSchema + "SUPPLIERS/PHONE  (NOT TAGGED"),
            std::string::npos)
      << text.output;

  // A sync counts the gap; it reads the Snowflake columns again only while one shows no tag,
  // and keeps what it read in the cache.
  auto sync = Sync(no_grace);
  EXPECT_EQ(sync.json["tag_gaps"], 1) << sync.output;
  ResetRequests();
  Sync(no_grace);
  EXPECT_EQ(TotalRequests(), 4) << "the gap's column read again: " << Requests().dump();
  Tag("Column", kSnowflakeQn + kSchema + "SUPPLIERS/PHONE", pii_);  // the gap mended
  Sync(no_grace);
  ResetRequests();
  auto mended = Sync(no_grace);
  EXPECT_EQ(mended.json["tag_gaps"], 0) << mended.output;
  EXPECT_EQ(TotalRequests(), 3) << Requests().dump();
}

}  // namespace
}  // namespace delta_arc::testing
