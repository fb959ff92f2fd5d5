/** CloudWatch Logs: the last lines of a container's awslogs stream, for a failed release. */
import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
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

/** The newest `lines` events of one stream, oldest first (GetLogEvents reading back from the end). */
export async function logTail(logs: CloudWatchLogsClient, o: { group: string; stream: string; lines: number }): Promise<LogLine[]> {
  const out = await logs.send(new GetLogEventsCommand({ logGroupName: o.group, logStreamName: o.stream, limit: o.lines, startFromHead: false }))
  return (out.events ?? []).map((e) => ({
    at: e.timestamp === undefined ? undefined : new Date(e.timestamp),
    message: (e.message ?? '').replace(/\r?\n$/, '')
  }))
}
