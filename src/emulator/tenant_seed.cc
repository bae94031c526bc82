// Tenant seeding; see tenant_seed.h.
#include "emulator/tenant_seed.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <map>

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

std::string CategoryOf(const std::string& connector) {
  if (connector == "snowflake") return "warehouse";
  if (connector == "s3") return "ObjectStore";
  return "database";
}

json Ref(const std::string& type, const std::string& qn) {
  return {{"typeName", type}, {"uniqueAttributes", {{"qualifiedName", qn}}}};
}

// An entity, with the tags a tenant file gives it ("tags": ["PII", {"name": "PII",
// "propagate": false, …}]) as classifications named by displayName until SeedTenant
// knows the tags' internal names.
json EntityJson(const std::string& type, json attributes, const json& node = json()) {
  json entity = {{"typeName", type}, {"attributes", std::move(attributes)}};
  if (!node.is_object() || !node.contains("tags") || !node["tags"].is_array()) return entity;
  json tags = json::array();
  for (const auto& tag : node["tags"]) {
    if (tag.is_string()) {
      tags.push_back({{"typeName", tag}});
    } else if (tag.is_object() && tag.contains("name")) {
      json attachment = tag;
      attachment["typeName"] = tag["name"];
      attachment.erase("name");
      tags.push_back(std::move(attachment));
    }
  }
  entity["classifications"] = std::move(tags);
  return entity;
}

Result<std::string> RequiredString(const json& node, const char* key, const std::string& where) {
  if (!node.contains(key) || !node[key].is_string() || node[key].get<std::string>().empty()) {
    return Fail(ErrorKind::kInvalidArgument, where + ": '" + key + "' is required");
  }
  return node[key].get<std::string>();
}

}  // namespace

Result<std::vector<json>> TenantEntities(const json& tenant, const std::string& admin_user) {
  if (!tenant.is_object() || !tenant.contains("connections") || !tenant["connections"].is_array()) {
    return Fail(ErrorKind::kInvalidArgument, "tenant file: 'connections' must be a list");
  }
  std::vector<json> out;
  for (const auto& conn : tenant["connections"]) {
    auto name = RequiredString(conn, "name", "connection");
    auto connector = RequiredString(conn, "connectorName", "connection");
    auto cqn = RequiredString(conn, "qualifiedName", "connection");
    if (!name || !connector || !cqn) {
      return std::unexpected(!name ? name.error() : !connector ? connector.error() : cqn.error());
    }
    out.push_back(EntityJson("Connection", {{"name", *name},
                                            {"qualifiedName", *cqn},
                                            {"connectorName", *connector},
                                            {"category", CategoryOf(*connector)},
                                            {"adminUsers", {admin_user}},
                                            {"adminGroups", json::array()},
                                            {"adminRoles", json::array()}}));
    const json base = {{"connectorName", *connector}, {"connectionQualifiedName", *cqn}};
    for (const auto& db : conn.value("databases", json::array())) {
      auto db_name = RequiredString(db, "name", "database in " + *name);
      if (!db_name) return std::unexpected(db_name.error());
      const std::string dqn = *cqn + "/" + *db_name;
      json d = base;
      d.update({{"name", *db_name}, {"qualifiedName", dqn}});
      out.push_back(EntityJson("Database", d, db));
      for (const auto& schema : db.value("schemas", json::array())) {
        auto s_name = RequiredString(schema, "name", "schema in " + dqn);
        if (!s_name) return std::unexpected(s_name.error());
        const std::string sqn = dqn + "/" + *s_name;
        json s = base;
        s.update({{"name", *s_name},
                  {"qualifiedName", sqn},
                  {"databaseName", *db_name},
                  {"databaseQualifiedName", dqn},
                  {"database", Ref("Database", dqn)}});
        out.push_back(EntityJson("Schema", s, schema));
        // A column names its parent by <prefix>Name and <prefix>QualifiedName, and relates
        // to it by `relation`: a materialised view's columns as a view's (pyatlan's
        // Column.creator sets view_qualified_name and materialised_view).
        for (const auto& [kind, type, prefix, relation] :
             {std::tuple{"tables", "Table", "table", "table"},
              std::tuple{"views", "View", "view", "view"},
              std::tuple{"materialisedViews", "MaterialisedView", "view", "materialisedView"}}) {
          for (const auto& table : schema.value(kind, json::array())) {
            auto t_name = RequiredString(table, "name", std::string(type) + " in " + sqn);
            if (!t_name) return std::unexpected(t_name.error());
            const std::string tqn = sqn + "/" + *t_name;
            json t = base;
            t.update({{"name", *t_name},
                      {"qualifiedName", tqn},
                      {"databaseName", *db_name},
                      {"databaseQualifiedName", dqn},
                      {"schemaName", *s_name},
                      {"schemaQualifiedName", sqn},
                      {"atlanSchema", Ref("Schema", sqn)}});
            const auto columns = table.value("columns", json::array());
            t["columnCount"] = columns.size();
            out.push_back(EntityJson(type, t, table));
            for (const auto& column : columns) {
              auto c_name = RequiredString(column, "name", "column in " + tqn);
              if (!c_name) return std::unexpected(c_name.error());
              json c = base;
              c.update({{"name", *c_name},
                        {"qualifiedName", tqn + "/" + *c_name},
                        {"order", column.value("order", 0)},
                        {"databaseName", *db_name},
                        {"databaseQualifiedName", dqn},
                        {"schemaName", *s_name},
                        {"schemaQualifiedName", sqn},
                        {std::string(prefix) + "Name", *t_name},
                        {std::string(prefix) + "QualifiedName", tqn},
                        {relation, Ref(type, tqn)}});
              if (column.contains("dataType")) c["dataType"] = column["dataType"];
              out.push_back(EntityJson("Column", c, column));
            }
          }
        }
      }
    }
  }
  return out;
}

Result<size_t> SeedTenant(const SeedOptions& options) {
  std::ifstream in(options.file);
  if (!in) return Fail(ErrorKind::kNotFound, "cannot read tenant file " + options.file);
  json tenant = json::parse(in, nullptr, false);
  if (tenant.is_discarded()) {
    return Fail(ErrorKind::kInvalidArgument, "tenant file " + options.file + " is not valid JSON");
  }
  auto entities = TenantEntities(tenant, options.admin_user);
  if (!entities) return std::unexpected(entities.error());

  httplib::Client client(options.url);
  client.set_read_timeout(120, 0);
  const httplib::Headers headers = {{"Authorization", "Bearer " + options.token}};
  auto post = [&](const std::string& path, const json& body) -> Status {
    auto res = client.Post(path, headers, body.dump(), "application/json");
    if (!res) {
      return Fail(ErrorKind::kUnavailable,
                  "cannot reach " + options.url + ": " + httplib::to_string(res.error()));
    }
    if (res->status != 200) {
      return Fail(ErrorKind::kRemote,
                  "seeding failed with HTTP " + std::to_string(res->status) + ": " + res->body);
    }
    return Ok();
  };
  // The tenant's tags ("tags": [{"name", "description", "color"}]) are defined unless a
  // tag of that displayName exists; entities then name them by their internal names.
  std::map<std::string, std::string> tag_names;  // displayName → internal name
  {
    auto res = client.Get("/api/meta/types/typedefs?type=classification", headers);
    if (!res || res->status != 200) {
      return Fail(ErrorKind::kRemote, "cannot read the tenant's tag typedefs");
    }
    const json known = json::parse(res->body, nullptr, false);
    for (const auto& def : known.value("classificationDefs", json::array())) {
      tag_names[def.value("displayName", "")] = def.value("name", "");
    }
    json wanted = json::array();
    for (const auto& tag : tenant.value("tags", json::array())) {
      const std::string name = tag.is_string() ? tag.get<std::string>() : tag.value("name", "");
      if (name.empty() || tag_names.contains(name)) continue;
      json def = {{"displayName", name},
                  {"description", tag.is_object() ? tag.value("description", "") : ""},
                  {"options", {{"color", tag.is_object() ? tag.value("color", "Gray") : "Gray"}}}};
      wanted.push_back(std::move(def));
    }
    if (!wanted.empty()) {
      auto created = client.Post("/api/meta/types/typedefs", headers,
                                 json{{"classificationDefs", wanted}}.dump(), "application/json");
      if (!created || created->status != 200) {
        return Fail(ErrorKind::kRemote, "cannot define the tenant's tags: " +
                                            (created ? created->body : std::string("no answer")));
      }
      for (const auto& def :
           json::parse(created->body, nullptr, false).value("classificationDefs", json::array())) {
        tag_names[def.value("displayName", "")] = def.value("name", "");
      }
    }
  }
  for (auto& entity : *entities) {
    if (!entity.contains("classifications")) continue;
    for (auto& tag : entity["classifications"]) {
      auto it = tag_names.find(tag["typeName"].get<std::string>());
      if (it == tag_names.end()) {
        return Fail(ErrorKind::kInvalidArgument, "tenant file: tag '" +
                                                     tag["typeName"].get<std::string>() +
                                                     "' is not among its \"tags\"");
      }
      tag["typeName"] = it->second;
    }
  }
  // A seeded tenant stands for one crawled long ago: its connections are written
  // first and settled (usable at once), and everything is searchable when seeding ends.
  const auto connections_end =
      std::stable_partition(entities->begin(), entities->end(),
                            [](const json& e) { return e.value("typeName", "") == "Connection"; });
  const size_t connections = static_cast<size_t>(connections_end - entities->begin());
  auto send = [&](size_t from, size_t to) -> Status {
    for (size_t start = from; start < to; start += options.batch_size) {
      json batch = json::array();
      for (size_t i = start; i < std::min(to, start + options.batch_size); ++i) {
        batch.push_back((*entities)[i]);
      }
      // The file's tags replace an entity's own, so seeding again changes nothing.
      if (auto s =
              post("/api/meta/entity/bulk?replaceClassifications=true", json{{"entities", batch}});
          !s) {
        return s;
      }
    }
    return Ok();
  };
  if (auto s = send(0, connections); !s) return std::unexpected(s.error());
  if (auto s = post("/_emulator/controls", json{{"settle", true}}); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = send(connections, entities->size()); !s) return std::unexpected(s.error());
  if (auto s = post("/_emulator/controls", json{{"settle", true}}); !s) {
    return std::unexpected(s.error());
  }
  return entities->size();
}

}  // namespace delta_arc::emulator
