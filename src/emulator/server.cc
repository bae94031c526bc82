// The emulator's HTTP server on cpp-httplib; see server.h.
#include "emulator/server.h"

#include <httplib.h>
#include <openssl/crypto.h>

#include <cstdio>
#include <functional>
#include <limits>
#include <mutex>
#include <variant>

#include "common/keyword_case.h"
#include "emulator/connection_bootstrap.h"
#include "emulator/emulator_clock.h"
#include "emulator/entity_json.h"
#include "emulator/entity_mutations.h"
#include "emulator/entity_store.h"
#include "emulator/index_search.h"
#include "emulator/lineage_graph.h"
#include "emulator/lineage_list.h"
#include "emulator/refresh_timer.h"
#include "emulator/tag_attachments.h"
#include "emulator/tag_propagation.h"
#include "emulator/tag_typedefs.h"
#include "emulator/tag_writes.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

std::map<std::string, std::string> FirstParams(const httplib::Request& req) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : req.params) out.emplace(key, value);
  return out;
}

// The first value of query parameter `name` as a servlet container reads a query (Atlas
// runs in Jetty): each '&'-separated part is a name and a value divided at its first '=', so a
// value may hold an unencoded '=' (a Hive-style key's "dt=2025-01-01"); both decoded, '+' a
// space. cpp-httplib's own parameters keep only what follows a value's last '='.
std::optional<std::string> QueryValue(const httplib::Request& req, std::string_view name) {
  const size_t query = req.target.find('?');
  if (query == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(req.target).substr(query + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t equals = part.find('=');
    const std::string key = httplib::detail::decode_url(std::string(part.substr(0, equals)), true);
    if (key != name) continue;
    if (equals == std::string_view::npos) return std::string();
    return httplib::detail::decode_url(std::string(part.substr(equals + 1)), true);
  }
  return std::nullopt;
}

// Atlas reads boolean parameters as Java's Boolean.valueOf does: "true" in any case
// (pyatlan sends Python's "True").
bool ParamIsTrue(const httplib::Request& req, const char* key, bool fallback) {
  if (!req.has_param(key)) return fallback;
  return EqualsIgnoringCase(req.get_param_value(key), "true");
}

// The API token the emulator serves, as GET /api/service/apikeys lists it: Atlan
// records a token's writes as user "service-account-<clientId>" (pyatlan
// client/token.py strips that prefix to look the token up).
json TokenRecord(const std::string& user) {
  const std::string prefix = "service-account-";
  const std::string client_id = user.starts_with(prefix) ? user.substr(prefix.size()) : user;
  return {{"id", "5e0b1c1e-0000-4000-8000-00000000a7e1"},
          {"clientId", client_id},
          {"displayName", client_id},
          {"attributes", {{"clientId", client_id}, {"displayName", client_id}}}};
}

// The tokens matching the apikeys route's filter ({"clientId": …}, {"id": …} or
// {"displayName": …}); no filter lists every token.
json TokensMatching(const json& token, const std::string& filter) {
  const json wanted = json::parse(filter.empty() ? "{}" : filter, nullptr, false);
  if (!wanted.is_object()) return json::array();
  for (const auto& [key, value] : wanted.items()) {
    if (!token.contains(key) || token[key] != value) return json::array();
  }
  return json::array({token});
}

std::string RouteKey(const httplib::Request& req) {
  std::string path = req.path;
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return req.method + " " + path;
}

void Send(httplib::Response& res, const ApiResponse& api) {
  res.status = api.status;
  for (const auto& [name, value] : api.headers) res.set_header(name, value);
  // What set_content does, without its copy of the body (a page of hits is megabytes).
  res.body = api.status == 204 ? std::string() : api.body.dump();
  res.headers.erase("Content-Type");
  res.set_header("Content-Type", "application/json");
}

// What a bulk write does with its entities' tags, by its query parameters (Atlas:
// replaceClassifications, replaceTags and appendTags exclude one another, in that order).
TagMode TagModeOf(const httplib::Request& req) {
  if (ParamIsTrue(req, "replaceClassifications", false) || ParamIsTrue(req, "replaceTags", false)) {
    return TagMode::kReplace;
  }
  return ParamIsTrue(req, "appendTags", false) ? TagMode::kAppend : TagMode::kKeep;
}

// Entities a bulk write carries: what Atlan's cost per entity is charged on.
int64_t EntitiesIn(const json& body) {
  return body.is_object() && body.contains("entities") && body["entities"].is_array()
             ? static_cast<int64_t>(body["entities"].size())
             : 0;
}

class HttpServer final : public Server {
 public:
  HttpServer(ServerOptions options, EntityStore store, Directory directory)
      : options_(std::move(options)),
        store_(std::move(store)),
        directory_(std::move(directory)),
        controls_(options_.controls, clock_),
        bootstrap_(clock_),
        refresh_(clock_.NowMillis()) {
    http_.set_keep_alive_max_count(1000);
    http_.set_payload_max_length(size_t{512} << 20);
    // An answer's headers and body are written apart; with Nagle's algorithm on, the body
    // waits for the client's delayed ACK of the headers (40 ms on Linux), which no Atlan
    // server adds and which would count as latency in every benchmark.
    http_.set_tcp_nodelay(true);
    // Enough workers that max_concurrent_requests, not the pool, bounds the overlap.
    http_.new_task_queue = [] { return new httplib::ThreadPool(64); };
    http_.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          Send(res, AtlasError(res.status == 404 ? 404 : res.status,
                               res.status == 404 ? "ATLAS-404-00-000" : "ATLAS-500-00-001",
                               res.status == 404 ? "Given url " + req.path + " is not found"
                                                 : "Request failed"));
          return httplib::Server::HandlerResponse::Handled;
        }));
    http_.set_exception_handler([](const auto&, auto& res, std::exception_ptr) {
      Send(res, InternalError("unexpected failure while serving the request"));
    });
    Routes();
  }

  Status Run() override {
    if (options_.port == 0) {
      port_ = http_.bind_to_any_port(options_.host);
      if (port_ < 0) return Fail(ErrorKind::kIo, "cannot bind " + options_.host);
    } else {
      if (!http_.bind_to_port(options_.host, options_.port)) {
        return Fail(ErrorKind::kIo, "cannot listen on " + options_.host + ":" +
                                        std::to_string(options_.port) +
                                        " (is the port already in use?)");
      }
      port_ = options_.port;
    }
    if (!http_.listen_after_bind()) return Fail(ErrorKind::kIo, "server stopped unexpectedly");
    return Ok();
  }

  int BoundPort() const override { return port_; }
  void Stop() override { http_.stop(); }

 private:
  // An Atlan route: it runs in a request slot, after the rate limit, the fault knobs
  // and the token check. cpp-httplib has read the whole body by the time a handler
  // runs, so an early answer leaves a keep-alive connection in step (answering from a
  // pre-routing handler would leave the body unread, to be parsed as the next request).
  template <typename Handler>
  auto Api(Handler handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      auto slot = controls_.Enter();
      if (Refused(req, res)) return;
      handler(req, res);
    };
  }

  bool Refused(const httplib::Request& req, httplib::Response& res) {
    const Admission admission =
        controls_.Admit(req.method, RouteKey(req).substr(req.method.size() + 1));
    switch (admission.verdict) {
      case Verdict::kThrottle: {
        ApiResponse r = AtlasError(429, "ATLAN-429-00-001",
                                   "Rate limit exceeded: too many requests, retry later");
        r.headers["Retry-After"] = std::to_string(admission.retry_after_seconds);
        Send(res, r);
        return true;
      }
      case Verdict::kFail: {
        const int status = controls_.settings().fail_status;
        Send(res, AtlasError(status, "ATLAS-" + std::to_string(status) + "-00-001",
                             "Injected failure (emulator test knob)"));
        return true;
      }
      case Verdict::kDrop:
        // Headers go out, then the body never arrives: the client sees a broken connection.
        res.set_chunked_content_provider("application/json",
                                         [](size_t, httplib::DataSink&) { return false; });
        return true;
      case Verdict::kServe:
        break;
    }
    if (!Authorized(req)) {
      Send(res, AtlasError(401, "ATLAN-401-00-001",
                           "Unauthorized: the API token is missing, invalid or expired"));
      return true;
    }
    return false;
  }

  bool Authorized(const httplib::Request& req) const {
    const std::string header = req.get_header_value("Authorization");
    const std::string expected = "Bearer " + options_.token;
    return header.size() == expected.size() &&
           CRYPTO_memcmp(header.data(), expected.data(), expected.size()) == 0;
  }

  // The store, locked, with the tag propagation tasks that have come due run first: Atlan
  // runs its tasks on its own; here the next request finds them done, which no client can
  // tell apart. A task that fails stays due and is tried again by the next request.
  // The store, with what time has done to it since the last request: the index refreshed
  // at every tick that has passed (before a write, so that the write replaces the row
  // the index holds, not an older one) and the tag tasks due run.
  std::unique_lock<std::mutex> LockStore() {
    std::unique_lock lock(store_mu_);
    const int64_t now = clock_.NowMillis();
    const int64_t tick = refresh_.LastTick(now, controls_.settings().search_refresh_ms);
    if (auto s = store_.RefreshSearchIndex(tick); !s) {
      std::fprintf(stderr, "atlan-emulator: search refresh failed: %s\n",
                   s.error().message.c_str());
    }
    if (auto s = RunDueTagTasks(store_, now); !s) {
      std::fprintf(stderr, "atlan-emulator: tag propagation failed: %s\n",
                   s.error().message.c_str());
    }
    return lock;
  }

  WriteContext Writing() {
    const ControlSettings settings = controls_.settings();
    return {options_.user,
            clock_.NowMillis(),
            bootstrap_,
            settings.connection_bootstrap_ms,
            settings.connection_processes,
            settings.related_updates,
            settings.tag_propagation_ms};
  }

  // Runs `fn` under the store lock with the request body parsed as JSON.
  template <typename Fn>
  auto WithJson(Fn fn) {
    return Api([this, fn](const httplib::Request& req, httplib::Response& res) {
      json body = json::parse(req.body, nullptr, false);
      if (body.is_discarded()) {
        Send(res, BadRequest("Malformed JSON in request body"));
        return;
      }
      SendLocked(res, [&] { return fn(req, body); });
    });
  }

  template <typename Fn>
  auto Locked(Fn fn) {
    return Api([this, fn](const httplib::Request& req, httplib::Response& res) {
      SendLocked(res, [&] { return fn(req); });
    });
  }

  // Answers with what `fn` makes of the locked store, serialized once the lock is released:
  // the text of a page of hits or of a bulk write's headers (megabytes) and the freeing of
  // its JSON hold up no other request.
  template <typename Fn>
  void SendLocked(httplib::Response& res, Fn fn) {
    const ApiResponse answer = [&] {
      auto lock = LockStore();
      return fn();
    }();
    Send(res, answer);
  }

  // An entity read: refused while its connection is still being set up.
  ApiResponse Read(const Result<std::optional<Entity>>& found, const httplib::Request& req,
                   const std::string& action, const std::function<ApiResponse()>& not_found) {
    if (!found) return InternalError(found.error().message);
    if (!*found) return not_found();
    if (bootstrap_.Pending(OwningConnection(**found))) {
      return Unauthorized(options_.user, "read entity: " + action);
    }
    auto full = FullEntityJson(store_, **found, ParamIsTrue(req, "ignoreRelationships", false));
    if (!full) return InternalError(full.error().message);
    return {200, {{"entity", *full}, {"referredEntities", json::object()}}, {}};
  }

  // The entity a uniqueAttribute route names: of that type, or of any type under it
  // when it is a supertype (Asset, SQL, …), as Atlas's findByUniqueAttributes falls back
  // to findBySuperTypeAndUniquePropertyName (AtlasGraphUtilsV2).
  Result<std::optional<Entity>> FindByUniqueAttribute(const std::string& type,
                                                      const std::string& qn) {
    auto found = FindType(type) != nullptr ? store_.FindByQualifiedName(type, qn)
                                           : Result<std::optional<Entity>>();
    if (found && !*found) found = store_.FindByQualifiedNameAmong(TypesWithSuperType(type), qn);
    return found;
  }

  // An entity a tag route names, or the answer that it cannot be found.
  using Found = std::variant<Entity, ApiResponse>;

  Found FindByGuidOnly(const std::string& guid) {
    auto found = store_.FindByGuid(guid);
    if (!found) return InternalError(found.error().message);
    if (!*found) return GuidNotFound(guid);
    return **found;
  }

  // The type and qualifiedName of a uniqueAttribute route, or the error that refuses them.
  static std::expected<std::pair<std::string, std::string>, ApiResponse> UniqueParams(
      const httplib::Request& req) {
    const std::string type = req.matches[1];
    if (TypesWithSuperType(type).empty()) return std::unexpected(UnknownEntityType(type));
    auto qn = QueryValue(req, "attr:qualifiedName");
    if (!qn) return std::unexpected(InvalidParameters("attr:qualifiedName is required"));
    return std::make_pair(type, std::move(*qn));
  }

  Found FindByUniqueParams(const httplib::Request& req) {
    auto params = UniqueParams(req);
    if (!params) return params.error();
    const auto& [type, qn] = *params;
    auto found = FindByUniqueAttribute(type, qn);
    if (!found) return InternalError(found.error().message);
    if (!*found) return UniqueAttributeNotFound(type, qn);
    return **found;
  }

  template <typename Fn>
  static ApiResponse OnEntity(Found found, Fn fn) {
    if (auto* answer = std::get_if<ApiResponse>(&found)) return *answer;
    return fn(std::get<Entity>(found));
  }

  ApiResponse UpdateByQualifiedName(const httplib::Request& req, const json& body) {
    return OnEntity(FindByUniqueParams(req), [&](const Entity& entity) {
      return UpdateByUniqueAttribute(store_, directory_, entity, body, Writing());
    });
  }

  void Routes() {
    http_.Post("/api/meta/search/indexsearch/?", WithJson([this](const auto&, const json& body) {
                 // The index shows what was written up to its last refresh tick (LockStore).
                 return IndexSearch(store_, body, options_.max_result_window,
                                    controls_.settings().normalize_keywords);
               }));
    http_.Post("/api/meta/entity/bulk/?", Api([this](const httplib::Request& req, auto& res) {
                 json body = json::parse(req.body, nullptr, false);
                 if (body.is_discarded()) {
                   Send(res, BadRequest("Malformed JSON in request body"));
                   return;
                 }
                 SendLocked(res, [&] {
                   WriteContext context = Writing();
                   context.tag_mode = TagModeOf(req);
                   return BulkUpsert(store_, directory_, body, context);
                 });
                 if (res.status == 200) controls_.ChargeEntities(EntitiesIn(body));
               }));
    http_.Delete("/api/meta/entity/bulk/?", Api([this](const httplib::Request& req, auto& res) {
                   std::vector<std::string> guids;
                   for (size_t i = 0; i < req.get_param_value_count("guid"); ++i) {
                     guids.push_back(req.get_param_value("guid", i));
                   }
                   const std::string type =
                       req.has_param("deleteType") ? req.get_param_value("deleteType") : "SOFT";
                   SendLocked(res, [&] { return BulkDelete(store_, guids, type, Writing()); });
                   if (res.status == 200) {
                     controls_.ChargeEntities(static_cast<int64_t>(guids.size()));
                   }
                 }));
    http_.Get(R"(/api/meta/entity/guid/([^/]+))", Locked([this](const httplib::Request& req) {
                const std::string guid = req.matches[1];
                return Read(store_.FindByGuid(guid), req, "guid=" + guid,
                            [&] { return GuidNotFound(guid); });
              }));
    http_.Get(R"(/api/meta/entity/uniqueAttribute/type/([^/]+))",
              Locked([this](const httplib::Request& req) {
                auto params = UniqueParams(req);
                if (!params) return params.error();
                const auto& [type, qn] = *params;
                return Read(FindByUniqueAttribute(type, qn), req,
                            "typeName=" + type + ", uniqueAttributes={qualifiedName=" + qn + "}",
                            [&] { return UniqueAttributeNotFound(type, qn); });
              }));
    http_.Put(R"(/api/meta/entity/uniqueAttribute/type/([^/]+))",
              Api([this](const httplib::Request& req, httplib::Response& res) {
                json body = json::parse(req.body, nullptr, false);
                if (body.is_discarded()) {
                  Send(res, BadRequest("Malformed JSON in request body"));
                  return;
                }
                SendLocked(res, [&] { return UpdateByQualifiedName(req, body); });
              }));
    http_.Post("/api/meta/lineage/list/?", WithJson([this](const auto&, const json& body) {
                 return LineageList(store_, body);
               }));
    http_.Post("/api/meta/lineage/getlineage/?", WithJson([this](const auto&, const json& body) {
                 return LineageGraph(store_, body);
               }));
    // Tags on one entity, by guid or by unique attribute (tag_writes.h).
    http_.Post(R"(/api/meta/entity/guid/([^/]+)/classifications)",
               WithJson([this](const httplib::Request& req, const json& body) {
                 return OnEntity(FindByGuidOnly(req.matches[1]), [&](const Entity& e) {
                   return EditTags(store_, e, body, TagEdit::kAdd, Writing());
                 });
               }));
    http_.Put(R"(/api/meta/entity/guid/([^/]+)/classifications)",
              WithJson([this](const httplib::Request& req, const json& body) {
                return OnEntity(FindByGuidOnly(req.matches[1]), [&](const Entity& e) {
                  return EditTags(store_, e, body, TagEdit::kUpdate, Writing());
                });
              }));
    http_.Delete(R"(/api/meta/entity/guid/([^/]+)/classification/([^/]+))",
                 Locked([this](const httplib::Request& req) {
                   return OnEntity(FindByGuidOnly(req.matches[1]), [&](const Entity& e) {
                     return RemoveTag(store_, e, req.matches[2], Writing());
                   });
                 }));
    http_.Post(R"(/api/meta/entity/uniqueAttribute/type/([^/]+)/classifications)",
               WithJson([this](const httplib::Request& req, const json& body) {
                 return OnEntity(FindByUniqueParams(req), [&](const Entity& e) {
                   return EditTags(store_, e, body, TagEdit::kAdd, Writing());
                 });
               }));
    http_.Put(R"(/api/meta/entity/uniqueAttribute/type/([^/]+)/classifications)",
              WithJson([this](const httplib::Request& req, const json& body) {
                return OnEntity(FindByUniqueParams(req), [&](const Entity& e) {
                  return EditTags(store_, e, body, TagEdit::kUpdate, Writing());
                });
              }));
    http_.Delete(R"(/api/meta/entity/uniqueAttribute/type/([^/]+)/classification/([^/]+))",
                 Locked([this](const httplib::Request& req) {
                   return OnEntity(FindByUniqueParams(req), [&](const Entity& e) {
                     return RemoveTag(store_, e, req.matches[2], Writing());
                   });
                 }));
    // Atlan tags' typedefs (tag_typedefs.h).
    http_.Get("/api/meta/types/typedefs/?", Locked([this](const httplib::Request& req) {
                std::vector<std::string> categories;
                for (size_t i = 0; i < req.get_param_value_count("type"); ++i) {
                  categories.push_back(req.get_param_value("type", i));
                }
                return ListTypedefs(store_.db(), categories);
              }));
    http_.Post("/api/meta/types/typedefs/?", WithJson([this](const auto&, const json& body) {
                 return CreateTypedefs(store_.db(), body, options_.user, clock_.NowMillis());
               }));
    http_.Put("/api/meta/types/typedefs/?", WithJson([this](const auto&, const json& body) {
                return UpdateTypedefs(store_.db(), body, options_.user, clock_.NowMillis());
              }));
    http_.Get(R"(/api/meta/types/typedef/name/([^/]+))",
              Locked([this](const httplib::Request& req) {
                return GetTypedef(store_.db(), req.matches[1]);
              }));
    http_.Delete(R"(/api/meta/types/typedef/name/([^/]+))",
                 Locked([this](const httplib::Request& req) {
                   auto used = TagInUse(store_.db(), req.matches[1]);
                   if (!used) return InternalError(used.error().message);
                   return PurgeTypedef(store_.db(), req.matches[1], *used);
                 }));
    // The user the token acts as (pyatlan client.user.get_current()).
    http_.Get("/api/service/users/current/?", Api([this](const auto&, auto& res) {
                const json token = TokenRecord(options_.user);
                Send(res, {200,
                           {{"id", token["id"]},
                            {"username", options_.user},
                            {"email", options_.user + "@emulator.invalid"},
                            {"enabled", true},
                            {"firstName", "API token"},
                            {"lastName", token["clientId"]}},
                           {}});
              }));
    http_.Get("/api/service/users/?", Api([this](const auto& req, auto& res) {
                Send(res, directory_.ListUsers(FirstParams(req)));
              }));
    http_.Get("/api/service/(v2/)?groups/?", Api([this](const auto& req, auto& res) {
                Send(res, directory_.ListGroups(FirstParams(req)));
              }));
    http_.Get("/api/service/roles/?", Api([this](const auto& req, auto& res) {
                Send(res, directory_.ListRoles(FirstParams(req)));
              }));
    http_.Get("/api/service/apikeys/?", Api([this](const httplib::Request& req, auto& res) {
                const json records =
                    TokensMatching(TokenRecord(options_.user),
                                   req.has_param("filter") ? req.get_param_value("filter") : "");
                Send(res,
                     {200,
                      {{"totalRecord", 1}, {"filterRecord", records.size()}, {"records", records}},
                      {}});
              }));
    http_.Get("/api/service/whoami/?", Api([this](const auto&, auto& res) {
                Send(res, {200,
                           {{"username", options_.user},
                            {"roles", json::array({{{"name", "$api-token-default-access"}}})}},
                           {}});
              }));
    // Any other Atlan path still meets the token and the knobs, then 404.
    auto unknown = Api([](const httplib::Request& req, httplib::Response& res) {
      Send(res, AtlasError(404, "ATLAS-404-00-000", "Given url " + req.path + " is not found"));
    });
    http_.Get("/api/.*", unknown);
    http_.Post("/api/.*", unknown);
    http_.Put("/api/.*", unknown);
    http_.Delete("/api/.*", unknown);
    // Test knobs: not Atlan's, not behind the token, never counted.
    http_.Get("/_emulator/stats", [this](const auto&, auto& res) {
      Send(res, {200, controls_.Stats(), {}});
    });
    http_.Delete("/_emulator/stats", [this](const auto&, auto& res) {
      controls_.ResetStats();
      Send(res, {200, controls_.Stats(), {}});
    });
    http_.Post("/_emulator/controls", [this](const httplib::Request& req, auto& res) {
      json body = json::parse(req.body, nullptr, false);
      // "settle": true makes everything written so far old news, as on a tenant whose
      // assets were crawled long ago: every connection usable, every write searchable.
      if (body.is_object() && body.contains("settle")) {
        if (body["settle"] == true) {
          bootstrap_.SettleAll();
          std::lock_guard lock(store_mu_);
          // Every tag has spread as far as it will.
          if (auto s = RunDueTagTasks(store_, std::numeric_limits<int64_t>::max()); !s) {
            Send(res, InternalError(s.error().message));
            return;
          }
          if (auto s = store_.RefreshSearchIndex(clock_.NowMillis()); !s) {
            Send(res, InternalError(s.error().message));
            return;
          }
        }
        body.erase("settle");
      }
      const bool new_interval = body.is_object() && body.contains("search_refresh_ms");
      auto s = controls_.Update(body);
      if (s && new_interval) refresh_.Restart(clock_.NowMillis());
      Send(res, s ? ApiResponse{200, {{"ok", true}, {"now", clock_.NowMillis()}}, {}}
                  : BadRequest(s.error().message));
    });
  }

  ServerOptions options_;
  EmulatorClock clock_;
  EntityStore store_;
  std::mutex store_mu_;
  Directory directory_;
  RequestControls controls_;
  ConnectionBootstrap bootstrap_;
  RefreshTimer refresh_;
  httplib::Server http_;
  int port_ = 0;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  if (options.token.empty()) {
    return Fail(ErrorKind::kInvalidArgument, "a token is required (--token or ATLAN_API_TOKEN)");
  }
  auto store = EntityStore::Open(options.db_path);
  if (!store) return std::unexpected(store.error());
  Directory directory = Directory::BuiltIn();
  if (!options.directory_path.empty()) {
    auto loaded = Directory::FromFile(options.directory_path);
    if (!loaded) return std::unexpected(loaded.error());
    directory = std::move(*loaded);
  }
  return std::unique_ptr<Server>(
      std::make_unique<HttpServer>(options, std::move(*store), std::move(directory)));
}

}  // namespace delta_arc::emulator
