/**
 * CloudWatch metric alarms in the emulator: PutMetricAlarm, DescribeAlarms, SetAlarmState,
 * DeleteAlarms. Alarm states live in the world's shared alarm map (the one CodeDeploy deployment
 * groups watch and the control API sets), so every way of changing a state shows here.
 *
 * The SDK (v3) speaks AWS JSON 1.0 to CloudWatch (X-Amz-Target GraniteServiceVersion20100801.*,
 * awsQueryCompatible); the AWS CLI speaks Smithy RPC v2 CBOR; both reach these handlers with the
 * same parameters (see protocols.ts).
 */
import { err } from './errors.js'
import { ACCOUNT_ID } from './ids.js'

type Params = Record<string, any>
type State = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export interface CwCtx {
  region: string
  now: number
}

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
}

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

  constructor(private readonly alarms: Map<string, State>) {}

  reset(): void {
    this.recs.clear()
  }

  /** Alarm names in creation order. */
  names(): string[] {
    return [...this.recs.keys()]
  }

  /** Stamp state changes made outside CloudWatch's API; first evaluations. */
  advance(now: number): boolean {
    let changed = false
    for (const [name, r] of this.recs) {
      const cur = this.alarms.get(name)
      if (cur === undefined) {
        this.alarms.set(name, r.seen)
        continue
      }
      if (cur === 'INSUFFICIENT_DATA' && r.seen === 'INSUFFICIENT_DATA' && r.updatedAt === r.createdAt && now >= r.createdAt + FIRST_EVALUATION_MS) {
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
    }
    return changed
  }

  private stamp(r: AlarmRec, state: State, now: number, reason: string): void {
    r.seen = state
    r.reason = reason
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
      transitionedAt: ctx.now
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
    this.stamp(r, p.StateValue, ctx.now, String(p.StateReason))
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

  dump() {
    return this.names().map((n) => this.out(n, this.recs.get(n)!))
  }
}
