import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { findDeploymentGroup } from '../aws/codedeploy.js'
import { describeService } from '../aws/ecs.js'
import { ActionError } from '../errors.js'
import type { Context } from './context.js'

/** The service, checked to be released by CodeDeploy, and its deployment group. Read-only. */
export async function resolveServiceAndGroup(ctx: Context): Promise<{ service: Service; group: DeploymentGroupInfo }> {
  const { inputs, clients } = ctx
  // Read once: the strategy detection already described it.
  const service = ctx.detected?.service ?? (await describeService(clients.ecs, inputs.cluster, inputs.service))
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller !== 'CODE_DEPLOY') {
    throw new ActionError(
      `Input 'service': service '${inputs.service}' uses the ${controller} deployment controller, not CODE_DEPLOY, so CodeDeploy cannot release it. Set deployment_controller { type = "CODE_DEPLOY" } on the service (it needs replacing), or deploy it another way.`,
      'service'
    )
  }
  const group = await findDeploymentGroup(clients.codedeploy, inputs)
  return { service, group }
}
