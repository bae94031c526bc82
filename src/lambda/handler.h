// The function's handler: one invocation's event in, an answer or an error
// out. Parses the event, runs the full pipeline or the incremental one with
// the invocation's deadline, writes one EMF metrics line, and on failure
// publishes an SNS notification. The Runtime API loop and `delta-arc invoke`
// both call it; it never touches the Runtime API itself.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "atlan/atlan_client.h"
#include "common/log.h"
#include "lambda/deadline.h"
#include "lambda/event.h"
#include "lambda/notifier.h"
#include "lambda/runtime_api.h"
#include "lineage/cache_store.h"
#include "lineage/config.h"
#include "lineage/mapping.h"
#include "lineage/object_source.h"

namespace delta_arc::lambda {

// One route's own part of what the container built (lineage/routes.h).
struct RouteDeps {
  std::string name;  // "" for the one route of a configuration without ROUTES_FILE
  const lineage::Config& config;
  const lineage::Mapping& mapping;
  lineage::ObjectSource& bucket;
  lineage::CacheStore& cache;
  lineage::ObjectSource* listing = nullptr;  // S3_INVENTORY's report (full syncs), or null
};

// What the container built once; the handler borrows it for every invocation. One Atlan
// client (one rate budget) serves every route.
struct HandlerDeps {
  std::vector<RouteDeps> routes;  // at least one
  atlan::AtlanClient& atlan;
  Logger& log;
  Env& env;  // the clock and sleeps of the runs (and the handler's clock by default)
  FailureNotifier* notifier = nullptr;  // null when SNS_TOPIC_ARN is not set
};

struct HandlerOptions {
  std::string function_name = "delta-arc";
  DeadlineOptions deadline{};
  std::function<int64_t()> now_ms{};                       // epoch ms; default: the Env's
  std::function<void(const std::string&)> emit_metrics{};  // one EMF line; default: stdout
};

// Either an answer for the response endpoint or an error for the error endpoint.
struct Outcome {
  std::optional<nlohmann::json> answer;
  ErrorAnswer error;

  bool ok() const { return answer.has_value(); }
};

class Handler {
 public:
  Handler(HandlerDeps deps, HandlerOptions options);

  Outcome Handle(const InvocationRequest& invocation);

 private:
  struct Handled;
  using ShouldContinue = std::function<bool()>;

  std::expected<Handled, ErrorAnswer> Dispatch(const LambdaEvent& event,
                                               const ShouldContinue& should_continue);
  std::expected<Handled, ErrorAnswer> RunFullSync(const FullSyncEvent& event,
                                                  const ShouldContinue& should_continue);
  std::expected<Handled, ErrorAnswer> RunFullSync(const RouteDeps& route,
                                                  const FullSyncEvent& event,
                                                  const ShouldContinue& should_continue);
  // The incremental run of the events, one per route their buckets and keys reach; events
  // it could not do are in totals.failed_events (the others ran).
  std::expected<Handled, ErrorAnswer> RunEvents(const ObjectEvents& event,
                                                const ShouldContinue& should_continue);
  std::expected<Handled, ErrorAnswer> RunEvents(const RouteDeps& route, const ObjectEvents& event,
                                                const ShouldContinue& should_continue);
  // Several routes' runs as one answer: each route's under "routes", the counts summed.
  // The invocation fails when one failed, after the others ran.
  std::expected<Handled, ErrorAnswer> ForEachRoute(
      const std::vector<std::pair<const RouteDeps*, ObjectEvents>>& work,
      const std::function<std::expected<Handled, ErrorAnswer>(const RouteDeps&,
                                                              const ObjectEvents&)>& run);
  // RunEvents, failing the invocation when an event could not be done.
  std::expected<Handled, ErrorAnswer> RunObjects(const ObjectEvents& event,
                                                 const ShouldContinue& should_continue);
  std::expected<Handled, ErrorAnswer> RunSqs(const SqsBatch& batch,
                                             const ShouldContinue& should_continue);
  void EmitMetrics(const nlohmann::json& metrics_document);
  void Notify(const InvocationRequest& invocation, const std::string& error_type,
              const std::string& message, const std::string& trigger);
  int64_t Now() const;

  HandlerDeps deps_;
  HandlerOptions options_;
};

// The errorType of a failed pipeline run, from the kind of its error.
std::string ErrorTypeOf(const Error& error);

}  // namespace delta_arc::lambda
