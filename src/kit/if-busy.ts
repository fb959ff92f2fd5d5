/**
 * if-busy: what a release does when another release of the same service is in flight. fail
 * refuses naming it; stop-previous rolls it back; wait streams it to its end. Either way nothing
 * of this release has changed yet, and the log says how the other one ended.
 */
import { checkNotCancelled, type Context } from '../core/context.js'
import { ActionError } from '../core/errors.js'
import { capital } from '../report/format.js'

export interface Busy {
  /** The release in flight, as the log names it: "deployment d-X", "service deployment arn:…". */
  name: string
  /** Whose it is, for the refusal: "Deployment group 'web-dg'", "Service 'web'". */
  owner: string
  url: string
  /** What stopping it is, for the log: default "stopping it with rollback". */
  stopping?: string | undefined
  /** if-busy: stop-previous. */
  stop(): Promise<void>
  /** Streams it to its end: how it ended, or why the wait was cut short. */
  follow(): Promise<{ ended: string } | { gaveUp: 'timeout' | 'aborted' | string }>
}

/** Settles `busy` (when something is in flight) as if-busy says, before this release changes anything. */
export async function awaitIdle(ctx: Pick<Context, 'inputs' | 'log' | 'signal'>, busy: Busy | undefined): Promise<void> {
  if (!busy) return
  const { inputs, log } = ctx
  if (inputs.ifBusy === 'fail') {
    throw new ActionError(
      `${busy.owner} is busy with ${busy.name} (${busy.url}). Wait for it, stop it (mode: stop), or set 'if-busy' to wait or stop-previous; nothing was deployed.`,
      'if-busy'
    )
  }
  if (inputs.ifBusy === 'stop-previous') {
    checkNotCancelled(ctx)
    log.line(`${capital(busy.name)} is in flight: ${busy.stopping ?? 'stopping it with rollback'} (if-busy: stop-previous)  ${busy.url}`)
    await busy.stop()
  } else {
    log.line(`${capital(busy.name)} is in flight: waiting for it to end (if-busy: wait)  ${busy.url}`)
  }
  const end = await busy.follow()
  if ('gaveUp' in end) {
    const why = end.gaveUp === 'timeout' ? "'wait-for-minutes' reached" : end.gaveUp === 'aborted' ? 'the job was cancelled' : end.gaveUp
    throw new ActionError(`Gave up waiting for ${busy.name} to end (${why}); nothing was deployed.`, 'if-busy')
  }
  log.line(`${capital(busy.name)} ended ${end.ended}; going on with this release.`)
}
