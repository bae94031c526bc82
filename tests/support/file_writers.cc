// Independent writers; see file_writers.h.
#include "tests/support/file_writers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "tests/support/subprocess.h"

namespace delta_arc::testing {

namespace {

// Runs tests/support/<script> with Node, then reads what it wrote to `path`.
std::string Written(const std::string& script, const std::string& path,
                    std::vector<std::string> arguments) {
  std::vector<std::string> argv = {
      "/usr/bin/env", "node", std::string(DELTA_ARC_SOURCE_DIR) + "/tests/support/" + script, path};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::string output;
  EXPECT_EQ(RunCommand(argv, &output), 0) << script << ": " << output;
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string DuckDbCopy(const std::string& path, const std::string& select,
                       const std::string& options) {
  return Written("duckdb_copy.mjs", path, {select, options});
}

std::string AvscWrite(const std::string& path, const std::string& schema,
                      const std::string& records, const std::string& codec) {
  return Written("write_avro.mjs", path, {schema, records, codec});
}

}  // namespace delta_arc::testing
