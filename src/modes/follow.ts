import { describeError } from '../errors.js'
import { clock, duration, revisionName } from '../report/format.js'
import type { Outcome } from '../result.js'
import { diagnose, type Diagnosis } from '../watch/diagnose.js'
import { taskSet, type ReleaseEvent, type Snapshot } from '../watch/events.js'
import { deadlineOf, type Context } from './context.js'
import { getDeployment } from '../aws/codedeploy.js'
import { sleep, watchDeployment, type WatchEnd, type WatchUntil } from '../watch/watcher.js'

export interface FollowOptions {
  until?: WatchUntil
  /** Epoch ms; default: wait-for-minutes from the step's start. */
  deadline?: number
  /** Resume from this snapshot (after a stop): what it shows was already reported. */
  from?: Snapshot
  /** What serves traffic again after a rollback, for the log line. */
  previousTaskDefinitionArn?: string
  /** False when the deployment was stopped without rollback: no rollback deployment to wait for. */
  expectRollback?: boolean
}

export interface Followed {
  end: WatchEnd
  outcome?: Outcome
  snapshot: Snapshot
  traffic?: { green: number; blue: number }
  rollbackDeploymentId?: string
  cause?: string
  durationMs?: number
}

/**
 * Streams a deployment to the log until it ends (or the wait-for point), then, if it failed,
 * says why and follows the rollback CodeDeploy started. `outcome` is unset when the watch was
 * cut short (timeout, cancel): the caller decides what happens then.
 */
export async function follow(ctx: Context, deploymentId: string, opts: FollowOptions = {}): Promise<Followed> {
  const o = {
    cd: ctx.clients.codedeploy,
    ecs: ctx.clients.ecs,
    log: ctx.log,
    cluster: ctx.inputs.cluster,
    service: ctx.inputs.service,
    deploymentId,
    until: opts.until ?? 'complete',
    deadline: opts.deadline ?? deadlineOf(ctx),
    signal: ctx.signal,
    policy: ctx.policy,
    warn: ctx.warn,
    ...opts
  }
  let started = o.from !== undefined
  let traffic: { green: number; blue: number } | undefined
  let lastPollError = ''
  const deferred: ReleaseEvent[] = []
  const result = await watchDeployment(o.cd, {
    deploymentId: o.deploymentId,
    until: o.until,
    deadline: o.deadline,
    signal: o.signal,
    policy: o.policy,
    from: o.from,
    onEvent: (e, snap) => {
      if (!started) {
        o.log.start(snap.deployment.createTime)
        started = true
      }
      if (e.kind === 'traffic') traffic = { green: e.green, blue: e.blue }
      // A failure's own lines wait until its cause is known, so the log reads cause first.
      const failed = snap.deployment.status === 'Failed' || snap.deployment.status === 'Stopped'
      if (failed && (e.kind === 'error' || e.kind === 'rollback' || e.kind === 'status')) deferred.push(e)
      else if (!(failed && e.kind === 'lifecycle' && e.status === 'Skipped')) o.log.event(e)
    },
    onPollError: (err) => {
      const text = describeError(err)
      if (text !== lastPollError) o.warn(`Polling deployment ${o.deploymentId} failed (${text}); still watching.`)
      lastPollError = text
    }
  })
  const d = result.snapshot.deployment
  const out: Followed = { end: result.end, snapshot: result.snapshot, traffic }
  if (d.createTime) out.durationMs = (d.completeTime ?? new Date()).getTime() - d.createTime.getTime()
  if (result.end === 'ready' || result.end === 'traffic-shifted') out.outcome = result.end
  if (result.end !== 'terminal') return out

  if (d.status === 'Succeeded') {
    out.outcome = 'succeeded'
    out.traffic = { green: 100, blue: 0 }
    return out
  }

  // Failed or Stopped: say why, then follow CodeDeploy's rollback to its end.
  const green = taskSet(result.snapshot.target, 'Green')
  let diagnosis: Diagnosis | undefined
  if (d.status === 'Failed') {
    diagnosis = await diagnose(o.ecs, { cluster: o.cluster, service: o.service, taskSetId: green?.identifer, since: d.createTime, until: d.completeTime })
    o.log.diagnosis(diagnosis)
  }
  // The rollback gets its own line once it ends (below).
  for (const e of deferred) if (e.kind !== 'rollback') o.log.event(e)
  const failedEvent = result.snapshot.target?.lifecycleEvents?.find((e) => e.status === 'Failed')?.lifecycleEventName
  out.cause = causeOf(d.status ?? 'Failed', failedEvent, d.errorInformation, diagnosis)
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

function causeOf(status: string, event: string | undefined, error: { code?: string; message?: string } | undefined, diagnosis: Diagnosis | undefined): string {
  const where = event ? `${event} failed` : `Deployment ${status.toLowerCase()}`
  const task = diagnosis?.stoppedTasks[0]
  const c = task?.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0)
  if (c) return `${where}: ${c.name} exited ${c.exitCode} (${task?.stoppedReason ?? c.reason ?? 'no reason given'})`
  if (task?.stoppedReason) return `${where}: ${task.stoppedReason}`
  if (error?.message) return `${where}: ${error.code ? `${error.code}: ` : ''}${error.message}`
  return where
}
