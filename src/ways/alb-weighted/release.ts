/**
 * An alb-weighted release: two ECS services behind one ALB forward action (a listener's default
 * action or a rule). The service with the traffic is read from the weights; the other one gets the
 * new task definition, and once its targets are healthy the weights move step by step with a bake
 * after each, watching its targets and the alarms. At 100% the old service is scaled to 0 and its
 * targets drain. A failed step, an alarm, a timeout or a cancel puts the original weights back.
 *
 * deployment-id is the ECS deployment (ecs-svc/…) that runs the new task definition on the service
 * that now takes the traffic. The shift itself is shared with mode continue and mode rollback.
 */
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2'
import { updateService } from '../../aws/ecs.js'
import { modifyListener, modifyRule } from '../../aws/elbv2.js'
import { checkNotCancelled, type Clients } from '../../core/context.js'
import type { ReleaseResult } from '../../core/result.js'
import { STATE } from '../../core/state.js'
import { registerRelease, unchangedRelease } from '../../kit/register.js'
import { imageOf, printRendered, renderFromService } from '../../kit/render.js'
import { settleCutShort } from '../../kit/settle.js'
import { capital, duration, ecsConsoleUrl, revisionName } from '../../report/format.js'
import type { AlbSnapshot } from './events.js'
import {
  actionsAt,
  checkAlarms,
  headerLine,
  idlePercentOf,
  readHolder,
  readPair,
  refuseWaitFor,
  sameWeights,
  type AlbContext,
  type Flip,
  type Holder
} from './plan.js'
import { bakeVerdict, readiness, watch, type WatchEnd } from './watch.js'

/** What the post step puts back if the main step is killed mid-release. */
export interface Restore {
  kind: Holder['kind']
  arn: string
  actions: Action[]
  idle: { service: string; taskDefinition?: string | undefined; desiredCount: number }
}

export async function writeHolder(clients: Pick<Clients, 'elbv2'>, h: Pick<Holder, 'kind' | 'arn'>, actions: Action[]): Promise<void> {
  if (h.kind === 'rule') await modifyRule(clients.elbv2, h.arn, actions)
  else await modifyListener(clients.elbv2, h.arn, actions)
}

/** Writes `actions` (the weights back on the live side; none: they are) and returns the new service to `to`. */
export async function restore(ctx: AlbContext, h: Holder, actions: Action[] | undefined, flip: Flip, to: Restore['idle']): Promise<void> {
  if (actions) {
    await writeHolder(ctx.clients, h, actions)
    ctx.log.event({ kind: 'alb-weights', to: flip.idle.service, toPercent: 0, from: flip.live.service, fromPercent: 100, restored: true })
  }
  await updateService(ctx.clients.ecs, { cluster: ctx.inputs.cluster, service: to.service, desiredCount: to.desiredCount, taskDefinition: to.taskDefinition })
  ctx.log.event({
    kind: 'alb-scaled',
    service: to.service,
    desired: to.desiredCount,
    why: to.taskDefinition ? `back to ${revisionName(to.taskDefinition)}` : 'no traffic'
  })
  ctx.settled()
}

/** A release from the new side's UpdateService on: what the shift needs to go on, and to put back. */
export interface Shift {
  holder: Holder
  flip: Flip
  result: ReleaseResult
  /** When the release started (the log's time column). */
  t0: number
  deploymentId?: string | undefined
  /** The new side's task count (a release whose new side is scaled to 0 by someone else cannot go on). */
  desired: number
  steps: number[]
  bakeMinutes: number
  alarms: string[]
  /** What the new service is returned to if the weights are put back. */
  restoreTo: Restore['idle']
  /** wait-for: ready: end once the new side is up, before any traffic moves. */
  untilReady?: boolean | undefined
}

/** Before the new side's UpdateService: what the post step puts back if the main step is killed. */
export function keepForPost(ctx: Pick<AlbContext, 'state'>, f: Pick<Shift, 'holder' | 'restoreTo'>): void {
  const r: Restore = { kind: f.holder.kind, arn: f.holder.arn, actions: f.holder.actions, idle: f.restoreTo }
  ctx.state.save(STATE.albRestore, JSON.stringify(r))
}

/**
 * The shared part of deploy, continue and rollback: the new side comes up, the weights move step by
 * step with their bakes, the old side is scaled to 0 and drains. A failure, an alarm, a timeout or a
 * cancel puts the weights back; weights someone else changed (mode stop) end it touching nothing.
 */
export async function shift(ctx: AlbContext, f: Shift): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const { holder, flip, result, t0, deploymentId, alarms } = f
  const state: { prev?: AlbSnapshot | undefined } = {}
  let percent = 0
  // What this job wrote last: anything else on the forward action was written behind its back.
  let written = holder.actions
  const changedBehind = async (at: string): Promise<ReleaseResult | undefined> => {
    const now = await readHolder(ctx)
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
  const finish = async (end: Exclude<WatchEnd, { end: 'done' }>, at: string): Promise<ReleaseResult> => {
    const traffic = { green: percent, blue: 100 - percent }
    if (end.end !== 'failed') {
      const leaving = (end.end === 'aborted' ? inputs.onCancel : inputs.onTimeout) === 'leave'
      const behind = leaving ? undefined : await changedBehind(at)
      if (behind) return behind
      const settled = await settleCutShort(ctx, end.end, {
        url: result.deploymentUrl ?? ecsConsoleUrl(inputs.cluster, flip.idle.service, ctx.region),
        at: ` ${at}`,
        left: {
          now: `the weights are left at ${flip.idle.service} ${percent}% | ${flip.live.service} ${100 - percent}%`,
          past: 'the weights were left as they were'
        },
        rollBack: async () => {
          await restore(ctx, holder, holder.actions, flip, f.restoreTo)
          return {
            did: `put the weights back on ${flip.live.service}`,
            done: `the weights were put back on ${flip.live.service}`,
            result: { traffic: { green: 0, blue: 100 } }
          }
        }
      })
      return { ...result, durationMs: Date.now() - t0, traffic, ...settled }
    }
    const behind = await changedBehind(at)
    if (behind) return behind
    log.line(`         ${end.cause}`)
    await restore(ctx, holder, holder.actions, flip, f.restoreTo)
    const ms = Date.now() - t0
    log.line(`  Rolled back after ${duration(ms)}: ${flip.live.service} has all the traffic`)
    return {
      ...result,
      outcome: 'rolled-back',
      durationMs: ms,
      traffic: { green: 0, blue: 100 },
      cause: `${capital(end.cause)}; the weights were put back on ${flip.live.service}`
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
    await writeHolder(clients, holder, written)
    percent = step
    log.event({ kind: 'alb-weights', to: flip.idle.service, toPercent: step, from: flip.live.service, fromPercent: 100 - step })
    if (f.bakeMinutes > 0) log.event({ kind: 'alb-bake', minutes: f.bakeMinutes, percent: step, alarms })
    const bake = await watch(ctx, flip, state, {
      deploymentId,
      idlePercent: step,
      alarms,
      until: Date.now() + f.bakeMinutes * 60_000,
      verdict: (s) => bakeVerdict(s) ?? outsideScale(s) ?? 'continue',
      analyse: true
    })
    if (bake.end !== 'done') return finish(bake, `at ${step}%`)
  }

  // 3. All traffic is on the new side and the last bake passed: nothing left to put back.
  ctx.settled()
  await updateService(clients.ecs, { cluster: inputs.cluster, service: flip.live.service, desiredCount: 0 })
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
export async function updateIdle(ctx: AlbContext, flip: Flip, taskDefinition: string, desired: number, result: ReleaseResult): Promise<string | undefined> {
  const updated = await updateService(ctx.clients.ecs, { cluster: ctx.inputs.cluster, service: flip.idle.service, taskDefinition, desiredCount: desired })
  const deploymentId = updated?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === taskDefinition)?.id
  result.deploymentId = deploymentId
  result.deploymentUrl = ecsConsoleUrl(ctx.inputs.cluster, flip.idle.service, ctx.region)
  result.suspects = {
    cluster: ctx.inputs.cluster,
    service: flip.idle.service,
    taskDefinitionArn: taskDefinition,
    targetGroups: [flip.idle.targetGroupArn],
    since: new Date()
  }
  if (deploymentId) ctx.state.save(STATE.deployment, deploymentId)
  ctx.log.event({ kind: 'alb-updated', service: flip.idle.service, taskDefinition, desired, deploymentId })
  return deploymentId
}

export async function deploy(ctx: AlbContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const alb = ctx.own
  refuseWaitFor(ctx)
  // Read-only: both services, the forward action, the alarms.
  const { holder, flip, live, idle } = await readPair(ctx)
  await checkAlarms(ctx, alb.alarms)
  const rendered = await renderFromService(ctx, live, { containerName: flip.live.containerName, containerPort: flip.live.containerPort })
  const steps = alb.trafficSteps
  log.line(`${headerLine(ctx, holder, flip)}${inputs.waitFor === 'ready' ? '  wait-for ready' : ''}`)
  printRendered(ctx, rendered)
  const desired = Math.max(1, flip.live.desiredCount)
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: flip.idle.service,
    image: imageOf(inputs, rendered),
    previousTaskDefinitionArn: flip.live.taskDefinition,
    deploymentConfig: `alb-weighted ${steps.join(',')}, bake ${duration(alb.stepBakeMinutes * 60_000)}`
  }

  const unchanged = unchangedRelease(ctx, rendered, { ...result, service: flip.live.service })
  if (unchanged) return unchanged
  // Changes start here.
  checkNotCancelled(ctx)
  // The task runs as the idle service's tasks do: that is where the new revision goes.
  const reg = await registerRelease(ctx, { ...rendered, service: idle })
  Object.assign(result, { taskDefinitionArn: reg.arn, ...reg.result })
  if (reg.stop) return result
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  const restoreTo = { service: flip.idle.service, taskDefinition: flip.idle.taskDefinition, desiredCount: flip.idle.desiredCount }
  keepForPost(ctx, { holder, restoreTo })
  const deploymentId = await updateIdle(ctx, flip, reg.arn, desired, result)
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
