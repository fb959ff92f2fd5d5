/** The ECS-native way's mode handlers and after-kill, run with a Context of fakes against a mocked ECS client. */
import { describe, expect, it } from '@jest/globals'
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DescribeServiceDeploymentsCommandInput,
  type DescribeTaskDefinitionCommandOutput,
  type ListServiceDeploymentsCommandInput,
  type Service,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { STATE } from '../../../src/core/state.js'
import { ecsConsoleUrl } from '../../../src/report/format.js'
import { handlers } from '../../../src/ways/ecs-native/handlers.js'
import { ecsNative } from '../../../src/ways/ecs-native/index.js'
import { fakeContext, REGION, type FakeOptions } from '../../fixtures/context.js'
import { actionErrorAsync, fixture } from '../../helpers.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012'
const TD = (n: number): string => `${ACCOUNT}:task-definition/web:${n}`
const REV = (n: number): string => `${ACCOUNT}:service-revision/prod/web/${n}`
const SD = (id: string): string => `${ACCOUNT}:service-deployment/prod/web/${id}`
const SERVICE_ARN = `${ACCOUNT}:service/prod/web`
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const URL = ecsConsoleUrl('prod', 'web', REGION)
const LIVE = JSON.parse(fixture('taskdef-web.describe.json')) as DescribeTaskDefinitionCommandOutput

/** The service deployment a release starts, the one before it, and one in flight from elsewhere. */
const NEW = SD('new')
const OLD = SD('old')
const BUSY = SD('busy')

const SERVICE: Service = {
  serviceArn: SERVICE_ARN,
  serviceName: 'web',
  status: 'ACTIVE',
  desiredCount: 2,
  deploymentController: { type: 'ECS' },
  deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
  taskDefinition: TD(41),
  loadBalancers: [
    { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef', containerName: 'app', containerPort: 8080 }
  ]
}
const WITH_PAUSE: Service = {
  ...SERVICE,
  deploymentConfiguration: {
    ...SERVICE.deploymentConfiguration,
    lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }]
  }
}

/** NEW as DescribeServiceDeployments shows it: web:41 (revision 1) to web:42 (revision 2). */
function sd(o: Partial<ServiceDeployment> & { running?: number | undefined; prod?: number | undefined } = {}): ServiceDeployment {
  const { running = 0, prod = 0, ...rest } = o
  return {
    serviceDeploymentArn: NEW,
    serviceArn: SERVICE_ARN,
    status: 'IN_PROGRESS',
    lifecycleStage: 'SCALE_UP',
    targetServiceRevision: {
      arn: REV(2),
      requestedTaskCount: 2,
      runningTaskCount: running,
      pendingTaskCount: 2 - running,
      requestedProductionTrafficWeight: prod
    },
    sourceServiceRevisions: [{ arn: REV(1), requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0, requestedProductionTrafficWeight: 100 - prod }],
    ...rest
  }
}

const RELEASE: ServiceDeployment[] = [
  sd(),
  sd({ running: 2, lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', prod: 100 }),
  sd({ running: 2, lifecycleStage: 'BAKE_TIME', prod: 100 }),
  sd({ running: 2, lifecycleStage: 'CLEAN_UP', prod: 100, status: 'SUCCESSFUL' })
]
const SHIFTING = sd({ running: 2, lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', prod: 50 })
const ROLLED_BACK = sd({ running: 0, lifecycleStage: 'CLEAN_UP', status: 'ROLLBACK_SUCCESSFUL', statusReason: 'Stopped by StopServiceDeployment.' })

/** A release of SERVICE with nothing in flight (unless `inFlight`): every read answers, every write succeeds. */
function setup(o: FakeOptions & { inFlight?: string[] | undefined } = {}) {
  const f = fakeContext({ ...ecsNative, ...handlers }, { service: SERVICE, ...o, inputs: { image: IMAGE, ...o.inputs } })
  const ecs = f.mocks.ecs
  ecs.on(DescribeTaskDefinitionCommand).resolves(LIVE)
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: TD(42), family: 'web', revision: 42 } })
  ecs.on(UpdateServiceCommand).resolves({ service: SERVICE })
  ecs.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: NEW })
  ecs.on(ContinueServiceDeploymentCommand).resolves({ serviceDeploymentArn: NEW })
  ecs.on(DescribeServiceRevisionsCommand).resolves({
    serviceRevisions: [
      { serviceRevisionArn: REV(1), taskDefinition: TD(41) },
      { serviceRevisionArn: REV(2), taskDefinition: TD(42) }
    ]
  })
  // The in-flight ones when asked for PENDING/IN_PROGRESS; else the history, with NEW once UpdateService started it.
  ecs.on(ListServiceDeploymentsCommand).callsFake(async (input: ListServiceDeploymentsCommandInput) => {
    if (input.status?.includes('IN_PROGRESS'))
      return { serviceDeployments: (o.inFlight ?? []).map((arn) => ({ serviceDeploymentArn: arn, status: 'IN_PROGRESS' })) }
    const started = ecs.commandCalls(UpdateServiceCommand).length > 0
    return {
      serviceDeployments: [
        ...(started ? [{ serviceDeploymentArn: NEW, status: 'PENDING', createdAt: new Date(2) }] : []),
        { serviceDeploymentArn: OLD, status: 'SUCCESSFUL', createdAt: new Date(1) }
      ]
    }
  })
  return f
}
type Setup = ReturnType<typeof setup>

/** ECS plays `script` for NEW, one look each (the last one forever after), and `afterStop` once StopServiceDeployment was sent. */
function play(f: Setup, script: ServiceDeployment[], afterStop: ServiceDeployment[] = script): void {
  const looks = new Map<ServiceDeployment[], number>()
  f.mocks.ecs.on(DescribeServiceDeploymentsCommand).callsFake(async (input: DescribeServiceDeploymentsCommandInput) => {
    const current = f.mocks.ecs.commandCalls(StopServiceDeploymentCommand).length ? afterStop : script
    const i = Math.min((looks.get(current) ?? -1) + 1, current.length - 1)
    looks.set(current, i)
    return { serviceDeployments: [{ ...current[i]!, serviceDeploymentArn: input.serviceDeploymentArns![0] }] }
  })
}

const stopCalls = (f: Setup) => f.mocks.ecs.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)
/** The log's lines after the time column (mm:ss of local time, which varies). */
const untimed = (f: Setup): string[] => f.rec.lines.map((l) => l.replace(/^ {2}\d\d:\d\d {2}/, ''))

describe('mode deploy', () => {
  it('a pre-release task that cannot start changes nothing else: no UpdateService, no service deployment', async () => {
    const f = setup({ inputs: { 'pre-release-command': '["bin/migrate", "--all"]' } })
    f.mocks.ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: 'RESOURCE:MEMORY' }] })
    const r = await handlers.modes.deploy!(f.ctx)
    expect(r).toMatchObject({
      outcome: 'failed',
      taskDefinitionArn: TD(42),
      cause: 'Pre-release task could not start: RESOURCE:MEMORY; nothing was deployed',
      preRelease: { ended: 'cannot-start', container: 'app', command: ['bin/migrate', '--all'] },
      forensics: { causes: [{ code: 'placement', title: 'ECS could not place the pre-release task: RESOURCE:MEMORY' }] }
    })
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'RunTask'])
    expect(f.rec.lines).toContain('Pre-release task could not start: RESOURCE:MEMORY; nothing was deployed')
  })

  it('registers, updates the service, finds its service deployment, follows it to SUCCESSFUL and saves its ARN', async () => {
    const f = setup()
    play(f, RELEASE)
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r).toEqual({
      outcome: 'succeeded',
      cluster: 'prod',
      service: 'web',
      deploymentUrl: URL,
      image: IMAGE,
      previousTaskDefinitionArn: TD(41),
      deploymentConfig: 'ECS-native blue/green, bake 5m00s',
      taskDefinitionArn: TD(42),
      deploymentId: NEW,
      traffic: { green: 100, blue: 0 },
      durationMs: expect.any(Number),
      suspects: { cluster: 'prod', service: 'web', taskDefinitionArn: TD(42), targetGroups: expect.any(Array), since: expect.any(Date) }
    })
    expect(f.state.saved[STATE.deployment]).toBe(NEW)
    expect(f.sent().slice(0, 7)).toEqual([
      'DescribeTaskDefinition',
      'ListServiceDeployments',
      'RegisterTaskDefinition',
      'ListServiceDeployments',
      'UpdateService',
      'ListServiceDeployments',
      'DescribeServiceDeployments'
    ])
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(f.mocks.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ cluster: 'prod', service: 'web', taskDefinition: TD(42) })
    expect(f.rec.settled).toBe(1)

    const lines = untimed(f)
    expect(lines[0]).toBe('ecs-bluegreen-action  prod/web  ECS-native blue/green, bake 5m00s  2 tasks')
    expect(lines).toContain('Registered web:42')
    expect(lines).toContain(`UpdateService web:42: service deployment ${NEW}  ${URL}`)
    expect(lines).toContain('traffic  production web:42 100% | web:41   0%')
    expect(lines.at(-1)).toMatch(/^Succeeded after \d+s$/)
    expect(stopCalls(f)).toEqual([])
  })

  it("refuses wait-for ready on a service without a PAUSE hook, before any AWS call (subject 'wait-for')", async () => {
    const f = setup({ inputs: { 'wait-for': 'ready' } })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('wait-for')
    expect(err.message).toContain("service 'web' has none")
    expect(f.sent()).toEqual([])
  })

  it('if-busy fail: refuses while a service deployment is in flight, naming it, and changes nothing', async () => {
    const f = setup({ inputs: { 'if-busy': 'fail' }, inFlight: [BUSY] })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('if-busy')
    expect(err.message).toContain(`Service 'web' is busy with service deployment ${BUSY} (${URL})`)
    expect(f.mutations()).toEqual([])
  })

  it('unchanged: a release of what the service runs changes nothing, unless a release is in flight (what runs after it was not read)', async () => {
    const liveImage = LIVE.taskDefinition!.containerDefinitions![0]!.image!
    const idle = setup({ inputs: { image: liveImage } })
    expect((await handlers.modes.deploy!(idle.ctx)).outcome).toBe('unchanged')
    expect(idle.mutations()).toEqual([])
    const busy = setup({ inputs: { image: liveImage, 'if-busy': 'fail' }, inFlight: [BUSY] })
    expect((await actionErrorAsync(handlers.modes.deploy!(busy.ctx))).subject).toBe('if-busy')
  })

  it('a timeout stops the service deployment with ROLLBACK and follows the rollback', async () => {
    const f = setup({ startedAt: Date.now() - 10 * 60_000, inputs: { 'wait-for-minutes': '1' } })
    play(f, [SHIFTING], [ROLLED_BACK])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe(`Not finished after 1 min ('wait-for-minutes'); service deployment ${NEW} was stopped with rollback`)
    expect(r.traffic).toEqual({ green: 0, blue: 100 })
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: NEW, stopType: 'ROLLBACK' }])
    expect(f.rec.settled).toBe(1)
    expect(f.rec.lines).toContain(`Timed out after 1 min: stopped service deployment ${NEW} with rollback (on-timeout: rollback)`)
    expect(untimed(f).at(-1)).toBe('Rollback ended ROLLBACK_SUCCESSFUL')
  })

  it('a timeout with on-timeout: leave stops nothing', async () => {
    const f = setup({ startedAt: Date.now() - 10 * 60_000, inputs: { 'wait-for-minutes': '1', 'on-timeout': 'leave' } })
    play(f, [SHIFTING])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe(`Not finished after 1 min ('wait-for-minutes'); service deployment ${NEW} was left running`)
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.settled).toBe(0)
    expect(f.rec.lines).toContain(`Timed out after 1 min: service deployment ${NEW} is left running (on-timeout: leave)  ${URL}`)
  })

  it('a cancel stops the service deployment with ROLLBACK (on-cancel: rollback)', async () => {
    const f = setup()
    play(f, [SHIFTING], [ROLLED_BACK])
    // The runner cancels the job while UpdateService is answered.
    f.mocks.ecs.on(UpdateServiceCommand).callsFake(async () => {
      f.abort()
      return { service: SERVICE }
    })
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe(`The job was cancelled; service deployment ${NEW} was stopped with rollback`)
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: NEW, stopType: 'ROLLBACK' }])
    expect(f.rec.settled).toBe(1)
    expect(f.rec.lines).toContain(`Cancelled by the runner: stopped service deployment ${NEW} with rollback (on-cancel: rollback)`)
  })

  it('a cancel with on-cancel: leave stops nothing', async () => {
    const f = setup({ inputs: { 'on-cancel': 'leave' } })
    play(f, [SHIFTING])
    f.mocks.ecs.on(UpdateServiceCommand).callsFake(async () => {
      f.abort()
      return { service: SERVICE }
    })
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe(`The job was cancelled; service deployment ${NEW} was left running`)
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.settled).toBe(0)
  })
})

describe('modes stop, continue and rollback', () => {
  it('stop with nothing in flight says so and stops nothing', async () => {
    const f = setup({ inputs: { mode: 'stop' } })
    const r = await handlers.modes.stop!(f.ctx)
    expect(r).toEqual({ outcome: 'stopped', cluster: 'prod', service: 'web', deploymentUrl: URL })
    expect(f.rec.lines).toEqual(['No service deployment of prod/web is in flight: nothing to stop.'])
    expect(f.mutations()).toEqual([])
  })

  it('continue refuses a service deployment with no PAUSE hook awaiting action', async () => {
    const f = setup({ inputs: { mode: 'continue', 'deployment-id': NEW } })
    play(f, [sd({ running: 2, lifecycleStage: 'BAKE_TIME', prod: 100 })])
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('deployment-id')
    expect(err.message).toContain(`service deployment ${NEW} is IN_PROGRESS in BAKE_TIME and no lifecycle hook awaits action`)
    expect(f.mutations()).toEqual([])
  })

  it("continue refuses another service's service deployment", async () => {
    const f = setup({ inputs: { mode: 'continue', 'deployment-id': NEW } })
    play(f, [sd({ serviceArn: `${ACCOUNT}:service/prod/api` })])
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('deployment-id')
    expect(err.message).toContain(`belongs to ${ACCOUNT}:service/prod/api, not to prod/web`)
    expect(f.mutations()).toEqual([])
  })

  it('continue passes the PAUSE hook the release waits at and takes over the release', async () => {
    const f = setup({ service: WITH_PAUSE, inputs: { mode: 'continue', 'deployment-id': NEW, 'wait-for': 'none' } })
    play(f, [
      sd({
        running: 2,
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [{ hookId: 'hook-1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }]
      })
    ])
    const r = await handlers.modes.continue!(f.ctx)
    expect(r).toMatchObject({ outcome: 'started', deploymentId: NEW, taskDefinitionArn: TD(42), previousTaskDefinitionArn: TD(41) })
    expect(f.mocks.ecs.commandCalls(ContinueServiceDeploymentCommand).map((c) => c.args[0].input)).toEqual([
      { serviceDeploymentArn: NEW, hookId: 'hook-1', action: 'CONTINUE' }
    ])
    expect(f.state.saved[STATE.deployment]).toBe(NEW)
  })

  it('rollback stops the service deployment in flight with ROLLBACK and follows it to rolled-back', async () => {
    const f = setup({ inputs: { mode: 'rollback' }, inFlight: [NEW] })
    play(f, [SHIFTING], [ROLLED_BACK])
    const r = await handlers.modes.rollback!(f.ctx)

    expect(r).toMatchObject({
      outcome: 'rolled-back',
      deploymentId: NEW,
      // What runs afterwards, and what was stopped.
      taskDefinitionArn: TD(41),
      previousTaskDefinitionArn: TD(42),
      traffic: { green: 0, blue: 100 },
      cause: 'Service deployment rolled back: Stopped by StopServiceDeployment'
    })
    expect(f.mutations()).toEqual(['StopServiceDeployment'])
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: NEW, stopType: 'ROLLBACK' }])
    expect(f.rec.lines[0]).toBe(`Service deployment ${NEW} is in flight: stopping it with rollback (mode: rollback)  ${URL}`)
    expect(f.rec.settled).toBe(1)
  })
})

describe('after-kill', () => {
  it('stops the service deployment still running with ROLLBACK', async () => {
    const f = setup()
    play(f, [SHIFTING])
    await handlers.afterKill(f.afterKill(NEW))
    expect(stopCalls(f)).toEqual([{ serviceDeploymentArn: NEW, stopType: 'ROLLBACK' }])
    expect(f.rec.warnings).toEqual([`The main step ended before service deployment ${NEW} did: stopped it with rollback (on-cancel: rollback).`])
    expect(f.rec.errors).toEqual([])
  })

  it('with on-cancel: leave only warns', async () => {
    const f = setup({ inputs: { 'on-cancel': 'leave' } })
    play(f, [SHIFTING])
    await handlers.afterKill(f.afterKill(NEW))
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.warnings).toEqual([`The main step ended before service deployment ${NEW} did; it is left running (on-cancel: leave).`])
  })

  it('does nothing when the service deployment already ended', async () => {
    const f = setup()
    play(f, [RELEASE.at(-1)!])
    await handlers.afterKill(f.afterKill(NEW))
    expect(f.sent()).toEqual(['DescribeServiceDeployments'])
    expect(f.rec.warnings).toEqual([])
    expect(f.rec.errors).toEqual([])
  })
})
