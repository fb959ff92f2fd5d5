/**
 * CloudWatch metric alarms in the emulator: PutMetricAlarm, DescribeAlarms, SetAlarmState,
 * DeleteAlarms, and GetMetricData (emulator/metric-math.ts) over the host's MetricSource. Alarm
 * states live in the world's shared alarm map (the one CodeDeploy deployment groups watch and the
 * control API sets), so every way of changing a state shows here. With the `traffic.evaluateAlarms`
 * fault switch, alarms whose metrics the source has are evaluated from them at each period
 * boundary (emulator/alarm-evaluation.ts).
 *
 * The SDK (v3) speaks AWS JSON 1.0 to CloudWatch (X-Amz-Target GraniteServiceVersion20100801.*,
 * awsQueryCompatible); the AWS CLI speaks Smithy RPC v2 CBOR; both reach these handlers with the
 * same parameters (see protocols.ts).
 */
import { alarmSpec, evaluateAlarm, knowsMetrics, type AlarmSpec } from './alarm-evaluation.js'
import { ApiError, err } from './errors.js'
import { ACCOUNT_ID } from './ids.js'
import { ExpressionError, MINUTE_MS, NO_METRICS, parseExpression, parseStat, runQueries, type QuerySpec } from './metric-math.js'
import type { MetricSource } from './metric-source.js'

type Params = Record<string, any>
type State = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export interface CwCtx {
  region: string
  now: number
}

/** What CloudWatch reads from the rest of the world. */
export interface CwHost {
  /** Where metric data comes from (read on each use, so the world may swap it). */
  metrics(): MetricSource
  /** The `traffic.evaluateAlarms` fault switch: evaluate alarms from their metrics. */
  evaluateAlarms(): boolean
  /** How long after a period ends its data is published (`traffic.publishDelaySeconds`): a period is evaluated then. */
  publishDelayMs?(): number
}

const NO_HOST: CwHost = { metrics: () => NO_METRICS, evaluateAlarms: () => false }

interface AlarmRec {
  def: Params
  region: string
  createdAt: number
  configUpdatedAt: number
  /** The state last seen, to stamp changes made elsewhere (control API, faults). */
  seen: State
  reason: string
  updatedAt: number
  transitionedAt: number
  reasonData?: string | undefined
  /** How to evaluate it from metrics (undefined: the emulator does not). */
  spec?: AlarmSpec | undefined
  /** The last period boundary it was evaluated at, while evaluated from metrics. */
  evalAt?: number | undefined
}

/** Most period boundaries caught up in one advance (a day of minutes); a longer jump skips the older ones. */
const MAX_CATCH_UP = 1440
const DAY_MS = 86_400_000
/** GetMetricData's datapoints per call before it pages (its default MaxDatapoints). */
const MAX_DATAPOINTS = 100_800
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/

/** Virtual ms before a new alarm leaves INSUFFICIENT_DATA for OK (its first evaluation). */
export const FIRST_EVALUATION_MS = 60_000

const STATES: State[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA']
const COMPARISONS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold'
]

export class CloudWatch {
  private recs = new Map<string, AlarmRec>()
  /** The virtual time of the last advance (where evaluation catches up from when it is switched on). */
  private lastNow: number | undefined

  constructor(
    private readonly alarms: Map<string, State>,
    private readonly host: CwHost = NO_HOST
  ) {}

  reset(): void {
    this.recs.clear()
  }

  /** Alarm names in creation order. */
  names(): string[] {
    return [...this.recs.keys()]
  }

  /**
   * Stamp state changes made outside CloudWatch's API; first evaluations; with `traffic.evaluateAlarms`,
   * evaluations from metrics at every period boundary passed since the last advance.
   */
  advance(now: number): boolean {
    const source = this.host.evaluateAlarms() ? this.host.metrics() : undefined
    let changed = false
    for (const [name, r] of this.recs) {
      const cur = this.alarms.get(name)
      if (cur === undefined) {
        this.alarms.set(name, r.seen)
        continue
      }
      const fromMetrics = source !== undefined && r.spec !== undefined && knowsMetrics(r.spec, source, now)
      if (!fromMetrics) r.evalAt = undefined
      if (
        !fromMetrics &&
        cur === 'INSUFFICIENT_DATA' &&
        r.seen === 'INSUFFICIENT_DATA' &&
        r.updatedAt === r.createdAt &&
        now >= r.createdAt + FIRST_EVALUATION_MS
      ) {
        this.alarms.set(name, 'OK')
        this.stamp(r, 'OK', now, 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].')
        changed = true
      } else if (cur !== r.seen) {
        this.stamp(
          r,
          cur,
          now,
          cur === 'ALARM'
            ? `Threshold Crossed: 1 datapoint was ${r.def.ComparisonOperator?.includes('Greater') ? 'greater than' : 'less than'} the threshold (${r.def.Threshold}).`
            : 'Threshold Crossed: 1 datapoint was not breaching the threshold.'
        )
        changed = true
      }
      if (fromMetrics) changed = this.evaluate(name, r, r.spec!, source, now) || changed
    }
    this.lastNow = now
    return changed
  }

  /** Evaluates an alarm at each of its period boundaries up to `now`, each change stamped at its boundary. */
  private evaluate(name: string, r: AlarmRec, spec: AlarmSpec, source: MetricSource, now: number): boolean {
    const P = spec.period
    r.evalAt ??= Math.floor(Math.max(r.configUpdatedAt, this.lastNow ?? now) / P) * P
    let at = r.evalAt + P
    const last = Math.floor(now / P) * P
    if ((last - at) / P > MAX_CATCH_UP) at = last - MAX_CATCH_UP * P
    let changed = false
    const lag = this.host.publishDelayMs?.() ?? 0
    for (; at + lag <= now; at += P) {
      r.evalAt = at
      const cur = this.alarms.get(name) ?? r.seen
      const e = evaluateAlarm(spec, source, at, cur)
      if (e.state === cur) continue
      this.alarms.set(name, e.state)
      // Not before a change made elsewhere in the meantime (the control API, a fault).
      this.stamp(r, e.state, Math.max(at + lag, r.updatedAt), e.reason, e.reasonData)
      changed = true
    }
    return changed
  }

  private stamp(r: AlarmRec, state: State, now: number, reason: string, reasonData?: string): void {
    r.seen = state
    r.reason = reason
    r.reasonData = reasonData
    r.updatedAt = now
    r.transitionedAt = now
  }

  private out(name: string, r: AlarmRec) {
    const d = r.def
    return {
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:${r.region}:${ACCOUNT_ID}:alarm:${name}`,
      AlarmDescription: d.AlarmDescription,
      AlarmConfigurationUpdatedTimestamp: new Date(r.configUpdatedAt),
      ActionsEnabled: d.ActionsEnabled ?? true,
      OKActions: d.OKActions ?? [],
      AlarmActions: d.AlarmActions ?? [],
      InsufficientDataActions: d.InsufficientDataActions ?? [],
      StateValue: this.alarms.get(name) ?? r.seen,
      StateReason: r.reason,
      StateReasonData: r.reasonData,
      StateUpdatedTimestamp: new Date(r.updatedAt),
      StateTransitionedTimestamp: new Date(r.transitionedAt),
      MetricName: d.MetricName,
      Namespace: d.Namespace,
      Statistic: d.Statistic,
      ExtendedStatistic: d.ExtendedStatistic,
      Dimensions: d.Dimensions ?? [],
      Period: d.Period,
      Unit: d.Unit,
      EvaluationPeriods: d.EvaluationPeriods,
      DatapointsToAlarm: d.DatapointsToAlarm,
      Threshold: d.Threshold,
      ComparisonOperator: d.ComparisonOperator,
      TreatMissingData: d.TreatMissingData,
      Metrics: d.Metrics
    }
  }

  PutMetricAlarm(p: Params, ctx: CwCtx) {
    const name = String(p.AlarmName ?? '')
    if (!name || name.length > 255) throw err('ValidationError', 'The parameter AlarmName must be between 1 and 255 characters.')
    const n = (k: string) => (p[k] === undefined ? undefined : Number(p[k]))
    const def: Params = { ...p }
    for (const k of ['Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold']) if (p[k] !== undefined) def[k] = n(k)
    if (!def.EvaluationPeriods || def.EvaluationPeriods < 1) throw err('ValidationError', 'The parameter EvaluationPeriods must be greater than or equal to 1.')
    if (!COMPARISONS.includes(String(def.ComparisonOperator))) throw err('ValidationError', `Invalid ComparisonOperator '${def.ComparisonOperator}'.`)
    if (!def.Metrics && (!def.MetricName || !def.Namespace)) throw err('ValidationError', 'MetricName and Namespace must be specified.')
    const old = this.recs.get(name)
    if (old) {
      old.def = def
      old.configUpdatedAt = ctx.now
      old.spec = alarmSpec(def)
      old.evalAt = undefined
      return {}
    }
    this.recs.set(name, {
      def,
      region: ctx.region,
      createdAt: ctx.now,
      configUpdatedAt: ctx.now,
      seen: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
      updatedAt: ctx.now,
      transitionedAt: ctx.now,
      spec: alarmSpec(def)
    })
    if (!this.alarms.has(name)) this.alarms.set(name, 'INSUFFICIENT_DATA')
    else this.recs.get(name)!.seen = this.alarms.get(name)!
    return {}
  }

  DescribeAlarms(p: Params, _ctx: CwCtx) {
    let names = this.names()
    const wanted: string[] = Array.isArray(p.AlarmNames) ? p.AlarmNames.map(String) : []
    if (wanted.length > 100) throw err('InvalidParameterValue', 'The collection AlarmNames must not have a size greater than 100.')
    if (wanted.length) names = names.filter((n) => wanted.includes(n))
    if (p.AlarmNamePrefix) names = names.filter((n) => n.startsWith(String(p.AlarmNamePrefix)))
    if (p.StateValue) {
      if (!STATES.includes(p.StateValue)) throw err('InvalidParameterValue', `Invalid state value ${p.StateValue}`)
      names = names.filter((n) => (this.alarms.get(n) ?? this.recs.get(n)!.seen) === p.StateValue)
    }
    const types: string[] = Array.isArray(p.AlarmTypes) ? p.AlarmTypes : []
    const metric = !types.length || types.includes('MetricAlarm')
    const max = Math.min(Number(p.MaxRecords ?? 50) || 50, 100)
    const start = p.NextToken ? Number(Buffer.from(String(p.NextToken), 'base64').toString('utf8')) || 0 : 0
    const page = metric ? names.slice(start, start + max) : []
    const next = metric && start + max < names.length ? Buffer.from(String(start + max)).toString('base64') : undefined
    return {
      MetricAlarms: page.map((n) => this.out(n, this.recs.get(n)!)),
      CompositeAlarms: [],
      ...(next ? { NextToken: next } : {})
    }
  }

  SetAlarmState(p: Params, ctx: CwCtx) {
    const name = String(p.AlarmName ?? '')
    const r = this.recs.get(name)
    if (!r) throw err('ResourceNotFound', `Alarm ${name} not found`, 404)
    if (!STATES.includes(p.StateValue)) throw err('InvalidFormat', `Invalid state value ${p.StateValue}`)
    if (!p.StateReason) throw err('ValidationError', 'StateReason must be specified.')
    this.alarms.set(name, p.StateValue)
    this.stamp(r, p.StateValue, ctx.now, String(p.StateReason), p.StateReasonData === undefined ? undefined : String(p.StateReasonData))
    return {}
  }

  DeleteAlarms(p: Params, _ctx: CwCtx) {
    const names: string[] = Array.isArray(p.AlarmNames) ? p.AlarmNames.map(String) : []
    const missing = names.filter((n) => !this.recs.has(n))
    if (missing.length) throw err('ResourceNotFound', `Alarm(s) ${missing.join(', ')} not found`, 404)
    for (const n of names) {
      this.recs.delete(n)
      this.alarms.delete(n)
    }
    return {}
  }

  /**
   * Metric data from the host's MetricSource, per period, with metric math (emulator/metric-math.ts).
   * A metric the source does not have answers no datapoints, as CloudWatch answers a metric with no
   * data. Pages by MaxDatapoints (default 100,800) with NextToken.
   */
  GetMetricData(p: Params, ctx: CwCtx) {
    const start = timestampMs(p.StartTime, 'startTime')
    const end = timestampMs(p.EndTime, 'endTime')
    // CloudWatch's own checks answer each problem on a line of its own.
    const refuse = (lines: string[]) => err('ValidationError', lines.map((l) => `${l}\n`).join(''))
    if (Math.floor(end / 1000) < Math.floor(start / 1000)) throw refuse(['The parameter EndTime must be greater than StartTime.'])
    if (Math.floor(end / 1000) === Math.floor(start / 1000)) throw refuse(['The parameter StartTime must not equal parameter EndTime.'])
    const raw: Params[] = Array.isArray(p.MetricDataQueries) ? p.MetricDataQueries : []
    if (!raw.length) throw refuse(['The parameter MetricDataQueries is required.'])
    if (raw.length > 500) throw refuse(['The collection MetricDataQueries must not have a size greater than 500.'])
    const problems: string[] = []
    raw.forEach((q, i) => {
      const at = `MetricDataQueries.member.${i + 1}`
      if (!ID_PATTERN.test(String(q.Id))) problems.push(`The value ${q.Id} for parameter ${at}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`)
      if (q.MetricStat && q.Expression !== undefined)
        problems.push(`The parameters ${at}.Expression and ${at}.MetricStat are mutually exclusive and you have specified both.`)
      else if (!q.MetricStat && q.Expression === undefined) problems.push(`The parameter ${at}.MetricStat is required.`)
      const ms = q.MetricStat as Params | undefined
      if (!ms) return
      for (const k of ['Namespace', 'MetricName']) if (!ms.Metric?.[k]) problems.push(`The parameter ${at}.MetricStat.Metric.${k} is required.`)
      if (!parseStat(ms.Stat)) problems.push(`The value ${ms.Stat} for parameter ${at}.MetricStat.Stat is not a valid statistic.`)
      const period = Number(ms.Period)
      if (![1, 5, 10, 30].includes(period) && period % 60 !== 0)
        problems.push(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 30, or a multiple of 60.`)
    })
    if (new Set(raw.map((q) => q.Id)).size !== raw.length) problems.push('The values for parameter id in MetricDataQueries are not unique.')
    if (problems.length) throw refuse(problems)
    const queries: QuerySpec[] = raw.map((q) => ({ Id: q.Id, MetricStat: q.MetricStat, Expression: q.Expression, Period: q.Period }))
    const ids = new Set(queries.map((q) => q.Id))
    const badExpression = (e: unknown, id: string | undefined) =>
      e instanceof ExpressionError ? err('ValidationError', `Error in expression ${e.id ?? id} [${e.message}]`) : e
    for (const q of queries)
      try {
        if (!q.MetricStat) parseExpression(String(q.Expression), ids)
      } catch (e) {
        throw badExpression(e, q.Id)
      }
    let results
    try {
      results = runQueries(this.host.metrics(), queries, roundStart(start, ctx.now), end)
    } catch (e) {
      throw badExpression(e, undefined)
    }
    const max = p.MaxDatapoints === undefined ? MAX_DATAPOINTS : Number(p.MaxDatapoints)
    if (!(max >= 1)) throw refuse(['The parameter MaxDatapoints must be greater than 0.'])
    let skip = p.NextToken === undefined ? 0 : pageOffset(p.NextToken)
    const offset = skip
    let room = max
    let more = false
    const descending = (p.ScanBy ?? 'TimestampDescending') === 'TimestampDescending'
    const out = raw
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const r = results.get(q.Id)!
        const order = r.series.ts.map((_, i) => i)
        if (descending) order.reverse()
        const from = Math.min(skip, order.length)
        skip -= from
        const take = Math.min(order.length - from, room)
        room -= take
        const page = order.slice(from, from + take)
        const partial = from + take < order.length
        more ||= partial
        return {
          Id: q.Id,
          Label: q.Label ?? (q.MetricStat ? q.MetricStat.Metric?.MetricName : q.Id),
          Timestamps: page.map((i) => new Date(r.series.ts[i]!)),
          Values: page.map((i) => r.series.vals[i]!),
          StatusCode: partial ? 'PartialData' : 'Complete',
          Messages: r.messages
        }
      })
    return { MetricDataResults: out, Messages: [], ...(more ? { NextToken: Buffer.from(`gmd:${offset + max - room}`).toString('base64') } : {}) }
  }

  dump() {
    return this.names().map((n) => this.out(n, this.recs.get(n)!))
  }
}

/** A request timestamp (epoch seconds on JSON, ISO 8601 or epoch seconds on Query) in epoch ms. */
function timestampMs(v: unknown, name: string): number {
  const ms = typeof v === 'number' ? v * 1000 : /^\s*-?\d+(\.\d+)?\s*$/.test(String(v)) ? Number(v) * 1000 : Date.parse(String(v))
  if (!Number.isFinite(ms))
    throw err('ValidationError', `1 validation error detected: Value '${String(v)}' at '${name}' failed to satisfy constraint: Member must be a Date`)
  return ms
}

/**
 * GetMetricData's start, rounded down as CloudWatch rounds it: to the minute for a start less than
 * 15 days ago, to 5 minutes up to 63 days ago, to the hour before that. The periods start there.
 */
function roundStart(start: number, now: number): number {
  const age = now - start
  const unit = age > 63 * DAY_MS ? 60 * MINUTE_MS : age > 15 * DAY_MS ? 5 * MINUTE_MS : MINUTE_MS
  return Math.floor(start / unit) * unit
}

/** The datapoints a GetMetricData NextToken says were answered already. */
function pageOffset(token: unknown): number {
  const m = /^gmd:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString('utf8'))
  if (!m) throw new ApiError('InvalidNextToken', 'The specified NextToken is not valid.')
  return Number(m[1])
}
