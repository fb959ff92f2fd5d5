terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 7.0"
    }
  }

  # Keep state remote and locked in real use, e.g.:
  # backend "s3" {
  #   bucket       = "my-terraform-state"
  #   key          = "web/dev.tfstate"
  #   region       = "us-east-1"
  #   use_lockfile = true
  # }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Environment = var.environment
      Service     = var.name
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
