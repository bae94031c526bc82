// Loading delta-arc's configuration: .env parsing, merging the sources by
// precedence, and validation that reports every problem at once.
#include "lineage/config.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>

#include "common/utf8.h"
#include "lineage/settings.h"

namespace delta_arc::lineage {

LineageLevel LineageLevelNamed(std::string_view name) {
  return name == "prefix" ? LineageLevel::kPrefix : LineageLevel::kObject;
}

LogFormat LogFormatNamed(std::string_view name) {
  return name == "json" ? LogFormat::kJson : LogFormat::kText;
}

namespace {

using Settings = std::map<std::string, std::string>;

bool IsKnownSetting(std::string_view name) {
  return FindSetting(name) != nullptr;
}

bool IsSecret(std::string_view name) {
  const Setting* setting = FindSetting(name);
  return setting != nullptr && setting->secret;
}

// A bad, non-secret value as shown in a message: quoted, control characters
// escaped (a message is one line), long values shortened.
std::string Shown(std::string_view value) {
  constexpr size_t kMaxShown = 80;
  std::string out = "\"";
  for (const char c : value.substr(0, kMaxShown)) {
    if (IsControl(c)) {
      constexpr std::string_view kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 0xf];
    } else {
      out += c;
    }
  }
  out += value.size() > kMaxShown ? "\"..." : "\"";
  return out;
}

// The collected problems, at most one line per variable, in the settings table's
// order (names that are no setting first).
class Problems {
 public:
  void Add(std::string_view name, std::string_view what) {
    if (Has(name)) return;
    lines_.push_back({std::string(name), std::string(name) + ": " + std::string(what)});
  }
  void Missing(std::string_view name, std::string_view expected) {
    Add(name, "required, " + std::string(expected));
  }
  // A bad value: echoed unless it is a secret.
  void Bad(std::string_view name, std::string_view expected, std::string_view value) {
    const std::string got =
        IsSecret(name) ? " (value not shown: it is a secret)" : ", got " + Shown(value);
    Add(name, "expected " + std::string(expected) + got);
  }
  bool empty() const { return lines_.empty(); }
  bool Has(std::string_view name) const {
    return std::ranges::find(lines_, name, &Line::name) != lines_.end();
  }
  std::string Joined() const {
    std::vector<Line> lines = lines_;
    std::ranges::stable_sort(lines, {}, [](const Line& line) { return TableIndex(line.name); });
    std::string out;
    for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line.text;
    return out;
  }

 private:
  struct Line {
    std::string name;
    std::string text;
  };
  static std::ptrdiff_t TableIndex(std::string_view name) {
    const Setting* setting = FindSetting(name);
    return setting == nullptr ? -1 : setting - std::begin(kSettings);
  }
  std::vector<Line> lines_;
};

// ---- .env parsing ----

struct DotenvEntry {
  std::string name;
  std::string value;
};

// After a closing quote only whitespace and a comment may follow.
bool OnlyCommentLeft(std::string_view rest) {
  rest = Trim(rest);
  return rest.empty() || rest.front() == '#';
}

std::expected<std::string, std::string> SingleQuoted(std::string_view text) {
  const size_t close = text.find('\'', 1);
  if (close == std::string_view::npos) return std::unexpected("unterminated single quote");
  if (!OnlyCommentLeft(text.substr(close + 1))) {
    return std::unexpected("unexpected text after the closing quote");
  }
  return std::string(text.substr(1, close - 1));
}

char Unescaped(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return c;  // '"' and '\\'
  }
}

std::expected<std::string, std::string> DoubleQuoted(std::string_view text) {
  constexpr std::string_view kEscapable = "nrt\"\\";
  std::string value;
  for (size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      if (!OnlyCommentLeft(text.substr(i + 1))) {
        return std::unexpected("unexpected text after the closing quote");
      }
      return value;
    }
    if (c == '\\' && i + 1 < text.size() && kEscapable.find(text[i + 1]) != kEscapable.npos) {
      value += Unescaped(text[++i]);
    } else {
      value += c;  // an unknown escape keeps its backslash, as in "C:\data"
    }
  }
  return std::unexpected("unterminated double quote");
}

// An unquoted value ends at a '#' that follows whitespace (a comment).
std::string Unquoted(std::string_view text) {
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '#' && IsSpace(text[i - 1])) return std::string(Trim(text.substr(0, i)));
  }
  return std::string(Trim(text));
}

// `raw` is everything after '='; "A= # note" is empty, but "A=#1" is "#1".
std::expected<std::string, std::string> DotenvValue(std::string_view raw) {
  const std::string_view text = Trim(raw);
  if (text.empty() || (text.front() == '#' && IsSpace(raw.front()))) return std::string();
  if (text.front() == '\'') return SingleQuoted(text);
  if (text.front() == '"') return DoubleQuoted(text);
  return Unquoted(text);
}

// One line: nullopt for a blank or comment line, an error naming why (never the
// line's text) for a malformed one.
std::expected<std::optional<DotenvEntry>, std::string> ParseDotenvLine(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.front() == '#') return std::nullopt;
  if (line.starts_with("export") && line.size() > 6 && IsSpace(line[6])) {
    line = Trim(line.substr(6));
  }
  size_t end = 0;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  const std::string_view rest = TrimFront(line.substr(end));
  if (end == 0 || !IsNameStart(line[0]) || rest.empty() || rest.front() != '=') {
    return std::unexpected("expected NAME=value, NAME of letters, digits and '_'");
  }
  auto value = DotenvValue(rest.substr(1));
  if (!value) return std::unexpected(std::string(line.substr(0, end)) + ": " + value.error());
  return DotenvEntry{std::string(line.substr(0, end)), std::move(*value)};
}

// ---- merging ----

// One source with empty values dropped, values trimmed, and ATLAN_API_KEY folded
// into ATLAN_API_TOKEN unless that is set in the same source.
Settings Normalized(const Settings& source) {
  Settings out;
  for (const auto& [name, value] : source) {
    const std::string_view trimmed = Trim(value);
    if (IsKnownSetting(name) && !trimmed.empty()) out[name] = std::string(trimmed);
  }
  // Both, with different tokens, stay both: LoadToken refuses to pick one silently.
  if (const auto key = out.find("ATLAN_API_KEY"); key != out.end()) {
    const auto [token, inserted] = out.try_emplace("ATLAN_API_TOKEN", key->second);
    if (inserted || token->second == key->second) out.erase(key);
  }
  return out;
}

Result<Settings> ReadDotenv(const ConfigSources& sources) {
  if (!sources.dotenv_path) return Settings{};
  std::error_code ec;
  if (!sources.dotenv_required && !std::filesystem::exists(*sources.dotenv_path, ec)) {
    return Settings{};
  }
  auto parsed = ParseDotenv(*sources.dotenv_path);
  // Named for where the path came from: a file the user named (--env-file) or ./.env.
  if (!parsed) {
    return Fail(ErrorKind::kInvalidArgument,
                std::string(sources.dotenv_required ? "--env-file " : "") + parsed.error().message);
  }
  return *parsed;
}

// Lower levels first; each higher level overwrites.
Result<Settings> Merge(const ConfigSources& sources) {
  auto merged = ReadDotenv(sources);
  if (!merged) return merged;
  Settings settings = Normalized(*merged);
  for (const auto* level : {&sources.environment, &sources.flags}) {
    for (auto& [name, value] : Normalized(*level)) settings[name] = std::move(value);
  }
  return settings;
}

void CheckFlagNames(const Settings& flags, Problems& problems) {
  for (const auto& [name, value] : flags) {
    if (!IsKnownSetting(name)) problems.Add(name, "not a delta-arc setting (flag name)");
  }
}

// ---- loading through the settings table ----

// The merged settings as one command reads them: a setting the command does not
// read (Setting::read_by) looks unset, and only sync and plan require any.
struct Input {
  const Settings& settings;
  ConfigPurpose purpose;

  bool Reads(std::string_view name) const {
    const Setting* setting = FindSetting(name);
    return setting != nullptr &&
           (purpose != ConfigPurpose::kCache || setting->read_by == ReadBy::kEveryCommand);
  }
  bool Required(std::string_view name) const {
    return Reads(name) && purpose != ConfigPurpose::kCache && FindSetting(name)->required;
  }
  std::optional<std::string> Get(std::string_view name) const {
    const auto it = settings.find(std::string(name));
    if (it == settings.end() || !Reads(name)) return std::nullopt;
    return it->second;
  }
};

// Each setting the command reads, through the table: missing when required, checked,
// then stored in its field.
void LoadEach(const Input& in, Config& config, Problems& problems) {
  for (const Setting& setting : kSettings) {
    const auto value = in.Get(setting.name);
    if (!value) {
      if (in.Required(setting.name)) problems.Missing(setting.name, setting.expected);
      continue;
    }
    if (const Problem problem = setting.check(*value)) {
      if (problem->empty()) problems.Bad(setting.name, setting.expected, *value);
      if (!problem->empty()) problems.Add(setting.name, *problem);
      continue;
    }
    if (setting.store != nullptr) setting.store(config, *value);
  }
}

// ---- the rules that span settings ----

// One source of the token, and some source when the command reads it.
void CheckToken(const Input& in, Problems& problems) {
  constexpr std::string_view kExpected =
      "an Atlan API token (ATLAN_API_TOKEN or ATLAN_API_KEY), or ATLAN_API_TOKEN_SECRET_ARN / "
      "ATLAN_API_TOKEN_PARAMETER saying where to read it";
  const std::array<std::string_view, 3> sources = {"ATLAN_API_TOKEN", "ATLAN_API_TOKEN_SECRET_ARN",
                                                   "ATLAN_API_TOKEN_PARAMETER"};
  const auto given = std::ranges::count_if(sources, [&](auto n) { return in.Get(n).has_value(); });
  // Merging kept ATLAN_API_KEY only when it differs from ATLAN_API_TOKEN in one source.
  if (in.Get("ATLAN_API_KEY")) {
    problems.Add("ATLAN_API_TOKEN",
                 "ATLAN_API_TOKEN and ATLAN_API_KEY are both set, to different tokens; set one "
                 "(values not shown: they are secrets)");
  }
  if (given == 0 && in.Reads("ATLAN_API_TOKEN")) problems.Missing("ATLAN_API_TOKEN", kExpected);
  if (given > 1) {
    problems.Add("ATLAN_API_TOKEN",
                 "set only one of ATLAN_API_TOKEN (or ATLAN_API_KEY), "
                 "ATLAN_API_TOKEN_SECRET_ARN, ATLAN_API_TOKEN_PARAMETER");
  }
}

// Each side's connection named once: by the setting of its connector, or by the one that
// takes any SQL connector.
void CheckConnectionSides(const Input& in, Problems& problems) {
  for (const auto& [by_connector, by_any] : {kSourceSettings, kTargetSettings}) {
    const bool named = in.Get(by_connector).has_value();
    const bool named_any = in.Get(by_any).has_value();
    if (named && named_any) {
      problems.Add(by_any, "set one of " + std::string(by_connector) + " and " + by_any);
    } else if (!named && !named_any && in.Reads(by_connector) &&
               in.purpose != ConfigPurpose::kCache) {
      problems.Missing(by_connector, std::string(FindSetting(by_connector)->expected) + " (or " +
                                         by_any + ": of any SQL connector)");
    }
  }
}

// S3_BUCKET_ARN names S3_BUCKET_NAME, in any partition; its default follows AWS_REGION's.
void LoadBucketArn(const Input& in, Config& config, Problems& problems) {
  if (config.s3_bucket_name.empty()) return;  // reported already; nothing to compare with
  // The default follows AWS_REGION's partition.
  const std::string base = "arn:" + std::string(PartitionOf(in.Get("AWS_REGION").value_or(""))) +
                           ":s3:::" + config.s3_bucket_name;
  const auto given = in.Get("S3_BUCKET_ARN").value_or(base);
  const auto arn = BucketArn(given, config.s3_bucket_name);
  if (!arn) {
    return problems.Bad("S3_BUCKET_ARN",
                        base + ", or that followed by /<suffix> such as " + base + "/team-a",
                        given);
  }
  config.s3_bucket_arn = *arn;
}

// A connection delta-arc creates needs at least one admin.
void DefaultAdmins(const Input& in, Config& config) {
  if (!in.Reads("S3_CONNECTION_ADMIN_ROLES")) return;  // no connection to create
  if (config.s3_connection_admin_users.empty() && config.s3_connection_admin_groups.empty() &&
      config.s3_connection_admin_roles.empty()) {
    config.s3_connection_admin_roles = {"$admin"};
  }
}

// Lineage through objects needs the objects: S3_REGISTER_OBJECTS=false is for the prefix
// level alone. Checked on the values stored, so an invalid level is reported once, above.
void CheckObjectsForObjectLineage(const Input& in, const Config& config, Problems& problems) {
  if (!in.Reads("S3_REGISTER_OBJECTS") || config.s3_register_objects ||
      config.s3_lineage_level != LineageLevel::kObject) {
    return;
  }
  problems.Add("S3_REGISTER_OBJECTS",
               "false needs S3_LINEAGE_LEVEL=prefix: with S3_LINEAGE_LEVEL=object the lineage "
               "runs through the objects, which must then be registered");
}

// AWS keys come in pairs, as every AWS SDK reads them.
void CheckAwsKeyPair(const Input& in, Problems& problems) {
  const bool key_id = in.Get("AWS_ACCESS_KEY_ID").has_value();
  const bool secret = in.Get("AWS_SECRET_ACCESS_KEY").has_value();
  if (key_id && !secret) {
    problems.Add("AWS_SECRET_ACCESS_KEY", "required when AWS_ACCESS_KEY_ID is set");
  }
  if (!key_id && (secret || in.Get("AWS_SESSION_TOKEN"))) {
    problems.Add("AWS_ACCESS_KEY_ID",
                 "required when AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN is set");
  }
}

// A batch starts at ATLAN_BATCH_SIZE and grows up to ATLAN_MAX_BATCH_SIZE, so the start
// cannot be past the most. Judged on valid values only: a bad one is reported above.
void CheckBatchSizes(const Input& in, const Config& config, Problems& problems) {
  if (!in.Reads("ATLAN_BATCH_SIZE") || config.atlan_batch_size <= config.atlan_max_batch_size ||
      problems.Has("ATLAN_BATCH_SIZE") || problems.Has("ATLAN_MAX_BATCH_SIZE")) {
    return;
  }
  problems.Add("ATLAN_BATCH_SIZE",
               "must not exceed ATLAN_MAX_BATCH_SIZE (" +
                   std::to_string(config.atlan_max_batch_size) + "), got " +
                   std::to_string(config.atlan_batch_size) +
                   ": a bulk write starts at ATLAN_BATCH_SIZE and grows up to the most");
}

}  // namespace

Result<std::map<std::string, std::string>> ParseDotenvText(std::string_view text,
                                                           const std::string& source_name) {
  text = WithoutByteOrderMark(text);
  std::map<std::string, std::string> values;
  std::vector<std::string> problems;
  for (int number = 1; !text.empty(); ++number) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == text.npos ? text.size() : end + 1);
    auto entry = ParseDotenvLine(line);
    if (!entry) {
      problems.push_back(source_name + ":" + std::to_string(number) + ": " + entry.error());
    } else if (*entry) {
      values[(*entry)->name] = std::move((*entry)->value);
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& problem : problems) message += (message.empty() ? "" : "\n") + problem;
    return Fail(ErrorKind::kInvalidArgument, message);
  }
  return values;
}

Result<std::map<std::string, std::string>> ParseDotenv(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Fail(ErrorKind::kNotFound,
                path + ": cannot read: " + std::generic_category().message(errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return Fail(ErrorKind::kIo, path + ": read failed");
  return ParseDotenvText(text.str(), path);
}

Result<std::map<std::string, std::string>> MergeSettings(const ConfigSources& sources) {
  return Merge(sources);
}

Result<Config> LoadConfig(const ConfigSources& sources, ConfigPurpose purpose) {
  const auto settings = Merge(sources);
  if (!settings) return std::unexpected(settings.error());
  return ConfigFromSettings(*settings, purpose, sources.flags);
}

Result<Config> ConfigFromSettings(const std::map<std::string, std::string>& settings,
                                  ConfigPurpose purpose,
                                  const std::map<std::string, std::string>& flags) {
  // Which of these a command reads, and requires, is the settings table's to say.
  const Input in{settings, purpose};
  Problems problems;
  CheckFlagNames(flags, problems);
  Config config;
  LoadEach(in, config, problems);
  CheckToken(in, problems);
  CheckConnectionSides(in, problems);
  LoadBucketArn(in, config, problems);
  DefaultAdmins(in, config);
  CheckAwsKeyPair(in, problems);
  CheckObjectsForObjectLineage(in, config, problems);
  CheckBatchSizes(in, config, problems);
  if (!problems.empty()) return Fail(ErrorKind::kInvalidArgument, problems.Joined());
  return config;
}

bool IsCacheKey(const Config& config, const std::string& key) {
  return !config.cache_s3_bucket.empty() && config.cache_s3_bucket == config.s3_bucket_name &&
         key.starts_with(config.cache_s3_prefix);
}

bool CacheUnderDataPrefix(const Config& config) {
  return !config.cache_s3_bucket.empty() && config.cache_s3_bucket == config.s3_bucket_name &&
         config.cache_s3_prefix.starts_with(config.s3_prefix);
}

}  // namespace delta_arc::lineage
