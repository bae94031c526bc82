# Runs that finish: a Standard Step Functions state machine that invokes the function until its
# answer says the sync is complete ("complete": true in its result), at most
# state_machine_max_iterations times. Each invocation stops before its deadline and the next one
# resumes: writes are idempotent upserts, so what is already written plans as unchanged. The
# schedule starts the state machine instead of the function when enable_state_machine is on.
#
# Its role may invoke this one function and publish to the alert topic, nothing else. No
# CloudWatch Logs delivery: that needs logs:*LogDelivery on Resource "*"; a Standard execution's
# history (90 days) shows every step, and failures reach the alert topic.

locals {
  state_machine_definition = templatefile("${path.module}/state_machine.asl.json.tftpl", {
    partition            = local.partition
    function_name        = var.function_name
    function_arn         = aws_lambda_function.this.arn
    max_iterations       = var.state_machine_max_iterations
    task_timeout_seconds = var.timeout + 60
    alerts_enabled       = local.alerts_enabled
    alert_topic_arn      = local.alerts_enabled ? local.alert_topic_arn : ""
    failure_state        = local.alerts_enabled ? "Notify failure" : "Failed"
  })
}

resource "aws_sfn_state_machine" "this" {
  count = var.enable_state_machine ? 1 : 0

  name       = "${var.function_name}-sync"
  type       = "STANDARD"
  role_arn   = aws_iam_role.state_machine[0].arn
  definition = local.state_machine_definition
  tags       = local.common_tags

  depends_on = [aws_iam_role_policy.state_machine]
}

# --- The state machine's role -------------------------------------------------------------------

data "aws_iam_policy_document" "state_machine_assume_role" {
  statement {
    sid     = "StepFunctionsAssumesTheRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  count = var.enable_state_machine ? 1 : 0

  name                 = "${var.function_name}-sfn"
  description          = "Role of the ${var.function_name}-sync state machine (delta-arc): invokes the function, publishes failures"
  assume_role_policy   = data.aws_iam_policy_document.state_machine_assume_role.json
  permissions_boundary = var.iam_permissions_boundary_arn
  tags                 = local.common_tags
}

data "aws_iam_policy_document" "state_machine" {
  # The unqualified function only: the definition invokes no version or alias.
  statement {
    sid       = "InvokeTheFunction"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.this.arn]
  }

  dynamic "statement" {
    for_each = local.alerts_enabled ? [1] : []
    content {
      sid       = "PublishFailureAlerts"
      effect    = "Allow"
      actions   = ["sns:Publish"]
      resources = [local.alert_topic_arn]
    }
  }
}

resource "aws_iam_role_policy" "state_machine" {
  count = var.enable_state_machine ? 1 : 0

  name   = "${var.function_name}-sfn-least-privilege"
  role   = aws_iam_role.state_machine[0].id
  policy = data.aws_iam_policy_document.state_machine.json
}

# --- The schedule's role: EventBridge starts executions of this state machine, nothing else ------

data "aws_iam_policy_document" "schedule_assume_role" {
  statement {
    sid     = "EventBridgeAssumesTheRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "schedule" {
  count = var.enable_schedule && var.enable_state_machine ? 1 : 0

  name                 = "${var.function_name}-schedule"
  description          = "Lets the ${var.function_name} schedule (EventBridge) start the delta-arc state machine"
  assume_role_policy   = data.aws_iam_policy_document.schedule_assume_role.json
  permissions_boundary = var.iam_permissions_boundary_arn
  tags                 = local.common_tags
}

data "aws_iam_policy_document" "schedule" {
  count = var.enable_schedule && var.enable_state_machine ? 1 : 0

  statement {
    sid       = "StartTheStateMachine"
    effect    = "Allow"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.this[0].arn]
  }
}

resource "aws_iam_role_policy" "schedule" {
  count = var.enable_schedule && var.enable_state_machine ? 1 : 0

  name   = "${var.function_name}-schedule-least-privilege"
  role   = aws_iam_role.schedule[0].id
  policy = data.aws_iam_policy_document.schedule[0].json
}
