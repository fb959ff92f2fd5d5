/**
 * End to end: release control. The bundled action (dist/index.js on node 24, run as a runner runs
 * it) against the emulator: mode rollback (every rollback-to form, and with a deployment in flight),
 * mode stop, cancellation by a real signal to the running process, the post step after a SIGKILL,
 * on-timeout, the approval gate (wait-for ready + mode continue), wait-for traffic-shifted + continue
 * through the blue termination wait, and if-busy. Each case starts from a freshly seeded world.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy'
import type { CallRecord } from '../../emulator/index.js'
import { registerWebRevision } from '../fixtures/emulator.js'
import { annotations, expectRun, finalStatus, REGISTRY, signalOn, startE2E, type E2E } from './helpers.js'

jest.setTimeout(60_000)

const TIME_SCALE = 100
const ALL_AT_ONCE = 'CodeDeployDefault.ECSAllAtOnce'
const HOOK = 'AfterAllowTestTraffic'
/** Holds a deployment at its smoke test (green up, test traffic on) until the test gives a verdict. */
const HOLD_AT_SMOKE_TEST = { hooks: { mode: 'manual' as const, events: [HOOK] } }
const CONSOLE = (id: string): string => `https://console.aws.amazon.com/codesuite/codedeploy/deployments/${id}?region=us-east-1`
const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/
/** The log line after which the held smoke test runs. */
const AT_SMOKE_TEST = /^ {2}\d\d:\d\d {2}AllowTestTraffic +Succeeded/

let e: E2E

beforeAll(async () => {
  // Releases that finish are all-at-once with a 1-minute wait before blue goes: about a second each.
  e = await startE2E({ timeScale: TIME_SCALE, seed: { deploymentConfigName: ALL_AT_ONCE, terminationWaitMinutes: 1 } })
})

afterAll(async () => {
  await e?.close()
})

beforeEach(() => e.emu.setTimeScale(TIME_SCALE))

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, f: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = f()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** Registers a revision of family web (as another pipeline would), tagged with its Version. */
function register(version: string): Promise<string> {
  return registerWebRevision(
    e.ecs,
    { image: `${REGISTRY}/web:${version}`, essential: true, portMappings: [{ containerPort: 8080, protocol: 'tcp' }] },
    { executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole', tags: [{ key: 'Version', value: version }] }
  )
}

function appSpec(taskDefinitionArn: string, hooks?: Record<string, string>): { content: string; sha256: string } {
  const content = JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: { TaskDefinition: taskDefinitionArn, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } }
        }
      }
    ],
    ...(hooks ? { Hooks: Object.entries(hooks).map(([k, v]) => ({ [k]: v })) } : {})
  })
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}

/** CreateDeployment through the SDK, as another workflow or the console would. */
async function createDeployment(taskDefinitionArn: string, hooks?: Record<string, string>): Promise<string> {
  const out = await e.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: 'web-app',
      deploymentGroupName: 'web-dg',
      description: 'started outside this workflow',
      revision: { revisionType: 'AppSpecContent', appSpecContent: appSpec(taskDefinitionArn, hooks) }
    })
  )
  return out.deploymentId!
}

/** A whole release through the SDK, with virtual time jumped forward: history for rollback-to. */
async function releaseViaSdk(taskDefinitionArn: string): Promise<string> {
  const id = await createDeployment(taskDefinitionArn)
  for (let i = 0; i < 200 && !['Succeeded', 'Failed', 'Stopped'].includes(e.deployment(id).status!); i++) e.emu.advance(15_000)
  expect(e.deployment(id).status).toBe('Succeeded')
  return id
}

/** A deployment started through the SDK and held at its smoke test: in flight, with green up. */
async function inFlightViaSdk(version = '1.5.0'): Promise<string> {
  e.emu.mergeFaults(HOLD_AT_SMOKE_TEST)
  const id = await createDeployment(await register(version), { [HOOK]: 'smoke-test' })
  await until(`${id} at its smoke test`, () => e.deployment(id).hooks.some((h) => h.status === 'Pending'))
  e.emu.clearCalls()
  return id
}

/** Lets a held smoke test pass. */
async function passSmokeTest(id: string): Promise<void> {
  await until(`${id} at its smoke test`, () => e.deployment(id).hooks.some((h) => h.status === 'Pending'))
  e.emu.hookVerdict({ deploymentId: id, lifecycleEvent: HOOK, status: 'Succeeded' })
}

const calls = (op: string): CallRecord[] => e.calls(op)
const params = (c: CallRecord): Record<string, unknown> => c.params as Record<string, unknown>
const createdTaskDefinitions = (): string[] =>
  calls('CreateDeployment').map(
    (c) =>
      JSON.parse((params(c).revision as { appSpecContent: { content: string } }).appSpecContent.content).Resources[0].TargetService.Properties.TaskDefinition
  )

const ROLLBACK = { mode: 'rollback', image: '' }

describe('mode rollback', () => {
  it('rollback-to previous: the last successful release before the current one, from the history', async () => {
    await e.fresh()
    // Two real releases through the action, and an unrelated revision registered between them.
    const first = await e.run({ image: `${REGISTRY}/web:1.5.0` })
    expectRun(first, (r) => expect(r.outputs.outcome).toBe('succeeded'))
    const unrelated = await register('nightly-7')
    const second = await e.run({ image: `${REGISTRY}/web:1.6.0` })
    expectRun(second, (r) => expect(r.outputs.outcome).toBe('succeeded'))
    const released = first.outputs['task-definition-arn']!
    const current = second.outputs['task-definition-arn']!
    expect([released, unrelated, current].map((a) => a.split(':').pop())).toEqual(['2', '3', '4'])
    e.emu.clearCalls()

    const r = await e.run(ROLLBACK)
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      // web:2, not web:3 (the revision number before web:4 was never released).
      expect(r.outputs['task-definition-arn']).toBe(released)
      expect(r.outputs['previous-task-definition-arn']).toBe(current)
      expect(r.stdout).toContain(`Previous release: web:2 (what deployment ${second.outputs['deployment-id']} released web:4 over)`)
      expect(r.stdout).toContain('Task definition web:4 -> web:2 (rollback-to: previous)')
      expect(finalStatus(r.lines)).toBe('Succeeded')
      expect(createdTaskDefinitions()).toEqual([released])
      expect(calls('RegisterTaskDefinition')).toHaveLength(0)
      expect(e.service().taskDefinition).toBe(released)
    })
  })

  it('rollback-to previous right after the first release: the revision the service was created with, as that release recorded it', async () => {
    await e.fresh()
    const first = await e.run({ image: `${REGISTRY}/web:1.5.0` })
    expectRun(first, (r) => expect(r.outputs['previous-task-definition-arn']).toBe(e.seed.taskDefinitionArn))
    expect(params(calls('CreateDeployment')[0]!).description).toMatch(/ \[release [\w-]+; previous web:1\]$/)
    // The group alone is enough: its application is found and named.
    const r = await e.run({ ...ROLLBACK, 'codedeploy-deployment-group': 'web-dg' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain("Deployment group 'web-dg' is in CodeDeploy application 'web-app' ('codedeploy-application' not given)")
      expect(r.outputs['task-definition-arn']).toBe(e.seed.taskDefinitionArn)
      expect(r.stdout).toContain(`Previous release: web:1 (what deployment ${first.outputs['deployment-id']} released web:2 over)`)
      expect(e.service().taskDefinition).toBe(e.seed.taskDefinitionArn)
    })
  })

  it('rollback-to a revision number of the family', async () => {
    await e.fresh()
    await releaseViaSdk(await register('1.5.0'))
    await releaseViaSdk(await register('1.6.0'))
    e.emu.clearCalls()
    const r = await e.run({ ...ROLLBACK, 'rollback-to': '1' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['task-definition-arn']).toBe(e.seed.taskDefinitionArn)
      expect(r.stdout).toContain('Task definition web:3 -> web:1 (rollback-to: 1)')
      expect(createdTaskDefinitions()).toEqual([e.seed.taskDefinitionArn])
      expect(e.service().taskDefinition).toBe(e.seed.taskDefinitionArn)
    })
  })

  it('rollback-to a full task definition ARN', async () => {
    await e.fresh()
    const v15 = await register('1.5.0')
    await releaseViaSdk(v15)
    await releaseViaSdk(await register('1.6.0'))
    e.emu.clearCalls()
    const r = await e.run({ ...ROLLBACK, 'rollback-to': v15 })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['task-definition-arn']).toBe(v15)
      expect(createdTaskDefinitions()).toEqual([v15])
      expect(e.service().taskDefinition).toBe(v15)
    })
  })

  it('rollback-to a Version tag value', async () => {
    await e.fresh()
    const v15 = await register('1.5.0')
    await releaseViaSdk(v15)
    await register('1.5.1-rc1')
    await releaseViaSdk(await register('1.6.0'))
    e.emu.clearCalls()
    const r = await e.run({ ...ROLLBACK, 'rollback-to': '1.5.0' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['task-definition-arn']).toBe(v15)
      expect(r.stdout).toContain('Task definition web:4 -> web:2 (rollback-to: 1.5.0)')
      expect(createdTaskDefinitions()).toEqual([v15])
      expect(e.service().taskDefinition).toBe(v15)
    })
  })

  it('rollback-to a revision that does not exist: exit 1 naming rollback-to, nothing deployed', async () => {
    await e.fresh()
    await releaseViaSdk(await register('1.5.0'))
    e.emu.clearCalls()
    const r = await e.run({ ...ROLLBACK, 'rollback-to': '9' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      const [err] = annotations(r.lines, 'error')
      expect(err?.message).toMatch(/^Input 'rollback-to': task definition 'web:9' does not exist/)
      expect(err?.title).toContain('rollback-to')
      expect(calls('CreateDeployment')).toHaveLength(0)
      expect(calls('StopDeployment')).toHaveLength(0)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    })
  })

  it('with a deployment in flight: stops it with auto-rollback and reports the rollback deployment', async () => {
    await e.fresh()
    const active = await inFlightViaSdk()
    const r = await e.run(ROLLBACK)
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(calls('StopDeployment').map(params)).toEqual([{ deploymentId: active, autoRollbackEnabled: true }])
      expect(calls('CreateDeployment')).toHaveLength(0)
      const rollbackId = e.deployment(active).rollbackInfo?.rollbackDeploymentId
      expect(rollbackId).toMatch(DEPLOYMENT_ID)
      expect(r.outputs['deployment-id']).toBe(active)
      expect(r.outputs['rollback-deployment-id']).toBe(rollbackId)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toContain(`Deployment ${active} is in flight: stopping it with rollback (mode: rollback)  ${CONSOLE(active)}`)
      expect(r.stdout).toMatch(new RegExp(`rolled back by ${rollbackId}: Succeeded`))
      expect(e.deployment(active).status).toBe('Stopped')
      expect(e.deployment(rollbackId!).status).toBe('Succeeded')
      expect(e.service().taskDefinition).toBe(e.seed.taskDefinitionArn)
    })
  })
})

describe('mode stop', () => {
  it('rollback: true (default) stops the active deployment with rollback and waits for the rollback', async () => {
    await e.fresh()
    const active = await inFlightViaSdk()
    const r = await e.run({ mode: 'stop', image: '' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(calls('StopDeployment').map(params)).toEqual([{ deploymentId: active, autoRollbackEnabled: true }])
      const rollbackId = e.deployment(active).rollbackInfo?.rollbackDeploymentId
      expect(r.outputs['rollback-deployment-id']).toBe(rollbackId)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toContain(`Stopping deployment ${active} with rollback  ${CONSOLE(active)}`)
      // Waited for the rollback to finish.
      expect(e.deployment(rollbackId!).status).toBe('Succeeded')
      expect(e.emu.terminalAt(rollbackId!)!).toBeLessThanOrEqual(r.exitedAt)
      expect(e.service().taskDefinition).toBe(e.seed.taskDefinitionArn)
    })
  })

  it('rollback: false stops it without rollback', async () => {
    await e.fresh()
    const active = await inFlightViaSdk()
    const r = await e.run({ mode: 'stop', image: '', rollback: 'false' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(calls('StopDeployment').map(params)).toEqual([{ deploymentId: active, autoRollbackEnabled: false }])
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.outputs['rollback-deployment-id'] ?? '').toBe('')
      expect(r.stdout).toContain(`Stopping deployment ${active} without rollback (rollback: false)`)
      expect(e.deployment(active).status).toBe('Stopped')
      expect(e.deployment(active).rollbackInfo?.rollbackDeploymentId).toBeUndefined()
      expect(e.deployments()).toHaveLength(1)
    })
  })

  it('with nothing in flight: says so and stops nothing', async () => {
    await e.fresh()
    await releaseViaSdk(await register('1.5.0'))
    e.emu.clearCalls()
    const r = await e.run({ mode: 'stop', image: '' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('No deployment of web-app/web-dg is in flight: nothing to stop.')
      expect(calls('StopDeployment')).toHaveLength(0)
      expect(annotations(r.lines, 'error')).toEqual([])
    })
  })
})

describe('cancellation', () => {
  it('SIGTERM to the running action mid-release: stops the deployment with rollback, says so, outcome stopped', async () => {
    // The canary's 5-minute bake lasts 10 s of real time here: the signal lands during it.
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' })
    e.emu.setTimeScale(30)
    const sig = signalOn(/traffic {2}green +10% \| blue +90%/, 'SIGTERM')
    const r = await e.run({ image: `${REGISTRY}/web:1.5.0` }, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(sig.sentAt()).toBeDefined()
      expect(r.signal).toBeNull()
      expect(r.code).not.toBe(0)
      const id = r.outputs['deployment-id']!
      expect(id).toMatch(DEPLOYMENT_ID)
      expect(calls('StopDeployment').map(params)).toEqual([{ deploymentId: id, autoRollbackEnabled: true }])
      expect(calls('StopDeployment')[0]!.time).toBeGreaterThanOrEqual(sig.sentAt()!)
      expect(r.stdout).toContain('Received SIGTERM: the job is being cancelled.')
      expect(r.stdout).toContain(`Cancelled by the runner: stopped deployment ${id} with rollback (on-cancel: rollback)`)
      expect(r.outputs.outcome).toBe('stopped')
      const rollbackId = e.deployment(id).rollbackInfo?.rollbackDeploymentId
      expect(r.outputs['rollback-deployment-id']).toBe(rollbackId)
      expect(r.stdout).toContain(`Rollback deployment ${rollbackId} started; web:1 takes all traffic back`)
      expect(annotations(r.lines, 'error')[0]?.message).toContain(`The job was cancelled; deployment ${id} was stopped with rollback`)
      // Settled by the main step: the post step has nothing to do.
      expect(r.state.settled).toBe('true')
      expect(r.postStdout ?? '').not.toContain('StopDeployment')
      expect(calls('StopDeployment')).toHaveLength(1)
      expect(e.deployment(id).status).toBe('Stopped')
    })
  })

  it('on-cancel: leave (SIGINT, as the runner sends first) leaves the deployment running', async () => {
    await e.fresh({}, HOLD_AT_SMOKE_TEST)
    const sig = signalOn(AT_SMOKE_TEST, 'SIGINT')
    const r = await e.run({ 'on-cancel': 'leave', hooks: `${HOOK}=smoke-test` }, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(sig.sentAt()).toBeDefined()
      expect(r.signal).toBeNull()
      expect(r.code).not.toBe(0)
      const id = r.outputs['deployment-id']!
      expect(r.stdout).toContain('Received SIGINT: the job is being cancelled.')
      expect(r.stdout).toContain(`Cancelled by the runner: deployment ${id} is left running (on-cancel: leave)  ${CONSOLE(id)}`)
      expect(r.outputs.outcome).toBe('stopped')
      expect(calls('StopDeployment')).toHaveLength(0)
      expect(e.deployment(id).status).toBe('InProgress')
    })
  })

  it('post step: the main step SIGKILLed mid-release, the post step stops the deployment with rollback', async () => {
    await e.fresh({}, HOLD_AT_SMOKE_TEST)
    const sig = signalOn(AT_SMOKE_TEST, 'SIGKILL')
    const r = await e.run({ hooks: `${HOOK}=smoke-test` }, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(r.signal).toBe('SIGKILL')
      const id = r.state['deployment-id']!
      expect(id).toMatch(DEPLOYMENT_ID)
      expect(r.state.settled).toBeUndefined()
      const stops = calls('StopDeployment')
      expect(stops.map(params)).toEqual([{ deploymentId: id, autoRollbackEnabled: true }])
      expect(stops[0]!.time).toBeGreaterThanOrEqual(r.exitedAt)
      expect(annotations((r.postStdout ?? '').split('\n'), 'warning')[0]?.message).toBe(
        `The main step ended before deployment ${id} did: stopped it with rollback (on-cancel: rollback). ${CONSOLE(id)}`
      )
    })
    const id = r.state['deployment-id']!
    await until('the stop to land', () => e.deployment(id).status === 'Stopped')
    expect(e.deployment(id).rollbackInfo?.rollbackDeploymentId).toMatch(DEPLOYMENT_ID)
  })

  it('post step with on-cancel: leave: the main step SIGKILLed, the post step says the deployment is left running', async () => {
    await e.fresh({}, HOLD_AT_SMOKE_TEST)
    const sig = signalOn(AT_SMOKE_TEST, 'SIGKILL')
    const r = await e.run({ hooks: `${HOOK}=smoke-test`, 'on-cancel': 'leave' }, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(r.signal).toBe('SIGKILL')
      const id = r.state['deployment-id']!
      expect(id).toMatch(DEPLOYMENT_ID)
      expect(calls('StopDeployment')).toHaveLength(0)
      expect(annotations((r.postStdout ?? '').split('\n'), 'warning')[0]?.message).toBe(
        `The main step ended before deployment ${id} did; it is left running (on-cancel: leave). ${CONSOLE(id)}`
      )
      expect(e.deployment(id).status).toBe('InProgress')
    })
  })
})

describe('on-timeout', () => {
  it('rollback (default): at wait-for-minutes stops with rollback; outcome timed-out', async () => {
    await e.fresh({}, HOLD_AT_SMOKE_TEST)
    const r = await e.run({ hooks: `${HOOK}=smoke-test`, 'wait-for-minutes': '0.08' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      const id = r.outputs['deployment-id']!
      expect(r.outputs.outcome).toBe('timed-out')
      expect(r.stdout).toContain(`Timed out after 0.08 min: stopped deployment ${id} with rollback (on-timeout: rollback)`)
      expect(calls('StopDeployment').map(params)).toEqual([{ deploymentId: id, autoRollbackEnabled: true }])
      const rollbackId = e.deployment(id).rollbackInfo?.rollbackDeploymentId
      expect(r.outputs['rollback-deployment-id']).toBe(rollbackId)
      expect(e.deployment(rollbackId!).status).toBe('Succeeded')
      expect(annotations(r.lines, 'error')[0]?.message).toContain("Not finished after 0.08 min ('wait-for-minutes'); stopped with rollback")
      // About 5 s of watching, then the stop and the rollback.
      expect(r.elapsedMs).toBeGreaterThanOrEqual(4_800)
      expect(r.elapsedMs).toBeLessThan(30_000)
    })
  })

  it('leave: at wait-for-minutes leaves the deployment running; outcome timed-out', async () => {
    await e.fresh({}, HOLD_AT_SMOKE_TEST)
    const r = await e.run({ hooks: `${HOOK}=smoke-test`, 'wait-for-minutes': '0.05', 'on-timeout': 'leave' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      const id = r.outputs['deployment-id']!
      expect(r.outputs.outcome).toBe('timed-out')
      expect(r.stdout).toContain(`Timed out after 0.05 min: deployment ${id} is left running (on-timeout: leave)  ${CONSOLE(id)}`)
      expect(calls('StopDeployment')).toHaveLength(0)
      expect(e.deployment(id).status).toBe('InProgress')
    })
  })
})

describe('approval gate and early end of the blue wait', () => {
  it('wait-for ready (STOP_DEPLOYMENT group) returns at the gate; mode continue with deployment-id finishes it', async () => {
    await e.fresh({ deploymentReadyWait: true, readyWaitMinutes: 60 })
    const gate = await e.run({ 'wait-for': 'ready' })
    const id = gate.outputs['deployment-id']!
    expectRun(gate, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('ready')
      expect(id).toMatch(DEPLOYMENT_ID)
      // Returned at the gate, long before the 60-minute ready wait (36 s here) runs out.
      expect(r.elapsedMs).toBeLessThan(15_000)
      const d = e.deployment(id)
      expect(d.status).toBe('Ready')
      expect(d.lifecycleEvents.find((x) => x.lifecycleEventName === 'AllowTestTraffic')?.status).toBe('Succeeded')
      expect(d.lifecycleEvents.find((x) => x.lifecycleEventName === 'AllowTraffic')?.status).toBe('Pending')
      expect(d.trafficWeights).toEqual({ blue: 100, green: 0 })
      expect(calls('ContinueDeployment')).toHaveLength(0)
    })

    // A later job, after the approval.
    e.emu.clearCalls()
    const cont = await e.run({ mode: 'continue', image: '', 'deployment-id': id })
    expectRun(cont, (r) => {
      expect(r.code).toBe(0)
      expect(calls('ContinueDeployment').map(params)).toEqual([{ deploymentId: id, deploymentWaitType: 'READY_WAIT' }])
      expect(r.stdout).toContain(`ContinueDeployment ${id} (approval gate passed: shifting production traffic)`)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).toBe(id)
      expect(finalStatus(r.lines)).toBe('Succeeded')
      expect(e.deployment(id).status).toBe('Succeeded')
      expect(calls('CreateDeployment')).toHaveLength(0)
    })
  })

  it('wait-for traffic-shifted returns before the blue wait ends; mode continue (TERMINATION_WAIT) ends the wait early', async () => {
    // A 60-minute wait before blue is removed: 36 s of real time here.
    await e.fresh({ terminationWaitMinutes: 60 })
    const shifted = await e.run({ 'wait-for': 'traffic-shifted' })
    const id = shifted.outputs['deployment-id']!
    expectRun(shifted, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('traffic-shifted')
      expect(r.elapsedMs).toBeLessThan(15_000)
      const d = e.deployment(id)
      expect(d.status).toBe('InProgress')
      expect(d.trafficWeights).toEqual({ blue: 0, green: 100 })
      expect(d.lifecycleEvents.every((x) => x.status === 'Succeeded')).toBe(true)
    })
    const allTrafficAt = e.deployment(id).lifecycleEvents.find((x) => x.lifecycleEventName === 'AfterAllowTraffic')!.endTime!

    e.emu.clearCalls()
    const cont = await e.run({ mode: 'continue', image: '', 'deployment-id': id })
    expectRun(cont, (r) => {
      expect(r.code).toBe(0)
      expect(calls('ContinueDeployment').map(params)).toEqual([{ deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' }])
      expect(r.stdout).toContain(`ContinueDeployment ${id} (ending the wait before blue is removed)`)
      expect(r.outputs.outcome).toBe('succeeded')
      const d = e.deployment(id)
      expect(d.status).toBe('Succeeded')
      // Ended well inside the 60 virtual minutes.
      expect(d.completeTime! - allTrafficAt).toBeLessThan(30 * 60_000)
    })
  })

  it('mode continue with an unknown deployment id, or one that is not waiting: a clear error', async () => {
    await e.fresh()
    const unknown = await e.run({ mode: 'continue', image: '', 'deployment-id': 'd-ZZZZZZZZZ' })
    expectRun(unknown, (r) => {
      expect(r.code).toBe(1)
      const [err] = annotations(r.lines, 'error')
      expect(err?.message).toMatch(/^Input 'deployment-id': deployment 'd-ZZZZZZZZZ' does not exist in this account and region\./)
      expect(err?.title).toContain('deployment-id')
      expect(calls('ContinueDeployment')).toHaveLength(0)
    })
    const active = await inFlightViaSdk()
    const busy = await e.run({ mode: 'continue', image: '', 'deployment-id': active })
    expectRun(busy, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]?.message).toContain(`deployment ${active} is InProgress and not waiting; there is nothing to continue`)
      expect(calls('ContinueDeployment')).toHaveLength(0)
    })
  })
})

describe('if-busy', () => {
  it('wait (default): streams the active deployment to its end, then deploys', async () => {
    await e.fresh({}, HOLD_AT_SMOKE_TEST)
    // A first run that does not wait: its deployment is still at its smoke test when the second starts.
    const first = await e.run({ image: `${REGISTRY}/web:1.5.0`, 'wait-for': 'none', hooks: `${HOOK}=smoke-test` })
    const active = first.outputs['deployment-id']!
    expectRun(first, (r) => expect(r.outputs.outcome).toBe('started'))
    let passed = false
    const r = await e.run(
      { image: `${REGISTRY}/web:1.6.0` },
      {
        onLine: (line) => {
          if (!passed && line.includes('(if-busy: wait)')) {
            passed = true
            void passSmokeTest(active)
          }
        }
      }
    )
    expectRun(r, (r) => {
      expect(passed).toBe(true)
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Deployment ${active} is in flight: waiting for it to end (if-busy: wait)  ${CONSOLE(active)}`)
      expect(r.stdout).toContain(`Deployment ${active} ended Succeeded; going on with this release.`)
      expect(calls('StopDeployment')).toHaveLength(0)
      const creates = calls('CreateDeployment').filter((c) => c.status === 200)
      expect(creates).toHaveLength(2)
      // Deployed only once the first had ended.
      expect(creates[1]!.time).toBeGreaterThanOrEqual(e.emu.terminalAt(active)!)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).not.toBe(active)
      expect(e.service().taskDefinition).toBe(r.outputs['task-definition-arn'])
    })
  })

  it('stop-previous: stops the active deployment with rollback, then deploys', async () => {
    await e.fresh()
    const active = await inFlightViaSdk()
    const r = await e.run({ 'if-busy': 'stop-previous' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Deployment ${active} is in flight: stopping it with rollback (if-busy: stop-previous)  ${CONSOLE(active)}`)
      const stops = calls('StopDeployment')
      expect(stops.map(params)).toEqual([{ deploymentId: active, autoRollbackEnabled: true }])
      const creates = calls('CreateDeployment').filter((c) => c.status === 200)
      expect(creates).toHaveLength(1)
      expect(creates[0]!.time).toBeGreaterThan(stops[0]!.time)
      expect(e.deployment(active).status).toBe('Stopped')
      expect(e.deployment(e.deployment(active).rollbackInfo!.rollbackDeploymentId!).status).toBe('Succeeded')
      expect(r.outputs.outcome).toBe('succeeded')
      expect(e.service().taskDefinition).toBe(r.outputs['task-definition-arn'])
    })
  })

  it("fail: fails with the active deployment's id and link, changes nothing", async () => {
    await e.fresh()
    const active = await inFlightViaSdk()
    const r = await e.run({ 'if-busy': 'fail' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      const [err] = annotations(r.lines, 'error')
      expect(err?.message).toContain(`is busy with deployment ${active} (${CONSOLE(active)})`)
      expect(err?.title).toContain('if-busy')
      expect(calls('StopDeployment')).toHaveLength(0)
      expect(calls('CreateDeployment')).toHaveLength(0)
      expect(calls('RegisterTaskDefinition')).toHaveLength(0)
      expect(e.deployment(active).status).toBe('InProgress')
    })
  })
})
