/**
 * Where CloudWatch's metric data comes from: GetMetricData and the alarms evaluated from metrics
 * read minute datapoints through this interface (the traffic simulation implements it; tests hand
 * in fakes).
 */
export interface MetricQuery {
  namespace: string
  metricName: string
  dimensions: { Name: string; Value: string }[]
}
export interface MinuteDatum {
  /** Minute start, virtual epoch ms. */
  at: number
  sampleCount: number
  sum: number
  min: number
  max: number
  /** The q-th percentile (0 < q < 100) of this minute's samples. */
  percentile(q: number): number
}
export interface MetricSource {
  /** Datapoints of each whole minute starting in [from, to) (virtual epoch ms), ascending; only minutes with data. undefined: the emulator has no such metric. */
  minutes(q: MetricQuery, from: number, to: number): MinuteDatum[] | undefined
}
