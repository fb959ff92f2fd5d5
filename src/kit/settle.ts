/**
 * The one place that decides what a release cut short leaves behind. A timeout
 * ('wait-for-minutes') or a cancel by the runner never leaves it half-done without saying so:
 * it is rolled back, or the log, the outcome and the cause say it was left running, as
 * on-timeout / on-cancel say. Each way supplies its words and how it rolls back.
 */
import type { Context } from '../core/context.js'
import type { Outcome, ReleaseResult } from '../core/result.js'

export type CutShort = 'aborted' | 'timeout'

export interface Settling {
  /** The console page of the release. */
  url: string
  /** Where the release stood, after the first words of each line: " at 10%", or ''. */
  at?: string | undefined
  /** What leaving it means, now and afterwards: "deployment d-X is left running", "deployment d-X was left running". */
  left: { now: string; past: string }
  /** Why it cannot be rolled back, if it cannot: then it is left as it is and the line says why. */
  cannotRollBack?: string | undefined
  /**
   * Rolls it back, first thing (the runner kills the process seconds after a cancel): what it did,
   * for the log ("stopped deployment d-X with rollback"), what was done, for the cause ("deployment
   * d-X was stopped with rollback"), and what the result knows afterwards.
   */
  rollBack(cut: CutShort): Promise<{ did: string; done: string; result?: Partial<ReleaseResult> | undefined }>
  /**
   * After the rollback and its line: follows it for a while, so the log says how it ended. After a
   * cancel this must be brief: the runner kills the process seconds after it.
   */
  afterRollBack?(cut: CutShort): Promise<Partial<ReleaseResult> | void>
}

export type Settled = Partial<ReleaseResult> & { outcome: Outcome; cause: string }

export async function settleCutShort(ctx: Pick<Context, 'inputs' | 'log' | 'settled'>, cut: CutShort, s: Settling): Promise<Settled> {
  const { inputs, log } = ctx
  const cancelled = cut === 'aborted'
  const at = s.at ?? ''
  const what = `${cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`}${at}`
  const head = `${cancelled ? 'The job was cancelled' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`}${at}`
  const option = cancelled ? 'on-cancel' : 'on-timeout'
  const outcome: Outcome = cancelled ? 'stopped' : 'timed-out'
  const leave = (cancelled ? inputs.onCancel : inputs.onTimeout) === 'leave'
  if (leave || s.cannotRollBack) {
    log.line(`${what}: ${s.left.now} (${option}: ${leave ? 'leave' : `rollback, but ${s.cannotRollBack}`})  ${s.url}`)
    return { outcome, cause: `${head}; ${s.left.past}` }
  }
  const r = await s.rollBack(cut)
  ctx.settled()
  log.line(`${what}: ${r.did} (${option}: rollback)`)
  const after = await s.afterRollBack?.(cut)
  return { ...r.result, ...after, outcome, cause: `${head}; ${r.done}` }
}
