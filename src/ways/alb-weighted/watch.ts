/**
 * Following an alb-weighted release: the one poll loop (src/kit/poll.ts) with one look at the new
 * side (its service, its targets, the alarms; the old side too while it drains), and what the new
 * side's state means for the release.
 */
import { alarmStates } from '../../aws/cloudwatch.js'
import { describeServices } from '../../aws/ecs.js'
import { targetHealth } from '../../aws/elbv2.js'
import { deadlineOf } from '../../core/context.js'
import { watchRelease } from '../../kit/poll.js'
import { compareAlb, countTargets, type AlbEvent, type AlbSnapshot } from './events.js'
import type { AlbContext, Flip } from './plan.js'

/** One look at the new side (and the old one while it drains) and the alarms. */
async function look(
  ctx: AlbContext,
  flip: Flip,
  o: { deploymentId?: string | undefined; idlePercent: number; withLive?: boolean | undefined; alarms: string[] }
): Promise<AlbSnapshot> {
  const elb = ctx.clients.elbv2
  const [services, idleTh, liveTh, al] = await Promise.all([
    describeServices(ctx.clients.ecs, ctx.inputs.cluster, o.withLive ? [flip.idle.service, flip.live.service] : [flip.idle.service], [
      'service',
      'green-service'
    ]),
    targetHealth(elb, flip.idle.targetGroupArn),
    o.withLive ? targetHealth(elb, flip.live.targetGroupArn) : undefined,
    alarmStates(ctx.clients.cloudwatch, o.alarms)
  ])
  const idle = services[0]!
  const dep = idle.deployments?.find((d) => d.id === o.deploymentId) ?? idle.deployments?.find((d) => d.status === 'PRIMARY')
  const snap: AlbSnapshot = {
    idlePercent: o.idlePercent,
    idle: {
      ...countTargets(idleTh),
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
    snap.live = { ...countTargets(liveTh), running: live.runningCount ?? 0, desired: live.desiredCount ?? 0 }
  }
  return snap
}

export type WatchEnd =
  | { end: 'done'; snapshot: AlbSnapshot }
  | { end: 'failed'; cause: string; snapshot: AlbSnapshot }
  | { end: 'aborted' | 'timeout'; snapshot?: AlbSnapshot | undefined }

/**
 * Looks until `verdict` says done or failed, `until` (epoch ms, for a bake) passes (done), the
 * release deadline passes (timeout) or the job is cancelled (aborted). Logs every change.
 */
export async function watch(
  ctx: AlbContext,
  flip: Flip,
  state: { prev?: AlbSnapshot | undefined },
  o: {
    deploymentId?: string | undefined
    idlePercent: number
    withLive?: boolean | undefined
    alarms: string[]
    until?: number | undefined
    verdict: (s: AlbSnapshot) => 'done' | 'continue' | { failed: string }
    /** A bake: the canary analysis judges it, and a failure ends it 'failed'. */
    analyse?: boolean | undefined
  }
): Promise<WatchEnd> {
  const names = { idle: flip.idle.service, live: flip.live.service }
  const end = await watchRelease<AlbSnapshot, AlbEvent, 'done' | { failed: string }>(
    ctx,
    {
      what: `service ${flip.idle.service}`,
      look: () => look(ctx, flip, o),
      compare: (prev, next) => compareAlb(prev, next, names),
      verdict: (s) => {
        const v = o.verdict(s)
        return v === 'continue' ? undefined : v
      }
    },
    {
      deadline: deadlineOf(ctx),
      until: o.until,
      signal: ctx.signal,
      from: state.prev,
      judge: o.analyse
        ? ctx.analysis?.judge<AlbSnapshot>({
            split: (s) => ({ green: s.idlePercent, blue: 100 - s.idlePercent }),
            sides: () => ({ green: flip.idle.targetGroupArn, blue: flip.live.targetGroupArn })
          })
        : undefined
    }
  )
  if (end.snapshot) state.prev = end.snapshot
  if (end.end === 'judged') return { end: 'failed', cause: end.failure.cause, snapshot: end.snapshot }
  if (end.end === 'done')
    return typeof end.verdict === 'object' ? { end: 'failed', cause: end.verdict.failed, snapshot: end.snapshot } : { end: 'done', snapshot: end.snapshot }
  if (end.end === 'elapsed' && state.prev) return { end: 'done', snapshot: state.prev }
  return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: end.snapshot }
}

/**
 * Whether the new side may take traffic: its deployment runs all its tasks and as many targets are
 * healthy. A failure: tasks keep stopping (2 × desired, at least 2), the deployment FAILED (circuit
 * breaker), or targets fail their health checks (unhealthy already means the threshold was crossed).
 */
export function readiness(s: AlbSnapshot): 'ready' | 'waiting' | { failed: string } {
  const i = s.idle
  if (i.rolloutState === 'FAILED') return { failed: `the ECS deployment of the new task definition failed (circuit breaker)` }
  if (i.failedTasks >= Math.max(2, 2 * i.desired)) return { failed: `${i.failedTasks} tasks of the new task definition stopped before they became healthy` }
  if (i.unhealthy > 0)
    return {
      failed: `${i.unhealthy} target${i.unhealthy > 1 ? 's' : ''} of the new service failed health checks${i.unhealthyReason ? ` (${i.unhealthyReason})` : ''}`
    }
  if (i.desired > 0 && i.running >= i.desired && i.healthy >= i.desired) return 'ready'
  return 'waiting'
}

/** Alarms in ALARM. */
export function firing(s: Pick<AlbSnapshot, 'alarms'>): string[] {
  return Object.entries(s.alarms)
    .filter(([, v]) => v === 'ALARM')
    .map(([k]) => k)
}

/** While traffic is on the new side: a watched alarm fires or its targets stop being healthy. */
export function bakeVerdict(s: AlbSnapshot): { failed: string } | undefined {
  const alarms = firing(s)
  if (alarms.length)
    return { failed: `alarm ${alarms.join(', ')} went to ALARM at ${s.idlePercent}%${s.reasons?.[alarms[0]!] ? ` (${s.reasons[alarms[0]!]})` : ''}` }
  const r = readiness(s)
  if (typeof r === 'object') return { failed: `${r.failed} at ${s.idlePercent}%` }
  if (s.idle.healthy < s.idle.desired)
    return { failed: `only ${s.idle.healthy} of ${s.idle.desired} targets of the new service are healthy at ${s.idlePercent}%` }
  return undefined
}
