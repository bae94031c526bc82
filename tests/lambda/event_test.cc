// Event parsing: every event shape of DESIGN.md §4, S3's URL-encoded keys, and
// errors that say what is wrong for malformed and unknown events.
#include "lambda/event.h"

#include <gtest/gtest.h>

namespace delta_arc::lambda {
namespace {

using lineage::ObjectChange;

TEST(LambdaEvent, TriggerEvents) {
  auto manual = ParseEvent(R"({"trigger":"manual","force_refresh":true})");
  ASSERT_TRUE(manual) << manual.error().message;
  const auto& sync = std::get<FullSyncEvent>(*manual);
  EXPECT_EQ(sync.trigger, "manual");
  EXPECT_TRUE(sync.force_refresh);
  auto scheduled = ParseEvent(R"({"trigger":"scheduled"})");
  ASSERT_TRUE(scheduled);
  EXPECT_FALSE(std::get<FullSyncEvent>(*scheduled).force_refresh);
}

TEST(LambdaEvent, EventBridgeScheduledEvent) {
  auto event = ParseEvent(R"({"version":"0","id":"53dc4d37","detail-type":"Scheduled Event",
    "source":"aws.events","account":"123456789012","time":"2025-01-01T06:00:00Z",
    "region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/daily"],
    "detail":{}})");
  ASSERT_TRUE(event) << event.error().message;
  EXPECT_EQ(std::get<FullSyncEvent>(*event).trigger, "scheduled");
}

TEST(LambdaEvent, EventBridgeObjectCreatedAndDeleted) {
  auto created = ParseEvent(R"({"version":"0","detail-type":"Object Created","source":"aws.s3",
    "detail":{"version":"0","bucket":{"name":"landing"},
    "object":{"key":"2025/order details+x.csv","size":5,"etag":"abc"},"reason":"PutObject"}})");
  ASSERT_TRUE(created) << created.error().message;
  const auto& events = std::get<ObjectEvents>(*created).events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].bucket, "landing");
  EXPECT_EQ(events[0].key, "2025/order details+x.csv");  // EventBridge does not encode keys
  EXPECT_EQ(events[0].change, ObjectChange::kCreated);
  auto deleted = ParseEvent(R"({"detail-type":"Object Deleted","source":"aws.s3",
    "detail":{"bucket":{"name":"landing"},"object":{"key":"2025/a.csv"}}})");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(std::get<ObjectEvents>(*deleted).events[0].change, ObjectChange::kDeleted);
}

TEST(LambdaEvent, S3NotificationRecordsDecodeKeys) {
  auto event = ParseEvent(R"({"Records":[
    {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
     "s3":{"bucket":{"name":"landing"},"object":{"key":"2025/order+details%2Bv%C3%A9.csv"}}},
    {"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete",
     "s3":{"bucket":{"name":"landing"},"object":{"key":"2025/old.csv"}}}]})");
  ASSERT_TRUE(event) << event.error().message;
  const auto& events = std::get<ObjectEvents>(*event).events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].key, "2025/order details+v\xC3\xA9.csv");
  EXPECT_EQ(events[0].change, ObjectChange::kCreated);
  EXPECT_EQ(events[1].change, ObjectChange::kDeleted);
}

TEST(LambdaEvent, SnsEnvelopeCarriesTheS3Event) {
  const nlohmann::json s3 = nlohmann::json::parse(R"({"Records":[{"eventSource":"aws:s3",
    "eventName":"ObjectCreated:Put",
    "s3":{"bucket":{"name":"landing"},"object":{"key":"2025/a+b.csv"}}}]})");
  const nlohmann::json envelope = {{"Type", "Notification"},
                                   {"TopicArn", "arn:aws:sns:us-east-1:123456789012:landing"},
                                   {"Message", s3.dump()}};
  auto event = ParseEvent(envelope.dump());
  ASSERT_TRUE(event) << event.error().message;
  EXPECT_EQ(std::get<ObjectEvents>(*event).events[0].key, "2025/a b.csv");
  auto bad = ParseEvent(R"({"Type":"Notification","Message":"{oops"})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("SNS Message is not JSON"), std::string::npos);
}

TEST(LambdaEvent, SqsBatchKeepsBodiesForPerMessageHandling) {
  auto event = ParseEvent(R"({"Records":[
    {"messageId":"m1","eventSource":"aws:sqs","body":"{\"Records\":[]}"},
    {"messageId":"m2","eventSource":"aws:sqs","body":"not json"}]})");
  ASSERT_TRUE(event) << event.error().message;
  const auto& batch = std::get<SqsBatch>(*event);
  ASSERT_EQ(batch.messages.size(), 2u);
  EXPECT_EQ(batch.messages[0].message_id, "m1");
  EXPECT_EQ(batch.messages[1].body, "not json");
}

TEST(LambdaEvent, S3TestEventIsNoWork) {
  auto event = ParseEvent(R"({"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"landing"})");
  ASSERT_TRUE(event);
  EXPECT_TRUE(std::holds_alternative<NoWorkEvent>(*event));
}

TEST(LambdaEvent, MalformedEventsSayWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "not JSON"},
      {"[1,2]", "expected a JSON object, got array"},
      {R"({"hello":"world"})", "got an object with keys: hello"},
      {R"({"trigger":"hourly"})", "trigger must be \"scheduled\" or \"manual\""},
      {R"({"trigger":"manual","force_refresh":"yes"})", "force_refresh must be true or false"},
      {R"({"detail-type":"EC2 Instance State-change Notification"})",
       "unsupported EventBridge detail-type"},
      {R"({"detail-type":"Object Created","detail":{"bucket":{"name":"b"}}})",
       "detail.object is missing"},
      {R"({"detail-type":"Object Created","detail":{"bucket":{"name":"b"},"object":{"key":""}}})",
       "detail.object.key must be a non-empty string"},
      {R"({"Records":[]})", "Records must be a non-empty array"},
      {R"({"Records":[{"eventName":"ObjectRestore:Completed","s3":{}}]})",
       "Records[0].eventName \"ObjectRestore:Completed\""},
      {R"({"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"a%zz"}}}]})",
       "Records[0].s3.object.key: a malformed %-escape at byte"},
      {R"({"Records":[{"eventSource":"aws:sqs","messageId":"m1"}]})",
       "Records[0].body must be a string"},
      // Fields of another JSON type than AWS sends threw (fuzz/corpus/lambda_event/regress-*).
      {R"({"Event":1})", "got an object with keys: Event"},
      {R"({"Type":["Notification"],"Message":"{}"})", "got an object with keys: Message, Type"},
      {R"({"Records":[{"eventSource":1}]})", "Records[0].eventName is missing"},
  };
  for (const auto& [payload, expected] : cases) {
    auto event = ParseEvent(payload);
    ASSERT_FALSE(event) << payload;
    EXPECT_EQ(event.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(event.error().message.find(expected), std::string::npos)
        << payload << " → " << event.error().message;
  }
}

TEST(LambdaEvent, DecodeS3NotificationKey) {
  EXPECT_EQ(DecodeS3NotificationKey("a+b%20c%2B").value(), "a b c+");
  EXPECT_FALSE(DecodeS3NotificationKey("abc%2"));
  EXPECT_FALSE(DecodeS3NotificationKey("abc%"));
  EXPECT_EQ(DecodeS3NotificationKey("2025/%C3%BC.csv").value(), "2025/ü.csv");
}

// A key whose bytes are not UTF-8 names no object Atlan can hold: the event is refused
// with the reason (in an SQS batch, that message alone fails), never an abort later.
TEST(LambdaEvent, KeyThatIsNotUtf8IsRefusedWithTheReason) {
  auto key = DecodeS3NotificationKey("2025/bad%FF/orders.csv");
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("not UTF-8 (byte 8 of 2025/bad\\xFF/orders.csv)"),
            std::string::npos)
      << key.error().message;
  auto event = ParseEvent(
      R"({"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"landing"},)"
      R"("object":{"key":"2025/bad%FF/orders.csv"}}}]})");
  ASSERT_FALSE(event);
  EXPECT_NE(event.error().message.find("Records[0].s3.object.key"), std::string::npos)
      << event.error().message;
  EXPECT_NE(event.error().message.find("not UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace delta_arc::lambda
