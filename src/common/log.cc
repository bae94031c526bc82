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

std::string Timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
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

Logger::Logger(LogLevel level, bool json, Sink sink)
    : level_(level), json_(json), sink_(std::move(sink)) {
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
    nlohmann::json out = {
        {"timestamp", Timestamp()}, {"level", LevelName(level)}, {"message", message}};
    for (const auto& [k, v] : fixed) out[k] = v;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) out[k] = v;
    }
    line = JsonText(out);
  } else {
    line = Timestamp() + " " + LevelName(level) + " " + message;
    for (const auto& [k, v] : fixed) line += " " + k + "=" + v;
    if (fields.is_object()) {
      for (const auto& [k, v] : fields.items()) {
        line += " " + k + "=" + (v.is_string() ? Printable(v.get<std::string>()) : JsonText(v));
      }
    }
  }
  sink_(Redact(std::move(line)));
}

}  // namespace delta_arc
