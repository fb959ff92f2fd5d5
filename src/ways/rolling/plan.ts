/** The rolling way's plan, read-only: how the service rolls, in one line, and what a result starts from. */
import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { ecsConsoleUrl } from '../../report/format.js'
import type { RollingEvent } from './events.js'
import type { RollingInputs } from './inputs.js'

export type RollingContext = Context<RollingInputs, RollingEvent>

export function configLine(s: Service): string {
  const c = s.deploymentConfiguration
  const cb = c?.deploymentCircuitBreaker
  const breaker = cb?.enable ? `circuit breaker${cb.rollback ? ' with rollback' : ' without rollback'}` : 'no circuit breaker'
  const alarms = c?.alarms?.enable && c.alarms.alarmNames?.length ? `, alarms ${c.alarms.alarmNames.join(', ')}` : ''
  return `rolling, min ${c?.minimumHealthyPercent ?? 100}% max ${c?.maximumPercent ?? 200}%, ${breaker}${alarms}`
}

/** The first line of the log: the service and how it rolls. */
export function headerLine(ctx: RollingContext, service: Service): string {
  const n = service.desiredCount ?? 0
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  ${configLine(service)}  ${n} task${n === 1 ? '' : 's'}`
}

/** A rolling update has no test traffic nor traffic shift to stop at. */
export function refuseWaitFor(ctx: Pick<RollingContext, 'inputs'>): void {
  const { waitFor } = ctx.inputs
  if (waitFor === 'ready' || waitFor === 'traffic-shifted') {
    throw new ActionError(
      `Input 'wait-for': '${waitFor}' is not available for a rolling update, which has no test traffic or traffic shift. Use complete or none.`,
      'wait-for'
    )
  }
}

/** The result every rolling mode starts from. */
export function baseResult(ctx: RollingContext, service: Service, outcome: ReleaseResult['outcome'] = 'failed'): ReleaseResult {
  return {
    outcome,
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    previousTaskDefinitionArn: service.taskDefinition,
    deploymentConfig: configLine(service),
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region)
  }
}
