/**
 * Why tasks fail, as the emulator tells it: containers writing to CloudWatch Logs at their virtual
 * times (start-up lines, a crash's stack trace), each greenTasksFail cause with AWS's texts in
 * DescribeTasks and its container's lines in GetLogEvents, and each cause failing a release in each
 * way: CodeDeploy (Install fails, rollback), ECS-native and rolling (the circuit breaker), ALB
 * weighted (the new service's tasks). The clock is held and stepped, so nothing depends on speed.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type ContainerDefinition,
  type DeploymentConfiguration,
  type Task
} from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { ACCOUNT_ID, seedAlbWorld, seedWorld, type Emulator, type FailureCause, type GreenTasksFailFault, type SeedResult } from '../../emulator/index.js'
import { Logs } from '../../emulator/logs.js'
import { HOLD_TIME_SCALE, registerWebRevision, startEmulatorFixtureWith, useFixture } from '../fixtures/emulator.js'
import { createDeployment, stepUntil, watch } from './helpers.js'

jest.setTimeout(30_000)

/** The emulator fixture with CloudWatch Logs and ELBv2 clients too, each making one attempt per call. */
const start = () =>
  startEmulatorFixtureWith({ timeScale: HOLD_TIME_SCALE, maxAttempts: 1 }, (cfg) => ({
    logs: new CloudWatchLogsClient(cfg),
    elb: new ElasticLoadBalancingV2Client(cfg)
  }))
type Fixture = Awaited<ReturnType<typeof start>>

let f: Fixture
let emu: Emulator
useFixture(HOLD_TIME_SCALE, start, (x) => ((f = x), (emu = x.emu)))
beforeEach(() => emu.reset())

const IMAGE = `${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0`
const ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:prod/web/database-url-Qw3rTy`
const START = [
  '> web@1.5.0 start',
  '> node dist/server.js',
  'web 1.5.0 starting (node v20.18.1, NODE_ENV=production)',
  'connecting to postgres at 10.0.3.12:5432'
]
const READY = [...START, 'connected to postgres (pool size 10)', 'listening on :8080']
const SIGTERM = ['npm error path /app', 'npm error command failed', 'npm error signal SIGTERM', 'npm error command sh -c node dist/server.js']

/** The release's task definition: the seed's, with image 1.5.0, a container health check (10 s × 3 after 5 s) and a secret. */
function newRevision(o: Partial<ContainerDefinition> = {}): Promise<string> {
  return registerWebRevision(
    f.ecs,
    {
      image: IMAGE,
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], interval: 10, retries: 3, startPeriod: 5 },
      secrets: [{ name: 'DATABASE_URL', valueFrom: `${SECRET}:url::` }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
      ...o
    },
    { executionRoleArn: ROLE }
  )
}

/** The first task of `td` to stop, as DescribeTasks gives it, the clock stepped `stepMs` at a time. */
async function firstStopped(service: string, td: string, stepMs = 5000): Promise<Task> {
  const found = await stepUntil(
    emu,
    async () => {
      const arns = (await f.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: service, desiredStatus: 'STOPPED' }))).taskArns ?? []
      if (!arns.length) return undefined
      const tasks = (await f.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks ?? []
      return tasks.filter((t) => t.taskDefinitionArn === td && t.lastStatus === 'STOPPED').sort((a, b) => a.stoppedAt!.getTime() - b.stoppedAt!.getTime())[0]
    },
    (t) => !!t,
    stepMs
  )
  return found!
}

const taskId = (t: Task): string => t.taskArn!.split('/').pop()!

/** A text with the task ids IAM names in it (each task's own) made one, to compare the reason of one task with another's. */
const anyTask = (text: string | undefined): string | undefined => text?.replace(/(assumed-role\/[\w+=,.@-]+\/)[0-9a-f]{32}/g, '$1<task id>')

/** The container's last `n` lines, as the action reads them (back from the end). */
async function tail(t: Task, n = 100, group = '/ecs/web'): Promise<OutputLogEvent[]> {
  const r = await f.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: `web/app/${taskId(t)}`, limit: n, startFromHead: false }))
  return r.events ?? []
}

const lines = (events: OutputLogEvent[]): string[] => events.map((e) => e.message!)

/** What DescribeTasks says of a failed task, in the fields the action reads. */
interface Said {
  stopCode?: string | undefined
  stoppedReason?: string | undefined
  healthStatus?: string | undefined
  exitCode?: number | undefined
  reason?: string | undefined
  containerHealth?: string | undefined
  started: boolean
}

const said = (t: Task): Said => ({
  stopCode: t.stopCode,
  stoppedReason: t.stoppedReason,
  healthStatus: t.healthStatus,
  exitCode: t.containers![0]!.exitCode,
  reason: t.containers![0]!.reason,
  containerHealth: t.containers![0]!.healthStatus,
  started: t.startedAt !== undefined
})

describe('CloudWatch Logs ingests container lines at their virtual times', () => {
  it('a line is readable once its time (and the driver’s delay) has come; a stopped task’s later lines never come; no group, no lines', () => {
    const logs = new Logs()
    logs.CreateLogGroup({ logGroupName: '/ecs/web' }, { region: 'us-east-1', now: 0 })
    logs.emit('task-1', '/ecs/web', 'web/app/1', [
      { at: 1000, message: 'one' },
      { at: 2000, message: 'two' },
      { at: 3000, message: 'three' }
    ])
    logs.emit('task-2', '/ecs/none', 'web/app/2', [{ at: 1000, message: 'lost' }])
    const read = () => lines(logs.GetLogEvents({ logGroupName: '/ecs/web', logStreamName: 'web/app/1' }, { region: 'us-east-1', now: 0 }).events)
    logs.advance(1100)
    expect(() => read()).toThrow('The specified log stream does not exist.')
    logs.advance(1200)
    expect(read()).toEqual(['one'])
    logs.stopped('task-1', 2500)
    logs.advance(10_000)
    expect(read()).toEqual(['one', 'two'])
    expect(logs.dump()).toEqual([{ logGroupName: '/ecs/web', streams: [{ logStreamName: 'web/app/1', events: 2 }] }])
  })

  it('a healthy task writes its start-up lines to prefix/container/task id, the image tag as the version', async () => {
    const seed = await seedWorld(f.url, { image: IMAGE })
    expect(seed.logGroupName).toBe('/ecs/web')
    const tasks = await stepUntil(
      emu,
      async () => {
        const arns = (await f.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns ?? []
        return arns.length ? (await f.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks! : []
      },
      (x) => x.length === 2 && x.every((y) => y.lastStatus === 'RUNNING')
    )
    const t = tasks[0]
    emu.advance(1000)
    // back from the end: the last three, oldest first
    expect(lines(await tail(t!, 3))).toEqual(READY.slice(3))
    const events = await tail(t!)
    expect(lines(events)).toEqual(READY)
    // written as the app starts: at the task's start and the few hundred ms after
    expect(Math.abs(events[0]!.timestamp! - t!.startedAt!.getTime())).toBeLessThanOrEqual(1)
    expect(events.map((e) => e.timestamp! - events[0]!.timestamp!)).toEqual([0, 2, 150, 210, 380, 420])
    expect(events.every((e) => e.ingestionTime! > e.timestamp!)).toBe(true)
    const streams = await f.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web' }))
    expect(streams.logStreams!.map((s) => s.logStreamName).sort()).toEqual(tasks.map((x) => `web/app/${taskId(x)}`).sort())
  })

  it('a container whose log group does not exist writes nothing', async () => {
    await seedWorld(f.url)
    const td = await newRevision({ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/none', 'awslogs-stream-prefix': 'web' } } })
    emu.setFaults({ greenTasksFail: true })
    await createDeployment(f.codedeploy, td)
    const t = await firstStopped('web', td)
    expect(t.stoppedReason).toBe('Essential container in task exited')
    await expect(tail(t, 10, '/ecs/none')).rejects.toThrow('The specified log group does not exist.')
  })
})

interface Expected {
  said: Said
  /** The container's lines, all of them, or undefined when it never started (no stream). */
  lines?: string[] | undefined
}

const CRASH = [
  ...START,
  'node:internal/process/promises:394',
  '    triggerUncaughtException(err, true /* fromPromise */);',
  '    ^',
  'Error: connect ECONNREFUSED 10.0.3.12:5432',
  '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
  '    at async Pool.connect (/app/node_modules/pg-pool/index.js:45:11)',
  '    at async connectDatabase (/app/dist/db.js:14:18)',
  '    at async main (/app/dist/server.js:22:3) {',
  '  errno: -111,',
  "  code: 'ECONNREFUSED',",
  "  syscall: 'connect',",
  "  address: '10.0.3.12',",
  '  port: 5432',
  '}',
  'Node.js v20.18.1',
  'npm error code 1',
  'npm error path /app',
  'npm error command failed',
  'npm error command sh -c node dist/server.js'
]

const notStarted = (stopCode: string, stoppedReason: string, reason?: string): Said => ({
  stopCode,
  stoppedReason,
  healthStatus: 'UNKNOWN',
  exitCode: undefined,
  reason,
  containerHealth: 'UNKNOWN',
  started: false
})

/** What each cause makes AWS say about the first failed task of the release, and the lines its container wrote. */
function expected(cause: FailureCause, t: Task, greenTg: string): Expected {
  const id = taskId(t)
  const denied = (action: string, resource: string) =>
    `AccessDeniedException: User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/ecsTaskExecutionRole/${id} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
  const pull = (tail: string) => `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${IMAGE}: ${tail}`
  const ran = {
    stoppedReason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    healthStatus: 'UNKNOWN',
    containerHealth: 'UNKNOWN',
    started: true
  }
  switch (cause) {
    case 'exit':
      return { said: { ...ran, exitCode: 1, reason: undefined }, lines: CRASH }
    case 'image-pull':
      return { said: notStarted('TaskFailedToStart', pull(`${IMAGE}: not found`), pull(`${IMAGE}: not found`)) }
    case 'image-pull-denied': {
      const text = pull(
        `pulling from host ${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com failed with status code [manifests 1.5.0]: 403 Forbidden: ${denied('ecr:BatchGetImage', `arn:aws:ecr:us-east-1:${ACCOUNT_ID}:repository/web`)}`
      )
      return { said: notStarted('TaskFailedToStart', text, text) }
    }
    case 'secret':
      return {
        said: notStarted(
          'TaskFailedToStart',
          `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): ${denied('secretsmanager:GetSecretValue', SECRET)}`
        )
      }
    case 'log-group':
      return {
        said: notStarted(
          'TaskFailedToStart',
          'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
        )
      }
    case 'out-of-memory':
      return {
        said: { ...ran, exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
        lines: [
          ...READY,
          'loading catalog cache (48213 items)',
          '<--- Last few GCs --->',
          '[18:0x5f3c9a0]      702 ms: Mark-Compact 250.9 (258.5) -> 250.3 (258.8) MB, 98.41 / 0.00 ms  (average mu = 0.212, current mu = 0.063) allocation failure; scavenge might not succeed',
          '<--- JS stacktrace --->',
          'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
          '----- Native stack trace -----',
          ' 1: 0xb8d0a3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
          ' 2: 0xf06250 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]',
          ' 3: 0xf06537 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]'
        ]
      }
    case 'container-health':
      return {
        said: {
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: 'Task failed container health checks',
          healthStatus: 'UNHEALTHY',
          exitCode: 143,
          reason: undefined,
          containerHealth: 'UNHEALTHY',
          started: true
        },
        lines: [
          ...READY,
          'GET /health 503 2.100 ms - redis: connect ETIMEDOUT 10.0.3.40:6379',
          'GET /health 503 2.470 ms - redis: connect ETIMEDOUT 10.0.3.40:6379',
          'GET /health 503 2.840 ms - redis: connect ETIMEDOUT 10.0.3.40:6379',
          ...SIGTERM
        ]
      }
    case 'elb-health':
      return {
        said: {
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: `Task failed ELB health checks in (target-group ${greenTg})`,
          healthStatus: 'UNKNOWN',
          exitCode: 143,
          reason: undefined,
          containerHealth: 'UNKNOWN',
          started: true
        },
        // the seed's green group: GET /health every 10 s, stopped once the unhealthy threshold (2) is passed
        lines: [
          ...READY,
          '10.0.1.23 - GET /health 503 0.900 ms - feature flags not loaded',
          '10.0.2.24 - GET /health 503 1.110 ms - feature flags not loaded',
          '10.0.1.25 - GET /health 503 1.320 ms - feature flags not loaded',
          ...SIGTERM
        ]
      }
  }
}

const CAUSES: FailureCause[] = ['exit', 'image-pull', 'image-pull-denied', 'secret', 'log-group', 'out-of-memory', 'container-health', 'elb-health']

describe('each cause on a CodeDeploy release: AWS’s texts, the container’s lines, Install failing and rolled back', () => {
  it.each(CAUSES)('%s', async (cause) => {
    const seed = await seedWorld(f.url)
    const td = await newRevision()
    // the default (true) is the exit cause
    emu.setFaults({ greenTasksFail: cause === 'exit' ? true : { cause } })
    const id = await createDeployment(f.codedeploy, td)
    const t = await firstStopped('web', td)
    const want = expected(cause, t, seed.greenTargetGroupArn)
    expect(said(t)).toEqual(want.said)
    expect(t.stoppingAt).toBeDefined()
    if (want.said.started) expect(t.pullStartedAt && t.pullStoppedAt && t.startedAt).toBeTruthy()
    if (want.lines) {
      const events = await tail(t)
      expect(lines(events)).toEqual(want.lines)
      // written while it ran, before it stopped
      expect(Math.abs(events[0]!.timestamp! - t.startedAt!.getTime())).toBeLessThanOrEqual(1)
      expect(events.every((e) => e.timestamp! < t.stoppedAt!.getTime())).toBe(true)
    } else await expect(tail(t)).rejects.toThrow('The specified log stream does not exist.')
    const obs = await watch(f, id)
    const info = obs[obs.length - 1]!.info
    expect([info.status, info.errorInformation?.code]).toEqual(['Failed', 'ECS_UPDATE_ERROR'])
    // the reason of the last task that failed
    expect(anyTask(info.errorInformation!.message)).toContain(`(reason: ${anyTask(want.said.stoppedReason)})`)
    expect(info.rollbackInfo?.rollbackDeploymentId).toBeDefined()
  })

  it('the reason, exit code and container reason overrides still apply, over a cause or alone', async () => {
    await seedWorld(f.url)
    const td = await newRevision()
    const cases: [GreenTasksFailFault, Partial<Said>][] = [
      [
        { cause: 'out-of-memory', reason: 'Essential container in task exited (custom)', exitCode: 139 },
        { exitCode: 139, reason: 'OutOfMemoryError: Container killed due to memory usage' }
      ],
      [
        { exitCode: 137, containerReason: 'OutOfMemoryError: Container killed due to memory usage' },
        { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }
      ]
    ]
    for (const [fault, want] of cases) {
      emu.setFaults({ greenTasksFail: fault })
      await createDeployment(f.codedeploy, td)
      const t = await firstStopped('web', td)
      expect(said(t)).toMatchObject({ stoppedReason: fault.reason ?? 'Essential container in task exited', stopCode: 'EssentialContainerExited', ...want })
      emu.reset()
      await seedWorld(f.url)
      await newRevision()
    }
  })
})

/** An ECS-controller service's release: a new task definition through UpdateService. */
async function update(service: string, td: string, desiredCount?: number): Promise<void> {
  await f.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service, taskDefinition: td, ...(desiredCount === undefined ? {} : { desiredCount }) }))
}

async function ecsSeed(config: DeploymentConfiguration): Promise<SeedResult> {
  const seed = await seedWorld(f.url, { deploymentController: 'ECS', ecsDeploymentConfiguration: config })
  // the first revision's tasks run (and its creation deployment settles) after about 40 virtual seconds
  emu.advance(60_000)
  return seed
}

describe('ECS-native blue/green: the circuit breaker counts the failed tasks and rolls back', () => {
  it.each<FailureCause>(['secret', 'out-of-memory', 'elb-health'])('%s', async (cause) => {
    const seed = await ecsSeed({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, deploymentCircuitBreaker: { enable: true, rollback: true } })
    const td = await newRevision()
    emu.setFaults({ greenTasksFail: { cause } })
    await update('web', td)
    const arn = (await f.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))).serviceDeployments![0]!.serviceDeploymentArn!
    const stages = new Set<string>()
    const d = await stepUntil(
      emu,
      async () => {
        const x = (await f.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!
        stages.add(x.lifecycleStage ?? '')
        return x
      },
      (x) => /SUCCESSFUL|FAILED|STOPPED/.test(x.status ?? ''),
      5000
    )
    expect(d.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(d.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 })
    const t = await firstStopped('web', td)
    expect(anyTask(d.rollback?.reason)).toContain(anyTask(t.stoppedReason)!)
    // the service's target group (no alternate one here)
    expect(said(t)).toEqual(expected(cause, t, seed.blueTargetGroupArn).said)
    // no traffic ever reached the new revision
    expect(stages.has('PRODUCTION_TRAFFIC_SHIFT')).toBe(false)
  })
})

describe('rolling: the circuit breaker fails the deployment and rolls back to the last completed task definition', () => {
  it.each<FailureCause>(['image-pull', 'container-health'])('%s', async (cause) => {
    await ecsSeed({ strategy: 'ROLLING', deploymentCircuitBreaker: { enable: true, rollback: true } })
    const td = await newRevision()
    emu.setFaults({ greenTasksFail: { cause } })
    await update('web', td)
    const svc = await stepUntil(
      emu,
      async () => (await f.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!,
      (s) => s.deployments?.length === 1 && s.deployments[0]!.rolloutState === 'COMPLETED' && s.taskDefinition !== td,
      5000
    )
    expect(svc.taskDefinition).toMatch(/web:1$/)
    expect(svc.events!.map((e) => e.message).join('\n')).toMatch(/deployment failed: tasks failed to start/)
    const t = await firstStopped('web', td)
    expect(said(t)).toEqual(expected(cause, t, '').said)
  })
})

describe('ALB weighted: the new service’s tasks fail', () => {
  it('image-pull-denied: they never start, never register, and the deployment counts them', async () => {
    await seedAlbWorld(f.url)
    const td = await newRevision()
    emu.setFaults({ greenTasksFail: { cause: 'image-pull-denied' } })
    await update('web-green', td, 2)
    const t = await firstStopped('web-green', td)
    expect(said(t)).toEqual(expected('image-pull-denied', t, '').said)
    emu.advance(60_000)
    const svc = (await f.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web-green'] }))).services![0]!
    const d = svc.deployments!.find((x) => x.taskDefinition === td)!
    expect(d).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', runningCount: 0 })
    expect(d.failedTasks).toBeGreaterThanOrEqual(2)
  })

  it('elb-health: targets unhealthy (Target.ResponseCodeMismatch) after the unhealthy threshold, then ECS stops the tasks naming the group', async () => {
    const seed = await seedAlbWorld(f.url)
    const td = await newRevision()
    emu.setFaults({ greenTasksFail: { cause: 'elb-health' } })
    await update('web-green', td, 2)
    const th = await stepUntil(
      emu,
      async () => (await f.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: seed.greenTargetGroupArn }))).TargetHealthDescriptions ?? [],
      (x) => x.some((h) => h.TargetHealth?.State === 'unhealthy')
    )
    expect(th.find((h) => h.TargetHealth?.State === 'unhealthy')!.TargetHealth).toEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [503]'
    })
    const t = await firstStopped('web-green', td, 1000)
    expect(said(t)).toEqual(expected('elb-health', t, seed.greenTargetGroupArn).said)
    // the seed's group checks /health every 10 s; the service's 30 s grace period outlasts 2 failures
    expect(lines(await tail(t)).slice(READY.length)).toEqual([
      '10.0.1.23 - GET /health 503 0.900 ms - feature flags not loaded',
      '10.0.2.24 - GET /health 503 1.110 ms - feature flags not loaded',
      '10.0.1.25 - GET /health 503 1.320 ms - feature flags not loaded',
      ...SIGTERM
    ])
    expect(t.stoppingAt!.getTime() - t.startedAt!.getTime()).toBeCloseTo(30_000, -1)
    const svc = (await f.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web-green'] }))).services![0]!
    expect(svc.events!.map((e) => e.message)).toContain(
      `(service web-green) (task ${taskId(t)}) (port 8080) is unhealthy in (target-group ${seed.greenTargetGroupArn}) due to (reason Health checks failed with these codes: [503]).`
    )
  })

  it('unhealthyTargets takes the TargetHealth reason beside its description', async () => {
    const seed = await seedAlbWorld(f.url)
    emu.setFaults({ unhealthyTargets: { reason: 'Target.Timeout', description: 'Request timed out' } })
    await update('web-green', await newRevision(), 2)
    const th = await stepUntil(
      emu,
      async () => (await f.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: seed.greenTargetGroupArn }))).TargetHealthDescriptions ?? [],
      (x) => x.length === 2 && x.every((h) => h.TargetHealth?.State === 'unhealthy')
    )
    expect(th.map((h) => h.TargetHealth)).toEqual([
      { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' },
      { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' }
    ])
  })
})
