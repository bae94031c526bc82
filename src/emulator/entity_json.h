// The JSON shapes in which Atlas returns entities: the header of search results
// and mutation responses, the full entity of GET, and the related-object id
// that stands for an asset inside another asset's relationship attributes.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

// Plain attributes as stored plus the columns kept outside the JSON (qualifiedName, name).
nlohmann::json AllPlainAttributes(const Entity& entity);

// Which of an entity's tags a header carries. Index search takes them from the request as
// Atlas does (EntityGraphRetriever.toAtlasEntityHeader): every attachment and the names
// unless `excludeClassifications`; then only the names (direct and propagated) when
// `includeClassificationNames`, else neither.
enum class HeaderTags { kAttachments, kNames, kNone };

// The header form: requested attributes only (qualifiedName and name always), and
// requested relationship attributes as related-object ids.
Result<nlohmann::json> EntityHeaderJson(EntityStore& store, const Entity& entity,
                                        const std::vector<std::string>& attributes,
                                        const std::vector<std::string>& relation_attributes,
                                        HeaderTags tags = HeaderTags::kAttachments);

// Entities as a write answer (mutatedEntities) lists each it wrote: every attribute of
// its type that has a value, relationships declared as the type's own attributes among
// them (atlas-metastore EntityGraphMapper.constructHeader, which builds the header from
// entityType.getAllAttributes(); pyatlan lineage_test.py reads a created Process's
// inputs and outputs from it). An entity of `recorded`, whose update the write only
// recorded (the far end of a relationship it made), is listed as its vertex's header
// with qualifiedName and name (EntityGraphMapper.recordEntityUpdate:
// entityRetriever.toAtlasEntityHeader(vertex)).
Result<nlohmann::json> WrittenEntitiesJson(EntityStore& store,
                                           const std::vector<const Entity*>& entities,
                                           const std::set<std::string>& recorded);

// The full entity of GET /entity/guid: every attribute and every relationship.
Result<nlohmann::json> FullEntityJson(EntityStore& store, const Entity& entity,
                                      bool ignore_relationships);

// The compact reference used in relationship attributes.
nlohmann::json RelatedObjectJson(const EntityStub& other, const RelatedRef& ref);

}  // namespace delta_arc::emulator
