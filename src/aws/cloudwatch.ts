/** The CloudWatch calls: the state of the alarms a release watches. */
import { DescribeAlarmsCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch'
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
