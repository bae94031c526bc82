// SQLite wrappers; see sqlite_db.h.
#include "emulator/sqlite_db.h"

namespace delta_arc::emulator {

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), in_use_(other.in_use_) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

void Statement::Bind(int index, const SqlValue& value) {
  if (std::holds_alternative<int64_t>(value)) {
    sqlite3_bind_int64(stmt_, index, std::get<int64_t>(value));
  } else if (std::holds_alternative<double>(value)) {
    sqlite3_bind_double(stmt_, index, std::get<double>(value));
  } else if (std::holds_alternative<std::string>(value)) {
    const auto& s = std::get<std::string>(value);
    sqlite3_bind_text(stmt_, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt_, index);
  }
}

void Statement::BindAll(const std::vector<SqlValue>& values) {
  for (size_t i = 0; i < values.size(); ++i) Bind(static_cast<int>(i + 1), values[i]);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(ErrorKind::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int col) const {
  const auto* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

namespace {

void CallTextFunction(sqlite3_context* context, int, sqlite3_value** args) {
  const auto* text = sqlite3_value_text(args[0]);
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  auto fn = reinterpret_cast<SqliteDb::TextFunction>(sqlite3_user_data(context));
  const std::string out = fn(std::string_view(reinterpret_cast<const char*>(text),
                                              static_cast<size_t>(sqlite3_value_bytes(args[0]))));
  sqlite3_result_text(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

namespace {

void CallTextPredicate(sqlite3_context* context, int, sqlite3_value** args) {
  const auto* first = sqlite3_value_text(args[0]);
  const auto* second = sqlite3_value_text(args[1]);
  if (first == nullptr || second == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  auto fn = reinterpret_cast<SqliteDb::TextPredicate>(sqlite3_user_data(context));
  const bool out = fn(std::string_view(reinterpret_cast<const char*>(first),
                                       static_cast<size_t>(sqlite3_value_bytes(args[0]))),
                      std::string_view(reinterpret_cast<const char*>(second),
                                       static_cast<size_t>(sqlite3_value_bytes(args[1]))));
  sqlite3_result_int(context, out ? 1 : 0);
}

}  // namespace

Status SqliteDb::DefinePredicate(const char* name, TextPredicate fn) {
  const int rc = sqlite3_create_function_v2(db_, name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            reinterpret_cast<void*>(fn), CallTextPredicate, nullptr,
                                            nullptr, nullptr);
  if (rc != SQLITE_OK) return Fail(ErrorKind::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
  return Ok();
}

Status SqliteDb::DefineFunction(const char* name, TextFunction fn) {
  const int rc = sqlite3_create_function_v2(db_, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            reinterpret_cast<void*>(fn), CallTextFunction, nullptr,
                                            nullptr, nullptr);
  if (rc != SQLITE_OK) return Fail(ErrorKind::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
  return Ok();
}

Result<SqliteDb> SqliteDb::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const std::string target = path.empty() ? ":memory:" : path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(target.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorKind::kIo, "cannot open database '" + target + "': " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  return SqliteDb(db);
}

SqliteDb::~SqliteDb() {
  if (db_ == nullptr) return;
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close(db_);
}

Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string owned(sql);
  if (sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return Fail(ErrorKind::kIo, "sqlite: " + message);
  }
  return Ok();
}

Status SqliteDb::Execute(std::string_view sql, const std::vector<SqlValue>& params) {
  auto stmt = Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->BindAll(params);
  return stmt->Run();
}

Result<Statement> SqliteDb::Prepare(std::string_view sql) {
  // Searches build their SQL from the query: past this many texts, the unused ones go.
  constexpr size_t kMaxCached = 256;
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return Fail(ErrorKind::kInternal, std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
  }
  if (it != cache_.end()) return Statement(db_, stmt);  // the cached one is busy
  if (cache_.size() >= kMaxCached) {
    std::erase_if(cache_, [](auto& entry) {
      if (entry.second.in_use) return false;
      sqlite3_finalize(entry.second.stmt);
      return true;
    });
  }
  Cached& cached = cache_[std::string(sql)];
  cached = {stmt, true};
  return Statement(db_, stmt, &cached.in_use);
}

Transaction::Transaction(SqliteDb& db) : db_(db) {}

Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Begin() {
  auto s = db_.Exec("BEGIN IMMEDIATE");
  if (s) open_ = true;
  return s;
}

Status Transaction::Commit() {
  auto s = db_.Exec("COMMIT");
  if (s) open_ = false;
  return s;
}

}  // namespace delta_arc::emulator
