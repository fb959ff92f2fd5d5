resource "aws_codedeploy_app" "this" {
  name             = local.prefix
  compute_platform = "ECS"
}


# CodeDeploy's own role: task sets, listeners, alarms, and Lambda hooks named CodeDeployHook_*.
resource "aws_iam_role" "codedeploy" {
  name = "${local.prefix}-codedeploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codedeploy.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "codedeploy" {
  role       = aws_iam_role.codedeploy.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"
}

resource "aws_codedeploy_deployment_group" "this" {
  app_name               = aws_codedeploy_app.this.name
  deployment_group_name  = local.prefix
  service_role_arn       = aws_iam_role.codedeploy.arn
  deployment_config_name = local.deployment_config_name

  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }

  blue_green_deployment_config {
    # approval_gate: green comes up with test traffic, then the release waits (the action's
    # wait-for: ready) until ContinueDeployment (mode: continue) or the wait runs out.
    deployment_ready_option {
      action_on_timeout    = var.approval_gate ? "STOP_DEPLOYMENT" : "CONTINUE_DEPLOYMENT"
      wait_time_in_minutes = var.approval_gate ? var.approval_wait_minutes : null
    }

    terminate_blue_instances_on_deployment_success {
      action                           = "TERMINATE"
      termination_wait_time_in_minutes = var.termination_wait_minutes
    }
  }

  ecs_service {
    cluster_name = aws_ecs_cluster.this.name
    service_name = aws_ecs_service.this.name
  }

  load_balancer_info {
    target_group_pair_info {
      prod_traffic_route {
        listener_arns = [aws_lb_listener.prod.arn]
      }

      test_traffic_route {
        listener_arns = [aws_lb_listener.test.arn]
      }

      target_group {
        name = aws_lb_target_group.this["blue"].name
      }

      target_group {
        name = aws_lb_target_group.this["green"].name
      }
    }
  }

  # A failed release and an alarm during one both roll back to blue.
  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }

  alarm_configuration {
    enabled = true
    alarms  = concat([for a in aws_cloudwatch_metric_alarm.target_5xx : a.alarm_name], [for a in aws_cloudwatch_metric_alarm.target_latency : a.alarm_name])
  }
}
