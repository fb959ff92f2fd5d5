import { continueDeployment, findActiveDeployment, getDeployment, stopDeployment } from '../aws/codedeploy.js'
import { ActionError } from '../errors.js'
import { consoleUrl } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import type { Context } from './context.js'
import { follow } from './follow.js'
import { resolveServiceAndGroup } from './resolve.js'
import { settle } from './release.js'

function resultOf(ctx: Context, deploymentId: string | undefined): ReleaseResult {
  return {
    outcome: 'stopped',
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentId,
    deploymentUrl: deploymentId ? consoleUrl(deploymentId, ctx.region) : undefined
  }
}

/** mode stop: stops the group's deployment in flight (with rollback unless 'rollback: false') and waits for the rollback. */
export async function stop(ctx: Context): Promise<ReleaseResult> {
  const { inputs, log, clients } = ctx
  const { group } = await resolveServiceAndGroup(ctx)
  const id = inputs.deploymentId ?? (await findActiveDeployment(clients.codedeploy, group.applicationName!, group.deploymentGroupName!))
  if (!id) {
    log.line(`No deployment of ${group.applicationName}/${group.deploymentGroupName} is in flight: nothing to stop.`)
    return resultOf(ctx, undefined)
  }
  log.line(`Stopping deployment ${id}${inputs.rollback ? ' with rollback' : ' without rollback (rollback: false)'}  ${consoleUrl(id, ctx.region)}`)
  await stopDeployment(clients.codedeploy, id, inputs.rollback)
  const f = await follow(ctx, id)
  const settled = await settle(ctx, id, f)
  // Stopping is what this mode is for: a stop that rolled back is its success.
  return { ...resultOf(ctx, id), ...settled, outcome: settled.outcome === 'failed' ? 'stopped' : settled.outcome! }
}

/** mode continue: passes the approval gate (READY_WAIT) or ends the wait before blue is removed (TERMINATION_WAIT). */
export async function resume(ctx: Context): Promise<ReleaseResult> {
  const { inputs, log, clients } = ctx
  const id = inputs.deploymentId!
  const d = await getDeployment(clients.codedeploy, id).catch((err: Error) => {
    if (/DoesNotExist|InvalidDeploymentId/.test(err.name)) throw new ActionError(`Input 'deployment-id': deployment '${id}' does not exist in this account and region.`, 'deployment-id')
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
  log.line(`ContinueDeployment ${id} (${waitType === 'READY_WAIT' ? 'approval gate passed: shifting production traffic' : 'ending the wait before blue is removed'})  ${consoleUrl(id, ctx.region)}`)
  const result: ReleaseResult = { ...resultOf(ctx, id), application: d.applicationName, deploymentGroup: d.deploymentGroupName, deploymentConfig: d.deploymentConfigName, outcome: 'failed' }
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }
  const f = await follow(ctx, id, { until: inputs.waitFor })
  return { ...result, ...(await settle(ctx, id, f)) }
}
