// Logging: human text or JSON lines (LOG_FORMAT), a level (LOG_LEVEL), fixed
// fields such as the Lambda request id, and redaction of every registered
// secret, so a token can never reach a log line whatever the caller passes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace delta_arc {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Parses "debug" | "info" | "warn" | "error"; anything else is kInfo.
LogLevel ParseLogLevel(std::string_view text);

class Logger {
 public:
  using Sink = std::function<void(const std::string& line)>;
  using Clock = std::function<int64_t()>;  // epoch milliseconds

  // Writes to stderr by default. Each line starts with the time `now_ms` tells (the
  // composition root's Env); without one, lines carry no time.
  explicit Logger(LogLevel level = LogLevel::kInfo, bool json = false, Sink sink = {},
                  Clock now_ms = {});

  void AddSecret(const std::string& secret);  // redacted from every line from now on
  void SetField(const std::string& name, const std::string& value);  // on every line
  void ClearField(const std::string& name);

  void Log(LogLevel level, const std::string& message, const nlohmann::json& fields = {});
  void Debug(const std::string& m, const nlohmann::json& f = {}) { Log(LogLevel::kDebug, m, f); }
  void Info(const std::string& m, const nlohmann::json& f = {}) { Log(LogLevel::kInfo, m, f); }
  void Warn(const std::string& m, const nlohmann::json& f = {}) { Log(LogLevel::kWarn, m, f); }
  void Error(const std::string& m, const nlohmann::json& f = {}) { Log(LogLevel::kError, m, f); }

  // Replaces every registered secret in `text` with "***".
  std::string Redact(std::string text) const;
  bool json() const { return json_; }

 private:
  LogLevel level_;
  bool json_;
  Sink sink_;
  Clock now_ms_;
  mutable std::mutex mu_;
  std::mutex sink_mu_;  // held while the sink takes a line
  std::vector<std::string> secrets_;
  std::map<std::string, std::string> fields_;
};

}  // namespace delta_arc
