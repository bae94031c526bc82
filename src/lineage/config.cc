// Loading delta-arc's configuration: .env parsing, merging the sources by
// precedence, and validation that reports every problem at once.
#include "lineage/config.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

#include "lineage/settings.h"

namespace delta_arc::lineage {
namespace {

using Settings = std::map<std::string, std::string>;

bool IsKnownSetting(std::string_view name) {
  return FindSetting(name) != nullptr;
}

bool IsSecret(std::string_view name) {
  const Setting* setting = FindSetting(name);
  return setting != nullptr && setting->secret;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool IsControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsAlpha(char c) {
  return IsLower(c) || (c >= 'A' && c <= 'Z');
}

std::string_view TrimFront(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  return text;
}

std::string_view Trim(std::string_view text) {
  text = TrimFront(text);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
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

// The collected problems, at most one line per variable.
class Problems {
 public:
  void Add(std::string_view name, std::string_view what) {
    if (std::ranges::find(names_, name) != names_.end()) return;
    names_.emplace_back(name);
    lines_.push_back(std::string(name) + ": " + std::string(what));
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
  std::string Joined() const {
    std::string out;
    for (const auto& line : lines_) out += (out.empty() ? "" : "\n") + line;
    return out;
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> lines_;
};

// ---- .env parsing ----

struct DotenvEntry {
  std::string name;
  std::string value;
};

bool IsNameStart(char c) {
  return IsAlpha(c) || c == '_';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || IsDigit(c);
}

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
  if (!parsed) return Fail(ErrorKind::kInvalidArgument, parsed.error().message);
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

// ---- value checks ----

std::string_view WithoutTrailingSlashes(std::string_view text) {
  while (text.ends_with('/')) text.remove_suffix(1);
  return text;
}

bool HasSpaceOrControl(std::string_view text) {
  return std::ranges::any_of(text, [](char c) { return IsSpace(c) || IsControl(c); });
}

bool IsPort(std::string_view text) {
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && end == text.data() + text.size() && port >= 1 && port <= 65535;
}

// http(s)://host[:port][/path], no credentials (they would end up in logs), no
// query or fragment.
bool IsHttpUrl(std::string_view url) {
  const std::string lower = ToLower(url.substr(0, 8));
  const size_t scheme = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (scheme == 0 || HasSpaceOrControl(url) || url.find_first_of("?#@") != url.npos) {
    return false;
  }
  const std::string_view authority = url.substr(scheme, url.find('/', scheme) - scheme);
  const size_t colon = authority.rfind(':');
  const bool bracketed = authority.starts_with('[');  // IPv6: [::1]:8080
  if (colon == authority.npos || (bracketed && colon < authority.rfind(']'))) {
    return !authority.empty();
  }
  return colon > 0 && IsPort(authority.substr(colon + 1));
}

bool IsIpAddressForm(std::string_view name) {
  int dots = 0;
  for (const char c : name) {
    if (c == '.')
      ++dots;
    else if (!IsDigit(c))
      return false;
  }
  return dots == 3;
}

bool IsBucketName(std::string_view name) {
  const auto allowed = [](char c) { return IsLower(c) || IsDigit(c) || c == '.' || c == '-'; };
  const auto edge = [](char c) { return IsLower(c) || IsDigit(c); };
  return name.size() >= 3 && name.size() <= 63 && std::ranges::all_of(name, allowed) &&
         edge(name.front()) && edge(name.back()) && name.find("..") == name.npos &&
         !IsIpAddressForm(name);
}

// arn:<partition>:<service>:<region>:<12-digit account>:<resource starting with
// resource_prefix>, for the services whose ARNs carry a region and account.
bool IsRegionalArn(std::string_view arn, std::string_view service,
                   std::string_view resource_prefix) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (fields.size() < 5) {
    const size_t colon = arn.find(':', start);
    if (colon == arn.npos) return false;
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string_view resource = arn.substr(start);
  const std::string_view account = fields[4];
  return fields[0] == "arn" &&
         (fields[1] == "aws" || fields[1] == "aws-cn" || fields[1] == "aws-us-gov") &&
         fields[2] == service && !fields[3].empty() && account.size() == 12 &&
         std::ranges::all_of(account, IsDigit) && resource.starts_with(resource_prefix) &&
         resource.size() > resource_prefix.size() && !HasSpaceOrControl(arn);
}

bool IsSsmParameterName(std::string_view name) {
  const auto allowed = [](char c) {
    return IsAlpha(c) || IsDigit(c) || c == '_' || c == '.' || c == '-' || c == '/';
  };
  return IsRegionalArn(name, "ssm", "parameter/") ||
         (!name.empty() && name.size() <= 2048 && std::ranges::all_of(name, allowed));
}

bool IsRegion(std::string_view region) {
  return !region.empty() && IsLower(region.front()) &&
         std::ranges::all_of(region, [](char c) { return IsLower(c) || IsDigit(c) || c == '-'; });
}

// AWS's partitions: GovCloud regions (us-gov-*) and China's (cn-*) have ARNs of their own.
constexpr std::string_view kPartitions[] = {"aws", "aws-us-gov", "aws-cn"};

std::string_view PartitionOf(std::string_view region) {
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  if (region.starts_with("cn-")) return "aws-cn";
  return "aws";
}

// The bucket ARN given, in any partition; nullopt when it does not name the bucket.
std::optional<std::string> BucketArn(std::string_view given, std::string_view bucket) {
  const std::string_view arn = WithoutTrailingSlashes(given);
  if (HasSpaceOrControl(arn)) return std::nullopt;
  for (const std::string_view partition : kPartitions) {
    const std::string base = "arn:" + std::string(partition) + ":s3:::" + std::string(bucket);
    if (!arn.starts_with(base)) continue;
    const std::string_view suffix = arn.substr(base.size());
    if (suffix.empty()) return base;
    if (!suffix.starts_with('/') || suffix.find("//") != suffix.npos) return std::nullopt;
    return std::string(arn);
  }
  return std::nullopt;
}

std::vector<std::string> CommaList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const size_t comma = std::min(text.find(','), text.size());
    const std::string_view item = Trim(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    text.remove_prefix(std::min(comma + 1, text.size()));
  }
  return items;
}

// ---- loading groups of settings ----

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

// Reads `name` as a string that `valid` accepts; `out` keeps its default when unset.
template <typename Valid>
void LoadString(const Input& in, std::string_view name, std::string_view expected, Valid valid,
                std::string& out, Problems& problems) {
  const auto value = in.Get(name);
  if (!value) {
    if (in.Required(name)) problems.Missing(name, expected);
    return;
  }
  if (!valid(*value)) return problems.Bad(name, expected, *value);
  out = *value;
}

void LoadName(const Input& in, std::string_view name, std::string_view expected, std::string& out,
              Problems& problems) {
  LoadString(
      in, name, expected, [](std::string_view) { return true; }, out, problems);
}

// The part of an http(s) URL between the scheme and the path.
std::string_view Authority(std::string_view url) {
  const size_t start = url.find("://");
  if (start == url.npos) return {};
  const std::string_view rest = url.substr(start + 3);
  return rest.substr(0, rest.find_first_of("/?#"));
}

void LoadUrl(const Input& in, std::string_view name, std::string_view expected, std::string& out,
             Problems& problems) {
  // Credentials in a URL would end up in logs; the value is not echoed, for it holds them.
  if (const auto value = in.Get(name); value && Authority(*value).find('@') != value->npos) {
    return problems.Add(name,
                        "must not carry credentials (user:password@); the Atlan token "
                        "goes in ATLAN_API_TOKEN (value not shown: it holds a password)");
  }
  LoadString(in, name, expected, IsHttpUrl, out, problems);
  out = std::string(WithoutTrailingSlashes(out));
}

void LoadInteger(const Input& in, std::string_view name, int low, int high, int& out,
                 Problems& problems) {
  const auto value = in.Get(name);
  if (!value) return;
  int number = 0;
  const char* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, number);
  if (ec != std::errc() || ptr != end || number < low || number > high) {
    const std::string expected =
        "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
    return problems.Bad(name, expected, *value);
  }
  out = number;
}

// One of `choices`, any case; stored in lower case.
void LoadChoice(const Input& in, std::string_view name,
                const std::vector<std::string_view>& choices, std::string& out,
                Problems& problems) {
  const auto value = in.Get(name);
  if (!value) return;
  const std::string lower = ToLower(*value);
  if (std::ranges::find(choices, lower) != choices.end()) {
    out = lower;
    return;
  }
  std::string expected = "one of ";
  for (const auto choice : choices) {
    if (choice != choices.front()) expected += ", ";
    expected += choice;
  }
  problems.Bad(name, expected, *value);
}

void LoadToken(const Input& in, Config& config, Problems& problems) {
  constexpr std::string_view kExpected =
      "an Atlan API token (ATLAN_API_TOKEN or ATLAN_API_KEY), or ATLAN_API_TOKEN_SECRET_ARN / "
      "ATLAN_API_TOKEN_PARAMETER saying where to read it";
  LoadString(
      in, "ATLAN_API_TOKEN", "a token without whitespace or control characters",
      [](std::string_view token) { return !HasSpaceOrControl(token); }, config.atlan_api_token,
      problems);
  LoadString(
      in, "ATLAN_API_TOKEN_SECRET_ARN",
      "a Secrets Manager ARN such as "
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:atlan-token",
      [](std::string_view arn) { return IsRegionalArn(arn, "secretsmanager", "secret:"); },
      config.atlan_token_secret_arn, problems);
  LoadString(in, "ATLAN_API_TOKEN_PARAMETER",
             "an SSM parameter name such as /delta-arc/atlan-token, or its ARN", IsSsmParameterName,
             config.atlan_token_parameter, problems);
  const std::array<std::string_view, 3> sources = {"ATLAN_API_TOKEN", "ATLAN_API_TOKEN_SECRET_ARN",
                                                   "ATLAN_API_TOKEN_PARAMETER"};
  const auto given = std::ranges::count_if(sources, [&](auto n) { return in.Get(n).has_value(); });
  if (in.Get("ATLAN_API_KEY")) {
    problems.Add("ATLAN_API_TOKEN",
                 "ATLAN_API_TOKEN and ATLAN_API_KEY are both set, to different tokens; set one "
                 "(values not shown: they are secrets)");
  }
  // The one rule the table cannot state: some source of the token is required.
  if (given == 0 && in.Reads("ATLAN_API_TOKEN")) problems.Missing("ATLAN_API_TOKEN", kExpected);
  if (given > 1) {
    problems.Add("ATLAN_API_TOKEN",
                 "set only one of ATLAN_API_TOKEN (or ATLAN_API_KEY), "
                 "ATLAN_API_TOKEN_SECRET_ARN, ATLAN_API_TOKEN_PARAMETER");
  }
}

void LoadAtlan(const Input& in, Config& config, Problems& problems) {
  LoadUrl(in, "ATLAN_BASE_URL", "an http(s) URL such as https://tenant.atlan.com",
          config.atlan_base_url, problems);
  // delta-arc adds Atlan's API paths (/api/meta/…) itself; a path of a proxy in front of
  // Atlan is fine.
  if (const std::string& url = config.atlan_base_url;
      url.ends_with("/api") || url.find("/api/") != url.npos) {
    problems.Add("ATLAN_BASE_URL",
                 "the tenant's address without Atlan's API path (delta-arc adds /api/…), such as "
                 "https://tenant.atlan.com (got " +
                     url + ")");
  }
  LoadToken(in, config, problems);
  LoadInteger(in, "ATLAN_BATCH_SIZE", 1, 1000, config.atlan_batch_size, problems);
  // Atlan's index search refuses to page beyond 100000 results; 10000 a page
  // keeps any page well inside that window.
  LoadInteger(in, "ATLAN_PAGE_SIZE", 1, 10000, config.atlan_page_size, problems);
  int timeout = static_cast<int>(config.atlan_timeout.count());
  LoadInteger(in, "ATLAN_TIMEOUT_SECONDS", 1, 900, timeout, problems);
  config.atlan_timeout = std::chrono::seconds(timeout);
  LoadInteger(in, "ATLAN_MAX_ATTEMPTS", 1, 20, config.atlan_max_attempts, problems);
}

void LoadConnections(const Input& in, Config& config, Problems& problems) {
  LoadName(in, "POSTGRES_CONNECTION_NAME", "the name of the crawled Postgres connection in Atlan",
           config.postgres_connection_name, problems);
  LoadName(in, "SNOWFLAKE_CONNECTION_NAME", "the name of the crawled Snowflake connection in Atlan",
           config.snowflake_connection_name, problems);
}

constexpr std::string_view kBucketExpected =
    "an S3 bucket name: 3-63 characters of lowercase letters, digits, '.' and '-', beginning "
    "and ending with a letter or digit, no '..', not an IP address";

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

void LoadAdmins(const Input& in, Config& config) {
  if (!in.Reads("S3_CONNECTION_ADMIN_ROLES")) return;  // no connection to create
  config.s3_connection_admin_users = CommaList(in.Get("S3_CONNECTION_ADMIN_USERS").value_or(""));
  config.s3_connection_admin_groups = CommaList(in.Get("S3_CONNECTION_ADMIN_GROUPS").value_or(""));
  config.s3_connection_admin_roles = CommaList(in.Get("S3_CONNECTION_ADMIN_ROLES").value_or(""));
  if (config.s3_connection_admin_users.empty() && config.s3_connection_admin_groups.empty() &&
      config.s3_connection_admin_roles.empty()) {
    config.s3_connection_admin_roles = {"$admin"};  // a connection needs at least one admin
  }
}

void LoadBucket(const Input& in, Config& config, Problems& problems) {
  LoadString(in, "S3_BUCKET_NAME", kBucketExpected, IsBucketName, config.s3_bucket_name, problems);
  LoadBucketArn(in, config, problems);
  LoadString(
      in, "S3_PREFIX", "a key prefix without a leading '/', such as 2025/",
      [](std::string_view p) { return !p.starts_with('/') && p.size() <= 1024; }, config.s3_prefix,
      problems);
  LoadName(in, "S3_CONNECTION_NAME",
           "the name of the S3 connection delta-arc registers the bucket under",
           config.s3_connection_name, problems);
  LoadAdmins(in, config);
}

void LoadExpiry(const Input& in, Config& config, Problems& problems) {
  const auto value = in.Get("CACHE_EXPIRY_HOURS");
  if (!value) return;
  double hours = 0;
  const char* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, hours);
  if (ec != std::errc() || ptr != end || !std::isfinite(hours) || hours < 0) {
    return problems.Bad("CACHE_EXPIRY_HOURS", "a number of hours, 0 or more, such as 24", *value);
  }
  config.cache_expiry_hours = hours;
}

void LoadForceRefresh(const Input& in, Config& config, Problems& problems) {
  std::string flag;
  LoadChoice(in, "FORCE_REFRESH", {"true", "false", "1", "0", "yes", "no"}, flag, problems);
  if (!flag.empty()) config.force_refresh = flag == "true" || flag == "1" || flag == "yes";
}

// The share of its scope a sync may archive before it stops (100: no limit).
void LoadArchiveGuard(const Input& in, Config& config, Problems& problems) {
  LoadInteger(in, "ARCHIVE_GUARD_PERCENT", 1, 100, config.archive_guard_percent, problems);
}

void LoadCache(const Input& in, Config& config, Problems& problems) {
  LoadExpiry(in, config, problems);
  LoadName(in, "POSTGRES_CACHE_FILE", "", config.postgres_cache_file, problems);
  LoadName(in, "SNOWFLAKE_CACHE_FILE", "", config.snowflake_cache_file, problems);
  LoadString(in, "CACHE_S3_BUCKET", kBucketExpected, IsBucketName, config.cache_s3_bucket,
             problems);
  LoadString(
      in, "CACHE_S3_PREFIX", "a key prefix without a leading '/', such as delta-arc-cache/",
      [](std::string_view p) { return !p.starts_with('/') && p.size() <= 1000; },
      config.cache_s3_prefix, problems);
  if (!config.cache_s3_prefix.ends_with('/')) config.cache_s3_prefix += '/';
  LoadForceRefresh(in, config, problems);
}

void LoadAwsCredentials(const Input& in, Config& config, Problems& problems) {
  const auto no_space = [](std::string_view v) { return !HasSpaceOrControl(v); };
  constexpr std::string_view kExpected = "a value without whitespace or control characters";
  LoadString(in, "AWS_ACCESS_KEY_ID", kExpected, no_space, config.aws_access_key_id, problems);
  LoadString(in, "AWS_SECRET_ACCESS_KEY", kExpected, no_space, config.aws_secret_access_key,
             problems);
  LoadString(in, "AWS_SESSION_TOKEN", kExpected, no_space, config.aws_session_token, problems);
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

void LoadAws(const Input& in, Config& config, Problems& problems) {
  LoadString(in, "AWS_REGION", "an AWS region such as us-east-1", IsRegion, config.aws_region,
             problems);
  LoadAwsCredentials(in, config, problems);
  LoadName(in, "AWS_PROFILE", "", config.aws_profile, problems);
  LoadUrl(in, "AWS_ENDPOINT_URL", "an http(s) URL such as http://127.0.0.1:4566",
          config.aws_endpoint_url, problems);
  LoadUrl(in, "AWS_ENDPOINT_URL_S3", "an http(s) URL such as http://127.0.0.1:4568",
          config.aws_endpoint_url_s3, problems);
}

void LoadRest(const Input& in, Config& config, Problems& problems) {
  LoadName(in, "MAPPING_FILE", "", config.mapping_file, problems);
  LoadString(
      in, "SNS_TOPIC_ARN",
      "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:delta-arc-failures",
      [](std::string_view arn) { return IsRegionalArn(arn, "sns", ""); }, config.sns_topic_arn,
      problems);
  LoadChoice(in, "LOG_LEVEL", {"debug", "info", "warn", "error"}, config.log_level, problems);
  LoadChoice(in, "LOG_FORMAT", {"text", "json"}, config.log_format, problems);
}

}  // namespace

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals != text.npos) environment.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return environment;
}

Result<std::map<std::string, std::string>> ParseDotenvText(std::string_view text,
                                                           const std::string& source_name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 BOM
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

Result<Config> LoadConfig(const ConfigSources& sources, ConfigPurpose purpose) {
  const auto settings = Merge(sources);
  if (!settings) return std::unexpected(settings.error());
  // Which of these a command reads, and requires, is the settings table's to say.
  const Input in{*settings, purpose};
  Problems problems;
  CheckFlagNames(sources.flags, problems);
  Config config;
  LoadAtlan(in, config, problems);
  LoadConnections(in, config, problems);
  LoadBucket(in, config, problems);
  LoadArchiveGuard(in, config, problems);
  LoadCache(in, config, problems);
  LoadAws(in, config, problems);
  LoadRest(in, config, problems);
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
