// POST /api/meta/lineage/getlineage: Atlas's older lineage graph (deprecated by Atlan
// for lineage/list, still served): every asset upstream, downstream or both of an
// asset, as a map of entities and a set of relations between them.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/api_response.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

ApiResponse LineageGraph(EntityStore& store, const nlohmann::json& request);

}  // namespace delta_arc::emulator
