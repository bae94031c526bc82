# The function's execution role: exactly what delta-arc uses, each action on its own resource.
# No action uses a wildcard and no statement has Resource "*". What the function does NOT need,
# and so does not get: logs:CreateLogGroup (Terraform creates the group), s3:PutObject on the
# source bucket (it only reads exports), any Atlan permission (Atlan is reached over HTTPS with the
# token), cloudwatch:PutMetricData (metrics are EMF documents in the function's own logs).

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumesTheRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "function" {
  name                 = "${var.function_name}-exec"
  description          = "Execution role of the ${var.function_name} Lambda function (delta-arc)"
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  permissions_boundary = var.iam_permissions_boundary_arn
  tags                 = local.common_tags
}

data "aws_iam_policy_document" "function" {
  # Logs: only the function's own log group and its streams.
  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }

  # ListBucket applies to the bucket ARN (never to bucket/*); the condition keeps it to the prefix.
  statement {
    sid       = "ListExportsUnderPrefix"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [local.source_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.s3_prefix}*"]
    }
  }

  # Objects: read-only, under the prefix (ListObjectsV2 metadata and the ranged GET of CSV headers).
  statement {
    sid       = "ReadExportsUnderPrefix"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${local.source_bucket_arn}/${var.s3_prefix}*"]
  }

  # The same for each further route's bucket and prefix (var.routes).
  dynamic "statement" {
    for_each = { for i, r in var.routes : tostring(i) => r }
    content {
      sid       = "ListRoute${statement.key}Exports"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = ["arn:${local.partition}:s3:::${statement.value.s3_bucket_name}"]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = ["${statement.value.s3_prefix}*"]
      }
    }
  }

  dynamic "statement" {
    for_each = { for i, r in var.routes : tostring(i) => r }
    content {
      sid       = "ReadRoute${statement.key}Exports"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["arn:${local.partition}:s3:::${statement.value.s3_bucket_name}/${statement.value.s3_prefix}*"]
    }
  }

  # S3 Inventory's reports (S3_INVENTORY): find the newest, read it; nothing else there.
  dynamic "statement" {
    for_each = var.s3_inventory_bucket != null ? [1] : []
    content {
      sid       = "ListInventoryReports"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = [local.inventory_bucket_arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = ["${local.inventory_reports}*"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.s3_inventory_bucket != null ? [1] : []
    content {
      sid       = "ReadInventoryReports"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["${local.inventory_bucket_arn}/${local.inventory_reports}*"]
    }
  }

  # The discovery cache: list, read, write and delete under its prefix only.
  dynamic "statement" {
    for_each = local.cache_enabled ? [1] : []
    content {
      sid       = "ListCacheUnderPrefix"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = [local.cache_bucket_arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = ["${var.cache_s3_prefix}*"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.cache_enabled ? [1] : []
    content {
      sid       = "ReadWriteCacheUnderPrefix"
      effect    = "Allow"
      actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources = ["${local.cache_bucket_arn}/${var.cache_s3_prefix}*"]
    }
  }

  # Objects written to a cache bucket encrypted with a customer-managed key.
  dynamic "statement" {
    for_each = local.cache_enabled && var.cache_bucket_kms_key_arn != null ? [var.cache_bucket_kms_key_arn] : []
    content {
      sid       = "UseCacheBucketKey"
      effect    = "Allow"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }

  # The Atlan token: the one secret, or the one parameter.
  dynamic "statement" {
    for_each = var.atlan_api_token_secret_arn != null ? [var.atlan_api_token_secret_arn] : []
    content {
      sid       = "ReadAtlanTokenSecret"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = local.token_parameter_arn != null ? [local.token_parameter_arn] : []
    content {
      sid       = "ReadAtlanTokenParameter"
      effect    = "Allow"
      actions   = ["ssm:GetParameter"]
      resources = [statement.value]
    }
  }

  # Only when the token's secret or parameter is encrypted with a customer-managed key, and only
  # through Secrets Manager or SSM.
  dynamic "statement" {
    for_each = var.atlan_api_token_kms_key_arn != null ? [var.atlan_api_token_kms_key_arn] : []
    content {
      sid       = "DecryptAtlanToken"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com", "ssm.${local.region}.amazonaws.com"]
      }
    }
  }

  # The S3 events queue (queue.tf): Lambda's event source mapping polls it with this role.
  dynamic "statement" {
    for_each = local.s3_events_via_sqs ? [1] : []
    content {
      sid       = "PollS3EventsQueue"
      effect    = "Allow"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      resources = [aws_sqs_queue.events[0].arn]
    }
  }

  # Failure alerts (SNS_TOPIC_ARN) and the asynchronous on-failure destination, which Lambda
  # delivers with the function's execution role.
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

resource "aws_iam_role_policy" "function" {
  name   = "${var.function_name}-least-privilege"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}
