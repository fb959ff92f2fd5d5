/**
 * CloudWatch metric data in the emulator, through the real SDK client, over a fake MetricSource:
 * GetMetricData per period (statistics, alignment, order, paging), metric math, CloudWatch's
 * validation errors, the AWS Query wire, and alarms evaluated from metrics with the
 * `traffic.evaluateAlarms` switch (and not without it).
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  type GetMetricDataCommandInput,
  type MetricAlarm,
  type MetricDataQuery
} from '@aws-sdk/client-cloudwatch'
import { startEmulator, type Emulator, type MetricQuery, type MetricSource, type MinuteDatum } from '../../emulator/index.js'
import { clientConfig, HOLD_TIME_SCALE, useFixture } from '../fixtures/emulator.js'

const MIN = 60_000
const NS = 'AWS/ApplicationELB'
const TG = [{ Name: 'TargetGroup', Value: 'targetgroup/web-green-tg/0123456789abcdef' }]

/** One minute's datapoint of these samples (percentiles by nearest rank). */
function minute(at: number, samples: number[]): MinuteDatum {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    at,
    sampleCount: samples.length,
    sum: samples.reduce((s, v) => s + v, 0),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    percentile: (q) => sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)]!
  }
}

/** A count metric's minute: `n` samples of 1 (as ALB's counts are), or its value as one sample. */
const count = (at: number, n: number): MinuteDatum => ({ at, sampleCount: 1, sum: n, min: n, max: n, percentile: () => n })

/** The fake source: metric name → its minutes (or a function of the minute's start, for data without end). */
const data = new Map<string, MinuteDatum[] | ((at: number) => MinuteDatum | undefined)>()
const asked: MetricQuery[] = []
const source: MetricSource = {
  minutes(q, from, to) {
    asked.push(q)
    const d = data.get(q.metricName)
    if (!d) return undefined
    if (Array.isArray(d)) return d.filter((m) => m.at >= from && m.at < to)
    const out: MinuteDatum[] = []
    for (let at = Math.ceil(from / MIN) * MIN; at < to; at += MIN) {
      const m = d(at)
      if (m) out.push(m)
    }
    return out
  }
}

let emu: Emulator
let cw: CloudWatchClient

useFixture(
  HOLD_TIME_SCALE,
  async () => {
    const e = await startEmulator({ timeScale: HOLD_TIME_SCALE, metrics: source })
    const c = new CloudWatchClient(clientConfig(e.url, { maxAttempts: 1 }))
    return {
      emu: e,
      cw: c,
      async close() {
        c.destroy()
        await e.close()
      }
    }
  },
  (f) => ({ emu, cw } = f)
)

/** An hour-aligned virtual time an hour before the emulator's now. */
let base: number
beforeEach(() => {
  emu.reset()
  emu.setTimeScale(HOLD_TIME_SCALE)
  data.clear()
  asked.length = 0
  base = Math.floor(emu.now() / 3_600_000) * 3_600_000 - 3_600_000
})

const stat = (Id: string, MetricName: string, Stat: string, Period = 60, more: Partial<MetricDataQuery> = {}): MetricDataQuery => ({
  Id,
  MetricStat: { Metric: { Namespace: NS, MetricName, Dimensions: TG }, Period, Stat },
  ...more
})

async function get(queries: MetricDataQuery[], more: Partial<GetMetricDataCommandInput> = {}) {
  return cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(base), EndTime: new Date(base + 6 * MIN), ...more }))
}

const times = (ts: Date[] | undefined) => (ts ?? []).map((t) => (t.getTime() - base) / MIN)

/** Latency samples of each minute 0..5 but 3 (no requests then). */
function latency(): void {
  data.set('TargetResponseTime', [
    minute(base, [0.1, 0.2, 0.3, 0.4]),
    minute(base + MIN, [0.2, 0.2]),
    minute(base + 2 * MIN, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    minute(base + 4 * MIN, [0.5]),
    minute(base + 5 * MIN, [0.1, 0.3])
  ])
}

describe('GetMetricData', () => {
  it('answers Sum, Average and p95 per 60 s period, only the minutes with data, oldest first with TimestampAscending', async () => {
    latency()
    data.set('RequestCount', [count(base, 4), count(base + MIN, 2), count(base + 2 * MIN, 10), count(base + 4 * MIN, 1), count(base + 5 * MIN, 2)])
    const r = await get(
      [
        stat('req', 'RequestCount', 'Sum'),
        stat('avg', 'TargetResponseTime', 'Average'),
        stat('p95', 'TargetResponseTime', 'p95'),
        stat('n', 'TargetResponseTime', 'SampleCount')
      ],
      { ScanBy: 'TimestampAscending' }
    )
    expect(r.Messages).toEqual([])
    const [req, avg, p95, n] = r.MetricDataResults!
    expect(times(req!.Timestamps)).toEqual([0, 1, 2, 4, 5])
    expect(req!.Values).toEqual([4, 2, 10, 1, 2])
    expect([req!.Id, req!.Label, req!.StatusCode, req!.Messages]).toEqual(['req', 'RequestCount', 'Complete', []])
    expect(avg!.Values!.map((v) => Number(v.toFixed(6)))).toEqual([0.25, 0.2, 5.5, 0.5, 0.2])
    expect(p95!.Values).toEqual([0.4, 0.2, 10, 0.5, 0.3])
    expect(n!.Values).toEqual([4, 2, 10, 1, 2])
    // the source was asked for the metric as the query names it
    expect(asked[0]).toEqual({ namespace: NS, metricName: 'RequestCount', dimensions: TG })
  })

  it('aggregates a 180 s period over its minutes: sums add up, Average is sum / count, p95 the sample-weighted mean; periods start at StartTime', async () => {
    latency()
    const r = await get(
      ['Sum', 'Average', 'p95', 'Minimum', 'Maximum', 'SampleCount'].map((s, i) => stat(`q${i}`, 'TargetResponseTime', s, 180)),
      { ScanBy: 'TimestampAscending' }
    )
    const [sum, avg, p95, min, max, n] = r.MetricDataResults!
    expect(times(sum!.Timestamps)).toEqual([0, 3])
    expect(sum!.Values!.map((v) => Number(v.toFixed(6)))).toEqual([56.4, 0.9])
    expect(avg!.Values!.map((v) => Number(v.toFixed(6)))).toEqual([3.525, 0.3])
    // (4 × 0.4 + 2 × 0.2 + 10 × 10) / 16 and (1 × 0.5 + 2 × 0.3) / 3
    expect(p95!.Values!.map((v) => Number(v.toFixed(6)))).toEqual([6.375, Number((1.1 / 3).toFixed(6))])
    expect([min!.Values, max!.Values, n!.Values]).toEqual([
      [0.1, 0.1],
      [10, 0.5],
      [16, 3]
    ])
    // a StartTime inside a minute is rounded down to it; the periods start there, not at multiples of 180 s
    const late = await get([stat('s', 'TargetResponseTime', 'SampleCount', 180)], { StartTime: new Date(base + MIN + 12_345), ScanBy: 'TimestampAscending' })
    expect(times(late.MetricDataResults![0]!.Timestamps)).toEqual([1, 4])
    expect(late.MetricDataResults![0]!.Values).toEqual([12, 3])
  })

  it('answers newest first by default (ScanBy TimestampDescending); EndTime is exclusive', async () => {
    latency()
    const r = await get([stat('n', 'TargetResponseTime', 'SampleCount')], { EndTime: new Date(base + 4 * MIN) })
    expect(times(r.MetricDataResults![0]!.Timestamps)).toEqual([2, 1, 0])
    expect(r.MetricDataResults![0]!.Values).toEqual([10, 2, 4])
  })

  it('answers a metric the source does not have with no datapoints, Complete, as CloudWatch answers a metric without data', async () => {
    const r = await get([stat('m1', 'HTTPCode_Target_4XX_Count', 'Sum', 60, { Label: 'four' }), stat('m2', 'NoSuchMetric', 'Sum')])
    expect(r.MetricDataResults).toEqual([
      { Id: 'm1', Label: 'four', Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [] },
      { Id: 'm2', Label: 'NoSuchMetric', Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [] }
    ])
  })

  it('metric math: arithmetic aligned on timestamps, a number applied to each datapoint, FILL filling what a series lacks', async () => {
    data.set('HTTPCode_Target_5XX_Count', [count(base, 1), count(base + 2 * MIN, 3)])
    data.set('RequestCount', [count(base, 10), count(base + MIN, 20), count(base + 2 * MIN, 30)])
    const r = await get(
      [
        stat('errors', 'HTTPCode_Target_5XX_Count', 'Sum', 60, { ReturnData: false }),
        stat('requests', 'RequestCount', 'Sum', 60, { ReturnData: false }),
        { Id: 'rate', Expression: '100 * errors / requests' },
        { Id: 'filled', Expression: 'FILL(errors, 0) / requests * 100', Label: 'error %' },
        { Id: 'e3', Expression: '-(errors + 1) * 2 - -1' },
        { Id: 'e4', Expression: 'requests - MAX(requests) + ABS(-2) ^ 2' },
        { Id: 'e5', Expression: 'FILL(errors, REPEAT)' },
        { Id: 'e6', Expression: 'e4 + rate' }
      ],
      { StartTime: new Date(base), EndTime: new Date(base + 3 * MIN), ScanBy: 'TimestampAscending' }
    )
    const byId = Object.fromEntries(r.MetricDataResults!.map((x) => [x.Id, x]))
    expect(Object.keys(byId)).toEqual(['rate', 'filled', 'e3', 'e4', 'e5', 'e6'])
    expect([times(byId.rate!.Timestamps), byId.rate!.Values, byId.rate!.Label]).toEqual([[0, 2], [10, 10], 'rate'])
    expect([times(byId.filled!.Timestamps), byId.filled!.Values, byId.filled!.Label]).toEqual([[0, 1, 2], [10, 0, 10], 'error %'])
    expect(byId.e3!.Values).toEqual([-3, -7])
    expect(byId.e4!.Values).toEqual([-16, -6, 4])
    expect([times(byId.e5!.Timestamps), byId.e5!.Values]).toEqual([
      [0, 1, 2],
      [1, 1, 3]
    ])
    expect([times(byId.e6!.Timestamps), byId.e6!.Values]).toEqual([
      [0, 2],
      [-6, 14]
    ])
    expect(r.MetricDataResults!.map((x) => x.StatusCode)).toEqual(Array<string>(6).fill('Complete'))
  })

  it('drops a datapoint divided by zero and says so in the result, as CloudWatch does', async () => {
    data.set('HTTPCode_Target_5XX_Count', [count(base, 1), count(base + MIN, 2)])
    data.set('RequestCount', [count(base, 0), count(base + MIN, 4)])
    const r = await get([
      stat('e', 'HTTPCode_Target_5XX_Count', 'Sum', 60, { ReturnData: false }),
      stat('n', 'RequestCount', 'Sum', 60, { ReturnData: false }),
      { Id: 'ratio', Expression: 'e / n' }
    ])
    expect(r.MetricDataResults).toEqual([
      {
        Id: 'ratio',
        Label: 'ratio',
        Timestamps: [new Date(base + MIN)],
        Values: [0.5],
        StatusCode: 'Complete',
        Messages: [{ Code: 'ArithmeticError', Value: 'One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)' }]
      }
    ])
  })

  it('pages by MaxDatapoints with NextToken, PartialData until the last page', async () => {
    latency()
    const q = [stat('a', 'TargetResponseTime', 'SampleCount'), stat('b', 'TargetResponseTime', 'Maximum')]
    const one = await get(q, { MaxDatapoints: 7 })
    expect(one.MetricDataResults!.map((x) => [x.Values, x.StatusCode])).toEqual([
      [[2, 1, 10, 2, 4], 'Complete'],
      [[0.3, 0.5], 'PartialData']
    ])
    const two = await get(q, { MaxDatapoints: 7, NextToken: one.NextToken })
    expect(two.MetricDataResults!.map((x) => [x.Values, x.StatusCode])).toEqual([
      [[], 'Complete'],
      [[10, 0.2, 0.4], 'Complete']
    ])
    expect(two.NextToken).toBeUndefined()
  })

  it('refuses what CloudWatch refuses, with its ValidationError and words (each on a line of its own)', async () => {
    // The SDK's class for Query code ValidationError is ValidationException; Code is the wire's.
    const refusal = (queries: MetricDataQuery[], more: Partial<GetMetricDataCommandInput> = {}) =>
      get(queries, more).then(
        () => undefined,
        (e: Error & { Code?: string; $metadata: { httpStatusCode?: number } }) => [e.Code, e.$metadata.httpStatusCode, e.message]
      )
    const m = stat('m1', 'RequestCount', 'Sum')
    expect(
      await refusal([
        { ...m, Id: 'M1' },
        { ...m, Id: '1m' }
      ])
    ).toEqual([
      'ValidationError',
      400,
      'The value M1 for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n' +
        'The value 1m for parameter MetricDataQueries.member.2.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n'
    ])
    expect(await refusal([{ ...m, Expression: 'm1 * 2' }])).toEqual([
      'ValidationError',
      400,
      'The parameters MetricDataQueries.member.1.Expression and MetricDataQueries.member.1.MetricStat are mutually exclusive and you have specified both.\n'
    ])
    expect(await refusal([m, { Id: 'e1' }])).toEqual(['ValidationError', 400, 'The parameter MetricDataQueries.member.2.MetricStat is required.\n'])
    expect(await refusal([m, m])).toEqual(['ValidationError', 400, 'The values for parameter id in MetricDataQueries are not unique.\n'])
    expect(await refusal([m], { EndTime: new Date(base) })).toEqual(['ValidationError', 400, 'The parameter StartTime must not equal parameter EndTime.\n'])
    expect(await refusal([m], { EndTime: new Date(base - MIN) })).toEqual(['ValidationError', 400, 'The parameter EndTime must be greater than StartTime.\n'])
    const many = Array.from({ length: 501 }, (_, i) => ({ ...m, Id: `m${i}` }))
    expect(await refusal(many)).toEqual(['ValidationError', 400, 'The collection MetricDataQueries must not have a size greater than 500.\n'])
    expect(await refusal([stat('m1', 'TargetResponseTime', 'tm99')])).toEqual([
      'ValidationError',
      400,
      'The value tm99 for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.\n'
    ])
    expect(await refusal([m, { Id: 'e1', Expression: 'RATE(m1)' }])).toEqual(['ValidationError', 400, 'Error in expression e1 [Unsupported function: RATE]'])
    expect(await refusal([m, { Id: 'e1', Expression: 'm1 + m2' }])).toEqual([
      'ValidationError',
      400,
      'Error in expression e1 [Unrecognized metric or expression id: m2]'
    ])
    expect(await refusal([m, { Id: 'e1', Expression: 'm1 +' }])).toEqual(['ValidationError', 400, 'Error in expression e1 [Invalid syntax]'])
    expect(await refusal([m, { Id: 'a', Expression: 'b + m1' }, { Id: 'b', Expression: 'a' }])).toEqual([
      'ValidationError',
      400,
      'Error in expression a [Circular dependency on a]'
    ])
    // the model's own limits come first, in its words
    expect(await refusal([{ ...m, MetricStat: { ...m.MetricStat!, Period: 0 } }])).toEqual([
      'ValidationError',
      400,
      "1 validation error detected: Value '0' at 'metricDataQueries.1.member.metricStat.period' failed to satisfy constraint: Member must have value greater than or equal to 1"
    ])
    expect(
      emu
        .calls()
        .filter((c) => c.operation === 'GetMetricData')
        .every((c) => c.service === 'cloudwatch' && c.status === 400 && c.error === 'ValidationError')
    ).toBe(true)
  })

  it('speaks AWS Query too: form fields in, XML with ISO 8601 timestamps out', async () => {
    data.set('RequestCount', [count(base, 4), count(base + MIN, 2)])
    const form = new URLSearchParams({
      Action: 'GetMetricData',
      Version: '2010-08-01',
      StartTime: new Date(base).toISOString(),
      EndTime: new Date(base + 2 * MIN).toISOString(),
      ScanBy: 'TimestampAscending',
      'MetricDataQueries.member.1.Id': 'req',
      'MetricDataQueries.member.1.MetricStat.Metric.Namespace': NS,
      'MetricDataQueries.member.1.MetricStat.Metric.MetricName': 'RequestCount',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name': 'TargetGroup',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value': TG[0]!.Value,
      'MetricDataQueries.member.1.MetricStat.Period': '60',
      'MetricDataQueries.member.1.MetricStat.Stat': 'Sum',
      'MetricDataQueries.member.2.Id': 'double',
      'MetricDataQueries.member.2.Expression': 'req * 2',
      'MetricDataQueries.member.2.ReturnData': 'false'
    })
    const res = await fetch(emu.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })
    const xml = await res.text()
    expect(res.status).toBe(200)
    expect(xml).toContain(
      '<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricDataResult><MetricDataResults><member><Id>req</Id>'
    )
    expect(xml).toContain(
      `<Timestamps><member>${new Date(base).toISOString()}</member><member>${new Date(base + MIN).toISOString()}</member></Timestamps><Values><member>4</member><member>2</member></Values><StatusCode>Complete</StatusCode>`
    )
    expect(xml).not.toContain('<Id>double</Id>')
    expect(asked[0]).toEqual({ namespace: NS, metricName: 'RequestCount', dimensions: TG })
  })
})

describe('alarms evaluated from metrics (traffic.evaluateAlarms)', () => {
  /** 5xx of the green target group: 0 a minute, 5 a minute from `badFrom` on until `goodFrom`. */
  function errorsFrom(badFrom: number, goodFrom = Infinity): void {
    data.set('HTTPCode_Target_5XX_Count', (at) => count(at, at >= badFrom && at < goodFrom ? 5 : 0))
  }

  async function putAlarm(more: Record<string, unknown> = {}): Promise<void> {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'web-green-5xx',
        Namespace: NS,
        MetricName: 'HTTPCode_Target_5XX_Count',
        Dimensions: TG,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        ...more
      })
    )
  }

  const alarm = async (): Promise<MetricAlarm> => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['web-green-5xx'] }))).MetricAlarms![0]!

  /** Moves the held clock on to `at` (virtual epoch ms). */
  const advanceTo = (at: number) => emu.advance(Math.max(0, at - emu.now()))

  it('3 of 3 one-minute periods: OK at the first boundary, ALARM at the end of the third bad minute, stamped there, in CloudWatch words', async () => {
    emu.setFaults({ traffic: { evaluateAlarms: true } })
    const t0 = emu.now()
    const first = Math.floor(t0 / MIN) * MIN + MIN
    const bad = first + 2 * MIN
    errorsFrom(bad)
    await putAlarm()
    advanceTo(first + 1000)
    let a = await alarm()
    expect([a.StateValue, a.StateUpdatedTimestamp!.getTime() - first]).toEqual(['OK', 0])
    expect(a.StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[0\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\), 0\.0 \(.*\), 0\.0 \(.*\)\] were not greater than the threshold \(1\.0\) \(minimum 1 datapoint for INSUFFICIENT_DATA -> OK transition\)\.$/
    )
    // two bad minutes are not three
    advanceTo(bad + 3 * MIN - 1)
    expect((await alarm()).StateValue).toBe('OK')
    // a jump well past it: caught up, the change stamped at the boundary that made it
    advanceTo(bad + 10 * MIN)
    a = await alarm()
    expect([a.StateValue, a.StateTransitionedTimestamp!.getTime(), a.StateUpdatedTimestamp!.getTime()]).toEqual(['ALARM', bad + 3 * MIN, bad + 3 * MIN])
    const d = (ms: number) => {
      const x = new Date(ms)
      const p = (n: number) => String(n).padStart(2, '0')
      return `${p(x.getUTCDate())}/${p(x.getUTCMonth() + 1)}/${p(x.getUTCFullYear() % 100)} ${p(x.getUTCHours())}:${p(x.getUTCMinutes())}:00`
    }
    expect(a.StateReason).toBe(
      `Threshold Crossed: 3 out of the last 3 datapoints [5.0 (${d(bad + 2 * MIN)}), 5.0 (${d(bad + MIN)}), 5.0 (${d(bad)})] were greater than the threshold (1.0) (minimum 3 datapoints for OK -> ALARM transition).`
    )
    expect(JSON.parse(a.StateReasonData!)).toEqual({
      version: '1.0',
      queryDate: new Date(bad + 3 * MIN).toISOString().replace('Z', '+0000'),
      startDate: new Date(bad).toISOString().replace('Z', '+0000'),
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [5, 5, 5],
      threshold: 1,
      evaluatedDatapoints: [2, 1, 0].map((i) => ({ timestamp: new Date(bad + i * MIN).toISOString().replace('Z', '+0000'), sampleCount: 1, value: 5 }))
    })
    // the world's shared alarm map (what CodeDeploy groups and ECS deployments watch) has it
    expect(emu.state().alarms['web-green-5xx']).toBe('ALARM')
  })

  it('goes back to OK at the first good minute (1 datapoint for ALARM -> OK with 3 of 3)', async () => {
    emu.setFaults({ traffic: { evaluateAlarms: true } })
    const bad = Math.floor(emu.now() / MIN) * MIN - 5 * MIN
    errorsFrom(bad, bad + 7 * MIN)
    await putAlarm()
    advanceTo(bad + 7 * MIN)
    expect((await alarm()).StateValue).toBe('ALARM')
    advanceTo(bad + 8 * MIN + 1)
    const a = await alarm()
    expect([a.StateValue, a.StateUpdatedTimestamp!.getTime()]).toEqual(['OK', bad + 8 * MIN])
    expect(a.StateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 3 datapoints \[0\.0 \(.*\)\] was not greater than the threshold \(1\.0\) \(minimum 1 datapoint for ALARM -> OK transition\)\.$/
    )
  })

  it('evaluates an alarm on metric math (an error rate) by the same math', async () => {
    emu.setFaults({ traffic: { evaluateAlarms: true } })
    const bad = Math.floor(emu.now() / MIN) * MIN + 2 * MIN
    errorsFrom(bad)
    data.set('RequestCount', (at) => count(at, 20))
    const metric = (Id: string, MetricName: string) => ({
      Id,
      ReturnData: false,
      MetricStat: { Metric: { Namespace: NS, MetricName, Dimensions: TG }, Period: 60, Stat: 'Sum' }
    })
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'web-green-5xx',
        Metrics: [
          metric('errors', 'HTTPCode_Target_5XX_Count'),
          metric('requests', 'RequestCount'),
          { Id: 'rate', Expression: '100 * errors / requests', ReturnData: true }
        ],
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold'
      })
    )
    advanceTo(bad + 2 * MIN - 1)
    expect((await alarm()).StateValue).toBe('OK')
    advanceTo(bad + 2 * MIN)
    const a = await alarm()
    expect(a.StateValue).toBe('ALARM')
    expect(a.StateReason).toMatch(
      /^Threshold Crossed: 2 out of the last 2 datapoints \[25\.0 \(.*\), 25\.0 \(.*\)\] were greater than or equal to the threshold \(10\.0\)/
    )
  })

  it('treats missing data as TreatMissingData says: notBreaching is OK, the default stays INSUFFICIENT_DATA', async () => {
    emu.setFaults({ traffic: { evaluateAlarms: true } })
    data.set('HTTPCode_Target_5XX_Count', [])
    await putAlarm({ TreatMissingData: 'notBreaching' })
    await putAlarm({ AlarmName: 'quiet' })
    emu.advance(5 * MIN)
    const all = (await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms!
    expect(all.map((x) => [x.AlarmName, x.StateValue, x.StateReason])).toEqual([
      ['web-green-5xx', 'OK', 'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].'],
      ['quiet', 'INSUFFICIENT_DATA', 'Unchecked: Initial alarm creation']
    ])
  })

  it('without the switch, alarms behave as before: OK after a minute, whatever the metrics say', async () => {
    const bad = Math.floor(emu.now() / MIN) * MIN - 5 * MIN
    errorsFrom(bad)
    await putAlarm()
    emu.advance(10 * MIN)
    const a = await alarm()
    expect([a.StateValue, a.StateReason]).toEqual([
      'OK',
      'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].'
    ])
    expect(a.StateReasonData).toBeUndefined()
  })
})
