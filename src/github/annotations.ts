/**
 * The one ::error annotation a failed release ends with: titled with the service, the outcome and
 * the cause's first clause; the message is the whole cause and where traffic went back to.
 */
import { revisionName } from '../report/format.js'
import type { ReleaseResult } from '../core/result.js'

export interface Annotation {
  title: string
  message: string
}

/**
 * The head of a cause, for a title: up to its second ': ', before any '; ' or ' ('.
 * 'Install failed: app exited 137 (Essential container…)' -> 'Install failed: app exited 137',
 * 'Deployment stopped: ALARM_ACTIVE: One or more alarms…' -> 'Deployment stopped: ALARM_ACTIVE'.
 */
export function headline(cause: string, max = 80): string {
  const clause = cause.split('; ')[0]!.split(' (')[0]!.split(': ').slice(0, 2).join(': ').trim()
  return clause.length > max ? `${clause.slice(0, max - 1)}…` : clause
}

export function failureAnnotation(r: ReleaseResult): Annotation {
  // AWS messages often end with a period already: one sentence, one period.
  const cause = (r.cause ?? `Release ${r.outcome}`).replace(/\.+$/, '')
  const rolledBack = r.outcome === 'rolled-back' ? ` Rolled back to ${revisionName(r.previousTaskDefinitionArn)}.` : ''
  const head = r.cause ? ` (${headline(cause)})` : ''
  const why = r.forensics?.causes[0]
  const said = why ? ` Why: ${why.title.replace(/\.$/, '')}. Fix: ${why.fix.replace(/\.$/, '')}.` : ''
  return { title: `${r.cluster}/${r.service} ${r.plan ? 'plan' : 'release'} ${r.outcome}${head}`, message: `${cause}.${rolledBack}${said}${lastLines(r)}` }
}

/** The most of the failed container's last lines an annotation shows: the job summary has them all. */
export const ANNOTATION_LOG_LINES = 10

/** The failed container's last lines, under the message: what it said is often the whole story. */
function lastLines(r: ReleaseResult): string {
  const e = r.forensics?.excerpt
  if (!e?.lines.length) return ''
  const lines = e.lines.slice(-ANNOTATION_LOG_LINES)
  return `\nLast ${lines.length} lines of ${e.container}:\n${lines.map((l) => `  | ${l}`).join('\n')}`
}
