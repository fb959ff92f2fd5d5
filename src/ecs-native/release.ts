/**
 * The ECS-native way (deployment controller ECS, strategy BLUE_GREEN, LINEAR or CANARY): register
 * the task definition and UpdateService; the service's own deploymentConfiguration drives the
 * release. The service deployment is found with ListServiceDeployments and streamed with
 * DescribeServiceDeployments: lifecycle stages, traffic weights, task counts, hooks, circuit
 * breaker, alarms, rollback. A timeout, a cancel and mode stop use StopServiceDeployment ROLLBACK;
 * mode rollback stops one in flight or redeploys the previous service revision's task definition;
 * wait-for ready stops at a PAUSE lifecycle hook, which mode continue passes with
 * ContinueServiceDeployment.
 *
 * deployment-id is the service deployment ARN.
 */
import * as core from '@actions/core'
import {
  ContinueServiceDeploymentCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service,
  type ServiceDeployment,
  type StopServiceDeploymentStopType
} from '@aws-sdk/client-ecs'
import { describeService, describeTaskDefinition, registerTaskDefinition } from '../aws/ecs.js'
import type { Clients } from '../aws/clients.js'
import {
  describeServiceDeployment,
  listServiceDeployments,
  previousServiceRelease,
  refuseForeignDeployment,
  revisionTaskDefinitions
} from '../aws/service-deployments.js'
import { ActionError, describeError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { checkNotCancelled, deadlineOf, type Context } from '../modes/context.js'
import { currentTaskDefinition, printRendered, readPlanFiles, renderFromService } from '../modes/deploy.js'
import { STATE_DEPLOYMENT } from '../modes/release.js'
import { refuseSameRevision, resolveRollbackTarget } from '../modes/rollback-target.js'
import { requireContainerPort, toRegisterInput } from '../plan/taskdef.js'
import { clock, duration, ecsConsoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { sleep } from '../watch/watcher.js'
import {
  awaitingHook,
  compareNative,
  NATIVE_TERMINAL,
  nativeSnapshot,
  nativeVerdict,
  type NativeSnapshot,
  type NativeUntil,
  type NativeVerdict
} from './watch.js'

/** How the service's deploymentConfiguration releases, in one line. */
export function nativeConfigLine(s: Service): string {
  const c = s.deploymentConfiguration
  const parts: string[] = []
  const strategy = c?.strategy ?? 'BLUE_GREEN'
  if (strategy === 'LINEAR')
    parts.push(`linear ${c?.linearConfiguration?.stepPercent ?? 10}% every ${duration((c?.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * 60_000)}`)
  else if (strategy === 'CANARY')
    parts.push(`canary ${c?.canaryConfiguration?.canaryPercent ?? 5}% for ${duration((c?.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * 60_000)}`)
  else parts.push('blue/green')
  parts.push(`bake ${duration((c?.bakeTimeInMinutes ?? 0) * 60_000)}`)
  const cb = c?.deploymentCircuitBreaker
  if (cb?.enable) parts.push(`circuit breaker${cb.rollback ? ' with rollback' : ''}`)
  if (c?.alarms?.enable && c.alarms.alarmNames?.length) parts.push(`alarms ${c.alarms.alarmNames.join(', ')}`)
  if (c?.lifecycleHooks?.length) parts.push(`${c.lifecycleHooks.length} lifecycle hook${c.lifecycleHooks.length > 1 ? 's' : ''}`)
  return parts.join(', ')
}

/** The service deployments of the service that are in flight, newest first. */
async function inFlight(ctx: Context): Promise<string[]> {
  return (await listServiceDeployments(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, ['PENDING', 'IN_PROGRESS']))
    .map((d) => d.serviceDeploymentArn!)
    .filter(Boolean)
}

/** The task definitions a service deployment goes to and from (one DescribeServiceRevisions), and their names for the log. */
async function revisionsOf(ctx: Context, d: ServiceDeployment): Promise<{ target?: string; source?: string; names: NativeSnapshot['names'] }> {
  const t = d.targetServiceRevision?.arn
  const s = d.sourceServiceRevisions?.[0]?.arn
  const tds = await revisionTaskDefinitions(
    ctx.clients.ecs,
    [t, s].filter((x): x is string => !!x)
  )
  const target = t ? tds.get(t) : undefined
  const source = s ? tds.get(s) : undefined
  return {
    target,
    source,
    names: { target: target ? revisionName(target) : 'the new revision', source: source ? revisionName(source) : 'the previous revision' }
  }
}

/** wait-for ready stops at a PAUSE lifecycle hook: without one the release would never be ready. */
function refuseReadyWithoutPause(ctx: Context, service: Service): void {
  if (ctx.inputs.waitFor !== 'ready') return
  if (service.deploymentConfiguration?.lifecycleHooks?.some((h) => h.targetType === 'PAUSE')) return
  throw new ActionError(
    `Input 'wait-for': 'ready' stops an ECS-native release at a PAUSE lifecycle hook, and service '${ctx.inputs.service}' has none. Add one to its deploymentConfiguration.lifecycleHooks (targetType PAUSE, e.g. at POST_TEST_TRAFFIC_SHIFT), or use complete, traffic-shifted or none.`,
    'wait-for'
  )
}

type End = { end: 'done'; verdict: NativeVerdict; snapshot?: NativeSnapshot } | { end: 'aborted' | 'timeout'; snapshot?: NativeSnapshot }

/** Looks until the verdict is not 'waiting', the deadline passes or the job is cancelled; logs every change. */
async function watch(
  ctx: Context,
  arn: string,
  names: NativeSnapshot['names'],
  state: { prev?: NativeSnapshot },
  deadline: number,
  until: NativeUntil,
  signal?: AbortSignal,
  passed?: string
): Promise<End> {
  let delay = ctx.policy.minMs
  for (;;) {
    if (signal?.aborted) return { end: 'aborted', snapshot: state.prev }
    const s = nativeSnapshot(await describeServiceDeployment(ctx.clients.ecs, arn), names, Date.now(), state.prev)
    const events = compareNative(state.prev, s)
    for (const e of events) ctx.log.event(e)
    state.prev = s
    const v = nativeVerdict(s, until, passed)
    if (v !== 'waiting') return { end: 'done', verdict: v, snapshot: s }
    const now = Date.now()
    if (now >= deadline) return { end: 'timeout', snapshot: s }
    delay = events.length ? ctx.policy.minMs : Math.min(ctx.policy.maxMs, Math.round(delay * 1.5))
    if (!(await sleep(Math.max(10, Math.min(delay, deadline - now)), signal))) return { end: 'aborted', snapshot: s }
  }
}

/** Turns how the watch ended into a result; stops the deployment with rollback on a timeout or cancel (unless told to leave it). */
async function conclude(
  ctx: Context,
  arn: string,
  names: NativeSnapshot['names'],
  state: { prev?: NativeSnapshot },
  end: End,
  t0: number,
  result: ReleaseResult,
  stoppedByUs = false
): Promise<ReleaseResult> {
  const { log, inputs } = ctx
  const ms = (): number => Date.now() - t0
  const at = (): string => clock(ms())
  if (end.end === 'done') {
    ctx.settled()
    const v = end.verdict
    const s = end.snapshot
    const reason = (s?.rollbackReason ?? s?.statusReason ?? '').replace(/\.$/, '')
    if (v === 'succeeded') {
      log.event({ kind: 'status', status: 'Succeeded' })
      return { ...result, outcome: 'succeeded', durationMs: ms(), traffic: { green: 100, blue: 0 } }
    }
    if (v === 'ready') {
      const h = s && awaitingHook(s)
      log.line(
        `  ${at()}  Paused in ${s?.stage ?? 'its stage'}: lifecycle hook ${h?.id ?? '?'} awaits action (wait-for: ready). Go on with mode: continue and deployment-id ${arn}, or roll back with mode: stop. The hook's timeout acts if nobody does.`
      )
      return { ...result, outcome: 'ready', durationMs: ms(), traffic: s ? { green: s.target.prod, blue: 100 - s.target.prod } : undefined }
    }
    if (v === 'traffic-shifted') {
      log.line(`  ${at()}  All production traffic is on ${names.target} (wait-for: traffic-shifted); the service deployment goes on without us.`)
      return { ...result, outcome: 'traffic-shifted', durationMs: ms(), traffic: { green: 100, blue: 0 } }
    }
    if (v === 'rolled-back' || v === 'stopped') {
      log.line(
        `  ${at()}  ${v === 'rolled-back' ? 'Rolled back' : 'Stopped'} after ${duration(ms())}${v === 'rolled-back' ? `: ${names.source} has all the traffic` : ''}`
      )
      if (stoppedByUs)
        return {
          ...result,
          outcome: 'stopped',
          durationMs: ms(),
          traffic: { green: 0, blue: 100 },
          cause: /^Service deployment /.test(reason) ? reason : `Service deployment stopped with rollback${reason ? `: ${reason}` : ''}`
        }
      const said = /^Service deployment /.test(reason)
        ? reason
        : `Service deployment ${v === 'rolled-back' ? 'rolled back' : 'stopped'}${reason ? `: ${reason}` : ''}`
      return { ...result, outcome: v, durationMs: ms(), traffic: v === 'rolled-back' ? { green: 0, blue: 100 } : undefined, cause: said }
    }
    const why = typeof v === 'object' ? v.failed : 'it failed'
    log.line(`  ${at()}  Failed after ${duration(ms())}: ${why}`)
    return { ...result, outcome: 'failed', durationMs: ms(), cause: `Service deployment failed: ${why}` }
  }
  const cancelled = end.end === 'aborted'
  const leave = cancelled ? inputs.onCancel === 'leave' : inputs.onTimeout === 'leave'
  const what = cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`
  const outcome = cancelled ? 'stopped' : 'timed-out'
  const head = cancelled ? 'The job was cancelled' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`
  const option = cancelled ? 'on-cancel' : 'on-timeout'
  if (leave) {
    log.line(`${what}: service deployment ${arn} is left running (${option}: leave)`)
    return { ...result, outcome, durationMs: ms(), cause: `${head}; service deployment ${arn} was left running` }
  }
  // The runner kills the process seconds after SIGINT: stop first, then say so.
  await ctx.clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }))
  ctx.settled()
  log.line(`${what}: stopped service deployment ${arn} with rollback (${option}: rollback)`)
  if (!cancelled) {
    const back = await watch(ctx, arn, names, state, Date.now() + 15 * 60_000, 'complete')
    if (back.end === 'done') log.line(`  ${at()}  Rollback ended ${back.snapshot?.status}`)
  }
  return { ...result, outcome, durationMs: ms(), traffic: { green: 0, blue: 100 }, cause: `${head}; service deployment ${arn} was stopped with rollback` }
}

/**
 * UpdateService to `taskDefinitionArn`, finds the service deployment it started, and follows it as
 * wait-for says. Deploy and rollback both end here.
 */
async function updateAndFollow(ctx: Context, taskDefinitionArn: string, previous: string | undefined, result: ReleaseResult): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const before = new Set((await listServiceDeployments(clients.ecs, inputs.cluster, inputs.service)).map((d) => d.serviceDeploymentArn))
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  await clients.ecs.send(new UpdateServiceCommand({ cluster: inputs.cluster, service: inputs.service, taskDefinition: taskDefinitionArn }))
  // The service deployment appears in the list shortly after UpdateService.
  let arn: string | undefined
  for (let i = 0; i < 20 && !arn; i++) {
    arn = (await listServiceDeployments(clients.ecs, inputs.cluster, inputs.service)).map((d) => d.serviceDeploymentArn).find((a) => a && !before.has(a))
    if (!arn) await sleep(Math.min(500 * (i + 1), 3000))
  }
  if (!arn)
    throw new ActionError(
      `UpdateService took ${revisionName(taskDefinitionArn)}, but no new service deployment of '${inputs.service}' was listed. Follow it in the console: ${result.deploymentUrl}`
    )
  core.saveState(STATE_DEPLOYMENT, arn)
  result.deploymentId = arn
  log.line(`UpdateService ${revisionName(taskDefinitionArn)}: service deployment ${arn}  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const names = { target: revisionName(taskDefinitionArn), source: revisionName(previous) }
  const state: { prev?: NativeSnapshot } = {}
  const end = await watch(ctx, arn, names, state, deadlineOf(ctx), inputs.waitFor, ctx.signal)
  return conclude(ctx, arn, names, state, end, t0, result)
}

/**
 * if-busy: with a service deployment in flight, fail naming it, or stop it with rollback
 * (stop-previous) or wait (wait), streaming it to its end. Changes nothing when none is in flight.
 */
async function awaitIdleService(ctx: Context): Promise<void> {
  const { inputs, clients, log } = ctx
  const [active] = await inFlight(ctx)
  if (!active) return
  const url = ecsConsoleUrl(inputs.cluster, inputs.service, ctx.region)
  if (inputs.ifBusy === 'fail') {
    throw new ActionError(
      `Service '${inputs.service}' is busy with service deployment ${active} (${url}). Wait for it, stop it (mode: stop), or set 'if-busy' to wait or stop-previous; nothing was deployed.`,
      'if-busy'
    )
  }
  const { names } = await revisionsOf(ctx, await describeServiceDeployment(clients.ecs, active))
  checkNotCancelled(ctx)
  if (inputs.ifBusy === 'stop-previous') {
    log.line(`Service deployment ${active} is in flight: stopping it with rollback (if-busy: stop-previous)  ${url}`)
    await clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: active, stopType: 'ROLLBACK' }))
  } else {
    log.line(`Service deployment ${active} is in flight: waiting for it to end (if-busy: wait)  ${url}`)
  }
  log.start(undefined, Date.now())
  const end = await watch(ctx, active, names, {}, deadlineOf(ctx), 'complete', ctx.signal)
  if (end.end !== 'done') {
    throw new ActionError(
      `Gave up waiting for service deployment ${active} to end (${end.end === 'timeout' ? "'wait-for-minutes' reached" : 'the job was cancelled'}); nothing was deployed.`,
      'if-busy'
    )
  }
  log.line(`Service deployment ${active} ended ${end.snapshot?.status}; going on with this release.`)
}

/** What every result of this way starts from. */
function baseResult(ctx: Context, o: Partial<ReleaseResult> = {}): ReleaseResult {
  return {
    outcome: 'failed',
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
    ...o
  }
}

/** The header line of a release or rollback of this service. */
function headerLine(ctx: Context, service: Service, what = ''): string {
  const n = service.desiredCount ?? 0
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  ${what}ECS-native ${nativeConfigLine(service)}  ${n} task${n === 1 ? '' : 's'}`
}

export async function nativeDeploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const files = ctx.files ?? readPlanFiles(inputs)
  const service = ctx.detected?.service ?? (await describeService(clients.ecs, inputs.cluster, inputs.service))
  refuseReadyWithoutPause(ctx, service)
  const lb = service.loadBalancers?.find((l) => l.containerName)
  const rendered = await renderFromService(ctx, service, files.fromFile, lb ? { containerName: lb.containerName!, containerPort: lb.containerPort } : undefined)
  log.line(headerLine(ctx, service))
  printRendered(ctx, rendered)
  const previous = rendered.previousArn ?? currentTaskDefinition(service)
  const result = baseResult(ctx, {
    image: inputs.image ?? rendered.taskDefinition.containerDefinitions?.find((c) => c.name === rendered.imageContainer)?.image,
    previousTaskDefinitionArn: previous,
    deploymentConfig: `ECS-native ${nativeConfigLine(service)}`
  })
  await awaitIdleService(ctx)

  // Changes start here.
  checkNotCancelled(ctx)
  const registered = await registerTaskDefinition(clients.ecs, rendered.taskDefinition)
  const arnTd = registered.taskDefinitionArn!
  result.taskDefinitionArn = arnTd
  log.line(`Registered ${revisionName(arnTd)}`)
  return updateAndFollow(ctx, arnTd, previous, result)
}

/**
 * mode rollback: a service deployment in flight is stopped with rollback; otherwise the task
 * definition of the previous service revision (or rollback-to's) is released like any deploy.
 */
export async function nativeRollback(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const service = ctx.detected?.service ?? (await describeService(clients.ecs, inputs.cluster, inputs.service))
  const current = currentTaskDefinition(service)
  const [active] = await inFlight(ctx)
  const result = baseResult(ctx, { previousTaskDefinitionArn: current, deploymentConfig: `ECS-native ${nativeConfigLine(service)}` })
  if (active) {
    log.line(`Service deployment ${active} is in flight: stopping it with rollback (mode: rollback)  ${result.deploymentUrl}`)
    return stopAndFollow(ctx, await describeServiceDeployment(clients.ecs, active), 'ROLLBACK', result, false)
  }
  refuseReadyWithoutPause(ctx, service)
  const target = await resolveRollbackTarget(ctx, current, async () => {
    const p = await previousServiceRelease(clients.ecs, inputs.cluster, inputs.service, current)
    if (!p) return { none: `service '${inputs.service}' has no successful service deployment of anything but ${revisionName(current)} in its history` }
    return { taskDefinitionArn: p.taskDefinitionArn, foundIn: `service deployment ${p.serviceDeploymentArn}` }
  })
  refuseSameRevision(target, current)
  const td = (await describeTaskDefinition(clients.ecs, target)).taskDefinition
  const lb = service.loadBalancers?.find((l) => l.containerName)
  if (lb) requireContainerPort(toRegisterInput(td), lb.containerName!, lb.containerPort, 'rollback-to')
  log.line(headerLine(ctx, service, 'rollback  '))
  log.line(`Task definition ${revisionName(current)} -> ${revisionName(target)} (rollback-to: ${inputs.rollbackTo})`)
  result.taskDefinitionArn = target
  result.image = td.containerDefinitions?.find((c) => c.name === (inputs.containerName ?? lb?.containerName))?.image ?? td.containerDefinitions?.[0]?.image
  return updateAndFollow(ctx, target, current, result)
}

/** Stops a service deployment and follows it to its end (at most 15 min more). */
async function stopAndFollow(
  ctx: Context,
  d: ServiceDeployment,
  stopType: StopServiceDeploymentStopType,
  result: ReleaseResult,
  asStop: boolean
): Promise<ReleaseResult> {
  const arn = d.serviceDeploymentArn!
  const { target, source, names } = await revisionsOf(ctx, d)
  const t0 = Date.now()
  ctx.log.start(undefined, t0)
  await ctx.clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }))
  const out = {
    ...result,
    deploymentId: arn,
    taskDefinitionArn: result.taskDefinitionArn ?? source,
    previousTaskDefinitionArn: target ?? result.previousTaskDefinitionArn
  }
  const state: { prev?: NativeSnapshot } = {}
  const end = await watch(ctx, arn, names, state, Date.now() + 15 * 60_000, 'complete')
  if (end.end !== 'done')
    return {
      ...out,
      outcome: 'stopped',
      cause: `Stopped service deployment ${arn}; its ${stopType === 'ROLLBACK' ? 'rollback' : 'stop'} had not ended after 15 min`
    }
  return conclude(ctx, arn, names, state, end, t0, out, asStop)
}

/** mode stop: stops the service deployment in flight (or 'deployment-id') with rollback (ABORT with rollback: false), and follows it. */
export async function nativeStop(ctx: Context): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const result = baseResult(ctx, { outcome: 'stopped' })
  const arn = inputs.deploymentId ?? (await inFlight(ctx))[0]
  if (!arn) {
    log.line(`No service deployment of ${inputs.cluster}/${inputs.service} is in flight: nothing to stop.`)
    return { ...result, outcome: 'stopped' }
  }
  const d = await describeServiceDeployment(ctx.clients.ecs, arn)
  refuseForeignDeployment(d, ctx.detected?.service?.serviceArn, ctx.inputs)
  if (d.status && NATIVE_TERMINAL.has(d.status)) {
    throw new ActionError(
      `Input 'deployment-id': service deployment ${arn} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`,
      'deployment-id'
    )
  }
  const stopType = inputs.rollback ? 'ROLLBACK' : 'ABORT'
  log.line(`Stopping service deployment ${arn} (${stopType})  ${result.deploymentUrl}`)
  return stopAndFollow(ctx, d, stopType, result, true)
}

/** mode continue: passes the PAUSE lifecycle hook the release waits at (wait-for: ready) and follows it on. */
export async function nativeContinue(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const arn = inputs.deploymentId!
  const d = await describeServiceDeployment(clients.ecs, arn)
  refuseForeignDeployment(d, ctx.detected?.service?.serviceArn, ctx.inputs)
  const hook = d.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION')
  if (!hook?.hookId) {
    throw new ActionError(
      `Input 'deployment-id': service deployment ${arn} is ${d.status}${d.lifecycleStage && !NATIVE_TERMINAL.has(d.status ?? '') ? ` in ${d.lifecycleStage}` : ''} and no lifecycle hook awaits action; there is nothing to continue. Continue works while a PAUSE hook waits (the step that released it used wait-for: ready).`,
      'deployment-id'
    )
  }
  const { target, source, names } = await revisionsOf(ctx, d)
  const result = baseResult(ctx, { deploymentId: arn, taskDefinitionArn: target, previousTaskDefinitionArn: source })
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  await clients.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: hook.hookId, action: 'CONTINUE' }))
  // From here this step owns the release: the post step stops it if the step is killed.
  core.saveState(STATE_DEPLOYMENT, arn)
  log.line(`ContinueServiceDeployment ${arn} (lifecycle hook ${hook.hookId} in ${d.lifecycleStage}: going on)  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }
  // What the paused release showed was said by the step that started it.
  const state: { prev?: NativeSnapshot } = { prev: nativeSnapshot(d, names, t0) }
  const end = await watch(ctx, arn, names, state, deadlineOf(ctx), inputs.waitFor, ctx.signal, hook.hookId)
  return conclude(ctx, arn, names, state, end, t0, result)
}

/** The post step, after the main step was killed mid-release: stops the service deployment with rollback (unless on-cancel: leave). */
export async function nativeAfterKill(o: { inputs: Inputs; clients: Clients; deploymentId: string; warn: (m: string) => void }): Promise<void> {
  try {
    const d = await describeServiceDeployment(o.clients.ecs, o.deploymentId)
    if (!d.status || NATIVE_TERMINAL.has(d.status) || d.status.startsWith('ROLLBACK') || d.status === 'STOP_REQUESTED') return
    if (o.inputs.onCancel === 'leave') {
      o.warn(`The main step ended before service deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`)
      return
    }
    await o.clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: o.deploymentId, stopType: 'ROLLBACK' }))
    o.warn(`The main step ended before service deployment ${o.deploymentId} did: stopped it with rollback (on-cancel: rollback).`)
  } catch (err) {
    core.error(
      `Could not settle service deployment ${o.deploymentId} after the main step ended: ${describeError(err)}. Check it in the console and stop it by hand if it still runs.`
    )
  }
}
