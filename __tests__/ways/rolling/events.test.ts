/** The rolling way's pure parts: what changed between two looks at the service, its words, and where the release stands. */
import { describe, expect, it } from '@jest/globals'
import { compareRolling, describeRollingEvent, snapshotOf, type RollingDeployment, type RollingSnapshot } from '../../../src/ways/rolling/events.js'
import { endOf, inFlight, refuseNamedDeployment, rollbackVerdict, rollingVerdict } from '../../../src/ways/rolling/watch.js'

const describeEvent = (e: Parameters<typeof describeRollingEvent>[0]): string => describeRollingEvent(e).text

const TD = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`
const dep = (id: string, n: number, o: Partial<RollingDeployment> = {}): RollingDeployment => ({
  id,
  status: 'PRIMARY',
  taskDefinition: TD(n),
  rolloutState: 'IN_PROGRESS',
  running: 0,
  pending: 0,
  desired: 2,
  failed: 0,
  ...o
})
const snap = (deployments: RollingDeployment[], events: string[] = []): RollingSnapshot => ({
  deployments,
  events: events.map((m, i) => ({ id: `e${i}`, message: m }))
})
const text = (prev: RollingSnapshot | undefined, next: RollingSnapshot): string[] => compareRolling(prev, next).map((e) => describeEvent(e))

describe('compareRolling', () => {
  const before = snap([dep('ecs-svc/1', 1, { rolloutState: 'COMPLETED', running: 2 })], ['(service web) has reached a steady state.'])

  it('names a new deployment, its tasks, and only the service events not seen before', () => {
    const next = snap(
      [dep('ecs-svc/2', 2, { pending: 2 }), dep('ecs-svc/1', 1, { status: 'ACTIVE', rolloutState: 'COMPLETED', running: 2 })],
      ['(service web) has reached a steady state.', '(service web) has started 2 tasks: (task a) (task b).']
    )
    expect(text(before, next)).toEqual([
      'deployment ecs-svc/2 web:2 PRIMARY IN_PROGRESS',
      'tasks    web:2 0/2 running, 2 pending',
      'deployment ecs-svc/1 web:1 ACTIVE COMPLETED',
      'event    has started 2 tasks: (task a) (task b).'
    ])
    expect(compareRolling(next, next)).toEqual([])
  })

  it('reports counts, failed tasks, a FAILED rollout with its reason and a deployment that is gone', () => {
    const a = snap([dep('ecs-svc/2', 2, { pending: 2 }), dep('ecs-svc/1', 1, { status: 'ACTIVE', rolloutState: 'COMPLETED', running: 2 })])
    const b = snap([dep('ecs-svc/2', 2, { failed: 3, rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })])
    expect(text(a, b)).toEqual([
      'deployment ecs-svc/2 web:2 PRIMARY FAILED: ECS deployment circuit breaker: tasks failed to start.',
      'tasks    web:2 0/2 running, 3 failed',
      'deployment ecs-svc/1 web:1 removed'
    ])
  })

  it('reads DescribeServices, events oldest first', () => {
    const s = snapshotOf({
      taskDefinition: TD(2),
      deployments: [
        {
          id: 'ecs-svc/2',
          status: 'PRIMARY',
          taskDefinition: TD(2),
          rolloutState: 'IN_PROGRESS',
          runningCount: 1,
          pendingCount: 1,
          desiredCount: 2,
          failedTasks: 0
        }
      ],
      events: [
        { id: 'b', message: 'second', createdAt: new Date(2000) },
        { id: 'a', message: 'first', createdAt: new Date(1000) }
      ]
    })
    expect(s.events.map((e) => e.message)).toEqual(['first', 'second'])
    expect(s.deployments[0]).toMatchObject({ running: 1, pending: 1, desired: 2 })
  })
})

describe('rollingVerdict', () => {
  const mine = { id: 'ecs-svc/2', taskDefinition: TD(2), previous: TD(1) }
  it('waits while the new deployment is in progress, succeeds once it is COMPLETED', () => {
    expect(rollingVerdict(snap([dep('ecs-svc/2', 2), dep('ecs-svc/1', 1, { status: 'ACTIVE' })]), mine)).toBe('waiting')
    expect(rollingVerdict(snap([dep('ecs-svc/2', 2, { rolloutState: 'COMPLETED' })]), mine)).toBe('succeeded')
  })
  it('a circuit breaker rollback: rolling back until the previous task definition is COMPLETED again', () => {
    expect(rollingVerdict(snap([dep('ecs-svc/3', 1)]), mine)).toBe('rolling-back')
    expect(rollingVerdict(snap([dep('ecs-svc/3', 1, { rolloutState: 'COMPLETED' })]), mine)).toBe('rolled-back')
  })
  it('failed without rollback, or replaced by another release', () => {
    expect(rollingVerdict(snap([dep('ecs-svc/2', 2, { rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' })]), mine)).toEqual({
      failed: 'tasks failed to start'
    })
    expect(rollingVerdict(snap([dep('ecs-svc/9', 3)]), mine)).toEqual({ failed: 'another deployment (ecs-svc/9) replaced it' })
  })
})

describe('inFlight', () => {
  it('is the PRIMARY deployment still IN_PROGRESS, with the task definition the older ACTIVE one runs', () => {
    expect(inFlight(snap([dep('ecs-svc/2', 2), dep('ecs-svc/1', 1, { status: 'ACTIVE', rolloutState: 'COMPLETED', running: 2 })]))).toEqual({
      id: 'ecs-svc/2',
      taskDefinition: TD(2),
      previous: TD(1)
    })
    // A service's first deployment has nothing older to go back to.
    expect(inFlight(snap([dep('ecs-svc/1', 1)]))).toEqual({ id: 'ecs-svc/1', taskDefinition: TD(1), previous: undefined })
    // The circuit breaker's rollback in flight: the deployment it failed is nothing to go back to.
    expect(inFlight(snap([dep('ecs-svc/3', 1), dep('ecs-svc/2', 2, { status: 'ACTIVE', rolloutState: 'FAILED' })]))?.previous).toBeUndefined()
  })

  it('is nothing once the PRIMARY deployment is COMPLETED or FAILED', () => {
    expect(inFlight(snap([dep('ecs-svc/1', 1, { rolloutState: 'COMPLETED' })]))).toBeUndefined()
    expect(
      inFlight(snap([dep('ecs-svc/2', 2, { rolloutState: 'FAILED' }), dep('ecs-svc/1', 1, { status: 'ACTIVE', rolloutState: 'COMPLETED' })]))
    ).toBeUndefined()
  })
})

describe('rollbackVerdict', () => {
  it('waits until a deployment of another task definition is PRIMARY and COMPLETED', () => {
    expect(rollbackVerdict(snap([dep('ecs-svc/2', 2), dep('ecs-svc/1', 1, { status: 'ACTIVE' })]), TD(2))).toBe('waiting')
    expect(rollbackVerdict(snap([dep('ecs-svc/3', 1), dep('ecs-svc/2', 2, { status: 'ACTIVE', rolloutState: 'FAILED' })]), TD(2))).toBe('waiting')
    expect(rollbackVerdict(snap([dep('ecs-svc/3', 1, { rolloutState: 'COMPLETED' })]), TD(2))).toBe('succeeded')
  })

  it('fails when the rollback deployment FAILED too', () => {
    expect(rollbackVerdict(snap([dep('ecs-svc/3', 1, { rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start.' })]), TD(2))).toEqual({
      failed: 'tasks failed to start.'
    })
  })
})

describe('endOf and refuseNamedDeployment', () => {
  const rolling = snap([dep('ecs-svc/2', 2), dep('ecs-svc/1', 1, { status: 'ACTIVE', rolloutState: 'COMPLETED' })])

  it('says how a deployment ended: its rollout state, or what replaced it', () => {
    expect(endOf(snap([dep('ecs-svc/2', 2, { rolloutState: 'COMPLETED' })]), 'ecs-svc/2')).toBe('COMPLETED')
    expect(endOf(snap([dep('ecs-svc/3', 1, { rolloutState: 'COMPLETED' })]), 'ecs-svc/2')).toBe('replaced by ECS deployment ecs-svc/3 (web:1)')
  })

  it('accepts the deployment in flight; refuses an unknown or an ended one, naming why', () => {
    expect(refuseNamedDeployment(rolling, 'ecs-svc/2', 'web')).toBeUndefined()
    expect(refuseNamedDeployment(rolling, 'ecs-svc/9', 'web')).toMatch(/^'ecs-svc\/9' is not a deployment of service 'web' \(it has ecs-svc\/2, ecs-svc\/1\)/)
    expect(refuseNamedDeployment(rolling, 'ecs-svc/1', 'web')).toMatch(
      /^ECS deployment ecs-svc\/1 already ended \(ACTIVE COMPLETED\); there is nothing to stop/
    )
  })
})
