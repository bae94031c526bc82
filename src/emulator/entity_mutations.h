// Writes of Atlas's entity API: POST /entity/bulk (upsert by typeName and
// qualifiedName, all-or-nothing) and DELETE /entity/bulk (SOFT, HARD, PURGE).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/api_response.h"
#include "emulator/connection_bootstrap.h"
#include "emulator/directory.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

// Atlas refuses more entities than this in one bulk request
// (atlas.bulk.api.max.entities.allowed, AtlasConfiguration: 10000).
inline constexpr size_t kMaxBulkEntities = 10000;

// What a bulk write does with the tags (classifications) its entities carry, after its
// query parameters (EntityREST.createOrUpdate, BulkRequestContext): a new entity always
// takes them; an existing one keeps its own (kKeep), takes the request's
// (replaceClassifications / replaceTags), or adds addOrUpdateClassifications and
// classifications and drops removeClassifications (appendTags).
enum class TagMode { kKeep, kReplace, kAppend };

// Who writes, when, and the Atlan behaviours a write meets.
struct WriteContext {
  std::string user;  // recorded as createdBy / updatedBy
  int64_t now = 0;   // epoch ms
  // Refuses writes under connections still being set up; starts a window for each
  // connection the write creates, of bootstrap_ms.
  ConnectionBootstrap& bootstrap;
  int64_t bootstrap_ms = 0;
  bool connection_processes = false;  // keep ConnectionProcesses for cross-connection Processes
  bool related_updates = true;        // see ControlSettings::related_updates
  int64_t tag_propagation_ms = 0;     // see ControlSettings::tag_propagation_ms
  TagMode tag_mode = TagMode::kKeep;
};

ApiResponse BulkUpsert(EntityStore& store, const Directory& directory,
                       const nlohmann::json& request, const WriteContext& context);

// PUT /entity/uniqueAttribute/type/{type}?attr:qualifiedName=…: a partial update of the
// existing entity with that qualifiedName (request {"entity": {…}}); its answer lists the
// entities under PARTIAL_UPDATE.
ApiResponse UpdateByUniqueAttribute(EntityStore& store, const Directory& directory,
                                    const Entity& existing, const nlohmann::json& request,
                                    const WriteContext& context);

// delete_type: SOFT (archive), HARD or PURGE (remove).
ApiResponse BulkDelete(EntityStore& store, const std::vector<std::string>& guids,
                       const std::string& delete_type, const WriteContext& context);

}  // namespace delta_arc::emulator
