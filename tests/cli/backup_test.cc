// Backup and recovery: `delta-arc export` and `delta-arc restore` bring back what a bad run
// archived (here: a mapping that excludes everything, pushed past the mass-archive guard),
// idempotently; a bad file writes nothing.
#include <fstream>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

TEST_F(PipelineTest, ExportThenRestoreUndoesABadRun) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  const std::string backup = work_dir_ + "/backup.jsonl";
  auto exported = Run({"export", "--output", backup});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::ifstream in(backup);
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    EXPECT_EQ(line.find("token"), std::string::npos) << line;
  }
  EXPECT_EQ(lines, 1 + 1 + 8 + 16 + 41);  // connection, bucket, objects, processes, columns

  // A mapping that excludes every key, pushed past the guard, archives the whole scope.
  std::ofstream(work_dir_ + "/bad.yaml") << "exclude:\n  - \"**\"\n";
  auto bad = Run({"sync", "--allow-mass-archive", "--json", "--mapping", work_dir_ + "/bad.yaml"});
  ASSERT_EQ(bad.exit_code, 0) << bad.output;
  ASSERT_EQ(CountActive("S3Object", s3 + "/"), 0);
  // And the connection is archived too (a person tidying up after the bad run).
  const std::string connection = Guid("Connection", s3);
  ASSERT_FALSE(connection.empty());
  ASSERT_EQ(emulator_.Delete("/api/meta/entity/bulk?guid=" + connection).status, 200);
  ASSERT_EQ(CountActive("Connection", s3), 0);

  auto restored = Run({"restore", backup});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_EQ(CountActive("Connection", s3), 1);
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 8);
  EXPECT_EQ(CountActive("ColumnProcess", s3 + "/"), 41);
  auto plan = Run({"plan", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  for (const auto& [type, counts] : plan.json["planned_by_type"].items()) {
    EXPECT_EQ(counts["create"], 0) << type;
    EXPECT_EQ(counts["update"], 0) << type;
    EXPECT_EQ(counts["archive"], 0) << type;
  }
  // Again: what Atlan holds is what the file says, so nothing is written, the connection
  // neither written nor polled: the connections' search and the scope's assets.
  ResetRequests();
  auto again = Run({"restore", backup}, {"LOG_LEVEL=info"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("(0 created, 0 updated, 67 unchanged"), std::string::npos)
      << again.output;
  EXPECT_EQ(again.output.find("the S3 connection"), std::string::npos) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  EXPECT_EQ(TotalRequests(), 2) << Requests().dump();

  // What changed since the export is written back, alone: the archived object, and its
  // table's two processes, whose ACTIVE members lack it.
  const std::string object = Guid("S3Object", s3 + "/arn:aws:s3:::landing/2025/orders.csv");
  ASSERT_EQ(emulator_.Delete("/api/meta/entity/bulk?guid=" + object).status, 200);
  ResetRequests();
  auto one = Run({"restore", backup});
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("64 unchanged"), std::string::npos) << one.output;
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 8);
}

TEST_F(PipelineTest, ARestoreFileWithABadLineWritesNothing) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  const std::string backup = work_dir_ + "/backup.jsonl";
  ASSERT_EQ(Run({"export", "--scope", "configured", "--output", backup}).exit_code, 0);
  std::ofstream(backup, std::ios::app) << "{\"typeName\":\"Table\",\"attributes\":{}}\n";
  ResetRequests();
  auto restored = Run({"restore", backup});
  EXPECT_EQ(restored.exit_code, 2) << restored.output;
  EXPECT_NE(restored.output.find("backup.jsonl:68: not an asset delta-arc writes"),
            std::string::npos)
      << restored.output;
  EXPECT_EQ(WriteRequests(), 0);

  // A file cut short mid-line is invalid JSON, said with its line.
  std::ifstream whole(backup);
  std::string head;
  std::getline(whole, head);
  const std::string cut = work_dir_ + "/cut.jsonl";
  std::ofstream(cut) << head << "\n" << head.substr(0, head.size() / 2);
  restored = Run({"restore", cut});
  EXPECT_EQ(restored.exit_code, 2) << restored.output;
  EXPECT_NE(restored.output.find("cut.jsonl:2: not valid JSON (at byte"), std::string::npos)
      << restored.output;
  EXPECT_EQ(WriteRequests(), 0);

  // One of delta-arc's types, under the connection, but not named as delta-arc names it.
  std::ifstream in(backup);
  std::string first;
  std::getline(in, first);
  const std::string connection = json::parse(first)["attributes"]["qualifiedName"];
  const std::string foreign = work_dir_ + "/foreign.jsonl";
  std::ofstream(foreign) << first << "\n"
                         << json{{"typeName", "Process"},
                                 {"attributes",
                                  {{"qualifiedName", connection + "/someone/else"},
                                   {"connectionQualifiedName", connection}}}}
                                .dump()
                         << "\n";
  restored = Run({"restore", foreign});
  EXPECT_EQ(restored.exit_code, 2) << restored.output;
  EXPECT_NE(restored.output.find("foreign.jsonl:2: a Process named " + connection +
                                 "/someone/else, not as delta-arc names one under " + connection),
            std::string::npos)
      << restored.output;
  EXPECT_EQ(WriteRequests(), 0);
}

}  // namespace
}  // namespace delta_arc::testing
