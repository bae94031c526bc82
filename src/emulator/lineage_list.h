// POST /api/meta/lineage/list: the assets and processes upstream (INPUT) or
// downstream (OUTPUT) of an asset, breadth first, with depth and paging.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/api_response.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

ApiResponse LineageList(EntityStore& store, const nlohmann::json& request);

}  // namespace delta_arc::emulator
