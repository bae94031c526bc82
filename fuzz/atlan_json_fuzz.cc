// Fuzz target: every reader of Atlan's answers in the atlan layer, each given the
// input as the body of a 200 (index search pages, bulk mutation responses, role
// lists, an entity read), and the error parser given it as the body of an error.
// A reader that asks again (the next search page, the next batch) gets `{}`.
// Beyond not crashing, the entities they return must keep the promise of
// EntityProblem, on which the lineage layer's readers rely.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "atlan/atlan_client.h"
#include "atlan/entity_attributes.h"
#include "atlan/entity_reads.h"
#include "atlan/entity_writes.h"
#include "atlan/index_search.h"
#include "http/transport.h"

namespace {

using delta_arc::Result;
using namespace delta_arc::atlan;
using nlohmann::json;

// Answers the fuzz input once, then an empty object.
class OnceTransport : public delta_arc::http::Transport {
 public:
  explicit OnceTransport(const std::string& body) : body_(body) {}
  Result<delta_arc::http::Response> Send(const delta_arc::http::Request&) override {
    const bool first = !sent_;
    sent_ = true;
    return delta_arc::http::Response{.status = 200, .headers = {}, .body = first ? body_ : "{}"};
  }
  void Reset() { sent_ = false; }

 private:
  const std::string& body_;
  bool sent_ = false;
};

void Expect(bool promise) {
  if (!promise) std::abort();
}

delta_arc::Status CheckPage(const SearchPage& page) {
  for (const auto& entity : page.entities) {
    Expect(EntityProblem(entity).empty() && !StringField(entity, "guid").empty());
  }
  return delta_arc::Ok();
}

}  // namespace

// No time passes and no retry waits: one input, one answer.
class StillEnv final : public delta_arc::Env {
 public:
  int64_t NowMillis() override { return 0; }
  std::chrono::steady_clock::time_point SteadyNow() override { return {}; }
  void Sleep(std::chrono::milliseconds) override {}
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto owned = std::make_unique<OnceTransport>(body);
  OnceTransport& transport = *owned;
  AtlanClientOptions options;
  options.base_url = "http://atlan.test";
  options.token = "t";
  StillEnv env;
  AtlanClient client(options, std::move(owned), env);

  SearchSpec spec;
  spec.page_size = 2;
  (void)SearchAll(client, spec, CheckPage);
  transport.Reset();
  if (auto first =
          SearchFirst(client, spec, 1, {{"__modificationTimestamp", {{"order", "desc"}}}})) {
    (void)CheckPage(*first);
  }
  transport.Reset();
  const auto entity = [](size_t i) {
    return json{{"typeName", "S3Object"}, {"attributes", {{"qualifiedName", std::to_string(i)}}}};
  };
  (void)UpsertInBatches(client, 2, entity, {.batch_size = 1});
  transport.Reset();
  (void)ArchiveInBatches(client, {"g1", "g2"}, {.batch_size = 1});
  transport.Reset();
  (void)UpsertOne(client, entity(0));
  transport.Reset();
  (void)RoleIds(client, {"$admin", "$guest"});
  transport.Reset();
  if (auto found = FindByQualifiedName(client, "Connection", "default/s3/1"); found && *found) {
    Expect(EntityProblem(**found).empty());
  }
  // 400 to 599, from the input's size: 401, 403, 404, 429 and 5xx are told apart.
  (void)AtlanErrorFromResponse(400 + static_cast<int>(size % 200), body,
                               "POST /api/meta/entity/bulk");
  return 0;
}
