/**
 * Following a CodeDeploy deployment: the one poll loop (src/kit/poll.ts) with CodeDeploy's look
 * (GetDeployment, and its ECS target only when it may show a change), and the poll policy placing
 * looks around the times CodeDeploy itself schedules (the steps of a canary or linear shift, the
 * end of the wait before blue is removed). Then what the end means: why it failed, and the
 * rollback CodeDeploy started.
 */
import type { CodeDeployClient, DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import { deploymentTargetId, ecsTarget, ecsTargetId, getDeployment, stopDeployment } from '../../aws/codedeploy.js'
import type { AnalysisFailure, Judge, Judged } from '../../core/analysis.js'
import { deadlineOf, type AwsDates } from '../../core/context.js'
import type { Outcome, Suspects } from '../../core/result.js'
import { diagnose, printDiagnosis, type Diagnosis } from '../../kit/diagnose.js'
import { poll, sleep, type Watched } from '../../kit/poll.js'
import { AwsClock, DEFAULT_POLICY, nextPoll, type Expected, type PollPolicy } from '../../kit/policy.js'
import { clock, duration, revisionName } from '../../report/format.js'
import { carryTarget, compare, taskSet, TERMINAL, traffic as trafficOf, type CodeDeployEvent, type Snapshot } from './events.js'
import type { CodeDeployContext } from './plan.js'

export type WatchUntil = 'complete' | 'ready' | 'traffic-shifted'
type Reached = 'terminal' | 'ready' | 'traffic-shifted'
export type WatchEnd = Reached | 'timeout' | 'aborted' | 'judged'

export interface WatchOptions {
  deploymentId: string
  until: WatchUntil
  /** Epoch ms after which the watch ends with 'timeout'. */
  deadline: number
  onEvent: (event: CodeDeployEvent, snapshot: Snapshot) => void
  /** A look that failed after the SDK's own retries: said once per error, then the watch goes on. */
  warn?: ((message: string) => void) | undefined
  signal?: AbortSignal | undefined
  policy?: PollPolicy | undefined
  now?: (() => number) | undefined
  /** Resume from this snapshot: what it shows was already reported. */
  from?: Snapshot | undefined
  /** The ECS target's ID as CodeDeploy forms it (ecsTargetId): no ListDeploymentTargets unless it is not found. */
  targetId?: string | undefined
  /** AWS's clock from every answer's Date header: places the scheduled steps and the wait's end sooner. */
  dates?: AwsDates | undefined
  /** The canary analysis, while both task sets take traffic. */
  judge?: Judge<Snapshot> | undefined
}

export interface WatchResult {
  end: WatchEnd
  snapshot: Snapshot
  /** end 'judged': the metric that failed the new side. */
  failure?: AnalysisFailure | undefined
}

/** What the canary analysis reads from a look: the task sets' weights and target groups while the deployment runs. */
export const judged: Judged<Snapshot> = {
  split: (s) => (s.deployment.status === 'InProgress' ? trafficOf(s.target) : undefined),
  sides(s) {
    const green = taskSet(s.target, 'Green')?.targetGroup?.name
    const blue = taskSet(s.target, 'Blue')?.targetGroup?.name
    if (!green || !blue) throw new Error(`deployment ${s.deployment.deploymentId} shows no target group for its ${green ? 'blue' : 'green'} task set`)
    return { green, blue }
  }
}

/**
 * Follows one CodeDeploy deployment and reports each change once, as it happens. What to read
 * (the target only when it may show a change) and when comes from the poll policy: the steps of a
 * canary or linear shift and the end of the wait before blue is removed are scheduled by
 * CodeDeploy, so they are predicted from its own timestamps and looked for around that time.
 */
export async function watchDeployment(cd: CodeDeployClient, o: WatchOptions): Promise<WatchResult> {
  const policy = o.policy ?? DEFAULT_POLICY
  // The clock model times real calls: it reads the wall clock, whatever `now` the deadline uses.
  const aws = new AwsClock()
  const stopListening = o.dates?.listen((date, sentAt, receivedAt) => aws.observeDate(date, sentAt, receivedAt))
  const wall = Date.now
  let targetId = o.targetId
  /** Whether targetId is the one CodeDeploy forms, not yet confirmed by a read. */
  let formed = o.targetId !== undefined
  let readDetail = true
  let readStatus = true
  /** When a GetDeployment last showed it not started: every lifecycle time comes after. */
  let notStarted: number | undefined

  const watched: Watched<Snapshot, CodeDeployEvent, Reached> = {
    what: `deployment ${o.deploymentId}`,
    async look(last, signal) {
      const readDeployment = async (): Promise<DeploymentInfo> => {
        const sent = wall()
        const d = await getDeployment(cd, o.deploymentId, signal)
        aws.observe('status', [d.createTime, d.startTime, d.completeTime], sent, wall())
        if (d.status === 'Created' || d.status === 'Queued') notStarted = sent
        return d
      }
      const readTarget = async (): Promise<ECSTarget | undefined> => {
        targetId ??= await deploymentTargetId(cd, o.deploymentId, signal)
        if (!targetId) return undefined
        const sent = wall()
        let t = await ecsTarget(cd, o.deploymentId, targetId, signal).catch((err: Error) => {
          if (!formed || !TARGET_NOT_FOUND.has(err.name)) throw err
          return undefined
        })
        if (!t && formed) {
          // Not the ID CodeDeploy formed after all: ask for it, once.
          formed = false
          targetId = await deploymentTargetId(cd, o.deploymentId, signal)
          t = targetId ? await ecsTarget(cd, o.deploymentId, targetId, signal) : undefined
        }
        if (t) aws.observe('detail', targetTimes(t), sent, wall(), notStarted)
        return t
      }
      let deployment: DeploymentInfo
      let target: ECSTarget | undefined
      if (!readStatus && last?.target) {
        // A traffic step is due: the target shows it; the deployment only if something went wrong.
        target = await readTarget()
        deployment = target && !troubled(target) ? last.deployment : await readDeployment()
      } else {
        deployment = await readDeployment()
        // A new status (a stop, a failure, Ready) always gets the target; otherwise only when it may show a change.
        if (wantsTarget(last, deployment) && (readDetail || deployment.status !== last?.deployment.status)) target = await readTarget()
      }
      return carryTarget(last, { deployment, target })
    },
    compare,
    verdict: (s) => reached(s, o.until),
    nextDelay({ changed, failed, previousMs, snapshot }) {
      const expected = !failed && snapshot ? expectedChange(snapshot) : undefined
      const next = nextPoll(policy, { now: wall(), previousMs, changed, expected, clock: aws })
      readDetail = next.detail
      readStatus = next.status
      return next.delayMs
    }
  }
  const end = await poll(watched, {
    deadline: o.deadline,
    signal: o.signal,
    policy,
    from: o.from,
    onEvent: o.onEvent,
    warn: o.warn,
    now: o.now,
    judge: o.judge
  }).finally(() => stopListening?.())
  const snapshot = end.snapshot ?? { deployment: { deploymentId: o.deploymentId } }
  if (end.end === 'done') return { end: end.verdict, snapshot }
  if (end.end === 'judged') return { end: 'judged', snapshot, failure: end.failure }
  return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot }
}

/** What BatchGetDeploymentTargets answers for a target ID the deployment does not have. */
const TARGET_NOT_FOUND = new Set(['DeploymentTargetDoesNotExistException', 'InvalidDeploymentTargetIdException'])

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
    return { aws: after.endTime.getTime() + minutes * 60_000, in: 'status', end: true }
  }
  if (allow?.status !== 'InProgress') return undefined
  const schedule = trafficSchedule(d.deploymentConfigName)
  const green = taskSet(s.target, 'Green')?.trafficWeight
  const at = schedule && green !== undefined ? nextShiftAt(schedule, allow.startTime, green) : undefined
  return at === undefined ? undefined : { aws: at, in: 'detail', end: false }
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

function reached(s: Snapshot, until: WatchUntil): Reached | undefined {
  const status = s.deployment.status
  if (status && TERMINAL.has(status)) return 'terminal'
  if (until === 'ready' && status === 'Ready') return 'ready'
  if (until === 'traffic-shifted') {
    const allow = s.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AllowTraffic')
    if (allow?.status === 'Succeeded') return 'traffic-shifted'
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// What CodeDeploy has scheduled

export interface TrafficSchedule {
  type: 'AllAtOnce' | 'Canary' | 'Linear'
  percent: number
  intervalMs: number
}

/** The predefined ECS configs, from their names (custom ones would cost a call to read). */
export function trafficSchedule(configName: string | undefined): TrafficSchedule | undefined {
  if (!configName) return undefined
  if (configName === 'CodeDeployDefault.ECSAllAtOnce') return { type: 'AllAtOnce', percent: 100, intervalMs: 0 }
  const canary = /^CodeDeployDefault\.ECSCanary(\d+)Percent(\d+)Minutes?$/.exec(configName)
  if (canary) return { type: 'Canary', percent: Number(canary[1]), intervalMs: Number(canary[2]) * 60_000 }
  const linear = /^CodeDeployDefault\.ECSLinear(\d+)PercentEvery(\d+)Minutes?$/.exec(configName)
  if (linear) return { type: 'Linear', percent: Number(linear[1]), intervalMs: Number(linear[2]) * 60_000 }
  return undefined
}

/**
 * The next step of a traffic shift under way: AllowTraffic started with the first step, and
 * each later one comes an interval after the one before. Undefined once all traffic is on green.
 */
export function nextShiftAt(s: TrafficSchedule, allowTrafficStart: Date | undefined, greenWeight: number): number | undefined {
  if (!allowTrafficStart || s.type === 'AllAtOnce' || greenWeight <= 0 || greenWeight >= 100) return undefined
  const steps = s.type === 'Canary' ? 1 : Math.round(greenWeight / s.percent)
  if (steps < 1) return undefined
  return allowTrafficStart.getTime() + steps * s.intervalMs
}

// ---------------------------------------------------------------------------------------------
// Following a deployment to its end

export interface FollowOptions {
  until?: WatchUntil | undefined
  /** Lambda hooks by lifecycle event, named on their event's line. */
  hooks?: Map<string, string> | undefined
  /** Epoch ms; default: wait-for-minutes from the step's start. */
  deadline?: number | undefined
  /** Resume from this snapshot (after a stop): what it shows was already reported. */
  from?: Snapshot | undefined
  /** What serves traffic again after a rollback, for the log line. */
  previousTaskDefinitionArn?: string | undefined
  /** False when the deployment was stopped without rollback: no rollback deployment to wait for. */
  expectRollback?: boolean | undefined
  /** Judge the release with the canary analysis ('analysis'): this action's own release, not one it waits for. */
  analyse?: boolean | undefined
}

export interface Followed {
  end: WatchEnd
  outcome?: Outcome | undefined
  snapshot: Snapshot
  traffic?: { green: number; blue: number } | undefined
  rollbackDeploymentId?: string | undefined
  cause?: string | undefined
  durationMs?: number | undefined
  /** The green task set and its target group, for the look after a failure. */
  suspects?: Suspects | undefined
}

/**
 * Streams a deployment to the log until it ends (or the wait-for point), then, if it failed,
 * says why and follows the rollback CodeDeploy started. `outcome` is unset when the watch was
 * cut short (timeout, cancel): the caller decides what happens then.
 */
export async function follow(ctx: CodeDeployContext, deploymentId: string, opts: FollowOptions = {}): Promise<Followed> {
  const o = {
    ...opts,
    cd: ctx.clients.codedeploy,
    ecs: ctx.clients.ecs,
    dates: ctx.clients.dates,
    log: ctx.log,
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentId,
    until: opts.until ?? 'complete',
    deadline: opts.deadline ?? deadlineOf(ctx),
    signal: ctx.signal,
    policy: ctx.policy,
    warn: ctx.warn
  }
  let started = o.from !== undefined
  let traffic: { green: number; blue: number } | undefined
  const deferred: CodeDeployEvent[] = []
  const watch = (from: Snapshot | undefined, judge?: Judge<Snapshot>, deadline = o.deadline): Promise<WatchResult> =>
    watchDeployment(o.cd, {
      deploymentId: o.deploymentId,
      until: o.until,
      deadline,
      signal: o.signal,
      policy: o.policy,
      from,
      targetId: ecsTargetId(o.cluster, o.service),
      dates: o.dates,
      onEvent,
      warn: o.warn,
      judge
    })
  const onEvent = (e: CodeDeployEvent, snap: Snapshot): void => {
    if (!started) {
      o.log.start(snap.deployment.createTime)
      started = true
    }
    if (e.kind === 'traffic') traffic = { green: e.green, blue: e.blue }
    // A failure's own lines wait until its cause is known, so the log reads cause first.
    const failed = snap.deployment.status === 'Failed' || snap.deployment.status === 'Stopped'
    if (failed && (e.kind === 'error' || e.kind === 'rollback' || e.kind === 'status')) deferred.push(e)
    else if (!(failed && e.kind === 'lifecycle' && e.status === 'Skipped')) o.log.event(withHook(e, opts.hooks))
  }
  let result = await watch(o.from, opts.analyse ? ctx.analysis?.judge(judged) : undefined)
  const failure = result.failure
  if (failure) {
    // The analysis failed the new side: CodeDeploy moves the traffic back, and the watch follows it.
    await stopDeployment(o.cd, o.deploymentId, true)
    // Dealt with: the post step has nothing to stop if this step is killed now.
    ctx.settled()
    o.log.line(`  ${clock(o.log.now(failure.at))}  Stopped deployment ${o.deploymentId} with rollback (canary analysis)`)
    result = await watch(result.snapshot, undefined, Math.max(o.deadline, Date.now() + 15 * 60_000))
  }
  const d = result.snapshot.deployment
  const green = taskSet(result.snapshot.target, 'Green')
  const out: Followed = { end: result.end, snapshot: result.snapshot, traffic }
  if (green?.identifer) {
    out.suspects = {
      cluster: o.cluster,
      service: o.service,
      taskSetId: green.identifer,
      targetGroups: green.targetGroup?.name ? [green.targetGroup.name] : [],
      since: d.createTime
    }
  }
  if (d.createTime) out.durationMs = (d.completeTime ?? new Date()).getTime() - d.createTime.getTime()
  if (failure && (result.end === 'aborted' || result.end === 'timeout')) {
    // Already stopped with rollback: a cancel or the deadline only ends the wait for it.
    out.outcome = 'stopped'
    out.cause = `${failure.cause}; deployment ${o.deploymentId} was stopped with rollback, still rolling back when the job ${result.end === 'aborted' ? 'was cancelled' : 'ran out of time'}`
    return out
  }
  if (result.end === 'ready' || result.end === 'traffic-shifted') out.outcome = result.end
  if (result.end !== 'terminal') return out

  if (d.status === 'Succeeded') {
    out.outcome = 'succeeded'
    out.traffic = { green: 100, blue: 0 }
    return out
  }

  // Failed or Stopped: say why, then follow CodeDeploy's rollback to its end.
  let diagnosis: Diagnosis | undefined
  if (d.status === 'Failed') {
    diagnosis = await diagnose(o.ecs, { cluster: o.cluster, service: o.service, taskSetId: green?.identifer, since: d.createTime, until: d.completeTime })
    printDiagnosis(o.log, diagnosis)
    if (out.suspects) out.suspects.stopped = diagnosis.read
  }
  // The rollback gets its own line once it ends (below).
  for (const e of deferred) if (e.kind !== 'rollback') o.log.event(e)
  const failedEvent = result.snapshot.target?.lifecycleEvents?.find((e) => e.status === 'Failed')?.lifecycleEventName
  out.cause = failure
    ? `${failure.cause}; deployment ${o.deploymentId} was stopped with rollback`
    : causeOf(d.status ?? 'Failed', failedEvent, d.errorInformation, diagnosis)
  out.outcome = d.status === 'Stopped' ? 'stopped' : 'failed'

  // CodeDeploy may name the rollback deployment a moment after the failure: ask again briefly.
  let rollbackId = d.rollbackInfo?.rollbackDeploymentId
  const rollsBack = opts.expectRollback ?? (d.autoRollbackConfiguration?.enabled || d.status === 'Stopped')
  for (let i = 0; !rollbackId && rollsBack && i < 3 && !o.signal?.aborted; i++) {
    await sleep(2000, o.signal)
    rollbackId = (await getDeployment(o.cd, o.deploymentId).catch(() => undefined))?.rollbackInfo?.rollbackDeploymentId
  }
  if (rollbackId) {
    out.rollbackDeploymentId = rollbackId
    const rb = await watchDeployment(o.cd, {
      deploymentId: rollbackId,
      until: 'complete',
      deadline: Math.max(o.deadline, Date.now() + 30 * 60_000),
      signal: o.signal,
      policy: o.policy,
      targetId: ecsTargetId(o.cluster, o.service),
      dates: o.dates,
      onEvent: () => {}
    })
    const r = rb.snapshot.deployment
    const took = r.createTime && r.completeTime ? ` in ${duration(r.completeTime.getTime() - r.createTime.getTime())}` : ''
    const at = clock(o.log.offset(r.completeTime))
    if (r.status === 'Succeeded') {
      out.outcome = 'rolled-back'
      out.traffic = { green: 0, blue: 100 }
      const serving = o.previousTaskDefinitionArn ? revisionName(o.previousTaskDefinitionArn) : 'the previous task definition'
      o.log.line(`  ${at}  rolled back by ${rollbackId}: Succeeded${took}; ${serving} serves all traffic`)
    } else {
      o.log.line(
        `  ${at}  rollback ${rollbackId}: ${r.status ?? 'unknown'}${took}${r.errorInformation ? ` (${r.errorInformation.code}: ${r.errorInformation.message})` : ''}`
      )
    }
  }
  return out
}

function causeOf(
  status: string,
  event: string | undefined,
  error: { code?: string | undefined; message?: string | undefined } | undefined,
  diagnosis: Diagnosis | undefined
): string {
  const where = event ? `${event} failed` : `Deployment ${status.toLowerCase()}`
  const task = diagnosis?.stoppedTasks[0]
  const c = task?.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0)
  if (c) return `${where}: ${c.name} exited ${c.exitCode} (${task?.stoppedReason ?? c.reason ?? 'no reason given'})`
  if (task?.stoppedReason) return `${where}: ${task.stoppedReason}`
  if (error?.message) return `${where}: ${error.code ? `${error.code}: ` : ''}${error.message}`
  return where
}

/** A lifecycle event with the Lambda hook that ran in it. */
function withHook(e: CodeDeployEvent, hooks: Map<string, string> | undefined): CodeDeployEvent {
  const hook = e.kind === 'lifecycle' ? hooks?.get(e.name) : undefined
  return hook && e.kind === 'lifecycle' ? { ...e, hook } : e
}
