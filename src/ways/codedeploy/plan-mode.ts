/** mode plan of a CodeDeploy release: the group, the task definition and the AppSpec CreateDeployment would carry; the group idle. */
import type { ReleaseResult } from '../../core/result.js'
import { busyCheck, reportPlan } from '../../kit/plan.js'
import { imageOf } from '../../kit/render.js'
import { headerLineOf, plan, renderAppSpec, type CodeDeployContext } from './plan.js'
import { busyGroup } from './release.js'

export async function planRelease(ctx: CodeDeployContext): Promise<ReleaseResult> {
  const { inputs, own } = ctx
  const p = await plan(ctx)
  const busy = await busyGroup(ctx, p.group)
  const registered = p.existingArn && p.existingArn !== p.previousArn ? p.existingArn : undefined
  const appSpec = renderAppSpec({
    // The ARN of a revision registered at release time is not known yet.
    taskDefinitionArn: registered ?? `${p.taskDefinition.family}:<registered at release>`,
    service: p.service,
    containerName: p.containerName,
    containerPort: p.containerPort,
    hooks: own.hooks,
    base: own.appSpecBase
  })
  return reportPlan(ctx, {
    header: headerLineOf(ctx, p),
    rendered: p,
    lb: { containerName: p.containerName, containerPort: p.containerPort },
    checks: [
      busyCheck(
        ctx,
        busy,
        `deployment group ${p.group.deploymentGroupName} is idle${p.group.lastAttemptedDeployment?.deploymentId ? ` (last: ${p.group.lastAttemptedDeployment.deploymentId} ${p.group.lastAttemptedDeployment.status ?? ''})`.trimEnd() : ''}`
      )
    ],
    appSpec,
    result: {
      outcome: 'planned',
      cluster: inputs.cluster,
      service: inputs.service,
      application: p.group.applicationName,
      deploymentGroup: p.group.deploymentGroupName,
      deploymentConfig: own.deploymentConfig ?? p.group.deploymentConfigName,
      previousTaskDefinitionArn: p.previousArn,
      ...(registered ? { taskDefinitionArn: registered } : {}),
      image: imageOf(inputs, p)
    }
  })
}
