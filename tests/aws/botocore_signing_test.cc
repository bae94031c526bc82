// Cross-checks delta-arc's SigV4 against botocore (python3-botocore): for S3
// requests on keys with spaces, unicode, + = % & ; ~ * ( ), with and without
// a session token, in both addressing styles, and one request each for SNS,
// Secrets Manager and SSM, botocore must compute the same URL and the same
// Authorization header. botocore builds its URLs with its own encoders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aws/json_protocol.h"
#include "aws/s3_requests.h"
#include "aws/sigv4.h"
#include "aws/sns_client.h"
#include "tests/support/subprocess.h"

namespace delta_arc::aws {
namespace {

using Json = nlohmann::json;

const std::vector<std::string> kKeys = {"plain.csv",
                                        "with space.csv",
                                        "dir/sub dir/file.csv",
                                        "ünïcödé/日本語.csv",
                                        "plus+sign.csv",
                                        "equals=sign.csv",
                                        "percent%25.csv",
                                        "amp&ersand.csv",
                                        "semi;colon.csv",
                                        "tilde~.csv",
                                        "star*.csv",
                                        "paren(1).csv",
                                        "all + = % & ; ~ * ( ) é.csv"};
const std::vector<std::string> kTokens = {
    "", "IQoJb3JpZ2luX2VjEJ//////////wEaCXVzLWVhc3QtMSJH+token/with=chars"};
const Endpoint kLocal{.url = "http://127.0.0.1:4568", .custom = true};
constexpr char kRegion[] = "us-east-1";

struct Case {
  Json botocore_input;
  http::Request request;  // unsigned
  std::string service;
};

std::chrono::system_clock::time_point SigningTime() {
  return std::chrono::system_clock::from_time_t(1715938215);  // 2024-05-17T09:30:15Z
}

Json HeadersOf(const http::Request& request) {
  Json headers = Json::object();
  for (const auto& [name, value] : request.headers) headers[name] = value;
  return headers;
}

Case S3Case(const std::string& operation, const std::string& key, const std::string& token,
            bool virtual_host) {
  const Endpoint endpoint =
      virtual_host ? Endpoint{.url = "https://s3.us-east-1.amazonaws.com"} : kLocal;
  const std::string bucket = "delta-arc-landing";
  http::Request request;
  Json query = Json::object();
  if (operation == "get") {
    request = MakeGetObjectRequest(endpoint, bucket, key, ByteRange{.first = 0, .last = 4095});
  } else if (operation == "put") {
    request = MakePutObjectRequest(endpoint, bucket, key, "id,name\n1,x\n",
                                   {.content_type = "text/csv", .if_none_match_any = true});
  } else if (operation == "head") {
    request = MakeHeadObjectRequest(endpoint, bucket, key);
  } else if (operation == "delete") {
    request = MakeDeleteObjectRequest(endpoint, bucket, key);
  } else {
    const std::string token_value = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";
    request =
        MakeListObjectsRequest(endpoint, bucket, {.prefix = key, .max_keys = 1000}, token_value);
    query = {{"list-type", "2"},
             {"encoding-type", "url"},
             {"prefix", key},
             {"max-keys", "1000"},
             {"continuation-token", token_value}};
  }
  Json input{{"service", "s3"},
             {"region", kRegion},
             {"method", request.method},
             {"operation", operation},
             {"bucket", bucket},
             {"key", key},
             {"token", token},
             {"endpoint", kLocal.url},
             {"addressing", virtual_host ? "virtual" : "path"},
             {"headers", HeadersOf(request)},
             {"body", request.body},
             {"query", query}};
  return {std::move(input), std::move(request), "s3"};
}

Case ServiceCase(const std::string& service, http::Request request, const std::string& token) {
  const std::string endpoint = request.url.substr(0, request.url.size() - 1);
  Json input{{"service", service},   {"region", kRegion}, {"method", request.method},
             {"endpoint", endpoint}, {"token", token},    {"headers", HeadersOf(request)},
             {"body", request.body}};
  return {std::move(input), std::move(request), service};
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const auto& token : kTokens) {
    for (const auto& key : kKeys) {
      for (const char* operation : {"get", "put", "head", "delete", "list"}) {
        for (const bool virtual_host : {true, false}) {
          cases.push_back(S3Case(operation, key, token, virtual_host));
        }
      }
    }
    const Endpoint sns = DefaultEndpoint(Service::kSns, kRegion);
    http::Request publish{.method = "POST",
                          .url = sns.url + "/",
                          .body = PublishFormBody({.topic_arn = "arn:aws:sns:us-east-1:1:alerts",
                                                   .message = "run failed: a+b=c & 100% (é)",
                                                   .subject = "delta-arc"})};
    publish.headers.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    cases.push_back(ServiceCase("sns", std::move(publish), token));
    cases.push_back(ServiceCase(
        "secretsmanager",
        MakeJsonRequest(DefaultEndpoint(Service::kSecretsManager, kRegion),
                        "secretsmanager.GetSecretValue", {{"SecretId", "delta-arc/atlan"}}),
        token));
    cases.push_back(ServiceCase(
        "ssm",
        MakeJsonRequest(DefaultEndpoint(Service::kSsm, kRegion), "AmazonSSM.GetParameter",
                        {{"Name", "/delta-arc/atlan token"}, {"WithDecryption", true}}),
        token));
  }
  return cases;
}

TEST(BotocoreSigningTest, SameUrlAndAuthorizationForEveryCase) {
  std::string probe;
  if (delta_arc::testing::RunCommand({"/usr/bin/env", "python3", "-c", "import botocore"},
                                     &probe) != 0) {
    GTEST_SKIP() << "python3-botocore is not installed: " << probe;
  }
  std::vector<Case> cases = AllCases();
  Json input = Json::array();
  for (const auto& c : cases) input.push_back(c.botocore_input);
  const std::string dir = delta_arc::testing::MakeTempDir();
  const std::string input_path = dir + "/cases.json";
  std::ofstream(input_path) << input.dump();
  const std::string script = std::string(DELTA_ARC_SOURCE_DIR) + "/tests/aws/botocore_sign.py";
  std::string output;
  const int code = delta_arc::testing::RunCommand(
      {"/bin/sh", "-c", "python3 '" + script + "' < '" + input_path + "'"}, &output);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(code, 0) << output;
  const Json answers = Json::parse(output, nullptr, false);
  ASSERT_TRUE(answers.is_array()) << output;
  ASSERT_EQ(answers.size(), cases.size());

  int checked = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Case& c = cases[i];
    const Credentials credentials{.access_key_id = "AKIDEXAMPLE",
                                  .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                  .session_token = c.botocore_input["token"]};
    const SigningOptions options{
        .region = kRegion, .service = c.service, .s3_rules = c.service == "s3"};
    ASSERT_TRUE(SignRequest(c.request, credentials, options, SigningTime()));
    const std::string label = c.botocore_input.dump();
    EXPECT_EQ(c.request.url, answers[i]["url"].get<std::string>()) << label;
    EXPECT_EQ(c.request.headers.Get("Authorization").value_or(""),
              answers[i]["authorization"].get<std::string>())
        << label;
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(kTokens.size() * (kKeys.size() * 5 * 2 + 3)));
}

}  // namespace
}  // namespace delta_arc::aws
