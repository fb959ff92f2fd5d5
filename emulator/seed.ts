/**
 * Builds a blue/green world through ordinary API calls (SDK clients against the running emulator),
 * the way a user builds real infrastructure. Defaults match the project's seed Terraform.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentConfigCommand,
  CreateDeploymentGroupCommand,
  GetDeploymentConfigCommand,
  type TrafficRoutingConfig
} from '@aws-sdk/client-codedeploy'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type CapacityProviderStrategyItem,
  type LaunchType,
  type NetworkConfiguration,
  type DeploymentConfiguration
} from '@aws-sdk/client-ecs'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  type Action
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { ACCOUNT_ID, listenerArn, targetGroupArn } from './ids.js'

export interface SeedSpec {
  cluster: string
  service: string
  family: string
  containerName: string
  containerPort: number
  image: string
  cpu: string
  memory: string
  desiredCount: number
  application: string
  deploymentGroup: string
  deploymentConfigName: string
  /** Creates this deployment config first if it is not predefined (computePlatform ECS). */
  trafficRoutingConfig?: TrafficRoutingConfig | undefined
  testListener: boolean
  terminationWaitMinutes: number
  autoRollback: boolean
  /** Default ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']. */
  autoRollbackEvents: ('DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM' | 'DEPLOYMENT_STOP_ON_REQUEST')[]
  alarms: string[]
  /** deploymentReadyOption STOP_DEPLOYMENT: wait in Ready for ContinueDeployment. */
  deploymentReadyWait: boolean
  readyWaitMinutes: number
  launchType?: LaunchType | undefined
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined
  networkConfiguration: NetworkConfiguration
  platformVersion: string
  blueTargetGroupName: string
  greenTargetGroupName: string
  blueTargetGroupArn: string
  greenTargetGroupArn: string
  prodListenerArn: string
  testListenerArn: string
  executionRoleArn: string
  serviceRoleArn: string
  /** Wait until the initial task set runs at desired count (virtual ~40 s). Default false. */
  waitForSteadyState: boolean
  /**
   * The service's deployment controller (default CODE_DEPLOY). ECS and EXTERNAL services get no
   * CodeDeploy application or group (their names in the result are '').
   */
  deploymentController?: 'CODE_DEPLOY' | 'ECS' | 'EXTERNAL' | undefined
  /**
   * With deploymentController ECS: the service's deploymentConfiguration, e.g. { strategy: 'BLUE_GREEN',
   * bakeTimeInMinutes: 1 } (ECS-native service deployments) or { strategy: 'ROLLING',
   * deploymentCircuitBreaker: { enable: true, rollback: true } }.
   */
  ecsDeploymentConfiguration?: DeploymentConfiguration | undefined
  /**
   * Create the ALB `<service>-alb` with the production (443) and test (8443) listeners, forwarding to
   * the blue target group, so that deployments move real listener weights and the traffic model has
   * routes (default true). Only where the seed creates the target groups and derives the listener ARNs.
   */
  loadBalancer?: boolean | undefined
  /**
   * With deploymentController ECS and a BLUE_GREEN, LINEAR or CANARY strategy: ECS blue/green routing.
   * The listeners' default actions answer 404; a priority-10 `/*` rule on each forwards blue 100 /
   * green 0; the service's load balancer gets `advancedConfiguration` (alternateTargetGroupArn the
   * green group, productionListenerRule and testListenerRule those rules, roleArn serviceRoleArn).
   * Default false.
   */
  listenerRules?: boolean | undefined
}

export interface SeedResult {
  region: string
  clusterName: string
  clusterArn: string
  serviceName: string
  serviceArn: string
  family: string
  taskDefinitionArn: string
  containerName: string
  containerPort: number
  image: string
  /** The awslogs group the task definition names (`/ecs/<family>`), created by the seed. */
  logGroupName: string
  applicationName: string
  applicationId: string
  deploymentGroupName: string
  deploymentGroupId: string
  deploymentConfigName: string
  blueTargetGroupArn: string
  greenTargetGroupArn: string
  prodListenerArn: string
  testListenerArn?: string | undefined
  alarms: string[]
  /** Id of the initial PRIMARY task set (ecs-svc/...). */
  initialTaskSetId?: string | undefined
  /** The ALB the seed created (`loadBalancer`), if it did. */
  loadBalancerArn?: string | undefined
  /** `listenerRules`: the production and test listener rules of the service's advancedConfiguration. */
  productionListenerRuleArn?: string | undefined
  testListenerRuleArn?: string | undefined
}

export const SEED_DEFAULTS: SeedSpec = {
  cluster: 'prod',
  service: 'web',
  family: 'web',
  containerName: 'app',
  containerPort: 8080,
  image: `${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2`,
  cpu: '256',
  memory: '512',
  desiredCount: 2,
  application: 'web-app',
  deploymentGroup: 'web-dg',
  deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  testListener: true,
  terminationWaitMinutes: 5,
  autoRollback: true,
  autoRollbackEvents: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
  alarms: ['web-green-5xx'],
  deploymentReadyWait: false,
  readyWaitMinutes: 60,
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      securityGroups: ['sg-0123456789abcdef0'],
      assignPublicIp: 'DISABLED'
    }
  },
  platformVersion: 'LATEST',
  blueTargetGroupName: 'web-blue',
  greenTargetGroupName: 'web-green',
  blueTargetGroupArn: '',
  greenTargetGroupArn: '',
  prodListenerArn: '',
  testListenerArn: '',
  executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`,
  serviceRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsCodeDeployRole`,
  waitForSteadyState: false
}

export async function seedWorld(url: string, spec: Partial<SeedSpec> = {}, region = 'us-east-1'): Promise<SeedResult> {
  const s: SeedSpec = { ...SEED_DEFAULTS, ...spec }
  if (spec.capacityProviderStrategy && spec.launchType === undefined) s.launchType = undefined
  const blueTg = s.blueTargetGroupArn || targetGroupArn(s.blueTargetGroupName, region)
  const greenTg = s.greenTargetGroupArn || targetGroupArn(s.greenTargetGroupName, region)
  const prodListener = s.prodListenerArn || listenerArn(`${s.service}-alb`, 443, region)
  const testListener = s.testListenerArn || listenerArn(`${s.service}-alb`, 8443, region)
  const tgName = (arn: string) => /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn
  const cfg = { endpoint: url, region, credentials: { accessKeyId: 'seed', secretAccessKey: 'seed' }, maxAttempts: 5 }
  const ecs = new ECSClient(cfg)
  const cd = new CodeDeployClient(cfg)
  const logs = new CloudWatchLogsClient(cfg)
  const elb = new ElasticLoadBalancingV2Client(cfg)
  const logGroupName = `/ecs/${s.family}`
  try {
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: s.cluster }))
    await createLogGroup(logs, logGroupName)
    // Terraform's blue and green target groups, so their health can be read; ARNs given in the spec are the caller's own.
    for (const [arn, name] of [
      [s.blueTargetGroupArn, s.blueTargetGroupName],
      [s.greenTargetGroupArn, s.greenTargetGroupName]
    ] as const) {
      if (!arn) await createTargetGroup(elb, { name, port: s.containerPort, intervalSeconds: 10, healthyThreshold: 2 })
    }
    const native = s.deploymentController === 'ECS' && ['BLUE_GREEN', 'LINEAR', 'CANARY'].includes(s.ecsDeploymentConfiguration?.strategy ?? '')
    const alb =
      s.loadBalancer !== false && !s.blueTargetGroupArn && !s.greenTargetGroupArn && !s.prodListenerArn && /^[A-Za-z0-9-]{1,28}$/.test(s.service)
        ? await createAlb(elb, {
            name: `${s.service}-alb`,
            subnets: s.networkConfiguration.awsvpcConfiguration?.subnets ?? [],
            region,
            blueTg,
            greenTg,
            testListener: s.testListener && !s.testListenerArn,
            rules: !!s.listenerRules && native
          })
        : undefined
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: s.family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: s.cpu,
        memory: s.memory,
        executionRoleArn: s.executionRoleArn,
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
    const svc = await ecs.send(
      new CreateServiceCommand({
        cluster: s.cluster,
        serviceName: s.service,
        taskDefinition: td.taskDefinition!.taskDefinitionArn,
        desiredCount: s.desiredCount,
        deploymentController: { type: s.deploymentController ?? 'CODE_DEPLOY' },
        deploymentConfiguration: s.deploymentController === 'ECS' ? s.ecsDeploymentConfiguration : undefined,
        launchType: s.capacityProviderStrategy?.length ? undefined : s.launchType,
        capacityProviderStrategy: s.capacityProviderStrategy,
        platformVersion: s.platformVersion,
        networkConfiguration: s.networkConfiguration,
        loadBalancers: [
          {
            targetGroupArn: blueTg,
            containerName: s.containerName,
            containerPort: s.containerPort,
            ...(alb?.productionRule
              ? {
                  advancedConfiguration: {
                    alternateTargetGroupArn: greenTg,
                    productionListenerRule: alb.productionRule,
                    ...(alb.testRule ? { testListenerRule: alb.testRule } : {}),
                    roleArn: s.serviceRoleArn
                  }
                }
              : {})
          }
        ],
        healthCheckGracePeriodSeconds: 30
      })
    )
    // What every world has, whichever controller releases it.
    const built = {
      region,
      clusterName: s.cluster,
      clusterArn: cluster.cluster!.clusterArn!,
      serviceName: s.service,
      serviceArn: svc.service!.serviceArn!,
      family: s.family,
      taskDefinitionArn: td.taskDefinition!.taskDefinitionArn!,
      containerName: s.containerName,
      containerPort: s.containerPort,
      image: s.image,
      logGroupName,
      blueTargetGroupArn: blueTg,
      greenTargetGroupArn: greenTg,
      prodListenerArn: prodListener,
      testListenerArn: s.testListener ? testListener : undefined,
      loadBalancerArn: alb?.loadBalancerArn,
      productionListenerRuleArn: alb?.productionRule,
      testListenerRuleArn: alb?.testRule
    }
    if (s.deploymentController === 'ECS' || s.deploymentController === 'EXTERNAL') {
      return {
        ...built,
        applicationName: '',
        applicationId: '',
        deploymentGroupName: '',
        deploymentGroupId: '',
        deploymentConfigName: '',
        alarms: s.ecsDeploymentConfiguration?.alarms?.alarmNames ?? [],
        initialTaskSetId: svc.service?.deployments?.[0]?.id
      }
    }
    const configName = s.deploymentConfigName
    try {
      await cd.send(new GetDeploymentConfigCommand({ deploymentConfigName: configName }))
    } catch (e) {
      if ((e as Error).name !== 'DeploymentConfigDoesNotExistException' || !s.trafficRoutingConfig) throw e
      await cd.send(
        new CreateDeploymentConfigCommand({
          deploymentConfigName: configName,
          computePlatform: 'ECS',
          trafficRoutingConfig: s.trafficRoutingConfig
        })
      )
    }
    const app = await cd.send(new CreateApplicationCommand({ applicationName: s.application, computePlatform: 'ECS' }))
    const dg = await cd.send(
      new CreateDeploymentGroupCommand({
        applicationName: s.application,
        deploymentGroupName: s.deploymentGroup,
        deploymentConfigName: configName,
        serviceRoleArn: s.serviceRoleArn,
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        blueGreenDeploymentConfiguration: {
          terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: s.terminationWaitMinutes },
          deploymentReadyOption: s.deploymentReadyWait
            ? { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: s.readyWaitMinutes }
            : { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 }
        },
        autoRollbackConfiguration: { enabled: s.autoRollback, events: s.autoRollback ? s.autoRollbackEvents : [] },
        alarmConfiguration: {
          enabled: s.alarms.length > 0,
          ignorePollAlarmFailure: false,
          alarms: s.alarms.map((name) => ({ name }))
        },
        ecsServices: [{ clusterName: s.cluster, serviceName: s.service }],
        loadBalancerInfo: {
          targetGroupPairInfoList: [
            {
              targetGroups: [{ name: tgName(blueTg) }, { name: tgName(greenTg) }],
              prodTrafficRoute: { listenerArns: [prodListener] },
              ...(s.testListener ? { testTrafficRoute: { listenerArns: [testListener] } } : {})
            }
          ]
        }
      })
    )
    let initialTaskSetId = svc.service?.taskSets?.[0]?.id
    if (s.waitForSteadyState) {
      for (;;) {
        const d = await ecs.send(new DescribeServicesCommand({ cluster: s.cluster, services: [s.service] }))
        const ts = d.services?.[0]?.taskSets?.[0] ?? d.services?.[0]?.deployments?.[0]
        initialTaskSetId = ts?.id ?? initialTaskSetId
        const want = ts && 'computedDesiredCount' in ts ? ts.computedDesiredCount : (ts as { desiredCount?: number | undefined } | undefined)?.desiredCount
        if (ts && ts.runningCount === want && ts.pendingCount === 0) break
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    return {
      ...built,
      applicationName: s.application,
      applicationId: app.applicationId!,
      deploymentGroupName: s.deploymentGroup,
      deploymentGroupId: dg.deploymentGroupId!,
      deploymentConfigName: configName,
      alarms: s.alarms,
      initialTaskSetId
    }
  } finally {
    ecs.destroy()
    cd.destroy()
    logs.destroy()
    elb.destroy()
  }
}

/**
 * The service's ALB as Terraform makes it for a blue/green service: HTTPS 443 (production) and 8443
 * (test) listeners forwarding to the blue target group; with `rules`, the listeners answer 404 and a
 * priority-10 `/*` rule on each forwards blue 100 / green 0 (ECS blue/green routing). What exists
 * already (a second seed of the same service) is kept.
 */
async function createAlb(
  elb: ElasticLoadBalancingV2Client,
  o: { name: string; subnets: string[]; region: string; blueTg: string; greenTg: string; testListener: boolean; rules: boolean }
): Promise<{ loadBalancerArn: string; productionRule?: string | undefined; testRule?: string | undefined }> {
  const lb = await elb.send(new CreateLoadBalancerCommand({ Name: o.name, Subnets: o.subnets, Type: 'application', SecurityGroups: ['sg-0123456789abcdef1'] }))
  const loadBalancerArn = lb.LoadBalancers![0]!.LoadBalancerArn!
  const forward: Action[] = [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: o.blueTg, Weight: 100 },
          { TargetGroupArn: o.greenTg, Weight: 0 }
        ]
      }
    }
  ]
  const notFound: Action[] = [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'not found' } }]
  const route = async (port: number): Promise<string | undefined> => {
    const arn = listenerArn(o.name, port, o.region)
    try {
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: loadBalancerArn,
          Protocol: 'HTTPS',
          Port: port,
          Certificates: [{ CertificateArn: `arn:aws:acm:${o.region}:${ACCOUNT_ID}:certificate/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d` }],
          SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          DefaultActions: o.rules ? notFound : [{ Type: 'forward', TargetGroupArn: o.blueTg }]
        })
      )
    } catch (e) {
      if ((e as Error).name !== 'DuplicateListenerException' && (e as Error).name !== 'DuplicateListener') throw e
    }
    if (!o.rules) return undefined
    const kept = (await elb.send(new DescribeRulesCommand({ ListenerArn: arn }))).Rules?.find((r) => r.Priority === '10')
    if (kept) return kept.RuleArn
    const r = await elb.send(
      new CreateRuleCommand({
        ListenerArn: arn,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
        Actions: forward
      })
    )
    return r.Rules![0]!.RuleArn
  }
  const productionRule = await route(443)
  const testRule = o.testListener ? await route(8443) : undefined
  return { loadBalancerArn, productionRule, testRule }
}

/** The task definition's log group, as Terraform's aws_cloudwatch_log_group makes it; one several seeds share may exist already. */
/** An ip target group as Terraform's aws_lb_target_group makes one for Fargate: HTTP, GET /health, unhealthy after 2 failed checks. Returns its ARN. */
export async function createTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  o: { name: string; port: number; intervalSeconds: number; healthyThreshold: number }
): Promise<string> {
  const r = await elb.send(
    new CreateTargetGroupCommand({
      Name: o.name,
      Protocol: 'HTTP',
      Port: o.port,
      VpcId: 'vpc-0a1b2c3d4e5f60000',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: o.intervalSeconds,
      HealthyThresholdCount: o.healthyThreshold,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' }
    })
  )
  return r.TargetGroups![0]!.TargetGroupArn!
}

export async function createLogGroup(logs: CloudWatchLogsClient, logGroupName: string): Promise<void> {
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName }))
  } catch (e) {
    if ((e as Error).name !== 'ResourceAlreadyExistsException') throw e
  }
}
