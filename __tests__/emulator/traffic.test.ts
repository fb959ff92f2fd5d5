/**
 * The ALB traffic model (emulator/traffic.ts): deployments move the listener weights ELBv2 holds,
 * and each target group's AWS/ApplicationELB metrics follow the requests those weights send it.
 * The clock is held and moved by hand, so every figure is exact.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { DescribeServiceDeploymentsCommand, DescribeServicesCommand, ListServiceDeploymentsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { seedAlbWorld, seedWorld, type Emulator, type MetricQuery, type SeedResult } from '../../emulator/index.js'
import { weightedForward } from '../../emulator/seed-alb.js'
import { HOLD_TIME_SCALE, registerWebRevision, useFixture, startEmulatorFixtureWith, type EmulatorFixture } from '../fixtures/emulator.js'
import { createDeployment } from './helpers.js'

jest.setTimeout(20_000)

const MIN = 60_000
let emu: Emulator
let c: EmulatorFixture & { elb: ElasticLoadBalancingV2Client }

useFixture(
  HOLD_TIME_SCALE,
  () => startEmulatorFixtureWith({ timeScale: HOLD_TIME_SCALE }, (cfg) => ({ elb: new ElasticLoadBalancingV2Client(cfg) })),
  (f) => {
    c = f
    emu = f.emu
  }
)
beforeEach(() => emu.reset())

const tgDim = (arn: string) => arn.split(':')[5]!
const lbDim = (arn: string) => arn.split(':loadbalancer/')[1]!

/** The datapoints of one minute of a target group's metric (with its load balancer, or alone). */
function minute(metricName: string, tg: string, at: number, lb?: string) {
  const dimensions: MetricQuery['dimensions'] = [{ Name: 'TargetGroup', Value: tgDim(tg) }]
  if (lb) dimensions.push({ Name: 'LoadBalancer', Value: lbDim(lb) })
  return emu.traffic.minutes({ namespace: 'AWS/ApplicationELB', metricName, dimensions }, at, at + MIN)!
}

/** The next whole minute after virtual time `t`. */
const nextMinute = (t: number) => Math.ceil(t / MIN) * MIN

async function forward(holder: 'listener' | 'rule', arn: string): Promise<Record<string, number>> {
  const actions =
    holder === 'listener'
      ? (await c.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] }))).Listeners![0]!.DefaultActions!
      : (await c.elb.send(new DescribeRulesCommand({ RuleArns: [arn] }))).Rules![0]!.Actions!
  const groups = actions.find((a) => a.Type === 'forward')!.ForwardConfig!.TargetGroups!
  return Object.fromEntries(groups.map((g) => [g.TargetGroupArn!.split('/')[1]!, g.Weight!]))
}

/** Moves the clock `stepMs` at a time until `done` holds (at most `maxMs`). */
async function until(done: () => boolean | Promise<boolean>, stepMs = 5000, maxMs = 60 * MIN): Promise<void> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await done()) return
    emu.advance(stepMs)
  }
  throw new Error('never happened')
}

describe('CodeDeploy canary', () => {
  let seed: SeedResult

  beforeEach(async () => {
    seed = await seedWorld(emu.url)
    // blue's tasks run; three quiet minutes of old traffic
    emu.advance(3 * MIN)
  })

  it('moves the production listener, splits the requests, and the new side answers as the fault says', async () => {
    const { blueTargetGroupArn: blue, greenTargetGroupArn: green, prodListenerArn: prod, loadBalancerArn: lb } = seed
    expect(lb).toBeDefined()
    expect(await forward('listener', prod)).toEqual({ 'web-blue': 1 })
    const td = await registerWebRevision(c.ecs, { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0' })
    const id = await createDeployment(c.codedeploy, td)
    await until(() => emu.deployment(id)!.trafficWeights.green === 10, 1000)
    const allow = emu.deployment(id)!.lifecycleEvents.find((e) => e.lifecycleEventName === 'AllowTraffic')!
    const canaryAt = allow.startTime!
    expect(await forward('listener', prod)).toEqual({ 'web-blue': 90, 'web-green': 10 })
    // the test listener carries green since AllowTestTraffic, and no steady traffic
    expect(await forward('listener', seed.testListenerArn!)).toEqual({ 'web-blue': 0, 'web-green': 100 })
    expect(emu.traffic.newSide(prod)).toBe(green)

    const m1 = nextMinute(canaryAt)
    const before = m1 - 2 * MIN
    // the fault from m2 on (the held clock drifts a fraction of a millisecond): the minutes before keep what they had
    const m2 = m1 + MIN
    emu.advance(m2 - emu.now())
    emu.mergeFaults({ traffic: { greenErrorRate: 0.05, greenLatencyMs: 800 } })
    emu.advance(m2 + MIN - emu.now() + 1000)

    // a whole minute before the canary: all on blue, none on green (no datapoint at all)
    expect(minute('RequestCount', blue, before, lb).map((d) => d.sum)).toEqual([1200])
    expect(minute('RequestCount', green, before, lb)).toEqual([])
    expect(minute('TargetResponseTime', green, before)).toEqual([])

    for (const m of [m1, m2]) {
      expect(minute('RequestCount', blue, m, lb).map((d) => d.sum)).toEqual([1080])
      expect(minute('RequestCount', green, m, lb).map((d) => d.sum)).toEqual([120])
      expect(minute('RequestCount', green, m).map((d) => d.sum)).toEqual([120])
      // the old side stays steady: 0.3 % errors, p50 80 ms, p95 200 ms, average 100 ms
      expect(minute('HTTPCode_Target_5XX_Count', blue, m, lb).map((d) => d.sum)).toEqual([3])
      expect(minute('HTTPCode_Target_2XX_Count', blue, m, lb).map((d) => d.sum)).toEqual([1077])
      const rt = minute('TargetResponseTime', blue, m, lb)[0]!
      expect(rt.sampleCount).toBe(1080)
      expect(rt.sum / rt.sampleCount).toBeCloseTo(0.1, 9)
      expect(rt.percentile(50)).toBeCloseTo(0.08, 9)
      expect(rt.percentile(95)).toBeCloseTo(0.2, 9)
    }
    // before the fault green answered like blue: 0.36 errors round to none, and ALB publishes no zero count
    expect(minute('HTTPCode_Target_5XX_Count', green, m1, lb)).toEqual([])
    expect(minute('TargetResponseTime', green, m1, lb)[0]!.percentile(95)).toBeCloseTo(0.2, 9)
    // with it: 120 requests at 5 % are 6, p95 800 ms
    expect(minute('HTTPCode_Target_5XX_Count', green, m2, lb).map((d) => d.sum)).toEqual([6])
    expect(minute('HTTPCode_Target_2XX_Count', green, m2, lb).map((d) => d.sum)).toEqual([114])
    const slow = minute('TargetResponseTime', green, m2, lb)[0]!
    expect(slow.percentile(95)).toBeCloseTo(0.8, 6)
    expect(slow.sum / slow.sampleCount).toBeCloseTo(0.4, 6)

    // the load balancer alone: every target group behind it
    const whole = (metricName: string) =>
      emu.traffic.minutes({ namespace: 'AWS/ApplicationELB', metricName, dimensions: [{ Name: 'LoadBalancer', Value: lbDim(lb!) }] }, m2, m2 + MIN)!
    expect(whole('RequestCount').map((d) => d.sum)).toEqual([1200])
    expect(whole('HTTPCode_Target_5XX_Count').map((d) => d.sum)).toEqual([9])
    const p95 = whole('TargetResponseTime')[0]!.percentile(95)
    expect(p95).toBeGreaterThan(0.2)
    expect(p95).toBeLessThan(0.8)
    // several minutes at once, ascending, only those with data
    const span = emu.traffic.minutes(
      { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: [{ Name: 'TargetGroup', Value: tgDim(green) }] },
      before,
      m2 + MIN
    )!
    expect(span.map((d) => d.at)).toEqual([m1 - MIN, m1, m2])
    expect(emu.traffic.requests(green, m1, m2 + MIN)).toBe(240)
    // what the emulator does not publish
    expect(emu.traffic.minutes({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: [] }, m1, m2)).toBeUndefined()
    expect(
      emu.traffic.minutes(
        {
          namespace: 'AWS/ApplicationELB',
          metricName: 'RequestCount',
          dimensions: [
            { Name: 'TargetGroup', Value: tgDim(green) },
            { Name: 'AvailabilityZone', Value: 'us-east-1a' }
          ]
        },
        m1,
        m2
      )
    ).toBeUndefined()

    // low traffic: 4 a minute leave green 0.4, no request in the minute, so no datapoint
    emu.mergeFaults({ traffic: { requestsPerMinute: 4 } })
    const m3 = nextMinute(emu.now())
    emu.advance(m3 + MIN - emu.now() + 1000)
    expect(minute('RequestCount', blue, m3, lb).map((d) => d.sum)).toEqual([4])
    expect(minute('RequestCount', green, m3, lb)).toEqual([])
    expect(emu.state().traffic.routes.find((r) => r.route === prod)).toMatchObject({ weights: { [tgDim(blue)]: 90, [tgDim(green)]: 10 }, newSide: green })

    // the alarm stops the deployment; its rollback puts the weights back, green stays the new side
    emu.mergeFaults({ traffic: {} })
    emu.setAlarm('web-green-5xx', 'ALARM')
    await until(async () => (await forward('listener', prod))['web-green'] === 0, 1000)
    expect(await forward('listener', prod)).toEqual({ 'web-green': 0, 'web-blue': 100 })
    expect(await forward('listener', seed.testListenerArn!)).toEqual({ 'web-green': 0, 'web-blue': 100 })
    expect(emu.deployment(id)!.status).toBe('Stopped')
    const m4 = nextMinute(emu.now())
    emu.advance(m4 + MIN - emu.now() + 1000)
    expect(minute('RequestCount', blue, m4, lb).map((d) => d.sum)).toEqual([1200])
    expect(minute('RequestCount', green, m4, lb)).toEqual([])
    expect(emu.traffic.newSide(prod)).toBe(green)
  })

  it('a finished release leaves all the traffic on green', async () => {
    const td = await registerWebRevision(c.ecs, { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0' })
    const id = await createDeployment(c.codedeploy, td, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    await until(() => emu.deployment(id)!.status === 'Succeeded' || emu.deployment(id)!.status === 'Stopped')
    expect(await forward('listener', seed.prodListenerArn)).toEqual({ 'web-blue': 0, 'web-green': 100 })
    const m = nextMinute(emu.now())
    emu.advance(m + MIN - emu.now())
    expect(minute('RequestCount', seed.greenTargetGroupArn, m).map((d) => d.sum)).toEqual([1200])
    expect(minute('RequestCount', seed.blueTargetGroupArn, m)).toEqual([])
    // when green took traffic, and blue lost it
    const green = emu.traffic.servedSpan(seed.greenTargetGroupArn)!
    expect(green.from).toBe(emu.deployment(id)!.lifecycleEvents.find((e) => e.lifecycleEventName === 'AllowTraffic')!.startTime)
    expect(green.to).toBeUndefined()
    expect(emu.traffic.servedSpan(seed.blueTargetGroupArn)!.to).toBe(green.from)

    // ALB publishes a minute about a minute late: with the delay, the minute just ended is not there yet
    emu.mergeFaults({ traffic: { publishDelaySeconds: 60 } })
    const n = nextMinute(emu.now())
    emu.advance(n + MIN + 30_000 - emu.now())
    expect(minute('RequestCount', seed.greenTargetGroupArn, n)).toEqual([])
    emu.advance(30_000)
    expect(minute('RequestCount', seed.greenTargetGroupArn, n).map((d) => d.sum)).toEqual([1200])
  })
})

describe('ECS-native canary with listener rules', () => {
  it('moves the production rule, and the next release takes the other target group', async () => {
    const seed = await seedWorld(emu.url, {
      deploymentController: 'ECS',
      ecsDeploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 }, bakeTimeInMinutes: 1 },
      listenerRules: true
    })
    const { blueTargetGroupArn: blue, greenTargetGroupArn: green, productionListenerRuleArn: rule, testListenerRuleArn: testRule } = seed
    expect(rule).toBeDefined()
    const svc = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(svc.loadBalancers![0]!.advancedConfiguration).toEqual({
      alternateTargetGroupArn: green,
      productionListenerRule: rule,
      testListenerRule: testRule,
      roleArn: 'arn:aws:iam::123456789012:role/ecsCodeDeployRole'
    })
    expect(await forward('rule', rule!)).toEqual({ 'web-blue': 100, 'web-green': 0 })
    emu.advance(MIN)

    const release = async (image: string, newSide: string, canary: Record<string, number>, test: Record<string, number>, done: Record<string, number>) => {
      const taskDefinition = await registerWebRevision(c.ecs, { image })
      await c.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition }))
      const arn = (await c.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))).serviceDeployments![0]!.serviceDeploymentArn!
      const look = async () => (await c.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!
      await until(async () => (await look()).targetServiceRevision?.requestedProductionTrafficWeight === 10, 1000)
      expect(await forward('rule', rule!)).toEqual(canary)
      expect(await forward('rule', testRule!)).toEqual(test)
      expect(emu.traffic.newSide(rule!)).toBe(newSide)
      // the new revision's tasks are targets of the new side's group
      const targets = await c.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: newSide }))
      expect(targets.TargetHealthDescriptions!.filter((t) => t.TargetHealth?.State !== 'draining')).toHaveLength(2)
      const m = nextMinute(emu.now())
      emu.advance(m + MIN - emu.now())
      expect(minute('RequestCount', newSide, m, seed.loadBalancerArn).map((d) => d.sum)).toEqual([120])
      await until(async () => (await look()).status === 'SUCCESSFUL')
      expect(await forward('rule', rule!)).toEqual(done)
    }
    const blueOnly = { 'web-blue': 100, 'web-green': 0 }
    const greenOnly = { 'web-blue': 0, 'web-green': 100 }
    await release('web:1.5.0', green, { 'web-blue': 90, 'web-green': 10 }, greenOnly, greenOnly)
    await release('web:1.6.0', blue, { 'web-blue': 10, 'web-green': 90 }, blueOnly, blueOnly)
    // the listeners' default actions answer 404 and carry nothing: the rule is all the traffic
    const m = nextMinute(emu.now())
    emu.advance(m + MIN - emu.now())
    expect(minute('RequestCount', blue, m).map((d) => d.sum)).toEqual([1200])
  })
})

describe('other routes', () => {
  it("the ALB weighted way's own ModifyListener moves the traffic, and the group that gained weight is the new side", async () => {
    const seed = await seedAlbWorld(emu.url)
    emu.advance(MIN)
    expect(emu.traffic.newSide(seed.listenerArn)).toBeUndefined()
    await c.elb.send(
      new ModifyListenerCommand({ ListenerArn: seed.listenerArn, DefaultActions: weightedForward(seed.blueTargetGroupArn, seed.greenTargetGroupArn, 80) })
    )
    expect(emu.traffic.newSide(seed.listenerArn)).toBe(seed.greenTargetGroupArn)
    emu.setFaults({ traffic: { greenErrorRate: 0.5 } })
    const m = nextMinute(emu.now())
    emu.advance(m + MIN - emu.now())
    expect(minute('RequestCount', seed.blueTargetGroupArn, m).map((d) => d.sum)).toEqual([960])
    expect(minute('HTTPCode_Target_5XX_Count', seed.greenTargetGroupArn, m, seed.loadBalancerArn).map((d) => d.sum)).toEqual([120])
    // the minute still running counts what it has so far
    emu.advance(MIN / 2)
    expect(minute('RequestCount', seed.greenTargetGroupArn, m + MIN).map((d) => d.sum)).toEqual([120])
  })

  it('UpdateService keeps the load balancers it is given, advancedConfiguration too', async () => {
    const seed = await seedWorld(emu.url, { deploymentController: 'ECS', ecsDeploymentConfiguration: { strategy: 'BLUE_GREEN' }, listenerRules: true })
    const lb = {
      targetGroupArn: seed.greenTargetGroupArn,
      containerName: 'app',
      containerPort: 8080,
      advancedConfiguration: {
        alternateTargetGroupArn: seed.blueTargetGroupArn,
        productionListenerRule: seed.productionListenerRuleArn!,
        roleArn: 'arn:aws:iam::123456789012:role/x'
      }
    }
    const out = await c.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', loadBalancers: [lb] }))
    expect(out.service!.loadBalancers).toEqual([lb])
    const svc = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(svc.loadBalancers).toEqual([lb])
  })
})
