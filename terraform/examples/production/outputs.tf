# The values docs/deploy.md uses after an apply.

output "function_name" {
  description = "Name of the deployed function."
  value       = module.delta_arc.function_name
}

output "log_group_name" {
  description = "Log group of the function."
  value       = module.delta_arc.log_group_name
}

output "alert_topic_arn" {
  description = "SNS topic receiving failures and alarms."
  value       = module.delta_arc.alert_topic_arn
}

output "cache_bucket_name" {
  description = "Bucket of the discovery cache."
  value       = module.delta_arc.cache_bucket_name
}

output "dashboard_url" {
  description = "CloudWatch dashboard."
  value       = module.delta_arc.dashboard_url
}

output "state_machine_arn" {
  description = "State machine that runs a sync until it is complete (aws stepfunctions start-execution)."
  value       = module.delta_arc.state_machine_arn
}

output "s3_events_dlq_url" {
  description = "Dead-letter queue of S3 events that kept failing."
  value       = module.delta_arc.s3_events_dlq_url
}
