// Tag routes; see tag_writes.h. Atlas's EntityREST addClassifications,
// updateClassifications, deleteClassification and their ByUniqueAttribute forms, with
// AtlasErrorCode CLASSIFICATION_ALREADY_ASSOCIATED (400 ATLAS-400-00-01B) and
// CLASSIFICATION_NOT_ASSOCIATED_WITH_ENTITY (400 ATLAS-400-00-06D); the entity's
// modification is recorded (EntityGraphMapper.addClassifications:
// updateModificationMetadata). pyatlan 1.9.5 client/asset.py add_atlan_tags,
// update_atlan_tags and remove_atlan_tag use the uniqueAttribute forms.
#include "emulator/tag_writes.h"

#include <algorithm>
#include <vector>

#include "emulator/tag_attachments.h"
#include "emulator/tag_propagation.h"
#include "emulator/tag_typedefs.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

Result<std::vector<TagAttachment>> DirectTags(EntityStore& store, const std::string& guid) {
  auto all = TagsOn(store.db(), guid);
  if (!all) return std::unexpected(all.error());
  std::vector<TagAttachment> out;
  for (auto& tag : *all) {
    if (tag.direct()) out.push_back(std::move(tag));
  }
  return out;
}

// Writes `tags` as `entity`'s own, records the modification and schedules the spread of
// each tag named in `changed`.
ApiResponse Store(EntityStore& store, Entity entity, const std::vector<TagAttachment>& tags,
                  const std::vector<std::string>& changed, const WriteContext& context) {
  Transaction tx(store.db());
  if (auto s = tx.Begin(); !s) return InternalError(s.error().message);
  entity.updated_at = context.now;
  entity.updated_by = context.user;
  if (auto s = store.Update(entity); !s) return InternalError(s.error().message);
  if (auto s = SetDirectTags(store.db(), entity.guid, tags); !s) {
    return InternalError(s.error().message);
  }
  for (const auto& name : changed) {
    if (auto s = SchedulePropagation(store.db(), entity.guid, name,
                                     context.now + context.tag_propagation_ms);
        !s) {
      return InternalError(s.error().message);
    }
  }
  if (auto s = RefreshTagFields(store, entity.guid); !s) return InternalError(s.error().message);
  if (auto s = tx.Commit(); !s) return InternalError(s.error().message);
  return {204, json(), {}};
}

}  // namespace

ApiResponse EditTags(EntityStore& store, const Entity& entity, const json& request, TagEdit edit,
                     const WriteContext& context) {
  if (!request.is_array() || request.empty()) {
    return InvalidParameters("a list of classifications is required");
  }
  auto tags = DirectTags(store, entity.guid);
  if (!tags) return InternalError(tags.error().message);
  std::vector<std::string> changed;
  for (const auto& entry : request) {
    auto tag = TagAttachment::FromJson(entry, entity.guid);
    if (!tag) return InvalidParameters(tag.error().message);
    if (tag->restrict_propagation_through_lineage && tag->restrict_propagation_through_hierarchy) {
      return InvalidParameters(
          "restrictPropagationThroughLineage and restrictPropagationThroughHierarchy cannot "
          "both be true");
    }
    auto def = FindTagTypedef(store.db(), tag->type_name);
    if (!def) return InternalError(def.error().message);
    if (!*def) return UnknownTagType(tag->type_name);
    auto it = std::find_if(tags->begin(), tags->end(),
                           [&](const TagAttachment& t) { return t.type_name == tag->type_name; });
    if (edit == TagEdit::kAdd && it != tags->end()) {
      return AtlasError(400, "ATLAS-400-00-01B",
                        "instance " + entity.guid + " already is associated with classification " +
                            tag->type_name);
    }
    if (edit == TagEdit::kUpdate && it == tags->end()) {
      return AtlasError(400, "ATLAS-400-00-06D",
                        "Classification " + tag->type_name + " is not associated with entity");
    }
    if (it != tags->end()) tags->erase(it);
    changed.push_back(tag->type_name);
    tags->push_back(std::move(*tag));
  }
  return Store(store, entity, *tags, changed, context);
}

ApiResponse RemoveTag(EntityStore& store, const Entity& entity, const std::string& type_name,
                      const WriteContext& context) {
  auto tags = DirectTags(store, entity.guid);
  if (!tags) return InternalError(tags.error().message);
  const auto removed =
      std::erase_if(*tags, [&](const TagAttachment& t) { return t.type_name == type_name; });
  if (removed == 0) {
    return AtlasError(400, "ATLAS-400-00-06D",
                      "Classification " + type_name + " is not associated with entity");
  }
  return Store(store, entity, *tags, {type_name}, context);
}

}  // namespace delta_arc::emulator
