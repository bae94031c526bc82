# Terraform and provider versions the module is written and checked against.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.40 has everything used here (logging_config on aws_lambda_function, state on event
      # rules); 6.x is a new major with breaking changes and is not yet checked.
      version = "~> 5.40"
    }
    # Packs the routes file (and the routes' mapping files) into a layer.
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }
}
