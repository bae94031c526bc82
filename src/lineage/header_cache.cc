// The header cache; see header_cache.h.
#include "lineage/header_cache.h"

#include <nlohmann/json.hpp>

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// {"version":1,"bucket":…,"headers":[[fields…],…],"objects":{key:[etag, header index or -1]}}:
// the files of one table mostly share a header, so each distinct header is stored once.
constexpr int kFormatVersion = 1;

}  // namespace

HeaderCache HeaderCache::Load(CacheStore& store, const std::string& bucket, Logger& log) {
  HeaderCache cache;
  cache.bucket_ = bucket;
  auto content = store.Read(kEntry);
  if (!content || !*content) {
    log.Debug("no CSV headers cached yet",
              {{"reason", content ? "no entry" : content.error().message}});
    return cache;
  }
  const json parsed = json::parse(**content, nullptr, false);
  try {
    if (parsed.is_discarded() || parsed.value("version", 0) != kFormatVersion ||
        parsed.value("bucket", "") != bucket) {
      log.Debug("cached CSV headers not used: another format or bucket");
      return cache;
    }
    std::vector<size_t> interned;
    for (auto& fields : parsed.at("headers").get<std::vector<std::vector<std::string>>>()) {
      interned.push_back(cache.Intern(std::move(fields)));
    }
    for (const auto& [key, value] : parsed.at("objects").items()) {
      const int index = value.at(1).get<int>();
      const size_t header = index < 0 ? 0 : interned.at(static_cast<size_t>(index));
      cache.entries_[key] = {value.at(0).get<std::string>(), header};
    }
  } catch (const std::exception& e) {
    log.Warn("the cached CSV headers are malformed; reading them again",
             {{"location", store.Describe(kEntry)}});
    cache = HeaderCache();
    cache.bucket_ = bucket;
  }
  return cache;
}

const KnownHeader* HeaderCache::Find(const ObjectInfo& object) const {
  auto it = entries_.find(object.key);
  if (it == entries_.end() || it->second.etag != object.etag || object.etag.empty()) {
    return nullptr;
  }
  return &headers_[it->second.header];
}

size_t HeaderCache::Intern(KnownHeader header) {
  if (!header) return 0;
  auto [it, added] = header_index_.emplace(std::move(*header), headers_.size());
  if (added) headers_.push_back(it->first);
  return it->second;
}

void HeaderCache::Remember(const ObjectInfo& object, KnownHeader header) {
  if (object.etag.empty()) return;  // no version to tie it to
  entries_[object.key] = {object.etag, Intern(std::move(header))};
  changed_ = true;
}

void HeaderCache::KeepOnly(const std::set<std::string>& keys) {
  std::erase_if(entries_, [&](const auto& entry) {
    const bool gone = !keys.contains(entry.first);
    changed_ = changed_ || gone;
    return gone;
  });
}

void HeaderCache::Save(CacheStore& store, Logger& log) const {
  if (!changed_) return;
  // Only the headers some object still has; saved at their index minus one (-1: none).
  std::vector<int> saved_at(headers_.size(), -1);
  json headers = json::array();
  json objects = json::object();
  for (const auto& [key, entry] : entries_) {
    if (entry.header != 0 && saved_at[entry.header] < 0) {
      saved_at[entry.header] = static_cast<int>(headers.size());
      headers.push_back(*headers_[entry.header]);
    }
    objects[key] = json::array({entry.etag, saved_at[entry.header]});
  }
  const json content = {{"version", kFormatVersion},
                        {"bucket", bucket_},
                        {"headers", std::move(headers)},
                        {"objects", std::move(objects)}};
  if (auto written = store.Write(kEntry, content.dump()); !written) {
    log.Warn("could not cache the CSV headers read; the next run reads them again",
             {{"location", store.Describe(kEntry)}, {"error", written.error().message}});
  }
}

}  // namespace delta_arc::lineage
