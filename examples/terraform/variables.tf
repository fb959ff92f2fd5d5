variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Environment name: the ECS cluster's name, the action's environment input and the GitHub environment."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.environment))
    error_message = "environment: lower-case letters, digits and dashes, e.g. dev or prod."
  }
}

variable "name" {
  description = "Service name: the ECS service, the task definition family and the prefix of everything else."
  type        = string
  default     = "web"
}

variable "vpc_id" {
  description = "VPC for the load balancer and the tasks."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the (internet-facing) load balancer, in at least two availability zones."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks (awsvpc), with a route to ECR (NAT or VPC endpoints)."
  type        = list(string)
}

variable "image" {
  description = "The first image the service runs. Later images come from the action; Terraform ignores them."
  type        = string
}

variable "container_name" {
  description = "The load-balanced container: CodeDeploy shifts traffic to it, the action swaps its image."
  type        = string
  default     = "app"
}

variable "container_port" {
  description = "The port of the load-balanced container."
  type        = number
  default     = 8080
}

variable "health_check_path" {
  description = "Target group health check path: green only takes traffic once it answers here."
  type        = string
  default     = "/health"
}

variable "cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 256
}

variable "memory" {
  description = "Fargate task memory (MiB)."
  type        = number
  default     = 512
}

variable "desired_count" {
  description = "Tasks per task set: green starts this many before it takes traffic."
  type        = number
  default     = 2
}

variable "deployment_config_name" {
  description = "CodeDeploy deployment config. Default: a canary for dev, linear for anything else."
  type        = string
  default     = null
}

variable "termination_wait_minutes" {
  description = "Minutes the blue task set is kept after all traffic is on green (a rollback in this window is instant)."
  type        = number
  default     = 5
}

variable "approval_gate" {
  description = "Stop each release once green is up with test traffic, until ContinueDeployment (the action's wait-for: ready, then mode: continue)."
  type        = bool
  default     = false
}

variable "approval_wait_minutes" {
  description = "With approval_gate: minutes to wait for ContinueDeployment before the release is stopped and rolled back."
  type        = number
  default     = 120
}

variable "certificate_arn" {
  description = "ACM certificate: the listeners are HTTPS 443 (production) and 8443 (test). Empty: HTTP 80 and 8080."
  type        = string
  default     = ""
}

variable "allowed_cidrs" {
  description = "Who may reach the production listener."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "test_listener_cidrs" {
  description = "Who may reach the test listener (green before it takes production traffic): your smoke tests, not the public."
  type        = list(string)
  default     = ["10.0.0.0/8"]
}

variable "alarm_5xx_threshold" {
  description = "5xx responses from the target group per minute that stop a release (and roll it back)."
  type        = number
  default     = 5
}

variable "alarm_latency_seconds" {
  description = "p95 target response time (seconds) over two minutes that stops a release (and rolls it back)."
  type        = number
  default     = 1
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows deploy, e.g. org/web."
  type        = string
}

variable "github_environments" {
  description = "GitHub environments whose jobs may assume the deploy role. Default: [environment]. Add the approval environment (e.g. prod-approval) that runs mode: continue."
  type        = list(string)
  default     = []
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider. There is one per account: set false in every stack but one."
  type        = bool
  default     = true
}

variable "role_max_session_hours" {
  description = "Longest session of the deploy role. A release may outlast the 1 h default (bakes, termination wait): pass the same as role-duration-seconds to configure-aws-credentials."
  type        = number
  default     = 3
}

variable "deploy_policy_file" {
  description = "The action's IAM policy document (docs/iam-policy.json in the action's repository). Copy it along when you copy this directory."
  type        = string
  default     = null
}
