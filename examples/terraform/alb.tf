resource "aws_lb" "this" {
  name               = local.prefix
  load_balancer_type = "application"
  internal           = false
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
}

# Blue serves production at first; CodeDeploy registers each release's tasks in the other one
# and swaps them on the listeners, so after a release the roles are reversed.
resource "aws_lb_target_group" "this" {
  for_each = local.target_groups

  name                 = "${local.prefix}-${each.key}"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = var.health_check_path
    matcher             = "200-399"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "prod" {
  load_balancer_arn = aws_lb.this.arn
  port              = local.https ? 443 : 80
  protocol          = local.https ? "HTTPS" : "HTTP"
  certificate_arn   = local.https ? var.certificate_arn : null
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this["blue"].arn
  }

  # CodeDeploy moves the listener to the other target group with each release.
  lifecycle {
    ignore_changes = [default_action]
  }
}

# The test listener: CodeDeploy routes it to green at AllowTestTraffic, before any production
# traffic, so an AfterAllowTestTraffic hook can test the new version.
resource "aws_lb_listener" "test" {
  load_balancer_arn = aws_lb.this.arn
  port              = local.https ? 8443 : 8080
  protocol          = local.https ? "HTTPS" : "HTTP"
  certificate_arn   = local.https ? var.certificate_arn : null
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this["blue"].arn
  }

  lifecycle {
    ignore_changes = [default_action]
  }
}
