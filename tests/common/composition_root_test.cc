// Time and the process environment come from the composition root: app/ and cli/ build
// the Env (common/env.h) and read the environment; the emulator is a program of its own
// with its own clock. Anything else under src/ that reads a clock, sleeps, or reads a
// variable itself would escape the fake Env tests run on, so this test reads the sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace delta_arc {
namespace {

namespace fs = std::filesystem;

// The source text of `path` with its // comments removed (comments may name what they
// avoid).
std::string CodeOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex kComment("//[^\n]*");
  return std::regex_replace(text.str(), kComment, "");
}

TEST(CompositionRoot, NothingBelowItReadsAClockSleepsOrReadsTheEnvironment) {
  const fs::path src = fs::path(DELTA_ARC_SOURCE_DIR) / "src";
  const std::vector<std::string> roots = {"app", "cli", "emulator"};
  // common/clock.h is the one reading of the wall clock, for the roots.
  static const std::regex kForbidden(
      R"(system_clock::now|steady_clock::now|high_resolution_clock::now|sleep_for|sleep_until|)"
      R"(\bgetenv\b|\benviron\b|common/clock\.h|[^_]\btime\(\s*(nullptr|NULL|0)\s*\))");
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), src);
    const std::string layer = relative.begin()->string();
    if (std::find(roots.begin(), roots.end(), layer) != roots.end()) continue;
    if (relative == fs::path("common/clock.h")) continue;
    const std::string code = CodeOf(entry.path());
    for (auto it = std::sregex_iterator(code.begin(), code.end(), kForbidden);
         it != std::sregex_iterator(); ++it) {
      found.push_back(relative.string() + ": " + it->str());
    }
  }
  EXPECT_TRUE(found.empty()) << [&] {
    std::string all;
    for (const auto& f : found) all += f + "\n";
    return all;
  }();
}

}  // namespace
}  // namespace delta_arc
