/**
 * The rolling way's other modes. stop: roll the update in flight back (ECS cannot freeze one, so
 * 'rollback: false' is refused). rollback: roll the update in flight back, or else release the
 * task definition 'rollback-to' names ('previous': the service deployment history). continue: a
 * rolling update has no gate to pass, so it is refused naming what to use.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { describeTaskDefinition } from '../../aws/ecs.js'
import { describeServiceDeployment, previousServiceRelease, refuseForeignDeployment } from '../../aws/service-deployments.js'
import { chosenService } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { refuseSameRevision, resolveRollbackTarget } from '../../kit/rollback-target.js'
import { revisionName } from '../../report/format.js'
import { snapshotOf } from './events.js'
import { baseResult, headerLine, type RollingContext } from './plan.js'
import { rollBackInFlight, rollingRelease } from './release.js'
import { inFlight, refuseNamedDeployment, type InFlight } from './watch.js'

/** In flight service deployment statuses: what a 'deployment-id' ARN must be in to be stopped. */
const STOPPABLE = new Set(['PENDING', 'IN_PROGRESS'])

/** Rolls `flight` back and turns how it ended into the mode's result: `done` on success. */
async function rollBackAs(ctx: RollingContext, service: Service, flight: InFlight, why: string, done: ReleaseResult['outcome']): Promise<ReleaseResult> {
  const t0 = Date.now()
  const r = await rollBackInFlight(ctx, service, flight, why)
  ctx.settled()
  const result = {
    ...baseResult(ctx, service),
    deploymentId: flight.id,
    taskDefinitionArn: flight.taskDefinition,
    previousTaskDefinitionArn: flight.previous,
    durationMs: Date.now() - t0
  }
  if (r.ok) return { ...result, outcome: done, taskDefinitionArn: r.back, previousTaskDefinitionArn: flight.taskDefinition }
  return { ...result, outcome: 'failed', cause: `ECS deployment ${flight.id} was stopped, but ${r.why}. Check the service in the console.` }
}

/** Checks 'deployment-id' before anything changes: a mistyped or stale id must not stop another release. */
async function checkNamed(ctx: RollingContext, service: Service, id: string): Promise<void> {
  const { inputs, clients } = ctx
  if (id.startsWith('arn:') && id.includes(':service-deployment/')) {
    const d = await describeServiceDeployment(clients.ecs, id)
    refuseForeignDeployment(d, service.serviceArn, inputs)
    if (!STOPPABLE.has(d.status ?? ''))
      throw new ActionError(
        `Input 'deployment-id': service deployment ${id} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`,
        'deployment-id'
      )
    return
  }
  const refused = refuseNamedDeployment(snapshotOf(service), id, inputs.service)
  if (refused) throw new ActionError(`Input 'deployment-id': ${refused}`, 'deployment-id')
}

/** mode stop: rolls the update in flight back and follows the rollback to its end. */
export async function stop(ctx: RollingContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  if (!inputs.rollback) {
    throw new ActionError(
      "Input 'rollback': false cannot stop a rolling update: ECS cannot freeze one halfway (StopServiceDeployment only rolls back), and leaving it running is what not stopping does. Leave 'rollback' at true to put the previous task definition back.",
      'rollback'
    )
  }
  const service = chosenService(ctx)
  if (inputs.deploymentId) await checkNamed(ctx, service, inputs.deploymentId)
  log.line(headerLine(ctx, service))
  const flight = inFlight(snapshotOf(service))
  if (!flight) {
    log.line(`No rolling update of ${inputs.cluster}/${inputs.service} is in flight: nothing to stop.`)
    return baseResult(ctx, service, 'stopped')
  }
  return rollBackAs(ctx, service, flight, 'mode: stop', 'stopped')
}

/**
 * mode rollback: with a rolling update in flight (and an older deployment to go back to), roll it
 * back; otherwise release the task definition 'rollback-to' names as a deploy would.
 */
export async function rollback(ctx: RollingContext): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const service = chosenService(ctx)
  log.line(headerLine(ctx, service))
  const flight = inFlight(snapshotOf(service))
  if (flight?.previous) return rollBackAs(ctx, service, flight, 'mode: rollback', 'rolled-back')

  const current = service.taskDefinition
  const target = await resolveRollbackTarget(ctx, current, () => previousServiceRelease(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, current))
  refuseSameRevision(target, current)
  log.line(`Task definition ${revisionName(current)} -> ${revisionName(target)} (rollback-to: ${inputs.rollbackTo})`)
  const td = (await describeTaskDefinition(clients.ecs, target)).taskDefinition
  const containers = td.containerDefinitions ?? []
  const lbContainer = service.loadBalancers?.find((l) => l.containerName)?.containerName
  const image = (containers.find((c) => c.name === (inputs.containerName ?? lbContainer)) ?? containers[0])?.image
  return rollingRelease(ctx, { service, result: { ...baseResult(ctx, service), image, previousTaskDefinitionArn: current } }, target)
}

/** mode continue: a rolling update never waits for anyone. */
export async function continueRelease(): Promise<ReleaseResult> {
  throw new ActionError(
    "Input 'mode': 'continue' has nothing to continue on a rolling update: ECS replaces the tasks without an approval gate or a wait before the old ones are removed. Use mode deploy to follow a release to its end, stop to roll one back, or rollback to release an earlier task definition.",
    'mode'
  )
}
