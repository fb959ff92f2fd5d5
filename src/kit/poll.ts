/**
 * The one poll loop every way watches its release with: look, compare with the look before (pure),
 * report each change once, and stop at a verdict, at the deadline ('wait-for-minutes'), at the end
 * of a wait (a bake), when the canary analysis fails the new side, or when the job is cancelled.
 * A look that fails after the SDK's own retries is reported and tried again, up to a limit.
 */
import type { AnalysisFailure, Judge } from '../core/analysis.js'
import type { Context, PollPolicy } from '../core/context.js'
import { describeError } from '../core/errors.js'
import type { WayEvent } from '../core/events.js'
import { nextDelay } from './policy.js'

/** Consecutive failed looks after which the watch gives up (each look already retried by the SDK). */
export const MAX_FAILED_LOOKS = 20

/** What a way supplies to be watched. */
export interface Watched<S, E extends WayEvent, V> {
  /** What is watched, for the warning when a look fails: "deployment d-X". */
  what: string
  /** One look at the release (reads AWS). */
  look(prev: S | undefined, signal?: AbortSignal): Promise<S>
  /** What changed from one look to the next. Pure: a change is reported once however often we look. */
  compare(prev: S | undefined, next: S): E[]
  /** Where it stands: a verdict ends the watch; undefined looks again. */
  verdict(s: S): V | undefined
  /**
   * The gap before the next look, when the way knows when the next change is due (CodeDeploy's
   * scheduled traffic steps). Default: the policy's busy backoff.
   */
  nextDelay?(o: { changed: boolean; failed: boolean; previousMs: number | undefined; snapshot: S | undefined }): number
}

export interface PollOptions<S, E> {
  /** Epoch ms after which the watch ends 'timeout'. */
  deadline: number
  /** Epoch ms at which a wait (a bake) is over: the watch ends 'elapsed'. */
  until?: number | undefined
  signal?: AbortSignal | undefined
  policy: PollPolicy
  /** The longest gap of the busy backoff; default the policy's busy maximum. */
  ceilingMs?: number | undefined
  /** The look to compare the first one with: what it shows was already reported. */
  from?: S | undefined
  onEvent: (e: E, snapshot: S) => void
  /** A failed look, once per distinct error; default: nothing is said. */
  warn?: ((message: string) => void) | undefined
  now?: (() => number) | undefined
  /** The canary analysis, asked after each look that reached no verdict: a failure ends the watch 'judged'. */
  judge?: Judge<S> | undefined
}

export type PollEnd<S, V> =
  | { end: 'done'; verdict: V; snapshot: S }
  | { end: 'judged'; failure: AnalysisFailure; snapshot: S }
  | { end: 'timeout' | 'aborted' | 'elapsed'; snapshot: S | undefined }

export async function poll<S, E extends WayEvent, V>(w: Watched<S, E, V>, o: PollOptions<S, E>): Promise<PollEnd<S, V>> {
  const now = o.now ?? Date.now
  let last = o.from
  let delay: number | undefined
  let failures = 0
  let lastError = ''
  for (;;) {
    if (o.signal?.aborted) return { end: 'aborted', snapshot: last }
    let changed = false
    let failed = false
    try {
      const s = await w.look(last, o.signal)
      const events = w.compare(last, s)
      for (const e of events) o.onEvent(e, s)
      changed = events.length > 0
      last = s
      failures = 0
      const v = w.verdict(s)
      if (v !== undefined) return { end: 'done', verdict: v, snapshot: s }
      const failure = await o.judge?.afterLook(s, o.signal)
      if (failure) return { end: 'judged', failure, snapshot: s }
    } catch (err) {
      if (o.signal?.aborted) return { end: 'aborted', snapshot: last }
      if (++failures >= MAX_FAILED_LOOKS) throw err
      failed = true
      const text = describeError(err)
      if (text !== lastError) o.warn?.(`Polling ${w.what} failed (${text}); still watching.`)
      lastError = text
    }
    const t = now()
    if (o.until !== undefined && t >= o.until) return { end: 'elapsed', snapshot: last }
    if (t >= o.deadline) return { end: 'timeout', snapshot: last }
    delay = w.nextDelay?.({ changed, failed, previousMs: delay, snapshot: last }) ?? nextDelay(o.policy, delay, changed, o.ceilingMs)
    const wait = Math.max(10, Math.min(delay, (o.until ?? o.deadline) - t, o.deadline - t, o.judge?.dueInMs(t) ?? Infinity))
    if (!(await sleep(wait, o.signal))) return { end: 'aborted', snapshot: last }
  }
}

/**
 * The poll loop as a release's watch: each change a line of the release's log, a failed look a
 * warning, and while nothing changes looks backing off to the policy's maxMs (what is watched ends
 * at no time known beforehand).
 */
export function watchRelease<S, E extends WayEvent, V>(
  ctx: Pick<Context<unknown, E>, 'log' | 'policy' | 'warn'>,
  w: Watched<S, E, V>,
  o: Pick<PollOptions<S, E>, 'deadline' | 'until' | 'signal' | 'from' | 'judge'>
): Promise<PollEnd<S, V>> {
  return poll(w, { ...o, policy: ctx.policy, ceilingMs: ctx.policy.maxMs, onEvent: (e) => ctx.log.event(e), warn: ctx.warn })
}

/** Resolves true after ms, or false as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
