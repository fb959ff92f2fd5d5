/**
 * Canary analysis against an alarm, on the same bad revision: a CodeDeploy canary (10 % for 5
 * minutes) whose new side answers 5 % of its requests 5xx, against the emulator's simulated ALB
 * traffic with ALB's minute of publishing delay. Two ways to catch it:
 *
 *  - the alarm: the group's alarm on the new side's 5xx rate (metric math over the target group's
 *    HTTPCode_Target_5XX_Count and RequestCount), threshold 1 %, 1-minute periods, 3 of 3
 *    datapoints; CodeDeploy stops the deployment and rolls back when it fires;
 *  - the analysis: `analysis: default` (green against blue each minute, read a minute late, 2
 *    failures of the last 3 intervals), no alarm.
 *
 * Measured on the emulator's clock, from the new side's first request to its weight going back to
 * 0: the time, and the requests the bad side served. The alarm is given its best case (the new
 * side's own target group, a threshold well under the fault). The same alarm over the whole load
 * balancer, as alarms are often set up, is run too: at 10 % it sees under 1 %.
 */
import { PutMetricAlarmCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { seedWorld, startEmulator, type Emulator, type FaultConfig } from '../emulator/index.js'
import { runAction } from './run-action.js'
import { quantile } from './stats.js'

export interface Caught {
  /** service-alarm: the same alarm over the whole load balancer, as alarms are often set up. */
  kind: 'alarm' | 'service-alarm' | 'analysis'
  ok: boolean
  /** Virtual seconds from the new side's first request to its weight back at 0. */
  seconds?: number | undefined
  /** Requests the new side served in that time. */
  badRequests?: number | undefined
  error?: string | undefined
}

const region = 'us-east-1'
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' }
const ALARM = 'web-green-5xx'
const FAULT: FaultConfig['traffic'] = { greenErrorRate: 0.05, publishDelaySeconds: 60 }

async function once(emu: Emulator, kind: Caught['kind']): Promise<Caught> {
  emu.reset()
  const seed = await seedWorld(emu.url, {
    deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    terminationWaitMinutes: 1,
    alarms: kind === 'analysis' ? [] : [ALARM]
  })
  if (kind !== 'analysis') {
    const lb = { Name: 'LoadBalancer', Value: seed.loadBalancerArn!.split(':loadbalancer/').pop()! }
    const dims = kind === 'alarm' ? [{ Name: 'TargetGroup', Value: seed.greenTargetGroupArn.split(':').pop()! }, lb] : [lb]
    const stat = (Id: string, MetricName: string) => ({
      Id,
      ReturnData: false,
      MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName, Dimensions: dims }, Period: 60, Stat: 'Sum' }
    })
    await new CloudWatchClient({ endpoint: emu.url, region, credentials }).send(
      new PutMetricAlarmCommand({
        AlarmName: ALARM,
        Metrics: [
          stat('errors', 'HTTPCode_Target_5XX_Count'),
          stat('requests', 'RequestCount'),
          { Id: 'rate', Expression: '100 * FILL(errors, 0) / requests', ReturnData: true }
        ],
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching'
      })
    )
  }
  emu.setFaults({ traffic: { ...FAULT, evaluateAlarms: kind !== 'analysis' } })
  const started = emu.now()
  const r = await runAction({
    endpoint: emu.url,
    timeoutMs: 10 * 60_000,
    inputs: {
      image: `${seed.image.split(':')[0]}:1.5.0`,
      cluster: seed.clusterName,
      service: seed.serviceName,
      ...(kind === 'analysis' ? { analysis: 'default' } : {})
    },
    env: { ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300' }
  })
  const span = emu.traffic.servedSpan(seed.greenTargetGroupArn, started)
  const ok = r.outputs.outcome === 'rolled-back' && span?.to !== undefined
  if (!ok || !span?.to) {
    const shipped = r.outputs.outcome === 'succeeded' ? 'the bad revision shipped: ' : ''
    return { kind, ok: false, error: `${shipped}outcome ${r.outputs.outcome ?? '?'} (exit ${r.code})` }
  }
  return { kind, ok, seconds: (span.to - span.from) / 1000, badRequests: emu.traffic.requests(seed.greenTargetGroupArn, span.from, span.to) }
}

/** `runs` bad canaries caught each way, one after another on one emulator at `scale`. */
export async function analysisVsAlarm(o: { scale: number; runs: number }): Promise<Caught[]> {
  const emu = await startEmulator({ port: 0, timeScale: o.scale })
  const out: Caught[] = []
  try {
    for (let i = 0; i < o.runs; i++) for (const kind of ['alarm', 'analysis'] as const) out.push(await once(emu, kind))
    out.push(await once(emu, 'service-alarm'))
  } finally {
    await emu.close()
  }
  return out
}

const median = (xs: number[]): number => quantile(xs, 0.5)

/** The section of the bench's report, and its JSON fields. */
export function analysisReport(caught: Caught[], scale: number): { lines: string[]; json: Record<string, number> } {
  const of = (kind: Caught['kind']) => caught.filter((c) => c.kind === kind)
  const fig = (kind: Caught['kind']) => {
    const ok = of(kind).filter((c) => c.ok)
    return { ok: ok.length, n: of(kind).length, seconds: median(ok.map((c) => c.seconds!)), requests: median(ok.map((c) => c.badRequests!)) }
  }
  const alarm = fig('alarm')
  const analysis = fig('analysis')
  const service = of('service-alarm')
  const r2 = (x: number): number => Math.round(x * 100) / 100
  const lines = [
    `Canary analysis against an alarm (emulator at ${scale}x, virtual time): a CodeDeploy canary 10% for 5 min whose new side answers 5% 5xx, ALB metrics published a minute late;`,
    'alarm: the new side target group 5xx rate > 1%, 1-minute periods, 3 of 3 datapoints; analysis: default (every minute, read a minute late, 2 failures of 3)',
    `  alarm     ${alarm.ok}/${alarm.n} rolled back  median ${alarm.seconds.toFixed(0)} s from the new side's first request to its weight at 0, ${alarm.requests.toFixed(0)} requests on the bad side`,
    `  analysis  ${analysis.ok}/${analysis.n} rolled back  median ${analysis.seconds.toFixed(0)} s, ${analysis.requests.toFixed(0)} requests on the bad side`,
    `  analysis/alarm: time ${(analysis.seconds / alarm.seconds).toFixed(2)}, bad requests ${(analysis.requests / alarm.requests).toFixed(2)}`,
    ...service.map((c) =>
      c.ok
        ? `  the same alarm over the whole load balancer: rolled back after ${c.seconds!.toFixed(0)} s, ${c.badRequests} requests on the bad side`
        : `  the same alarm over the whole load balancer: not rolled back (${c.error})`
    ),
    ...caught.filter((c) => !c.ok && c.kind !== 'service-alarm').map((c) => `  ${c.kind} run failed: ${c.error}`)
  ]
  return {
    lines,
    json: {
      alarm_rolled_back: alarm.ok,
      service_alarm_rolled_back: service.filter((c) => c.ok).length,
      analysis_rolled_back: analysis.ok,
      alarm_seconds_to_rollback: r2(alarm.seconds),
      analysis_seconds_to_rollback: r2(analysis.seconds),
      alarm_bad_requests: Math.round(alarm.requests),
      analysis_bad_requests: Math.round(analysis.requests),
      ratio_analysis_to_alarm_seconds: r2(analysis.seconds / alarm.seconds),
      ratio_analysis_to_alarm_bad_requests: r2(analysis.requests / alarm.requests)
    }
  }
}
