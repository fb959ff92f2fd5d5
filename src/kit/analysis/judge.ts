/**
 * Judging one interval, and the run of intervals: pure, so every verdict and every line is tested
 * without AWS. An interval in which a side served fewer than min-requests is inconclusive and
 * counts neither way; a metric fails the release when it failed `failures` of its last `of`
 * conclusive intervals.
 */
import type { AnalysisFailure, AnalysisRow } from '../../core/analysis.js'
import type { AnalysisSpec, MetricSpec, Rule } from './spec.js'

/** What one side showed in one interval: its requests and each metric's figure (undefined: no data). */
export interface SideFigures {
  requests: number
  values: (number | undefined)[]
}

export interface Interval {
  /** AWS epoch ms. */
  start: number
  end: number
  green: SideFigures
  blue: SideFigures
  /** blue's figures are from before the shift: all traffic is on green. */
  baseline?: boolean | undefined
}

export type Verdict = 'ok' | 'fail' | 'inconclusive'

export interface MetricVerdict {
  metric: MetricSpec
  green?: number | undefined
  blue?: number | undefined
  verdict: Verdict
}

export interface IntervalVerdict {
  /** Why the whole interval counts neither way. */
  inconclusive?: string | undefined
  metrics: MetricVerdict[]
}

/** Whether green's figure keeps the rule against blue's: undefined when it cannot be said. */
export function keeps(rule: Rule, green: number, blue: number): boolean | undefined {
  if (rule.max !== undefined && green > rule.max) return false
  if (rule.maxIncrease !== undefined && green - blue > rule.maxIncrease + 1e-9) return false
  if (rule.maxRatio !== undefined) {
    if (blue > 0) {
      if (green > blue * rule.maxRatio * (1 + 1e-9)) return false
    } else if (green > 0) return undefined
  }
  return true
}

export function judgeInterval(spec: AnalysisSpec, i: Interval): IntervalVerdict {
  const short = [
    i.green.requests < spec.minRequests ? `green served ${i.green.requests}` : '',
    i.blue.requests < spec.minRequests ? `blue served ${i.blue.requests}` : ''
  ]
    .filter(Boolean)
    .join(', ')
  if (short) {
    return {
      inconclusive: `${short} request${/ 1$/.test(short) ? '' : 's'}${i.baseline ? ' before the shift' : ''} (min-requests ${spec.minRequests})`,
      metrics: spec.metrics.map((metric) => ({ metric, verdict: 'inconclusive' }))
    }
  }
  return {
    metrics: spec.metrics.map((metric, k) => {
      const green = i.green.values[k]
      const blue = i.blue.values[k]
      const held = green === undefined || blue === undefined ? undefined : keeps(metric.rule, green, blue)
      return { metric, green, blue, verdict: held === undefined ? 'inconclusive' : held ? 'ok' : 'fail' }
    })
  }
}

/** Each metric's conclusive verdicts, newest last, as far back as failure-limit looks. */
export class Tally {
  private readonly seen = new Map<string, ('ok' | 'fail')[]>()

  constructor(private readonly limit: AnalysisSpec['failureLimit']) {}

  add(name: string, v: Verdict): void {
    if (v === 'inconclusive') return
    const list = this.seen.get(name) ?? []
    list.push(v)
    if (list.length > this.limit.of) list.shift()
    this.seen.set(name, list)
  }

  /** "2/3": passed, of the conclusive intervals counted (at most failure-limit's M). */
  window(name: string): string {
    const list = this.seen.get(name) ?? []
    return `${list.filter((v) => v === 'ok').length}/${list.length}`
  }

  failures(name: string): number {
    return (this.seen.get(name) ?? []).filter((v) => v === 'fail').length
  }

  failed(name: string): boolean {
    return this.failures(name) >= this.limit.failures
  }
}

/** A metric's figure in its unit: 0.4%, 212 ms, 1.5. */
export function figure(m: Pick<MetricSpec, 'unit'>, v: number | undefined): string {
  if (v === undefined) return 'no data'
  if (m.unit === '%') return `${round(v, 1)}%`
  if (m.unit === 's') return v < 10 ? `${Math.round(v * 1000)} ms` : `${round(v, 1)} s`
  const n = Math.abs(v) >= 100 ? String(Math.round(v)) : String(round(v, 2))
  return m.unit ? `${n} ${m.unit}` : n
}

const round = (v: number, digits: number): string => {
  const f = 10 ** digits
  return String(Math.round(v * f) / f)
}

/** The rule in the log's words: "limit +1.0 pt", "limit ×1.25", "limit 500 ms". */
export function ruleText(m: MetricSpec): string {
  const parts: string[] = []
  if (m.rule.maxIncrease !== undefined) {
    const step = m.unit === '%' ? `${m.rule.maxIncrease.toFixed(1)} pt` : figure(m, m.rule.maxIncrease)
    parts.push(`+${step}`)
  }
  if (m.rule.maxRatio !== undefined) parts.push(`×${m.rule.maxRatio}`)
  if (m.rule.max !== undefined) parts.push(`max ${figure(m, m.rule.max)}`)
  return `limit ${parts.join(', ')}`
}

/** One log line per metric: "5xx  green 0.4% vs blue 0.3% (limit +1.0 pt)  ok  2/3". */
export function metricLine(v: MetricVerdict, baseline: boolean | undefined, tally: Tally): string {
  const m = v.metric
  const blue = `blue ${figure(m, v.blue)}${baseline ? ' before the shift' : ''}`
  const verdict = v.verdict === 'fail' ? 'FAIL' : v.verdict
  return `${m.name}  green ${figure(m, v.green)} vs ${blue} (${ruleText(m)})  ${verdict}  ${tally.window(m.name)}`
}

/** The summary's rows of one interval. */
export function rowsOf(at: string, v: IntervalVerdict, baseline: boolean | undefined): AnalysisRow[] {
  return v.metrics.map((x) => ({
    at,
    metric: x.metric.name,
    green: v.inconclusive ? '' : figure(x.metric, x.green),
    blue: v.inconclusive ? '' : `${figure(x.metric, x.blue)}${baseline ? ' (before)' : ''}`,
    rule: ruleText(x.metric),
    verdict: x.verdict
  }))
}

/** The failure of a metric that reached failure-limit, from its last verdict. */
export function failureOf(spec: AnalysisSpec, v: MetricVerdict, baseline: boolean | undefined, tally: Tally, at: number): AnalysisFailure {
  const m = v.metric
  const against = baseline ? 'blue before the shift' : 'blue'
  return {
    metric: m.name,
    at,
    cause: `Canary analysis: ${m.name} was ${figure(m, v.green)} on green against ${figure(m, v.blue)} on ${against} (${ruleText(m)}), failing ${tally.failures(m.name)} of the last ${spec.failureLimit.of} intervals`
  }
}
