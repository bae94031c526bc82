// The events the function is invoked with (DESIGN.md §4), parsed into what the
// handler does with them: a full sync, a few objects to sync incrementally, an
// SQS batch of those, or nothing (S3's test notification). Anything else is an
// error that says what is wrong, before anything is read or written.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.h"
#include "lineage/pipeline.h"

namespace delta_arc::lambda {

// {"trigger":"scheduled"|"manual","force_refresh":bool}, or EventBridge's
// Scheduled Event (trigger "scheduled").
struct FullSyncEvent {
  std::string trigger;
  bool force_refresh = false;
};

// EventBridge "Object Created"/"Object Deleted", or S3 notification Records.
struct ObjectEvents {
  std::vector<lineage::ObjectEvent> events;
};

// One SQS message: its id (for batchItemFailures) and its body, unparsed, so
// that one bad message fails alone.
struct SqsMessage {
  std::string message_id;
  std::string body;
};

struct SqsBatch {
  std::vector<SqsMessage> messages;
};

// s3:TestEvent, which S3 sends once when a notification is configured.
struct NoWorkEvent {
  std::string reason;
};

using LambdaEvent = std::variant<FullSyncEvent, ObjectEvents, SqsBatch, NoWorkEvent>;

// Errors are kInvalidArgument and name the field at fault.
Result<LambdaEvent> ParseEvent(std::string_view payload);
Result<LambdaEvent> ParseEventJson(const nlohmann::json& event);

// An S3 notification's object key as it was written: '+' is a space and %XX
// a byte. A malformed escape, or bytes that are not UTF-8, is an error.
Result<std::string> DecodeS3NotificationKey(std::string_view key);

}  // namespace delta_arc::lambda
