// Batched writes; see entity_writes.h.
#include "atlan/entity_writes.h"

#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "atlan/batch_scheduler.h"
#include "atlan/entity_attributes.h"
#include "common/json_text.h"
#include "http/url.h"

namespace delta_arc::atlan {

using nlohmann::json;

namespace {

// mutatedEntities[op] of a bulk answer, when it is a list.
const json* ListOf(const json& response, const char* op) {
  if (!response.contains("mutatedEntities")) return nullptr;
  const auto& mutated = response["mutatedEntities"];
  return mutated.contains(op) && mutated[op].is_array() ? &mutated[op] : nullptr;
}

size_t CountOf(const json& response, const char* op) {
  const json* list = ListOf(response, op);
  return list != nullptr ? list->size() : 0;
}

// An entity as a batch names it: "<typeName>\n<qualifiedName>".
std::string NameOf(const json& entity) {
  const json* attributes = entity.contains("attributes") ? &entity["attributes"] : nullptr;
  return StringField(entity, "typeName") + "\n" +
         (attributes != nullptr ? StringField(*attributes, "qualifiedName") : "");
}

// The entries of mutatedEntities[op] that are among `sent`. Atlas also lists the assets at
// the far end of each relationship a write makes (a Process's tables, the objects an
// earlier batch wrote) under UPDATE: those are not this write's. An entry without a
// qualifiedName cannot be told apart, and counts.
size_t CountSent(const json& response, const char* op, const std::set<std::string>& sent) {
  const json* list = ListOf(response, op);
  if (list == nullptr) return 0;
  size_t count = 0;
  for (const auto& header : *list) {
    const std::string name = NameOf(header);
    count += name.ends_with('\n') || sent.contains(name) ? 1 : 0;
  }
  return count;
}

// The qualifiedNames of the entries of mutatedEntities.UPDATE that are not among `sent`.
void AddUpdatedBeside(const json& response, const std::set<std::string>& sent,
                      std::vector<std::string>& out) {
  const json* list = ListOf(response, "UPDATE");
  if (list == nullptr) return;
  for (const auto& header : *list) {
    const std::string name = NameOf(header);
    if (!name.ends_with('\n') && !sent.contains(name))
      out.push_back(name.substr(name.find('\n') + 1));
  }
}

// Keeps of a bulk answer only what CountSent reads: mutatedEntities' lists, each entity
// header in them reduced to its typeName and qualifiedName (an answer names every entity
// written, with its attributes).
bool CountsOnly(int depth, json::parse_event_t event, json& parsed) {
  if (event != json::parse_event_t::key) return true;
  if (depth == 1) return parsed == "mutatedEntities";
  if (depth == 4) return parsed == "typeName" || parsed == "attributes";
  if (depth == 5) return parsed == "qualifiedName";
  return depth < 4;
}

constexpr const char* kArchivePath = "/api/meta/entity/bulk?deleteType=SOFT";

// appendTags: an entity's addOrUpdateClassifications are attached and its
// removeClassifications removed, and every other tag on it stays (pyatlan's
// save(..., append_atlan_tags=True)); an entity without them keeps its tags as they are.
constexpr const char* kBulkPath =
    "/api/meta/entity/bulk?replaceTags=false&appendTags=true&"
    "replaceBusinessAttributes=false&overwriteBusinessAttributes=false";

// Sends `n` items from `first` through `send`: the common part of upserts and archives.
// A batch refused as too large (413, 414: a proxy's limit on the URL or the body) is sent
// again as two halves, down to one item, and the sizer learns the smaller size. Other
// failed batches are offered to options.retry_batch one at a time (it may wait on a new
// connection); `count_answer` reads what one answer says was done. `fitting`, when set,
// bounds a batch by more than its count (BatchScheduleOptions::fitting).
WriteOutcome SendBatches(size_t count, const WriteOptions& options,
                         const std::function<Result<json>(size_t first, size_t n)>& send,
                         const std::function<void(size_t first, const json&)>& count_answer,
                         const std::function<size_t(size_t first, size_t n)>& fitting = {}) {
  BatchSizer sizer(options.batch_size, options.max_batch_size);
  std::mutex mutex;  // guards count_answer's totals and on_sent
  std::function<Status(size_t, size_t)> send_until_done = [&](size_t first, size_t n) -> Status {
    while (true) {
      auto response = send(first, n);
      if (!response && response.error().kind == ErrorKind::kTooLarge && n > 1) {
        sizer.Observe(n, std::chrono::milliseconds(0), false);
        const size_t half = n / 2;
        if (auto s = send_until_done(first, half); !s) return s;
        return send_until_done(first + half, n - half);
      }
      if (response) {
        const std::lock_guard lock(mutex);
        count_answer(first, *response);
        if (options.on_sent) options.on_sent(n);
        return Ok();
      }
      // Outside the lock: retry_batch may wait (a new connection's policies), and the
      // other batches' answers are counted meanwhile.
      if (!options.retry_batch || !options.retry_batch(response.error())) {
        return std::unexpected(response.error());
      }
    }
  };
  const BatchProgress progress = SendInBatches(count, sizer,
                                               {.concurrency = options.concurrency,
                                                .level_at = options.level_at,
                                                .fitting = fitting,
                                                .should_continue = options.should_continue,
                                                .now = options.now},
                                               send_until_done);
  WriteOutcome outcome;
  outcome.batches = static_cast<int64_t>(progress.batches);
  outcome.written = progress.items_sent;
  outcome.stopped = progress.stopped;
  outcome.error = progress.error;
  return outcome;
}

}  // namespace

WriteOutcome UpsertInBatches(AtlanClient& client, size_t count,
                             const std::function<json(size_t)>& entity_at,
                             const WriteOptions& options) {
  int64_t created = 0;
  int64_t updated = 0;
  std::vector<std::string> also_updated;
  std::mutex sent_mutex;
  std::map<size_t, std::set<std::string>> sent;  // a batch's first item → the names it sent
  auto send = [&](size_t first, size_t n) {
    // Serialized at once: ATLAN_CONCURRENCY batches wait on Atlan, each held as text only.
    std::set<std::string> names;
    std::string body = [&] {
      json batch = json::array();
      for (size_t i = first; i < first + n; ++i) {
        batch.push_back(entity_at(i));
        names.insert(NameOf(batch.back()));
      }
      return JsonText(json{{"entities", std::move(batch)}});
    }();
    {
      const std::lock_guard lock(sent_mutex);
      sent[first] = std::move(names);
    }
    return client.CallSerialized("POST", kBulkPath, std::move(body), CountsOnly);
  };
  WriteOutcome outcome = SendBatches(count, options, send, [&](size_t first, const json& response) {
    std::set<std::string> names;
    {
      const std::lock_guard lock(sent_mutex);
      names = std::move(sent[first]);
      sent.erase(first);
    }
    created += static_cast<int64_t>(CountSent(response, "CREATE", names));
    updated += static_cast<int64_t>(CountSent(response, "UPDATE", names));
    AddUpdatedBeside(response, names, also_updated);
  });
  outcome.created = created;
  outcome.updated = updated;
  outcome.also_updated = std::move(also_updated);
  return outcome;
}

WriteOutcome ArchiveInBatches(AtlanClient& client, const std::vector<std::string>& guids,
                              const WriteOptions& options) {
  int64_t archived = 0;
  // Each guid as the query string carries it, encoded once for both sizing and sending.
  std::vector<std::string> parameters;
  parameters.reserve(guids.size());
  for (const auto& guid : guids) parameters.push_back("&guid=" + http::PercentEncode(guid));
  auto send = [&](size_t first, size_t n) {
    std::string path(kArchivePath);
    for (size_t i = first; i < first + n; ++i) path += parameters[i];
    return client.Call("DELETE", path);
  };
  // Atlas takes the guids of a bulk delete in the query string only (EntityREST
  // deleteByGuids), so a batch is as many as fit under kMaxArchivePathBytes.
  const auto fitting = [&](size_t first, size_t n) {
    size_t length = std::string_view(kArchivePath).size();
    size_t fit = 0;
    while (fit < n && (length += parameters[first + fit].size()) <= kMaxArchivePathBytes) ++fit;
    return fit;
  };
  WriteOutcome outcome = SendBatches(
      guids.size(), options, send,
      [&](size_t, const json& response) {
        archived += static_cast<int64_t>(CountOf(response, "DELETE"));
      },
      fitting);
  outcome.archived = archived;
  return outcome;
}

Result<Upserted> UpsertOne(AtlanClient& client, const json& entity) {
  auto response = client.Call("POST", kBulkPath, json{{"entities", json::array({entity})}});
  if (!response) return std::unexpected(response.error());
  for (const char* op : {"CREATE", "UPDATE"}) {
    const json* list = ListOf(*response, op);
    if (list == nullptr) continue;
    for (const auto& header : *list) {
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
  const std::string filter = JsonText(json{{"$or", any}});
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
