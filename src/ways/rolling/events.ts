/**
 * What a rolling update looks like from DescribeServices, what changed between two looks, and the
 * words of each change. Pure: the same pair always gives the same events, so a line is never
 * printed twice however often we look.
 */
import type { Service } from '@aws-sdk/client-ecs'
import type { EventLine } from '../../core/events.js'
import { revisionName } from '../../report/format.js'

/** One entry of the service's deployments array. */
export interface RollingDeployment {
  id: string
  /** PRIMARY (the newest), ACTIVE (being replaced), INACTIVE. */
  status: string
  taskDefinition?: string | undefined
  /** IN_PROGRESS, COMPLETED or FAILED. */
  rolloutState?: string | undefined
  rolloutStateReason?: string | undefined
  running: number
  pending: number
  desired: number
  failed: number
}

export interface ServiceEventBrief {
  id: string
  at?: Date | undefined
  message: string
}

/** One look at the service. */
export interface RollingSnapshot {
  taskDefinition?: string | undefined
  deployments: RollingDeployment[]
  /** Service events, oldest first. */
  events: ServiceEventBrief[]
}

export type RollingEvent =
  | {
      kind: 'rolling-deployment'
      id: string
      status: string
      taskDefinition?: string | undefined
      rolloutState?: string | undefined
      reason?: string | undefined
      at?: Date | undefined
    }
  | {
      kind: 'rolling-tasks'
      id: string
      taskDefinition?: string | undefined
      running: number
      desired: number
      pending: number
      failed: number
      at?: Date | undefined
    }
  | { kind: 'rolling-gone'; id: string; taskDefinition?: string | undefined; at?: Date | undefined }
  | { kind: 'service-event'; message: string; at?: Date | undefined }

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

/** The words of one event, without the time column: log and summary alike. */
export function describeRollingEvent(e: RollingEvent): EventLine {
  switch (e.kind) {
    case 'rolling-deployment':
      return { text: `deployment ${e.id} ${revisionName(e.taskDefinition)} ${e.status} ${e.rolloutState ?? ''}${e.reason ? `: ${e.reason}` : ''}`.trimEnd() }
    case 'rolling-tasks':
      return {
        text: `tasks    ${revisionName(e.taskDefinition)} ${e.running}/${e.desired} running${e.pending ? `, ${e.pending} pending` : ''}${e.failed ? `, ${e.failed} failed` : ''}`
      }
    case 'rolling-gone':
      return { text: `deployment ${e.id} ${revisionName(e.taskDefinition)} removed` }
    case 'service-event':
      return { text: `event    ${e.message.replace(/^\(service [^)]*\) /, '')}` }
  }
}
