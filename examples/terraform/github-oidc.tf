# The role a workflow assumes through GitHub OIDC (aws-actions/configure-aws-credentials with
# role-to-assume): only jobs of this repository running in the given GitHub environments, and
# only what the action calls, from the repository's own policy document.

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  # AWS no longer checks these for this provider; older providers and tools still want a value.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 0 : 1
  url   = "https://token.actions.githubusercontent.com"
}

locals {
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn

  # docs/iam-policy.json is written for account 123456789012, us-east-1, cluster prod, service and
  # family web, roles web-task-role and web-task-execution-role, CodeDeploy web-app/web-dg. The
  # same document, pointed at what this stack creates (a test checks no example value survives):
  policy_0 = file(coalesce(var.deploy_policy_file, "${path.module}/../../docs/iam-policy.json"))
  policy_1 = replace(local.policy_0, "deploymentgroup:web-app/web-dg", "deploymentgroup:${aws_codedeploy_app.this.name}/${aws_codedeploy_deployment_group.this.deployment_group_name}")
  policy_2 = replace(local.policy_1, "application:web-app", "application:${aws_codedeploy_app.this.name}")
  policy_3 = replace(local.policy_2, "role/web-task-execution-role", "role/${aws_iam_role.execution.name}")
  policy_4 = replace(local.policy_3, "role/web-task-role", "role/${aws_iam_role.task.name}")
  policy_5 = replace(local.policy_4, "service/prod/web", "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}")
  policy_6 = replace(local.policy_5, "task/prod/", "task/${aws_ecs_cluster.this.name}/")
  policy_7 = replace(local.policy_6, "task-definition/web:", "task-definition/${aws_ecs_task_definition.initial.family}:")
  policy_8 = replace(local.policy_7, ":123456789012:", ":${data.aws_caller_identity.current.account_id}:")
  policy_9 = replace(local.policy_8, ":us-east-1:", ":${var.region}:")

  deploy_policy = jsonencode(jsondecode(local.policy_9))
}

locals {
  github_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.oidc_provider_arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          # A job that declares `environment: <name>` has the subject repo:<owner>/<repo>:environment:<name>.
          "token.actions.githubusercontent.com:sub" = [for e in local.github_environments : "repo:${var.github_repository}:environment:${e}"]
        }
      }
    }]
  })
}

resource "aws_iam_role" "deploy" {
  name                 = "${local.prefix}-github-deploy"
  description          = "GitHub Actions (${var.github_repository}) releases ${var.name} to ${var.environment} with ecs-bluegreen-action"
  assume_role_policy   = local.github_trust
  max_session_duration = var.role_max_session_hours * 3600
}

resource "aws_iam_role_policy" "deploy" {
  name   = "ecs-bluegreen-action"
  role   = aws_iam_role.deploy.id
  policy = local.deploy_policy
}
