/**
 * What a CodeDeploy deployment looks like from GetDeployment and its ECS target, what changed
 * between two looks, and the words of each change. Pure: the same pair always gives the same
 * events, so a line is never printed twice however often we look.
 */
import type { DeploymentInfo, ECSTarget, ECSTaskSet, RollbackInfo } from '@aws-sdk/client-codedeploy'
import type { EventLine } from '../../core/events.js'
import { duration } from '../../report/format.js'

/** What the watcher saw at one poll. */
export interface Snapshot {
  deployment: DeploymentInfo
  /** The ECS target: undefined until CodeDeploy lists one, or when this poll did not fetch it. */
  target?: ECSTarget | undefined
}

/** One change worth a line in the log. `at` is AWS's own time of the change where AWS gives one. */
export type CodeDeployEvent =
  | { kind: 'status'; status: string; at?: Date | undefined }
  | {
      kind: 'lifecycle'
      name: string
      status: string
      at?: Date | undefined
      durationMs?: number | undefined
      green?: { running: number; desired: number } | undefined
      /** The Lambda hook that ran in this event, named on its line. */
      hook?: string | undefined
    }
  | { kind: 'traffic'; green: number; blue: number; at?: Date | undefined }
  | { kind: 'tasks'; label: 'Green' | 'Blue'; running: number; desired: number; pending: number; at?: Date | undefined }
  | { kind: 'error'; code?: string | undefined; message?: string | undefined; at?: Date | undefined }
  | { kind: 'rollback'; info: RollbackInfo; at?: Date | undefined }
  | { kind: 'waiting'; minutes: number; at?: Date | undefined }

export const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped'])
const EVENT_DONE = new Set(['Succeeded', 'Failed', 'Skipped'])

export function taskSet(target: ECSTarget | undefined, label: 'Blue' | 'Green'): ECSTaskSet | undefined {
  return target?.taskSetsInfo?.find((t) => t.taskSetLabel === label)
}

/** Traffic as CodeDeploy reports it: the green weight, and blue's (100 minus green when blue is gone). */
export function traffic(target: ECSTarget | undefined): { green: number; blue: number } | undefined {
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
export function compare(prev: Snapshot | undefined, next: Snapshot): CodeDeployEvent[] {
  const events: CodeDeployEvent[] = []
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
    const lifecycle: CodeDeployEvent[] = []
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
      const allow = allowAt >= 0 ? (ordered[allowAt] as { at?: Date | undefined }) : undefined
      const shift: CodeDeployEvent = { kind: 'traffic', ...t, at: allow?.at ?? updated }
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

function time(e: CodeDeployEvent): number {
  return e.at?.getTime() ?? Number.MAX_SAFE_INTEGER
}

/** Merges a poll that skipped the target fetch into a full snapshot. */
export function carryTarget(prev: Snapshot | undefined, next: Snapshot): Snapshot {
  return next.target || !prev?.target ? next : { ...next, target: prev.target }
}

/** A CodeDeploy deployment in the console. */
export function consoleUrl(deploymentId: string, region: string): string {
  return `https://console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`
}

/** The words of one event, without the time column: log and summary alike. */
export function describeCodeDeployEvent(e: CodeDeployEvent): EventLine {
  switch (e.kind) {
    case 'status':
      if (TERMINAL.has(e.status)) return { text: e.status, form: 'end' }
      return { text: e.status === 'Ready' ? 'Ready: green is up with test traffic; production traffic waits for ContinueDeployment' : e.status }
    case 'lifecycle': {
      const text = [
        e.name.padEnd(22),
        e.status.padEnd(10),
        (e.durationMs !== undefined && e.durationMs >= 1000 ? duration(e.durationMs) : '').padEnd(6),
        e.green ? `green ${e.green.running}/${e.green.desired} running` : ''
      ]
        .join('  ')
        .trimEnd()
      return { text: e.hook ? `${text.padEnd(56)}hook ${e.hook}` : text }
    }
    case 'traffic':
      return { text: `traffic  green ${String(e.green).padStart(3)}% | blue ${String(e.blue).padStart(3)}%` }
    case 'tasks':
      return { text: `tasks    ${e.label.toLowerCase()} ${e.running}/${e.desired} running${e.pending ? `, ${e.pending} pending` : ''}` }
    case 'error':
      return { text: `CodeDeploy ${e.code ?? 'error'}: ${e.message ?? ''}`.trimEnd(), form: 'note' }
    case 'rollback':
      return { text: `rollback deployment ${e.info.rollbackDeploymentId} started${e.info.rollbackMessage ? `: ${e.info.rollbackMessage}` : ''}`, form: 'note' }
    case 'waiting':
      return { text: `waiting ${e.minutes}m before the blue task set is removed` }
  }
}
