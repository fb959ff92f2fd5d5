/**
 * What the log and the job summary know of a release's events: each way has its own events and
 * describes them itself; the report only places them in time.
 */

/** One change worth a line in the log. `at` is AWS's own time of the change where AWS gives one. */
export interface WayEvent {
  kind: string
  at?: Date | undefined
}

/** The end of a release, whatever the way: printed with its duration ("Succeeded after 2m10s"). */
export interface EndEvent extends WayEvent {
  kind: 'end'
  status: string
}

/**
 * How an event is printed. 'timed' (the default): under the time column. 'note': indented under
 * the line before, without a time (an error's text, a rollback that started). 'end': the
 * release's last line, with the time since it started.
 */
export interface EventLine {
  text: string
  form?: 'timed' | 'note' | 'end' | undefined
}

export type DescribeEvent<E extends WayEvent = WayEvent> = (e: E) => EventLine
