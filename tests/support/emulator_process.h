// Test support: a real atlan-emulator process on a free port, and a small JSON
// client for it that sends requests the way Atlan's SDKs do.
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace delta_arc::testing {

struct JsonReply {
  int status = 0;  // 0: no HTTP answer (connection failed or dropped)
  nlohmann::json body;
  httplib::Headers headers;
};

// Flags that turn off Atlan's dynamics (search lag, connection bootstrap), for tests
// of the API's shapes that write and read back at once.
inline const std::vector<std::string> kWithoutDynamics = {"--search-refresh-ms", "0",
                                                          "--connection-bootstrap-ms", "0"};

class EmulatorProcess {
 public:
  // Starts `atlan-emulator serve` with the token "test-token" and any extra flags.
  explicit EmulatorProcess(std::vector<std::string> extra_args = {}, int port = 0);

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& token() const { return token_; }
  Subprocess& process() { return *process_; }

  JsonReply Post(const std::string& path, const nlohmann::json& body,
                 const std::string& token_override = "") const;
  JsonReply Get(const std::string& path, const std::string& token_override = "") const;
  JsonReply Delete(const std::string& path) const;
  JsonReply Raw(const std::string& method, const std::string& path, const std::string& body,
                const httplib::Headers& headers) const;

  // POST /_emulator/controls; fails the test unless accepted.
  void Control(const nlohmann::json& controls) const;
  // Makes everything written so far old news: connections usable, writes searchable.
  void Settle() const { Control({{"settle", true}}); }

  // Loads testdata/delta-arc/tenant.json with `atlan-emulator seed`.
  void SeedSampleTenant() const;
  // Removes the sample tenant's tags (its PII columns' attachments, then the tags
  // themselves), for tests that tag the tenant their own way.
  void RemoveSampleTags() const;

  // Creates a tag typedef (as pyatlan's AtlanTagDef.create does), or finds the one of that
  // display name; its internal name.
  std::string DefineTag(const std::string& display_name) const;
  // POSTs (or PUTs) `tags` (attachments, each with its internal typeName) to the asset's
  // classifications, by type and qualifiedName.
  JsonReply AttachTags(const std::string& type, const std::string& qn, const nlohmann::json& tags,
                       const std::string& method = "POST") const;

 private:
  std::string token_ = "test-token";
  int port_;
  std::unique_ptr<Subprocess> process_;
};

// The search body pyatlan's FluentSearch sends for `filters`, with its paging fields.
nlohmann::json SdkSearch(const nlohmann::json& filters, int from = 0, int size = 300,
                         const std::vector<std::string>& attributes = {});
// {"term": {field: {"value": v, "case_insensitive": false}}} as pyatlan emits it.
nlohmann::json SdkTerm(const std::string& field, const nlohmann::json& value);
nlohmann::json SdkPrefix(const std::string& field, const std::string& value);

}  // namespace delta_arc::testing
