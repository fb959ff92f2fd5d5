import { createHash } from 'node:crypto'
import type { Service } from '@aws-sdk/client-ecs'
import { parse as parseYaml } from 'yaml'
import { ActionError, inputError } from '../errors.js'
import { HOOK_EVENTS, type Hook } from '../inputs.js'

/** The ECS AppSpec (version 0.0). CodeDeploy documents it but the SDK has no type for it. */
export interface AppSpec {
  version: string | number
  Resources: { TargetService: { Type: 'AWS::ECS::Service'; Properties: AppSpecProperties } }[]
  Hooks?: Record<string, string>[]
}
export interface AppSpecProperties {
  TaskDefinition: string
  LoadBalancerInfo: { ContainerName: string; ContainerPort: number }
  PlatformVersion?: string
  NetworkConfiguration?: {
    AwsvpcConfiguration: { Subnets: string[]; SecurityGroups?: string[]; AssignPublicIp?: 'ENABLED' | 'DISABLED' }
  }
  CapacityProviderStrategy?: { CapacityProvider: string; Weight?: number; Base?: number }[]
}

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

/** Reads an AppSpec file given as a base (YAML or JSON). */
export function parseAppSpecFile(text: string, input = 'codedeploy-appspec'): Partial<AppSpec> {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (e) {
    throw inputError(
      input,
      `the file is neither YAML nor JSON (${(e as Error).message.split('\n')[0]})`,
      'Give an ECS AppSpec file (version: 0.0, Resources, Hooks)'
    )
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw inputError(input, 'the file does not hold an AppSpec object', 'Give an ECS AppSpec file')
  const spec = doc as Partial<AppSpec>
  if (spec.Resources !== undefined && (!Array.isArray(spec.Resources) || spec.Resources.length !== 1 || !spec.Resources[0]?.TargetService)) {
    throw inputError(
      input,
      'Resources must hold exactly one TargetService',
      'An ECS AppSpec deploys one service: give one TargetService, or leave Resources out to have it filled from the service'
    )
  }
  // Checked here, before anything in AWS changes: the AppSpec is only rendered after registering.
  const hookOk = (h: unknown): boolean => typeof h === 'object' && h !== null && !Array.isArray(h) && Object.values(h).every((fn) => typeof fn === 'string')
  if (spec.Hooks != null && (!Array.isArray(spec.Hooks) || !spec.Hooks.every(hookOk))) {
    throw inputError(
      input,
      'Hooks must be a list of LifecycleEvent: function entries',
      'Write each hook as a list item, e.g. "- AfterAllowTestTraffic: smoke-test"'
    )
  }
  for (const event of (spec.Hooks ?? []).flatMap((h) => Object.keys(h))) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      throw inputError(input, `Hooks names '${event}', which is not an ECS lifecycle event a hook can run in`, `Use one of ${HOOK_EVENTS.join(', ')}`)
    }
  }
  return spec
}

export interface AppSpecOptions {
  taskDefinitionArn: string
  service: Service
  containerName: string
  containerPort: number
  hooks: Hook[]
  base?: Partial<AppSpec>
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
