# The delta-arc Lambda function and the values the other files of the module share.
#
#   main.tf         the function, its environment (DESIGN.md §3) and shared locals
#   iam.tf          the execution role, least privilege
#   events.tf       the schedule, the S3 event rule, their targets and permissions, async retries
#   state_machine.tf the Step Functions loop that runs a sync until it is complete (and its roles)
#   queue.tf        the SQS queue (and dead-letter queue) that folds bursts of S3 events
#   alarms.tf       the alert topic and the CloudWatch alarms
#   dashboard.tf    the CloudWatch dashboard
#   logs.tf         the function's log group
#   cache_bucket.tf the optional discovery-cache bucket
#   inventory.tf    the optional S3 Inventory of the source bucket and its delivery policy

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  # The most invocations that can run at once, which share Atlan's per-tenant request limit:
  # the queue's event source plus the scheduled run (or the reserved concurrency, which bounds
  # both). Null when nothing bounds them (S3 events invoking the function directly).
  event_runs_at_once = (
    !var.enable_s3_trigger ? 0 :
    var.s3_events_via_sqs ? var.sqs_maximum_concurrency : null
  )
  runs_at_once = (
    var.reserved_concurrent_executions > 0 ? var.reserved_concurrent_executions :
    local.event_runs_at_once == null ? null : local.event_runs_at_once + 1
  )

  # The package scripts/build_lambda.sh builds: an executable `bootstrap` at the zip's root.
  package_path = coalesce(var.package_path, "${path.module}/../../../build/atlan-delta-arc-lambda.zip")

  # The real bucket's ARN, for IAM and events. S3_BUCKET_ARN (what delta-arc writes into Atlan)
  # may differ: it can carry a suffix when one real bucket is registered more than once.
  source_bucket_arn = "arn:${local.partition}:s3:::${var.s3_bucket_name}"

  token_parameter_arn = (
    var.atlan_api_token_parameter == null ? null :
    startswith(var.atlan_api_token_parameter, "arn:") ? var.atlan_api_token_parameter :
    "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.atlan_api_token_parameter, "/")}"
  )

  # The discovery cache: a bucket the module creates, an existing one, or none.
  cache_enabled          = var.create_cache_bucket || var.cache_bucket_name != null
  cache_bucket_to_create = coalesce(var.cache_bucket_name, lower(replace("${var.function_name}-cache-${local.account_id}", "_", "-")))
  cache_bucket_name = (
    var.create_cache_bucket ? aws_s3_bucket.cache[0].id : var.cache_bucket_name
  )
  cache_bucket_arn = (
    var.create_cache_bucket ? aws_s3_bucket.cache[0].arn :
    local.cache_enabled ? "arn:${local.partition}:s3:::${var.cache_bucket_name}" : null
  )

  # S3 Inventory's reports: <destination prefix>/<source bucket>/<configuration id>/ (AWS's
  # layout), read by full syncs through S3_INVENTORY.
  inventory_bucket_arn = var.s3_inventory_bucket == null ? null : "arn:${local.partition}:s3:::${var.s3_inventory_bucket}"
  inventory_reports    = "${var.s3_inventory_prefix}/${var.s3_bucket_name}/${var.s3_inventory_id}/"
  inventory_url        = var.s3_inventory_bucket == null ? null : "s3://${var.s3_inventory_bucket}/${local.inventory_reports}"

  alerts_enabled  = var.create_sns_topic || var.sns_topic_arn != null
  alert_topic_arn = var.create_sns_topic ? aws_sns_topic.alerts[0].arn : var.sns_topic_arn

  # The function's environment: only names of DESIGN.md §3 (plus MAPPING_FILE). Null values are
  # left out. ATLAN_API_TOKEN is set only when the caller passes the token explicitly; because the
  # variable is sensitive, Terraform then shows the whole environment as (sensitive) in plans.
  environment_all = {
    ATLAN_BASE_URL             = var.atlan_base_url
    ATLAN_API_TOKEN_SECRET_ARN = var.atlan_api_token_secret_arn
    ATLAN_API_TOKEN_PARAMETER  = var.atlan_api_token_parameter
    ATLAN_API_TOKEN            = var.atlan_api_token
    POSTGRES_CONNECTION_NAME   = var.postgres_connection_name
    SNOWFLAKE_CONNECTION_NAME  = var.snowflake_connection_name
    SOURCE_CONNECTION_NAME     = var.source_connection_name
    TARGET_CONNECTION_NAME     = var.target_connection_name
    S3_BUCKET_NAME             = var.s3_bucket_name
    S3_BUCKET_ARN              = var.s3_bucket_arn # unset: delta-arc uses arn:<partition of AWS_REGION>:s3:::<bucket>
    S3_PREFIX                  = var.s3_prefix
    S3_LINEAGE_LEVEL           = var.s3_lineage_level
    S3_REGISTER_OBJECTS        = tostring(var.s3_register_objects)
    S3_TAGS                    = tostring(var.s3_tags)
    S3_TAGS_PROPAGATE          = tostring(var.s3_tags_propagate)
    S3_INVENTORY               = local.inventory_url
    S3_CONNECTION_NAME         = var.s3_connection_name
    S3_CONNECTION_ADMIN_USERS  = length(var.s3_connection_admin_users) > 0 ? join(",", var.s3_connection_admin_users) : null
    S3_CONNECTION_ADMIN_GROUPS = length(var.s3_connection_admin_groups) > 0 ? join(",", var.s3_connection_admin_groups) : null
    S3_CONNECTION_ADMIN_ROLES  = length(var.s3_connection_admin_roles) > 0 ? join(",", var.s3_connection_admin_roles) : null
    ARCHIVE_GUARD_PERCENT      = tostring(var.archive_guard_percent)
    ATLAN_REQUESTS_PER_MINUTE  = tostring(var.atlan_requests_per_minute)
    ATLAN_CONCURRENCY          = tostring(var.atlan_concurrency)
    CACHE_EXPIRY_HOURS         = tostring(var.cache_expiry_hours)
    CACHE_S3_BUCKET            = local.cache_bucket_name
    CACHE_S3_PREFIX            = local.cache_enabled ? var.cache_s3_prefix : null
    SNS_TOPIC_ARN              = local.alert_topic_arn
    LOG_LEVEL                  = var.log_level
    LOG_FORMAT                 = "json"
    MAPPING_FILE               = var.mapping_file
    ROUTES_FILE                = local.routes_enabled ? "/opt/${local.routes_file}" : null
  }
  environment = { for name, value in local.environment_all : name => value if value != null }

  # Several routes (README, "Several routes"): the module's own settings are the route named
  # route_name, which sets nothing of its own; each further route sets its bucket and prefix (an
  # empty prefix unsets the module's) and what else it names. The file and each route's mapping
  # file reach the function in a layer, under /opt.
  routes_enabled = length(var.routes) > 0
  routes_file    = "delta-arc/routes.yaml"
  route_mappings = { for r in var.routes : r.name => r.mapping_file if r.mapping_file != null }
  route_entries = [for r in var.routes : merge(
    { name = r.name, S3_BUCKET_NAME = r.s3_bucket_name, S3_PREFIX = r.s3_prefix },
    { for name, value in {
      S3_BUCKET_ARN             = r.s3_bucket_arn
      POSTGRES_CONNECTION_NAME  = r.postgres_connection_name
      SNOWFLAKE_CONNECTION_NAME = r.snowflake_connection_name
      SOURCE_CONNECTION_NAME    = r.source_connection_name
      TARGET_CONNECTION_NAME    = r.target_connection_name
      S3_LINEAGE_LEVEL          = r.s3_lineage_level
      MAPPING_FILE              = r.mapping_file == null ? null : "/opt/delta-arc/mapping-${r.name}.yaml"
    } : name => value if value != null },
  )]
  routes_yaml = yamlencode({ routes = concat([{ name = var.route_name }], local.route_entries) })

  # The event the schedule sends (DESIGN.md §4); a manual run sends trigger "manual" and
  # force_refresh true instead.
  scheduled_event_input = {
    trigger       = "scheduled"
    force_refresh = false
  }

  common_tags = merge(var.tags, { Application = "delta-arc" })
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  description   = "delta-arc: registers S3 in Atlan's lineage graph (Postgres -> S3 -> Snowflake)"
  role          = aws_iam_role.function.arn

  runtime          = "provided.al2023"
  handler          = "bootstrap"
  filename         = local.package_path
  source_code_hash = filebase64sha256(local.package_path)
  architectures    = [var.architecture]

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    variables = local.environment
  }

  layers = local.routes_enabled ? [aws_lambda_layer_version.routes[0].arn] : []

  # The function writes one JSON object per line itself (LOG_FORMAT=json) and its EMF metric
  # documents; Lambda's Text format passes them through unchanged.
  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function.name
  }

  tags = local.common_tags

  lifecycle {
    # delta-arc refuses more than one token source, so Terraform refuses it first.
    precondition {
      condition = length([
        for source in [var.atlan_api_token_secret_arn, var.atlan_api_token_parameter, var.atlan_api_token] :
        source if source != null
      ]) == 1
      error_message = "Set exactly one of atlan_api_token_secret_arn (preferred), atlan_api_token_parameter and atlan_api_token."
    }
    precondition {
      condition     = var.s3_bucket_arn == null || can(regex("^arn:${local.partition}:s3:::${replace(var.s3_bucket_name, ".", "\\.")}(/.+)?$", var.s3_bucket_arn))
      error_message = "s3_bucket_arn must be arn:<this region's partition>:s3:::<s3_bucket_name>, or that followed by /<suffix>."
    }
    # delta-arc reads each side's connection from one of two names, so Terraform asks for one.
    precondition {
      condition     = (var.postgres_connection_name == null) != (var.source_connection_name == null)
      error_message = "Set exactly one of postgres_connection_name and source_connection_name (a connection of any SQL connector)."
    }
    precondition {
      condition     = (var.snowflake_connection_name == null) != (var.target_connection_name == null)
      error_message = "Set exactly one of snowflake_connection_name and target_connection_name (a connection of any SQL connector)."
    }
    # A check across two variables (a variable's validation may name only itself before 1.9).
    precondition {
      condition     = var.s3_register_objects || var.s3_lineage_level == "prefix"
      error_message = "s3_register_objects = false needs s3_lineage_level = \"prefix\": at the object level the lineage runs through the objects."
    }
    # Atlan allows a tenant about 400 requests a minute and blocks past that for a minute.
    precondition {
      condition     = local.runs_at_once == null || var.atlan_requests_per_minute * local.runs_at_once <= 400
      error_message = "atlan_requests_per_minute times the most invocations running at once (sqs_maximum_concurrency + 1, or reserved_concurrent_executions) must stay within Atlan's 400 requests a minute."
    }
  }

  # The role's policy and the log group exist before the first invocation can need them.
  depends_on = [
    aws_iam_role_policy.function,
    aws_cloudwatch_log_group.function,
  ]
}

# The routes file and the routes' mapping files, as a layer the function finds under /opt.
data "archive_file" "routes" {
  count = local.routes_enabled ? 1 : 0

  type        = "zip"
  output_path = "${path.root}/.terraform/delta-arc/${var.function_name}-routes.zip"

  source {
    content  = local.routes_yaml
    filename = local.routes_file
  }

  dynamic "source" {
    for_each = local.route_mappings
    content {
      content  = file(source.value)
      filename = "delta-arc/mapping-${source.key}.yaml"
    }
  }
}

resource "aws_lambda_layer_version" "routes" {
  count = local.routes_enabled ? 1 : 0

  layer_name          = "${var.function_name}-routes"
  description         = "delta-arc's routes (ROUTES_FILE) and their mapping files"
  filename            = data.archive_file.routes[0].output_path
  source_code_hash    = data.archive_file.routes[0].output_base64sha256
  compatible_runtimes = ["provided.al2023"]
}
