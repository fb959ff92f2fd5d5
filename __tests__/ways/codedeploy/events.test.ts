import { describe, expect, it } from '@jest/globals'
import { carryTarget, compare, consoleUrl, describeCodeDeployEvent, taskSet, type CodeDeployEvent, type Snapshot } from '../../../src/ways/codedeploy/events.js'
import { at, canary, CANARY_EVENTS, deployment, FAILURE_EVENTS, failing, GREEN_TASK_SET } from '../../fixtures/canary.js'

/** Feeds snapshots one by one, as the watcher does (carrying the target over polls that skip it). */
function replay(script: Snapshot[]): CodeDeployEvent[] {
  const out: CodeDeployEvent[] = []
  let last: Snapshot | undefined
  for (const s of script) {
    const next = carryTarget(last, s)
    out.push(...compare(last, next))
    last = next
  }
  return out
}

describe('compare: a canary that succeeds', () => {
  it('reports each change once, in the order AWS made them', () => {
    expect(replay(canary)).toEqual(CANARY_EVENTS)
  })

  it('reports nothing for the same snapshot twice', () => {
    for (const s of canary) expect(compare(s, s)).toEqual([])
  })

  it('polling more often (every snapshot seen 1-3 times) gives exactly the same events', () => {
    const often = canary.flatMap((s, i) => Array.from({ length: 1 + (i % 3) }, () => s))
    expect(often.length).toBeGreaterThan(canary.length)
    expect(replay(often)).toEqual(CANARY_EVENTS)
  })

  it('a poll that did not fetch the target reports no target change', () => {
    const waiting = canary[7]!
    expect(compare(waiting, { deployment: waiting.deployment })).toEqual([])
    expect(carryTarget(waiting, { deployment: waiting.deployment }).target).toBe(waiting.target)
  })

  it('catches up in one go when polls were missed, still in time order', () => {
    const events = compare(canary[1], canary[4]!)
    expect(events.map((e) => (e.kind === 'lifecycle' ? e.name : e.kind))).toEqual([
      'Install',
      'AfterInstall',
      'AllowTestTraffic',
      'AfterAllowTestTraffic',
      'BeforeAllowTraffic',
      'traffic'
    ])
  })

  it('puts the green task count on the Install line, and reports green tasks lost later', () => {
    const install = compare(canary[2], canary[3]!)
    expect(install).toEqual([CANARY_EVENTS[5]])
    const lost = structuredClone(canary[5]!)
    Object.assign(taskSet(lost.target, 'Green')!, { runningCount: 1, pendingCount: 1 })
    lost.target!.lastUpdatedAt = new Date(lost.target!.lastUpdatedAt!.getTime() + 30_000)
    expect(compare(canary[5], lost)).toEqual([{ kind: 'tasks', label: 'Green', running: 1, desired: 2, pending: 1, at: lost.target!.lastUpdatedAt }])
  })

  it('reports no traffic and no idle green before green has tasks', () => {
    const first = compare(undefined, canary[1]!)
    expect(first.filter((e) => e.kind === 'traffic')).toEqual([])
    const idle = structuredClone(canary[1]!)
    const green = taskSet(idle.target, 'Green')!
    Object.assign(green, { desiredCount: 0, runningCount: 0, pendingCount: 0 })
    expect(compare(undefined, idle).filter((e) => e.kind === 'tasks')).toEqual([])
    expect(green.identifer).toBe(GREEN_TASK_SET)
  })

  it('reports Ready at the time the target last changed, and the terminal status only once', () => {
    const ready: Snapshot = { ...canary[5]!, deployment: deployment('Ready') }
    expect(compare(canary[5], ready)).toEqual([{ kind: 'status', status: 'Ready', at: at(80) }])
    const done = canary[9]!
    expect(compare(done, done)).toEqual([])
    expect(compare(undefined, { deployment: done.deployment })).toEqual([{ kind: 'status', status: 'Succeeded', at: at(680) }])
  })

  it('reports a Skipped hook event like a finished one', () => {
    const next = structuredClone(canary[1]!)
    next.target!.lifecycleEvents![2] = { lifecycleEventName: 'AfterInstall', status: 'Skipped' }
    expect(compare(canary[1], next)).toEqual([{ kind: 'lifecycle', name: 'AfterInstall', status: 'Skipped', at: undefined, durationMs: undefined }])
  })
})

describe('compare: a failure with rollback', () => {
  it('reports the failed event, the error, the rollback and the end, each once', () => {
    expect(replay(failing)).toEqual(FAILURE_EVENTS)
    expect(replay([failing[0]!, failing[0]!, failing[1]!, failing[1]!, failing[1]!])).toEqual(FAILURE_EVENTS)
  })

  it('does not repeat an error or rollback already reported when the status changes later', () => {
    const stopped: Snapshot = { ...failing[1]!, deployment: { ...failing[1]!.deployment, status: 'Stopped' } }
    expect(compare(failing[1], stopped)).toEqual([{ kind: 'status', status: 'Stopped', at: at(301) }])
  })
})

describe('describeCodeDeployEvent', () => {
  const describeEvent = (e: CodeDeployEvent): string => describeCodeDeployEvent(e).text

  it('describeEvent words every kind of event', () => {
    expect(describeEvent({ kind: 'status', status: 'InProgress' })).toBe('InProgress')
    expect(describeEvent({ kind: 'status', status: 'Ready' })).toMatch(/^Ready\b/)
    expect(describeEvent({ kind: 'lifecycle', name: 'Install', status: 'Succeeded', durationMs: 54_000 })).toBe('Install                 Succeeded   54s')
    expect(describeEvent({ kind: 'lifecycle', name: 'Install', status: 'Failed', durationMs: 296_000, green: { running: 0, desired: 2 } })).toBe(
      'Install                 Failed      4m56s   green 0/2 running'
    )
    // Under a second, or unknown: no duration column, no trailing spaces.
    expect(describeEvent({ kind: 'lifecycle', name: 'AllowTestTraffic', status: 'Skipped', durationMs: 400 })).toBe('AllowTestTraffic        Skipped')
    expect(describeEvent({ kind: 'traffic', green: 10, blue: 90 })).toBe('traffic  green  10% | blue  90%')
    expect(describeEvent({ kind: 'traffic', green: 100, blue: 0 })).toBe('traffic  green 100% | blue   0%')
    expect(describeEvent({ kind: 'tasks', label: 'Green', running: 1, desired: 2, pending: 1 })).toBe('tasks    green 1/2 running, 1 pending')
    expect(describeEvent({ kind: 'tasks', label: 'Green', running: 2, desired: 2, pending: 0 })).toBe('tasks    green 2/2 running')
    expect(describeEvent({ kind: 'error', code: 'HEALTH_CONSTRAINTS', message: 'too many unhealthy' })).toBe(
      'CodeDeploy HEALTH_CONSTRAINTS: too many unhealthy'
    )
    expect(describeEvent({ kind: 'error' })).toBe('CodeDeploy error:')
    expect(describeEvent({ kind: 'rollback', info: { rollbackDeploymentId: 'd-RB1' } })).toBe('rollback deployment d-RB1 started')
    expect(describeEvent({ kind: 'rollback', info: { rollbackDeploymentId: 'd-RB1', rollbackMessage: 'Automatic rollback triggered' } })).toBe(
      'rollback deployment d-RB1 started: Automatic rollback triggered'
    )
    expect(describeEvent({ kind: 'waiting', minutes: 5 } as Parameters<typeof describeEvent>[0])).toBe('waiting 5m before the blue task set is removed')
  })

  it('says how each event is placed: errors and rollbacks under the line before, the end with its duration', () => {
    expect(describeCodeDeployEvent({ kind: 'error', code: 'X' }).form).toBe('note')
    expect(describeCodeDeployEvent({ kind: 'rollback', info: {} }).form).toBe('note')
    expect(describeCodeDeployEvent({ kind: 'status', status: 'Failed' })).toEqual({ text: 'Failed', form: 'end' })
    expect(describeCodeDeployEvent({ kind: 'status', status: 'InProgress' }).form).toBeUndefined()
  })

  it('consoleUrl links the deployment in its region', () => {
    expect(consoleUrl('d-ABC123', 'eu-west-1')).toBe('https://console.aws.amazon.com/codesuite/codedeploy/deployments/d-ABC123?region=eu-west-1')
  })
})
