/**
 * An ECS-native release (deployment controller ECS, strategy BLUE_GREEN, LINEAR or CANARY):
 * register the task definition and UpdateService; the service's own deploymentConfiguration drives
 * the release. The service deployment is found with ListServiceDeployments and streamed with
 * DescribeServiceDeployments: lifecycle stages, traffic weights, task counts, hooks, circuit
 * breaker, alarms, rollback. A timeout or a cancel stops it with rollback (StopServiceDeployment
 * ROLLBACK); wait-for ready stops at a PAUSE lifecycle hook, which mode continue passes.
 *
 * deployment-id is the service deployment ARN.
 */
import { stopServiceDeployment, updateService } from '../../aws/ecs.js'
import { describeServiceDeployment, listServiceDeployments } from '../../aws/service-deployments.js'
import { checkNotCancelled, chosenService, deadlineOf } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import { serviceSuspects, type ReleaseResult } from '../../core/result.js'
import { STATE } from '../../core/state.js'
import { awaitIdle, type Busy } from '../../kit/if-busy.js'
import { sleep } from '../../kit/poll.js'
import { registerRelease, unchangedRelease } from '../../kit/register.js'
import { currentTaskDefinition, imageOf, printRendered, renderFromService } from '../../kit/render.js'
import { settleCutShort } from '../../kit/settle.js'
import { clock, duration, ecsConsoleUrl, revisionName } from '../../report/format.js'
import { baseResult, headerLine, inFlight, nativeConfigLine, refuseReadyWithoutPause, revisionsOf, type NativeContext } from './plan.js'
import { awaitingHook, refuseAnalysisWithoutGroups, watchServiceDeployment, type Followed, type WatchEnd } from './watch.js'

export async function deploy(ctx: NativeContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const service = chosenService(ctx)
  refuseReadyWithoutPause(ctx, service)
  refuseAnalysisWithoutGroups(ctx, service)
  const lb = service.loadBalancers?.find((l) => l.containerName)
  const rendered = await renderFromService(ctx, service, lb ? { containerName: lb.containerName!, containerPort: lb.containerPort } : undefined)
  log.line(headerLine(ctx, service))
  printRendered(ctx, rendered)
  const previous = rendered.previousArn ?? currentTaskDefinition(service)
  const result = baseResult(ctx, {
    image: imageOf(inputs, rendered),
    previousTaskDefinitionArn: previous,
    deploymentConfig: `ECS-native ${nativeConfigLine(service)}`
  })
  // What runs after a release in flight was not read: only an idle service's release can be unchanged.
  const busy = await busyService(ctx)
  const unchanged = busy ? undefined : unchangedRelease(ctx, rendered, result)
  if (unchanged) return unchanged
  await awaitIdle(ctx, busy)

  // Changes start here.
  checkNotCancelled(ctx)
  const reg = await registerRelease(ctx, { ...rendered, service })
  if (reg.stop) return { ...result, taskDefinitionArn: reg.arn, ...reg.result }
  return updateAndFollow(ctx, reg.arn, previous, { ...result, taskDefinitionArn: reg.arn, ...reg.result })
}

/** The service deployment in flight, for if-busy. */
async function busyService(ctx: NativeContext): Promise<Busy | undefined> {
  const [active] = await inFlight(ctx)
  if (!active) return undefined
  return {
    name: `service deployment ${active}`,
    owner: `Service '${ctx.inputs.service}'`,
    url: ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
    stop: () => stopServiceDeployment(ctx.clients.ecs, active, 'ROLLBACK'),
    follow: async () => {
      const { names } = await revisionsOf(ctx, await describeServiceDeployment(ctx.clients.ecs, active))
      ctx.log.start(undefined, Date.now())
      const end = await watchServiceDeployment(ctx, { arn: active, names }, { deadline: deadlineOf(ctx), until: 'complete', signal: ctx.signal })
      return end.end === 'done' ? { ended: end.snapshot?.status ?? 'unknown' } : { gaveUp: end.end }
    }
  }
}

/**
 * UpdateService to `taskDefinitionArn`, finds the service deployment it started, and follows it as
 * wait-for says. Deploy and rollback both end here.
 */
export async function updateAndFollow(
  ctx: NativeContext,
  taskDefinitionArn: string,
  previous: string | undefined,
  result: ReleaseResult
): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const before = new Set((await listServiceDeployments(clients.ecs, inputs.cluster, inputs.service)).map((d) => d.serviceDeploymentArn))
  checkNotCancelled(ctx)
  const t0 = Date.now()
  log.start(undefined, t0)
  await updateService(clients.ecs, { cluster: inputs.cluster, service: inputs.service, taskDefinition: taskDefinitionArn })
  // The service deployment appears in the list shortly after UpdateService.
  let arn: string | undefined
  for (let i = 0; i < 20 && !arn; i++) {
    arn = (await listServiceDeployments(clients.ecs, inputs.cluster, inputs.service)).map((d) => d.serviceDeploymentArn).find((a) => a && !before.has(a))
    if (!arn) await sleep(Math.min(500 * (i + 1), 3000))
  }
  if (!arn) {
    throw new ActionError(
      `UpdateService took ${revisionName(taskDefinitionArn)}, but no new service deployment of '${inputs.service}' was listed. Follow it in the console: ${result.deploymentUrl}`
    )
  }
  ctx.state.save(STATE.deployment, arn)
  result.deploymentId = arn
  result.suspects = serviceSuspects(inputs.cluster, chosenService(ctx), taskDefinitionArn, new Date(t0))
  log.line(`UpdateService ${revisionName(taskDefinitionArn)}: service deployment ${arn}  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const f: Followed = { arn, names: { target: revisionName(taskDefinitionArn), source: revisionName(previous) } }
  const end = await watchServiceDeployment(ctx, f, { deadline: deadlineOf(ctx), until: inputs.waitFor, signal: ctx.signal, analyse: true })
  return conclude(ctx, f, end, t0, result)
}

/**
 * Turns how the watch ended into a result. A timeout or a cancel stops the service deployment with
 * rollback (unless told to leave it). `stoppedByUs`: mode stop's own stop, which ends 'stopped'.
 */
export async function conclude(ctx: NativeContext, f: Followed, end: WatchEnd, t0: number, result: ReleaseResult, stoppedByUs = false): Promise<ReleaseResult> {
  const { log } = ctx
  const { arn, names } = f
  const ms = (): number => Date.now() - t0
  const at = (): string => clock(ms())
  if (end.end !== 'done' && end.failure) {
    // Already stopped with rollback: a cancel or the deadline only ends the wait for it.
    const cut = end.end === 'aborted' ? 'was cancelled' : 'ran out of time'
    return {
      ...result,
      outcome: 'stopped',
      durationMs: ms(),
      cause: `${end.failure.cause}; service deployment ${arn} was stopped with rollback, still rolling back when the job ${cut}`
    }
  }
  if (end.end !== 'done') {
    const settled = await settleCutShort(ctx, end.end, {
      url: result.deploymentUrl ?? ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
      left: { now: `service deployment ${arn} is left running`, past: `service deployment ${arn} was left running` },
      rollBack: async () => {
        await stopServiceDeployment(ctx.clients.ecs, arn, 'ROLLBACK')
        return {
          did: `stopped service deployment ${arn} with rollback`,
          done: `service deployment ${arn} was stopped with rollback`,
          result: { traffic: { green: 0, blue: 100 } }
        }
      },
      afterRollBack: async (cut) => {
        if (cut !== 'timeout') return
        const back = await watchServiceDeployment(ctx, f, { deadline: Date.now() + 15 * 60_000, until: 'complete' })
        if (back.end === 'done') log.line(`  ${at()}  Rollback ended ${back.snapshot?.status}`)
      }
    })
    return { ...result, durationMs: ms(), ...settled }
  }
  ctx.settled()
  const v = end.verdict
  const s = end.snapshot
  const reason = (s?.rollbackReason ?? s?.statusReason ?? '').replace(/\.$/, '')
  if (v === 'succeeded') {
    log.event({ kind: 'end', status: 'Succeeded' })
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
    if (stoppedByUs) {
      return {
        ...result,
        outcome: 'stopped',
        durationMs: ms(),
        traffic: { green: 0, blue: 100 },
        cause: /^Service deployment /.test(reason) ? reason : `Service deployment stopped with rollback${reason ? `: ${reason}` : ''}`
      }
    }
    if (end.failure) {
      const cause = `${end.failure.cause}; service deployment ${arn} was stopped with rollback`
      return { ...result, outcome: v, durationMs: ms(), traffic: v === 'rolled-back' ? { green: 0, blue: 100 } : undefined, cause }
    }
    const said = /^Service deployment /.test(reason)
      ? reason
      : `Service deployment ${v === 'rolled-back' ? 'rolled back' : 'stopped'}${reason ? `: ${reason}` : ''}`
    return { ...result, outcome: v, durationMs: ms(), traffic: v === 'rolled-back' ? { green: 0, blue: 100 } : undefined, cause: said }
  }
  log.line(`  ${at()}  Failed after ${duration(ms())}: ${v.failed}`)
  return { ...result, outcome: 'failed', durationMs: ms(), cause: `Service deployment failed: ${v.failed}` }
}
