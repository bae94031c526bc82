# Event bursts folded: S3 object events reach the function through an SQS queue. The EventBridge
# rule of events.tf (the bucket's "Object Created"/"Object Deleted" events under the prefix) sends
# them to the queue; Lambda polls it and hands the function batches of up to sqs_batch_size
# messages, gathered for up to sqs_batching_window_seconds, with at most sqs_maximum_concurrency
# invocations at once. So a burst of uploads costs a few runs, not one run per object, and the
# tenant's Atlan rate limit sees at most that many runs at a time. The function answers
# batchItemFailures: only the messages that failed (or that the deadline left) come back, and a
# message that failed sqs_max_receive_count times moves to the dead-letter queue.
#
# s3_events_via_sqs = false keeps the direct path: the rule invokes the function asynchronously.

locals {
  s3_events_via_sqs = var.enable_s3_trigger && var.s3_events_via_sqs

  # AWS: at least six times the function's timeout, plus the batching window, so that a batch in
  # flight (and Lambda's retries of it when throttled) never becomes visible again meanwhile.
  sqs_visibility_timeout_seconds = 6 * var.timeout + var.sqs_batching_window_seconds
}

resource "aws_sqs_queue" "events_dlq" {
  count = local.s3_events_via_sqs ? 1 : 0

  name                      = "${var.function_name}-s3-events-dlq"
  message_retention_seconds = 1209600 # 14 days, SQS's maximum: time to look and redrive
  sqs_managed_sse_enabled   = true
  tags                      = local.common_tags
}

resource "aws_sqs_queue" "events" {
  count = local.s3_events_via_sqs ? 1 : 0

  name                       = "${var.function_name}-s3-events"
  visibility_timeout_seconds = local.sqs_visibility_timeout_seconds
  message_retention_seconds  = 345600 # 4 days, SQS's default
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.events_dlq[0].arn
    maxReceiveCount     = var.sqs_max_receive_count
  })
  tags = local.common_tags
}

# Only the events queue may move messages into the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "events_dlq" {
  count = local.s3_events_via_sqs ? 1 : 0

  queue_url = aws_sqs_queue.events_dlq[0].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.events[0].arn]
  })
}

# Only the bucket's events: EventBridge may send to the queue on behalf of the S3 rule of this
# account, whose pattern matches this bucket (under the prefix) and nothing else.
data "aws_iam_policy_document" "events_queue" {
  count = local.s3_events_via_sqs ? 1 : 0

  statement {
    sid       = "S3RuleSendsTheBucketsEvents"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events[0].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.s3_objects[0].arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  count = local.s3_events_via_sqs ? 1 : 0

  queue_url = aws_sqs_queue.events[0].id
  policy    = data.aws_iam_policy_document.events_queue[0].json
}

resource "aws_lambda_event_source_mapping" "events" {
  count = local.s3_events_via_sqs ? 1 : 0

  event_source_arn                   = aws_sqs_queue.events[0].arn
  function_name                      = aws_lambda_function.this.arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = var.sqs_batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.sqs_maximum_concurrency
  }

  lifecycle {
    precondition {
      condition     = var.sqs_batch_size <= 10 || var.sqs_batching_window_seconds >= 1
      error_message = "sqs_batch_size above 10 needs sqs_batching_window_seconds >= 1 (an SQS event source rule)."
    }
  }

  # Lambda polls with the function's role: its sqs statements exist before the mapping.
  depends_on = [aws_iam_role_policy.function]
}
