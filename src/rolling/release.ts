/**
 * The rolling way (deployment controller ECS, strategy ROLLING): register the task definition,
 * UpdateService, then stream the service's deployments (rollout state, task counts) and its new
 * events until the new deployment is COMPLETED. The deployment circuit breaker rolling it back makes
 * the outcome rolled-back; a timeout or a cancel redeploys the previous task definition (unless
 * on-timeout / on-cancel: leave).
 *
 * deployment-id is the ECS deployment (ecs-svc/…) of the new task definition.
 */
import * as core from '@actions/core'
import { DescribeServicesCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs'
import { describeService, registerTaskDefinition } from '../aws/ecs.js'
import type { Clients } from '../aws/clients.js'
import { ActionError, describeError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { checkNotCancelled, deadlineOf, type Context } from '../modes/context.js'
import { printRendered, readPlanFiles, renderFromService } from '../modes/deploy.js'
import { STATE_DEPLOYMENT } from '../modes/release.js'
import { clock, duration, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { sleep } from '../watch/watcher.js'
import { compareRolling, rollingVerdict, snapshotOf, type RollingSnapshot, type RollingVerdict } from './watch.js'

/** State the post step reads: the task definition to go back to. */
export const STATE_ROLLING_PREVIOUS = 'rolling-previous'

export const ecsConsoleUrl = (cluster: string, service: string, region: string): string =>
  `https://console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}/deployments?region=${region}`

function configLine(s: Service): string {
  const c = s.deploymentConfiguration
  const cb = c?.deploymentCircuitBreaker
  const breaker = cb?.enable ? `circuit breaker${cb.rollback ? ' with rollback' : ' without rollback'}` : 'no circuit breaker'
  const alarms = c?.alarms?.enable && c.alarms.alarmNames?.length ? `, alarms ${c.alarms.alarmNames.join(', ')}` : ''
  return `rolling, min ${c?.minimumHealthyPercent ?? 100}% max ${c?.maximumPercent ?? 200}%, ${breaker}${alarms}`
}

type End = { end: 'done'; verdict: RollingVerdict; snapshot: RollingSnapshot } | { end: 'aborted' | 'timeout'; snapshot: RollingSnapshot }

/** Looks until `stop` says so, the deadline passes or the job is cancelled; logs every change. */
async function watch(ctx: Context, state: { prev: RollingSnapshot }, deadline: number, stop: (s: RollingSnapshot) => RollingVerdict | undefined): Promise<End> {
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

export async function rollingDeploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  if (inputs.waitFor === 'ready' || inputs.waitFor === 'traffic-shifted') {
    throw new ActionError(`Input 'wait-for': '${inputs.waitFor}' is not available for a rolling update, which has no test traffic or traffic shift. Use complete or none.`, 'wait-for')
  }
  const files = ctx.files ?? readPlanFiles(inputs)
  const service = ctx.detected?.service ?? (await describeService(clients.ecs, inputs.cluster, inputs.service))
  const rendered = await renderFromService(ctx, service, files.fromFile)
  log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  ${configLine(service)}  ${service.desiredCount ?? 0} task${service.desiredCount === 1 ? '' : 's'}`)
  printRendered(ctx, rendered)
  const previous = rendered.previousArn
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: inputs.service,
    image: inputs.image ?? rendered.taskDefinition.containerDefinitions?.find((c) => c.name === rendered.imageContainer)?.image,
    previousTaskDefinitionArn: previous,
    deploymentConfig: configLine(service),
    deploymentUrl: ecsConsoleUrl(inputs.cluster, inputs.service, ctx.region)
  }

  // Changes start here.
  checkNotCancelled(ctx)
  const registered = await registerTaskDefinition(clients.ecs, rendered.taskDefinition)
  const arn = registered.taskDefinitionArn!
  result.taskDefinitionArn = arn
  log.line(`Registered ${revisionName(arn)}`)
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

  const state = { prev: snapshotOf(service) }
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
    if (v === 'rolled-back') {
      log.line(`  ${at()}  Rolled back after ${duration(ms())}: the deployment circuit breaker put ${revisionName(previous)} back`)
      return { ...result, outcome: 'rolled-back', durationMs: ms(), cause: `${dep} failed: ${reason.replace(/\.$/, '')}; the deployment circuit breaker rolled the service back to ${revisionName(previous)}` }
    }
    const why = typeof v === 'object' ? v.failed : reason
    log.line(`  ${at()}  Failed after ${duration(ms())}: ${why}`)
    return { ...result, outcome: 'failed', durationMs: ms(), cause: `${dep} failed: ${why.replace(/\.$/, '')}; nothing was rolled back (the service's circuit breaker has no rollback)` }
  }

  // A timeout or a cancel: redeploy the previous task definition unless told to leave it.
  const cancelled = end.end === 'aborted'
  const leave = cancelled ? inputs.onCancel === 'leave' : inputs.onTimeout === 'leave'
  const what = cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`
  const outcome = cancelled ? 'stopped' : 'timed-out'
  const head = cancelled ? 'The job was cancelled' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`
  if (leave || !previous) {
    log.line(`${what}: ECS deployment ${id} is left running (${cancelled ? 'on-cancel' : 'on-timeout'}: ${leave ? 'leave' : 'rollback, but there is no previous task definition'})`)
    return { ...result, outcome, durationMs: ms(), cause: `${head}; ECS deployment ${id} was left running` }
  }
  await clients.ecs.send(new UpdateServiceCommand({ cluster: inputs.cluster, service: inputs.service, taskDefinition: previous }))
  ctx.settled()
  log.line(`${what}: redeployed ${revisionName(previous)} (${cancelled ? 'on-cancel' : 'on-timeout'}: rollback)`)
  if (!cancelled) {
    // The rollback is a rolling update too: follow it for a while, so the log says how it ended.
    const back = await watch(ctx, state, Date.now() + 15 * 60_000, (s) => {
      const p = s.deployments.find((d) => d.status === 'PRIMARY')
      return p?.taskDefinition === previous && p.rolloutState !== 'IN_PROGRESS' ? 'rolled-back' : undefined
    })
    if (back.end === 'done') log.line(`  ${at()}  ${revisionName(previous)} runs again`)
  }
  return { ...result, outcome, durationMs: ms(), cause: `${head}; ${revisionName(previous)} was redeployed` }
}

/** The failure AWS gave for our deployment, or the last service event that says it failed. */
function lastFailure(s: RollingSnapshot, mine: { id?: string; taskDefinition: string }): string | undefined {
  const d = s.deployments.find((x) => x.id === mine.id)
  if (d?.rolloutStateReason && d.rolloutState === 'FAILED') return d.rolloutStateReason
  const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment failed/.test(x.message))
  return e?.message.replace(/^\(service [^)]*\) \(deployment [^)]*\) deployment failed: /, '')
}

/** The post step, after the main step was killed mid-release: redeploys the previous task definition (unless on-cancel: leave). */
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
    await o.clients.ecs.send(new UpdateServiceCommand({ cluster: o.inputs.cluster, service: o.inputs.service, taskDefinition: previous }))
    o.warn(`The main step ended before ECS deployment ${o.deploymentId} did: redeployed ${revisionName(previous)} (on-cancel: rollback).`)
  } catch (err) {
    core.error(`Could not settle ECS deployment ${o.deploymentId} after the main step ended: ${describeError(err)}. Check the service in the console.`)
  }
}
