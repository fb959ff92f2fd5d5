/**
 * The emulator's CloudWatch Logs (AWS JSON 1.1, Logs_20140328) through the real SDK client: each
 * operation, AWS's errors, GetLogEvents' tokens (reading back from the end by default) and
 * FilterLogEvents' paging.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import type { Emulator } from '../../emulator/index.js'
import { clientConfig, HOLD_TIME_SCALE, startEmulatorFixture, useFixture, type EmulatorFixture } from '../fixtures/emulator.js'

interface LogsFixture extends EmulatorFixture {
  logs: CloudWatchLogsClient
}

async function startLogsFixture(): Promise<LogsFixture> {
  const f = await startEmulatorFixture({ timeScale: HOLD_TIME_SCALE, maxAttempts: 1 })
  const logs = new CloudWatchLogsClient(clientConfig(f.url, { maxAttempts: 1 }))
  return {
    ...f,
    logs,
    async close() {
      logs.destroy()
      await f.close()
    }
  }
}

let emu: Emulator
let logs: CloudWatchLogsClient
useFixture(HOLD_TIME_SCALE, startLogsFixture, (f) => ({ emu, logs } = f))
beforeEach(() => emu.reset())

/** The error a call gets, as [name, message, HTTP status]. */
async function refusal(p: Promise<unknown>): Promise<[string, string, number | undefined]> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(CloudWatchLogsServiceException)
  const x = e as CloudWatchLogsServiceException
  return [x.name, x.message, x.$metadata.httpStatusCode]
}

/** A group with one stream holding `n` events one second apart, messages `line 1` … `line n`. */
async function stream(group: string, name: string, n: number, t0 = Math.floor(emu.now()) - 3_600_000): Promise<number> {
  if (!(await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups?.some((g) => g.logGroupName === group))
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }))
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }))
  const logEvents = Array.from({ length: n }, (_, i) => ({ timestamp: t0 + i * 1000, message: `line ${i + 1}` }))
  if (n) await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: name, logEvents }))
  return t0
}

const messages = (r: { events?: { message?: string | undefined }[] | undefined }): string[] => (r.events ?? []).map((e) => e.message!)

describe('log groups and streams', () => {
  it('CreateLogGroup and DescribeLogGroups: by prefix or pattern, paged by limit, as AWS lists them', async () => {
    for (const name of ['/ecs/web', '/ecs/api', '/aws/lambda/x']) await logs.send(new CreateLogGroupCommand({ logGroupName: name }))
    const all = await logs.send(new DescribeLogGroupsCommand({}))
    expect(all.logGroups!.map((g) => g.logGroupName)).toEqual(['/aws/lambda/x', '/ecs/api', '/ecs/web'])
    const web = all.logGroups![2]!
    expect(web).toMatchObject({
      logGroupName: '/ecs/web',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*',
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web',
      metricFilterCount: 0,
      storedBytes: 0,
      logGroupClass: 'STANDARD'
    })
    expect(web.creationTime).toBeGreaterThan(emu.now() - 1000)
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/' }))).logGroups!.map((g) => g.logGroupName)).toEqual([
      '/ecs/api',
      '/ecs/web'
    ])
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'lambda' }))).logGroups!.map((g) => g.logGroupName)).toEqual(['/aws/lambda/x'])
    const p1 = await logs.send(new DescribeLogGroupsCommand({ limit: 2 }))
    expect(p1.logGroups).toHaveLength(2)
    const p2 = await logs.send(new DescribeLogGroupsCommand({ limit: 2, nextToken: p1.nextToken }))
    expect(p2.logGroups!.map((g) => g.logGroupName)).toEqual(['/ecs/web'])
    expect(p2.nextToken).toBeUndefined()
  })

  it("refuses a group that exists, a name outside Logs' pattern, prefix with pattern", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }))
    expect(await refusal(logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' })))).toEqual([
      'ResourceAlreadyExistsException',
      'The specified log group already exists',
      400
    ])
    expect(await refusal(logs.send(new CreateLogGroupCommand({ logGroupName: 'web:1' })))).toEqual([
      'InvalidParameterException',
      "1 validation error detected: Value 'web:1' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      400
    ])
    expect((await refusal(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/a', logGroupNamePattern: 'b' }))))[0]).toBe(
      'InvalidParameterException'
    )
  })

  it('CreateLogStream and DescribeLogStreams: by name or last event, prefix, descending, paged', async () => {
    const t0 = await stream('/ecs/web', 'web/app/bbb', 2)
    await stream('/ecs/web', 'web/app/aaa', 1, t0 + 10_000)
    await stream('/ecs/web', 'other/ccc', 0)
    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web' }))
    expect(byName.logStreams!.map((s) => s.logStreamName)).toEqual(['other/ccc', 'web/app/aaa', 'web/app/bbb'])
    const bbb = byName.logStreams![2]!
    expect(bbb).toMatchObject({
      firstEventTimestamp: t0,
      lastEventTimestamp: t0 + 1000,
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:web/app/bbb',
      storedBytes: 0
    })
    expect(byName.logStreams![0]!.firstEventTimestamp).toBeUndefined()
    const recent = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web',
        orderBy: 'LastEventTime',
        descending: true
      })
    )
    expect(recent.logStreams!.map((s) => s.logStreamName)).toEqual(['web/app/aaa', 'web/app/bbb', 'other/ccc'])
    const p1 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web', logStreamNamePrefix: 'web/app/', limit: 1 }))
    const p2 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web', logStreamNamePrefix: 'web/app/', limit: 1, nextToken: p1.nextToken }))
    expect([...p1.logStreams!, ...p2.logStreams!].map((s) => s.logStreamName)).toEqual(['web/app/aaa', 'web/app/bbb'])
    expect(p2.nextToken).toBeUndefined()
    expect(await refusal(logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/web', logStreamName: 'other/ccc' })))).toEqual([
      'ResourceAlreadyExistsException',
      'The specified log stream already exists',
      400
    ])
    expect(await refusal(logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/nope', logStreamName: 'x' })))).toEqual([
      'ResourceNotFoundException',
      'The specified log group does not exist.',
      400
    ])
    expect((await refusal(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web', orderBy: 'LastEventTime', logStreamNamePrefix: 'w' }))))[0]).toBe(
      'InvalidParameterException'
    )
  })
})

describe('events', () => {
  it('PutLogEvents: chronological batches within 24 hours, events too old or too new rejected by index', async () => {
    await stream('/ecs/web', 's', 0)
    const now = Math.floor(emu.now())
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's', logEvents }))
    const old = await put([
      { timestamp: now - 14 * 86_400_000 - 3_600_000, message: 'too old' },
      { timestamp: now - 14 * 86_400_000 + 3_600_000, message: 'kept 1' }
    ])
    expect(old.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 })
    expect(old.nextSequenceToken).toMatch(/^\d{56}$/)
    const fresh = await put([
      { timestamp: now - 1000, message: 'kept 2' },
      { timestamp: now + 3 * 3_600_000, message: 'too new' }
    ])
    expect(fresh.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 })
    expect(messages(await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's' })))).toEqual(['kept 1', 'kept 2'])
    expect(
      await refusal(
        put([
          { timestamp: now, message: 'b' },
          { timestamp: now - 1, message: 'a' }
        ])
      )
    ).toEqual(['InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.', 400])
    expect(
      await refusal(
        put([
          { timestamp: now - 25 * 3_600_000, message: 'a' },
          { timestamp: now, message: 'b' }
        ])
      )
    ).toEqual(['InvalidParameterException', 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.', 400])
    expect(
      await refusal(logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'nope', logEvents: [{ timestamp: now, message: 'x' }] })))
    ).toEqual(['ResourceNotFoundException', 'The specified log stream does not exist.', 400])
    // an empty message breaks the model (EventMessage has min 1)
    expect((await refusal(put([{ timestamp: now, message: '' }])))[0]).toBe('InvalidParameterException')
  })

  it('GetLogEvents reads back from the end by default: the last N events, oldest first; tokens page back and forward', async () => {
    const t0 = await stream('/ecs/web', 'web/app/t1', 7)
    const q = { logGroupName: '/ecs/web', logStreamName: 'web/app/t1', limit: 3 }
    const last = await logs.send(new GetLogEventsCommand(q))
    expect(messages(last)).toEqual(['line 5', 'line 6', 'line 7'])
    expect(last.events![0]).toEqual({ timestamp: t0 + 4000, message: 'line 5', ingestionTime: expect.any(Number) })
    expect(last.events![0]!.ingestionTime).toBeGreaterThan(t0 + 3_000_000)
    expect(last.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/)
    expect(last.nextForwardToken).toMatch(/^f\/\d{56}\/s$/)
    const before = await logs.send(new GetLogEventsCommand({ ...q, nextToken: last.nextBackwardToken }))
    expect(messages(before)).toEqual(['line 2', 'line 3', 'line 4'])
    const first = await logs.send(new GetLogEventsCommand({ ...q, nextToken: before.nextBackwardToken }))
    expect(messages(first)).toEqual(['line 1'])
    // at the head: nothing more, and the same token back
    const head = await logs.send(new GetLogEventsCommand({ ...q, nextToken: first.nextBackwardToken }))
    expect(messages(head)).toEqual([])
    expect(head.nextBackwardToken).toBe(first.nextBackwardToken)
    // forward from the head
    const fromHead = await logs.send(new GetLogEventsCommand({ ...q, startFromHead: true }))
    expect(messages(fromHead)).toEqual(['line 1', 'line 2', 'line 3'])
    const next = await logs.send(new GetLogEventsCommand({ ...q, nextToken: fromHead.nextForwardToken }))
    expect(messages(next)).toEqual(['line 4', 'line 5', 'line 6'])
    // at the end: the token passed in comes back
    const end = await logs.send(new GetLogEventsCommand({ ...q, nextToken: last.nextForwardToken }))
    expect([messages(end), end.nextForwardToken]).toEqual([[], last.nextForwardToken])
    // a time window [startTime, endTime), by group ARN
    const window = await logs.send(
      new GetLogEventsCommand({
        logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*',
        logStreamName: 'web/app/t1',
        startTime: t0 + 1000,
        endTime: t0 + 4000,
        startFromHead: true
      })
    )
    expect(messages(window)).toEqual(['line 2', 'line 3', 'line 4'])
    // everything, no limit
    expect(messages(await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'web/app/t1' })))).toHaveLength(7)
  })

  it("GetLogEvents' errors: a missing group or stream, both group parameters, a token it did not give", async () => {
    await stream('/ecs/web', 's', 1)
    expect(await refusal(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/nope', logStreamName: 's' })))).toEqual([
      'ResourceNotFoundException',
      'The specified log group does not exist.',
      400
    ])
    expect(await refusal(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'web/app/x' })))).toEqual([
      'ResourceNotFoundException',
      'The specified log stream does not exist.',
      400
    ])
    expect(await refusal(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logGroupIdentifier: '/ecs/web', logStreamName: 's' })))).toEqual([
      'InvalidParameterException',
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
      400
    ])
    expect((await refusal(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's', nextToken: 'x' }))))[0]).toBe(
      'InvalidParameterException'
    )
    expect(await refusal(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's', limit: 0 })))).toEqual([
      'InvalidParameterException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      400
    ])
  })

  it('FilterLogEvents: across streams in time order, by names or prefix, a substring pattern, a window, paged', async () => {
    const t0 = await stream('/ecs/web', 'web/app/a', 4)
    await stream('/ecs/web', 'web/app/b', 3, t0 + 500)
    await stream('/ecs/web', 'api/app/c', 2, t0 + 100)
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web' }))
    expect(all.events!.map((e) => `${e.logStreamName} ${e.message}`)).toEqual([
      'web/app/a line 1',
      'api/app/c line 1',
      'web/app/b line 1',
      'web/app/a line 2',
      'api/app/c line 2',
      'web/app/b line 2',
      'web/app/a line 3',
      'web/app/b line 3',
      'web/app/a line 4'
    ])
    expect(all.events![0]!.eventId).toMatch(/^\d{56}$/)
    expect(new Set(all.events!.map((e) => e.eventId)).size).toBe(9)
    expect(all.searchedLogStreams).toEqual([])
    expect(all.nextToken).toBeUndefined()
    const prefix = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', logStreamNamePrefix: 'web/', filterPattern: 'line 3' }))
    expect(prefix.events!.map((e) => e.logStreamName)).toEqual(['web/app/a', 'web/app/b'])
    const named = await logs.send(
      new FilterLogEventsCommand({ logGroupIdentifier: '/ecs/web', logStreamNames: ['api/app/c'], startTime: t0 + 1100, endTime: t0 + 5000 })
    )
    expect(messages(named)).toEqual(['line 2'])
    const p1 = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: '"line 1"', limit: 2 }))
    expect(messages(p1)).toEqual(['line 1', 'line 1'])
    const p2 = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: '"line 1"', limit: 2, nextToken: p1.nextToken }))
    expect([messages(p2), p2.nextToken]).toEqual([['line 1'], undefined])
    expect(await refusal(logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/nope' })))).toEqual([
      'ResourceNotFoundException',
      'The specified log group does not exist.',
      400
    ])
  })

  it('calls show in the call log as service logs, fault switches included', async () => {
    emu.setFaults({ throttle: { rate: 1, service: 'logs', operations: ['DescribeLogGroups'] } })
    expect(await refusal(logs.send(new DescribeLogGroupsCommand({})))).toEqual(['ThrottlingException', 'Rate exceeded', 400])
    emu.setFaults({})
    await logs.send(new DescribeLogGroupsCommand({}))
    expect(emu.calls().map((c) => `${c.service}:${c.operation}:${c.error ?? c.status}`)).toEqual([
      'logs:DescribeLogGroups:ThrottlingException',
      'logs:DescribeLogGroups:200'
    ])
  })

  it("every answer fits Logs' output shapes: no model issues on the calls", async () => {
    const t0 = await stream('/ecs/web', 'web/app/a', 3)
    await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web' }))
    await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'web/app/a', limit: 2 }))
    await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', startTime: t0 }))
    expect(emu.calls().map((c) => c.status)).toEqual(Array(emu.calls().length).fill(200))
    expect(emu.calls().flatMap((c) => c.modelIssues ?? [])).toEqual([])
    expect(emu.modelIssues()).toEqual([])
  })
})
