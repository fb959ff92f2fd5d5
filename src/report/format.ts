import type { ReleaseEvent } from '../watch/events.js'

/** 5m01s, 39s, 1h02m: the durations a person reads in a log. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/** The time column: mm:ss from the start of the release. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  const m = Math.floor(s / 60)
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

export function consoleUrl(deploymentId: string, region: string): string {
  return `https://console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`
}

/** An ECS service's Deployments tab: the console has no documented link to one service deployment. */
export function ecsConsoleUrl(cluster: string, service: string, region: string): string {
  return `https://console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}/deployments?region=${region}`
}

/** `web:42` from a task definition ARN. */
export function revisionName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '-'
}

/** The words of one event, without the time column. One place decides them: log and summary alike. */
export function describeEvent(e: ReleaseEvent): string {
  switch (e.kind) {
    case 'status':
      return e.status === 'Ready' ? 'Ready: green is up with test traffic; production traffic waits for ContinueDeployment' : e.status
    case 'lifecycle':
      return [
        e.name.padEnd(22),
        e.status.padEnd(10),
        (e.durationMs !== undefined && e.durationMs >= 1000 ? duration(e.durationMs) : '').padEnd(6),
        e.green ? `green ${e.green.running}/${e.green.desired} running` : ''
      ]
        .join('  ')
        .trimEnd()
    case 'traffic':
      return `traffic  green ${String(e.green).padStart(3)}% | blue ${String(e.blue).padStart(3)}%`
    case 'tasks':
      return `tasks    ${e.label.toLowerCase()} ${e.running}/${e.desired} running${e.pending ? `, ${e.pending} pending` : ''}`
    case 'error':
      return `CodeDeploy ${e.code ?? 'error'}: ${e.message ?? ''}`.trimEnd()
    case 'rollback':
      return `rollback deployment ${e.info.rollbackDeploymentId} started${e.info.rollbackMessage ? `: ${e.info.rollbackMessage}` : ''}`
    case 'waiting':
      return `waiting ${e.minutes}m before the blue task set is removed`
    // ALB weighted releases (src/alb/): two services, the listener's weights
    case 'alb-updated':
      return `${e.service}  UpdateService ${revisionName(e.taskDefinition)}, ${e.desired} task${e.desired === 1 ? '' : 's'}${e.deploymentId ? `  (ECS deployment ${e.deploymentId})` : ''}`
    case 'alb-tasks':
      return `tasks    ${e.service} ${e.running}/${e.desired} running${e.failedTasks ? `, ${e.failedTasks} failed` : ''}`
    case 'alb-targets': {
      const c = e.counts
      const rest = [
        c.initial && `${c.initial} initial`,
        c.unhealthy && `${c.unhealthy} unhealthy`,
        c.draining && `${c.draining} draining`,
        c.other && `${c.other} other`
      ].filter(Boolean)
      const total = c.healthy + c.initial + c.unhealthy + c.draining + c.other
      return `targets  ${e.service} ${total ? `${c.healthy}/${e.desired} healthy${rest.length ? `, ${rest.join(', ')}` : ''}` : 'none registered'}${c.unhealthyReason && c.unhealthy ? `  ${c.unhealthyReason}` : ''}`
    }
    case 'alb-weights':
      return `traffic  ${e.to} ${String(e.toPercent).padStart(3)}% | ${e.from} ${String(e.fromPercent).padStart(3)}%${e.restored ? '  (weights restored)' : ''}`
    case 'alb-bake':
      return `bake     ${duration(e.minutes * 60_000)} at ${e.percent}%, watching targets${e.alarms.length ? ` and ${e.alarms.join(', ')}` : ''}`
    case 'alb-alarm':
      return `alarm    ${e.name} ${e.state}${e.reason ? `: ${e.reason}` : ''}`
    case 'alb-scaled':
      return `${e.service}  scaled to ${e.desired} (${e.why})`
    // Rolling updates (src/rolling/): the service's deployments and events
    case 'rolling-deployment':
      return `deployment ${e.id} ${revisionName(e.taskDefinition)} ${e.status} ${e.rolloutState ?? ''}${e.reason ? `: ${e.reason}` : ''}`.trimEnd()
    case 'rolling-tasks':
      return `tasks    ${revisionName(e.taskDefinition)} ${e.running}/${e.desired} running${e.pending ? `, ${e.pending} pending` : ''}${e.failed ? `, ${e.failed} failed` : ''}`
    case 'rolling-gone':
      return `deployment ${e.id} ${revisionName(e.taskDefinition)} removed`
    // ECS-native service deployments (src/ecs-native/)
    case 'ecs-stage':
      return `${e.name.padEnd(30)}${e.status.padEnd(8)}${e.durationMs !== undefined && e.durationMs >= 1000 ? `  ${duration(e.durationMs)}` : ''}`.trimEnd()
    case 'ecs-status':
      return `status   ${e.status}${e.reason ? `: ${e.reason}` : ''}`
    case 'ecs-traffic':
      return `traffic  ${e.which.padEnd(10)} ${e.target} ${String(e.targetPercent).padStart(3)}% | ${e.source} ${String(e.sourcePercent).padStart(3)}%`
    case 'ecs-tasks':
      return `tasks    ${e.revision} ${e.running}/${e.requested} running${e.pending ? `, ${e.pending} pending` : ''}`
    case 'ecs-hook':
      return `hook     ${e.target.split(':').pop()} ${e.status}${e.stage ? ` (${e.stage})` : ''}`
    case 'ecs-breaker':
      return `circuit breaker ${e.status} (${e.failures} failed task${e.failures === 1 ? '' : 's'}, threshold ${e.threshold})`
    case 'ecs-alarms':
      return `alarms   ${e.status}${e.triggered.length ? `: ${e.triggered.join(', ')}` : ''}`
    case 'ecs-rollback':
      return `rollback to ${e.to}: ${e.reason}`
    case 'service-event':
      return `event    ${e.message.replace(/^\(service [^)]*\) /, '')}`
  }
}
