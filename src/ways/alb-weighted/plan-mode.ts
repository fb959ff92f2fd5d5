/** mode plan of an alb-weighted release: which side is live, the steps, the alarms, and the task definition the idle side would get. */
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { reportPlan, type Check } from '../../kit/plan.js'
import { renderFromService } from '../../kit/render.js'
import { duration, revisionName } from '../../report/format.js'
import { checkAlarms, headerLine, inFlight, readPair, refuseWaitFor, type AlbContext } from './plan.js'

export async function planRelease(ctx: AlbContext): Promise<ReleaseResult> {
  const { inputs, own } = ctx
  refuseWaitFor(ctx)
  const { holder, flip, live } = await readPair(ctx)
  const lb = { containerName: flip.live.containerName, containerPort: flip.live.containerPort }
  const rendered = await renderFromService(ctx, live, lb)
  const checks: Check[] = [
    {
      status: 'ok',
      text: `${flip.live.service} has all the traffic of ${holder.where}; ${flip.idle.service} would get the new task definition and ${Math.max(1, flip.live.desiredCount)} tasks`
    }
  ]
  if (inFlight(flip) === 'waiting') {
    checks.push({
      status: 'warn',
      text: `${flip.idle.service} already runs ${revisionName(flip.idle.taskDefinition)} with ${flip.idle.desiredCount} tasks and no traffic (a release waiting at wait-for ready?): a release replaces it`
    })
  }
  if (own.alarms.length) {
    try {
      await checkAlarms(ctx, own.alarms)
      checks.push({ status: 'ok', text: `alarms ${own.alarms.join(', ')} exist and are not in ALARM` })
    } catch (err) {
      if (!(err instanceof ActionError)) throw err
      checks.push({ status: 'fail', text: err.message })
    }
  }
  return reportPlan(ctx, {
    header: headerLine(ctx, holder, flip),
    rendered,
    lb,
    checks,
    result: {
      outcome: 'planned',
      cluster: inputs.cluster,
      service: flip.idle.service,
      previousTaskDefinitionArn: flip.live.taskDefinition,
      deploymentConfig: `alb-weighted ${own.trafficSteps.join(',')}, bake ${duration(own.stepBakeMinutes * 60_000)}`
    }
  })
}
