// The tags delta-arc attaches to the S3 assets it owns (S3_TAGS): each object and each
// table folder gets the tags its files carry (CarriedTags: its Postgres table's and those
// of the columns in its header), so "which files hold PII?" has an answer in Atlan.
//
// Attachments are diffed, never replaced: an attachment someone else made is never
// changed or removed, and delta-arc removes one of its own when nothing carried holds
// that tag any more. Which are its own is recorded on the asset itself, in Atlan (the
// record attribute below), not in a cache: a lost cache changes nothing. Writes go with
// the asset's upsert (Atlan's appendTags: addOrUpdateClassifications and
// removeClassifications), so tags cost no request of their own.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace delta_arc::lineage {

struct PlanSources;
struct PlannedWrite;

// The attribute of S3Object and S3Prefix that lists, by internal name, the tags delta-arc
// attached: Atlan's "list of tags attached to this asset" (pyatlan Asset.ASSET_TAGS), a
// string list that the tags themselves (classifications) do not replace.
inline constexpr const char* kTagRecordAttribute = "assetTags";

// What Atlan holds of an owned asset's tags: those attached to it directly (not those
// propagated to it) and the record of those delta-arc attached, each sorted.
struct TagState {
  std::vector<std::string> direct;
  std::vector<std::string> recorded;
};

// From an entity as index search returns it with its classifications.
TagState TagStateOf(const nlohmann::json& entity);

// What a write changes: tags to attach, tags of delta-arc's own to remove, and the record
// the asset then holds (each sorted).
struct TagChange {
  std::vector<std::string> add;
  std::vector<std::string> remove;
  std::vector<std::string> record;
};

// The change that makes an asset carry `carried`: for a new asset (`held` null) every
// tag; else the carried tags it lacks are attached, its own (recorded and still attached)
// that nothing carries are removed, and a tag someone else attached is left as it is (and
// never recorded). nullopt when there is nothing to change.
std::optional<TagChange> TagChangeFor(const std::vector<std::string>& carried,
                                      const TagState* held);

// Adds `change` to an asset's entity JSON, for a bulk write with appendTags: its
// addOrUpdateClassifications and removeClassifications (a new asset takes the first as its
// tags, so a create that meets an asset another run just made is still right), and the
// record. Attached tags propagate when `propagate` (S3_TAGS_PROPAGATE); their other flags
// are Atlan's defaults.
void AddTagChange(nlohmann::json& entity, const TagChange& change, bool propagate);

// Fills the sources' carried tags from the links (after LinkColumns), with S3_TAGS: each
// object its link's CarriedTags, each table folder its table's.
void AssignCarriedTags(PlanSources& sources);

// The tags an object (by index), or the asset a write makes, carries: none for other types
// and without S3_TAGS.
const std::vector<std::string>& CarriedTagsOfObject(const PlanSources& sources, size_t object);
// The same as people see them: their display names (TagDisplayName).
std::vector<std::string> CarriedTagNamesOfObject(const PlanSources& sources, size_t object);
const std::vector<std::string>& CarriedTagsOf(const PlanSources& sources,
                                              const PlannedWrite& write);

// A digest of every asset's carried tags: the snapshot of a scope (owned_snapshot.h) is
// reused only while it is the same, since the snapshot keeps no tag state to diff.
uint64_t CarriedTagsDigest(const PlanSources& sources);

}  // namespace delta_arc::lineage
