/**
 * The pre-release task (src/kit/pre-release.ts): the RunTask request from the service, how a
 * STOPPED task is judged, the log's events of each look, the container it runs in; and, with
 * mocked SDK clients, the paths the end-to-end runs leave out: a task ECS is slow to show, output
 * to another log driver, a log the role may not read, running out of 'wait-for-minutes', and no
 * task at all without a command.
 */
import { describe, expect, it } from '@jest/globals'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ContainerDefinition,
  type Service,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import type { RegisterInput } from '../../src/core/context.js'
import { commandLine, judgeStopped, runTaskInput, startedByOf, taskEvents, type TaskLook } from '../../src/kit/pre-release.js'
import { preReleaseContainer, registerRelease } from '../../src/kit/register.js'
import { handlers } from '../../src/ways/rolling/handlers.js'
import { rolling } from '../../src/ways/rolling/index.js'
import { fakeContext } from '../fixtures/context.js'
import { expectInputError } from '../helpers.js'

const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:42'
const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef'
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' as const } }
const AWSLOGS: ContainerDefinition['logConfiguration'] = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'web' } }
const APP: ContainerDefinition = { name: 'app', image: 'web:1.5.0', essential: true, logConfiguration: AWSLOGS }
const SIDECAR: ContainerDefinition = { name: 'envoy', image: 'envoy:1', essential: true }
const AGENT: ContainerDefinition = { name: 'agent', image: 'agent:1', essential: false }
const SERVICE: Service = { serviceName: 'web', launchType: 'FARGATE', platformVersion: 'LATEST', networkConfiguration: NETWORK }
const RENDERED: RegisterInput = { family: 'web', containerDefinitions: [APP, SIDECAR, AGENT] }

const input = (service: Service) =>
  runTaskInput({
    cluster: 'prod',
    taskDefinitionArn: TD_ARN,
    container: 'app',
    command: ['npm', 'run', 'migrate'],
    service,
    startedBy: 'sb',
    clientToken: 'tok'
  })

describe('runTaskInput: the task runs where the service’s tasks run', () => {
  it('takes the service’s launch type, platform version, network configuration and placement', () => {
    expect(input({ ...SERVICE, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }], placementConstraints: [] })).toEqual({
      cluster: 'prod',
      taskDefinition: TD_ARN,
      count: 1,
      startedBy: 'sb',
      clientToken: 'tok',
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: NETWORK,
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] }
    })
  })

  it('a capacity provider strategy instead of a launch type', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    const i = input({ ...SERVICE, launchType: undefined, capacityProviderStrategy: strategy })
    expect(i.capacityProviderStrategy).toEqual(strategy)
    expect(i.launchType).toBeUndefined()
  })

  it('a CodeDeploy service without its own: those of its PRIMARY task set', () => {
    const i = input({
      serviceName: 'web',
      taskSets: [
        { status: 'ACTIVE', launchType: 'EC2' },
        { status: 'PRIMARY', launchType: 'FARGATE', platformVersion: '1.4.0', networkConfiguration: NETWORK }
      ]
    })
    expect(i).toMatchObject({ launchType: 'FARGATE', platformVersion: '1.4.0', networkConfiguration: NETWORK })
  })
})

describe('judgeStopped: every essential container must exit 0', () => {
  const td: Pick<TaskDefinition, 'containerDefinitions'> = { containerDefinitions: [APP, SIDECAR, AGENT] }
  const task = (codes: Record<string, number | undefined>, o: Partial<Task> = {}): Task => ({
    lastStatus: 'STOPPED',
    stoppedReason: 'Essential container in task exited',
    containers: Object.entries(codes).map(([name, exitCode]) => ({ name, exitCode })),
    ...o
  })

  it('succeeds when they all did, whatever a non-essential one did', () => {
    expect(judgeStopped(task({ app: 0, envoy: 0, agent: 137 }), td, 'app')).toEqual({ ok: true, exitCode: 0 })
  })

  it('names the command’s container first, else the essential one that failed', () => {
    expect(judgeStopped(task({ app: 1, envoy: 143 }), td, 'app')).toMatchObject({ ok: false, container: 'app', exitCode: 1, started: true })
    expect(judgeStopped(task({ app: 0, envoy: 143 }), td, 'app')).toMatchObject({ ok: false, container: 'envoy', exitCode: 143 })
  })

  it('a container that never started has no exit code: the task could not start, for its reason', () => {
    const t = task({ app: undefined, envoy: undefined }, { stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: not found' })
    expect(judgeStopped(t, td, 'app')).toEqual({
      ok: false,
      container: 'app',
      exitCode: undefined,
      started: false,
      reason: 'CannotPullContainerError: not found'
    })
  })
})

describe('taskEvents: what each look adds to the log', () => {
  const at = (s: number): Date => new Date(1_000_000 + s * 1000)
  const look = (lastStatus: string, lines: string[] = [], o: Partial<Task> = {}): TaskLook => ({
    task: { lastStatus, createdAt: at(0), ...o },
    lines: lines.map((message, i) => ({ message, at: at(40 + i) }))
  })
  const said = (events: ReturnType<typeof taskEvents>): string[] => events.map((e) => (e.kind === 'line' ? `| ${e.message}` : e.status))

  it('a new status before the lines, an ending one after them; the same status twice is said once', () => {
    expect(said(taskEvents(look('PENDING'), look('RUNNING', ['one'], { startedAt: at(35) })))).toEqual(['RUNNING', '| one'])
    expect(said(taskEvents(look('RUNNING'), look('RUNNING', ['two'])))).toEqual(['| two'])
    expect(said(taskEvents(look('RUNNING'), look('STOPPED', ['last'], { stoppedReason: 'Essential container in task exited' })))).toEqual(['| last', 'STOPPED'])
  })

  it('a task that ran between two looks is still said RUNNING, at its start', () => {
    const events = taskEvents(look('PENDING'), look('STOPPING', ['only'], { startedAt: at(35) }))
    expect(said(events)).toEqual(['RUNNING', '| only', 'STOPPING'])
    expect(events[0]!.at).toEqual(at(35))
  })

  it('STOPPED carries its reason; a task ECS does not show yet says nothing', () => {
    expect(taskEvents(look('RUNNING'), look('STOPPED', [], { stoppedReason: 'Essential container in task exited', stoppedAt: at(60) }))).toEqual([
      { kind: 'status', status: 'STOPPED', at: at(60), reason: 'Essential container in task exited' }
    ])
    expect(taskEvents(undefined, { task: undefined, lines: [] })).toEqual([])
  })
})

describe('the command, the container and the task’s name', () => {
  it('commandLine quotes the words that need it', () => {
    expect(commandLine(['bin/rails', 'db:migrate'])).toBe('bin/rails db:migrate')
    expect(commandLine(['sh', '-c', "a && echo 'b'"])).toBe(`sh -c 'a && echo '\\''b'\\'''`)
  })

  it('startedByOf names the action and the run, in the characters ECS takes', () => {
    expect(startedByOf({ GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' })).toBe('ecs-bluegreen-action/run-123-2')
    expect(startedByOf({})).toBe('ecs-bluegreen-action/local')
  })

  it('preReleaseContainer: the one whose image is replaced unless named; an essential container of the task definition', () => {
    expect(preReleaseContainer({}, RENDERED, 'app')).toBe('app')
    expect(preReleaseContainer({ preReleaseContainer: 'envoy' }, RENDERED, 'app')).toBe('envoy')
    expectInputError(
      () => preReleaseContainer({ preReleaseContainer: 'migrate' }, RENDERED, 'app'),
      'pre-release-container',
      "'migrate' is not a container of the task definition (app, envoy, agent). Name one of those containers"
    )
    expectInputError(
      () => preReleaseContainer({ preReleaseContainer: 'agent' }, RENDERED, 'app'),
      'pre-release-container',
      "container 'agent' is not essential"
    )
  })
})

describe('registerRelease', () => {
  /** A context of fakes with the new revision registered as `td` and DescribeTasks playing `looks` (the last one forever after). */
  function setup(inputs: Record<string, string>, looks: (Task | undefined)[], td: TaskDefinition = { taskDefinitionArn: TD_ARN, ...RENDERED }) {
    const f = fakeContext({ ...rolling, ...handlers }, { service: SERVICE, inputs: { image: 'web:1.5.0', ...inputs } })
    f.mocks.ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: td })
    f.mocks.ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN, lastStatus: 'PROVISIONING', createdAt: new Date(0) }], failures: [] })
    f.mocks.ecs.on(StopTaskCommand).resolves({})
    let i = 0
    f.mocks.ecs.on(DescribeTasksCommand).callsFake(async () => ({ tasks: [looks[Math.min(i++, looks.length - 1)]].filter(Boolean) }))
    return f
  }
  const running: Task = { taskArn: TASK_ARN, lastStatus: 'RUNNING', createdAt: new Date(0), startedAt: new Date(30_000) }
  const stopped: Task = {
    ...running,
    lastStatus: 'STOPPED',
    stoppedAt: new Date(60_000),
    containers: [
      { name: 'app', exitCode: 0 },
      { name: 'envoy', exitCode: 0 }
    ]
  }

  it('without a command only registers, and says so', async () => {
    const f = setup({}, [])
    expect(await registerRelease(f.ctx, { taskDefinition: RENDERED, imageContainer: 'app', service: SERVICE })).toEqual({
      arn: TD_ARN,
      result: {},
      stop: false
    })
    expect(f.sent()).toEqual(['RegisterTaskDefinition'])
    expect(f.rec.lines).toEqual(['Registered web:42'])
  })

  it('refuses a container the task definition lacks before registering anything', async () => {
    const f = setup({ 'pre-release-command': 'migrate', 'pre-release-container': 'nope' }, [])
    await expect(registerRelease(f.ctx, { taskDefinition: RENDERED, imageContainer: 'app', service: SERVICE })).rejects.toMatchObject({
      subject: 'pre-release-container'
    })
    expect(f.sent()).toEqual([])
  })

  it('waits for a task ECS does not show yet, and names where the output of another log driver goes', async () => {
    const td: TaskDefinition = { taskDefinitionArn: TD_ARN, containerDefinitions: [{ ...APP, logConfiguration: { logDriver: 'splunk' } }] }
    const f = setup({ 'pre-release-command': 'migrate' }, [undefined, running, stopped], td)
    const r = await registerRelease(f.ctx, { taskDefinition: RENDERED, imageContainer: 'app', service: SERVICE })
    expect(r.stop).toBe(false)
    expect(r.result.preRelease).toMatchObject({ ended: 'succeeded', exitCode: 0, durationMs: 60_000, container: 'app', command: ['migrate'] })
    expect(f.rec.lines).toContain('         Container app logs through splunk: its last lines are there, not in CloudWatch Logs.')
    expect(f.rec.lines.slice(-1)).toEqual(['Pre-release task succeeded after 1m00s: app exited with code 0'])
    expect(f.mocks.logs.commandCalls(GetLogEventsCommand)).toHaveLength(0)
  })

  it('a log the role may not read is one warning; the task is followed to its end all the same', async () => {
    const f = setup({ 'pre-release-command': 'migrate' }, [running, running, stopped])
    f.mocks.logs
      .on(GetLogEventsCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: logs:GetLogEvents'), { name: 'AccessDeniedException' }))
    const r = await registerRelease(f.ctx, { taskDefinition: RENDERED, imageContainer: 'app', service: SERVICE })
    expect(r.stop).toBe(false)
    expect(f.rec.warnings).toHaveLength(1)
    expect(f.rec.warnings[0]).toMatch(
      /^Could not read the pre-release task's output \(AccessDeniedException: .+\); the task goes on\. Allow the role .+ logs:GetLogEvents on arn:aws:logs:us-east-1:\*:log-group:\/ecs\/web:\*/
    )
    expect(f.mocks.logs.commandCalls(GetLogEventsCommand)).toHaveLength(1)
  })

  it('a read that fails for another reason is said once and tried again: no line is lost', async () => {
    const f = setup({ 'pre-release-command': 'migrate' }, [running, running, running, stopped])
    let calls = 0
    f.mocks.logs.on(GetLogEventsCommand).callsFake(async (i: { nextToken?: string }) => {
      if (++calls <= 2) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
      return i.nextToken ? { events: [], nextForwardToken: i.nextToken } : { events: [{ timestamp: 31_000, message: 'migrating' }], nextForwardToken: 'f/1' }
    })
    const r = await registerRelease(f.ctx, { taskDefinition: RENDERED, imageContainer: 'app', service: SERVICE })
    expect(r.stop).toBe(false)
    expect(f.rec.warnings).toEqual(["Reading the pre-release task's output failed (ThrottlingException: Rate exceeded); trying again."])
    expect(f.rec.lines).toContain('  00:31  app | migrating')
  })

  it('out of wait-for-minutes: stops the task, keeps its last lines, and the release fails with nothing deployed', async () => {
    const f = setup({ 'pre-release-command': 'migrate', 'wait-for-minutes': '0.001' }, [running])
    // One line, then nothing new: the same token back.
    f.mocks.logs
      .on(GetLogEventsCommand)
      .callsFake(async (i: { nextToken?: string }) =>
        i.nextToken
          ? { events: [], nextForwardToken: i.nextToken }
          : { events: [{ timestamp: 40_000, message: 'waiting for a lock on schema_migrations\n' }], nextForwardToken: 'f/1' }
      )
    const r = await registerRelease(f.ctx, { taskDefinition: RENDERED, imageContainer: 'app', service: SERVICE })
    expect(r.stop).toBe(true)
    expect(r.result).toMatchObject({
      outcome: 'failed',
      cause: "The pre-release task was not finished after 0.001 min ('wait-for-minutes'); it was stopped and nothing was deployed",
      preRelease: { ended: 'timed-out', taskArn: TASK_ARN },
      forensics: { causes: [], excerpt: { container: 'app', lines: ['waiting for a lock on schema_migrations'] } }
    })
    expect(f.mocks.ecs.commandCalls(StopTaskCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      task: TASK_ARN,
      reason: "Not finished after 0.001 min ('wait-for-minutes'): ecs-bluegreen-action stopped the pre-release task"
    })
    expect(f.rec.lines).toContain('  00:40  app | waiting for a lock on schema_migrations')
    expect(f.rec.lines.slice(-1)).toEqual(['Timed out after 0.001 min: stopped pre-release task 01234567; nothing was deployed'])
  })
})
