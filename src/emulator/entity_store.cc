// SQLite-backed entity store; see entity_store.h.
#include "emulator/entity_store.h"

#include <openssl/rand.h>

#include <cstdio>
#include <regex>

#include "common/clock.h"
#include "common/keyword_case.h"

namespace delta_arc::emulator {
namespace {

// The columns of an entity row: the graph's table and the search index's copy of it.
constexpr const char* kEntityRow = R"sql(
  guid TEXT PRIMARY KEY,
  type_name TEXT NOT NULL,
  qualified_name TEXT NOT NULL,
  name TEXT,
  state TEXT NOT NULL,
  connection_qn TEXT,
  connector_name TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  created_by TEXT,
  updated_by TEXT,
  attributes TEXT NOT NULL)sql";

std::string Schema() {
  return std::string(R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = OFF;
CREATE TABLE IF NOT EXISTS entities ()sql") +
         kEntityRow + R"sql(,
  UNIQUE (type_name, qualified_name)
);
CREATE INDEX IF NOT EXISTS entities_updated ON entities (updated_at, guid);
CREATE TABLE IF NOT EXISTS search_index ()sql" +
         kEntityRow + R"sql();
CREATE INDEX IF NOT EXISTS search_type ON search_index (type_name, qualified_name);
CREATE INDEX IF NOT EXISTS search_qn ON search_index (qualified_name);
CREATE INDEX IF NOT EXISTS search_name ON search_index (name);
CREATE INDEX IF NOT EXISTS search_connection ON search_index (connection_qn);
CREATE INDEX IF NOT EXISTS search_created ON search_index (created_at, guid);
CREATE INDEX IF NOT EXISTS search_updated ON search_index (updated_at, guid);
CREATE TABLE IF NOT EXISTS relationships (
  guid TEXT PRIMARY KEY,
  type_name TEXT NOT NULL,
  end1_guid TEXT NOT NULL,
  end1_attribute TEXT NOT NULL,
  end2_guid TEXT NOT NULL,
  end2_attribute TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relationships_end1 ON relationships (end1_guid, end1_attribute);
CREATE INDEX IF NOT EXISTS relationships_end2 ON relationships (end2_guid, end2_attribute);
-- A restart forgets which purges the index has yet to see: it sees them now.
DELETE FROM search_index WHERE guid NOT IN (SELECT guid FROM entities);
)sql";
}

constexpr const char* kEntityColumns =
    "e.guid, e.type_name, e.qualified_name, e.name, e.state, e.created_at, e.updated_at, "
    "e.created_by, e.updated_by, e.attributes";

Entity ReadEntity(const Statement& row) {
  Entity e;
  e.guid = row.Text(0);
  e.type_name = row.Text(1);
  e.qualified_name = row.Text(2);
  e.name = row.Text(3);
  e.state = row.Text(4);
  e.created_at = row.Int(5);
  e.updated_at = row.Int(6);
  e.created_by = row.Text(7);
  e.updated_by = row.Text(8);
  e.attributes = nlohmann::json::parse(row.Text(9), nullptr, false);
  if (e.attributes.is_discarded()) e.attributes = nlohmann::json::object();
  return e;
}

SqlValue OptionalText(const nlohmann::json& attributes, const char* key) {
  auto it = attributes.find(key);
  if (it == attributes.end() || !it->is_string()) return std::monostate{};
  return it->get<std::string>();
}

std::vector<SqlValue> EntityValues(const Entity& e) {
  return {e.guid,
          e.type_name,
          e.qualified_name,
          e.name,
          e.state,
          OptionalText(e.attributes, "connectionQualifiedName"),
          OptionalText(e.attributes, "connectorName"),
          e.created_at,
          e.updated_at,
          e.created_by,
          e.updated_by,
          e.attributes.dump()};
}

// Prepares `sql`, binds `params` and steps once: the statement on its first row, or
// nullopt when there is none.
Result<std::optional<Statement>> FirstRow(SqliteDb& db, const std::string& sql,
                                          const std::vector<SqlValue>& params) {
  auto stmt = db.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->BindAll(params);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Statement>();
  return std::optional<Statement>(std::move(*stmt));
}

Result<std::optional<Entity>> QueryOne(SqliteDb& db, const std::string& sql,
                                       const std::vector<SqlValue>& params) {
  auto row = FirstRow(db, sql, params);
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Entity>();
  return std::optional<Entity>(ReadEntity(**row));
}

// The first column of a query's first row (a count, a maximum); 0 without a row.
Result<int64_t> CountRows(SqliteDb& db, const std::string& sql,
                          const std::vector<SqlValue>& params) {
  auto row = FirstRow(db, sql, params);
  if (!row) return std::unexpected(row.error());
  return *row ? (*row)->Int(0) : 0;
}

}  // namespace

std::string NewGuid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

Result<EntityStore> EntityStore::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return std::unexpected(db.error());
  if (auto s = db->Exec(Schema()); !s) return std::unexpected(s.error());
  if (auto s = db->DefineFunction("keyword_lower", LowercaseKeyword); !s) {
    return std::unexpected(s.error());
  }
  EntityStore store(std::move(*db));
  // Rows at the newest visible time may have been joined by others in the same
  // millisecond: the next refresh takes that millisecond again.
  auto visible = CountRows(store.db_, "SELECT coalesce(max(updated_at), 0) FROM search_index", {});
  if (!visible) return std::unexpected(visible.error());
  store.visible_upto_ = *visible;
  return store;
}

Result<std::optional<Entity>> EntityStore::FindByGuid(const std::string& guid) {
  return QueryOne(
      db_, std::string("SELECT ") + kEntityColumns + " FROM entities e WHERE e.guid = ?", {guid});
}

Result<std::optional<Entity>> EntityStore::FindByQualifiedName(const std::string& type_name,
                                                               const std::string& qualified_name) {
  return QueryOne(db_,
                  std::string("SELECT ") + kEntityColumns +
                      " FROM entities e WHERE e.type_name = ? AND e.qualified_name = ?",
                  {type_name, qualified_name});
}

Status EntityStore::Insert(const Entity& entity) {
  return db_.Execute(
      "INSERT INTO entities (guid, type_name, qualified_name, name, state, connection_qn, "
      "connector_name, created_at, updated_at, created_by, updated_by, attributes) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      EntityValues(entity));
}

Status EntityStore::Update(const Entity& entity) {
  return db_.Execute(
      "UPDATE entities SET guid = ?1, type_name = ?2, qualified_name = ?3, name = ?4, state = ?5, "
      "connection_qn = ?6, connector_name = ?7, created_at = ?8, updated_at = ?9, "
      "created_by = ?10, updated_by = ?11, attributes = ?12 WHERE guid = ?1",
      EntityValues(entity));
}

Status EntityStore::Delete(const std::string& guid, int64_t at) {
  for (const char* sql : {"DELETE FROM relationships WHERE end1_guid = ? OR end2_guid = ?1",
                          "DELETE FROM entities WHERE guid = ?"}) {
    if (auto s = db_.Execute(sql, {guid}); !s) return s;
  }
  purged_.push_back({at, guid});
  return Ok();
}

Status EntityStore::RefreshSearchIndex(int64_t upto) {
  if (upto < visible_upto_) return Ok();
  // A row written in the millisecond last made visible is taken again (>=), so a
  // write in that same millisecond, after the refresh, is not missed.
  if (auto s = db_.Execute(
          // An upsert, not a replace: rows keep their rowid, which Search reads as a size.
          "INSERT INTO search_index SELECT guid, type_name, qualified_name, name, state, "
          "connection_qn, connector_name, created_at, updated_at, created_by, updated_by, "
          "attributes FROM entities WHERE updated_at >= ? AND updated_at <= ? "
          "ON CONFLICT (guid) DO UPDATE SET type_name = excluded.type_name, "
          "qualified_name = excluded.qualified_name, name = excluded.name, "
          "state = excluded.state, connection_qn = excluded.connection_qn, "
          "connector_name = excluded.connector_name, created_at = excluded.created_at, "
          "updated_at = excluded.updated_at, created_by = excluded.created_by, "
          "updated_by = excluded.updated_by, attributes = excluded.attributes",
          {visible_upto_, upto});
      !s) {
    return s;
  }
  while (!purged_.empty() && purged_.front().first <= upto) {
    const std::string guid = purged_.front().second;
    if (auto s = db_.Execute("DELETE FROM search_index WHERE guid = ?1 AND NOT EXISTS "
                             "(SELECT 1 FROM entities WHERE guid = ?1)",
                             {guid});
        !s) {
      return s;
    }
    purged_.pop_front();
  }
  visible_upto_ = upto;
  return Ok();
}

Result<std::vector<RelatedRef>> EntityStore::Related(const std::string& guid,
                                                     const std::string& attribute) {
  // Ordered by insertion, so a list attribute reads back in the order it was written.
  auto stmt = db_.Prepare(
      "SELECT guid, type_name, status, other FROM ("
      "SELECT rowid AS r, guid, type_name, status, end2_guid AS other FROM relationships "
      "WHERE end1_guid = ?1 AND end1_attribute = ?2 AND status = 'ACTIVE' "
      "UNION ALL SELECT rowid AS r, guid, type_name, status, end1_guid AS other FROM relationships "
      "WHERE end2_guid = ?1 AND end2_attribute = ?2 AND status = 'ACTIVE') ORDER BY r");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, guid);
  stmt->Bind(2, attribute);
  std::vector<RelatedRef> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back({stmt->Text(0), stmt->Text(1), stmt->Text(2), stmt->Text(3)});
  }
  return out;
}

Status EntityStore::SetRelations(const std::string& guid, const std::string& attribute,
                                 const std::string& inverse, const std::string& relationship_type,
                                 const std::vector<std::string>& targets) {
  if (auto s =
          db_.Execute("DELETE FROM relationships WHERE (end1_guid = ?1 AND end1_attribute = ?2) "
                      "OR (end2_guid = ?1 AND end2_attribute = ?2)",
                      {guid, attribute});
      !s) {
    return s;
  }
  auto insert = db_.Prepare(
      "INSERT INTO relationships (guid, type_name, end1_guid, end1_attribute, end2_guid, "
      "end2_attribute, status) VALUES (?,?,?,?,?,?,'ACTIVE')");
  if (!insert) return std::unexpected(insert.error());
  for (const auto& target : targets) {
    insert->Reset();
    insert->BindAll({NewGuid(), relationship_type, guid, attribute, target, inverse});
    if (auto s = insert->Run(); !s) return s;
  }
  return Ok();
}

Status EntityStore::SetRelationshipStatusFor(const std::string& guid, const std::string& status) {
  return db_.Execute("UPDATE relationships SET status = ?2 WHERE end1_guid = ?1 OR end2_guid = ?1",
                     {guid, status});
}

namespace {

// The filter with its indexed columns hidden from the planner ("+e.col"), except
// the one that delivers the requested order: SQLite then walks that index and
// stops after one page, instead of collecting every match to sort it.
std::string OrderDrivenWhere(const std::string& where, const std::string& leading_column) {
  static const std::regex kColumn(
      R"(\be\.(type_name|qualified_name|name|state|connection_qn|connector_name|created_at|updated_at|created_by|updated_by)\b)");
  std::string out;
  auto begin = std::sregex_iterator(where.begin(), where.end(), kColumn);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += where.substr(last, static_cast<size_t>(it->position()) - last);
    const std::string column = it->str();
    out += column == leading_column ? column : "+" + column;
    last = static_cast<size_t>(it->position() + it->length());
  }
  return out + where.substr(last);
}

}  // namespace

Result<SearchPage> EntityStore::Search(const SqlFilter& filter, const SqlOrder& order, int64_t from,
                                       int64_t size, bool count_total) {
  SearchPage page;
  // How many match decides the plan: few → the filter's indexes, then sort; many → walk
  // the order's index and filter. Without a requested total, a capped probe decides.
  constexpr int64_t kProbeCap = 20000;
  auto matches =
      CountRows(db_,
                count_total ? "SELECT count(*) FROM search_index e WHERE " + filter.where
                            : "SELECT count(*) FROM (SELECT 1 FROM search_index e WHERE " +
                                  filter.where + " LIMIT " + std::to_string(kProbeCap) + ")",
                filter.params);
  if (!matches) return std::unexpected(matches.error());
  auto rows = CountRows(db_, "SELECT coalesce(max(rowid), 0) FROM search_index", {});
  if (!rows) return std::unexpected(rows.error());
  const bool dense = *matches * 100 > *rows && *matches > 2 * (from + size);
  const std::string where =
      dense ? OrderDrivenWhere(filter.where, order.leading_column) : filter.where;

  auto stmt = db_.Prepare(std::string("SELECT ") + kEntityColumns + " FROM search_index e WHERE " +
                          where + " ORDER BY " + order.order_by + " LIMIT ? OFFSET ?");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->BindAll(filter.params);
  const int n = static_cast<int>(filter.params.size());
  stmt->Bind(n + 1, size);
  stmt->Bind(n + 2, from);
  while (true) {
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    page.entities.push_back(ReadEntity(*stmt));
  }
  page.total = count_total ? *matches : from + static_cast<int64_t>(page.entities.size());
  return page;
}

}  // namespace delta_arc::emulator
