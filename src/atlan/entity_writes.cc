// Batched writes; see entity_writes.h.
#include "atlan/entity_writes.h"

#include "atlan/entity_attributes.h"
#include "http/url.h"

namespace delta_arc::atlan {

using nlohmann::json;

namespace {

size_t CountOf(const json& response, const char* op) {
  if (!response.contains("mutatedEntities")) return 0;
  const auto& mutated = response["mutatedEntities"];
  return mutated.contains(op) && mutated[op].is_array() ? mutated[op].size() : 0;
}

constexpr const char* kBulkPath =
    "/api/meta/entity/bulk?replaceTags=false&appendTags=false&"
    "replaceBusinessAttributes=false&overwriteBusinessAttributes=false";

// Calls `send` until it succeeds or `retry_batch` declines the error.
Result<json> SendBatch(const std::function<Result<json>()>& send, const RetryBatchFn& retry_batch) {
  while (true) {
    auto response = send();
    if (response || !retry_batch || !retry_batch(response.error())) return response;
  }
}

}  // namespace

WriteOutcome UpsertInBatches(AtlanClient& client, size_t count,
                             const std::function<json(size_t)>& entity_at, size_t batch_size,
                             const std::function<bool()>& should_continue,
                             const RetryBatchFn& retry_batch) {
  WriteOutcome outcome;
  for (size_t start = 0; start < count; start += batch_size) {
    if (should_continue && !should_continue()) return outcome;
    json batch = json::array();
    for (size_t i = start; i < std::min(count, start + batch_size); ++i) {
      batch.push_back(entity_at(i));
    }
    const json body = {{"entities", std::move(batch)}};
    auto response = SendBatch([&] { return client.Call("POST", kBulkPath, body); }, retry_batch);
    if (!response) {
      outcome.error = response.error();
      return outcome;
    }
    ++outcome.batches;
    outcome.created += static_cast<int64_t>(CountOf(*response, "CREATE"));
    outcome.updated += static_cast<int64_t>(CountOf(*response, "UPDATE"));
  }
  return outcome;
}

WriteOutcome ArchiveInBatches(AtlanClient& client, const std::vector<std::string>& guids,
                              size_t batch_size, const std::function<bool()>& should_continue,
                              const RetryBatchFn& retry_batch) {
  WriteOutcome outcome;
  for (size_t start = 0; start < guids.size(); start += batch_size) {
    if (should_continue && !should_continue()) return outcome;
    std::string path = "/api/meta/entity/bulk?deleteType=SOFT";
    for (size_t i = start; i < std::min(guids.size(), start + batch_size); ++i) {
      path += "&guid=" + http::PercentEncode(guids[i]);
    }
    auto response = SendBatch([&] { return client.Call("DELETE", path); }, retry_batch);
    if (!response) {
      outcome.error = response.error();
      return outcome;
    }
    ++outcome.batches;
    outcome.archived += static_cast<int64_t>(CountOf(*response, "DELETE"));
  }
  return outcome;
}

Result<Upserted> UpsertOne(AtlanClient& client, const json& entity) {
  auto response = client.Call("POST", kBulkPath, json{{"entities", json::array({entity})}});
  if (!response) return std::unexpected(response.error());
  const json& mutated = response->value("mutatedEntities", json::object());
  for (const char* op : {"CREATE", "UPDATE"}) {
    if (!mutated.is_object() || !mutated.contains(op) || !mutated[op].is_array()) continue;
    for (const auto& header : mutated[op]) {
      if (StringField(header, "typeName") == StringField(entity, "typeName")) {
        return Upserted{StringField(header, "guid"), std::string(op) == "CREATE"};
      }
    }
  }
  return Upserted{};
}

Result<std::vector<std::string>> RoleIds(AtlanClient& client,
                                         const std::vector<std::string>& names) {
  if (names.empty()) return std::vector<std::string>{};
  json any = json::array();
  for (const auto& name : names) any.push_back({{"name", name}});
  const std::string filter = json{{"$or", any}}.dump();
  auto response = client.Call("GET", "/api/service/roles?count=true&offset=0&limit=100&filter=" +
                                         http::PercentEncode(filter));
  if (!response) return std::unexpected(response.error());
  const json& records = response->value("records", json::array());
  if (!records.is_array())
    return Fail(ErrorKind::kRemote, "Atlan's roles answer has no records list");
  std::vector<std::string> ids;
  for (const auto& name : names) {
    std::string id;
    for (const auto& record : records) {
      if (StringField(record, "name") == name) id = StringField(record, "id");
    }
    if (id.empty()) {
      return Fail(ErrorKind::kInvalidArgument,
                  "S3_CONNECTION_ADMIN_ROLES: role '" + name + "' does not exist in Atlan");
    }
    ids.push_back(id);
  }
  return ids;
}

}  // namespace delta_arc::atlan
