/**
 * The ECS-native way (deployment controller ECS, strategy BLUE_GREEN, LINEAR or CANARY): register
 * the task definition and UpdateService; the service's own deploymentConfiguration drives the
 * release. The service deployment is found with ListServiceDeployments and streamed with
 * DescribeServiceDeployments: lifecycle stages, traffic weights, task counts, hooks, circuit
 * breaker, alarms, rollback. A timeout, a cancel and mode stop use StopServiceDeployment ROLLBACK.
 *
 * deployment-id is the service deployment ARN.
 */
import * as core from '@actions/core'
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { describeService, registerTaskDefinition } from '../aws/ecs.js'
import type { Clients } from '../aws/clients.js'
import { ActionError, describeError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { checkNotCancelled, deadlineOf, type Context } from '../modes/context.js'
import { currentTaskDefinition, printRendered, readPlanFiles, renderFromService } from '../modes/deploy.js'
import { STATE_DEPLOYMENT } from '../modes/release.js'
import { clock, duration, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { ecsConsoleUrl } from '../rolling/release.js'
import { sleep } from '../watch/watcher.js'
import { compareNative, NATIVE_TERMINAL, nativeSnapshot, nativeVerdict, type NativeSnapshot, type NativeVerdict } from './watch.js'

/** How the service's deploymentConfiguration releases, in one line. */
export function nativeConfigLine(s: Service): string {
  const c = s.deploymentConfiguration
  const parts: string[] = []
  const strategy = c?.strategy ?? 'BLUE_GREEN'
  if (strategy === 'LINEAR') parts.push(`linear ${c?.linearConfiguration?.stepPercent ?? 10}% every ${duration((c?.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * 60_000)}`)
  else if (strategy === 'CANARY') parts.push(`canary ${c?.canaryConfiguration?.canaryPercent ?? 5}% for ${duration((c?.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * 60_000)}`)
  else parts.push('blue/green')
  parts.push(`bake ${duration((c?.bakeTimeInMinutes ?? 0) * 60_000)}`)
  const cb = c?.deploymentCircuitBreaker
  if (cb?.enable) parts.push(`circuit breaker${cb.rollback ? ' with rollback' : ''}`)
  if (c?.alarms?.enable && c.alarms.alarmNames?.length) parts.push(`alarms ${c.alarms.alarmNames.join(', ')}`)
  if (c?.lifecycleHooks?.length) parts.push(`${c.lifecycleHooks.length} lifecycle hook${c.lifecycleHooks.length > 1 ? 's' : ''}`)
  return parts.join(', ')
}

async function describeSd(ecs: ECSClient, arn: string): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))
  const d = out.serviceDeployments?.[0]
  if (!d) throw new ActionError(`Input 'deployment-id': service deployment ${arn} does not exist in this account and region.`, 'deployment-id')
  return d
}

async function listSd(ecs: ECSClient, inputs: Inputs, status?: ('PENDING' | 'IN_PROGRESS')[]): Promise<string[]> {
  const out = await ecs.send(new ListServiceDeploymentsCommand({ cluster: inputs.cluster, service: inputs.service, status }))
  return (out.serviceDeployments ?? []).map((d) => d.serviceDeploymentArn!).filter(Boolean)
}

type End = { end: 'done'; verdict: NativeVerdict; snapshot?: NativeSnapshot } | { end: 'aborted' | 'timeout'; snapshot?: NativeSnapshot }

/** Looks until the verdict is not 'waiting', the deadline passes or the job is cancelled; logs every change. */
async function watch(ctx: Context, arn: string, names: NativeSnapshot['names'], state: { prev?: NativeSnapshot }, deadline: number, until: 'complete' | 'traffic-shifted', signal?: AbortSignal): Promise<End> {
  let delay = ctx.policy.minMs
  for (;;) {
    if (signal?.aborted) return { end: 'aborted', snapshot: state.prev }
    const s = nativeSnapshot(await describeSd(ctx.clients.ecs, arn), names, Date.now(), state.prev)
    const events = compareNative(state.prev, s)
    for (const e of events) ctx.log.event(e)
    state.prev = s
    const v = nativeVerdict(s, until)
    if (v !== 'waiting') return { end: 'done', verdict: v, snapshot: s }
    const now = Date.now()
    if (now >= deadline) return { end: 'timeout', snapshot: s }
    delay = events.length ? ctx.policy.minMs : Math.min(ctx.policy.maxMs, Math.round(delay * 1.5))
    if (!(await sleep(Math.max(10, Math.min(delay, deadline - now)), signal))) return { end: 'aborted', snapshot: s }
  }
}

/** Turns how the watch ended into a result; stops the deployment with rollback on a timeout or cancel (unless told to leave it). */
async function conclude(ctx: Context, arn: string, names: NativeSnapshot['names'], state: { prev?: NativeSnapshot }, end: End, t0: number, result: ReleaseResult, stoppedByUs = false): Promise<ReleaseResult> {
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
    if (v === 'traffic-shifted') {
      log.line(`  ${at()}  All production traffic is on ${names.target} (wait-for: traffic-shifted); the service deployment goes on without us.`)
      return { ...result, outcome: 'traffic-shifted', durationMs: ms(), traffic: { green: 100, blue: 0 } }
    }
    if (v === 'rolled-back' || v === 'stopped') {
      log.line(`  ${at()}  ${v === 'rolled-back' ? 'Rolled back' : 'Stopped'} after ${duration(ms())}${v === 'rolled-back' ? `: ${names.source} has all the traffic` : ''}`)
      if (stoppedByUs) return { ...result, outcome: 'stopped', durationMs: ms(), traffic: { green: 0, blue: 100 }, cause: /^Service deployment /.test(reason) ? reason : `Service deployment stopped with rollback${reason ? `: ${reason}` : ''}` }
      const said = /^Service deployment /.test(reason) ? reason : `Service deployment ${v === 'rolled-back' ? 'rolled back' : 'stopped'}${reason ? `: ${reason}` : ''}`
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

export async function nativeDeploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  if (inputs.waitFor === 'ready') {
    throw new ActionError("Input 'wait-for': 'ready' is not available for an ECS-native release (use a PAUSE lifecycle hook on the service for that). Use complete, traffic-shifted or none.", 'wait-for')
  }
  const files = ctx.files ?? readPlanFiles(inputs)
  const service = ctx.detected?.service ?? (await describeService(clients.ecs, inputs.cluster, inputs.service))
  const lb = service.loadBalancers?.find((l) => l.containerName)
  const rendered = await renderFromService(ctx, service, files.fromFile, lb ? { containerName: lb.containerName!, containerPort: lb.containerPort } : undefined)
  const config = nativeConfigLine(service)
  log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  ECS-native ${config}  ${service.desiredCount ?? 0} task${service.desiredCount === 1 ? '' : 's'}`)
  printRendered(ctx, rendered)
  const previous = rendered.previousArn ?? currentTaskDefinition(service)
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: inputs.service,
    image: inputs.image ?? rendered.taskDefinition.containerDefinitions?.find((c) => c.name === rendered.imageContainer)?.image,
    previousTaskDefinitionArn: previous,
    deploymentConfig: `ECS-native ${config}`,
    deploymentUrl: ecsConsoleUrl(inputs.cluster, inputs.service, ctx.region)
  }
  const inFlight = await listSd(clients.ecs, inputs, ['PENDING', 'IN_PROGRESS'])
  if (inFlight.length && inputs.ifBusy === 'fail') {
    throw new ActionError(`Service '${inputs.service}' is busy with service deployment ${inFlight[0]}. Wait for it, stop it (mode: stop), or set 'if-busy' to stop-previous; nothing was deployed.`, 'if-busy')
  }
  const before = new Set(await listSd(clients.ecs, inputs))

  // Changes start here.
  checkNotCancelled(ctx)
  const registered = await registerTaskDefinition(clients.ecs, rendered.taskDefinition)
  const arnTd = registered.taskDefinitionArn!
  result.taskDefinitionArn = arnTd
  log.line(`Registered ${revisionName(arnTd)}`)
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  await clients.ecs.send(new UpdateServiceCommand({ cluster: inputs.cluster, service: inputs.service, taskDefinition: arnTd }))
  // The service deployment appears in the list shortly after UpdateService.
  let arn: string | undefined
  for (let i = 0; i < 20 && !arn; i++) {
    arn = (await listSd(clients.ecs, inputs)).find((a) => !before.has(a))
    if (!arn) await sleep(Math.min(500 * (i + 1), 3000))
  }
  if (!arn) throw new ActionError(`UpdateService took ${revisionName(arnTd)}, but no new service deployment of '${inputs.service}' was listed. Follow it in the console: ${result.deploymentUrl}`)
  core.saveState(STATE_DEPLOYMENT, arn)
  result.deploymentId = arn
  log.line(`UpdateService ${revisionName(arnTd)}: service deployment ${arn}  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const names = { target: revisionName(arnTd), source: revisionName(previous) }
  const state: { prev?: NativeSnapshot } = {}
  const end = await watch(ctx, arn, names, state, deadlineOf(ctx), inputs.waitFor === 'traffic-shifted' ? 'traffic-shifted' : 'complete', ctx.signal)
  return conclude(ctx, arn, names, state, end, t0, result)
}

/** mode stop: stops the service deployment in flight (or 'deployment-id') with rollback, and follows the rollback. */
export async function nativeStop(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const result: ReleaseResult = { outcome: 'stopped', cluster: inputs.cluster, service: inputs.service, deploymentUrl: ecsConsoleUrl(inputs.cluster, inputs.service, ctx.region) }
  const arn = inputs.deploymentId ?? (await listSd(clients.ecs, inputs, ['PENDING', 'IN_PROGRESS']))[0]
  if (!arn) {
    log.line(`No service deployment of ${inputs.cluster}/${inputs.service} is in flight: nothing to stop.`)
    return result
  }
  const d = await describeSd(clients.ecs, arn)
  if (d.status && NATIVE_TERMINAL.has(d.status)) {
    throw new ActionError(`Input 'deployment-id': service deployment ${arn} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`, 'deployment-id')
  }
  const stopType = inputs.rollback ? 'ROLLBACK' : 'ABORT'
  log.line(`Stopping service deployment ${arn} (${stopType})  ${result.deploymentUrl}`)
  const t0 = Date.now()
  log.start(undefined, t0)
  await clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }))
  result.deploymentId = arn
  // The service runs the release's task definition since its UpdateService; the source is not named without another call.
  const current = ctx.detected?.service?.taskDefinition
  const names = { target: current ? revisionName(current) : 'the new revision', source: 'the previous revision' }
  const state: { prev?: NativeSnapshot } = {}
  const end = await watch(ctx, arn, names, state, Date.now() + 15 * 60_000, 'complete')
  if (end.end !== 'done') return { ...result, cause: `Stopped service deployment ${arn}; its ${stopType === 'ROLLBACK' ? 'rollback' : 'stop'} had not ended after 15 min` }
  return conclude(ctx, arn, names, state, end, t0, result, true)
}

/** The post step, after the main step was killed mid-release: stops the service deployment with rollback (unless on-cancel: leave). */
export async function nativeAfterKill(o: { inputs: Inputs; clients: Clients; deploymentId: string; warn: (m: string) => void }): Promise<void> {
  try {
    const d = await describeSd(o.clients.ecs, o.deploymentId)
    if (!d.status || NATIVE_TERMINAL.has(d.status) || d.status.startsWith('ROLLBACK') || d.status === 'STOP_REQUESTED') return
    if (o.inputs.onCancel === 'leave') {
      o.warn(`The main step ended before service deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`)
      return
    }
    await o.clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: o.deploymentId, stopType: 'ROLLBACK' }))
    o.warn(`The main step ended before service deployment ${o.deploymentId} did: stopped it with rollback (on-cancel: rollback).`)
  } catch (err) {
    core.error(`Could not settle service deployment ${o.deploymentId} after the main step ended: ${describeError(err)}. Check it in the console and stop it by hand if it still runs.`)
  }
}
