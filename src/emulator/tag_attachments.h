// Atlan tags attached to entities (Atlas classifications): each attachment's flags
// with the server's defaults, stored per entity, directly or propagated from a source
// entity, and the search fields and answer lists they make.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "emulator/sqlite_db.h"

namespace delta_arc::emulator {

struct TagAttachment {
  std::string type_name;    // the tag typedef's internal name
  std::string entity_guid;  // the entity that carries it
  std::string source_guid;  // where it was attached: entity_guid unless propagated
  // Defaults are the server's for a flag the request leaves out (EntityGraphMapper
  // addClassifications: CLASSIFICATION_PROPAGATION_DEFAULT true, the default
  // removePropagations true, RESTRICT_PROPAGATION_THROUGH_LINEAGE_DEFAULT false).
  bool propagate = true;
  bool remove_propagations_on_entity_delete = true;
  bool restrict_propagation_through_lineage = false;
  bool restrict_propagation_through_hierarchy = false;

  bool direct() const { return entity_guid == source_guid; }

  // An attachment as a request carries it ({"typeName", "propagate", …}) for `entity_guid`.
  static Result<TagAttachment> FromJson(const nlohmann::json& json, const std::string& entity_guid);
  // As answers list it (AtlasClassification); `entity_status` is the source's.
  nlohmann::json ToJson(const std::string& entity_status) const;
};

Status OpenTagAttachments(SqliteDb& db);

// Every tag on `guid`, direct ones first.
Result<std::vector<TagAttachment>> TagsOn(SqliteDb& db, const std::string& guid);
// TagsOn of each of `guids` in one read, by guid (one without tags is left out).
Result<std::map<std::string, std::vector<TagAttachment>>> TagsOnEach(
    SqliteDb& db, const std::vector<std::string>& guids);
// Replaces the tags attached to `guid` itself (propagated ones stay).
Status SetDirectTags(SqliteDb& db, const std::string& guid, const std::vector<TagAttachment>& tags);
// Removes every tag row on `guid` (a purge).
Status ForgetTagsOn(SqliteDb& db, const std::string& guid);
// Whether any entity carries the tag (its typedef cannot be purged then).
Result<bool> TagInUse(SqliteDb& db, const std::string& type_name);

// The index fields of `tags` (atlas-metastore Constants: __traitNames and
// __propagatedTraitNames lists, __classificationNames and __propagatedClassificationNames
// as "|a|b|"), as attributes.
nlohmann::json TagFields(const std::vector<TagAttachment>& tags);
// Whether `attribute` is one of those fields: kept for search, never answered.
bool IsTagField(const std::string& attribute);

}  // namespace delta_arc::emulator
