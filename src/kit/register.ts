/**
 * The first change of every way's deploy: register the new revision (or take the one
 * 'task-definition' names, as it is), then run the pre-release task 'pre-release-command' asks for.
 * The task's code (src/kit/pre-release.ts, with the CloudWatch Logs client it streams the output
 * with) loads only then. Just before it, a release that would change nothing ends (unchanged).
 */
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { registerTaskDefinition } from '../aws/ecs.js'
import type { Context, RegisterInput } from '../core/context.js'
import { inputError } from '../core/errors.js'
import type { Inputs } from '../core/inputs.js'
import type { ReleaseResult } from '../core/result.js'
import { revisionName } from '../report/format.js'
import type { Rendered } from './render.js'

export type ReleaseContext = Pick<Context, 'inputs' | 'clients' | 'log' | 'signal' | 'policy' | 'warn' | 'region' | 'env' | 'startedAt' | 'state'>

/** What a way hands over as it registers its new revision: what it rendered (src/kit/render.ts), and where it goes. */
export interface NewRevision extends Pick<Rendered, 'existingArn' | 'previousArn' | 'startsFrom'> {
  taskDefinition: RegisterInput
  /** The container whose image the release replaces: the command runs there unless 'pre-release-container' names another. */
  imageContainer: string
  /** The service the revision is released to (an ALB pair's idle one): the task runs where its tasks run. */
  service: Service
}

/**
 * A release that would change nothing ends here, before anything is registered: outcome unchanged,
 * the revision that runs as the task definition. undefined when the release goes on.
 */
export function unchangedRelease(ctx: Pick<Context, 'inputs' | 'log'>, r: Rendered, result: ReleaseResult): ReleaseResult | undefined {
  if (!r.unchanged || ctx.inputs.force) return undefined
  ctx.log.line(
    `Unchanged: the service already runs ${revisionName(r.previousArn)}, what this release would put on it (same containers, images, environment, secrets and settings). Nothing registered or deployed; 'force: true' releases anyway.`
  )
  return { ...result, outcome: 'unchanged', taskDefinitionArn: r.previousArn, previousTaskDefinitionArn: r.previousArn }
}

export interface Registered {
  arn: string
  /** What the release's result gets from the pre-release task (nothing without one). */
  result: Partial<ReleaseResult>
  /** The pre-release task failed, could not start, ran out of time or was cancelled: nothing else may change. */
  stop: boolean
}

/**
 * Registers the new revision and runs its pre-release task, if the inputs give one: the first
 * change of every way's deploy. A way goes on only when `stop` is false.
 */
export async function registerRelease(ctx: ReleaseContext, r: NewRevision): Promise<Registered> {
  const command = ctx.inputs.preReleaseCommand
  // Checked before anything is registered: a wrong container name is the input's fault.
  const container = command ? preReleaseContainer(ctx.inputs, r.taskDefinition, r.imageContainer) : undefined
  const registered = await registerOrReuse(ctx, r)
  const arn = registered.taskDefinitionArn!
  if (!command || !container) return { arn, result: {}, stop: false }
  const { runPreRelease } = await import('./pre-release.js')
  const ran = await runPreRelease(ctx, { taskDefinition: registered, container, command, service: r.service })
  return { arn, result: ran, stop: ran.preRelease?.ended !== 'succeeded' }
}

/**
 * The revision 'task-definition' names, released as it is; else a new one registered. Promoting
 * the revision the service runs already would start no release with the same ARN: 'force'
 * registers a copy of it.
 */
async function registerOrReuse(ctx: Pick<Context, 'clients' | 'log'>, r: NewRevision): Promise<TaskDefinition> {
  if (r.existingArn && r.existingArn !== r.previousArn) {
    ctx.log.line(`Releasing ${revisionName(r.existingArn)} as it is ('task-definition'): nothing registered`)
    return { family: r.taskDefinition.family, containerDefinitions: r.taskDefinition.containerDefinitions, taskDefinitionArn: r.existingArn }
  }
  const registered = await registerTaskDefinition(ctx.clients.ecs, r.taskDefinition)
  ctx.log.line(`Registered ${revisionName(registered.taskDefinitionArn)}${r.startsFrom ? ` from ${revisionName(r.startsFrom)} of 'task-definition'` : ''}`)
  return registered
}

/** The container the command runs in: 'pre-release-container', else the one whose image is replaced. It must be essential, or its exit would not end the task. */
export function preReleaseContainer(inputs: Pick<Inputs, 'preReleaseContainer'>, td: RegisterInput, imageContainer: string): string {
  const name = inputs.preReleaseContainer ?? imageContainer
  const defs = td.containerDefinitions ?? []
  const def = defs.find((c) => c.name === name)
  if (!def) {
    throw inputError(
      'pre-release-container',
      `'${name}' is not a container of the task definition (${defs.map((c) => c.name).join(', ')})`,
      'Name one of those containers, or leave it out for the one whose image is replaced'
    )
  }
  if (def.essential === false) {
    throw inputError(
      'pre-release-container',
      `container '${name}' is not essential, so the task would not stop when the command ends`,
      'Name an essential container of the task definition'
    )
  }
  return name
}
