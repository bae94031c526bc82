// Atlan's tags (Atlas classifications) are named by a hashed internal name, which is
// what entities, searches and writes carry, and shown by a display name people chose:
// the typedefs map one to the other (pyatlan's AtlanTagCache reads the same list).
#pragma once

#include <map>
#include <string>

#include "atlan/atlan_client.h"

namespace delta_arc::atlan {

// Every tag's display name by internal name, from one `GET /api/meta/types/typedefs
// ?type=classification`. A definition without both names is left out.
Result<std::map<std::string, std::string>> ReadTagDisplayNames(AtlanClient& client);

}  // namespace delta_arc::atlan
