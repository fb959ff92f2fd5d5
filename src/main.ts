import * as core from '@actions/core'
import { checkCredentials, createClients, resolveRegion, type Clients } from './aws/clients.js'
import { getDeployment, stopDeployment } from './aws/codedeploy.js'
import { ActionError, describeError } from './errors.js'
import { failureAnnotation } from './github/annotations.js'
import { GitHubDeployment, STATE_GITHUB_DEPLOYMENT, STATE_GITHUB_SETTLED } from './github/deployments.js'
import { parseInputs, type Inputs, type Mode } from './inputs.js'
import type { Context } from './modes/context.js'
import { readPlanFiles } from './modes/deploy.js'
import { STATE_DEPLOYMENT, STATE_SETTLED } from './modes/release.js'
import { consoleUrl } from './report/format.js'
import { ReleaseLog } from './report/log.js'
import { outputsOf } from './report/outputs.js'
import { secretValues } from './report/redact.js'
import { writeSummary } from './report/summary.js'
import { PASSING, type Outcome, type ReleaseResult } from './result.js'
import { TERMINAL } from './watch/events.js'
import { policyFromEnv } from './watch/policy.js'
import { chooseWay, strategyLine, type Way } from './strategy.js'
import { handlerFor, WAYS } from './ways.js'

/** State the post step reads: which way released the service (default codedeploy, as before). */
export const STATE_WAY = 'strategy'

/** Outcomes after which the step passes, by mode: stopping is what mode stop is for. */
function passes(mode: Mode, outcome: Outcome): boolean {
  if (mode === 'stop') return outcome === 'stopped' || outcome === 'rolled-back'
  if (mode === 'rollback') return PASSING.has(outcome) || outcome === 'rolled-back'
  return PASSING.has(outcome)
}

/** Before anything is logged: secrets' valueFrom, listed variables and credential-looking ones (see redact.ts). */
function maskSecrets(inputs: Inputs): void {
  for (const s of inputs.secrets) core.setSecret(s.valueFrom)
  for (const v of secretValues(inputs.environmentVariables, inputs.maskEnvironmentVariables)) core.setSecret(v)
  if (inputs.githubToken) core.setSecret(inputs.githubToken)
}

/** The release's GitHub deployment: undefined (and silent) without github-token. */
function githubDeployment(inputs: Inputs): GitHubDeployment | undefined {
  return GitHubDeployment.create({
    inputs,
    env: process.env,
    warn: (m) => core.warning(m),
    info: (m) => core.info(m),
    saveState: (k, v) => core.saveState(k, v)
  })
}

function clientsFor(inputs: Inputs): { region: string; clients: Clients } {
  const region = resolveRegion(inputs.region)
  return { region, clients: createClients({ region }) }
}

export async function run(): Promise<void> {
  if (core.getState('isPost') === 'true') return post()
  core.saveState('isPost', 'true')

  const startedAt = Date.now()
  const log = new ReleaseLog((line) => core.info(line))
  // The runner cancels with SIGINT, then SIGTERM: abort the watch and settle the deployment.
  const cancel = new AbortController()
  const onSignal = (signal: string): void => {
    if (cancel.signal.aborted) return
    core.info(`Received ${signal}: the job is being cancelled.`)
    cancel.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let inputs: Inputs | undefined
  let result: ReleaseResult | undefined
  let clients: Clients | undefined
  let github: GitHubDeployment | undefined
  try {
    inputs = parseInputs((name) => core.getInput(name))
    maskSecrets(inputs)
    for (const w of inputs.warnings) core.warning(w)
    // Files first: a bad file is the cheapest error to report, before any AWS call.
    const files = inputs.mode === 'deploy' ? readPlanFiles(inputs) : undefined
    const resolved = clientsFor(inputs)
    clients = resolved.clients
    await checkCredentials(clients.ecs)
    const ctx: Context = {
      files,
      inputs,
      clients,
      region: resolved.region,
      log,
      signal: cancel.signal,
      warn: (m) => core.warning(m),
      policy: policyFromEnv(),
      env: process.env,
      startedAt,
      settled: () => core.saveState(STATE_SETTLED, 'true')
    }
    // Which way releases this service, and why: the log's first line.
    ctx.detected = await chooseWay(ctx)
    log.line(strategyLine(ctx.detected))
    core.saveState(STATE_WAY, ctx.detected.way)
    const handler = handlerFor(ctx.detected.way, inputs.mode)
    github = githubDeployment(inputs)
    await github?.start()
    result = await handler(ctx)
  } catch (err) {
    const subject = err instanceof ActionError ? err.subject : undefined
    await github?.finish(undefined, describeError(err))
    fail(describeError(err), [inputs ? `${inputs.cluster}/${inputs.service}` : 'ecs-bluegreen-action', subject].filter(Boolean).join(': '), err)
  }
  if (clients?.calls.total) {
    const ops = [...clients.calls.byOperation].map(([op, n]) => `${op} ${n}`).join(', ')
    core.info(`API calls: ${clients.calls.total} (${ops})${clients.calls.retries ? `, ${clients.calls.retries} retried` : ''}`)
  }
  if (result) await github?.finish(result)
  if (result && inputs) await finish(inputs.mode, result, log)
  core.saveState(STATE_SETTLED, 'true')
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}

function fail(message: string, title: string, err?: unknown): void {
  if (err instanceof Error && !(err instanceof ActionError) && core.isDebug()) core.debug(err.stack ?? '')
  core.error(message, { title })
  process.exitCode = 1
}

async function finish(mode: Mode, result: ReleaseResult, log: ReleaseLog): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
  if (!passes(mode, result.outcome)) {
    const a = failureAnnotation(result)
    fail(a.message, a.title)
  }
  try {
    await writeSummary(core.summary, result, log.timeline)
  } catch (err) {
    // No summary file outside a runner: the log already has everything.
    core.debug(`job summary not written: ${describeError(err)}`)
  }
}

/**
 * The post step: the safety net when the main step was killed before it could settle its
 * deployment (runner timeout, SIGKILL after a cancel). Stops it with rollback unless on-cancel: leave.
 */
async function post(): Promise<void> {
  await postGitHub()
  const deploymentId = core.getState(STATE_DEPLOYMENT)
  if (!deploymentId || core.getState(STATE_SETTLED) === 'true') return
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    const { region, clients } = clientsFor(inputs)
    const way = (core.getState(STATE_WAY) || 'codedeploy') as Way
    const afterKill = WAYS[way]?.afterKill
    if (way !== 'codedeploy') {
      await afterKill?.({ inputs, clients, region, deploymentId, warn: (m) => core.warning(m) })
      return
    }
    const d = await getDeployment(clients.codedeploy, deploymentId)
    if (!d.status || TERMINAL.has(d.status)) return
    if (inputs.onCancel === 'leave') {
      core.warning(`The main step ended before deployment ${deploymentId} did; it is left running (on-cancel: leave). ${consoleUrl(deploymentId, region)}`)
      return
    }
    await stopDeployment(clients.codedeploy, deploymentId, true)
    core.warning(
      `The main step ended before deployment ${deploymentId} did: stopped it with rollback (on-cancel: rollback). ${consoleUrl(deploymentId, region)}`
    )
  } catch (err) {
    core.error(
      `Could not settle deployment ${deploymentId} after the main step ended: ${describeError(err)}. Check it in the console and stop it by hand if it still runs.`
    )
  }
}

/** The post step for the GitHub deployment: failure if the main step never set a final status. */
async function postGitHub(): Promise<void> {
  const id = Number(core.getState(STATE_GITHUB_DEPLOYMENT))
  if (!id || core.getState(STATE_GITHUB_SETTLED) === 'true') return
  try {
    await githubDeployment(parseInputs((name) => core.getInput(name)))?.settleAfterKill(id)
  } catch (err) {
    core.debug(`GitHub deployment ${id} not settled: ${describeError(err)}`)
  }
}
