/**
 * The alb-weighted way's plan, read-only: which service is live (from the forward action's
 * weights, never from names), the weights of each step, and the reads behind them (both services,
 * the listener or rule, the alarms). Everything but the reads is pure.
 */
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { Service } from '@aws-sdk/client-ecs'
import { alarmStates } from '../../aws/cloudwatch.js'
import { describeServices } from '../../aws/ecs.js'
import { describeListener, describeRule } from '../../aws/elbv2.js'
import type { Context } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import { duration, revisionName } from '../../report/format.js'
import type { AlbEvent } from './events.js'
import type { AlbInputs } from './inputs.js'

export type AlbContext = Context<AlbInputs, AlbEvent>

/** Where the weights live. */
export interface Holder {
  kind: 'listener' | 'rule'
  arn: string
  /** For the log: "listener web-alb:80" or "rule 10 of listener web-alb". */
  where: string
  actions: Action[]
}

const lbName = (arn: string): string => /:listener(?:-rule)?\/app\/([^/]+)\//.exec(arn)?.[1] ?? arn

/** Where the weights live: the rule the input names (its listener's default action for the default rule), or the listener's default action. */
export async function readHolder(ctx: Pick<AlbContext, 'clients' | 'own'>): Promise<Holder> {
  return readHolderOf(ctx.clients.elbv2, ctx.own)
}

async function readHolderOf(elb: AlbContext['clients']['elbv2'], alb: Pick<AlbInputs, 'listenerArn' | 'listenerRuleArn'>): Promise<Holder> {
  if (alb.listenerRuleArn) {
    const rule = await describeRule(elb, alb.listenerRuleArn)
    if (!rule)
      throw new ActionError(`Input 'listener-rule-arn': rule ${alb.listenerRuleArn} does not exist. Check the ARN and 'aws-region'.`, 'listener-rule-arn')
    if (rule.IsDefault) {
      // The default rule is the listener's default action: only ModifyListener changes it.
      const listenerArn = alb.listenerRuleArn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '')
      return { ...(await readHolderOf(elb, { listenerArn })), where: `default rule of listener ${lbName(listenerArn)}` }
    }
    return { kind: 'rule', arn: alb.listenerRuleArn, where: `rule ${rule.Priority} of listener ${lbName(alb.listenerRuleArn)}`, actions: rule.Actions ?? [] }
  }
  const arn = alb.listenerArn!
  const l = await describeListener(elb, arn)
  if (!l) throw new ActionError(`Input 'listener-arn': listener ${arn} does not exist. Check the ARN and 'aws-region'.`, 'listener-arn')
  return { kind: 'listener', arn, where: `listener ${lbName(arn)}:${l.Port}`, actions: l.DefaultActions ?? [] }
}

/** Both services, the forward action and which side is live; `split: 'newer'` reads a split too (see planFlip). */
export async function readPair(ctx: AlbContext, split?: 'newer'): Promise<{ holder: Holder; flip: Flip; live: Service; idle: Service }> {
  const [a, b] = await describeServices(ctx.clients.ecs, ctx.inputs.cluster, [ctx.inputs.service, ctx.own.greenService], ['service', 'green-service'])
  const holder = await readHolder(ctx)
  const flip = planFlip(holder.actions, sideOf(a!, 'service'), sideOf(b!, 'green-service'), holder.where, { split })
  const aLive = flip.live.service === a!.serviceName
  return { holder, flip, live: aLive ? a! : b!, idle: aLive ? b! : a! }
}

/** This action moves the weights itself: it stays to the end, or stops before any traffic moves. */
export function refuseWaitFor(ctx: Pick<AlbContext, 'inputs'>): void {
  const { waitFor } = ctx.inputs
  if (waitFor !== 'complete' && waitFor !== 'ready') {
    throw new ActionError(
      `Input 'wait-for': '${waitFor}' is not available with strategy alb-weighted: this action moves the weights itself, so it stays to the end ('complete') or stops before any traffic moves ('ready', then 'mode: continue'). Use one of those.`,
      'wait-for'
    )
  }
}

/** Refuses to move traffic with an alarm that does not exist or already fires. */
export async function checkAlarms(ctx: Pick<AlbContext, 'clients'>, names: string[]): Promise<void> {
  const before = await alarmStates(ctx.clients.cloudwatch, names)
  const missing = names.filter((n) => !(n in before.alarms))
  if (missing.length)
    throw new ActionError(
      `Input 'alarms': ${missing.map((m) => `'${m}'`).join(', ')} ${missing.length > 1 ? 'are not CloudWatch alarms' : 'is not a CloudWatch alarm'} in this account and region. Check the names and 'aws-region'.`,
      'alarms'
    )
  const firingNow = Object.entries(before.alarms)
    .filter(([, v]) => v === 'ALARM')
    .map(([k]) => k)
  if (firingNow.length)
    throw new ActionError(`Alarm ${firingNow.join(', ')} is in ALARM before the release; nothing was changed. Release once it is OK.`, 'alarms')
}

/** The release's first line: which side is live, where the weights are, the steps, bake and alarms. */
export function headerLine(ctx: AlbContext, holder: Holder, flip: Flip, how?: string): string {
  const alb = ctx.own
  const plan =
    how ?? `steps ${alb.trafficSteps.join(',')}  bake ${duration(alb.stepBakeMinutes * 60_000)}${alb.alarms.length ? `  alarms ${alb.alarms.join(', ')}` : ''}`
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}: ${flip.live.service} (live, 100%) -> ${flip.idle.service}  via ${holder.where}  ${plan}`
}

// ---------------------------------------------------------------------------------------------
// Which side is live, and the weights (pure)

/** One service of the pair. */
export interface Side {
  service: string
  targetGroupArn: string
  /** The container and port its load balancer routes to. */
  containerName: string
  containerPort?: number | undefined
  desiredCount: number
  taskDefinition?: string | undefined
  /** Its PRIMARY ECS deployment (ecs-svc/…) and when it was created: the side updated last is a release's new side. */
  primaryDeploymentId?: string | undefined
  deployedAt?: number | undefined
}

export interface Flip {
  live: Side
  idle: Side
  /** Index of the forward action in the action list. */
  forwardIndex: number
  /** Traffic on live/idle now (percent of the two). */
  liveWeight: number
  idleWeight: number
}

/** The forward action of a listener's default actions or a rule's actions, and its weights. */
export function forwardOf(actions: Action[] | undefined, where: string): { index: number; groups: { arn: string; weight: number }[] } {
  const index = (actions ?? []).findIndex((a) => a.Type === 'forward')
  if (index < 0) {
    throw new ActionError(
      `The ${where} has no forward action (its actions: ${(actions ?? []).map((a) => a.Type).join(', ') || 'none'}). Point it at both services' target groups with a weighted forward action.`,
      'listener'
    )
  }
  const a = actions![index]!
  const groups = a.ForwardConfig?.TargetGroups?.length
    ? a.ForwardConfig.TargetGroups.map((g) => ({ arn: g.TargetGroupArn ?? '', weight: g.Weight ?? 1 }))
    : a.TargetGroupArn
      ? [{ arn: a.TargetGroupArn, weight: 1 }]
      : []
  return { index, groups }
}

/** The service's target group and load-balanced container: exactly one load balancer entry. */
export function sideOf(service: Service, input: string): Side {
  const name = service.serviceName ?? '?'
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller !== 'ECS') {
    throw new ActionError(
      `Input '${input}': service '${name}' uses the ${controller} deployment controller; the alb-weighted strategy updates both services with UpdateService, which needs the ECS controller. Use the ${controller === 'CODE_DEPLOY' ? 'codedeploy' : 'right'} strategy for it, or pair two ECS-controller services.`,
      input
    )
  }
  const lbs = (service.loadBalancers ?? []).filter((l) => l.targetGroupArn)
  if (lbs.length !== 1) {
    throw new ActionError(
      `Input '${input}': service '${name}' has ${lbs.length} target groups; the alb-weighted strategy needs exactly one per service (the one the listener weighs). Give the service one load balancer entry.`,
      input
    )
  }
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  return {
    service: name,
    targetGroupArn: lbs[0]!.targetGroupArn!,
    containerName: lbs[0]!.containerName ?? '',
    containerPort: lbs[0]!.containerPort,
    desiredCount: service.desiredCount ?? 0,
    taskDefinition: service.taskDefinition,
    primaryDeploymentId: primary?.id,
    deployedAt: primary?.createdAt ? new Date(primary.createdAt).getTime() : undefined
  }
}

const tgName = (arn: string): string => /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn

/**
 * Which side takes the traffic now, from the weights alone. Refuses a forward action that also
 * sends traffic elsewhere and target groups it lacks. A split (a release that did not finish) is
 * refused, unless `split: 'newer'` (stop, rollback): then the side whose PRIMARY deployment is newer
 * got the release's UpdateService, so it is the new (idle) side whatever its share, and the other
 * one is where the traffic goes back.
 */
export function planFlip(actions: Action[] | undefined, a: Side, b: Side, where: string, o: { split?: 'refuse' | 'newer' | undefined } = {}): Flip {
  if (a.targetGroupArn === b.targetGroupArn) {
    throw new ActionError(
      `Input 'green-service': services '${a.service}' and '${b.service}' use the same target group ${tgName(a.targetGroupArn)}; each needs its own for the weights to tell them apart.`,
      'green-service'
    )
  }
  const { index, groups } = forwardOf(actions, where)
  const weightOf = (s: Side): number | undefined => groups.find((g) => g.arn === s.targetGroupArn)?.weight
  for (const s of [a, b]) {
    if (weightOf(s) === undefined) {
      throw new ActionError(
        `The ${where} does not forward to target group ${tgName(s.targetGroupArn)} of service '${s.service}' (it forwards to ${groups.map((g) => tgName(g.arn)).join(', ') || 'nothing'}). Add both services' target groups to its forward action, e.g. weights 100 and 0.`,
        'listener'
      )
    }
  }
  const others = groups.filter((g) => g.arn !== a.targetGroupArn && g.arn !== b.targetGroupArn && g.weight > 0)
  if (others.length) {
    throw new ActionError(
      `The ${where} also sends traffic to ${others.map((g) => tgName(g.arn)).join(', ')}; the alb-weighted strategy moves traffic between two target groups only. Set the others' weight to 0.`,
      'listener'
    )
  }
  const wa = weightOf(a)!
  const wb = weightOf(b)!
  if (wa > 0 && wb > 0) {
    const pa = Math.round((wa * 100) / (wa + wb))
    if (o.split === 'newer') {
      if (a.deployedAt === undefined || b.deployedAt === undefined || a.deployedAt === b.deployedAt) {
        throw new ActionError(
          `The ${where} splits traffic ${a.service} ${pa}% / ${b.service} ${100 - pa}%, and their ECS deployments do not tell which one was released last. Put all the traffic on one service (weights 100 and 0) by hand.`,
          'listener'
        )
      }
      const [live, idle, pl] = a.deployedAt < b.deployedAt ? [a, b, pa] : [b, a, 100 - pa]
      // Not a release's split (weights set by hand?): the traffic would go back to no tasks.
      if (live.desiredCount === 0) {
        throw new ActionError(
          `The ${where} splits traffic ${a.service} ${pa}% / ${b.service} ${100 - pa}%, but ${live.service}, where it would go back (${idle.service} was released last), runs no tasks. Put the weights back by hand.`,
          'listener'
        )
      }
      return { live, idle, forwardIndex: index, liveWeight: pl, idleWeight: 100 - pl }
    }
    throw new ActionError(
      `The ${where} splits traffic ${a.service} ${pa}% / ${b.service} ${100 - pa}%: a release did not finish. Put the weights back with 'mode: stop' (or 'mode: rollback'), or put all the traffic on one service by hand (weights 100 and 0), and run again.`,
      'listener'
    )
  }
  if (wa === 0 && wb === 0) throw new ActionError(`The ${where} sends no traffic to either service.`, 'listener')
  const [live, idle] = wa > 0 ? [a, b] : [b, a]
  return { live, idle, forwardIndex: index, liveWeight: 100, idleWeight: 0 }
}

/** The actions with the forward action's two weights set: `idlePercent` on idle, the rest on live. Other fields kept. */
export function actionsAt(actions: Action[], flip: Pick<Flip, 'live' | 'idle' | 'forwardIndex'>, idlePercent: number): Action[] {
  return actions.map((a, i) => {
    if (i !== flip.forwardIndex) return a
    const groups = a.ForwardConfig?.TargetGroups?.length
      ? a.ForwardConfig.TargetGroups
      : a.TargetGroupArn
        ? [{ TargetGroupArn: a.TargetGroupArn, Weight: 1 }]
        : []
    const weight = (arn: string | undefined, w: number | undefined): number =>
      arn === flip.idle.targetGroupArn ? idlePercent : arn === flip.live.targetGroupArn ? 100 - idlePercent : (w ?? 0)
    const { TargetGroupArn: _single, ...rest } = a
    return {
      ...rest,
      ForwardConfig: { ...a.ForwardConfig, TargetGroups: groups.map((g) => ({ ...g, Weight: weight(g.TargetGroupArn, g.Weight) })) }
    }
  })
}

/**
 * What mode stop and rollback find: a split (a shift in flight, or one left split), a release
 * waiting with no traffic (after wait-for: ready the idle side runs another task definition,
 * scaled up), or nothing in flight.
 */
export function inFlight(flip: Pick<Flip, 'live' | 'idle' | 'idleWeight'>): 'split' | 'waiting' | 'none' {
  if (flip.idleWeight > 0) return 'split'
  if (flip.idle.desiredCount > 0 && flip.idle.taskDefinition !== flip.live.taskDefinition) return 'waiting'
  return 'none'
}

/** Whether two action lists weigh the forward action's target groups alike (raw weights, not shares). */
export function sameWeights(a: Action[] | undefined, b: Action[] | undefined): boolean {
  const key = (actions: Action[] | undefined): string | undefined => {
    try {
      return forwardOf(actions, 'forward action')
        .groups.map((g) => `${g.arn}=${g.weight}`)
        .sort()
        .join(',')
    } catch {
      return undefined
    }
  }
  const ka = key(a)
  return ka !== undefined && ka === key(b)
}

/**
 * The same shares written with other raw weights (10/90 → 1/9, 1/9 → 2/18): traffic does not move,
 * but a release job still running sees the weights changed behind its back and ends, touching
 * nothing (mode stop with rollback: false).
 */
export function frozenActions(actions: Action[], flip: Pick<Flip, 'live' | 'idle' | 'forwardIndex'>): Action[] {
  const { groups } = forwardOf(actions, 'forward action')
  const wi = groups.find((g) => g.arn === flip.idle.targetGroupArn)?.weight ?? 0
  const wl = groups.find((g) => g.arn === flip.live.targetGroupArn)?.weight ?? 0
  const gcd = (x: number, y: number): number => (y ? gcd(y, x % y) : x)
  const g = gcd(wi, wl) || 1
  const [ni, nl] = g > 1 ? [wi / g, wl / g] : [wi * 2, wl * 2]
  return actions.map((a, i) => {
    if (i !== flip.forwardIndex) return a
    const tgs = a.ForwardConfig?.TargetGroups ?? []
    const weight = (arn: string | undefined, w: number | undefined): number =>
      arn === flip.idle.targetGroupArn ? ni : arn === flip.live.targetGroupArn ? nl : (w ?? 0)
    return { ...a, ForwardConfig: { ...a.ForwardConfig, TargetGroups: tgs.map((t) => ({ ...t, Weight: weight(t.TargetGroupArn, t.Weight) })) } }
  })
}

/** 'previous' for a rollback at 100/0: the idle service still holds the release before, scaled to 0. */
export function previousOf(flip: Pick<Flip, 'live' | 'idle'>): { taskDefinitionArn: string; foundIn: string } | { none: string } {
  const { idle, live } = flip
  if (!idle.taskDefinition) return { none: `the idle service '${idle.service}' has no task definition to go back to` }
  if (idle.taskDefinition === live.taskDefinition) {
    return {
      none: `the idle service '${idle.service}' runs ${revisionName(idle.taskDefinition)}, the same task definition as '${live.service}' (no earlier release is left on it)`
    }
  }
  return { taskDefinitionArn: idle.taskDefinition, foundIn: `the idle service ${idle.service}` }
}

/**
 * Why mode continue may not go on with this deployment-id (undefined: it may): it must be the idle
 * side's PRIMARY ECS deployment, as the wait-for: ready step output it, and that side must be up.
 */
export function continueRefusal(id: string, flip: Pick<Flip, 'live' | 'idle'>): string | undefined {
  const { idle, live } = flip
  if (id === idle.primaryDeploymentId) {
    return idle.desiredCount > 0
      ? undefined
      : `ECS deployment ${id} of '${idle.service}' is scaled to 0 (the release was put back or stopped); there is nothing to continue. Release again with 'wait-for: ready'.`
  }
  if (id === live.primaryDeploymentId) {
    return `ECS deployment ${id} is the one '${live.service}' serves all the traffic with: its release already finished. Pass the 'deployment-id' output of the 'wait-for: ready' step that released '${idle.service}'.`
  }
  return `'${id}' is not the ECS deployment '${idle.service}' (the idle service) runs now (${idle.primaryDeploymentId ?? 'none'}): it is stale or belongs elsewhere. Pass the 'deployment-id' output of the latest 'wait-for: ready' step of this pair.`
}

/** The idle side's share of traffic in these actions, in percent of the two. */
export function idlePercentOf(actions: Action[] | undefined, flip: Pick<Flip, 'live' | 'idle'>): number {
  const { groups } = forwardOf(actions, 'forward action')
  const i = groups.find((g) => g.arn === flip.idle.targetGroupArn)?.weight ?? 0
  const l = groups.find((g) => g.arn === flip.live.targetGroupArn)?.weight ?? 0
  return i + l ? Math.round((i * 100) / (i + l)) : 0
}
