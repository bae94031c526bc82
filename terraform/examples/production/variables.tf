# Inputs of the production root; see ../../modules/delta-arc/variables.tf for the full set.

variable "aws_region" {
  description = "AWS region to deploy into (the source bucket's region)."
  type        = string
}

variable "function_name" {
  description = "Name of the Lambda function."
  type        = string
  default     = "atlan-delta-arc"
}

variable "architecture" {
  description = "x86_64 or arm64; must match the package build."
  type        = string
  default     = "x86_64"
}

variable "memory_size" {
  description = "Memory in MB (128 covers the measured peak of < 64 MB on the sample tenant)."
  type        = number
  default     = 128
}

variable "timeout" {
  description = "Timeout of one run in seconds (at most 900)."
  type        = number
  default     = 300
}

variable "atlan_base_url" {
  description = "ATLAN_BASE_URL, e.g. https://tenant.atlan.com."
  type        = string
}

variable "atlan_api_token_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the Atlan API token (preferred)."
  type        = string
  default     = null
}

variable "atlan_api_token_parameter" {
  description = "Name of an SSM SecureString parameter holding the token, instead of the secret."
  type        = string
  default     = null
}

variable "atlan_api_token_kms_key_arn" {
  description = "Customer-managed KMS key of the token's secret or parameter, if any."
  type        = string
  default     = null
}

variable "postgres_connection_name" {
  description = "POSTGRES_CONNECTION_NAME in Atlan."
  type        = string
}

variable "snowflake_connection_name" {
  description = "SNOWFLAKE_CONNECTION_NAME in Atlan."
  type        = string
}

variable "s3_bucket_name" {
  description = "S3_BUCKET_NAME: the export bucket."
  type        = string
}

variable "s3_prefix" {
  description = "S3_PREFIX: key prefix of the exports."
  type        = string
  default     = ""
}

variable "s3_connection_name" {
  description = "S3_CONNECTION_NAME: the S3 connection delta-arc manages in Atlan."
  type        = string
}

variable "create_cache_bucket" {
  description = "Create a private, encrypted bucket for the discovery cache."
  type        = bool
  default     = true
}

variable "cache_s3_prefix" {
  description = "CACHE_S3_PREFIX in the cache bucket."
  type        = string
  default     = "delta-arc/cache/"
}

variable "cache_expiry_hours" {
  description = "CACHE_EXPIRY_HOURS."
  type        = number
  default     = 24
}

variable "schedule_expression" {
  description = "EventBridge schedule: cron(0 2 * * ? *) daily, rate(6 hours), cron(0 9 ? * MON-FRI *)."
  type        = string
  default     = "cron(0 2 * * ? *)"
}

variable "enable_s3_trigger" {
  description = "Run on S3 Object Created/Deleted events under the prefix."
  type        = bool
  default     = true
}

variable "manage_bucket_notification" {
  description = "Let Terraform enable EventBridge notifications on the bucket (replaces its notification configuration)."
  type        = bool
  default     = false
}

variable "alert_email" {
  description = "E-mail subscribed to the alert topic (confirm the subscription mail)."
  type        = string
  default     = null
}

variable "no_success_alarm_hours" {
  description = "Hours without a successful run before alarming (26 daily, 74 weekdays-only)."
  type        = number
  default     = 26
}

variable "log_retention_days" {
  description = "Retention of the function's logs in days."
  type        = number
  default     = 90
}

variable "log_level" {
  description = "LOG_LEVEL: debug, info, warn, error."
  type        = string
  default     = "info"
}

variable "tags" {
  description = "Tags on every resource (provider default_tags and the module's tags)."
  type        = map(string)
  default = {
    Application = "delta-arc"
    Environment = "production"
  }
}
