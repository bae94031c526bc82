// The fixture of the event-run tests: the end-to-end fixture plus RunIncremental
// called in-process with the CLI's configuration, as the Lambda handler calls it, over
// the fixture's fake Env, as its CLI runs are.
#pragma once

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "app/runtime.h"
#include "lineage/pipeline.h"
#include "tests/cli/pipeline_fixture.h"
#include "tests/support/fake_env.h"

namespace delta_arc::testing {

class IncrementalTest : public PipelineTest {
 protected:
  IncrementalTest() {
    std::ofstream(work_dir_ + "/m.yaml")
        << "objects:\n  - \"{table}.csv\"\n  - \"exports/{table}/dt={date}/{file}.csv\"\n";
  }

  // The CLI's environment, with the events' mapping file and `overrides`.
  std::map<std::string, std::string> EventEnvironment(
      const std::map<std::string, std::string>& overrides = {}) {
    std::map<std::string, std::string> environment = EnvironmentMap();
    for (const auto& [name, value] : overrides) environment[name] = value;
    environment["MAPPING_FILE"] = work_dir_ + "/m.yaml";
    return environment;
  }
  Result<lineage::Config> SyncConfig(const std::map<std::string, std::string>& overrides = {}) {
    lineage::ConfigSources sources;
    sources.environment = EventEnvironment(overrides);
    return lineage::LoadConfig(sources, lineage::ConfigPurpose::kSync);
  }

  Result<lineage::RunReport> Events(const std::vector<lineage::ObjectEvent>& events,
                                    const std::map<std::string, std::string>& overrides = {}) {
    auto config = SyncConfig(overrides);
    EXPECT_TRUE(config) << (config ? "" : config.error().message);
    env_.CatchUpTo(MachineEnv().NowMillis());
    auto runtime = app::BuildRuntime({{"", *config}}, EventEnvironment(overrides), log_, env_);
    EXPECT_TRUE(runtime) << (runtime ? "" : runtime.error().message);
    app::RouteRuntime& route = runtime->routes.front();
    lineage::PipelineDeps deps{*runtime->atlan, *route.bucket, *route.cache, log_, env_};
    return lineage::RunIncremental(route.config, route.mapping, deps, events);
  }

  // What a read-only full run would change now; empty when Atlan holds what it wants.
  std::string FullRunChanges(const std::vector<std::string>& env = {}) {
    auto plan = Run({"plan", "--json", "--verbose", "--mapping", work_dir_ + "/m.yaml"}, env);
    EXPECT_EQ(plan.exit_code, 0) << plan.output;
    std::string changes;
    for (const auto& [type, counts] : plan.json["planned_by_type"].items()) {
      for (const char* what : {"create", "update", "archive"}) {
        if (counts[what] != 0) changes += type + " " + what + " " + counts[what].dump() + "; ";
      }
    }
    return changes.empty() ? "" : changes + plan.output;
  }

  std::vector<std::string> logged_;
  Logger log_{LogLevel::kInfo, false, [this](const std::string& line) { logged_.push_back(line); }};

  // The log line that mentions both `a` and `b`, or "".
  std::string LoggedWith(const std::string& a, const std::string& b) const {
    for (const auto& line : logged_) {
      if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return line;
    }
    return "";
  }
};

}  // namespace delta_arc::testing
