# Inputs of the delta-arc module. The names of the function's own settings follow DESIGN.md §3
# (ATLAN_BASE_URL → atlan_base_url, S3_PREFIX → s3_prefix, ...).

# --- The function -------------------------------------------------------------------------------

variable "function_name" {
  description = "Name of the Lambda function; also names the role, log group, rules, alarms, topic and dashboard."
  type        = string
  default     = "atlan-delta-arc"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,53}$", var.function_name))
    error_message = "function_name must be 1-53 characters of letters, digits, '-' and '_' (53 leaves room for suffixes such as '-s3-objects' within EventBridge's 64-character rule names)."
  }
}

variable "package_path" {
  description = "Path of the deployment package built by scripts/build_lambda.sh (a zip with an executable 'bootstrap' at its root). Null means build/atlan-delta-arc-lambda.zip of this repository."
  type        = string
  default     = null

  validation {
    condition     = var.package_path == null || can(regex("\\.zip$", var.package_path))
    error_message = "package_path must name a .zip file, e.g. build/atlan-delta-arc-lambda.zip."
  }
}

variable "architecture" {
  description = "Instruction set of the function: x86_64 (default) or arm64. It must match the architecture scripts/build_lambda.sh built the package for."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB. 128 is the measured need: peak < 64 MB on the sample tenant (DESIGN.md §5); raise it to 256+ for 10k tables / 100k objects."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout of one run in seconds (Lambda allows at most 900). The Duration alarm fires at duration_alarm_percent of it."
  type        = number
  default     = 300

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900 (Lambda's maximum)."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of the function. -1 (default) reserves none; 1 serializes runs (bursts of S3 events then wait in Lambda's asynchronous queue and count as Throttles)."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions
    error_message = "reserved_concurrent_executions must be -1 (no reservation) or a whole number >= 0."
  }
}

variable "iam_permissions_boundary_arn" {
  description = "ARN of an IAM permissions boundary to attach to the function's role, if your account requires one."
  type        = string
  default     = null

  validation {
    condition     = var.iam_permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.iam_permissions_boundary_arn))
    error_message = "iam_permissions_boundary_arn must be an IAM policy ARN (arn:aws:iam::123456789012:policy/NAME)."
  }
}

variable "tags" {
  description = "Tags added to every resource the module creates that supports tags."
  type        = map(string)
  default     = {}
}

# --- Atlan --------------------------------------------------------------------------------------

variable "atlan_base_url" {
  description = "ATLAN_BASE_URL: the Atlan tenant, e.g. https://tenant.atlan.com."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/\\s]+", var.atlan_base_url))
    error_message = "atlan_base_url must be a URL such as https://tenant.atlan.com."
  }
}

variable "atlan_api_token_secret_arn" {
  description = "ATLAN_API_TOKEN_SECRET_ARN (preferred): full ARN of the Secrets Manager secret whose SecretString is the Atlan API token. The function may read this one secret only."
  type        = string
  default     = null

  validation {
    condition     = var.atlan_api_token_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.atlan_api_token_secret_arn))
    error_message = "atlan_api_token_secret_arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx)."
  }
}

variable "atlan_api_token_parameter" {
  description = "ATLAN_API_TOKEN_PARAMETER: name (e.g. /atlan/api-token) or ARN of an SSM SecureString parameter holding the Atlan API token, as an alternative to the secret."
  type        = string
  default     = null

  validation {
    condition     = var.atlan_api_token_parameter == null || can(regex("^(/[A-Za-z0-9_.\\-/]+|[A-Za-z0-9_.\\-]+|arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/.+)$", var.atlan_api_token_parameter))
    error_message = "atlan_api_token_parameter must be an SSM parameter name (/atlan/api-token) or ARN."
  }
}

variable "atlan_api_token" {
  description = "ATLAN_API_TOKEN in plain text in the function's environment. Discouraged (it ends up in the Terraform state); use atlan_api_token_secret_arn. Only set when you pass it explicitly."
  type        = string
  default     = null
  sensitive   = true
}

variable "atlan_api_token_kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the token's secret or parameter. Null when it uses the AWS-managed key (no kms permission needed then)."
  type        = string
  default     = null

  validation {
    condition     = var.atlan_api_token_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.atlan_api_token_kms_key_arn))
    error_message = "atlan_api_token_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "postgres_connection_name" {
  description = "POSTGRES_CONNECTION_NAME: the crawled PostgreSQL connection in Atlan whose tables are exported to S3. Set this or source_connection_name."
  type        = string
  default     = null

  validation {
    condition     = var.postgres_connection_name == null || length(trimspace(coalesce(var.postgres_connection_name, " "))) > 0
    error_message = "postgres_connection_name must not be empty."
  }
}

variable "snowflake_connection_name" {
  description = "SNOWFLAKE_CONNECTION_NAME: the crawled Snowflake connection in Atlan whose tables are loaded from S3. Set this or target_connection_name."
  type        = string
  default     = null

  validation {
    condition     = var.snowflake_connection_name == null || length(trimspace(coalesce(var.snowflake_connection_name, " "))) > 0
    error_message = "snowflake_connection_name must not be empty."
  }
}

variable "source_connection_name" {
  description = "SOURCE_CONNECTION_NAME: instead of postgres_connection_name, a crawled connection of any SQL connector (MySQL, Oracle, Redshift, BigQuery, ...) whose tables are exported to S3."
  type        = string
  default     = null

  validation {
    condition     = var.source_connection_name == null || length(trimspace(coalesce(var.source_connection_name, " "))) > 0
    error_message = "source_connection_name must not be empty."
  }
}

variable "target_connection_name" {
  description = "TARGET_CONNECTION_NAME: instead of snowflake_connection_name, a crawled connection of any SQL connector whose tables are loaded from S3."
  type        = string
  default     = null

  validation {
    condition     = var.target_connection_name == null || length(trimspace(coalesce(var.target_connection_name, " "))) > 0
    error_message = "target_connection_name must not be empty."
  }
}

# --- The source bucket --------------------------------------------------------------------------

variable "s3_bucket_name" {
  description = "S3_BUCKET_NAME: the bucket the exports land in. The function may list it (under s3_prefix only) and read objects under s3_prefix."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket_name))
    error_message = "s3_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-')."
  }
}

variable "s3_bucket_arn" {
  description = "S3_BUCKET_ARN: the awsArn delta-arc writes into Atlan. Null leaves it unset, so delta-arc uses arn:<partition>:s3:::<s3_bucket_name> (aws, aws-us-gov or aws-cn, from the region); set arn:<partition>:s3:::<s3_bucket_name>/<suffix> only when one real bucket is registered more than once. IAM always uses the real bucket's ARN."
  type        = string
  default     = null

  validation {
    condition     = var.s3_bucket_arn == null || can(regex("^arn:aws(-us-gov|-cn)?:s3:::[a-z0-9][a-z0-9.-]+(/.+)?$", var.s3_bucket_arn))
    error_message = "s3_bucket_arn must be arn:aws:s3:::<bucket> (or arn:aws-us-gov:…, arn:aws-cn:…), or that followed by /<suffix>."
  }
}

variable "s3_prefix" {
  description = "S3_PREFIX: key prefix of the exports, e.g. exports/ (\"\" for the whole bucket). Bounds the ListBucket condition, the GetObject resource and the S3 event rule."
  type        = string
  default     = ""

  validation {
    condition     = !startswith(var.s3_prefix, "/") && !strcontains(var.s3_prefix, "*")
    error_message = "s3_prefix must not start with '/' nor contain '*': it is a plain key prefix such as exports/."
  }
}

variable "s3_lineage_level" {
  description = "S3_LINEAGE_LEVEL: object (lineage through each object) or prefix (through each table's folder, an S3Prefix; see README, \"Prefix datasets\")."
  type        = string
  default     = "object"

  validation {
    condition     = contains(["object", "prefix"], var.s3_lineage_level)
    error_message = "s3_lineage_level must be object or prefix."
  }
}

variable "s3_register_objects" {
  description = "S3_REGISTER_OBJECTS: register every object. false (with s3_lineage_level = \"prefix\" only) registers the folders alone."
  type        = bool
  default     = true
}

variable "s3_tags" {
  description = "S3_TAGS: attach to each S3 object (and table folder) the tags of the Postgres table and columns its files carry. false neither reads nor writes tags."
  type        = bool
  default     = true
}

variable "s3_tags_propagate" {
  description = "S3_TAGS_PROPAGATE: the tags delta-arc attaches propagate along lineage."
  type        = bool
  default     = false
}

variable "s3_inventory_bucket" {
  description = "The bucket S3 Inventory delivers the source bucket's reports to. When set, full syncs read the newest complete report (S3_INVENTORY) instead of listing the bucket, and the function may read the reports. For buckets of millions of objects; see README, \"Buckets too big to list\"."
  type        = string
  default     = null
}

variable "s3_inventory_prefix" {
  description = "The destination prefix of the reports in s3_inventory_bucket (no leading or trailing '/'); S3 writes them under <prefix>/<source bucket>/<s3_inventory_id>/."
  type        = string
  default     = "inventory"

  validation {
    condition     = length(var.s3_inventory_prefix) > 0 && !startswith(var.s3_inventory_prefix, "/") && !endswith(var.s3_inventory_prefix, "/")
    error_message = "s3_inventory_prefix must be a non-empty prefix without a leading or trailing '/', such as inventory."
  }
}

variable "s3_inventory_id" {
  description = "The inventory configuration's id (its name): the folder of its reports."
  type        = string
  default     = "delta-arc"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,64}$", var.s3_inventory_id))
    error_message = "s3_inventory_id must be 1-64 letters, digits, '.', '_' or '-'."
  }
}

variable "create_s3_inventory" {
  description = "Create the source bucket's S3 Inventory configuration (daily, CSV, current versions, with Size, LastModifiedDate and ETag) delivering to s3_inventory_bucket. false: an inventory configured elsewhere with those settings."
  type        = bool
  default     = false
}

variable "manage_s3_inventory_bucket_policy" {
  description = "Attach the policy that lets S3 deliver the reports to s3_inventory_bucket. That resource REPLACES the bucket's whole policy: leave false when the bucket has a policy and merge the output s3_inventory_bucket_policy_json into it."
  type        = bool
  default     = false
}

variable "s3_connection_name" {
  description = "S3_CONNECTION_NAME: name of the S3 connection delta-arc creates (or finds) in Atlan."
  type        = string

  validation {
    condition     = length(trimspace(var.s3_connection_name)) > 0
    error_message = "s3_connection_name must not be empty."
  }
}

variable "s3_connection_admin_users" {
  description = "S3_CONNECTION_ADMIN_USERS: Atlan usernames made admins of the S3 connection when delta-arc creates it. With all three admin lists empty, delta-arc uses the $admin role."
  type        = list(string)
  default     = []
}

variable "s3_connection_admin_groups" {
  description = "S3_CONNECTION_ADMIN_GROUPS: Atlan group names made admins of the S3 connection when delta-arc creates it."
  type        = list(string)
  default     = []
}

variable "s3_connection_admin_roles" {
  description = "S3_CONNECTION_ADMIN_ROLES: Atlan role names (e.g. $admin) made admins of the S3 connection when delta-arc creates it."
  type        = list(string)
  default     = []
}

variable "mapping_file" {
  description = "MAPPING_FILE: optional path, inside the package or the runtime, of a key-template/rename mapping file. Null leaves it unset."
  type        = string
  default     = null
}

variable "route_name" {
  description = "With routes: the name of the route the module's own settings describe (s3_bucket_name, s3_prefix, the connections, mapping_file), one route of ROUTES_FILE beside the others."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,31}$", var.route_name))
    error_message = "route_name must be 1 to 32 of a-z, 0-9 and '-', not beginning with '-'."
  }
}

variable "routes" {
  description = "Further routes the one function serves (README, \"Several routes\"), each a name, its bucket and prefix, and what it sets of its connections (one name a side replaces the module's for that side), bucket ARN, lineage level and mapping file (a path on the machine running Terraform: the module packs it). The module writes ROUTES_FILE into a layer, sends the function each route's object events and lets it read each route's prefix. Empty: one route, the module's own settings."
  type = list(object({
    name                      = string
    s3_bucket_name            = string
    s3_prefix                 = optional(string, "")
    s3_bucket_arn             = optional(string)
    postgres_connection_name  = optional(string)
    snowflake_connection_name = optional(string)
    source_connection_name    = optional(string)
    target_connection_name    = optional(string)
    s3_lineage_level          = optional(string)
    mapping_file              = optional(string)
  }))
  default = []

  validation {
    condition     = alltrue([for r in var.routes : can(regex("^[a-z0-9][a-z0-9-]{0,31}$", r.name))]) && length(distinct([for r in var.routes : r.name])) == length(var.routes)
    error_message = "Each route needs its own name: 1 to 32 of a-z, 0-9 and '-', not beginning with '-'."
  }

  validation {
    condition     = alltrue([for r in var.routes : !startswith(r.s3_prefix, "/")])
    error_message = "A route's s3_prefix is a key prefix without a leading '/'."
  }
}

variable "atlan_requests_per_minute" {
  description = "ATLAN_REQUESTS_PER_MINUTE: the most Atlan requests one invocation sends a minute. Atlan allows a tenant about 400 a minute across all its users and blocks past that for a minute; invocations that overlap (the schedule, S3 events) each have this budget, so it times the most invocations running at once must stay under 400."
  type        = number
  default     = 100

  validation {
    condition     = var.atlan_requests_per_minute >= 1 && var.atlan_requests_per_minute <= 400 && floor(var.atlan_requests_per_minute) == var.atlan_requests_per_minute
    error_message = "atlan_requests_per_minute must be a whole number from 1 to 400 (Atlan's limit for the whole tenant)."
  }
}

variable "atlan_concurrency" {
  description = "ATLAN_CONCURRENCY: Atlan requests one invocation keeps in flight at once (writes overlap in dependency order). They all stay within atlan_requests_per_minute."
  type        = number
  default     = 8

  validation {
    condition     = var.atlan_concurrency >= 1 && var.atlan_concurrency <= 32 && floor(var.atlan_concurrency) == var.atlan_concurrency
    error_message = "atlan_concurrency must be a whole number from 1 to 32."
  }
}

variable "archive_guard_percent" {
  description = "ARCHIVE_GUARD_PERCENT: a sync that would archive more than this share (percent) of its scope's assets stops with an error instead (an empty listing, a wrong prefix, a template that matches nothing). 100: no limit."
  type        = number
  default     = 75

  validation {
    condition     = var.archive_guard_percent >= 1 && var.archive_guard_percent <= 100 && floor(var.archive_guard_percent) == var.archive_guard_percent
    error_message = "archive_guard_percent must be a whole number from 1 to 100."
  }
}

# --- The discovery cache ------------------------------------------------------------------------

variable "cache_expiry_hours" {
  description = "CACHE_EXPIRY_HOURS: how long discovered Postgres/Snowflake assets stay cached before Atlan is searched again."
  type        = number
  default     = 24

  validation {
    condition     = var.cache_expiry_hours >= 0 && var.cache_expiry_hours <= 8760
    error_message = "cache_expiry_hours must be between 0 and 8760 (one year)."
  }
}

variable "create_cache_bucket" {
  description = "Create a private, encrypted S3 bucket for the discovery cache (named cache_bucket_name, or <function_name>-cache-<account id>)."
  type        = bool
  default     = false
}

variable "cache_bucket_name" {
  description = "CACHE_S3_BUCKET: bucket of the discovery cache. With create_cache_bucket = false, an existing bucket to use; null and no bucket created means no S3 cache."
  type        = string
  default     = null

  validation {
    condition     = var.cache_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.cache_bucket_name))
    error_message = "cache_bucket_name must be a valid S3 bucket name."
  }
}

variable "cache_s3_prefix" {
  description = "CACHE_S3_PREFIX: key prefix of the cache objects; the function may read, write and delete only under it."
  type        = string
  default     = "delta-arc/cache/"

  validation {
    condition     = length(var.cache_s3_prefix) > 0 && !startswith(var.cache_s3_prefix, "/") && !strcontains(var.cache_s3_prefix, "*")
    error_message = "cache_s3_prefix must be a non-empty key prefix without a leading '/' or '*', e.g. delta-arc/cache/."
  }
}

variable "cache_expiration_days" {
  description = "Days after which the created cache bucket's lifecycle rule deletes cache objects (a stale cache is only re-read, never trusted past CACHE_EXPIRY_HOURS)."
  type        = number
  default     = 7

  validation {
    condition     = var.cache_expiration_days >= 1 && floor(var.cache_expiration_days) == var.cache_expiration_days
    error_message = "cache_expiration_days must be a whole number of days >= 1."
  }
}

variable "cache_bucket_kms_key_arn" {
  description = "Customer-managed KMS key for the cache bucket's default encryption. Null uses SSE-S3 (AES256)."
  type        = string
  default     = null

  validation {
    condition     = var.cache_bucket_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.cache_bucket_kms_key_arn))
    error_message = "cache_bucket_kms_key_arn must be a KMS key ARN."
  }
}

variable "cache_bucket_force_destroy" {
  description = "Allow terraform destroy to delete the created cache bucket with its objects in it (the cache is disposable)."
  type        = bool
  default     = false
}

# --- Triggers -----------------------------------------------------------------------------------

variable "enable_schedule" {
  description = "Create the EventBridge schedule that runs the pipeline with {\"trigger\":\"scheduled\",\"force_refresh\":false}."
  type        = bool
  default     = true
}

variable "schedule_expression" {
  description = "EventBridge schedule of the pipeline (UTC). Default daily at 02:00; alternatives: rate(6 hours), cron(0 9 ? * MON-FRI *)."
  type        = string
  default     = "cron(0 2 * * ? *)"

  validation {
    condition     = can(regex("^(cron\\([^)]+\\)|rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\))$", var.schedule_expression))
    error_message = "schedule_expression must be an EventBridge expression such as cron(0 2 * * ? *) or rate(6 hours)."
  }
}

variable "enable_state_machine" {
  description = "Run the pipeline through the Step Functions state machine (<function_name>-sync): it invokes the function again while its answer says the sync is incomplete (a first sync too large for one invocation), up to state_machine_max_iterations times. The schedule then starts the state machine instead of the function. Costs a few state transitions a run."
  type        = bool
  default     = true
}

variable "state_machine_max_iterations" {
  description = "Most invocations one state machine execution makes before it gives up with IterationLimitReached (an alert; the next run resumes). 48 is four hours of work at the default 300 s timeout."
  type        = number
  default     = 48

  validation {
    condition     = var.state_machine_max_iterations >= 1 && var.state_machine_max_iterations <= 1000 && floor(var.state_machine_max_iterations) == var.state_machine_max_iterations
    error_message = "state_machine_max_iterations must be a whole number from 1 to 1000."
  }
}

variable "enable_s3_trigger" {
  description = "Create the EventBridge rule that runs the pipeline on S3 \"Object Created\" events of s3_bucket_name under s3_prefix. The bucket must send events to EventBridge (see manage_bucket_notification)."
  type        = bool
  default     = true
}

variable "s3_trigger_on_delete" {
  description = "Also run on S3 \"Object Deleted\" events, so that removed exports are archived in Atlan without waiting for the schedule."
  type        = bool
  default     = true
}

variable "s3_events_via_sqs" {
  description = "Deliver the S3 rule's events to the function through an SQS queue (batched, bounded concurrency, dead-letter queue) rather than invoking it once per event. false keeps the direct EventBridge -> Lambda path."
  type        = bool
  default     = true
}

variable "sqs_batch_size" {
  description = "Most S3 events one invocation receives from the queue (above 10 needs sqs_batching_window_seconds >= 1)."
  type        = number
  default     = 50

  validation {
    condition     = var.sqs_batch_size >= 1 && var.sqs_batch_size <= 10000 && floor(var.sqs_batch_size) == var.sqs_batch_size
    error_message = "sqs_batch_size must be a whole number from 1 to 10000."
  }
}

variable "sqs_batching_window_seconds" {
  description = "How long Lambda gathers S3 events before invoking the function with a batch (maximum_batching_window_in_seconds): a burst of uploads folds into a few invocations."
  type        = number
  default     = 60

  validation {
    condition     = var.sqs_batching_window_seconds >= 0 && var.sqs_batching_window_seconds <= 300 && floor(var.sqs_batching_window_seconds) == var.sqs_batching_window_seconds
    error_message = "sqs_batching_window_seconds must be a whole number from 0 to 300."
  }
}

variable "sqs_maximum_concurrency" {
  description = "Most concurrent invocations the queue's event source starts (scaling_config.maximum_concurrency; AWS's minimum is 2). Bounds how many runs share the tenant's Atlan rate limit at once."
  type        = number
  default     = 2

  validation {
    condition     = var.sqs_maximum_concurrency >= 2 && var.sqs_maximum_concurrency <= 1000 && floor(var.sqs_maximum_concurrency) == var.sqs_maximum_concurrency
    error_message = "sqs_maximum_concurrency must be a whole number from 2 to 1000."
  }
}

variable "sqs_max_receive_count" {
  description = "How many times an S3 event is received before it moves to the dead-letter queue. A message the deadline left unstarted comes back too, and counts, so keep a margin."
  type        = number
  default     = 5

  validation {
    condition     = var.sqs_max_receive_count >= 1 && var.sqs_max_receive_count <= 1000 && floor(var.sqs_max_receive_count) == var.sqs_max_receive_count
    error_message = "sqs_max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "manage_bucket_notification" {
  description = "Let the module turn on EventBridge notifications of s3_bucket_name (aws_s3_bucket_notification with eventbridge = true). That resource REPLACES the bucket's whole notification configuration: leave false when the bucket has other notifications and enable EventBridge delivery where they are managed."
  type        = bool
  default     = false
}

variable "async_retry_attempts" {
  description = "How many times Lambda retries a failed asynchronous invocation (schedule, S3 event) before sending it to the on-failure destination."
  type        = number
  default     = 2

  validation {
    condition     = contains([0, 1, 2], var.async_retry_attempts)
    error_message = "async_retry_attempts must be 0, 1 or 2."
  }
}

variable "async_max_event_age_seconds" {
  description = "How long an asynchronous event may wait (throttled or retried) before it is dropped to the on-failure destination."
  type        = number
  default     = 3600

  validation {
    condition     = var.async_max_event_age_seconds >= 60 && var.async_max_event_age_seconds <= 21600
    error_message = "async_max_event_age_seconds must be between 60 and 21600."
  }
}

# --- Alerts, alarms, dashboard, logs ------------------------------------------------------------

variable "create_sns_topic" {
  description = "Create the alert topic (<function_name>-alerts). It receives the function's failure messages (SNS_TOPIC_ARN), the alarms and the async on-failure destination."
  type        = bool
  default     = true
}

variable "sns_topic_arn" {
  description = "Existing SNS topic for alerts, used when create_sns_topic = false. Null with create_sns_topic = false means no alerts."
  type        = string
  default     = null

  validation {
    condition     = var.sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:.+$", var.sns_topic_arn))
    error_message = "sns_topic_arn must be an SNS topic ARN."
  }
}

variable "alert_email" {
  description = "E-mail address subscribed to the created alert topic (the recipient must confirm the subscription). Null for none."
  type        = string
  default     = null

  validation {
    condition     = var.alert_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address."
  }
}

variable "enable_alarms" {
  description = "Create the CloudWatch alarms: Errors, Throttles, Duration near the timeout, and no successful run in no_success_alarm_hours."
  type        = bool
  default     = true
}

variable "duration_alarm_percent" {
  description = "The Duration alarm fires when one run's maximum duration exceeds this percentage of the timeout."
  type        = number
  default     = 80

  validation {
    condition     = var.duration_alarm_percent > 0 && var.duration_alarm_percent < 100
    error_message = "duration_alarm_percent must be between 0 and 100 (exclusive)."
  }
}

variable "no_success_alarm_hours" {
  description = "Hours without a PipelineSucceeded datapoint after which the \"no successful run\" alarm fires (missing data counts as breaching). 26 suits a daily schedule; use 74 for a weekdays-only one."
  type        = number
  default     = 26

  validation {
    condition     = var.no_success_alarm_hours >= 1 && var.no_success_alarm_hours <= 168 && floor(var.no_success_alarm_hours) == var.no_success_alarm_hours
    error_message = "no_success_alarm_hours must be a whole number between 1 and 168 (CloudWatch evaluates at most 7 days)."
  }
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard with the function's Duration, Errors, Invocations and the pipeline's custom metrics."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the function's log group /aws/lambda/<function_name>, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "log_kms_key_arn" {
  description = "Customer-managed KMS key to encrypt the log group with (its key policy must allow CloudWatch Logs). Null for the default encryption."
  type        = string
  default     = null
}

variable "log_level" {
  description = "LOG_LEVEL of the function: debug, info, warn or error."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be one of debug, info, warn, error."
  }
}
