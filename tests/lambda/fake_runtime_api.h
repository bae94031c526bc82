// Test support: a local Lambda Runtime API (2018-06-01) on a loopback port. It
// hands out queued events one per `next` (blocking while none is queued, as
// Lambda does), each with a request id, deadline, trace id and function ARN,
// and records every response, error and init error it is posted.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "tests/http/local_server.h"

namespace delta_arc::testing {

struct PostedOutcome {
  std::string kind;  // "response", "error" or "init-error"
  std::string request_id;
  std::string body;
  std::string content_type;
  std::string error_type_header;  // Lambda-Runtime-Function-Error-Type
};

class FakeRuntimeApi {
 public:
  FakeRuntimeApi() {
    auto& s = server_.server();
    s.Get("/2018-06-01/runtime/invocation/next",
          [this](const httplib::Request&, httplib::Response& res) { Next(res); });
    s.Post(R"(/2018-06-01/runtime/invocation/([^/]+)/(response|error))",
           [this](const httplib::Request& req, httplib::Response& res) {
             Record(req, req.matches[2], req.matches[1]);
             res.status = 202;
             res.set_content(R"({"status":"OK"})", "application/json");
           });
    s.Post("/2018-06-01/runtime/init/error",
           [this](const httplib::Request& req, httplib::Response& res) {
             Record(req, "init-error", "");
             res.status = 202;
           });
    server_.Start();
  }
  ~FakeRuntimeApi() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    server_.Stop();
  }

  // AWS_LAMBDA_RUNTIME_API's value.
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(server_.port()); }

  // Queues an event; returns its request id. `budget` sets the deadline.
  std::string Queue(const std::string& payload,
                    std::chrono::milliseconds budget = std::chrono::minutes(5)) {
    std::lock_guard lock(mu_);
    const std::string id = "req-" + std::to_string(++counter_);
    queue_.push_back({id, payload, budget, Queued::kEvent});
    cv_.notify_all();
    return id;
  }

  // The next `next` is cut off mid-answer, so that no request can be made, which makes a
  // runtime exit (as it must when the Runtime API is gone): a clean way to end a function
  // process. An error answer would not: a runtime asks again after one.
  void QueueShutdown() {
    std::lock_guard lock(mu_);
    queue_.push_back({"", "", std::chrono::milliseconds(0), Queued::kShutdown});
    cv_.notify_all();
  }

  // The next `next` is answered with this HTTP status, as the Runtime API may answer.
  void QueueErrorAnswer(int status) {
    std::lock_guard lock(mu_);
    queue_.push_back({"", "", std::chrono::milliseconds(0), Queued::kErrorAnswer, status});
    cv_.notify_all();
  }

  // Waits until `count` outcomes were posted (or the timeout); returns them all.
  std::vector<PostedOutcome> WaitForOutcomes(size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return outcomes_.size() >= count; });
    return outcomes_;
  }

  // When each `next` was asked, in steady-clock time.
  std::vector<std::chrono::steady_clock::time_point> next_calls() {
    std::lock_guard lock(mu_);
    return next_calls_;
  }

 private:
  struct Queued {
    enum Kind { kEvent, kShutdown, kErrorAnswer };
    std::string id;
    std::string payload;
    std::chrono::milliseconds budget;
    Kind kind = kEvent;
    int status = 0;
  };

  void Next(httplib::Response& res) {
    std::unique_lock lock(mu_);
    next_calls_.push_back(std::chrono::steady_clock::now());
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) {
      res.status = 500;
      return;
    }
    const Queued event = queue_.front();
    queue_.pop_front();
    if (event.kind == Queued::kErrorAnswer) {
      res.status = event.status;
      res.set_content(R"({"errorMessage":"test error","errorType":"Test"})", "application/json");
      return;
    }
    if (event.kind == Queued::kShutdown) {
      // Headers promise a body the provider never writes: the connection is closed
      // mid-answer, and the client's request fails as if the API were gone.
      res.set_content_provider(16, "application/json",
                               [](size_t, size_t, httplib::DataSink&) { return false; });
      return;
    }
    const auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch()) +
                          event.budget;
    res.set_header("Lambda-Runtime-Aws-Request-Id", event.id);
    res.set_header("Lambda-Runtime-Deadline-Ms", std::to_string(deadline.count()));
    res.set_header("Lambda-Runtime-Trace-Id",
                   "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    res.set_header("Lambda-Runtime-Invoked-Function-Arn",
                   "arn:aws:lambda:us-east-1:123456789012:function:atlan-lineage");
    res.set_content(event.payload, "application/json");
  }

  void Record(const httplib::Request& req, const std::string& kind, const std::string& id) {
    std::lock_guard lock(mu_);
    outcomes_.push_back({kind, id, req.body, req.get_header_value("Content-Type"),
                         req.get_header_value("Lambda-Runtime-Function-Error-Type")});
    cv_.notify_all();
  }

  LocalServer server_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  int counter_ = 0;
  std::deque<Queued> queue_;
  std::vector<PostedOutcome> outcomes_;
  std::vector<std::chrono::steady_clock::time_point> next_calls_;
};

}  // namespace delta_arc::testing
