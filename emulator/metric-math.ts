/**
 * CloudWatch's metric data as GetMetricData and metric alarms read it: a MetricStat's datapoints per
 * period, aggregated from a MetricSource's minute datapoints, and metric math over them.
 *
 * Periods: one datapoint per period, timestamped at the period's start; the periods start at the
 * request's (rounded) start time and step by the period. A period with no minute data has no
 * datapoint. A period spanning several minutes aggregates them: Sum and SampleCount add up,
 * Minimum and Maximum are taken over the minutes, Average is sum / sampleCount, and a percentile
 * is the sample-weighted mean of the minutes' percentiles (an approximation: CloudWatch computes it
 * over the samples).
 *
 * Metric math: numbers, ids of other queries, + - * / ^, parentheses, unary minus, and the
 * functions FILL(series, number | REPEAT | LINEAR), ABS, and MIN, MAX, SUM, AVG of one series (a
 * number). Series with series align on timestamps (a timestamp one lacks is missing from the
 * result); series with a number applies to each datapoint. A datapoint that is not a finite number
 * (division by zero) is dropped, and the result says so in its Messages, as CloudWatch does.
 */
import type { MetricQuery, MetricSource, MinuteDatum } from './metric-source.js'

export const MINUTE_MS = 60_000

export type SimpleStat = 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount'
export type Stat = { kind: SimpleStat } | { kind: 'percentile'; q: number }

const SIMPLE = new Set<string>(['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'])

/** A statistic CloudWatch names `s` (case-sensitive, as CloudWatch is), or undefined for one the emulator does not compute. */
export function parseStat(s: unknown): Stat | undefined {
  if (typeof s !== 'string') return undefined
  if (SIMPLE.has(s)) return { kind: s as SimpleStat }
  const m = /^p(\d{1,3}(?:\.\d{1,10})?)$/.exec(s)
  if (!m) return undefined
  const q = Number(m[1])
  return q >= 0 && q <= 100 ? { kind: 'percentile', q } : undefined
}

/** One statistic over a period's minute datapoints (at least one). */
export function aggregate(stat: Stat, ms: MinuteDatum[]): number {
  let sum = 0
  let count = 0
  let min = Infinity
  let max = -Infinity
  for (const m of ms) {
    sum += m.sum
    count += m.sampleCount
    if (m.min < min) min = m.min
    if (m.max > max) max = m.max
  }
  switch (stat.kind) {
    case 'Sum':
      return sum
    case 'SampleCount':
      return count
    case 'Minimum':
      return min
    case 'Maximum':
      return max
    case 'Average':
      return sum / count
    default: {
      if (stat.q <= 0) return min
      if (stat.q >= 100) return max
      if (ms.length === 1) return ms[0]!.percentile(stat.q)
      // Sample-weighted mean of the minutes' percentiles: CloudWatch would use all the samples.
      let w = 0
      for (const m of ms) w += m.sampleCount * m.percentile(stat.q)
      return w / count
    }
  }
}

/** A time series: ascending timestamps (virtual epoch ms, each a period's start) and their values. */
export interface Series {
  /** Period in ms. */
  period: number
  ts: number[]
  vals: number[]
  /** Samples behind each datapoint, for a MetricStat's series (alarms' StateReasonData). */
  counts?: number[] | undefined
}

export interface MetricStatSpec {
  Metric: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] }
  Period: number
  Stat: string
}

export function metricQuery(ms: MetricStatSpec): MetricQuery {
  return { namespace: String(ms.Metric.Namespace ?? ''), metricName: String(ms.Metric.MetricName ?? ''), dimensions: ms.Metric.Dimensions ?? [] }
}

/**
 * A MetricStat's datapoints over the periods starting at `origin`, `origin + period`, ... before
 * `to` (minutes from `to` on are not read); undefined when the source has no such metric. The
 * source's metrics are minute resolution: a period that is not a whole number of minutes has no data.
 */
export function statSeries(source: MetricSource, ms: MetricStatSpec, origin: number, to: number): Series | undefined {
  const period = ms.Period * 1000
  const minutes = source.minutes(metricQuery(ms), origin, to)
  if (!minutes) return undefined
  const stat = parseStat(ms.Stat)
  const out: Series = { period, ts: [], vals: [], counts: [] }
  if (!stat || period % MINUTE_MS !== 0) return out
  let bucket: MinuteDatum[] = []
  let at = NaN
  const flush = () => {
    if (!bucket.length) return
    const v = aggregate(stat, bucket)
    if (Number.isFinite(v)) {
      out.ts.push(at)
      out.vals.push(v)
      out.counts!.push(bucket.reduce((n, m) => n + m.sampleCount, 0))
    }
    bucket = []
  }
  for (const m of minutes) {
    if (m.at < origin || m.at >= to) continue
    const start = origin + Math.floor((m.at - origin) / period) * period
    if (start !== at) {
      flush()
      at = start
    }
    bucket.push(m)
  }
  flush()
  return out
}

// ---------------------------------------------------------------- expressions

/** Why an expression cannot be evaluated; GetMetricData answers it as a ValidationError naming the expression. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    /** The id of the expression at fault, once known. */
    readonly id?: string
  ) {
    super(message)
  }
}

type Node =
  | { t: 'num'; v: number }
  | { t: 'ref'; id: string }
  | { t: 'kw'; name: string }
  | { t: 'neg'; x: Node }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'call'; name: string; args: Node[] }

/** The functions the emulator evaluates (CloudWatch has many more). */
export const FUNCTIONS = ['ABS', 'AVG', 'FILL', 'MAX', 'MIN', 'SUM'] as const
const FILL_KEYWORDS = new Set(['REPEAT', 'LINEAR'])

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^(),]))/y

/** Parses a metric math expression; `ids` are the query ids it may name. Throws ExpressionError. */
export function parseExpression(text: string, ids: ReadonlySet<string>): Node {
  const tokens: { k: 'num' | 'name' | 'op'; s: string }[] = []
  TOKEN.lastIndex = 0
  let i = 0
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break
    TOKEN.lastIndex = i
    const m = TOKEN.exec(text)
    if (!m) throw new ExpressionError('Invalid syntax')
    tokens.push(m[1] !== undefined ? { k: 'num', s: m[1] } : m[2] !== undefined ? { k: 'name', s: m[2] } : { k: 'op', s: m[3]! })
    i = TOKEN.lastIndex
  }
  let p = 0
  const peek = (s: string) => tokens[p]?.k === 'op' && tokens[p]!.s === s
  const expect = (s: string) => {
    if (!peek(s)) throw new ExpressionError('Invalid syntax')
    p++
  }
  const sum = (): Node => {
    let a = product()
    while (peek('+') || peek('-')) {
      const op = tokens[p++]!.s
      a = { t: 'bin', op, a, b: product() }
    }
    return a
  }
  const product = (): Node => {
    let a = unary()
    while (peek('*') || peek('/')) {
      const op = tokens[p++]!.s
      a = { t: 'bin', op, a, b: unary() }
    }
    return a
  }
  const unary = (): Node => {
    if (peek('-')) {
      p++
      return { t: 'neg', x: unary() }
    }
    if (peek('+')) {
      p++
      return unary()
    }
    return power()
  }
  const power = (): Node => {
    const a = primary()
    if (peek('^')) {
      p++
      return { t: 'bin', op: '^', a, b: unary() }
    }
    return a
  }
  const primary = (): Node => {
    const tok = tokens[p++]
    if (!tok) throw new ExpressionError('Invalid syntax')
    if (tok.k === 'num') return { t: 'num', v: Number(tok.s) }
    if (tok.k === 'op') {
      if (tok.s !== '(') throw new ExpressionError('Invalid syntax')
      const x = sum()
      expect(')')
      return x
    }
    if (peek('(')) {
      p++
      if (!(FUNCTIONS as readonly string[]).includes(tok.s)) throw new ExpressionError(`Unsupported function: ${tok.s}`)
      const args: Node[] = []
      if (!peek(')'))
        for (;;) {
          args.push(sum())
          if (!peek(',')) break
          p++
        }
      expect(')')
      const want = tok.s === 'FILL' ? 2 : 1
      if (args.length !== want) throw new ExpressionError(`${tok.s} takes ${want} argument${want === 1 ? '' : 's'}`)
      return { t: 'call', name: tok.s, args }
    }
    if (FILL_KEYWORDS.has(tok.s)) return { t: 'kw', name: tok.s }
    if (!ids.has(tok.s)) throw new ExpressionError(`Unrecognized metric or expression id: ${tok.s}`)
    return { t: 'ref', id: tok.s }
  }
  const root = sum()
  if (p !== tokens.length) throw new ExpressionError('Invalid syntax')
  return root
}

/** The query ids an expression names. */
export function references(n: Node, out = new Set<string>()): Set<string> {
  if (n.t === 'ref') out.add(n.id)
  else if (n.t === 'neg') references(n.x, out)
  else if (n.t === 'bin') {
    references(n.a, out)
    references(n.b, out)
  } else if (n.t === 'call') for (const a of n.args) references(a, out)
  return out
}

type Value = { k: 'num'; v: number } | { k: 'series'; s: Series }

interface EvalCtx {
  resolve(id: string): Series
  /** Period starts from the request's origin before its end, for a series of `period` ms. */
  grid(period: number): number[]
  /** Set when a datapoint was dropped for not being a finite number. */
  dropped: boolean
}

function apply(op: string, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y
    case '-':
      return x - y
    case '*':
      return x * y
    case '/':
      return x / y
    default:
      return x ** y
  }
}

/** Keeps the finite datapoints, noting in ctx when one is dropped. */
function finite(ctx: EvalCtx, period: number, ts: number[], vals: number[]): Series {
  const out: Series = { period, ts: [], vals: [] }
  for (let i = 0; i < ts.length; i++) {
    if (Number.isFinite(vals[i])) {
      out.ts.push(ts[i]!)
      out.vals.push(vals[i]!)
    } else ctx.dropped = true
  }
  return out
}

function evaluate(n: Node, ctx: EvalCtx): Value {
  switch (n.t) {
    case 'num':
      return { k: 'num', v: n.v }
    case 'kw':
      throw new ExpressionError(`${n.name} is only a FILL argument`)
    case 'ref':
      return { k: 'series', s: ctx.resolve(n.id) }
    case 'neg': {
      const x = evaluate(n.x, ctx)
      return x.k === 'num' ? { k: 'num', v: -x.v } : { k: 'series', s: { period: x.s.period, ts: x.s.ts, vals: x.s.vals.map((v) => -v) } }
    }
    case 'bin': {
      const a = evaluate(n.a, ctx)
      const b = evaluate(n.b, ctx)
      if (a.k === 'num' && b.k === 'num') return { k: 'num', v: apply(n.op, a.v, b.v) }
      if (a.k === 'series' && b.k === 'num')
        return {
          k: 'series',
          s: finite(
            ctx,
            a.s.period,
            a.s.ts,
            a.s.vals.map((v) => apply(n.op, v, b.v))
          )
        }
      if (a.k === 'num' && b.k === 'series')
        return {
          k: 'series',
          s: finite(
            ctx,
            b.s.period,
            b.s.ts,
            b.s.vals.map((v) => apply(n.op, a.v, v))
          )
        }
      const sa = (a as { s: Series }).s
      const sb = (b as { s: Series }).s
      // Aligned on timestamps: one missing from either operand is missing from the result.
      const byTs = new Map<number, number>()
      sb.ts.forEach((t, i) => byTs.set(t, sb.vals[i]!))
      const ts: number[] = []
      const vals: number[] = []
      sa.ts.forEach((t, i) => {
        const y = byTs.get(t)
        if (y === undefined) return
        ts.push(t)
        vals.push(apply(n.op, sa.vals[i]!, y))
      })
      return { k: 'series', s: finite(ctx, sa.period, ts, vals) }
    }
    case 'call':
      return call(n.name, n.args, ctx)
  }
}

function call(name: string, args: Node[], ctx: EvalCtx): Value {
  if (name === 'FILL') {
    const x = evaluate(args[0]!, ctx)
    if (x.k !== 'series') throw new ExpressionError('FILL takes a time series')
    const arg = args[1]!
    const fillWith = arg.t === 'kw' ? arg.name : evaluate(arg, ctx)
    if (typeof fillWith !== 'string' && fillWith.k !== 'num') throw new ExpressionError('FILL fills with a number, REPEAT or LINEAR')
    const have = new Map<number, number>()
    x.s.ts.forEach((t, i) => have.set(t, x.s.vals[i]!))
    const ts = [...new Set([...ctx.grid(x.s.period), ...x.s.ts])].sort((p, q) => p - q)
    const vals = ts.map((t) => {
      const v = have.get(t)
      if (v !== undefined) return v
      if (typeof fillWith !== 'string') return fillWith.v
      const before = lastBefore(x.s, t)
      if (fillWith === 'REPEAT') return before === undefined ? NaN : x.s.vals[before]!
      const after = before === undefined ? 0 : before + 1
      if (before === undefined || after >= x.s.ts.length) return NaN
      const [t0, t1, v0, v1] = [x.s.ts[before]!, x.s.ts[after]!, x.s.vals[before]!, x.s.vals[after]!]
      return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0)
    })
    // REPEAT and LINEAR leave the ends they have nothing to fill from missing (not an arithmetic error).
    const keep = ts.map((_, i) => Number.isFinite(vals[i]!) || typeof fillWith !== 'string')
    return {
      k: 'series',
      s: finite(
        ctx,
        x.s.period,
        ts.filter((_, i) => keep[i]),
        vals.filter((_, i) => keep[i])
      )
    }
  }
  const x = evaluate(args[0]!, ctx)
  if (name === 'ABS') return x.k === 'num' ? { k: 'num', v: Math.abs(x.v) } : { k: 'series', s: { ...x.s, counts: undefined, vals: x.s.vals.map(Math.abs) } }
  const vals = x.k === 'num' ? [x.v] : x.s.vals
  if (!vals.length) return { k: 'num', v: NaN }
  switch (name) {
    case 'MAX':
      return { k: 'num', v: Math.max(...vals) }
    case 'MIN':
      return { k: 'num', v: Math.min(...vals) }
    case 'SUM':
      return { k: 'num', v: vals.reduce((s, v) => s + v, 0) }
    default:
      return { k: 'num', v: vals.reduce((s, v) => s + v, 0) / vals.length }
  }
}

/** Index of the last datapoint before `t`, if any. */
function lastBefore(s: Series, t: number): number | undefined {
  let found: number | undefined
  for (let i = 0; i < s.ts.length && s.ts[i]! < t; i++) found = i
  return found
}

// ---------------------------------------------------------------- a request's queries

export interface QuerySpec {
  Id: string
  MetricStat?: MetricStatSpec | undefined
  Expression?: string | undefined
  Period?: number | undefined
}

export interface QueryResult {
  series: Series
  /** False for a MetricStat the source has no metric for. */
  known: boolean
  messages: { Code: string; Value: string }[]
}

export const ARITHMETIC_ERROR = {
  Code: 'ArithmeticError',
  Value: 'One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)'
}

/**
 * Every query's series over the periods from `origin` to `to`. Expressions must parse (see
 * parseExpression); a circular reference throws ExpressionError with the id of the expression.
 */
export function runQueries(source: MetricSource, queries: QuerySpec[], origin: number, to: number): Map<string, QueryResult> {
  const byId = new Map(queries.map((q) => [q.Id, q]))
  const ids = new Set(byId.keys())
  const done = new Map<string, QueryResult>()
  const visiting = new Set<string>()
  const statPeriods = queries.filter((q) => q.MetricStat).map((q) => q.MetricStat!.Period * 1000)
  const defaultPeriod = statPeriods.length ? Math.min(...statPeriods) : MINUTE_MS
  const grid = (period: number): number[] => {
    const out: number[] = []
    for (let t = origin; t < to && out.length < 200_000; t += period) out.push(t)
    return out
  }
  const run = (id: string): QueryResult => {
    const have = done.get(id)
    if (have) return have
    const q = byId.get(id)!
    let r: QueryResult
    if (q.MetricStat) {
      const s = statSeries(source, q.MetricStat, origin, to)
      r = { series: s ?? { period: q.MetricStat.Period * 1000, ts: [], vals: [] }, known: s !== undefined, messages: [] }
    } else {
      if (visiting.has(id)) throw new ExpressionError(`Circular dependency on ${id}`, id)
      visiting.add(id)
      try {
        const ctx: EvalCtx = { resolve: (x) => run(x).series, grid, dropped: false }
        const v = evaluate(parseExpression(String(q.Expression ?? ''), ids), ctx)
        const period = q.Period ? q.Period * 1000 : defaultPeriod
        const series =
          v.k === 'series'
            ? v.s
            : finite(
                ctx,
                period,
                grid(period),
                grid(period).map(() => v.v)
              )
        r = { series, known: true, messages: ctx.dropped ? [ARITHMETIC_ERROR] : [] }
      } catch (e) {
        if (e instanceof ExpressionError && e.id === undefined) throw new ExpressionError(e.message, id)
        throw e
      } finally {
        visiting.delete(id)
      }
    }
    done.set(id, r)
    return r
  }
  for (const q of queries) run(q.Id)
  return done
}

/** A source that has no metric at all: every query answers undefined. */
export const NO_METRICS: MetricSource = { minutes: () => undefined }
