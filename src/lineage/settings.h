// Every setting delta-arc reads, declared once: its name, the CLI flag that
// overrides it, a line of help, whether it is a secret, and which commands need it.
//
// The table drives the names accepted from the environment, .env and flags, the
// values never echoed in a message, which settings are required and by which
// commands, the CLI's flags and their --help, and a test that keeps README's
// configuration table and the deployment docs in step with it. How a value is
// checked stays in config.cc, next to the message saying what it expects: most
// checks are one predicate, and some rules span settings (the token's three
// sources, AWS key pairs, the bucket ARN's default partition).
#pragma once

#include <algorithm>
#include <iterator>
#include <string_view>

namespace delta_arc::lineage {

// Which commands read a setting. `cache status` and `cache clear` need neither
// Atlan nor the bucket, so a machine set up only for its cache can still use them.
enum class ReadBy {
  kSyncAndPlan,   // the cache commands leave it at its default, even when it is bad
  kEveryCommand,  // sync, plan, cache status and cache clear
};

struct Setting {
  std::string_view name = {};  // the environment variable, also its name in .env
  // The CLI option that overrides it. Empty: none. Secrets never get one: a command
  // line is visible to every user of the machine (ps, /proc).
  std::string_view flag = {};
  std::string_view help = {};  // what it is, in a few words (--help)
  ReadBy read_by = ReadBy::kSyncAndPlan;
  bool required = false;  // sync and plan stop without it; the cache commands never do
  bool secret = false;    // its value never appears in a message or a log
};

// In README's order, which is also the order of the flags in --help. ATLAN_API_TOKEN
// is not marked required: one of it, ATLAN_API_TOKEN_SECRET_ARN and
// ATLAN_API_TOKEN_PARAMETER is, a rule of config.cc.
inline constexpr Setting kSettings[] = {
    {.name = "ATLAN_BASE_URL",
     .flag = "--atlan-base-url",
     .help = "the tenant's URL, e.g. https://tenant.atlan.com",
     .required = true},
    {.name = "ATLAN_API_TOKEN", .help = "the Atlan API token", .secret = true},
    {.name = "ATLAN_API_KEY", .help = "another name of ATLAN_API_TOKEN", .secret = true},
    {.name = "ATLAN_API_TOKEN_SECRET_ARN", .help = "the Secrets Manager secret holding the token"},
    {.name = "ATLAN_API_TOKEN_PARAMETER", .help = "the SSM parameter holding the token"},
    {.name = "POSTGRES_CONNECTION_NAME",
     .flag = "--postgres-connection",
     .help = "the crawled Postgres connection to read",
     .read_by = ReadBy::kEveryCommand,
     .required = true},
    {.name = "SNOWFLAKE_CONNECTION_NAME",
     .flag = "--snowflake-connection",
     .help = "the crawled Snowflake connection to read",
     .read_by = ReadBy::kEveryCommand,
     .required = true},
    {.name = "S3_BUCKET_NAME", .flag = "--s3-bucket", .help = "the bucket", .required = true},
    {.name = "S3_BUCKET_ARN", .flag = "--s3-bucket-arn", .help = "the bucket's ARN in Atlan"},
    {.name = "S3_PREFIX", .flag = "--s3-prefix", .help = "only keys under this prefix"},
    {.name = "S3_CONNECTION_NAME",
     .flag = "--s3-connection",
     .help = "the S3 connection in Atlan, created when missing",
     .required = true},
    {.name = "S3_CONNECTION_ADMIN_USERS", .help = "admin users of a created S3 connection"},
    {.name = "S3_CONNECTION_ADMIN_GROUPS", .help = "admin groups of a created S3 connection"},
    {.name = "S3_CONNECTION_ADMIN_ROLES", .help = "admin roles of a created S3 connection"},
    {.name = "MAPPING_FILE",
     .flag = "--mapping",
     .help = "the mapping of keys to tables",
     .read_by = ReadBy::kEveryCommand},
    {.name = "ATLAN_BATCH_SIZE", .flag = "--batch-size", .help = "entities per bulk write"},
    {.name = "ATLAN_PAGE_SIZE", .flag = "--page-size", .help = "results per search page"},
    {.name = "ATLAN_TIMEOUT_SECONDS", .help = "the time limit of one Atlan request"},
    {.name = "ATLAN_MAX_ATTEMPTS", .help = "attempts per Atlan request, retries included"},
    {.name = "ARCHIVE_GUARD_PERCENT", .help = "the most of its scope (percent) a sync may archive"},
    {.name = "CACHE_EXPIRY_HOURS",
     .flag = "--cache-expiry-hours",
     .help = "the discovery cache's lifetime",
     .read_by = ReadBy::kEveryCommand},
    {.name = "POSTGRES_CACHE_FILE",
     .help = "the Postgres side's cache file",
     .read_by = ReadBy::kEveryCommand},
    {.name = "SNOWFLAKE_CACHE_FILE",
     .help = "the Snowflake side's cache file",
     .read_by = ReadBy::kEveryCommand},
    {.name = "CACHE_S3_BUCKET",
     .flag = "--cache-s3-bucket",
     .help = "keep the cache in this bucket instead",
     .read_by = ReadBy::kEveryCommand},
    {.name = "CACHE_S3_PREFIX",
     .help = "the cache's key prefix in CACHE_S3_BUCKET",
     .read_by = ReadBy::kEveryCommand},
    {.name = "FORCE_REFRESH",
     .help = "ignore the discovery cache (the flag: --force-refresh)",
     .read_by = ReadBy::kEveryCommand},
    {.name = "SNS_TOPIC_ARN", .help = "the topic for failure notifications (Lambda)"},
    {.name = "AWS_REGION", .help = "the AWS region", .read_by = ReadBy::kEveryCommand},
    {.name = "AWS_ACCESS_KEY_ID",
     .help = "AWS access key",
     .read_by = ReadBy::kEveryCommand,
     .secret = true},
    {.name = "AWS_SECRET_ACCESS_KEY",
     .help = "AWS secret key",
     .read_by = ReadBy::kEveryCommand,
     .secret = true},
    {.name = "AWS_SESSION_TOKEN",
     .help = "AWS session token",
     .read_by = ReadBy::kEveryCommand,
     .secret = true},
    {.name = "AWS_PROFILE", .help = "the AWS profile", .read_by = ReadBy::kEveryCommand},
    {.name = "AWS_ENDPOINT_URL",
     .help = "another endpoint for every AWS service",
     .read_by = ReadBy::kEveryCommand},
    {.name = "AWS_ENDPOINT_URL_S3",
     .help = "another endpoint for S3",
     .read_by = ReadBy::kEveryCommand},
    {.name = "LOG_LEVEL",
     .flag = "--log-level",
     .help = "debug, info, warn or error",
     .read_by = ReadBy::kEveryCommand},
    {.name = "LOG_FORMAT",
     .flag = "--log-format",
     .help = "text or json",
     .read_by = ReadBy::kEveryCommand},
};

// The setting called `name`; nullptr when delta-arc reads none of that name.
constexpr const Setting* FindSetting(std::string_view name) {
  const auto* found = std::ranges::find(kSettings, name, &Setting::name);
  return found == std::end(kSettings) ? nullptr : found;
}

}  // namespace delta_arc::lineage
