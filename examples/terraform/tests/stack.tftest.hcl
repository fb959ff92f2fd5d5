# terraform init -backend=false && terraform test
# Applies the stack to a mocked AWS provider (no account, no network beyond the provider
# download) and checks it provisions what the action expects.

mock_provider "aws" {
  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "210987654321" }
  }

  # Mocked values must still pass the provider's ARN checks.
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::210987654321:role/mock" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com" }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:210987654321:loadbalancer/app/mock/0123456789abcdef"
      arn_suffix = "app/mock/0123456789abcdef"
      dns_name   = "mock-123456.eu-west-1.elb.amazonaws.com"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:210987654321:targetgroup/mock/0123456789abcdef"
      arn_suffix = "targetgroup/mock/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:210987654321:listener/app/mock/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:210987654321:cluster/mock" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:210987654321:task-definition/web:1" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:210987654321:log-group:mock" }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0123456789abcdef0" }
  }
}

variables {
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
  private_subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  image              = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"
  github_repository  = "org/web"
  region             = "eu-west-1"
}

run "dev" {
  command = apply

  variables {
    environment = "dev"
  }

  assert {
    condition     = aws_ecs_service.this.deployment_controller[0].type == "CODE_DEPLOY"
    error_message = "The service must be on the CODE_DEPLOY deployment controller."
  }

  assert {
    condition     = aws_codedeploy_deployment_group.this.deployment_config_name == "CodeDeployDefault.ECSCanary10Percent5Minutes"
    error_message = "dev releases with a canary."
  }

  assert {
    condition     = toset(aws_codedeploy_deployment_group.this.auto_rollback_configuration[0].events) == toset(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
    error_message = "Roll back on failure and on alarm."
  }

  assert {
    condition     = toset(aws_codedeploy_deployment_group.this.alarm_configuration[0].alarms) == toset(["web-dev-blue-5xx", "web-dev-green-5xx", "web-dev-blue-latency", "web-dev-green-latency"])
    error_message = "The group watches the 5xx and latency alarms of both target groups."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.target_5xx["green"].metric_name == "HTTPCode_Target_5XX_Count" && aws_cloudwatch_metric_alarm.target_latency["green"].metric_name == "TargetResponseTime"
    error_message = "5xx and latency of the target group."
  }

  assert {
    condition     = aws_lb_listener.test.port == 8080 && aws_lb_listener.prod.port == 80
    error_message = "Without a certificate: production on 80, test on 8080."
  }

  assert {
    condition     = aws_codedeploy_deployment_group.this.blue_green_deployment_config[0].deployment_ready_option[0].action_on_timeout == "CONTINUE_DEPLOYMENT"
    error_message = "No approval gate in dev."
  }

  assert {
    condition     = one(aws_ecs_service.this.load_balancer).container_name == "app" && one(aws_ecs_service.this.load_balancer).container_port == 8080
    error_message = "The load-balanced container is the one the action swaps."
  }

  # The repository's policy document, pointed at this stack: no example value survives.
  assert {
    condition     = length(regexall("123456789012|us-east-1|web-app|web-dg|service/prod/|task/prod/|role/web-task", aws_iam_role_policy.deploy.policy)) == 0
    error_message = "docs/iam-policy.json has a value the substitutions in github-oidc.tf do not cover."
  }

  assert {
    condition     = strcontains(aws_iam_role_policy.deploy.policy, "arn:aws:codedeploy:eu-west-1:210987654321:deploymentgroup:web-dev/web-dev") && strcontains(aws_iam_role_policy.deploy.policy, "arn:aws:iam::210987654321:role/web-dev-task-role")
    error_message = "The policy names this stack's deployment group and task role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:org/web:environment:dev"]
    error_message = "Only this repository's jobs in the dev environment assume the role."
  }
}

run "prod" {
  command = apply

  variables {
    environment          = "prod"
    approval_gate        = true
    certificate_arn      = "arn:aws:acm:eu-west-1:210987654321:certificate/00000000-0000-0000-0000-000000000000"
    github_environments  = ["prod", "prod-approval"]
    create_oidc_provider = true
  }

  assert {
    condition     = aws_codedeploy_deployment_group.this.deployment_config_name == "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"
    error_message = "prod releases linearly."
  }

  assert {
    condition     = aws_codedeploy_deployment_group.this.blue_green_deployment_config[0].deployment_ready_option[0].action_on_timeout == "STOP_DEPLOYMENT"
    error_message = "prod stops at the approval gate."
  }

  assert {
    condition     = aws_lb_listener.prod.port == 443 && aws_lb_listener.test.port == 8443 && aws_lb_listener.prod.protocol == "HTTPS"
    error_message = "With a certificate: HTTPS 443 and 8443."
  }

  assert {
    condition     = toset(jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == toset(["repo:org/web:environment:prod", "repo:org/web:environment:prod-approval"])
    error_message = "prod and prod-approval jobs assume the role."
  }
}

run "deployment_config_variable" {
  command = apply

  variables {
    environment            = "staging"
    deployment_config_name = "CodeDeployDefault.ECSAllAtOnce"
  }

  assert {
    condition     = aws_codedeploy_deployment_group.this.deployment_config_name == "CodeDeployDefault.ECSAllAtOnce"
    error_message = "The variable wins."
  }
}
