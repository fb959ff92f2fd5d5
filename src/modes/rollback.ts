import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import { findActiveDeployment, stopDeployment, successfulReleases } from '../aws/codedeploy.js'
import { describeTaskDefinition } from '../aws/ecs.js'
import { loadBalancedContainer } from '../plan/appspec.js'
import { requireContainerPort, toRegisterInput } from '../plan/taskdef.js'
import { consoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import type { Context } from './context.js'
import { follow } from './follow.js'
import { release, settle } from './release.js'
import { resolveServiceAndGroup } from './resolve.js'
import { refuseSameRevision, resolveRollbackTarget, type PreviousRelease } from './rollback-target.js'

/**
 * mode rollback: with a deployment in flight, stop it with CodeDeploy's rollback; otherwise release
 * an earlier task definition through a new deployment, streamed like any release.
 */
export async function rollback(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const { service, group } = await resolveServiceAndGroup(ctx)
  const current = service.taskDefinition ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition
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

/** 'previous' for the CodeDeploy way: the group's last successful release of another task definition. */
function previousFromGroup(ctx: Context, group: DeploymentGroupInfo, current: string | undefined): PreviousRelease {
  return async () => {
    const releases = await successfulReleases(ctx.clients.codedeploy, group.applicationName!, group.deploymentGroupName!)
    const earlier = releases.find((r) => r.taskDefinitionArn && r.taskDefinitionArn !== current)
    if (!earlier?.taskDefinitionArn)
      return { none: `deployment group '${group.deploymentGroupName}' has no successful release of anything but ${revisionName(current)} in its history` }
    return { taskDefinitionArn: earlier.taskDefinitionArn, foundIn: `deployment ${earlier.id}` }
  }
}
