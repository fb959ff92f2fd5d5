/**
 * Release control on the ECS-native way. stop: StopServiceDeployment ROLLBACK (ABORT with
 * 'rollback: false') on the service deployment in flight, followed to its end. continue: passes the
 * PAUSE lifecycle hook a release waits at (wait-for: ready). rollback: stops a service deployment
 * in flight with rollback, or releases the previous service revision's task definition.
 */
import type { ServiceDeployment, StopServiceDeploymentStopType } from '@aws-sdk/client-ecs'
import { continueServiceDeployment, describeTaskDefinition, stopServiceDeployment } from '../../aws/ecs.js'
import { describeServiceDeployment, previousServiceRelease, refuseForeignDeployment } from '../../aws/service-deployments.js'
import { checkNotCancelled, chosenService, deadlineOf } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { STATE } from '../../core/state.js'
import { currentTaskDefinition } from '../../kit/render.js'
import { refuseSameRevision, resolveRollbackTarget } from '../../kit/rollback-target.js'
import { requireContainerPort, toRegisterInput } from '../../kit/taskdef.js'
import { revisionName } from '../../report/format.js'
import { NATIVE_TERMINAL, nativeSnapshot } from './events.js'
import { baseResult, headerLine, inFlight, nativeConfigLine, refuseReadyWithoutPause, revisionsOf, type NativeContext } from './plan.js'
import { conclude, updateAndFollow } from './release.js'
import { refuseAnalysisWithoutGroups, watchServiceDeployment, type Followed } from './watch.js'

/**
 * mode rollback: a service deployment in flight is stopped with rollback; otherwise the task
 * definition of the previous service revision (or rollback-to's) is released like any deploy.
 */
export async function rollback(ctx: NativeContext): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const service = chosenService(ctx)
  const current = currentTaskDefinition(service)
  const [active] = await inFlight(ctx)
  const result = baseResult(ctx, { previousTaskDefinitionArn: current, deploymentConfig: `ECS-native ${nativeConfigLine(service)}` })
  if (active) {
    log.line(`Service deployment ${active} is in flight: stopping it with rollback (mode: rollback)  ${result.deploymentUrl}`)
    return stopAndFollow(ctx, await describeServiceDeployment(clients.ecs, active), 'ROLLBACK', result, false)
  }
  refuseReadyWithoutPause(ctx, service)
  const target = await resolveRollbackTarget(ctx, current, () => previousServiceRelease(clients.ecs, inputs.cluster, inputs.service, current))
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
  ctx: NativeContext,
  d: ServiceDeployment,
  stopType: StopServiceDeploymentStopType,
  result: ReleaseResult,
  asStop: boolean
): Promise<ReleaseResult> {
  const arn = d.serviceDeploymentArn!
  const { target, source, names } = await revisionsOf(ctx, d)
  const t0 = Date.now()
  ctx.log.start(undefined, t0)
  await stopServiceDeployment(ctx.clients.ecs, arn, stopType)
  const out = {
    ...result,
    deploymentId: arn,
    taskDefinitionArn: result.taskDefinitionArn ?? source,
    previousTaskDefinitionArn: target ?? result.previousTaskDefinitionArn
  }
  const f: Followed = { arn, names }
  const end = await watchServiceDeployment(ctx, f, { deadline: Date.now() + 15 * 60_000, until: 'complete' })
  if (end.end !== 'done') {
    return {
      ...out,
      outcome: 'stopped',
      cause: `Stopped service deployment ${arn}; its ${stopType === 'ROLLBACK' ? 'rollback' : 'stop'} had not ended after 15 min`
    }
  }
  return conclude(ctx, f, end, t0, out, asStop)
}

/** mode stop: stops the service deployment in flight (or 'deployment-id') with rollback (ABORT with rollback: false), and follows it. */
export async function stop(ctx: NativeContext): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const result = baseResult(ctx, { outcome: 'stopped' })
  const arn = inputs.deploymentId ?? (await inFlight(ctx))[0]
  if (!arn) {
    log.line(`No service deployment of ${inputs.cluster}/${inputs.service} is in flight: nothing to stop.`)
    return { ...result, outcome: 'stopped' }
  }
  const d = await describeServiceDeployment(ctx.clients.ecs, arn)
  refuseForeignDeployment(d, chosenService(ctx).serviceArn, ctx.inputs)
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
export async function continueRelease(ctx: NativeContext): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const arn = inputs.deploymentId!
  refuseAnalysisWithoutGroups(ctx, chosenService(ctx))
  const d = await describeServiceDeployment(clients.ecs, arn)
  refuseForeignDeployment(d, chosenService(ctx).serviceArn, ctx.inputs)
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
  await continueServiceDeployment(clients.ecs, arn, hook.hookId)
  // From here this step owns the release: the post step stops it if the step is killed.
  ctx.state.save(STATE.deployment, arn)
  log.line(`ContinueServiceDeployment ${arn} (lifecycle hook ${hook.hookId} in ${d.lifecycleStage}: going on)  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }
  // What the paused release showed was said by the step that started it.
  const f: Followed = { arn, names, prev: nativeSnapshot(d, names, t0) }
  const end = await watchServiceDeployment(ctx, f, { deadline: deadlineOf(ctx), until: inputs.waitFor, signal: ctx.signal, passed: hook.hookId, analyse: true })
  return conclude(ctx, f, end, t0, result)
}
