# What runs the function: the EventBridge schedule (through the state machine of state_machine.tf
# when enable_state_machine is on, else directly) and the S3 object events of the source bucket
# (through the queue of queue.tf when s3_events_via_sqs is on, else directly), each direct target
# with the Lambda permission that lets EventBridge invoke it; and what happens to an asynchronous
# run that fails (retries, then the on-failure destination).

locals {
  # EventBridge's "Object Created" (and "Object Deleted") events of the source bucket, under the
  # prefix. With no prefix every key of the bucket matches.
  s3_event_detail_types = concat(["Object Created"], var.s3_trigger_on_delete ? ["Object Deleted"] : [])
  s3_event_detail = merge(
    { bucket = { name = [var.s3_bucket_name] } },
    var.s3_prefix == "" ? {} : { object = { key = [{ prefix = var.s3_prefix }] } },
  )
  # Each further route's bucket under its prefix: one rule matches any of them ($or).
  s3_route_event_details = [for r in var.routes : merge(
    { bucket = { name = [r.s3_bucket_name] } },
    r.s3_prefix == "" ? {} : { object = { key = [{ prefix = r.s3_prefix }] } },
  )]
  s3_event_pattern = {
    source        = ["aws.s3"]
    "detail-type" = local.s3_event_detail_types
    detail        = local.routes_enabled ? { "$or" = concat([local.s3_event_detail], local.s3_route_event_details) } : local.s3_event_detail
  }
  # The routes' buckets beside the module's own, whose notifications the module may manage.
  s3_route_buckets = toset([for r in var.routes : r.s3_bucket_name if r.s3_bucket_name != var.s3_bucket_name])
}

# --- Schedule -----------------------------------------------------------------------------------

resource "aws_cloudwatch_event_rule" "schedule" {
  count = var.enable_schedule ? 1 : 0

  name                = "${var.function_name}-schedule"
  description         = "Runs ${var.function_name} (delta-arc) on ${var.schedule_expression}"
  schedule_expression = var.schedule_expression
  tags                = local.common_tags
}

# Directly: one invocation; a run stopped by its deadline waits for the next schedule.
resource "aws_cloudwatch_event_target" "schedule" {
  count = var.enable_schedule && !var.enable_state_machine ? 1 : 0

  rule      = aws_cloudwatch_event_rule.schedule[0].name
  target_id = "delta-arc"
  arn       = aws_lambda_function.this.arn
  input     = jsonencode(local.scheduled_event_input)
}

# Through the state machine: invocations until the sync is complete. EventBridge starts the
# execution with the schedule's role, which may start this state machine only.
resource "aws_cloudwatch_event_target" "schedule_state_machine" {
  count = var.enable_schedule && var.enable_state_machine ? 1 : 0

  rule      = aws_cloudwatch_event_rule.schedule[0].name
  target_id = "delta-arc-sync"
  arn       = aws_sfn_state_machine.this[0].arn
  role_arn  = aws_iam_role.schedule[0].arn
  input     = jsonencode(local.scheduled_event_input)
}

resource "aws_lambda_permission" "schedule" {
  count = var.enable_schedule && !var.enable_state_machine ? 1 : 0

  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[0].arn
}

# --- S3 object events ---------------------------------------------------------------------------

# S3 sends events to EventBridge only when the bucket says so. This resource owns the bucket's
# whole notification configuration, hence opt-in (manage_bucket_notification).
resource "aws_s3_bucket_notification" "source" {
  count = var.enable_s3_trigger && var.manage_bucket_notification ? 1 : 0

  bucket      = var.s3_bucket_name
  eventbridge = true
}

resource "aws_s3_bucket_notification" "routes" {
  for_each = var.enable_s3_trigger && var.manage_bucket_notification ? local.s3_route_buckets : toset([])

  bucket      = each.value
  eventbridge = true
}

resource "aws_cloudwatch_event_rule" "s3_objects" {
  count = var.enable_s3_trigger ? 1 : 0

  name          = "${var.function_name}-s3-objects"
  description   = "Runs ${var.function_name} (delta-arc) when exports change in s3://${var.s3_bucket_name}/${var.s3_prefix}"
  event_pattern = jsonencode(local.s3_event_pattern)
  tags          = local.common_tags
}

# No input transformer: the function receives the EventBridge event itself and parses it (as an
# SQS message's body on the queue path).
resource "aws_cloudwatch_event_target" "s3_objects" {
  count = var.enable_s3_trigger && !var.s3_events_via_sqs ? 1 : 0

  rule      = aws_cloudwatch_event_rule.s3_objects[0].name
  target_id = "delta-arc"
  arn       = aws_lambda_function.this.arn
}

resource "aws_cloudwatch_event_target" "s3_objects_queue" {
  count = local.s3_events_via_sqs ? 1 : 0

  rule      = aws_cloudwatch_event_rule.s3_objects[0].name
  target_id = "delta-arc-queue"
  arn       = aws_sqs_queue.events[0].arn
}

resource "aws_lambda_permission" "s3_objects" {
  count = var.enable_s3_trigger && !var.s3_events_via_sqs ? 1 : 0

  statement_id  = "AllowEventBridgeS3Objects"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.s3_objects[0].arn
}

# --- Asynchronous invocations -------------------------------------------------------------------

# EventBridge invokes asynchronously on the direct paths (the state machine and the queue invoke
# synchronously, with retries of their own: the state machine's Retry/Catch, SQS's redelivery).
# The function reports a failure through the Runtime API's error endpoint, so Lambda retries it,
# then sends the event and the error to the alert topic (the role's sns:Publish statement covers
# this delivery).
resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.async_retry_attempts
  maximum_event_age_in_seconds = var.async_max_event_age_seconds

  dynamic "destination_config" {
    for_each = local.alerts_enabled ? [1] : []
    content {
      on_failure {
        destination = local.alert_topic_arn
      }
    }
  }

  depends_on = [aws_iam_role_policy.function]
}
