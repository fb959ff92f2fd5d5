import type { AnalysisReport } from '../core/analysis.js'
import { PASSING, type Forensics, type PreRelease, type ReleaseResult } from '../core/result.js'
import { clock, duration, revisionName } from './format.js'
import type { TimelineRow } from './log.js'

/** A table row of the job summary: a cell is its HTML, or a header cell. */
export type SummaryTableRow = (string | { data: string; header?: boolean; colspan?: string; rowspan?: string })[]

/** What the job summary takes (src/github/runner.ts writes it), so tests can hand in a recorder. */
export interface SummaryWriter {
  addHeading(text: string, level?: number): SummaryWriter
  addTable(rows: SummaryTableRow[]): SummaryWriter
  addRaw(text: string, addEOL?: boolean): SummaryWriter
  addLink(text: string, href: string): SummaryWriter
  write(): Promise<unknown>
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

export function writeSummary(s: SummaryWriter, r: ReleaseResult, timeline: TimelineRow[]): Promise<unknown> {
  // mode plan: the plan is the summary.
  if (r.plan) return s.addRaw(r.plan, true).write()
  const icon = PASSING.has(r.outcome) ? '✅' : '❌'
  s.addHeading(`${icon} ${escape(r.cluster)}/${escape(r.service)}: ${r.outcome}`, 2)
  const rows: SummaryTableRow[] = [
    [
      { data: 'Release', header: true },
      { data: '', header: true }
    ]
  ]
  const add = (k: string, v: string | undefined): void => {
    if (v) rows.push([k, v])
  }
  add('Image', r.image && `<code>${escape(r.image)}</code>`)
  add('Task definition', r.taskDefinitionArn && `${escape(revisionName(r.previousTaskDefinitionArn))} → ${escape(revisionName(r.taskDefinitionArn))}`)
  add('CodeDeploy', r.application && `${escape(r.application)} / ${escape(r.deploymentGroup ?? '')}`)
  add('Config', r.deploymentConfig && escape(r.deploymentConfig))
  add('Duration', r.durationMs !== undefined ? duration(r.durationMs) : undefined)
  add('Deployment', r.deploymentUrl && r.deploymentId && `<a href="${escape(r.deploymentUrl)}">${escape(r.deploymentId)}</a>`)
  add('Rollback deployment', r.rollbackDeploymentId && escape(r.rollbackDeploymentId))
  add('Pre-release task', r.preRelease && preReleaseCell(r.preRelease))
  add('Cause', r.cause && escape(r.cause))
  add('Traffic', r.traffic && `green ${r.traffic.green}% · blue ${r.traffic.blue}%`)
  s.addTable(rows)
  if (r.forensics) s.addRaw(forensicsMarkdown(r.forensics), true)
  if (r.analysis) analysisTable(s, r.analysis)
  if (timeline.length) {
    s.addHeading('Timeline', 3)
    s.addTable([
      [
        { data: 'Time', header: true },
        { data: 'Event', header: true }
      ],
      ...timeline.map((t): SummaryTableRow => [clock(t.offsetMs), `<code>${escape(t.text.replace(/\s{2,}/g, '  '))}</code>`])
    ])
  }
  return s.write()
}

/** The canary analysis: what was compared, then one row per metric and interval. */
function analysisTable(s: SummaryWriter, a: AnalysisReport): void {
  s.addHeading(`Canary analysis${a.dryRun ? ' (dry run)' : ''}`, 3)
  const verdict = a.failure
    ? `${a.dryRun ? 'Would have rolled back' : 'Rolled back'}: ${escape(a.failure.cause)}`
    : a.rows.some((r) => r.verdict !== 'inconclusive')
      ? 'Passed every interval it judged.'
      : a.rows.length
        ? 'No interval had enough requests to judge.'
        : 'No interval ended while both sides took traffic: nothing was judged.'
  s.addRaw(`<p>${a.setup ? `${escape(a.setup)}. ` : ''}${verdict}</p>`, true)
  if (!a.rows.length) return
  s.addTable([
    ['Time', 'Metric', 'Green', 'Blue', 'Rule', 'Verdict'].map((data) => ({ data, header: true })),
    ...a.rows.map((r): SummaryTableRow => [
      r.at,
      escape(r.metric),
      escape(r.green),
      escape(r.blue),
      escape(r.rule),
      r.verdict === 'fail' ? '❌ fail' : r.verdict === 'ok' ? '✅ ok' : 'inconclusive'
    ])
  ])
}

/** The pre-release task's cell: its command, its container and how it ended. */
function preReleaseCell(p: PreRelease): string {
  const how =
    p.ended === 'succeeded' || p.ended === 'failed'
      ? `exited with code ${p.exitCode ?? '?'}`
      : { 'cannot-start': 'could not start', 'timed-out': 'ran out of time and was stopped', cancelled: 'was stopped (job cancelled)' }[p.ended]
  return `<code>${escape(p.command.join(' '))}</code> in ${escape(p.container)}: ${how} after ${duration(p.durationMs)}`
}

/** The failure section: each cause with its fix, and the container's last lines folded away. */
export function forensicsMarkdown(f: Forensics): string {
  const out = ['', '### Why it failed', '']
  for (const c of f.causes) {
    out.push(`**${escape(c.title)}**`, '')
    if (c.detail) out.push(`<code>${escape(c.detail)}</code>`, '')
    out.push(`Fix: ${escape(c.fix)}`, '')
  }
  if (f.excerpt) {
    const e = f.excerpt
    // A fence longer than any run of backticks in the lines keeps them from closing it.
    const fence = '`'.repeat(Math.max(3, ...e.lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, r) => Math.max(m, r.length + 1), 0))))
    out.push(
      `<details><summary>Last ${e.lines.length} lines of ${escape(e.container)}, task ${escape(e.taskId.slice(0, 8))} (${escape(e.source)})</summary>`,
      '',
      `${fence}text`,
      ...e.lines,
      fence,
      '',
      '</details>',
      ''
    )
  } else if (f.logNote) out.push(escape(f.logNote), '')
  return out.join('\n')
}
