// Fuzz target: the cache files a run reads back (the columns objects stated, the scope's snapshot,
// the discovery cache), damaged any way. The first byte picks the file and whether the rest is
// sealed as a run seals it (so the fuzzer gets past the checksum to the parsers). Whatever the
// bytes, a load is a hit or a miss: never an exception, never a reservation the file cannot back,
// and a header cache that loads saves and loads back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "lineage/discovery_cache.h"
#include "lineage/header_cache.h"
#include "lineage/owned_snapshot.h"

namespace {

using namespace delta_arc;
using namespace delta_arc::lineage;

class MemoryStore final : public CacheStore {
 public:
  Result<std::optional<std::string>> Read(const std::string& entry) override {
    auto it = entries.find(entry);
    if (it == entries.end()) return std::optional<std::string>();
    return std::optional(it->second);
  }
  Status Write(const std::string& entry, const std::string& content) override {
    entries[entry] = content;
    return Ok();
  }
  Status Remove(const std::string& entry) override {
    entries.erase(entry);
    return Ok();
  }
  std::string Describe(const std::string& entry) const override { return "memory:" + entry; }
  std::map<std::string, std::string> entries;
};

void HeaderCacheRoundTrip(MemoryStore& store, Logger& log) {
  const ObjectInfo probe{"2025/customers.csv", 10, 1, "etag-1"};
  auto cache = HeaderCache::Load(store, "landing", log);
  const KnownHeader* before = cache.Find(probe);
  const KnownHeader was = before ? *before : KnownHeader(NoHeader::kData);
  cache.Remember({"2025/new.csv", 1, 1, "etag-2"}, FileSchema{{}, {{"a", ""}}});
  cache.Save(store, log);
  auto again = HeaderCache::Load(store, "landing", log);
  const KnownHeader* after = again.Find(probe);
  if ((before == nullptr) != (after == nullptr) || (before && *after != was)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (choice & 1) content = Sealed(std::move(content));
  MemoryStore store;
  Logger log(LogLevel::kError, false, [](const std::string&) {});
  switch ((choice >> 1) % 3) {
    case 0:
      store.entries[HeaderCache::kEntry] = content;
      HeaderCacheRoundTrip(store, log);
      break;
    case 1: {
      store.entries[OwnedSnapshot::kEntry] = content;
      const Scope scope{"default/s3/1", "landing", "arn:aws:s3:::landing", ""};
      (void)OwnedSnapshot::Load(store, scope, log);
      break;
    }
    default:
      store.entries["postgres"] = content;
      (void)LoadCachedCatalog(store, "postgres", {"postgres-prod"}, 24, 0);
      (void)DescribeCacheEntry(store, "postgres");
      break;
  }
  return 0;
}
