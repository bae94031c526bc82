// The emulator's HTTP server on cpp-httplib; see server.h.
#include "emulator/server.h"

#include <httplib.h>
#include <openssl/crypto.h>

#include <mutex>

#include "emulator/entity_json.h"
#include "emulator/entity_mutations.h"
#include "emulator/entity_store.h"
#include "emulator/index_search.h"
#include "emulator/lineage_list.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

std::map<std::string, std::string> FirstParams(const httplib::Request& req) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : req.params) out.emplace(key, value);
  return out;
}

bool ParamIsTrue(const httplib::Request& req, const char* key, bool fallback) {
  if (!req.has_param(key)) return fallback;
  return req.get_param_value(key) == "true";
}

std::string RouteKey(const httplib::Request& req) {
  std::string path = req.path;
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return req.method + " " + path;
}

void Send(httplib::Response& res, const ApiResponse& api) {
  res.status = api.status;
  for (const auto& [name, value] : api.headers) res.set_header(name, value);
  res.set_content(api.body.dump(), "application/json");
}

class HttpServer final : public Server {
 public:
  HttpServer(ServerOptions options, EntityStore store, Directory directory)
      : options_(std::move(options)),
        store_(std::move(store)),
        directory_(std::move(directory)),
        controls_(options_.controls) {
    http_.set_keep_alive_max_count(1000);
    http_.set_payload_max_length(size_t{512} << 20);
    http_.set_pre_routing_handler([this](const auto& req, auto& res) { return Gate(req, res); });
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
  // Auth and the test knobs, before any route runs. Only /api/ is Atlan's.
  httplib::Server::HandlerResponse Gate(const httplib::Request& req, httplib::Response& res) {
    if (!req.path.starts_with("/api/")) return httplib::Server::HandlerResponse::Unhandled;
    switch (controls_.Admit(req.method, RouteKey(req).substr(req.method.size() + 1))) {
      case Verdict::kThrottle: {
        auto settings = controls_.settings();
        ApiResponse r = AtlasError(429, "ATLAN-429-00-001",
                                   "Rate limit exceeded: too many requests, retry later");
        r.headers["Retry-After"] = std::to_string(settings.retry_after_seconds);
        Send(res, r);
        return httplib::Server::HandlerResponse::Handled;
      }
      case Verdict::kFail: {
        const int status = controls_.settings().fail_status;
        Send(res, AtlasError(status, "ATLAS-" + std::to_string(status) + "-00-001",
                             "Injected failure (emulator test knob)"));
        return httplib::Server::HandlerResponse::Handled;
      }
      case Verdict::kDrop:
        // Headers go out, then the body never arrives: the client sees a broken connection.
        res.set_chunked_content_provider("application/json",
                                         [](size_t, httplib::DataSink&) { return false; });
        return httplib::Server::HandlerResponse::Handled;
      case Verdict::kServe:
        break;
    }
    if (!Authorized(req)) {
      Send(res, AtlasError(401, "ATLAN-401-00-001",
                           "Unauthorized: the API token is missing, invalid or expired"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  bool Authorized(const httplib::Request& req) const {
    const std::string header = req.get_header_value("Authorization");
    const std::string expected = "Bearer " + options_.token;
    return header.size() == expected.size() &&
           CRYPTO_memcmp(header.data(), expected.data(), expected.size()) == 0;
  }

  // Runs `fn` under the store lock with the request body parsed as JSON.
  template <typename Fn>
  auto WithJson(Fn fn) {
    return [this, fn](const httplib::Request& req, httplib::Response& res) {
      json body = json::parse(req.body, nullptr, false);
      if (body.is_discarded()) {
        Send(res, BadRequest("Malformed JSON in request body"));
        return;
      }
      std::lock_guard lock(store_mu_);
      Send(res, fn(req, body));
    };
  }

  template <typename Fn>
  auto Locked(Fn fn) {
    return [this, fn](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(store_mu_);
      Send(res, fn(req));
    };
  }

  ApiResponse GetEntity(const std::optional<Entity>& entity, const httplib::Request& req) {
    auto full = FullEntityJson(store_, *entity, ParamIsTrue(req, "ignoreRelationships", false));
    if (!full) return InternalError(full.error().message);
    return {200, {{"entity", *full}, {"referredEntities", json::object()}}, {}};
  }

  void Routes() {
    http_.Post("/api/meta/search/indexsearch/?", WithJson([this](const auto&, const json& body) {
                 return IndexSearch(store_, body, options_.max_result_window);
               }));
    http_.Post("/api/meta/entity/bulk/?", WithJson([this](const auto&, const json& body) {
                 return BulkUpsert(store_, directory_, body, options_.user);
               }));
    http_.Delete("/api/meta/entity/bulk/?", Locked([this](const httplib::Request& req) {
                   std::vector<std::string> guids;
                   for (size_t i = 0; i < req.get_param_value_count("guid"); ++i) {
                     guids.push_back(req.get_param_value("guid", i));
                   }
                   const std::string type =
                       req.has_param("deleteType") ? req.get_param_value("deleteType") : "SOFT";
                   return BulkDelete(store_, guids, type, options_.user);
                 }));
    http_.Get(R"(/api/meta/entity/guid/([^/]+))", Locked([this](const httplib::Request& req) {
                const std::string guid = req.matches[1];
                auto found = store_.FindByGuid(guid);
                if (!found) return InternalError(found.error().message);
                if (!*found) return GuidNotFound(guid);
                return GetEntity(*found, req);
              }));
    http_.Get(R"(/api/meta/entity/uniqueAttribute/type/([^/]+))",
              Locked([this](const httplib::Request& req) {
                const std::string type = req.matches[1];
                if (FindType(type) == nullptr) return UnknownEntityType(type);
                if (!req.has_param("attr:qualifiedName")) {
                  return InvalidParameters("attr:qualifiedName is required");
                }
                const std::string qn = req.get_param_value("attr:qualifiedName");
                auto found = store_.FindByQualifiedName(type, qn);
                if (!found) return InternalError(found.error().message);
                if (!*found) return UniqueAttributeNotFound(type, qn);
                return GetEntity(*found, req);
              }));
    http_.Post("/api/meta/lineage/list/?", WithJson([this](const auto&, const json& body) {
                 return LineageList(store_, body);
               }));
    http_.Get("/api/service/users/?", [this](const auto& req, auto& res) {
      Send(res, directory_.ListUsers(FirstParams(req)));
    });
    http_.Get("/api/service/(v2/)?groups/?", [this](const auto& req, auto& res) {
      Send(res, directory_.ListGroups(FirstParams(req)));
    });
    http_.Get("/api/service/roles/?", [this](const auto& req, auto& res) {
      Send(res, directory_.ListRoles(FirstParams(req)));
    });
    http_.Get("/api/service/apikeys/?", [](const auto&, auto& res) {
      Send(res, {200, {{"totalRecord", 0}, {"filterRecord", 0}, {"records", json::array()}}, {}});
    });
    http_.Get("/api/service/whoami/?", [this](const auto&, auto& res) {
      Send(res, {200,
                 {{"username", options_.user},
                  {"roles", json::array({{{"name", "$api-token-default-access"}}})}},
                 {}});
    });
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
      auto s = controls_.Update(body);
      Send(res, s ? ApiResponse{200, {{"ok", true}}, {}} : BadRequest(s.error().message));
    });
  }

  ServerOptions options_;
  EntityStore store_;
  std::mutex store_mu_;
  Directory directory_;
  RequestControls controls_;
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
