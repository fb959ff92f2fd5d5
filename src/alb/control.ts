/**
 * Release control for the alb-weighted strategy, as the CodeDeploy way has it (src/modes/control.ts):
 * mode stop puts the weights of a release in flight back, mode continue shifts a release that
 * 'wait-for: ready' left up with no traffic.
 *
 * There is no release object to stop: the weights are the release. A release job still running
 * elsewhere re-reads them before each step and ends, touching nothing, once they are not what it
 * wrote (see shift in release.ts).
 */
import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { checkNotCancelled, type Context } from '../modes/context.js'
import { STATE_DEPLOYMENT } from '../modes/release.js'
import { duration, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { actionsAt, continueRefusal, frozenActions, type Flip } from './plan.js'
import { albOf, checkAlarms, deploymentUrlOf, elbOf, headerLine, keepForPost, readPair, restore, shift, writeHolder, type Holder } from './release.js'

/** What a split was found to be, for the log: "web-green 10% | web-blue 90%". */
const shares = (flip: Flip): string => `${flip.idle.service} ${flip.idleWeight}% | ${flip.live.service} ${flip.liveWeight}%`

/**
 * A split forward action, put back: all the traffic on the side that had it before the release, the
 * new side (updated last) scaled to 0. Outcome rolled-back, as a CodeDeploy stop with rollback.
 */
export async function putBack(ctx: Context, holder: Holder, flip: Flip, why: string): Promise<ReleaseResult> {
  const t0 = Date.now()
  ctx.log.line(`${capital(holder.where)} splits traffic ${shares(flip)}: ${flip.idle.service} was released last (ECS deployment ${flip.idle.primaryDeploymentId ?? '-'}). Putting all the traffic back on ${flip.live.service} (${why})`)
  checkNotCancelled(ctx)
  ctx.log.start(undefined, t0)
  await restore(ctx, holder, actionsAt(holder.actions, flip, 0), flip, { service: flip.idle.service, desiredCount: 0 })
  ctx.log.line(`  Rolled back after ${duration(Date.now() - t0)}: ${flip.live.service} has all the traffic`)
  return {
    outcome: 'rolled-back',
    cluster: ctx.inputs.cluster,
    service: flip.live.service,
    deploymentId: flip.idle.primaryDeploymentId,
    deploymentUrl: deploymentUrlOf(ctx, flip.idle.service),
    taskDefinitionArn: flip.live.taskDefinition,
    previousTaskDefinitionArn: flip.idle.taskDefinition,
    durationMs: Date.now() - t0,
    traffic: { green: 0, blue: 100 },
    cause: `The weights were split ${shares(flip)}; they were put back on ${flip.live.service} and ${flip.idle.service} was scaled to 0 (${why})`
  }
}

/**
 * mode stop. Split weights: put back (rollback: true, the default) or, with rollback: false, held
 * where they are: the same shares are written with other raw weights, so no request moves but the
 * release job still running sees the change and ends without touching anything. Holding is what
 * "stop without rollback" means here: the split stays for a person to look at, and nothing moves it.
 */
export async function albStop(ctx: Context): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const { holder, flip } = await readPair(ctx, 'newer')
  if (flip.idleWeight === 0) {
    log.line(`${capital(holder.where)} sends all the traffic to ${flip.live.service}: no release is shifting it, nothing to stop.`)
    return { outcome: 'stopped', cluster: inputs.cluster, service: flip.live.service, taskDefinitionArn: flip.live.taskDefinition, traffic: { green: 0, blue: 100 } }
  }
  if (inputs.rollback) return putBack(ctx, holder, flip, 'mode: stop')
  checkNotCancelled(ctx)
  await writeHolder(elbOf(ctx.clients).elb, holder, frozenActions(holder.actions, flip))
  ctx.settled()
  log.line(
    `${capital(holder.where)} splits traffic ${shares(flip)}: held there without rollback (rollback: false). The weights were rewritten at the same shares, so a release job still running ends without moving them. Run 'mode: stop' or 'mode: rollback' to put them back.`
  )
  return {
    outcome: 'stopped',
    cluster: inputs.cluster,
    service: flip.idle.service,
    deploymentId: flip.idle.primaryDeploymentId,
    deploymentUrl: deploymentUrlOf(ctx, flip.idle.service),
    taskDefinitionArn: flip.idle.taskDefinition,
    previousTaskDefinitionArn: flip.live.taskDefinition,
    traffic: { green: flip.idleWeight, blue: flip.liveWeight },
    cause: `Held at ${shares(flip)} without rollback (rollback: false); the weights stay split until they are put back`
  }
}

/** mode continue: shifts the release 'wait-for: ready' left up on the idle service, as a deploy goes on. */
export async function albContinue(ctx: Context): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const alb = albOf(inputs)
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
    deploymentUrl: deploymentUrlOf(ctx, flip.idle.service),
    taskDefinitionArn: flip.idle.taskDefinition,
    previousTaskDefinitionArn: flip.live.taskDefinition,
    deploymentConfig: `alb-weighted ${steps.join(',')}, bake ${duration(alb.stepBakeMinutes * 60_000)}`
  }
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  // Put back, the idle side keeps the new task definition (what it ran before is not known here) and goes to 0.
  const restoreTo = { service: flip.idle.service, desiredCount: 0 }
  keepForPost({ holder, restoreTo })
  core.saveState(STATE_DEPLOYMENT, id)
  return shift(ctx, { holder, flip, result, t0, deploymentId: id, desired: flip.idle.desiredCount, steps, bakeMinutes: alb.stepBakeMinutes, alarms: alb.alarms, restoreTo })
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
