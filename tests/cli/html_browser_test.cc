// The HTML report in a real browser: reports written by the delta-arc binary (against the
// emulator and s3rver) and one of 10,000 tables made in memory are opened in headless
// Chromium (tests/browser/inspect_report.mjs over the DevTools protocol), and what the page
// shows after its script ran, and after typing into its filter, is checked here. The
// browser resolves no host name and the page may load nothing: every request it made is
// checked to be the report itself. Also the --html flag's errors, which need no browser.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/html_report.h"
#include "tests/cli/pipeline_fixture.h"
#include "tests/cli/synthetic_report.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

// What tests/browser/inspect_report.mjs saw: after load, then after each step.
json InspectInBrowser(const std::string& report, const json& steps,
                      const std::string& screenshot = "") {
  std::vector<std::string> argv = {
      "/usr/bin/env",
      "node",
      std::string(DELTA_ARC_SOURCE_DIR) + "/tests/browser/inspect_report.mjs",
      "--report",
      report,
      "--steps",
      steps.dump()};
  if (!screenshot.empty()) {
    argv.push_back("--screenshot");
    argv.push_back(screenshot);
  }
  std::string output;
  const int code = RunCommand(argv, &output);
  EXPECT_EQ(code, 0) << output;
  const size_t line = output.rfind("\n{");
  const json result =
      json::parse(line == std::string::npos ? output : output.substr(line + 1), nullptr, false);
  EXPECT_FALSE(result.is_discarded()) << output;
  return result.is_discarded() ? json::object() : result;
}

bool Contains(const json& list, const json& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Holds for every report: the page drew itself, ran nothing but its own script, showed
// no markup from the data, made no request but for itself, and is not a blank picture.
void ExpectSafeAndAlive(const json& seen) {
  ASSERT_TRUE(seen.value("ready", false)) << seen.dump();
  EXPECT_EQ(seen["requests"], json::array({seen["url"]})) << "the page made a request";
  EXPECT_EQ(seen["errors"], json::array()) << "errors in the page";
  for (const json& snapshot : seen["snapshots"]) {
    EXPECT_EQ(snapshot["svg"], 1);
    EXPECT_EQ(snapshot["scripts"], 2);  // the data block and the report's own
    EXPECT_EQ(snapshot["images"], 0);
    EXPECT_EQ(snapshot["iframes"], 0);
    EXPECT_TRUE(snapshot["pwned"].is_null()) << "a key's markup ran";
  }
  const json& picture = seen["screenshot"];
  EXPECT_EQ(picture["width"], 1280);
  EXPECT_GT(picture["colours"].get<int>(), 50) << picture.dump();
  EXPECT_LT(picture["dominantShare"].get<double>(), 0.9) << picture.dump();
}

const std::vector<std::string> kSampleTables = {"CATEGORIES",   "CUSTOMERS", "EMPLOYEES",
                                                "ORDERDETAILS", "ORDERS",    "PRODUCTS",
                                                "SHIPPERS",     "SUPPLIERS"};

class HtmlReportBrowserTest : public PipelineTest {
 protected:
  std::string ReportPath() const { return work_dir_ + "/report.html"; }
};

TEST_F(HtmlReportBrowserTest, PlanOfTheSampleDrawsEveryTableAndFilters) {
  UploadSampleBucket();
  auto plan = Run({"plan", "--html", ReportPath()});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("wrote the HTML report to " + ReportPath()), std::string::npos);
  const json seen = InspectInBrowser(
      ReportPath(),
      {{{"filter", "cust"}}, {{"open", "CUSTOMERS"}}, {{"filter", ""}}, {{"filter", "tag:PII"}}},
      work_dir_ + "/sample.png");
  ExpectSafeAndAlive(seen);
  EXPECT_TRUE(std::filesystem::exists(work_dir_ + "/sample.png"));
  const json& loaded = seen["snapshots"][0];
  EXPECT_EQ(loaded["title"], "delta-arc plan (read-only)");
  EXPECT_EQ(loaded["rows"], 8);
  EXPECT_EQ(loaded["edges"], 16);
  for (const auto& table : kSampleTables) {
    EXPECT_TRUE(Contains(loaded["postgres"], kPostgresQn + kSchema + table)) << table;
    EXPECT_TRUE(Contains(loaded["snowflake"], kSnowflakeQn + kSchema + table)) << table;
    std::string key = table;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // The files of the sample's PII columns say so.
    const bool pii = table == "CUSTOMERS" || table == "SUPPLIERS" || table == "SHIPPERS";
    EXPECT_TRUE(Contains(loaded["s3"], "2025/" + key + ".csv" + (pii ? "\ntags: PII" : "")))
        << table;
  }
  EXPECT_EQ(loaded["unmatchedObjects"], json::array());
  EXPECT_EQ(loaded["status"], "showing 8 of 8 tables");
  // The changes by type, as `plan` counts them.
  EXPECT_TRUE(Contains(loaded["changes"], json({"S3Object", "8", "0", "0"}))) << loaded["changes"];
  EXPECT_TRUE(Contains(loaded["changes"], json({"ColumnProcess", "41", "0", "0"})));
  // Typing filters the graph down to the table...
  const json& filtered = seen["snapshots"][1];
  EXPECT_EQ(filtered["rows"], 1);
  EXPECT_EQ(filtered["postgres"], json::array({kPostgresQn + kSchema + "CUSTOMERS"}));
  EXPECT_EQ(filtered["status"], "1 table matches the filter; showing 1 of 8 tables");
  // ...whose column mapping opens from the graph...
  const json& opened = seen["snapshots"][2];
  ASSERT_EQ(opened["openTables"].size(), 1u) << opened["openTables"];
  EXPECT_EQ(opened["openTables"][0]["table"], "CUSTOMERS");
  // Each column with its type as Atlan records it on either side.
  EXPECT_TRUE(
      Contains(opened["openTables"][0]["rows"], json({"CITY VARCHAR", "→", "CITY VARCHAR"})))
      << opened["openTables"];
  // ...whose tagged column says where its tag goes...
  EXPECT_EQ(opened["tagTraces"], json::array({"ADDRESS PII → pending"})) << opened;
  // ...and an empty filter shows every table again.
  EXPECT_EQ(seen["snapshots"][3]["rows"], 8);
  // The sample's PII columns: the tables whose files carry them are marked, and a tag's
  // filter shows them alone.
  EXPECT_EQ(loaded["tagButtons"], json::array({"PII"}));
  EXPECT_EQ(loaded["taggedRows"], 3);
  EXPECT_EQ(seen["snapshots"][4]["rows"], 3);
}

// A tenant where much does not match: an object of no table, a table of no object, a key
// the mapping excludes, a CSV header without some columns, and a key written to break out
// of the page's script. The report of a sync shows each with its reason, the key as text.
TEST_F(HtmlReportBrowserTest, SyncShowsWhatDidNotMatchAndAHostileKeyAsText) {
  const std::string hostile = "2025/</script><img src=x onerror=window.__pwned=1>.csv";
  Upload("2025/customers.csv", "customerid,city\n1,x\n");
  Upload("2025/regions.csv", "regionid\n1\n");
  Upload(hostile, "a\n1\n");
  Upload("2025/_SUCCESS", "");
  std::ofstream(work_dir_ + "/m.yaml") << "exclude:\n  - \"**/_SUCCESS\"\n";
  auto sync = Run({"sync", "--mapping", work_dir_ + "/m.yaml", "--html", ReportPath()});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const json seen = InspectInBrowser(
      ReportPath(), {{{"open", "CUSTOMERS"}}, {{"filter", "regions"}}, {{"filter", "onerror"}}});
  ExpectSafeAndAlive(seen);
  const json& loaded = seen["snapshots"][0];
  EXPECT_EQ(loaded["title"], "delta-arc sync");
  EXPECT_EQ(loaded["rows"], 1);
  EXPECT_EQ(loaded["postgres"], json::array({kPostgresQn + kSchema + "CUSTOMERS"}));
  EXPECT_TRUE(
      Contains(loaded["unmatchedObjects"],
               json({"2025/regions.csv", "no Postgres or Snowflake table named 'regions'"})))
      << loaded["unmatchedObjects"];
  bool hostile_shown = false;
  for (const json& entry : loaded["unmatchedObjects"]) hostile_shown |= entry[0] == hostile;
  EXPECT_TRUE(hostile_shown) << loaded["unmatchedObjects"];
  EXPECT_NE(loaded["bodyText"].get<std::string>().find(hostile), std::string::npos);
  EXPECT_TRUE(Contains(loaded["unpartnered"], json({kPostgresQn + kSchema + "EMPLOYEES",
                                                    "postgres: no object under the prefix"})))
      << loaded["unpartnered"];
  EXPECT_EQ(loaded["excluded"],
            json::array({json({"2025/_SUCCESS", "excluded by the mapping file"})}));
  // The columns the CSV header lacks say so.
  const json& opened = seen["snapshots"][1]["openTables"];
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_TRUE(Contains(opened[0]["rows"], json({"CITY VARCHAR", "→", "CITY VARCHAR"}))) << opened;
  EXPECT_TRUE(Contains(opened[0]["rows"], json({"CUSTOMERNAME", "×", "",
                                                "not in the CSV header of the table's objects"})))
      << opened;
  // The filter applies to the lists too.
  const json& regions = seen["snapshots"][2];
  EXPECT_EQ(regions["rows"], 0);
  EXPECT_EQ(regions["unmatchedObjects"].size(), 1u);
  EXPECT_EQ(regions["unpartnered"], json::array());
  EXPECT_EQ(seen["snapshots"][3]["unmatchedObjects"].size(), 1u);
}

// At S3_LINEAGE_LEVEL=prefix the lineage runs through a table's folder: the middle lane is
// the folders', each node the folder with every file below it (two here, though without
// registered objects one file stands for them), and a table bound in a file name keeps
// its files, labelled by a key of them, not a bare "…".
TEST_F(HtmlReportBrowserTest, PrefixLevelDrawsEachTablesFolderWithItsFiles) {
  Upload("2025/exports/orders/dt=2026-11-01/part-0.csv", "orderid,customerid\n1,2\n");
  Upload("2025/exports/orders/dt=2026-11-02/part-0.csv", "orderid,customerid\n3,4\n");
  Upload("2025/daily/2026-11-01_customers.csv", "customerid,city\n1,x\n");
  Upload("2025/daily/2026-11-02_customers.csv", "customerid,city\n2,y\n");
  std::ofstream(work_dir_ + "/m.yaml") << "objects:\n"
                                          "  - \"exports/{table}/dt={date}/{file}.csv\"\n"
                                          "  - \"daily/{day}_{table}.csv\"\n";
  auto plan = Run({"plan", "--mapping", work_dir_ + "/m.yaml", "--html", ReportPath()},
                  {"S3_LINEAGE_LEVEL=prefix", "S3_REGISTER_OBJECTS=false"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  const json seen = InspectInBrowser(ReportPath(), {{{"open", "ORDERS"}}});
  ExpectSafeAndAlive(seen);
  const json& loaded = seen["snapshots"][0];
  EXPECT_EQ(loaded["laneTitles"],
            json::array({"Postgres tables", "S3 folders", "Snowflake tables"}));
  EXPECT_EQ(loaded["s3Labels"],
            json::array({"daily/2026-11-01_customers.csv …", "exports/orders/"}))
      << loaded.dump();
  EXPECT_EQ(loaded["s3Badges"], json::array({"×2", "2 files"}));
  EXPECT_TRUE(Contains(loaded["s3"], "2025/exports/orders/ (2 files)")) << loaded["s3"];
  EXPECT_TRUE(Contains(loaded["figures"], "2S3 folders")) << loaded["figures"];
  const json& opened = seen["snapshots"][1]["openTables"];
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0]["folders"], "folder: 2025/exports/orders/ (2 files)");
  EXPECT_EQ(opened[0]["keys"],
            "2 files, among them: 2025/exports/orders/dt=2026-11-02/part-0.csv …")
      << opened;
}

// 10,000 tables × 20 columns, each with 3 objects (30,000 keys), made in memory: the page
// draws at most 200 rows of what the filter matches and says how many more there are. The
// times are printed (and recorded as test properties), never asserted.
TEST(HtmlReportAtScale, TenThousandTablesStayUsable) {
  SyntheticTenant tenant;
  tenant.tables = 10000;
  tenant.columns = 20;
  tenant.objects_per_table = 3;
  tenant.postgres_only_every = 50;
  for (int i = 0; i < 500; ++i)
    tenant.unmatched_keys.push_back("2025/stray-" + std::to_string(i) + ".txt");
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/large.html";
  {
    std::ofstream out(path, std::ios::binary);
    cli::WriteHtmlReport(out, SyntheticRunReport(tenant), {});
  }
  const json seen = InspectInBrowser(path, {{{"filter", "T09999"}},
                                            {{"filter", "t0"}},
                                            {{"showMore", true}},
                                            {{"filter", ""}},
                                            {{"filter", "part-2"}}});
  std::filesystem::remove_all(dir);
  ExpectSafeAndAlive(seen);
  const json& s = seen["snapshots"];
  EXPECT_EQ(s[0]["rows"], 200);
  EXPECT_EQ(s[0]["status"], "showing 200 of 10,000 tables; 9,800 more, refine the filter");
  EXPECT_EQ(s[0]["showMoreHidden"], false);
  EXPECT_EQ(s[0]["mappingTables"], 200);
  EXPECT_EQ(s[0]["unmatchedObjects"].size(), 200u);  // of 500
  EXPECT_EQ(s[1]["rows"], 1);
  EXPECT_EQ(s[1]["postgres"], json::array({"default/postgres/1/DB/SALES/T09999"}));
  EXPECT_EQ(s[1]["s3Badges"], json::array({"×3"}));
  EXPECT_EQ(s[2]["rows"], 200);
  EXPECT_EQ(s[3]["rows"], 400);
  EXPECT_EQ(s[4]["rows"], 200);
  EXPECT_EQ(s[5]["status"],
            "10,000 tables match the filter; showing 200 of 10,000 tables; 9,800 more, refine "
            "the filter");
  const json& timings = s[0]["timings"];
  std::cout << "10,000 tables, " << seen["reportBytes"] << " bytes: ready " << seen["loadMs"]
            << " ms after navigating (its script ran from " << timings["startMs"] << " to "
            << timings["readyMs"] << " ms); steps (filter one table, filter 't0', show more, "
            << "clear, filter 'part-2') took " << seen["stepMs"] << " ms to the next paint\n";
  ::testing::Test::RecordProperty("report_bytes", seen["reportBytes"].dump());
  ::testing::Test::RecordProperty("load_ms", seen["loadMs"].dump());
  ::testing::Test::RecordProperty("step_ms", seen["stepMs"].dump());
}

using HtmlReportCliTest = PipelineTest;

TEST_F(HtmlReportCliTest, APathThatCannotBeWrittenIsAUsageErrorBeforeAnyRequest) {
  UploadSampleBucket();
  ResetRequests();
  const std::string path = work_dir_ + "/no/such/folder/report.html";
  auto plan = Run({"plan", "--html", path});
  EXPECT_EQ(plan.exit_code, 2);
  EXPECT_NE(plan.output.find("--html: cannot write " + path), std::string::npos) << plan.output;
  EXPECT_EQ(TotalRequests(), 0) << Requests().dump();
}

// The report's file is made when the run is done: a run stopped (SIGTERM, SIGINT) while it
// works leaves no file of it behind.
TEST_F(HtmlReportCliTest, AStoppedSyncLeavesNoFileBehind) {
  UploadSampleBucket();
  emulator_.Control({{"latency_ms", 400}});  // the run is still at work when stopped
  for (const int signal : {SIGTERM, SIGINT}) {
    const std::string path = work_dir_ + "/report.html";
    Subprocess run({BinaryPath("delta-arc"), "sync", "--html", path}, Environment(),
                   work_dir_ + "/stopped.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    ASSERT_TRUE(run.running()) << "the run ended before it was stopped";
    run.Kill(signal);
    EXPECT_EQ(run.Wait(), 128 + signal);
    for (const auto& entry : std::filesystem::directory_iterator(work_dir_)) {
      EXPECT_EQ(entry.path().filename().string().find("report.html"), std::string::npos)
          << entry.path() << " after signal " << signal;
    }
  }
}

TEST_F(HtmlReportCliTest, AFailedSyncLeavesNoReportBehind) {
  UploadSampleBucket();
  const std::string path = work_dir_ + "/report.html";
  emulator_.Control({{"fail_probability", 1.0}});
  auto sync = Run({"sync", "--html", path}, {"ATLAN_MAX_ATTEMPTS=1"});
  EXPECT_EQ(sync.exit_code, 1) << sync.output;
  for (const auto& entry : std::filesystem::directory_iterator(work_dir_)) {
    EXPECT_EQ(entry.path().filename().string().find("report.html"), std::string::npos)
        << entry.path();
  }
}

}  // namespace
}  // namespace delta_arc::testing
