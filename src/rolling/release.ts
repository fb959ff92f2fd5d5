/**
 * The rolling way (deployment controller ECS, strategy ROLLING): register the task definition,
 * UpdateService, then stream the service's deployments (rollout state, task counts) and its new
 * events until the new deployment is COMPLETED. The deployment circuit breaker rolling it back makes
 * the outcome rolled-back; a timeout or a cancel rolls it back to the previous task definition
 * (unless on-timeout / on-cancel: leave).
 *
 * deployment-id is the ECS deployment (ecs-svc/…) of the new task definition. if-busy decides what
 * a rolling update already in flight means (see settleBusy); stopping one is StopServiceDeployment
 * ROLLBACK on its service deployment (rollBackRolling), as the console's Roll back button does.
 */
import * as core from '@actions/core'
import { DescribeServicesCommand, StopServiceDeploymentCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs'
import { describeService, registerTaskDefinition } from '../aws/ecs.js'
import { listServiceDeployments } from '../aws/service-deployments.js'
import type { Clients } from '../aws/clients.js'
import { ActionError, describeError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { checkNotCancelled, deadlineOf, type Context } from '../modes/context.js'
import { printRendered, readPlanFiles, renderFromService } from '../modes/deploy.js'
import { STATE_DEPLOYMENT } from '../modes/release.js'
import { clock, duration, ecsConsoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { sleep } from '../watch/watcher.js'
import {
  compareRolling,
  endOf,
  inFlight,
  rollbackVerdict,
  rollingVerdict,
  snapshotOf,
  type InFlight,
  type RollingSnapshot,
  type RollingVerdict
} from './watch.js'

/** State the post step reads: the task definition to go back to. */
export const STATE_ROLLING_PREVIOUS = 'rolling-previous'

function configLine(s: Service): string {
  const c = s.deploymentConfiguration
  const cb = c?.deploymentCircuitBreaker
  const breaker = cb?.enable ? `circuit breaker${cb.rollback ? ' with rollback' : ' without rollback'}` : 'no circuit breaker'
  const alarms = c?.alarms?.enable && c.alarms.alarmNames?.length ? `, alarms ${c.alarms.alarmNames.join(', ')}` : ''
  return `rolling, min ${c?.minimumHealthyPercent ?? 100}% max ${c?.maximumPercent ?? 200}%, ${breaker}${alarms}`
}

type End<V = RollingVerdict> = { end: 'done'; verdict: V; snapshot: RollingSnapshot } | { end: 'aborted' | 'timeout'; snapshot: RollingSnapshot }

/** Looks until `stop` says so, the deadline passes or the job is cancelled; logs every change. */
async function watch<V>(ctx: Context, state: { prev: RollingSnapshot }, deadline: number, stop: (s: RollingSnapshot) => V | undefined): Promise<End<V>> {
  let delay = ctx.policy.minMs
  for (;;) {
    if (ctx.signal.aborted) return { end: 'aborted', snapshot: state.prev }
    const out = await ctx.clients.ecs.send(new DescribeServicesCommand({ cluster: ctx.inputs.cluster, services: [ctx.inputs.service] }))
    const s = snapshotOf(out.services?.[0] ?? {})
    const events = compareRolling(state.prev, s)
    for (const e of events) ctx.log.event(e)
    state.prev = s
    const v = stop(s)
    if (v !== undefined) return { end: 'done', verdict: v, snapshot: s }
    const now = Date.now()
    if (now >= deadline) return { end: 'timeout', snapshot: s }
    delay = events.length ? ctx.policy.minMs : Math.min(ctx.policy.maxMs, Math.round(delay * 1.5))
    if (!(await sleep(Math.max(10, Math.min(delay, deadline - now)), ctx.signal))) return { end: 'aborted', snapshot: s }
  }
}

/** The first line of the log: the service and how it rolls. */
export function headLine(ctx: Context, service: Service): string {
  const n = service.desiredCount ?? 0
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  ${configLine(service)}  ${n} task${n === 1 ? '' : 's'}`
}

/** The result every rolling mode starts from. */
export function baseResult(ctx: Context, service: Service, outcome: ReleaseResult['outcome'] = 'failed'): ReleaseResult {
  return {
    outcome,
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    previousTaskDefinitionArn: service.taskDefinition,
    deploymentConfig: configLine(service),
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region)
  }
}

export async function rollingDeploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  if (inputs.waitFor === 'ready' || inputs.waitFor === 'traffic-shifted') {
    throw new ActionError(
      `Input 'wait-for': '${inputs.waitFor}' is not available for a rolling update, which has no test traffic or traffic shift. Use complete or none.`,
      'wait-for'
    )
  }
  const files = ctx.files ?? readPlanFiles(inputs)
  let service = ctx.detected?.service ?? (await describeService(clients.ecs, inputs.cluster, inputs.service))
  let rendered = await renderFromService(ctx, service, files.fromFile)
  log.line(headLine(ctx, service))
  printRendered(ctx, rendered)
  const busy = await settleBusy(ctx, service)
  if (busy) {
    service = busy
    // The update we waited for (or rolled back) changed what runs: render against it.
    if (service.taskDefinition !== rendered.previousArn) rendered = await renderFromService(ctx, service, files.fromFile)
  }
  const result: ReleaseResult = {
    ...baseResult(ctx, service),
    image: inputs.image ?? rendered.taskDefinition.containerDefinitions?.find((c) => c.name === rendered.imageContainer)?.image,
    previousTaskDefinitionArn: rendered.previousArn
  }

  // Changes start here.
  checkNotCancelled(ctx)
  const registered = await registerTaskDefinition(clients.ecs, rendered.taskDefinition)
  const arn = registered.taskDefinitionArn!
  log.line(`Registered ${revisionName(arn)}`)
  return rollingRelease(ctx, { service, result }, arn)
}

/**
 * Puts `arn` on the service (UpdateService), follows the rolling update to its end and says how
 * it ended; a timeout or a cancel rolls it back unless on-timeout / on-cancel say leave. What deploy
 * and rollback share: `t.result` is what they already know (image, previous task definition).
 */
export async function rollingRelease(ctx: Context, t: { service: Service; result: ReleaseResult }, arn: string): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const previous = t.result.previousTaskDefinitionArn
  const result: ReleaseResult = { ...t.result, taskDefinitionArn: arn }
  checkNotCancelled(ctx)
  if (previous) core.saveState(STATE_ROLLING_PREVIOUS, previous)
  const t0 = Date.now()
  log.start(undefined, t0)
  const updated = await clients.ecs.send(new UpdateServiceCommand({ cluster: inputs.cluster, service: inputs.service, taskDefinition: arn }))
  const id = updated.service?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn)?.id
  result.deploymentId = id
  if (id) core.saveState(STATE_DEPLOYMENT, id)
  log.line(`UpdateService ${revisionName(arn)}${id ? `: ECS deployment ${id}` : ''}  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const state = { prev: snapshotOf(t.service) }
  const mine = { id, taskDefinition: arn, previous }
  const end = await watch(ctx, state, deadlineOf(ctx), (s) => {
    const v = rollingVerdict(s, mine)
    return v === 'waiting' || v === 'rolling-back' ? undefined : v
  })
  const dep = id ? `ECS deployment ${id}` : 'The ECS deployment'
  const at = (): string => clock(Date.now() - t0)
  const ms = (): number => Date.now() - t0

  if (end.end === 'done') {
    ctx.settled()
    const v = end.verdict
    if (v === 'succeeded') {
      log.event({ kind: 'status', status: 'Succeeded' })
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

  // A timeout or a cancel: roll it back unless told to leave it.
  const cancelled = end.end === 'aborted'
  const leave = cancelled ? inputs.onCancel === 'leave' : inputs.onTimeout === 'leave'
  const what = cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`
  const outcome = cancelled ? 'stopped' : 'timed-out'
  const head = cancelled ? 'The job was cancelled' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`
  if (leave || !previous) {
    log.line(
      `${what}: ECS deployment ${id} is left running (${cancelled ? 'on-cancel' : 'on-timeout'}: ${leave ? 'leave' : 'rollback, but there is no previous task definition'})`
    )
    return { ...result, outcome, durationMs: ms(), cause: `${head}; ECS deployment ${id} was left running` }
  }
  const how = await rollBackRolling(ctx, previous)
  ctx.settled()
  log.line(`${what}: ${how} (${cancelled ? 'on-cancel' : 'on-timeout'}: rollback)`)
  if (!cancelled) {
    // The rollback is a rolling update too: follow it for a while, so the log says how it ended.
    const back = await followRollback(ctx, state, arn)
    if (back.end === 'done' && back.verdict === 'succeeded') log.line(`  ${at()}  ${revisionName(previous)} runs again`)
  }
  return { ...result, outcome, durationMs: ms(), cause: `${head}; ${revisionName(previous)} was put back` }
}

/**
 * Rolls the rolling update in flight back to `previous`: StopServiceDeployment ROLLBACK on its
 * service deployment, or, when there is none or AWS refuses it, UpdateService to `previous`.
 * Returns what was done, for the log.
 */
export async function rollBackRolling(o: { inputs: Inputs; clients: Clients }, previous: string | undefined): Promise<string> {
  const { cluster, service } = o.inputs
  const sd = (await listServiceDeployments(o.clients.ecs, cluster, service, ['PENDING', 'IN_PROGRESS'], 10))[0]?.serviceDeploymentArn
  if (sd) {
    try {
      await o.clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sd, stopType: 'ROLLBACK' }))
      return `stopped service deployment ${sd} with rollback${previous ? ` to ${revisionName(previous)}` : ''}`
    } catch (err) {
      if (!previous || !/InvalidParameter|UnsupportedFeature|Conflict/.test((err as Error).name)) throw err
    }
  }
  if (!previous)
    throw new ActionError(
      `ECS deployment of ${cluster}/${service} has no service deployment to stop and no previous task definition to redeploy. Roll it back in the console.`,
      'rollback'
    )
  await o.clients.ecs.send(new UpdateServiceCommand({ cluster, service, taskDefinition: previous }))
  return `redeployed ${revisionName(previous)}`
}

/** Follows a rollback of the deployment that ran `from` until another task definition's deployment ends (15 min at most). */
function followRollback(ctx: Context, state: { prev: RollingSnapshot }, from: string | undefined): Promise<End<'succeeded' | { failed: string }>> {
  return watch(ctx, state, Date.now() + 15 * 60_000, (s) => {
    const v = rollbackVerdict(s, from)
    return v === 'waiting' ? undefined : v
  })
}

/**
 * Rolls `flight` back and follows the rollback to its end: what mode stop, mode rollback with an
 * update in flight and if-busy: stop-previous share. `back` is the task definition running at the end.
 */
export async function rollBackInFlight(
  ctx: Context,
  service: Service,
  flight: InFlight,
  why: string
): Promise<{ ok: true; back: string } | { ok: false; why: string }> {
  const url = ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region)
  ctx.log.line(`ECS deployment ${flight.id} is in flight: rolling it back (${why})  ${url}`)
  checkNotCancelled(ctx)
  const t0 = Date.now()
  ctx.log.start(undefined, t0)
  ctx.log.line(`Rollback: ${await rollBackRolling(ctx, flight.previous)}`)
  const end = await followRollback(ctx, { prev: snapshotOf(service) }, flight.taskDefinition)
  if (end.end !== 'done')
    return { ok: false, why: end.end === 'timeout' ? `the rollback of ECS deployment ${flight.id} was not finished after 15 min` : 'the job was cancelled' }
  if (end.verdict !== 'succeeded') return { ok: false, why: `the rollback of ECS deployment ${flight.id} failed: ${end.verdict.failed.replace(/\.$/, '')}` }
  const back = end.snapshot.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? flight.previous ?? '?'
  ctx.log.line(`  ${clock(Date.now() - t0)}  Rolled back after ${duration(Date.now() - t0)}: ${revisionName(back)} runs again`)
  return { ok: true, back }
}

/**
 * Makes sure no rolling update is in flight, as if-busy says: wait for it (streaming it), roll it
 * back, or fail naming it. Returns the service as it is afterwards, or undefined if nothing was in flight.
 */
export async function settleBusy(ctx: Context, service: Service): Promise<Service | undefined> {
  const { inputs, log } = ctx
  const flight = inFlight(snapshotOf(service))
  if (!flight) return undefined
  const url = ecsConsoleUrl(inputs.cluster, inputs.service, ctx.region)
  if (inputs.ifBusy === 'fail') {
    throw new ActionError(
      `Service '${inputs.service}' is busy with ECS deployment ${flight.id} (${url}). Wait for it, stop it, or set 'if-busy' to wait or stop-previous.`,
      'if-busy'
    )
  }
  const giveUp = (why: string): ActionError =>
    new ActionError(`Gave up waiting for ECS deployment ${flight.id} to end (${why}); nothing was deployed.`, 'if-busy')
  if (inputs.ifBusy === 'stop-previous') {
    const r = await rollBackInFlight(ctx, service, flight, 'if-busy: stop-previous')
    if (!r.ok) throw giveUp(r.why)
  } else {
    log.line(`ECS deployment ${flight.id} is in flight: waiting for it to end (if-busy: wait)  ${url}`)
    const end = await watch(ctx, { prev: snapshotOf(service) }, deadlineOf(ctx), (s) => (inFlight(s) ? undefined : s))
    if (end.end !== 'done') throw giveUp(end.end === 'timeout' ? `'wait-for-minutes' reached` : 'the job was cancelled')
  }
  const after = await describeService(ctx.clients.ecs, inputs.cluster, inputs.service)
  log.line(`ECS deployment ${flight.id} ended ${endOf(snapshotOf(after), flight.id)}; going on with this release.`)
  return after
}

/** The failure AWS gave for our deployment, or the last service event that says it failed. */
function lastFailure(s: RollingSnapshot, mine: { id?: string; taskDefinition: string }): string | undefined {
  const d = s.deployments.find((x) => x.id === mine.id)
  if (d?.rolloutStateReason && d.rolloutState === 'FAILED') return d.rolloutStateReason
  const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment failed/.test(x.message))
  return e?.message.replace(/^\(service [^)]*\) \(deployment [^)]*\) deployment failed: /, '')
}

/** Why our deployment was stopped with rollback from elsewhere, or undefined (then the circuit breaker rolled it back). */
function stoppedBy(s: RollingSnapshot, mine: { id?: string }): string | undefined {
  const d = s.deployments.find((x) => x.id === mine.id)
  if (d?.rolloutStateReason && /StopServiceDeployment/.test(d.rolloutStateReason)) return d.rolloutStateReason
  const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment stopped: /.test(x.message))
  return e?.message.replace(/^.*deployment stopped: /, '')
}

/** The post step, after the main step was killed mid-release: rolls it back to the previous task definition (unless on-cancel: leave). */
export async function rollingAfterKill(o: { inputs: Inputs; clients: Clients; deploymentId: string; warn: (m: string) => void }): Promise<void> {
  const previous = core.getState(STATE_ROLLING_PREVIOUS)
  if (!previous) return
  try {
    const s = await describeService(o.clients.ecs, o.inputs.cluster, o.inputs.service)
    const d = s.deployments?.find((x) => x.id === o.deploymentId)
    if (!d || d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') return
    if (o.inputs.onCancel === 'leave') {
      o.warn(`The main step ended before ECS deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`)
      return
    }
    const how = await rollBackRolling(o, previous)
    o.warn(`The main step ended before ECS deployment ${o.deploymentId} did: ${how} (on-cancel: rollback).`)
  } catch (err) {
    core.error(`Could not settle ECS deployment ${o.deploymentId} after the main step ended: ${describeError(err)}. Check the service in the console.`)
  }
}
