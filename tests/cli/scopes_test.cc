// `delta-arc scopes` and `delta-arc retire` on two deployments of one bucket: one on the
// whole bucket (an earlier S3_PREFIX), one on 2025/. The sync that starts the second warns
// about the first and names the command that retires it; scopes lists both with their
// prefixes and counts; retire plans first, then archives the first's processes and the
// object only it covered, keeps the objects the second covers, and leaves the second as it
// was; retiring again does nothing.
#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class ScopesTest : public PipelineTest {
 protected:
  // The scope of `scopes --json` with this prefix ("unknown" when unrecorded).
  static json ScopeWithPrefix(const json& scopes, const std::string& prefix) {
    for (const auto& s : scopes) {
      if (s.value("prefix", "") == prefix) return s;
    }
    ADD_FAILURE() << "no scope with prefix '" << prefix << "' in " << scopes.dump();
    return json::object();
  }

  static size_t Occurrences(const std::string& text, const std::string& what) {
    size_t count = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
      ++count;
    }
    return count;
  }

  void SetUp() override {
    UploadSampleBucket();  // 2025/…: 8 objects
    Upload("2026/customers.csv", "CUSTOMERID,CUSTOMERNAME\n1,Ann\n");
  }

  const std::vector<std::string> whole_ = {"S3_PREFIX="};
  const std::vector<std::string> y2025_ = {"S3_PREFIX=2025/"};
};

TEST_F(ScopesTest, ListsBothDeploymentsAndRetiresTheOldOneWithoutTouchingTheOther) {
  auto old_sync = Run({"sync", "--json"}, whole_);
  ASSERT_EQ(old_sync.exit_code, 0) << old_sync.output;
  const std::string s3 = old_sync.json["s3_connection_qualified_name"];
  emulator_.Settle();

  // The prefix changed: the first sync of the new scope names the old one, once.
  std::vector<std::string> warn = y2025_;
  warn.push_back("LOG_LEVEL=warn");
  auto new_sync = Run({"sync"}, warn);
  ASSERT_EQ(new_sync.exit_code, 0) << new_sync.output;
  emulator_.Settle();

  auto listed = Run({"scopes", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  ASSERT_TRUE(listed.json.is_array()) << listed.output;
  ASSERT_EQ(listed.json.size(), 2u) << listed.output;
  const json old_scope = ScopeWithPrefix(listed.json, "");
  const json new_scope = ScopeWithPrefix(listed.json, "2025/");
  const std::string old_id = old_scope.value("scope", "");
  ASSERT_EQ(old_id.size(), 12u) << listed.output;
  EXPECT_EQ(Occurrences(new_sync.output, "delta-arc retire --scope " + old_id + " --apply"), 1u)
      << new_sync.output;
  for (const json& s : {old_scope, new_scope}) {
    EXPECT_EQ(s["connection"], s3);
    EXPECT_EQ(s["bucketArn"], "arn:aws:s3:::landing");
    EXPECT_EQ(s["counts"]["Process"], 16) << s.dump();
    EXPECT_EQ(s["counts"]["ColumnProcess"], 41) << s.dump();
    EXPECT_GT(s["newestModification"].get<int64_t>(), 0);
  }
  EXPECT_EQ(old_scope["counts"]["S3Object"], 9);
  EXPECT_EQ(new_scope["counts"]["S3Object"], 8);
  auto text = Run({"scopes"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("prefix:       '2025/'"), std::string::npos) << text.output;

  // A plan archives nothing.
  ResetRequests();
  auto plan = Run({"retire", "--scope", old_id, "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  EXPECT_EQ(plan.json["applied"], false);
  EXPECT_EQ(plan.json["archives"].size(), 16u + 41u + 1u) << plan.output;
  EXPECT_EQ(plan.json["kept_objects"], 8) << plan.output;
  auto plan_text = Run({"retire", "--scope", old_id});
  ASSERT_EQ(plan_text.exit_code, 0) << plan_text.output;
  EXPECT_NE(plan_text.output.find("delta-arc retire --scope " + old_id + " --apply"),
            std::string::npos)
      << plan_text.output;

  auto apply = Run({"retire", "--scope", old_id, "--apply", "--json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.output;
  EXPECT_EQ(apply.json["archived"], 16 + 41 + 1) << apply.output;
  emulator_.Settle();
  const std::string old_processes = s3 + "/delta-arc/" + old_id + "/";
  EXPECT_EQ(CountActive("Process", old_processes), 0);
  EXPECT_EQ(CountActive("ColumnProcess", old_processes), 0);
  EXPECT_EQ(CountActive("S3Object", s3 + "/arn:aws:s3:::landing/2026/"), 0);
  EXPECT_EQ(CountActive("S3Object", s3 + "/arn:aws:s3:::landing/2025/"), 8);
  EXPECT_EQ(CountActive("S3Bucket", s3 + "/"), 1) << "the other scope still uses the bucket";
  EXPECT_EQ(CountActive("Connection", s3), 1);

  // The other scope is as it was: its sync plans no change.
  auto other = Run({"plan", "--json"}, y2025_);
  ASSERT_EQ(other.exit_code, 0) << other.output;
  for (const auto& [type, counts] : other.json["planned_by_type"].items()) {
    EXPECT_EQ(counts["create"], 0) << type;
    EXPECT_EQ(counts["update"], 0) << type;
    EXPECT_EQ(counts["archive"], 0) << type;
  }
  auto after = Run({"scopes", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  ASSERT_EQ(after.json.size(), 1u) << after.output;
  EXPECT_EQ(after.json[0]["prefix"], "2025/");

  // Something that is not a scope id is a usage error, before any request.
  ResetRequests();
  auto typo = Run({"retire", "--scope", "exports/"});
  EXPECT_EQ(typo.exit_code, 2) << typo.output;
  EXPECT_NE(typo.output.find("not a scope id"), std::string::npos) << typo.output;
  EXPECT_EQ(TotalRequests(), 0) << Requests().dump();

  // Retiring again finds nothing and writes nothing.
  ResetRequests();
  auto again = Run({"retire", "--scope", old_id, "--apply", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.json["archived"], 0) << again.output;
  EXPECT_TRUE(again.json["scope"].is_null()) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

TEST_F(ScopesTest, RetiringTheLastScopeOfABucketArchivesTheBucketButNotTheConnection) {
  auto sync = Run({"sync", "--json"}, y2025_);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  emulator_.Settle();
  auto listed = Run({"scopes", "--json"});
  ASSERT_EQ(listed.json.size(), 1u) << listed.output;
  const std::string id = listed.json[0]["scope"];
  auto apply = Run({"retire", "--scope", id, "--apply", "--json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.output;
  EXPECT_EQ(apply.json["archived"], 16 + 41 + 8 + 1) << apply.output;
  emulator_.Settle();
  EXPECT_EQ(CountActive("S3Bucket", s3 + "/"), 0);
  EXPECT_EQ(CountActive("Connection", s3), 1);
  // A sync brings it all back.
  auto back = Run({"sync", "--json"}, y2025_);
  ASSERT_EQ(back.exit_code, 0) << back.output;
  emulator_.Settle();
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 8);
  EXPECT_EQ(CountActive("ColumnProcess", s3 + "/"), 41);
}

TEST_F(ScopesTest, ProcessesWithoutARecordAreListedWithAnUnknownPrefix) {
  auto sync = Run({"sync", "--json"}, y2025_);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  emulator_.Settle();
  // As an earlier version wrote it: a process of another scope with no record, pointing at
  // an object of the bucket.
  const std::string object = s3 + "/arn:aws:s3:::landing/2025/customers.csv";
  auto written = emulator_.Post(
      "/api/meta/entity/bulk",
      {{"entities",
        {{{"typeName", "Process"},
          {"attributes",
           {{"qualifiedName",
             s3 + "/delta-arc/0123456789ab/extract/" + kPostgresQn + kSchema + "CUSTOMERS"},
            {"name", "CUSTOMERS → S3"},
            {"connectorName", "s3"},
            {"connectionQualifiedName", s3},
            {"inputs", json::array({{{"typeName", "Table"},
                                     {"uniqueAttributes",
                                      {{"qualifiedName", kPostgresQn + kSchema + "CUSTOMERS"}}}}})},
            {"outputs", json::array({{{"typeName", "S3Object"},
                                      {"uniqueAttributes", {{"qualifiedName", object}}}}})}}}}}}});
  ASSERT_EQ(written.status, 200) << written.body.dump();
  emulator_.Settle();
  auto listed = Run({"scopes", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  ASSERT_EQ(listed.json.size(), 2u) << listed.output;
  const json unknown = ScopeWithPrefix(listed.json, "unknown");
  EXPECT_EQ(unknown["scope"], "0123456789ab");
  EXPECT_EQ(unknown["bucketArn"], "arn:aws:s3:::landing") << "from the objects it points at";
  EXPECT_EQ(unknown["counts"]["S3Object"], 1);
  // Its object is one the recorded scope covers: retiring it keeps the object.
  auto plan = Run({"retire", "--scope", "0123456789ab", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(plan.json["archives"].size(), 1u) << plan.output;
  EXPECT_EQ(plan.json["kept_objects"], 1) << plan.output;
}

}  // namespace
}  // namespace delta_arc::testing
