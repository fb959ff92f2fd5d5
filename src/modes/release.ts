import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { createDeploymentOnce, findActiveDeployment, getDeployment, stopDeployment } from '../aws/codedeploy.js'
import { ActionError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { appSpecContent, renderAppSpec, type AppSpec } from '../plan/appspec.js'
import { consoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { sleep } from '../watch/watcher.js'
import { checkNotCancelled, type Context } from './context.js'
import { follow, type Followed } from './follow.js'

/** What one CodeDeploy release needs besides the task definition it releases. */
export interface ReleaseTarget {
  service: Service
  group: DeploymentGroupInfo
  containerName: string
  containerPort: number
  appSpecBase?: Partial<AppSpec>
  previousArn?: string
  image?: string
}

/** State the post step reads to find a deployment the main step could not settle. */
export const STATE_DEPLOYMENT = 'deployment-id'
export const STATE_SETTLED = 'settled'

/** The default description names the commit and the run, and always carries the release token. */
export function describeRelease(inputs: Inputs, env: NodeJS.ProcessEnv, token: string): string {
  const run =
    env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  const text =
    inputs.description ??
    ['Deployed by ecs-bluegreen-action', env.GITHUB_SHA ? `commit ${env.GITHUB_SHA.slice(0, 12)}` : '', run ?? ''].filter(Boolean).join(' ')
  // CodeDeploy takes at most 512 characters; the token must survive (it finds a lost deployment).
  const suffix = ` [release ${token}]`
  const room = 512 - suffix.length
  return `${text.length > room ? `${text.slice(0, room - 1)}…` : text}${suffix}`
}

/**
 * Makes sure the group has no deployment in flight, as if-busy says: wait for it (streaming it),
 * stop it with rollback, or fail with its id.
 */
export async function awaitIdleGroup(ctx: Context, group: DeploymentGroupInfo): Promise<void> {
  const active = await findActiveDeployment(ctx.clients.codedeploy, group.applicationName!, group.deploymentGroupName!)
  if (!active) return
  const url = consoleUrl(active, ctx.region)
  if (ctx.inputs.ifBusy === 'fail') {
    throw new ActionError(
      `Deployment group '${group.deploymentGroupName}' is busy with deployment ${active} (${url}). Wait for it, stop it, or set 'if-busy' to wait or stop-previous.`,
      'if-busy'
    )
  }
  if (ctx.inputs.ifBusy === 'stop-previous') {
    ctx.log.line(`Deployment ${active} is in flight: stopping it with rollback (if-busy: stop-previous)  ${url}`)
    await stopDeployment(ctx.clients.codedeploy, active, true)
  } else {
    ctx.log.line(`Deployment ${active} is in flight: waiting for it to end (if-busy: wait)  ${url}`)
  }
  const f = await follow(ctx, active)
  if (f.end === 'aborted' || f.end === 'timeout') {
    throw new ActionError(
      `Gave up waiting for deployment ${active} to end (${f.end === 'timeout' ? `'wait-for-minutes' reached` : 'the job was cancelled'}); nothing was deployed.`,
      'if-busy'
    )
  }
  ctx.log.line(`Deployment ${active} ended ${f.snapshot.deployment.status}; going on with this release.`)
}

/** Creates the deployment of `taskDefinitionArn`, streams it, and settles a timeout or a cancel. */
export async function release(ctx: Context, t: ReleaseTarget, taskDefinitionArn: string): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const application = t.group.applicationName!
  const deploymentGroup = t.group.deploymentGroupName!
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: inputs.service,
    image: t.image,
    taskDefinitionArn,
    previousTaskDefinitionArn: t.previousArn,
    deploymentConfig: inputs.deploymentConfig ?? t.group.deploymentConfigName,
    application,
    deploymentGroup
  }
  const appSpec = renderAppSpec({
    taskDefinitionArn,
    service: t.service,
    containerName: t.containerName,
    containerPort: t.containerPort,
    hooks: inputs.hooks,
    base: t.appSpecBase
  })
  const token = `${ctx.env.GITHUB_RUN_ID ?? 'local'}-${randomBytes(4).toString('hex')}`
  const args = {
    application,
    deploymentGroup,
    deploymentConfig: inputs.deploymentConfig,
    description: describeRelease(inputs, ctx.env, token),
    token,
    appSpec: appSpecContent(appSpec),
    startedAfter: new Date(ctx.startedAt)
  }
  checkNotCancelled(ctx)
  let deploymentId: string
  try {
    deploymentId = await createDeploymentOnce(clients.codedeployOnce, clients.codedeploy, args)
  } catch (err) {
    // Another deployment started between our check and our create: settle it as if-busy says, once.
    if ((err as Error).name !== 'DeploymentLimitExceededException') throw err
    await awaitIdleGroup(ctx, t.group)
    deploymentId = await createDeploymentOnce(clients.codedeployOnce, clients.codedeploy, args)
  }
  core.saveState(STATE_DEPLOYMENT, deploymentId)
  result.deploymentId = deploymentId
  result.deploymentUrl = consoleUrl(deploymentId, ctx.region)
  log.line(`Deployment ${deploymentId} created  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  for (const [event, fn] of Object.entries(Object.assign({}, ...(appSpec.Hooks ?? [])) as Record<string, string>)) log.hooks.set(event, fn)
  const f = await follow(ctx, deploymentId, { until: inputs.waitFor, previousTaskDefinitionArn: t.previousArn })
  return { ...result, ...(await settle(ctx, deploymentId, f, t.previousArn)) }
}

/**
 * Turns how the watch ended into an outcome. A timeout or a cancel never leaves the deployment
 * half-done without saying so: it is stopped with rollback, or the log says it was left running.
 */
export async function settle(ctx: Context, deploymentId: string, f: Followed, previousArn?: string): Promise<Partial<ReleaseResult>> {
  const { log, inputs } = ctx
  const base = { traffic: f.traffic, durationMs: f.durationMs, rollbackDeploymentId: f.rollbackDeploymentId, cause: f.cause }
  if (f.outcome) return { ...base, outcome: f.outcome }

  if (f.end === 'aborted') {
    if (inputs.onCancel === 'leave') {
      log.line(`Cancelled by the runner: deployment ${deploymentId} is left running (on-cancel: leave). Follow it at ${consoleUrl(deploymentId, ctx.region)}`)
      return { ...base, outcome: 'stopped', cause: `The job was cancelled; deployment ${deploymentId} was left running` }
    }
    // The runner kills the process seconds after SIGINT: stop first, then look for the rollback briefly.
    await stopDeployment(ctx.clients.codedeploy, deploymentId, true)
    log.line(`Cancelled by the runner: stopped deployment ${deploymentId} with rollback (on-cancel: rollback)`)
    let rollbackId: string | undefined
    for (let i = 0; i < 3 && !rollbackId; i++) {
      await sleep(1000)
      rollbackId = (await getDeployment(ctx.clients.codedeploy, deploymentId).catch(() => undefined))?.rollbackInfo?.rollbackDeploymentId
    }
    if (rollbackId)
      log.line(`Rollback deployment ${rollbackId} started; ${revisionName(previousArn)} takes all traffic back  ${consoleUrl(rollbackId, ctx.region)}`)
    ctx.settled()
    return {
      ...base,
      outcome: 'stopped',
      rollbackDeploymentId: rollbackId,
      cause: `The job was cancelled; deployment ${deploymentId} was stopped with rollback`
    }
  }

  // Timeout.
  const minutes = inputs.waitForMinutes
  if (inputs.onTimeout === 'leave') {
    log.line(`Timed out after ${minutes} min: deployment ${deploymentId} is left running (on-timeout: leave).`)
    return { ...base, outcome: 'timed-out', cause: `Not finished after ${minutes} min ('wait-for-minutes'); deployment ${deploymentId} was left running` }
  }
  log.line(`Timed out after ${minutes} min: stopping deployment ${deploymentId} with rollback (on-timeout: rollback)`)
  await stopDeployment(ctx.clients.codedeploy, deploymentId, true)
  const after = await follow(ctx, deploymentId, { from: f.snapshot, deadline: Date.now() + 15 * 60_000, previousTaskDefinitionArn: previousArn })
  return {
    ...base,
    outcome: 'timed-out',
    rollbackDeploymentId: after.rollbackDeploymentId,
    traffic: after.traffic ?? base.traffic,
    cause: `Not finished after ${minutes} min ('wait-for-minutes'); stopped with rollback${after.rollbackDeploymentId ? ` by ${after.rollbackDeploymentId}` : ''}`
  }
}
