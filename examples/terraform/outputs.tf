# What the workflow needs: set AWS_DEPLOY_ROLE_ARN as a variable of the GitHub environment, and
# pass cluster and service to the action (it finds the deployment group by itself).

output "deploy_role_arn" {
  description = "role-to-assume for aws-actions/configure-aws-credentials."
  value       = aws_iam_role.deploy.arn
}

output "cluster" {
  description = "The action's cluster input."
  value       = aws_ecs_cluster.this.name
}

output "service" {
  description = "The action's service input."
  value       = aws_ecs_service.this.name
}

output "codedeploy_application" {
  description = "The action's codedeploy-application input (optional: found from the service)."
  value       = aws_codedeploy_app.this.name
}

output "codedeploy_deployment_group" {
  description = "The action's codedeploy-deployment-group input (optional: found from the service)."
  value       = aws_codedeploy_deployment_group.this.deployment_group_name
}

output "deployment_config_name" {
  description = "The group's deployment config."
  value       = local.deployment_config_name
}

output "environment_url" {
  description = "The action's environment-url input: the production listener."
  value       = "${local.https ? "https" : "http"}://${aws_lb.this.dns_name}"
}

output "test_url" {
  description = "The test listener: green, before it takes production traffic."
  value       = "${local.https ? "https" : "http"}://${aws_lb.this.dns_name}:${aws_lb_listener.test.port}"
}

output "alarms" {
  description = "The alarms that stop a release and roll it back."
  value       = aws_codedeploy_deployment_group.this.alarm_configuration[0].alarms
}
