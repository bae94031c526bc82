// delta-arc's configuration: the environment variables of DESIGN.md §3 (every
// one declared in lineage/settings.h), a .env file and command-line flags,
// validated as a whole before the first network call.
//
// Precedence, per variable: flags > process environment > .env file > default.
// The environment beats .env as with python-dotenv and docker compose: .env holds
// a developer's defaults, and a variable set on purpose for one run (or by
// Lambda) must not be silently replaced by a stale file. An empty value counts as
// not set, at every level, so `FOO=` never blanks a value from a lower level;
// whitespace around a value is ignored.
//
// ATLAN_API_KEY is an alias of ATLAN_API_TOKEN (pyatlan's name); within one
// source ATLAN_API_TOKEN wins, across sources the usual precedence applies.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/log.h"

namespace delta_arc::lineage {

// S3_LINEAGE_LEVEL: what an object's lineage runs through.
enum class LineageLevel : uint8_t { kObject, kPrefix };
// LOG_FORMAT: lines of text, or one JSON object a line (CloudWatch Logs Insights).
enum class LogFormat : uint8_t { kText, kJson };
// The enum of a name the setting's check accepted (lowercase).
LineageLevel LineageLevelNamed(std::string_view name);
LogFormat LogFormatNamed(std::string_view name);

// The two settings that may name a side's connection, one of them at a time (a rule of
// config.cc): the one that holds it to its connector, and the one of any SQL connector.
struct SideSettings {
  const char* by_connector;
  const char* by_any;
};
inline constexpr SideSettings kSourceSettings{"POSTGRES_CONNECTION_NAME", "SOURCE_CONNECTION_NAME"};
inline constexpr SideSettings kTargetSettings{"SNOWFLAKE_CONNECTION_NAME",
                                              "TARGET_CONNECTION_NAME"};

struct Config {
  // Atlan
  std::string atlan_base_url;          // ATLAN_BASE_URL, without a trailing '/'
  std::string atlan_api_token;         // ATLAN_API_TOKEN (or ATLAN_API_KEY); never logged
  std::string atlan_token_secret_arn;  // ATLAN_API_TOKEN_SECRET_ARN
  std::string atlan_token_parameter;   // ATLAN_API_TOKEN_PARAMETER
  int atlan_batch_size = 50;  // ATLAN_BATCH_SIZE: entities per bulk write at first, 1..1000
  // ATLAN_MAX_BATCH_SIZE: the most a bulk write grows to while Atlan answers well under its
  // 5 seconds, 1..10000 (Atlan refuses more than 10,000); below ATLAN_BATCH_SIZE it caps it.
  int atlan_max_batch_size = 500;
  // ATLAN_CONCURRENCY: Atlan requests in flight at once, 1..32; all within the rate.
  int atlan_concurrency = 8;
  // S3_READ_CONCURRENCY: CSV headers read at once, 1..64.
  int s3_read_concurrency = 64;
  int atlan_page_size = 1000;              // ATLAN_PAGE_SIZE: results per search page, 1..10000
  std::chrono::seconds atlan_timeout{60};  // ATLAN_TIMEOUT_SECONDS: per request, 1..900
  int atlan_max_attempts = 5;  // ATLAN_MAX_ATTEMPTS: per request, retries included, 1..20
  // ATLAN_REQUESTS_PER_MINUTE: the most requests one run sends a minute, retries included,
  // 1..10000. Atlan allows a tenant about 400 a minute across all its users and blocks a
  // caller past that for a minute; concurrent runs (Lambda) must share that budget.
  int atlan_requests_per_minute = 300;

  // The crawled connections to read: those the files come from and those they are loaded
  // into (one a side, or several read as one side: a comma list). POSTGRES_/SNOWFLAKE_
  // CONNECTION_NAME name them and hold them to that connector; SOURCE_/TARGET_CONNECTION_NAME
  // name connections of any SQL connector.
  std::vector<std::string> source_connection_names;  // POSTGRES_ or SOURCE_CONNECTION_NAME
  std::vector<std::string> target_connection_names;  // SNOWFLAKE_ or TARGET_CONNECTION_NAME
  std::string source_connector = "postgres";   // "": any SQL connector (SOURCE_CONNECTION_NAME)
  std::string target_connector = "snowflake";  // "": any SQL connector (TARGET_CONNECTION_NAME)

  // The bucket to register
  std::string s3_bucket_name;  // S3_BUCKET_NAME
  // S3_BUCKET_ARN, the bucket's ARN in Atlan (unique in the tenant). Default
  // arn:aws:s3:::<name>. Accepted: exactly that, or that followed by "/<suffix>"
  // (e.g. arn:aws:s3:::landing/team-a) when several registrations share one real
  // bucket; the suffix is one or more non-empty '/'-separated parts without
  // whitespace. A trailing '/' is dropped. A suffix glued to the name
  // (arn:aws:s3:::landing-x) is refused: it names another bucket.
  std::string s3_bucket_arn;
  std::string s3_prefix;  // S3_PREFIX (may be empty: the whole bucket; no leading '/')
  // S3_LINEAGE_LEVEL: object (Postgres table → each S3Object → Snowflake table) or
  // prefix (→ each table's folder, an S3Prefix, →). Default: object.
  LineageLevel s3_lineage_level = LineageLevel::kObject;
  // S3_REGISTER_OBJECTS: register every object; false (prefix level only) registers the
  // folders alone, so assets grow with tables rather than files.
  bool s3_register_objects = true;
  // S3_TAGS: read the Postgres tables' and columns' tags and attach to each S3 object and
  // table folder those its files carry (lineage/asset_tags.h). Off: tags are neither read
  // nor written, and attachments made before stay as they are. Default: on.
  bool s3_tags = true;
  // S3_TAGS_PROPAGATE: the attachments delta-arc makes propagate (along lineage to the
  // Snowflake tables). Default: off; Snowflake columns get a column's tags through column
  // lineage when its own attachment propagates.
  bool s3_tags_propagate = false;
  // S3_TAGS_GRACE_MINUTES: how long after a column's lineage is written (or its tag
  // attached) Atlan may take to propagate the tag to the Snowflake column before a missing
  // one is a gap (tag_trace.h). Atlan propagates as asynchronous tasks, with no time
  // guarantee; seconds to minutes is usual. Default: 15.
  int s3_tags_grace_minutes = 15;
  bool prefix_lineage() const { return s3_lineage_level == LineageLevel::kPrefix; }
  // S3_INVENTORY: where S3 Inventory delivers the bucket's reports (s3://…/<config id>/)
  // or one report's manifest.json; full syncs then read the newest complete report
  // instead of listing the bucket. Empty: list it.
  std::string s3_inventory;
  std::string s3_connection_name;  // S3_CONNECTION_NAME
  // Admins of the S3 connection when delta-arc creates it; roles by name. When
  // none of the three is given, roles = {"$admin"} (Atlan wants at least one).
  std::vector<std::string> s3_connection_admin_users;   // S3_CONNECTION_ADMIN_USERS (comma list)
  std::vector<std::string> s3_connection_admin_groups;  // S3_CONNECTION_ADMIN_GROUPS (comma list)
  std::vector<std::string> s3_connection_admin_roles;   // S3_CONNECTION_ADMIN_ROLES (comma list)

  std::string mapping_file;  // MAPPING_FILE (empty: the default mapping)
  // ROUTES_FILE: the routes one deployment serves (routes.h); empty: one, these settings.
  std::string routes_file;

  // Discovery cache
  double cache_expiry_hours = 24;  // CACHE_EXPIRY_HOURS, >= 0 (0: always refresh)
  std::string postgres_cache_file = ".delta-arc-cache/postgres.json";    // POSTGRES_CACHE_FILE
  std::string snowflake_cache_file = ".delta-arc-cache/snowflake.json";  // SNOWFLAKE_CACHE_FILE
  std::string cache_s3_bucket;  // CACHE_S3_BUCKET (when set, the cache lives in S3)
  std::string cache_s3_prefix = "delta-arc-cache/";  // CACHE_S3_PREFIX, always ends with '/'
  bool force_refresh = false;  // FORCE_REFRESH (true|false|1|0|yes|no), i.e. --force-refresh

  // A sync that would archive more than this share (percent) of the assets its scope holds
  // stops before writing: an empty listing, a mistyped prefix or a mapping that matches
  // nothing looks like that. ARCHIVE_GUARD_PERCENT, 1-100 (100: no limit). Default: 75
  // (DataHub's stale-entity removal fail-safe threshold).
  int archive_guard_percent = 75;
  bool allow_mass_archive = false;  // --allow-mass-archive: this run may go past the guard

  std::string sns_topic_arn;  // SNS_TOPIC_ARN

  // AWS, as every AWS SDK reads them; here so that values from .env or flags
  // reach the aws layer too. Empty: not given (the credentials chain decides).
  std::string aws_region;             // AWS_REGION
  std::string aws_access_key_id;      // AWS_ACCESS_KEY_ID; never logged
  std::string aws_secret_access_key;  // AWS_SECRET_ACCESS_KEY; never logged
  std::string aws_session_token;      // AWS_SESSION_TOKEN; never logged
  std::string aws_profile;            // AWS_PROFILE
  std::string aws_endpoint_url;       // AWS_ENDPOINT_URL, without a trailing '/'
  std::string aws_endpoint_url_s3;    // AWS_ENDPOINT_URL_S3, without a trailing '/'

  LogLevel log_level = LogLevel::kInfo;     // LOG_LEVEL: debug | info | warn | error (any case)
  LogFormat log_format = LogFormat::kText;  // LOG_FORMAT: text | json (any case)

  bool operator==(const Config&) const = default;
};

// Where settings come from. `environment` and `flags` map names as in DESIGN.md
// (flags use the same names, set by the CLI from --options; a flag name that is
// not a delta-arc setting is reported, to catch typos in the CLI).
struct ConfigSources {
  std::map<std::string, std::string> environment;
  std::optional<std::string> dotenv_path;  // read when present; a missing default .env is fine
  bool dotenv_required = false;            // true when the user named the file
  std::map<std::string, std::string> flags;
};

// Parses a .env file: NAME=value lines, blank lines, # comments, optional
// `export `, values in single quotes (literal) or double quotes (escapes \n,
// \t, \r, \" and \\; other backslashes stay), unquoted values ending at " #"
// (a comment). Values are one line; `$` is literal (no expansion); a later line
// wins. Malformed lines are reported all at once, each as "<path>:<line>: <why>",
// never with the line's text (it may hold a secret).
Result<std::map<std::string, std::string>> ParseDotenv(const std::string& path);
// The same on the file's text; problems are "<source_name>:<line>: <why>".
Result<std::map<std::string, std::string>> ParseDotenvText(std::string_view text,
                                                           const std::string& source_name);

// What the commands need. kSync and kPlan need everything for Atlan and S3;
// kCache reads only the settings marked ReadBy::kEveryCommand in settings.h (the
// cache, AWS and logging settings, the mapping and connection names) and requires
// none; the others are left default.
enum class ConfigPurpose { kSync, kPlan, kCache };

// Merges the sources (see the top of this file) and validates. On failure the
// error (kInvalidArgument) has one line per bad or missing variable, naming it
// and what it expects, e.g.
//   ATLAN_BASE_URL: required, an http(s) URL such as https://tenant.atlan.com
// Secret values (tokens, AWS keys) are never echoed; other bad values are,
// quoted and shortened.
Result<Config> LoadConfig(const ConfigSources& sources, ConfigPurpose purpose);
// LoadConfig's two halves, for a configuration of several routes (routes.h), which
// validates the merged settings once per route: the sources merged by precedence, names
// checked and normalised (ATLAN_API_KEY folded into ATLAN_API_TOKEN); and merged settings
// validated. `flags`: the names given as flags, each checked to be a setting.
Result<std::map<std::string, std::string>> MergeSettings(const ConfigSources& sources);
Result<Config> ConfigFromSettings(const std::map<std::string, std::string>& settings,
                                  ConfigPurpose purpose,
                                  const std::map<std::string, std::string>& flags = {});

// Whether `key` of the data bucket is an entry of the discovery cache: the cache is
// kept in S3 in that same bucket (CACHE_S3_BUCKET = S3_BUCKET_NAME) and the key is
// under CACHE_S3_PREFIX. Such keys are the cache's own files, never data.
bool IsCacheKey(const Config& config, const std::string& key);
// Whether a listing of S3_PREFIX reaches the cache's keys (CACHE_S3_PREFIX under
// S3_PREFIX in the same bucket): allowed, and those keys are left out.
bool CacheUnderDataPrefix(const Config& config);

}  // namespace delta_arc::lineage
