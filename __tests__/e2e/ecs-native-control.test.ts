/**
 * End to end, release control on the ECS-native way (deployment controller ECS, strategy
 * BLUE_GREEN / LINEAR / CANARY): dist/index.js as a runner runs it, against the emulator. mode
 * rollback (to the previous service revision, to a revision number, of a release in flight), wait-for
 * ready at a PAUSE lifecycle hook then mode continue, if-busy, wait-for-minutes reached, and the
 * post step after the main step was killed.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { RegisterTaskDefinitionCommand, type DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { CallRecord } from '../../emulator/index.js'
import { HOLD_TIME_SCALE, onFirstLine } from '../fixtures/emulator.js'
import { annotations, expectRun, freshEcsService, signalOn, useE2E, type E2E, type RunResult } from './helpers.js'
import { deniedEcsServiceCalls, ecsServiceResources } from './iam-policy.js'

let e: E2E
const TIME_SCALE = 100

useE2E(TIME_SCALE, (x) => (e = x))
/** Every call of every case, for the least-privilege check at the end. */
const allCalls: CallRecord[] = []
afterEach(() => {
  allCalls.push(...e.calls())
})

const CANARY: DeploymentConfiguration = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
  bakeTimeInMinutes: 1,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}
const PAUSED: DeploymentConfiguration = { ...CANARY, lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }] }
const MUTATING = ['RegisterTaskDefinition', 'UpdateService', 'StopServiceDeployment', 'ContinueServiceDeployment']

const fresh = (config: DeploymentConfiguration = CANARY): Promise<void> => freshEcsService(e, config)

const SD_ARN = /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/\d+$/
const rollback = (o: Record<string, string> = {}, opts: Parameters<E2E['run']>[1] = {}): Promise<RunResult> =>
  e.run({ mode: 'rollback', image: '', ...o }, opts)

/**
 * A release started with wait-for none and held in flight: the clock all but stopped, 10 virtual
 * seconds in (scaling up), so the next run finds it in flight however slow this machine is.
 * Returns its service deployment ARN.
 */
async function heldInFlight(): Promise<string> {
  e.emu.setTimeScale(HOLD_TIME_SCALE)
  const started = await e.run({ 'wait-for': 'none' })
  expectRun(started, (r) => expect(r.outputs.outcome).toBe('started'))
  e.emu.advance(10_000)
  return started.outputs['deployment-id']!
}

/** A run's line handler that lets the clock run again at TIME_SCALE once the run prints `pattern`. */
const speedUpOn = (pattern: RegExp): ((line: string) => void) => onFirstLine(pattern, () => e.emu.setTimeScale(TIME_SCALE))

describe('ECS-native mode rollback', () => {
  it('redeploys the task definition of the previous successful service deployment, skipping a revision never deployed', async () => {
    await fresh()
    expectRun(await e.run(), (r) => expect(r.outputs.outcome).toBe('succeeded'))
    // web:3 is registered but never deployed; web:4 is released.
    const web3 = await e.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx:1', memory: 256 }] }))
    expect(web3.taskDefinition?.revision).toBe(3)
    // The same image again: 'force' releases it (unchanged otherwise).
    expectRun(await e.run({ force: 'true' }), (r) => expect(r.outputs['task-definition-arn']).toMatch(/web:4$/))
    e.emu.clearCalls()
    const r = await rollback()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['task-definition-arn']).toMatch(/web:2$/)
      expect(r.outputs['previous-task-definition-arn']).toMatch(/web:4$/)
      expect(r.outputs['deployment-id']).toMatch(SD_ARN)
      expect(r.stdout).toMatch(/^Previous release: web:2 \(what service deployment arn:aws:ecs:\S+ released web:4 over\)$/m)
      expect(r.stdout).toContain('ecs-bluegreen-action  prod/web  rollback  ECS-native canary 10% for 1m00s')
      expect(r.stdout).toContain('Task definition web:4 -> web:2 (rollback-to: previous)')
      expect(r.stdout).toMatch(/traffic {2}production web:2 100% \| web:4 {3}0%/)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Succeeded after /m)
    })
    expect(e.service().taskDefinition).toMatch(/web:2$/)
    // Nothing registered: the earlier task definition is released as it is.
    expect(e.calls('RegisterTaskDefinition')).toHaveLength(0)
    expect(e.calls('UpdateService')).toHaveLength(1)
  }, 90_000)

  it('right after the first release, previous is the revision the service was created with; with no release in the history, it is refused before any change', async () => {
    // The creation is the service's first service deployment (SUCCESSFUL, web:1, no source), as in AWS.
    await fresh()
    const none = await rollback()
    expectRun(none, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toBe(
        "Input 'rollback-to': service 'web' has no successful service deployment of anything but web:1 in its history. Give 'rollback-to' a revision number, an ARN or a Version tag."
      )
    })
    expect(e.calls(...MUTATING)).toHaveLength(0)
    expectRun(await e.run(), (r) => expect(r.outputs.outcome).toBe('succeeded'))
    const r = await rollback()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toMatch(/^Previous release: web:1 \(what service deployment arn:aws:ecs:\S+ released web:2 over\)$/m)
      expect(r.stdout).toContain('Task definition web:2 -> web:1 (rollback-to: previous)')
    })
    expect(e.service().taskDefinition).toMatch(/web:1$/)
    const back = await rollback({ 'rollback-to': '2' })
    expectRun(back, (r) => {
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('Task definition web:1 -> web:2 (rollback-to: 2)')
    })
    expect(e.service().taskDefinition).toMatch(/web:2$/)
  }, 90_000)

  it('a release in flight is stopped with rollback: outcome rolled-back, the step passes', async () => {
    await fresh()
    const id = await heldInFlight()
    const r = await rollback({}, { onLine: speedUpOn(/is in flight: stopping it with rollback/) })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.outputs['deployment-id']).toBe(id)
      expect(r.outputs['task-definition-arn']).toMatch(/web:1$/)
      expect(r.stdout).toContain(`Service deployment ${id} is in flight: stopping it with rollback (mode: rollback)`)
      expect(r.stdout).toMatch(/status {3}ROLLBACK_SUCCESSFUL/)
      expect(r.stdout).toMatch(/Rolled back after \S+: web:1 has all the traffic/)
    })
    expect(e.calls('StopServiceDeployment')[0]!.params).toMatchObject({ stopType: 'ROLLBACK' })
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 90_000)
})

describe('ECS-native wait-for ready and mode continue', () => {
  it('stops at the PAUSE hook (outcome ready), then mode continue passes it and follows the release to the end', async () => {
    await fresh(PAUSED)
    const ready = await e.run({ 'wait-for': 'ready' }, { post: true })
    const id = ready.outputs['deployment-id']!
    expectRun(ready, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('ready')
      expect(id).toMatch(SD_ARN)
      expect(r.stdout).toMatch(/hook {5}PAUSE AWAITING_ACTION \(POST_TEST_TRAFFIC_SHIFT\)/)
      expect(r.stdout).toMatch(
        new RegExp(
          `Paused in POST_TEST_TRAFFIC_SHIFT: lifecycle hook \\w+ awaits action \\(wait-for: ready\\)\\. Go on with mode: continue and deployment-id ${id}`
        )
      )
      // The post step leaves a release that stopped where it was asked to.
      expect(r.postStdout ?? '').not.toMatch(/stopped it with rollback/)
    })
    expect(e.calls('StopServiceDeployment')).toHaveLength(0)
    const r = await e.run({ mode: 'continue', image: '', 'deployment-id': id })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).toBe(id)
      expect(r.outputs['task-definition-arn']).toMatch(/web:2$/)
      expect(r.stdout).toMatch(new RegExp(`ContinueServiceDeployment ${id} \\(lifecycle hook \\w+ in POST_TEST_TRAFFIC_SHIFT: going on\\)`))
      // The hook's stage ends once it is passed.
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}POST_TEST_TRAFFIC_SHIFT +ended/m)
      expect(r.stdout).toMatch(/traffic {2}production web:2 100% \| web:1 {3}0%/)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Succeeded after /m)
    })
    expect(e.calls('ContinueServiceDeployment')).toHaveLength(1)
    expect(e.calls('ContinueServiceDeployment')[0]!.params).toMatchObject({ serviceDeploymentArn: id, action: 'CONTINUE' })
    expect(e.service().taskDefinition).toMatch(/web:2$/)
  }, 90_000)

  it('refuses wait-for ready on a service without a PAUSE hook, and continue of a release that is not paused, before any change', async () => {
    await fresh()
    const r = await e.run({ 'wait-for': 'ready' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(
        /^Input 'wait-for': 'ready' stops an ECS-native release at a PAUSE lifecycle hook, and service 'web' has none\./
      )
    })
    expect(e.calls(...MUTATING)).toHaveLength(0)
    const done = await e.run()
    expectRun(done, (r) => expect(r.outputs.outcome).toBe('succeeded'))
    e.emu.clearCalls()
    const c = await e.run({ mode: 'continue', image: '', 'deployment-id': done.outputs['deployment-id']! })
    expectRun(c, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(
        /^Input 'deployment-id': service deployment \S+ is SUCCESSFUL and no lifecycle hook awaits action; there is nothing to continue\./
      )
    })
    const other = await e.run({ mode: 'continue', image: '', 'deployment-id': 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/123' })
    expectRun(other, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(/^Input 'deployment-id': service deployment \S+ does not exist in this account and region\./)
    })
    expect(e.calls(...MUTATING)).toHaveLength(0)
  }, 90_000)
})

describe('ECS-native if-busy, timeout and the post step', () => {
  it('if-busy fail refuses naming the release in flight; wait streams it to its end, then releases', async () => {
    await fresh()
    const id = await heldInFlight()
    e.emu.clearCalls()
    const refused = await e.run({ 'if-busy': 'fail' })
    expectRun(refused, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toContain(`Service 'web' is busy with service deployment ${id}`)
    })
    expect(e.calls(...MUTATING)).toHaveLength(0)
    const r = await e.run({ 'if-busy': 'wait' }, { onLine: speedUpOn(/\(if-busy: wait\)/) })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain(`Service deployment ${id} is in flight: waiting for it to end (if-busy: wait)`)
      expect(r.stdout).toContain(`Service deployment ${id} ended SUCCESSFUL; going on with this release.`)
      expect(r.outputs['task-definition-arn']).toMatch(/web:3$/)
      expect(r.outputs['deployment-id']).not.toBe(id)
    })
    expect(e.service().taskDefinition).toMatch(/web:3$/)
  }, 90_000)

  it('if-busy stop-previous rolls the release in flight back, then releases', async () => {
    await fresh()
    const id = await heldInFlight()
    const r = await e.run({ 'if-busy': 'stop-previous' }, { onLine: speedUpOn(/is in flight: stopping it with rollback/) })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain(`Service deployment ${id} is in flight: stopping it with rollback (if-busy: stop-previous)`)
      expect(r.stdout).toContain(`Service deployment ${id} ended ROLLBACK_SUCCESSFUL; going on with this release.`)
    })
    expect(e.calls('StopServiceDeployment')).toHaveLength(1)
    expect(e.service().taskDefinition).toMatch(/web:3$/)
  }, 90_000)

  it('wait-for-minutes reached: stopped with rollback (on-timeout: rollback), outcome timed-out', async () => {
    await fresh({ ...CANARY, canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 30 } })
    e.emu.setTimeScale(10)
    const r = await e.run({ 'wait-for-minutes': '0.05' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('timed-out')
      expect(r.stdout).toMatch(/Timed out after 0\.05 min: stopped service deployment arn:\S+ with rollback \(on-timeout: rollback\)/)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(
        /Not finished after 0\.05 min \('wait-for-minutes'\); service deployment \S+ was stopped with rollback/
      )
    })
    expect(e.calls('StopServiceDeployment')).toHaveLength(1)
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 90_000)

  it('post step: the main step SIGKILLed mid-release, the post step stops the service deployment with rollback', async () => {
    await fresh()
    e.emu.setTimeScale(10)
    const sig = signalOn(/SCALE_UP +started/, 'SIGKILL')
    const r = await e.run({}, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(r.signal).toBe('SIGKILL')
      expect(annotations((r.postStdout ?? '').split('\n'), 'warning')[0]?.message).toMatch(
        /^The main step ended before service deployment arn:\S+ did: stopped it with rollback \(on-cancel: rollback\)\.$/
      )
    })
    expect(e.calls('StopServiceDeployment')).toHaveLength(1)
    expect(e.calls('StopServiceDeployment')[0]!.params).toMatchObject({ stopType: 'ROLLBACK' })
  }, 90_000)
})

describe('least privilege', () => {
  it('docs/iam-policy.json allows the service and service deployment calls of the cases above on the resources they touch', () => {
    expect(deniedEcsServiceCalls(allCalls)).toEqual([])
    const ours = allCalls.filter((c) => ecsServiceResources(c).length)
    for (const op of [
      'UpdateService',
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServiceRevisions',
      'StopServiceDeployment',
      'ContinueServiceDeployment'
    ]) {
      expect(`${op} ${ours.some((c) => c.operation === op)}`).toBe(`${op} true`)
    }
  })
})
