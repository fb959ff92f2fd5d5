/**
 * A release's canary analysis. Inside the one poll loop: after each look that shows both sides
 * taking traffic, each interval that ended (on AWS's clock, from the answers' Date headers) is
 * read with one GetMetricData for both sides, judged, and logged. Once all traffic is on green,
 * green is compared with blue's figures from before the shift. A metric that reaches failure-limit
 * ends the watch, and the way rolls the release back; in a dry run the verdict is only logged.
 * A read that fails is a warning, tried again at the next look; the release goes on meanwhile.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { metricData } from '../../aws/cloudwatch.js'
import { describeTargetGroups } from '../../aws/elbv2.js'
import type { Analysis, AnalysisFailure, AnalysisReport, AnalysisRow, Judge, Judged, Sides } from '../../core/analysis.js'
import type { Clients, Log } from '../../core/context.js'
import { describeError } from '../../core/errors.js'
import { clock, duration } from '../../report/format.js'
import { failureOf, judgeInterval, metricLine, rowsOf, Tally, type Interval, type SideFigures } from './judge.js'
import { REQUESTS, type AnalysisSpec, type MetricSpec, type MetricStat } from './spec.js'

export interface AnalysisHost {
  clients: Pick<Clients, 'cloudwatch' | 'elbv2' | 'dates'>
  log: Pick<Log, 'line' | 'now'>
  warn: (message: string) => void
}

/** How many intervals before the shift make blue's figures once all traffic is on green. */
const BASELINE_INTERVALS = 3

type SideName = 'green' | 'blue'

/** A side's target group as CloudWatch names it in ALB metrics' dimensions. */
interface Side {
  name: string
  targetGroup: string
  loadBalancer: string
}

export function startAnalysis(host: AnalysisHost, spec: AnalysisSpec): Analysis {
  return new AnalysisRun(host, spec)
}

/** A metric's figure on a side: a rate is its count (none published: 0) per 100 of the side's requests. */
const valueOf = (m: MetricSpec, value: number | undefined, requests: number): number | undefined =>
  m.rate ? (requests > 0 ? (100 * (value ?? 0)) / requests : undefined) : value

const sameMetric = (a: MetricStat, b: MetricStat): boolean =>
  a.namespace === b.namespace && a.metric === b.metric && a.stat === b.stat && JSON.stringify(a.dimensions) === JSON.stringify(b.dimensions)

class AnalysisRun implements Analysis {
  private readonly tally: Tally
  private readonly rows: AnalysisRow[] = []
  private failure?: AnalysisFailure | undefined
  private setup?: string | undefined
  /** The newest answer's Date (AWS epoch ms) and when it came (local); the first, for the pace. */
  private latest?: { date: number; local: number } | undefined
  private first?: { date: number; local: number } | undefined
  /** AWS epoch ms: the start of the next interval to read; set when green first takes traffic. */
  private next?: number | undefined
  private shiftStart?: number | undefined
  private sides?: { green: Side; blue: Side } | undefined
  private baseline?: SideFigures | undefined
  private readonly warned = new Set<string>()

  constructor(
    private readonly host: AnalysisHost,
    private readonly spec: AnalysisSpec
  ) {
    this.tally = new Tally(spec.failureLimit)
    host.clients.dates?.listen((date, _sent, local) => {
      this.latest = { date, local }
      this.first ??= this.latest
    })
  }

  report(): AnalysisReport {
    return { dryRun: this.spec.dryRun, setup: this.setup, rows: this.rows, failure: this.failure }
  }

  judge<S>(w: Judged<S>): Judge<S> {
    return {
      afterLook: async (s, signal) => {
        if (this.failure && !this.spec.dryRun) return undefined
        const split = w.split(s)
        if (!split || split.green <= 0) return undefined
        const now = this.awsNow()
        const I = this.spec.intervalMs
        if (this.next === undefined) {
          this.shiftStart = now
          this.next = Math.floor(now / I) * I
        }
        const ready = Math.floor((now - this.spec.delayMs) / I) * I
        if (ready <= this.next) return undefined
        try {
          this.sides ??= await this.resolve(await w.sides(s))
          const intervals = await this.read(this.next, ready, signal)
          this.next = ready
          return this.judgeAll(intervals)
        } catch (err) {
          if (signal?.aborted) return undefined
          const text = describeError(err)
          if (!this.warned.has(text)) this.host.warn(`Canary analysis could not read the metrics (${text}); the release goes on unjudged until it can.`)
          this.warned.add(text)
          return undefined
        }
      },
      dueInMs: (now) => {
        if (this.next === undefined || !this.latest || (this.failure && !this.spec.dryRun)) return undefined
        const due = this.next + this.spec.intervalMs + this.spec.delayMs
        return Math.max(0, this.latest.local + (due - this.latest.date) / this.pace() - now)
      }
    }
  }

  /** AWS's time now, from the newest answer's Date; our own clock when no answer carried one. */
  private awsNow(): number {
    if (!this.latest) return Date.now()
    return this.latest.date + (Date.now() - this.latest.local) * this.pace()
  }

  /** AWS ms per local ms: 1 on AWS, faster on a time-scaled emulator. */
  private pace(): number {
    const a = this.first
    const b = this.latest
    if (!a || !b || b.local - a.local < 2000 || b.date <= a.date) return 1
    return (b.date - a.date) / (b.local - a.local)
  }

  private async resolve(sides: Sides): Promise<{ green: Side; blue: Side }> {
    const groups = await describeTargetGroups(this.host.clients.elbv2, [sides.green, sides.blue])
    const side = (ref: string): Side => {
      const g = groups.find((x) => x.TargetGroupArn === ref || x.TargetGroupName === ref)
      const lb = g?.LoadBalancerArns?.[0]
      if (!g?.TargetGroupArn || !lb) throw new Error(`target group ${ref} ${g ? 'has no load balancer' : 'was not found'}`)
      return { name: g.TargetGroupName ?? ref, targetGroup: g.TargetGroupArn.split(':').pop()!, loadBalancer: lb.split(':loadbalancer/').pop()! }
    }
    const out = { green: side(sides.green), blue: side(sides.blue) }
    const { failures, of } = this.spec.failureLimit
    this.setup = `green ${out.green.name} vs blue ${out.blue.name}, every ${duration(this.spec.intervalMs)}`
    this.say(
      `analysis  ${this.setup}, read ${duration(this.spec.delayMs)} after each; ${this.spec.metrics.map((m) => m.name).join(', ')}; a metric failing ${failures} of its last ${of} intervals ${this.spec.dryRun ? 'is reported (dry run)' : 'rolls back'}; min-requests ${this.spec.minRequests}`
    )
    return out
  }

  /** Both sides' figures for each interval in [from, to). */
  private async read(from: number, to: number, signal?: AbortSignal): Promise<Interval[]> {
    const I = this.spec.intervalMs
    const data = await metricData(this.host.clients.cloudwatch, this.queries(I), new Date(from), new Date(to), signal)
    const at = (id: string, t: number): number | undefined => data.get(id)?.find((p) => p.at === t)?.value
    const figures = (side: SideName, t: number): SideFigures => {
      const requests = at(`r${side[0]}`, t) ?? 0
      return { requests, values: this.spec.metrics.map((m, k) => valueOf(m, at(`m${k}${side[0]}`, t), requests)) }
    }
    const out: Interval[] = []
    for (let t = from; t < to; t += I) {
      const i: Interval = { start: t, end: t + I, green: figures('green', t), blue: figures('blue', t) }
      // All traffic on green: blue's figures from before the shift stand in.
      if (i.blue.requests < this.spec.minRequests && i.green.requests >= this.spec.minRequests) {
        i.blue = await this.blueBefore(signal)
        i.baseline = true
      }
      out.push(i)
    }
    return out
  }

  /** Blue's figures over the intervals before green took traffic: read once. */
  private async blueBefore(signal?: AbortSignal): Promise<SideFigures> {
    if (this.baseline) return this.baseline
    const I = this.spec.intervalMs
    const end = Math.floor(this.shiftStart! / I) * I
    const start = end - BASELINE_INTERVALS * I
    const data = await metricData(this.host.clients.cloudwatch, this.queries(BASELINE_INTERVALS * I, ['blue']), new Date(start), new Date(end), signal)
    const one = (id: string): number | undefined => data.get(id)?.find((p) => p.at === start)?.value
    const requests = one('rb') ?? 0
    this.baseline = { requests, values: this.spec.metrics.map((m, k) => valueOf(m, one(`m${k}b`), requests)) }
    return this.baseline
  }

  /** Each metric of each side (m<k><g|b>), and each side's requests (r<g|b>), at `periodMs`. */
  private queries(periodMs: number, sides: SideName[] = ['green', 'blue']): MetricDataQuery[] {
    const Period = periodMs / 1000
    const q: MetricDataQuery[] = []
    for (const side of sides) {
      const s = side[0]!
      const stat = (Id: string, m: MetricStat, ReturnData = true): MetricDataQuery => ({
        Id,
        MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metric, Dimensions: this.dimensions(m, side) }, Period, Stat: m.stat },
        ReturnData
      })
      q.push(stat(`r${s}`, REQUESTS))
      this.spec.metrics.forEach((m, k) => {
        const id = `m${k}${s}`
        if (m.stat) {
          q.push(stat(id, m.stat))
          return
        }
        // A metric the expression uses that is the side's request count is read once, as r<side>.
        const ids: Record<string, string> = {}
        for (const [name, u] of Object.entries(m.using!)) {
          ids[name] = sameMetric(u, REQUESTS) ? `r${s}` : `${id}_${name}`
          if (ids[name] !== `r${s}`) q.push(stat(ids[name], u, false))
        }
        q.push({ Id: id, Expression: m.expression!.replace(/\b[a-z][a-zA-Z0-9_]*\b/g, (word) => ids[word] ?? word), Period, Label: `${m.name} ${side}` })
      })
    }
    return q
  }

  private dimensions(m: MetricStat, side: SideName): { Name: string; Value: string }[] {
    const s = this.sides![side]
    return Object.entries(m.dimensions).map(([Name, v]) => ({
      Name,
      Value: v.split('${target-group}').join(s.targetGroup).split('${load-balancer}').join(s.loadBalancer).split('${side}').join(side)
    }))
  }

  private judgeAll(intervals: Interval[]): AnalysisFailure | undefined {
    let failed: AnalysisFailure | undefined
    for (const i of intervals) {
      const v = judgeInterval(this.spec, i)
      const at = clock(this.host.log.now(this.awsNow()))
      this.rows.push(...rowsOf(at, v, i.baseline))
      if (v.inconclusive) {
        this.say(`analysis  inconclusive: ${v.inconclusive}`)
        continue
      }
      for (const m of v.metrics) {
        this.tally.add(m.metric.name, m.verdict)
        this.say(`analysis  ${metricLine(m, i.baseline, this.tally)}`)
      }
      for (const m of v.metrics) {
        if (failed || m.verdict !== 'fail' || !this.tally.failed(m.metric.name)) continue
        failed = failureOf(this.spec, m, i.baseline, this.tally, this.awsNow())
      }
      if (failed) break
    }
    if (!failed || this.failure) return undefined
    this.failure = failed
    if (this.spec.dryRun) {
      this.say(`analysis  would roll back now (analysis-dry-run: true, nothing is done): ${failed.cause}`)
      return undefined
    }
    this.say(`analysis  ${failed.metric} failed: rolling back`)
    return failed
  }

  private say(text: string): void {
    this.host.log.line(`  ${clock(this.host.log.now(this.awsNow()))}  ${text}`)
  }
}
