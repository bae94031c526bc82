// Logging: the promise that no registered secret reaches a log line, in text or
// JSON, in the message or any field, rests on these.
#include "common/log.h"

#include <gtest/gtest.h>

#include <vector>

namespace delta_arc {
namespace {

struct Captured {
  std::vector<std::string> lines;
  Logger::Sink Sink() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
};

TEST(Log, RedactsSecretsInTextLinesWhereverTheyAppear) {
  Captured out;
  Logger log(LogLevel::kDebug, false, out.Sink());
  log.AddSecret("tok-123456");
  log.SetField("request_id", "r-1");
  log.Info("calling with tok-123456",
           {{"header", "Bearer tok-123456"}, {"nested", {{"t", "tok-123456"}}}});
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0].find("tok-123456"), std::string::npos) << out.lines[0];
  EXPECT_NE(out.lines[0].find("Bearer ***"), std::string::npos) << out.lines[0];
  EXPECT_NE(out.lines[0].find("request_id=r-1"), std::string::npos);
}

TEST(Log, RedactsSecretsInJsonLinesEvenWhenJsonEscapesThem) {
  Captured out;
  Logger log(LogLevel::kInfo, true, out.Sink());
  const std::string secret = "pa\"ss\\word/42";
  log.AddSecret(secret);
  log.Info("failed", {{"error", "token " + secret + " refused"}});
  log.Error(secret);
  ASSERT_EQ(out.lines.size(), 2u);
  for (const auto& line : out.lines) {
    EXPECT_EQ(line.find("ss\\\\word"), std::string::npos) << line;
    EXPECT_EQ(line.find("word/42"), std::string::npos) << line;
    const auto parsed = nlohmann::json::parse(line);
    EXPECT_EQ(parsed.dump().find("word"), std::string::npos) << line;
  }
  EXPECT_EQ(nlohmann::json::parse(out.lines[0])["error"], "token *** refused");
}

TEST(Log, FiltersByLevelAndLeavesShortSecretsAlone) {
  Captured out;
  Logger log(ParseLogLevel("warn"), false, out.Sink());
  log.AddSecret("abc");  // too short: would mangle ordinary words
  log.Info("not shown");
  log.Warn("abc shown");
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_NE(out.lines[0].find("abc shown"), std::string::npos);
  EXPECT_EQ(ParseLogLevel("nonsense"), LogLevel::kInfo);
  EXPECT_EQ(log.Redact("abc tok"), "abc tok");
}

}  // namespace
}  // namespace delta_arc
