/**
 * Seed 004's world: two ECS services (deployment controller ECS) behind one ALB listener whose
 * forward action weighs their two target groups, plus CloudWatch alarms. Built with ordinary API
 * calls through the SDK clients, like seedWorld.
 *
 * Traffic starts 100/0 on the blue service; the green one is idle (desired count 0). Which one is
 * live afterwards is only in the weights.
 */
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  type Action
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { ACCOUNT_ID } from './ids.js'
import { createLogGroup, createTargetGroup } from './seed.js'

export interface AlbSeedSpec {
  cluster: string
  /** Service names; the first takes all the traffic at the start. */
  blueService: string
  greenService: string
  family: string
  containerName: string
  containerPort: number
  image: string
  desiredCount: number
  loadBalancer: string
  blueTargetGroup: string
  greenTargetGroup: string
  listenerPort: number
  /** Also create a rule (priority 10, path /*) forwarding to both target groups; the listener's default action then answers 404. */
  rule: boolean
  alarms: string[]
  /** Health check: interval and healthy threshold (a new target is healthy after their product, virtual seconds). */
  healthCheckIntervalSeconds: number
  healthyThresholdCount: number
  deregistrationDelaySeconds: number
  /** Wait until the blue service's targets are healthy. Default false. */
  waitForHealthy: boolean
}

export interface AlbSeedResult {
  region: string
  clusterName: string
  blueService: string
  greenService: string
  family: string
  taskDefinitionArn: string
  containerName: string
  image: string
  /** The awslogs group the task definition names (`/ecs/<family>`), created by the seed. */
  logGroupName: string
  loadBalancerArn: string
  listenerArn: string
  ruleArn?: string | undefined
  blueTargetGroupArn: string
  greenTargetGroupArn: string
  alarms: string[]
}

export const ALB_SEED_DEFAULTS: AlbSeedSpec = {
  cluster: 'prod',
  blueService: 'web-blue',
  greenService: 'web-green',
  family: 'web',
  containerName: 'app',
  containerPort: 8080,
  image: `${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2`,
  desiredCount: 2,
  loadBalancer: 'web-alb',
  blueTargetGroup: 'web-blue-tg',
  greenTargetGroup: 'web-green-tg',
  listenerPort: 80,
  rule: false,
  alarms: ['web-5xx', 'web-latency'],
  healthCheckIntervalSeconds: 10,
  healthyThresholdCount: 2,
  deregistrationDelaySeconds: 30,
  waitForHealthy: false
}

export function weightedForward(blueTg: string, greenTg: string, blueWeight: number): Action[] {
  return [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: blueTg, Weight: blueWeight },
          { TargetGroupArn: greenTg, Weight: 100 - blueWeight }
        ]
      }
    }
  ]
}

export async function seedAlbWorld(url: string, spec: Partial<AlbSeedSpec> = {}, region = 'us-east-1'): Promise<AlbSeedResult> {
  const s: AlbSeedSpec = { ...ALB_SEED_DEFAULTS, ...spec }
  const cfg = { endpoint: url, region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 5 }
  const ecs = new ECSClient(cfg)
  const elb = new ElasticLoadBalancingV2Client(cfg)
  const cw = new CloudWatchClient(cfg)
  const logs = new CloudWatchLogsClient(cfg)
  const logGroupName = `/ecs/${s.family}`
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: s.cluster }))
    await createLogGroup(logs, logGroupName)
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: s.family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`,
        containerDefinitions: [
          {
            name: s.containerName,
            image: s.image,
            essential: true,
            portMappings: [{ containerPort: s.containerPort, protocol: 'tcp' }],
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': logGroupName, 'awslogs-region': region, 'awslogs-stream-prefix': s.family }
            }
          }
        ]
      })
    )
    const subnets = ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002']
    const lb = await elb.send(
      new CreateLoadBalancerCommand({ Name: s.loadBalancer, Subnets: subnets, Type: 'application', SecurityGroups: ['sg-0123456789abcdef1'] })
    )
    const lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!
    const tg = async (name: string): Promise<string> => {
      const arn = await createTargetGroup(elb, {
        name,
        port: s.containerPort,
        intervalSeconds: s.healthCheckIntervalSeconds,
        healthyThreshold: s.healthyThresholdCount
      })
      await elb.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(s.deregistrationDelaySeconds) }]
        })
      )
      return arn
    }
    const blueTg = await tg(s.blueTargetGroup)
    const greenTg = await tg(s.greenTargetGroup)
    const listener = await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: s.listenerPort,
        DefaultActions: s.rule
          ? [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'not found' } }]
          : weightedForward(blueTg, greenTg, 100)
      })
    )
    const listenerArn = listener.Listeners![0]!.ListenerArn!
    let ruleArn: string | undefined
    if (s.rule) {
      const r = await elb.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
          Actions: weightedForward(blueTg, greenTg, 100)
        })
      )
      ruleArn = r.Rules![0]!.RuleArn!
    }
    const service = (name: string, targetGroupArn: string, desiredCount: number) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: s.cluster,
          serviceName: name,
          taskDefinition: td.taskDefinition!.taskDefinitionArn!,
          desiredCount,
          launchType: 'FARGATE',
          deploymentController: { type: 'ECS' },
          loadBalancers: [{ targetGroupArn, containerName: s.containerName, containerPort: s.containerPort }],
          networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: ['sg-0123456789abcdef0'], assignPublicIp: 'DISABLED' } },
          healthCheckGracePeriodSeconds: 30
        })
      )
    await service(s.blueService, blueTg, s.desiredCount)
    await service(s.greenService, greenTg, 0)
    for (const name of s.alarms)
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/ApplicationELB',
          MetricName: name.includes('latency') ? 'TargetResponseTime' : 'HTTPCode_Target_5XX_Count',
          Dimensions: [{ Name: 'LoadBalancer', Value: lbArn.split(':loadbalancer/')[1]! }],
          Statistic: name.includes('latency') ? 'Average' : 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: name.includes('latency') ? 1 : 10,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching'
        })
      )
    if (s.waitForHealthy) {
      for (;;) {
        const d = await ecs.send(new DescribeServicesCommand({ cluster: s.cluster, services: [s.blueService] }))
        const h = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: blueTg }))
        const healthy = (h.TargetHealthDescriptions ?? []).filter((x) => x.TargetHealth?.State === 'healthy').length
        if (d.services?.[0]?.runningCount === s.desiredCount && healthy === s.desiredCount) break
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    return {
      region,
      clusterName: s.cluster,
      blueService: s.blueService,
      greenService: s.greenService,
      family: s.family,
      taskDefinitionArn: td.taskDefinition!.taskDefinitionArn!,
      containerName: s.containerName,
      image: s.image,
      logGroupName,
      loadBalancerArn: lbArn,
      listenerArn,
      ruleArn,
      blueTargetGroupArn: blueTg,
      greenTargetGroupArn: greenTg,
      alarms: s.alarms
    }
  } finally {
    ecs.destroy()
    elb.destroy()
    cw.destroy()
    logs.destroy()
  }
}
