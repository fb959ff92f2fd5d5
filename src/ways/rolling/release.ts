/**
 * A rolling update (deployment controller ECS, strategy ROLLING): register the task definition,
 * UpdateService, then stream the service's deployments (rollout state, task counts) and its new
 * events until the new deployment is COMPLETED. The deployment circuit breaker rolling it back makes
 * the outcome rolled-back; a timeout or a cancel rolls it back to the previous task definition
 * (unless on-timeout / on-cancel: leave).
 *
 * deployment-id is the ECS deployment (ecs-svc/…) of the new task definition. if-busy decides what
 * a rolling update already in flight means; rolling one back is StopServiceDeployment ROLLBACK on
 * its service deployment (rollBackRolling), as the console's Roll back button does.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { describeService, stopServiceDeployment, updateService } from '../../aws/ecs.js'
import { listServiceDeployments } from '../../aws/service-deployments.js'
import { checkNotCancelled, chosenService, deadlineOf, type Clients } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { Inputs } from '../../core/inputs.js'
import { serviceSuspects, type ReleaseResult } from '../../core/result.js'
import { STATE } from '../../core/state.js'
import { awaitIdle } from '../../kit/if-busy.js'
import { registerRelease, unchangedRelease } from '../../kit/register.js'
import { imageOf, printRendered, renderFromService } from '../../kit/render.js'
import { settleCutShort } from '../../kit/settle.js'
import { clock, duration, ecsConsoleUrl, revisionName } from '../../report/format.js'
import { snapshotOf, type RollingSnapshot } from './events.js'
import { baseResult, headerLine, refuseWaitFor, type RollingContext } from './plan.js'
import { endOf, inFlight, lastFailure, rollbackVerdict, rollingVerdict, stoppedBy, watchService, type InFlight, type WatchEnd } from './watch.js'

export async function deploy(ctx: RollingContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  refuseWaitFor(ctx)
  let service = chosenService(ctx)
  // The image goes to 'container-name', else the container the service's load balancer names.
  const balanced = service.loadBalancers?.find((l) => l.containerName)
  const lb = balanced?.containerName ? { containerName: balanced.containerName, containerPort: balanced.containerPort } : undefined
  let rendered = await renderFromService(ctx, service, lb)
  log.line(headerLine(ctx, service))
  printRendered(ctx, rendered)
  const after = await settleBusy(ctx, service)
  if (after) {
    service = after
    // The update we waited for (or rolled back) changed what runs: render against it.
    if (service.taskDefinition !== rendered.previousArn) rendered = await renderFromService(ctx, service, lb)
  }
  const result: ReleaseResult = { ...baseResult(ctx, service), image: imageOf(inputs, rendered), previousTaskDefinitionArn: rendered.previousArn }

  const unchanged = unchangedRelease(ctx, rendered, result)
  if (unchanged) return unchanged
  // Changes start here.
  checkNotCancelled(ctx)
  const reg = await registerRelease(ctx, { ...rendered, service })
  if (reg.stop) return { ...result, taskDefinitionArn: reg.arn, ...reg.result }
  return rollingRelease(ctx, { service, result: { ...result, ...reg.result } }, reg.arn)
}

/**
 * Puts `arn` on the service (UpdateService), follows the rolling update to its end and says how
 * it ended; a timeout or a cancel rolls it back unless on-timeout / on-cancel say leave. What deploy
 * and rollback share: `t.result` is what they already know (image, previous task definition).
 */
export async function rollingRelease(ctx: RollingContext, t: { service: Service; result: ReleaseResult }, arn: string): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const previous = t.result.previousTaskDefinitionArn
  const result: ReleaseResult = { ...t.result, taskDefinitionArn: arn }
  checkNotCancelled(ctx)
  if (previous) ctx.state.save(STATE.rollingPrevious, previous)
  const t0 = Date.now()
  log.start(undefined, t0)
  result.suspects = serviceSuspects(inputs.cluster, t.service, arn, new Date(t0))
  const updated = await updateService(clients.ecs, { cluster: inputs.cluster, service: inputs.service, taskDefinition: arn })
  const id = updated?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn)?.id
  result.deploymentId = id
  if (id) ctx.state.save(STATE.deployment, id)
  log.line(`UpdateService ${revisionName(arn)}${id ? `: ECS deployment ${id}` : ''}  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const state = { prev: snapshotOf(t.service) }
  const mine = { id, taskDefinition: arn, previous }
  const end = await watchService(ctx, state, deadlineOf(ctx), (s) => {
    const v = rollingVerdict(s, mine)
    return v === 'waiting' || v === 'rolling-back' ? undefined : v
  })
  const dep = id ? `ECS deployment ${id}` : 'The ECS deployment'
  const at = (): string => clock(Date.now() - t0)
  const ms = (): number => Date.now() - t0

  if (end.end !== 'done') {
    const settled = await settleCutShort(ctx, end.end, {
      url: result.deploymentUrl ?? ecsConsoleUrl(inputs.cluster, inputs.service, ctx.region),
      left: { now: `ECS deployment ${id} is left running`, past: `ECS deployment ${id} was left running` },
      cannotRollBack: previous ? undefined : 'there is no previous task definition',
      rollBack: async () => ({ did: await rollBackRolling(ctx, previous), done: `${revisionName(previous)} was put back` }),
      afterRollBack: async (cut) => {
        if (cut !== 'timeout') return
        // The rollback is a rolling update too: follow it for a while, so the log says how it ended.
        const back = await followRollback(ctx, state, arn)
        if (back.end === 'done' && back.verdict === 'succeeded') log.line(`  ${at()}  ${revisionName(previous)} runs again`)
      }
    })
    return { ...result, durationMs: ms(), ...settled }
  }

  ctx.settled()
  const v = end.verdict
  if (v === 'succeeded') {
    log.event({ kind: 'end', status: 'Succeeded' })
    return { ...result, outcome: 'succeeded', durationMs: ms() }
  }
  const reason = lastFailure(end.snapshot, mine) ?? 'the deployment circuit breaker tripped'
  // Rolled back by the circuit breaker, or stopped from elsewhere (mode: stop, the console's Roll back).
  const stopped = v === 'rolled-back' ? stoppedBy(end.snapshot, mine) : undefined
  if (stopped) {
    log.line(`  ${at()}  Rolled back after ${duration(ms())}: ${dep} was stopped and ${revisionName(previous)} put back`)
    return {
      ...result,
      outcome: 'rolled-back',
      durationMs: ms(),
      cause: `${dep} was stopped with rollback to ${revisionName(previous)}: ${stopped.replace(/\.$/, '')}`
    }
  }
  if (v === 'rolled-back') {
    log.line(`  ${at()}  Rolled back after ${duration(ms())}: the deployment circuit breaker put ${revisionName(previous)} back`)
    return {
      ...result,
      outcome: 'rolled-back',
      durationMs: ms(),
      cause: `${dep} failed: ${reason.replace(/\.$/, '')}; the deployment circuit breaker rolled the service back to ${revisionName(previous)}`
    }
  }
  const why = typeof v === 'object' ? v.failed : reason
  log.line(`  ${at()}  Failed after ${duration(ms())}: ${why}`)
  return {
    ...result,
    outcome: 'failed',
    durationMs: ms(),
    cause: `${dep} failed: ${why.replace(/\.$/, '')}; nothing was rolled back (the service's circuit breaker has no rollback)`
  }
}

/**
 * Rolls the rolling update in flight back to `previous`: StopServiceDeployment ROLLBACK on its
 * service deployment, or, when there is none or AWS refuses it, UpdateService to `previous`.
 * Returns what was done, for the log.
 */
export async function rollBackRolling(o: { inputs: Pick<Inputs, 'cluster' | 'service'>; clients: Clients }, previous: string | undefined): Promise<string> {
  const { cluster, service } = o.inputs
  const sd = (await listServiceDeployments(o.clients.ecs, cluster, service, ['PENDING', 'IN_PROGRESS'], 10))[0]?.serviceDeploymentArn
  if (sd) {
    try {
      await stopServiceDeployment(o.clients.ecs, sd, 'ROLLBACK')
      return `stopped service deployment ${sd} with rollback${previous ? ` to ${revisionName(previous)}` : ''}`
    } catch (err) {
      if (!previous || !/InvalidParameter|UnsupportedFeature|Conflict/.test((err as Error).name)) throw err
    }
  }
  if (!previous) {
    throw new ActionError(
      `ECS deployment of ${cluster}/${service} has no service deployment to stop and no previous task definition to redeploy. Roll it back in the console.`,
      'rollback'
    )
  }
  await updateService(o.clients.ecs, { cluster, service, taskDefinition: previous })
  return `redeployed ${revisionName(previous)}`
}

/** Follows a rollback of the deployment that ran `from` until another task definition's deployment ends (15 min at most). */
function followRollback(ctx: RollingContext, state: { prev: RollingSnapshot }, from: string | undefined): Promise<WatchEnd<'succeeded' | { failed: string }>> {
  return watchService(ctx, state, Date.now() + 15 * 60_000, (s) => {
    const v = rollbackVerdict(s, from)
    return v === 'waiting' ? undefined : v
  })
}

/** Rolls `flight` back and follows the rollback to its end. `back` is the task definition running at the end. */
async function rollBackFlight(ctx: RollingContext, service: Service, flight: InFlight): Promise<{ ok: true; back: string } | { ok: false; why: string }> {
  const t0 = Date.now()
  ctx.log.start(undefined, t0)
  ctx.log.line(`Rollback: ${await rollBackRolling(ctx, flight.previous)}`)
  const end = await followRollback(ctx, { prev: snapshotOf(service) }, flight.taskDefinition)
  if (end.end !== 'done') {
    return { ok: false, why: end.end === 'timeout' ? `the rollback of ECS deployment ${flight.id} was not finished after 15 min` : 'the job was cancelled' }
  }
  if (end.verdict !== 'succeeded') return { ok: false, why: `the rollback of ECS deployment ${flight.id} failed: ${end.verdict.failed.replace(/\.$/, '')}` }
  const back = end.snapshot.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? flight.previous ?? '?'
  ctx.log.line(`  ${clock(Date.now() - t0)}  Rolled back after ${duration(Date.now() - t0)}: ${revisionName(back)} runs again`)
  return { ok: true, back }
}

/**
 * Rolls `flight` back and follows the rollback to its end: what mode stop and mode rollback with an
 * update in flight share.
 */
export async function rollBackInFlight(
  ctx: RollingContext,
  service: Service,
  flight: InFlight,
  why: string
): Promise<{ ok: true; back: string } | { ok: false; why: string }> {
  const url = ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region)
  ctx.log.line(`ECS deployment ${flight.id} is in flight: rolling it back (${why})  ${url}`)
  checkNotCancelled(ctx)
  return rollBackFlight(ctx, service, flight)
}

/**
 * Makes sure no rolling update is in flight, as if-busy says. Returns the service as it is
 * afterwards, or undefined if nothing was in flight.
 */
async function settleBusy(ctx: RollingContext, service: Service): Promise<Service | undefined> {
  const flight = inFlight(snapshotOf(service))
  if (!flight) return undefined
  let after: Service | undefined
  let rolledBack: { ok: true; back: string } | { ok: false; why: string } | undefined
  const ended = async (): Promise<{ ended: string }> => {
    after = await describeService(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service)
    return { ended: endOf(snapshotOf(after), flight.id) }
  }
  await awaitIdle(ctx, {
    name: `ECS deployment ${flight.id}`,
    stopping: 'rolling it back',
    owner: `Service '${ctx.inputs.service}'`,
    url: ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
    stop: async () => {
      rolledBack = await rollBackFlight(ctx, service, flight)
    },
    follow: async () => {
      if (rolledBack) return rolledBack.ok ? ended() : { gaveUp: rolledBack.why }
      const end = await watchService(ctx, { prev: snapshotOf(service) }, deadlineOf(ctx), (s) => (inFlight(s) ? undefined : s))
      return end.end === 'done' ? ended() : { gaveUp: end.end }
    }
  })
  return after
}
