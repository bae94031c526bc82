// Every case of AWS's SigV4 test suite (testdata/aws-sigv4-testsuite): the
// .req is parsed, signed with the suite's credentials and time, and the
// canonical request, string to sign and Authorization header compared.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "aws/sigv4.h"
#include "tests/support/subprocess.h"

namespace delta_arc::aws {
namespace {

namespace fs = std::filesystem;

constexpr char kSessionToken[] = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Parses the suite's raw HTTP/1.1 request text.
http::Request ParseRequest(const std::string& text) {
  http::Request request;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const auto first_space = line.find(' ');
  const auto version = line.rfind(" HTTP/");
  request.method = line.substr(0, first_space);
  const std::string target = line.substr(first_space + 1, version - first_space - 1);
  std::string host;
  while (std::getline(in, line) && !line.empty()) {
    if ((line.front() == ' ' || line.front() == '\t') && !request.headers.empty()) {
      auto entries = request.headers.entries();
      auto [name, value] = entries.back();
      request.headers.Remove(name);  // re-add with the folded line
      for (std::size_t i = 0; i + 1 < entries.size(); ++i) {
        if (entries[i].first == name) request.headers.Add(entries[i].first, entries[i].second);
      }
      request.headers.Add(name, value + "\n" + line);
      continue;
    }
    const auto colon = line.find(':');
    request.headers.Add(line.substr(0, colon), line.substr(colon + 1));
    if (http::EqualsIgnoreCase(line.substr(0, colon), "Host")) host = line.substr(colon + 1);
  }
  std::stringstream rest;
  rest << in.rdbuf();
  request.body = rest.str();
  request.url = "https://" + host + target;
  return request;
}

struct SuiteCase {
  std::string name;
  fs::path dir;
};

std::vector<SuiteCase> AllCases() {
  std::vector<SuiteCase> cases;
  const fs::path root = delta_arc::testing::TestDataPath("aws-sigv4-testsuite");
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".req") {
      cases.push_back({entry.path().stem().string(), entry.path().parent_path()});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const SuiteCase& a, const SuiteCase& b) { return a.name < b.name; });
  return cases;
}

class SigV4SuiteTest : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(SigV4SuiteTest, MatchesCanonicalRequestStringToSignAndAuthorization) {
  const SuiteCase& c = GetParam();
  http::Request request = ParseRequest(ReadFile(c.dir / (c.name + ".req")));
  Credentials credentials{.access_key_id = "AKIDEXAMPLE",
                          .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
  SigningOptions options{.region = "us-east-1", .service = "service"};
  if (c.name == "get-vanilla-with-session-token") credentials.session_token = kSessionToken;
  if (c.name == "post-sts-header-after") {
    credentials.session_token = "token-added-after-signing";
    options.sign_session_token = false;
  }
  // 2015-08-30T12:36:00Z
  const auto now = std::chrono::system_clock::from_time_t(1440938160);
  auto signed_parts = SignRequest(request, credentials, options, now);
  ASSERT_TRUE(signed_parts) << signed_parts.error().message;
  EXPECT_EQ(signed_parts->canonical_request, ReadFile(c.dir / (c.name + ".creq")));
  EXPECT_EQ(signed_parts->string_to_sign, ReadFile(c.dir / (c.name + ".sts")));
  std::string authz = ReadFile(c.dir / (c.name + ".authz"));
  while (!authz.empty() && authz.back() == '\n') authz.pop_back();
  EXPECT_EQ(signed_parts->authorization, authz);
  EXPECT_EQ(request.headers.Get("Authorization"), authz);
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, SigV4SuiteTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<SuiteCase>& p) {
                           std::string name = p.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4SuiteCoverage, FindsEveryCase) {
  EXPECT_EQ(AllCases().size(), 34u);
}

TEST(SigV4Test, S3PathIsNeitherNormalisedNorEncodedTwice) {
  EXPECT_EQ(CanonicalUri("/bucket/a%20b//c/./d/../e", true), "/bucket/a%20b//c/./d/../e");
  EXPECT_EQ(CanonicalUri("/a%20b//c/./d/../e", false), "/a%2520b/c/e");
}

TEST(SigV4Test, S3SignsPayloadHashOrUnsignedPayload) {
  Credentials credentials{.access_key_id = "AKID", .secret_access_key = "secret"};
  const auto now = std::chrono::system_clock::from_time_t(1440938160);
  http::Request put{
      .method = "PUT", .url = "https://b.s3.us-east-1.amazonaws.com/k", .body = "abc"};
  SigningOptions s3{.region = "us-east-1", .service = "s3", .s3_rules = true};
  ASSERT_TRUE(SignRequest(put, credentials, s3, now));
  EXPECT_EQ(put.headers.Get("x-amz-content-sha256"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  http::Request get{.url = "https://b.s3.us-east-1.amazonaws.com/k"};
  s3.unsigned_payload = true;
  auto parts = SignRequest(get, credentials, s3, now);
  ASSERT_TRUE(parts);
  EXPECT_EQ(get.headers.Get("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_TRUE(parts->canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
  EXPECT_NE(parts->authorization.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date"),
            std::string::npos);
}

TEST(SigV4Test, AnonymousCredentialsLeaveTheRequestUnsigned) {
  http::Request get{.url = "https://b.s3.us-east-1.amazonaws.com/k"};
  ASSERT_TRUE(SignRequest(get, Credentials{}, {.region = "us-east-1", .service = "s3"},
                          std::chrono::system_clock::now()));
  EXPECT_FALSE(get.headers.Has("Authorization"));
}

}  // namespace
}  // namespace delta_arc::aws
