/** mode plan of a rolling update: the release's reads and render up to its first change, and what is in flight. */
import { chosenService } from '../../core/context.js'
import type { ReleaseResult } from '../../core/result.js'
import { busyCheck, reportPlan } from '../../kit/plan.js'
import { renderFromService } from '../../kit/render.js'
import { snapshotOf } from './events.js'
import { baseResult, headerLine, refuseWaitFor, type RollingContext } from './plan.js'
import { inFlight } from './watch.js'

export async function planRelease(ctx: RollingContext): Promise<ReleaseResult> {
  refuseWaitFor(ctx)
  const service = chosenService(ctx)
  const balanced = service.loadBalancers?.find((l) => l.containerName)
  const lb = balanced?.containerName ? { containerName: balanced.containerName, containerPort: balanced.containerPort } : undefined
  const rendered = await renderFromService(ctx, service, lb)
  const flight = inFlight(snapshotOf(service))
  return reportPlan(ctx, {
    header: headerLine(ctx, service),
    rendered,
    lb,
    checks: [busyCheck(ctx, flight && { name: `ECS deployment ${flight.id}`, owner: `Service '${ctx.inputs.service}'` }, 'no rolling update in flight')],
    result: baseResult(ctx, service, 'planned')
  })
}
