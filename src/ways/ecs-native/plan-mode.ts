/** mode plan of an ECS-native release: the release's reads and render up to its first change, and what is in flight. */
import { chosenService } from '../../core/context.js'
import type { ReleaseResult } from '../../core/result.js'
import { busyCheck, reportPlan } from '../../kit/plan.js'
import { renderFromService } from '../../kit/render.js'
import { baseResult, headerLine, inFlight, nativeConfigLine, refuseReadyWithoutPause, type NativeContext } from './plan.js'

export async function planRelease(ctx: NativeContext): Promise<ReleaseResult> {
  const service = chosenService(ctx)
  refuseReadyWithoutPause(ctx, service)
  const balanced = service.loadBalancers?.find((l) => l.containerName)
  const lb = balanced?.containerName ? { containerName: balanced.containerName, containerPort: balanced.containerPort } : undefined
  const rendered = await renderFromService(ctx, service, lb)
  const [active] = await inFlight(ctx)
  return reportPlan(ctx, {
    header: headerLine(ctx, service),
    rendered,
    lb,
    checks: [
      busyCheck(ctx, active ? { name: `service deployment ${active}`, owner: `Service '${ctx.inputs.service}'` } : undefined, 'no service deployment in flight')
    ],
    result: baseResult(ctx, { deploymentConfig: `ECS-native ${nativeConfigLine(service)}` })
  })
}
