/**
 * The world of the alb-weighted end-to-end files: seed 004 (web-blue and web-green behind one ALB
 * listener, weights 100/0, alarms) on the e2e emulator, the inputs of a release of it, readers of
 * its weights and services, runs in the other modes, and the check of the calls kept against
 * docs/iam-policy.json.
 */
import { expect } from '@jest/globals'
import { seedAlbWorld, type AlbSeedResult, type AlbSeedSpec, type CallRecord, type FaultConfig } from '../../emulator/index.js'
import { allows, loadPolicy } from './iam-policy.js'
import { expectRun, NEW_IMAGE, signalOn, type E2E, type RunResult } from './helpers.js'

/** The ELBv2, CloudWatch and ECS operations of an alb-weighted release, as IAM names them. */
export const ALB_WEIGHTED_OPERATIONS = [
  'cloudwatch:DescribeAlarms',
  'ecs:DescribeServices',
  'ecs:UpdateService',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  // the look after a failed release
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyRule'
]

/** The helpers of one alb-weighted test file, on the e2e world `get` returns. */
export function albWeighted(get: () => E2E) {
  let seed: AlbSeedResult | undefined
  const world = (): AlbSeedResult => {
    if (!seed) throw new Error('call fresh() first')
    return seed
  }
  async function fresh(spec: Partial<AlbSeedSpec> = {}, faults?: FaultConfig): Promise<AlbSeedResult> {
    get().emu.reset()
    seed = await seedAlbWorld(get().url, { waitForHealthy: true, ...spec })
    // the alarms have had their first evaluation (OK)
    get().emu.advance(61_000)
    if (faults) get().emu.setFaults(faults)
    get().emu.clearCalls()
    return seed
  }

  const inputs = (o: Record<string, string> = {}): Record<string, string> => ({
    strategy: 'alb-weighted',
    cluster: 'prod',
    service: 'web-blue',
    'green-service': 'web-green',
    'listener-arn': world().listenerArn,
    'traffic-steps': '10,50,100',
    'step-bake-minutes': '0.01',
    alarms: 'web-5xx,web-latency',
    image: NEW_IMAGE,
    ...o
  })

  /** Weights of the listener's default action (or the rule), by target group name. */
  function weights(): Record<string, number> {
    const st = get().emu.state()
    const holder = world().ruleArn
      ? (st.elbv2.rules.find((r) => r.RuleArn === world().ruleArn)!.Actions as {
          ForwardConfig?: { TargetGroups: { TargetGroupArn: string; Weight: number }[] } | undefined
        }[])
      : (st.elbv2.listeners.find((l) => l.ListenerArn === world().listenerArn)!.DefaultActions as {
          ForwardConfig?: { TargetGroups: { TargetGroupArn: string; Weight: number }[] } | undefined
        }[])
    const fwd = holder.find((a) => a.ForwardConfig)!
    return Object.fromEntries(fwd.ForwardConfig!.TargetGroups.map((g) => [g.TargetGroupArn.split('/')[1]!, g.Weight]))
  }

  const service = (name: string) =>
    get()
      .emu.state()
      .ecs.services.find((s) => s.serviceName === name)!

  /** `traffic  web-green  10% | web-blue  90%` lines: [to, percent]. */
  function trafficSteps(r: RunResult): [string, number, boolean][] {
    const out: [string, number, boolean][] = []
    for (const l of r.lines) {
      const m = /^ {2}\d\d:\d\d {2}traffic {2}(\S+) +(\d+)% \| \S+ +\d+%( {2}\(weights restored\))?/.exec(l)
      if (m) out.push([m[1]!, Number(m[2]), !!m[3]])
    }
    return out
  }

  const modifies = (): CallRecord[] =>
    get()
      .emu.calls()
      .filter((c) => c.operation === 'ModifyListener' || c.operation === 'ModifyRule')

  /** Every call the action made, by IAM action, with the resources docs/iam-policy.json must allow it on. */
  const allCalls: CallRecord[] = []
  function keep(): void {
    allCalls.push(...get().emu.calls())
  }

  /** The inputs of a run in another mode: no image. */
  const control = (mode: string, o: Record<string, string> = {}): Record<string, string> => inputs({ mode, image: '', ...o })

  const mutating = (): CallRecord[] =>
    get()
      .emu.calls()
      .filter((c) => /^(Modify|Update|Register|Create|Deregister)/.test(c.operation))

  /** A run in another mode, from a clean call log: exit 0 with `outcome`. */
  async function controlRun(mode: string, outcome: string, o: Record<string, string> = {}): Promise<RunResult> {
    get().emu.clearCalls()
    const r = await get().run(control(mode, o))
    keep()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe(outcome)
    })
    return r
  }

  /** A release, and mode stop from a second run once the release prints `pattern`: the stop puts it back (exit 0). */
  async function stopDuring(pattern: RegExp, o: Record<string, string> = {}): Promise<{ r: RunResult; stopped: RunResult }> {
    let stopRun: Promise<RunResult> | undefined
    const r = await get().run(inputs(o), {
      onLine: (line) => {
        if (!stopRun && pattern.test(line)) stopRun = get().run(control('stop'))
      }
    })
    const stopped = await stopRun!
    keep()
    expectRun(stopped, (s) => {
      expect(s.code).toBe(0)
      expect(s.outputs.outcome).toBe('rolled-back')
    })
    return { r, stopped }
  }

  /** All the traffic on web-blue, web-green scaled to 0. */
  function expectPutBack(): void {
    expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
    expect(service('web-green').desiredCount).toBe(0)
    expect(service('web-blue').desiredCount).toBe(2)
  }

  /** A release left split by on-cancel: leave, SIGTERM at 10%: weights web-green 10 / web-blue 90. */
  async function leftSplit(): Promise<RunResult> {
    const sig = signalOn(/traffic {2}web-green +10%/, 'SIGTERM')
    const r = await get().run(inputs({ 'step-bake-minutes': '1', 'on-cancel': 'leave' }), { onStart: sig.onStart, onLine: sig.onLine })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('stopped')
      expect(weights()).toEqual({ 'web-blue-tg': 90, 'web-green-tg': 10 })
    })
    return r
  }

  /** The kept calls' ELBv2, CloudWatch and ECS service operations, and "action on resource" for each one docs/iam-policy.json does not allow. */
  function policyFindings(): { operations: string[]; denied: string[] } {
    const policy = loadPolicy()
    const acct = 'us-east-1:123456789012'
    const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x])
    const resourceOf = (c: CallRecord): string[] => {
      const p = c.params as Record<string, any>
      if (c.service === 'elasticloadbalancing' && c.operation === 'ModifyListener') return [p.ListenerArn]
      if (c.service === 'elasticloadbalancing' && c.operation === 'ModifyRule') return [p.RuleArn]
      if (c.service === 'cloudwatch') return list((p.AlarmNames as string[]) ?? []).map((n) => `arn:aws:cloudwatch:${acct}:alarm:${n}`)
      if (c.service === 'ecs' && c.operation === 'UpdateService') return [`arn:aws:ecs:${acct}:service/${p.cluster}/${p.service}`]
      if (c.service === 'ecs' && c.operation === 'DescribeServices') return (p.services as string[]).map((s) => `arn:aws:ecs:${acct}:service/${p.cluster}/${s}`)
      return ['*']
    }
    const ops = new Set<string>()
    const denied = new Set<string>()
    for (const c of allCalls) {
      if (
        c.service !== 'elasticloadbalancing' &&
        c.service !== 'cloudwatch' &&
        !(c.service === 'ecs' && /^(UpdateService|DescribeServices)$/.test(c.operation))
      )
        continue
      const action = `${c.service}:${c.operation}`
      ops.add(action)
      for (const r of resourceOf(c)) if (!allows(policy, action, r)) denied.add(`${action} on ${r}`)
    }
    return { operations: [...ops].sort(), denied: [...denied] }
  }

  return {
    get seed(): AlbSeedResult {
      return world()
    },
    fresh,
    inputs,
    weights,
    service,
    trafficSteps,
    modifies,
    keep,
    control,
    mutating,
    controlRun,
    stopDuring,
    expectPutBack,
    leftSplit,
    policyFindings
  }
}
