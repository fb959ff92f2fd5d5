/**
 * What an ALB weighted release looks like at one look (the new side's tasks and targets, the old
 * side's while it drains, the alarms), what changed between two looks, and the words of each
 * change. Pure: the same pair always gives the same events.
 */
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { EventLine } from '../../core/events.js'
import { duration, revisionName } from '../../report/format.js'

/** What an ALB weighted release saw at one look. */
export interface AlbSnapshot {
  /** Percent of the traffic on the new (idle) side. */
  idlePercent: number
  idle: TargetCounts & { running: number; desired: number; failedTasks: number; rolloutState?: string | undefined }
  live?: (TargetCounts & { running: number; desired: number }) | undefined
  /** Alarm name → state. */
  alarms: Record<string, string>
  /** Alarm name → state reason (for the one that fires). */
  reasons?: Record<string, string> | undefined
}

export interface TargetCounts {
  healthy: number
  initial: number
  unhealthy: number
  draining: number
  /** Other states: unused, unavailable. */
  other: number
  /** Reason of an unhealthy target, e.g. Target.ResponseCodeMismatch: Health checks failed with these codes: [502]. */
  unhealthyReason?: string | undefined
}

/** Events of an ALB weighted release: one line each in the log. */
export type AlbEvent =
  | { kind: 'alb-updated'; service: string; taskDefinition: string; desired: number; deploymentId?: string | undefined; at?: Date | undefined }
  | { kind: 'alb-targets'; service: string; counts: TargetCounts; desired: number; at?: Date | undefined }
  | { kind: 'alb-tasks'; service: string; running: number; desired: number; failedTasks: number; at?: Date | undefined }
  | { kind: 'alb-weights'; to: string; toPercent: number; from: string; fromPercent: number; restored?: boolean | undefined; at?: Date | undefined }
  | { kind: 'alb-bake'; minutes: number; percent: number; alarms: string[]; at?: Date | undefined }
  | { kind: 'alb-alarm'; name: string; state: string; reason?: string | undefined; at?: Date | undefined }
  | { kind: 'alb-scaled'; service: string; desired: number; why: string; at?: Date | undefined }

export function countTargets(d: TargetHealthDescription[] | undefined): TargetCounts {
  const c: TargetCounts = { healthy: 0, initial: 0, unhealthy: 0, draining: 0, other: 0 }
  for (const t of d ?? []) {
    const s = t.TargetHealth?.State
    if (s === 'healthy') c.healthy++
    else if (s === 'initial') c.initial++
    else if (s === 'unhealthy') {
      c.unhealthy++
      c.unhealthyReason ??= [t.TargetHealth?.Reason, t.TargetHealth?.Description].filter(Boolean).join(': ')
    } else if (s === 'draining') c.draining++
    else c.other++
  }
  return c
}

const sameCounts = (a: TargetCounts | undefined, b: TargetCounts | undefined): boolean =>
  !!a && !!b && a.healthy === b.healthy && a.initial === b.initial && a.unhealthy === b.unhealthy && a.draining === b.draining && a.other === b.other

/** What changed between two looks. Pure: the same pair always gives the same events. */
export function compareAlb(prev: AlbSnapshot | undefined, next: AlbSnapshot, names: { idle: string; live: string }): AlbEvent[] {
  const out: AlbEvent[] = []
  const pi = prev?.idle
  const ni = next.idle
  if (ni.failedTasks > (pi?.failedTasks ?? 0) || (pi && (ni.running !== pi.running || ni.desired !== pi.desired))) {
    out.push({ kind: 'alb-tasks', service: names.idle, running: ni.running, desired: ni.desired, failedTasks: ni.failedTasks })
  }
  if (!sameCounts(pi, ni) && (pi || ni.healthy + ni.initial + ni.unhealthy + ni.draining + ni.other > 0)) {
    out.push({ kind: 'alb-targets', service: names.idle, counts: pick(ni), desired: ni.desired })
  }
  if (next.live && prev?.live && !sameCounts(prev.live, next.live)) {
    out.push({ kind: 'alb-targets', service: names.live, counts: pick(next.live), desired: next.live.desired })
  }
  for (const [name, state] of Object.entries(next.alarms)) {
    const before = prev?.alarms[name]
    if (before !== undefined && before !== state) out.push({ kind: 'alb-alarm', name, state, reason: next.reasons?.[name] })
    if (before === undefined && state === 'ALARM') out.push({ kind: 'alb-alarm', name, state, reason: next.reasons?.[name] })
  }
  return out
}

function pick(c: TargetCounts): TargetCounts {
  return { healthy: c.healthy, initial: c.initial, unhealthy: c.unhealthy, draining: c.draining, other: c.other, unhealthyReason: c.unhealthyReason }
}

/** The words of one event, without the time column: log and summary alike. */
export function describeAlbEvent(e: AlbEvent): EventLine {
  switch (e.kind) {
    case 'alb-updated':
      return {
        text: `${e.service}  UpdateService ${revisionName(e.taskDefinition)}, ${e.desired} task${e.desired === 1 ? '' : 's'}${e.deploymentId ? `  (ECS deployment ${e.deploymentId})` : ''}`
      }
    case 'alb-tasks':
      return { text: `tasks    ${e.service} ${e.running}/${e.desired} running${e.failedTasks ? `, ${e.failedTasks} failed` : ''}` }
    case 'alb-targets': {
      const c = e.counts
      const rest = [
        c.initial && `${c.initial} initial`,
        c.unhealthy && `${c.unhealthy} unhealthy`,
        c.draining && `${c.draining} draining`,
        c.other && `${c.other} other`
      ].filter(Boolean)
      const total = c.healthy + c.initial + c.unhealthy + c.draining + c.other
      return {
        text: `targets  ${e.service} ${total ? `${c.healthy}/${e.desired} healthy${rest.length ? `, ${rest.join(', ')}` : ''}` : 'none registered'}${c.unhealthyReason && c.unhealthy ? `  ${c.unhealthyReason}` : ''}`
      }
    }
    case 'alb-weights':
      return {
        text: `traffic  ${e.to} ${String(e.toPercent).padStart(3)}% | ${e.from} ${String(e.fromPercent).padStart(3)}%${e.restored ? '  (weights restored)' : ''}`
      }
    case 'alb-bake':
      return { text: `bake     ${duration(e.minutes * 60_000)} at ${e.percent}%, watching targets${e.alarms.length ? ` and ${e.alarms.join(', ')}` : ''}` }
    case 'alb-alarm':
      return { text: `alarm    ${e.name} ${e.state}${e.reason ? `: ${e.reason}` : ''}` }
    case 'alb-scaled':
      return { text: `${e.service}  scaled to ${e.desired} (${e.why})` }
  }
}
