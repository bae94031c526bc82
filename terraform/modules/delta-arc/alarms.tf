# Alerts: the SNS topic (the function's own failure messages, the alarms and the async on-failure
# destination all go there) and the CloudWatch alarms. The Errors alarm works because delta-arc
# reports failures through the Runtime API error endpoint, which Lambda counts as Errors.

locals {
  alarm_actions = local.alerts_enabled ? [local.alert_topic_arn] : []
  function_dimensions = {
    FunctionName = aws_lambda_function.this.function_name
  }
  # Custom metrics (EMF) of the pipeline, dimension set [["FunctionName"]].
  metrics_namespace = "Atlan/LineagePipeline"
}

# --- Topic --------------------------------------------------------------------------------------

# Not encrypted with the AWS-managed SNS key: CloudWatch alarms cannot publish to a topic that
# uses it (a customer-managed key would need a key policy for CloudWatch; bring your own topic
# through sns_topic_arn for that).
resource "aws_sns_topic" "alerts" {
  count = var.create_sns_topic ? 1 : 0

  name = "${var.function_name}-alerts"
  tags = local.common_tags
}

resource "aws_sns_topic_subscription" "email" {
  count = var.create_sns_topic && var.alert_email != null ? 1 : 0

  topic_arn = aws_sns_topic.alerts[0].arn
  protocol  = "email"
  endpoint  = var.alert_email
}

# --- Alarms -------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "errors" {
  count = var.enable_alarms ? 1 : 0

  alarm_name          = "${var.function_name}-errors"
  alarm_description   = "delta-arc run failed (Lambda Errors >= 1). See the log group /aws/lambda/${var.function_name}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = local.function_dimensions
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count = var.enable_alarms ? 1 : 0

  alarm_name          = "${var.function_name}-throttles"
  alarm_description   = "delta-arc invocations were throttled (concurrency limit reached)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = local.function_dimensions
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}

# Atlan answering 429 in three five-minute periods in a row: runs are slowed (each 429 cuts the
# run's rate), and other users of the tenant may be blocked for a minute each time. Lower
# atlan_requests_per_minute, or the event source's maximum concurrency.
resource "aws_cloudwatch_metric_alarm" "atlan_throttling" {
  count = var.enable_alarms ? 1 : 0

  alarm_name          = "${var.function_name}-atlan-throttling"
  alarm_description   = "Atlan has been answering delta-arc with 429 (rate limit) for 15 minutes."
  namespace           = local.metrics_namespace
  metric_name         = "AtlanThrottles"
  dimensions          = local.function_dimensions
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}

# A tagged Postgres column (PII, …) whose Snowflake column lacks the tag after Atlan has had
# time to propagate it: a governance gap. `delta-arc trace` names each; attach the tag in
# Atlan, or let the column's own attachment propagate.
resource "aws_cloudwatch_metric_alarm" "tag_gaps" {
  count = var.enable_alarms ? 1 : 0

  alarm_name          = "${var.function_name}-tag-gaps"
  alarm_description   = "A tagged Postgres column reaches a Snowflake column that lacks its tag."
  namespace           = local.metrics_namespace
  metric_name         = "TagGaps"
  dimensions          = local.function_dimensions
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "duration" {
  count = var.enable_alarms ? 1 : 0

  alarm_name          = "${var.function_name}-duration-near-timeout"
  alarm_description   = "A delta-arc run took more than ${var.duration_alarm_percent}% of its ${var.timeout} s timeout."
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = local.function_dimensions
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.timeout * 1000 * var.duration_alarm_percent / 100
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}

# Every successful run emits PipelineSucceeded = 1. Hourly sums below 1 for no_success_alarm_hours
# hours in a row, missing data included, mean the pipeline has not succeeded in that long:
# whether it failed, never ran (schedule disabled, function deleted) or could not start.
resource "aws_cloudwatch_metric_alarm" "no_success" {
  count = var.enable_alarms ? 1 : 0

  alarm_name          = "${var.function_name}-no-successful-run"
  alarm_description   = "No successful delta-arc run in ${var.no_success_alarm_hours} hours (PipelineSucceeded missing)."
  namespace           = local.metrics_namespace
  metric_name         = "PipelineSucceeded"
  dimensions          = local.function_dimensions
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = var.no_success_alarm_hours
  datapoints_to_alarm = var.no_success_alarm_hours
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}

# S3 events that failed sqs_max_receive_count times wait in the dead-letter queue: each is an
# object whose lineage the events did not write (the next full sync still will).
resource "aws_cloudwatch_metric_alarm" "events_dlq" {
  count = var.enable_alarms && local.s3_events_via_sqs ? 1 : 0

  alarm_name          = "${var.function_name}-s3-events-dead-letters"
  alarm_description   = "S3 events reached the dead-letter queue ${var.function_name}-s3-events-dlq after ${var.sqs_max_receive_count} failed receives. See the function's logs, then redrive them."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.events_dlq[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.common_tags
}
