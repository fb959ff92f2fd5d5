/**
 * Release control on the alb-weighted way. There is no release object to stop: the weights are
 * the release. stop puts the weights of a release in flight back (or holds them, with
 * 'rollback: false'); continue shifts a release that 'wait-for: ready' left up with no traffic;
 * rollback puts a release in flight back, or releases the earlier task definition on the idle
 * service and moves all the traffic to it at once.
 *
 * A release job still running elsewhere re-reads the weights before each step and ends, touching
 * nothing, once they are not what it wrote (see shift in release.ts).
 */
import { describeTaskDefinition } from '../../aws/ecs.js'
import { checkNotCancelled } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { STATE } from '../../core/state.js'
import { refuseSameRevision, resolveRollbackTarget } from '../../kit/rollback-target.js'
import { requireContainerPort, toRegisterInput } from '../../kit/taskdef.js'
import { capital, duration, ecsConsoleUrl, revisionName } from '../../report/format.js'
import {
  actionsAt,
  checkAlarms,
  continueRefusal,
  frozenActions,
  headerLine,
  inFlight,
  previousOf,
  readPair,
  type AlbContext,
  type Flip,
  type Holder
} from './plan.js'
import { keepForPost, restore, shift, updateIdle, writeHolder, type Restore } from './release.js'

/** What a split was found to be, for the log: "web-green 10% | web-blue 90%". */
const shares = (flip: Flip): string => `${flip.idle.service} ${flip.idleWeight}% | ${flip.live.service} ${flip.liveWeight}%`

/**
 * Where a put-back leaves the new side: at 0, on the live side's task definition. What it ran before
 * the release is not known to this job, and the release it got must not stay there as the next
 * rollback's 'previous' (it never served all the traffic): 'previous' then says there is none.
 */
const backToLive = (flip: Flip): Restore['idle'] => ({ service: flip.idle.service, taskDefinition: flip.live.taskDefinition, desiredCount: 0 })

/**
 * A release in flight, put back: all the traffic on the side that had it before the release, the
 * new side (updated last) scaled to 0. Outcome rolled-back, as a CodeDeploy stop with rollback.
 * A release waiting after 'wait-for: ready' has no traffic to move: its side is only scaled to 0.
 */
export async function putBack(ctx: AlbContext, holder: Holder, flip: Flip, why: string): Promise<ReleaseResult> {
  const split = inFlight(flip) === 'split'
  const { idle, live } = flip
  const t0 = Date.now()
  const deployment = `ECS deployment ${idle.primaryDeploymentId ?? '-'}`
  ctx.log.line(
    split
      ? `${capital(holder.where)} splits traffic ${shares(flip)}: ${idle.service} was released last (${deployment}). Putting all the traffic back on ${live.service} (${why})`
      : `${idle.service} runs ${revisionName(idle.taskDefinition)} with no traffic (${deployment}: a release not shifted yet, or waiting after 'wait-for: ready'). Scaling it to 0; ${live.service} keeps all the traffic (${why})`
  )
  checkNotCancelled(ctx)
  ctx.log.start(undefined, t0)
  await restore(ctx, holder, split ? actionsAt(holder.actions, flip, 0) : undefined, flip, backToLive(flip))
  ctx.log.line(`  Rolled back after ${duration(Date.now() - t0)}: ${live.service} has all the traffic`)
  return {
    outcome: 'rolled-back',
    cluster: ctx.inputs.cluster,
    service: live.service,
    deploymentId: idle.primaryDeploymentId,
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, idle.service, ctx.region),
    taskDefinitionArn: live.taskDefinition,
    previousTaskDefinitionArn: split ? idle.taskDefinition : live.taskDefinition,
    durationMs: Date.now() - t0,
    traffic: { green: 0, blue: 100 },
    cause: split
      ? `The weights were split ${shares(flip)}; they were put back on ${live.service} and ${idle.service} was scaled to 0 (${why})`
      : `The idle service ${idle.service} ran ${revisionName(idle.taskDefinition)} with no traffic (a release not shifted yet); it was scaled to 0 (${why})`
  }
}

/**
 * mode stop. A release in flight: put back (rollback: true, the default). With rollback: false,
 * split weights are held where they are: the same shares are written with other raw weights, so no
 * request moves but the release job still running sees the change and ends without touching
 * anything. Holding is what "stop without rollback" means here: the split stays for a person to
 * look at, and nothing moves it. A release waiting after wait-for: ready is left up.
 */
export async function stop(ctx: AlbContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const { holder, flip } = await readPair(ctx, 'newer')
  const found = inFlight(flip)
  const nothing = (line: string): ReleaseResult => {
    log.line(line)
    return {
      outcome: 'stopped',
      cluster: inputs.cluster,
      service: flip.live.service,
      taskDefinitionArn: flip.live.taskDefinition,
      traffic: { green: 0, blue: 100 }
    }
  }
  if (found === 'none') return nothing(`${capital(holder.where)} sends all the traffic to ${flip.live.service}: no release is shifting it, nothing to stop.`)
  if (inputs.rollback) return putBack(ctx, holder, flip, 'mode: stop')
  if (found === 'waiting') {
    return nothing(
      `${flip.idle.service} runs ${revisionName(flip.idle.taskDefinition)} with no traffic (a release not shifted yet, or waiting after 'wait-for: ready'): left as it is (rollback: false).`
    )
  }
  checkNotCancelled(ctx)
  await writeHolder(ctx.clients, holder, frozenActions(holder.actions, flip))
  ctx.settled()
  log.line(
    `${capital(holder.where)} splits traffic ${shares(flip)}: held there without rollback (rollback: false). The weights were rewritten at the same shares, so a release job still running ends without moving them. Run 'mode: stop' or 'mode: rollback' to put them back.`
  )
  return {
    outcome: 'stopped',
    cluster: inputs.cluster,
    service: flip.idle.service,
    deploymentId: flip.idle.primaryDeploymentId,
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, flip.idle.service, ctx.region),
    taskDefinitionArn: flip.idle.taskDefinition,
    previousTaskDefinitionArn: flip.live.taskDefinition,
    traffic: { green: flip.idleWeight, blue: flip.liveWeight },
    cause: `Held at ${shares(flip)} without rollback (rollback: false); the weights stay split until they are put back`
  }
}

/** mode continue: shifts the release 'wait-for: ready' left up on the idle service, as a deploy goes on. */
export async function continueRelease(ctx: AlbContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const alb = ctx.own
  const id = inputs.deploymentId!
  const { holder, flip } = await readPair(ctx)
  // Checked before any change: a stale id must not shift a release nobody looked at.
  const refused = continueRefusal(id, flip)
  if (refused) throw new ActionError(`Input 'deployment-id': ${refused}`, 'deployment-id')
  await checkAlarms(ctx, alb.alarms)
  const steps = alb.trafficSteps
  log.line(headerLine(ctx, holder, flip))
  log.line(`Continuing ECS deployment ${id}: ${flip.idle.service} runs ${revisionName(flip.idle.taskDefinition)} with no traffic (mode: continue)`)
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: flip.idle.service,
    deploymentId: id,
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, flip.idle.service, ctx.region),
    taskDefinitionArn: flip.idle.taskDefinition,
    previousTaskDefinitionArn: flip.live.taskDefinition,
    deploymentConfig: `alb-weighted ${steps.join(',')}, bake ${duration(alb.stepBakeMinutes * 60_000)}`
  }
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  const restoreTo = backToLive(flip)
  keepForPost(ctx, { holder, restoreTo })
  ctx.state.save(STATE.deployment, id)
  return shift(ctx, {
    holder,
    flip,
    result,
    t0,
    deploymentId: id,
    desired: flip.idle.desiredCount,
    steps,
    bakeMinutes: alb.stepBakeMinutes,
    alarms: alb.alarms,
    restoreTo
  })
}

/**
 * mode rollback. Split weights (a release in flight, or one left split
 * by on-cancel/on-timeout: leave), or a release waiting after wait-for: ready: put back as mode stop
 * does.
 * Otherwise the earlier release goes on the idle service ('previous': what it still runs, scaled to
 * 0) and takes all the traffic in one step once its targets are healthy: a rollback is urgent, and
 * the release it goes back to already served. The alarms are not watched: they may be why.
 */
export async function rollback(ctx: AlbContext): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const { holder, flip } = await readPair(ctx, 'newer')
  if (inFlight(flip) !== 'none') return putBack(ctx, holder, flip, 'mode: rollback')

  const current = flip.live.taskDefinition
  const target = await resolveRollbackTarget(ctx, current, async () => previousOf(flip))
  refuseSameRevision(target, current)
  const td = await describeTaskDefinition(clients.ecs, target)
  requireContainerPort(toRegisterInput(td.taskDefinition), flip.idle.containerName, flip.idle.containerPort, 'rollback-to')
  log.line(headerLine(ctx, holder, flip, 'rollback: all traffic at once'))
  log.line(`Task definition ${revisionName(current)} -> ${revisionName(target)} (rollback-to: ${inputs.rollbackTo})`)
  const desired = Math.max(1, flip.live.desiredCount)
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: flip.idle.service,
    image: td.taskDefinition.containerDefinitions?.find((c) => c.name === flip.idle.containerName)?.image,
    taskDefinitionArn: target,
    previousTaskDefinitionArn: current,
    deploymentConfig: 'alb-weighted rollback, 100 at once'
  }

  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  const restoreTo = { service: flip.idle.service, taskDefinition: flip.idle.taskDefinition, desiredCount: flip.idle.desiredCount }
  keepForPost(ctx, { holder, restoreTo })
  const deploymentId = await updateIdle(ctx, flip, target, desired, result)
  return shift(ctx, { holder, flip, result, t0, deploymentId, desired, steps: [100], bakeMinutes: 0, alarms: [], restoreTo })
}
