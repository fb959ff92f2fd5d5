/**
 * End to end, release control of strategy alb-weighted: dist/index.js as a runner runs it, against
 * the emulator's seed 004 world (web-blue and web-green behind one ALB listener, weights 100/0,
 * alarms). Rollback to the previous release and to a revision number, stop (of a split left by
 * on-cancel: leave, from a second run mid-shift and while the new side comes up, with nothing in
 * flight), wait-for ready then continue, a release waiting after wait-for ready stopped and rolled
 * back; the calls against docs/iam-policy.json.
 */
import { describe, expect, it } from '@jest/globals'
import { ALB_WEIGHTED_OPERATIONS, albWeighted } from './alb-weighted.js'
import { annotations, expectRun, useE2E, type E2E } from './helpers.js'

let e: E2E
const TIME_SCALE = 100

useE2E(TIME_SCALE, (x) => (e = x))
const w = albWeighted(() => e)
const { fresh, inputs, weights, service, trafficSteps, modifies, keep, control, mutating, controlRun, stopDuring, expectPutBack, leftSplit, policyFindings } = w

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

  it('docs/iam-policy.json allows every ELBv2, CloudWatch and ECS call these runs made', () => {
    const { operations, denied } = policyFindings()
    // Only operations of an alb-weighted release (the release file checks they are all made).
    expect(operations.filter((o) => !ALB_WEIGHTED_OPERATIONS.includes(o))).toEqual([])
    expect(denied).toEqual([])
  })
})
