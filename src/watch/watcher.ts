import {
  BatchGetDeploymentTargetsCommand,
  GetDeploymentCommand,
  ListDeploymentTargetsCommand,
  type CodeDeployClient
} from '@aws-sdk/client-codedeploy'
import { carryTarget, compare, TERMINAL, type ReleaseEvent, type Snapshot } from './events.js'
import { DEFAULT_POLICY, nextDelay, type PollPolicy } from './policy.js'

export type WatchUntil = 'complete' | 'ready' | 'traffic-shifted'
export type WatchEnd = 'terminal' | 'ready' | 'traffic-shifted' | 'timeout' | 'aborted'

export interface WatchOptions {
  deploymentId: string
  until: WatchUntil
  /** Epoch ms after which the watch ends with 'timeout'. */
  deadline: number
  onEvent: (event: ReleaseEvent, snapshot: Snapshot) => void
  /** A poll that failed after the SDK's own retries: reported, then the watch goes on. */
  onPollError?: (err: unknown) => void
  signal?: AbortSignal
  policy?: PollPolicy
  now?: () => number
  /** Resume from this snapshot: what it shows was already reported. */
  from?: Snapshot
}

export interface WatchResult {
  end: WatchEnd
  snapshot: Snapshot
}

/** Consecutive failed polls after which the watch gives up (each poll already retried by the SDK). */
const MAX_FAILED_POLLS = 20

/**
 * Follows one CodeDeploy deployment and reports each change once, as it happens. Owns the polling
 * policy: what to ask (targets only while they can change) and when (see policy.ts).
 */
export async function watchDeployment(cd: CodeDeployClient, o: WatchOptions): Promise<WatchResult> {
  const policy = o.policy ?? DEFAULT_POLICY
  const now = o.now ?? Date.now
  let targetId: string | undefined
  let last: Snapshot | undefined = o.from
  let delay: number | undefined
  let failures = 0

  for (;;) {
    let changed = false
    try {
      const deployment = (await cd.send(new GetDeploymentCommand({ deploymentId: o.deploymentId }), { abortSignal: o.signal })).deploymentInfo
      if (!deployment) throw new Error(`GetDeployment returned no deployment for ${o.deploymentId}`)
      let target
      if (wantsTarget(last, deployment.status)) {
        targetId ??= (await cd.send(new ListDeploymentTargetsCommand({ deploymentId: o.deploymentId }), { abortSignal: o.signal })).targetIds?.[0]
        if (targetId) {
          const out = await cd.send(new BatchGetDeploymentTargetsCommand({ deploymentId: o.deploymentId, targetIds: [targetId] }), { abortSignal: o.signal })
          target = out.deploymentTargets?.[0]?.ecsTarget
        }
      }
      const snapshot = carryTarget(last, { deployment, target })
      const events = compare(last, snapshot)
      for (const e of events) o.onEvent(e, snapshot)
      changed = events.length > 0
      last = snapshot
      failures = 0
      const end = reached(snapshot, o.until)
      if (end) return { end, snapshot }
    } catch (err) {
      if (o.signal?.aborted) return { end: 'aborted', snapshot: last ?? emptySnapshot(o.deploymentId) }
      if (++failures >= MAX_FAILED_POLLS) throw err
      o.onPollError?.(err)
    }
    delay = nextDelay(policy, delay, changed)
    const wait = Math.min(delay, Math.max(0, o.deadline - now()))
    if (wait <= 0 && now() >= o.deadline) return { end: 'timeout', snapshot: last ?? emptySnapshot(o.deploymentId) }
    if (!(await sleep(wait, o.signal))) return { end: 'aborted', snapshot: last ?? emptySnapshot(o.deploymentId) }
    if (now() >= o.deadline) return { end: 'timeout', snapshot: last ?? emptySnapshot(o.deploymentId) }
  }
}

/**
 * Targets change only while the deployment runs, and not during the wait before blue is removed;
 * one more fetch when it ends gives the final lifecycle and traffic.
 */
function wantsTarget(last: Snapshot | undefined, status: string | undefined): boolean {
  if (status === 'Created' || status === 'Queued') return false
  if (!last) return true
  if (status && TERMINAL.has(status)) return last.deployment.status !== status
  return !afterAllowTrafficDone(last)
}

function afterAllowTrafficDone(s: Snapshot): boolean {
  return s.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')?.status === 'Succeeded'
}

function reached(s: Snapshot, until: WatchUntil): WatchEnd | undefined {
  const status = s.deployment.status
  if (status && TERMINAL.has(status)) return 'terminal'
  if (until === 'ready' && status === 'Ready') return 'ready'
  if (until === 'traffic-shifted') {
    const allow = s.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AllowTraffic')
    if (allow?.status === 'Succeeded') return 'traffic-shifted'
  }
  return undefined
}

function emptySnapshot(deploymentId: string): Snapshot {
  return { deployment: { deploymentId } }
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
