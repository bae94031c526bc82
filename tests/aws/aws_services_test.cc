// SNS Publish, Secrets Manager GetSecretValue and SSM GetParameter against a
// local fake that checks each protocol's shape and answers as AWS does;
// retries with re-signing, clock-skew correction, and secrets kept out of
// errors and logs.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>

#include "aws/redact.h"
#include "aws/secrets_manager_client.h"
#include "aws/sigv4.h"
#include "aws/sns_client.h"
#include "aws/ssm_client.h"
#include "http/http_client.h"
#include "http/http_date.h"
#include "tests/http/local_server.h"
#include "tests/support/fake_env.h"

namespace delta_arc::aws {
namespace {

using std::chrono::system_clock;
using Json = nlohmann::json;

constexpr char kSecretKey[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
constexpr char kToken[] = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN==";
constexpr char kSecretValue[] = "atlan-api-token-VERY-SECRET";
constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:delta-arc-alerts";

struct Seen {
  std::string target, content_type, authorization, amz_date, token, body;
};

// A scripted answer that replaces the normal one for one request.
using Scripted = std::function<void(httplib::Response&)>;

class FakeAws {
 public:
  FakeAws() {
    server_.server().Post(
        "/", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    server_.Start();
  }
  std::string url() const { return server_.url(); }
  void Script(Scripted answer) {
    const std::lock_guard lock(mutex_);
    scripted_.push_back(std::move(answer));
  }
  std::vector<Seen> seen() {
    const std::lock_guard lock(mutex_);
    return seen_;
  }
  std::atomic<bool> check_clock{false};

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    Scripted scripted;
    {
      const std::lock_guard lock(mutex_);
      seen_.push_back({req.get_header_value("X-Amz-Target"), req.get_header_value("Content-Type"),
                       req.get_header_value("Authorization"), req.get_header_value("X-Amz-Date"),
                       req.get_header_value("X-Amz-Security-Token"), req.body});
      if (!scripted_.empty()) {
        scripted = std::move(scripted_.front());
        scripted_.pop_front();
      }
    }
    res.set_header("x-amzn-RequestId", "fake-request-1");
    res.set_header("Date", http::FormatHttpDate(system_clock::now()));
    if (scripted) return scripted(res);
    if (check_clock && Skewed(req.get_header_value("X-Amz-Date"))) return SkewError(req, res);
    const std::string target = req.get_header_value("X-Amz-Target");
    if (target == "secretsmanager.GetSecretValue") return SecretsManager(req, res);
    if (target == "AmazonSSM.GetParameter") return Ssm(req, res);
    return Sns(req, res);
  }

  static bool Skewed(const std::string& amz_date) {
    std::tm tm{};
    if (strptime(amz_date.c_str(), "%Y%m%dT%H%M%SZ", &tm) == nullptr) return true;
    const auto diff = system_clock::from_time_t(timegm(&tm)) - system_clock::now();
    return diff > std::chrono::minutes(15) || diff < -std::chrono::minutes(15);
  }

  static void SkewError(const httplib::Request& req, httplib::Response& res) {
    res.status = 403;
    if (req.has_header("X-Amz-Target")) {
      res.set_content(R"({"__type":"InvalidSignatureException","message":"Signature expired"})",
                      "application/x-amz-json-1.1");
    } else {
      res.set_content(
          "<ErrorResponse><Error><Type>Sender</Type><Code>RequestTimeTooSkewed</Code>"
          "<Message>The difference between the request time and the current time is too large."
          "</Message></Error><RequestId>skew-1</RequestId></ErrorResponse>",
          "text/xml");
    }
  }

  static bool Scoped(const httplib::Request& req, const std::string& service) {
    return req.get_header_value("Authorization").find("/us-east-1/" + service + "/aws4_request") !=
           std::string::npos;
  }

  static void JsonError(httplib::Response& res, const std::string& type, const std::string& msg) {
    res.status = 400;
    res.set_content(Json{{"__type", type}, {"message", msg}}.dump(), "application/x-amz-json-1.1");
  }

  static void SecretsManager(const httplib::Request& req, httplib::Response& res) {
    const Json body = Json::parse(req.body, nullptr, false);
    if (req.get_header_value("Content-Type") != "application/x-amz-json-1.1" ||
        !Scoped(req, "secretsmanager") || !body.is_object()) {
      return JsonError(res, "SerializationException", "bad request shape");
    }
    const std::string id = body.value("SecretId", "");
    Json answer{{"ARN", "arn:aws:secretsmanager:us-east-1:1:secret:" + id},
                {"Name", id},
                {"VersionId", "v1"}};
    if (id == "atlan-token") {
      answer["SecretString"] = kSecretValue;
    } else if (id == "binary") {
      answer["SecretBinary"] = "AAEC/w==";  // 00 01 02 ff
    } else {
      return JsonError(res, "ResourceNotFoundException",
                       "Secrets Manager can't find the specified secret.");
    }
    res.set_content(answer.dump(), "application/x-amz-json-1.1");
  }

  static void Ssm(const httplib::Request& req, httplib::Response& res) {
    const Json body = Json::parse(req.body, nullptr, false);
    if (req.get_header_value("Content-Type") != "application/x-amz-json-1.1" ||
        !Scoped(req, "ssm") || !body.is_object() || body.value("WithDecryption", false) != true) {
      return JsonError(res, "ValidationException", "bad request shape");
    }
    if (body.value("Name", "") != "/delta-arc/atlan-token") {
      return JsonError(res, "ParameterNotFound", "");
    }
    res.set_content(Json{{"Parameter",
                          {{"Name", "/delta-arc/atlan-token"},
                           {"Type", "SecureString"},
                           {"Value", kSecretValue},
                           {"Version", 3},
                           {"ARN", "arn:aws:ssm:us-east-1:1:parameter/delta-arc/atlan-token"}}}}
                        .dump(),
                    "application/x-amz-json-1.1");
  }

  static void Sns(const httplib::Request& req, httplib::Response& res) {
    const bool shaped =
        req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded") &&
        Scoped(req, "sns") && req.get_param_value("Action") == "Publish" &&
        req.get_param_value("Version") == "2010-03-31";
    if (!shaped || req.get_param_value("TopicArn") != kTopic) {
      res.status = 404;
      res.set_content(
          "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>"
          "<Message>Topic does not exist</Message></Error><RequestId>sns-404</RequestId>"
          "</ErrorResponse>",
          "text/xml");
      return;
    }
    res.set_content(
        "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
        "<MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>"
        "<ResponseMetadata><RequestId>f187a3c1</RequestId></ResponseMetadata></PublishResponse>",
        "text/xml");
  }

  delta_arc::testing::LocalServer server_;
  std::mutex mutex_;
  std::deque<Scripted> scripted_;
  std::vector<Seen> seen_;
};

class AwsServicesTest : public ::testing::Test {
 protected:
  AwsClientOptions Options() {
    AwsClientOptions options;
    options.region = "us-east-1";
    options.endpoint = {.url = fake_.url(), .custom = true};
    options.retry = {.max_attempts = 3, .base_delay = std::chrono::milliseconds(1)};
    options.log = [this](std::string_view line) { logs_.emplace_back(line); };
    options.env = &env_;
    return options;
  }
  std::string AllLogs() const {
    std::string all;
    for (const auto& line : logs_) all += line + "\n";
    return all;
  }

  FakeAws fake_;
  http::HttpClient http_;
  StaticCredentialsProvider credentials_{Credentials{
      .access_key_id = "AKIDTEST", .secret_access_key = kSecretKey, .session_token = kToken}};
  std::function<system_clock::time_point()> local_time_ = [] { return system_clock::now(); };
  std::vector<std::chrono::milliseconds> sleeps_;
  std::vector<std::string> logs_;
  // Signs at local_time_; records the retries' sleeps instead of waiting.
  delta_arc::testing::FunctionEnv env_{
      [this] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   local_time_().time_since_epoch())
            .count();
      },
      [this](std::chrono::milliseconds d) { sleeps_.push_back(d); }};
};

TEST_F(AwsServicesTest, SnsPublishUsesTheQueryProtocol) {
  SnsClient sns(http_, credentials_, Options());
  auto id = sns.Publish(
      {.topic_arn = kTopic, .message = "run failed: 3 errors & more", .subject = "delta-arc"});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "94f20ce6-13c5-43a0-9a9e-ca52d816e90b");
  const auto seen = fake_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].body,
            "Action=Publish&Message=run%20failed%3A%203%20errors%20%26%20more&Subject=delta-arc"
            "&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Adelta-arc-alerts"
            "&Version=2010-03-31");
  EXPECT_EQ(seen[0].token, kToken);
  EXPECT_NE(
      seen[0].authorization.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"),
      std::string::npos);
}

TEST_F(AwsServicesTest, SnsErrorCarriesCodeMessageAndRequestId) {
  SnsClient sns(http_, credentials_, Options());
  auto id = sns.Publish({.topic_arn = "arn:aws:sns:us-east-1:1:missing", .message = "m"});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(id.error().message.find("NotFound: Topic does not exist"), std::string::npos);
  EXPECT_NE(id.error().message.find("sns-404"), std::string::npos);
}

TEST_F(AwsServicesTest, GetSecretValueUsesJson11) {
  SecretsManagerClient secrets(http_, credentials_, Options());
  auto secret = secrets.GetSecretValue("atlan-token");
  ASSERT_TRUE(secret) << secret.error().message;
  EXPECT_EQ(secret->value, kSecretValue);
  EXPECT_FALSE(secret->binary);
  const auto seen = fake_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "secretsmanager.GetSecretValue");
  EXPECT_EQ(seen[0].content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(Json::parse(seen[0].body), (Json{{"SecretId", "atlan-token"}}));

  auto binary = secrets.GetSecretValue("binary");
  ASSERT_TRUE(binary);
  EXPECT_TRUE(binary->binary);
  EXPECT_EQ(binary->value, std::string("\x00\x01\x02\xff", 4));
}

TEST_F(AwsServicesTest, GetSecretValueErrors) {
  SecretsManagerClient secrets(http_, credentials_, Options());
  auto secret = secrets.GetSecretValue("nope");
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(secret.error().message.find("ResourceNotFoundException"), std::string::npos);
  EXPECT_NE(secret.error().message.find("fake-request-1"), std::string::npos);
}

TEST_F(AwsServicesTest, GetParameterWithDecryption) {
  SsmClient ssm(http_, credentials_, Options());
  auto parameter = ssm.GetParameter("/delta-arc/atlan-token");
  ASSERT_TRUE(parameter) << parameter.error().message;
  EXPECT_EQ(parameter->value, kSecretValue);
  EXPECT_EQ(parameter->type, "SecureString");
  EXPECT_EQ(parameter->version, 3);
  const auto seen = fake_.seen();
  EXPECT_EQ(seen.at(0).target, "AmazonSSM.GetParameter");
  EXPECT_EQ(Json::parse(seen.at(0).body),
            (Json{{"Name", "/delta-arc/atlan-token"}, {"WithDecryption", true}}));
  auto missing = ssm.GetParameter("/missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message.find("ParameterNotFound"), std::string::npos);
}

TEST_F(AwsServicesTest, RetriesServerErrorsAndThrottlingReSigningEachAttempt) {
  std::atomic<int> tick{0};
  local_time_ = [&tick] { return system_clock::now() + std::chrono::seconds(tick++ * 2); };
  fake_.Script([](httplib::Response& res) {
    res.status = 500;
    res.set_content(R"({"__type":"InternalServiceError","message":"oops"})", "application/json");
  });
  fake_.Script([](httplib::Response& res) {
    res.status = 400;
    res.set_content(R"({"__type":"ThrottlingException","message":"Rate exceeded"})",
                    "application/json");
  });
  SsmClient ssm(http_, credentials_, Options());
  auto parameter = ssm.GetParameter("/delta-arc/atlan-token");
  ASSERT_TRUE(parameter) << parameter.error().message;
  const auto seen = fake_.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_NE(seen[0].amz_date, seen[1].amz_date);
  EXPECT_NE(seen[1].amz_date, seen[2].amz_date);
  EXPECT_NE(seen[0].authorization, seen[1].authorization);
  EXPECT_NE(seen[1].authorization, seen[2].authorization);
  EXPECT_EQ(sleeps_.size(), 2u);
  ASSERT_EQ(logs_.size(), 2u);
  EXPECT_NE(logs_[1].find("ThrottlingException"), std::string::npos);
}

TEST_F(AwsServicesTest, GivesUpAfterThreeAttempts) {
  for (int i = 0; i < 3; ++i) {
    fake_.Script([](httplib::Response& res) {
      res.status = 503;
      res.set_content(
          "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>",
          "text/xml");
    });
  }
  SnsClient sns(http_, credentials_, Options());
  auto id = sns.Publish({.topic_arn = kTopic, .message = "m"});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(fake_.seen().size(), 3u);
}

TEST_F(AwsServicesTest, DoesNotRetryClientErrors) {
  SecretsManagerClient secrets(http_, credentials_, Options());
  ASSERT_FALSE(secrets.GetSecretValue("nope"));
  EXPECT_EQ(fake_.seen().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(AwsServicesTest, CorrectsClockSkewFromServerDate) {
  fake_.check_clock = true;
  local_time_ = [] { return system_clock::now() - std::chrono::hours(1); };
  SnsClient sns(http_, credentials_, Options());
  ASSERT_TRUE(sns.Publish({.topic_arn = kTopic, .message = "m"}));
  SsmClient ssm(http_, credentials_, Options());
  auto parameter = ssm.GetParameter("/delta-arc/atlan-token");
  ASSERT_TRUE(parameter) << parameter.error().message;
  const auto seen = fake_.seen();
  ASSERT_EQ(seen.size(), 4u);  // one skewed attempt and one corrected, per client
  EXPECT_NE(seen[0].amz_date, seen[1].amz_date);
}

TEST_F(AwsServicesTest, SmallSkewOrSignatureErrorsAreNotRetried) {
  fake_.Script([](httplib::Response& res) {
    res.status = 403;
    res.set_content(
        "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>",
        "text/xml");
  });
  SnsClient sns(http_, credentials_, Options());
  auto id = sns.Publish({.topic_arn = kTopic, .message = "m"});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(fake_.seen().size(), 1u);
}

TEST_F(AwsServicesTest, SecretsNeverAppearInErrorsOrLogs) {
  // A peer that echoes what it was sent (as SignatureDoesNotMatch answers do).
  const std::string echo = std::string("token ") + kToken + " key " + kSecretKey;
  fake_.Script([&echo](httplib::Response& res) {
    res.status = 500;
    res.set_content(Json{{"__type", "InternalFailure"}, {"message", echo}}.dump(),
                    "application/json");
  });
  fake_.Script([&echo](httplib::Response& res) {
    res.status = 400;
    res.set_content(Json{{"__type", "AccessDeniedException"}, {"message", echo}}.dump(),
                    "application/json");
  });
  SecretsManagerClient secrets(http_, credentials_, Options());
  auto failed = secrets.GetSecretValue("atlan-token");
  ASSERT_FALSE(failed);
  fake_.Script([](httplib::Response& res) { res.status = 502; });
  auto fetched = secrets.GetSecretValue("atlan-token");
  ASSERT_TRUE(fetched);

  const std::string everything = failed.error().message + "\n" + AllLogs();
  EXPECT_NE(everything.find("AccessDeniedException"), std::string::npos);
  EXPECT_NE(everything.find(kRedacted), std::string::npos);
  for (const char* secret : {kSecretKey, kToken, kSecretValue}) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret << " leaked:\n" << everything;
  }
}

TEST_F(AwsServicesTest, ConnectionErrorsAreRetriedAndReported) {
  AwsClientOptions options = Options();
  options.endpoint.url = "http://127.0.0.1:1";
  SsmClient ssm(http_, credentials_, options);
  auto parameter = ssm.GetParameter("/x");
  ASSERT_FALSE(parameter);
  EXPECT_EQ(parameter.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(sleeps_.size(), 2u);
  EXPECT_NE(parameter.error().message.find("SSM GetParameter /x"), std::string::npos);
}

// Records each request's timeout on its way to the real client.
class TimeoutRecorder : public http::Transport {
 public:
  explicit TimeoutRecorder(http::Transport& next) : next_(next) {}
  Result<http::Response> Send(const http::Request& request) override {
    timeouts.push_back(request.timeout);
    return next_.Send(request);
  }
  std::vector<std::chrono::milliseconds> timeouts;

 private:
  http::Transport& next_;
};

// The run's cutoff (common/cutoff.h) shared with the Atlan client: an AWS call's timeout is
// what is left of it, none starts once it has passed, and one cleared cuts nothing.
TEST_F(AwsServicesTest, CallsAreUnderTheRunsSharedCutoff) {
  int64_t now = 1000;
  auto cutoff = std::make_shared<SharedCutoff>();
  AwsClientOptions options = Options();
  options.cutoff = cutoff;
  TimeoutRecorder recorder(http_);
  SsmClient ssm(recorder, credentials_, options);
  cutoff->Set(Cutoff(4000, [&] { return now; }));
  ASSERT_TRUE(ssm.GetParameter("/delta-arc/atlan-token"));
  ASSERT_EQ(recorder.timeouts.size(), 1u);
  EXPECT_EQ(recorder.timeouts[0], std::chrono::milliseconds(3000));
  now = 4000;
  auto late = ssm.GetParameter("/delta-arc/atlan-token");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::kStopped);
  EXPECT_NE(late.error().message.find("SSM GetParameter /delta-arc/atlan-token"), std::string::npos)
      << late.error().message;
  EXPECT_EQ(fake_.seen().size(), 1u);
  cutoff->Set({});
  ASSERT_TRUE(ssm.GetParameter("/delta-arc/atlan-token"));
  EXPECT_EQ(recorder.timeouts.back(), std::chrono::seconds(30));
}

}  // namespace
}  // namespace delta_arc::aws
