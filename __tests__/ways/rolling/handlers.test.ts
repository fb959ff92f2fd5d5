/** The rolling way's mode handlers and after-kill, run with a Context of fakes against a mocked ECS client. */
import { describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Deployment,
  type DescribeTaskDefinitionCommandOutput,
  type Service
} from '@aws-sdk/client-ecs'
import { STATE } from '../../../src/core/state.js'
import { ecsConsoleUrl } from '../../../src/report/format.js'
import { handlers } from '../../../src/ways/rolling/handlers.js'
import { rolling } from '../../../src/ways/rolling/index.js'
import { fakeContext, REGION, type FakeOptions } from '../../fixtures/context.js'
import { actionErrorAsync, fixture } from '../../helpers.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012'
const TD = (n: number): string => `${ACCOUNT}:task-definition/web:${n}`
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const URL = ecsConsoleUrl('prod', 'web', REGION)
const LIVE = JSON.parse(fixture('taskdef-web.describe.json')) as DescribeTaskDefinitionCommandOutput
/** The service deployment behind the rolling update in flight: what a rollback stops. */
const SD_ARN = `${ACCOUNT}:service-deployment/prod/web/new`
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef'
const HEADER = 'ecs-bluegreen-action  prod/web  rolling, min 100% max 200%, circuit breaker with rollback  2 tasks'

/** A deployment of the service's deployments array; `n` its task definition's revision. */
const dep = (id: string, n: number, o: Partial<Deployment> = {}): Deployment => ({
  id,
  status: 'PRIMARY',
  taskDefinition: TD(n),
  rolloutState: 'IN_PROGRESS',
  runningCount: 0,
  pendingCount: 0,
  desiredCount: 2,
  failedTasks: 0,
  ...o
})

/** The service with these deployments; its task definition is the PRIMARY one's. */
function svc(deployments: Deployment[], events: string[] = []): Service {
  return {
    serviceArn: `${ACCOUNT}:service/prod/web`,
    serviceName: 'web',
    status: 'ACTIVE',
    desiredCount: 2,
    deploymentController: { type: 'ECS' },
    deploymentConfiguration: {
      strategy: 'ROLLING',
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true }
    },
    taskDefinition: deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition,
    deployments,
    // DescribeServices lists events newest first.
    events: events.map((message, i) => ({ id: `e${i}`, message })).reverse()
  }
}

const STEADY = svc([dep('ecs-svc/old', 41, { rolloutState: 'COMPLETED', runningCount: 2 })])
/** web:42 rolling out over web:41. */
const ROLLING = svc([
  dep('ecs-svc/new', 42, { runningCount: 1, pendingCount: 1 }),
  dep('ecs-svc/old', 41, { status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2 })
])
const DONE = svc([dep('ecs-svc/new', 42, { rolloutState: 'COMPLETED', runningCount: 2 })], ['(service web) has reached a steady state.'])
/** After StopServiceDeployment ROLLBACK: web:41 runs again. */
const ROLLED_BACK = svc([dep('ecs-svc/back', 41, { rolloutState: 'COMPLETED', runningCount: 2 })])

/** A release of a steady service running web:41: every read answers, every write succeeds. */
function setup(o: FakeOptions = {}) {
  // The fixture's task definition has two containers: app (the image's) and envoy.
  const f = fakeContext({ ...rolling, ...handlers }, { service: STEADY, ...o, inputs: { image: IMAGE, 'container-name': 'app', ...o.inputs } })
  const ecs = f.mocks.ecs
  ecs.on(DescribeTaskDefinitionCommand).resolves(LIVE)
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: TD(42), family: 'web', revision: 42 } })
  ecs.on(UpdateServiceCommand).resolves({ service: ROLLING })
  ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [{ serviceDeploymentArn: SD_ARN, status: 'IN_PROGRESS' }] })
  ecs.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: SD_ARN })
  return f
}
type Setup = ReturnType<typeof setup>

/** DescribeServices plays `script`, one look each (the last one forever after), and `afterStop` once StopServiceDeployment was sent. */
function play(f: Setup, script: Service[], afterStop: Service[] = script): void {
  const looks = new Map<Service[], number>()
  f.mocks.ecs.on(DescribeServicesCommand).callsFake(async () => {
    const current = f.mocks.ecs.commandCalls(StopServiceDeploymentCommand).length ? afterStop : script
    const i = Math.min((looks.get(current) ?? -1) + 1, current.length - 1)
    looks.set(current, i)
    return { services: [current[i]!] }
  })
}

const stopCalls = (f: Setup) => f.mocks.ecs.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)
/** The log's lines after the time column (mm:ss of local time, which varies). */
const untimed = (f: Setup): string[] => f.rec.lines.map((l) => l.replace(/^ {2}\d\d:\d\d {2}/, ''))
/** A release cut short: the deadline is already over at the first look. */
const LATE = { startedAt: Date.now() - 10 * 60_000 }
/** Cancels the job while UpdateService is answered. */
function cancelAtUpdate(f: Setup): void {
  f.mocks.ecs.on(UpdateServiceCommand).callsFake(async () => {
    f.abort()
    return { service: ROLLING }
  })
}

describe('mode deploy', () => {
  it('registers, updates the service, follows the rolling update to COMPLETED and saves its id and the previous revision', async () => {
    const f = setup()
    play(f, [ROLLING, DONE])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r).toEqual({
      outcome: 'succeeded',
      cluster: 'prod',
      service: 'web',
      previousTaskDefinitionArn: TD(41),
      deploymentConfig: 'rolling, min 100% max 200%, circuit breaker with rollback',
      deploymentUrl: URL,
      image: IMAGE,
      taskDefinitionArn: TD(42),
      deploymentId: 'ecs-svc/new',
      durationMs: expect.any(Number),
      suspects: { cluster: 'prod', service: 'web', taskDefinitionArn: TD(42), targetGroups: [], since: expect.any(Date) }
    })
    expect(f.state.saved[STATE.deployment]).toBe('ecs-svc/new')
    expect(f.state.saved[STATE.rollingPrevious]).toBe(TD(41))
    expect(f.sent()).toEqual(['DescribeTaskDefinition', 'RegisterTaskDefinition', 'UpdateService', 'DescribeServices', 'DescribeServices'])
    expect(f.mocks.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ cluster: 'prod', service: 'web', taskDefinition: TD(42) })
    expect(f.rec.settled).toBe(1)

    const lines = untimed(f)
    expect(lines[0]).toBe(HEADER)
    expect(lines).toContain('Registered web:42')
    expect(lines).toContain(`UpdateService web:42: ECS deployment ecs-svc/new  ${URL}`)
    expect(lines).toContain('event    has reached a steady state.')
    expect(lines.at(-1)).toMatch(/^Succeeded after \d+s$/)
  })

  // The documented default of 'container-name': a load-balanced service whose task definition has
  // more than one container gets the image on the container its load balancer names.
  it("without 'container-name', puts the image on the container the service's load balancer names", async () => {
    const balanced = (s: Service): Service => ({ ...s, loadBalancers: [{ targetGroupArn: TG, containerName: 'app', containerPort: 8080 }] })
    const f = setup({ service: balanced(STEADY), inputs: { 'container-name': '' } })
    play(f, [balanced(ROLLING), balanced(DONE)])
    const r = await handlers.modes.deploy!(f.ctx)
    expect(r.outcome).toBe('succeeded')
    const registered = f.mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(registered.containerDefinitions?.find((c) => c.name === 'app')?.image).toBe(IMAGE)
  })

  it("refuses wait-for ready, before any AWS call (subject 'wait-for')", async () => {
    const f = setup({ inputs: { 'wait-for': 'ready' } })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('wait-for')
    expect(err.message).toContain("'ready' is not available for a rolling update")
    expect(f.sent()).toEqual([])
  })

  it('if-busy fail: refuses while a rolling update is in flight, naming it, and changes nothing', async () => {
    const f = setup({ service: ROLLING, inputs: { 'if-busy': 'fail' } })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('if-busy')
    expect(err.message).toContain(`Service 'web' is busy with ECS deployment ecs-svc/new (${URL})`)
    expect(f.mutations()).toEqual([])
  })

  it('a timeout rolls the update back to the previous revision (StopServiceDeployment ROLLBACK) and follows it', async () => {
    const f = setup({ ...LATE, inputs: { 'wait-for-minutes': '1' } })
    play(f, [ROLLING], [ROLLED_BACK])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe("Not finished after 1 min ('wait-for-minutes'); web:41 was put back")
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: SD_ARN, stopType: 'ROLLBACK' }])
    expect(f.rec.settled).toBe(1)
    expect(f.rec.lines).toContain(`Timed out after 1 min: stopped service deployment ${SD_ARN} with rollback to web:41 (on-timeout: rollback)`)
    expect(untimed(f).at(-1)).toBe('web:41 runs again')
  })

  it('a timeout with on-timeout: leave stops nothing', async () => {
    const f = setup({ ...LATE, inputs: { 'wait-for-minutes': '1', 'on-timeout': 'leave' } })
    play(f, [ROLLING])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe("Not finished after 1 min ('wait-for-minutes'); ECS deployment ecs-svc/new was left running")
    expect(stopCalls(f)).toEqual([])
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(f.rec.settled).toBe(0)
  })

  it('a cancel rolls the update back (on-cancel: rollback)', async () => {
    const f = setup()
    play(f, [ROLLING], [ROLLED_BACK])
    cancelAtUpdate(f)
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe('The job was cancelled; web:41 was put back')
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: SD_ARN, stopType: 'ROLLBACK' }])
    expect(f.rec.settled).toBe(1)
    expect(f.rec.lines).toContain(`Cancelled by the runner: stopped service deployment ${SD_ARN} with rollback to web:41 (on-cancel: rollback)`)
  })

  it('a cancel with on-cancel: leave stops nothing', async () => {
    const f = setup({ inputs: { 'on-cancel': 'leave' } })
    play(f, [ROLLING])
    cancelAtUpdate(f)
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe('The job was cancelled; ECS deployment ecs-svc/new was left running')
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.settled).toBe(0)
  })
})

describe('modes stop, continue and rollback', () => {
  it('stop with nothing in flight says so and stops nothing', async () => {
    const f = setup({ inputs: { mode: 'stop' } })
    const r = await handlers.modes.stop!(f.ctx)
    expect(r).toEqual({
      outcome: 'stopped',
      cluster: 'prod',
      service: 'web',
      previousTaskDefinitionArn: TD(41),
      deploymentConfig: 'rolling, min 100% max 200%, circuit breaker with rollback',
      deploymentUrl: URL
    })
    expect(f.rec.lines).toEqual([HEADER, 'No rolling update of prod/web is in flight: nothing to stop.'])
    expect(f.sent()).toEqual([])
  })

  it("stop refuses rollback: false, which a rolling update cannot do (subject 'rollback')", async () => {
    const f = setup({ service: ROLLING, inputs: { mode: 'stop', rollback: 'false' } })
    const err = await actionErrorAsync(handlers.modes.stop!(f.ctx))
    expect(err.subject).toBe('rollback')
    expect(f.sent()).toEqual([])
  })

  it("continue is refused always: a rolling update has nothing to continue (subject 'mode')", async () => {
    const f = setup({ service: ROLLING, inputs: { mode: 'continue', 'deployment-id': 'ecs-svc/new' } })
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('mode')
    expect(err.message).toContain("'continue' has nothing to continue on a rolling update")
    expect(f.sent()).toEqual([])
  })

  it('rollback rolls the update in flight back to the revision before it and follows the rollback', async () => {
    const f = setup({ service: ROLLING, inputs: { mode: 'rollback' } })
    play(f, [ROLLING], [ROLLED_BACK])
    const r = await handlers.modes.rollback!(f.ctx)

    expect(r).toMatchObject({
      outcome: 'rolled-back',
      deploymentId: 'ecs-svc/new',
      // What runs afterwards, and what was rolled back.
      taskDefinitionArn: TD(41),
      previousTaskDefinitionArn: TD(42)
    })
    expect(f.mutations()).toEqual(['StopServiceDeployment'])
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: SD_ARN, stopType: 'ROLLBACK' }])
    expect(f.rec.settled).toBe(1)
    const lines = untimed(f)
    expect(lines.slice(0, 3)).toEqual([
      HEADER,
      `ECS deployment ecs-svc/new is in flight: rolling it back (mode: rollback)  ${URL}`,
      `Rollback: stopped service deployment ${SD_ARN} with rollback to web:41`
    ])
    expect(lines.at(-1)).toMatch(/^Rolled back after \d+s: web:41 runs again$/)
  })
})

describe('after-kill', () => {
  const killed = { state: { [STATE.rollingPrevious]: TD(41) } }

  it('rolls the update still running back to the previous revision', async () => {
    const f = setup(killed)
    play(f, [ROLLING])
    await handlers.afterKill(f.afterKill('ecs-svc/new'))
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: SD_ARN, stopType: 'ROLLBACK' }])
    expect(f.rec.warnings).toEqual([
      `The main step ended before ECS deployment ecs-svc/new did: stopped service deployment ${SD_ARN} with rollback to web:41 (on-cancel: rollback).`
    ])
    expect(f.rec.errors).toEqual([])
  })

  it('with on-cancel: leave only warns', async () => {
    const f = setup({ ...killed, inputs: { 'on-cancel': 'leave' } })
    play(f, [ROLLING])
    await handlers.afterKill(f.afterKill('ecs-svc/new'))
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.warnings).toEqual(['The main step ended before ECS deployment ecs-svc/new did; it is left running (on-cancel: leave).'])
  })

  it('does nothing when the update already ended', async () => {
    const f = setup(killed)
    play(f, [DONE])
    await handlers.afterKill(f.afterKill('ecs-svc/new'))
    expect(f.sent()).toEqual(['DescribeServices'])
    expect(f.rec.warnings).toEqual([])
    expect(f.rec.errors).toEqual([])
  })
})
