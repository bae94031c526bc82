// The handler; see handler.h.
#include "lambda/handler.h"

#include <chrono>
#include <exception>
#include <iostream>
#include <variant>

#include "common/json_text.h"
#include "lambda/answer.h"
#include "lambda/metrics.h"
#include "lineage/pipeline.h"

namespace delta_arc::lambda {

using nlohmann::json;

// A handled invocation: its result and the counts its runs add up to.
struct Handler::Handled {
  json result;                 // answered as SuccessAnswer(result), unless `answer` says otherwise
  std::optional<json> answer;  // an SQS batch's partial-batch answer
  lineage::RunReport totals;
  bool succeeded = true;        // false: an SQS batch with failed messages
  std::string failure_summary;  // which messages failed, for the notification
};

namespace {

constexpr const char* kInvalidEvent = "InvalidEvent";

std::string Describe(const LambdaEvent& event) {
  struct {
    std::string operator()(const FullSyncEvent& e) const { return e.trigger; }
    std::string operator()(const ObjectEvents&) const { return "object events"; }
    std::string operator()(const SqsBatch&) const { return "SQS batch"; }
    std::string operator()(const NoWorkEvent&) const { return "no work"; }
  } visitor;
  return std::visit(visitor, event);
}

void Add(lineage::RunReport& total, const lineage::RunReport& one) {
  // The connectors of the last run: several routes' answers give each route's own.
  if (!one.source_connector.empty()) total.source_connector = one.source_connector;
  if (!one.target_connector.empty()) total.target_connector = one.target_connector;
  total.source_assets += one.source_assets;
  total.target_assets += one.target_assets;
  total.s3_objects += one.s3_objects;
  total.created += one.created;
  total.updated += one.updated;
  total.archived += one.archived;
  total.complete = total.complete && one.complete;
  total.failed_events.insert(total.failed_events.end(), one.failed_events.begin(),
                             one.failed_events.end());
  for (const auto& [type, counts] : one.by_type) {
    auto& sum = total.by_type[type];
    sum.create += counts.create;
    sum.update += counts.update;
    sum.archive += counts.archive;
  }
}

// The error type of an event that could not be done: its object may not be read (403).
constexpr const char* kUnreadableObject = "Unauthorized";

std::string Describe(const lineage::FailedEvent& failed) {
  return failed.key + ": " + failed.error;
}

// Why one message's events were not all done, when one of them failed in a run of many.
std::optional<std::string> FailedEventOf(const ObjectEvents& message,
                                         const lineage::RunReport& run) {
  for (const auto& event : message.events) {
    for (const auto& failed : run.failed_events) {
      if (failed.key == event.key) return std::string(kUnreadableObject) + ": " + Describe(failed);
    }
  }
  return std::nullopt;
}

// A run its cutoff ended before it could write answers as one stopped between batches
// does: complete false, and the next run goes on from what Atlan holds.
Result<lineage::RunReport> IncompleteIfStopped(Result<lineage::RunReport> report, Logger& log) {
  if (report || report.error().kind != ErrorKind::kStopped) return report;
  log.Warn(report.error().message + "; the next run goes on");
  lineage::RunReport stopped;
  stopped.complete = false;
  return stopped;
}

}  // namespace

std::string ErrorTypeOf(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kInvalidArgument:
      return "ConfigurationError";
    case ErrorKind::kUnauthorized:
    case ErrorKind::kForbidden:
      return "Unauthorized";
    case ErrorKind::kThrottled:
      return "Throttled";
    case ErrorKind::kUnavailable:
    case ErrorKind::kTimedOut:
      return "Unavailable";
    case ErrorKind::kNotFound:
      return "NotFound";
    default:
      return "PipelineError";
  }
}

Handler::Handler(HandlerDeps deps, HandlerOptions options)
    : deps_(deps), options_(std::move(options)) {
  if (!options_.now_ms) options_.now_ms = [this] { return deps_.env.NowMillis(); };
  if (!options_.emit_metrics) {
    options_.emit_metrics = [](const std::string& line) { std::cout << line << std::endl; };
  }
}

int64_t Handler::Now() const {
  return options_.now_ms();
}

Outcome Handler::Handle(const InvocationRequest& invocation) {
  const int64_t start = Now();
  const atlan::AtlanCallStats before = deps_.atlan.stats();
  deps_.log.SetField("request_id", invocation.request_id);
  const Deadline deadline(start, invocation.deadline_ms, options_.deadline);
  // One cutoff for every wait of the run: its requests, retries and connection polls
  // (through the Atlan client) and the start of each batch.
  const Cutoff cutoff = invocation.deadline_ms == 0
                            ? Cutoff()
                            : Cutoff(deadline.StopAtMs(), [this] { return Now(); });
  deps_.atlan.SetCutoff(cutoff);
  const ShouldContinue should_continue = [cutoff] { return !cutoff.Passed(); };

  std::string trigger = "unknown";
  std::expected<Handled, ErrorAnswer> handled;
  if (auto event = ParseEvent(invocation.payload); !event) {
    handled = std::unexpected(ErrorAnswer{kInvalidEvent, event.error().message});
  } else {
    trigger = Describe(*event);
    deps_.log.Info("invocation started",
                   {{"trigger", trigger}, {"deadline_margin_ms", deadline.margin_ms()}});
    try {
      handled = Dispatch(*event, should_continue);
    } catch (const std::exception& e) {
      // A defect, not the event's fault. It fails as any error does, so that the Runtime
      // API hears of it (the Errors alarm, retries, the dead-letter queue) and the alert
      // goes out, instead of the process ending with no answer and SQS redelivering the
      // batch forever.
      handled = std::unexpected(
          ErrorAnswer{"InternalError", std::string("delta-arc failed unexpectedly: ") + e.what()});
    }
  }

  const int64_t duration = Now() - start;
  const atlan::AtlanCallStats calls = deps_.atlan.stats().Since(before);
  const json properties = {{"requestId", invocation.request_id}, {"trigger", trigger}};
  Outcome outcome;
  if (handled) {
    handled->totals.duration_ms = duration;
    handled->totals.atlan = calls;
    auto metrics = RunMetrics(handled->totals);
    if (!handled->succeeded) metrics.back().value = 0;  // PipelineSucceeded
    EmitMetrics(EmfDocument(options_.function_name, metrics, Now(), properties));
    deps_.log.Info("invocation finished", {{"duration_ms", duration},
                                           {"atlan_requests", calls.requests},
                                           {"complete", handled->totals.complete}});
    if (!handled->succeeded)
      Notify(invocation, "PartialBatchFailure", handled->failure_summary, trigger);
    outcome.answer = handled->answer ? std::move(*handled->answer) : SuccessAnswer(handled->result);
  } else {
    ErrorAnswer error = handled.error();
    error.message = deps_.log.Redact(error.message);
    EmitMetrics(
        EmfDocument(options_.function_name, FailureMetrics(duration, calls), Now(), properties));
    deps_.log.Error(
        "invocation failed",
        {{"error_type", error.error_type}, {"error", error.message}, {"duration_ms", duration}});
    Notify(invocation, error.error_type, error.message, trigger);
    outcome.error = std::move(error);
  }
  deps_.atlan.SetCutoff({});
  deps_.log.ClearField("request_id");
  return outcome;
}

void Handler::Notify(const InvocationRequest& invocation, const std::string& error_type,
                     const std::string& message, const std::string& trigger) {
  if (deps_.notifier == nullptr) return;
  deps_.notifier->Notify(
      {options_.function_name, invocation.request_id, error_type, message, trigger});
}

void Handler::EmitMetrics(const json& metrics_document) {
  options_.emit_metrics(deps_.log.Redact(JsonText(metrics_document)));
}

std::expected<Handler::Handled, ErrorAnswer> Handler::Dispatch(
    const LambdaEvent& event, const ShouldContinue& should_continue) {
  if (const auto* sync = std::get_if<FullSyncEvent>(&event)) {
    return RunFullSync(*sync, should_continue);
  }
  if (const auto* objects = std::get_if<ObjectEvents>(&event)) {
    return RunObjects(*objects, should_continue);
  }
  if (const auto* batch = std::get_if<SqsBatch>(&event)) return RunSqs(*batch, should_continue);
  const auto& nothing = std::get<NoWorkEvent>(event);
  deps_.log.Info("nothing to do", {{"reason", nothing.reason}});
  lineage::RunReport empty;
  json result = ResultJson(empty);
  result["skipped"] = nothing.reason;
  return Handled{std::move(result), std::nullopt, std::move(empty), true, ""};
}

std::expected<Handler::Handled, ErrorAnswer> Handler::RunFullSync(
    const FullSyncEvent& event, const ShouldContinue& should_continue) {
  if (deps_.routes.size() == 1) return RunFullSync(deps_.routes.front(), event, should_continue);
  std::vector<std::pair<const RouteDeps*, ObjectEvents>> work;
  for (const auto& route : deps_.routes) work.push_back({&route, {}});
  auto handled = ForEachRoute(work, [&](const RouteDeps& route, const ObjectEvents&) {
    return RunFullSync(route, event, should_continue);
  });
  if (handled) handled->result["trigger"] = event.trigger;
  return handled;
}

std::expected<Handler::Handled, ErrorAnswer> Handler::RunFullSync(
    const RouteDeps& route, const FullSyncEvent& event, const ShouldContinue& should_continue) {
  lineage::Config config = route.config;
  config.force_refresh = config.force_refresh || event.force_refresh;
  lineage::PipelineDeps pipeline{deps_.atlan, route.bucket, route.cache,
                                 deps_.log,   deps_.env,    should_continue};
  pipeline.listing = route.listing;
  // A log line every few seconds of a long step (CloudWatch has no terminal).
  Progress progress(deps_.log, nullptr, [this] { return Now(); });
  pipeline.progress = &progress;
  auto report =
      IncompleteIfStopped(lineage::RunPipeline(config, route.mapping, pipeline, true), deps_.log);
  if (!report)
    return std::unexpected(ErrorAnswer{ErrorTypeOf(report.error()), report.error().message});
  json result = ResultJson(*report);
  result["trigger"] = event.trigger;
  result["force_refresh"] = config.force_refresh;
  return Handled{std::move(result), std::nullopt, std::move(*report), true, ""};
}

std::expected<Handler::Handled, ErrorAnswer> Handler::RunEvents(
    const ObjectEvents& event, const ShouldContinue& should_continue) {
  if (deps_.routes.size() == 1) return RunEvents(deps_.routes.front(), event, should_continue);
  // Each event goes to every route whose bucket it names and whose prefix holds its key (a
  // full run of each would list it); one no route takes costs no request.
  std::vector<std::pair<const RouteDeps*, ObjectEvents>> work;
  int64_t unrouted = 0;
  for (const auto& one : event.events) {
    bool taken = false;
    for (const auto& route : deps_.routes) {
      if (lineage::WhyEventOutsideScope(route.config, one)) continue;
      auto it =
          std::find_if(work.begin(), work.end(), [&](const auto& w) { return w.first == &route; });
      if (it == work.end()) it = work.insert(work.end(), {&route, {}});
      it->second.events.push_back(one);
      taken = true;
    }
    if (!taken) {
      ++unrouted;
      deps_.log.Info("event ignored: no route's bucket and prefix hold its object",
                     {{"bucket", one.bucket}, {"key", one.key}});
    }
  }
  auto handled = ForEachRoute(work, [&](const RouteDeps& route, const ObjectEvents& events) {
    return RunEvents(route, events, should_continue);
  });
  if (handled) {
    handled->result["trigger"] = "object events";
    handled->result["events"] = event.events.size();
    handled->result["unrouted_events"] = unrouted;
  }
  return handled;
}

std::expected<Handler::Handled, ErrorAnswer> Handler::RunEvents(
    const RouteDeps& route, const ObjectEvents& event, const ShouldContinue& should_continue) {
  lineage::PipelineDeps pipeline{deps_.atlan, route.bucket, route.cache,
                                 deps_.log,   deps_.env,    should_continue};
  auto report = IncompleteIfStopped(
      lineage::RunIncremental(route.config, route.mapping, pipeline, event.events), deps_.log);
  if (!report)
    return std::unexpected(ErrorAnswer{ErrorTypeOf(report.error()), report.error().message});
  json result = ResultJson(*report);
  result["trigger"] = "object events";
  result["events"] = event.events.size();
  return Handled{std::move(result), std::nullopt, std::move(*report), true, ""};
}

std::expected<Handler::Handled, ErrorAnswer> Handler::ForEachRoute(
    const std::vector<std::pair<const RouteDeps*, ObjectEvents>>& work,
    const std::function<std::expected<Handled, ErrorAnswer>(const RouteDeps&, const ObjectEvents&)>&
        run) {
  Handled all;
  json routes = json::array();
  std::optional<ErrorAnswer> failure;  // the first route's error type, every route's message
  for (const auto& [route, events] : work) {
    deps_.log.SetField("route", route->name);
    auto one = run(*route, events);
    deps_.log.ClearField("route");
    if (!one) {
      deps_.log.Error("route failed", {{"route", route->name},
                                       {"error_type", one.error().error_type},
                                       {"error", one.error().message}});
      routes.push_back({{"route", route->name}, {"error", one.error().message}});
      const std::string why = "route " + route->name + ": " + one.error().message;
      if (failure) {
        failure->message += "; " + why;
      } else {
        failure = ErrorAnswer{one.error().error_type, why};
      }
      continue;
    }
    Add(all.totals, one->totals);
    one->result["route"] = route->name;
    routes.push_back(std::move(one->result));
  }
  if (failure) return std::unexpected(*failure);
  all.result = ResultJson(all.totals);
  all.result["routes"] = std::move(routes);
  return all;
}

std::expected<Handler::Handled, ErrorAnswer> Handler::RunObjects(
    const ObjectEvents& event, const ShouldContinue& should_continue) {
  auto handled = RunEvents(event, should_continue);
  if (!handled || handled->totals.failed_events.empty()) return handled;
  // The invocation fails, so that Lambda retries it and then hands it to the function's
  // dead-letter queue or on-failure destination: the event is not lost. Its other events
  // ran, and running them again changes nothing.
  std::string message;
  for (const auto& failed : handled->totals.failed_events) {
    message += (message.empty() ? "" : "; ") + Describe(failed);
  }
  return std::unexpected(ErrorAnswer{kUnreadableObject, message});
}

std::expected<Handler::Handled, ErrorAnswer> Handler::RunSqs(
    const SqsBatch& batch, const ShouldContinue& should_continue) {
  Handled handled;
  std::vector<std::string> failed;
  const auto fail = [&](const SqsMessage& message, const std::string& why) {
    deps_.log.Error("SQS message failed", {{"message_id", message.message_id}, {"error", why}});
    failed.push_back(message.message_id);
  };
  constexpr const char* kNotStarted =
      "not started: the invocation's deadline is near; SQS delivers it again";
  constexpr const char* kStopped =
      "stopped before the deadline; SQS delivers it again to complete it";
  // One message's own run; what it did counts, and an unfinished or failed run fails it.
  const auto run_alone = [&](const SqsMessage& message, const LambdaEvent& event) {
    if (!should_continue()) return fail(message, kNotStarted);
    auto one = Dispatch(event, should_continue);
    if (!one) return fail(message, one.error().error_type + ": " + one.error().message);
    Add(handled.totals, one->totals);
    if (!one->totals.complete) fail(message, kStopped);
  };

  // The object events of every message run as one incremental run: a burst of uploads
  // costs one run, not one a message. The other events run one by one.
  std::vector<std::pair<const SqsMessage*, LambdaEvent>> events;
  std::vector<std::pair<const SqsMessage*, ObjectEvents>> object_messages;
  ObjectEvents folded;
  for (const SqsMessage& message : batch.messages) {
    auto event = ParseEvent(message.body);
    if (!event) {
      fail(message, event.error().message);
    } else if (std::holds_alternative<SqsBatch>(*event)) {
      fail(message, "invalid event: an SQS message holds another SQS batch");
    } else if (auto* objects = std::get_if<ObjectEvents>(&*event)) {
      folded.events.insert(folded.events.end(), objects->events.begin(), objects->events.end());
      object_messages.emplace_back(&message, std::move(*objects));
    } else {
      events.emplace_back(&message, std::move(*event));
    }
  }
  if (object_messages.size() == 1) {
    run_alone(*object_messages.front().first, folded);
  } else if (!object_messages.empty() && should_continue()) {
    auto together = RunEvents(folded, should_continue);
    if (together) {
      Add(handled.totals, together->totals);
      for (const auto& [message, objects] : object_messages) {
        if (!together->totals.complete) {
          fail(*message, kStopped);
        } else if (auto why = FailedEventOf(objects, together->totals)) {
          fail(*message, *why);
        }
      }
    } else {
      // Which message made it fail is not known: each runs alone, so that only the
      // bad one goes back to the queue.
      deps_.log.Warn("the batch's object events failed together; running each message alone",
                     {{"messages", object_messages.size()}, {"error", together.error().message}});
      for (const auto& [message, objects] : object_messages) run_alone(*message, objects);
    }
  } else {
    for (const auto& [message, objects] : object_messages) fail(*message, kNotStarted);
  }
  for (const auto& [message, event] : events) run_alone(*message, event);

  handled.answer = BatchAnswer(failed);
  for (const auto& id : failed) {
    handled.failure_summary += (handled.failure_summary.empty() ? "" : ", ") + id;
  }
  handled.failure_summary = std::to_string(failed.size()) + " of " +
                            std::to_string(batch.messages.size()) +
                            " SQS messages failed (see the logs): " + handled.failure_summary;
  handled.succeeded = failed.empty();
  return handled;
}

}  // namespace delta_arc::lambda
