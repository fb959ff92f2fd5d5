/** The CodeDeploy calls: deployment groups, deployments and their ECS targets. */
import {
  BatchGetDeploymentGroupsCommand,
  BatchGetDeploymentTargetsCommand,
  BatchGetDeploymentsCommand,
  ContinueDeploymentCommand,
  StopDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  CodeDeployClient,
  type DeploymentGroupInfo,
  type DeploymentInfo,
  type ECSTarget
} from '@aws-sdk/client-codedeploy'
import { ActionError } from '../core/errors.js'
import { abortable } from './abortable.js'
import { provideClient, THROTTLED_READ_PATIENCE_MS, throttleBackoffMs, throttling } from './clients.js'

provideClient('codedeploy', (config) => new CodeDeployClient(config))
// Without automatic retries, for CreateDeployment only (see Clients.codedeployOnce).
provideClient('codedeployOnce', (config) => new CodeDeployClient({ ...config, maxAttempts: 1 }))

/** The last part of an ARN, or the name itself: ECS accepts either for clusters and services. */
const shortName = (s: string): string => s.split('/').pop() ?? s

function servesService(g: DeploymentGroupInfo, cluster: string, service: string): boolean {
  return (g.ecsServices ?? []).some((s) => shortName(s.clusterName ?? '') === shortName(cluster) && shortName(s.serviceName ?? '') === shortName(service))
}

/**
 * The deployment group for the service: the one named, checked to serve this service. Without the
 * application, the one application that has a group of that name deploying the service; without
 * the group, the one group of the application (or of the account, with neither) that deploys it.
 */
export async function findDeploymentGroup(
  cd: CodeDeployClient,
  o: { application?: string | undefined; deploymentGroup?: string | undefined; cluster: string; service: string }
): Promise<DeploymentGroupInfo> {
  if (o.application && o.deploymentGroup) {
    let group: DeploymentGroupInfo | undefined
    try {
      group = (await cd.send(new GetDeploymentGroupCommand({ applicationName: o.application, deploymentGroupName: o.deploymentGroup }))).deploymentGroupInfo
    } catch (err) {
      const name = (err as Error).name
      if (name === 'ApplicationDoesNotExistException') {
        throw new ActionError(
          `Input 'codedeploy-application': CodeDeploy application '${o.application}' does not exist in this account and region. Check the name (Terraform: aws_codedeploy_app.name).`,
          'codedeploy-application'
        )
      }
      if (name === 'DeploymentGroupDoesNotExistException') {
        throw new ActionError(
          `Input 'codedeploy-deployment-group': deployment group '${o.deploymentGroup}' does not exist in application '${o.application}'. Check the name (Terraform: aws_codedeploy_deployment_group.deployment_group_name).`,
          'codedeploy-deployment-group'
        )
      }
      throw err
    }
    if (!group) throw new ActionError(`GetDeploymentGroup returned nothing for '${o.deploymentGroup}'.`)
    if (!servesService(group, o.cluster, o.service)) {
      const serves = (group.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'no ECS service'
      throw new ActionError(
        `Input 'codedeploy-deployment-group': group '${o.deploymentGroup}' deploys ${serves}, not ${o.cluster}/${o.service}. Name the group of this service, or leave both codedeploy inputs out to find it.`,
        'codedeploy-deployment-group'
      )
    }
    return group
  }
  // Only one of the two, or neither: the other is found among the account's applications and groups.
  const apps = o.application
    ? [o.application]
    : await listAll(
        (nextToken) => cd.send(new ListApplicationsCommand({ nextToken })),
        (out) => out.applications
      )
  const found: DeploymentGroupInfo[] = []
  for (const app of apps) {
    const names = (
      await listAll(
        (nextToken) => cd.send(new ListDeploymentGroupsCommand({ applicationName: app, nextToken })),
        (out) => out.deploymentGroups
      ).catch((err: Error) => {
        if (err.name === 'ApplicationDoesNotExistException') {
          throw new ActionError(
            `Input 'codedeploy-application': CodeDeploy application '${app}' does not exist in this account and region. Check the name (Terraform: aws_codedeploy_app.name), or leave it out to find it from the service.`,
            'codedeploy-application'
          )
        }
        throw err
      })
    ).filter((n) => !o.deploymentGroup || n === o.deploymentGroup)
    for (let i = 0; i < names.length; i += 100) {
      const infos =
        (await cd.send(new BatchGetDeploymentGroupsCommand({ applicationName: app, deploymentGroupNames: names.slice(i, i + 100) }))).deploymentGroupsInfo ?? []
      found.push(...infos.filter((g) => g.computePlatform === 'ECS'))
    }
  }
  const matches = found.filter((g) => servesService(g, o.cluster, o.service))
  if (matches.length === 1) return matches[0]!
  const where = `${o.cluster}/${o.service}`
  if (o.deploymentGroup && !found.length) {
    throw new ActionError(
      `Input 'codedeploy-deployment-group': no ECS deployment group named '${o.deploymentGroup}' is in ${o.application ? `application '${o.application}'` : 'any CodeDeploy application of this account and region'}. Check the name (Terraform: aws_codedeploy_deployment_group.deployment_group_name).`,
      'codedeploy-deployment-group'
    )
  }
  if (o.deploymentGroup && !matches.length) {
    const serves = found.map(
      (g) =>
        `${g.applicationName}/${g.deploymentGroupName} deploys ${(g.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'no ECS service'}`
    )
    throw new ActionError(
      `Input 'codedeploy-deployment-group': ${serves.join('; ')}, not ${where}. Name the group of this service, or leave the codedeploy inputs out to find it.`,
      'codedeploy-deployment-group'
    )
  }
  if (!matches.length) {
    throw new ActionError(
      `No CodeDeploy deployment group ${o.application ? `of application '${o.application}' ` : ''}deploys ${where}. Give 'codedeploy-application' and 'codedeploy-deployment-group', or create the group (its ecs_service block names this cluster and service).`,
      'codedeploy-deployment-group'
    )
  }
  throw new ActionError(
    `Several CodeDeploy deployment groups deploy ${where}: ${matches.map((g) => `${g.applicationName}/${g.deploymentGroupName}`).join(', ')}. Give 'codedeploy-application' and 'codedeploy-deployment-group' to choose one.`,
    'codedeploy-deployment-group'
  )
}

async function listAll<T, O extends { nextToken?: string | undefined }>(page: (token?: string) => Promise<O>, items: (o: O) => T[] | undefined): Promise<T[]> {
  const out: T[] = []
  let token: string | undefined
  do {
    const o = await page(token)
    out.push(...(items(o) ?? []))
    token = o.nextToken
  } while (token)
  return out
}

/** Checks a deployment config override: it must exist and be for ECS. */
export async function checkDeploymentConfig(cd: CodeDeployClient, name: string): Promise<void> {
  let info
  try {
    info = (await cd.send(new GetDeploymentConfigCommand({ deploymentConfigName: name }))).deploymentConfigInfo
  } catch (err) {
    if ((err as Error).name === 'DeploymentConfigDoesNotExistException') {
      throw new ActionError(
        `Input 'codedeploy-deployment-config': deployment config '${name}' does not exist. Use one of CodeDeployDefault.ECSAllAtOnce, ECSCanary10Percent5Minutes, ECSCanary10Percent15Minutes, ECSLinear10PercentEvery1Minutes, ECSLinear10PercentEvery3Minutes, or a custom ECS config.`,
        'codedeploy-deployment-config'
      )
    }
    throw err
  }
  if (info?.computePlatform && info.computePlatform !== 'ECS') {
    throw new ActionError(
      `Input 'codedeploy-deployment-config': '${name}' is a config for ${info.computePlatform}, not ECS. Use an ECS config such as CodeDeployDefault.ECSCanary10Percent5Minutes.`,
      'codedeploy-deployment-config'
    )
  }
}

/** The group's deployment that is still running, if any. */
export async function findActiveDeployment(cd: CodeDeployClient, application: string, group: string): Promise<string | undefined> {
  const out = await cd.send(
    new ListDeploymentsCommand({
      applicationName: application,
      deploymentGroupName: group,
      includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready']
    })
  )
  return out.deployments?.[0]
}

export interface CreateDeploymentArgs {
  application: string
  deploymentGroup: string
  deploymentConfig?: string | undefined
  description: string
  /** Unique to this release, carried in the description, to find the deployment if the response is lost. */
  token: string
  appSpec: { content: string; sha256: string }
  startedAfter: Date
}

/**
 * CreateDeployment, sent at most once per release. The client has SDK retries off for this call: if
 * the response is lost (dropped connection, 5xx after the fact), the deployment may exist anyway,
 * so we look for it by its token before we send again. Throttling proves the call was refused
 * before it did anything: it is sent again after a pause, for as long as a throttled read is.
 */
export async function createDeploymentOnce(cdOnce: CodeDeployClient, cd: CodeDeployClient, a: CreateDeploymentArgs, attempts = 4): Promise<string> {
  let lastError: unknown
  let maybeCreated = false
  let sent = 0
  let throttled = 0
  const started = Date.now()
  for (;;) {
    if (maybeCreated) {
      const found = await lookUp(cd, a, lastError)
      if (found) return found
      await new Promise((r) => setTimeout(r, 500 * 2 ** sent))
    }
    try {
      const out = await cdOnce.send(
        new CreateDeploymentCommand({
          applicationName: a.application,
          deploymentGroupName: a.deploymentGroup,
          ...(a.deploymentConfig ? { deploymentConfigName: a.deploymentConfig } : {}),
          description: a.description,
          revision: { revisionType: 'AppSpecContent', appSpecContent: a.appSpec }
        })
      )
      if (!out.deploymentId) throw new ActionError('CreateDeployment returned no deployment id.')
      return out.deploymentId
    } catch (err) {
      if (throttling(err)) {
        // Refused before CodeDeploy acted on it: nothing was created, and it is sent again as a read is.
        lastError = err
        if (Date.now() - started >= THROTTLED_READ_PATIENCE_MS) break
        await new Promise((r) => setTimeout(r, throttleBackoffMs(++throttled)))
        continue
      }
      if (!retryable(err)) throw err
      lastError = err
      maybeCreated = true
      if (++sent >= attempts) break
    }
  }
  if (maybeCreated) {
    const found = await lookUp(cd, a, lastError)
    if (found) return found
  }
  throw lastError
}

/** Errors after which the deployment may or may not exist: lost responses, 5xx, timeouts. */
function retryable(err: unknown): boolean {
  const e = err as {
    name?: string | undefined
    code?: string | undefined
    $metadata?: { httpStatusCode?: number | undefined } | undefined
    $retryable?: unknown
  }
  if (e.$retryable) return true
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && status >= 500) return true
  if (e.name === 'TimeoutError') return true
  return ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT'].includes(e.code ?? '') || /socket hang up|ECONNRESET/i.test(String((err as Error)?.message))
}

/**
 * Looks for the deployment a lost CreateDeployment may have started. If the lookup itself keeps
 * failing we cannot know, so we stop rather than risk a second deployment.
 */
async function lookUp(cd: CodeDeployClient, a: CreateDeploymentArgs, lost: unknown): Promise<string | undefined> {
  for (let i = 0; ; i++) {
    try {
      return await findByToken(cd, a)
    } catch (err) {
      if (i >= 2) {
        throw new ActionError(
          `CreateDeployment for ${a.application}/${a.deploymentGroup} got no answer (${(lost as Error)?.message ?? lost}), and looking for the deployment it may have started failed too (${(err as Error).message}). Nothing was sent again, so as not to start a second deployment: check the group's deployments for one whose description holds [release ${a.token}] before running this step again.`,
          'codedeploy-deployment-group'
        )
      }
      await new Promise((r) => setTimeout(r, 1000 * 2 ** i))
    }
  }
}

async function findByToken(cd: CodeDeployClient, a: CreateDeploymentArgs): Promise<string | undefined> {
  const out = await cd.send(
    new ListDeploymentsCommand({
      applicationName: a.application,
      deploymentGroupName: a.deploymentGroup,
      createTimeRange: { start: new Date(a.startedAfter.getTime() - 60_000) }
    })
  )
  for (const id of out.deployments ?? []) {
    const d = (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo
    if (d?.description?.includes(a.token)) return id
  }
  return undefined
}

export async function getDeployment(cd: CodeDeployClient, deploymentId: string, signal?: AbortSignal): Promise<DeploymentInfo> {
  const d = (await cd.send(new GetDeploymentCommand({ deploymentId }), abortable(signal))).deploymentInfo
  if (!d) throw new ActionError(`GetDeployment returned nothing for ${deploymentId}.`)
  return d
}

/** The deployment's (only) ECS target, once CodeDeploy lists one. */
export async function deploymentTargetId(cd: CodeDeployClient, deploymentId: string, signal?: AbortSignal): Promise<string | undefined> {
  return (await cd.send(new ListDeploymentTargetsCommand({ deploymentId }), abortable(signal))).targetIds?.[0]
}

/** The target ID CodeDeploy gives an ECS service it deploys to: `<clustername>:<servicename>` (BatchGetDeploymentTargets' reference). */
export function ecsTargetId(cluster: string, service: string): string {
  return `${shortName(cluster)}:${shortName(service)}`
}

/** The ECS target: lifecycle events, task sets with their traffic weights and task counts. */
export async function ecsTarget(cd: CodeDeployClient, deploymentId: string, targetId: string, signal?: AbortSignal): Promise<ECSTarget | undefined> {
  const out = await cd.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: [targetId] }), abortable(signal))
  return out.deploymentTargets?.[0]?.ecsTarget
}

/** Stops a deployment; with rollback, CodeDeploy starts a rollback deployment to the previous task set. */
export async function stopDeployment(cd: CodeDeployClient, deploymentId: string, rollback: boolean): Promise<string | undefined> {
  const out = await cd.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: rollback }))
  return out.statusMessage
}

export async function continueDeployment(cd: CodeDeployClient, deploymentId: string, waitType: 'READY_WAIT' | 'TERMINATION_WAIT'): Promise<void> {
  await cd.send(new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: waitType }))
}

/** The task definition ARN a deployment released, read from its AppSpec content. */
export function taskDefinitionOf(d: DeploymentInfo): string | undefined {
  const content = d.revision?.appSpecContent?.content ?? d.revision?.string?.content
  if (!content) return undefined
  const m = /"?TaskDefinition"?\s*:\s*"?([^"\s,}]+)/.exec(content)
  return m?.[1]
}

/** Succeeded deployments of the group, newest first, with what each released. */
export async function successfulReleases(
  cd: CodeDeployClient,
  application: string,
  group: string,
  limit = 25
): Promise<{ id: string; taskDefinitionArn?: string | undefined; description?: string | undefined }[]> {
  const ids =
    (await cd.send(new ListDeploymentsCommand({ applicationName: application, deploymentGroupName: group, includeOnlyStatuses: ['Succeeded'] }))).deployments ??
    []
  const infos = ids.length ? ((await cd.send(new BatchGetDeploymentsCommand({ deploymentIds: ids.slice(0, limit) }))).deploymentsInfo ?? []) : []
  return infos
    .sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0))
    .map((d) => ({ id: d.deploymentId ?? '', taskDefinitionArn: taskDefinitionOf(d), description: d.description }))
}
