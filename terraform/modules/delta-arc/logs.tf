# The function's log group, created here (so the role needs no logs:CreateLogGroup) with a
# retention, instead of the never-expiring group Lambda would create on first run. The function's
# JSON log lines and its EMF metric documents (namespace Atlan/LineagePipeline) land in it.

resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = local.common_tags
}
