// Reading an attribute of an entity as Atlan returns it ({"attributes": {...}}).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace delta_arc::atlan {

// The string attribute `key`, or "" when absent or not a string.
inline std::string StringAttribute(const nlohmann::json& entity, const char* key) {
  if (!entity.contains("attributes")) return "";
  const auto& attributes = entity["attributes"];
  if (!attributes.is_object() || !attributes.contains(key) || !attributes[key].is_string()) {
    return "";
  }
  return attributes[key].get<std::string>();
}

}  // namespace delta_arc::atlan
