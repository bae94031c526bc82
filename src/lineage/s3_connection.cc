// The S3 connection; see s3_connection.h.
#include "lineage/s3_connection.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <tuple>

#include "atlan/entity_attributes.h"
#include "atlan/entity_reads.h"
#include "atlan/type_names.h"
#include "common/fnv.h"
#include "common/keyword_case.h"

namespace delta_arc::lineage {

using nlohmann::json;

std::string S3ConnectionQualifiedName(std::string_view name) {
  const uint64_t hash = Fnv1a64(LowercaseKeyword(name));
  char digits[11];
  std::snprintf(digits, sizeof digits, "%010llu",
                static_cast<unsigned long long>(hash % 10'000'000'000ULL));
  return std::string("default/s3/") + digits;
}

S3ConnectionChoice ChooseS3Connection(const std::vector<ConnectionRef>& candidates,
                                      const std::string& name) {
  const std::string derived = S3ConnectionQualifiedName(name);
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].qualified_name == derived) {
      return {i, "its qualifiedName is the one delta-arc derives from the name"};
    }
  }
  auto rank = [&](const ConnectionRef& c) {
    const int64_t created = c.create_time > 0 ? c.create_time : std::numeric_limits<int64_t>::max();
    return std::make_tuple(created, c.name != name, c.qualified_name);
  };
  size_t best = 0;
  for (size_t i = 1; i < candidates.size(); ++i) {
    if (rank(candidates[i]) < rank(candidates[best])) best = i;
  }
  return {best, "it is the oldest (createTime " + std::to_string(candidates[best].create_time) +
                    "), the one earlier runs registered the bucket under"};
}

Result<S3Connection> ResolveS3Connection(atlan::AtlanClient& client,
                                         const std::optional<ConnectionRef>& found,
                                         const std::string& name, int64_t now_ms, Logger& log) {
  S3Connection connection;
  connection.name = name;
  if (found) {
    connection.qualified_name = found->qualified_name;
    connection.guid = found->guid;
    connection.create_time = found->create_time;
    connection.exists = true;
    return connection;
  }
  connection.qualified_name = S3ConnectionQualifiedName(name);
  auto entity =
      atlan::FindByQualifiedName(client, atlan::kConnectionType, connection.qualified_name);
  if (!entity) {
    if (entity.error().kind != ErrorKind::kForbidden) return std::unexpected(entity.error());
    log.Info("the S3 connection exists but Atlan is still building its policies",
             {{"connection", connection.qualified_name}});
    connection.exists = true;
    connection.create_time = now_ms;
    return connection;
  }
  if (!*entity) return connection;  // to create
  const json& e = **entity;
  const std::string found_name = atlan::StringAttribute(e, "name");
  const std::string connector = atlan::StringAttribute(e, "connectorName");
  if (!EqualsIgnoringCase(found_name, name) || connector != "s3") {
    return Fail(ErrorKind::kConflict,
                "S3_CONNECTION_NAME: the qualifiedName " + connection.qualified_name +
                    " that delta-arc derives from '" + name + "' belongs to the " + connector +
                    " connection '" + found_name + "'; choose another S3_CONNECTION_NAME");
  }
  connection.guid = e.value("guid", "");
  connection.create_time = e.value("createTime", int64_t{0});
  if (e.value("status", "ACTIVE") == "DELETED") {
    connection.archived = true;
    log.Warn("the S3 connection is archived in Atlan; this run restores it",
             {{"connection", connection.qualified_name}, {"name", found_name}});
    return connection;
  }
  connection.exists = true;
  log.Info("found the S3 connection by qualifiedName; the search index does not show it yet",
           {{"connection", connection.qualified_name}});
  return connection;
}

bool IsYoung(const S3Connection& connection, int64_t now_ms) {
  if (connection.written) return true;
  return connection.create_time > 0 && now_ms - connection.create_time < kYoungConnectionMs;
}

ConnectionGate::ConnectionGate(atlan::AtlanClient& client, S3Connection& connection, Logger& log,
                               Env& env, ConnectionGateOptions options)
    : client_(client), connection_(connection), log_(log), env_(env), options_(options) {}

Result<atlan::Upserted> ConnectionGate::Open(const std::optional<json>& entity) {
  if (!entity) {
    if (!IsYoung(connection_, env_.NowMillis())) return atlan::Upserted{};
    log_.Info("the S3 connection is new; checking that Atlan lets the token use it",
              {{"connection", connection_.qualified_name}});
    if (auto s = Wait(false); !s) return std::unexpected(s.error());
    return atlan::Upserted{};
  }
  log_.Info(std::string(connection_.archived ? "restoring" : "creating") +
                " the S3 connection, then waiting until Atlan has built its policies",
            {{"connection", connection_.qualified_name}, {"name", connection_.name}});
  // Atlan refuses assets sent in the same request as their new connection: it goes alone.
  auto upserted = atlan::UpsertOne(client_, *entity);
  if (!upserted && upserted.error().kind != ErrorKind::kForbidden) {
    return std::unexpected(upserted.error());
  }
  // A 403: another run created it after this one looked, and Atlan refuses even its
  // update until the policies exist. Either way, wait for it.
  atlan::Upserted written = upserted ? *upserted : atlan::Upserted{};
  if (!written.guid.empty()) connection_.guid = written.guid;
  connection_.exists = true;
  connection_.archived = false;
  connection_.written = true;
  connection_.create_time = env_.NowMillis();
  // Polled at once, as pyatlan's tenacity retry calls before it first waits: a tenant that
  // builds the policies at once (or an emulator without the delay) costs no sleep.
  if (auto s = Wait(false); !s) {
    if (!upserted && s.error().kind == ErrorKind::kNotFound) {
      return Fail(ErrorKind::kForbidden,
                  "S3_CONNECTION_NAME: Atlan refused to create the S3 connection '" +
                      connection_.name + "' (" + connection_.qualified_name +
                      "): the API token may not create connections (" + upserted.error().message +
                      ")");
    }
    return std::unexpected(s.error());
  }
  return written;
}

bool ConnectionGate::RetryBatch(const Error& error) {
  if (error.kind != ErrorKind::kForbidden || !IsYoung(connection_, env_.NowMillis())) return false;
  std::unique_lock lock(mutex_);
  if (waiting_) {
    // Refused while another batch waits for the same policies: its outcome is this one's.
    log_.Debug(
        "a write refused under the new S3 connection while another waits for it: it "
        "waits for it too",
        {{"connection", connection_.qualified_name}});
    waited_.wait(lock, [&] { return !waiting_; });
    return !wait_error_;
  }
  if (wait_error_ || resends_ >= options_.max_resends) return false;
  ++resends_;
  waiting_ = true;
  log_.Warn("Atlan refused a write under the new S3 connection; waiting to send it again",
            {{"connection", connection_.qualified_name}, {"attempt", resends_}});
  lock.unlock();
  auto waited = Wait(true);
  lock.lock();
  waiting_ = false;
  if (!waited) wait_error_ = waited.error();
  waited_.notify_all();
  return waited.has_value();
}

Error ConnectionGate::Explain(const Error& error) const {
  if (wait_error_) return *wait_error_;
  if (error.kind != ErrorKind::kForbidden) return error;
  return Error(ErrorKind::kForbidden,
               "S3_CONNECTION_NAME: the API token lacks rights on the S3 connection '" +
                   connection_.name + "' (" + connection_.qualified_name +
                   "). Make the token's user, group or role an admin of that connection "
                   "(S3_CONNECTION_ADMIN_USERS, S3_CONNECTION_ADMIN_GROUPS or "
                   "S3_CONNECTION_ADMIN_ROLES when delta-arc creates it; the connection's "
                   "admins in Atlan otherwise), or give it a persona with rights on the "
                   "connection. (" +
                   error.message + ")");
}

Status ConnectionGate::Wait(bool sleep_first) {
  atlan::ConnectionWaitOptions wait = options_.wait;
  wait.sleep_first = sleep_first;
  // Each wait is said as it starts: the whole may last a minute, and a pipe or a log shows
  // no progress line.
  const auto sleep = [this](std::chrono::milliseconds d) {
    const std::string in = d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + " s"
                                                 : std::to_string(d.count()) + " ms";
    log_.Info(
        "Atlan does not let the token use the S3 connection yet (it is building the "
        "connection's policies); checking again in " +
            in,
        {{"connection", connection_.qualified_name}});
    env_.Sleep(d);
  };
  auto waited = atlan::WaitForConnection(client_, {connection_.guid, connection_.qualified_name},
                                         wait, sleep);
  if (!waited && waited.error().kind == ErrorKind::kForbidden) {
    return std::unexpected(Explain(waited.error()));
  }
  return waited;
}

}  // namespace delta_arc::lineage
