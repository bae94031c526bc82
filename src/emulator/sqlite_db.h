// RAII wrappers over SQLite: a database handle and prepared statements that
// bind and read by position. Errors become Status values, never exceptions.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "common/error.h"

namespace delta_arc::emulator {

using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

class Statement {
 public:
  // `in_use`: set when the statement is borrowed from its database's cache; it is then
  // reset and handed back, not finalized, when this object goes.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use = nullptr)
      : db_(db), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  void Bind(int index, const SqlValue& value);
  void BindAll(const std::vector<SqlValue>& values);
  // Advances to the next row. Returns true on a row, false when done; errors as Status.
  Result<bool> Step();
  Status Run();  // steps to completion
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
};

// Every row `stmt` gives, each made by `read(stmt)`; the first error stops it.
template <typename Read>
auto AllRows(Statement& stmt, Read read)
    -> Result<std::vector<std::invoke_result_t<Read, const Statement&>>> {
  std::vector<std::invoke_result_t<Read, const Statement&>> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(read(stmt));
  }
}

// One connection. Not for use from two threads at once (its statement cache is
// unguarded): the server holds its store's mutex around every use.
class SqliteDb {
 public:
  // Opens (creating) the file, or a private in-memory database for an empty path.
  static Result<SqliteDb> Open(const std::string& path);
  SqliteDb(SqliteDb&& other) noexcept : db_(other.db_), cache_(std::move(other.cache_)) {
    other.db_ = nullptr;
  }
  SqliteDb& operator=(SqliteDb&&) = delete;
  SqliteDb(const SqliteDb&) = delete;
  ~SqliteDb();

  Status Exec(std::string_view sql);
  // Prepares one statement, binds `params` in order and runs it to completion.
  Status Execute(std::string_view sql, const std::vector<SqlValue>& params);
  // Compiles `sql` once per database: a later call with the same text gets the same
  // statement back, reset, unless it is still in use (then a fresh one).
  Result<Statement> Prepare(std::string_view sql);
  // Makes `fn` callable from SQL as `name(text)`: a deterministic function of one text
  // argument (NULL stays NULL).
  using TextFunction = std::string (*)(std::string_view);
  Status DefineFunction(const char* name, TextFunction fn);
  // Makes `fn` callable from SQL as `name(text, text)`: a deterministic test of two text
  // arguments, 1 or 0 (NULL when either is NULL).
  using TextPredicate = bool (*)(std::string_view, std::string_view);
  Status DefinePredicate(const char* name, TextPredicate fn);
  int64_t Changes() const { return sqlite3_changes64(db_); }

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  // Compiled statements by SQL text. Its nodes stay put (and the flags statements
  // point to with them) when the map grows or moves.
  std::unordered_map<std::string, Cached> cache_;
};

// Begins a transaction and rolls it back on scope exit unless committed, so one
// failed bulk request leaves nothing behind.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status Begin();
  Status Commit();

 private:
  SqliteDb& db_;
  bool open_ = false;
};

}  // namespace delta_arc::emulator
