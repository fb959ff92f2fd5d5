/**
 * The main step, the composition root: inputs → the way → a Context → the way's mode handler →
 * outputs, job summary, annotation and GitHub deployment. Everything is checked that can be before
 * the first AWS call, and nothing in AWS changes before the way's handler runs.
 */
import * as core from './github/runner.js'
import { checkCredentials, createClients, resolveRegion } from './aws/clients.js'
import type { Clients, RegisterInput } from './core/context.js'
import { ActionError, describeError, inputError } from './core/errors.js'
import { parseInputs, type InputReader, type Inputs, type Mode } from './core/inputs.js'
import { PASSING, worthExplaining, type Outcome, type ReleaseResult } from './core/result.js'
import { STATE, type StateStore } from './core/state.js'
import type { RegisteredWay } from './core/way.js'
import { failureAnnotation } from './github/annotations.js'
import { GitHubDeployment } from './github/deployments.js'
import type { AnalysisSpec } from './kit/analysis/spec.js'
import { chooseWay, possibleWays, refuseOtherWays, refuseRuledOut, strategyLine } from './kit/choose.js'
import { policyFromEnv } from './kit/policy.js'
import { readTaskDefinitionFile } from './kit/render.js'
import { WAYS } from './registry.js'
import { ReleaseLog } from './report/log.js'
import { outputsOf } from './report/outputs.js'
import { hideExcerpt, secretValues } from './report/redact.js'
import { writeSummary } from './report/summary.js'

/** Outcomes after which the step passes, by mode: stopping is what mode stop is for. */
function passes(mode: Mode, outcome: Outcome): boolean {
  if (mode === 'stop') return outcome === 'stopped' || outcome === 'rolled-back'
  if (mode === 'rollback') return PASSING.has(outcome) || outcome === 'rolled-back'
  return PASSING.has(outcome)
}

/** Every value masked in this job: the runner masks the log, hideMasked() what the runner does not see (the container's lines in the summary). */
const masked = new Set<string>()
function mask(value: string): void {
  if (!value) return
  masked.add(value)
  core.setSecret(value)
}
const hideMasked = (text: string): string => [...masked].reduce((t, v) => t.split(v).join('***'), text)

/** Before anything is logged: secrets' valueFrom, listed variables and credential-looking ones (see redact.ts). */
function maskSecrets(inputs: Inputs): void {
  for (const s of inputs.secrets) mask(s.valueFrom)
  for (const v of secretValues(inputs.environmentVariables, inputs.maskEnvironmentVariables)) mask(v)
  if (inputs.githubToken) mask(inputs.githubToken)
}

/** The release's GitHub deployment: undefined (and silent) without github-token. */
export function githubDeployment(inputs: Inputs, state: StateStore): GitHubDeployment | undefined {
  return GitHubDeployment.create({ inputs, env: process.env, warn: (m) => core.warning(m), info: (m) => core.info(m), state })
}

export const readInput: InputReader = (name) => core.getInput(name)

/** What can be checked before the first AWS call: other ways' inputs, the ways' own inputs, the files, the region. */
async function checkBeforeAws(inputs: Inputs): Promise<{
  prepared: Map<string, Awaited<ReturnType<RegisteredWay['prepare']>>>
  taskDefinitionFile?: RegisterInput | undefined
  region: string
  analysis?: AnalysisSpec | undefined
}> {
  refuseRuledOut(readInput, inputs.strategy, WAYS)
  const analysis = await analysisSpec(inputs)
  // One way after another, in the registry's order: the first bad input is the one reported.
  const prepared = new Map<string, Awaited<ReturnType<RegisteredWay['prepare']>>>()
  for (const w of possibleWays(WAYS, inputs.strategy)) prepared.set(w.name, await w.prepare(readInput, inputs))
  // Files first: a bad file is the cheapest error to report.
  const taskDefinitionFile = inputs.mode === 'deploy' || inputs.mode === 'plan' ? readTaskDefinitionFile(inputs) : undefined
  return { prepared, taskDefinitionFile, region: resolveRegion(inputs.region), analysis }
}

/** 'analysis', parsed: its module (and YAML's parser, for a block) load only when it is given. */
async function analysisSpec(inputs: Inputs): Promise<AnalysisSpec | undefined> {
  if (!inputs.analysis) {
    if (inputs.analysisDryRun)
      throw inputError(
        'analysis-dry-run',
        "is true but 'analysis' is not given",
        "Give 'analysis: default' (or your metrics) too, or remove 'analysis-dry-run'"
      )
    return undefined
  }
  const { parseAnalysis } = await import('./kit/analysis/spec.js')
  const parse = inputs.analysis.trim() === 'default' ? undefined : (await import('yaml')).parse
  return parseAnalysis(inputs.analysis, inputs.analysisDryRun, parse)
}

/** The main step. `state` defaults to the runner's (tools such as @github/local-action call run() bare). */
export async function run(state: StateStore = core.runnerState()): Promise<void> {
  state.save(STATE.isPost, 'true')
  const startedAt = Date.now()
  // The runner cancels with SIGINT, then SIGTERM: abort the watch and settle the release.
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
  let github: GitHubDeployment | undefined
  let clients: Clients | undefined
  let log: ReleaseLog | undefined
  try {
    inputs = parseInputs(readInput)
    maskSecrets(inputs)
    for (const w of inputs.warnings) core.warning(w)
    const early = await checkBeforeAws(inputs)
    clients = createClients({ region: early.region })
    await checkCredentials(clients.ecs)
    const chosen = await chooseWay({ inputs, clients })
    refuseOtherWays(readInput, chosen, inputs.service, WAYS)
    const prepared = early.prepared.get(chosen.way)
    if (!prepared) throw new Error(`The ${chosen.way} way was chosen, which the strategy input rules out.`)
    const noAnalysis = WAYS.find((w) => w.name === chosen.way)?.noAnalysis
    if (early.analysis && noAnalysis) {
      throw inputError(
        'analysis',
        `service '${inputs.service}' ${noAnalysis}`,
        "Remove 'analysis', or release the service blue/green (ECS-native canary or linear, CodeDeploy, or two services with strategy alb-weighted)"
      )
    }
    const way = await prepared.load()
    log = new ReleaseLog((line) => core.info(line), way.describe)
    // Which way releases this service, and why: the log's first line.
    log.line(strategyLine(chosen))
    state.save(STATE.way, chosen.way)
    // A plan releases nothing: no GitHub deployment records it.
    github = inputs.mode === 'plan' ? undefined : githubDeployment(inputs, state)
    await github?.start()
    // Only a release moving traffic forward is judged: not a stop, a rollback or a plan.
    const analysis =
      early.analysis && (inputs.mode === 'deploy' || inputs.mode === 'continue')
        ? (await import('./kit/analysis/run.js')).startAnalysis({ clients, log, warn: (m) => core.warning(m) }, early.analysis)
        : undefined
    result = await way.run(inputs.mode, {
      inputs,
      chosen,
      taskDefinitionFile: early.taskDefinitionFile,
      clients,
      region: early.region,
      log,
      signal: cancel.signal,
      warn: (m) => core.warning(m),
      debug: (t) => core.debug(t),
      mask,
      policy: policyFromEnv(),
      env: process.env,
      startedAt,
      state,
      settled: () => state.save(STATE.settled, 'true'),
      analysis
    })
    const judged = analysis?.report()
    if (judged?.setup) result = { ...result, analysis: judged }
    else if (judged && result.outcome === 'succeeded') {
      // Asked for, and never judged: say so rather than let a passing release look judged.
      log.line('Canary analysis: no interval ended while both sides took traffic; nothing was judged.')
      result = { ...result, analysis: judged }
    }
    if (inputs.mode === 'deploy' && result.outcome === 'succeeded' && inputs.keepRevisions) {
      const { keepRevisions } = await import('./kit/keep-revisions.js')
      await keepRevisions({ clients, log, warn: (m) => core.warning(m) }, inputs.keepRevisions, result)
    }
    if (result.plan) {
      const { commentPlan } = await import('./github/pr-comment.js')
      const { planMarker } = await import('./kit/plan.js')
      await commentPlan({
        token: inputs.githubToken,
        env: process.env,
        body: hideMasked(result.plan),
        marker: planMarker(inputs.cluster, inputs.service),
        info: (m) => core.info(m),
        warn: (m) => core.warning(m)
      })
    }
    // A rollback by the analysis has its cause already: the look at crashed tasks is for failures.
    if (worthExplaining(inputs.mode, result) && !result.analysis?.failure) {
      // Only a failed release loads the look at why (and the Logs and ELBv2 clients it reads with).
      const { explainFailure } = await import('./kit/forensics.js')
      result = await explainFailure({ clients, region: early.region, warn: (m) => core.warning(m), hide: hideMasked }, inputs, result, log)
    }
    result = hideExcerpt(result, hideMasked)
  } catch (err) {
    const subject = err instanceof ActionError ? err.subject : undefined
    await github?.finish(undefined, describeError(err))
    fail(describeError(err), [inputs ? `${inputs.cluster}/${inputs.service}` : 'ecs-bluegreen-action', subject].filter(Boolean).join(': '), err)
  }
  const counts = clients?.calls
  if (counts?.total) {
    const ops = [...counts.byOperation].map(([op, n]) => `${op} ${n}`).join(', ')
    core.info(`API calls: ${counts.total} (${ops})${counts.retries ? `, ${counts.retries} retried` : ''}`)
  }
  if (result) await github?.finish(result)
  if (result && inputs) await finish(inputs.mode, result, log?.timeline ?? [])
  state.save(STATE.settled, 'true')
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}

function fail(message: string, title: string, err?: unknown): void {
  if (err instanceof Error && !(err instanceof ActionError) && core.isDebug()) core.debug(err.stack ?? '')
  core.error(message, { title })
  process.exitCode = 1
}

async function finish(mode: Mode, result: ReleaseResult, timeline: ReleaseLog['timeline']): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
  if (!passes(mode, result.outcome)) {
    const a = failureAnnotation(result)
    fail(a.message, a.title)
  }
  try {
    await writeSummary(new core.JobSummary(), result, timeline)
  } catch (err) {
    // No summary file outside a runner: the log already has everything.
    core.debug(`job summary not written: ${describeError(err)}`)
  }
}
