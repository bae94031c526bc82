// Tags on the S3 assets delta-arc owns; see asset_tags.h.
#include "lineage/asset_tags.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "atlan/entity_attributes.h"
#include "common/fnv.h"
#include "lineage/catalog.h"
#include "lineage/plan.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

using Names = std::vector<std::string>;

Names Without(const Names& from, const Names& minus) {
  Names out;
  std::ranges::set_difference(from, minus, std::back_inserter(out));
  return out;
}

Names Both(const Names& a, const Names& b) {
  Names out;
  std::ranges::set_intersection(a, b, std::back_inserter(out));
  return out;
}

Names Either(const Names& a, const Names& b) {
  Names out;
  std::ranges::set_union(a, b, std::back_inserter(out));
  return out;
}

const Names& TagSet(const PlanSources& s, const std::vector<uint32_t>& index, size_t i) {
  static const Names kNone;
  return i < index.size() ? s.tag_sets[index[i]] : kNone;
}

}  // namespace

TagState TagStateOf(const json& entity) {
  TagState state;
  const std::string guid = atlan::StringField(entity, "guid");
  if (const auto tags = entity.find("classifications"); tags != entity.end() && tags->is_array()) {
    for (const auto& tag : *tags) {
      if (!tag.is_object()) continue;
      const std::string source = atlan::StringField(tag, "entityGuid");
      const std::string name = atlan::StringField(tag, "typeName");
      if (!name.empty() && (source.empty() || source == guid)) state.direct.push_back(name);
    }
  }
  state.direct = TagNamesOf(json(state.direct));
  if (const auto attributes = entity.find("attributes");
      attributes != entity.end() && attributes->is_object() &&
      attributes->contains(kTagRecordAttribute)) {
    state.recorded = TagNamesOf((*attributes)[kTagRecordAttribute]);
  }
  return state;
}

std::optional<TagChange> TagChangeFor(const Names& carried, const TagState* held) {
  if (held == nullptr) {
    if (carried.empty()) return std::nullopt;
    return TagChange{carried, {}, carried};
  }
  // Only what is still attached is ours to keep or remove: a tag of ours someone removed
  // is attached again while it is carried.
  const Names ours = Both(held->recorded, held->direct);
  TagChange change{Without(carried, held->direct), Without(ours, carried),
                   Either(Both(ours, carried), Without(carried, held->direct))};
  if (change.add.empty() && change.remove.empty() && change.record == held->recorded) {
    return std::nullopt;
  }
  return change;
}

void AddTagChange(json& entity, const TagChange& change, bool propagate) {
  const auto attachments = [&](const Names& names, bool with_flags) {
    json list = json::array();
    for (const auto& name : names) {
      json tag = {{"typeName", name}};
      if (with_flags) {
        tag["propagate"] = propagate;
        tag["removePropagationsOnEntityDelete"] = true;
        tag["restrictPropagationThroughLineage"] = false;
        tag["restrictPropagationThroughHierarchy"] = false;
      }
      list.push_back(std::move(tag));
    }
    return list;
  };
  if (!change.add.empty()) entity["addOrUpdateClassifications"] = attachments(change.add, true);
  if (!change.remove.empty()) entity["removeClassifications"] = attachments(change.remove, false);
  entity["attributes"][kTagRecordAttribute] = change.record;
}

void AssignCarriedTags(PlanSources& s) {
  s.tag_sets = {{}};
  s.object_tags.assign(s.objects.size(), 0);
  s.prefix_tags.assign(s.folded.prefixes.size(), 0);
  if (!s.tag_assets) return;
  std::map<const TableInfo*, uint32_t> by_table;  // Postgres table → its set in tag_sets
  for (const auto& link : s.match.links) {
    if (link.source == nullptr) continue;
    Names carried = CarriedTags(link);
    if (carried.empty()) continue;
    by_table[link.source] = static_cast<uint32_t>(s.tag_sets.size());
    s.tag_sets.push_back(std::move(carried));
  }
  for (const auto& d : s.match.objects) {
    const auto set = by_table.find(d.source);
    if (d.source == nullptr || set == by_table.end()) continue;
    s.object_tags[d.object] = set->second;
    if (d.object < s.folded.table_folder.size()) {
      if (const auto folder = s.folded.table_folder[d.object]) s.prefix_tags[*folder] = set->second;
    }
  }
}

const Names& CarriedTagsOfObject(const PlanSources& s, size_t object) {
  return TagSet(s, s.object_tags, object);
}

Names CarriedTagNamesOfObject(const PlanSources& s, size_t object) {
  Names names;
  for (const auto& tag : CarriedTagsOfObject(s, object)) {
    names.push_back(TagDisplayName(s.source, tag));
  }
  return names;
}

const Names& CarriedTagsOf(const PlanSources& s, const PlannedWrite& write) {
  static const Names kNone;
  if (write.literal) return kNone;
  if (write.type == AssetType::kObject) return TagSet(s, s.object_tags, write.a);
  if (write.type == AssetType::kPrefix) return TagSet(s, s.prefix_tags, write.a);
  return kNone;
}

uint64_t CarriedTagsDigest(const PlanSources& s) {
  // FNV-1a over "<key>\n<tag>\n…\n\n" for each object, then each folder, that carries any.
  uint64_t hash = kFnv1a64Basis;
  const auto add = [&](const std::string& key, const Names& tags) {
    hash = Fnv1a64(key, hash);
    for (const auto& tag : tags) hash = Fnv1a64("\n" + tag, hash);
    hash = Fnv1a64("\n\n", hash);
  };
  for (size_t i = 0; i < s.object_tags.size(); ++i) {
    if (s.object_tags[i] != 0) add(s.objects[i].key, s.tag_sets[s.object_tags[i]]);
  }
  for (size_t i = 0; i < s.prefix_tags.size(); ++i) {
    if (s.prefix_tags[i] != 0) add(s.folded.prefixes[i].key + "/", s.tag_sets[s.prefix_tags[i]]);
  }
  return hash;
}

}  // namespace delta_arc::lineage
