import {
  BatchGetDeploymentTargetsCommand,
  GetDeploymentCommand,
  ListDeploymentTargetsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
  type ECSTarget
} from '@aws-sdk/client-codedeploy'
import { carryTarget, compare, taskSet, TERMINAL, type ReleaseEvent, type Snapshot } from './events.js'
import { AwsClock, DEFAULT_POLICY, nextPoll, nextShiftAt, trafficSchedule, type Expected, type PollPolicy } from './policy.js'

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
 * policy: what to ask (targets only when they may show a change) and when (see policy.ts): the
 * steps of a canary or linear shift and the end of the wait before blue is removed are scheduled
 * by CodeDeploy, so they are predicted from its own timestamps and looked for around that time.
 */
export async function watchDeployment(cd: CodeDeployClient, o: WatchOptions): Promise<WatchResult> {
  const policy = o.policy ?? DEFAULT_POLICY
  const now = o.now ?? Date.now
  // The clock model times real calls: it reads the wall clock, whatever `now` the deadline uses.
  const clock = new AwsClock()
  const wall = Date.now
  let targetId: string | undefined
  let last: Snapshot | undefined = o.from
  let delay: number | undefined
  let readTarget = true
  let readDeployment = true
  /** When a GetDeployment last showed it not started: every lifecycle time comes after. */
  let notStarted: number | undefined
  let failures = 0

  for (;;) {
    let changed = false
    let expected: Expected | undefined
    try {
      const getDeployment = async (): Promise<DeploymentInfo> => {
        const sent = wall()
        const d = (await cd.send(new GetDeploymentCommand({ deploymentId: o.deploymentId }), { abortSignal: o.signal })).deploymentInfo
        if (!d) throw new Error(`GetDeployment returned no deployment for ${o.deploymentId}`)
        clock.observe('deployment', [d.createTime, d.startTime, d.completeTime], sent, wall())
        if (d.status === 'Created' || d.status === 'Queued') notStarted = sent
        return d
      }
      const getTarget = async (): Promise<ECSTarget | undefined> => {
        targetId ??= (await cd.send(new ListDeploymentTargetsCommand({ deploymentId: o.deploymentId }), { abortSignal: o.signal })).targetIds?.[0]
        if (!targetId) return undefined
        const sent = wall()
        const out = await cd.send(new BatchGetDeploymentTargetsCommand({ deploymentId: o.deploymentId, targetIds: [targetId] }), { abortSignal: o.signal })
        const t = out.deploymentTargets?.[0]?.ecsTarget
        if (t) clock.observe('target', targetTimes(t), sent, wall(), notStarted)
        return t
      }
      let deployment: DeploymentInfo
      let target: ECSTarget | undefined
      if (!readDeployment && last?.target) {
        // A traffic step is due: the target shows it; the deployment only if something went wrong.
        target = await getTarget()
        deployment = target && !troubled(target) ? last.deployment : await getDeployment()
      } else {
        deployment = await getDeployment()
        // A new status (a stop, a failure, Ready) always gets the target; otherwise only when it may show a change.
        if (wantsTarget(last, deployment) && (readTarget || deployment.status !== last?.deployment.status)) target = await getTarget()
      }
      const snapshot = carryTarget(last, { deployment, target })
      const events = compare(last, snapshot)
      for (const e of events) o.onEvent(e, snapshot)
      changed = events.length > 0
      last = snapshot
      failures = 0
      const end = reached(snapshot, o.until)
      if (end) return { end, snapshot }
      expected = expectedChange(snapshot)
    } catch (err) {
      if (o.signal?.aborted) return { end: 'aborted', snapshot: last ?? emptySnapshot(o.deploymentId) }
      if (++failures >= MAX_FAILED_POLLS) throw err
      o.onPollError?.(err)
    }
    const next = nextPoll(policy, { now: wall(), previousMs: delay, changed, expected, clock })
    delay = next.delayMs
    readTarget = next.target
    readDeployment = next.deployment
    const wait = Math.min(delay, Math.max(0, o.deadline - now()))
    if (wait <= 0 && now() >= o.deadline) return { end: 'timeout', snapshot: last ?? emptySnapshot(o.deploymentId) }
    if (!(await sleep(wait, o.signal))) return { end: 'aborted', snapshot: last ?? emptySnapshot(o.deploymentId) }
    if (now() >= o.deadline) return { end: 'timeout', snapshot: last ?? emptySnapshot(o.deploymentId) }
  }
}

/** Every AWS time a target carries: each one tells where AWS's clock stood when it appeared. */
function targetTimes(t: ECSTarget): (Date | undefined)[] {
  return [t.lastUpdatedAt, ...(t.lifecycleEvents ?? []).flatMap((e) => [e.startTime, e.endTime])]
}

/**
 * The next change CodeDeploy has scheduled, if its time is known from the deployment and what
 * was seen: the next canary or linear step, or the end of the wait before blue is removed.
 */
export function expectedChange(s: Snapshot): Expected | undefined {
  const d = s.deployment
  // A rollback moves all traffic back at once and keeps nothing waiting: nothing to predict.
  if (d.status !== 'InProgress' || d.creator === 'codeDeployRollback' || d.rollbackInfo?.rollbackTriggeringDeploymentId) return undefined
  const events = s.target?.lifecycleEvents
  const allow = events?.find((e) => e.lifecycleEventName === 'AllowTraffic')
  const after = events?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')
  if (after?.status === 'Succeeded') {
    const minutes = d.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes
    if (!minutes || !after.endTime || d.instanceTerminationWaitTimeStarted === false) return undefined
    return { aws: after.endTime.getTime() + minutes * 60_000, in: 'deployment', end: true }
  }
  if (allow?.status !== 'InProgress') return undefined
  const schedule = trafficSchedule(d.deploymentConfigName)
  const green = taskSet(s.target, 'Green')?.trafficWeight
  const at = schedule && green !== undefined ? nextShiftAt(schedule, allow.startTime, green) : undefined
  return at === undefined ? undefined : { aws: at, in: 'target', end: false }
}

/**
 * Targets change only while the deployment runs, and not during the wait before blue is removed;
 * one more read when it ends gives the final lifecycle and traffic, unless a success was already
 * complete in the last one (only blue's removal is left, which the log does not show).
 */
function wantsTarget(last: Snapshot | undefined, d: DeploymentInfo): boolean {
  const status = d.status
  if (status === 'Created' || status === 'Queued') return false
  if (!last) return true
  if (status && TERMINAL.has(status)) return last.deployment.status !== status && !(status === 'Succeeded' && afterAllowTrafficDone(last))
  return !afterAllowTrafficDone(last)
}

/** A target that shows more than progress: the deployment must be read too. */
function troubled(t: ECSTarget): boolean {
  return t.status !== 'InProgress' || (t.lifecycleEvents ?? []).some((e) => e.status === 'Failed')
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
