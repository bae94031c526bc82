// Progress lines: redrawn in place on a terminal, logged now and then elsewhere, with
// rate and time left computed from an injected clock.
#include "common/progress.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace delta_arc {
namespace {

struct Fixture {
  int64_t now = 1'000'000;
  std::vector<std::string> lines;
  Logger log{LogLevel::kInfo, false, [this](const std::string& line) { lines.push_back(line); }};
  std::function<int64_t()> clock = [this] { return now; };
};

TEST(Progress, DescribesCountRateAndTimeLeft) {
  Fixture f;
  Progress progress(f.log, nullptr, f.clock);
  progress.Start("reading CSV headers", 10000, "objects");
  f.now += 5000;
  progress.Add(4250);
  EXPECT_EQ(progress.Describe(),
            "reading CSV headers: 4,250/10,000 objects (42%), 850/s, 7 s left");
  progress.Start("listing the bucket", 0, "objects");  // no total: no share, no time left
  f.now += 2000;
  progress.Add(1234567);
  EXPECT_EQ(progress.Describe(), "listing the bucket: 1,234,567 objects, 617,284/s");
}

TEST(Progress, OnATerminalRedrawsOneLineAtMostFourTimesASecondAndEndsIt) {
  Fixture f;
  std::ostringstream terminal;
  Progress progress(f.log, &terminal, f.clock);
  progress.Start("writing", 300, "entities");
  for (int i = 0; i < 3; ++i) {
    f.now += 100;
    progress.Add(50);
  }
  // 100 and 200 ms after the start: not yet; 300 ms: once.
  EXPECT_EQ(terminal.str(), "\r\033[Kwriting: 150/300 entities (50%), 500/s, 0 s left");
  f.now += 300;
  progress.Add(150);
  progress.Finish();
  const std::string out = terminal.str();
  EXPECT_EQ(out.substr(out.rfind('\r')), "\r\033[Kwriting: 300/300 entities (100%), 500/s\n");
  EXPECT_TRUE(f.lines.empty());  // the terminal replaces log lines
}

TEST(Progress, ElsewhereLogsEveryTenSecondsAndQuickStepsNotAtAll) {
  Fixture f;
  Progress progress(f.log, nullptr, f.clock);
  progress.Start("listing the bucket", 0, "objects");
  f.now += 9000;
  progress.Add(1000);
  progress.Finish();
  EXPECT_TRUE(f.lines.empty());

  progress.Start("writing", 3000, "entities");
  f.now += 10000;
  progress.Add(1000);
  f.now += 5000;
  progress.Add(1000);
  f.now += 5000;
  progress.Add(1000);
  progress.Finish();
  ASSERT_EQ(f.lines.size(), 3u);  // at 10 s, at 20 s, and the end
  EXPECT_NE(f.lines[0].find("writing: 1,000/3,000 entities (33%), 100/s, 20 s left"),
            std::string::npos)
      << f.lines[0];
  EXPECT_NE(f.lines[2].find("writing: 3,000/3,000 entities (100%)"), std::string::npos);
}

TEST(Progress, CountsFromManyThreads) {
  Fixture f;
  Progress progress(f.log, nullptr, f.clock);
  progress.Start("reading CSV headers", 8000, "objects");
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 1000; ++i) progress.Add(1);
      });
    }
  }
  EXPECT_EQ(progress.Describe().rfind("reading CSV headers: 8,000/8,000 objects (100%)", 0), 0u)
      << progress.Describe();
}

}  // namespace
}  // namespace delta_arc
