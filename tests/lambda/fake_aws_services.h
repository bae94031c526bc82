// Test support: local stand-ins for the two AWS services the function calls
// besides S3 — SNS Publish (query protocol) and Secrets Manager GetSecretValue
// (JSON protocol) — recording what they were sent. Tests name them to the function
// as Lambda does, in its environment (AWS_ENDPOINT_URL_SNS, …), never by setting the
// process's own.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/http/local_server.h"

namespace delta_arc::testing {

struct SnsPublish {
  std::string topic_arn;
  std::string subject;
  std::string message;
};

class FakeSns {
 public:
  FakeSns() {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mu_);
        published_.push_back({req.get_param_value("TopicArn"), req.get_param_value("Subject"),
                              req.get_param_value("Message")});
      }
      res.set_content(
          "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
          "<MessageId>5a1e6a2c-0000-4000-8000-000000000001</MessageId></PublishResult>"
          "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>",
          "text/xml");
    });
    server_.Start();
  }
  std::string url() const { return server_.url(); }
  std::vector<SnsPublish> published() {
    std::lock_guard lock(mu_);
    return published_;
  }

 private:
  LocalServer server_;
  std::mutex mu_;
  std::vector<SnsPublish> published_;
};

class FakeSecretsManager {
 public:
  FakeSecretsManager(std::string secret_id, std::string secret_string)
      : secret_id_(std::move(secret_id)), secret_string_(std::move(secret_string)) {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      const auto body = nlohmann::json::parse(req.body, nullptr, false);
      std::lock_guard lock(mu_);
      ++calls_;
      if (req.get_header_value("X-Amz-Target") != "secretsmanager.GetSecretValue" ||
          !body.is_object() || body.value("SecretId", "") != secret_id_) {
        res.status = 400;
        res.set_content(R"({"__type":"ResourceNotFoundException","message":"no such secret"})",
                        "application/x-amz-json-1.1");
        return;
      }
      res.set_content(nlohmann::json{{"ARN", secret_id_},
                                     {"Name", "atlan-token"},
                                     {"VersionId", "v1"},
                                     {"SecretString", secret_string_}}
                          .dump(),
                      "application/x-amz-json-1.1");
    });
    server_.Start();
  }
  std::string url() const { return server_.url(); }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  LocalServer server_;
  std::string secret_id_;
  std::string secret_string_;
  std::mutex mu_;
  int calls_ = 0;
};

}  // namespace delta_arc::testing
