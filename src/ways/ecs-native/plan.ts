/**
 * The ECS-native way's plan, read-only: how the service's deploymentConfiguration releases, the
 * new task definition, and the service deployments in flight.
 */
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { listServiceDeployments, revisionTaskDefinitions } from '../../aws/service-deployments.js'
import type { Context } from '../../core/context.js'
import { ActionError } from '../../core/errors.js'
import type { ReleaseResult } from '../../core/result.js'
import { duration, ecsConsoleUrl, revisionName } from '../../report/format.js'
import type { NativeEvent, NativeSnapshot } from './events.js'
import type { NativeInputs } from './inputs.js'

export type NativeContext = Context<NativeInputs, NativeEvent>

/** How the service's deploymentConfiguration releases, in one line. */
export function nativeConfigLine(s: Service): string {
  const c = s.deploymentConfiguration
  const parts: string[] = []
  const strategy = c?.strategy ?? 'BLUE_GREEN'
  if (strategy === 'LINEAR')
    parts.push(`linear ${c?.linearConfiguration?.stepPercent ?? 10}% every ${duration((c?.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * 60_000)}`)
  else if (strategy === 'CANARY')
    parts.push(`canary ${c?.canaryConfiguration?.canaryPercent ?? 5}% for ${duration((c?.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * 60_000)}`)
  else parts.push('blue/green')
  parts.push(`bake ${duration((c?.bakeTimeInMinutes ?? 0) * 60_000)}`)
  const cb = c?.deploymentCircuitBreaker
  if (cb?.enable) parts.push(`circuit breaker${cb.rollback ? ' with rollback' : ''}`)
  if (c?.alarms?.enable && c.alarms.alarmNames?.length) parts.push(`alarms ${c.alarms.alarmNames.join(', ')}`)
  if (c?.lifecycleHooks?.length) parts.push(`${c.lifecycleHooks.length} lifecycle hook${c.lifecycleHooks.length > 1 ? 's' : ''}`)
  return parts.join(', ')
}

/** The first line of a release or rollback of this service. */
export function headerLine(ctx: NativeContext, service: Service, what = ''): string {
  const n = service.desiredCount ?? 0
  return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  ${what}ECS-native ${nativeConfigLine(service)}  ${n} task${n === 1 ? '' : 's'}`
}

/** What every result of this way starts from. */
export function baseResult(ctx: NativeContext, o: Partial<ReleaseResult> = {}): ReleaseResult {
  return {
    outcome: 'failed',
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentUrl: ecsConsoleUrl(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
    ...o
  }
}

/** The service deployments of the service that are in flight, newest first. */
export async function inFlight(ctx: NativeContext): Promise<string[]> {
  return (await listServiceDeployments(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, ['PENDING', 'IN_PROGRESS']))
    .map((d) => d.serviceDeploymentArn!)
    .filter(Boolean)
}

/** The task definitions a service deployment goes to and from (one DescribeServiceRevisions), and their names for the log. */
export async function revisionsOf(
  ctx: NativeContext,
  d: ServiceDeployment
): Promise<{ target?: string | undefined; source?: string | undefined; names: NativeSnapshot['names'] }> {
  const t = d.targetServiceRevision?.arn
  const s = d.sourceServiceRevisions?.[0]?.arn
  const tds = await revisionTaskDefinitions(
    ctx.clients.ecs,
    [t, s].filter((x): x is string => !!x)
  )
  const target = t ? tds.get(t) : undefined
  const source = s ? tds.get(s) : undefined
  return {
    target,
    source,
    names: { target: target ? revisionName(target) : 'the new revision', source: source ? revisionName(source) : 'the previous revision' }
  }
}

/** wait-for ready stops at a PAUSE lifecycle hook: without one the release would never be ready. */
export function refuseReadyWithoutPause(ctx: NativeContext, service: Service): void {
  if (ctx.inputs.waitFor !== 'ready') return
  if (service.deploymentConfiguration?.lifecycleHooks?.some((h) => h.targetType === 'PAUSE')) return
  throw new ActionError(
    `Input 'wait-for': 'ready' stops an ECS-native release at a PAUSE lifecycle hook, and service '${ctx.inputs.service}' has none. Add one to its deploymentConfiguration.lifecycleHooks (targetType PAUSE, e.g. at POST_TEST_TRAFFIC_SHIFT), or use complete, traffic-shifted or none.`,
    'wait-for'
  )
}
