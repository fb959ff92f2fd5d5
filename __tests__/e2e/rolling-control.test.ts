/**
 * End to end, the rolling way's modes and options besides a plain deploy: rollback (to the
 * previous release from the service deployment history, to a revision number, of an update in
 * flight), stop (from a second run mid-rollout, with nothing in flight, refusals), if-busy (fail,
 * wait, stop-previous), wait-for-minutes with on-timeout rollback, and the post step after SIGKILL.
 * An update is held in flight by slowing the emulator's clock, and sped up again on a log line.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type RegisterTaskDefinitionRequest
} from '@aws-sdk/client-ecs'
import type { CallRecord } from '../../emulator/index.js'
import { annotations, expectRun, freshEcsService, REGISTRY, signalOn, useE2E, type E2E, type RunResult } from './helpers.js'
import { deniedEcsServiceCalls, ecsServiceResources } from './iam-policy.js'

let e: E2E
const TIME_SCALE = 100
/** Slow enough that a rolling update (about 45 virtual seconds) is still in flight when the next run looks. */
const HOLD = 1

useE2E(TIME_SCALE, (x) => (e = x))
/** Every call of every case, for the least-privilege check at the end. */
const allCalls: CallRecord[] = []
afterEach(() => {
  allCalls.push(...e.calls())
})

const ROLLING: DeploymentConfiguration = {
  strategy: 'ROLLING',
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}
const STOP = { mode: 'stop', image: '' }
const ROLLBACK = { mode: 'rollback', image: '' }

const fresh = (): Promise<void> => freshEcsService(e, ROLLING)

/** Calls `f` once, on the first line that matches. */
const onFirst = (pattern: RegExp, f: () => void): ((line: string) => void) => {
  let done = false
  return (line) => {
    if (!done && pattern.test(line)) {
      done = true
      f()
    }
  }
}
const speedUpOn = (pattern: RegExp): ((line: string) => void) => onFirst(pattern, () => e.emu.setTimeScale(TIME_SCALE))

/** Registers a copy of web:1 with another image; returns its ARN. Never deployed unless `deploy`. */
async function register(tag: string): Promise<string> {
  const td = (await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))).taskDefinition!
  const input = {
    ...td,
    containerDefinitions: td.containerDefinitions!.map((c) => ({ ...c, image: `${REGISTRY}/web:${tag}` }))
  } as RegisterTaskDefinitionRequest
  return (await e.ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition!.taskDefinitionArn!
}

/** A rolling update started outside the action, held in flight by the slow clock; returns its deployment id and task definition. */
async function inFlightViaSdk(): Promise<{ id: string; arn: string }> {
  e.emu.setTimeScale(HOLD)
  const arn = await register('1.4.9')
  const out = await e.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: arn }))
  e.emu.clearCalls()
  return { id: out.service!.deployments!.find((d) => d.status === 'PRIMARY')!.id!, arn }
}

const calls = (op: string): { params: Record<string, unknown>; time: number }[] => e.calls(op) as never
const rev = (arn: string | undefined): string | undefined => arn?.split('/').pop()

describe('mode rollback', () => {
  it('rollback-to previous: the last successful release from the service deployment history, skipping a revision never deployed', async () => {
    await fresh()
    const first = await e.run({ image: `${REGISTRY}/web:1.5.0` })
    expectRun(first, (r) => expect(r.outputs.outcome).toBe('succeeded'))
    const unrelated = await register('nightly-7')
    const second = await e.run({ image: `${REGISTRY}/web:1.6.0` })
    expectRun(second, (r) => expect(r.outputs.outcome).toBe('succeeded'))
    expect([first.outputs['task-definition-arn'], unrelated, second.outputs['task-definition-arn']].map(rev)).toEqual(['web:2', 'web:3', 'web:4'])
    e.emu.clearCalls()

    const r = await e.run(ROLLBACK)
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['task-definition-arn']).toBe(first.outputs['task-definition-arn'])
      expect(r.outputs['previous-task-definition-arn']).toBe(second.outputs['task-definition-arn'])
      expect(r.stdout).toMatch(
        /^Previous release: web:2 \(what service deployment arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/\d+ released web:4 over\)$/m
      )
      expect(r.stdout).toContain('Task definition web:4 -> web:2 (rollback-to: previous)')
      expect(r.stdout).toMatch(/^UpdateService web:2: ECS deployment ecs-svc\/\d+ /m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Succeeded after /m)
      expect(calls('RegisterTaskDefinition')).toHaveLength(0)
    })
    expect(rev(e.service().taskDefinition)).toBe('web:2')
  }, 60_000)

  it('rollback-to a revision number of the family', async () => {
    await fresh()
    expectRun(await e.run(), (r) => expect(r.outputs.outcome).toBe('succeeded'))
    const r = await e.run({ ...ROLLBACK, 'rollback-to': '1' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(rev(r.outputs['task-definition-arn'])).toBe('web:1')
      expect(r.stdout).toContain('Task definition web:2 -> web:1 (rollback-to: 1)')
    })
    expect(rev(e.service().taskDefinition)).toBe('web:1')
  }, 60_000)

  it('with a rolling update in flight: stops it with rollback and follows the rollback to its end', async () => {
    await fresh()
    const flight = await inFlightViaSdk()
    const r = await e.run(ROLLBACK, { onLine: speedUpOn(/^Rollback: /) })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.outputs['deployment-id']).toBe(flight.id)
      expect(rev(r.outputs['task-definition-arn'])).toBe('web:1')
      expect(r.stdout).toContain(
        `ECS deployment ${flight.id} is in flight: rolling it back (mode: rollback)  https://console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=us-east-1`
      )
      expect(r.stdout).toMatch(/^Rollback: stopped service deployment arn:\S+ with rollback to web:1$/m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Rolled back after \S+: web:1 runs again$/m)
      expect(calls('StopServiceDeployment').map((c) => c.params.stopType)).toEqual(['ROLLBACK'])
      expect(calls('UpdateService')).toHaveLength(0)
    })
    expect(rev(e.service().taskDefinition)).toBe('web:1')
  }, 60_000)
})

describe('mode stop', () => {
  it('from a second run mid-rollout: the second rolls it back (outcome stopped); the first reports rolled-back', async () => {
    await fresh()
    e.emu.setTimeScale(HOLD)
    let second: Promise<RunResult> | undefined
    const first = await e.run(
      {},
      {
        onLine: onFirst(/^UpdateService web:2: ECS deployment /, () => {
          second = e.run(STOP, { onLine: speedUpOn(/^Rollback: /) })
        })
      }
    )
    const stop = await second!
    expectRun(stop, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.outputs['deployment-id']).toBe(first.outputs['deployment-id'])
      expect(r.stdout).toContain(`ECS deployment ${first.outputs['deployment-id']} is in flight: rolling it back (mode: stop)`)
      expect(r.stdout).toMatch(/Rolled back after \S+: web:1 runs again/)
    })
    expectRun(first, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/deployment stopped: Service deployment rolled back because of a StopServiceDeployment request/)
      expect(r.stdout).toContain(`Rolled back after`)
      expect(r.stdout).toContain(`: ECS deployment ${r.outputs['deployment-id']} was stopped and web:1 put back`)
      expect(annotations(r.lines, 'error')[0]!.title).toMatch(/^prod\/web release rolled-back \(ECS deployment ecs-svc\/\d+ was stopped with rollback to web/)
    })
    expect(rev(e.service().taskDefinition)).toBe('web:1')
  }, 60_000)

  it('with nothing in flight: says so, outcome stopped, exit 0, changes nothing', async () => {
    await fresh()
    const r = await e.run(STOP)
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.stdout).toContain('No rolling update of prod/web is in flight: nothing to stop.')
      expect(calls('StopServiceDeployment')).toHaveLength(0)
      expect(calls('UpdateService')).toHaveLength(0)
    })
  }, 60_000)

  it("refuses rollback: false, and a 'deployment-id' that is unknown or ended, before any change", async () => {
    await fresh()
    const flight = await inFlightViaSdk()
    const noRollback = await e.run({ ...STOP, rollback: 'false' })
    const unknown = await e.run({ ...STOP, 'deployment-id': 'ecs-svc/123' })
    const ended = await e.run({ ...STOP, 'deployment-id': e.service().deployments!.find((d) => d.status === 'ACTIVE')!.id! })
    const created = (await e.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', status: ['SUCCESSFUL'] }))).serviceDeployments![0]!
      .serviceDeploymentArn!
    const endedArn = await e.run({ ...STOP, 'deployment-id': created })
    for (const r of [noRollback, unknown, ended, endedArn]) expectRun(r, (r) => expect(r.code).toBe(1))
    expect(annotations(endedArn.lines, 'error')[0]!.message).toBe(
      `Input 'deployment-id': service deployment ${created} already ended (SUCCESSFUL); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`
    )
    expect(annotations(noRollback.lines, 'error')[0]!.message).toMatch(/^Input 'rollback': false cannot stop a rolling update: ECS cannot freeze one halfway/)
    expect(annotations(unknown.lines, 'error')[0]!.message).toMatch(/^Input 'deployment-id': 'ecs-svc\/123' is not a deployment of service 'web'/)
    expect(annotations(ended.lines, 'error')[0]!.message).toMatch(
      /^Input 'deployment-id': ECS deployment ecs-svc\/\d+ already ended \(ACTIVE COMPLETED\); there is nothing to stop/
    )
    expect(calls('StopServiceDeployment')).toHaveLength(0)
    expect(calls('UpdateService')).toHaveLength(0)
    expect(e.service().deployments!.find((d) => d.status === 'PRIMARY')!.id).toBe(flight.id)
  }, 60_000)
})

describe('if-busy (mode deploy)', () => {
  it('fail: refuses naming the update in flight, changes nothing', async () => {
    await fresh()
    const flight = await inFlightViaSdk()
    const r = await e.run({ 'if-busy': 'fail' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      const [err] = annotations(r.lines, 'error')
      expect(err!.message).toContain(
        `Service 'web' is busy with ECS deployment ${flight.id} (https://console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=us-east-1)`
      )
      expect(err!.title).toContain('if-busy')
      expect(calls('RegisterTaskDefinition')).toHaveLength(0)
      expect(calls('UpdateService')).toHaveLength(0)
    })
  }, 60_000)

  it('wait (default): streams the update in flight to its end, then releases on top of it', async () => {
    await fresh()
    const flight = await inFlightViaSdk()
    const r = await e.run({}, { onLine: speedUpOn(/\(if-busy: wait\)/) })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain(`ECS deployment ${flight.id} is in flight: waiting for it to end (if-busy: wait)`)
      expect(r.stdout).toContain(`ECS deployment ${flight.id} ended COMPLETED; going on with this release.`)
      expect(r.outputs['previous-task-definition-arn']).toBe(flight.arn)
      expect(rev(r.outputs['task-definition-arn'])).toBe('web:3')
      // Released only once the update in flight had ended.
      expect(r.stdout.indexOf('ended COMPLETED')).toBeLessThan(r.stdout.indexOf('UpdateService web:3'))
      expect(calls('UpdateService')).toHaveLength(1)
    })
    expect(rev(e.service().taskDefinition)).toBe('web:3')
  }, 60_000)

  it('stop-previous: rolls the update in flight back, then releases', async () => {
    await fresh()
    const flight = await inFlightViaSdk()
    const r = await e.run({ 'if-busy': 'stop-previous' }, { onLine: speedUpOn(/^Rollback: /) })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain(`ECS deployment ${flight.id} is in flight: rolling it back (if-busy: stop-previous)`)
      expect(r.stdout).toMatch(new RegExp(`ECS deployment ${flight.id} ended replaced by ECS deployment ecs-svc/\\d+ \\(web:1\\); going on with this release.`))
      expect(rev(r.outputs['previous-task-definition-arn'])).toBe('web:1')
      expect(calls('StopServiceDeployment')).toHaveLength(1)
      expect(calls('UpdateService')[0]!.time).toBeGreaterThan(calls('StopServiceDeployment')[0]!.time)
    })
  }, 60_000)
})

describe('settling a release that did not end', () => {
  it('wait-for-minutes reached mid-rollout (on-timeout: rollback): stopped with rollback, followed until web:1 runs again; timed-out', async () => {
    await fresh()
    e.emu.setTimeScale(HOLD)
    const r = await e.run({ 'wait-for-minutes': '0.05' }, { onLine: speedUpOn(/^Timed out after/) })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('timed-out')
      expect(r.stdout).toMatch(/^Timed out after 0.05 min: stopped service deployment arn:\S+ with rollback to web:1 \(on-timeout: rollback\)$/m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}web:1 runs again$/m)
      expect(annotations(r.lines, 'error')[0]!.message).toContain("Not finished after 0.05 min ('wait-for-minutes'); web:1 was put back")
    })
    expect(rev(e.service().taskDefinition)).toBe('web:1')
  }, 60_000)

  it('post step: the main step SIGKILLed mid-rollout, the post step rolls it back to the previous task definition', async () => {
    await fresh()
    e.emu.setTimeScale(HOLD)
    const sig = signalOn(/^UpdateService web:2: /, 'SIGKILL')
    const r = await e.run({}, { onStart: sig.onStart, onLine: sig.onLine, post: true })
    expectRun(r, (r) => {
      expect(r.signal).toBe('SIGKILL')
      expect(r.state.settled).toBeUndefined()
      expect(r.state['deployment-id']).toMatch(/^ecs-svc\/\d+$/)
      expect(annotations((r.postStdout ?? '').split('\n'), 'warning')[0]?.message).toMatch(
        new RegExp(
          `^The main step ended before ECS deployment ${r.state['deployment-id']} did: stopped service deployment arn:\\S+ with rollback to web:1 \\(on-cancel: rollback\\)\\.$`
        )
      )
      expect(calls('StopServiceDeployment')[0]!.time).toBeGreaterThanOrEqual(r.exitedAt)
    })
    expect(rev(e.service().taskDefinition)).toBe('web:1')
  }, 60_000)
})

describe('mode continue', () => {
  it('is refused naming what to use instead', async () => {
    await fresh()
    const r = await e.run({ mode: 'continue', image: '', 'deployment-id': 'ecs-svc/1' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(annotations(r.lines, 'error')[0]!.message).toMatch(
        /^Input 'mode': 'continue' has nothing to continue on a rolling update: .* Use mode deploy .*, stop to roll one back, or rollback/
      )
    })
  }, 60_000)
})

describe('least privilege', () => {
  it('docs/iam-policy.json allows the service and service deployment calls of the cases above on the resources they touch', () => {
    // The calls the rolling modes add; the rest are those of a CodeDeploy release, checked in causes-secrets-and-iam-policy.test.ts.
    expect(deniedEcsServiceCalls(allCalls)).toEqual([])
    const ours = allCalls.filter((c) => ecsServiceResources(c).length)
    for (const op of ['ListServiceDeployments', 'StopServiceDeployment', 'DescribeServiceRevisions', 'UpdateService'])
      expect(ours.some((c) => c.operation === op)).toBe(true)
  })
})
