import { ActionError } from '../errors.js'
import type { Clients } from '../aws/clients.js'
import type { Inputs } from '../inputs.js'
import type { ReleaseLog } from '../report/log.js'
import type { PollPolicy } from '../watch/policy.js'
import type { Detected } from '../strategy.js'
import type { PlanFiles } from './deploy.js'

/** What every mode is handed: validated inputs, the AWS edge and the report. */
export interface Context {
  inputs: Inputs
  clients: Clients
  region: string
  log: ReleaseLog
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal
  warn: (message: string) => void
  policy: PollPolicy
  env: NodeJS.ProcessEnv
  /** Epoch ms when the step started: wait-for-minutes counts from here. */
  startedAt: number
  /** Tells the post step that the deployment in flight was dealt with. */
  settled: () => void
  /** The way chosen for this service (src/strategy.ts), with the service as it was read then. */
  detected?: Detected
  /** The input files, read before any AWS call (a bad file is the cheapest error to report). */
  files?: PlanFiles
}

export const deadlineOf = (ctx: Context): number => ctx.startedAt + ctx.inputs.waitForMinutes * 60_000

/** Refuses to change anything in AWS once the runner has cancelled the job. */
export function checkNotCancelled(ctx: Context): void {
  if (ctx.signal.aborted) throw new ActionError('The job was cancelled before anything in AWS was changed; nothing was deployed.', 'cancelled')
}
