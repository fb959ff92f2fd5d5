/**
 * A CodeDeploy release: register the task definition, create the deployment with the AppSpec
 * rendered from the service, and follow it to its end (or the wait-for point). A timeout or a
 * cancel stops it with rollback unless on-timeout / on-cancel say leave.
 *
 * deployment-id is the CodeDeploy deployment id (d-…).
 */
import { randomBytes } from 'node:crypto'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { createDeploymentOnce, findActiveDeployment, getDeployment, stopDeployment } from '../../aws/codedeploy.js'
import { checkNotCancelled } from '../../core/context.js'
import type { ReleaseResult } from '../../core/result.js'
import { STATE } from '../../core/state.js'
import { awaitIdle, type Busy } from '../../kit/if-busy.js'
import { sleep } from '../../kit/poll.js'
import { registerRelease, unchangedRelease } from '../../kit/register.js'
import { imageOf } from '../../kit/render.js'
import { settleCutShort, type Settled } from '../../kit/settle.js'
import { revisionName } from '../../report/format.js'
import { consoleUrl, TERMINAL } from './events.js'
import type { AppSpec, CodeDeployInputs } from './inputs.js'
import { appSpecContent, plan, printPlan, renderAppSpec, type CodeDeployContext } from './plan.js'
import { follow, type Followed } from './watch.js'

/** What one CodeDeploy release needs besides the task definition it releases. */
export interface ReleaseTarget {
  service: Service
  group: DeploymentGroupInfo
  containerName: string
  containerPort: number
  appSpecBase?: Partial<AppSpec> | undefined
  previousArn?: string | undefined
  image?: string | undefined
}

export async function deploy(ctx: CodeDeployContext): Promise<ReleaseResult> {
  const { inputs, own } = ctx
  const p = await plan(ctx)
  printPlan(ctx, p)
  const target: ReleaseTarget = {
    service: p.service,
    group: p.group,
    containerName: p.containerName,
    containerPort: p.containerPort,
    appSpecBase: own.appSpecBase,
    previousArn: p.previousArn,
    image: imageOf(inputs, p)
  }
  // Nothing in AWS has changed so far. A busy group is settled before we register anything; what
  // runs after it was not read, so only an idle group's release can be unchanged.
  const busy = await busyGroup(ctx, target.group)
  const { applicationName: application, deploymentGroupName: deploymentGroup } = target.group
  const unchanged = busy
    ? undefined
    : unchangedRelease(ctx, p, { outcome: 'failed', cluster: inputs.cluster, service: inputs.service, image: target.image, application, deploymentGroup })
  if (unchanged) return unchanged
  await awaitIdle(ctx, busy)
  checkNotCancelled(ctx)
  const reg = await registerRelease(ctx, p)
  if (reg.stop) {
    const { cluster, service } = inputs
    return {
      outcome: 'failed',
      cluster,
      service,
      image: target.image,
      previousTaskDefinitionArn: p.previousArn,
      taskDefinitionArn: reg.arn,
      application,
      deploymentGroup,
      ...reg.result
    }
  }
  return { ...(await release(ctx, target, reg.arn)), ...reg.result }
}

/**
 * The default description names the commit and the run, and always carries the release token and
 * the revision the release replaces: the token finds a deployment whose response was lost, and
 * the revision is what a later 'rollback-to: previous' goes back to.
 */
export function describeRelease(own: Pick<CodeDeployInputs, 'description'>, env: NodeJS.ProcessEnv, token: string, previousArn?: string): string {
  const run =
    env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  const text =
    own.description ?? ['Deployed by ecs-bluegreen-action', env.GITHUB_SHA ? `commit ${env.GITHUB_SHA.slice(0, 12)}` : '', run ?? ''].filter(Boolean).join(' ')
  // CodeDeploy takes at most 512 characters; the token must survive (it finds a lost deployment).
  const suffix = ` [release ${token}${previousArn ? `; previous ${revisionName(previousArn)}` : ''}]`
  const room = 512 - suffix.length
  return `${text.length > room ? `${text.slice(0, room - 1)}…` : text}${suffix}`
}

/** The revision a release of this action recorded in its description as the one it replaced. */
export function recordedPrevious(description: string | undefined): string | undefined {
  return /\[release [^\];]+; previous ([^\]\s]+)\]$/.exec(description ?? '')?.[1]
}

/** The group's deployment in flight, for if-busy. */
export async function busyGroup(ctx: CodeDeployContext, group: DeploymentGroupInfo): Promise<Busy | undefined> {
  // A group runs one deployment at a time, and the newest is the one it last attempted: when that
  // one has ended, nothing runs, and the list of deployments in flight need not be asked for.
  const last = group.lastAttemptedDeployment
  if (!last?.deploymentId || (last.status && TERMINAL.has(last.status))) return undefined
  const active = await findActiveDeployment(ctx.clients.codedeploy, group.applicationName!, group.deploymentGroupName!)
  if (!active) return undefined
  return {
    name: `deployment ${active}`,
    owner: `Deployment group '${group.deploymentGroupName}'`,
    url: consoleUrl(active, ctx.region),
    stop: () => stopDeployment(ctx.clients.codedeploy, active, true).then(() => undefined),
    follow: async () => {
      const f = await follow(ctx, active)
      if (f.end === 'aborted' || f.end === 'timeout') return { gaveUp: f.end }
      return { ended: f.snapshot.deployment.status ?? 'unknown' }
    }
  }
}

/** Makes sure the group has no deployment in flight, as if-busy says. */
export async function awaitIdleGroup(ctx: CodeDeployContext, group: DeploymentGroupInfo): Promise<void> {
  await awaitIdle(ctx, await busyGroup(ctx, group))
}

/** Creates the deployment of `taskDefinitionArn`, streams it, and settles a timeout or a cancel. */
export async function release(ctx: CodeDeployContext, t: ReleaseTarget, taskDefinitionArn: string): Promise<ReleaseResult> {
  const { inputs, own, clients, log } = ctx
  const application = t.group.applicationName!
  const deploymentGroup = t.group.deploymentGroupName!
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: inputs.service,
    image: t.image,
    taskDefinitionArn,
    previousTaskDefinitionArn: t.previousArn,
    deploymentConfig: own.deploymentConfig ?? t.group.deploymentConfigName,
    application,
    deploymentGroup
  }
  const appSpec = renderAppSpec({
    taskDefinitionArn,
    service: t.service,
    containerName: t.containerName,
    containerPort: t.containerPort,
    hooks: own.hooks,
    base: t.appSpecBase
  })
  const token = `${ctx.env.GITHUB_RUN_ID ?? 'local'}-${randomBytes(4).toString('hex')}`
  const args = {
    application,
    deploymentGroup,
    deploymentConfig: own.deploymentConfig,
    description: describeRelease(own, ctx.env, token, t.previousArn),
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
  ctx.state.save(STATE.deployment, deploymentId)
  result.deploymentId = deploymentId
  result.deploymentUrl = consoleUrl(deploymentId, ctx.region)
  log.line(`Deployment ${deploymentId} created  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const hooks = new Map(Object.entries(Object.assign({}, ...(appSpec.Hooks ?? [])) as Record<string, string>))
  const f = await follow(ctx, deploymentId, { until: inputs.waitFor, previousTaskDefinitionArn: t.previousArn, hooks, analyse: true })
  return { ...result, ...(await settle(ctx, deploymentId, f, t.previousArn)) }
}

/**
 * Turns how the watch ended into an outcome. A timeout or a cancel never leaves the deployment
 * half-done without saying so: it is stopped with rollback, or the log says it was left running.
 */
export async function settle(ctx: CodeDeployContext, deploymentId: string, f: Followed, previousArn?: string): Promise<Partial<ReleaseResult>> {
  const base = { traffic: f.traffic, durationMs: f.durationMs, rollbackDeploymentId: f.rollbackDeploymentId, cause: f.cause, suspects: f.suspects }
  if (f.outcome) return { ...base, outcome: f.outcome }
  const settled: Settled = await settleCutShort(ctx, f.end === 'aborted' ? 'aborted' : 'timeout', {
    url: consoleUrl(deploymentId, ctx.region),
    left: { now: `deployment ${deploymentId} is left running`, past: `deployment ${deploymentId} was left running` },
    rollBack: async (cut) => {
      await stopDeployment(ctx.clients.codedeploy, deploymentId, true)
      // A timeout's cause names the rollback deployment, found while following it.
      return {
        did: `stopped deployment ${deploymentId} with rollback`,
        done: cut === 'timeout' ? 'stopped with rollback' : `deployment ${deploymentId} was stopped with rollback`
      }
    },
    afterRollBack: async (cut) => {
      if (cut === 'timeout') {
        const after = await follow(ctx, deploymentId, { from: f.snapshot, deadline: Date.now() + 15 * 60_000, previousTaskDefinitionArn: previousArn })
        return { rollbackDeploymentId: after.rollbackDeploymentId, traffic: after.traffic ?? base.traffic }
      }
      // The runner kills the process seconds after SIGINT: look for the rollback briefly.
      let rollbackId: string | undefined
      for (let i = 0; i < 3 && !rollbackId; i++) {
        await sleep(1000)
        rollbackId = (await getDeployment(ctx.clients.codedeploy, deploymentId).catch(() => undefined))?.rollbackInfo?.rollbackDeploymentId
      }
      if (rollbackId) {
        ctx.log.line(`Rollback deployment ${rollbackId} started; ${revisionName(previousArn)} takes all traffic back  ${consoleUrl(rollbackId, ctx.region)}`)
      }
      return { rollbackDeploymentId: rollbackId }
    }
  })
  return {
    ...base,
    ...settled,
    cause: settled.rollbackDeploymentId && f.end !== 'aborted' ? `${settled.cause} by ${settled.rollbackDeploymentId}` : settled.cause
  }
}
