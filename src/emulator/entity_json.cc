// Entity JSON shapes; see entity_json.h.
#include "emulator/entity_json.h"

#include <algorithm>

#include "emulator/tag_attachments.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

// `tags`, the tags on `e`, as Atlas lists them: each attachment (a propagated one naming
// its source and the source's status) and the distinct tag names.
Result<std::pair<json, json>> TagsJson(EntityStore& store, const Entity& e,
                                       const std::vector<TagAttachment>& tags) {
  json attachments = json::array();
  json names = json::array();
  for (const auto& tag : tags) {
    std::string status = e.state;
    if (!tag.direct()) {
      auto source = store.FindStubByGuid(tag.source_guid);
      if (!source) return std::unexpected(source.error());
      status = *source ? (*source)->state : "DELETED";
    }
    attachments.push_back(tag.ToJson(status));
    if (std::find(names.begin(), names.end(), tag.type_name) == names.end()) {
      names.push_back(tag.type_name);
    }
  }
  return std::make_pair(std::move(attachments), std::move(names));
}

// The header's fields of `e`, which carries `tags`.
Result<json> BaseHeader(EntityStore& store, const Entity& e,
                        const std::vector<TagAttachment>& tags) {
  auto listed = TagsJson(store, e, tags);
  if (!listed) return std::unexpected(listed.error());
  return json{{"typeName", e.type_name},
              {"guid", e.guid},
              {"status", e.state},
              {"displayText", e.name.empty() ? e.qualified_name : e.name},
              {"classificationNames", std::move(listed->second)},
              {"classifications", std::move(listed->first)},
              {"meaningNames", json::array()},
              {"meanings", json::array()},
              {"labels", json::array()},
              {"isIncomplete", false},
              {"createdBy", e.created_by},
              {"updatedBy", e.updated_by},
              {"createTime", e.created_at},
              {"updateTime", e.updated_at}};
}

Result<json> BaseHeader(EntityStore& store, const Entity& e) {
  auto tags = TagsOn(store.db(), e.guid);
  if (!tags) return std::unexpected(tags.error());
  return BaseHeader(store, e, *tags);
}

// The attributes every header shows: the unique qualifiedName and the name.
json HeaderAttributes(const Entity& e) {
  return {{"qualifiedName", e.qualified_name}, {"name", e.name}};
}

// A relation's value as Atlas answers it: the list, or its one (last) member, or null.
json RelationJson(const std::vector<RelatedStub>& related, const RelationDef& relation) {
  json list = json::array();
  for (const auto& r : related) list.push_back(RelatedObjectJson(r.other, r.ref));
  if (relation.many) return list;
  return list.empty() ? json(nullptr) : list.back();
}

// Every related asset behind `relation` on `entity`, as related-object ids.
Result<json> RelationValue(EntityStore& store, const Entity& entity, const RelationDef& relation) {
  auto related = store.RelatedStubs(entity.guid, relation.name);
  if (!related) return std::unexpected(related.error());
  return RelationJson(*related, relation);
}

}  // namespace

json AllPlainAttributes(const Entity& entity) {
  json attributes = entity.attributes;
  // The tag fields are the index's, not attributes Atlas answers.
  for (auto it = attributes.begin(); it != attributes.end();) {
    it = IsTagField(it.key()) ? attributes.erase(it) : std::next(it);
  }
  attributes["qualifiedName"] = entity.qualified_name;
  attributes["name"] = entity.name;
  return attributes;
}

json RelatedObjectJson(const EntityStub& other, const RelatedRef& ref) {
  return {{"guid", other.guid},
          {"typeName", other.type_name},
          {"entityStatus", other.state},
          {"displayText", other.name},
          {"relationshipType", ref.relationship_type},
          {"relationshipGuid", ref.relationship_guid},
          {"relationshipStatus", ref.relationship_status},
          {"relationshipAttributes",
           {{"typeName", ref.relationship_type}, {"attributes", json::object()}}},
          {"uniqueAttributes", {{"qualifiedName", other.qualified_name}}}};
}

Result<json> EntityHeaderJson(EntityStore& store, const Entity& entity,
                              const std::vector<std::string>& attributes,
                              const std::vector<std::string>& relation_attributes,
                              HeaderTags tags) {
  auto based = BaseHeader(store, entity);
  if (!based) return std::unexpected(based.error());
  json header = std::move(*based);
  if (tags != HeaderTags::kAttachments) header.erase("classifications");
  if (tags == HeaderTags::kNone) header.erase("classificationNames");
  json attrs = HeaderAttributes(entity);
  for (const auto& name : attributes) {
    if (auto relation = FindRelation(entity.type_name, name)) {
      auto value = RelationValue(store, entity, *relation);
      if (!value) return std::unexpected(value.error());
      attrs[name] = *value;
      continue;
    }
    auto it = entity.attributes.find(name);
    if (it != entity.attributes.end()) attrs[name] = *it;
  }
  // relationAttributes name the attributes to return of the related assets themselves.
  for (auto& [name, value] : attrs.items()) {
    if (relation_attributes.empty() || !FindRelation(entity.type_name, name)) continue;
    auto enrich = [&](json& related) -> Status {
      if (!related.is_object() || !related.contains("guid")) return Ok();
      auto other = store.FindByGuid(related["guid"].get<std::string>());
      if (!other) return std::unexpected(other.error());
      if (!*other) return Ok();
      json related_attrs = json::object();
      auto all = AllPlainAttributes(**other);
      for (const auto& r : relation_attributes) {
        if (all.contains(r)) related_attrs[r] = all[r];
      }
      related["attributes"] = related_attrs;
      return Ok();
    };
    if (value.is_array()) {
      for (auto& item : value) {
        if (auto s = enrich(item); !s) return std::unexpected(s.error());
      }
    } else if (auto s = enrich(value); !s) {
      return std::unexpected(s.error());
    }
  }
  header["attributes"] = attrs;
  return header;
}

Result<json> WrittenEntitiesJson(EntityStore& store, const std::vector<const Entity*>& entities,
                                 const std::set<std::string>& recorded) {
  std::vector<std::string> guids;
  std::vector<std::string> written;
  for (const Entity* entity : entities) {
    guids.push_back(entity->guid);
    if (!recorded.contains(entity->guid)) written.push_back(entity->guid);
  }
  // The relations and tags of all in two reads: a bulk write answers for each entity it wrote.
  auto related = store.AllRelatedStubsOf(written);
  if (!related) return std::unexpected(related.error());
  auto tags = TagsOnEach(store.db(), guids);
  if (!tags) return std::unexpected(tags.error());
  const std::vector<TagAttachment> untagged;
  json out = json::array();
  for (const Entity* entity : entities) {
    const auto tagged = tags->find(entity->guid);
    auto based = BaseHeader(store, *entity, tagged == tags->end() ? untagged : tagged->second);
    if (!based) return std::unexpected(based.error());
    json header = std::move(*based);
    if (recorded.contains(entity->guid)) {
      header["attributes"] = HeaderAttributes(*entity);
      out.push_back(std::move(header));
      continue;
    }
    json attributes = AllPlainAttributes(*entity);
    const TypeDef* type = FindType(entity->type_name);
    const auto relations = related->find(entity->guid);
    if (type != nullptr && relations != related->end()) {
      for (const auto& relation : type->relations) {
        if (!relation.own_attribute) continue;
        const auto it = relations->second.find(relation.name);
        // Atlas leaves out an attribute without a value.
        if (it == relations->second.end() || it->second.empty()) continue;
        attributes[relation.name] = RelationJson(it->second, relation);
      }
    }
    header["attributes"] = std::move(attributes);
    out.push_back(std::move(header));
  }
  return out;
}

Result<json> FullEntityJson(EntityStore& store, const Entity& entity, bool ignore_relationships) {
  auto based = BaseHeader(store, entity);
  if (!based) return std::unexpected(based.error());
  json out = std::move(*based);
  out.erase("classificationNames");
  out.erase("meaningNames");
  out.erase("displayText");
  out["attributes"] = AllPlainAttributes(entity);
  out["version"] = 0;
  out["proxy"] = false;
  json relationships = json::object();
  const TypeDef* type = FindType(entity.type_name);
  if (!ignore_relationships && type != nullptr) {
    for (const auto& relation : type->relations) {
      auto value = RelationValue(store, entity, relation);
      if (!value) return std::unexpected(value.error());
      relationships[relation.name] = *value;
    }
  }
  out["relationshipAttributes"] = relationships;
  return out;
}

}  // namespace delta_arc::emulator
