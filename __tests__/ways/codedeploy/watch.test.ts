import { beforeEach, describe, expect, it } from '@jest/globals'
import { BatchGetDeploymentTargetsCommand, CodeDeployClient, GetDeploymentCommand, ListDeploymentTargetsCommand } from '@aws-sdk/client-codedeploy'
import { mockClient } from 'aws-sdk-client-mock'
import type { CodeDeployEvent, Snapshot } from '../../../src/ways/codedeploy/events.js'
import { nextDelay, policyFromEnv, DEFAULT_POLICY, type PollPolicy } from '../../../src/kit/policy.js'
import { expectedChange, nextShiftAt, trafficSchedule, watchDeployment, type WatchOptions } from '../../../src/ways/codedeploy/watch.js'
import { at, canary, CANARY_EVENTS, DEPLOYMENT_ID, FAILURE_EVENTS, failing, TARGET_ID, targetAt } from '../../fixtures/canary.js'

const MIN = 60_000

const FAST: PollPolicy = { minMs: 1, maxMs: 5, factor: 1.5 }

const cd = new CodeDeployClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } })
const cdMock = mockClient(cd)

/**
 * Scripts CodeDeploy: the n-th successful GetDeployment returns script[n] (the last one forever
 * after); targets are what that poll would see. `failAt` lists GetDeployment calls that throttle.
 */
function play(script: Snapshot[], failAt: number[] = []): void {
  let calls = 0
  let poll = -1
  cdMock.on(GetDeploymentCommand).callsFake(() => {
    if (failAt.includes(calls++)) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })
    poll = Math.min(poll + 1, script.length - 1)
    return { deploymentInfo: script[poll]!.deployment }
  })
  cdMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: [TARGET_ID] })
  cdMock
    .on(BatchGetDeploymentTargetsCommand)
    .callsFake(() => ({ deploymentTargets: [{ deploymentTargetType: 'ECSTarget', ecsTarget: targetAt(script, poll) }] }))
}

async function watch(o: Partial<WatchOptions> = {}): Promise<{ end: string; snapshot: Snapshot; events: CodeDeployEvent[]; pollErrors: string[] }> {
  const events: CodeDeployEvent[] = []
  const pollErrors: string[] = []
  const r = await watchDeployment(cd, {
    deploymentId: DEPLOYMENT_ID,
    until: 'complete',
    deadline: Date.now() + 60_000,
    policy: FAST,
    onEvent: (e) => events.push(e),
    warn: (m) => pollErrors.push(m),
    ...o
  })
  return { ...r, events, pollErrors }
}

const calls = (c: Parameters<typeof cdMock.commandCalls>[0]): number => cdMock.commandCalls(c).length

/** The canary with a longer wait before blue goes: four polls without a target change. */
const canaryLongWait = [...canary.slice(0, 9), canary[8]!, canary[8]!, canary[8]!, canary[9]!]

beforeEach(() => {
  cdMock.reset()
})

describe('watchDeployment', () => {
  it('follows a canary to Succeeded, reporting every event once', async () => {
    play(canaryLongWait)
    const r = await watch()
    expect(r.end).toBe('terminal')
    expect(r.snapshot.deployment.status).toBe('Succeeded')
    expect(r.events).toEqual(CANARY_EVENTS)
    expect(r.pollErrors).toEqual([])
    expect(calls(GetDeploymentCommand)).toBe(canaryLongWait.length)
    for (const c of cdMock.commandCalls(GetDeploymentCommand)) expect(c.args[0].input).toEqual({ deploymentId: DEPLOYMENT_ID })
  })

  it('lists the target once, not while Created, and fetches no target during the wait before blue goes', async () => {
    play(canaryLongWait)
    await watch()
    expect(calls(ListDeploymentTargetsCommand)).toBe(1)
    // Polls 1-7 (running); none at Created, none in the 4 waiting polls, and none at Succeeded: the
    // last one already showed AfterAllowTraffic done, so only blue's removal is left (not logged).
    expect(calls(BatchGetDeploymentTargetsCommand)).toBe(7)
    expect(cdMock.commandCalls(BatchGetDeploymentTargetsCommand)[0]!.args[0].input).toEqual({ deploymentId: DEPLOYMENT_ID, targetIds: [TARGET_ID] })
    // The first call is GetDeployment (Created), then the target is listed on the second poll.
    expect(cdMock.call(0).args[0]).toBeInstanceOf(GetDeploymentCommand)
    expect(cdMock.call(1).args[0]).toBeInstanceOf(GetDeploymentCommand)
    expect(cdMock.call(2).args[0]).toBeInstanceOf(ListDeploymentTargetsCommand)
  })

  it('reads the target by the ID CodeDeploy forms (<cluster>:<service>), listing targets only when that ID is not found', async () => {
    play(canary)
    await watch({ targetId: TARGET_ID })
    expect(calls(ListDeploymentTargetsCommand)).toBe(0)
    expect(cdMock.commandCalls(BatchGetDeploymentTargetsCommand)[0]!.args[0].input).toEqual({ deploymentId: DEPLOYMENT_ID, targetIds: [TARGET_ID] })

    cdMock.reset()
    play(canary)
    cdMock
      .on(BatchGetDeploymentTargetsCommand, { targetIds: ['prod:other'] })
      .rejects(
        Object.assign(new Error('The provided target ID prod:other does not belong to the deployment.'), { name: 'DeploymentTargetDoesNotExistException' })
      )
    const r = await watch({ targetId: 'prod:other' })
    expect(r.events).toEqual(CANARY_EVENTS)
    expect(r.pollErrors).toEqual([])
    expect(calls(ListDeploymentTargetsCommand)).toBe(1)
  })

  it('follows a failure to its end: failed event, error, rollback, Failed', async () => {
    play(failing)
    const r = await watch()
    expect(r.end).toBe('terminal')
    expect(r.events).toEqual(FAILURE_EVENTS)
    expect(r.snapshot.deployment.errorInformation?.code).toBe('ECS_UPDATE_ERROR')
    expect(r.snapshot.target?.lifecycleEvents?.find((e) => e.status === 'Failed')?.lifecycleEventName).toBe('Install')
    expect(calls(BatchGetDeploymentTargetsCommand)).toBe(2)
  })

  it('goes on after failed polls, saying so once per error, and misses no event', async () => {
    play(canary, [3, 4])
    const r = await watch()
    expect(r.end).toBe('terminal')
    expect(r.pollErrors).toHaveLength(1)
    expect(r.pollErrors[0]).toMatch(new RegExp(`^Polling deployment ${DEPLOYMENT_ID} failed \\(ThrottlingException: .*\\); still watching\\.$`))
    expect(r.events).toEqual(CANARY_EVENTS)
  })

  it('gives up after 20 polls failed in a row', async () => {
    cdMock.on(GetDeploymentCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }))
    const errors: string[] = []
    await expect(watch({ warn: (m) => errors.push(m) })).rejects.toThrow('Service unavailable')
    expect(calls(GetDeploymentCommand)).toBe(20)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      new RegExp(
        `^Polling deployment ${DEPLOYMENT_ID} failed \\(ServiceUnavailable: Service unavailable\\. AWS answered with a server error .*\\); still watching\\.$`
      )
    )
  })

  it("ends at 'ready' when asked to, and not otherwise", async () => {
    const ready: Snapshot = { ...canary[4]!, deployment: { ...canary[4]!.deployment, status: 'Ready' } }
    play([canary[1]!, canary[3]!, ready])
    const r = await watch({ until: 'ready' })
    expect(r.end).toBe('ready')
    expect(r.events.at(0)).toEqual({ kind: 'status', status: 'InProgress', at: canary[1]!.deployment.startTime })
    expect(r.events.filter((e) => e.kind === 'status').map((e) => (e as { status: string }).status)).toEqual(['InProgress', 'Ready'])

    cdMock.reset()
    play([canary[1]!, ready])
    // The deadline counts looks, not milliseconds: it passes after the second, however slow the machine is.
    const timedOut = await watch({ until: 'complete', deadline: 2_500, now: () => calls(GetDeploymentCommand) * 1000 })
    expect(timedOut.end).toBe('timeout')
    expect(timedOut.snapshot.deployment.status).toBe('Ready')
  })

  it("ends at 'traffic-shifted' once AllowTraffic has succeeded", async () => {
    play(canary)
    const r = await watch({ until: 'traffic-shifted' })
    expect(r.end).toBe('traffic-shifted')
    expect(calls(GetDeploymentCommand)).toBe(7)
    expect(r.events.at(-1)).toMatchObject({ kind: 'lifecycle', name: 'AllowTraffic', status: 'Succeeded' })
    expect(r.events.filter((e) => e.kind === 'traffic')).toHaveLength(2)
  })

  it("ends at 'timeout' when the deadline passes, with the last snapshot", async () => {
    play([canary[1]!, canary[2]!])
    let t = 0
    const r = await watch({ deadline: 5000, now: () => (t += 1000) })
    expect(r.end).toBe('timeout')
    expect(r.snapshot).toEqual(canary[2])
  })

  it("ends at 'aborted' when the signal aborts between polls", async () => {
    play(canary)
    const ac = new AbortController()
    const r = await watch({ signal: ac.signal, onEvent: (e) => e.kind === 'traffic' && ac.abort() })
    expect(r.end).toBe('aborted')
    expect(r.snapshot).toEqual(canary[4])
    expect(calls(GetDeploymentCommand)).toBe(5)
  })

  it("ends at 'aborted' when the signal aborts during a call, without reporting a poll error", async () => {
    const ac = new AbortController()
    cdMock.on(GetDeploymentCommand).callsFake(() => {
      ac.abort()
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' })
    })
    const r = await watch({ signal: ac.signal })
    expect(r).toMatchObject({ end: 'aborted', snapshot: { deployment: { deploymentId: DEPLOYMENT_ID } }, pollErrors: [] })
  })

  it('resumes from a snapshot without reporting what it shows again', async () => {
    play([canary[8]!, canary[9]!])
    const r = await watch({ from: canary[7] })
    expect(r.events).toEqual([CANARY_EVENTS.at(-1)])
    // The snapshot it resumed from showed AfterAllowTraffic done: the success needs no target.
    expect(calls(BatchGetDeploymentTargetsCommand)).toBe(0)
    expect(calls(GetDeploymentCommand)).toBe(2)
  })
})

describe('poll policy', () => {
  it('is quick after a change and backs off to the maximum while nothing changes', () => {
    const delays: number[] = []
    let d: number | undefined
    for (const changed of [false, false, false, false, false, false, true, false]) delays.push((d = nextDelay(DEFAULT_POLICY, d, changed)))
    expect(delays).toEqual([2000, 3000, 4500, 6750, 10000, 10000, 2000, 3000])
  })

  it('reads overrides from the environment, ignoring nonsense', () => {
    expect(policyFromEnv({ ECS_BLUEGREEN_POLL_MIN_MS: '5', ECS_BLUEGREEN_POLL_MAX_MS: '50' })).toEqual({ minMs: 5, maxMs: 50, factor: 1.5 })
    expect(policyFromEnv({ ECS_BLUEGREEN_POLL_MIN_MS: 'fast', ECS_BLUEGREEN_POLL_MAX_MS: '-1' })).toEqual(DEFAULT_POLICY)
  })
})

describe('trafficSchedule and nextShiftAt', () => {
  it('reads the predefined ECS configs from their names, and no others', () => {
    expect(trafficSchedule('CodeDeployDefault.ECSAllAtOnce')).toEqual({ type: 'AllAtOnce', percent: 100, intervalMs: 0 })
    expect(trafficSchedule('CodeDeployDefault.ECSCanary10Percent5Minutes')).toEqual({ type: 'Canary', percent: 10, intervalMs: 5 * MIN })
    expect(trafficSchedule('CodeDeployDefault.ECSCanary10Percent15Minutes')).toEqual({ type: 'Canary', percent: 10, intervalMs: 15 * MIN })
    expect(trafficSchedule('CodeDeployDefault.ECSLinear10PercentEvery1Minutes')).toEqual({ type: 'Linear', percent: 10, intervalMs: MIN })
    expect(trafficSchedule('CodeDeployDefault.ECSLinear10PercentEvery3Minutes')).toEqual({ type: 'Linear', percent: 10, intervalMs: 3 * MIN })
    expect(trafficSchedule('web-canary-25-1')).toBeUndefined()
    expect(trafficSchedule('CodeDeployDefault.OneAtATime')).toBeUndefined()
    expect(trafficSchedule(undefined)).toBeUndefined()
  })

  it('places the next step an interval after the one before, counted from the start of AllowTraffic', () => {
    const start = new Date('2025-05-01T10:01:16Z')
    const canary = trafficSchedule('CodeDeployDefault.ECSCanary10Percent5Minutes')!
    const linear = trafficSchedule('CodeDeployDefault.ECSLinear10PercentEvery3Minutes')!
    expect(nextShiftAt(canary, start, 10)).toBe(start.getTime() + 5 * MIN)
    expect(nextShiftAt(linear, start, 10)).toBe(start.getTime() + 3 * MIN)
    expect(nextShiftAt(linear, start, 30)).toBe(start.getTime() + 9 * MIN)
    expect(nextShiftAt(linear, start, 0)).toBeUndefined()
    expect(nextShiftAt(linear, start, 100)).toBeUndefined()
    expect(nextShiftAt(linear, undefined, 30)).toBeUndefined()
    expect(nextShiftAt(trafficSchedule('CodeDeployDefault.ECSAllAtOnce')!, start, 50)).toBeUndefined()
  })
})

describe('expectedChange', () => {
  it('expects the next canary step an interval after AllowTraffic began, and the end after the wait before blue goes', () => {
    expect(expectedChange(canary[4]!)).toEqual({ aws: at(76).getTime() + 5 * MIN, in: 'detail', end: false })
    expect(expectedChange(canary[7]!)).toEqual({ aws: at(378).getTime() + 5 * MIN, in: 'status', end: true })
  })

  it('expects nothing it cannot time: lifecycle events, a custom config, Ready, a rollback, a wait not started', () => {
    expect(expectedChange(canary[2]!)).toBeUndefined()
    const custom = { ...canary[4]!, deployment: { ...canary[4]!.deployment, deploymentConfigName: 'web-canary-25-1' } }
    expect(expectedChange(custom)).toBeUndefined()
    expect(expectedChange({ ...canary[4]!, deployment: { ...canary[4]!.deployment, status: 'Ready' } })).toBeUndefined()
    expect(expectedChange({ ...canary[7]!, deployment: { ...canary[7]!.deployment, creator: 'codeDeployRollback' } })).toBeUndefined()
    expect(expectedChange({ ...canary[4]!, deployment: { ...canary[4]!.deployment, rollbackInfo: { rollbackTriggeringDeploymentId: 'd-X' } } })).toBeUndefined()
    expect(expectedChange({ ...canary[7]!, deployment: { ...canary[7]!.deployment, instanceTerminationWaitTimeStarted: false } })).toBeUndefined()
    expect(expectedChange(canary[9]!)).toBeUndefined()
  })
})
