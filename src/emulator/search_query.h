// Translates the Elasticsearch DSL subset that Atlan's SDKs emit into a SQL
// WHERE clause over the emulator's entity table, so a search over a large
// tenant runs on SQLite's indexes instead of a scan in C++.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "emulator/sqlite_db.h"

namespace delta_arc::emulator {

struct SqlFilter {
  std::string where;  // a boolean SQL expression over table alias `e`
  std::vector<SqlValue> params;
};

struct SqlOrder {
  struct Key {
    std::string expression;  // e.g. "e.created_at"
    std::string direction;   // ASC | DESC
  };
  std::string order_by;        // e.g. "e.created_at ASC, e.guid ASC"
  std::string leading_column;  // e.g. "e.created_at": the index that can deliver this order
  std::vector<Key> keys;       // order_by one key at a time
};

// Whether `field` is one of Atlan's keyword fields with its lowercase normalizer.
bool IsNormalizedKeyword(const std::string& field);

// `query` is the DSL's "query" object. Unsupported clauses are an error naming them.
// normalize_keywords: terms on Atlan's normalized keyword fields match any case.
Result<SqlFilter> TranslateQuery(const nlohmann::json& query, bool normalize_keywords = true);

// Rows that pass both filters (a query and its post_filter).
SqlFilter BothOf(const SqlFilter& first, const SqlFilter& second);

// `sort` is the DSL's "sort" array (or absent); the guid is always the final tiebreaker
// so that paging is stable.
Result<SqlOrder> TranslateSort(const nlohmann::json& sort);

}  // namespace delta_arc::emulator
