// Matching; see match.h.
#include "lineage/match.h"

#include <map>
#include <set>
#include <unordered_map>

namespace delta_arc::lineage {

namespace {

using TableIndex = std::unordered_map<std::string, const TableInfo*>;

TableIndex IndexByName(const ConnectionCatalog& catalog) {
  TableIndex index;
  for (const auto& t : catalog.tables) {
    // A table wins over a view of the same name.
    auto [it, inserted] = index.emplace(NormalizeTableName(t.name), &t);
    if (!inserted && it->second->type_name != "Table" && t.type_name == "Table") it->second = &t;
  }
  return index;
}

const TableInfo* Find(const TableIndex& index, const std::string& name) {
  auto it = index.find(NormalizeTableName(name));
  return it == index.end() ? nullptr : it->second;
}

}  // namespace

MatchResult MatchObjects(const std::vector<ObjectInfo>& objects, const std::string& prefix,
                         const Mapping& mapping, const ConnectionCatalog& postgres,
                         const ConnectionCatalog& snowflake) {
  const TableIndex pg = IndexByName(postgres);
  const TableIndex sf = IndexByName(snowflake);
  MatchResult result;
  std::map<std::string, size_t> link_of;  // link key (table QN) → index into links
  for (size_t i = 0; i < objects.size(); ++i) {
    ObjectDecision d{i, nullptr, nullptr, ""};
    const std::string relative = KeyBelowPrefix(objects[i].key, prefix).value_or(objects[i].key);
    const auto candidates = mapping.TableCandidatesForKey(relative);
    if (mapping.Excluded(relative)) {
      d.reason = "excluded by the mapping file";
    } else if (candidates.empty()) {
      d.reason =
          mapping.templates().empty() ? "no file name to match a table" : "no key template matches";
    } else {
      // An ambiguous template may bind several names: the first that is a table wins.
      for (const auto& table : candidates) {
        d.postgres = Find(pg, table);
        const auto renamed =
            d.postgres ? mapping.SnowflakeTableFor(d.postgres->name) : std::nullopt;
        d.snowflake = Find(sf, renamed.value_or(table));
        if (d.postgres != nullptr || d.snowflake != nullptr) break;
      }
      if (d.postgres == nullptr && d.snowflake == nullptr) {
        d.reason = "no Postgres or Snowflake table named '" + candidates.front() + "'";
      }
    }
    if (d.reason.empty()) {
      const std::string link_key =
          d.postgres ? d.postgres->qualified_name : d.snowflake->qualified_name;
      auto [it, inserted] = link_of.emplace(link_key, result.links.size());
      if (inserted) result.links.push_back({d.postgres, d.snowflake, {}, {}, std::nullopt});
      result.links[it->second].objects.push_back(i);
    }
    result.objects.push_back(std::move(d));
  }
  std::set<const TableInfo*> linked;
  for (const auto& link : result.links) {
    linked.insert(link.postgres);
    linked.insert(link.snowflake);
    if (link.postgres && !link.snowflake) {
      result.unpartnered.push_back(
          {"postgres", link.postgres->qualified_name, "no Snowflake table to load into"});
    }
    if (!link.postgres && link.snowflake) {
      result.unpartnered.push_back(
          {"snowflake", link.snowflake->qualified_name, "no Postgres table exports it"});
    }
  }
  for (const auto* catalog : {&postgres, &snowflake}) {
    for (const auto& t : catalog->tables) {
      if (linked.contains(&t)) continue;
      result.unpartnered.push_back({catalog == &postgres ? "postgres" : "snowflake",
                                    t.qualified_name, "no object under the prefix"});
    }
  }
  return result;
}

void LinkColumns(TableLink& link, const Mapping& mapping) {
  link.columns.clear();
  if (link.postgres == nullptr || link.snowflake == nullptr) return;
  std::set<std::string> in_header;
  if (link.header) {
    for (const auto& name : *link.header) in_header.insert(NormalizeColumnName(name));
  }
  std::unordered_map<std::string, const ColumnInfo*> sf_columns;
  for (const auto& c : link.snowflake->columns) sf_columns.emplace(NormalizeColumnName(c.name), &c);
  for (const auto& pg_column : link.postgres->columns) {
    if (link.header && !in_header.contains(NormalizeColumnName(pg_column.name))) continue;
    const auto renamed = mapping.SnowflakeColumnFor(link.postgres->name, pg_column.name);
    auto it = sf_columns.find(NormalizeColumnName(renamed.value_or(pg_column.name)));
    if (it != sf_columns.end()) link.columns.push_back({&pg_column, it->second});
  }
}

}  // namespace delta_arc::lineage
