/**
 * End to end, strategy alb-weighted: dist/index.js as a runner runs it, against the emulator's
 * seed 004 world (web-blue and web-green behind one ALB listener, weights 100/0, alarms).
 * Success with 10/50/100 and the old service scaled down, then the next release flipping back; an
 * alarm mid-shift, green tasks failing and unhealthy targets rolling back; SIGTERM putting the
 * weights back; the rule variant; the calls against docs/iam-policy.json.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedAlbWorld, type AlbSeedResult, type AlbSeedSpec, type CallRecord, type FaultConfig } from '../../emulator/index.js'
import { annotations, expectRun, NEW_IMAGE, REGISTRY, signalOn, useE2E, type E2E, type RunResult } from './helpers.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
let e: E2E
let seed: AlbSeedResult
const TIME_SCALE = 100

useE2E(TIME_SCALE, (x) => (e = x))

async function fresh(spec: Partial<AlbSeedSpec> = {}, faults?: FaultConfig): Promise<AlbSeedResult> {
  e.emu.reset()
  seed = await seedAlbWorld(e.url, { waitForHealthy: true, ...spec })
  // the alarms have had their first evaluation (OK)
  e.emu.advance(61_000)
  if (faults) e.emu.setFaults(faults)
  e.emu.clearCalls()
  return seed
}

const inputs = (o: Record<string, string> = {}): Record<string, string> => ({
  strategy: 'alb-weighted',
  cluster: 'prod',
  service: 'web-blue',
  'green-service': 'web-green',
  'listener-arn': seed.listenerArn,
  'traffic-steps': '10,50,100',
  'step-bake-minutes': '0.01',
  alarms: 'web-5xx,web-latency',
  image: NEW_IMAGE,
  ...o
})

/** Weights of the listener's default action (or the rule), by target group name. */
function weights(): Record<string, number> {
  const st = e.emu.state()
  const holder = seed.ruleArn
    ? (st.elbv2.rules.find((r) => r.RuleArn === seed.ruleArn)!.Actions as { ForwardConfig?: { TargetGroups: { TargetGroupArn: string; Weight: number }[] } }[])
    : (st.elbv2.listeners.find((l) => l.ListenerArn === seed.listenerArn)!.DefaultActions as {
        ForwardConfig?: { TargetGroups: { TargetGroupArn: string; Weight: number }[] }
      }[])
  const fwd = holder.find((a) => a.ForwardConfig)!
  return Object.fromEntries(fwd.ForwardConfig!.TargetGroups.map((g) => [g.TargetGroupArn.split('/')[1]!, g.Weight]))
}

const service = (name: string) => e.emu.state().ecs.services.find((s) => s.serviceName === name)!

/** `traffic  web-green  10% | web-blue  90%` lines: [to, percent]. */
function trafficSteps(r: RunResult): [string, number, boolean][] {
  const out: [string, number, boolean][] = []
  for (const l of r.lines) {
    const m = /^ {2}\d\d:\d\d {2}traffic {2}(\S+) +(\d+)% \| \S+ +\d+%( {2}\(weights restored\))?/.exec(l)
    if (m) out.push([m[1]!, Number(m[2]), !!m[3]])
  }
  return out
}

const modifies = (): CallRecord[] => e.emu.calls().filter((c) => c.operation === 'ModifyListener' || c.operation === 'ModifyRule')

/** Every call the action made, by IAM action, with the resources docs/iam-policy.json must allow it on. */
const allCalls: CallRecord[] = []
function keep(): void {
  allCalls.push(...e.emu.calls())
}

/** The inputs of a run in another mode: no image. */
const control = (mode: string, o: Record<string, string> = {}): Record<string, string> => inputs({ mode, image: '', ...o })

const mutating = (): CallRecord[] => e.emu.calls().filter((c) => /^(Modify|Update|Register|Create|Deregister)/.test(c.operation))

/** A run in another mode, from a clean call log: exit 0 with `outcome`. */
async function controlRun(mode: string, outcome: string, o: Record<string, string> = {}): Promise<RunResult> {
  e.emu.clearCalls()
  const r = await e.run(control(mode, o))
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
  const r = await e.run(inputs(o), {
    onLine: (line) => {
      if (!stopRun && pattern.test(line)) stopRun = e.run(control('stop'))
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
  const r = await e.run(inputs({ 'step-bake-minutes': '1', 'on-cancel': 'leave' }), { onStart: sig.onStart, onLine: sig.onLine })
  expectRun(r, (r) => {
    expect(r.outputs.outcome).toBe('stopped')
    expect(weights()).toEqual({ 'web-blue-tg': 90, 'web-green-tg': 10 })
  })
  return r
}

describe('alb-weighted release control: rollback, stop, wait-for ready, continue', () => {
  it('rollback to previous after a release: the idle side takes all the traffic at once, the released side goes to 0', async () => {
    await fresh()
    const released = await e.run(inputs())
    expectRun(released, (r) => expect(r.outputs.outcome).toBe('succeeded'))
    const r = await controlRun('rollback', 'succeeded')
    expectRun(r, (r) => {
      expect(r.stdout).toContain('Previous release: web:1 (the idle service web-blue)')
      expect(r.stdout).toContain('ecs-bluegreen-action  prod: web-green (live, 100%) -> web-blue  via listener web-alb:80  rollback: all traffic at once')
      expect(r.stdout).toContain('Task definition web:2 -> web:1 (rollback-to: previous)')
      expect(trafficSteps(r)).toEqual([['web-blue', 100, false]])
      expect(r.stdout).toMatch(/targets {2}web-blue 2\/2 healthy/)
      expect(r.stdout).toMatch(/web-green {2}scaled to 0 \(no traffic; its targets drain\)/)
      expect(r.stdout).toMatch(/Succeeded after \S+: web-blue has all the traffic/)
      expect(r.outputs['task-definition-arn']).toMatch(/:task-definition\/web:1$/)
      expect(r.outputs['previous-task-definition-arn']).toMatch(/:task-definition\/web:2$/)
      expectPutBack()
      expect(service('web-blue').taskDefinition).toMatch(/web:1$/)
      expect(modifies()).toHaveLength(1)
      expect(e.emu.calls().filter((c) => c.operation === 'RegisterTaskDefinition')).toEqual([])
    })
    // In a fresh world both services run web:1: 'previous' has nothing to go back to.
    await fresh()
    const none = await e.run(control('rollback'))
    expect(annotations(none.lines, 'error')[0]!.message).toMatch(
      /^Input 'rollback-to': the idle service 'web-green' runs web:1, the same task definition as 'web-blue'/
    )
    expect(mutating()).toEqual([])
  }, 90_000)

  it('rollback-to a revision number puts that revision on the idle side', async () => {
    await fresh()
    // web:2, a copy of web:1, registered by hand; the release below registers web:3.
    const { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
    const td = (await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))).taskDefinition!
    await e.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: td.containerDefinitions,
        networkMode: td.networkMode,
        requiresCompatibilities: td.requiresCompatibilities,
        cpu: td.cpu,
        memory: td.memory,
        executionRoleArn: td.executionRoleArn
      })
    )
    const released = await e.run(inputs())
    expectRun(released, (r) => expect(r.outputs['task-definition-arn']).toMatch(/web:3$/))
    const r = await controlRun('rollback', 'succeeded', { 'rollback-to': '2' })
    expectRun(r, (r) => {
      expect(r.stdout).toContain('Task definition web:3 -> web:2 (rollback-to: 2)')
      expect(r.stdout).toMatch(/web-blue {2}UpdateService web:2, 2 tasks {2}\(ECS deployment ecs-svc\/\d+\)/)
      expect(r.outputs['task-definition-arn']).toMatch(/web:2$/)
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(service('web-blue').taskDefinition).toMatch(/web:2$/)
      expect(service('web-green').desiredCount).toBe(0)
    })
  }, 90_000)

  it('a split left by on-cancel: leave: stop with rollback: false holds it, rollback puts it back', async () => {
    await fresh()
    await leftSplit()
    const held = await controlRun('stop', 'stopped', { rollback: 'false' })
    expectRun(held, (r) => {
      expect(r.stdout).toContain('Listener web-alb:80 splits traffic web-green 10% | web-blue 90%: held there without rollback (rollback: false).')
      // the same shares, other raw weights
      expect(weights()).toEqual({ 'web-blue-tg': 9, 'web-green-tg': 1 })
      expect(e.emu.calls().filter((c) => c.operation === 'UpdateService')).toEqual([])
    })
    const r = await controlRun('rollback', 'rolled-back')
    expectRun(r, (r) => {
      expect(r.stdout).toMatch(
        /Listener web-alb:80 splits traffic web-green 10% \| web-blue 90%: web-green was released last \(ECS deployment ecs-svc\/\d+\)\. Putting all the traffic back on web-blue \(mode: rollback\)/
      )
      expect(trafficSteps(r)).toEqual([['web-green', 0, true]])
      // the new side at 0 on what serves: the stopped release is no rollback's 'previous'
      expect(r.stdout).toMatch(/web-green {2}scaled to 0 \(back to web:1\)/)
      expect(service('web-green').taskDefinition).toMatch(/web:1$/)
      expect(r.outputs['task-definition-arn']).toMatch(/web:1$/)
      expect(r.outputs['previous-task-definition-arn']).toMatch(/web:2$/)
      expectPutBack()
    })
  }, 90_000)

  it('stop from a second run mid-shift: weights back on the old side; the release job ends stopped, touching nothing', async () => {
    await fresh()
    const { r, stopped } = await stopDuring(/traffic {2}web-green +10%/, { 'step-bake-minutes': '0.2' })
    expect(stopped.stdout).toContain('Putting all the traffic back on web-blue (mode: stop)')
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.stdout).toContain(
        'Stopped at 10%: the weights of listener web-alb:80 were changed outside this release (now web-green 0% | web-blue 100%); this job leaves them and both services as they are'
      )
      expect(annotations(r.lines, 'error')[0]!.message).toContain('The weights of listener web-alb:80 were changed outside this release at 10%')
      expect(trafficSteps(r)).toEqual([['web-green', 10, false]])
      expect(r.state.settled).toBe('true')
    })
    // one write by the release (10%), one by the stop
    expect(modifies()).toHaveLength(2)
    expectPutBack()
  }, 90_000)

  it('stop while the new side comes up: scaled to 0; the release job, its weights untouched, puts its side back', async () => {
    await fresh()
    // slower virtual time: the new targets take seconds to pass their health checks
    e.emu.setTimeScale(10)
    const { r, stopped } = await stopDuring(/web-green {2}UpdateService web:2/)
    expect(stopped.stdout).toContain('web-green runs web:2 with no traffic (ECS deployment ')
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(annotations(r.lines, 'error')[0]!.message).toContain(
        'The new service web-green was scaled to 0 outside this release before any traffic moved; the weights were put back on web-blue'
      )
      expect(trafficSteps(r)).toEqual([['web-green', 0, true]])
    })
    expectPutBack()
    expect(service('web-green').taskDefinition).toMatch(/web:1$/)
  }, 90_000)

  it('stop with nothing in flight says so and changes nothing', async () => {
    await fresh()
    const r = await controlRun('stop', 'stopped')
    expectRun(r, (r) => {
      expect(r.stdout).toContain('Listener web-alb:80 sends all the traffic to web-blue: no release is shifting it, nothing to stop.')
      expect(mutating()).toEqual([])
    })
  }, 60_000)

  it('wait-for ready stops with the new side up and no traffic; continue refuses a wrong id, then shifts to succeeded', async () => {
    await fresh()
    const ready = await e.run(inputs({ 'wait-for': 'ready' }), { post: true })
    keep()
    const id = ready.outputs['deployment-id']!
    expectRun(ready, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('ready')
      expect(id).toMatch(/^ecs-svc\/\d{19}$/)
      expect(r.stdout).toContain(`Ready after`)
      expect(r.stdout).toContain(`web-green runs web:2 with 2/2 healthy targets and no traffic. Shift it with 'mode: continue' and 'deployment-id: ${id}'.`)
      expect(trafficSteps(r)).toEqual([])
      expect(modifies()).toEqual([])
      expect(r.state.settled).toBe('true')
      // the post step left it up
      expect(weights()).toEqual({ 'web-blue-tg': 100, 'web-green-tg': 0 })
      expect(service('web-green').desiredCount).toBe(2)
    })

    e.emu.clearCalls()
    const wrong = await e.run(control('continue', { 'deployment-id': 'ecs-svc/0000000000000000000' }))
    expect(wrong.code).toBe(1)
    expect(annotations(wrong.lines, 'error')[0]!.message).toMatch(
      /^Input 'deployment-id': 'ecs-svc\/0000000000000000000' is not the ECS deployment 'web-green' \(the idle service\) runs now/
    )
    expect(mutating()).toEqual([])

    const r = await e.run(control('continue', { 'deployment-id': id }))
    keep()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).toBe(id)
      expect(r.stdout).toContain(`Continuing ECS deployment ${id}: web-green runs web:2 with no traffic (mode: continue)`)
      expect(trafficSteps(r).map((t) => t.slice(0, 2))).toEqual([
        ['web-green', 10],
        ['web-green', 50],
        ['web-green', 100]
      ])
      expect(weights()).toEqual({ 'web-blue-tg': 0, 'web-green-tg': 100 })
      expect(service('web-blue').desiredCount).toBe(0)
    })

    // The release is done: its id is now the live side's, continue refuses it.
    e.emu.clearCalls()
    const again = await e.run(control('continue', { 'deployment-id': id }))
    expect(annotations(again.lines, 'error')[0]!.message).toMatch(
      /^Input 'deployment-id': ECS deployment \S+ is the one 'web-green' serves all the traffic with: its release already finished/
    )
    expect(mutating()).toEqual([])
  }, 90_000)

  it('a release waiting after wait-for ready: stop with rollback: false leaves it up, rollback scales it to 0', async () => {
    await fresh()
    const ready = await e.run(inputs({ 'wait-for': 'ready' }))
    expectRun(ready, (r) => expect(r.outputs.outcome).toBe('ready'))
    const left = await controlRun('stop', 'stopped', { rollback: 'false' })
    expectRun(left, (r) => {
      expect(r.stdout).toContain(
        "web-green runs web:2 with no traffic (a release not shifted yet, or waiting after 'wait-for: ready'): left as it is (rollback: false)."
      )
      expect(mutating()).toEqual([])
    })
    const r = await controlRun('rollback', 'rolled-back')
    expectRun(r, (r) => {
      expect(r.stdout).toMatch(
        /web-green runs web:2 with no traffic \(ECS deployment ecs-svc\/\d+: a release not shifted yet, or waiting after 'wait-for: ready'\)\. Scaling it to 0; web-blue keeps all the traffic \(mode: rollback\)/
      )
      expect(trafficSteps(r)).toEqual([])
      expect(modifies()).toEqual([])
      expectPutBack()
      expect(service('web-green').taskDefinition).toMatch(/web:1$/)
    })
  }, 60_000)
})

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
        /tasks of the new task definition stopped before they became healthy; the weights were put back on web-blue/
      )
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
    const r = await e.run(inputs({ 'listener-arn': '', 'listener-rule-arn': seed.ruleArn!, 'traffic-steps': '50,100', 'step-bake-minutes': '0' }))
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
        ListenerArn: seed.listenerArn,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: seed.blueTargetGroupArn, Weight: 50 },
                { TargetGroupArn: seed.greenTargetGroupArn, Weight: 50 }
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
    const policy = JSON.parse(readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as {
      Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[]
    }
    const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x])
    const match = (pattern: string, arn: string): boolean =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`
      ).test(arn)
    const allowed = (action: string, resource: string): boolean =>
      policy.Statement.some((s) => s.Effect === 'Allow' && list(s.Action).includes(action) && list(s.Resource).some((r) => match(r, resource)))
    const acct = 'us-east-1:123456789012'
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
    const denied: string[] = []
    for (const c of allCalls) {
      if (
        c.service !== 'elasticloadbalancing' &&
        c.service !== 'cloudwatch' &&
        !(c.service === 'ecs' && /^(UpdateService|DescribeServices)$/.test(c.operation))
      )
        continue
      const action = `${c.service}:${c.operation}`
      ops.add(action)
      for (const r of resourceOf(c)) if (!allowed(action, r)) denied.push(`${action} on ${r}`)
    }
    expect([...ops].sort()).toEqual([
      'cloudwatch:DescribeAlarms',
      'ecs:DescribeServices',
      'ecs:UpdateService',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:ModifyRule'
    ])
    expect([...new Set(denied)]).toEqual([])
  })
})
