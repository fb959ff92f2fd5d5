/**
 * The new task definition of a release, whatever the way: rendered from the revision the service
 * runs (or the 'task-definition' file) and the inputs, checked, and printed as the plan's lines.
 * Read-only: nothing here changes anything in AWS.
 */
import { readFileSync } from 'node:fs'
import type { Service } from '@aws-sdk/client-ecs'
import { describeTaskDefinition } from '../aws/ecs.js'
import type { Context, RegisterInput } from '../core/context.js'
import { ActionError, inputError } from '../core/errors.js'
import { changesTaskDefinition, MAX_TAGS, type Inputs } from '../core/inputs.js'
import { revisionName } from '../report/format.js'
import { redactedTaskDefinitionJson, secretValues } from '../report/redact.js'
import {
  diffTaskDefinitions,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  requireContainerPort,
  sameTaskDefinition,
  toRegisterInput,
  type DiffLine
} from './taskdef.js'

/** Reads a file an input names; a missing or unreadable one is the input's fault. */
export function readInputFile(input: string, path: string): string {
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

/** The 'task-definition' file, parsed: read before any AWS call, as a bad file is the cheapest error. */
export function readTaskDefinitionFile(inputs: Pick<Inputs, 'taskDefinitionFile'>): RegisterInput | undefined {
  return inputs.taskDefinitionFile ? parseTaskDefinitionFile(readInputFile('task-definition', inputs.taskDefinitionFile)) : undefined
}

/** The new task definition, rendered from the service's live one (or the file) and the inputs. */
export interface Rendered {
  previousArn?: string | undefined
  taskDefinition: RegisterInput
  diff: DiffLine[]
  /** The container whose image is swapped. */
  imageContainer: string
  /** The revision 'task-definition' names, when it does: what the new task definition starts from. */
  startsFrom?: string | undefined
  /** That revision, when nothing asks to change it: released as it is, nothing registered. */
  existingArn?: string | undefined
  /** The new task definition registers the same thing as the revision the service runs now. */
  unchanged: boolean
}

/** The revision 'task-definition' names, as RegisterTaskDefinition would take it; refused when it does not exist or is deregistered. */
async function readNamedRevision(ctx: Pick<Context, 'clients'>, ref: string): Promise<{ arn: string; taskDefinition: RegisterInput }> {
  let found
  try {
    found = await describeTaskDefinition(ctx.clients.ecs, ref)
  } catch (err) {
    if ((err as Error).name !== 'ClientException') throw err
    throw inputError(
      'task-definition',
      `task definition '${ref}' does not exist in this account and region`,
      "Give a revision that exists (aws ecs list-task-definitions), and check 'aws-region'"
    )
  }
  const arn = found.taskDefinition.taskDefinitionArn ?? ref
  if (found.taskDefinition.status === 'INACTIVE') {
    throw inputError('task-definition', `${revisionName(arn)} is deregistered (INACTIVE), and ECS starts no new tasks from it`, 'Give an ACTIVE revision')
  }
  return { arn, taskDefinition: toRegisterInput(found.taskDefinition, found.tags) }
}

/** The task definition a service runs now: its own, else its PRIMARY task set's. */
export function currentTaskDefinition(service: Service): string | undefined {
  return service.taskDefinition ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition
}

/**
 * Renders the task definition to release from the service and the inputs. The image goes to
 * 'container-name', default the load-balanced container `lb` (which must keep its port), else the
 * only container of the task definition.
 */
export async function renderFromService(
  ctx: Pick<Context, 'inputs' | 'clients' | 'taskDefinitionFile' | 'mask' | 'debug'>,
  service: Service,
  lb?: { containerName: string; containerPort?: number | undefined }
): Promise<Rendered> {
  const { inputs, clients } = ctx
  const previousArn = currentTaskDefinition(service)
  const live = previousArn ? await describeTaskDefinition(clients.ecs, previousArn) : undefined
  const previous = live ? toRegisterInput(live.taskDefinition, live.tags) : undefined
  const named = inputs.taskDefinitionRef ? await readNamedRevision(ctx, inputs.taskDefinitionRef) : undefined
  const base = ctx.taskDefinitionFile ?? named?.taskDefinition ?? previous
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
  // A revision promoted as it is keeps its own tags: 'environment' names where it goes, it does not retag it.
  const asIs = named && !changesTaskDefinition(inputs)
  const taskDefinition = renderTaskDefinition(base, { ...inputs, environment: asIs ? undefined : inputs.environment, containerName: imageContainer })
  const tags = taskDefinition.tags?.length ?? 0
  if (tags > MAX_TAGS) {
    throw inputError(
      'tags',
      `the new task definition would have ${tags} tags (those of ${previousArn ? revisionName(previousArn) : 'the file'} with 'tags' and the ones this action adds), and a task definition takes at most ${MAX_TAGS}`,
      `Give fewer tags, or remove tags from the task definition it starts from`
    )
  }
  // Traffic always goes to the load-balanced container, whichever one gets the image.
  if (lb) requireContainerPort(taskDefinition, lb.containerName, lb.containerPort)
  guardSecrets(ctx, taskDefinition)
  return {
    previousArn,
    taskDefinition,
    diff: diffTaskDefinitions(previous, taskDefinition),
    imageContainer,
    startsFrom: named?.arn,
    existingArn: named && sameTaskDefinition(taskDefinition, named.taskDefinition) ? named.arn : undefined,
    unchanged: !!previous && sameTaskDefinition(taskDefinition, previous)
  }
}

/**
 * Masks the secret values of the rendered task definition (inherited ones too), refuses names in
 * 'mask-environment-variables' that it does not have, and prints it to the debug log redacted.
 */
function guardSecrets(ctx: Pick<Context, 'inputs' | 'mask' | 'debug'>, td: RegisterInput): void {
  const { inputs } = ctx
  const vars = (td.containerDefinitions ?? []).flatMap((c) => c.environment ?? [])
  const unknown = inputs.maskEnvironmentVariables.filter((n) => !vars.some((v) => v.name === n))
  if (unknown.length) {
    throw inputError(
      'mask-environment-variables',
      `${unknown.map((n) => `'${n}'`).join(', ')} ${unknown.length > 1 ? 'are not environment variables' : 'is not an environment variable'} of the new task definition`,
      "List names given in 'environment-variables' or set in the task definition's environment, or remove them"
    )
  }
  for (const v of secretValues(vars, inputs.maskEnvironmentVariables)) ctx.mask(v)
  ctx.debug(`Rendered task definition (secret values redacted):\n${redactedTaskDefinitionJson(td, inputs.maskEnvironmentVariables)}`)
}

/** The task definition lines of the plan: what changes, and the tags it gets. Every way prints them. */
export function printRendered(ctx: Pick<Context, 'inputs' | 'log'>, p: Rendered): void {
  const { log, inputs } = ctx
  // A revision named in 'task-definition' that runs already is registered anew only with 'force' (src/kit/revision.ts).
  const runs = p.existingArn !== undefined && p.existingArn === p.previousArn
  const copy = runs && inputs.force
  const to = p.existingArn && !copy ? revisionName(p.existingArn) : `${p.taskDefinition.family}:new`
  const how = copy
    ? `  (a copy of ${revisionName(p.existingArn)}, named in 'task-definition': 'force' releases what runs)`
    : runs
      ? "  ('task-definition' names what runs)"
      : p.existingArn
        ? "  ('task-definition', released as it is: nothing is registered)"
        : p.startsFrom
          ? `  (${revisionName(p.startsFrom)} of 'task-definition' with the changes asked)`
          : ''
  log.line(`Task definition ${revisionName(p.previousArn)} -> ${to}${how}`)
  for (const d of p.diff) log.line(`  ${(d.container ?? '').padEnd(Math.max(4, d.container?.length ?? 0))} ${d.field.padEnd(7)} ${d.text}`)
  const tags = (p.taskDefinition.tags ?? []).filter((t) => inputs.tags.some((x) => x.key === t.key) || t.key === 'Environment' || t.key === 'Version')
  // A revision released as it is gets no tags from this release.
  if (tags.length && !p.existingArn) log.line(`  tags         ${tags.map((t) => `${t.key}=${t.value}`).join('  ')}`)
}

/** The image the release puts on its container, for the outputs and the summary. */
export function imageOf(inputs: Pick<Inputs, 'image'>, r: Rendered): string | undefined {
  return inputs.image ?? r.taskDefinition.containerDefinitions?.find((c) => c.name === r.imageContainer)?.image
}
