import type { ReleaseEvent } from '../watch/events.js'
import type { Diagnosis } from '../watch/diagnose.js'
import { clock, describeEvent, duration } from './format.js'

export interface TimelineRow {
  /** ms from the start of the deployment */
  offsetMs: number
  text: string
  event: ReleaseEvent
}

/**
 * Writes the release to the job log, one line per change, with a time column from the deployment's
 * creation (AWS's clock where AWS gives a time), and keeps the timeline for the job summary.
 */
export class ReleaseLog {
  readonly timeline: TimelineRow[] = []
  private origin?: number
  private localOrigin?: number

  /** Lambda hooks by lifecycle event, named on their event's line. */
  hooks = new Map<string, string>()

  constructor(private readonly write: (line: string) => void) {}

  line(text: string): void {
    this.write(text)
  }

  /** Starts the time column at the deployment's creation. */
  start(createTime: Date | undefined, localNow = Date.now()): void {
    this.origin = createTime?.getTime() ?? localNow
    this.localOrigin = localNow
  }

  offset(at: Date | undefined, localNow = Date.now()): number {
    if (at && this.origin !== undefined) return at.getTime() - this.origin
    return localNow - (this.localOrigin ?? localNow)
  }

  event(e: ReleaseEvent): void {
    const offsetMs = this.offset(e.at)
    const hook = e.kind === 'lifecycle' ? this.hooks.get(e.name) : undefined
    const text = hook ? `${describeEvent(e).padEnd(56)}hook ${hook}` : describeEvent(e)
    this.timeline.push({ offsetMs, text, event: e })
    if (e.kind === 'error' || e.kind === 'rollback') this.write(`         ${text}`)
    else if (e.kind === 'status' && ['Succeeded', 'Failed', 'Stopped'].includes(e.status))
      this.write(`  ${clock(offsetMs)}  ${e.status} after ${duration(offsetMs)}`)
    else this.write(`  ${clock(offsetMs)}  ${text}`)
  }

  /** The green tasks that stopped, grouped by what they said, and the service events that tell why. */
  diagnosis(d: Diagnosis): void {
    const groups = new Map<string, string[]>()
    for (const t of d.stoppedTasks) {
      const c = t.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0) ?? t.containers[0]
      const what = c ? `${c.name ?? 'container'} exited ${c.exitCode ?? '?'}${c.reason ? ` (${c.reason})` : ''}` : 'stopped'
      const key = `${what}: ${t.stoppedReason ?? 'no reason given'}`
      groups.set(key, [...(groups.get(key) ?? []), t.taskId.slice(0, 8)])
    }
    if (d.stoppedTasks.length) this.write(`         green tasks stopped: ${d.stoppedTasks.length}`)
    for (const [key, tasks] of groups) {
      const list = tasks.length > 3 ? `${tasks.slice(0, 3).join(', ')} and ${tasks.length - 3} more` : tasks.join(', ')
      this.write(`           ${key} (task${tasks.length > 1 ? 's' : ''} ${list})`)
    }
    for (const e of d.serviceEvents) this.write(`         service event ${e.at ? clock(this.offset(e.at)) : ''}: ${e.message}`)
  }
}
