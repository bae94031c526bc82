// The snapshot of what a scope holds; see owned_snapshot.h.
#include "lineage/owned_snapshot.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "lineage/discover.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// A header line of JSON, then one line per asset, "<type> <key> <fingerprint>" (a digit and
// two 16-digit hex numbers): 36 bytes an asset, 12 MB for a scope of 320,000. The digit is
// an index into the header's "types", so the file does not depend on AssetType's order.
// Sealed (cache_store.h); version 1 was not.
constexpr int kSnapshotVersion = 2;
constexpr size_t kAssetLineBytes = 36;

bool ParseHex(std::string_view text, uint64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return error == std::errc() && end == text.data() + text.size();
}

// One asset line, its digit an index into `types`; false when it is not one.
bool ParseAsset(std::string_view line, const std::vector<AssetType>& types, HeldAsset& asset) {
  if (line.size() != 35 || line[1] != ' ' || line[18] != ' ') return false;
  const auto type = static_cast<size_t>(line[0] - '0');
  if (line[0] < '0' || type >= types.size()) return false;
  asset.type = types[type];
  return ParseHex(line.substr(2, 16), asset.key) &&
         ParseHex(line.substr(19, 16), asset.fingerprint);
}

json ProbeFilters(const Scope& scope) {
  ExistingQuery query;
  query.connection_exists = true;
  return ExistingFilters(scope, query);
}

}  // namespace

Result<ScopeProbe> ProbeScope(atlan::AtlanClient& client, const Scope& scope) {
  auto found = CountAndNewest(client, ProbeFilters(scope));
  if (!found) return std::unexpected(found.error());
  return ScopeProbe{found->asset_count, found->latest_modification};
}

Result<std::pair<ScopeProbe, Freshness>> ProbeScopeAndCatalogs(atlan::AtlanClient& client,
                                                               const Scope& scope,
                                                               const FoundConnections& found) {
  auto both = CountAndNewestOfBoth(client, CatalogFilters(found), ProbeFilters(scope));
  if (!both) return std::unexpected(both.error());
  const Freshness& probe = both->second;
  return std::pair{ScopeProbe{probe.asset_count, probe.latest_modification},
                   std::move(both->first)};
}

std::optional<OwnedSnapshot> OwnedSnapshot::Load(CacheStore& store, const Scope& scope,
                                                 Logger& log) {
  auto content = store.Read(kEntry);
  if (!content || !*content) {
    log.Debug("no snapshot of the scope's assets yet",
              {{"reason", content ? "no entry" : content.error().message}});
    return std::nullopt;
  }
  const auto corrupt = [&](const char* problem) {
    log.Warn("the cached snapshot of the scope's assets is not usable; reading them from Atlan",
             {{"location", store.Describe(kEntry)}, {"problem", problem}});
    return std::nullopt;
  };
  std::string problem;
  const auto sealed = Unsealed(**content, problem);
  if (!sealed) return corrupt(problem.c_str());
  const std::string_view text = *sealed;
  size_t end = text.find('\n');
  const json header = json::parse(text.substr(0, end), nullptr, false);
  OwnedSnapshot snapshot;
  try {
    if (header.is_discarded() || header.value("version", 0) != kSnapshotVersion) {
      return corrupt("unknown format");
    }
    snapshot.scope_id_ = header.at("scope").get<std::string>();
    snapshot.connection_qn_ = header.at("connection").get<std::string>();
    if (snapshot.scope_id_ != scope.Id() || snapshot.connection_qn_ != scope.connection_qn) {
      log.Debug("the cached snapshot is of another scope");
      return std::nullopt;
    }
    snapshot.probe_ = {header.at("count").get<int64_t>(),
                       header.at("newestModification").get<int64_t>()};
    // Hex text (a JSON number past 2^53 is not safe everywhere); absent before tags were
    // attached, and then 0, which no digest is likely to be.
    snapshot.tags_digest_ = std::strtoull(header.value("tagsDigest", "0").c_str(), nullptr, 16);
    if (const json& bucket = header.at("bucket"); bucket.is_object()) {
      snapshot.bucket_qualified_name_ = bucket.at("qualifiedName").get<std::string>();
      json attributes = bucket.at("attributes");
      snapshot.bucket_ =
          ExistingAsset{AssetType::kBucket, bucket.at("guid").get<std::string>(),
                        Fingerprint(AssetType::kBucket, attributes), std::move(attributes)};
    }
    std::vector<AssetType> types;
    for (const auto& name : header.at("types").get<std::vector<std::string>>()) {
      const auto type = AssetTypeNamed(name);
      if (!type || !InfoOf(*type).Scoped()) return corrupt("an unknown asset type");
      types.push_back(*type);
    }
    // Checked before anything is reserved: a count the file's lines cannot hold is damage.
    const json& assets_field = header.at("assets");
    if (!assets_field.is_number_unsigned()) return corrupt("an asset count that is not a count");
    const auto assets = assets_field.get<uint64_t>();
    const size_t lines = end == std::string_view::npos ? 0 : text.size() - end - 1;
    if (assets > lines / kAssetLineBytes + 1) return corrupt("more assets than lines");
    snapshot.held_.reserve(static_cast<size_t>(assets));
    while (end != std::string::npos && end + 1 < text.size()) {
      const size_t start = end + 1;
      end = text.find('\n', start);
      HeldAsset asset;
      const std::string_view line(text.data() + start,
                                  (end == std::string::npos ? text.size() : end) - start);
      if (!ParseAsset(line, types, asset)) return corrupt("a malformed asset line");
      snapshot.held_.push_back(asset);
    }
    // A file cut short is not a smaller scope.
    if (snapshot.held_.size() != assets) return corrupt("truncated");
  } catch (const json::exception&) {
    return corrupt("a malformed header");
  }
  return snapshot;
}

namespace {

std::string Hex(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}

}  // namespace

OwnedSnapshot OwnedSnapshot::After(const Plan& plan, const ExistingAssets& before,
                                   ScopeProbe probe) {
  const PlanSources& sources = *plan.sources;
  OwnedSnapshot snapshot;
  snapshot.scope_id_ = sources.scope.Id();
  snapshot.connection_qn_ = sources.scope.connection_qn;
  snapshot.probe_ = probe;
  snapshot.held_ = plan.held;
  snapshot.tags_digest_ = plan.tags_digest;
  // An upsert changes the attributes it sends and leaves the others as they were.
  json attributes = before.bucket ? before.bucket->attributes : json::object();
  const json written = BucketEntity(sources.scope, sources.bucket_object_count);
  for (const auto& [name, value] : written["attributes"].items()) attributes[name] = value;
  snapshot.bucket_qualified_name_ = sources.scope.BucketQualifiedName();
  snapshot.bucket_ =
      ExistingAsset{AssetType::kBucket, before.bucket ? before.bucket->guid : "",
                    Fingerprint(AssetType::kBucket, attributes), std::move(attributes)};
  return snapshot;
}

std::optional<ExistingAssets> OwnedSnapshot::Reuse(const ScopeProbe& probe,
                                                   const std::unordered_set<uint64_t>& desired,
                                                   uint64_t tags_digest,
                                                   std::string& why_not) const {
  if (probe != probe_) {
    why_not = "the scope changed in Atlan since the last sync";
    return std::nullopt;
  }
  if (tags_digest != tags_digest_) {
    why_not = "the tags its objects or folders carry changed since the last sync";
    return std::nullopt;
  }
  ExistingAssets existing;
  existing.owned.reserve(held_.size());
  for (const HeldAsset& asset : held_) {
    if (!desired.contains(asset.key)) {
      why_not = "assets the scope holds are no longer desired (archives need their names)";
      return std::nullopt;
    }
    existing.owned.emplace(asset.key, ExistingAsset{asset.type, "", asset.fingerprint, json()});
  }
  existing.bucket = bucket_;
  if (bucket_) {
    existing.bucket_qualified_name = bucket_qualified_name_;
    existing.bucket_connection_qn = connection_qn_;
  }
  return existing;
}

void OwnedSnapshot::Save(CacheStore& store, Logger& log) const {
  json bucket;
  if (bucket_) {
    bucket = {{"guid", bucket_->guid},
              {"qualifiedName", bucket_qualified_name_},
              {"attributes", bucket_->attributes}};
  }
  // The scoped types, in the order their digits count.
  const std::vector<AssetType>& types = ScopedTypes();
  std::map<AssetType, size_t> digit;
  json type_names = json::array();
  for (const AssetType type : types) {
    digit.emplace(type, digit.size());
    type_names.push_back(TypeName(type));
  }
  const json header = {{"version", kSnapshotVersion},
                       {"scope", scope_id_},
                       {"connection", connection_qn_},
                       {"count", probe_.count},
                       {"newestModification", probe_.newest_modification},
                       {"tagsDigest", Hex(tags_digest_)},
                       {"bucket", bucket},
                       {"types", type_names},
                       {"assets", held_.size()}};
  std::string content = JsonText(header) + "\n";
  content.reserve(content.size() + held_.size() * kAssetLineBytes);
  char line[40];
  for (const HeldAsset& asset : held_) {
    std::snprintf(line, sizeof line, "%zu %016" PRIx64 " %016" PRIx64 "\n", digit.at(asset.type),
                  asset.key, asset.fingerprint);
    content += line;
  }
  if (auto written = store.Write(kEntry, Sealed(std::move(content))); !written) {
    log.Warn("could not cache the snapshot of the scope's assets; the next sync reads them",
             {{"location", store.Describe(kEntry)}, {"error", written.error().message}});
  }
}

}  // namespace delta_arc::lineage
