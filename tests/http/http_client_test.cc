// Tests for the libcurl HttpClient against an in-process server.
#include "http/http_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/ca_bundle.h"
#include "tests/http/local_server.h"
#include "tests/support/subprocess.h"

namespace delta_arc::http {
namespace {

using delta_arc::testing::LocalServer;

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.server();
    s.Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Echo-Agent", req.get_header_value("User-Agent"));
      res.set_header("ETag", "\"abc\"");
      res.set_content("hello world", "text/plain");
    });
    s.Put("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Content-Type", req.get_header_value("Content-Type"));
      res.set_header("X-Expect", req.get_header_value("Expect"));
      res.set_header("X-Custom", req.get_header_value("X-Custom"));
      res.set_content(req.body, "application/octet-stream");
    });
    s.Delete("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("<Error/>", "application/xml");
    });
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(1 << 20, 'x'), "text/plain");
    });
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    // Answers once two requests are in it at once (or after 10 s, a failure): only
    // requests that overlap, each on a connection of its own, get through quickly.
    s.Get("/pair", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(pair_mutex_);
      ++pair_arrived_;
      pair_changed_.notify_all();
      const bool met = pair_changed_.wait_for(lock, std::chrono::seconds(10),
                                              [this] { return pair_arrived_ >= 2; });
      res.set_content(met ? std::to_string(req.remote_port) : "alone", "text/plain");
    });
    s.Get("/count", [this](const httplib::Request& req, httplib::Response& res) {
      connections_.fetch_add(req.get_header_value("Connection") == "close" ? 100 : 1);
      res.set_content(std::to_string(req.remote_port), "text/plain");
    });
    server_.Start();
  }

  std::string Url(const std::string& path) const { return server_.url() + path; }

  LocalServer server_;
  std::atomic<int> connections_{0};
  std::mutex pair_mutex_;
  std::condition_variable pair_changed_;
  int pair_arrived_ = 0;
  HttpClient client_;
};

TEST_F(HttpClientTest, GetReturnsStatusHeadersAndBody) {
  auto response = client_.Send({.method = "GET", .url = Url("/hello")});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->ok());
  EXPECT_EQ(response->body, "hello world");
  EXPECT_EQ(response->headers.Get("etag"), "\"abc\"");
  EXPECT_EQ(response->headers.Get("x-echo-agent"), "delta-arc/0.1");
}

TEST_F(HttpClientTest, PutSendsBodyWithoutExpectOrFormContentType) {
  Request request{.method = "PUT", .url = Url("/echo"), .body = std::string(100000, 'b')};
  request.headers.Add("X-Custom", "value");
  auto response = client_.Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body.size(), 100000u);
  EXPECT_EQ(response->headers.Get("X-Expect"), "");
  EXPECT_EQ(response->headers.Get("X-Content-Type"), "");
  EXPECT_EQ(response->headers.Get("X-Custom"), "value");
}

TEST_F(HttpClientTest, ErrorStatusIsAResponseNotAnError) {
  auto response = client_.Send({.url = Url("/missing")});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_FALSE(response->ok());
  auto deleted = client_.Send({.method = "DELETE", .url = Url("/gone")});
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 204);
}

TEST_F(HttpClientTest, ConnectionRefusedIsUnavailable) {
  const int port = delta_arc::testing::FreePort();
  auto response = client_.Send({.url = "http://127.0.0.1:" + std::to_string(port) + "/x?secret=1"});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(response.error().message.find("no HTTP response"), std::string::npos);
  EXPECT_EQ(response.error().message.find("secret"), std::string::npos);
}

TEST_F(HttpClientTest, TimeoutIsTimedOutAndTransient) {
  auto response = client_.Send({.url = Url("/slow"), .timeout = std::chrono::milliseconds(200)});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kTimedOut);
  EXPECT_TRUE(IsTransient(response.error().kind));
  EXPECT_NE(response.error().message.find("timed out"), std::string::npos);
}

TEST_F(HttpClientTest, BadUrlIsInvalidArgument) {
  auto response = client_.Send({.url = "gopher://x/"});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::kInvalidArgument);
}

TEST_F(HttpClientTest, MaxResponseBytesTruncates) {
  auto response = client_.Send({.url = Url("/big"), .max_response_bytes = 4096});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 4096u);
}

TEST_F(HttpClientTest, ReusesTheConnection) {
  auto first = client_.Send({.url = Url("/count")});
  auto second = client_.Send({.url = Url("/count")});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, second->body);  // same client port: same connection
}

TEST_F(HttpClientTest, ConcurrentRequestsEachHaveAConnectionAndTheyAreCounted) {
  Result<Response> answers[2];
  {
    std::jthread a([&] { answers[0] = client_.Send({.url = Url("/pair")}); });
    std::jthread b([&] { answers[1] = client_.Send({.url = Url("/pair")}); });
  }
  ASSERT_TRUE(answers[0] && answers[1]);
  EXPECT_NE(answers[0]->body, "alone");
  EXPECT_NE(answers[1]->body, "alone");
  EXPECT_NE(answers[0]->body, answers[1]->body);  // two client ports
  EXPECT_EQ(client_.connections().opened, 2);
  // Both connections are kept: two more requests, one after the other, open none.
  ASSERT_TRUE(client_.Send({.url = Url("/count")}));
  ASSERT_TRUE(client_.Send({.url = Url("/count")}));
  EXPECT_EQ(client_.connections().opened, 2);
}

TEST(CaBundleTest, EnvironmentWinsThenDistributionPaths) {
  const auto amazon = "/etc/pki/tls/certs/ca-bundle.crt";
  const auto debian = "/etc/ssl/certs/ca-certificates.crt";
  auto env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "AWS_CA_BUNDLE") return "/custom/aws.pem";
    return std::nullopt;
  };
  auto none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  auto empty = [](std::string_view) -> std::optional<std::string> { return ""; };
  auto files = [](std::vector<std::string> present) {
    return [present](const std::string& path) {
      return std::find(present.begin(), present.end(), path) != present.end();
    };
  };
  EXPECT_EQ(FindCaBundle(env, files({amazon, debian})), "/custom/aws.pem");
  auto both = [](std::string_view name) -> std::optional<std::string> {
    return name == "SSL_CERT_FILE" ? "/ssl.pem" : "/aws.pem";
  };
  EXPECT_EQ(FindCaBundle(both, files({})), "/ssl.pem");
  EXPECT_EQ(FindCaBundle(none, files({amazon, debian})), amazon);
  EXPECT_EQ(FindCaBundle(empty, files({debian})), debian);
  EXPECT_EQ(FindCaBundle(none, files({})), "");
}

}  // namespace
}  // namespace delta_arc::http
