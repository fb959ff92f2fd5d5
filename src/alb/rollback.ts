/**
 * mode rollback for the alb-weighted strategy. Split weights (a release in flight, or one left split
 * by on-cancel/on-timeout: leave), or a release waiting after wait-for: ready: put back as mode stop
 * does.
 * Otherwise the earlier release goes on the idle service ('previous': what it still runs, scaled to
 * 0) and takes all the traffic in one step once its targets are healthy: a rollback is urgent, and
 * the release it goes back to already served. The alarms are not watched: they may be why.
 */
import { describeTaskDefinition } from '../aws/ecs.js'
import { checkNotCancelled, type Context } from '../modes/context.js'
import { refuseSameRevision, resolveRollbackTarget } from '../modes/rollback-target.js'
import { requireContainerPort, toRegisterInput } from '../plan/taskdef.js'
import { revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { putBack } from './control.js'
import { inFlight, previousOf } from './plan.js'
import { headerLine, keepForPost, readPair, shift, updateIdle } from './release.js'

export async function albRollback(ctx: Context): Promise<ReleaseResult> {
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
  keepForPost({ holder, restoreTo })
  const deploymentId = await updateIdle(ctx, flip, target, desired, result)
  return shift(ctx, { holder, flip, result, t0, deploymentId, desired, steps: [100], bakeMinutes: 0, alarms: [], restoreTo })
}
