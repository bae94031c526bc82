// Tag typedefs; see tag_typedefs.h. Shapes from atlas-metastore's AtlasClassificationDef
// and TypesREST (createAtlasTypeDefs gives every new classification a random name,
// AtlasStructDef.generateRandomName: one letter and 21 letters or digits; a displayName
// already taken is 409 ATLAS-409-00-012); pyatlan 1.9.5 model/typedef.py AtlanTagDef and
// cache/atlan_tag_cache.py (name ↔ displayName) read them.
#include "emulator/tag_typedefs.h"

#include <openssl/rand.h>

#include <algorithm>
#include <set>

#include "common/keyword_case.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

constexpr const char* kTagTypedefsSchema = R"sql(
CREATE TABLE IF NOT EXISTS tag_typedefs (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL UNIQUE,
  def TEXT NOT NULL
);
)sql";

std::string RandomName() {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static constexpr char kAlphanumerics[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char bytes[22];
  RAND_bytes(bytes, sizeof bytes);
  std::string out(1, kLetters[bytes[0] % 52]);
  for (size_t i = 1; i < sizeof bytes; ++i) out += kAlphanumerics[bytes[i] % 62];
  return out;
}

json EmptyTypesDef() {
  return {{"enumDefs", json::array()},           {"structDefs", json::array()},
          {"classificationDefs", json::array()}, {"entityDefs", json::array()},
          {"relationshipDefs", json::array()},   {"businessMetadataDefs", json::array()}};
}

// The struct typedefs a tag's source attachments are made of, as Atlan names them
// (007_all_custom_models.json: SourceTagAttachment, SourceTagAttachmentValue). pyatlan's
// tag cache reads typedefs of the struct category with the tags', and takes a tenant
// without any for a token that has lost its access (cache/atlan_tag_cache.py).
json StructDefs() {
  struct Struct {
    const char* name;
    std::vector<std::pair<const char*, const char*>> attributes;  // name, type
  };
  static const std::vector<Struct> kStructs = {
      {"SourceTagAttachmentValue",
       {{"tagAttachmentKey", "string"}, {"tagAttachmentValue", "string"}}},
      {"SourceTagAttachment",
       {{"sourceTagName", "string"},
        {"sourceTagQualifiedName", "string"},
        {"sourceTagGuid", "string"},
        {"sourceTagConnectorName", "string"},
        {"sourceTagValue", "array<SourceTagAttachmentValue>"},
        {"isSourceTagSynced", "boolean"},
        {"sourceTagSyncTimestamp", "date"},
        {"sourceTagSyncError", "string"}}}};
  json out = json::array();
  for (const auto& s : kStructs) {
    json attributes = json::array();
    for (const auto& [name, type] : s.attributes) {
      attributes.push_back(
          {{"name", name},
           {"typeName", type},
           {"isOptional", true},
           {"cardinality", std::string(type).starts_with("array<") ? "SET" : "SINGLE"},
           {"valuesMinCount", 0},
           {"valuesMaxCount", 1},
           {"isUnique", false},
           {"isIndexable", true},
           {"includeInNotification", false}});
    }
    out.push_back({{"category", "STRUCT"},
                   {"name", s.name},
                   {"description", s.name},
                   {"typeVersion", "1.0"},
                   {"version", 1},
                   {"attributeDefs", std::move(attributes)}});
  }
  return out;
}

Result<std::vector<json>> AllDefs(SqliteDb& db) {
  auto stmt = db.Prepare("SELECT def FROM tag_typedefs ORDER BY rowid");
  if (!stmt) return std::unexpected(stmt.error());
  return AllRows(*stmt,
                 [](const Statement& row) { return json::parse(row.Text(0), nullptr, false); });
}

ApiResponse TypeNotFound(const std::string& name) {
  return AtlasError(404, "ATLAS-404-00-001", "Given typename " + name + " was invalid");
}

// Only classificationDefs: the emulator's entity, relationship, enum, struct and custom
// metadata types are fixed.
std::optional<ApiResponse> OnlyClassifications(const json& request) {
  if (!request.is_object()) return BadRequest("a typedefs object is required");
  for (const auto& [key, value] : request.items()) {
    if (key == "classificationDefs") continue;
    if (value.is_array() && !value.empty()) {
      return BadRequest("the emulator creates and updates classificationDefs only, not " + key);
    }
  }
  return std::nullopt;
}

}  // namespace

Status OpenTagTypedefs(SqliteDb& db) {
  return db.Exec(kTagTypedefsSchema);
}

Result<std::optional<json>> FindTagTypedef(SqliteDb& db, const std::string& name) {
  auto stmt = db.Prepare("SELECT def FROM tag_typedefs WHERE name = ?");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, name);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<json>();
  return std::optional<json>(json::parse(stmt->Text(0), nullptr, false));
}

ApiResponse ListTypedefs(SqliteDb& db, const std::vector<std::string>& categories) {
  json out = EmptyTypesDef();
  auto asked = [&](const char* category) {
    return categories.empty() ||
           std::any_of(categories.begin(), categories.end(),
                       [&](const std::string& c) { return EqualsIgnoringCase(c, category); });
  };
  if (asked("struct")) out["structDefs"] = StructDefs();
  if (!asked("classification")) return {200, out, {}};
  auto defs = AllDefs(db);
  if (!defs) return InternalError(defs.error().message);
  out["classificationDefs"] = *defs;
  return {200, out, {}};
}

ApiResponse CreateTypedefs(SqliteDb& db, const json& request, const std::string& user,
                           int64_t now) {
  if (auto refused = OnlyClassifications(request)) return *refused;
  const json defs = request.value("classificationDefs", json::array());
  if (!defs.is_array()) return BadRequest("classificationDefs must be a list");
  Transaction tx(db);
  if (auto s = tx.Begin(); !s) return InternalError(s.error().message);
  json created = json::array();
  std::set<std::string> names_in_request;
  for (json def : defs) {
    const std::string display = def.value("displayName", "");
    if (display.empty()) return BadRequest("a classificationDef needs a displayName");
    auto taken = db.Prepare("SELECT 1 FROM tag_typedefs WHERE display_name = ?");
    if (!taken) return InternalError(taken.error().message);
    taken->Bind(1, display);
    auto row = taken->Step();
    if (!row) return InternalError(row.error().message);
    if (*row || !names_in_request.insert(display).second) {
      return AtlasError(409, "ATLAS-409-00-012", "Given type " + display + " already exists");
    }
    // Atlan names it, whatever the request said (TypesREST.createAtlasTypeDefs).
    def["name"] = RandomName();
    def["category"] = "CLASSIFICATION";
    def["guid"] = NewGuid();
    def["createdBy"] = def["updatedBy"] = user;
    def["createTime"] = def["updateTime"] = now;
    def["version"] = 1;
    def["typeVersion"] = "1.0";
    for (const char* list : {"attributeDefs", "superTypes", "subTypes", "entityTypes"}) {
      if (!def.contains(list) || !def[list].is_array()) def[list] = json::array();
    }
    if (!def.contains("options") || !def["options"].is_object()) def["options"] = json::object();
    if (!def.contains("description")) def["description"] = "";
    if (auto s = db.Execute("INSERT INTO tag_typedefs (name, display_name, def) VALUES (?,?,?)",
                            {def["name"].get<std::string>(), display, def.dump()});
        !s) {
      return InternalError(s.error().message);
    }
    created.push_back(std::move(def));
  }
  if (auto s = tx.Commit(); !s) return InternalError(s.error().message);
  json out = EmptyTypesDef();
  out["classificationDefs"] = std::move(created);
  return {200, std::move(out), {}};
}

ApiResponse UpdateTypedefs(SqliteDb& db, const json& request, const std::string& user,
                           int64_t now) {
  if (auto refused = OnlyClassifications(request)) return *refused;
  json updated = json::array();
  for (const auto& change : request.value("classificationDefs", json::array())) {
    const std::string name = change.value("name", "");
    auto found = FindTagTypedef(db, name);
    if (!found) return InternalError(found.error().message);
    if (!*found) return TypeNotFound(name);
    json def = **found;
    for (const char* key : {"displayName", "description", "options", "attributeDefs"}) {
      if (change.contains(key)) def[key] = change[key];
    }
    def["updatedBy"] = user;
    def["updateTime"] = now;
    def["version"] = def.value("version", 1) + 1;
    if (auto s = db.Execute("UPDATE tag_typedefs SET display_name = ?, def = ? WHERE name = ?",
                            {def.value("displayName", ""), def.dump(), name});
        !s) {
      return AtlasError(409, "ATLAS-409-00-012",
                        "Given type " + def.value("displayName", "") + " already exists");
    }
    updated.push_back(std::move(def));
  }
  json out = EmptyTypesDef();
  out["classificationDefs"] = std::move(updated);
  return {200, std::move(out), {}};
}

ApiResponse GetTypedef(SqliteDb& db, const std::string& name) {
  auto found = FindTagTypedef(db, name);
  if (!found) return InternalError(found.error().message);
  if (!*found) return TypeNotFound(name);
  return {200, **found, {}};
}

ApiResponse PurgeTypedef(SqliteDb& db, const std::string& name, bool attached) {
  auto found = FindTagTypedef(db, name);
  if (!found) return InternalError(found.error().message);
  if (!*found) return TypeNotFound(name);
  if (attached) {
    return AtlasError(409, "ATLAS-400-00-0016",
                      "Given classification " + (*found)->value("displayName", "") + " [" + name +
                          "] has references");
  }
  if (auto s = db.Execute("DELETE FROM tag_typedefs WHERE name = ?", {name}); !s) {
    return InternalError(s.error().message);
  }
  return {204, json(), {}};
}

}  // namespace delta_arc::emulator
