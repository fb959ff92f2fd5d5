# The alarms CodeDeploy watches during a release: 5xx answers and p95 latency of the green target
# group. Which of the pair is green alternates with each release, so both have them; a release is
# stopped and rolled back when one fires. Missing data (no traffic yet) is not a breach.

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  for_each = local.target_groups

  alarm_name          = "${local.prefix}-${each.key}-5xx"
  alarm_description   = "${local.prefix}: 5xx answers from the ${each.key} target group stop a release and roll it back."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = var.alarm_5xx_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this[each.key].arn_suffix
  }
}

resource "aws_cloudwatch_metric_alarm" "target_latency" {
  for_each = local.target_groups

  alarm_name          = "${local.prefix}-${each.key}-latency"
  alarm_description   = "${local.prefix}: p95 latency of the ${each.key} target group stops a release and rolls it back."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  extended_statistic  = "p95"
  period              = 60
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  threshold           = var.alarm_latency_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this[each.key].arn_suffix
  }
}
