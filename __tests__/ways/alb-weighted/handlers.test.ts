/** The alb-weighted way's mode handlers and after-kill, run with a Context of fakes against mocked ECS, ELBv2 and CloudWatch clients. */
import { describe, expect, it } from '@jest/globals'
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
  type DescribeServicesCommandInput,
  type DescribeTaskDefinitionCommandOutput,
  type Service,
  type UpdateServiceCommandInput
} from '@aws-sdk/client-ecs'
import {
  DescribeListenersCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  type Action,
  type DescribeTargetHealthCommandInput,
  type ModifyListenerCommandInput
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { STATE } from '../../../src/core/state.js'
import { ecsConsoleUrl } from '../../../src/report/format.js'
import { handlers } from '../../../src/ways/alb-weighted/handlers.js'
import { albWeighted } from '../../../src/ways/alb-weighted/index.js'
import type { Restore } from '../../../src/ways/alb-weighted/release.js'
import { fakeContext, REGION, type FakeOptions } from '../../fixtures/context.js'
import { actionErrorAsync, fixture } from '../../helpers.js'

const TD = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`
const TG = (name: string): string => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/0123456789abcdef/fedcba9876543210'
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const GREEN_URL = ecsConsoleUrl('prod', 'web-green', REGION)
const LIVE = JSON.parse(fixture('taskdef-web.describe.json')) as DescribeTaskDefinitionCommandOutput

const INPUTS = {
  service: 'web-blue',
  image: IMAGE,
  'green-service': 'web-green',
  'listener-arn': LISTENER,
  'traffic-steps': '50,100',
  'step-bake-minutes': '0',
  alarms: 'web-5xx'
}

/** The listener's default action: blue's and green's weights. */
const forward = (blue: number, green: number): Action[] => [
  {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: TG('web-blue-tg'), Weight: blue },
        { TargetGroupArn: TG('web-green-tg'), Weight: green }
      ]
    }
  }
]

type Side = 'web-blue' | 'web-green'

/** One service of the pair, running `n` of its task definition, its PRIMARY deployment created at `createdAt`. */
function side(name: Side, n: number, desired: number, createdAt: number): Service {
  const id = `ecs-svc/${name}-${n}`
  return {
    serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/prod/${name}`,
    serviceName: name,
    status: 'ACTIVE',
    desiredCount: desired,
    runningCount: desired,
    deploymentController: { type: 'ECS' },
    taskDefinition: TD(n),
    loadBalancers: [{ targetGroupArn: TG(`${name}-tg`), containerName: 'app', containerPort: 8080 }],
    deployments: [
      { id, status: 'PRIMARY', taskDefinition: TD(n), rolloutState: 'COMPLETED', desiredCount: desired, runningCount: desired, createdAt: new Date(createdAt) }
    ]
  }
}

/** What AWS holds for the pair: the mocks read and change it, so each look sees what the writes did. */
interface World {
  actions: Action[]
  services: Record<Side, Service>
  alarm: 'OK' | 'ALARM'
  /** Called as a ModifyListener is answered (to cancel the job there). */
  onModify?: (() => void) | undefined
}

/** Blue (web:41) takes all the traffic; green holds the release before (web:40), scaled to 0. */
const idle = (): World => ({
  actions: forward(100, 0),
  services: { 'web-blue': side('web-blue', 41, 2, 2000), 'web-green': side('web-green', 40, 0, 1000) },
  alarm: 'OK'
})

/** A release of web:42 to green stopped at 50%: green was updated last. */
const split = (): World => ({
  actions: forward(50, 50),
  services: { 'web-blue': side('web-blue', 41, 2, 2000), 'web-green': side('web-green', 42, 2, 3000) },
  alarm: 'OK'
})

function setup(o: FakeOptions & { world?: World | undefined } = {}) {
  const w = o.world ?? idle()
  const f = fakeContext({ ...albWeighted, ...handlers }, { ...o, inputs: { ...INPUTS, ...o.inputs } })
  const { ecs, elbv2, cloudwatch } = f.mocks
  ecs.on(DescribeTaskDefinitionCommand).resolves(LIVE)
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: TD(42), family: 'web', revision: 42 } })
  ecs
    .on(DescribeServicesCommand)
    .callsFake(async (input: DescribeServicesCommandInput) => ({ services: (input.services ?? []).map((n) => w.services[n as Side]) }))
  // Tasks start (and stop) at once: a new task definition is a new PRIMARY deployment, created last.
  ecs.on(UpdateServiceCommand).callsFake(async (input: UpdateServiceCommandInput) => {
    const s = w.services[input.service as Side]
    const n = Number((input.taskDefinition ?? s.taskDefinition!).split(':').pop())
    const desired = input.desiredCount ?? s.desiredCount ?? 0
    const createdAt = input.taskDefinition && input.taskDefinition !== s.taskDefinition ? 9000 : s.deployments![0]!.createdAt!.getTime()
    w.services[input.service as Side] = side(input.service as Side, n, desired, createdAt)
    return { service: w.services[input.service as Side] }
  })
  // Every running task is a healthy target.
  elbv2.on(DescribeTargetHealthCommand).callsFake(async (input: DescribeTargetHealthCommandInput) => {
    const s = input.TargetGroupArn === TG('web-blue-tg') ? w.services['web-blue'] : w.services['web-green']
    return {
      TargetHealthDescriptions: Array.from({ length: s.runningCount ?? 0 }, (_, i) => ({ Target: { Id: `10.0.0.${i}` }, TargetHealth: { State: 'healthy' } }))
    }
  })
  elbv2.on(DescribeListenersCommand).callsFake(async () => ({ Listeners: [{ ListenerArn: LISTENER, Port: 80, DefaultActions: w.actions }] }))
  elbv2.on(ModifyListenerCommand).callsFake(async (input: ModifyListenerCommandInput) => {
    w.actions = input.DefaultActions ?? []
    w.onModify?.()
    return {}
  })
  cloudwatch.on(DescribeAlarmsCommand).callsFake(async () => ({ MetricAlarms: [{ AlarmName: 'web-5xx', StateValue: w.alarm }] }))
  return { ...f, world: w }
}
type Setup = ReturnType<typeof setup>

const written = (f: Setup): (Action[] | undefined)[] => f.mocks.elbv2.commandCalls(ModifyListenerCommand).map((c) => c.args[0].input.DefaultActions)
const updates = (f: Setup): UpdateServiceCommandInput[] => f.mocks.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)
/** The log's lines after the time column (mm:ss of local time, which varies). */
const untimed = (f: Setup): string[] => f.rec.lines.map((l) => l.replace(/^ {2}\d\d:\d\d {2}/, ''))
/** A release cut short during the first bake: the deadline is already over when it starts. */
const LATE = { startedAt: Date.now() - 10 * 60_000, inputs: { 'wait-for-minutes': '1', 'step-bake-minutes': '5' } }
/** The put-back the post step finds: the weights and green as they were before the release. */
const RESTORE: Restore = { kind: 'listener', arn: LISTENER, actions: forward(100, 0), idle: { service: 'web-green', taskDefinition: TD(40), desiredCount: 0 } }

describe('mode deploy', () => {
  it('runs the pre-release task as the idle service runs its tasks; when it fails, neither service nor weight changes', async () => {
    const f = setup({ inputs: { 'pre-release-command': 'bin/migrate' } })
    f.world.services['web-green'].networkConfiguration = { awsvpcConfiguration: { subnets: ['subnet-green'] } }
    f.world.services['web-green'].launchType = 'FARGATE'
    const task = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef'
    f.mocks.ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: task, lastStatus: 'PROVISIONING' }], failures: [] })
    f.mocks.ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ taskArn: task, lastStatus: 'STOPPED', startedAt: new Date(), containers: [{ name: 'app', exitCode: 2 }] }] })
    const r = await handlers.modes.deploy!(f.ctx)
    expect(r).toMatchObject({
      outcome: 'failed',
      service: 'web-green',
      taskDefinitionArn: TD(42),
      cause: 'Pre-release task failed: container app exited with code 2; nothing was deployed'
    })
    expect(f.mocks.ecs.commandCalls(RunTaskCommand)[0]!.args[0].input).toMatchObject({
      taskDefinition: TD(42),
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-green'] } },
      overrides: { containerOverrides: [{ name: 'app', command: ['bin/migrate'] }] }
    })
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'RunTask'])
  })

  it('registers, brings green up, moves the weights step by step, scales blue to 0, and saves the put-back first', async () => {
    const f = setup()
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r).toEqual({
      outcome: 'succeeded',
      cluster: 'prod',
      service: 'web-green',
      image: IMAGE,
      previousTaskDefinitionArn: TD(41),
      deploymentConfig: 'alb-weighted 50,100, bake 0s',
      taskDefinitionArn: TD(42),
      deploymentId: 'ecs-svc/web-green-42',
      deploymentUrl: GREEN_URL,
      traffic: { green: 100, blue: 0 },
      durationMs: expect.any(Number),
      // Where a failure would be looked into: the green service, its new revision and its target group.
      suspects: {
        cluster: 'prod',
        service: 'web-green',
        taskDefinitionArn: TD(42),
        targetGroups: [expect.stringContaining('web-green')],
        since: expect.any(Date)
      }
    })
    expect(f.state.saved[STATE.deployment]).toBe('ecs-svc/web-green-42')
    expect(JSON.parse(f.state.saved[STATE.albRestore]!)).toEqual(RESTORE)
    // Reads first (the pair, the listener, the alarms, the live task definition), then the writes.
    expect(f.sent().slice(0, 6)).toEqual([
      'DescribeServices',
      'DescribeListeners',
      'DescribeAlarms',
      'DescribeTaskDefinition',
      'RegisterTaskDefinition',
      'UpdateService'
    ])
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'UpdateService', 'ModifyListener', 'ModifyListener', 'UpdateService'])
    expect(updates(f)).toEqual([
      { cluster: 'prod', service: 'web-green', taskDefinition: TD(42), desiredCount: 2 },
      { cluster: 'prod', service: 'web-blue', desiredCount: 0 }
    ])
    expect(written(f)).toEqual([forward(50, 50), forward(0, 100)])
    expect(f.rec.settled).toBe(1)

    const lines = untimed(f)
    expect(lines[0]).toBe('ecs-bluegreen-action  prod: web-blue (live, 100%) -> web-green  via listener web-alb:80  steps 50,100  bake 0s  alarms web-5xx')
    expect(lines).toContain('Registered web:42')
    expect(lines).toContain('web-green  UpdateService web:42, 2 tasks  (ECS deployment ecs-svc/web-green-42)')
    expect(lines).toContain('traffic  web-green  50% | web-blue  50%')
    expect(lines).toContain('traffic  web-green 100% | web-blue   0%')
    expect(lines).toContain('web-blue  scaled to 0 (no traffic; its targets drain)')
    expect(lines.at(-1)).toMatch(/^ {2}Succeeded after \d+s: web-green has all the traffic$/)
  })

  it("refuses to move traffic while an alarm is already in ALARM, before any write (subject 'alarms')", async () => {
    const f = setup({ world: { ...idle(), alarm: 'ALARM' } })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('alarms')
    expect(err.message).toBe('Alarm web-5xx is in ALARM before the release; nothing was changed. Release once it is OK.')
    expect(f.mutations()).toEqual([])
  })

  it("refuses wait-for traffic-shifted, before any AWS call (subject 'wait-for')", async () => {
    const f = setup({ inputs: { 'wait-for': 'traffic-shifted' } })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('wait-for')
    expect(f.sent()).toEqual([])
  })

  it('a timeout during a bake puts the weights back on blue and green back where it was', async () => {
    const f = setup(LATE)
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe("Not finished after 1 min ('wait-for-minutes') at 50%; the weights were put back on web-blue")
    expect(r.traffic).toEqual({ green: 0, blue: 100 })
    expect(written(f)).toEqual([forward(50, 50), forward(100, 0)])
    expect(updates(f).at(-1)).toEqual({ cluster: 'prod', service: 'web-green', taskDefinition: TD(40), desiredCount: 0 })
    expect(f.rec.settled).toBeGreaterThan(0)
    expect(f.rec.lines).toContain('Timed out after 1 min at 50%: put the weights back on web-blue (on-timeout: rollback)')
  })

  it('a timeout with on-timeout: leave leaves the weights where they are', async () => {
    const f = setup({ ...LATE, inputs: { ...LATE.inputs, 'on-timeout': 'leave' } })
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe("Not finished after 1 min ('wait-for-minutes') at 50%; the weights were left as they were")
    expect(r.traffic).toEqual({ green: 50, blue: 50 })
    expect(written(f)).toEqual([forward(50, 50)])
    expect(updates(f)).toHaveLength(1)
    expect(f.rec.settled).toBe(0)
    expect(f.rec.lines).toContain(`Timed out after 1 min at 50%: the weights are left at web-green 50% | web-blue 50% (on-timeout: leave)  ${GREEN_URL}`)
  })

  it('a cancel puts the weights back (on-cancel: rollback)', async () => {
    const f = setup()
    // The runner cancels the job as the first step is written.
    f.world.onModify = () => f.abort()
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe('The job was cancelled at 50%; the weights were put back on web-blue')
    expect(written(f)).toEqual([forward(50, 50), forward(100, 0)])
    expect(updates(f).at(-1)).toEqual({ cluster: 'prod', service: 'web-green', taskDefinition: TD(40), desiredCount: 0 })
    expect(f.rec.settled).toBeGreaterThan(0)
    expect(f.rec.lines).toContain('Cancelled by the runner at 50%: put the weights back on web-blue (on-cancel: rollback)')
  })

  it('a cancel with on-cancel: leave leaves the weights where they are', async () => {
    const f = setup({ inputs: { 'on-cancel': 'leave' } })
    f.world.onModify = () => f.abort()
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe('The job was cancelled at 50%; the weights were left as they were')
    expect(written(f)).toEqual([forward(50, 50)])
    expect(updates(f)).toHaveLength(1)
    expect(f.rec.settled).toBe(0)
  })
})

describe('modes stop, continue and rollback', () => {
  it('stop with all the traffic on one side says so and changes nothing', async () => {
    const f = setup({ inputs: { mode: 'stop' } })
    const r = await handlers.modes.stop!(f.ctx)
    expect(r).toEqual({ outcome: 'stopped', cluster: 'prod', service: 'web-blue', taskDefinitionArn: TD(41), traffic: { green: 0, blue: 100 } })
    expect(f.rec.lines).toEqual(['Listener web-alb:80 sends all the traffic to web-blue: no release is shifting it, nothing to stop.'])
    expect(f.mutations()).toEqual([])
  })

  it("continue refuses a deployment-id that is not the idle side's release", async () => {
    const f = setup({ inputs: { mode: 'continue', 'deployment-id': 'ecs-svc/stale' } })
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('deployment-id')
    expect(err.message).toContain("'ecs-svc/stale' is not the ECS deployment 'web-green' (the idle service) runs now (ecs-svc/web-green-40)")
    expect(f.mutations()).toEqual([])
  })

  it("continue refuses split weights: a release is still shifting them (subject 'listener')", async () => {
    const f = setup({ world: split(), inputs: { mode: 'continue', 'deployment-id': 'ecs-svc/web-green-42' } })
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('listener')
    expect(err.message).toContain('splits traffic web-blue 50% / web-green 50%: a release did not finish')
    expect(f.mutations()).toEqual([])
  })

  it('rollback of a release in flight puts the weights back on the side that had them and scales the new side to 0', async () => {
    const f = setup({ world: split(), inputs: { mode: 'rollback' } })
    const r = await handlers.modes.rollback!(f.ctx)

    expect(r).toMatchObject({
      outcome: 'rolled-back',
      service: 'web-blue',
      deploymentId: 'ecs-svc/web-green-42',
      taskDefinitionArn: TD(41),
      previousTaskDefinitionArn: TD(42),
      traffic: { green: 0, blue: 100 },
      cause: 'The weights were split web-green 50% | web-blue 50%; they were put back on web-blue and web-green was scaled to 0 (mode: rollback)'
    })
    expect(f.mutations()).toEqual(['ModifyListener', 'UpdateService'])
    expect(written(f)).toEqual([forward(100, 0)])
    expect(updates(f)).toEqual([{ cluster: 'prod', service: 'web-green', taskDefinition: TD(41), desiredCount: 0 }])
    expect(f.rec.settled).toBe(1)
  })
})

describe('after-kill', () => {
  const killed = (): FakeOptions & { world: World } => ({ world: split(), state: { [STATE.albRestore]: JSON.stringify(RESTORE) } })

  it('puts the weights and the new side back as the main step saved them', async () => {
    const f = setup(killed())
    await handlers.afterKill(f.afterKill('ecs-svc/web-green-42'))
    expect(written(f)).toEqual([forward(100, 0)])
    expect(updates(f)).toEqual([{ cluster: 'prod', service: 'web-green', taskDefinition: TD(40), desiredCount: 0 }])
    expect(f.rec.warnings).toEqual([
      'The main step ended mid-release (ECS deployment ecs-svc/web-green-42): put the listener weights back and scaled web-green to 0 (on-cancel: rollback).'
    ])
    expect(f.rec.errors).toEqual([])
  })

  it('with on-cancel: leave only warns', async () => {
    const f = setup({ ...killed(), inputs: { 'on-cancel': 'leave' } })
    await handlers.afterKill(f.afterKill('ecs-svc/web-green-42'))
    expect(f.sent()).toEqual([])
    expect(f.rec.warnings).toEqual([
      'The main step ended mid-release (ECS deployment ecs-svc/web-green-42); the listener weights are left as they are (on-cancel: leave).'
    ])
  })

  it('does nothing when the main step saved nothing to put back', async () => {
    const f = setup()
    await handlers.afterKill(f.afterKill('ecs-svc/web-green-42'))
    expect(f.sent()).toEqual([])
    expect(f.rec.warnings).toEqual([])
    expect(f.rec.errors).toEqual([])
  })
})
