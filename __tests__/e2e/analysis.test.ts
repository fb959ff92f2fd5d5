/**
 * End to end, the canary analysis ('analysis'): dist/index.js as a runner runs it, against the
 * emulator's simulated ALB traffic, on each way that has two sides: CodeDeploy, ECS-native and
 * alb-weighted. A healthy canary passes every interval; a new side answering 5 % 5xx (or slow) is
 * rolled back by the analysis, with the metric as the cause; with all traffic on green at once it
 * is judged against blue's figures from before the shift; low traffic is inconclusive; a dry run
 * only says what it would do; a rolling update is refused before anything changes. The analysis'
 * own calls are allowed by docs/iam-policy.json.
 */
import { describe, expect, it } from '@jest/globals'
import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { CallRecord, FaultConfig } from '../../emulator/index.js'
import { actionOf, allows, loadPolicy, resourcesOf } from './iam-policy.js'
import { albWeighted } from './alb-weighted.js'
import { annotations, expectRun, signalOn, useE2E, type E2E, type RunResult } from './helpers.js'

let e: E2E
// At 200x a 5-minute canary takes 1.5 s; the analysis reads every interval that ended since its last look, so none is skipped.
useE2E(200, (x) => (e = x))
const alb = albWeighted(() => e)

/** Every analysis run's calls, for the least-privilege check at the end. */
const kept: CallRecord[] = []
const keep = (): CallRecord[] => {
  const calls = e.calls()
  kept.push(...calls)
  return calls
}

const BAD: FaultConfig = { traffic: { greenErrorRate: 0.05 } }
/** A 5-minute canary at 10 %, then a minute before blue goes. */
const CODEDEPLOY = { deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes', terminationWaitMinutes: 1 }
const NATIVE_CANARY: DeploymentConfiguration = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
  bakeTimeInMinutes: 2,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}

/** Lines of the analysis, as the log has them. */
const analysisLines = (r: RunResult): string[] => r.lines.filter((l) => /^ {2}\d\d:\d\d {2}analysis {2}/.test(l))

function expectPassed(r: RunResult): void {
  expect(r.code).toBe(0)
  expect(r.outputs.outcome).toBe('succeeded')
  const lines = analysisLines(r)
  expect(lines[0]).toMatch(
    /analysis {2}green \S+ vs blue \S+, every 1m00s, read 1m00s after each; 5xx, p95; a metric failing 2 of its last 3 intervals rolls back; min-requests 50$/
  )
  // 0.3 % of a canary's 120 requests a minute rounds to no error at all.
  expect(lines.some((l) => /analysis {2}5xx {2}green 0(\.\d)?% vs blue 0\.3% \(limit \+1\.0 pt\) {2}ok {2}\d\/\d$/.test(l))).toBe(true)
  expect(lines.some((l) => /analysis {2}p95 {2}green 200 ms vs blue 200 ms \(limit ×1\.25\) {2}ok {2}\d\/\d$/.test(l))).toBe(true)
  expect(lines.some((l) => / FAIL /.test(l))).toBe(false)
  expect(r.summary).toContain('<h3>Canary analysis</h3>')
  expect(r.summary).toContain('Passed every interval it judged.')
  expect(r.summary).toMatch(/<td>5xx<\/td><td>0(\.\d)?%<\/td><td>0\.3%<\/td><td>limit \+1\.0 pt<\/td><td>✅ ok<\/td>/)
}

function expectRolledBack(r: RunResult, metric: RegExp): void {
  expect(r.code).toBe(1)
  expect(r.outputs.outcome).toBe('rolled-back')
  // The first interval is the part of a minute after the shift: its share of errors varies a little.
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}analysis {2}5xx {2}green \d(\.\d)?% vs blue 0\.3% \(limit \+1\.0 pt\) {2}FAIL {2}0\/1$/m)
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}analysis {2}5xx {2}green 5% vs blue 0\.3% \(limit \+1\.0 pt\) {2}FAIL {2}0\/2$/m)
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}analysis {2}5xx failed: rolling back$/m)
  const [error] = annotations(r.lines, 'error')
  expect(error!.message).toMatch(metric)
  expect(r.summary).toContain('Rolled back: Canary analysis: 5xx was 5% on green against 0.3% on blue (limit +1.0 pt), failing 2 of the last 3 intervals')
  expect(r.summary).toMatch(/<td>5xx<\/td><td>5%<\/td><td>0\.3%<\/td><td>limit \+1\.0 pt<\/td><td>❌ fail<\/td>/)
}

describe('CodeDeploy canary', () => {
  it('passes a healthy canary, every interval in the log and the summary', async () => {
    await e.fresh(CODEDEPLOY)
    const r = await e.run({ analysis: 'default' })
    expectRun(r, expectPassed)
    keep()
  }, 60_000)

  it('rolls back a new side answering 5 % 5xx: StopDeployment with rollback, outcome rolled-back, the metric as the cause', async () => {
    await e.fresh(CODEDEPLOY, BAD)
    const r = await e.run({ analysis: 'default' })
    expectRun(r, (r) => {
      expectRolledBack(
        r,
        /^Canary analysis: 5xx was 5% on green against 0\.3% on blue \(limit \+1\.0 pt\), failing 2 of the last 3 intervals; deployment d-\w+ was stopped with rollback/
      )
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Stopped deployment d-\w+ with rollback \(canary analysis\)$/m)
      expect(r.stdout).toMatch(/rolled back by d-\w+: Succeeded/)
    })
    const calls = keep()
    expect(calls.filter((c) => c.operation === 'StopDeployment').map((c) => c.params)).toEqual([expect.objectContaining({ autoRollbackEnabled: true })])
    // The new side took traffic for as long as the analysis needed, and has none now.
    expect(e.emu.traffic.requests(e.seed.greenTargetGroupArn, 0, e.emu.now())).toBeGreaterThan(0)
  }, 60_000)

  it('a cancel while the analysis rollback runs: one StopDeployment, the release settled, the analysis the cause', async () => {
    await e.fresh(CODEDEPLOY, BAD)
    const sig = signalOn(/Stopped deployment d-\w+ with rollback \(canary analysis\)/, 'SIGTERM')
    const r = await e.run({ analysis: 'default' }, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(sig.sentAt()).toBeDefined()
      // The rollback may end before the signal lands: only its start is certain.
      expect(['stopped', 'rolled-back']).toContain(r.outputs.outcome)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(/^Canary analysis: 5xx was 5% on green .*; deployment d-\w+ was stopped with rollback/)
      expect(r.state.settled).toBe('true')
    })
    expect(e.calls('StopDeployment')).toHaveLength(1)
  }, 60_000)

  it('low traffic: every interval inconclusive, the release goes on and succeeds', async () => {
    await e.fresh(CODEDEPLOY, { traffic: { requestsPerMinute: 100, greenErrorRate: 0.5 } })
    const r = await e.run({ analysis: 'default' })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('succeeded')
      const lines = analysisLines(r).slice(1)
      expect(lines.length).toBeGreaterThan(1)
      for (const l of lines)
        expect(l).toMatch(
          /analysis {2}inconclusive: green served \d+ requests (before the shift )?\(min-requests 50\)$|analysis {2}inconclusive: .*blue served/
        )
      expect(r.summary).toContain('No interval had enough requests to judge.')
    })
    keep()
  }, 60_000)

  it('a dry run logs the rollback it would make and lets the release go on', async () => {
    await e.fresh(CODEDEPLOY, BAD)
    const r = await e.run({ analysis: 'default', 'analysis-dry-run': 'true' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toMatch(
        /^ {2}\d\d:\d\d {2}analysis {2}would roll back now \(analysis-dry-run: true, nothing is done\): Canary analysis: 5xx was 5% on green against 0\.3% on blue/m
      )
      expect(r.summary).toContain('<h3>Canary analysis (dry run)</h3>')
      expect(r.summary).toContain('Would have rolled back: Canary analysis: 5xx')
    })
    expect(e.calls('StopDeployment')).toEqual([])
  }, 60_000)
})

describe('ECS-native canary', () => {
  const fresh = async (faults?: FaultConfig): Promise<void> => {
    await e.fresh({ deploymentController: 'ECS', ecsDeploymentConfiguration: NATIVE_CANARY, listenerRules: true })
    e.emu.advance(120_000)
    if (faults) e.emu.setFaults(faults)
    e.emu.clearCalls()
  }

  it('passes a healthy canary', async () => {
    await fresh()
    const r = await e.run({ analysis: 'default' })
    expectRun(r, expectPassed)
    keep()
  }, 60_000)

  it('rolls back a slow new side: StopServiceDeployment ROLLBACK, the p95 as the cause', async () => {
    await fresh({ traffic: { greenLatencyMs: 400 } })
    const r = await e.run({ analysis: 'default' })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}analysis {2}p95 {2}green 400 ms vs blue 200 ms \(limit ×1\.25\) {2}FAIL {2}0\/2$/m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Stopped service deployment arn:\S+ with rollback \(canary analysis\)$/m)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(/^Canary analysis: p95 was 400 ms on green against 200 ms on blue \(limit ×1\.25\)/)
    })
    const calls = keep()
    expect(calls.filter((c) => c.operation === 'StopServiceDeployment').map((c) => c.params)).toEqual([expect.objectContaining({ stopType: 'ROLLBACK' })])
  }, 60_000)
})

describe('ECS-native blue/green', () => {
  it('all traffic on green at once: judged against blue before the shift, and rolled back in BAKE_TIME', async () => {
    await e.fresh({
      deploymentController: 'ECS',
      ecsDeploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, deploymentCircuitBreaker: { enable: true, rollback: true } },
      listenerRules: true
    })
    // Blue's minutes before the shift: what green is compared with.
    e.emu.advance(240_000)
    e.emu.setFaults(BAD)
    e.emu.clearCalls()
    const r = await e.run({ analysis: 'default' })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}analysis {2}5xx {2}green 5% vs blue 0\.3% before the shift \(limit \+1\.0 pt\) {2}FAIL {2}0\/2$/m)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(
        /^Canary analysis: 5xx was 5% on green against 0\.3% on blue before the shift \(limit \+1\.0 pt\), failing 2 of the last 3 intervals; service deployment \S+ was stopped with rollback/
      )
    })
    keep()
  }, 60_000)
})

describe('ALB weighted and rolling', () => {
  it('alb-weighted: a bake the analysis fails puts the weights back on the live service', async () => {
    await alb.fresh({}, BAD)
    // Bakes in real time: 2.4 s is 8 minutes of the emulator's, enough for two intervals read a minute late.
    const r = await e.run(alb.inputs({ 'traffic-steps': '10,100', 'step-bake-minutes': '0.04', alarms: '', analysis: 'default' }))
    expectRun(r, (r) => {
      expectRolledBack(
        r,
        /^Canary analysis: 5xx was 5% on green against 0\.3% on blue \(limit \+1\.0 pt\), failing 2 of the last 3 intervals; the weights were put back on web-blue/
      )
      expect(r.stdout).toMatch(/Rolled back after \S+: web-blue has all the traffic/)
    })
    keep()
    expect(alb.weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
  }, 60_000)

  it('a rolling update is refused before anything changes: one target group, no two sides', async () => {
    await e.fresh({
      deploymentController: 'ECS',
      ecsDeploymentConfiguration: {
        strategy: 'ROLLING',
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true }
      }
    })
    const r = await e.run({ analysis: 'default' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toBe(
        "Input 'analysis': service 'web' is released by a rolling update, whose old and new tasks share one target group: there are no two sides to compare. Remove 'analysis', or release the service blue/green (ECS-native canary or linear, CodeDeploy, or two services with strategy alb-weighted)"
      )
    })
    expect(e.calls().filter((c) => !/^(Describe|List|Get)/.test(c.operation))).toEqual([])
  }, 30_000)
})

describe('least privilege', () => {
  it("the analysis' own calls in the runs above are allowed by docs/iam-policy.json on what they touch", () => {
    const policy = loadPolicy()
    const own = kept.filter((c) => ['GetMetricData', 'DescribeTargetGroups', 'DescribeRules'].includes(c.operation))
    expect(new Set(own.map(actionOf))).toEqual(
      new Set(['cloudwatch:GetMetricData', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeRules'])
    )
    const denied = own.flatMap((c) =>
      resourcesOf(c, () => undefined)
        .filter((r) => !allows(policy, actionOf(c), r))
        .map((r) => `${actionOf(c)} on ${r}`)
    )
    expect([...new Set(denied)]).toEqual([])
  })
})
