# The CloudWatch dashboard: the function's Lambda metrics beside the pipeline's own EMF metrics.

locals {
  fn = aws_lambda_function.this.function_name

  # Counts of one run, summed per day.
  pipeline_count_metrics = [
    "PostgreSQLAssetsProcessed",
    "SnowflakeAssetsProcessed",
    "S3ObjectsCreated",
    "S3ObjectsUpdated",
    "ProcessesCreated",
    "ProcessesUpdated",
    "AssetsArchived",
    "TagGaps",
  ]

  dashboard_widgets = [
    {
      type   = "metric"
      x      = 0
      y      = 0
      width  = 12
      height = 6
      properties = {
        title   = "Invocations and errors"
        region  = local.region
        view    = "timeSeries"
        stacked = false
        period  = 3600
        stat    = "Sum"
        metrics = [
          ["AWS/Lambda", "Invocations", "FunctionName", local.fn],
          ["AWS/Lambda", "Errors", "FunctionName", local.fn],
          ["AWS/Lambda", "Throttles", "FunctionName", local.fn],
        ]
      }
    },
    {
      type   = "metric"
      x      = 12
      y      = 0
      width  = 12
      height = 6
      properties = {
        title  = "Duration (ms)"
        region = local.region
        view   = "timeSeries"
        period = 3600
        metrics = [
          ["AWS/Lambda", "Duration", "FunctionName", local.fn, { stat = "Maximum", label = "Maximum" }],
          ["AWS/Lambda", "Duration", "FunctionName", local.fn, { stat = "Average", label = "Average" }],
        ]
        annotations = {
          horizontal = [
            { label = "timeout", value = var.timeout * 1000 },
            { label = "alarm", value = var.timeout * 1000 * var.duration_alarm_percent / 100 },
          ]
        }
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 6
      width  = 12
      height = 6
      properties = {
        title   = "Assets per day"
        region  = local.region
        view    = "timeSeries"
        stacked = false
        period  = 86400
        stat    = "Sum"
        metrics = [for name in local.pipeline_count_metrics : [local.metrics_namespace, name, "FunctionName", local.fn]]
      }
    },
    {
      type   = "metric"
      x      = 12
      y      = 6
      width  = 12
      height = 6
      properties = {
        title  = "Atlan requests, retries and successful runs"
        region = local.region
        view   = "timeSeries"
        period = 86400
        stat   = "Sum"
        metrics = [
          [local.metrics_namespace, "AtlanRequests", "FunctionName", local.fn],
          [local.metrics_namespace, "Retries", "FunctionName", local.fn],
          [local.metrics_namespace, "PipelineSucceeded", "FunctionName", local.fn],
        ]
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 12
      width  = 24
      height = 6
      properties = {
        title  = "Pipeline duration as measured by delta-arc (ms)"
        region = local.region
        view   = "timeSeries"
        period = 3600
        metrics = [
          [local.metrics_namespace, "DurationMs", "FunctionName", local.fn, { stat = "Maximum", label = "DurationMs (max)" }],
        ]
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.create_dashboard ? 1 : 0

  dashboard_name = var.function_name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
