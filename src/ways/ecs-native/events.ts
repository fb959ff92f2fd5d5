/**
 * What an ECS-native service deployment (BLUE_GREEN, LINEAR, CANARY) looks like from
 * DescribeServiceDeployments, what changed between two looks, and the words of each change. Pure:
 * the same pair always gives the same events, so a line is never printed twice however often we look.
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { EventLine } from '../../core/events.js'
import { duration } from '../../report/format.js'

export interface RevisionCounts {
  running: number
  pending: number
  requested: number
  /** Production and test traffic weights, percent. */
  prod: number
  test: number
}

export interface NativeSnapshot {
  /** Local epoch ms of the look. */
  at: number
  status: string
  statusReason?: string | undefined
  stage?: string | undefined
  /** Local epoch ms when this stage was first seen. */
  stageSince: number
  target: RevisionCounts
  source?: RevisionCounts | undefined
  /** `pause`: a PAUSE hook, which waits for ContinueServiceDeployment (AWAITING_ACTION) instead of running a Lambda. */
  hooks: { id: string; target: string; status: string; pause: boolean }[]
  breaker?: { status: string; failures: number; threshold: number } | undefined
  alarms?: { status: string; triggered: string[] } | undefined
  rollbackReason?: string | undefined
  /** Task definition names of the revisions, for the log: web:2 and web:1. */
  names: { target: string; source: string }
}

export type NativeEvent =
  | { kind: 'ecs-stage'; name: string; status: 'started' | 'ended' | 'passed'; durationMs?: number | undefined; at?: Date | undefined }
  | { kind: 'ecs-status'; status: string; reason?: string | undefined; at?: Date | undefined }
  | { kind: 'ecs-traffic'; which: 'production' | 'test'; target: string; targetPercent: number; source: string; sourcePercent: number; at?: Date | undefined }
  | { kind: 'ecs-tasks'; revision: string; running: number; requested: number; pending: number; at?: Date | undefined }
  | { kind: 'ecs-hook'; target: string; status: string; stage?: string | undefined; at?: Date | undefined }
  | { kind: 'ecs-breaker'; status: string; failures: number; threshold: number; at?: Date | undefined }
  | { kind: 'ecs-alarms'; status: string; triggered: string[]; at?: Date | undefined }
  | { kind: 'ecs-rollback'; to: string; reason: string; at?: Date | undefined }

export const NATIVE_TERMINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'])

/** AWS's lifecycle stages of a service deployment, in the order a release passes them. */
export const NATIVE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const

/**
 * The stages a release going forward passed between a look at stage `from` and one at `to`
 * (undefined: it finished), in order. Several stages can take seconds on AWS, so two looks may
 * be several stages apart; a rollback goes back, and passes none.
 */
export function passedBetween(from: string | undefined, to: string | undefined): string[] {
  const stages: readonly string[] = NATIVE_STAGES
  const i = from === undefined ? -1 : stages.indexOf(from)
  const j = to === undefined ? stages.length : stages.indexOf(to)
  return i < 0 || j <= i ? [] : stages.slice(i + 1, j)
}

type Rev = NonNullable<ServiceDeployment['targetServiceRevision']>
const counts = (r: Rev | undefined): RevisionCounts | undefined =>
  r && {
    running: r.runningTaskCount ?? 0,
    pending: r.pendingTaskCount ?? 0,
    requested: r.requestedTaskCount ?? 0,
    prod: Math.round(r.requestedProductionTrafficWeight ?? 0),
    test: Math.round(r.requestedTestTrafficWeight ?? 0)
  }

/** One look, from DescribeServiceDeployments; `prev` carries when the stage started. */
export function nativeSnapshot(d: ServiceDeployment, names: NativeSnapshot['names'], at: number, prev?: NativeSnapshot): NativeSnapshot {
  const stage = d.lifecycleStage
  return {
    at,
    status: d.status ?? 'PENDING',
    statusReason: d.statusReason,
    stage,
    stageSince: prev && prev.stage === stage ? prev.stageSince : at,
    target: counts(d.targetServiceRevision) ?? { running: 0, pending: 0, requested: 0, prod: 0, test: 0 },
    source: counts(d.sourceServiceRevisions?.[0]),
    hooks: (d.lifecycleHookDetails ?? []).map((h) => ({
      id: h.hookId ?? '?',
      target: h.targetArn ?? 'PAUSE',
      status: h.status ?? '?',
      pause: h.targetType === 'PAUSE'
    })),
    breaker: d.deploymentCircuitBreaker?.status
      ? {
          status: d.deploymentCircuitBreaker.status,
          failures: d.deploymentCircuitBreaker.failureCount ?? 0,
          threshold: d.deploymentCircuitBreaker.threshold ?? 0
        }
      : undefined,
    alarms: d.alarms?.status ? { status: d.alarms.status, triggered: d.alarms.triggeredAlarmNames ?? [] } : undefined,
    rollbackReason: d.rollback?.reason,
    names
  }
}

/** What changed from `prev` to `next`: stages ending and starting, weights, task counts, hooks, breaker, alarms, rollback. */
export function compareNative(prev: NativeSnapshot | undefined, next: NativeSnapshot): NativeEvent[] {
  const out: NativeEvent[] = []
  const n = next.names
  // A deployment starting is said first; a rollback and an end last, after what led to them.
  const statusChanged = next.status !== prev?.status
  const early = next.status === 'PENDING' || next.status === 'IN_PROGRESS'
  if (statusChanged && early) out.push({ kind: 'ecs-status', status: next.status, reason: next.statusReason })
  // Stages passed between the two looks are said in order; so is the production shift among them.
  const forward = next.status === 'IN_PROGRESS' || next.status === 'SUCCESSFUL'
  const passed = forward && prev ? passedBetween(prev.stage, next.stage) : []
  if (next.stage !== prev?.stage) {
    if (prev?.stage) out.push({ kind: 'ecs-stage', name: prev.stage, status: 'ended', durationMs: next.at - prev.stageSince })
    for (const name of passed) out.push({ kind: 'ecs-stage', name, status: 'passed' })
    if (next.stage) out.push({ kind: 'ecs-stage', name: next.stage, status: 'started' })
  }
  for (const h of next.hooks) {
    const before = prev?.hooks.find((x) => x.id === h.id)
    if (before?.status !== h.status) out.push({ kind: 'ecs-hook', target: h.target, status: h.status, stage: next.stage })
  }
  const t = next.target
  const pt = prev?.target
  if (t.running !== (pt?.running ?? 0) || t.pending !== (pt?.pending ?? 0) || t.requested !== (pt?.requested ?? 0)) {
    out.push({ kind: 'ecs-tasks', revision: n.target, running: t.running, requested: t.requested, pending: t.pending })
  }
  const s = next.source
  if (s && prev?.source && (s.running !== prev.source.running || s.requested !== prev.source.requested)) {
    out.push({ kind: 'ecs-tasks', revision: n.source, running: s.running, requested: s.requested, pending: s.pending })
  }
  const sp = (which: 'test' | 'prod', r?: RevisionCounts): number => r?.[which] ?? 100
  if (t.test !== (pt?.test ?? 0))
    out.push({ kind: 'ecs-traffic', which: 'test', target: n.target, targetPercent: t.test, source: n.source, sourcePercent: sp('test', s) })
  if (t.prod !== (pt?.prod ?? 0))
    out.push({ kind: 'ecs-traffic', which: 'production', target: n.target, targetPercent: t.prod, source: n.source, sourcePercent: sp('prod', s) })
  else if (passed.includes('PRODUCTION_TRAFFIC_SHIFT') && (pt?.prod ?? 0) < 100) {
    // The shift happened between the looks, and AWS no longer shows its weights: it moved all production traffic.
    out.push({ kind: 'ecs-traffic', which: 'production', target: n.target, targetPercent: 100, source: n.source, sourcePercent: 0 })
  }
  if (next.breaker && next.breaker.status !== prev?.breaker?.status && (prev || next.breaker.status === 'TRIGGERED'))
    out.push({ kind: 'ecs-breaker', ...next.breaker })
  if (next.alarms && next.alarms.status !== prev?.alarms?.status && (prev || next.alarms.status === 'TRIGGERED'))
    out.push({ kind: 'ecs-alarms', ...next.alarms })
  if (next.rollbackReason && next.rollbackReason !== prev?.rollbackReason) out.push({ kind: 'ecs-rollback', to: n.source, reason: next.rollbackReason })
  if (statusChanged && !early)
    out.push({ kind: 'ecs-status', status: next.status, reason: next.rollbackReason === next.statusReason ? undefined : next.statusReason })
  return out
}

/** The words of one event, without the time column: log and summary alike. */
export function describeNativeEvent(e: NativeEvent): EventLine {
  switch (e.kind) {
    case 'ecs-stage':
      return {
        text: `${e.name.padEnd(30)}${e.status.padEnd(8)}${e.durationMs !== undefined && e.durationMs >= 1000 ? `  ${duration(e.durationMs)}` : ''}`.trimEnd()
      }
    case 'ecs-status':
      return { text: `status   ${e.status}${e.reason ? `: ${e.reason}` : ''}` }
    case 'ecs-traffic':
      return {
        text: `traffic  ${e.which.padEnd(10)} ${e.target} ${String(e.targetPercent).padStart(3)}% | ${e.source} ${String(e.sourcePercent).padStart(3)}%`
      }
    case 'ecs-tasks':
      return { text: `tasks    ${e.revision} ${e.running}/${e.requested} running${e.pending ? `, ${e.pending} pending` : ''}` }
    case 'ecs-hook':
      return { text: `hook     ${e.target.split(':').pop()} ${e.status}${e.stage ? ` (${e.stage})` : ''}` }
    case 'ecs-breaker':
      return { text: `circuit breaker ${e.status} (${e.failures} failed task${e.failures === 1 ? '' : 's'}, threshold ${e.threshold})` }
    case 'ecs-alarms':
      return { text: `alarms   ${e.status}${e.triggered.length ? `: ${e.triggered.join(', ')}` : ''}` }
    case 'ecs-rollback':
      return { text: `rollback to ${e.to}: ${e.reason}` }
  }
}
