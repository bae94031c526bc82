// Every setting delta-arc reads, declared once: its name, the CLI flag that
// overrides it, a line of help, whether it is a secret, which commands need it, what a
// valid value is (the validator, and the words an error says it with) and the Config
// field a valid value sets.
//
// The table drives loading (config.cc reads each setting through it), the names
// accepted from the environment, .env and flags, the values never echoed in a message,
// which settings are required and by which commands, the CLI's flags and their --help,
// and a test that keeps README's configuration table, the Terraform and the deployment
// docs in step with it. A field's default is its initialiser in Config. The few rules
// that span settings stay in config.cc: one source of the token, AWS key pairs, the
// bucket ARN (its default and its check follow S3_BUCKET_NAME and AWS_REGION), and
// the connection's admins (a default when none is given).
#pragma once

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string_view>

#include "lineage/config.h"
#include "lineage/setting_checks.h"

namespace delta_arc::lineage {

// Which commands read a setting. `cache status` and `cache clear` need neither
// Atlan nor the bucket, so a machine set up only for its cache can still use them.
enum class ReadBy {
  kSyncAndPlan,   // the cache commands leave it at its default, even when it is bad
  kEveryCommand,  // sync, plan, cache status and cache clear
};

// How a valid value is kept: each writes one Config field.
namespace store {
template <auto kField>
void Text(Config& config, std::string_view value) {
  config.*kField = std::string(value);
}
template <auto kField>
void Url(Config& config, std::string_view value) {
  config.*kField = WithoutTrailingSlashes(value);
}
template <auto kField>
void Lowercase(Config& config, std::string_view value) {
  config.*kField = ToLower(value);
}
template <auto kField>
void Number(Config& config, std::string_view value) {
  config.*kField = ToWholeNumber(value);
}
template <auto kField>
void Seconds(Config& config, std::string_view value) {
  config.*kField = std::chrono::seconds(ToWholeNumber(value));
}
template <auto kField>
void Hours(Config& config, std::string_view value) {
  config.*kField = ToHours(value);
}
template <auto kField>
void Flag(Config& config, std::string_view value) {
  config.*kField = ToBoolean(value);
}
// A choice among names (validated before), as its enum.
template <auto kField, auto kParse>
void Choice(Config& config, std::string_view value) {
  config.*kField = kParse(ToLower(value));
}
template <auto kField>
void List(Config& config, std::string_view value) {
  config.*kField = CommaList(value);
}
// Connections of any SQL connector: their names, and no connector they must be.
template <auto kNames, auto kConnector>
void AnyConnector(Config& config, std::string_view value) {
  config.*kNames = CommaList(value);
  config.*kConnector = "";
}
// A key prefix that names a folder: it always ends with '/'.
template <auto kField>
void Folder(Config& config, std::string_view value) {
  config.*kField = std::string(value);
  if (!(config.*kField).ends_with('/')) config.*kField += '/';
}
}  // namespace store

struct Setting {
  std::string_view name = {};  // the environment variable, also its name in .env
  // The CLI option that overrides it. Empty: none. Secrets never get one: a command
  // line is visible to every user of the machine (ps, /proc).
  std::string_view flag = {};
  std::string_view help = {};  // what it is, in a few words (--help)
  ReadBy read_by = ReadBy::kSyncAndPlan;
  bool required = false;  // sync and plan stop without it; the cache commands never do
  bool secret = false;    // its value never appears in a message or a log
  // A route of ROUTES_FILE may set it for itself (routes.h); the others hold for the
  // whole deployment: one Atlan client, one rate budget, one AWS account, one log.
  bool per_route = false;
  // What a valid value is, as an error says it: "expected <expected>, got <value>".
  std::string_view expected = {};
  Problem (*check)(std::string_view value) = AnyValue;  // the validator
  // Sets the Config field from a valid value. nullptr: a rule of config.cc reads it.
  void (*store)(Config& config, std::string_view value) = nullptr;
};

// In README's order, which is also the order of the flags in --help and of the lines
// of a configuration error. ATLAN_API_TOKEN is not marked required: one of it,
// ATLAN_API_TOKEN_SECRET_ARN and ATLAN_API_TOKEN_PARAMETER is, a rule of config.cc.
inline constexpr Setting kSettings[] = {
    {.name = "ATLAN_BASE_URL",
     .flag = "--atlan-base-url",
     .help = "the tenant's URL, e.g. https://tenant.atlan.com",
     .required = true,
     .expected = "an http(s) URL such as https://tenant.atlan.com",
     .check = AtlanBaseUrl,
     .store = store::Url<&Config::atlan_base_url>},
    {.name = "ATLAN_API_TOKEN",
     .help = "the Atlan API token",
     .secret = true,
     .expected = "a token without whitespace or control characters",
     .check = NoSpaceOrControl,
     .store = store::Text<&Config::atlan_api_token>},
    // Folded into ATLAN_API_TOKEN as the sources are merged (config.cc).
    {.name = "ATLAN_API_KEY", .help = "another name of ATLAN_API_TOKEN", .secret = true},
    {.name = "ATLAN_API_TOKEN_SECRET_ARN",
     .help = "the Secrets Manager secret holding the token",
     .expected = "a Secrets Manager ARN such as "
                 "arn:aws:secretsmanager:us-east-1:123456789012:secret:atlan-token",
     .check = SecretArn,
     .store = store::Text<&Config::atlan_token_secret_arn>},
    {.name = "ATLAN_API_TOKEN_PARAMETER",
     .help = "the SSM parameter holding the token",
     .expected = "an SSM parameter name such as /delta-arc/atlan-token, or its ARN",
     .check = Valid<IsSsmParameterName>,
     .store = store::Text<&Config::atlan_token_parameter>},
    // One of each pair names each side (a rule of config.cc).
    {.name = "POSTGRES_CONNECTION_NAME",
     .flag = "--postgres-connection",
     .help = "the crawled Postgres connection the files come from",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .expected = "the name of the crawled Postgres connection in Atlan, or a comma list of several",
     .store = store::List<&Config::source_connection_names>},
    {.name = "SNOWFLAKE_CONNECTION_NAME",
     .flag = "--snowflake-connection",
     .help = "the crawled Snowflake connection the files are loaded into",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .expected =
         "the name of the crawled Snowflake connection in Atlan, or a comma list of several",
     .store = store::List<&Config::target_connection_names>},
    {.name = "SOURCE_CONNECTION_NAME",
     .flag = "--source-connection",
     .help = "instead of POSTGRES_CONNECTION_NAME: a crawled connection of any SQL connector",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .expected = "the name of a crawled SQL connection in Atlan, or a comma list of several",
     .store = store::AnyConnector<&Config::source_connection_names, &Config::source_connector>},
    {.name = "TARGET_CONNECTION_NAME",
     .flag = "--target-connection",
     .help = "instead of SNOWFLAKE_CONNECTION_NAME: a crawled connection of any SQL connector",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .expected = "the name of a crawled SQL connection in Atlan, or a comma list of several",
     .store = store::AnyConnector<&Config::target_connection_names, &Config::target_connector>},
    {.name = "S3_BUCKET_NAME",
     .flag = "--s3-bucket",
     .help = "the bucket",
     .required = true,
     .per_route = true,
     .expected = "an S3 bucket name: 3-63 characters of lowercase letters, digits, '.' and '-', "
                 "beginning and ending with a letter or digit, no '..', not an IP address",
     .check = Valid<IsBucketName>,
     .store = store::Text<&Config::s3_bucket_name>},
    // Its default and its check follow S3_BUCKET_NAME and AWS_REGION: a rule of config.cc.
    {.name = "S3_BUCKET_ARN",
     .flag = "--s3-bucket-arn",
     .help = "the bucket's ARN in Atlan",
     .per_route = true},
    {.name = "S3_PREFIX",
     .flag = "--s3-prefix",
     .help = "only keys under this prefix",
     .per_route = true,
     .expected = "a key prefix without a leading '/', such as 2025/",
     .check = DataPrefix,
     .store = store::Text<&Config::s3_prefix>},
    {.name = "S3_LINEAGE_LEVEL",
     .flag = "--s3-lineage-level",
     .help = "object: lineage through each object; prefix: through each table's folder (S3Prefix)",
     .per_route = true,
     .expected = "one of object, prefix",
     .check = Valid<IsLineageLevel>,
     .store = store::Choice<&Config::s3_lineage_level, LineageLevelNamed>},
    {.name = "S3_REGISTER_OBJECTS",
     .flag = "--s3-register-objects",
     .help = "register every object (false only with S3_LINEAGE_LEVEL=prefix: folders alone)",
     .per_route = true,
     .expected = "one of true, false, 1, 0, yes, no",
     .check = Valid<IsBoolean>,
     .store = store::Flag<&Config::s3_register_objects>},
    {.name = "S3_TAGS",
     .flag = "--s3-tags",
     .help = "attach to each S3 object and table folder the tags of the source table and "
             "columns its files carry",
     .per_route = true,
     .expected = "one of true, false, 1, 0, yes, no",
     .check = Valid<IsBoolean>,
     .store = store::Flag<&Config::s3_tags>},
    {.name = "S3_TAGS_PROPAGATE",
     .flag = "--s3-tags-propagate",
     .help = "the tags delta-arc attaches propagate (along lineage)",
     .per_route = true,
     .expected = "one of true, false, 1, 0, yes, no",
     .check = Valid<IsBoolean>,
     .store = store::Flag<&Config::s3_tags_propagate>},
    {.name = "S3_TAGS_GRACE_MINUTES",
     .help = "how long Atlan may take to propagate a tag to a Snowflake column before a "
             "missing one is a gap",
     .per_route = true,
     .expected = "a whole number from 0 to 10080 (a week)",
     .check = WholeNumber<0, 10080>,
     .store = store::Number<&Config::s3_tags_grace_minutes>},
    {.name = "S3_INVENTORY",
     .flag = "--s3-inventory",
     .help = "full syncs read the bucket's newest S3 Inventory report instead of listing it",
     .per_route = true,
     .expected = "s3://<bucket>/<prefix>/<source bucket>/<configuration id>/ (where S3 Inventory "
                 "delivers the reports) or a report's manifest.json",
     .check = Valid<IsInventoryUrl>,
     .store = store::Text<&Config::s3_inventory>},
    {.name = "S3_CONNECTION_NAME",
     .flag = "--s3-connection",
     .help = "the S3 connection in Atlan, created when missing",
     .required = true,
     .per_route = true,
     .expected = "the name of the S3 connection delta-arc registers the bucket under",
     .store = store::Text<&Config::s3_connection_name>},
    {.name = "S3_CONNECTION_ADMIN_USERS",
     .help = "admin users of a created S3 connection",
     .store = store::List<&Config::s3_connection_admin_users>},
    {.name = "S3_CONNECTION_ADMIN_GROUPS",
     .help = "admin groups of a created S3 connection",
     .store = store::List<&Config::s3_connection_admin_groups>},
    {.name = "S3_CONNECTION_ADMIN_ROLES",
     .help = "admin roles of a created S3 connection",
     .store = store::List<&Config::s3_connection_admin_roles>},
    {.name = "MAPPING_FILE",
     .flag = "--mapping",
     .help = "the mapping of keys to tables",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .store = store::Text<&Config::mapping_file>},
    // routes.cc reads the file: each route is a configuration of its own.
    {.name = "ROUTES_FILE",
     .flag = "--routes",
     .help = "a YAML file of routes (source, bucket and prefix, target, mapping) that one "
             "deployment serves",
     .read_by = ReadBy::kEveryCommand,
     .store = store::Text<&Config::routes_file>},
    {.name = "ATLAN_BATCH_SIZE",
     .flag = "--batch-size",
     .help = "entities per bulk write at first",
     .expected = "a whole number from 1 to 1000",
     .check = WholeNumber<1, 1000>,
     .store = store::Number<&Config::atlan_batch_size>},
    // Atlan's index search refuses to page beyond 100000 results; 10000 a page keeps
    // any page well inside that window.
    {.name = "ATLAN_PAGE_SIZE",
     .flag = "--page-size",
     .help = "results per search page",
     .expected = "a whole number from 1 to 10000",
     .check = WholeNumber<1, 10000>,
     .store = store::Number<&Config::atlan_page_size>},
    {.name = "ATLAN_MAX_BATCH_SIZE",
     .help = "the most entities a bulk write grows to while Atlan answers fast",
     .expected = "a whole number from 1 to 10000",
     .check = WholeNumber<1, 10000>,
     .store = store::Number<&Config::atlan_max_batch_size>},
    {.name = "ATLAN_CONCURRENCY",
     .help = "Atlan requests in flight at once",
     .expected = "a whole number from 1 to 32",
     .check = WholeNumber<1, 32>,
     .store = store::Number<&Config::atlan_concurrency>},
    {.name = "ATLAN_TIMEOUT_SECONDS",
     .help = "the time limit of one Atlan request",
     .expected = "a whole number from 1 to 900",
     .check = WholeNumber<1, 900>,
     .store = store::Seconds<&Config::atlan_timeout>},
    {.name = "ATLAN_MAX_ATTEMPTS",
     .help = "attempts per Atlan request, retries included",
     .expected = "a whole number from 1 to 20",
     .check = WholeNumber<1, 20>,
     .store = store::Number<&Config::atlan_max_attempts>},
    {.name = "ATLAN_REQUESTS_PER_MINUTE",
     .help = "the most Atlan requests a run sends a minute",
     .expected = "a whole number from 1 to 10000",
     .check = WholeNumber<1, 10000>,
     .store = store::Number<&Config::atlan_requests_per_minute>},
    {.name = "S3_READ_CONCURRENCY",
     .help = "CSV headers read from S3 at once",
     .expected = "a whole number from 1 to 256",
     .check = WholeNumber<1, 256>,
     .store = store::Number<&Config::s3_read_concurrency>},
    {.name = "ARCHIVE_GUARD_PERCENT",
     .help = "the most of its scope (percent) a sync may archive",
     .per_route = true,
     .expected = "a whole number from 1 to 100",
     .check = WholeNumber<1, 100>,
     .store = store::Number<&Config::archive_guard_percent>},
    {.name = "CACHE_EXPIRY_HOURS",
     .flag = "--cache-expiry-hours",
     .help = "the discovery cache's lifetime",
     .read_by = ReadBy::kEveryCommand,
     .expected = "a number of hours, 0 or more, such as 24",
     .check = Valid<IsHours>,
     .store = store::Hours<&Config::cache_expiry_hours>},
    {.name = "POSTGRES_CACHE_FILE",
     .help = "the Postgres side's cache file",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .store = store::Text<&Config::postgres_cache_file>},
    {.name = "SNOWFLAKE_CACHE_FILE",
     .help = "the Snowflake side's cache file",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .store = store::Text<&Config::snowflake_cache_file>},
    {.name = "CACHE_S3_BUCKET",
     .flag = "--cache-s3-bucket",
     .help = "keep the cache in this bucket instead",
     .read_by = ReadBy::kEveryCommand,
     .expected = "an S3 bucket name: 3-63 characters of lowercase letters, digits, '.' and '-', "
                 "beginning and ending with a letter or digit, no '..', not an IP address",
     .check = Valid<IsBucketName>,
     .store = store::Text<&Config::cache_s3_bucket>},
    {.name = "CACHE_S3_PREFIX",
     .help = "the cache's key prefix in CACHE_S3_BUCKET",
     .read_by = ReadBy::kEveryCommand,
     .per_route = true,
     .expected = "a key prefix without a leading '/', such as delta-arc-cache/",
     .check = CachePrefix,
     .store = store::Folder<&Config::cache_s3_prefix>},
    {.name = "FORCE_REFRESH",
     .help = "ignore the discovery cache (the flag: --force-refresh)",
     .read_by = ReadBy::kEveryCommand,
     .expected = "one of true, false, 1, 0, yes, no",
     .check = Valid<IsBoolean>,
     .store = store::Flag<&Config::force_refresh>},
    {.name = "SNS_TOPIC_ARN",
     .help = "the topic for failure notifications (Lambda)",
     .expected = "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:delta-arc-failures",
     .check = SnsTopicArn,
     .store = store::Text<&Config::sns_topic_arn>},
    {.name = "AWS_REGION",
     .help = "the AWS region",
     .read_by = ReadBy::kEveryCommand,
     .expected = "an AWS region such as us-east-1",
     .check = Valid<IsRegion>,
     .store = store::Text<&Config::aws_region>},
    {.name = "AWS_ACCESS_KEY_ID",
     .help = "AWS access key",
     .read_by = ReadBy::kEveryCommand,
     .secret = true,
     .expected = "a value without whitespace or control characters",
     .check = NoSpaceOrControl,
     .store = store::Text<&Config::aws_access_key_id>},
    {.name = "AWS_SECRET_ACCESS_KEY",
     .help = "AWS secret key",
     .read_by = ReadBy::kEveryCommand,
     .secret = true,
     .expected = "a value without whitespace or control characters",
     .check = NoSpaceOrControl,
     .store = store::Text<&Config::aws_secret_access_key>},
    {.name = "AWS_SESSION_TOKEN",
     .help = "AWS session token",
     .read_by = ReadBy::kEveryCommand,
     .secret = true,
     .expected = "a value without whitespace or control characters",
     .check = NoSpaceOrControl,
     .store = store::Text<&Config::aws_session_token>},
    {.name = "AWS_PROFILE",
     .help = "the AWS profile",
     .read_by = ReadBy::kEveryCommand,
     .store = store::Text<&Config::aws_profile>},
    {.name = "AWS_ENDPOINT_URL",
     .help = "another endpoint for every AWS service",
     .read_by = ReadBy::kEveryCommand,
     .expected = "an http(s) URL such as http://127.0.0.1:4566",
     .check = HttpUrl,
     .store = store::Url<&Config::aws_endpoint_url>},
    {.name = "AWS_ENDPOINT_URL_S3",
     .help = "another endpoint for S3",
     .read_by = ReadBy::kEveryCommand,
     .expected = "an http(s) URL such as http://127.0.0.1:4568",
     .check = HttpUrl,
     .store = store::Url<&Config::aws_endpoint_url_s3>},
    {.name = "LOG_LEVEL",
     .flag = "--log-level",
     .help = "debug, info, warn or error",
     .read_by = ReadBy::kEveryCommand,
     .expected = "one of debug, info, warn, error",
     .check = Valid<IsLogLevel>,
     .store = store::Choice<&Config::log_level, ParseLogLevel>},
    {.name = "LOG_FORMAT",
     .flag = "--log-format",
     .help = "text or json",
     .read_by = ReadBy::kEveryCommand,
     .expected = "one of text, json",
     .check = Valid<IsLogFormat>,
     .store = store::Choice<&Config::log_format, LogFormatNamed>},
};

// The setting called `name`; nullptr when delta-arc reads none of that name.
constexpr const Setting* FindSetting(std::string_view name) {
  const auto* found = std::ranges::find(kSettings, name, &Setting::name);
  return found == std::end(kSettings) ? nullptr : found;
}

}  // namespace delta_arc::lineage
