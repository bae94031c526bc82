// The HTML report as text, without a browser: what may never be in it (markup from a key, a
// secret, a URL's credentials), the JSON it carries, the script hash its policy names, and
// the file it is written to (whole or not at all).
#include "cli/html_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/crypto.h"
#include "cli/atomic_file.h"
#include "cli/report_assets.h"
#include "tests/cli/synthetic_report.h"
#include "tests/support/subprocess.h"

namespace delta_arc::cli {
namespace {

using nlohmann::json;
using testing::SyntheticRunReport;
using testing::SyntheticTenant;

const std::string kHostileKey =
    "2025/</script><img src=x onerror=window.__pwned=1><!--'\"&amp;\xE2\x80\xA8\xE2\x80\xA9.csv";

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string Html(const lineage::RunReport& report, const HtmlReportOptions& options = {}) {
  std::ostringstream out;
  WriteHtmlReport(out, report, options);
  return out.str();
}

// The text between the JSON block's tags, parsed.
json EmbeddedData(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"delta-arc-data\">";
  const size_t start = html.find(open) + open.size();
  return json::parse(html.substr(start, html.find("</script>", start) - start));
}

TEST(HtmlReportEscaping, JsonForAScriptElementHidesEveryMarkupCharacter) {
  const json value = {{"key", kHostileKey}};
  const std::string escaped = EscapeJsonForScript(value.dump());
  for (const std::string bad : {"<", ">", "&", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    EXPECT_EQ(escaped.find(bad), std::string::npos) << bad;
  }
  EXPECT_NE(escaped.find("\\u003c/script\\u003e"), std::string::npos) << escaped;
  EXPECT_NE(escaped.find("\\u2028\\u2029"), std::string::npos) << escaped;
  EXPECT_EQ(json::parse(escaped), value);  // what the page's JSON.parse reads back
  // Other UTF-8 passes as it is.
  EXPECT_EQ(EscapeJsonForScript("\"späte \xE2\x82\xAC\""), "\"späte \xE2\x82\xAC\"");
}

TEST(HtmlReportEscaping, UrlsLoseUserInfoQueryAndFragment) {
  EXPECT_EQ(UrlForDisplay("https://me:secret@tenant.atlan.com/base?token=secret#x"),
            "https://tenant.atlan.com/base");
  EXPECT_EQ(UrlForDisplay("https://tenant.atlan.com"), "https://tenant.atlan.com");
  EXPECT_EQ(UrlForDisplay("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlForDisplay("not a url"), "");
}

TEST(HtmlReport, AHostileKeyIsDataNeverMarkup) {
  SyntheticTenant tenant;
  tenant.unmatched_keys = {kHostileKey};
  tenant.excluded_keys = {"2025/<!--_SUCCESS"};
  const std::string html = Html(SyntheticRunReport(tenant));
  EXPECT_EQ(Occurrences(html, "<script"), 2u);  // the data block and the page's script
  EXPECT_EQ(Occurrences(html, "</script>"), 2u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_EQ(html.find("\xE2\x80\xA8"), std::string::npos);
  const json data = EmbeddedData(html);
  ASSERT_EQ(data["unmatchedObjects"].size(), 1u) << data["unmatchedObjects"].dump();
  EXPECT_EQ(data["unmatchedObjects"][0]["key"], kHostileKey);
  EXPECT_EQ(data["excludedKeys"][0]["key"], "2025/<!--_SUCCESS");
}

TEST(HtmlReport, CarriesNoSecretAndNoCredentialsFromTheUrl) {
  SyntheticTenant tenant;
  tenant.unmatched_keys = {"2025/secret-token.csv"};
  const std::string html =
      Html(SyntheticRunReport(tenant),
           {.atlan_url = "https://me:secret-token@tenant.atlan.com/?apiKey=secret-token",
            .bucket = "landing",
            .prefix = "2025/",
            .generated_at_ms = 0,
            .max_changes_listed = 1000,
            .redact = [](std::string text) {
              for (size_t at; (at = text.find("secret-token")) != std::string::npos;) {
                text.replace(at, 12, "***");
              }
              return text;
            }});
  EXPECT_EQ(html.find("secret-token"), std::string::npos);
  EXPECT_EQ(html.find("me:"), std::string::npos);
  EXPECT_EQ(EmbeddedData(html)["atlanUrl"], "https://tenant.atlan.com");
}

TEST(HtmlReport, ItsPolicyRunsOnlyItsOwnScriptAndLoadsNothing) {
  const std::string html = Html(SyntheticRunReport({}));
  const std::string hash = "'sha256-" + aws::Base64Encode(aws::Sha256(kReportScript)) + "'";
  EXPECT_NE(html.find("default-src 'none'; style-src 'unsafe-inline'; script-src " + hash),
            std::string::npos);
  EXPECT_NE(html.find("<script>" + std::string(kReportScript) + "</script>"), std::string::npos);
  for (const std::string load : {"src=", "href=", "@import", "url(", "fetch(", "XMLHttpRequest"}) {
    EXPECT_EQ(html.find(load), std::string::npos) << load;
  }
  // The one URL in the page is the SVG namespace, a name and never a request.
  EXPECT_EQ(Occurrences(html, "http:"), Occurrences(html, "http://www.w3.org/2000/svg"));
  EXPECT_EQ(Occurrences(html, "https:"), 0u);
}

TEST(HtmlReport, CarriesTablesColumnsAndChanges) {
  SyntheticTenant tenant;
  tenant.tables = 3;
  tenant.columns = 3;
  tenant.postgres_only_every = 3;  // T00000 has no Snowflake table
  tenant.unmatched_keys = {"2025/notes.txt"};
  const json data = EmbeddedData(Html(SyntheticRunReport(tenant)));
  ASSERT_EQ(data["tables"].size(), 3u);
  EXPECT_EQ(data["tables"][0]["postgres"]["name"], "T00000");
  EXPECT_TRUE(data["tables"][0]["snowflake"].is_null());
  const json& t1 = data["tables"][1];
  EXPECT_EQ(t1["keys"], json({"2025/t00001.csv"}));
  EXPECT_EQ(t1["columns"], json::array({json::array({"C0", "C0", "", "", "", false}),
                                        json::array({"C1", "C1", "", "", "", false})}));
  EXPECT_EQ(t1["unlinked"], json({{"postgres", "C2", "no Snowflake column named 'C2'"}}));
  EXPECT_EQ(data["unmatchedObjects"][0]["reason"], "no key template matches");
  const json& counts = data["changes"];
  const auto objects = std::find_if(counts.begin(), counts.end(),
                                    [](const json& c) { return c["typeName"] == "S3Object"; });
  ASSERT_NE(objects, counts.end());
  EXPECT_EQ((*objects)["create"], 4);  // every object is registered, notes.txt too
  EXPECT_EQ(data["changeLists"]["create"]["total"], data["changeLists"]["create"]["items"].size());
  EXPECT_EQ(data["figures"]["atlanRequests"], 7);
}

// A table whose files told nothing of its columns says why (a compressed file, a first row
// that is not UTF-8), so the reader knows where the "paired by name alone" comes from.
TEST(HtmlReport, SaysWhyATableHasNoHeader) {
  SyntheticTenant tenant;
  tenant.tables = 2;
  tenant.columns = 2;
  const lineage::RunReport report = SyntheticRunReport(tenant);
  // The links point into the sources' catalogs, so they are changed where they are (the
  // synthetic sources are made non-const; the plan only holds them as const).
  auto& link = const_cast<lineage::PlanSources&>(*report.plan.sources).match.links[1];
  link.header.reset();
  link.header_note = "2025/t00001.csv.gz: compressed (gzip): not read yet";
  const json data = EmbeddedData(Html(report));
  EXPECT_EQ(data["tables"][1]["headerRead"], false);
  EXPECT_EQ(data["tables"][1]["headerNote"], link.header_note);
  EXPECT_EQ(data["tables"][0]["headerNote"], "");
}

// Each column pair carries its types as Postgres, the files and Snowflake state them, and
// whether their families disagree (shown, not fatal).
TEST(HtmlReport, ColumnPairsCarryTheirTypesAndWhetherTheyDisagree) {
  SyntheticTenant tenant;
  tenant.tables = 2;
  tenant.columns = 3;  // the last one without a Snowflake partner
  const lineage::RunReport report = SyntheticRunReport(tenant);
  auto& link = const_cast<lineage::PlanSources&>(*report.plan.sources).match.links[1];
  ASSERT_EQ(link.columns.size(), 2u);
  const auto type = [](const lineage::ColumnInfo* column, const char* data_type) {
    const_cast<lineage::ColumnInfo*>(column)->data_type = data_type;
  };
  type(link.columns[0].source, "integer");
  link.columns[0].file_type = "INT64";
  type(link.columns[0].target, "NUMBER");
  type(link.columns[1].source, "text");
  link.columns[1].file_type = "INT32 (DATE)";
  type(link.columns[1].target, "VARCHAR");
  const json data = EmbeddedData(Html(report));
  EXPECT_EQ(data["tables"][1]["columns"],
            json::array({json::array({"C0", "C0", "integer", "INT64", "NUMBER", false}),
                         json::array({"C1", "C1", "text", "INT32 (DATE)", "VARCHAR", true})}));
}

TEST(HtmlReport, ListsAtMostSoManyChangesButCountsThemAll) {
  SyntheticTenant tenant;
  tenant.tables = 30;
  const lineage::RunReport report = SyntheticRunReport(tenant);
  HtmlReportOptions options;
  options.max_changes_listed = 10;
  const json data = EmbeddedData(Html(report, options));
  EXPECT_EQ(data["changeLists"]["create"]["items"].size(), 10u);
  EXPECT_EQ(data["changeLists"]["create"]["total"], report.plan.CountWrites(true));
}

// The policy's script hash is base64 (aws/crypto.h).
TEST(HtmlReportPolicy, Base64FollowsRfc4648) {
  EXPECT_EQ(aws::Base64Encode(""), "");
  EXPECT_EQ(aws::Base64Encode("f"), "Zg==");
  EXPECT_EQ(aws::Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(aws::Base64Encode("foobar"), "Zm9vYmFy");
}

class HtmlReportFile : public ::testing::Test {
 protected:
  ~HtmlReportFile() override { std::filesystem::remove_all(dir_); }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      names.push_back(e.path().filename().string());
    }
    return names;
  }
  std::string dir_ = testing::MakeTempDir();
};

TEST_F(HtmlReportFile, IsWrittenWholeUnderItsNameOnCommit) {
  const std::string path = dir_ + "/report.html";
  std::ofstream(path) << "the last good report";
  auto file = AtomicFile::Create(path);
  ASSERT_TRUE(file) << file.error().message;
  file->stream() << "new";
  EXPECT_EQ(Files().size(), 2u);  // the old report stays until the new one is whole
  ASSERT_TRUE(file->Commit());
  EXPECT_EQ(Files(), std::vector<std::string>{"report.html"});
  std::ifstream in(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "new");
}

TEST_F(HtmlReportFile, LeavesNothingWhenNotCommitted) {
  const std::string path = dir_ + "/report.html";
  {
    auto file = AtomicFile::Create(path);
    ASSERT_TRUE(file) << file.error().message;
    file->stream() << "half";
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(HtmlReportFile, ABadPathIsAUsageErrorNamingIt) {
  for (const std::string& path : {dir_ + "/no/such/folder/report.html", dir_}) {
    auto file = AtomicFile::Create(path);
    ASSERT_FALSE(file) << path;
    EXPECT_EQ(file.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(file.error().message.find(path), std::string::npos) << file.error().message;
  }
  EXPECT_TRUE(Files().empty());
}

}  // namespace
}  // namespace delta_arc::cli
