import * as core from '@actions/core'
import { checkCredentials, createClients, resolveRegion } from './aws/clients.js'
import { ActionError, describeError } from './errors.js'
import { parseInputs, type Inputs } from './inputs.js'
import type { Context } from './modes/context.js'
import { deploy } from './modes/deploy.js'
import { revisionName } from './report/format.js'
import { ReleaseLog } from './report/log.js'
import { outputsOf } from './report/outputs.js'
import { writeSummary } from './report/summary.js'
import { PASSING, type ReleaseResult } from './result.js'
import { policyFromEnv } from './watch/policy.js'

const MODES: Record<Inputs['mode'], (ctx: Context) => Promise<ReleaseResult>> = {
  deploy,
  rollback: notYet('rollback'),
  continue: notYet('continue'),
  stop: notYet('stop')
}

function notYet(mode: string): (ctx: Context) => Promise<ReleaseResult> {
  return async () => {
    throw new ActionError(`Input 'mode': '${mode}' is not available in this version yet. Use mode 'deploy'.`, 'mode')
  }
}

/** Names look like credentials: their values are masked and never printed. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE/i

function maskSecrets(inputs: Inputs): void {
  for (const s of inputs.secrets) core.setSecret(s.valueFrom)
  for (const e of inputs.environmentVariables) if (SECRET_NAME.test(e.name) && e.value) core.setSecret(e.value)
}

export async function run(): Promise<void> {
  const startedAt = Date.now()
  const log = new ReleaseLog((line) => core.info(line))
  let inputs: Inputs | undefined
  let result: ReleaseResult | undefined
  try {
    inputs = parseInputs((name) => core.getInput(name))
    maskSecrets(inputs)
    const region = resolveRegion(inputs.region)
    const clients = createClients({ region })
    await checkCredentials(clients.ecs)
    const ctx: Context = {
      inputs,
      clients,
      region,
      log,
      signal: new AbortController().signal,
      warn: (m) => core.warning(m),
      policy: policyFromEnv(),
      env: process.env,
      startedAt
    }
    result = await MODES[inputs.mode](ctx)
    core.info(`API calls: ${clients.calls.total} (${[...clients.calls.byOperation].map(([op, n]) => `${op} ${n}`).join(', ')})${clients.calls.retries ? `, ${clients.calls.retries} retried` : ''}`)
  } catch (err) {
    const subject = err instanceof ActionError ? err.subject : undefined
    fail(describeError(err), [inputs ? `${inputs.cluster}/${inputs.service}` : 'ecs-bluegreen-action', subject].filter(Boolean).join(': '), err)
  }
  if (result) await finish(result, log)
}

function fail(message: string, title: string, err?: unknown): void {
  if (err instanceof Error && !(err instanceof ActionError) && core.isDebug()) core.debug(err.stack ?? '')
  core.error(message, { title })
  process.exitCode = core.ExitCode.Failure
}

async function finish(result: ReleaseResult, log: ReleaseLog): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
  if (!PASSING.has(result.outcome)) {
    const rolledBack = result.outcome === 'rolled-back' ? ` Rolled back to ${revisionName(result.previousTaskDefinitionArn)}.` : ''
    fail(`${result.cause ?? `Release ${result.outcome}`}.${rolledBack}`, `${result.cluster}/${result.service} release ${result.outcome}`)
  }
  try {
    await writeSummary(core.summary, result, log.timeline)
  } catch (err) {
    // No summary file outside a runner: the log already has everything.
    core.debug(`job summary not written: ${describeError(err)}`)
  }
}
