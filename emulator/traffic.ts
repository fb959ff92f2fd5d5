/**
 * The requests the emulated ALBs send to their target groups, and the CloudWatch metrics of each
 * target group (namespace AWS/ApplicationELB) that follow from them.
 *
 * Every production route (a listener's default action or a rule that forwards to target groups)
 * carries a steady `requestsPerMinute`, split between its target groups by the weights in force at
 * each instant: ELBv2 (elbv2.ts) tells this module of every weight change with its virtual time,
 * whether an API call (ModifyListener, ModifyRule) or a deployment's traffic shift made it. On a
 * route, the target group that most recently gained weight from 0 serves the new revision (the new
 * side); the others the old one. The old side answers 0.3 % of its requests 5xx with a fixed latency
 * distribution; the new side as the `traffic` fault says. Figures are computed from these histories
 * when asked (nothing is sampled), so they are deterministic and exact to the millisecond.
 */
import type { TrafficFault } from './faults.js'
import type { MetricQuery, MetricSource, MinuteDatum } from './metric-source.js'

export type { MetricQuery, MetricSource, MinuteDatum } from './metric-source.js'

export const ALB_NAMESPACE = 'AWS/ApplicationELB'
export const DEFAULT_REQUESTS_PER_MINUTE = 1200
/** Share of requests the old side (and a new side without the fault) answers 5xx. */
export const BASE_ERROR_RATE = 0.003
/**
 * The old side's TargetResponseTime distribution (seconds), as its quantile function: linear between
 * these (quantile, seconds) points. p50 0.080, p95 0.200, average exactly 0.100.
 */
const LATENCY_KNOTS: readonly (readonly [number, number])[] = [
  [0, 0.02],
  [0.5, 0.08],
  [0.95, 0.2],
  [0.99, 0.25],
  [1, 0.35]
]
export const LATENCY = { p50: 0.08, p95: 0.2, average: 0.1, min: 0.02, max: 0.35 }

const MINUTE = 60_000
const COUNT_METRICS = new Set(['RequestCount', 'HTTPCode_Target_2XX_Count', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count'])
const METRICS = new Set([...COUNT_METRICS, 'TargetResponseTime'])

export interface RouteWeight {
  targetGroupArn: string
  weight: number
}

/** A route: what ELBv2 says of the listener default action or rule. */
export interface RouteRef {
  /** The listener ARN (its default action) or the rule ARN. */
  arn: string
  listenerArn: string
  loadBalancerArn: string
}

interface RouteChange {
  at: number
  groups: RouteWeight[]
  /** The route's new side from this change on. */
  newSide?: string | undefined
}

interface Route extends RouteRef {
  changes: RouteChange[]
}

interface Config {
  at: number
  requestsPerMinute: number
  greenErrorRate?: number | undefined
  greenLatencyMs?: number | undefined
}

export interface TrafficHost {
  /** Virtual epoch ms. */
  now(): number
  /** A test listener or rule (CodeDeploy's testTrafficRoute, ECS's testListenerRule): it carries no steady traffic. */
  isTestRoute(arn: string): boolean
}

/** Requests of one target group on one route in one stretch of time, and how they were answered. */
interface Slice {
  route: Route
  targetGroupArn: string
  requests: number
  errors: number
  /** The latency distribution's scale (1: the old side's). */
  scale: number
}

/** What a minute of one metric's requests adds up to (floats; rounded when a datum is made). */
interface Tally {
  requests: number
  errors: number
  /** Requests per latency scale. */
  scales: Map<number, number>
}

/** The quantile function of the old side's latency at u in [0, 1]. */
function quantile(u: number): number {
  for (let i = 1; i < LATENCY_KNOTS.length; i++) {
    const [u1, v1] = LATENCY_KNOTS[i]!
    if (u <= u1) {
      const [u0, v0] = LATENCY_KNOTS[i - 1]!
      return v0 + ((v1 - v0) * (u - u0)) / (u1 - u0)
    }
  }
  return LATENCY.max
}

/** Its inverse: the share of the old side's requests at or under v seconds. */
function cdf(v: number): number {
  if (v <= LATENCY.min) return 0
  for (let i = 1; i < LATENCY_KNOTS.length; i++) {
    const [u1, v1] = LATENCY_KNOTS[i]!
    if (v <= v1) {
      const [u0, v0] = LATENCY_KNOTS[i - 1]!
      return u0 + ((u1 - u0) * (v - v0)) / (v1 - v0)
    }
  }
  return 1
}

/** The q-th percentile of a mix of scaled copies of the latency distribution, weighted by requests. */
function mixPercentile(scales: Map<number, number>, q: number): number {
  const parts = [...scales].filter(([, w]) => w > 0)
  const u = Math.min(1, Math.max(0, q / 100))
  if (parts.length === 1) return parts[0]![0] * quantile(u)
  const total = parts.reduce((n, [, w]) => n + w, 0)
  const at = (v: number) => parts.reduce((n, [s, w]) => n + w * cdf(v / s), 0) / total
  let lo = Math.min(...parts.map(([s]) => s)) * LATENCY.min
  let hi = Math.max(...parts.map(([s]) => s)) * LATENCY.max
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (at(mid) < u) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

const tgDimension = (arn: string): string => arn.split(':').slice(5).join(':')
const lbDimension = (arn: string): string => arn.split(':loadbalancer/')[1] ?? arn

export class Traffic implements MetricSource {
  private readonly routes = new Map<string, Route>()
  private configs: Config[] = [{ at: -Infinity, requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE }]

  constructor(private readonly host: TrafficHost) {}

  reset(): void {
    this.routes.clear()
    this.configs = [{ at: -Infinity, requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE }]
  }

  // ---------------------------------------------------------------- what happened

  /** Route `r` forwards by `groups` from virtual time `at` on ([]: nowhere, e.g. a fixed response or a deleted rule). */
  routeChanged(r: RouteRef, groups: RouteWeight[], at: number): void {
    let route = this.routes.get(r.arn)
    if (!route) {
      route = { ...r, changes: [] }
      this.routes.set(r.arn, route)
    }
    const change = { at, groups: groups.map((g) => ({ ...g })) }
    // a state machine may record a moment just before one an API call recorded: keep time order
    const i = route.changes.findIndex((c) => c.at > at)
    if (i < 0) route.changes.push(change)
    else route.changes.splice(i, 0, change)
    let newSide: string | undefined
    let prev: RouteWeight[] = []
    for (const c of route.changes) {
      // only a shift moves the new side: a route that starts forwarding starts with every group old
      if (prev.some((g) => g.weight > 0)) {
        const gained = c.groups.find((g) => g.weight > 0 && !prev.some((p) => p.targetGroupArn === g.targetGroupArn && p.weight > 0))
        if (gained) newSide = gained.targetGroupArn
      }
      c.newSide = newSide
      prev = c.groups
    }
  }

  /** The traffic fault became `f` at virtual time `at`; the minutes before keep what they had. */
  faultChanged(f: TrafficFault | undefined, at: number): void {
    this.publishDelayMs = Math.max(0, f?.publishDelaySeconds ?? 0) * 1000
    const last = this.configs.at(-1)!
    const next: Config = {
      at,
      requestsPerMinute: f?.requestsPerMinute !== undefined && f.requestsPerMinute >= 0 ? f.requestsPerMinute : DEFAULT_REQUESTS_PER_MINUTE,
      greenErrorRate: f?.greenErrorRate === undefined ? undefined : Math.min(1, Math.max(0, f.greenErrorRate)),
      greenLatencyMs: f?.greenLatencyMs !== undefined && f.greenLatencyMs > 0 ? f.greenLatencyMs : undefined
    }
    if (last.requestsPerMinute === next.requestsPerMinute && last.greenErrorRate === next.greenErrorRate && last.greenLatencyMs === next.greenLatencyMs) return
    // a change at the same virtual instant replaces the one before
    if (last.at >= at) this.configs[this.configs.length - 1] = { ...next, at: last.at }
    else this.configs.push(next)
  }

  // ---------------------------------------------------------------- reading it

  /** The target group that serves the new revision on route `routeArn` (listener or rule ARN) now, if one has since the route began. */
  newSide(routeArn: string): string | undefined {
    return this.routes.get(routeArn)?.changes.at(-1)?.newSide
  }

  /**
   * When the target group first took traffic on a production route after `since`, and when its
   * weight went back to 0 after that (virtual epoch ms; `to` undefined while it still has some).
   */
  servedSpan(targetGroupArn: string, since = -Infinity): { from: number; to?: number | undefined } | undefined {
    let from: number | undefined
    let to: number | undefined
    for (const r of this.routes.values()) {
      if (this.host.isTestRoute(r.arn)) continue
      for (const c of r.changes) {
        if (c.at < since) continue
        const w = c.groups.find((g) => g.targetGroupArn === targetGroupArn)?.weight ?? 0
        if (w > 0 && (from === undefined || c.at < from)) from = c.at
        else if (w === 0 && from !== undefined && c.at > from && (to === undefined || c.at < to)) to = c.at
      }
    }
    return from === undefined ? undefined : { from, to }
  }

  /** Requests the target group received in [from, to) (virtual epoch ms, up to now). */
  requests(targetGroupArn: string, from: number, to: number): number {
    let n = 0
    this.slices(
      from,
      Math.min(to, this.host.now()),
      (_r, tg) => tg === targetGroupArn,
      (s) => (n += s.requests)
    )
    return Math.round(n)
  }

  /** Each slice of the production routes' traffic in [from, to) that `want` picks. */
  private slices(from: number, to: number, want: (r: Route, targetGroupArn: string) => boolean, take: (s: Slice) => void): void {
    if (!(to > from)) return
    for (const route of this.routes.values()) {
      const first = route.changes[0]
      if (!first || first.at >= to || !route.changes.some((c) => c.groups.some((g) => want(route, g.targetGroupArn)))) continue
      if (this.host.isTestRoute(route.arn)) continue
      const cuts = new Set<number>([Math.max(from, first.at), to])
      for (const c of route.changes) if (c.at > from && c.at < to) cuts.add(c.at)
      for (const c of this.configs) if (c.at > from && c.at < to) cuts.add(c.at)
      const times = [...cuts].sort((a, b) => a - b)
      for (let i = 0; i + 1 < times.length; i++) {
        const a = times[i]!
        const b = times[i + 1]!
        if (b <= a) continue
        const change = route.changes.findLast((c) => c.at <= a)
        if (!change) continue
        const total = change.groups.reduce((n, g) => n + g.weight, 0)
        if (!total) continue
        const cfg = this.configs.findLast((c) => c.at <= a)!
        const perRoute = (cfg.requestsPerMinute * (b - a)) / MINUTE
        for (const g of change.groups) {
          if (!g.weight || !want(route, g.targetGroupArn)) continue
          const requests = (perRoute * g.weight) / total
          const fresh = g.targetGroupArn === change.newSide
          const rate = fresh && cfg.greenErrorRate !== undefined ? cfg.greenErrorRate : BASE_ERROR_RATE
          const scale = fresh && cfg.greenLatencyMs !== undefined ? cfg.greenLatencyMs / 1000 / LATENCY.p95 : 1
          take({ route, targetGroupArn: g.targetGroupArn, requests, errors: requests * rate, scale })
        }
      }
    }
  }

  /** Which (route, target group) pairs a dimension set picks; undefined for a set ALB does not publish. */
  private picker(dimensions: MetricQuery['dimensions']): ((r: Route, tg: string) => boolean) | undefined {
    const d = new Map(dimensions.map((x) => [x.Name, x.Value]))
    if (d.size !== dimensions.length) return undefined
    const tg = d.get('TargetGroup')
    const lb = d.get('LoadBalancer')
    if (d.size === 2 && tg !== undefined && lb !== undefined) return (r, g) => tgDimension(g) === tg && lbDimension(r.loadBalancerArn) === lb
    if (d.size === 1 && tg !== undefined) return (_r, g) => tgDimension(g) === tg
    if (d.size === 1 && lb !== undefined) return (r) => lbDimension(r.loadBalancerArn) === lb
    return undefined
  }

  /** How long after a minute ends its data is published (`traffic.publishDelaySeconds`). */
  publishDelayMs = 0

  minutes(q: MetricQuery, from: number, to: number): MinuteDatum[] | undefined {
    if (q.namespace !== ALB_NAMESPACE || !METRICS.has(q.metricName)) return undefined
    const want = this.picker(q.dimensions)
    if (!want) return undefined
    if (q.metricName === 'HTTPCode_Target_4XX_Count') return [] // the model answers no 4xx, and ALB publishes no zero counts
    // A minute is published publishDelay after it ends; without a delay, the running minute as it is so far.
    const now = this.publishDelayMs ? Math.floor((this.host.now() - this.publishDelayMs) / MINUTE) * MINUTE : this.host.now()
    const starts = [...this.routes.values()].map((r) => r.changes[0]?.at ?? Infinity)
    const begin = Math.max(Math.ceil(from / MINUTE) * MINUTE, Math.floor(Math.min(...starts) / MINUTE) * MINUTE)
    const out: MinuteDatum[] = []
    for (let m = begin; m < to && m < now; m += MINUTE) {
      const t: Tally = { requests: 0, errors: 0, scales: new Map() }
      this.slices(m, Math.min(m + MINUTE, now), want, (s) => {
        t.requests += s.requests
        t.errors += s.errors
        t.scales.set(s.scale, (t.scales.get(s.scale) ?? 0) + s.requests)
      })
      const d = datum(q.metricName, m, t)
      if (d) out.push(d)
    }
    return out
  }

  // ---------------------------------------------------------------- the state dump

  dump() {
    const now = this.host.now()
    const minute = Math.floor(now / MINUTE) * MINUTE
    const cfg = this.configs.at(-1)!
    const groups = new Set<string>()
    for (const r of this.routes.values()) for (const c of r.changes) for (const g of c.groups) groups.add(g.targetGroupArn)
    const figures = (arn: string, m: number) => {
      const dims = [{ Name: 'TargetGroup', Value: tgDimension(arn) }]
      const get = (metricName: string) => this.minutes({ namespace: ALB_NAMESPACE, metricName, dimensions: dims }, m, m + 1)?.[0]
      const rt = get('TargetResponseTime')
      return { at: m, requests: get('RequestCount')?.sum ?? 0, http5xx: get('HTTPCode_Target_5XX_Count')?.sum ?? 0, p95: rt ? rt.percentile(95) : undefined }
    }
    return {
      requestsPerMinute: cfg.requestsPerMinute,
      greenErrorRate: cfg.greenErrorRate,
      greenLatencyMs: cfg.greenLatencyMs,
      routes: [...this.routes.values()].map((r) => ({
        route: r.arn,
        loadBalancer: lbDimension(r.loadBalancerArn),
        test: this.host.isTestRoute(r.arn),
        weights: Object.fromEntries((r.changes.at(-1)?.groups ?? []).map((g) => [tgDimension(g.targetGroupArn), g.weight])),
        newSide: r.changes.at(-1)?.newSide,
        changes: r.changes.length
      })),
      targetGroups: [...groups].map((arn) => ({
        targetGroup: tgDimension(arn),
        /** The last whole minute and the one running. */
        lastMinute: figures(arn, minute - MINUTE),
        thisMinute: figures(arn, minute)
      }))
    }
  }
}

/**
 * One minute's datum of a metric from its tally, or none: ALB publishes a target group's metrics
 * only for minutes with requests, and an HTTP code count only when it is above 0. Counts are sums of
 * one sample per request (1 for RequestCount; 1 or 0 for whether it got that code), so sampleCount
 * is the requests and min, max and the percentiles are 0 or 1.
 */
function datum(metricName: string, at: number, t: Tally): MinuteDatum | undefined {
  const requests = Math.round(t.requests)
  if (requests <= 0) return undefined
  const errors = Math.min(requests, Math.round(t.errors))
  const indicator = (count: number): MinuteDatum | undefined =>
    count > 0
      ? { at, sampleCount: requests, sum: count, min: count < requests ? 0 : 1, max: 1, percentile: (q) => (q / 100 > 1 - count / requests ? 1 : 0) }
      : undefined
  switch (metricName) {
    case 'RequestCount':
      return { at, sampleCount: requests, sum: requests, min: 1, max: 1, percentile: () => 1 }
    case 'HTTPCode_Target_5XX_Count':
      return indicator(errors)
    case 'HTTPCode_Target_2XX_Count':
      return indicator(requests - errors)
    case 'TargetResponseTime': {
      const scales = new Map(t.scales)
      const mean = [...scales].reduce((n, [s, w]) => n + s * w, 0) / t.requests
      const used = [...scales].filter(([, w]) => w > 0).map(([s]) => s)
      return {
        at,
        sampleCount: requests,
        sum: requests * mean * LATENCY.average,
        min: Math.min(...used) * LATENCY.min,
        max: Math.max(...used) * LATENCY.max,
        percentile: (q) => mixPercentile(scales, q)
      }
    }
  }
  return undefined
}
