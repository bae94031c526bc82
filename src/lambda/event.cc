// Event parsing; see event.h.
#include "lambda/event.h"

#include <algorithm>

#include "common/json_text.h"
#include "common/utf8.h"
#include "http/url.h"

namespace delta_arc::lambda {

using nlohmann::json;

namespace {

std::unexpected<Error> Invalid(const std::string& message) {
  return Fail(ErrorKind::kInvalidArgument, "invalid event: " + message);
}

// The string at `path` (e.g. {"detail","object","key"}), or an error naming it.
Result<std::string> StringAt(const json& root, std::initializer_list<const char*> path,
                             const std::string& where) {
  const json* node = &root;
  std::string name;
  for (const char* part : path) {
    name += name.empty() ? part : std::string(".") + part;
    if (!node->is_object() || !node->contains(part)) return Invalid(where + name + " is missing");
    node = &(*node)[part];
  }
  if (!node->is_string() || node->get_ref<const std::string&>().empty()) {
    return Invalid(where + name + " must be a non-empty string");
  }
  return node->get<std::string>();
}

// The string field `key` of an object, or "" when absent or of another type (json's
// value() would throw).
std::string StringOr(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Keys(const json& object) {
  std::string out;
  for (const auto& [key, value] : object.items()) {
    if (out.size() > 200) return out + ", …";
    out += (out.empty() ? "" : ", ") + key;
  }
  return out.empty() ? "none" : out;
}

Result<LambdaEvent> ParseTrigger(const json& event) {
  const json& trigger = event["trigger"];
  if (!trigger.is_string() || (trigger != "scheduled" && trigger != "manual")) {
    return Invalid("trigger must be \"scheduled\" or \"manual\", got " + JsonText(trigger));
  }
  FullSyncEvent sync{trigger.get<std::string>(), false};
  if (event.contains("force_refresh")) {
    if (!event["force_refresh"].is_boolean()) {
      return Invalid("force_refresh must be true or false, got " +
                     JsonText(event["force_refresh"]));
    }
    sync.force_refresh = event["force_refresh"].get<bool>();
  }
  return sync;
}

Result<LambdaEvent> ParseEventBridge(const json& event) {
  const json& detail_type = event["detail-type"];
  if (!detail_type.is_string()) return Invalid("detail-type must be a string");
  if (detail_type == "Scheduled Event") return FullSyncEvent{"scheduled", false};
  if (detail_type != "Object Created" && detail_type != "Object Deleted") {
    return Invalid("unsupported EventBridge detail-type " + JsonText(detail_type) +
                   " (expected \"Scheduled Event\", \"Object Created\" or \"Object Deleted\")");
  }
  auto bucket = StringAt(event, {"detail", "bucket", "name"}, "");
  if (!bucket) return std::unexpected(bucket.error());
  auto key = StringAt(event, {"detail", "object", "key"}, "");
  if (!key) return std::unexpected(key.error());
  const auto change = detail_type == "Object Created" ? lineage::ObjectChange::kCreated
                                                      : lineage::ObjectChange::kDeleted;
  return ObjectEvents{{{*bucket, *key, change}}};
}

Result<lineage::ObjectChange> ChangeOf(const std::string& event_name, const std::string& where) {
  if (event_name.starts_with("ObjectCreated:")) return lineage::ObjectChange::kCreated;
  if (event_name.starts_with("ObjectRemoved:") || event_name.starts_with("LifecycleExpiration:")) {
    return lineage::ObjectChange::kDeleted;
  }
  return Invalid(where + "eventName \"" + event_name +
                 "\" is not an object creation or removal (ObjectCreated:*, ObjectRemoved:*)");
}

Result<LambdaEvent> ParseS3Records(const json& records) {
  ObjectEvents out;
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string where = "Records[" + std::to_string(i) + "].";
    const json& record = records[i];
    auto name = StringAt(record, {"eventName"}, where);
    if (!name) return std::unexpected(name.error());
    auto change = ChangeOf(*name, where);
    if (!change) return std::unexpected(change.error());
    auto bucket = StringAt(record, {"s3", "bucket", "name"}, where);
    if (!bucket) return std::unexpected(bucket.error());
    auto raw_key = StringAt(record, {"s3", "object", "key"}, where);
    if (!raw_key) return std::unexpected(raw_key.error());
    auto key = DecodeS3NotificationKey(*raw_key);
    if (!key) return Invalid(where + "s3.object.key: " + key.error().message);
    out.events.push_back({*bucket, *key, *change});
  }
  return out;
}

Result<LambdaEvent> ParseSqsRecords(const json& records) {
  SqsBatch batch;
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string where = "Records[" + std::to_string(i) + "].";
    auto id = StringAt(records[i], {"messageId"}, where);
    if (!id) return std::unexpected(id.error());
    if (!records[i].contains("body") || !records[i]["body"].is_string()) {
      return Invalid(where + "body must be a string");
    }
    batch.messages.push_back({*id, records[i]["body"].get<std::string>()});
  }
  return batch;
}

Result<LambdaEvent> ParseRecords(const json& records) {
  if (!records.is_array() || records.empty()) return Invalid("Records must be a non-empty array");
  const auto from_sqs = [](const json& r) {
    return r.is_object() && StringOr(r, "eventSource") == "aws:sqs";
  };
  const size_t sqs = std::count_if(records.begin(), records.end(), from_sqs);
  if (sqs == records.size()) return ParseSqsRecords(records);
  if (sqs != 0) return Invalid("Records mixes SQS messages with other records");
  for (const auto& record : records) {
    if (!record.is_object()) return Invalid("every element of Records must be an object");
  }
  return ParseS3Records(records);
}

}  // namespace

Result<std::string> DecodeS3NotificationKey(std::string_view key) {
  auto decoded = http::FormDecode(key);
  if (!decoded) return std::unexpected(decoded.error());
  // S3 keys are UTF-8 (S3's "Naming objects"); bytes that are not name no object Atlan
  // can hold, and would reach every JSON written after this point.
  if (const size_t at = FirstNonUtf8(*decoded); at != std::string::npos) {
    return Fail(ErrorKind::kInvalidArgument, "the key is not UTF-8 (byte " + std::to_string(at) +
                                                 " of " + Printable(*decoded) + ")");
  }
  return decoded;
}

Result<LambdaEvent> ParseEvent(std::string_view payload) {
  json event = json::parse(payload, nullptr, false);
  if (event.is_discarded()) return Invalid("not JSON");
  return ParseEventJson(event);
}

Result<LambdaEvent> ParseEventJson(const json& event) {
  if (!event.is_object())
    return Invalid("expected a JSON object, got " + std::string(event.type_name()));
  if (event.contains("trigger")) return ParseTrigger(event);
  if (event.contains("detail-type")) return ParseEventBridge(event);
  if (event.contains("Records")) return ParseRecords(event["Records"]);
  if (StringOr(event, "Event") == "s3:TestEvent") {
    return NoWorkEvent{"S3 test notification"};
  }
  // S3 → SNS → SQS fan-out: the SNS envelope carries the S3 event as a JSON string.
  if (StringOr(event, "Type") == "Notification" && event.contains("Message")) {
    if (!event["Message"].is_string()) return Invalid("SNS Message must be a string");
    json inner = json::parse(event["Message"].get<std::string>(), nullptr, false);
    if (inner.is_discarded()) return Invalid("SNS Message is not JSON");
    return ParseEventJson(inner);
  }
  return Invalid(
      "not a delta-arc event: expected {\"trigger\":\"scheduled\"|\"manual\"}, an EventBridge "
      "event (detail-type), S3 notification Records or an SQS batch; got an object with keys: " +
      Keys(event));
}

}  // namespace delta_arc::lambda
