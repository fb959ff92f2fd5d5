import type { DeploymentInfo, ECSTarget, ECSTaskSet, RollbackInfo } from '@aws-sdk/client-codedeploy'
import type { AlbEvent } from '../alb/plan.js'
import type { RollingEvent } from '../rolling/watch.js'
import type { NativeEvent } from '../ecs-native/watch.js'

/** What the watcher saw at one poll. */
export interface Snapshot {
  deployment: DeploymentInfo
  /** The ECS target: undefined until CodeDeploy lists one, or when this poll did not fetch it. */
  target?: ECSTarget
}

/** One change worth a line in the log. `at` is AWS's own time of the change where AWS gives one. */
export type ReleaseEvent =
  | { kind: 'status'; status: string; at?: Date }
  | { kind: 'lifecycle'; name: string; status: string; at?: Date; durationMs?: number; green?: { running: number; desired: number } }
  | { kind: 'traffic'; green: number; blue: number; at?: Date }
  | { kind: 'tasks'; label: 'Green' | 'Blue'; running: number; desired: number; pending: number; at?: Date }
  | { kind: 'error'; code?: string; message?: string; at?: Date }
  | { kind: 'rollback'; info: RollbackInfo; at?: Date }
  | { kind: 'waiting'; minutes: number; at?: Date }
  | AlbEvent
  | RollingEvent
  | NativeEvent

export const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped'])
const EVENT_DONE = new Set(['Succeeded', 'Failed', 'Skipped'])

export function taskSet(target: ECSTarget | undefined, label: 'Blue' | 'Green'): ECSTaskSet | undefined {
  return target?.taskSetsInfo?.find((t) => t.taskSetLabel === label)
}

/** Traffic as CodeDeploy reports it: the green weight, and blue's (100 minus green when blue is gone). */
function traffic(target: ECSTarget | undefined): { green: number; blue: number } | undefined {
  const green = taskSet(target, 'Green')
  const blue = taskSet(target, 'Blue')
  if (!green && !blue) return undefined
  const g = Math.round(green?.trafficWeight ?? 0)
  return { green: g, blue: blue ? Math.round(blue.trafficWeight ?? 0) : 100 - g }
}

/**
 * Compares two snapshots and returns what changed, in the order it happened. Pure: the same pair
 * always gives the same events, so a line is never printed twice however often we poll.
 * A snapshot without a target keeps the previous target (that poll did not fetch it).
 */
export function compare(prev: Snapshot | undefined, next: Snapshot): ReleaseEvent[] {
  const events: ReleaseEvent[] = []
  const d = next.deployment
  const p = prev?.deployment
  const updated = next.target?.lastUpdatedAt

  if (d.status !== p?.status && d.status && !TERMINAL.has(d.status)) {
    events.push({ kind: 'status', status: d.status, at: d.status === 'Ready' ? updated : (d.startTime ?? d.createTime) })
  }

  if (next.target) {
    const before = new Map((prev?.target?.lifecycleEvents ?? []).map((e) => [e.lifecycleEventName, e.status]))
    const green = taskSet(next.target, 'Green')
    const greenBefore = taskSet(prev?.target, 'Green')
    const lifecycle: ReleaseEvent[] = []
    for (const e of next.target.lifecycleEvents ?? []) {
      if (!e.lifecycleEventName || !e.status || !EVENT_DONE.has(e.status)) continue
      if (before.get(e.lifecycleEventName) === e.status) continue
      const durationMs = e.startTime && e.endTime ? e.endTime.getTime() - e.startTime.getTime() : undefined
      const counts = e.lifecycleEventName === 'Install' && green ? { green: { running: green.runningCount ?? 0, desired: green.desiredCount ?? 0 } } : {}
      lifecycle.push({ kind: 'lifecycle', name: e.lifecycleEventName, status: e.status, at: e.endTime ?? e.startTime, durationMs, ...counts })
    }

    // Green task counts while Install brings them up (its line then carries the final count),
    // and whenever running green tasks are lost afterwards.
    const installDone = EVENT_DONE.has(next.target.lifecycleEvents?.find((e) => e.lifecycleEventName === 'Install')?.status ?? '')
    if (green && (green.runningCount !== greenBefore?.runningCount || green.desiredCount !== greenBefore?.desiredCount)) {
      const lost = (green.runningCount ?? 0) < (greenBefore?.runningCount ?? 0)
      if (((green.desiredCount ?? 0) > 0 && !installDone) || lost) {
        lifecycle.push({
          kind: 'tasks',
          label: 'Green',
          running: green.runningCount ?? 0,
          desired: green.desiredCount ?? 0,
          pending: green.pendingCount ?? 0,
          at: updated
        })
      }
    }
    // Keep AWS's order: events by their time, stable for equal times.
    const ordered = lifecycle
      .map((e, i) => [e, i] as const)
      .sort(([a, i], [b, j]) => time(a) - time(b) || i - j)
      .map(([e]) => e)

    const t = traffic(next.target)
    const tBefore = traffic(prev?.target) ?? { green: 0, blue: 100 }
    if (t && (t.green !== tBefore.green || t.blue !== tBefore.blue)) {
      // The last shift belongs before the AllowTraffic that it completes.
      const allowAt = ordered.findIndex((e) => e.kind === 'lifecycle' && e.name === 'AllowTraffic')
      const allow = allowAt >= 0 ? (ordered[allowAt] as { at?: Date }) : undefined
      const shift: ReleaseEvent = { kind: 'traffic', ...t, at: allow?.at ?? updated }
      if (allowAt >= 0) ordered.splice(allowAt, 0, shift)
      else {
        const at = ordered.findIndex((e) => time(e) > time(shift))
        ordered.splice(at < 0 ? ordered.length : at, 0, shift)
      }
    }
    events.push(...ordered)

    const after = next.target.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')
    const wasDone = prev?.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')?.status === 'Succeeded'
    // A poll that sees the wait already over still reports it: the wait happened.
    if (after?.status === 'Succeeded' && !wasDone && (d.status === 'InProgress' || d.status === 'Succeeded')) {
      const minutes = d.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes
      if (minutes) events.push({ kind: 'waiting', minutes, at: after.endTime })
    }
  }

  if (d.errorInformation?.code && d.errorInformation.code !== p?.errorInformation?.code) {
    events.push({ kind: 'error', code: d.errorInformation.code, message: d.errorInformation.message, at: d.completeTime })
  }
  if (d.rollbackInfo?.rollbackDeploymentId && d.rollbackInfo.rollbackDeploymentId !== p?.rollbackInfo?.rollbackDeploymentId) {
    events.push({ kind: 'rollback', info: d.rollbackInfo, at: d.completeTime })
  }
  if (d.status && TERMINAL.has(d.status) && d.status !== p?.status) {
    events.push({ kind: 'status', status: d.status, at: d.completeTime })
  }
  return events
}

function time(e: ReleaseEvent): number {
  return e.at?.getTime() ?? Number.MAX_SAFE_INTEGER
}

/** Merges a poll that skipped the target fetch into a full snapshot. */
export function carryTarget(prev: Snapshot | undefined, next: Snapshot): Snapshot {
  return next.target || !prev?.target ? next : { ...next, target: prev.target }
}
