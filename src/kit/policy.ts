/**
 * When to ask next. Quick while something runs that ends at no time known beforehand; while
 * nothing can change until a time AWS itself fixes (a canary or linear step, the end of a wait),
 * one cheap status read now and then, and close together only around that time. So the end is
 * seen within seconds without hammering AWS, whose read APIs throttle per account.
 */
import type { PollPolicy } from '../core/context.js'

export type { PollPolicy } from '../core/context.js'

export const DEFAULT_POLICY: PollPolicy = { minMs: 2000, maxMs: 30000, factor: 1.5 }

/** Longest gap while lifecycle events run (Install, hooks): they end at no time known beforehand. */
export const busyMaxMs = (p: PollPolicy): number => Math.min(10000, p.maxMs)
/** Gap right around a predicted change. */
export const nearMs = (p: PollPolicy): number => Math.min(1000, p.minMs)
/** Longest gap once the predicted end of the release is due: what a late end costs at most. */
export const closeMs = (p: PollPolicy): number => Math.min(3000, busyMaxMs(p))

/**
 * Busy backoff: quick after a change, then slower up to `ceilingMs` (default busyMaxMs) while
 * nothing changes.
 */
export function nextDelay(policy: PollPolicy, previousMs: number | undefined, changed: boolean, ceilingMs = busyMaxMs(policy)): number {
  if (changed || previousMs === undefined) return policy.minMs
  return Math.min(ceilingMs, Math.round(previousMs * policy.factor))
}

/** Reads a policy override from the environment (tests and the bench use it; users need not). */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): PollPolicy {
  const num = (v: string | undefined, d: number): number => (v && Number(v) > 0 ? Number(v) : d)
  return {
    minMs: num(env.ECS_BLUEGREEN_POLL_MIN_MS, DEFAULT_POLICY.minMs),
    maxMs: num(env.ECS_BLUEGREEN_POLL_MAX_MS, DEFAULT_POLICY.maxMs),
    factor: DEFAULT_POLICY.factor
  }
}

// ---------------------------------------------------------------------------------------------
// AWS's clock, seen from ours

/** AWS time `aws` (epoch ms) was reached at a local time between `lo` and `hi` (epoch ms). */
interface Anchor {
  aws: number
  lo: number
  hi: number
}

export interface Prediction {
  /** Best local estimate of when the AWS time is reached (in the past when it is late). */
  at: number
  /** Earliest local time it can be reached, from what was seen and the last read that did not show it. */
  early: number
}

/** A clock running more than this many times ours is not one our observations can predict. */
const MAX_RATE = 100
/** Predict only once the pace is known to within this factor. */
const MAX_SPREAD = 3
/** AWS runs in real time: its clock is taken to run at our pace when what we saw allows it. */
const REAL_TIME = { lo: 0.5, hi: 2, within: 0.05 }

/**
 * Relates AWS timestamps to local time, from AWS's own clock deltas only: each new timestamp a
 * poll shows happened after the previous poll of the same kind was sent and before this one was
 * answered. From those windows come bounds on how fast AWS time runs against ours (1 on AWS; a
 * time-scaled emulator runs faster) and where a future AWS time falls on our clock. Skew between
 * the clocks does not matter: AWS times are only ever compared with each other.
 */
export class AwsClock {
  private readonly anchors: Anchor[] = []
  private readonly seen = new Map<string, Set<number>>()
  private readonly lastSent = new Map<string, number>()

  /**
   * A read of `source` sent at `sentAt` and answered at `receivedAt` showed these AWS times.
   * `after`: a local time they are known to follow when this is the first read of `source` (e.g.
   * lifecycle times follow a GetDeployment that still showed the deployment Created).
   */
  observe(source: string, times: (Date | undefined)[], sentAt: number, receivedAt: number, after?: number): void {
    const seen = this.seen.get(source) ?? new Set<number>()
    const lo = this.lastSent.get(source) ?? after ?? -Infinity
    for (const d of times) {
      const t = d?.getTime()
      if (t === undefined || !Number.isFinite(t) || seen.has(t)) continue
      seen.add(t)
      this.anchors.push({ aws: t, lo, hi: receivedAt })
    }
    if (this.anchors.length > 64) this.anchors.splice(0, this.anchors.length - 64)
    this.seen.set(source, seen)
    this.lastSent.set(source, sentAt)
  }

  /**
   * An answer's Date header said `date` (AWS's clock, to the second) to a request sent at `sentAt`
   * and answered at `receivedAt`: AWS time `date` was reached by the answer, and `date` plus a
   * second not yet when the request went out. Every call gives this, so the pace is known within
   * a few calls, and a wait's end is placed without a read of what is waited for.
   */
  observeDate(date: number, sentAt: number, receivedAt: number): void {
    this.bound(date, -Infinity, receivedAt)
    this.bound(date + 1000, sentAt, Infinity)
  }

  /** Keeps one anchor per AWS time, narrowed by each new window. */
  private bound(aws: number, lo: number, hi: number): void {
    const a = this.anchors.find((x) => x.aws === aws)
    if (a) {
      a.lo = Math.max(a.lo, lo)
      a.hi = Math.min(a.hi, hi)
      return
    }
    this.anchors.push({ aws, lo, hi })
    if (this.anchors.length > 64) this.anchors.splice(0, this.anchors.length - 64)
  }

  /** Whether AWS time seems to run so much faster than ours that predicting is pointless. */
  tooFast(): boolean {
    return this.rate().lo > MAX_RATE
  }

  /** When `source` was last read (sent), if ever. */
  lastRead(source: string): number | undefined {
    return this.lastSent.get(source)
  }

  /** Bounds on AWS ms per local ms, from every pair of windows (plus an event not seen yet). */
  private rate(extra?: Anchor): { lo: number; hi: number } {
    const all = extra ? [...this.anchors, extra] : this.anchors
    let lo = 0
    let hi = Infinity
    for (const a of all) {
      for (const b of all) {
        const dt = b.aws - a.aws
        if (dt <= 0) continue
        if (Number.isFinite(a.lo) && b.hi - a.lo > 0) lo = Math.max(lo, dt / (b.hi - a.lo))
        if (b.lo - a.hi > 0) hi = Math.min(hi, dt / (b.lo - a.hi))
      }
    }
    return { lo, hi }
  }

  /**
   * Where AWS time `aws` falls on our clock. `notBefore`: a read sent then did not show it yet.
   * Undefined when what we saw is too coarse or contradictory to say.
   */
  predict(aws: number, notBefore?: number): Prediction | undefined {
    const known = this.rate()
    const pending = notBefore !== undefined ? this.rate({ aws, lo: notBefore, hi: Infinity }) : known
    const lo = Math.max(known.lo, pending.lo)
    const hi = Math.min(known.hi, pending.hi)
    if (!(lo > 0) || lo > hi * (1 + REAL_TIME.within)) return undefined
    let r: number
    let early: number
    if (lo <= 1 + REAL_TIME.within && hi >= 1 - REAL_TIME.within && lo >= REAL_TIME.lo && hi <= REAL_TIME.hi) {
      r = 1
      early = this.reach(aws, 1, 'lo')
    } else {
      // Until the windows seen pin the pace down, there is nothing to predict from.
      if (hi / lo > MAX_SPREAD) return undefined
      r = Math.sqrt(lo * hi)
      // Only what was seen bounds how early: not having seen it yet says nothing about how soon.
      early = Number.isFinite(known.hi) ? this.reach(aws, known.hi, 'lo') : -Infinity
    }
    if (r > MAX_RATE) return undefined
    const first = this.reach(aws, r, 'lo')
    const last = this.reach(aws, r, 'hi')
    if (!Number.isFinite(last)) return undefined
    const at = Number.isFinite(first) && first <= last ? (first + last) / 2 : last
    return { at: Math.max(at, early), early: Math.max(early, notBefore ?? -Infinity) }
  }

  /** The tightest local bound on reaching `aws` at rate r, from the anchors before it. */
  private reach(aws: number, r: number, side: 'lo' | 'hi'): number {
    let out = side === 'lo' ? -Infinity : Infinity
    for (const a of this.anchors) {
      if (a.aws > aws) continue
      const at = (side === 'lo' ? a.lo : a.hi) + (aws - a.aws) / r
      out = side === 'lo' ? Math.max(out, at) : Math.min(out, at)
    }
    return out
  }
}

// ---------------------------------------------------------------------------------------------
// The next poll

/**
 * The next change AWS has scheduled, in AWS time, and which of the two reads of a look shows it:
 * the status read (CodeDeploy's GetDeployment: it shows the end) or the detail read (the
 * deployment target: it shows a traffic step).
 */
export interface Expected {
  aws: number
  in: 'detail' | 'status'
  /** The release ends then: how soon it is seen is what the job waits for. */
  end: boolean
}

export interface NextPoll {
  delayMs: number
  /** Whether that look needs the detail read (when it may show a change). */
  detail: boolean
  /**
   * Whether it needs the status read. Only a traffic step is looked for in the detail alone: a
   * stop or a failure would show there too (and then the status is read at once).
   */
  status: boolean
}

/**
 * The gap before the next look. Without an expected change (or a clock to place it on): the busy
 * backoff. With one: a status read every maxMs until it draws near (it would show a failure or a
 * stop), then looks close around it; the detail is read only when the change may be in it.
 */
export function nextPoll(
  policy: PollPolicy,
  o: { now: number; previousMs?: number | undefined; changed: boolean; expected?: Expected | undefined; clock?: AwsClock | undefined }
): NextPoll {
  const busy = { delayMs: nextDelay(policy, o.previousMs, o.changed), detail: true, status: true }
  const x = o.expected
  if (!x || !o.clock) return busy
  const lastStatus = o.clock.lastRead('status')
  const statusDue = (delayMs: number): boolean => lastStatus === undefined || o.now + delayMs - lastStatus >= policy.maxMs
  const p = o.clock.predict(x.aws, o.clock.lastRead(x.in))
  if (!p && o.clock.tooFast()) return busy
  if (!p) {
    // Its time is set but our clock cannot place it yet: the end is looked for often (only the
    // status read shows it), a step in the detail alone.
    if (x.end) return { delayMs: Math.min(closeMs(policy), busy.delayMs), detail: false, status: true }
    return { delayMs: busy.delayMs, detail: true, status: statusDue(busy.delayMs) }
  }
  const near = nearMs(policy)
  const now = o.now
  let delayMs: number
  if (x.end) {
    // How soon the end is seen is what the job waits for: from the earliest it can be, never
    // more than closeMs apart; known to within a second or two, one look just after it.
    const first = p.at - p.early <= 2 * near ? p.at + near / 4 : p.early
    if (now < first - near / 4) delayMs = first - now
    else delayMs = Math.min(closeMs(policy), Math.max(now < p.at ? near : near / 2, Math.abs(p.at - now) / 2))
  } else {
    // A traffic step: one look just after its predicted time, then backing off if it is late.
    const first = p.at + near / 4
    if (now < first - near / 4) delayMs = first - now
    else delayMs = Math.min(busyMaxMs(policy), Math.max(near / 2, (now - p.at) / 2))
  }
  if (delayMs > policy.maxMs) return { delayMs: policy.maxMs, detail: false, status: true }
  delayMs = Math.round(delayMs)
  if (x.end) return { delayMs, detail: false, status: true }
  return { delayMs, detail: true, status: statusDue(delayMs) }
}
