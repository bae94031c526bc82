// The checks a setting's value must pass and the conversions of a checked value to
// its Config field: settings.h names one of each per setting.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace delta_arc::lineage {

// A validator's answer: nullopt when the value is valid; otherwise the problem. An
// empty problem means "not what the setting's `expected` says" (the message then
// quotes the value, unless it is a secret); a non-empty one is the whole message, for
// problems that deserve their own words (it never quotes the value).
using Problem = std::optional<std::string_view>;
inline constexpr Problem kValid = std::nullopt;
inline constexpr Problem kNotAsExpected = std::string_view{};

// ---- text (ASCII) ----
bool IsDigit(char c);
bool IsLower(char c);
bool IsAlpha(char c);
bool IsSpace(char c);
bool IsControl(char c);
// A name as shells and placeholders spell it: [A-Za-z_][A-Za-z0-9_]*.
bool IsNameStart(char c);
bool IsNameChar(char c);
std::string_view TrimFront(std::string_view text);
std::string_view Trim(std::string_view text);

// ---- predicates on one value ----
bool HasSpaceOrControl(std::string_view text);
bool IsHttpUrl(std::string_view url);  // http(s)://host[:port][/path], no query or fragment
bool IsBucketName(std::string_view name);
// arn:<partition>:<service>:<region>:<12-digit account>:<resource_prefix…>
bool IsRegionalArn(std::string_view arn, std::string_view service,
                   std::string_view resource_prefix);
bool IsSsmParameterName(std::string_view name);
bool IsRegion(std::string_view region);
bool IsWholeNumber(std::string_view text, int low, int high);
bool IsHours(std::string_view text);                         // a finite number >= 0
bool IsBoolean(std::string_view text);                       // true|false|1|0|yes|no, any case
bool IsLogLevel(std::string_view text);                      // debug|info|warn|error, any case
bool IsLogFormat(std::string_view text);                     // text|json, any case
bool IsLineageLevel(std::string_view text);                  // object|prefix, any case
bool IsKeyPrefix(std::string_view prefix, size_t max_size);  // no leading '/'
bool IsInventoryUrl(std::string_view text);  // s3://<bucket>/<folder or manifest.json>

// s3://<bucket>/<key>, split; nullopt without the scheme, a bucket or a key.
struct S3Url {
  std::string_view bucket;
  std::string_view key;
};
std::optional<S3Url> SplitS3Url(std::string_view url);

// ---- validators (the form settings.h names) ----
// A predicate above as a validator: its own words are the setting's `expected`.
template <bool (*kIs)(std::string_view)>
Problem Valid(std::string_view value) {
  return kIs(value) ? kValid : kNotAsExpected;
}
Problem AnyValue(std::string_view value);
Problem NoSpaceOrControl(std::string_view value);
// An http(s) URL without credentials (they would end up in logs).
Problem HttpUrl(std::string_view value);
// The same, and without Atlan's API path: delta-arc adds /api/meta/… itself.
Problem AtlanBaseUrl(std::string_view value);
Problem SecretArn(std::string_view value);
Problem SnsTopicArn(std::string_view value);
Problem DataPrefix(std::string_view value);   // at most 1024 bytes, S3's key limit
Problem CachePrefix(std::string_view value);  // at most 1000: the cache's file names follow
// A whole number within [kLow, kHigh].
template <int kLow, int kHigh>
Problem WholeNumber(std::string_view value) {
  return IsWholeNumber(value, kLow, kHigh) ? kValid : kNotAsExpected;
}

// ---- conversions of a valid value ----
int ToWholeNumber(std::string_view text);
double ToHours(std::string_view text);
bool ToBoolean(std::string_view text);
std::string ToLower(std::string_view text);
std::string WithoutTrailingSlashes(std::string_view text);
std::vector<std::string> CommaList(std::string_view text);  // items trimmed, empty ones dropped

// ---- the bucket ARN, whose rule spans settings ----
// AWS's partition of a region: GovCloud (us-gov-*) and China (cn-*) have ARNs of their own.
std::string_view PartitionOf(std::string_view region);
// The bucket ARN given, in any partition, without trailing '/'; nullopt when it does
// not name `bucket` (exactly, or followed by "/<suffix>").
std::optional<std::string> BucketArn(std::string_view given, std::string_view bucket);

}  // namespace delta_arc::lineage
