// Writes of Atlas's entity API: POST /entity/bulk (upsert by typeName and
// qualifiedName, all-or-nothing) and DELETE /entity/bulk (SOFT, HARD, PURGE).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/api_response.h"
#include "emulator/directory.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

ApiResponse BulkUpsert(EntityStore& store, const Directory& directory,
                       const nlohmann::json& request, const std::string& user);

// delete_type: SOFT (archive), HARD or PURGE (remove).
ApiResponse BulkDelete(EntityStore& store, const std::vector<std::string>& guids,
                       const std::string& delete_type, const std::string& user);

}  // namespace delta_arc::emulator
