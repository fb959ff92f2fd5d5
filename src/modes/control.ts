import type { DeploymentInfo } from '@aws-sdk/client-codedeploy'
import { continueDeployment, findActiveDeployment, findDeploymentGroup, getDeployment, stopDeployment } from '../aws/codedeploy.js'
import { ActionError } from '../errors.js'
import { consoleUrl } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import type { Context } from './context.js'
import { follow } from './follow.js'
import { resolveServiceAndGroup } from './resolve.js'
import { settle } from './release.js'
import { TERMINAL } from '../watch/events.js'

function resultOf(ctx: Context, deploymentId: string | undefined): ReleaseResult {
  return {
    outcome: 'stopped',
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentId,
    deploymentUrl: deploymentId ? consoleUrl(deploymentId, ctx.region) : undefined
  }
}

/** The deployment 'deployment-id' names, or the reason it cannot be used. */
async function namedDeployment(ctx: Context, id: string): Promise<DeploymentInfo> {
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
export async function stop(ctx: Context): Promise<ReleaseResult> {
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
export async function resume(ctx: Context): Promise<ReleaseResult> {
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
  const f = await follow(ctx, id, { until: inputs.waitFor })
  return { ...result, ...(await settle(ctx, id, f)) }
}
