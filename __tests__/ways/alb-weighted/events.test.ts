/** The alb-weighted way's events and verdicts: what changed between two looks, its words, and what the new side's state means. */
import { describe, expect, it } from '@jest/globals'
import { compareAlb, countTargets, describeAlbEvent, type AlbEvent, type AlbSnapshot } from '../../../src/ways/alb-weighted/events.js'
import { bakeVerdict, readiness } from '../../../src/ways/alb-weighted/watch.js'

const describeEvent = (e: AlbEvent): string => describeAlbEvent(e).text

const snap = (o: Partial<AlbSnapshot['idle']> = {}, alarms: Record<string, string> = {}, idlePercent = 0): AlbSnapshot => ({
  idlePercent,
  idle: { healthy: 0, initial: 0, unhealthy: 0, draining: 0, other: 0, running: 0, desired: 2, failedTasks: 0, ...o },
  alarms
})

describe('verdicts', () => {
  it('readiness: all tasks running and as many healthy targets', () => {
    expect(readiness(snap())).toBe('waiting')
    expect(readiness(snap({ running: 2, initial: 2 }))).toBe('waiting')
    expect(readiness(snap({ running: 2, healthy: 2 }))).toBe('ready')
    expect(readiness(snap({ failedTasks: 4 }))).toEqual({ failed: '4 tasks of the new task definition stopped before they became healthy' })
    expect(readiness(snap({ running: 2, unhealthy: 1, unhealthyReason: 'Target.Timeout' }))).toEqual({
      failed: '1 target of the new service failed health checks (Target.Timeout)'
    })
    expect(readiness(snap({ rolloutState: 'FAILED' }))).toEqual({ failed: 'the ECS deployment of the new task definition failed (circuit breaker)' })
  })

  it('bake: an alarm or a target going bad fails the step', () => {
    const ok = snap({ running: 2, healthy: 2 }, { 'web-5xx': 'OK' }, 10)
    expect(bakeVerdict(ok)).toBeUndefined()
    expect(bakeVerdict({ ...ok, alarms: { 'web-5xx': 'ALARM' } })).toEqual({ failed: 'alarm web-5xx went to ALARM at 10%' })
    expect(bakeVerdict({ ...ok, idle: { ...ok.idle, healthy: 1 } })).toEqual({ failed: 'only 1 of 2 targets of the new service are healthy at 10%' })
    expect(bakeVerdict({ ...ok, alarms: { x: 'INSUFFICIENT_DATA' } })).toBeUndefined()
  })

  it('countTargets', () => {
    expect(
      countTargets([
        { TargetHealth: { State: 'healthy' } },
        { TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' } },
        { TargetHealth: { State: 'draining' } },
        { TargetHealth: { State: 'unused' } }
      ])
    ).toEqual({
      healthy: 1,
      initial: 0,
      unhealthy: 1,
      draining: 1,
      other: 1,
      unhealthyReason: 'Target.ResponseCodeMismatch: Health checks failed with these codes: [502]'
    })
  })
})

describe('events and their words', () => {
  const names = { idle: 'web-green', live: 'web-blue' }
  it('compareAlb: one event per change, none when nothing changed', () => {
    const a = snap({ running: 0 }, { 'web-5xx': 'OK' })
    expect(compareAlb(undefined, a, names)).toEqual([])
    const b = snap({ running: 2, initial: 2 }, { 'web-5xx': 'OK' })
    expect(compareAlb(a, b, names).map((e) => e.kind)).toEqual(['alb-tasks', 'alb-targets'])
    expect(compareAlb(b, b, names)).toEqual([])
    const c = { ...b, alarms: { 'web-5xx': 'ALARM' }, reasons: { 'web-5xx': 'Threshold Crossed' } }
    expect(compareAlb(b, c, names)).toEqual([{ kind: 'alb-alarm', name: 'web-5xx', state: 'ALARM', reason: 'Threshold Crossed' }])
  })

  it('describeEvent words the ALB events', () => {
    expect(describeEvent({ kind: 'alb-weights', to: 'web-green', toPercent: 10, from: 'web-blue', fromPercent: 90 })).toBe(
      'traffic  web-green  10% | web-blue  90%'
    )
    expect(describeEvent({ kind: 'alb-weights', to: 'web-green', toPercent: 0, from: 'web-blue', fromPercent: 100, restored: true })).toBe(
      'traffic  web-green   0% | web-blue 100%  (weights restored)'
    )
    expect(
      describeEvent({ kind: 'alb-targets', service: 'web-green', desired: 2, counts: { healthy: 1, initial: 1, unhealthy: 0, draining: 0, other: 0 } })
    ).toBe('targets  web-green 1/2 healthy, 1 initial')
    expect(
      describeEvent({ kind: 'alb-targets', service: 'web-blue', desired: 0, counts: { healthy: 0, initial: 0, unhealthy: 0, draining: 0, other: 0 } })
    ).toBe('targets  web-blue none registered')
    expect(describeEvent({ kind: 'alb-bake', minutes: 5, percent: 50, alarms: ['web-5xx'] })).toBe('bake     5m00s at 50%, watching targets and web-5xx')
    expect(
      describeEvent({
        kind: 'alb-updated',
        service: 'web-green',
        taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:2',
        desired: 2,
        deploymentId: 'ecs-svc/1'
      })
    ).toBe('web-green  UpdateService web:2, 2 tasks  (ECS deployment ecs-svc/1)')
    expect(describeEvent({ kind: 'alb-scaled', service: 'web-blue', desired: 0, why: 'no traffic; its targets drain' })).toBe(
      'web-blue  scaled to 0 (no traffic; its targets drain)'
    )
    expect(describeEvent({ kind: 'alb-tasks', service: 'web-green', running: 0, desired: 2, failedTasks: 3 })).toBe('tasks    web-green 0/2 running, 3 failed')
  })
})
