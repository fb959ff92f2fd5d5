/**
 * A metric alarm evaluated from metric data, as CloudWatch evaluates it: at each period boundary,
 * over the last EvaluationPeriods periods, ALARM when at least DatapointsToAlarm of them breach the
 * threshold, OK otherwise; missing periods as TreatMissingData says. The state reason and reason
 * data are worded as CloudWatch words them.
 *
 * Simplifications (emulator/README.md): the boundary is the period's end (CloudWatch evaluates a
 * little later); `missing` and `ignore` count only the datapoints present: none → INSUFFICIENT_DATA
 * (`ignore`: the state stays), fewer than DatapointsToAlarm → ALARM only if all of them breach, else
 * ALARM when at least DatapointsToAlarm breach; CloudWatch does not look further back than the
 * evaluation range here.
 */
import { MINUTE_MS, metricQuery, parseExpression, parseStat, runQueries, type QuerySpec } from './metric-math.js'
import type { MetricSource } from './metric-source.js'

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

/** What evaluating an alarm needs, read once from its definition. */
export interface AlarmSpec {
  queries: QuerySpec[]
  /** The query whose datapoints are compared with the threshold. */
  resultId: string
  /** Period in ms. */
  period: number
  evaluationPeriods: number
  datapointsToAlarm: number
  threshold: number
  operator: string
  treatMissing: 'missing' | 'notBreaching' | 'breaching' | 'ignore'
  /** Statistic for the reason data (single-metric alarms). */
  statistic?: string | undefined
}

const WORDS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to'
}

const TREATMENTS = new Set(['missing', 'notBreaching', 'breaching', 'ignore'])

/**
 * The evaluation of an alarm defined by PutMetricAlarm's parameters, or undefined for one the
 * emulator does not evaluate (anomaly detection bands, statistics it does not compute, expressions
 * it does not parse).
 */
export function alarmSpec(d: Record<string, any>): AlarmSpec | undefined {
  const operator = String(d.ComparisonOperator)
  if (!WORDS[operator] || typeof d.Threshold !== 'number' || !(d.EvaluationPeriods >= 1)) return undefined
  const evaluationPeriods = Number(d.EvaluationPeriods)
  const base = {
    evaluationPeriods,
    datapointsToAlarm: Math.min(Number(d.DatapointsToAlarm ?? evaluationPeriods), evaluationPeriods),
    threshold: d.Threshold as number,
    operator,
    treatMissing: (TREATMENTS.has(d.TreatMissingData) ? d.TreatMissingData : 'missing') as AlarmSpec['treatMissing']
  }
  if (Array.isArray(d.Metrics) && d.Metrics.length) {
    const queries: QuerySpec[] = d.Metrics.map((q: Record<string, any>) => ({ Id: q.Id, MetricStat: q.MetricStat, Expression: q.Expression, Period: q.Period }))
    const stats = queries.filter((q) => q.MetricStat)
    if (!stats.length || stats.some((q) => !parseStat(q.MetricStat!.Stat) || !(q.MetricStat!.Period >= 1))) return undefined
    const ids = new Set(queries.map((q) => q.Id))
    try {
      for (const q of queries) if (!q.MetricStat) parseExpression(String(q.Expression ?? ''), ids)
    } catch {
      return undefined
    }
    const result = d.Metrics.find((q: Record<string, any>) => q.ReturnData === true) ?? d.Metrics[d.Metrics.length - 1]
    return { ...base, queries, resultId: result.Id, period: (result.Period ?? stats[0]!.MetricStat!.Period) * 1000 }
  }
  const stat = d.Statistic ?? d.ExtendedStatistic
  if (!parseStat(stat) || !(d.Period >= 1) || !d.MetricName) return undefined
  const MetricStat = { Metric: { Namespace: d.Namespace, MetricName: d.MetricName, Dimensions: d.Dimensions ?? [] }, Period: Number(d.Period), Stat: stat }
  return { ...base, queries: [{ Id: 'm1', MetricStat }], resultId: 'm1', period: MetricStat.Period * 1000, statistic: stat }
}

/** Whether the source has every metric the alarm reads. */
export function knowsMetrics(spec: AlarmSpec, source: MetricSource, now: number): boolean {
  return spec.queries.every((q) => !q.MetricStat || source.minutes(metricQuery(q.MetricStat), now - MINUTE_MS, now) !== undefined)
}

export interface Evaluation {
  state: AlarmStateValue
  reason: string
  reasonData: string
}

/** A double as Java prints it (CloudWatch's reasons): 5 → 5.0, 1e-5 → 1.0E-5. */
export function javaDouble(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN'
  const a = Math.abs(v)
  if (a === 0 || (a >= 1e-3 && a < 1e7)) return Number.isInteger(v) ? `${v}.0` : String(v)
  const [m, e] = v.toExponential().split('e') as [string, string]
  return `${m.includes('.') ? m : `${m}.0`}E${e.replace('+', '')}`
}

const pad = (n: number) => String(n).padStart(2, '0')
/** dd/MM/yy HH:mm:ss, UTC, as the datapoints in CloudWatch's state reasons. */
function reasonTime(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}
/** 2022-11-08T11:26:05.399+0000, as CloudWatch's reason data. */
const dataTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000')

interface Point {
  t: number
  v: number
  count?: number | undefined
}

/**
 * Evaluates the alarm at the period boundary `at` (virtual epoch ms) over the periods ending there.
 * `current` is the alarm's state before; the answer's state may equal it.
 */
export function evaluateAlarm(spec: AlarmSpec, source: MetricSource, at: number, current: AlarmStateValue): Evaluation {
  const { period: P, evaluationPeriods: n, datapointsToAlarm: m } = spec
  const origin = at - n * P
  const series = runQueries(source, spec.queries, origin, at).get(spec.resultId)!.series
  const byTs = new Map<number, Point>()
  series.ts.forEach((t, i) => byTs.set(t, { t, v: series.vals[i]!, count: series.counts?.[i] }))
  // Newest first, as CloudWatch lists them.
  const slots = Array.from({ length: n }, (_, i) => byTs.get(at - (i + 1) * P))
  const present = slots.filter((p): p is Point => p !== undefined)
  const missing = n - present.length
  const breaches = (v: number) => {
    switch (spec.operator) {
      case 'GreaterThanOrEqualToThreshold':
        return v >= spec.threshold
      case 'GreaterThanThreshold':
        return v > spec.threshold
      case 'LessThanThreshold':
        return v < spec.threshold
      default:
        return v <= spec.threshold
    }
  }
  const breaching = present.filter((p) => breaches(p.v))
  const good = present.filter((p) => !breaches(p.v))
  let state: AlarmStateValue
  if (spec.treatMissing === 'breaching') state = breaching.length + missing >= m ? 'ALARM' : 'OK'
  else if (spec.treatMissing === 'notBreaching') state = breaching.length >= m ? 'ALARM' : 'OK'
  else if (!present.length) state = spec.treatMissing === 'ignore' ? current : 'INSUFFICIENT_DATA'
  else if (present.length < m) state = good.length ? 'OK' : 'ALARM'
  else state = breaching.length >= m ? 'ALARM' : 'OK'

  const words = WORDS[spec.operator]!
  const list = (ps: Point[]) => `[${ps.map((p) => `${javaDouble(p.v)} (${reasonTime(p.t)})`).join(', ')}]`
  const dp = (k: number) => `${k} datapoint${k === 1 ? '' : 's'}`
  const treatedAs = spec.treatMissing === 'breaching' ? 'Breaching' : 'NonBreaching'
  let reason: string
  if (state === 'INSUFFICIENT_DATA') reason = `Insufficient Data: ${dp(n)} ${n === 1 ? 'was' : 'were'} unknown.`
  else if (!present.length)
    reason = `Threshold Crossed: no datapoints were received for ${n} period${n === 1 ? '' : 's'} and ${n} missing datapoint${n === 1 ? ' was' : 's were'} treated as [${treatedAs}].`
  else if (state === 'ALARM') {
    const k = breaching.length + (spec.treatMissing === 'breaching' ? missing : 0)
    reason = `Threshold Crossed: ${k} out of the last ${n} datapoints ${list(breaching)} ${k === 1 ? 'was' : 'were'} ${words} the threshold (${javaDouble(spec.threshold)}) (minimum ${dp(m)} for ${current === 'ALARM' ? 'OK' : current} -> ALARM transition).`
  } else {
    const k = good.length + (spec.treatMissing === 'notBreaching' ? missing : 0)
    const need = n - m + 1
    reason = `Threshold Crossed: ${k} out of the last ${n} datapoints ${list(good)} ${k === 1 ? 'was' : 'were'} not ${words} the threshold (${javaDouble(spec.threshold)}) (minimum ${dp(need)} for ${current === 'OK' ? 'ALARM' : current} -> OK transition).`
  }
  // Reason data as CloudWatch writes it (numbers as Java doubles), recent datapoints oldest first.
  const oldestFirst = [...present].reverse()
  const parts = [
    `"version":"1.0"`,
    `"queryDate":"${dataTime(at)}"`,
    `"startDate":"${dataTime(origin)}"`,
    ...(spec.statistic ? [`"statistic":${JSON.stringify(spec.statistic)}`] : []),
    `"period":${P / 1000}`,
    `"recentDatapoints":[${oldestFirst.map((p) => javaDouble(p.v)).join(',')}]`,
    `"threshold":${javaDouble(spec.threshold)}`,
    `"evaluatedDatapoints":[${present
      .map((p) => `{"timestamp":"${dataTime(p.t)}",${p.count !== undefined ? `"sampleCount":${javaDouble(p.count)},` : ''}"value":${javaDouble(p.v)}}`)
      .join(',')}]`
  ]
  return { state, reason, reasonData: `{${parts.join(',')}}` }
}
