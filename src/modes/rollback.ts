import { ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import { findActiveDeployment, stopDeployment, successfulReleases } from '../aws/codedeploy.js'
import { describeTaskDefinition } from '../aws/ecs.js'
import { ActionError } from '../errors.js'
import { loadBalancedContainer } from '../plan/appspec.js'
import { requireContainerPort, toRegisterInput } from '../plan/taskdef.js'
import { consoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import type { Context } from './context.js'
import { follow } from './follow.js'
import { release, settle } from './release.js'
import { resolveServiceAndGroup } from './resolve.js'

/** How many task definitions a Version tag search reads before giving up. */
const VERSION_SEARCH_LIMIT = 30

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

  const target = await resolveRollbackTarget(ctx, group, current)
  if (target === current) {
    throw new ActionError(`Input 'rollback-to': ${revisionName(target)} is what the service runs now; there is nothing to roll back to. Name another revision.`, 'rollback-to')
  }
  const lb = loadBalancedContainer(service)
  const td = await describeTaskDefinition(clients.ecs, target)
  requireContainerPort(toRegisterInput(td.taskDefinition), lb.containerName, lb.containerPort, 'rollback-to')
  log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  rollback via CodeDeploy ${group.applicationName}/${group.deploymentGroupName}`)
  log.line(`Task definition ${revisionName(current)} -> ${revisionName(target)} (rollback-to: ${inputs.rollbackTo})`)
  const image = td.taskDefinition.containerDefinitions?.find((c) => c.name === (inputs.containerName ?? lb.containerName))?.image
  return release(ctx, { service, group, ...lb, previousArn: current, image }, target)
}

/** rollback-to: previous (from the group's history), a revision number, an ARN, or a Version tag value. */
async function resolveRollbackTarget(ctx: Context, group: DeploymentGroupInfo, current: string | undefined): Promise<string> {
  const { inputs, clients } = ctx
  const to = inputs.rollbackTo
  const family = (current ?? '').split('/').pop()?.split(':')[0]
  const describe = async (ref: string): Promise<string> => {
    try {
      return (await describeTaskDefinition(clients.ecs, ref)).taskDefinition.taskDefinitionArn!
    } catch (err) {
      if ((err as Error).name === 'ClientException' || (err as Error).name === 'InvalidParameterException') {
        throw new ActionError(`Input 'rollback-to': task definition '${ref}' does not exist. Give a revision of family '${family}' that exists (see aws ecs list-task-definitions --family-prefix ${family}).`, 'rollback-to')
      }
      throw err
    }
  }
  if (to === 'previous') {
    const releases = await successfulReleases(clients.codedeploy, group.applicationName!, group.deploymentGroupName!)
    const earlier = releases.find((r) => r.taskDefinitionArn && r.taskDefinitionArn !== current)
    if (!earlier?.taskDefinitionArn) {
      throw new ActionError(
        `Input 'rollback-to': deployment group '${group.deploymentGroupName}' has no successful release of anything but ${revisionName(current)} in its history. Give 'rollback-to' a revision number, an ARN or a Version tag.`,
        'rollback-to'
      )
    }
    ctx.log.line(`Previous release: ${revisionName(earlier.taskDefinitionArn)} (deployment ${earlier.id})`)
    return describe(earlier.taskDefinitionArn)
  }
  if (/^\d+$/.test(to)) return describe(`${family}:${to}`)
  if (to.startsWith('arn:')) return describe(to)
  if (/^[\w-]+:\d+$/.test(to)) return describe(to)

  // A Version tag value: newest revisions first, bounded.
  const arns = (await clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC', maxResults: VERSION_SEARCH_LIMIT }))).taskDefinitionArns ?? []
  for (const arn of arns) {
    const { tags } = await describeTaskDefinition(clients.ecs, arn)
    if (tags.some((t) => t.key === 'Version' && t.value === to)) return arn
  }
  throw new ActionError(
    `Input 'rollback-to': no task definition of family '${family}' among its ${arns.length} newest revisions is tagged Version=${to}. Give a revision number or an ARN instead.`,
    'rollback-to'
  )
}
