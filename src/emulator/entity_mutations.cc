// Entity writes; see entity_mutations.h. An upsert is validated whole before
// anything is written, then written in one SQLite transaction.
#include "emulator/entity_mutations.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "emulator/connection_processes.h"
#include "emulator/entity_json.h"
#include "emulator/has_lineage.h"
#include "emulator/tag_attachments.h"
#include "emulator/tag_propagation.h"
#include "emulator/tag_typedefs.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

// One entity of the request, on its way to being written.
struct Pending {
  std::string sent_guid;  // as the client sent it: a placeholder, a real guid, or empty
  std::optional<Entity> existing;
  Entity next;
  bool restore = false;                         // status ACTIVE sent for an archived asset
  std::map<std::string, json> relation_values;  // relationship attribute → value as sent
  // appendRelationshipAttributes / removeRelationshipAttributes: edits of a list
  // relationship that leave its other members alone.
  std::map<std::string, json> append_values;
  std::map<std::string, json> remove_values;
  std::map<std::string, std::vector<std::string>> relation_targets;  // → final guids
  // The tags attached to the entity itself once written; unset: as they are.
  std::optional<std::vector<TagAttachment>> tags;
};

bool IsPlaceholder(const std::string& guid) {
  return !guid.empty() && guid[0] == '-';
}

std::string DescribeReference(const json& ref) {
  std::string qn;
  if (ref.contains("uniqueAttributes") && ref["uniqueAttributes"].is_object()) {
    qn = ref["uniqueAttributes"].value("qualifiedName", "");
  }
  return "AtlasObjectId{guid='" + ref.value("guid", std::string("null")) + "', typeName='" +
         ref.value("typeName", "") + "', uniqueAttributes={qualifiedName:" + qn + "}}";
}

class UpsertRun {
 public:
  UpsertRun(EntityStore& store, const Directory& directory, const WriteContext& context)
      : store_(store),
        directory_(directory),
        context_(context),
        user_(context.user),
        now_(context.now) {}

  // Atlas's own checks first (EntityREST.createOrUpdate): an empty list and more than
  // kMaxBulkEntities are refused before anything is read.
  ApiResponse Run(const json& request) {
    if (!request.is_object() || !request.contains("entities") || !request["entities"].is_array() ||
        request["entities"].empty()) {
      return InvalidParameters("no entities to create/update.");
    }
    if (request["entities"].size() > kMaxBulkEntities) {
      return AtlasError(400, "ATLAS-400-00-212",
                        "Request Error - Entities should be less than or equal to: " +
                            std::to_string(kMaxBulkEntities));
    }
    // The reads in the writes' transaction: SQLite locks the file once, not per read.
    Transaction tx(store_.db());
    if (auto s = tx.Begin(); !s) return InternalError(s.error().message);
    pending_.reserve(request["entities"].size());
    for (const auto& item : request["entities"]) {
      if (auto error = Collect(item)) return *error;
    }
    for (auto& pending : pending_) {
      if (auto error = ResolveRelations(pending)) return *error;
      if (auto error = Validate(pending)) return *error;
    }
    if (auto error = CheckConnectionsReady()) return *error;
    return Write(tx);
  }

 private:
  std::optional<ApiResponse> Collect(const json& item) {
    if (!item.is_object()) return InvalidParameters("each entity must be an object");
    const std::string type_name = item.value("typeName", "");
    const TypeDef* type = FindType(type_name);
    if (type == nullptr) return UnknownEntityType(type_name);
    json attributes = item.value("attributes", json::object());
    json relationships = item.value("relationshipAttributes", json::object());
    if (!attributes.is_object() || !relationships.is_object()) {
      return InvalidParameters("attributes of " + type_name + " must be an object");
    }
    Pending p;
    p.sent_guid =
        item.contains("guid") && item["guid"].is_string() ? item["guid"].get<std::string>() : "";
    for (auto& [key, value] : relationships.items()) attributes[key] = value;
    const std::string qualified_name =
        attributes.contains("qualifiedName") && attributes["qualifiedName"].is_string()
            ? attributes["qualifiedName"].get<std::string>()
            : "";
    if (auto error = FindExisting(p, type_name, qualified_name)) return *error;
    p.next = p.existing.value_or(Entity{});
    p.next.type_name = type_name;
    if (!p.existing) {
      p.next.guid = NewGuid();
      p.next.qualified_name = qualified_name;
      p.next.created_at = now_;
      p.next.created_by = user_;
    }
    p.restore =
        p.existing && p.existing->state == "DELETED" && item.value("status", "") == "ACTIVE";
    for (auto& [key, value] : attributes.items()) {
      if (key == "qualifiedName") continue;
      if (FindRelation(type_name, key)) {
        p.relation_values[key] = value;
      } else if (key == "name") {
        p.next.name = value.is_string() ? value.get<std::string>() : "";
      } else if (value.is_null()) {
        p.next.attributes.erase(key);
      } else {
        p.next.attributes[key] = value;
      }
    }
    for (const auto& [key, edits] : {std::pair{"appendRelationshipAttributes", &p.append_values},
                                     std::pair{"removeRelationshipAttributes", &p.remove_values}}) {
      const json section = item.value(key, json::object());
      if (!section.is_object()) return InvalidParameters(std::string(key) + " must be an object");
      for (const auto& [attribute, value] : section.items()) {
        if (!FindRelation(type_name, attribute)) {
          return InvalidParameters(std::string(key) + ": " + attribute +
                                   " is not a relationship of " + type_name);
        }
        (*edits)[attribute] = value;
      }
    }
    if (auto error = CollectTags(p, item)) return *error;
    // A repeat of an asset already in this request updates that one.
    auto key = std::make_pair(type_name, p.next.qualified_name);
    if (auto it = index_.find(key); it != index_.end() && !p.next.qualified_name.empty()) {
      Pending& first = pending_[it->second];
      if (p.tags) first.tags = std::move(p.tags);
      if (!p.sent_guid.empty()) assignments_[p.sent_guid] = first.next.guid;
      for (auto& [k, v] : p.next.attributes.items()) first.next.attributes[k] = v;
      if (!p.next.name.empty()) first.next.name = p.next.name;
      for (auto& [k, v] : p.relation_values) first.relation_values[k] = v;
      for (auto& [k, v] : p.append_values) first.append_values[k] = v;
      for (auto& [k, v] : p.remove_values) first.remove_values[k] = v;
      return std::nullopt;
    }
    if (!p.sent_guid.empty()) assignments_[p.sent_guid] = p.next.guid;
    index_[key] = pending_.size();
    pending_.push_back(std::move(p));
    return std::nullopt;
  }

  // The tags an entity of the request ends with (TagMode); each must be defined, and a
  // tag propagated from elsewhere that the request repeats is left alone, as Atlas does.
  std::optional<ApiResponse> CollectTags(Pending& p, const json& item) {
    const TagMode mode = p.existing ? context_.tag_mode : TagMode::kReplace;
    if (mode == TagMode::kKeep) return std::nullopt;
    auto read = [&](const char* key,
                    std::vector<TagAttachment>& out) -> std::optional<ApiResponse> {
      const json list = item.value(key, json::array());
      if (!list.is_array()) return InvalidParameters(std::string(key) + " must be a list");
      for (const auto& entry : list) {
        if (entry.is_object() && entry.contains("entityGuid") && entry["entityGuid"].is_string() &&
            !entry["entityGuid"].get<std::string>().empty() && entry["entityGuid"] != p.next.guid &&
            entry["entityGuid"] != p.sent_guid) {
          continue;
        }
        auto tag = TagAttachment::FromJson(entry, p.next.guid);
        if (!tag) return InvalidParameters(tag.error().message);
        if (auto refused = CheckTag(*tag)) return refused;
        out.push_back(std::move(*tag));
      }
      return std::nullopt;
    };
    std::vector<TagAttachment> sent;
    // A new entity under appendTags takes its addOrUpdateClassifications, when it has
    // any, as its tags (atlas-metastore EntityGraphMapper.mapAttributesAndClassifications).
    if (!p.existing && context_.tag_mode == TagMode::kAppend) {
      if (auto error = read("addOrUpdateClassifications", sent)) return error;
    }
    if (sent.empty()) {
      if (auto error = read("classifications", sent)) return error;
    }
    if (mode == TagMode::kReplace) {
      if (p.existing || !sent.empty()) p.tags = std::move(sent);
      return std::nullopt;
    }
    if (auto error = read("addOrUpdateClassifications", sent)) return error;
    std::vector<TagAttachment> removed;
    if (auto error = read("removeClassifications", removed)) return error;
    std::vector<TagAttachment> final_tags;
    if (p.existing) {
      auto current = TagsOn(store_.db(), p.next.guid);
      if (!current) return InternalError(current.error().message);
      for (auto& tag : *current) {
        if (tag.direct()) final_tags.push_back(std::move(tag));
      }
    }
    auto named = [](const std::string& name) {
      return [&name](const TagAttachment& t) { return t.type_name == name; };
    };
    for (auto& tag : sent) {
      std::erase_if(final_tags, named(tag.type_name));
      final_tags.push_back(std::move(tag));
    }
    for (const auto& tag : removed) std::erase_if(final_tags, named(tag.type_name));
    p.tags = std::move(final_tags);
    return std::nullopt;
  }

  std::optional<ApiResponse> CheckTag(const TagAttachment& tag) {
    if (tag.restrict_propagation_through_lineage && tag.restrict_propagation_through_hierarchy) {
      return InvalidParameters(
          "restrictPropagationThroughLineage and restrictPropagationThroughHierarchy cannot "
          "both be true");
    }
    auto def = FindTagTypedef(store_.db(), tag.type_name);
    if (!def) return InternalError(def.error().message);
    if (!*def) return UnknownTagType(tag.type_name);
    return std::nullopt;
  }

  // Whether `p`'s tags change, comparing its own (direct) tags and their flags.
  Result<bool> TagsChanged(const Pending& p) {
    if (!p.tags) return false;
    std::vector<TagAttachment> current;
    if (p.existing) {
      auto all = TagsOn(store_.db(), p.next.guid);
      if (!all) return std::unexpected(all.error());
      for (auto& tag : *all) {
        if (tag.direct()) current.push_back(std::move(tag));
      }
    }
    if (current.size() != p.tags->size()) return true;
    for (const auto& tag : *p.tags) {
      auto same = std::find_if(current.begin(), current.end(), [&](const TagAttachment& c) {
        return c.type_name == tag.type_name && c.propagate == tag.propagate &&
               c.remove_propagations_on_entity_delete == tag.remove_propagations_on_entity_delete &&
               c.restrict_propagation_through_lineage == tag.restrict_propagation_through_lineage &&
               c.restrict_propagation_through_hierarchy ==
                   tag.restrict_propagation_through_hierarchy;
      });
      if (same == current.end()) return true;
    }
    return false;
  }

  // Writes `p`'s tags, and schedules the spread of every tag it had or has.
  Status WriteTags(const Pending& p) {
    auto before = TagsOn(store_.db(), p.next.guid);
    if (!before) return std::unexpected(before.error());
    if (auto s = SetDirectTags(store_.db(), p.next.guid, *p.tags); !s) return s;
    const int64_t due = now_ + context_.tag_propagation_ms;
    for (const std::vector<TagAttachment>* tags : {&std::as_const(*before), &*p.tags}) {
      for (const auto& tag : *tags) {
        if (!tag.direct()) continue;
        if (auto s = SchedulePropagation(store_.db(), p.next.guid, tag.type_name, due); !s) {
          return s;
        }
      }
    }
    return RefreshTagFields(store_, p.next.guid);
  }

  std::optional<ApiResponse> FindExisting(Pending& p, const std::string& type_name,
                                          const std::string& qualified_name) {
    if (!p.sent_guid.empty() && !IsPlaceholder(p.sent_guid)) {
      auto found = store_.FindByGuid(p.sent_guid);
      if (!found) return InternalError(found.error().message);
      if (!*found) return GuidNotFound(p.sent_guid);
      p.existing = **found;
      return std::nullopt;
    }
    if (qualified_name.empty()) return std::nullopt;  // reported by Validate
    auto found = store_.FindByQualifiedName(type_name, qualified_name);
    if (!found) return InternalError(found.error().message);
    p.existing = *found;
    return std::nullopt;
  }

  // The guid and type of a reference, found in this request or in the store.
  std::optional<std::pair<std::string, std::string>> Lookup(const json& ref) {
    if (!ref.is_object()) return std::nullopt;
    const std::string guid =
        ref.contains("guid") && ref["guid"].is_string() ? ref["guid"].get<std::string>() : "";
    if (!guid.empty()) {
      if (auto a = assignments_.find(guid); a != assignments_.end()) {
        for (const auto& p : pending_) {
          if (p.next.guid == a->second) return std::make_pair(p.next.guid, p.next.type_name);
        }
      }
      if (IsPlaceholder(guid)) return std::nullopt;
      auto found = store_.FindStubByGuid(guid);
      if (found && *found) return std::make_pair((*found)->guid, (*found)->type_name);
      return std::nullopt;
    }
    const std::string type_name = ref.value("typeName", "");
    if (!ref.contains("uniqueAttributes") || !ref["uniqueAttributes"].is_object()) {
      return std::nullopt;
    }
    const std::string qn = ref["uniqueAttributes"].value("qualifiedName", "");
    if (auto it = index_.find({type_name, qn}); it != index_.end()) {
      return std::make_pair(pending_[it->second].next.guid, type_name);
    }
    auto found = store_.FindStubByQualifiedName(type_name, qn);
    if (found && *found) return std::make_pair((*found)->guid, type_name);
    return std::nullopt;
  }

  // The guids `value` refers to for `attribute`; references that must exist do.
  std::optional<ApiResponse> ResolveRefs(const Pending& p, const std::string& attribute,
                                         const json& value, bool must_exist,
                                         std::vector<std::string>& targets) {
    const RelationDef relation = *FindRelation(p.next.type_name, attribute);
    const json refs =
        value.is_array() ? value : (value.is_null() ? json::array() : json::array({value}));
    if (!relation.many && refs.size() > 1) {
      return InvalidInstanceParams(p.next.type_name + "." + attribute +
                                   ": expected a single reference");
    }
    for (const auto& ref : refs) {
      auto target = Lookup(ref);
      if (!target) {
        if (!must_exist) continue;
        return ReferencedEntityNotFound(DescribeReference(ref));
      }
      if (!IsA(target->second, relation.target_type)) {
        return InvalidRelationshipEndType(attribute, target->first, target->second,
                                          relation.target_type);
      }
      targets.push_back(target->first);
    }
    return std::nullopt;
  }

  // Final members of each relationship the request touches: replaced, or the current
  // members plus appends minus removals.
  std::optional<ApiResponse> ResolveRelations(Pending& p) {
    for (const auto& [attribute, value] : p.relation_values) {
      std::vector<std::string> targets;
      if (auto error = ResolveRefs(p, attribute, value, true, targets)) return error;
      p.relation_targets[attribute] = std::move(targets);
    }
    std::set<std::string> edited;
    for (const auto& [attribute, value] : p.append_values) edited.insert(attribute);
    for (const auto& [attribute, value] : p.remove_values) edited.insert(attribute);
    for (const auto& attribute : edited) {
      std::vector<std::string> final_targets;
      if (auto it = p.relation_targets.find(attribute); it != p.relation_targets.end()) {
        final_targets = it->second;
      } else if (p.existing) {
        auto current = store_.Related(p.next.guid, attribute);
        if (!current) return InternalError(current.error().message);
        for (const auto& ref : *current) final_targets.push_back(ref.other_guid);
      }
      std::vector<std::string> added;
      if (auto it = p.append_values.find(attribute); it != p.append_values.end()) {
        if (auto error = ResolveRefs(p, attribute, it->second, true, added)) return error;
      }
      for (const auto& guid : added) {
        if (std::find(final_targets.begin(), final_targets.end(), guid) == final_targets.end()) {
          final_targets.push_back(guid);
        }
      }
      std::vector<std::string> removed;
      if (auto it = p.remove_values.find(attribute); it != p.remove_values.end()) {
        if (auto error = ResolveRefs(p, attribute, it->second, false, removed)) return error;
      }
      std::erase_if(final_targets, [&](const std::string& guid) {
        return std::find(removed.begin(), removed.end(), guid) != removed.end();
      });
      p.relation_targets[attribute] = std::move(final_targets);
    }
    return std::nullopt;
  }

  std::optional<ApiResponse> Validate(const Pending& p) {
    const Entity& e = p.next;
    const TypeDef& type = *FindType(e.type_name);
    auto missing = [&](const std::string& attribute) {
      return InvalidInstanceParams(e.type_name + "." + attribute +
                                   ": mandatory attribute value missing in type " + e.type_name);
    };
    if (e.qualified_name.empty()) return missing("qualifiedName");
    if (e.name.empty()) return missing("name");
    for (const auto& attribute : type.required) {
      auto it = e.attributes.find(attribute);
      if (it == e.attributes.end() || it->is_null() || (it->is_string() && it->empty())) {
        return missing(attribute);
      }
    }
    if (e.type_name == "Connection" && !p.existing) return ValidateConnection(e);
    return std::nullopt;
  }

  // Atlan's connection rules: default/<connector>/<epoch seconds>, and admins that exist.
  std::optional<ApiResponse> ValidateConnection(const Entity& e) {
    const std::string connector = e.attributes.value("connectorName", "");
    static const std::regex kForm("default/([a-z0-9-]+)/([0-9]+)");
    std::smatch match;
    if (!std::regex_match(e.qualified_name, match, kForm) || match[1] != connector) {
      return InvalidParameters("connection qualifiedName must be default/" + connector +
                               "/<epoch seconds>, got " + e.qualified_name);
    }
    int admins = 0;
    auto check = [&](const char* attribute, auto exists) -> std::optional<ApiResponse> {
      auto it = e.attributes.find(attribute);
      if (it == e.attributes.end() || !it->is_array()) return std::nullopt;
      for (const auto& v : *it) {
        if (!v.is_string() || !exists(v.get<std::string>())) {
          return InvalidParameters(std::string(attribute) + ": " + v.dump() + " does not exist");
        }
        ++admins;
      }
      return std::nullopt;
    };
    // The token's own service account may administer what it creates (pyatlan
    // UserCache.validate_names accepts token users).
    if (auto error = check("adminUsers", [&](const std::string& n) {
          return directory_.HasUser(n) || n == user_;
        })) {
      return error;
    }
    if (auto error =
            check("adminGroups", [&](const std::string& n) { return directory_.HasGroup(n); })) {
      return error;
    }
    // Atlan names admin roles by their id, not their name.
    if (auto error =
            check("adminRoles", [&](const std::string& id) { return directory_.HasRoleId(id); })) {
      return error;
    }
    if (admins == 0) {
      return AtlasError(400, "ATLAS-400-00-114",
                        "Admin list should not be empty for type Connection");
    }
    return std::nullopt;
  }

  // Writes under a connection whose policies do not exist yet are refused: one still in
  // its bootstrap window, or one this very request creates.
  std::optional<ApiResponse> CheckConnectionsReady() {
    std::set<std::string> created;
    for (const auto& p : pending_) {
      if (p.next.type_name == "Connection" && !p.existing && context_.bootstrap_ms > 0) {
        created.insert(p.next.qualified_name);
      }
    }
    for (const auto& p : pending_) {
      if (p.next.type_name == "Connection" && !p.existing) continue;
      const std::string connection = OwningConnection(p.next);
      if (created.contains(connection) || context_.bootstrap.Pending(connection)) {
        return Unauthorized(user_, std::string(p.existing ? "update" : "create") +
                                       " entity: typeName=" + p.next.type_name +
                                       ", qualifiedName=" + p.next.qualified_name);
      }
    }
    return std::nullopt;
  }

  // Whether `p` changes its relationships; the assets it newly relates to are added to
  // `newly_related`, in order.
  Result<bool> RelationsChanged(const Pending& p, std::vector<std::string>& newly_related) {
    bool changed = false;
    for (const auto& [attribute, targets] : p.relation_targets) {
      std::vector<std::string> guids;
      if (p.existing) {
        auto current = store_.Related(p.next.guid, attribute);
        if (!current) return std::unexpected(current.error());
        for (const auto& ref : *current) guids.push_back(ref.other_guid);
      }
      changed = changed || guids != targets;
      for (const auto& target : targets) {
        if (std::find(guids.begin(), guids.end(), target) == guids.end()) {
          newly_related.push_back(target);
          relation_ends_.insert(target);
        }
      }
      for (const auto& guid : guids) {
        if (std::find(targets.begin(), targets.end(), guid) == targets.end()) {
          relation_ends_.insert(guid);
        }
      }
      NoteLineage(p, attribute, guids, targets);
    }
    return changed;
  }

  // What a change of `attribute` from `before` to `after` does to __hasLineage: a
  // process's sides gained or lost, or an asset's processes.
  void NoteLineage(const Pending& p, const std::string& attribute,
                   const std::vector<std::string>& before, const std::vector<std::string>& after) {
    auto missing_from = [](const std::vector<std::string>& list, const std::string& guid) {
      return std::find(list.begin(), list.end(), guid) == list.end();
    };
    if (attribute == "inputs" || attribute == "outputs") {
      if (!IsA(p.next.type_name, "Process")) return;
      for (const auto& g : after) {
        if (missing_from(before, g)) lineage_.added.insert(g);
      }
      for (const auto& g : before) {
        if (missing_from(after, g)) lineage_.removed.insert(g);
      }
    } else if (attribute == "inputToProcesses" || attribute == "outputFromProcesses") {
      lineage_.processes.insert(before.begin(), before.end());
      lineage_.processes.insert(after.begin(), after.end());
      lineage_.removed.insert(p.next.guid);
    }
  }

  // Atlas records an update of the asset at the other end of each relationship a write
  // creates (EntityGraphMapper.recordEntityUpdate, called where a new relationship edge
  // is made): the answer lists it under UPDATE, unless the request itself carries it, and
  // its modification time and modifier change. Unless related_updates (a control) is off. So
  // creating a Schema updates its Database, a ColumnProcess its Process (pyatlan
  // test_sql_assets.py, lineage_test.py).
  Status TouchRelated(const std::vector<std::string>& newly_related, std::set<std::string>& listed,
                      std::vector<const Entity*>& updated) {
    std::vector<std::string> fresh;
    for (const auto& guid : newly_related) {
      if (listed.insert(guid).second) fresh.push_back(guid);
    }
    auto touched = store_.Touch(fresh, now_, user_);
    if (!touched) return std::unexpected(touched.error());
    for (Entity& entity : *touched) {
      recorded_.insert(entity.guid);
      updated.push_back(&touched_.emplace_back(std::move(entity)));
    }
    return Ok();
  }

  ApiResponse Write(Transaction& tx) {
    std::vector<const Entity*> created;
    std::vector<const Entity*> updated;
    std::vector<std::string> newly_related;
    std::set<std::string> listed;  // created or updated by the request itself
    for (auto& p : pending_) {
      auto relations_changed = RelationsChanged(p, newly_related);
      if (!relations_changed) return InternalError(relations_changed.error().message);
      auto tags_changed = TagsChanged(p);
      if (!tags_changed) return InternalError(tags_changed.error().message);
      const bool changed = !p.existing || p.restore || *relations_changed || *tags_changed ||
                           p.existing->attributes != p.next.attributes ||
                           p.existing->name != p.next.name;
      if (!changed) continue;  // Atlas reports no mutation for an unchanged entity
      if (p.restore) p.next.state = "ACTIVE";
      p.next.updated_at = now_;
      p.next.updated_by = user_;
      Status s = p.existing ? store_.Update(p.next) : store_.Insert(p.next);
      if (!s) return InternalError(s.error().message);
      if (p.restore) {
        if (auto r = store_.SetRelationshipStatusFor(p.next.guid, "ACTIVE"); !r) {
          return InternalError(r.error().message);
        }
      }
      for (const auto& [attribute, targets] : p.relation_targets) {
        const RelationDef relation = *FindRelation(p.next.type_name, attribute);
        if (auto r = store_.SetRelations(p.next.guid, attribute, relation.inverse,
                                         relation.relationship_type, targets);
            !r) {
          return InternalError(r.error().message);
        }
      }
      if (*tags_changed) {
        if (auto r = WriteTags(p); !r) return InternalError(r.error().message);
      }
      if (*relations_changed || p.restore) relation_ends_.insert(p.next.guid);
      (p.existing ? updated : created).push_back(&p.next);
    }
    // Tags on either end of a relationship made or cut may spread further or less.
    for (const auto& guid : relation_ends_) {
      if (auto r = ScheduleTagsAround(store_.db(), guid, now_ + context_.tag_propagation_ms); !r) {
        return InternalError(r.error().message);
      }
    }
    for (const auto& p : pending_) listed.insert(p.next.guid);
    if (context_.related_updates) {
      if (auto s = TouchRelated(newly_related, listed, updated); !s) {
        return InternalError(s.error().message);
      }
    }
    // A process whose update was only recorded keeps its sides (a relationship made from
    // an input's or output's side put it among the processes already: NoteLineage).
    for (const auto* written : {&created, &updated}) {
      for (const Entity* entity : *written) {
        if (IsA(entity->type_name, "Process") && !recorded_.contains(entity->guid)) {
          lineage_.processes.insert(entity->guid);
        }
      }
    }
    // A restored asset's processes may regain lineage.
    for (const auto& p : pending_) {
      if (!p.restore || IsA(p.next.type_name, "Process")) continue;
      if (auto s = CollectLineageOf(store_, p.next, lineage_); !s) {
        return InternalError(s.error().message);
      }
    }
    auto flagged = RefreshHasLineage(store_, lineage_);
    if (!flagged) return InternalError(flagged.error().message);
    flagged_ = std::move(*flagged);
    // Only a Process has ConnectionProcesses: the others are not read again for them.
    if (context_.connection_processes) {
      for (const auto* written : {&created, &updated}) {
        for (const Entity* entity : *written) {
          if (entity->type_name != "Process") continue;
          if (auto s = LinkConnectionProcesses(store_, entity->guid, now_, user_); !s) {
            return InternalError(s.error().message);
          }
        }
      }
    }
    if (auto s = tx.Commit(); !s) return InternalError(s.error().message);
    for (const auto& p : pending_) {
      if (p.next.type_name == "Connection" && !p.existing) {
        context_.bootstrap.Started(p.next.qualified_name, context_.bootstrap_ms);
      }
    }
    return Respond(created, updated);
  }

  // The headers of the entities as written, and of those whose update it recorded.
  ApiResponse Respond(const std::vector<const Entity*>& created,
                      const std::vector<const Entity*>& updated) {
    std::deque<Entity> current;  // those read again or shown with their new flag (Shown)
    json mutated = json::object();
    for (const auto& [op, written] :
         {std::pair{"CREATE", &created}, std::pair{"UPDATE", &updated}}) {
      if (written->empty()) continue;
      std::vector<const Entity*> shown;
      for (const Entity* entity : *written) {
        auto now = Shown(entity, current);
        if (!now) return InternalError(now.error().message);
        shown.push_back(*now);
      }
      auto headers = WrittenEntitiesJson(store_, shown, recorded_);
      if (!headers) return InternalError(headers.error().message);
      mutated[op] = std::move(*headers);
    }
    json response = {{"guidAssignments", assignments_}};
    if (!mutated.empty()) response["mutatedEntities"] = std::move(mutated);
    return {200, std::move(response), {}};
  }

  // `entity` as the answer shows it, a copy kept in `current` when it differs. A recorded
  // update shows its vertex's header, with nothing to bring up to date. A Process or a
  // ConnectionProcess written is read again: linking a Process to its ConnectionProcesses
  // rewrites it after, and may restore or archive a ConnectionProcess. Another entity
  // whose __hasLineage the write changed shows the flag it has now.
  Result<const Entity*> Shown(const Entity* entity, std::deque<Entity>& current) {
    if (recorded_.contains(entity->guid)) return entity;
    if (entity->type_name == "Process" || entity->type_name == "ConnectionProcess") {
      auto found = store_.FindByGuid(entity->guid);
      if (!found) return std::unexpected(found.error());
      if (!*found) return Fail(ErrorKind::kInternal, "entity vanished after write");
      return &current.emplace_back(std::move(**found));
    }
    if (auto flag = flagged_.find(entity->guid); flag != flagged_.end()) {
      Entity& flagged = current.emplace_back(*entity);
      flagged.attributes[kHasLineage] = flag->second;
      return &flagged;
    }
    return entity;
  }

  EntityStore& store_;
  const Directory& directory_;
  const WriteContext& context_;
  std::string user_;
  int64_t now_;
  std::vector<Pending> pending_;
  std::deque<Entity> touched_;      // assets at the far end of new relationships (TouchRelated)
  std::set<std::string> recorded_;  // their guids
  LineageChanges lineage_;          // what the write does to __hasLineage
  std::set<std::string> relation_ends_;  // entities whose relationships the write changes
  std::map<std::string, bool> flagged_;  // written entities whose __hasLineage changed after
  std::map<std::pair<std::string, std::string>, size_t> index_;
  std::map<std::string, std::string> assignments_;
};

}  // namespace

ApiResponse BulkUpsert(EntityStore& store, const Directory& directory, const json& request,
                       const WriteContext& context) {
  return UpsertRun(store, directory, context).Run(request);
}

// Atlas's EntityREST.partialUpdateEntityByUniqueAttrs: the entity found by its unique
// attribute takes the request's attributes (those left out stay, null clears), through
// the same path as a bulk write with isPartialUpdate, whose answer names the operation
// PARTIAL_UPDATE (EntityGraphMapper: updateType). pyatlan's update_certificate,
// update_announcement and their removers use it.
ApiResponse UpdateByUniqueAttribute(EntityStore& store, const Directory& directory,
                                    const Entity& existing, const json& request,
                                    const WriteContext& context) {
  if (!request.is_object() || !request.contains("entity") || !request["entity"].is_object()) {
    return InvalidParameters("entity is required");
  }
  json entity = request["entity"];
  entity["guid"] = existing.guid;
  entity["typeName"] = existing.type_name;
  json attributes = entity.value("attributes", json::object());
  if (!attributes.is_object()) return InvalidParameters("attributes must be an object");
  attributes["qualifiedName"] = existing.qualified_name;
  entity["attributes"] = std::move(attributes);
  ApiResponse response = BulkUpsert(store, directory, {{"entities", {entity}}}, context);
  if (response.status != 200 || !response.body.contains("mutatedEntities")) return response;
  json& mutated = response.body["mutatedEntities"];
  if (mutated.contains("UPDATE")) {
    mutated["PARTIAL_UPDATE"] = std::move(mutated["UPDATE"]);
    mutated.erase("UPDATE");
  }
  return response;
}

ApiResponse BulkDelete(EntityStore& store, const std::vector<std::string>& guids,
                       const std::string& delete_type, const WriteContext& context) {
  const std::string& user = context.user;
  if (guids.empty()) return InvalidParameters("guid: at least one is required");
  if (delete_type != "SOFT" && delete_type != "HARD" && delete_type != "PURGE") {
    return InvalidParameters("deleteType must be SOFT, HARD or PURGE, got " + delete_type);
  }
  std::vector<Entity> targets;
  for (const auto& guid : guids) {
    auto found = store.FindByGuid(guid);
    if (!found) return InternalError(found.error().message);
    // Atlas ignores a guid that is already gone, whatever the delete type: "the caller
    // wanted to delete the entity and it's already gone" (atlas-metastore
    // AtlasEntityStoreV2.deleteByIds). pyatlan's tests purge assets a cascade removed.
    if (!*found) continue;
    if (context.bootstrap.Pending(OwningConnection(**found))) {
      return Unauthorized(user, "delete entity: guid=" + guid);
    }
    targets.push_back(**found);
  }
  Transaction tx(store.db());
  if (auto s = tx.Begin(); !s) return InternalError(s.error().message);
  // Read before the delete: the relationships it archives or purges, and the tags its
  // entities carry, whose spread it changes.
  LineageChanges lineage;
  for (const auto& entity : targets) {
    if (auto s = CollectLineageOf(store, entity, lineage); !s) {
      return InternalError(s.error().message);
    }
    if (auto s =
            ScheduleTagsAround(store.db(), entity.guid, context.now + context.tag_propagation_ms);
        !s) {
      return InternalError(s.error().message);
    }
  }
  json deleted = json::array();
  const int64_t now = context.now;
  for (auto& entity : targets) {
    if (delete_type == "SOFT") {
      if (entity.state == "DELETED") continue;  // already archived: nothing to report
      entity.state = "DELETED";
      entity.updated_at = now;
      entity.updated_by = user;
      if (auto s = store.Update(entity); !s) return InternalError(s.error().message);
      if (auto s = store.SetRelationshipStatusFor(entity.guid, "DELETED"); !s) {
        return InternalError(s.error().message);
      }
      if (context.connection_processes) {
        if (auto s = UnlinkConnectionProcesses(store, entity, now, user); !s) {
          return InternalError(s.error().message);
        }
      }
      auto header = EntityHeaderJson(store, entity, {}, {});
      if (!header) return InternalError(header.error().message);
      deleted.push_back(std::move(*header));
    } else {
      auto header = EntityHeaderJson(store, entity, {}, {});
      if (!header) return InternalError(header.error().message);
      (*header)["status"] = "DELETED";
      deleted.push_back(std::move(*header));
      if (context.connection_processes) {
        if (auto s = UnlinkConnectionProcesses(store, entity, now, user); !s) {
          return InternalError(s.error().message);
        }
      }
      if (auto s = store.Delete(entity.guid, now); !s) return InternalError(s.error().message);
      if (auto s = ForgetTagsOn(store.db(), entity.guid); !s) {
        return InternalError(s.error().message);
      }
    }
  }
  if (auto flagged = RefreshHasLineage(store, lineage); !flagged) {
    return InternalError(flagged.error().message);
  }
  if (auto s = tx.Commit(); !s) return InternalError(s.error().message);
  // Each deleted entity names the handler that deleted it, with the deleter as its last
  // modifier (AtlasEntityStoreV2.deleteVertices: setDeleteHandler(deleteType),
  // setUpdatedBy(user)); pyatlan's AssetMutationResponse reads it.
  for (auto& header : deleted) {
    header["deleteHandler"] = delete_type;
    header["updatedBy"] = user;
  }
  json response = json::object();
  if (!deleted.empty()) response["mutatedEntities"] = {{"DELETE", deleted}};
  return {200, std::move(response), {}};
}

}  // namespace delta_arc::emulator
