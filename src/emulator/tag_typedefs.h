// Atlan tags' type definitions (Atlas classification typedefs) under
// /api/meta/types/typedefs: created with an internal name Atlan makes up beside the
// human displayName, read, updated and purged; kept in the store's database.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "emulator/api_response.h"
#include "emulator/sqlite_db.h"

namespace delta_arc::emulator {

// Creates the typedef table if needed.
Status OpenTagTypedefs(SqliteDb& db);

// GET /types/typedefs?type=…: the classification typedefs and the structs tags use, of
// the categories asked (all when `categories` is empty); the other categories' lists are
// empty (the emulator's entity types are built in, not published as typedefs).
ApiResponse ListTypedefs(SqliteDb& db, const std::vector<std::string>& categories);

// POST /types/typedefs: creates each of request.classificationDefs (other categories
// are refused); `user` and `now` are recorded.
ApiResponse CreateTypedefs(SqliteDb& db, const nlohmann::json& request, const std::string& user,
                           int64_t now);

// PUT /types/typedefs: updates the classificationDefs named (description, options,
// displayName), keeping their internal names.
ApiResponse UpdateTypedefs(SqliteDb& db, const nlohmann::json& request, const std::string& user,
                           int64_t now);

// GET /types/typedef/name/{name}.
ApiResponse GetTypedef(SqliteDb& db, const std::string& name);

// DELETE /types/typedef/name/{name}: refused while `attached` (entities carry the tag).
ApiResponse PurgeTypedef(SqliteDb& db, const std::string& name, bool attached);

// The tag typedef with this internal name, if any.
Result<std::optional<nlohmann::json>> FindTagTypedef(SqliteDb& db, const std::string& name);

}  // namespace delta_arc::emulator
