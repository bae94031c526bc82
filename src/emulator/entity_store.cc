// SQLite-backed entity store; see entity_store.h.
#include "emulator/entity_store.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <random>
#include <regex>
#include <unordered_map>

#include "common/clock.h"
#include "common/json_text.h"
#include "common/keyword_case.h"
#include "emulator/es_regexp.h"
#include "emulator/tag_attachments.h"
#include "emulator/tag_propagation.h"
#include "emulator/tag_typedefs.h"

namespace delta_arc::emulator {
namespace {

// The columns of an entity row: the graph's table, and the rows the search index
// still shows for entities written since its last refresh.
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

// The search index is the entities table as of the last refresh: a row written since
// (updated_at past the refresh) is not in it, and search_lag holds the row it replaced
// (an update's or a purge's), until a refresh reaches due_at, the entity's last write.
// search_state keeps the time of the last refresh across restarts. The page cache holds
// up to 128 MiB (SQLite's default is 2 MiB): a bulk write touches pages of six indexes of
// entities, which a small cache reads again from the WAL for every entity.
// locking_mode = EXCLUSIVE: the emulator is the file's one user, so it locks it once, not
// around every statement (two fcntl calls each: a third of a search page's time).
// synchronous = OFF: a commit is in the operating system's hands once written, which
// survives a kill -9 of the emulator (not a crash of the machine); waiting for the disk
// at every checkpoint was a third of a bulk write's commit.
std::string Schema() {
  return std::string(R"sql(
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
PRAGMA mmap_size = 1073741824;
PRAGMA cache_size = -131072;
CREATE TABLE IF NOT EXISTS entities ()sql") +
         kEntityRow + R"sql(,
  UNIQUE (type_name, qualified_name)
);
CREATE INDEX IF NOT EXISTS entities_qn ON entities (qualified_name);
CREATE INDEX IF NOT EXISTS entities_name ON entities (name);
CREATE INDEX IF NOT EXISTS entities_connection ON entities (connection_qn);
CREATE INDEX IF NOT EXISTS entities_created ON entities (created_at, guid);
CREATE INDEX IF NOT EXISTS entities_updated ON entities (updated_at, guid);
CREATE TABLE IF NOT EXISTS search_lag ()sql" +
         kEntityRow + R"sql(,
  due_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS search_lag_due ON search_lag (due_at);
CREATE TABLE IF NOT EXISTS search_state (visible_upto INTEGER NOT NULL);
INSERT INTO search_state SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM search_state);
-- The full copy of the index an earlier version kept.
DROP TABLE IF EXISTS search_index;
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
DELETE FROM search_lag WHERE guid NOT IN (SELECT guid FROM entities);
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

constexpr const char* kStubColumns =
    "e.guid, e.type_name, e.qualified_name, e.name, e.state, "
    "json_extract(e.attributes, '$.__hasLineage'), e.connection_qn";
// The same without the flag (read as false), which parses the entity's attributes: a
// write's answer reads thousands of stubs and shows no flag of theirs.
constexpr const char* kStubColumnsWithoutFlag =
    "e.guid, e.type_name, e.qualified_name, e.name, e.state, NULL, e.connection_qn";
constexpr int kStubColumnCount = 7;

// The stub in the row's columns from `first` on (kStubColumns or kStubColumnsWithoutFlag).
EntityStub ReadStub(const Statement& row, int first) {
  return {row.Text(first),     row.Text(first + 1),     row.Text(first + 2), row.Text(first + 3),
          row.Text(first + 4), row.Int(first + 5) == 1, row.Text(first + 6)};
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

// The stub a query's first row holds (kStubColumns), if it has one.
Result<std::optional<EntityStub>> StubOf(Result<std::optional<Statement>> row) {
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<EntityStub>();
  return std::optional<EntityStub>(ReadStub(**row, 0));
}

// The first column of a query's first row (a count, a maximum); 0 without a row.
Result<int64_t> CountRows(SqliteDb& db, const std::string& sql,
                          const std::vector<SqlValue>& params) {
  auto row = FirstRow(db, sql, params);
  if (!row) return std::unexpected(row.error());
  return *row ? (*row)->Int(0) : 0;
}

// The time (epoch milliseconds) and sequence number that lead the next guid: the sequence
// counts the guids made in the same millisecond, and past its 4,096 the time moves on one,
// so each guid sorts after the one before.
std::pair<uint64_t, uint32_t> NextGuidStamp() {
  static std::mutex mutex;
  static uint64_t last_millis = 0;
  static uint32_t sequence = 0;
  const auto now = static_cast<uint64_t>(NowMillis());
  std::lock_guard lock(mutex);
  if (now > last_millis) {
    last_millis = now;
    sequence = 0;
  } else if (++sequence == 4096) {
    ++last_millis;
    sequence = 0;
  }
  return {last_millis, sequence};
}

}  // namespace

std::string NewGuid() {
  // Atlas's guids are random UUIDs (version 4). These keep that form but lead with the
  // time of creation and a sequence number, as UUID version 7 does, so the store's indexes
  // on guids grow at their end: with random guids a bulk write of 500 entities dirtied a
  // page of each such index per entity, and its commit wrote them all twice.
  const auto [millis, sequence] = NextGuidStamp();
  // The rest is random, from a generator seeded once per thread: guids need to be unique,
  // not secret (OpenSSL's RAND_bytes was a thirtieth of a bulk write).
  thread_local std::mt19937_64 random(std::random_device{}());
  const uint64_t bits = random();
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<unsigned char>(bits >> (8 * i));
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(millis >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(sequence >> 8);
  b[7] = static_cast<unsigned char>(sequence & 0xFF);
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
  if (auto s = db->DefinePredicate("es_regexp", &RegexpMatches); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = db->DefinePredicate("es_regexp_icase", &RegexpMatchesIgnoringCase); !s) {
    return std::unexpected(s.error());
  }
  for (auto open : {OpenTagTypedefs, OpenTagAttachments, OpenTagTasks}) {
    if (auto s = open(*db); !s) return std::unexpected(s.error());
  }
  EntityStore store(std::move(*db));
  auto visible = CountRows(store.db_, "SELECT visible_upto FROM search_state", {});
  if (!visible) return std::unexpected(visible.error());
  store.visible_upto_ = *visible;
  return store;
}

Result<std::optional<Entity>> EntityStore::FindByGuid(const std::string& guid) {
  return QueryOne(
      db_, std::string("SELECT ") + kEntityColumns + " FROM entities e WHERE e.guid = ?", {guid});
}

Result<std::optional<EntityStub>> EntityStore::FindStubByGuid(const std::string& guid) {
  return StubOf(FirstRow(
      db_, std::string("SELECT ") + kStubColumns + " FROM entities e WHERE e.guid = ?", {guid}));
}

Result<std::optional<Entity>> EntityStore::FindByQualifiedName(const std::string& type_name,
                                                               const std::string& qualified_name) {
  return QueryOne(db_,
                  std::string("SELECT ") + kEntityColumns +
                      " FROM entities e WHERE e.type_name = ? AND e.qualified_name = ?",
                  {type_name, qualified_name});
}

Result<std::optional<EntityStub>> EntityStore::FindStubByQualifiedName(
    const std::string& type_name, const std::string& qualified_name) {
  return StubOf(FirstRow(db_,
                         std::string("SELECT ") + kStubColumns +
                             " FROM entities e WHERE e.type_name = ? AND e.qualified_name = ?",
                         {type_name, qualified_name}));
}

Result<std::optional<Entity>> EntityStore::FindByQualifiedNameAmong(
    const std::vector<std::string>& types, const std::string& qualified_name) {
  return QueryOne(db_,
                  std::string("SELECT ") + kEntityColumns +
                      " FROM entities e WHERE e.qualified_name = ? AND e.type_name IN "
                      "(SELECT value FROM json_each(?)) ORDER BY e.rowid LIMIT 1",
                  {qualified_name, JsonText(nlohmann::json(types))});
}

Status EntityStore::Insert(const Entity& entity) {
  auto inserted = db_.Execute(
      "INSERT INTO entities (guid, type_name, qualified_name, name, state, connection_qn, "
      "connector_name, created_at, updated_at, created_by, updated_by, attributes) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      EntityValues(entity));
  // In the last refresh's millisecond, after it: not in the index (KeepIndexedRows).
  if (inserted && entity.updated_at == visible_upto_) written_since_refresh_.insert(entity.guid);
  return inserted;
}

Status EntityStore::Update(const Entity& entity) {
  if (auto s = KeepIndexedRows({entity.guid}, entity.updated_at); !s) return s;
  return db_.Execute(
      "UPDATE entities SET guid = ?1, type_name = ?2, qualified_name = ?3, name = ?4, state = ?5, "
      "connection_qn = ?6, connector_name = ?7, created_at = ?8, updated_at = ?9, "
      "created_by = ?10, updated_by = ?11, attributes = ?12 WHERE guid = ?1",
      EntityValues(entity));
}

Result<std::vector<Entity>> EntityStore::Touch(const std::vector<std::string>& guids, int64_t at,
                                               const std::string& user) {
  if (guids.empty()) return std::vector<Entity>();
  if (auto s = KeepIndexedRows(guids, at); !s) return std::unexpected(s.error());
  // Only the modification's columns: an update of every column rewrote the row in each index.
  // RETURNING takes the table's own column names, not an alias's; the attributes are left
  // unread (an empty object), which the header of a recorded update does not show.
  static const std::string kReturned =
      std::regex_replace(std::regex_replace(kEntityColumns, std::regex("e\\.attributes"), "'{}'"),
                         std::regex("e\\."), "");
  auto stmt = db_.Prepare(
      "UPDATE entities SET updated_at = ?2, updated_by = ?3 "
      "WHERE guid IN (SELECT value FROM json_each(?1)) RETURNING " +
      kReturned);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->BindAll({JsonText(nlohmann::json(guids)), at, user});
  std::unordered_map<std::string, Entity> by_guid;
  auto rows = AllRows(*stmt, [&by_guid](const Statement& row) {
    Entity entity = ReadEntity(row);
    std::string guid = entity.guid;
    by_guid.emplace(std::move(guid), std::move(entity));
    return 0;
  });
  if (!rows) return std::unexpected(rows.error());
  // RETURNING's order is not the statement's: the guids' is.
  std::vector<Entity> touched;
  for (const auto& guid : guids) {
    if (auto it = by_guid.find(guid); it != by_guid.end()) touched.push_back(std::move(it->second));
  }
  return touched;
}

Status EntityStore::SetAttributeInPlace(const std::vector<std::string>& guids,
                                        const std::string& attribute, const nlohmann::json& value) {
  if (guids.empty()) return Ok();
  return db_.Execute(
      "UPDATE entities SET attributes = json_set(attributes, '$.\"' || ?2 || '\"', json(?3)) "
      "WHERE guid IN (SELECT value FROM json_each(?1))",
      {JsonText(nlohmann::json(guids)), attribute, value.dump()});
}

Status EntityStore::Delete(const std::string& guid, int64_t at) {
  if (auto s = KeepIndexedRows({guid}, at); !s) return s;
  for (const char* sql : {"DELETE FROM relationships WHERE end1_guid = ? OR end2_guid = ?1",
                          "DELETE FROM entities WHERE guid = ?"}) {
    if (auto s = db_.Execute(sql, {guid}); !s) return s;
  }
  return Ok();
}

Status EntityStore::KeepIndexedRows(const std::vector<std::string>& guids, int64_t at) {
  // A write before the last refresh's millisecond is seen at once (a clock moved back).
  if (at < visible_upto_) {
    return db_.Execute("DELETE FROM search_lag WHERE guid IN (SELECT value FROM json_each(?1))",
                       {JsonText(nlohmann::json(guids))});
  }
  // One in it came after the refresh: named, its indexed row (if any) kept at the first.
  // Those named are kept apart: a row of theirs from that millisecond is not the index's.
  std::vector<std::string> kept[2];  // [unindexed at the horizon]
  for (const auto& guid : guids) {
    const bool unindexed_at_horizon = written_since_refresh_.contains(guid);
    if (at == visible_upto_) {
      if (unindexed_at_horizon) continue;
      written_since_refresh_.insert(guid);
    }
    kept[unindexed_at_horizon ? 1 : 0].push_back(guid);
  }
  // The index holds the row as it is, if it was written by the last refresh; or the
  // row kept at an earlier write since, which stays (the later write only moves due_at).
  // A row written since the refresh and never kept is not in the index at all.
  for (const int unindexed_at_horizon : {0, 1}) {
    if (kept[unindexed_at_horizon].empty()) continue;
    if (auto s = db_.Execute(
            "INSERT INTO search_lag SELECT e.guid, e.type_name, e.qualified_name, e.name, "
            "e.state, e.connection_qn, e.connector_name, e.created_at, e.updated_at, "
            "e.created_by, e.updated_by, e.attributes, ?2 FROM entities e "
            "WHERE e.guid IN (SELECT value FROM json_each(?1)) AND (e.updated_at < ?3 OR "
            "(e.updated_at = ?3 AND ?4 = 0) OR EXISTS "
            "(SELECT 1 FROM search_lag s WHERE s.guid = e.guid)) "
            "ON CONFLICT (guid) DO UPDATE SET due_at = max(due_at, excluded.due_at)",
            {JsonText(nlohmann::json(kept[unindexed_at_horizon])), at, visible_upto_,
             static_cast<int64_t>(unindexed_at_horizon)});
        !s) {
      return s;
    }
  }
  return Ok();
}

Status EntityStore::RefreshSearchIndex(int64_t upto) {
  // A refresh in the same millisecond again shows what was written since the last one.
  if (upto < visible_upto_ || (upto == visible_upto_ && written_since_refresh_.empty())) {
    return Ok();
  }
  for (const char* sql :
       {"DELETE FROM search_lag WHERE due_at <= ?", "UPDATE search_state SET visible_upto = ?"}) {
    if (auto s = db_.Execute(sql, {upto}); !s) return s;
  }
  visible_upto_ = upto;
  written_since_refresh_.clear();
  return Ok();
}

namespace {

// Active relationships where ?1 is at either end (`many`: where one of the guids of the
// JSON array ?1 is; `by_attribute`: where it holds the attribute ?2), ordered by
// insertion (a list attribute reads back in the order it was written): the relationship's
// guid, type and status, the guid at the other end, the attribute the entity holds and
// the entity's guid, as r.guid, r.type_name, r.status, r.other, r.attribute, r.here.
std::string RelatedRows(bool many, bool by_attribute) {
  std::string rows;
  for (const auto& [here, there] : {std::pair{"end1", "end2"}, std::pair{"end2", "end1"}}) {
    if (!rows.empty()) rows += " UNION ALL ";
    rows += std::string("SELECT rowid AS r, guid, type_name, status, ") + there +
            "_guid AS other, " + here + "_attribute AS attribute, " + here +
            "_guid AS here FROM relationships WHERE " + here + "_guid " +
            (many ? "IN (SELECT value FROM json_each(?1))" : "= ?1") + " AND " +
            (by_attribute ? std::string(here) + "_attribute = ?2 AND " : "") + "status = 'ACTIVE'";
  }
  return "(" + rows + ")";
}
const std::string kRelatedRows = RelatedRows(false, true);
const std::string kAllRelatedRowsOfEach = RelatedRows(true, false);

RelatedRef ReadRelatedRef(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3)};
}

}  // namespace

Result<std::vector<RelatedRef>> EntityStore::Related(const std::string& guid,
                                                     const std::string& attribute) {
  auto stmt = db_.Prepare(std::string("SELECT r.guid, r.type_name, r.status, r.other FROM ") +
                          kRelatedRows + " r ORDER BY r.r");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, guid);
  stmt->Bind(2, attribute);
  return AllRows(*stmt, ReadRelatedRef);
}

Result<std::vector<RelatedStub>> EntityStore::RelatedStubs(const std::string& guid,
                                                           const std::string& attribute) {
  auto stmt =
      db_.Prepare(std::string("SELECT r.guid, r.type_name, r.status, r.other, ") + kStubColumns +
                  " FROM " + kRelatedRows + " r JOIN entities e ON e.guid = r.other ORDER BY r.r");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, guid);
  stmt->Bind(2, attribute);
  return AllRows(*stmt, [](const Statement& row) {
    return RelatedStub{ReadRelatedRef(row), ReadStub(row, 4)};
  });
}

Result<std::map<std::string, RelatedByAttribute>> EntityStore::AllRelatedStubsOf(
    const std::vector<std::string>& guids, bool read_flags) {
  auto stmt = db_.Prepare(std::string("SELECT r.guid, r.type_name, r.status, r.other, ") +
                          (read_flags ? kStubColumns : kStubColumnsWithoutFlag) +
                          ", r.attribute, r.here FROM " + kAllRelatedRowsOfEach +
                          " r JOIN entities e ON e.guid = r.other ORDER BY r.r");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, JsonText(nlohmann::json(guids)));
  std::map<std::string, RelatedByAttribute> out;
  auto rows = AllRows(*stmt, [&out](const Statement& row) {
    RelatedStub stub{ReadRelatedRef(row), ReadStub(row, 4)};
    out[row.Text(5 + kStubColumnCount)][row.Text(4 + kStubColumnCount)].push_back(std::move(stub));
    return 0;
  });
  if (!rows) return std::unexpected(rows.error());
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

// One table a search matches rows of, with what keeps it to the index's view.
struct Source {
  const char* table;
  std::string where;  // over alias `e`
  std::vector<SqlValue> params;
};

// The index as of its last refresh (see Schema): the entities written by then, and
// the rows kept for those written since. `since_refresh`: the guids written in the
// refresh's millisecond after it (a JSON array; "" for none), which time cannot tell.
std::vector<Source> IndexSources(const std::string& where, const std::vector<SqlValue>& params,
                                 int64_t visible_upto, bool unrefreshed, bool kept,
                                 const std::string& since_refresh) {
  std::vector<Source> out;
  out.push_back({"entities", where, params});
  if (unrefreshed) {
    // Never the index that serves the plan: nearly every row passes.
    out.back().where = "(" + where + ") AND +e.updated_at <= ?";
    out.back().params.push_back(visible_upto);
  }
  if (!since_refresh.empty()) {
    out.back().where =
        "(" + out.back().where + ") AND e.guid NOT IN (SELECT value FROM json_each(?))";
    out.back().params.push_back(since_refresh);
  }
  if (kept) {
    // Rows kept for writes since the refresh, and for those in its millisecond after it.
    const bool named = !since_refresh.empty();
    out.push_back({"search_lag",
                   "(" + where + ") AND (e.due_at > ?" +
                       (named ? " OR e.guid IN (SELECT value FROM json_each(?))" : "") + ")",
                   params});
    out.back().params.push_back(visible_upto);
    if (named) out.back().params.push_back(since_refresh);
  }
  return out;
}

// `select` over each source, joined by UNION ALL; their parameters appended to `params`.
std::string UnionOf(const std::vector<Source>& sources, const std::string& select,
                    std::vector<SqlValue>& params) {
  std::string sql;
  for (const auto& source : sources) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql += select + " FROM " + source.table + " e WHERE " + source.where;
    params.insert(params.end(), source.params.begin(), source.params.end());
  }
  return sql;
}

// The page's rows with `from` and `size` still to bind, each hit read from the live
// table: a purged hit reads as a row of NULLs.
std::string PageQuery(const std::vector<Source>& sources, const SqlOrder& order,
                      std::vector<SqlValue>& params) {
  if (sources.size() == 1) {
    return UnionOf(sources, std::string("SELECT ") + kEntityColumns, params) + " ORDER BY " +
           order.order_by + " LIMIT ? OFFSET ?";
  }
  // The sources are ordered together on the sort keys, then joined to the live rows.
  std::string keys = "e.guid AS hit";
  std::string inner_order;
  std::string outer_order;
  for (size_t i = 0; i < order.keys.size(); ++i) {
    const std::string key = "k" + std::to_string(i);
    const std::string sep = i == 0 ? "" : ", ";
    keys += ", " + order.keys[i].expression + " AS " + key;
    inner_order += sep + key + " " + order.keys[i].direction;
    outer_order += sep + "h." + key + " " + order.keys[i].direction;
  }
  return std::string("SELECT ") + kEntityColumns + " FROM (" +
         UnionOf(sources, "SELECT " + keys, params) + " ORDER BY " + inner_order +
         " LIMIT ? OFFSET ?) h LEFT JOIN entities e ON e.guid = h.hit ORDER BY " + outer_order;
}

}  // namespace

Result<SearchPage> EntityStore::Search(const SqlFilter& filter, const SqlOrder& order, int64_t from,
                                       int64_t size, bool count_total) {
  auto newest = CountRows(db_, "SELECT coalesce(max(updated_at), 0) FROM entities", {});
  if (!newest) return std::unexpected(newest.error());
  auto kept =
      CountRows(db_, "SELECT EXISTS (SELECT 1 FROM search_lag WHERE due_at > ?)", {visible_upto_});
  if (!kept) return std::unexpected(kept.error());
  const std::string since_refresh =
      written_since_refresh_.empty() ? "" : JsonText(nlohmann::json(written_since_refresh_));
  auto sources = [&](const std::string& where) {
    return IndexSources(where, filter.params, visible_upto_, *newest > visible_upto_,
                        *kept != 0 || !since_refresh.empty(), since_refresh);
  };
  auto rows = CountRows(db_, "SELECT coalesce(max(rowid), 0) FROM entities", {});
  if (!rows) return std::unexpected(rows.error());

  // How many match decides the plan: few → the filter's indexes, then sort; many → walk
  // the order's index and filter. Without a requested total, a probe decides, capped
  // where its answer no longer changes the plan.
  constexpr int64_t kProbeCap = 20000;
  const int64_t cap = std::min(kProbeCap, std::max(*rows / 100, 2 * (from + size)) + 1);
  std::vector<SqlValue> count_params;
  const std::string count_sql =
      count_total
          ? "SELECT coalesce(sum(n), 0) FROM (" +
                UnionOf(sources(filter.where), "SELECT count(*) AS n", count_params) + ")"
          : "SELECT count(*) FROM (" + UnionOf(sources(filter.where), "SELECT 1", count_params) +
                " LIMIT " + std::to_string(cap) + ")";
  auto matches = CountRows(db_, count_sql, count_params);
  if (!matches) return std::unexpected(matches.error());
  const bool dense = *matches * 100 > *rows && *matches > 2 * (from + size);
  const std::string where =
      dense ? OrderDrivenWhere(filter.where, order.leading_column) : filter.where;

  std::vector<SqlValue> params;
  auto stmt = db_.Prepare(PageQuery(sources(where), order, params));
  if (!stmt) return std::unexpected(stmt.error());
  params.push_back(size);
  params.push_back(from);
  stmt->BindAll(params);
  SearchPage page;
  int64_t hits = 0;
  while (true) {
    auto row = stmt->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    ++hits;
    // Atlas matches in Elasticsearch but reads each hit from the graph, and skips one
    // whose vertex is gone (EntityDiscoveryService.prepareSearchResult).
    if (!stmt->IsNull(0)) page.entities.push_back(ReadEntity(*stmt));
  }
  page.total = count_total ? *matches : from + hits;
  return page;
}

}  // namespace delta_arc::emulator
