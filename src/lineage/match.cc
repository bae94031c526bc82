// Matching; see match.h.
#include "lineage/match.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "atlan/type_names.h"
#include "lineage/connector_names.h"
#include "lineage/key_segments.h"
#include "lineage/tool_layouts.h"

namespace delta_arc::lineage {

namespace {

// A table's database and schema from its qualifiedName, <connection>/<database>/<schema>/<table>
// as Atlan's crawlers name tables; empty when it has another form.
std::pair<std::string, std::string> DatabaseAndSchema(const TableInfo& t) {
  std::string_view qn = t.qualified_name;
  if (!qn.ends_with("/" + t.name)) return {};
  qn.remove_suffix(t.name.size() + 1);
  const size_t schema = qn.rfind('/');
  if (schema == qn.npos || schema == 0) return {};
  const size_t database = qn.rfind('/', schema - 1);
  if (database == qn.npos) return {};
  return {std::string(qn.substr(database + 1, schema - database - 1)),
          std::string(qn.substr(schema + 1))};
}

// The names the mapping file may give a table, most qualified first: DATABASE.SCHEMA.TABLE,
// SCHEMA.TABLE, TABLE.
std::vector<std::string> MappingNames(const TableInfo& t) {
  const auto [database, schema] = DatabaseAndSchema(t);
  if (schema.empty()) return {t.name};
  return {database + "." + schema + "." + t.name, schema + "." + t.name, t.name};
}

// A connection's tables by name, for names as the mapping writes them (TableRef).
class TableLookup {
 public:
  explicit TableLookup(const ConnectionCatalog& catalog)
      : catalog_(catalog),
        connection_(catalog.connectors()),
        display_(ConnectorDisplayName(connection_)) {
    for (const auto& t : catalog.tables) by_name_[NormalizeTableName(t.name)].push_back(&t);
  }

  // Its connectors, as Atlan names them ("postgres") and as messages do ("Postgres").
  const std::string& connection() const { return connection_; }
  const std::string& display() const { return display_; }
  bool several_connections() const { return catalog_.connections.size() > 1; }

  // Every table `name` can stand for: one, none, or several (ambiguous).
  std::vector<const TableInfo*> Find(const std::string& name) const {
    if (auto it = by_name_.find(NormalizeTableName(name)); it != by_name_.end()) {
      return PreferTables(it->second);  // the whole text, dots and all, is a table's name
    }
    const TableRef ref = TableRef::Parse(name);
    // "<connection>:…": a table of that connection of the side alone.
    const ConnectionRef* connection = nullptr;
    if (!ref.connection.empty()) {
      connection = catalog_.Named(ref.connection);
      if (connection == nullptr) return {};
    }
    const auto it = by_name_.find(NormalizeTableName(ref.table));
    if ((ref.schema.empty() && connection == nullptr) || it == by_name_.end()) return {};
    std::vector<const TableInfo*> found;
    for (const TableInfo* t : it->second) {
      if (connection != nullptr &&
          !t->qualified_name.starts_with(connection->qualified_name + "/")) {
        continue;
      }
      const auto [database, schema] = DatabaseAndSchema(*t);
      if ((ref.schema.empty() || SameName(schema, ref.schema)) &&
          (ref.database.empty() || SameName(database, ref.database)))
        found.push_back(t);
    }
    return PreferTables(found);
  }

 private:
  static bool SameName(const std::string& a, const std::string& b) {
    return NormalizeTableName(a) == NormalizeTableName(b);
  }

  // A table wins over a view of the same name: exports are of tables.
  static std::vector<const TableInfo*> PreferTables(std::vector<const TableInfo*> tables) {
    if (std::ranges::any_of(tables,
                            [](const TableInfo* t) { return t->type_name == atlan::kTableType; }))
      std::erase_if(tables, [](const TableInfo* t) { return t->type_name != atlan::kTableType; });
    return tables;
  }

  const ConnectionCatalog& catalog_;
  std::string connection_;
  std::string display_;
  std::unordered_map<std::string, std::vector<const TableInfo*>> by_name_;
};

// The Snowflake table a bound name loads into: a `tables:` rename of the name, or of
// the Postgres table found (its qualified forms first); else the Postgres table's
// name, or the bound name when Postgres has none.
std::string TargetNameFor(const Mapping& mapping, const std::string& bound,
                          const TableInfo* source) {
  if (auto renamed = mapping.TargetTableFor(bound)) return *renamed;
  if (source == nullptr) return bound;
  for (const auto& name : MappingNames(*source)) {
    if (auto renamed = mapping.TargetTableFor(name)) return *renamed;
  }
  return source->name;
}

// The reason an object stays unmatched, and the name remembered once for the warning.
std::string Ambiguous(const TableLookup& lookup, const std::string& name,
                      const std::vector<const TableInfo*>& tables, MatchResult& result) {
  std::vector<std::string> candidates;
  for (const TableInfo* t : tables) candidates.push_back(t->qualified_name);
  const bool several = lookup.several_connections();
  std::string reason = "ambiguous: '" + name + "' names " + std::to_string(tables.size()) +
                       " tables in the " + lookup.display() +
                       (several ? " connections (" : " connection (");
  for (const auto& qn : candidates) reason += (qn == candidates.front() ? "" : ", ") + qn;
  reason += several ? "); qualify it as SCHEMA.TABLE or <connection name>:TABLE in the mapping file"
                    : "); qualify it as SCHEMA.TABLE in the mapping file";
  const bool known = std::ranges::any_of(result.ambiguous, [&](const AmbiguousName& a) {
    return a.connection == lookup.connection() &&
           NormalizeTableName(a.name) == NormalizeTableName(name);
  });
  if (!known) result.ambiguous.push_back({lookup.connection(), name, std::move(candidates)});
  return reason;
}

// Binds one object to its tables: the first candidate name that finds any table.
// `relative`: the key below S3_PREFIX, which the key's first `offset` characters are.
void Decide(const std::vector<std::string>& candidates, const std::string& relative, size_t offset,
            const Mapping& mapping, const TableLookup& pg, const TableLookup& sf, ObjectDecision& d,
            MatchResult& result) {
  for (const auto& name : candidates) {
    const std::string pg_name = mapping.SourceTableFor(name).value_or(name);
    const auto pg_tables = pg.Find(pg_name);
    const TableInfo* source = pg_tables.size() == 1 ? pg_tables[0] : nullptr;
    const std::string sf_name = TargetNameFor(mapping, name, source);
    const auto sf_tables = sf.Find(sf_name);
    if (pg_tables.empty() && sf_tables.empty()) continue;
    if (pg_tables.size() > 1) {
      d.reason = Ambiguous(pg, pg_name, pg_tables, result);
    } else if (sf_tables.size() > 1) {
      d.reason = Ambiguous(sf, sf_name, sf_tables, result);
    } else {
      d.source = source;
      d.target = sf_tables.empty() ? nullptr : sf_tables[0];
      if (auto folder = mapping.TableFolderForKey(relative, name)) {
        d.folder_end = offset + folder->size();
      }
    }
    return;
  }
  d.reason =
      "no " + pg.display() + " or " + sf.display() + " table named '" + candidates.front() + "'";
}

}  // namespace

struct ObjectMatcher::Lookups {
  TableLookup pg;
  TableLookup sf;
};

ObjectMatcher::ObjectMatcher(std::string prefix, const Mapping& mapping,
                             const ConnectionCatalog& source, const ConnectionCatalog& target)
    : prefix_(std::move(prefix)),
      mapping_(mapping),
      lookups_(std::make_unique<Lookups>(Lookups{TableLookup(source), TableLookup(target)})) {}

ObjectMatcher::~ObjectMatcher() = default;

ObjectDecision ObjectMatcher::Decide(const std::string& key, MatchResult& result) const {
  ObjectDecision d{0, nullptr, nullptr, "", 0};
  const std::string relative = KeyBelowPrefix(key, prefix_).value_or(key);
  const auto candidates = mapping_.TableCandidatesForKey(relative);
  if (mapping_.Excluded(relative)) {
    d.reason = "excluded by the mapping file";
  } else if (candidates.empty() && IsToolMarker(FileNameOf(relative))) {
    d.reason = "a tool's marker beside its data (a name starting with '_' or '.')";
  } else if (candidates.empty()) {
    d.reason =
        mapping_.templates().empty() ? "no file name to match a table" : "no key template matches";
  } else {
    lineage::Decide(candidates, relative, key.size() - relative.size(), mapping_, lookups_->pg,
                    lookups_->sf, d, result);
  }
  return d;
}

MatchResult MatchObjects(const std::vector<ObjectInfo>& objects, const std::string& prefix,
                         const Mapping& mapping, const ConnectionCatalog& source,
                         const ConnectionCatalog& target) {
  const ObjectMatcher matcher(prefix, mapping, source, target);
  MatchResult result;
  std::map<std::string, size_t> link_of;  // link key (table QN) → index into links
  for (size_t i = 0; i < objects.size(); ++i) {
    ObjectDecision d = matcher.Decide(objects[i].key, result);
    d.object = i;
    if (d.reason.empty()) {
      const std::string link_key = d.source ? d.source->qualified_name : d.target->qualified_name;
      auto [it, inserted] = link_of.emplace(link_key, result.links.size());
      if (inserted) result.links.push_back({d.source, d.target, {}, {}, std::nullopt, {}, {}});
      result.links[it->second].objects.push_back(i);
    }
    result.objects.push_back(std::move(d));
  }
  std::set<const TableInfo*> linked;
  for (const auto& link : result.links) {
    linked.insert(link.source);
    linked.insert(link.target);
    if (link.source && !link.target) {
      result.unpartnered.push_back(
          {source.connectors(), link.source->qualified_name,
           "no " + ConnectorDisplayName(target.connectors()) + " table to load into"});
    }
    if (!link.source && link.target) {
      result.unpartnered.push_back(
          {target.connectors(), link.target->qualified_name,
           "no " + ConnectorDisplayName(source.connectors()) + " table exports it"});
    }
  }
  for (const auto* catalog : {&source, &target}) {
    for (const auto& t : catalog->tables) {
      if (linked.contains(&t)) continue;
      result.unpartnered.push_back(
          {catalog->connectors(), t.qualified_name, "no object under the prefix"});
    }
  }
  return result;
}

void WarnAmbiguous(const MatchResult& match, Logger& log) {
  for (const auto& a : match.ambiguous) {
    log.Warn("the " + a.connection + " table name '" + a.name +
                 "' is ambiguous: its objects stay unmatched until the mapping file qualifies it "
                 "(SCHEMA.TABLE or DATABASE.SCHEMA.TABLE; with several connections a side, "
                 "<connection name>:TABLE too)",
             {{"name", a.name}, {"candidates", a.candidates}});
  }
}

void WarnUnusedMapping(const Mapping& mapping, const std::vector<ObjectInfo>& objects,
                       const std::string& prefix, const ConnectionCatalog& source,
                       const ConnectionCatalog& target, Logger& log) {
  const TableLookup pg(source);
  const TableLookup sf(target);
  // A name that stands for a Postgres table itself, or through `tables:` NAME: {postgres: …}.
  const auto postgres_tables = [&](const std::string& name) {
    return pg.Find(mapping.SourceTableFor(name).value_or(name));
  };
  for (const auto& [name, renamed_to] : mapping.table_renames()) {
    // A name given its Postgres table is said below when that table is none.
    if (!mapping.SourceTableFor(name) && postgres_tables(name).empty() && sf.Find(name).empty()) {
      log.Warn("mapping: tables: '" + name + "' names no table of either connection",
               {{"entry", name}});
    }
    if (sf.Find(renamed_to).empty()) {
      log.Warn("mapping: tables: '" + name + "' renames to '" + renamed_to + "', which is no " +
                   sf.display() + " table",
               {{"entry", name}});
    }
  }
  // The object form names the Postgres table itself: one that is none would leave the
  // name's objects unmatched (and their lineage archived) without a word.
  for (const auto& [name, source_name] : mapping.postgres_tables()) {
    if (pg.Find(source_name).empty()) {
      log.Warn("mapping: tables: '" + name + "' stands for the " + pg.display() + " table '" +
                   source_name + "', which is no " + pg.display() + " table",
               {{"entry", name}});
    }
  }
  const auto has_column = [](const std::vector<const TableInfo*>& tables,
                             const std::string& normalized) {
    return std::ranges::any_of(tables, [&](const TableInfo* t) {
      return std::ranges::any_of(t->columns, [&](const ColumnInfo& c) {
        return NormalizeColumnName(c.name) == normalized;
      });
    });
  };
  for (const auto& [name, renames] : mapping.column_renames()) {
    const auto tables = postgres_tables(name);
    if (tables.empty()) {
      log.Warn("mapping: columns: '" + name + "' names no " + pg.display() + " table",
               {{"entry", name}});
      continue;
    }
    // The Snowflake tables those load into; none found is the `tables:` warnings' business.
    std::vector<const TableInfo*> targets;
    for (const TableInfo* t : tables) {
      for (const TableInfo* sf_table : sf.Find(TargetNameFor(mapping, name, t))) {
        targets.push_back(sf_table);
      }
    }
    for (const auto& [column, renamed_to] : renames) {
      if (!has_column(tables, column)) {
        log.Warn("mapping: columns: '" + name + "' renames a column the table does not have",
                 {{"entry", name}, {"column", column}});
      }
      if (!targets.empty() && !has_column(targets, NormalizeColumnName(renamed_to))) {
        log.Warn("mapping: columns: '" + name + "' renames to the column '" + renamed_to +
                     "', which the " + sf.display() + " table lacks",
                 {{"entry", name}, {"column", column}});
      }
    }
  }
  if (objects.empty()) return;  // the listing's own warning says more
  for (const auto& key_template : mapping.templates()) {
    const bool matches = std::ranges::any_of(objects, [&](const ObjectInfo& o) {
      const auto relative = KeyBelowPrefix(o.key, prefix);
      return relative && key_template.Match(*relative);
    });
    if (!matches) {
      log.Warn("mapping: objects: the template '" + key_template.text() +
                   "' matches no key under S3_PREFIX",
               {{"template", key_template.text()}, {"prefix", prefix}});
    }
  }
}

std::string Explain(const UnlinkedColumn& column, const std::string& source,
                    const std::string& target) {
  switch (column.reason) {
    case UnlinkedReason::kNotInHeader:
      return "not in the CSV header of the table's objects";
    case UnlinkedReason::kNoTargetColumn:
      return column.renamed_to.empty()
                 ? "no " + target + " column named '" + column.column->name + "'"
                 : "the mapping renames it to '" + column.renamed_to + "', which the " + target +
                       " table lacks";
    case UnlinkedReason::kNoSourceColumn:
      return "no " + source + " column maps to it";
  }
  return "";
}

void LinkColumns(TableLink& link, const Mapping& mapping) {
  link.columns.clear();
  link.unlinked.clear();
  if (link.source == nullptr || link.target == nullptr) return;
  std::set<std::string> in_header;
  if (link.header) {
    for (const auto& name : *link.header) in_header.insert(NormalizeColumnName(name));
  }
  std::unordered_map<std::string, const ColumnInfo*> sf_columns;
  for (const auto& c : link.target->columns) sf_columns.emplace(NormalizeColumnName(c.name), &c);
  std::set<const ColumnInfo*> sf_linked;
  // A `columns:` entry may qualify its table (SCHEMA.TABLE), the most qualified one wins.
  const auto table_names = MappingNames(*link.source);
  for (const auto& pg_column : link.source->columns) {
    if (link.header && !in_header.contains(NormalizeColumnName(pg_column.name))) {
      link.unlinked.push_back({&pg_column, UnlinkedReason::kNotInHeader, ""});
      continue;
    }
    std::optional<std::string> renamed;
    for (const auto& name : table_names) {
      if ((renamed = mapping.TargetColumnFor(name, pg_column.name))) break;
    }
    auto it = sf_columns.find(NormalizeColumnName(renamed.value_or(pg_column.name)));
    if (it == sf_columns.end()) {
      link.unlinked.push_back({&pg_column, UnlinkedReason::kNoTargetColumn, renamed.value_or("")});
      continue;
    }
    const auto typed = link.file_types.find(NormalizeColumnName(pg_column.name));
    link.columns.push_back(
        {&pg_column, it->second, typed != link.file_types.end() ? typed->second : ""});
    sf_linked.insert(it->second);
  }
  for (const auto& sf_column : link.target->columns) {
    if (!sf_linked.contains(&sf_column)) {
      link.unlinked.push_back({&sf_column, UnlinkedReason::kNoSourceColumn, ""});
    }
  }
}

std::vector<const ColumnInfo*> CarriedColumns(const TableLink& link) {
  if (link.source == nullptr) return {};
  std::set<const ColumnInfo*> not_carried;
  for (const auto& unlinked : link.unlinked) {
    if (unlinked.reason == UnlinkedReason::kNotInHeader) not_carried.insert(unlinked.column);
  }
  std::vector<const ColumnInfo*> carried;
  for (const auto& column : link.source->columns) {
    if (!not_carried.contains(&column)) carried.push_back(&column);
  }
  return carried;
}

std::vector<std::string> CarriedTags(const TableLink& link) {
  if (link.source == nullptr) return {};
  std::set<std::string> tags(link.source->tags.begin(), link.source->tags.end());
  for (const ColumnInfo* column : CarriedColumns(link)) {
    tags.insert(column->tags.begin(), column->tags.end());
  }
  return {tags.begin(), tags.end()};
}

}  // namespace delta_arc::lineage
