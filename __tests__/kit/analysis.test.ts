/**
 * The canary analysis: the 'analysis' input, judging an interval and a run of them (pure), and the
 * run inside a watch with CloudWatch and ELBv2 mocked: when an interval is read, the rollback at
 * failure-limit, the old side's figures from before the shift, the dry run and a failed read.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch'
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { parse } from 'yaml'
import type { TrafficSplit } from '../../src/core/analysis.js'
import type { AwsDates } from '../../src/core/context.js'
import { judgeInterval, keeps, metricLine, Tally, type Interval } from '../../src/kit/analysis/judge.js'
import { startAnalysis } from '../../src/kit/analysis/run.js'
import { poll } from '../../src/kit/poll.js'
import { DEFAULT_METRICS, parseAnalysis, type AnalysisSpec } from '../../src/kit/analysis/spec.js'
import { ActionError } from '../../src/core/errors.js'

const spec = (o: Partial<AnalysisSpec> = {}): AnalysisSpec => ({ ...parseAnalysis('default', false), ...o })
const refusal = (text: string): string => {
  try {
    parseAnalysis(text, false, parse)
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError)
    return (err as Error).message
  }
  throw new Error('not refused')
}

describe("the 'analysis' input", () => {
  it('default: the 5xx rate and p95 of each side, every minute, read a minute late, 2 failures of 3', () => {
    const s = parseAnalysis('default', false)
    expect(s).toMatchObject({ intervalMs: 60_000, delayMs: 60_000, failureLimit: { failures: 2, of: 3 }, minRequests: 50, dryRun: false })
    expect(s.metrics.map((m) => [m.name, m.rule])).toEqual([
      ['5xx', { maxIncrease: 1 }],
      ['p95', { maxRatio: 1.25 }]
    ])
  })

  it('a block: settings, a CloudWatch metric of its own namespace, and an expression', () => {
    const s = parseAnalysis(
      `interval: 2m
delay: 30s
failure-limit: 1 of 2
min-requests: 10
metrics:
  - name: errors
    expression: 100 * bad / all
    unit: '%'
    using:
      bad: { metric: HTTPCode_Target_5XX_Count, stat: Sum }
      all: { metric: RequestCount, stat: Sum }
    max-increase: 0.5
  - name: checkout
    namespace: Shop
    metric: CheckoutLatency
    stat: p99
    dimensions: { Side: '\${side}' }
    unit: s
    max-ratio: 1.1
    max: 2`,
      true,
      parse
    )
    expect(s).toMatchObject({ intervalMs: 120_000, delayMs: 30_000, failureLimit: { failures: 1, of: 2 }, minRequests: 10, dryRun: true })
    expect(s.metrics[0]).toMatchObject({ name: 'errors', expression: '100 * bad / all', rule: { maxIncrease: 0.5 } })
    expect(s.metrics[0]!.using!.bad).toEqual({
      namespace: 'AWS/ApplicationELB',
      metric: 'HTTPCode_Target_5XX_Count',
      stat: 'Sum',
      dimensions: { TargetGroup: '${target-group}', LoadBalancer: '${load-balancer}' }
    })
    expect(s.metrics[1]).toMatchObject({ stat: { namespace: 'Shop', stat: 'p99', dimensions: { Side: '${side}' } }, rule: { maxRatio: 1.1, max: 2 } })
  })

  it('a block without metrics keeps the default ones', () => {
    expect(parseAnalysis('min-requests: 200', false, parse)).toMatchObject({ minRequests: 200, metrics: DEFAULT_METRICS })
  })

  it.each([
    ['intervals: 1m', "Input 'analysis': has an unknown setting 'intervals'. Use interval, delay, failure-limit, min-requests, metrics"],
    ['interval: 90s', "Input 'analysis': interval '90s' is not a whole number of minutes. ALB publishes its metrics per minute: give 1m, 2m, ..."],
    ['failure-limit: 3 of 2', "Input 'analysis': failure-limit '3 of 2' is not 'N of M'."],
    ['metrics: [{ name: x, metric: RequestCount, stat: Sum }]', "Input 'analysis': metric 'x' has no rule."],
    ['metrics: [{ name: x, expression: a / b, using: { a: { metric: M, stat: Sum } }, max: 1 }]', "the expression names 'b', which is not under using"],
    ['metrics: [{ name: x, namespace: Shop, metric: M, stat: Sum, max: 1 }]', "metric 'x' in Shop has no dimensions"],
    ['metrics: [{ name: x, namespace: Shop, metric: M, stat: Sum, dimensions: { Service: web }, max: 1 }]', 'no dimension tells the sides apart'],
    ['metrics: [{ name: x, metric: M, stat: p95.5.5, max: 1 }]', "stat 'p95.5.5' is not a CloudWatch statistic"],
    ['- 1', "Input 'analysis': must be 'default' or a YAML mapping"],
    ['metrics: [{ name: x, metric: M, stat: Average, rate: true, max: 1 }]', "metric 'x': rate needs stat Sum, not Average"],
    ['metrics: [{ name: x, expression: 2 * a, using: { a: { metric: M, stat: Sum } }, rate: true, max: 1 }]', "metric 'x' has both rate and expression"]
  ])('refuses %s, naming the input and the fix', (text, message) => {
    expect(refusal(text)).toContain(message)
  })
})

const interval = (green: [number, ...(number | undefined)[]], blue: [number, ...(number | undefined)[]], baseline?: boolean): Interval => ({
  start: 0,
  end: 60_000,
  green: { requests: green[0], values: green.slice(1) },
  blue: { requests: blue[0], values: blue.slice(1) },
  baseline
})

describe('judging an interval', () => {
  it('each rule: an increase, a ratio, a ceiling; a ratio over a blue of 0 cannot be said', () => {
    expect(keeps({ maxIncrease: 1 }, 1.2, 0.3)).toBe(true)
    expect(keeps({ maxIncrease: 1 }, 1.4, 0.3)).toBe(false)
    expect(keeps({ maxRatio: 1.25 }, 0.25, 0.2)).toBe(true)
    expect(keeps({ maxRatio: 1.25 }, 0.26, 0.2)).toBe(false)
    expect(keeps({ max: 2, maxRatio: 10 }, 2.5, 1)).toBe(false)
    expect(keeps({ maxRatio: 2 }, 0, 0)).toBe(true)
    expect(keeps({ maxRatio: 2 }, 1, 0)).toBeUndefined()
  })

  it('ok and fail per metric; a metric without data on a side is inconclusive', () => {
    const v = judgeInterval(spec(), interval([120, 5, undefined], [1080, 0.3, 0.2]))
    expect(v.inconclusive).toBeUndefined()
    expect(v.metrics.map((m) => m.verdict)).toEqual(['fail', 'inconclusive'])
    expect(judgeInterval(spec(), interval([120, 0.4, 0.21], [1080, 0.3, 0.2])).metrics.map((m) => m.verdict)).toEqual(['ok', 'ok'])
  })

  it('fewer requests than min-requests on either side: the whole interval counts neither way', () => {
    const v = judgeInterval(spec(), interval([12, 50, 3], [108, 0.3, 0.2]))
    expect(v.inconclusive).toBe('green served 12 requests (min-requests 50)')
    expect(v.metrics.every((m) => m.verdict === 'inconclusive')).toBe(true)
    expect(judgeInterval(spec(), interval([1, 0, 0.2], [0, 0.3, 0.2], true)).inconclusive).toBe(
      'green served 1, blue served 0 requests before the shift (min-requests 50)'
    )
  })

  it('the log line: figures in their units, the rule, the verdict and the passes of the last intervals', () => {
    const tally = new Tally({ failures: 2, of: 3 })
    const [errors, p95] = judgeInterval(spec(), interval([120, 0.4, 0.212], [1080, 0.3, 0.2])).metrics
    tally.add('5xx', errors!.verdict)
    tally.add('p95', p95!.verdict)
    expect(metricLine(errors!, false, tally)).toBe('5xx  green 0.4% vs blue 0.3% (limit +1.0 pt)  ok  1/1')
    expect(metricLine(p95!, true, tally)).toBe('p95  green 212 ms vs blue 200 ms before the shift (limit ×1.25)  ok  1/1')
  })

  it('a metric fails the release at failure-limit of its last conclusive intervals, inconclusive ones aside', () => {
    const t = new Tally({ failures: 2, of: 3 })
    for (const v of ['fail', 'ok', 'ok', 'inconclusive', 'fail'] as const) t.add('5xx', v)
    expect([t.window('5xx'), t.failed('5xx')]).toEqual(['2/3', false])
    t.add('5xx', 'fail')
    expect([t.window('5xx'), t.failures('5xx'), t.failed('5xx')]).toEqual(['1/3', 2, true])
  })
})

// ---------------------------------------------------------------------------------------------
// The run, with CloudWatch and ELBv2 mocked

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }
const cloudwatch = new CloudWatchClient({ region: 'us-east-1', credentials })
const elbv2 = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials })
const cw = mockClient(cloudwatch)
const elb = mockClient(elbv2)
const TG = (name: string): string => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/fedcba9876543210'
const T0 = Date.parse('2026-12-03T10:00:00Z')

/** Per-minute figures of each side: [requests, 5xx count, p95 seconds]. */
type Minute = { green: [number, number, number]; blue: [number, number, number] }

function answer(minutes: Map<number, Minute>) {
  return (input: GetMetricDataCommandInput) => {
    const start = input.StartTime!.getTime()
    const end = input.EndTime!.getTime()
    const results: MetricDataResult[] = (input.MetricDataQueries ?? [])
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const side = q.Id!.includes('g') ? 'green' : 'blue'
        const period = (q.MetricStat?.Period ?? q.Period ?? 60) * 1000
        const Timestamps: Date[] = []
        const Values: number[] = []
        for (let t = start; t < end; t += period) {
          const within = [...minutes].filter(([at]) => at >= t && at < t + period).map(([, m]) => m[side])
          if (!within.length) continue
          const requests = within.reduce((n, m) => n + m[0], 0)
          const errors = within.reduce((n, m) => n + m[1], 0)
          const value = q.Id!.startsWith('r') ? requests : q.Id!.startsWith('m0') ? errors : within[within.length - 1]![2]
          // As ALB: no datapoint for a count of 0.
          if (q.Id!.startsWith('m0') && !errors) continue
          Timestamps.push(new Date(t))
          Values.push(value)
        }
        return { Id: q.Id, Timestamps, Values, StatusCode: 'Complete' }
      })
    return { MetricDataResults: results, Messages: [] }
  }
}

function harness(o: { dryRun?: boolean } = {}) {
  const lines: string[] = []
  const warnings: string[] = []
  let onDate: ((date: number, sent: number, received: number) => void) | undefined
  const dates: AwsDates = {
    listen: (f) => {
      onDate = f
      return () => {}
    }
  }
  const analysis = startAnalysis(
    { clients: { cloudwatch, elbv2, dates }, log: { line: (t) => lines.push(t), now: () => 0 }, warn: (m) => warnings.push(m) },
    spec({ dryRun: !!o.dryRun })
  )
  const judge = analysis.judge<TrafficSplit>({ split: (s) => s, sides: () => ({ green: 'web-green', blue: 'web-blue' }) })
  /** A look at AWS time `at` showing this split. */
  const lookAt = (at: number, split: TrafficSplit) => {
    onDate!(at, Date.now(), Date.now())
    return judge.afterLook(split)
  }
  return { analysis, judge, lines, warnings, lookAt }
}

const calm: Minute = { green: [120, 0, 0.2], blue: [1080, 3, 0.2] }
const bad: Minute = { green: [120, 6, 0.2], blue: [1080, 3, 0.2] }
const allGreen: Minute = { green: [1200, 4, 0.21], blue: [0, 0, 0] }

beforeEach(() => {
  cw.reset()
  elb.reset()
  elb.on(DescribeTargetGroupsCommand).resolves({
    TargetGroups: ['web-green', 'web-blue'].map((n) => ({ TargetGroupName: n, TargetGroupArn: TG(n), LoadBalancerArns: [LB] }))
  })
})

describe('the analysis in a watch', () => {
  it('reads each interval a delay after it ends, with both sides in one call, and passes a calm canary', async () => {
    const minutes = new Map([T0, T0 + 60_000, T0 + 120_000].map((t) => [t, calm]))
    cw.on(GetMetricDataCommand).callsFake(answer(minutes))
    const h = harness()
    expect(await h.lookAt(T0 + 10_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(await h.lookAt(T0 + 100_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0)
    await h.lookAt(T0 + 121_000, { green: 10, blue: 90 })
    const calls = cw.commandCalls(GetMetricDataCommand)
    expect(calls).toHaveLength(1)
    const input = calls[0]!.args[0].input
    expect([input.StartTime, input.EndTime]).toEqual([new Date(T0), new Date(T0 + 60_000)])
    const green5xx = input.MetricDataQueries!.find((q) => q.Id === 'm0g')!
    expect(green5xx.MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'TargetGroup', Value: 'targetgroup/web-green/0123456789abcdef' },
      { Name: 'LoadBalancer', Value: 'app/web-alb/fedcba9876543210' }
    ])
    // Each side's requests, 5xx count and p95: the rate is the count over the requests, a count ALB did not publish 0.
    expect(input.MetricDataQueries!.map((q) => [q.Id, q.MetricStat?.Metric?.MetricName, q.MetricStat?.Stat])).toEqual([
      ['rg', 'RequestCount', 'Sum'],
      ['m0g', 'HTTPCode_Target_5XX_Count', 'Sum'],
      ['m1g', 'TargetResponseTime', 'p95'],
      ['rb', 'RequestCount', 'Sum'],
      ['m0b', 'HTTPCode_Target_5XX_Count', 'Sum'],
      ['m1b', 'TargetResponseTime', 'p95']
    ])
    expect(h.lines).toEqual([
      '  00:00  analysis  green web-green vs blue web-blue, every 1m00s, read 1m00s after each; 5xx, p95; a metric failing 2 of its last 3 intervals rolls back; min-requests 50',
      '  00:00  analysis  5xx  green 0% vs blue 0.3% (limit +1.0 pt)  ok  1/1',
      '  00:00  analysis  p95  green 200 ms vs blue 200 ms (limit ×1.25)  ok  1/1'
    ])
    expect(h.judge.dueInMs(Date.now())).toBeGreaterThan(0)
    expect(h.analysis.report().rows).toHaveLength(2)
  })

  it('rolls back when a metric failed 2 of its last 3 intervals, naming it, the figures and the rule', async () => {
    cw.on(GetMetricDataCommand).callsFake(answer(new Map([T0, T0 + 60_000, T0 + 120_000].map((t) => [t, bad]))))
    const h = harness()
    await h.lookAt(T0 + 5_000, { green: 10, blue: 90 })
    const failure = await h.lookAt(T0 + 190_000, { green: 10, blue: 90 })
    expect(failure).toEqual({
      metric: '5xx',
      at: expect.any(Number),
      cause: 'Canary analysis: 5xx was 5% on green against 0.3% on blue (limit +1.0 pt), failing 2 of the last 3 intervals'
    })
    expect(h.lines.slice(-2)).toEqual([
      '  00:00  analysis  p95  green 200 ms vs blue 200 ms (limit ×1.25)  ok  2/2',
      '  00:00  analysis  5xx failed: rolling back'
    ])
    expect(h.analysis.report().failure).toEqual(failure)
    // Once failed, a later look judges nothing more.
    expect(await h.lookAt(T0 + 400_000, { green: 10, blue: 90 })).toBeUndefined()
  })

  it('a dry run says what it would do and goes on', async () => {
    cw.on(GetMetricDataCommand).callsFake(answer(new Map([T0, T0 + 60_000, T0 + 120_000].map((t) => [t, bad]))))
    const h = harness({ dryRun: true })
    await h.lookAt(T0 + 5_000, { green: 10, blue: 90 })
    expect(await h.lookAt(T0 + 190_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(h.lines.some((l) => l.includes('analysis  would roll back now (analysis-dry-run: true, nothing is done): Canary analysis: 5xx'))).toBe(true)
    expect(await h.lookAt(T0 + 250_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(h.analysis.report()).toMatchObject({ dryRun: true, failure: { metric: '5xx' } })
  })

  it('all traffic on green: green against blue before the shift, read once', async () => {
    const minutes = new Map<number, Minute>([
      [T0 - 180_000, { green: [0, 0, 0], blue: [1200, 4, 0.2] }],
      [T0 - 120_000, { green: [0, 0, 0], blue: [1200, 4, 0.2] }],
      [T0 - 60_000, { green: [0, 0, 0], blue: [1200, 4, 0.2] }],
      [T0, allGreen],
      [T0 + 60_000, allGreen]
    ])
    cw.on(GetMetricDataCommand).callsFake(answer(minutes))
    const h = harness()
    await h.lookAt(T0 + 1_000, { green: 100, blue: 0 })
    await h.lookAt(T0 + 125_000, { green: 100, blue: 0 })
    await h.lookAt(T0 + 185_000, { green: 100, blue: 0 })
    expect(h.lines.filter((l) => l.includes('before the shift'))).toEqual([
      '  00:00  analysis  5xx  green 0.3% vs blue 0.3% before the shift (limit +1.0 pt)  ok  1/1',
      '  00:00  analysis  p95  green 210 ms vs blue 200 ms before the shift (limit ×1.25)  ok  1/1',
      '  00:00  analysis  5xx  green 0.3% vs blue 0.3% before the shift (limit +1.0 pt)  ok  2/2',
      '  00:00  analysis  p95  green 210 ms vs blue 200 ms before the shift (limit ×1.25)  ok  2/2'
    ])
    const baseline = cw.commandCalls(GetMetricDataCommand).filter((c) => c.args[0].input.MetricDataQueries!.every((q) => q.Id!.includes('b')))
    expect(baseline.map((c) => [c.args[0].input.StartTime, c.args[0].input.EndTime])).toEqual([[new Date(T0 - 180_000), new Date(T0)]])
  })

  it('low traffic: inconclusive, counting neither way', async () => {
    cw.on(GetMetricDataCommand).callsFake(answer(new Map([[T0, { green: [8, 8, 0.9], blue: [72, 0, 0.2] }]])))
    const h = harness()
    await h.lookAt(T0 + 1_000, { green: 10, blue: 90 })
    expect(await h.lookAt(T0 + 125_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(h.lines.slice(1)).toEqual(['  00:00  analysis  inconclusive: green served 8 requests (min-requests 50)'])
  })

  it('no traffic on green yet, or none any more: nothing is read', async () => {
    const h = harness()
    await h.lookAt(T0 + 500_000, { green: 0, blue: 100 })
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0)
    expect(h.judge.dueInMs(Date.now())).toBeUndefined()
  })

  it('a read that fails is one warning per error, with what to do; the release goes on', async () => {
    const h = harness()
    await h.lookAt(T0 + 1_000, { green: 10, blue: 90 })
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('User is not authorized to perform cloudwatch:GetMetricData'), { name: 'AccessDenied' }))
    expect(await h.lookAt(T0 + 125_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(await h.lookAt(T0 + 130_000, { green: 10, blue: 90 })).toBeUndefined()
    expect(h.warnings).toEqual([
      'Canary analysis could not read the metrics (AccessDenied: User is not authorized to perform cloudwatch:GetMetricData. The role this step runs as lacks that permission: grant the actions of docs/iam-policy.json, scoped to this service and deployment group.); the release goes on unjudged until it can.'
    ])
  })
})

describe('the poll loop with a judge', () => {
  const policy = { minMs: 5, maxMs: 10, factor: 1.5 }
  const watched = (looks: number[]) => ({
    what: 'a release',
    look: async () => looks.shift() ?? 0,
    compare: () => [],
    verdict: (s: number) => (s < 0 ? 'done' : undefined)
  })

  it("asks the judge after each look that reached no verdict; its failure ends the watch 'judged'", async () => {
    const seen: number[] = []
    const failure = { metric: '5xx', at: 0, cause: 'Canary analysis: 5xx ...' }
    const end = await poll(watched([1, 2, 3]), {
      deadline: Date.now() + 5_000,
      policy,
      onEvent: () => {},
      judge: { afterLook: async (s: number) => (seen.push(s), s === 2 ? failure : undefined), dueInMs: () => undefined }
    })
    expect(end).toEqual({ end: 'judged', failure, snapshot: 2 })
    expect(seen).toEqual([1, 2])
  })

  it('a verdict comes first: the judge is not asked about a look that ended the release', async () => {
    const seen: number[] = []
    const end = await poll(watched([-1]), {
      deadline: Date.now() + 5_000,
      policy,
      onEvent: () => {},
      judge: { afterLook: async (s: number) => (seen.push(s), undefined), dueInMs: () => undefined }
    })
    expect(end.end).toBe('done')
    expect(seen).toEqual([])
  })

  it('looks again by the time the next interval can be read', async () => {
    const at: number[] = []
    await poll(
      { ...watched([1, 1, -1]), look: async () => (at.push(Date.now()), at.length < 3 ? 1 : -1) },
      {
        deadline: Date.now() + 5_000,
        policy: { minMs: 2_000, maxMs: 2_000, factor: 1 },
        onEvent: () => {},
        judge: { afterLook: async () => undefined, dueInMs: () => 20 }
      }
    )
    expect(at[2]! - at[0]!).toBeLessThan(1_000)
  })
})
