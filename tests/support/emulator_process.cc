// Emulator process for tests; see emulator_process.h.
#include "tests/support/emulator_process.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

namespace delta_arc::testing {

using nlohmann::json;

EmulatorProcess::EmulatorProcess(std::vector<std::string> extra_args, int port)
    : port_(port == 0 ? FreePort() : port) {
  std::vector<std::string> argv = {BinaryPath("atlan-emulator"), "serve",   "--port",
                                   std::to_string(port_),        "--token", token_};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<Subprocess>(argv, std::vector<std::string>{}, "/dev/null");
  if (!WaitForPort(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("atlan-emulator did not start on port " + std::to_string(port_));
  }
}

JsonReply EmulatorProcess::Raw(const std::string& method, const std::string& path,
                               const std::string& body, const httplib::Headers& headers) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(120, 0);
  httplib::Result res{nullptr, httplib::Error::Unknown};
  if (method == "POST") {
    res = client.Post(path, headers, body, "application/json");
  } else if (method == "GET") {
    res = client.Get(path, headers);
  } else if (method == "PUT") {
    res = client.Put(path, headers, body, "application/json");
  } else if (method == "DELETE") {
    res = client.Delete(path, headers);
  }
  JsonReply reply;
  if (!res) return reply;
  reply.status = res->status;
  reply.headers = res->headers;
  reply.body = json::parse(res->body, nullptr, false);
  return reply;
}

JsonReply EmulatorProcess::Post(const std::string& path, const json& body,
                                const std::string& token_override) const {
  const std::string token = token_override.empty() ? token_ : token_override;
  return Raw("POST", path, body.dump(), {{"Authorization", "Bearer " + token}});
}

JsonReply EmulatorProcess::Get(const std::string& path, const std::string& token_override) const {
  const std::string token = token_override.empty() ? token_ : token_override;
  return Raw("GET", path, "", {{"Authorization", "Bearer " + token}});
}

JsonReply EmulatorProcess::Delete(const std::string& path) const {
  return Raw("DELETE", path, "", {{"Authorization", "Bearer " + token_}});
}

void EmulatorProcess::Control(const json& controls) const {
  httplib::Client client("127.0.0.1", port_);
  auto res = client.Post("/_emulator/controls", controls.dump(), "application/json");
  ASSERT_TRUE(res) << "emulator unreachable";
  ASSERT_EQ(res->status, 200) << res->body;
}

void EmulatorProcess::SeedSampleTenant() const {
  std::string output;
  int rc = RunCommand({BinaryPath("atlan-emulator"), "seed", "--url", url(), "--token", token_,
                       TestDataPath("delta-arc/tenant.json")},
                      &output);
  ASSERT_EQ(rc, 0) << output;
}

void EmulatorProcess::RemoveSampleTags() const {
  std::ifstream file(TestDataPath("delta-arc/tenant.json"));
  const json tenant = json::parse(file);
  for (const auto& connection : tenant["connections"]) {
    for (const auto& database : connection["databases"]) {
      for (const auto& schema : database["schemas"]) {
        for (const auto& table : schema["tables"]) {
          const std::string table_qn = connection["qualifiedName"].get<std::string>() + "/" +
                                       database["name"].get<std::string>() + "/" +
                                       schema["name"].get<std::string>() + "/" +
                                       table["name"].get<std::string>();
          for (const auto& column : table["columns"]) {
            for (const auto& tag : column.value("tags", json::array())) {
              const std::string path =
                  "/api/meta/entity/uniqueAttribute/type/Column/classification/" +
                  DefineTag(tag["name"]) + "?attr:qualifiedName=" + table_qn + "/" +
                  column["name"].get<std::string>();
              EXPECT_EQ(Delete(path).status, 204) << path;
            }
          }
        }
      }
    }
  }
  for (const auto& tag : tenant.value("tags", json::array())) {
    const std::string name = DefineTag(tag["name"]);
    EXPECT_EQ(Delete("/api/meta/types/typedef/name/" + name).status, 204) << tag;
  }
}

json SdkTerm(const std::string& field, const json& value) {
  return {{"term", {{field, {{"value", value}, {"case_insensitive", false}}}}}};
}

json SdkPrefix(const std::string& field, const std::string& value) {
  return {{"prefix", {{field, {{"value", value}, {"case_insensitive", false}}}}}};
}

std::string EmulatorProcess::DefineTag(const std::string& display_name) const {
  const json def = {{"displayName", display_name},
                    {"category", "CLASSIFICATION"},
                    {"options", {{"color", "Green"}}}};
  auto reply = Post("/api/meta/types/typedefs", {{"classificationDefs", json::array({def})}});
  if (reply.status == 200) return reply.body["classificationDefs"][0]["name"];
  // Defined already (409), as the sample tenant defines PII.
  const JsonReply listed = Get("/api/meta/types/typedefs?type=classification");
  for (const auto& existing : listed.body.value("classificationDefs", json::array())) {
    if (existing.value("displayName", "") == display_name) return existing["name"];
  }
  ADD_FAILURE() << "cannot define the tag " << display_name << ": " << reply.body.dump();
  return "";
}

JsonReply EmulatorProcess::AttachTags(const std::string& type, const std::string& qn,
                                      const json& tags, const std::string& method) const {
  const std::string path =
      "/api/meta/entity/uniqueAttribute/type/" + type + "/classifications?attr:qualifiedName=" + qn;
  return Raw(method, path, tags.dump(), {{"Authorization", "Bearer " + token_}});
}

json SdkSearch(const json& filters, int from, int size,
               const std::vector<std::string>& attributes) {
  json request = {
      {"dsl",
       {{"from", from},
        {"size", size},
        {"aggregations", json::object()},
        {"track_total_hits", true},
        {"query", {{"bool", {{"filter", filters}}}}},
        {"sort", json::array({{{"__guid", {{"order", "asc"}}}}})}}},
      {"requestMetadata", {{"saveSearchLog", false}, {"utmTags", {"project_sdk_python"}}}}};
  if (!attributes.empty()) request["attributes"] = attributes;
  return request;
}

}  // namespace delta_arc::testing
