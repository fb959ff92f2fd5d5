locals {
  prefix = "${var.name}-${var.environment}"
  https  = var.certificate_arn != ""

  # Canary for dev, linear for everything else, unless the variable names one.
  deployment_config_name = coalesce(
    var.deployment_config_name,
    var.environment == "dev" ? "CodeDeployDefault.ECSCanary10Percent5Minutes" : "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
  )

  github_environments = length(var.github_environments) > 0 ? var.github_environments : [var.environment]

  # CodeDeploy swaps the two target groups with every release: "green" is whichever one the
  # replacement task set registers in, so both get the same alarms.
  target_groups = toset(["blue", "green"])
}
