# Versions for the production root; the module pins the same provider major.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  # Keep the state in S3 in production (bucket and table are yours to create first):
  # backend "s3" {
  #   bucket         = "my-terraform-state"
  #   key            = "delta-arc/production.tfstate"
  #   region         = "us-east-1"
  #   dynamodb_table = "terraform-locks"
  #   encrypt        = true
  # }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = var.tags
  }
}
