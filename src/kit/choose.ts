/**
 * Which way releases the service, and why: read from the service itself (its deployment
 * controller and deploymentConfiguration.strategy), or insisted on by the 'strategy' input. Also
 * refuses inputs that only another way reads, so nobody believes an input took effect.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { describeService } from '../aws/ecs.js'
import type { Chosen, Context } from '../core/context.js'
import { ActionError, inputError } from '../core/errors.js'
import type { InputReader, Strategy } from '../core/inputs.js'
import { WAY_TITLES, type Way, type WayName } from '../core/way.js'

const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])

type ServiceWay = Exclude<WayName, 'alb-weighted'>

/** What the service says about itself, and the way it means. Pure. */
export function wayOfService(service: Service): { way: ServiceWay; what: string; ecsStrategy?: string | undefined } {
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
export function detect(service: Service, requested: Strategy): Chosen {
  const s = wayOfService(service)
  const name = service.serviceName ?? 'the service'
  if (requested !== 'auto' && requested !== s.way) {
    throw new ActionError(
      `Input 'strategy': '${requested}' cannot release service '${name}', which has ${s.what}: that is the ${WAY_TITLES[s.way]} way. Set 'strategy' to auto or ${s.way}, or change the service.`,
      'strategy'
    )
  }
  return { way: s.way, ecsStrategy: s.ecsStrategy, service, why: `${s.what}; strategy: ${requested}` }
}

/**
 * Reads the service (one DescribeServices) and decides the way. alb-weighted reads nothing here:
 * it is chosen only by its strategy input, and its modes describe their own two services.
 */
export async function chooseWay(ctx: Pick<Context, 'inputs' | 'clients'>): Promise<Chosen> {
  const { inputs } = ctx
  if (inputs.strategy === 'alb-weighted') return { way: 'alb-weighted', why: 'strategy: alb-weighted' }
  return detect(await describeService(ctx.clients.ecs, inputs.cluster, inputs.service), inputs.strategy)
}

/** The log's first line: which way and why. */
export function strategyLine(c: Chosen): string {
  const detail = c.way === 'ecs' && c.ecsStrategy ? ` ${c.ecsStrategy.replace('_', '/').toLowerCase()}` : ''
  return `Strategy: ${WAY_TITLES[c.way]}${detail}  (${c.why})`
}

type WayInputs = Pick<Way, 'name' | 'ownInputs' | 'whenToChoose' | 'configuredBy'>

/** Whether the strategy input leaves this way possible (auto never chooses alb-weighted). */
const possible = (way: WayName, strategy: Strategy): boolean => (strategy === 'auto' ? way !== 'alb-weighted' : strategy === way)

/** The ways the strategy input leaves possible: their own inputs are parsed before any AWS call. */
export function possibleWays<W extends WayInputs>(ways: readonly W[], strategy: Strategy): W[] {
  return ways.filter((w) => possible(w.name, strategy))
}

/** Before any AWS call: an input of a way that the 'strategy' input rules out. */
export function refuseRuledOut(get: InputReader, strategy: Strategy, ways: readonly WayInputs[]): void {
  for (const w of ways) {
    if (possible(w.name, strategy)) continue
    const given = w.ownInputs.find((n) => get(n))
    if (given)
      throw inputError(
        given,
        `applies to strategy ${w.name} only (strategy is ${strategy})`,
        `Set 'strategy: ${w.name}' ${w.whenToChoose}, or remove '${given}'`
      )
  }
}

/** Once the way is chosen: inputs that only another way reads. */
export function refuseOtherWays(get: InputReader, chosen: Chosen, service: string, ways: readonly WayInputs[]): void {
  const mine = ways.find((w) => w.name === chosen.way)
  for (const w of ways) {
    if (w.name === chosen.way) continue
    const given = w.ownInputs.filter((n) => get(n))
    if (!given.length) continue
    const many = given.length > 1
    throw new ActionError(
      `Input '${given[0]}': ${given.map((g) => `'${g}'`).join(', ')} ${many ? 'apply' : 'applies'} to the ${WAY_TITLES[w.name]} way only, and service '${service}' is released the ${WAY_TITLES[chosen.way]} way (${chosen.why}). ${mine?.configuredBy ?? 'Remove'} ${many ? 'them' : 'it'}.`,
      given[0]
    )
  }
}
