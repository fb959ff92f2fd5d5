/**
 * Canary analysis as the ways see it: while both sides take traffic, the new side's metrics are
 * compared with the old side's after each interval (src/kit/analysis/). A way tells where the
 * traffic is from its own look, and which target groups each side has; the analysis does the rest
 * inside the one poll loop, and says when the release must be rolled back.
 */

/** Production traffic of each side, in percent, as the way's last look shows it. */
export interface TrafficSplit {
  green: number
  blue: number
}

/** Each side's target group, by ARN or by name (CodeDeploy names its groups). */
export interface Sides {
  green: string
  blue: string
}

/** What a way tells the analysis about its look `S`. */
export interface Judged<S> {
  /** Where the traffic is now; undefined while the release has not reached its traffic (or is past it). */
  split(s: S): TrafficSplit | undefined
  /** Which target group serves which side; asked once, when both sides first take traffic. */
  sides(s: S): Sides | Promise<Sides>
}

/** Why the analysis failed the new revision: a metric broke its rule in too many intervals. */
export interface AnalysisFailure {
  metric: string
  /** AWS's time when it was judged (epoch ms): the way's line about its rollback goes there. */
  at: number
  /** One sentence, the release's cause: "Canary analysis: 5xx ... in 2 of the last 3 intervals". */
  cause: string
}

/** The analysis inside one watch: the poll loop asks it after each look. */
export interface Judge<S> {
  /** Reads and judges each interval that ended since the last look; a failure ends the watch (not in a dry run). */
  afterLook(s: S, signal?: AbortSignal): Promise<AnalysisFailure | undefined>
  /** Local ms from `now` until the next interval can be read: the loop looks by then. Undefined: no need. */
  dueInMs(now: number): number | undefined
}

/** One metric in one interval, for the job summary's table. */
export interface AnalysisRow {
  /** The interval's end on the log's time column: "03:00". */
  at: string
  metric: string
  green: string
  blue: string
  rule: string
  verdict: 'ok' | 'fail' | 'inconclusive'
}

export interface AnalysisReport {
  dryRun: boolean
  /** What was compared: "green web-green vs blue web-blue, every 1 min". */
  setup?: string | undefined
  rows: AnalysisRow[]
  /** The failure that rolled the release back (or would have, in a dry run). */
  failure?: AnalysisFailure | undefined
}

/** A release's analysis, built once when 'analysis' is given, shared by every watch of the release. */
export interface Analysis {
  judge<S>(w: Judged<S>): Judge<S>
  report(): AnalysisReport
}
