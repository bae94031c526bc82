// Tag definitions; see tag_definitions.h.
#include "atlan/tag_definitions.h"

namespace delta_arc::atlan {

Result<std::map<std::string, std::string>> ReadTagDisplayNames(AtlanClient& client) {
  auto typedefs = client.Call("GET", "/api/meta/types/typedefs?type=classification");
  if (!typedefs) return std::unexpected(typedefs.error());
  std::map<std::string, std::string> names;
  const auto defs = typedefs->find("classificationDefs");
  if (defs == typedefs->end() || !defs->is_array()) return names;
  for (const auto& def : *defs) {
    if (!def.is_object()) continue;
    const auto name = def.find("name");
    const auto display = def.find("displayName");
    if (name == def.end() || display == def.end() || !name->is_string() || !display->is_string())
      continue;
    names[name->get<std::string>()] = display->get<std::string>();
  }
  return names;
}

}  // namespace delta_arc::atlan
