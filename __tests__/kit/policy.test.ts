import { describe, expect, it } from '@jest/globals'
import { AwsClock, DEFAULT_POLICY, closeMs, nextDelay, nextPoll, type Expected } from '../../src/kit/policy.js'

const MIN = 60_000

/**
 * Polls a deployment whose AWS clock reads `aws(local)`: at each local poll time, the status read
 * shows the deployment times reached by then and, from `targetFrom` on, the target shows the
 * lifecycle times reached by then. Answers take 40 ms.
 */
function observe(o: { aws: (local: number) => number; deployment: number[]; target: number[]; polls: number[]; targetFrom?: number | undefined }): AwsClock {
  const clock = new AwsClock()
  let notStarted: number | undefined
  for (const t of o.polls) {
    const now = o.aws(t)
    const d = o.deployment.filter((x) => x <= now)
    clock.observe(
      'status',
      d.map((x) => new Date(x)),
      t,
      t + 40
    )
    if (d.length < 2) notStarted = t
    if (t >= (o.targetFrom ?? 0) && d.length >= 2)
      clock.observe(
        'detail',
        o.target.filter((x) => x <= now).map((x) => new Date(x)),
        t + 40,
        t + 80,
        notStarted
      )
  }
  return clock
}

/** A release on AWS's clock: created at c, started 3 s later, lifecycle times after that. */
function release(c: number, scale: number): { deployment: number[]; target: number[] } {
  const s = (seconds: number): number => c + seconds * 1000
  return { deployment: [s(0), s(3)], target: [s(3), s(4), s(4), s(95), s(96), s(97), s(98), s(99), s(100)].map((x, i) => x + i * scale) }
}

describe('AwsClock', () => {
  it('on AWS (our pace, its clock 7 s ahead) places a time 5 minutes on to within a second or two', () => {
    const skew = 7000
    const aws = (t: number): number => t + skew
    const c = 1_000_000
    const r = release(c + skew, 0)
    // Polls as the busy backoff makes them: 2, 3, 4.5, 6.75, 10 s apart, through the first 100 s.
    const polls = [
      c,
      c + 2000,
      c + 5000,
      c + 9500,
      c + 16250,
      c + 26250,
      c + 36250,
      c + 46250,
      c + 56250,
      c + 66250,
      c + 76250,
      c + 86250,
      c + 96250,
      c + 102250
    ]
    const clock = observe({ aws, ...r, polls })
    const end = r.target.at(-1)! + 5 * MIN
    const p = clock.predict(end, polls.at(-1))!
    expect(p).toBeDefined()
    expect(Math.abs(p.at - (end - skew))).toBeLessThan(2000)
    expect(p.at - p.early).toBeLessThan(2000)
    expect(p.early).toBeLessThanOrEqual(end - skew)
  })

  it('in an emulator running 20x, finds that pace from the timestamps and places a time on it', () => {
    const t0 = 5_000_000
    const aws = (t: number): number => 1_700_000_000_000 + (t - t0) * 20
    const c = aws(t0)
    const r = release(c, 20)
    // Polls 200 ms apart through the first 100 virtual seconds (5 real seconds).
    const polls = Array.from({ length: 27 }, (_, i) => t0 + 10 + i * 200)
    const clock = observe({ aws, ...r, polls })
    const end = r.target.at(-1)! + 5 * MIN // 15 real seconds later
    const truth = t0 + (end - c) / 20
    const p = clock.predict(end, polls.at(-1))!
    expect(p).toBeDefined()
    expect(Math.abs(p.at - truth)).toBeLessThan(1500)
    expect(p.early).toBeLessThanOrEqual(truth)
    expect(clock.tooFast()).toBe(false)
  })

  it("from answers' Date headers alone (to the second), places a time at AWS's pace, 1x or 20x, within a few calls", () => {
    for (const scale of [1, 20]) {
      const t0 = 5_000_000
      const aws = (t: number): number => 1_700_000_000_000 + (t - t0) * scale
      const clock = new AwsClock()
      // Calls 40 ms long, 2 s apart for 20 s: the server stamps its second halfway through each.
      for (let t = t0; t <= t0 + 20_000; t += 2000) clock.observeDate(Math.floor(aws(t + 20) / 1000) * 1000, t, t + 40)
      const target = aws(t0 + 20_000) + 5 * MIN
      const truth = t0 + 20_000 + (5 * MIN) / scale
      const p = clock.predict(target)!
      expect(p).toBeDefined()
      expect(Math.abs(p.at - truth)).toBeLessThan(scale === 1 ? 2500 : 1000)
      expect(p.early).toBeLessThanOrEqual(truth)
    }
  })

  it('predicts nothing from one window, nor for a clock too fast to follow', () => {
    const t0 = 5_000_000
    const aws = (t: number): number => 1_700_000_000_000 + (t - t0) * 20
    const r = release(aws(t0), 20)
    // Created, then everything up to AllowTraffic in one read: no pace to be had.
    const coarse = observe({ aws, ...r, polls: [t0, t0 + 6000] })
    expect(coarse.predict(r.target.at(-1)! + 5 * MIN, t0 + 6000)).toBeUndefined()

    const fast = (t: number): number => 1_700_000_000_000 + (t - t0) * 10_000
    const f = release(fast(t0), 10_000)
    const tooFast = observe({ aws: fast, ...f, polls: [t0, t0 + 2, t0 + 5, t0 + 9, t0 + 14, t0 + 20] })
    expect(tooFast.tooFast()).toBe(true)
    expect(tooFast.predict(f.target.at(-1)! + 5 * MIN, t0 + 20)).toBeUndefined()
  })
})

describe('nextPoll', () => {
  const skew = 7000
  const c = 1_000_000
  const r = release(c + skew, 0)
  const polls = [c, c + 2000, c + 5000, c + 9500, c + 16250, c + 26250, c + 36250, c + 46250, c + 56250, c + 66250, c + 76250, c + 86250, c + 96250, c + 102250]
  const now = polls.at(-1)! + 100
  const clock = (): AwsClock => observe({ aws: (t) => t + skew, ...r, polls })

  it('backs off as before when nothing is scheduled', () => {
    expect(nextPoll(DEFAULT_POLICY, { now, changed: true })).toEqual({ delayMs: 2000, detail: true, status: true })
    expect(nextPoll(DEFAULT_POLICY, { now, previousMs: 6750, changed: false, clock: clock() })).toEqual({
      delayMs: nextDelay(DEFAULT_POLICY, 6750, false),
      detail: true,
      status: true
    })
  })

  it('waits for the end of the wait before blue goes with one the status read every maxMs, then looks just after it', () => {
    const end: Expected = { aws: r.target.at(-1)! + 5 * MIN, in: 'status', end: true }
    const k = clock()
    const far = nextPoll(DEFAULT_POLICY, { now, changed: true, expected: end, clock: k })
    expect(far).toEqual({ delayMs: DEFAULT_POLICY.maxMs, detail: false, status: true })
    const localEnd = end.aws - skew
    const near = nextPoll(DEFAULT_POLICY, { now: localEnd - 10_000, changed: false, expected: end, clock: k })
    expect(near.detail).toBe(false)
    expect(near.delayMs).toBeGreaterThan(8000)
    expect(near.delayMs).toBeLessThan(13_000)
    // Late: never more than closeMs apart.
    const late = nextPoll(DEFAULT_POLICY, { now: localEnd + 60_000, changed: false, expected: end, clock: k })
    expect(late.delayMs).toBeLessThanOrEqual(closeMs(DEFAULT_POLICY))
  })

  it('looks for a traffic step in the detail read alone, just after its time, while the status read was read lately', () => {
    const k = clock()
    const step: Expected = { aws: r.target.at(-1)! + 20_000, in: 'detail', end: false }
    const p = nextPoll(DEFAULT_POLICY, { now, changed: true, expected: step, clock: k })
    expect(p.detail).toBe(true)
    expect(p.status).toBe(false)
    const due = step.aws - skew
    expect(now + p.delayMs).toBeGreaterThanOrEqual(due - 2000)
    expect(now + p.delayMs).toBeLessThanOrEqual(due + 2000)
    // Once maxMs has passed since the last the status read, it is read again.
    const later = nextPoll(DEFAULT_POLICY, {
      now: polls.at(-1)! + DEFAULT_POLICY.maxMs,
      changed: false,
      expected: { ...step, aws: step.aws + 30_000 },
      clock: k
    })
    expect(later.status).toBe(true)
  })
})
