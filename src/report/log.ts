import type { Log } from '../core/context.js'
import type { DescribeEvent, EndEvent, EventLine, WayEvent } from '../core/events.js'
import { clock, duration } from './format.js'

export interface TimelineRow {
  /** ms from the start of the release */
  offsetMs: number
  text: string
  event: WayEvent
}

/**
 * Writes the release to the job log, one line per change, with a time column from the release's
 * creation (AWS's clock where AWS gives a time), and keeps the timeline for the job summary. The
 * way describes its own events; the log only places them.
 */
export class ReleaseLog<E extends WayEvent = WayEvent> implements Log<E> {
  readonly timeline: TimelineRow[] = []
  private origin?: number | undefined
  private localOrigin?: number | undefined
  private onAwsClock = false

  constructor(
    private readonly write: (line: string) => void,
    private readonly describe: DescribeEvent<E> = (e) => ({ text: e.kind })
  ) {}

  line(text: string): void {
    this.write(text)
  }

  /** Starts the time column at the release's creation. */
  start(createTime: Date | undefined, localNow = Date.now()): void {
    this.origin = createTime?.getTime() ?? localNow
    this.localOrigin = localNow
    this.onAwsClock = createTime !== undefined
  }

  now(aws?: number): number {
    if (aws !== undefined && this.onAwsClock && this.origin !== undefined) return aws - this.origin
    return this.offset(undefined)
  }

  offset(at: Date | undefined, localNow = Date.now()): number {
    if (at && this.origin !== undefined) return at.getTime() - this.origin
    return localNow - (this.localOrigin ?? localNow)
  }

  event(e: E | EndEvent): void {
    const offsetMs = this.offset(e.at)
    const line: EventLine = isEnd(e) ? { text: e.status, form: 'end' } : this.describe(e as E)
    this.timeline.push({ offsetMs, text: line.text, event: e })
    if (line.form === 'note') this.write(`         ${line.text}`)
    else if (line.form === 'end') this.write(`  ${clock(offsetMs)}  ${line.text} after ${duration(offsetMs)}`)
    else this.write(`  ${clock(offsetMs)}  ${line.text}`)
  }
}

function isEnd(e: WayEvent): e is EndEvent {
  return e.kind === 'end'
}
