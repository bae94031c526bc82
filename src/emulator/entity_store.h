// Durable storage of the emulator's entities and relationships in SQLite (WAL):
// what survives a kill -9 and a restart on the same --db file.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "emulator/search_query.h"
#include "emulator/sqlite_db.h"

namespace delta_arc::emulator {

struct Entity {
  std::string guid;
  std::string type_name;
  std::string qualified_name;
  std::string name;
  std::string state = "ACTIVE";  // ACTIVE | DELETED
  int64_t created_at = 0;        // epoch milliseconds
  int64_t updated_at = 0;
  std::string created_by;
  std::string updated_by;
  nlohmann::json attributes = nlohmann::json::object();  // plain (non-relationship) attributes
};

// A related asset as seen from one end of a relationship.
struct RelatedRef {
  std::string relationship_guid;
  std::string relationship_type;
  std::string relationship_status;
  std::string other_guid;
};

// What a reference to an entity shows of it, read without parsing its attributes: a
// write's answer and __hasLineage read many of these and need no more.
struct EntityStub {
  std::string guid;
  std::string type_name;
  std::string qualified_name;
  std::string name;
  std::string state;
  bool has_lineage = false;               // the __hasLineage system flag
  std::string connection_qualified_name;  // its connectionQualifiedName attribute, if any
};

// A related asset with the relationship that leads to it.
struct RelatedStub {
  RelatedRef ref;
  EntityStub other;
};

// An entity's related assets, by the relationship attribute that leads to each.
using RelatedByAttribute = std::map<std::string, std::vector<RelatedStub>>;

struct SearchPage {
  std::vector<Entity> entities;
  int64_t total = 0;
};

class EntityStore {
 public:
  // Opens the store at `path`, or in memory when empty, creating the schema.
  static Result<EntityStore> Open(const std::string& path);

  Result<std::optional<Entity>> FindByGuid(const std::string& guid);
  Result<std::optional<EntityStub>> FindStubByGuid(const std::string& guid);
  Result<std::optional<Entity>> FindByQualifiedName(const std::string& type_name,
                                                    const std::string& qualified_name);
  Result<std::optional<EntityStub>> FindStubByQualifiedName(const std::string& type_name,
                                                            const std::string& qualified_name);
  // The entity of any of `types` with this qualifiedName (the first, if several).
  Result<std::optional<Entity>> FindByQualifiedNameAmong(const std::vector<std::string>& types,
                                                         const std::string& qualified_name);
  // entity.updated_at is the time of the write: search sees it once a refresh reaches it.
  Status Insert(const Entity& entity);
  Status Update(const Entity& entity);
  // Records a modification of each of `guids` (distinct) at `at` by `user` that changes
  // nothing else (Atlas's update of the assets at the far end of new relationships); the
  // entities as they are now without their attributes (not read: such an update is answered
  // by the header), in the order of `guids`, leaving out a guid that has none.
  Result<std::vector<Entity>> Touch(const std::vector<std::string>& guids, int64_t at,
                                    const std::string& user);
  // Sets one attribute of each of `guids` without making it a write: their modification
  // time stays and search sees the value with the row as it is (Atlas's system flags such
  // as __hasLineage are set on the vertex without updating its modification metadata).
  Status SetAttributeInPlace(const std::vector<std::string>& guids, const std::string& attribute,
                             const nlohmann::json& value);
  // Purges the row and its relationships at `at` (epoch ms); search sees it after a refresh.
  Status Delete(const std::string& guid, int64_t at);

  // Active relationships where `guid` holds `attribute` (at either end).
  Result<std::vector<RelatedRef>> Related(const std::string& guid, const std::string& attribute);
  // The same, with the entity at the other end of each (one query, not one per end).
  Result<std::vector<RelatedStub>> RelatedStubs(const std::string& guid,
                                                const std::string& attribute);
  // RelatedStubs of every attribute of each of `guids` at once, by guid and attribute (one
  // query, not one per entity and attribute): a write answers for every entity it wrote.
  // Their has_lineage is read only with `read_flags` (else false): it parses each related
  // entity's attributes, and a write's answer does not show it.
  Result<std::map<std::string, RelatedByAttribute>> AllRelatedStubsOf(
      const std::vector<std::string>& guids, bool read_flags = false);
  // Replaces the set of relationships behind `attribute` on `guid` with `targets`.
  Status SetRelations(const std::string& guid, const std::string& attribute,
                      const std::string& inverse, const std::string& relationship_type,
                      const std::vector<std::string>& targets);
  Status SetRelationshipStatusFor(const std::string& guid, const std::string& status);

  // Makes every write made up to `upto` (epoch ms) visible to Search, as an
  // Elasticsearch refresh does; later writes stay unseen until a later refresh. An
  // entity written twice since the last refresh shows its older state until both are
  // due: the index may lag more than Atlan's, never less. Costs nothing per write
  // that becomes visible: the index is the entities table itself, minus the rows
  // written since the last refresh, plus the rows those writes replaced (kept aside
  // by Update and Delete).
  Status RefreshSearchIndex(int64_t upto);

  // Searches the index as of its last refresh (see RefreshSearchIndex), and shows
  // each hit as it is now, skipping one since purged; reads by guid and qualifiedName
  // above see every write at once, as Atlas's graph does.
  // count_total: compute the full number of matches (ES track_total_hits).
  Result<SearchPage> Search(const SqlFilter& filter, const SqlOrder& order, int64_t from,
                            int64_t size, bool count_total);

  SqliteDb& db() { return db_; }

 private:
  explicit EntityStore(SqliteDb db) : db_(std::move(db)) {}
  // Before `guids` (distinct) are written at `at`: keeps the row the index holds for each,
  // if any.
  Status KeepIndexedRows(const std::vector<std::string>& guids, int64_t at);

  SqliteDb db_;
  int64_t visible_upto_ = 0;  // the index shows writes up to here
  // Written in the millisecond of visible_upto_, after the refresh that set it: time cannot
  // tell them from the writes before it, so they are named until the next refresh (kept in
  // memory: a restart shows them, as a refresh would).
  std::set<std::string> written_since_refresh_;
};

std::string NewGuid();

}  // namespace delta_arc::emulator
