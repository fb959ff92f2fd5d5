resource "aws_security_group" "alb" {
  name        = "${local.prefix}-alb"
  description = "${local.prefix} load balancer: production and test listeners"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_prod" {
  for_each          = toset(var.allowed_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "production listener"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = aws_lb_listener.prod.port
  to_port           = aws_lb_listener.prod.port
}

resource "aws_vpc_security_group_ingress_rule" "alb_test" {
  for_each          = toset(var.test_listener_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "test listener (green before production traffic)"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = aws_lb_listener.test.port
  to_port           = aws_lb_listener.test.port
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "to the tasks"
  referenced_security_group_id = aws_security_group.service.id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

resource "aws_security_group" "service" {
  name        = "${local.prefix}-service"
  description = "${local.prefix} tasks: traffic from the load balancer only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  security_group_id            = aws_security_group.service.id
  description                  = "from the load balancer"
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

resource "aws_vpc_security_group_egress_rule" "service_out" {
  security_group_id = aws_security_group.service.id
  description       = "image pulls, logs, secrets, dependencies"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
