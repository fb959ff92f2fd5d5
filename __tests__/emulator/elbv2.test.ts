/**
 * The emulator's ELBv2 (AWS Query / XML) and CloudWatch (JSON 1.0; RPC v2 CBOR from the CLI) side,
 * through the real SDK clients: seed 004's world, weighted forward actions on a listener and on a
 * rule, target health following the ECS tasks, alarms, fault switches, and the AWS CLI.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { CloudWatchClient, DescribeAlarmsCommand, ResourceNotFound, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ListenerNotFoundException,
  ModifyListenerCommand,
  ModifyRuleCommand,
  OperationNotPermittedException,
  type TargetHealthDescription
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { seedAlbWorld, type Emulator } from '../../emulator/index.js'
import { weightedForward } from '../../emulator/seed-alb.js'
import { HOLD_TIME_SCALE, registerWebRevision, startEmulatorFixtureWith, useFixture } from '../fixtures/emulator.js'

/** The emulator fixture with ELBv2 and CloudWatch clients too, each making one attempt per call. */
const startAlbFixture = () =>
  startEmulatorFixtureWith({ timeScale: 200, maxAttempts: 1 }, (cfg) => ({ elb: new ElasticLoadBalancingV2Client(cfg), cw: new CloudWatchClient(cfg) }))

let emu: Emulator
let elb: ElasticLoadBalancingV2Client
let cw: CloudWatchClient
let ecs: ECSClient

useFixture(200, startAlbFixture, (f) => ({ emu, elb, cw, ecs } = f))
// The clock held: nothing moves unless a case moves it (until() steps it), so what a case asserts
// about a moment (a new alarm's first state, a target's first health) holds however slow the machine is.
beforeEach(() => {
  emu.reset()
  emu.setTimeScale(HOLD_TIME_SCALE)
})

const states = (d: TargetHealthDescription[] | undefined) => (d ?? []).map((x) => x.TargetHealth?.State).sort()

/** Looks until `ok`, moving the held clock on 2 virtual seconds after each look (a target's health lasts longer). */
async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, maxLooks = 1000): Promise<T> {
  for (let look = 1; ; look++) {
    const v = await f()
    if (ok(v) || look >= maxLooks) return v
    emu.advance(2000)
  }
}

describe('seed 004 world', () => {
  it('builds two services behind one listener weighted 100/0, with alarms', async () => {
    const seed = await seedAlbWorld(emu.url)
    const l = await elb.send(new DescribeListenersCommand({ ListenerArns: [seed.listenerArn] }))
    const fwd = l.Listeners![0]!.DefaultActions![0]!
    expect(fwd.Type).toBe('forward')
    expect(fwd.ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: seed.blueTargetGroupArn, Weight: 100 },
      { TargetGroupArn: seed.greenTargetGroupArn, Weight: 0 }
    ])
    expect(l.Listeners![0]!.Port).toBe(80)
    const tgs = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [seed.blueTargetGroupArn, seed.greenTargetGroupArn] }))
    expect(tgs.TargetGroups!.map((t) => [t.TargetGroupName, t.TargetType, t.HealthCheckIntervalSeconds, t.LoadBalancerArns])).toEqual([
      ['web-blue-tg', 'ip', 10, [seed.loadBalancerArn]],
      ['web-green-tg', 'ip', 10, [seed.loadBalancerArn]]
    ])
    const svcs = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web-blue', 'web-green'] }))
    expect(svcs.services!.map((s) => [s.serviceName, s.deploymentController?.type, s.desiredCount, s.loadBalancers![0]!.targetGroupArn])).toEqual([
      ['web-blue', 'ECS', 2, seed.blueTargetGroupArn],
      ['web-green', 'ECS', 0, seed.greenTargetGroupArn]
    ])
    const alarms = await cw.send(new DescribeAlarmsCommand({ AlarmNames: seed.alarms }))
    expect(alarms.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['web-5xx', 'web-latency'])
    expect(alarms.MetricAlarms![0]!.StateValue).toBe('INSUFFICIENT_DATA')
    expect(alarms.MetricAlarms![0]!.StateUpdatedTimestamp).toBeInstanceOf(Date)
    // the calls are in the log under their IAM service prefixes
    const services = new Set(emu.calls().map((c) => `${c.service}:${c.operation}`))
    expect(services).toContain('elasticloadbalancing:CreateListener')
    expect(services).toContain('cloudwatch:PutMetricAlarm')
  })

  it('targets follow the tasks: initial, healthy after the health checks, draining when scaled down', async () => {
    const seed = await seedAlbWorld(emu.url)
    const th = () => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: seed.blueTargetGroupArn }))
    const first = await until(th, (r) => (r.TargetHealthDescriptions ?? []).length === 2)
    expect(states(first.TargetHealthDescriptions)).toContain('initial')
    expect(first.TargetHealthDescriptions![0]!.Target!.Id).toMatch(/^10\.0\.\d+\.\d+$/)
    expect(first.TargetHealthDescriptions![0]!.Target!.Port).toBe(8080)
    const healthy = await until(th, (r) => states(r.TargetHealthDescriptions).join() === 'healthy,healthy')
    expect(states(healthy.TargetHealthDescriptions)).toEqual(['healthy', 'healthy'])
    expect(states((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: seed.greenTargetGroupArn }))).TargetHealthDescriptions)).toEqual([])
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web-blue', desiredCount: 0 }))
    expect(states((await th()).TargetHealthDescriptions)).toEqual(['draining', 'draining'])
    const gone = await until(th, (r) => (r.TargetHealthDescriptions ?? []).length === 0)
    expect(gone.TargetHealthDescriptions).toEqual([])
  })

  it('ModifyListener moves the weights; a rule variant is modified with ModifyRule', async () => {
    const seed = await seedAlbWorld(emu.url, { rule: true })
    expect(seed.ruleArn).toMatch(/:listener-rule\/app\/web-alb\//)
    await elb.send(new ModifyRuleCommand({ RuleArn: seed.ruleArn, Actions: weightedForward(seed.blueTargetGroupArn, seed.greenTargetGroupArn, 90) }))
    const rules = await elb.send(new DescribeRulesCommand({ ListenerArn: seed.listenerArn }))
    expect(rules.Rules!.map((r) => [r.Priority, r.IsDefault])).toEqual([
      ['10', false],
      ['default', true]
    ])
    expect(rules.Rules![0]!.Actions![0]!.ForwardConfig!.TargetGroups!.map((g) => g.Weight)).toEqual([90, 10])
    expect(rules.Rules![0]!.Conditions![0]!.PathPatternConfig!.Values).toEqual(['/*'])
    // PageSize and Marker page as AWS does (NextMarker while there is more)
    const first = await elb.send(new DescribeRulesCommand({ ListenerArn: seed.listenerArn, PageSize: 1 }))
    expect(first.Rules!.map((r) => r.Priority)).toEqual(['10'])
    const second = await elb.send(new DescribeRulesCommand({ ListenerArn: seed.listenerArn, PageSize: 1, Marker: first.NextMarker }))
    expect([second.Rules!.map((r) => r.Priority), second.NextMarker]).toEqual([['default'], undefined])
    const byArn = await elb.send(new DescribeRulesCommand({ RuleArns: [seed.ruleArn!] }))
    expect(byArn.Rules![0]!.Priority).toBe('10')
    // the default rule is changed through ModifyListener only
    const e = await elb
      .send(new ModifyRuleCommand({ RuleArn: rules.Rules![1]!.RuleArn, Actions: weightedForward(seed.blueTargetGroupArn, seed.greenTargetGroupArn, 50) }))
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(OperationNotPermittedException)
    const l = await elb.send(
      new ModifyListenerCommand({ ListenerArn: seed.listenerArn, DefaultActions: weightedForward(seed.blueTargetGroupArn, seed.greenTargetGroupArn, 0) })
    )
    expect(l.Listeners![0]!.DefaultActions![0]!.ForwardConfig!.TargetGroups!.map((g) => g.Weight)).toEqual([0, 100])
  })

  it('answers ELBv2 errors as the SDK expects them (XML error codes)', async () => {
    const seed = await seedAlbWorld(emu.url)
    const e = await elb.send(new DescribeListenersCommand({ ListenerArns: [seed.listenerArn + 'x'] })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ListenerNotFoundException)
    expect((e as Error).message).toMatch(/not found/)
    const bad = await elb
      .send(
        new ModifyListenerCommand({ ListenerArn: seed.listenerArn, DefaultActions: weightedForward(seed.blueTargetGroupArn, seed.greenTargetGroupArn, 1000) })
      )
      .catch((x: unknown) => x)
    expect((bad as Error).name).toBe('ValidationError')
    const cwErr = await cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'ALARM', StateReason: 'x' })).catch((x: unknown) => x)
    expect(cwErr).toBeInstanceOf(ResourceNotFound)
  })
})

describe('faults', () => {
  it('green tasks failing: the new deployment of the idle service never gets a target', async () => {
    const seed = await seedAlbWorld(emu.url)
    emu.setFaults({ greenTasksFail: true })
    const taskDefinition = await registerWebRevision(ecs, { image: 'web:2' })
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web-green', taskDefinition, desiredCount: 2 }))
    const svc = await until(
      () => ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web-green'] })),
      (r) => (r.services![0]!.deployments!.find((d) => d.status === 'PRIMARY')!.failedTasks ?? 0) >= 2
    )
    expect(svc.services![0]!.deployments!.find((d) => d.status === 'PRIMARY')!.failedTasks).toBeGreaterThanOrEqual(2)
    // the old (idle, 0 tasks) deployment winds down and starts nothing
    expect(svc.services![0]!.runningCount).toBe(0)
    const th = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: seed.greenTargetGroupArn }))
    expect(th.TargetHealthDescriptions).toEqual([])
  }, 30_000)

  it('unhealthyTargets: new tasks run but fail their health checks', async () => {
    const seed = await seedAlbWorld(emu.url)
    emu.setFaults({ unhealthyTargets: { targetGroups: ['web-green-tg'] } })
    const taskDefinition = await registerWebRevision(ecs, { image: 'web:2' })
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web-green', taskDefinition, desiredCount: 2 }))
    const th = await until(
      () => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: seed.greenTargetGroupArn })),
      (r) => states(r.TargetHealthDescriptions).join() === 'unhealthy,unhealthy'
    )
    expect(states(th.TargetHealthDescriptions)).toEqual(['unhealthy', 'unhealthy'])
    expect(th.TargetHealthDescriptions![0]!.TargetHealth!.Reason).toBe('Target.ResponseCodeMismatch')
  })

  it('alarm: fires mid-shift after the configured step, and recovers when the weights go back', async () => {
    const seed = await seedAlbWorld(emu.url)
    emu.setFaults({ alarm: { afterStep: 2 } })
    const move = (blue: number) =>
      elb.send(
        new ModifyListenerCommand({ ListenerArn: seed.listenerArn, DefaultActions: weightedForward(seed.blueTargetGroupArn, seed.greenTargetGroupArn, blue) })
      )
    const state = async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }))).MetricAlarms![0]!.StateValue
    await move(90)
    emu.advance(120_000)
    expect(await state()).toBe('OK')
    await move(50)
    expect(await state()).toBe('OK')
    emu.advance(31_000)
    expect(await state()).toBe('ALARM')
    const a = (await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }))).MetricAlarms!
    expect(a.map((x) => x.AlarmName)).toEqual(['web-5xx'])
    expect(a[0]!.StateReason).toMatch(/Threshold Crossed/)
    await move(100)
    expect(await state()).toBe('OK')
  })

  it('SetAlarmState and the control API change what DescribeAlarms answers', async () => {
    await seedAlbWorld(emu.url)
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'web-latency', StateValue: 'ALARM', StateReason: 'testing' }))
    let a = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'web-lat' }))
    expect([a.MetricAlarms![0]!.StateValue, a.MetricAlarms![0]!.StateReason]).toEqual(['ALARM', 'testing'])
    emu.setAlarm('web-latency', 'OK')
    a = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['web-latency'] }))
    expect(a.MetricAlarms![0]!.StateValue).toBe('OK')
  })

  it('throttle and error switches apply to elasticloadbalancing and cloudwatch calls', async () => {
    const seed = await seedAlbWorld(emu.url)
    emu.setFaults({
      throttle: { rate: 1, service: 'elasticloadbalancing', operations: ['DescribeListeners'] },
      errors: { status: 500, count: 1, service: 'cloudwatch', operations: ['DescribeAlarms'] }
    })
    const e = await elb.send(new DescribeListenersCommand({ ListenerArns: [seed.listenerArn] })).catch((x: unknown) => x)
    expect((e as Error).name).toBe('Throttling')
    const e2 = await cw.send(new DescribeAlarmsCommand({})).catch((x: unknown) => x)
    expect((e2 as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(500)
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms!.length).toBe(2)
    const log = emu.calls().filter((c) => c.error)
    expect(log.map((c) => `${c.service}:${c.operation}:${c.error}`)).toEqual([
      'elasticloadbalancing:DescribeListeners:Throttling',
      'cloudwatch:DescribeAlarms:InternalFailure'
    ])
  })
})

describe('AWS CLI', () => {
  it('aws elbv2 describe-listeners / describe-target-health and aws cloudwatch describe-alarms', async () => {
    const run = promisify(execFile)
    try {
      await run('aws', ['--version'], { timeout: 20_000 })
    } catch {
      console.log('SKIPPED: the AWS CLI (aws) is not on PATH')
      return
    }
    const seed = await seedAlbWorld(emu.url)
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' }
    const aws = async (...args: string[]) =>
      JSON.parse((await run('aws', ['--endpoint-url', emu.url, '--output', 'json', ...args], { env, timeout: 30_000 })).stdout)
    const l = await aws('elbv2', 'describe-listeners', '--listener-arns', seed.listenerArn)
    expect(l.Listeners[0].DefaultActions[0].ForwardConfig.TargetGroups.map((g: { Weight: number }) => g.Weight)).toEqual([100, 0])
    const h = await aws('elbv2', 'describe-target-health', '--target-group-arn', seed.blueTargetGroupArn)
    expect(Array.isArray(h.TargetHealthDescriptions)).toBe(true)
    const a = await aws('cloudwatch', 'describe-alarms', '--alarm-names', 'web-5xx')
    expect(a.MetricAlarms[0].AlarmName).toBe('web-5xx')
    expect(a.MetricAlarms[0].StateValue).toMatch(/^(OK|INSUFFICIENT_DATA)$/)
    const err = await run('aws', ['--endpoint-url', emu.url, 'elbv2', 'describe-listeners', '--listener-arns', seed.listenerArn + 'x'], { env }).catch(
      (e: { stderr: string }) => e
    )
    expect((err as { stderr: string }).stderr).toMatch(/ListenerNotFound/)
    const wires = new Set(
      emu
        .calls()
        // The seed's own ECS and CloudWatch Logs calls aside: what the CLI reached over the query wire.
        .filter((c) => c.service !== 'ecs' && c.service !== 'logs')
        .map((c) => c.service)
    )
    expect(wires).toEqual(new Set(['elasticloadbalancing', 'cloudwatch']))
  }, 60_000)
})
