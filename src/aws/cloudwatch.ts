/** The CloudWatch calls: the state of the alarms a release watches, and the metrics its analysis compares. */
import { DescribeAlarmsCommand, CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { abortable } from './abortable.js'
import { provideClient } from './clients.js'

provideClient('cloudwatch', (config) => new CloudWatchClient(config))

/** Each alarm's state (OK, ALARM, INSUFFICIENT_DATA) and the reason AWS gives; alarms that do not exist are absent. */
export async function alarmStates(cw: CloudWatchClient, names: string[]): Promise<{ alarms: Record<string, string>; reasons: Record<string, string> }> {
  if (!names.length) return { alarms: {}, reasons: {} }
  const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names, MaxRecords: 100 }))
  const alarms: Record<string, string> = {}
  const reasons: Record<string, string> = {}
  for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
    alarms[a.AlarmName!] = a.StateValue ?? 'INSUFFICIENT_DATA'
    if (a.StateReason) reasons[a.AlarmName!] = a.StateReason
  }
  return { alarms, reasons }
}

/** Every query's datapoints between start and end (AWS times), oldest first, all pages. */
export async function metricData(
  cw: CloudWatchClient,
  queries: MetricDataQuery[],
  start: Date,
  end: Date,
  signal?: AbortSignal
): Promise<Map<string, { at: number; value: number }[]>> {
  const out = new Map<string, { at: number; value: number }[]>()
  let NextToken: string | undefined
  do {
    const r = await cw.send(
      new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', NextToken }),
      abortable(signal)
    )
    for (const m of r.MetricDataResults ?? []) {
      const list = out.get(m.Id!) ?? []
      ;(m.Timestamps ?? []).forEach((t, i) => list.push({ at: t.getTime(), value: m.Values![i]! }))
      out.set(m.Id!, list)
    }
    const refused = (r.Messages ?? []).find((x) => x.Code && x.Code !== 'Complete')
    if (refused) throw new Error(`GetMetricData: ${refused.Code}: ${refused.Value ?? ''}`)
    NextToken = r.NextToken
  } while (NextToken)
  for (const list of out.values()) list.sort((a, b) => a.at - b.at)
  return out
}
