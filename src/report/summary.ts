import type { summary } from '@actions/core'
import { PASSING, type ReleaseResult } from '../core/result.js'
import { clock, duration, revisionName } from './format.js'
import type { TimelineRow } from './log.js'

type SummaryTableRow = Parameters<typeof summary.addTable>[0][number]

/** The subset of core.summary we use, so tests can hand in a recorder. */
export interface SummaryWriter {
  addHeading(text: string, level?: number): SummaryWriter
  addTable(rows: SummaryTableRow[]): SummaryWriter
  addRaw(text: string, addEOL?: boolean): SummaryWriter
  addLink(text: string, href: string): SummaryWriter
  write(): Promise<unknown>
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

export function writeSummary(s: SummaryWriter, r: ReleaseResult, timeline: TimelineRow[]): Promise<unknown> {
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
  add('Cause', r.cause && escape(r.cause))
  add('Traffic', r.traffic && `green ${r.traffic.green}% · blue ${r.traffic.blue}%`)
  s.addTable(rows)
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
