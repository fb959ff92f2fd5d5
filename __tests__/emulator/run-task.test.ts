/**
 * One-off tasks in the emulator (a release's pre-release task): RunTask with a command override,
 * the task's statuses over virtual time as ECS moves them, its command container's lines in
 * CloudWatch Logs and the exit code the runTask fault gives it; a task that cannot start (no
 * capacity: failures and no task; an image that cannot be pulled: STOPPED without an exit code);
 * StopTask; and RunTask's client token. The clock is held and stepped.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, ListTasksCommand, RunTaskCommand, StopTaskCommand, type RunTaskCommandInput, type Task } from '@aws-sdk/client-ecs'
import { seedWorld, type Emulator, type SeedResult } from '../../emulator/index.js'
import { HOLD_TIME_SCALE, startEmulatorFixtureWith, useFixture } from '../fixtures/emulator.js'

jest.setTimeout(30_000)

const start = () => startEmulatorFixtureWith({ timeScale: HOLD_TIME_SCALE, maxAttempts: 1 }, (cfg) => ({ logs: new CloudWatchLogsClient(cfg) }))
let f: Awaited<ReturnType<typeof start>>
let emu: Emulator
let seed: SeedResult
useFixture(HOLD_TIME_SCALE, start, (x) => ((f = x), (emu = x.emu)))
beforeEach(async () => {
  emu.reset()
  seed = await seedWorld(emu.url)
})

const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0123456789abcdef0'], assignPublicIp: 'DISABLED' as const }
}
const request = (o: Partial<RunTaskCommandInput> = {}): RunTaskCommandInput => ({
  cluster: 'prod',
  taskDefinition: seed.taskDefinitionArn,
  launchType: 'FARGATE',
  networkConfiguration: NETWORK,
  startedBy: 'ecs-bluegreen-action/run-42-1',
  overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
  ...o
})
const describe1 = async (arn: string): Promise<Task> => (await f.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arn] }))).tasks![0]!
const lines = async (task: Task): Promise<string[]> =>
  (
    await f.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: `web/app/${task.taskArn!.split('/').pop()}`, startFromHead: true }))
  ).events!.map((e) => e.message!)

/** Steps virtual time a second at a time, noting each new lastStatus, until the task is STOPPED. */
async function statuses(arn: string): Promise<string[]> {
  const seen: string[] = []
  for (let i = 0; i < 200; i++) {
    const s = (await describe1(arn)).lastStatus!
    if (seen[seen.length - 1] !== s) seen.push(s)
    if (s === 'STOPPED') return seen
    emu.advance(1000)
  }
  throw new Error(`never STOPPED: ${seen.join(' ')}`)
}

describe('RunTask', () => {
  it('runs the command, writes its lines, exits with the fault’s code and goes PROVISIONING → … → DEPROVISIONING → STOPPED', async () => {
    emu.setFaults({ runTask: { exitCode: 3, runsForSeconds: 12 } })
    const out = await f.ecs.send(new RunTaskCommand(request()))
    expect(out.failures).toEqual([])
    const t = out.tasks![0]!
    expect(t).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      startedBy: 'ecs-bluegreen-action/run-42-1',
      group: 'family:web',
      platformVersion: '1.4.0'
    })
    expect(await statuses(t.taskArn!)).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])
    const done = await describe1(t.taskArn!)
    expect(done).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' })
    expect(done.containers![0]).toMatchObject({ name: 'app', exitCode: 3, lastStatus: 'STOPPED' })
    expect(done.stoppedAt!.getTime() - done.startedAt!.getTime()).toBeGreaterThanOrEqual(12_000)
    const said = await lines(done)
    expect(said[0]).toBe('web 1.4.2: npm run migrate')
    expect(said).toContain('PG::DuplicateColumn: ERROR:  column "status" of relation "orders" already exists')
    expect(said[said.length - 1]).toBe('exiting with code 3')
    expect(
      (await f.ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: 'ecs-bluegreen-action/run-42-1', desiredStatus: 'STOPPED' }))).taskArns
    ).toEqual([t.taskArn])
  })

  it('exits 0 by default after applying its migrations', async () => {
    const t = (await f.ecs.send(new RunTaskCommand(request()))).tasks![0]!
    await statuses(t.taskArn!)
    const done = await describe1(t.taskArn!)
    expect(done.containers![0]!.exitCode).toBe(0)
    expect((await lines(done)).slice(-1)).toEqual(['2 migrations applied; schema version 20261202143000'])
  })

  it('places no task without capacity: failures, as Fargate and an EC2 cluster say it', async () => {
    emu.setFaults({ runTask: { cannotStart: 'capacity' } })
    const fargate = await f.ecs.send(new RunTaskCommand(request()))
    expect(fargate.tasks).toEqual([])
    expect(fargate.failures).toEqual([{ reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone' }])
    const ec2 = await f.ecs.send(new RunTaskCommand(request({ launchType: 'EC2' })))
    expect(ec2.failures![0]).toMatchObject({ reason: 'RESOURCE:MEMORY', arn: expect.stringMatching(/:container-instance\/prod\//) })
  })

  it('stops a task whose image cannot be pulled before it starts: TaskFailedToStart, no exit code, no lines', async () => {
    emu.setFaults({ runTask: { cannotStart: 'image-pull' } })
    const t = (await f.ecs.send(new RunTaskCommand(request()))).tasks![0]!
    expect(await statuses(t.taskArn!)).toEqual(['PROVISIONING', 'PENDING', 'STOPPED'])
    const done = await describe1(t.taskArn!)
    expect(done.stopCode).toBe('TaskFailedToStart')
    expect(done.stoppedReason).toMatch(/^CannotPullContainerError: /)
    expect(done.containers![0]!.exitCode).toBeUndefined()
  })

  it('refuses what ECS refuses: an awsvpc task without network configuration, a container the task definition lacks', async () => {
    await expect(f.ecs.send(new RunTaskCommand(request({ networkConfiguration: undefined })))).rejects.toThrow(/Network Configuration must be provided/)
    await expect(f.ecs.send(new RunTaskCommand(request({ overrides: { containerOverrides: [{ name: 'migrate', command: ['x'] }] } })))).rejects.toThrow(
      'Override for container named migrate is not a container in the TaskDefinition.'
    )
  })

  it('starts one task per client token; the same token with another request is a ConflictException', async () => {
    const a = await f.ecs.send(new RunTaskCommand(request({ clientToken: 'tok-1' })))
    const b = await f.ecs.send(new RunTaskCommand(request({ clientToken: 'tok-1' })))
    expect(b.tasks![0]!.taskArn).toBe(a.tasks![0]!.taskArn)
    expect(emu.state().ecs.tasks.filter((t) => t.startedBy === 'ecs-bluegreen-action/run-42-1')).toHaveLength(1)
    await expect(f.ecs.send(new RunTaskCommand(request({ clientToken: 'tok-1', startedBy: 'other' })))).rejects.toMatchObject({ name: 'ConflictException' })
  })
})

describe('StopTask', () => {
  it('stops a running task: UserInitiated with the reason given, SIGTERM, exit code 143', async () => {
    emu.setFaults({ runTask: { runsForSeconds: 600 } })
    const t = (await f.ecs.send(new RunTaskCommand(request()))).tasks![0]!
    for (let i = 0; i < 60 && (await describe1(t.taskArn!)).lastStatus !== 'RUNNING'; i++) emu.advance(1000)
    emu.advance(60_000)
    const out = await f.ecs.send(new StopTaskCommand({ cluster: 'prod', task: t.taskArn!, reason: 'Cancelled by the runner' }))
    expect(out.task).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Cancelled by the runner' })
    expect(await statuses(t.taskArn!)).toEqual(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])
    const done = await describe1(t.taskArn!)
    expect(done.containers![0]!.exitCode).toBe(143)
    const said = await lines(done)
    expect(said).toContain('npm error signal SIGTERM')
    expect(said).not.toContain('2 migrations applied; schema version 20261202143000')
    await expect(f.ecs.send(new StopTaskCommand({ cluster: 'prod', task: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0000' }))).rejects.toThrow(
      'The referenced task was not found.'
    )
  })
})
