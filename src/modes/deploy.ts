import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { checkDeploymentConfig, createDeploymentOnce, findDeploymentGroup } from '../aws/codedeploy.js'
import { describeService, describeTaskDefinition, registerTaskDefinition } from '../aws/ecs.js'
import { ActionError, inputError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { appSpecContent, loadBalancedContainer, parseAppSpecFile, renderAppSpec, type AppSpec } from '../plan/appspec.js'
import { diffTaskDefinitions, parseTaskDefinitionFile, renderTaskDefinition, requireContainerPort, toRegisterInput, type DiffLine, type RegisterInput } from '../plan/taskdef.js'
import { consoleUrl, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../result.js'
import { deadlineOf, type Context } from './context.js'
import { follow } from './follow.js'

/** Everything a release needs, gathered and checked before anything in AWS changes. */
export interface Plan {
  service: Service
  group: DeploymentGroupInfo
  previousArn?: string
  taskDefinition: RegisterInput
  diff: DiffLine[]
  /** The container whose image is swapped ('container-name', default the load-balanced one). */
  imageContainer: string
  /** The load-balanced container and port, from the service. */
  containerName: string
  containerPort: number
  appSpecBase?: Partial<AppSpec>
}

function readInputFile(input: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw inputError(input, `cannot read '${path}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'Give a path relative to the repository root, and check out the repository before this step')
  }
}

/** Read-only: describes the service and group, renders the task definition, refuses what would fail. */
export async function plan(ctx: Context): Promise<Plan> {
  const { inputs, clients } = ctx
  // Files first: a bad file is the cheapest error to report.
  const fromFile = inputs.taskDefinitionFile ? parseTaskDefinitionFile(readInputFile('task-definition', inputs.taskDefinitionFile)) : undefined
  const appSpecBase = inputs.appSpecFile ? parseAppSpecFile(readInputFile('codedeploy-appspec', inputs.appSpecFile)) : undefined

  const service = await describeService(clients.ecs, inputs.cluster, inputs.service)
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller !== 'CODE_DEPLOY') {
    throw new ActionError(
      `Input 'service': service '${inputs.service}' uses the ${controller} deployment controller, not CODE_DEPLOY, so CodeDeploy cannot release it. Set deployment_controller { type = "CODE_DEPLOY" } on the service (it needs replacing), or deploy it another way.`,
      'service'
    )
  }
  const group = await findDeploymentGroup(clients.codedeploy, { ...inputs, application: inputs.application, deploymentGroup: inputs.deploymentGroup })
  if (inputs.deploymentConfig) await checkDeploymentConfig(clients.codedeploy, inputs.deploymentConfig)

  const previousArn = service.taskDefinition ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition
  const live = previousArn ? await describeTaskDefinition(clients.ecs, previousArn) : undefined
  const previous = live ? toRegisterInput(live.taskDefinition, live.tags) : undefined
  const base = fromFile ?? previous
  if (!base) throw new ActionError(`Service '${inputs.service}' has no task definition to start from. Give 'task-definition'.`, 'task-definition')

  const lb = loadBalancedContainer(service)
  // The image goes to the named container; traffic always goes to the load-balanced one.
  const imageContainer = inputs.containerName ?? lb.containerName
  const taskDefinition = renderTaskDefinition(base, { ...inputs, containerName: imageContainer })
  requireContainerPort(taskDefinition, lb.containerName, lb.containerPort)
  return { service, group, previousArn, taskDefinition, diff: diffTaskDefinitions(previous, taskDefinition), imageContainer, ...lb, appSpecBase }
}

function printPlan(ctx: Context, p: Plan): void {
  const { log, inputs } = ctx
  const config = inputs.deploymentConfig ?? p.group.deploymentConfigName ?? 'the group default'
  log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  via CodeDeploy ${p.group.applicationName}/${p.group.deploymentGroupName}  ${config}`)
  log.line(`Task definition ${revisionName(p.previousArn)} -> ${p.taskDefinition.family}:new`)
  for (const d of p.diff) log.line(`  ${(d.container ?? '').padEnd(Math.max(4, d.container?.length ?? 0))} ${d.field.padEnd(7)} ${d.text}`)
  const tags = (p.taskDefinition.tags ?? []).filter((t) => inputs.tags.some((x) => x.key === t.key) || t.key === 'Environment' || t.key === 'Version')
  if (tags.length) log.line(`  tags         ${tags.map((t) => `${t.key}=${t.value}`).join('  ')}`)
}

/** The default description names the commit and the run, and always carries the release token. */
export function describeRelease(inputs: Inputs, env: NodeJS.ProcessEnv, token: string): string {
  const run = env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined
  const text = inputs.description ?? [`Deployed by ecs-bluegreen-action`, env.GITHUB_SHA ? `commit ${env.GITHUB_SHA.slice(0, 12)}` : '', run ?? ''].filter(Boolean).join(' ')
  return `${text} [release ${token}]`
}

export async function deploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const p = await plan(ctx)
  printPlan(ctx, p)
  const application = p.group.applicationName!
  const deploymentGroup = p.group.deploymentGroupName!
  const result: ReleaseResult = {
    outcome: 'failed',
    cluster: inputs.cluster,
    service: inputs.service,
    image: inputs.image ?? p.taskDefinition.containerDefinitions?.find((c) => c.name === p.imageContainer)?.image,
    previousTaskDefinitionArn: p.previousArn,
    deploymentConfig: inputs.deploymentConfig ?? p.group.deploymentConfigName,
    application,
    deploymentGroup
  }

  // From here on AWS changes: register, then create the deployment.
  const registered = await registerTaskDefinition(clients.ecs, p.taskDefinition)
  result.taskDefinitionArn = registered.taskDefinitionArn
  log.line(`Registered ${revisionName(registered.taskDefinitionArn)}`)

  const appSpec = renderAppSpec({ taskDefinitionArn: registered.taskDefinitionArn!, service: p.service, containerName: p.containerName, containerPort: p.containerPort, hooks: inputs.hooks, base: p.appSpecBase })
  const token = `${ctx.env.GITHUB_RUN_ID ?? 'local'}-${randomBytes(4).toString('hex')}`
  const deploymentId = await createDeploymentOnce(clients.codedeployOnce, clients.codedeploy, {
    application,
    deploymentGroup,
    deploymentConfig: inputs.deploymentConfig,
    description: describeRelease(inputs, ctx.env, token),
    token,
    appSpec: appSpecContent(appSpec),
    startedAfter: new Date(ctx.startedAt)
  })
  result.deploymentId = deploymentId
  result.deploymentUrl = consoleUrl(deploymentId, ctx.region)
  log.line(`Deployment ${deploymentId} created  ${result.deploymentUrl}`)
  if (inputs.waitFor === 'none') return { ...result, outcome: 'started' }

  const f = await follow({
    cd: clients.codedeploy,
    ecs: clients.ecs,
    log,
    cluster: inputs.cluster,
    service: inputs.service,
    deploymentId,
    until: inputs.waitFor,
    deadline: deadlineOf(ctx),
    signal: ctx.signal,
    policy: ctx.policy,
    warn: ctx.warn,
    previousTaskDefinitionArn: p.previousArn
  })
  return { ...result, ...f, outcome: f.outcome ?? (f.end === 'timeout' ? 'timed-out' : 'stopped'), deploymentId }
}
