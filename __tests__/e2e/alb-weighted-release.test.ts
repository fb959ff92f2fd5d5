/**
 * End to end, strategy alb-weighted: dist/index.js as a runner runs it, against the emulator's
 * seed 004 world (web-blue and web-green behind one ALB listener, weights 100/0, alarms).
 * Success with 10/50/100 and the old service scaled down, then the next release flipping back; an
 * alarm mid-shift, green tasks failing and unhealthy targets rolling back; SIGTERM putting the
 * weights back; the rule variant; the calls against docs/iam-policy.json.
 */
import { describe, expect, it } from '@jest/globals'
import { ALB_WEIGHTED_OPERATIONS, albWeighted } from './alb-weighted.js'
import { annotations, expectRun, REGISTRY, signalOn, useE2E, type E2E } from './helpers.js'

let e: E2E
const TIME_SCALE = 100

useE2E(TIME_SCALE, (x) => (e = x))
const w = albWeighted(() => e)
const { fresh, inputs, weights, service, trafficSteps, modifies, keep, policyFindings } = w

describe('strategy alb-weighted', () => {
  it('releases to the idle service with 10/50/100, scales the old one down after the drain; the next release flips back', async () => {
    await fresh()
    const r = await e.run(inputs())
    keep()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).toMatch(/^ecs-svc\/\d{19}$/)
      expect(r.outputs['task-definition-arn']).toMatch(/:task-definition\/web:2$/)
      expect(r.outputs['previous-task-definition-arn']).toMatch(/:task-definition\/web:1$/)
      expect(r.stdout).toContain('Strategy: ALB weighted (two services)')
      expect(r.stdout).toContain(`ecs-bluegreen-action  prod: web-blue (live, 100%) -> web-green  via listener web-alb:80  steps 10,50,100`)
      expect(trafficSteps(r)).toEqual([
        ['web-green', 10, false],
        ['web-green', 50, false],
        ['web-green', 100, false]
      ])
      expect(r.stdout).toMatch(/targets {2}web-green 2\/2 healthy/)
      expect(r.stdout).toMatch(/web-blue {2}scaled to 0 \(no traffic; its targets drain\)/)
      expect(r.stdout).toMatch(/targets {2}web-blue none registered/)
      expect(r.stdout).toMatch(/Succeeded after \S+: web-green has all the traffic/)
      expect(weights()).toEqual({ 'web-blue-tg': 0, 'web-green-tg': 100 })
      expect(service('web-blue').desiredCount).toBe(0)
      expect(service('web-green').desiredCount).toBe(2)
      expect(service('web-green').taskDefinition).toMatch(/web:2$/)
      expect(modifies()).toHaveLength(3)
      // no traffic moved before the new targets were healthy
      const firstModify = modifies()[0]!.time
      const healthy = r.lines.findIndex((l) => /targets {2}web-green 2\/2 healthy/.test(l))
      const shifted = r.lines.findIndex((l) => /traffic {2}web-green +10%/.test(l))
      expect(healthy).toBeGreaterThan(-1)
      expect(healthy).toBeLessThan(shifted)
      expect(firstModify).toBeGreaterThan(0)
      expect(r.state.settled).toBe('true')
    })

    // The next release finds web-green live from the weights and flips back to web-blue.
    e.emu.clearCalls()
    const r2 = await e.run(inputs({ image: `${REGISTRY}/web:1.6.0` }))
    keep()
    expectRun(r2, (r) => {
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain('prod: web-green (live, 100%) -> web-blue')
      expect(trafficSteps(r).map((t) => t.slice(0, 2))).toEqual([
        ['web-blue', 10],
        ['web-blue', 50],
        ['web-blue', 100]
      ])
      expect(r.outputs['previous-task-definition-arn']).toMatch(/web:2$/)
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(service('web-green').desiredCount).toBe(0)
      expect(service('web-blue').taskDefinition).toMatch(/web:3$/)
    })
  }, 90_000)

  it('an alarm mid-shift puts the weights back: rolled-back, exit 1', async () => {
    await fresh({}, { alarm: { name: 'web-5xx', afterStep: 1 } })
    const r = await e.run(inputs({ 'step-bake-minutes': '0.05' }))
    keep()
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/alarm {4}web-5xx ALARM: Threshold Crossed/)
      expect(trafficSteps(r)).toEqual([
        ['web-green', 10, false],
        ['web-green', 0, true]
      ])
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(service('web-green').desiredCount).toBe(0)
      expect(service('web-blue').desiredCount).toBe(2)
      const err = annotations(r.lines, 'error')
      expect(err).toHaveLength(1)
      expect(err[0]!.message).toContain('Alarm web-5xx went to ALARM at 10%')
      expect(err[0]!.message).toContain('the weights were put back on web-blue')
      expect(r.stdout).toMatch(/Rolled back after \S+: web-blue has all the traffic/)
    })
  }, 60_000)

  it('green tasks failing: no traffic ever moves, rolled-back', async () => {
    await fresh({}, { greenTasksFail: true })
    const r = await e.run(inputs())
    keep()
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/tasks {4}web-green 0\/2 running, \d+ failed/)
      // the only weight write is the restore (to what it was)
      expect(modifies()).toHaveLength(1)
      expect(trafficSteps(r)).toEqual([['web-green', 0, true]])
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(service('web-green').desiredCount).toBe(0)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(
        /tasks of the new task definition stopped before they became healthy; the weights were put back on web-blue\. Rolled back to web:1\. Why: Essential container app exited with code 1\. Fix: /
      )
      // Why, in the green service's own words: its crashed container's last lines.
      expect(r.stdout).toMatch(/^Why it failed: Essential container app exited with code 1$/m)
      expect(r.stdout).toMatch(/^ {2}Last \d+ lines of app, task [0-9a-f]{8} \(log group \/ecs\/web, stream web\/app\/[0-9a-f]{32}\):$/m)
      expect(r.stdout).toMatch(/^ {4}\| Error: connect ECONNREFUSED/m)
    })
  }, 60_000)

  it('targets failing their health checks: never shifted, rolled-back with the reason', async () => {
    await fresh({}, { unhealthyTargets: true })
    const r = await e.run(inputs())
    keep()
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('rolled-back')
      // the first unhealthy target ends it (the other may still be initial)
      expect(r.stdout).toMatch(
        /targets {2}web-green 0\/2 healthy, (\d initial, )?\d unhealthy {2}Target\.ResponseCodeMismatch: Health checks failed with these codes: \[502\]/
      )
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(/target.? of the new service failed health checks \(Target\.ResponseCodeMismatch/)
      expect(modifies()).toHaveLength(1)
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
    })
  }, 60_000)

  it('cancel (SIGTERM) mid-shift puts the weights back; outcome stopped; the post step has nothing left', async () => {
    await fresh()
    const sig = signalOn(/traffic {2}web-green +10%/, 'SIGTERM')
    const r = await e.run(inputs({ 'step-bake-minutes': '1' }), { onStart: sig.onStart, onLine: sig.onLine, post: true })
    keep()
    expectRun(r, (r) => {
      expect(sig.sentAt()).toBeDefined()
      expect(r.code).not.toBe(0)
      expect(r.stdout).toContain('Received SIGTERM: the job is being cancelled.')
      expect(r.stdout).toContain('Cancelled by the runner at 10%: put the weights back on web-blue (on-cancel: rollback)')
      expect(r.outputs.outcome).toBe('stopped')
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(modifies().at(-1)!.time).toBeGreaterThanOrEqual(sig.sentAt()!)
      expect(service('web-green').desiredCount).toBe(0)
      expect(r.state.settled).toBe('true')
      expect(modifies()).toHaveLength(2)
    })
  }, 60_000)

  it('post step: the main step SIGKILLed mid-shift, the post step puts the weights back', async () => {
    await fresh()
    const sig = signalOn(/traffic {2}web-green +10%/, 'SIGKILL')
    const r = await e.run(inputs({ 'step-bake-minutes': '1' }), { onStart: sig.onStart, onLine: sig.onLine, post: true })
    keep()
    expectRun(r, (r) => {
      expect(r.signal).toBe('SIGKILL')
      expect(r.state.settled).toBeUndefined()
      expect(r.state['deployment-id']).toMatch(/^ecs-svc\//)
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(modifies().at(-1)!.time).toBeGreaterThanOrEqual(r.exitedAt)
      expect(service('web-green').desiredCount).toBe(0)
      expect(annotations((r.postStdout ?? '').split('\n'), 'warning')[0]?.message).toBe(
        `The main step ended mid-release (ECS deployment ${r.state['deployment-id']}): put the listener weights back and scaled web-green to 0 (on-cancel: rollback).`
      )
    })
  }, 60_000)

  it('wait-for-minutes reached mid-shift: weights back, timed-out', async () => {
    await fresh()
    const r = await e.run(inputs({ 'step-bake-minutes': '5', 'wait-for-minutes': '0.15' }))
    keep()
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('timed-out')
      expect(r.stdout).toMatch(/Timed out after 0.15 min at 10%: put the weights back on web-blue \(on-timeout: rollback\)/)
      expect(annotations(r.lines, 'error')[0]!.message).toContain(
        "Not finished after 0.15 min ('wait-for-minutes') at 10%; the weights were put back on web-blue"
      )
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
    })
  }, 60_000)

  it('a listener rule (listener-rule-arn) is shifted with ModifyRule', async () => {
    await fresh({ rule: true })
    const r = await e.run(inputs({ 'listener-arn': '', 'listener-rule-arn': w.seed.ruleArn!, 'traffic-steps': '50,100', 'step-bake-minutes': '0' }))
    keep()
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain('via rule 10 of listener web-alb')
      expect(e.emu.calls().filter((c) => c.operation === 'ModifyRule')).toHaveLength(2)
      expect(e.emu.calls().filter((c) => c.operation === 'ModifyListener')).toHaveLength(0)
      expect(weights()).toEqual({ 'web-blue-tg': 0, 'web-green-tg': 100 })
    })
  }, 60_000)

  it('refuses bad inputs and a split listener before changing anything', async () => {
    await fresh()
    const bad = await e.run(inputs({ 'traffic-steps': '10,5,100' }))
    expect(annotations(bad.lines, 'error')[0]!.message).toMatch(/^Input 'traffic-steps': '10,5,100' is not strictly ascending/)
    const noGreen = await e.run(inputs({ 'green-service': '' }))
    expect(annotations(noGreen.lines, 'error')[0]!.message).toMatch(/^Input 'green-service': is required with strategy alb-weighted/)
    const wrongStrategy = await e.run(inputs({ strategy: '' }))
    expect(annotations(wrongStrategy.lines, 'error')[0]!.message).toMatch(/^Input 'green-service': applies to strategy alb-weighted only/)
    const noAlarm = await e.run(inputs({ alarms: 'web-5xx,nope' }))
    expect(annotations(noAlarm.lines, 'error')[0]!.message).toMatch(/^Input 'alarms': 'nope' is not a CloudWatch alarm/)
    e.emu.clearCalls()
    // half-way weights: a release did not finish
    const { ElasticLoadBalancingV2Client, ModifyListenerCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
    const elb = new ElasticLoadBalancingV2Client({ endpoint: e.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
    await elb.send(
      new ModifyListenerCommand({
        ListenerArn: w.seed.listenerArn,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: w.seed.blueTargetGroupArn, Weight: 50 },
                { TargetGroupArn: w.seed.greenTargetGroupArn, Weight: 50 }
              ]
            }
          }
        ]
      })
    )
    elb.destroy()
    e.emu.clearCalls()
    const split = await e.run(inputs())
    expect(annotations(split.lines, 'error')[0]!.message).toMatch(/splits traffic web-blue 50% \/ web-green 50%: a release did not finish/)
    const mutating = e.emu.calls().filter((c) => /^(Modify|Update|Register|Create)/.test(c.operation))
    expect(mutating).toEqual([])
  }, 60_000)

  it('docs/iam-policy.json allows every ELBv2, CloudWatch and ECS call these releases made', () => {
    const { operations, denied } = policyFindings()
    expect(operations).toEqual(ALB_WEIGHTED_OPERATIONS)
    expect(denied).toEqual([])
  })
})
