// End-to-end fixture: the atlan-emulator seeded with the sample tenant, a real
// s3rver holding the landing bucket, and delta-arc's command line run against both as
// a user would run it: in-process over a fake Env by default (a run's retries, polls and
// pacing cost no real time), or as the binary on the machine's clock where real pacing
// is what a test is about.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/s3_client.h"
#include "http/http_client.h"
#include "tests/support/emulator_process.h"
#include "tests/support/fake_env.h"
#include "tests/support/s3rver_process.h"

namespace delta_arc::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;   // stdout and stderr
  nlohmann::json json;  // the output parsed, when it is JSON
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() : PipelineTest(kWithoutDynamics) {}
  // An emulator started with these flags instead, and s3rver holding these buckets.
  explicit PipelineTest(const std::vector<std::string>& emulator_args,
                        const std::vector<std::string>& buckets = {"landing"});
  ~PipelineTest() override;

  void Upload(const std::string& key, const std::string& content);
  void UploadTo(const std::string& bucket, const std::string& key, const std::string& content);
  void Remove(const std::string& key);
  // Uploads testdata/delta-arc/bucket (keys 2025/…).
  void UploadSampleBucket(const std::string& bucket = "landing");
  // Seeds the sample tenant again as other connectors' connections: Postgres's as MySQL's
  // (mysql-dac, kMySqlQn), Snowflake's as Redshift's (redshift-dac, kRedshiftQn), where
  // ORDERS is a materialised view and CUSTOMERS a view.
  void SeedMySqlAndRedshift();
  // Seeds the emulator with more connections, as a tenant file holds them
  // ({"connections": [...]}, docs/emulator.md); fails the test unless it takes them.
  void SeedTenant(const nlohmann::json& tenant);
  // Deletes the keys UploadSampleBucket wrote.
  void RemoveSampleBucket();

  // Runs `delta-arc args…` with the fixture's configuration plus `extra_env` (a later
  // entry for a name wins): in-process over `env_`, or the binary when `as_subprocess_`.
  CommandResult Run(const std::vector<std::string>& args,
                    const std::vector<std::string>& extra_env = {});
  std::vector<std::string> Environment() const;
  // The fixture's configuration with `extra` ("NAME=value") laid over it, by name.
  std::map<std::string, std::string> EnvironmentMap(
      const std::vector<std::string>& extra = {}) const;

  // Requests the emulator served since the last reset, by "METHOD /path".
  nlohmann::json Requests();
  void ResetRequests();
  int64_t TotalRequests();
  int64_t WriteRequests();

  // Attaches `tag` (internal name) to the asset (as a person in Atlan would); fails the
  // test unless Atlan takes it.
  void Tag(const std::string& type, const std::string& qn, const std::string& tag,
           bool propagate = false);

  // The guid of an asset by type and qualifiedName, or "" when absent.
  std::string Guid(const std::string& type, const std::string& qn);
  // The qualifiedNames reachable downstream of `guid` in Atlan's lineage.
  std::vector<std::string> Downstream(const std::string& guid);
  // ACTIVE assets of a type under a qualifiedName prefix.
  int64_t CountActive(const std::string& type, const std::string& prefix);

  std::string work_dir_;
  // Each in-process run starts at the machine's time (the runs' before it); its clock then
  // moves only when it sleeps, and moves the emulator's as far.
  FakeEnv env_{MachineEnv().NowMillis()};
  // Run starts the delta-arc binary, which paces, polls and retries in real time: for
  // tests of Atlan's dynamics as a user meets them.
  bool as_subprocess_ = false;
  // By default without search lag or connection bootstrap: most tests are about what a
  // run writes; dynamics_e2e_test meets Atlan's dynamics with the emulator's defaults.
  EmulatorProcess emulator_;
  S3rverProcess s3_;
  std::unique_ptr<http::HttpClient> transport_;
  std::unique_ptr<aws::CredentialsProvider> credentials_;
  std::unique_ptr<aws::S3Client> s3_client_;
  int seeds_ = 0;  // tenant files SeedTenant wrote
};

inline const std::string kPostgresQn = "default/postgres/1757530687";
inline const std::string kSnowflakeQn = "default/snowflake/1757530705";
inline const std::string kSchema = "/FOOD_BEVERAGE/SALES_ORDERS/";
inline const std::string kMySqlQn = "default/mysql/1757531000";
inline const std::string kRedshiftQn = "default/redshift/1757532000";

}  // namespace delta_arc::testing
