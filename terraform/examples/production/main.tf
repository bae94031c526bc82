# Production deployment of delta-arc: the module with this account's values (production.tfvars).
#
#   make lambda                                    # builds build/atlan-delta-arc-lambda.zip
#   cp production.tfvars.example production.tfvars # then edit it
#   terraform init
#   terraform plan -var-file=production.tfvars -out=tfplan
#   terraform apply tfplan

module "delta_arc" {
  source = "../../modules/delta-arc"

  function_name = var.function_name
  package_path  = "${path.root}/../../../build/atlan-delta-arc-lambda.zip"
  architecture  = var.architecture
  memory_size   = var.memory_size
  timeout       = var.timeout

  atlan_base_url              = var.atlan_base_url
  atlan_api_token_secret_arn  = var.atlan_api_token_secret_arn
  atlan_api_token_parameter   = var.atlan_api_token_parameter
  atlan_api_token_kms_key_arn = var.atlan_api_token_kms_key_arn
  postgres_connection_name    = var.postgres_connection_name
  snowflake_connection_name   = var.snowflake_connection_name

  s3_bucket_name     = var.s3_bucket_name
  s3_prefix          = var.s3_prefix
  s3_connection_name = var.s3_connection_name

  create_cache_bucket = var.create_cache_bucket
  cache_s3_prefix     = var.cache_s3_prefix
  cache_expiry_hours  = var.cache_expiry_hours

  schedule_expression        = var.schedule_expression
  enable_s3_trigger          = var.enable_s3_trigger
  manage_bucket_notification = var.manage_bucket_notification

  alert_email            = var.alert_email
  no_success_alarm_hours = var.no_success_alarm_hours
  log_retention_days     = var.log_retention_days
  log_level              = var.log_level

  tags = var.tags
}
