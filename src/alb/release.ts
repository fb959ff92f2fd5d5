/**
 * The alb-weighted strategy: two ECS services behind one ALB forward action (a listener's default
 * action or a rule). The service with the traffic is read from the weights; the other one gets the
 * new task definition, and once its targets are healthy the weights move step by step with a bake
 * after each, watching its targets and the alarms. At 100% the old service is scaled to 0 and its
 * targets drain. A failed step, an alarm, a timeout or a cancel puts the original weights back.
 *
 * deployment-id is the ECS service deployment (ecs-svc/…) that runs the new task definition on the
 * service that now takes the traffic. The shift itself (shift below) is shared with mode continue and
 * mode rollback (control.ts, rollback.ts).
 */
import * as core from '@actions/core'
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { DescribeServicesCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs'
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type Action,
  type ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { registerTaskDefinition } from '../aws/ecs.js'
import type { Clients } from '../aws/clients.js'
import { ActionError, describeError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { checkNotCancelled, deadlineOf, type Context } from '../modes/context.js'
import { printRendered, readPlanFiles, renderFromService } from '../modes/deploy.js'
import { STATE_DEPLOYMENT } from '../modes/release.js'
import { duration, ecsConsoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { sleep } from '../watch/watcher.js'
import type { AlbInputs } from './inputs.js'
import {
  actionsAt,
  bakeVerdict,
  compareAlb,
  countTargets,
  idlePercentOf,
  planFlip,
  readiness,
  sameWeights,
  sideOf,
  type AlbSnapshot,
  type Flip
} from './plan.js'

/** State the post step reads to put the weights back after the main step was killed. */
export const STATE_ALB_RESTORE = 'alb-restore'

/** Where the weights live. */
export interface Holder {
  kind: 'listener' | 'rule'
  arn: string
  /** For the log: "listener web-alb:80" or "rule 10 of listener web-alb". */
  where: string
  actions: Action[]
}

export interface Restore {
  kind: Holder['kind']
  arn: string
  actions: Action[]
  idle: { service: string; taskDefinition?: string; desiredCount: number }
}

const lbName = (arn: string): string => /:listener(?:-rule)?\/app\/([^/]+)\//.exec(arn)?.[1] ?? arn

export function albOf(inputs: Inputs): AlbInputs {
  const alb = inputs.alb
  if (!alb) throw new ActionError("Input 'strategy': alb-weighted needs 'green-service' and 'listener-rule-arn' or 'listener-arn'.", 'strategy')
  return alb
}

export function elbOf(clients: Clients): { elb: ElasticLoadBalancingV2Client; cw: NonNullable<Clients['cloudwatch']> } {
  if (!clients.elbv2 || !clients.cloudwatch) throw new Error('ELBv2 and CloudWatch clients are missing')
  return { elb: clients.elbv2, cw: clients.cloudwatch }
}

export async function readHolder(elb: ElasticLoadBalancingV2Client, alb: Pick<AlbInputs, 'listenerArn' | 'listenerRuleArn'>): Promise<Holder> {
  if (alb.listenerRuleArn) {
    const out = await elb.send(new DescribeRulesCommand({ RuleArns: [alb.listenerRuleArn] })).catch((err: Error) => {
      if (err.name === 'RuleNotFoundException' || err.name === 'RuleNotFound') {
        throw new ActionError(`Input 'listener-rule-arn': rule ${alb.listenerRuleArn} does not exist. Check the ARN and 'aws-region'.`, 'listener-rule-arn')
      }
      throw err
    })
    const rule = out.Rules?.[0]
    if (!rule) throw new ActionError(`Input 'listener-rule-arn': rule ${alb.listenerRuleArn} does not exist.`, 'listener-rule-arn')
    if (rule.IsDefault) {
      // The default rule is the listener's default action: only ModifyListener changes it.
      const listenerArn = alb.listenerRuleArn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '')
      return { ...(await readHolder(elb, { listenerArn })), where: `default rule of listener ${lbName(listenerArn)}` }
    }
    return { kind: 'rule', arn: alb.listenerRuleArn, where: `rule ${rule.Priority} of listener ${lbName(alb.listenerRuleArn)}`, actions: rule.Actions ?? [] }
  }
  const arn = alb.listenerArn!
  const out = await elb.send(new DescribeListenersCommand({ ListenerArns: [arn] })).catch((err: Error) => {
    if (err.name === 'ListenerNotFoundException' || err.name === 'ListenerNotFound') {
      throw new ActionError(`Input 'listener-arn': listener ${arn} does not exist. Check the ARN and 'aws-region'.`, 'listener-arn')
    }
    throw err
  })
  const l = out.Listeners?.[0]
  if (!l) throw new ActionError(`Input 'listener-arn': listener ${arn} does not exist.`, 'listener-arn')
  return { kind: 'listener', arn, where: `listener ${lbName(arn)}:${l.Port}`, actions: l.DefaultActions ?? [] }
}

export async function writeHolder(elb: ElasticLoadBalancingV2Client, h: Pick<Holder, 'kind' | 'arn'>, actions: Action[]): Promise<void> {
  if (h.kind === 'rule') await elb.send(new ModifyRuleCommand({ RuleArn: h.arn, Actions: actions }))
  else await elb.send(new ModifyListenerCommand({ ListenerArn: h.arn, DefaultActions: actions }))
}

async function describeBoth(ctx: Context, names: string[]): Promise<Service[]> {
  const out = await ctx.clients.ecs.send(new DescribeServicesCommand({ cluster: ctx.inputs.cluster, services: names })).catch((err: Error) => {
    if (err.name === 'ClusterNotFoundException') {
      throw new ActionError(
        `Input 'cluster': ECS cluster '${ctx.inputs.cluster}' does not exist in this account and region. Check the name and 'aws-region'.`,
        'cluster'
      )
    }
    throw err
  })
  const short = (s: string): string => s.split('/').pop()!
  return names.map((n, i) => {
    const s = out.services?.find((x) => x.serviceName === short(n) || x.serviceArn === n)
    const input = i === 0 ? 'service' : 'green-service'
    if (!s || s.status === 'INACTIVE') {
      throw new ActionError(
        `Input '${input}': ECS service '${n}' does not exist in cluster '${ctx.inputs.cluster}'${s ? ' (it is INACTIVE)' : ''}. Check the name, the cluster and 'aws-region'.`,
        input
      )
    }
    return s
  })
}

async function alarmStates(ctx: Context, names: string[]): Promise<{ alarms: Record<string, string>; reasons: Record<string, string> }> {
  if (!names.length) return { alarms: {}, reasons: {} }
  const { cw } = elbOf(ctx.clients)
  const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names, MaxRecords: 100 }))
  const alarms: Record<string, string> = {}
  const reasons: Record<string, string> = {}
  for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
    alarms[a.AlarmName!] = a.StateValue ?? 'INSUFFICIENT_DATA'
    if (a.StateReason) reasons[a.AlarmName!] = a.StateReason
  }
  return { alarms, reasons }
}

/** One look at the new side (and the old one while it drains) and the alarms. */
async function look(ctx: Context, flip: Flip, o: { deploymentId?: string; idlePercent: number; withLive?: boolean; alarms: string[] }): Promise<AlbSnapshot> {
  const { elb } = elbOf(ctx.clients)
  const [services, idleTh, liveTh, al] = await Promise.all([
    describeBoth(ctx, o.withLive ? [flip.idle.service, flip.live.service] : [flip.idle.service]),
    elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: flip.idle.targetGroupArn })),
    o.withLive ? elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: flip.live.targetGroupArn })) : undefined,
    alarmStates(ctx, o.alarms)
  ])
  const idle = services[0]!
  const dep = idle.deployments?.find((d) => d.id === o.deploymentId) ?? idle.deployments?.find((d) => d.status === 'PRIMARY')
  const snap: AlbSnapshot = {
    idlePercent: o.idlePercent,
    idle: {
      ...countTargets(idleTh.TargetHealthDescriptions),
      running: dep?.runningCount ?? 0,
      desired: dep?.desiredCount ?? idle.desiredCount ?? 0,
      failedTasks: dep?.failedTasks ?? 0,
      rolloutState: dep?.rolloutState
    },
    alarms: al.alarms,
    reasons: al.reasons
  }
  if (o.withLive) {
    const live = services[1]!
    snap.live = { ...countTargets(liveTh?.TargetHealthDescriptions), running: live.runningCount ?? 0, desired: live.desiredCount ?? 0 }
  }
  return snap
}

type WatchEnd =
  { end: 'done'; snapshot: AlbSnapshot } | { end: 'failed'; cause: string; snapshot: AlbSnapshot } | { end: 'aborted' | 'timeout'; snapshot?: AlbSnapshot }

/**
 * Looks until `verdict` says done or failed, `until` (epoch ms, for a bake) passes (done), the
 * release deadline passes (timeout) or the job is cancelled (aborted). Logs every change.
 */
async function watch(
  ctx: Context,
  flip: Flip,
  state: { prev?: AlbSnapshot },
  o: {
    deploymentId?: string
    idlePercent: number
    withLive?: boolean
    alarms: string[]
    until?: number
    verdict: (s: AlbSnapshot) => 'done' | 'continue' | { failed: string }
  }
): Promise<WatchEnd> {
  const deadline = deadlineOf(ctx)
  let delay = ctx.policy.minMs
  for (;;) {
    if (ctx.signal.aborted) return { end: 'aborted', snapshot: state.prev }
    const s = await look(ctx, flip, o)
    const events = compareAlb(state.prev, s, { idle: flip.idle.service, live: flip.live.service })
    for (const e of events) ctx.log.event(e)
    state.prev = s
    const v = o.verdict(s)
    if (typeof v === 'object') return { end: 'failed', cause: v.failed, snapshot: s }
    if (v === 'done') return { end: 'done', snapshot: s }
    const now = Date.now()
    if (o.until !== undefined && now >= o.until) return { end: 'done', snapshot: s }
    if (now >= deadline) return { end: 'timeout', snapshot: s }
    delay = events.length ? ctx.policy.minMs : Math.min(ctx.policy.maxMs, Math.round(delay * 1.5))
    const wait = Math.max(10, Math.min(delay, (o.until ?? deadline) - now, deadline - now))
    if (!(await sleep(wait, ctx.signal))) return { end: 'aborted', snapshot: s }
  }
}

/** Writes `actions` (the weights back on the live side; none: they are) and returns the new service to `to`. */
export async function restore(ctx: Context, h: Holder, actions: Action[] | undefined, flip: Flip, to: Restore['idle']): Promise<void> {
  if (actions) {
    await writeHolder(elbOf(ctx.clients).elb, h, actions)
    ctx.log.event({ kind: 'alb-weights', to: flip.idle.service, toPercent: 0, from: flip.live.service, fromPercent: 100, restored: true })
  }
  await ctx.clients.ecs.send(
    new UpdateServiceCommand({ cluster: ctx.inputs.cluster, service: to.service, desiredCount: to.desiredCount, taskDefinition: to.taskDefinition })
  )
  ctx.log.event({
    kind: 'alb-scaled',
    service: to.service,
    desired: to.desiredCount,
    why: to.taskDefinition ? `back to ${revisionName(to.taskDefinition)}` : 'no traffic'
  })
  ctx.settled()
}

/** Both services, the forward action and which side is live; `split: 'newer'` reads a split too (see planFlip). */
export async function readPair(ctx: Context, split?: 'newer'): Promise<{ holder: Holder; flip: Flip; live: Service }> {
  const alb = albOf(ctx.inputs)
  const { elb } = elbOf(ctx.clients)
  const [a, b] = await describeBoth(ctx, [ctx.inputs.service, alb.greenService])
  const holder = await readHolder(elb, alb)
  const flip = planFlip(holder.actions, sideOf(a!, 'service'), sideOf(b!, 'green-service'), holder.where, { split })
  return { holder, flip, live: flip.live.service === a!.serviceName ? a! : b! }
}

/** Refuses to move traffic with an alarm that does not exist or already fires. */
export async function checkAlarms(ctx: Context, names: string[]): Promise<void> {
  const before = await alarmStates(ctx, names)
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

/** A release from the new side's UpdateService on: what the shift needs to go on, and to put back. */
export interface InFlight {
  holder: Holder
  flip: Flip
  result: ReleaseResult
  /** When the release started (the log's time column). */
  t0: number
  deploymentId?: string
  /** The new side's task count (a release whose new side is scaled to 0 by someone else cannot go on). */
  desired: number
  steps: number[]
  bakeMinutes: number
  alarms: string[]
  /** What the new service is returned to if the weights are put back. */
  restoreTo: Restore['idle']
  /** wait-for: ready: end once the new side is up, before any traffic moves. */
  untilReady?: boolean
}

/** Before the new side's UpdateService: what the post step puts back if the main step is killed. */
export function keepForPost(f: Pick<InFlight, 'holder' | 'restoreTo'>): void {
  const r: Restore = { kind: f.holder.kind, arn: f.holder.arn, actions: f.holder.actions, idle: f.restoreTo }
  core.saveState(STATE_ALB_RESTORE, JSON.stringify(r))
}

/**
 * The shared part of deploy, continue and rollback: the new side comes up, the weights move step by
 * step with their bakes, the old side is scaled to 0 and drains. A failure, an alarm, a timeout or a
 * cancel puts the weights back; weights someone else changed (mode stop) end it touching nothing.
 */
export async function shift(ctx: Context, f: InFlight): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const { elb } = elbOf(clients)
  const { holder, flip, result, t0, deploymentId, alarms } = f
  const state: { prev?: AlbSnapshot } = {}
  let percent = 0
  // What this job wrote last: anything else on the forward action was written behind its back.
  let written = holder.actions
  const changedBehind = async (at: string): Promise<ReleaseResult | undefined> => {
    const now = await readHolder(elb, albOf(inputs))
    if (sameWeights(now.actions, written)) return undefined
    ctx.settled()
    let share = 'unreadable'
    try {
      const p = idlePercentOf(now.actions, flip)
      share = `${flip.idle.service} ${p}% | ${flip.live.service} ${100 - p}%`
    } catch {
      // no forward action any more: say so as 'unreadable'
    }
    log.line(
      `  Stopped ${at}: the weights of ${holder.where} were changed outside this release (now ${share}); this job leaves them and both services as they are`
    )
    return {
      ...result,
      outcome: 'stopped',
      durationMs: Date.now() - t0,
      traffic: { green: percent, blue: 100 - percent },
      cause: `The weights of ${holder.where} were changed outside this release ${at} (now ${share}), by mode stop or by hand; this job left them and both services as they were`
    }
  }
  const finish = async (end: WatchEnd, at: string): Promise<ReleaseResult> => {
    const durationMs = Date.now() - t0
    const traffic = { green: percent, blue: 100 - percent }
    if (end.end === 'aborted' && inputs.onCancel === 'leave') {
      log.line(`Cancelled by the runner: weights left at ${flip.idle.service} ${percent}% | ${flip.live.service} ${100 - percent}% (on-cancel: leave)`)
      return { ...result, outcome: 'stopped', durationMs, traffic, cause: `The job was cancelled ${at}; the weights were left as they were` }
    }
    if (end.end === 'timeout' && inputs.onTimeout === 'leave') {
      log.line(`Timed out after ${inputs.waitForMinutes} min ${at}: weights left as they are (on-timeout: leave)`)
      return {
        ...result,
        outcome: 'timed-out',
        durationMs,
        traffic,
        cause: `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes') ${at}; the weights were left as they were`
      }
    }
    const behind = await changedBehind(at)
    if (behind) return behind
    if (end.end === 'failed') log.line(`         ${end.cause}`)
    if (end.end === 'aborted') log.line(`Cancelled by the runner ${at}: putting the weights back (on-cancel: rollback)`)
    if (end.end === 'timeout') log.line(`Timed out after ${inputs.waitForMinutes} min ${at}: putting the weights back (on-timeout: rollback)`)
    await restore(ctx, holder, holder.actions, flip, f.restoreTo)
    const traffic0 = { green: 0, blue: 100 }
    const ms = Date.now() - t0
    if (end.end === 'failed') {
      log.line(`  Rolled back after ${duration(ms)}: ${flip.live.service} has all the traffic`)
      return {
        ...result,
        outcome: 'rolled-back',
        durationMs: ms,
        traffic: traffic0,
        cause: `${capital(end.cause)}; the weights were put back on ${flip.live.service}`
      }
    }
    if (end.end === 'aborted')
      return {
        ...result,
        outcome: 'stopped',
        durationMs: ms,
        traffic: traffic0,
        cause: `The job was cancelled ${at}; the weights were put back on ${flip.live.service}`
      }
    return {
      ...result,
      outcome: 'timed-out',
      durationMs: ms,
      traffic: traffic0,
      cause: `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes') ${at}; the weights were put back on ${flip.live.service}`
    }
  }

  // Scaled to 0 by someone else (mode stop or rollback of a waiting release): it cannot go on.
  const outsideScale = (s: AlbSnapshot): { failed: string } | undefined =>
    s.idle.desired === 0 && f.desired > 0
      ? {
          failed: `the new service ${flip.idle.service} was scaled to 0 outside this release ${s.idlePercent ? `at ${s.idlePercent}%` : 'before any traffic moved'}`
        }
      : undefined

  // 1. The new side comes up: its tasks run and its targets are healthy. No traffic yet.
  const up = await watch(ctx, flip, state, {
    deploymentId,
    idlePercent: 0,
    alarms,
    verdict: (s) => {
      const r = readiness(s)
      return r === 'ready' ? 'done' : r === 'waiting' ? (outsideScale(s) ?? 'continue') : r
    }
  })
  if (up.end !== 'done') return finish(up, 'before any traffic moved')
  if (f.untilReady) {
    // Intentional: the post step must not put this back.
    ctx.settled()
    const ms = Date.now() - t0
    log.line(
      `  Ready after ${duration(ms)}: ${flip.idle.service} runs ${revisionName(result.taskDefinitionArn)} with ${up.snapshot.idle.healthy}/${up.snapshot.idle.desired} healthy targets and no traffic. Shift it with 'mode: continue' and 'deployment-id: ${deploymentId}'.`
    )
    return { ...result, outcome: 'ready', durationMs: ms, traffic: { green: 0, blue: 100 } }
  }

  // 2. The weights, step by step, each followed by its bake.
  for (const step of f.steps) {
    checkNotCancelled(ctx)
    const behind = await changedBehind(percent ? `at ${percent}%` : 'before any traffic moved')
    if (behind) return behind
    written = actionsAt(holder.actions, flip, step)
    await writeHolder(elb, holder, written)
    percent = step
    log.event({ kind: 'alb-weights', to: flip.idle.service, toPercent: step, from: flip.live.service, fromPercent: 100 - step })
    if (f.bakeMinutes > 0) log.event({ kind: 'alb-bake', minutes: f.bakeMinutes, percent: step, alarms })
    const bake = await watch(ctx, flip, state, {
      deploymentId,
      idlePercent: step,
      alarms,
      until: Date.now() + f.bakeMinutes * 60_000,
      verdict: (s) => bakeVerdict(s) ?? outsideScale(s) ?? 'continue'
    })
    if (bake.end !== 'done') return finish(bake, `at ${step}%`)
  }

  // 3. All traffic is on the new side and the last bake passed: nothing left to put back.
  ctx.settled()
  await clients.ecs.send(new UpdateServiceCommand({ cluster: inputs.cluster, service: flip.live.service, desiredCount: 0 }))
  log.event({ kind: 'alb-scaled', service: flip.live.service, desired: 0, why: 'no traffic; its targets drain' })
  const drained = await watch(ctx, flip, state, {
    deploymentId,
    idlePercent: 100,
    withLive: true,
    alarms,
    verdict: (s) =>
      s.live && s.live.running === 0 && s.live.healthy + s.live.initial + s.live.unhealthy + s.live.draining + s.live.other === 0 ? 'done' : 'continue'
  })
  const ms = Date.now() - t0
  if (drained.end !== 'done') {
    log.line(
      `  ${flip.live.service} is still draining (${drained.end === 'aborted' ? 'the job was cancelled' : "'wait-for-minutes' reached"}); it goes on without us.`
    )
  }
  log.line(`  Succeeded after ${duration(ms)}: ${flip.idle.service} has all the traffic`)
  return { ...result, outcome: 'succeeded', durationMs: ms, traffic: { green: 100, blue: 0 } }
}

/** Scales the new side up (or runs `taskDefinition` on it): the ECS deployment the release follows. */
export async function updateIdle(ctx: Context, flip: Flip, taskDefinition: string, desired: number, result: ReleaseResult): Promise<string | undefined> {
  const updated = await ctx.clients.ecs.send(
    new UpdateServiceCommand({ cluster: ctx.inputs.cluster, service: flip.idle.service, taskDefinition, desiredCount: desired })
  )
  const deploymentId = updated.service?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === taskDefinition)?.id
  result.deploymentId = deploymentId
  result.deploymentUrl = ecsConsoleUrl(ctx.inputs.cluster, flip.idle.service, ctx.region)
  if (deploymentId) core.saveState(STATE_DEPLOYMENT, deploymentId)
  ctx.log.event({ kind: 'alb-updated', service: flip.idle.service, taskDefinition, desired, deploymentId })
  return deploymentId
}

/** The release's first line: which side is live, where the weights are, the steps, bake and alarms. */
export function headerLine(ctx: Context, holder: Holder, flip: Flip, how?: string): string {
  const alb = albOf(ctx.inputs)
  const plan =
    how ?? `steps ${alb.trafficSteps.join(',')}  bake ${duration(alb.stepBakeMinutes * 60_000)}${alb.alarms.length ? `  alarms ${alb.alarms.join(', ')}` : ''}`
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}: ${flip.live.service} (live, 100%) -> ${flip.idle.service}  via ${holder.where}  ${plan}`
}

export async function albDeploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const alb = albOf(inputs)
  if (inputs.waitFor !== 'complete' && inputs.waitFor !== 'ready') {
    throw new ActionError(
      `Input 'wait-for': '${inputs.waitFor}' is not available with strategy alb-weighted: this action moves the weights itself, so it stays to the end ('complete') or stops before any traffic moves ('ready', then 'mode: continue'). Use one of those.`,
      'wait-for'
    )
  }
  const files = ctx.files ?? readPlanFiles(inputs)
  // Read-only: both services, the forward action, the alarms.
  const { holder, flip, live } = await readPair(ctx)
  await checkAlarms(ctx, alb.alarms)
  const rendered = await renderFromService(ctx, live, files.fromFile, { containerName: flip.live.containerName, containerPort: flip.live.containerPort })
  const steps = alb.trafficSteps
  log.line(`${headerLine(ctx, holder, flip)}${inputs.waitFor === 'ready' ? '  wait-for ready' : ''}`)
  printRendered(ctx, rendered)
  const desired = Math.max(1, flip.live.desiredCount)
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: flip.idle.service,
    image: inputs.image ?? rendered.taskDefinition.containerDefinitions?.find((c) => c.name === rendered.imageContainer)?.image,
    previousTaskDefinitionArn: flip.live.taskDefinition,
    deploymentConfig: `alb-weighted ${steps.join(',')}, bake ${duration(alb.stepBakeMinutes * 60_000)}`
  }

  // Changes start here.
  checkNotCancelled(ctx)
  const registered = await registerTaskDefinition(clients.ecs, rendered.taskDefinition)
  result.taskDefinitionArn = registered.taskDefinitionArn
  log.line(`Registered ${revisionName(registered.taskDefinitionArn)}`)
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  const restoreTo = { service: flip.idle.service, taskDefinition: flip.idle.taskDefinition, desiredCount: flip.idle.desiredCount }
  keepForPost({ holder, restoreTo })
  const deploymentId = await updateIdle(ctx, flip, registered.taskDefinitionArn!, desired, result)
  return shift(ctx, {
    holder,
    flip,
    result,
    t0,
    deploymentId,
    desired,
    steps,
    bakeMinutes: alb.stepBakeMinutes,
    alarms: alb.alarms,
    restoreTo,
    untilReady: inputs.waitFor === 'ready'
  })
}

export const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/** The post step, after the main step was killed mid-release: puts the weights back (unless on-cancel: leave). */
export async function albAfterKill(o: { inputs: Inputs; clients: Clients; deploymentId: string; warn: (m: string) => void }): Promise<void> {
  const raw = core.getState(STATE_ALB_RESTORE)
  if (!raw) return
  const r = JSON.parse(raw) as Restore
  if (o.inputs.onCancel === 'leave') {
    o.warn(`The main step ended mid-release (ECS deployment ${o.deploymentId}); the ${r.kind} weights are left as they are (on-cancel: leave).`)
    return
  }
  try {
    const { elb } = elbOf(o.clients)
    await writeHolder(elb, r, r.actions)
    await o.clients.ecs.send(
      new UpdateServiceCommand({ cluster: o.inputs.cluster, service: r.idle.service, desiredCount: r.idle.desiredCount, taskDefinition: r.idle.taskDefinition })
    )
    o.warn(
      `The main step ended mid-release (ECS deployment ${o.deploymentId}): put the ${r.kind} weights back and scaled ${r.idle.service} to ${r.idle.desiredCount} (on-cancel: rollback).`
    )
  } catch (err) {
    core.error(`Could not put the weights back after the main step ended: ${describeError(err)}. Set them by hand on ${r.arn}.`)
  }
}
