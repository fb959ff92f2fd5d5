/**
 * The CodeDeploy way's plan, read-only: the service and its deployment group, the new task
 * definition, and the AppSpec that CreateDeployment will carry. Everything a release needs is
 * gathered and checked here, before anything in AWS changes.
 */
import { createHash } from 'node:crypto'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { checkDeploymentConfig, findDeploymentGroup } from '../../aws/codedeploy.js'
import { chosenService, type Context } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import { printRendered, renderFromService, type Rendered } from '../../kit/render.js'
import type { CodeDeployEvent } from './events.js'
import type { AppSpec, AppSpecProperties, CodeDeployInputs, Hook } from './inputs.js'

export type CodeDeployContext = Context<CodeDeployInputs, CodeDeployEvent>

/** Everything a release needs, gathered and checked before anything in AWS changes. */
export interface Plan extends Rendered {
  service: Service
  group: DeploymentGroupInfo
  /** The load-balanced container and port, from the service. */
  containerName: string
  containerPort: number
}

/** The service, checked to be released by CodeDeploy, and its deployment group. Read-only. */
export async function resolveServiceAndGroup(ctx: CodeDeployContext): Promise<{ service: Service; group: DeploymentGroupInfo }> {
  const { inputs, own, clients } = ctx
  const service = chosenService(ctx)
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller !== 'CODE_DEPLOY') {
    throw new ActionError(
      `Input 'service': service '${inputs.service}' uses the ${controller} deployment controller, not CODE_DEPLOY, so CodeDeploy cannot release it. Set deployment_controller { type = "CODE_DEPLOY" } on the service (it needs replacing), or deploy it another way.`,
      'service'
    )
  }
  const group = await findDeploymentGroup(clients.codedeploy, {
    application: own.application,
    deploymentGroup: own.deploymentGroup,
    cluster: inputs.cluster,
    service: inputs.service
  })
  if (own.deploymentGroup && !own.application) {
    ctx.log.line(`Deployment group '${group.deploymentGroupName}' is in CodeDeploy application '${group.applicationName}' ('codedeploy-application' not given)`)
  }
  if (own.application && !own.deploymentGroup) {
    ctx.log.line(
      `Deployment group '${group.deploymentGroupName}' of '${group.applicationName}' deploys ${inputs.cluster}/${inputs.service} ('codedeploy-deployment-group' not given)`
    )
  }
  return { service, group }
}

/** Read-only: the service and group, the new task definition; refuses what would fail. */
export async function plan(ctx: CodeDeployContext): Promise<Plan> {
  const { own, clients } = ctx
  const { service, group } = await resolveServiceAndGroup(ctx)
  if (own.deploymentConfig) await checkDeploymentConfig(clients.codedeploy, own.deploymentConfig)
  const lb = loadBalancedContainer(service)
  for (const w of appSpecWarnings(own.appSpecBase, lb, own.hooks)) ctx.warn(w)
  // The image goes to the named container; traffic always goes to the load-balanced one.
  const r = await renderFromService(ctx, service, lb)
  return { service, group, ...r, ...lb }
}

/** The plan's lines: the service, the group and its config, then what changes in the task definition. */
export function printPlan(ctx: CodeDeployContext, p: Plan): void {
  ctx.log.line(headerLineOf(ctx, p))
  printRendered(ctx, p)
}

/** The first line of a release: the service, the group and its config. */
export function headerLineOf(ctx: Pick<CodeDeployContext, 'inputs' | 'own'>, p: Pick<Plan, 'group'>): string {
  const config = ctx.own.deploymentConfig ?? p.group.deploymentConfigName ?? 'the group default'
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  via CodeDeploy ${p.group.applicationName}/${p.group.deploymentGroupName}  ${config}`
}

// ---------------------------------------------------------------------------------------------
// The AppSpec

/** The container and port CodeDeploy shifts traffic to: the service's (first) load balancer. */
export function loadBalancedContainer(service: Service): { containerName: string; containerPort: number } {
  const lb = service.loadBalancers?.[0] ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.loadBalancers?.[0]
  if (!lb?.containerName || lb.containerPort === undefined) {
    throw new ActionError(
      `Service '${service.serviceName}' has no load balancer with a container name and port. A CodeDeploy blue/green service needs one; check the service's load_balancer block.`,
      'service'
    )
  }
  return { containerName: lb.containerName, containerPort: lb.containerPort }
}

export interface AppSpecOptions {
  taskDefinitionArn: string
  service: Service
  containerName: string
  containerPort: number
  hooks: Hook[]
  base?: Partial<AppSpec> | undefined
}

/**
 * Renders the AppSpec. The base file wins where it says something; what it leaves out comes from
 * the service, which is what CodeDeploy would otherwise reset (network config, platform version).
 */
export function renderAppSpec(o: AppSpecOptions): AppSpec {
  const s = o.service
  const primary = s.taskSets?.find((t) => t.status === 'PRIMARY')
  const baseProps: Partial<AppSpecProperties> = o.base?.Resources?.[0]?.TargetService?.Properties ?? {}
  const props: AppSpecProperties = {
    TaskDefinition: o.taskDefinitionArn,
    LoadBalancerInfo: { ContainerName: o.containerName, ContainerPort: o.containerPort }
  }
  const platformVersion = baseProps.PlatformVersion ?? s.platformVersion ?? primary?.platformVersion
  if (platformVersion) props.PlatformVersion = platformVersion
  const vpc = s.networkConfiguration?.awsvpcConfiguration ?? primary?.networkConfiguration?.awsvpcConfiguration
  if (baseProps.NetworkConfiguration) props.NetworkConfiguration = baseProps.NetworkConfiguration
  else if (vpc?.subnets?.length) {
    props.NetworkConfiguration = {
      AwsvpcConfiguration: {
        Subnets: vpc.subnets,
        ...(vpc.securityGroups?.length ? { SecurityGroups: vpc.securityGroups } : {}),
        ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {})
      }
    }
  }
  const cps = s.capacityProviderStrategy?.length ? s.capacityProviderStrategy : primary?.capacityProviderStrategy
  if (baseProps.CapacityProviderStrategy) props.CapacityProviderStrategy = baseProps.CapacityProviderStrategy
  else if (cps?.length) {
    props.CapacityProviderStrategy = cps.map((c) => ({
      CapacityProvider: c.capacityProvider ?? '',
      ...(c.weight !== undefined ? { Weight: c.weight } : {}),
      ...(c.base !== undefined ? { Base: c.base } : {})
    }))
  }

  const hooks = new Map<string, string>()
  for (const h of o.base?.Hooks ?? []) for (const [event, fn] of Object.entries(h)) hooks.set(event, fn)
  for (const h of o.hooks) hooks.set(h.event, h.functionName)

  const spec: AppSpec = { version: 0.0, Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: props } }] }
  if (hooks.size) spec.Hooks = [...hooks].map(([event, fn]) => ({ [event]: fn }))
  return spec
}

/** The AppSpecContent CreateDeployment takes: the JSON text and its sha256. */
export function appSpecContent(spec: AppSpec): { content: string; sha256: string } {
  const content = JSON.stringify(spec)
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}

const TOP_LEVEL = new Set(['version', 'Resources', 'Hooks'])
const PROPERTIES = new Set(['TaskDefinition', 'LoadBalancerInfo', 'PlatformVersion', 'NetworkConfiguration', 'CapacityProviderStrategy'])

/** `<TASK_DEFINITION>`, `TASK_DEF_ARN`…: the placeholder the official action's examples put there. */
const PLACEHOLDER = /^<[^>]*>$|^[A-Z_]+$/

/**
 * What a `codedeploy-appspec` base file says that this action does not use, one warning each, so
 * nobody believes a field they wrote took effect. Pure: the caller prints them (as ::warning).
 */
export function appSpecWarnings(base: Partial<AppSpec> | undefined, lb: { containerName: string; containerPort: number }, hooks: Hook[] = []): string[] {
  if (!base) return []
  const out: string[] = []
  const file = 'codedeploy-appspec'
  for (const key of Object.keys(base)) {
    if (!TOP_LEVEL.has(key)) out.push(`${file}: '${key}' is ignored: an ECS AppSpec has only version, Resources and Hooks.`)
  }
  if (base.version !== undefined && Number(base.version) !== 0) out.push(`${file}: version '${String(base.version)}' is ignored: ECS AppSpecs are version 0.0.`)
  const target = base.Resources?.[0]?.TargetService
  const props = (target?.Properties ?? {}) as unknown as Record<string, unknown>
  if (target?.Type !== undefined && target.Type !== 'AWS::ECS::Service')
    out.push(`${file}: Type '${String(target.Type)}' is ignored: the target is always AWS::ECS::Service.`)
  for (const key of Object.keys(props)) {
    if (!PROPERTIES.has(key)) out.push(`${file}: Properties.${key} is ignored: it is not an ECS AppSpec property.`)
  }
  const td = props.TaskDefinition
  if (typeof td === 'string' && td && !PLACEHOLDER.test(td)) {
    out.push(`${file}: Properties.TaskDefinition '${td}' is ignored: the task definition this step registers is deployed.`)
  }
  const lbi = props.LoadBalancerInfo as { ContainerName?: unknown; ContainerPort?: unknown } | undefined
  if (
    lbi &&
    ((lbi.ContainerName !== undefined && lbi.ContainerName !== lb.containerName) ||
      (lbi.ContainerPort !== undefined && Number(lbi.ContainerPort) !== lb.containerPort))
  ) {
    out.push(
      `${file}: LoadBalancerInfo ${String(lbi.ContainerName ?? '?')}:${String(lbi.ContainerPort ?? '?')} is ignored: traffic goes to the service's load-balanced container ${lb.containerName}:${lb.containerPort}.`
    )
  }
  for (const entry of base.Hooks ?? []) {
    for (const [event, fn] of Object.entries(entry)) {
      const given = hooks.find((h) => h.event === event)
      if (given && given.functionName !== fn) out.push(`${file}: hook ${event}=${fn} is replaced by the hooks input (${event}=${given.functionName}).`)
    }
  }
  return out
}
