// Logging; see log.h.
#include "common/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "common/json_text.h"
#include "common/utf8.h"

namespace delta_arc {

namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// ISO 8601 in UTC, to the millisecond.
std::string Timestamp(int64_t epoch_ms) {
  const int64_t ms = epoch_ms % 1000;
  const std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

LogLevel ParseLogLevel(std::string_view text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "warn") return LogLevel::kWarn;
  if (text == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

Logger::Logger(LogLevel level, bool json, Sink sink, Clock now_ms)
    : level_(level), json_(json), sink_(std::move(sink)), now_ms_(std::move(now_ms)) {
  if (!sink_) sink_ = [](const std::string& line) { std::cerr << line << std::endl; };
}

void Logger::AddSecret(const std::string& secret) {
  if (secret.size() < 4) return;  // too short to redact without mangling ordinary text
  // A JSON line carries the secret escaped (a quote as \", a backslash as \\): that
  // form is redacted too.
  const std::string quoted = JsonText(nlohmann::json(secret));
  const std::string escaped = quoted.substr(1, quoted.size() - 2);
  std::lock_guard lock(mu_);
  secrets_.push_back(secret);
  if (escaped != secret) secrets_.push_back(escaped);
}

void Logger::SetField(const std::string& name, const std::string& value) {
  std::lock_guard lock(mu_);
  fields_[name] = value;
}

void Logger::ClearField(const std::string& name) {
  std::lock_guard lock(mu_);
  fields_.erase(name);
}

std::string Logger::Redact(std::string text) const {
  std::lock_guard lock(mu_);
  for (const auto& secret : secrets_) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

void Logger::Log(LogLevel level, const std::string& message, const nlohmann::json& fields) {
  if (level < level_) return;
  std::string line;
  std::map<std::string, std::string> fixed;
  {
    std::lock_guard lock(mu_);
    fixed = fields_;
  }
  if (json_) {
    nlohmann::json out = {{"level", LevelName(level)}, {"message", message}};
    if (now_ms_) out["timestamp"] = Timestamp(now_ms_());
    for (const auto& [k, v] : fixed) out[k] = v;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) out[k] = v;
    }
    line = JsonText(out);
  } else {
    line = (now_ms_ ? Timestamp(now_ms_()) + " " : "") + LevelName(level) + " " + message;
    for (const auto& [k, v] : fixed) line += " " + k + "=" + v;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) {
        line += " " + k + "=" + (v.is_string() ? Printable(v.get<std::string>()) : JsonText(v));
      }
    }
  }
  line = Redact(std::move(line));
  // One line at a time into the sink: a run logs from more than one thread (the listing
  // beside the catalogs), and a sink (Lambda's, a test's) need not be safe to call at once.
  const std::lock_guard lock(sink_mu_);
  sink_(line);
}

}  // namespace delta_arc
