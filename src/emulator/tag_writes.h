// The entity API's own tag routes: /entity/guid/{guid}/classifications and
// /entity/uniqueAttribute/type/{type}/classifications (add with POST, change flags with
// PUT) and …/classification/{name} (DELETE). Each answers 204 with no body.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "emulator/api_response.h"
#include "emulator/entity_mutations.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

enum class TagEdit { kAdd, kUpdate };

// Adds (kAdd: refused when already attached) or changes (kUpdate: refused when not
// attached) the tags in `request` (a list of classifications) on `entity`.
ApiResponse EditTags(EntityStore& store, const Entity& entity, const nlohmann::json& request,
                     TagEdit edit, const WriteContext& context);

// Removes the tag `type_name` attached to `entity` itself.
ApiResponse RemoveTag(EntityStore& store, const Entity& entity, const std::string& type_name,
                      const WriteContext& context);

}  // namespace delta_arc::emulator
