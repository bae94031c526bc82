# What the module created, for the caller's own wiring and for the commands in docs/deploy.md.

output "function_name" {
  description = "Name of the Lambda function (aws lambda invoke --function-name ...)."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = aws_lambda_function.this.arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.function.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.function.name
}

output "log_group_name" {
  description = "The function's CloudWatch log group (aws logs tail ... --follow)."
  value       = aws_cloudwatch_log_group.function.name
}

output "alert_topic_arn" {
  description = "SNS topic of the failure alerts, alarms and async on-failure destination (null when alerts are off)."
  value       = local.alert_topic_arn
}

output "schedule_rule_arn" {
  description = "ARN of the EventBridge schedule rule (null when enable_schedule = false)."
  value       = one(aws_cloudwatch_event_rule.schedule[*].arn)
}

output "s3_event_rule_arn" {
  description = "ARN of the EventBridge S3 object event rule (null when enable_s3_trigger = false)."
  value       = one(aws_cloudwatch_event_rule.s3_objects[*].arn)
}

output "state_machine_arn" {
  description = "ARN of the Step Functions state machine that runs a sync until it is complete (null when enable_state_machine = false); aws stepfunctions start-execution --state-machine-arn ..."
  value       = one(aws_sfn_state_machine.this[*].arn)
}

output "s3_events_queue_url" {
  description = "URL of the SQS queue the S3 events go through (null without it)."
  value       = one(aws_sqs_queue.events[*].id)
}

output "s3_events_dlq_url" {
  description = "URL of the dead-letter queue of S3 events that failed sqs_max_receive_count times (null without it)."
  value       = one(aws_sqs_queue.events_dlq[*].id)
}

output "cache_bucket_name" {
  description = "Bucket of the discovery cache (CACHE_S3_BUCKET), null when there is none."
  value       = local.cache_bucket_name
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms."
  value = concat(
    aws_cloudwatch_metric_alarm.errors[*].alarm_name,
    aws_cloudwatch_metric_alarm.throttles[*].alarm_name,
    aws_cloudwatch_metric_alarm.duration[*].alarm_name,
    aws_cloudwatch_metric_alarm.no_success[*].alarm_name,
    aws_cloudwatch_metric_alarm.events_dlq[*].alarm_name,
  )
}

output "dashboard_url" {
  description = "Console URL of the CloudWatch dashboard (null when create_dashboard = false)."
  value = (var.create_dashboard ?
    "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards:name=${var.function_name}" :
  null)
}

output "s3_inventory_bucket_policy_json" {
  description = "The statement S3 needs in s3_inventory_bucket's policy to deliver the inventory reports (null without s3_inventory_bucket)."
  value       = var.s3_inventory_bucket != null ? data.aws_iam_policy_document.inventory_delivery[0].json : null
}
