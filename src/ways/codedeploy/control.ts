/**
 * Release control on the CodeDeploy way. stop: stops the group's deployment in flight (with
 * rollback unless 'rollback: false'). continue: passes the approval gate (READY_WAIT) or ends the
 * wait before blue is removed (TERMINATION_WAIT). rollback: stops a deployment in flight with
 * CodeDeploy's rollback, or releases an earlier task definition through a new deployment.
 */
import type { DeploymentGroupInfo, DeploymentInfo } from '@aws-sdk/client-codedeploy'
import { continueDeployment, findActiveDeployment, findDeploymentGroup, getDeployment, stopDeployment, successfulReleases } from '../../aws/codedeploy.js'
import { describeTaskDefinition } from '../../aws/ecs.js'
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { currentTaskDefinition } from '../../kit/render.js'
import { refuseSameRevision, resolveRollbackTarget, type PreviousRelease } from '../../kit/rollback-target.js'
import { requireContainerPort, toRegisterInput } from '../../kit/taskdef.js'
import { revisionName } from '../../report/format.js'
import { consoleUrl, TERMINAL } from './events.js'
import { loadBalancedContainer, resolveServiceAndGroup, type CodeDeployContext } from './plan.js'
import { recordedPrevious, release, settle } from './release.js'
import { follow } from './watch.js'

function resultOf(ctx: CodeDeployContext, deploymentId: string | undefined): ReleaseResult {
  return {
    outcome: 'stopped',
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentId,
    deploymentUrl: deploymentId ? consoleUrl(deploymentId, ctx.region) : undefined
  }
}

/** The deployment 'deployment-id' names, or the reason it cannot be used. */
async function namedDeployment(ctx: CodeDeployContext, id: string): Promise<DeploymentInfo> {
  return getDeployment(ctx.clients.codedeploy, id).catch((err: Error) => {
    if (/DoesNotExist|InvalidDeploymentId/.test(err.name)) {
      throw new ActionError(
        `Input 'deployment-id': deployment '${id}' does not exist in this account and region. Pass the 'deployment-id' output of the step that started it, and check 'aws-region'.`,
        'deployment-id'
      )
    }
    throw err
  })
}

/** mode stop: stops the group's deployment in flight (with rollback unless 'rollback: false') and waits for the rollback. */
export async function stop(ctx: CodeDeployContext): Promise<ReleaseResult> {
  const { inputs, log, clients } = ctx
  const { group } = await resolveServiceAndGroup(ctx)
  if (inputs.deploymentId) {
    // Checked before StopDeployment: a mistyped or stale id must not stop another service's release.
    const d = await namedDeployment(ctx, inputs.deploymentId)
    if (d.applicationName !== group.applicationName || d.deploymentGroupName !== group.deploymentGroupName) {
      throw new ActionError(
        `Input 'deployment-id': deployment ${inputs.deploymentId} belongs to ${d.applicationName}/${d.deploymentGroupName}, not to ${group.applicationName}/${group.deploymentGroupName}, the group of ${inputs.cluster}/${inputs.service}. Pass the id of a deployment of this service, or leave 'deployment-id' out to stop the one in flight.`,
        'deployment-id'
      )
    }
    if (d.status && TERMINAL.has(d.status)) {
      throw new ActionError(
        `Input 'deployment-id': deployment ${inputs.deploymentId} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`,
        'deployment-id'
      )
    }
  }
  const id = inputs.deploymentId ?? (await findActiveDeployment(clients.codedeploy, group.applicationName!, group.deploymentGroupName!))
  if (!id) {
    log.line(`No deployment of ${group.applicationName}/${group.deploymentGroupName} is in flight: nothing to stop.`)
    return resultOf(ctx, undefined)
  }
  log.line(`Stopping deployment ${id}${inputs.rollback ? ' with rollback' : ' without rollback (rollback: false)'}  ${consoleUrl(id, ctx.region)}`)
  await stopDeployment(clients.codedeploy, id, inputs.rollback)
  const f = await follow(ctx, id, { expectRollback: inputs.rollback })
  const settled = await settle(ctx, id, f)
  // Stopping is what this mode is for: a stop that rolled back is its success.
  return { ...resultOf(ctx, id), ...settled, outcome: settled.outcome === 'failed' ? 'stopped' : settled.outcome! }
}

/** mode continue: passes the approval gate (READY_WAIT) or ends the wait before blue is removed (TERMINATION_WAIT). */
export async function continueRelease(ctx: CodeDeployContext): Promise<ReleaseResult> {
  const { inputs, log, clients } = ctx
  const id = inputs.deploymentId!
  const d = await namedDeployment(ctx, id)
  await findDeploymentGroup(clients.codedeploy, {
    application: d.applicationName,
    deploymentGroup: d.deploymentGroupName,
    cluster: inputs.cluster,
    service: inputs.service
  }).catch((err: unknown) => {
    if (err instanceof ActionError && err.subject === 'codedeploy-deployment-group') {
      throw new ActionError(
        `Input 'deployment-id': deployment ${id} belongs to ${d.applicationName}/${d.deploymentGroupName}, which does not deploy ${inputs.cluster}/${inputs.service}. Pass the 'deployment-id' output of the step that released this service.`,
        'deployment-id'
      )
    }
    throw err
  })
  let waitType: 'READY_WAIT' | 'TERMINATION_WAIT'
  if (d.status === 'Ready') waitType = 'READY_WAIT'
  else if (d.status === 'InProgress' && d.instanceTerminationWaitTimeStarted) waitType = 'TERMINATION_WAIT'
  else {
    throw new ActionError(
      `Input 'deployment-id': deployment ${id} is ${d.status}${d.status === 'InProgress' ? ' and not waiting' : ''}; there is nothing to continue. Continue works while it waits at the approval gate (Ready) or before the blue task set is removed.`,
      'deployment-id'
    )
  }
  await continueDeployment(clients.codedeploy, id, waitType)
  log.line(
    `ContinueDeployment ${id} (${waitType === 'READY_WAIT' ? 'approval gate passed: shifting production traffic' : 'ending the wait before blue is removed'})  ${consoleUrl(id, ctx.region)}`
  )
  const result: ReleaseResult = {
    ...resultOf(ctx, id),
    application: d.applicationName,
    deploymentGroup: d.deploymentGroupName,
    deploymentConfig: d.deploymentConfigName,
    outcome: 'failed'
  }
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }
  const f = await follow(ctx, id, { until: inputs.waitFor, analyse: true })
  return { ...result, ...(await settle(ctx, id, f)) }
}

/**
 * mode rollback: with a deployment in flight, stop it with CodeDeploy's rollback; otherwise release
 * an earlier task definition through a new deployment, streamed like any release.
 */
export async function rollback(ctx: CodeDeployContext): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const { service, group } = await resolveServiceAndGroup(ctx)
  const current = currentTaskDefinition(service)
  const active = await findActiveDeployment(clients.codedeploy, group.applicationName!, group.deploymentGroupName!)
  if (active) {
    log.line(`Deployment ${active} is in flight: stopping it with rollback (mode: rollback)  ${consoleUrl(active, ctx.region)}`)
    await stopDeployment(clients.codedeploy, active, true)
    const settled = await settle(ctx, active, await follow(ctx, active, { previousTaskDefinitionArn: current }), current)
    return {
      cluster: inputs.cluster,
      service: inputs.service,
      deploymentId: active,
      deploymentUrl: consoleUrl(active, ctx.region),
      previousTaskDefinitionArn: current,
      ...settled,
      outcome: settled.outcome!
    }
  }

  const target = await resolveRollbackTarget(ctx, current, previousFromGroup(ctx, group, current))
  refuseSameRevision(target, current)
  const lb = loadBalancedContainer(service)
  const td = await describeTaskDefinition(clients.ecs, target)
  requireContainerPort(toRegisterInput(td.taskDefinition), lb.containerName, lb.containerPort, 'rollback-to')
  log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  rollback via CodeDeploy ${group.applicationName}/${group.deploymentGroupName}`)
  log.line(`Task definition ${revisionName(current)} -> ${revisionName(target)} (rollback-to: ${inputs.rollbackTo})`)
  const image = td.taskDefinition.containerDefinitions?.find((c) => c.name === (inputs.containerName ?? lb.containerName))?.image
  return release(ctx, { service, group, ...lb, previousArn: current, image }, target)
}

/**
 * 'previous' for the CodeDeploy way: the revision the service ran before the release that is live
 * now, as that release recorded it in its description; a live release without one (not made by
 * this action) falls back to the group's last successful release of another task definition.
 */
function previousFromGroup(ctx: CodeDeployContext, group: DeploymentGroupInfo, current: string | undefined): PreviousRelease {
  return async () => {
    const releases = await successfulReleases(ctx.clients.codedeploy, group.applicationName!, group.deploymentGroupName!)
    for (const r of releases.filter((x) => x.taskDefinitionArn === current)) {
      const recorded = recordedPrevious(r.description)
      if (recorded && recorded !== revisionName(current))
        return { taskDefinitionArn: recorded, foundIn: `what deployment ${r.id} released ${revisionName(current)} over` }
    }
    const earlier = releases.find((r) => r.taskDefinitionArn && r.taskDefinitionArn !== current)
    if (!earlier?.taskDefinitionArn)
      return { none: `deployment group '${group.deploymentGroupName}' has no successful release of anything but ${revisionName(current)} in its history` }
    return { taskDefinitionArn: earlier.taskDefinitionArn, foundIn: `deployment ${earlier.id}` }
  }
}
