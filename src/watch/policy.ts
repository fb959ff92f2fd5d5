/**
 * When to ask next. Quick while things change, backing off while nothing does (a bake, the wait
 * before blue is removed), so the end is seen within seconds without hammering CodeDeploy, whose
 * read APIs throttle at a few calls per second per account.
 */
export interface PollPolicy {
  minMs: number
  maxMs: number
  factor: number
}

export const DEFAULT_POLICY: PollPolicy = { minMs: 2000, maxMs: 10000, factor: 1.5 }

export function nextDelay(policy: PollPolicy, previousMs: number | undefined, changed: boolean): number {
  if (changed || previousMs === undefined) return policy.minMs
  return Math.min(policy.maxMs, Math.round(previousMs * policy.factor))
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
