/** CloudWatch Logs: a container's awslogs stream, as it is written (a pre-release task) or its last lines (a failed release); whether a log group exists (mode plan). */
import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetLogEventsCommand, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs'
import { abortable } from './abortable.js'
import { provideClient } from './clients.js'

provideClient('logs', (config) => new CloudWatchLogsClient(config))

export interface LogLine {
  at?: Date | undefined
  message: string
}

/** Whether a log group of exactly this name exists (mode plan: a missing awslogs group stops every task at start). */
export async function logGroupExists(logs: CloudWatchLogsClient, name: string): Promise<boolean> {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }))
  return (out.logGroups ?? []).some((g) => g.logGroupName === name)
}

const logLine = (e: OutputLogEvent): LogLine => ({
  at: e.timestamp === undefined ? undefined : new Date(e.timestamp),
  message: (e.message ?? '').replace(/\r?\n$/, '')
})

/** The newest `lines` events of one stream, oldest first (GetLogEvents reading back from the end). */
export async function logTail(logs: CloudWatchLogsClient, o: { group: string; stream: string; lines: number }): Promise<LogLine[]> {
  const out = await logs.send(new GetLogEventsCommand({ logGroupName: o.group, logStreamName: o.stream, limit: o.lines, startFromHead: false }))
  return (out.events ?? []).map(logLine)
}

/**
 * The events of one stream after `token` (from its head without one), oldest first, and the token
 * to read on from: the same token back means nothing new yet.
 */
export async function logAfter(
  logs: CloudWatchLogsClient,
  o: { group: string; stream: string; token?: string | undefined },
  signal?: AbortSignal
): Promise<{ lines: LogLine[]; token: string | undefined }> {
  const out = await logs.send(
    new GetLogEventsCommand({ logGroupName: o.group, logStreamName: o.stream, startFromHead: true, ...(o.token ? { nextToken: o.token } : {}) }),
    abortable(signal)
  )
  return { lines: (out.events ?? []).map(logLine), token: out.nextForwardToken ?? o.token }
}
