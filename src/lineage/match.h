// Matching: which Postgres table each object under S3_PREFIX exports (by the
// mapping's key templates, or the file name), which Snowflake table it loads,
// and which columns correspond (by normalized name or the mapping's renames,
// confirmed by the CSV header when it could be read).
//
// A name several schemas (or databases) share is never bound by chance: the
// objects that bind it stay unmatched ("ambiguous: …") and the run warns, naming
// every candidate, until the mapping file qualifies the name (see mapping.h). A
// warning rather than an error: one ambiguous name must not stop the lineage of
// every other table in an unattended run.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/log.h"
#include "lineage/catalog.h"
#include "lineage/file_columns.h"
#include "lineage/mapping.h"
#include "lineage/object_source.h"

namespace delta_arc::lineage {

// The source side is the connection the files come from (Postgres in the simple case), the
// target side the one they load into (Snowflake in it).
struct ObjectDecision {
  size_t object = 0;                  // index into the object list
  const TableInfo* source = nullptr;  // its source table, if found
  const TableInfo* target = nullptr;  // its target table, if found
  std::string reason;                 // why it matched nothing (empty when it matched)
  // Its table's folder is the key's first folder_end characters (Mapping::
  // TableFolderForKey); 0: the template binds the table in the file name.
  size_t folder_end = 0;
};

struct ColumnLink {
  const ColumnInfo* source = nullptr;
  const ColumnInfo* target = nullptr;
  // Its type as the newest of the table's files that states one does (Parquet, Avro); "".
  std::string file_type = {};
};

// Why a column of a table found on both sides has no partner, as LinkColumns decided it:
// the report shows it beside the column pairs, so a missing column lineage explains itself.
enum class UnlinkedReason : uint8_t {
  kNotInHeader,     // a source column the files of the table's objects lack
  kNoTargetColumn,  // a source column whose name (or mapping rename) no target column has
  kNoSourceColumn,  // a target column no linked source column maps to
};

struct UnlinkedColumn {
  const ColumnInfo* column = nullptr;  // of the link's source table; kNoSourceColumn: target
  UnlinkedReason reason = UnlinkedReason::kNoTargetColumn;
  std::string renamed_to;  // kNoTargetColumn: the mapping's rename looked for, if any
};

// The reason in words, e.g. "no Snowflake column named 'CITY'", naming the sides as
// `source` and `target` ("Postgres", "Snowflake": ConnectorDisplayName).
std::string Explain(const UnlinkedColumn& column, const std::string& source,
                    const std::string& target);

// One source table (or, when the source lacks it, one target table) and its objects.
struct TableLink {
  const TableInfo* source = nullptr;
  const TableInfo* target = nullptr;
  std::vector<size_t> objects;                     // indexes into the object list, in key order
  std::vector<ColumnLink> columns;                 // filled by LinkColumns
  std::optional<std::vector<std::string>> header;  // the CSV header read, if any
  // The types the table's files state, by NormalizeColumnName: the newest file's wins.
  std::unordered_map<std::string, std::string> file_types = {};
  std::vector<UnlinkedColumn> unlinked;  // filled by LinkColumns
  // Without a header although the table has files with bytes: why one of them told
  // nothing, with its key ("2025/orders.csv.gz: compressed (gzip): not read yet").
  std::string header_note = {};
};

struct UnpartneredTable {
  std::string connection;  // its connection's connector ("postgres", "snowflake", "mysql", …)
  std::string qualified_name;
  std::string reason;
};

// A name that stands for more than one table of a connection.
struct AmbiguousName {
  std::string connection;               // its connection's connector, as UnpartneredTable
  std::string name;                     // as bound by a key or written in the mapping
  std::vector<std::string> candidates;  // their qualifiedNames
};

struct MatchResult {
  std::vector<ObjectDecision> objects;  // one per object, in key order
  std::vector<TableLink> links;         // tables with at least one object
  std::vector<UnpartneredTable> unpartnered;
  std::vector<AmbiguousName> ambiguous;  // each name once, however many objects bind it
  // What each object's bytes told of its kind where they were read for its columns (this
  // run or an earlier one; ReadHeadersAndLinkColumns), by object index; nullopt elsewhere.
  std::vector<std::optional<FileKind>> kinds = {};
};

// Decides keys one at a time against the catalogs, indexed once: MatchObjects's decisions
// for a listing folded as it is read, which is never held whole.
class ObjectMatcher {
 public:
  ObjectMatcher(std::string prefix, const Mapping& mapping, const ConnectionCatalog& source,
                const ConnectionCatalog& target);
  ~ObjectMatcher();
  // The key's decision (its `object` left 0); ambiguous names go to `result.ambiguous`.
  ObjectDecision Decide(const std::string& key, MatchResult& result) const;

 private:
  struct Lookups;
  std::string prefix_;
  const Mapping& mapping_;
  std::unique_ptr<Lookups> lookups_;
};

// `objects` keys are full keys; templates apply to the part below `prefix`.
MatchResult MatchObjects(const std::vector<ObjectInfo>& objects, const std::string& prefix,
                         const Mapping& mapping, const ConnectionCatalog& source,
                         const ConnectionCatalog& target);

// One warning per ambiguous name, naming every candidate.
void WarnAmbiguous(const MatchResult& match, Logger& log);

// One warning per mapping entry that names nothing: a `tables:` name that is no table of
// either connection or a rename to no Snowflake table, a `columns:` table that is no
// Postgres table or a column it does not have, a template no listed key matches. For full
// runs (an event run sees too few keys to judge a template).
void WarnUnusedMapping(const Mapping& mapping, const std::vector<ObjectInfo>& objects,
                       const std::string& prefix, const ConnectionCatalog& source,
                       const ConnectionCatalog& target, Logger& log);

// Pairs the columns of a link with both sides; with a header, only columns in it. Every
// column of either side left without a partner goes to link.unlinked, with the reason.
void LinkColumns(TableLink& link, const Mapping& mapping);

// The tags a link's files carry (internal names, sorted): its Postgres table's and those of
// the Postgres columns in its files' header (every column when no header was read, as
// lineage then links every column), whether or not Snowflake has a partner for them. None
// without a Postgres table. After LinkColumns.
std::vector<std::string> CarriedTags(const TableLink& link);

// The Postgres columns a link's files carry: those in its files' header, or every column
// when no header was read (the same columns CarriedTags reads). None without a Postgres
// table. After LinkColumns.
std::vector<const ColumnInfo*> CarriedColumns(const TableLink& link);

}  // namespace delta_arc::lineage
