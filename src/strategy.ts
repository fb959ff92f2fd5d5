import type { Service } from '@aws-sdk/client-ecs'
import { describeService } from './aws/ecs.js'
import { ActionError } from './errors.js'
import type { Inputs, Strategy } from './inputs.js'
import type { Context } from './modes/context.js'

/**
 * The ways a service is released. Each has its own folder and answers every mode:
 * - codedeploy: deployment controller CODE_DEPLOY, a CodeDeploy blue/green deployment (src/modes/)
 * - ecs: controller ECS with strategy BLUE_GREEN, LINEAR or CANARY, an ECS service deployment (src/ecs-native/)
 * - rolling: controller ECS with strategy ROLLING (the default), a rolling update (src/rolling/)
 * - alb-weighted: two services behind one ALB listener, weights shifted by this action
 */
export type Way = 'codedeploy' | 'ecs' | 'rolling' | 'alb-weighted'

export interface Detected {
  way: Way
  /** One sentence: why this way, for the log's first line. */
  why: string
  /** deploymentConfiguration.strategy of an ECS-controller service (BLUE_GREEN, LINEAR, CANARY, ROLLING). */
  ecsStrategy?: string
  /** The service as DescribeServices returned it (not read for alb-weighted). */
  service?: Service
}

/** How each way is named in the log. */
export const WAY_NAMES: Record<Way, string> = {
  codedeploy: 'CodeDeploy blue/green',
  ecs: 'ECS-native',
  rolling: 'ECS rolling update',
  'alb-weighted': 'ALB weighted (two services)'
}

const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])

/** The strategy input that insists on a way; auto accepts whatever the service says. */
const INPUT_OF: Record<Exclude<Way, 'alb-weighted'>, Strategy> = { codedeploy: 'codedeploy', ecs: 'ecs', rolling: 'rolling' }

/** What the service says about itself, and the way it means. Pure. */
export function wayOfService(service: Service): { way: Exclude<Way, 'alb-weighted'>; what: string; ecsStrategy?: string } {
  const controller = service.deploymentController?.type ?? 'ECS'
  const name = service.serviceName ?? 'the service'
  if (controller === 'EXTERNAL') {
    throw new ActionError(
      `Input 'service': service '${name}' uses the EXTERNAL deployment controller: its task sets are managed by a third-party tool, which this action cannot drive. Release it with that tool, or recreate the service with the ECS or CODE_DEPLOY controller.`,
      'service'
    )
  }
  if (controller === 'CODE_DEPLOY') return { way: 'codedeploy', what: 'deployment controller CODE_DEPLOY' }
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING'
  const what = `deployment controller ECS, deploymentConfiguration.strategy ${strategy}${service.deploymentConfiguration?.strategy ? '' : ' (the default)'}`
  if (NATIVE.has(strategy)) return { way: 'ecs', what, ecsStrategy: strategy }
  if (strategy === 'ROLLING') return { way: 'rolling', what, ecsStrategy: strategy }
  throw new ActionError(
    `Input 'service': service '${name}' has deploymentConfiguration.strategy ${strategy}, which this action does not know. Use BLUE_GREEN, LINEAR, CANARY or ROLLING.`,
    'service'
  )
}

/**
 * Which way releases this service under the strategy input. Pure: auto follows the service; an
 * explicit strategy must match it (a mismatch is refused, naming what the service is).
 */
export function detect(service: Service, requested: Strategy): Detected {
  const s = wayOfService(service)
  const name = service.serviceName ?? 'the service'
  if (requested !== 'auto' && requested !== INPUT_OF[s.way]) {
    throw new ActionError(
      `Input 'strategy': '${requested}' cannot release service '${name}', which has ${s.what}: that is the ${WAY_NAMES[s.way]} way. Set 'strategy' to auto or ${INPUT_OF[s.way]}, or change the service.`,
      'strategy'
    )
  }
  return { way: s.way, ecsStrategy: s.ecsStrategy, service, why: `${s.what}; strategy: ${requested}` }
}

/** The inputs that configure CodeDeploy, by name, that were given. */
export function codedeployInputsGiven(inputs: Inputs): string[] {
  const given: [string, unknown][] = [
    ['codedeploy-application', inputs.application],
    ['codedeploy-deployment-group', inputs.deploymentGroup],
    ['codedeploy-deployment-config', inputs.deploymentConfig],
    ['codedeploy-deployment-description', inputs.description],
    ['codedeploy-appspec', inputs.appSpecFile],
    ['hooks', inputs.hooks.length ? inputs.hooks : undefined]
  ]
  return given.filter(([, v]) => v !== undefined).map(([k]) => k)
}

/** Refuses inputs that only CodeDeploy uses when another way releases the service. */
export function refuseInapplicable(inputs: Inputs, d: Detected): void {
  if (d.way === 'codedeploy' || d.way === 'alb-weighted') return
  const given = codedeployInputsGiven(inputs)
  if (!given.length) return
  const fix =
    d.way === 'ecs'
      ? "The service's own deploymentConfiguration (bakeTimeInMinutes, linearConfiguration, canaryConfiguration, lifecycleHooks, alarms) drives an ECS-native release: set those on the service and remove"
      : "A rolling update is driven by the service's deploymentConfiguration (minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, alarms): remove"
  throw new ActionError(
    `Input '${given[0]}': ${given.map((g) => `'${g}'`).join(', ')} ${given.length > 1 ? 'apply' : 'applies'} to CodeDeploy only, and service '${inputs.service}' is released the ${WAY_NAMES[d.way]} way (${d.why}). ${fix} ${given.length > 1 ? 'them' : 'it'}.`,
    given[0]
  )
}

/**
 * Reads the service (one DescribeServices) and decides the way; alb-weighted reads nothing here
 * (its mode describes its own two services). Refuses EXTERNAL, a mismatch, and CodeDeploy inputs
 * given to another way.
 */
export async function chooseWay(ctx: Pick<Context, 'inputs' | 'clients'>): Promise<Detected> {
  const { inputs } = ctx
  if (inputs.strategy === 'alb-weighted') return { way: 'alb-weighted', why: 'strategy: alb-weighted' }
  const service = await describeService(ctx.clients.ecs, inputs.cluster, inputs.service)
  const d = detect(service, inputs.strategy)
  refuseInapplicable(inputs, d)
  return d
}

/** The log's first line: which way and why. */
export function strategyLine(d: Detected): string {
  const detail = d.way === 'ecs' && d.ecsStrategy ? ` ${d.ecsStrategy.replace('_', '/').toLowerCase()}` : ''
  return `Strategy: ${WAY_NAMES[d.way]}${detail}  (${d.why})`
}
