import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { checkDeploymentConfig } from '../aws/codedeploy.js'
import { describeTaskDefinition, registerTaskDefinition } from '../aws/ecs.js'
import { ActionError, inputError } from '../errors.js'
import { loadBalancedContainer, parseAppSpecFile, type AppSpec } from '../plan/appspec.js'
import { appSpecWarnings } from '../plan/appspec-warnings.js'
import {
  diffTaskDefinitions,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  requireContainerPort,
  toRegisterInput,
  type DiffLine,
  type RegisterInput
} from '../plan/taskdef.js'
import { revisionName } from '../report/format.js'
import { redactedTaskDefinitionJson, secretValues } from '../report/redact.js'
import type { Inputs } from '../inputs.js'
import type { ReleaseResult } from '../result.js'
import { checkNotCancelled, type Context } from './context.js'
import { resolveServiceAndGroup } from './resolve.js'
import { awaitIdleGroup, release, type ReleaseTarget } from './release.js'

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
    throw inputError(
      input,
      `cannot read '${path}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      'Give a path relative to the repository root, and check out the repository before this step'
    )
  }
}

/** The input files a release reads, parsed: read before any AWS call, as a bad file is the cheapest error. */
export interface PlanFiles {
  fromFile?: RegisterInput
  appSpecBase?: Partial<AppSpec>
}

export function readPlanFiles(inputs: Inputs): PlanFiles {
  const fromFile = inputs.taskDefinitionFile ? parseTaskDefinitionFile(readInputFile('task-definition', inputs.taskDefinitionFile)) : undefined
  const appSpecBase = inputs.appSpecFile ? parseAppSpecFile(readInputFile('codedeploy-appspec', inputs.appSpecFile)) : undefined
  return { fromFile, appSpecBase }
}

/** The new task definition, rendered from the service's live one (or the file) and the inputs. */
export interface Rendered {
  previousArn?: string
  taskDefinition: RegisterInput
  diff: DiffLine[]
  /** The container whose image is swapped. */
  imageContainer: string
}

/** The task definition a service runs now: its own, else its PRIMARY task set's. */
export function currentTaskDefinition(service: Service): string | undefined {
  return service.taskDefinition ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition
}

/**
 * Read-only, and needs no CodeDeploy: renders the task definition to release from the service and
 * the inputs (every way uses it). The image goes to 'container-name', default the load-balanced
 * container `lb` (which must keep its port), else the only container of the task definition.
 */
export async function renderFromService(
  ctx: Context,
  service: Service,
  fromFile: RegisterInput | undefined,
  lb?: { containerName: string; containerPort?: number }
): Promise<Rendered> {
  const { inputs, clients } = ctx
  const previousArn = currentTaskDefinition(service)
  const live = previousArn ? await describeTaskDefinition(clients.ecs, previousArn) : undefined
  const previous = live ? toRegisterInput(live.taskDefinition, live.tags) : undefined
  const base = fromFile ?? previous
  if (!base) throw new ActionError(`Service '${inputs.service}' has no task definition to start from. Give 'task-definition'.`, 'task-definition')
  const containers = base.containerDefinitions ?? []
  const imageContainer = inputs.containerName ?? lb?.containerName ?? (containers.length === 1 ? containers[0]!.name : undefined)
  if (!imageContainer) {
    throw inputError(
      'container-name',
      `the task definition has ${containers.length} containers (${containers.map((c) => c.name).join(', ')}) and the service routes no load balancer to one`,
      'Name the container whose image is replaced'
    )
  }
  const taskDefinition = renderTaskDefinition(base, { ...inputs, containerName: imageContainer })
  // Traffic always goes to the load-balanced container, whichever one gets the image.
  if (lb) requireContainerPort(taskDefinition, lb.containerName, lb.containerPort)
  guardSecrets(inputs, taskDefinition)
  return { previousArn, taskDefinition, diff: diffTaskDefinitions(previous, taskDefinition), imageContainer }
}

/** Read-only: describes the service and group, renders the task definition, refuses what would fail. */
export async function plan(ctx: Context): Promise<Plan> {
  const { inputs, clients } = ctx
  // Files first: a bad file is the cheapest error to report.
  const { fromFile, appSpecBase } = ctx.files ?? readPlanFiles(inputs)

  const { service, group } = await resolveServiceAndGroup(ctx)
  if (inputs.deploymentConfig) await checkDeploymentConfig(clients.codedeploy, inputs.deploymentConfig)

  const lb = loadBalancedContainer(service)
  for (const w of appSpecWarnings(appSpecBase, lb, inputs.hooks)) ctx.warn(w)
  // The image goes to the named container; traffic always goes to the load-balanced one.
  const r = await renderFromService(ctx, service, fromFile, lb)
  return { service, group, ...r, ...lb, appSpecBase }
}

/**
 * Masks the secret values of the rendered task definition (inherited ones too), refuses names in
 * 'mask-environment-variables' that it does not have, and prints it to the debug log redacted.
 */
function guardSecrets(inputs: Inputs, td: RegisterInput): void {
  const vars = (td.containerDefinitions ?? []).flatMap((c) => c.environment ?? [])
  const unknown = inputs.maskEnvironmentVariables.filter((n) => !vars.some((v) => v.name === n))
  if (unknown.length) {
    throw inputError(
      'mask-environment-variables',
      `${unknown.map((n) => `'${n}'`).join(', ')} ${unknown.length > 1 ? 'are not environment variables' : 'is not an environment variable'} of the new task definition`,
      "List names given in 'environment-variables' or set in the task definition's environment, or remove them"
    )
  }
  for (const v of secretValues(vars, inputs.maskEnvironmentVariables)) core.setSecret(v)
  core.debug(`Rendered task definition (secret values redacted):\n${redactedTaskDefinitionJson(td, inputs.maskEnvironmentVariables)}`)
}

function printPlan(ctx: Context, p: Plan): void {
  const { log, inputs } = ctx
  const config = inputs.deploymentConfig ?? p.group.deploymentConfigName ?? 'the group default'
  log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  via CodeDeploy ${p.group.applicationName}/${p.group.deploymentGroupName}  ${config}`)
  printRendered(ctx, p)
}

/** The task definition lines of the plan: what changes, and the tags it gets. Every way prints them. */
export function printRendered(ctx: Context, p: Rendered): void {
  const { log, inputs } = ctx
  log.line(`Task definition ${revisionName(p.previousArn)} -> ${p.taskDefinition.family}:new`)
  for (const d of p.diff) log.line(`  ${(d.container ?? '').padEnd(Math.max(4, d.container?.length ?? 0))} ${d.field.padEnd(7)} ${d.text}`)
  const tags = (p.taskDefinition.tags ?? []).filter((t) => inputs.tags.some((x) => x.key === t.key) || t.key === 'Environment' || t.key === 'Version')
  if (tags.length) log.line(`  tags         ${tags.map((t) => `${t.key}=${t.value}`).join('  ')}`)
}

export async function deploy(ctx: Context): Promise<ReleaseResult> {
  const { inputs, clients, log } = ctx
  const p = await plan(ctx)
  printPlan(ctx, p)
  const target: ReleaseTarget = {
    service: p.service,
    group: p.group,
    containerName: p.containerName,
    containerPort: p.containerPort,
    appSpecBase: p.appSpecBase,
    previousArn: p.previousArn,
    image: inputs.image ?? p.taskDefinition.containerDefinitions?.find((c) => c.name === p.imageContainer)?.image
  }
  // Nothing in AWS has changed so far. A busy group is settled before we register anything.
  await awaitIdleGroup(ctx, target.group)
  checkNotCancelled(ctx)
  const registered = await registerTaskDefinition(clients.ecs, p.taskDefinition)
  log.line(`Registered ${revisionName(registered.taskDefinitionArn)}`)
  return release(ctx, target, registered.taskDefinitionArn!)
}
