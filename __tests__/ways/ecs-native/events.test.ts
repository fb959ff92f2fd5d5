/** The ECS-native way's pure parts: what changed between two DescribeServiceDeployments, and where the release stands. */
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { compareNative, describeNativeEvent, nativeSnapshot, type NativeEvent, type NativeSnapshot } from '../../../src/ways/ecs-native/events.js'
import { awaitingHook, nativeVerdict } from '../../../src/ways/ecs-native/watch.js'

const describeEvent = (e: NativeEvent): string => describeNativeEvent(e).text

const names = { target: 'web:2', source: 'web:1' }
const sd = (
  o: Partial<ServiceDeployment> & { prod?: number | undefined; test?: number | undefined; running?: number | undefined; pending?: number | undefined }
): ServiceDeployment => ({
  status: 'IN_PROGRESS',
  lifecycleStage: 'SCALE_UP',
  targetServiceRevision: {
    runningTaskCount: o.running ?? 0,
    pendingTaskCount: o.pending ?? 0,
    requestedTaskCount: 2,
    requestedProductionTrafficWeight: o.prod ?? 0,
    requestedTestTrafficWeight: o.test ?? 0
  },
  sourceServiceRevisions: [
    {
      runningTaskCount: 2,
      pendingTaskCount: 0,
      requestedTaskCount: 2,
      requestedProductionTrafficWeight: 100 - (o.prod ?? 0),
      requestedTestTrafficWeight: 100 - (o.test ?? 0)
    }
  ],
  deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
  alarms: { status: 'MONITORING', alarmNames: ['web-5xx'], triggeredAlarmNames: [] },
  ...o
})
const look = (d: ServiceDeployment, at: number, prev?: NativeSnapshot): NativeSnapshot => nativeSnapshot(d, names, at, prev)
const text = (prev: NativeSnapshot | undefined, next: NativeSnapshot): string[] => compareNative(prev, next).map((e) => describeEvent(e))

describe('compareNative', () => {
  it('the first look: the status, the stage that started and the tasks coming up', () => {
    expect(text(undefined, look(sd({ pending: 2 }), 0))).toEqual([
      'status   IN_PROGRESS',
      'SCALE_UP                      started',
      'tasks    web:2 0/2 running, 2 pending'
    ])
  })

  it('a stage ends with its duration, the next starts; weights of both revisions; nothing twice', () => {
    const a = look(sd({ pending: 2 }), 0)
    const b = look(sd({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', running: 2, prod: 10, test: 100 }), 65_000, a)
    expect(text(a, b)).toEqual([
      'SCALE_UP                      ended     1m05s',
      'POST_SCALE_UP                 passed',
      'TEST_TRAFFIC_SHIFT            passed',
      'POST_TEST_TRAFFIC_SHIFT       passed',
      'PRODUCTION_TRAFFIC_SHIFT      started',
      'tasks    web:2 2/2 running',
      'traffic  test       web:2 100% | web:1   0%',
      'traffic  production web:2  10% | web:1  90%'
    ])
    expect(compareNative(b, look(sd({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', running: 2, prod: 10, test: 100 }), 70_000, b))).toEqual([])
    expect(look(sd({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' }), 70_000, b).stageSince).toBe(65_000)
  })

  it('stages passed between two looks are said in order, and the production shift among them is always shown', () => {
    const a = look(sd({ lifecycleStage: 'PRE_SCALE_UP' }), 0)
    const b = look(sd({ lifecycleStage: 'CLEAN_UP', running: 2 }), 30_000, a)
    expect(text(a, b)).toEqual([
      'PRE_SCALE_UP                  ended     30s',
      'SCALE_UP                      passed',
      'POST_SCALE_UP                 passed',
      'TEST_TRAFFIC_SHIFT            passed',
      'POST_TEST_TRAFFIC_SHIFT       passed',
      'PRODUCTION_TRAFFIC_SHIFT      passed',
      'POST_PRODUCTION_TRAFFIC_SHIFT passed',
      'BAKE_TIME                     passed',
      'CLEAN_UP                      started',
      'tasks    web:2 2/2 running',
      'traffic  production web:2 100% | web:1   0%'
    ])
    // Finished between the looks: every stage left is passed.
    const done = look(sd({ status: 'SUCCESSFUL', lifecycleStage: undefined, running: 2 }), 40_000, a)
    expect(text(a, done).filter((l) => l.endsWith('passed'))).toHaveLength(8)
    // A rollback goes back: it passes nothing.
    const back = look(sd({ status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'SCALE_UP' }), 40_000, b)
    expect(text(b, back).filter((l) => l.endsWith('passed'))).toEqual([])
  })

  it('hooks, a tripped alarm and the rollback with its reason, then the end', () => {
    const a = look(
      sd({
        lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
        prod: 50,
        lifecycleHookDetails: [{ hookId: 'h1', targetArn: 'arn:aws:lambda:us-east-1:1:function:check', status: 'IN_PROGRESS' }]
      }),
      0
    )
    const reason = 'Service deployment rolled back because the CloudWatch alarm web-5xx is in ALARM state.'
    const b = look(
      sd({
        status: 'ROLLBACK_SUCCESSFUL',
        statusReason: reason,
        lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
        prod: 0,
        lifecycleHookDetails: [{ hookId: 'h1', targetArn: 'arn:aws:lambda:us-east-1:1:function:check', status: 'SUCCEEDED' }],
        alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx'] },
        rollback: { reason }
      }),
      1000,
      a
    )
    expect(text(a, b)).toEqual([
      'hook     check SUCCEEDED (PRODUCTION_TRAFFIC_SHIFT)',
      'traffic  production web:2   0% | web:1 100%',
      'alarms   TRIGGERED: web-5xx',
      `rollback to web:1: ${reason}`,
      'status   ROLLBACK_SUCCESSFUL'
    ])
    expect(nativeVerdict(b, 'complete')).toBe('rolled-back')
  })

  it('the circuit breaker tripping is named with its counts', () => {
    const a = look(sd({}), 0)
    const b = look(sd({ deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 } }), 1, a)
    expect(text(a, b)).toEqual(['circuit breaker TRIGGERED (3 failed tasks, threshold 3)'])
  })
})

describe('nativeVerdict', () => {
  it('by status, and traffic-shifted once production traffic is all moved and the bake runs', () => {
    expect(nativeVerdict(look(sd({}), 0), 'complete')).toBeUndefined()
    expect(nativeVerdict(look(sd({ status: 'SUCCESSFUL' }), 0), 'complete')).toBe('succeeded')
    expect(nativeVerdict(look(sd({ status: 'STOPPED' }), 0), 'complete')).toBe('stopped')
    expect(nativeVerdict(look(sd({ status: 'ROLLBACK_FAILED', statusReason: 'no capacity' }), 0), 'complete')).toEqual({
      failed: 'the rollback failed: no capacity'
    })
    expect(nativeVerdict(look(sd({ lifecycleStage: 'BAKE_TIME', prod: 100 }), 0), 'complete')).toBeUndefined()
    expect(nativeVerdict(look(sd({ lifecycleStage: 'BAKE_TIME', prod: 100 }), 0), 'traffic-shifted')).toBe('traffic-shifted')
  })
})

describe('wait-for ready: a PAUSE hook awaiting action', () => {
  const paused = sd({
    lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
    test: 100,
    lifecycleHookDetails: [
      { hookId: 'l1', targetType: 'AWS_LAMBDA', targetArn: 'arn:aws:lambda:us-east-1:1:function:check', status: 'IN_PROGRESS' },
      { hookId: 'p1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }
    ]
  })

  it('is ready only when asked to stop there, and only for a PAUSE hook', () => {
    const s = look(paused, 0)
    expect(awaitingHook(s)?.id).toBe('p1')
    expect(nativeVerdict(s, 'ready')).toBe('ready')
    expect(nativeVerdict(s, 'complete')).toBeUndefined()
    const lambdaOnly = look(sd({ lifecycleHookDetails: [{ hookId: 'l1', targetType: 'AWS_LAMBDA', status: 'IN_PROGRESS' }] }), 0)
    expect(awaitingHook(lambdaOnly)).toBeUndefined()
    expect(nativeVerdict(lambdaOnly, 'ready')).toBeUndefined()
  })

  it('a release that ended is not ready, whatever its hooks say', () => {
    expect(nativeVerdict(look({ ...paused, status: 'ROLLBACK_SUCCESSFUL' }, 0), 'ready')).toBe('rolled-back')
  })

  it('the PAUSE hook is logged as PAUSE with its stage', () => {
    expect(text(undefined, look(paused, 0))).toContain('hook     PAUSE AWAITING_ACTION (POST_TEST_TRAFFIC_SHIFT)')
  })
})

describe('mode continue with wait-for ready', () => {
  it('the hook just continued is not a new gate, even while AWS still shows it waiting', () => {
    const s = look(sd({ lifecycleHookDetails: [{ hookId: 'p1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }] }), 0)
    expect(nativeVerdict(s, 'ready', 'p1')).toBeUndefined()
    expect(nativeVerdict(s, 'ready', 'p0')).toBe('ready')
  })
})
