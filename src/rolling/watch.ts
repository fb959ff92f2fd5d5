/**
 * What a rolling update looks like from DescribeServices, and what changed between two looks. Pure:
 * the same pair always gives the same events, so a line is never printed twice however often we poll.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { revisionName } from '../report/format.js'

/** One entry of the service's deployments array. */
export interface RollingDeployment {
  id: string
  /** PRIMARY (the newest), ACTIVE (being replaced), INACTIVE. */
  status: string
  taskDefinition?: string
  /** IN_PROGRESS, COMPLETED or FAILED. */
  rolloutState?: string
  rolloutStateReason?: string
  running: number
  pending: number
  desired: number
  failed: number
}

export interface ServiceEventBrief {
  id: string
  at?: Date
  message: string
}

/** One look at the service. */
export interface RollingSnapshot {
  taskDefinition?: string
  deployments: RollingDeployment[]
  /** Service events, oldest first. */
  events: ServiceEventBrief[]
}

export type RollingEvent =
  | { kind: 'rolling-deployment'; id: string; status: string; taskDefinition?: string; rolloutState?: string; reason?: string; at?: Date }
  | { kind: 'rolling-tasks'; id: string; taskDefinition?: string; running: number; desired: number; pending: number; failed: number; at?: Date }
  | { kind: 'rolling-gone'; id: string; taskDefinition?: string; at?: Date }
  | { kind: 'service-event'; message: string; at?: Date }

export function snapshotOf(service: Service): RollingSnapshot {
  return {
    taskDefinition: service.taskDefinition,
    deployments: (service.deployments ?? []).map((d) => ({
      id: d.id ?? '?',
      status: d.status ?? '?',
      taskDefinition: d.taskDefinition,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
      running: d.runningCount ?? 0,
      pending: d.pendingCount ?? 0,
      desired: d.desiredCount ?? 0,
      failed: d.failedTasks ?? 0
    })),
    events: (service.events ?? []).map((e) => ({ id: e.id ?? `${e.createdAt?.getTime()}:${e.message}`, at: e.createdAt, message: e.message ?? '' })).reverse()
  }
}

/**
 * What changed from `prev` to `next`: deployments that appeared or changed their rollout state,
 * task counts, deployments that are gone, and service events not seen before (in AWS's order).
 * `prev` is the look before the release, so events from before it are not repeated.
 */
export function compareRolling(prev: RollingSnapshot | undefined, next: RollingSnapshot): RollingEvent[] {
  const out: RollingEvent[] = []
  const before = new Map((prev?.deployments ?? []).map((d) => [d.id, d]))
  for (const d of next.deployments) {
    const p = before.get(d.id)
    if (!p || p.rolloutState !== d.rolloutState || p.status !== d.status) {
      out.push({
        kind: 'rolling-deployment',
        id: d.id,
        status: d.status,
        taskDefinition: d.taskDefinition,
        rolloutState: d.rolloutState,
        reason: d.rolloutState === 'FAILED' ? d.rolloutStateReason : undefined
      })
    }
    if (
      !p
        ? d.running + d.pending + d.failed > 0 && d.rolloutState !== 'COMPLETED'
        : p.running !== d.running || p.pending !== d.pending || p.failed !== d.failed || p.desired !== d.desired
    ) {
      out.push({
        kind: 'rolling-tasks',
        id: d.id,
        taskDefinition: d.taskDefinition,
        running: d.running,
        desired: d.desired,
        pending: d.pending,
        failed: d.failed
      })
    }
  }
  const now = new Set(next.deployments.map((d) => d.id))
  for (const p of prev?.deployments ?? []) if (!now.has(p.id)) out.push({ kind: 'rolling-gone', id: p.id, taskDefinition: p.taskDefinition })
  const seen = new Set((prev?.events ?? []).map((e) => e.id))
  // Timed by when we saw them: the log's column is our clock, whatever the service's clock says.
  for (const e of next.events) if (!seen.has(e.id)) out.push({ kind: 'service-event', message: e.message })
  return out
}

export type RollingVerdict = 'waiting' | 'succeeded' | 'rolling-back' | 'rolled-back' | { failed: string }

/**
 * Where the release of `taskDefinition` stands. Succeeded once its deployment is COMPLETED; when
 * the circuit breaker rolled it back, the service runs `previous` again ('rolling-back' until that
 * deployment is COMPLETED too); failed when its deployment FAILED with nothing rolled back.
 */
export function rollingVerdict(s: RollingSnapshot, mine: { id?: string; taskDefinition: string; previous?: string }): RollingVerdict {
  const d = s.deployments.find((x) => (mine.id ? x.id === mine.id : x.taskDefinition === mine.taskDefinition))
  const primary = s.deployments.find((x) => x.status === 'PRIMARY')
  if (d && d.status === 'PRIMARY' && d.rolloutState === 'COMPLETED') return 'succeeded'
  const back = primary && primary !== d && primary.taskDefinition === mine.previous && mine.previous !== undefined
  if (back) return primary.rolloutState === 'COMPLETED' ? 'rolled-back' : 'rolling-back'
  if (d?.rolloutState === 'FAILED') return { failed: d.rolloutStateReason ?? 'the deployment failed' }
  if (!d && primary && primary.taskDefinition !== mine.taskDefinition) return { failed: `another deployment (${primary.id}) replaced it` }
  return 'waiting'
}

/** A rolling update in flight: the PRIMARY deployment still IN_PROGRESS, and the task definition the older one still runs. */
export interface InFlight {
  id: string
  taskDefinition?: string
  /** The task definition of the older, completed deployment still running (ACTIVE), if any: what a rollback puts back. */
  previous?: string
}

/** The rolling update in flight, if any. */
export function inFlight(s: RollingSnapshot): InFlight | undefined {
  const p = s.deployments.find((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS')
  if (!p) return undefined
  // COMPLETED: not a deployment the circuit breaker failed (while its rollback is the one in flight).
  const older = s.deployments.find((d) => d.status === 'ACTIVE' && d.rolloutState === 'COMPLETED' && d.taskDefinition && d.taskDefinition !== p.taskDefinition)
  return { id: p.id, taskDefinition: p.taskDefinition, previous: older?.taskDefinition }
}

/**
 * Where the rollback of the deployment that runs `from` stands: done once a PRIMARY deployment of
 * another task definition is COMPLETED; failed if that one FAILED too.
 */
export function rollbackVerdict(s: RollingSnapshot, from: string | undefined): 'waiting' | 'succeeded' | { failed: string } {
  const p = s.deployments.find((d) => d.status === 'PRIMARY')
  if (!p || p.taskDefinition === from) return 'waiting'
  if (p.rolloutState === 'COMPLETED') return 'succeeded'
  if (p.rolloutState === 'FAILED') return { failed: p.rolloutStateReason ?? 'the rollback deployment failed' }
  return 'waiting'
}

/** How deployment `id` ended, for the log: its rollout state while PRIMARY, or what replaced it. */
export function endOf(s: RollingSnapshot, id: string): string {
  const d = s.deployments.find((x) => x.id === id)
  const p = s.deployments.find((x) => x.status === 'PRIMARY')
  if (d && d === p) return d.rolloutState ?? 'UNKNOWN'
  return p ? `replaced by ECS deployment ${p.id} (${revisionName(p.taskDefinition)})` : 'gone'
}

/**
 * Why 'deployment-id' cannot name the rolling update to stop, or undefined when it can: an ECS
 * deployment (ecs-svc/…) of this service that is PRIMARY and IN_PROGRESS.
 */
export function refuseNamedDeployment(s: RollingSnapshot, id: string, service: string): string | undefined {
  const d = s.deployments.find((x) => x.id === id)
  if (!d) {
    const ids = s.deployments.map((x) => x.id).join(', ')
    return `'${id}' is not a deployment of service '${service}' (it has ${ids || 'none'}). Pass the 'deployment-id' output of the step that started it, or leave 'deployment-id' out to stop the one in flight.`
  }
  if (d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') {
    return (
      `ECS deployment ${id} already ended (${d.status} ${d.rolloutState ?? ''}`.trimEnd() +
      `); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`
    )
  }
  return undefined
}
