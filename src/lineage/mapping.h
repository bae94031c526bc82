// The mapping file (MAPPING_FILE / --mapping, YAML): which object keys belong
// to which Postgres table, table and column renames between Postgres and
// Snowflake, and keys to ignore. Without a file, an object's file name without
// extension names its table.
//
//   objects:   # key templates below S3_PREFIX, tried in order
//     - "exports/{table}/dt={date}/{file}.csv"
//   tables:    # Postgres table -> Snowflake table where names differ (any case)
//     ORDER_ITEMS: ORDERDETAILS
//     CUSTOMERS: {postgres: SALES.CUSTOMERS, snowflake: PUBLIC.CUSTOMERS}
//   columns:   # per Postgres table (qualified or not): Postgres column -> Snowflake column
//     ORDER_ITEMS: {ITEM_ID: ORDERDETAILID}
//   exclude:   # keys never registered: * within a path segment, ** across segments
//     - "**/_SUCCESS"
//
// A table name anywhere in the file (bound by a key, in `tables:` or `columns:`) may be
// qualified, TABLE, SCHEMA.TABLE or DATABASE.SCHEMA.TABLE (see TableRef), so that a
// name several schemas share can be pinned to one. The map form of a `tables:` entry
// says which tables a name keys bind stands for, on either side.
//
// Names compare in any case, beyond ASCII too (Unicode simple case folding, as Atlan's
// search normalizes keywords): `Bücher` is `BÜCHER`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace delta_arc::lineage {

// One key template, e.g. "exports/{table}/dt={date}/{file}.csv": {table} binds the
// table name and appears exactly once; any other {name} matches part of one path
// segment (one or more characters, no '/'); everything else matches literally and
// case-sensitively; the template must match the whole key. Two placeholders may
// not touch ("{a}{b}": which gets which characters would be arbitrary), a name
// may not repeat, and "{{" / "}}" stand for literal braces.
//
// When a key matches in several ways ("{table}_{date}.csv" on "a_b_2025.csv"),
// placeholders are greedy, leftmost first, as in a regular expression: table "a_b".
class KeyTemplate {
 public:
  static Result<KeyTemplate> Parse(const std::string& text);
  // The table name bound by {table} when `key` (relative to S3_PREFIX) matches.
  std::optional<std::string> Match(const std::string& key) const;
  // Every table name {table} can bind in some full match of `key`: Match's
  // answer first, then the others by position, longest first. Lets the caller
  // pick the one that is a known table when the template is ambiguous.
  std::vector<std::string> TableCandidates(const std::string& key) const;
  // How many path segments of a matching key make its table's folder: the one {table} is
  // in and those before it ("exports/{table}/dt={d}/{f}.csv" → 2). nullopt when {table}
  // is in the last segment ("2025/{table}.csv"): the table has no folder of its own.
  // Placeholders never span a '/', so every match puts {table} in the same segment.
  std::optional<size_t> TableFolderDepth() const;
  const std::string& text() const { return text_; }

 private:
  struct Part {
    bool is_placeholder = false;
    std::string literal;  // when !is_placeholder
    std::string name;     // when is_placeholder
  };
  std::vector<char> Reachability(const std::string& key) const;

  std::string text_;
  std::vector<Part> parts_;
  size_t table_part_ = 0;  // the index of {table} in parts_
};

// A glob over keys: * within a path segment (any characters but '/', also none),
// ** as a whole segment across segments (also zero segments, so "**/_SUCCESS"
// matches "_SUCCESS"), everything else literal and case-sensitive.
class KeyGlob {
 public:
  static Result<KeyGlob> Parse(const std::string& text);
  bool Matches(const std::string& key) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> segments_;
};

// A table name as the mapping file writes it: "TABLE", "SCHEMA.TABLE" or
// "DATABASE.SCHEMA.TABLE", split at '.' (the file refuses more parts). Any other form
// (an empty part) is a table name alone. Callers try the whole text as a table name first, so a
// table whose own name holds a dot is still found.
struct TableRef {
  // "<connection name>:" before the rest: a table of that one of a side's several
  // connections (the last ':' ends the name). Empty: any connection of the side.
  std::string connection;
  std::string database;  // empty: any database
  std::string schema;    // empty: any schema
  std::string table;

  static TableRef Parse(const std::string& text);
};

class Mapping {
 public:
  // The default: no templates, renames or excludes; the last path segment
  // without its extension names the table.
  static Mapping Default();
  // Parses the YAML text; errors name the source, the line, the key and what is
  // wrong, one problem per line. Unknown top-level keys are errors (typos). An
  // empty document is the default mapping.
  static Result<Mapping> FromYaml(const std::string& yaml_text, const std::string& source_name);
  static Result<Mapping> FromFile(const std::string& path);

  // Whether `key` (relative to S3_PREFIX) is excluded.
  bool Excluded(const std::string& key) const;
  // The table name bound by the first template that matches (case as in the key),
  // or nullopt. With no templates: the file name without its extension
  // ("2025/customers.csv" → "customers"; "orders.csv.gz" → "orders", as a
  // compression suffix goes with the extension before it; "a/b/file" → "file"), or,
  // for a file a tool names by its own scheme, its folder's (tool_layouts.h:
  // "sales/customers/LOAD00000001.csv" → "sales.customers"); nullopt for a folder
  // marker ("a/") or a tool's marker ("_SUCCESS", ".keep").
  std::optional<std::string> TableForKey(const std::string& key) const;
  // Every candidate of every matching template, in template order, without
  // repeats (see KeyTemplate::TableCandidates); the default rule's one name when
  // there are no templates.
  std::vector<std::string> TableCandidatesForKey(const std::string& key) const;
  // The folder of `table` (one of TableCandidatesForKey(key)) that `key` lies in, as the
  // first template offering that candidate places it: the key's first TableFolderDepth
  // segments, without the trailing '/'. nullopt when that template binds the table in
  // the file name; without templates, the folder a tool's file lies in for its table
  // (ToolFileTable), else nullopt (the file name is the table).
  std::optional<std::string> TableFolderForKey(const std::string& key,
                                               const std::string& table) const;
  // The Snowflake table for a table name (any case; as bound by a key, or a Postgres
  // table's name, qualified or not), or nullopt if not renamed: `tables:` NAME: SF,
  // or NAME: {snowflake: SF}. The value may be qualified.
  std::optional<std::string> TargetTableFor(const std::string& source_table) const;
  // The Postgres table a name bound by a key stands for (`tables:` NAME: {postgres:
  // PG}), or nullopt: the name itself.
  std::optional<std::string> SourceTableFor(const std::string& name) const;
  // The Snowflake column for a Postgres column of a Postgres table, or nullopt.
  // The column compares as columns do everywhere (NormalizeColumnName: any case,
  // '_' ignored), the table by NormalizeTableName.
  std::optional<std::string> TargetColumnFor(const std::string& source_table,
                                             const std::string& source_column) const;

  const std::vector<KeyTemplate>& templates() const { return templates_; }
  const std::vector<KeyGlob>& excludes() const { return excludes_; }
  // Keys are NormalizeTableName / NormalizeColumnName forms; values as written.
  const std::map<std::string, std::string>& table_renames() const { return tables_; }
  // `tables:` NAME: {postgres: PG}: NormalizeTableName(NAME) → PG as written.
  const std::map<std::string, std::string>& postgres_tables() const { return postgres_tables_; }
  const std::map<std::string, std::map<std::string, std::string>>& column_renames() const {
    return columns_;
  }

 private:
  std::vector<KeyTemplate> templates_;
  std::map<std::string, std::string> tables_;  // upper-cased Postgres name → Snowflake name
  std::map<std::string, std::string> postgres_tables_;  // upper-cased bound name → Postgres name
  // upper-cased Postgres table → normalized Postgres column → Snowflake column
  std::map<std::string, std::map<std::string, std::string>> columns_;
  std::vector<KeyGlob> excludes_;
};

// An object key relative to S3_PREFIX, as templates and globs see it: the prefix
// removed, and the '/' right after it too when the prefix does not end in one
// ("2025" and "2025/customers.csv" → "customers.csv"). nullopt when the key is
// not under the prefix.
std::optional<std::string> KeyBelowPrefix(const std::string& key, const std::string& prefix);

// Column names compare by this: any case, beyond ASCII too (see keyword_case.h), '_' removed;
// ASCII letters come out upper case ("order_Item_ID" → "ORDERITEMID").
std::string NormalizeColumnName(const std::string& name);
// Table names compare by this: any case, beyond ASCII too; ASCII letters come out upper case.
std::string NormalizeTableName(const std::string& name);

}  // namespace delta_arc::lineage
