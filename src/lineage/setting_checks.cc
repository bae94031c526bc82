// Checks and conversions of setting values (see setting_checks.h).
#include "lineage/setting_checks.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace delta_arc::lineage {
namespace {

bool IsOneOf(std::string_view text, std::initializer_list<std::string_view> choices) {
  return std::ranges::find(choices, ToLower(text)) != choices.end();
}

bool IsPort(std::string_view text) {
  return IsWholeNumber(text, 1, 65535);
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

// The part of a URL between the scheme and the path.
std::string_view Authority(std::string_view url) {
  const size_t start = url.find("://");
  if (start == url.npos) return {};
  const std::string_view rest = url.substr(start + 3);
  return rest.substr(0, rest.find_first_of("/?#"));
}

Problem Predicate(bool valid) {
  return valid ? kValid : kNotAsExpected;
}

constexpr std::string_view kPartitions[] = {"aws", "aws-us-gov", "aws-cn"};

}  // namespace

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}

bool IsAlpha(char c) {
  return IsLower(c) || (c >= 'A' && c <= 'Z');
}

bool IsNameStart(char c) {
  return IsAlpha(c) || c == '_';
}

bool IsNameChar(char c) {
  return IsNameStart(c) || IsDigit(c);
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool IsControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
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

bool HasSpaceOrControl(std::string_view text) {
  return std::ranges::any_of(text, [](char c) { return IsSpace(c) || IsControl(c); });
}

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

bool IsBucketName(std::string_view name) {
  const auto allowed = [](char c) { return IsLower(c) || IsDigit(c) || c == '.' || c == '-'; };
  const auto edge = [](char c) { return IsLower(c) || IsDigit(c); };
  return name.size() >= 3 && name.size() <= 63 && std::ranges::all_of(name, allowed) &&
         edge(name.front()) && edge(name.back()) && name.find("..") == name.npos &&
         !IsIpAddressForm(name);
}

bool IsRegionalArn(std::string_view arn, std::string_view service,
                   std::string_view resource_prefix) {
  std::array<std::string_view, 5> fields;
  size_t start = 0;
  for (auto& field : fields) {
    const size_t colon = arn.find(':', start);
    if (colon == arn.npos) return false;
    field = arn.substr(start, colon - start);
    start = colon + 1;
  }
  const std::string_view resource = arn.substr(start);
  const std::string_view account = fields[4];
  return fields[0] == "arn" && std::ranges::find(kPartitions, fields[1]) != std::end(kPartitions) &&
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

bool IsWholeNumber(std::string_view text, int low, int high) {
  int number = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, number);
  return ec == std::errc() && ptr == end && number >= low && number <= high;
}

bool IsHours(std::string_view text) {
  double hours = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, hours);
  return ec == std::errc() && ptr == end && std::isfinite(hours) && hours >= 0;
}

bool IsBoolean(std::string_view text) {
  return IsOneOf(text, {"true", "false", "1", "0", "yes", "no"});
}

bool IsLogLevel(std::string_view text) {
  return IsOneOf(text, {"debug", "info", "warn", "error"});
}

bool IsLogFormat(std::string_view text) {
  return IsOneOf(text, {"text", "json"});
}

bool IsLineageLevel(std::string_view text) {
  return IsOneOf(text, {"object", "prefix"});
}

std::optional<S3Url> SplitS3Url(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  const size_t slash = url.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == url.size()) {
    return std::nullopt;
  }
  return S3Url{url.substr(0, slash), url.substr(slash + 1)};
}

bool IsInventoryUrl(std::string_view text) {
  const auto url = SplitS3Url(text);
  return url && IsBucketName(url->bucket) && !url->key.starts_with('/');
}

bool IsKeyPrefix(std::string_view prefix, size_t max_size) {
  return !prefix.starts_with('/') && prefix.size() <= max_size;
}

Problem AnyValue(std::string_view) {
  return kValid;
}

Problem NoSpaceOrControl(std::string_view value) {
  return Predicate(!HasSpaceOrControl(value));
}

Problem HttpUrl(std::string_view value) {
  if (Authority(value).find('@') != std::string_view::npos) {
    return "must not carry credentials (user:password@); the Atlan token goes in "
           "ATLAN_API_TOKEN (value not shown: it holds a password)";
  }
  return Predicate(IsHttpUrl(value));
}

Problem AtlanBaseUrl(std::string_view value) {
  if (const Problem problem = HttpUrl(value)) return problem;
  // A path of a proxy in front of Atlan is fine; Atlan's own API path is delta-arc's
  // to add (/api/meta/api/meta/… would follow).
  const std::string url = WithoutTrailingSlashes(value);
  if (url.ends_with("/api") || url.find("/api/") != url.npos) {
    return "the tenant's address without Atlan's API path (delta-arc adds /api/…), such as "
           "https://tenant.atlan.com";
  }
  return kValid;
}

Problem SecretArn(std::string_view value) {
  return Predicate(IsRegionalArn(value, "secretsmanager", "secret:"));
}

Problem SnsTopicArn(std::string_view value) {
  return Predicate(IsRegionalArn(value, "sns", ""));
}

Problem DataPrefix(std::string_view value) {
  return Predicate(IsKeyPrefix(value, 1024));
}

Problem CachePrefix(std::string_view value) {
  return Predicate(IsKeyPrefix(value, 1000));
}

int ToWholeNumber(std::string_view text) {
  int number = 0;
  std::from_chars(text.data(), text.data() + text.size(), number);
  return number;
}

double ToHours(std::string_view text) {
  double hours = 0;
  std::from_chars(text.data(), text.data() + text.size(), hours);
  return hours;
}

bool ToBoolean(std::string_view text) {
  return IsOneOf(text, {"true", "1", "yes"});
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string WithoutTrailingSlashes(std::string_view text) {
  while (text.ends_with('/')) text.remove_suffix(1);
  return std::string(text);
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

std::string_view PartitionOf(std::string_view region) {
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  if (region.starts_with("cn-")) return "aws-cn";
  return "aws";
}

std::optional<std::string> BucketArn(std::string_view given, std::string_view bucket) {
  const std::string arn = WithoutTrailingSlashes(given);
  if (HasSpaceOrControl(arn)) return std::nullopt;
  for (const std::string_view partition : kPartitions) {
    const std::string base = "arn:" + std::string(partition) + ":s3:::" + std::string(bucket);
    if (!arn.starts_with(base)) continue;
    const std::string_view suffix = std::string_view(arn).substr(base.size());
    if (suffix.empty()) return base;
    if (!suffix.starts_with('/') || suffix.find("//") != suffix.npos) return std::nullopt;
    return arn;
  }
  return std::nullopt;
}

}  // namespace delta_arc::lineage
