/**
 * The revision a release puts on the service, at its first change: the one 'task-definition'
 * names, released as it is, or a new one registered; or none at all when the service already runs
 * what would be registered (outcome unchanged, unless 'force').
 */
import { registerTaskDefinition } from '../aws/ecs.js'
import { checkNotCancelled, type Context } from '../core/context.js'
import type { ReleaseResult } from '../core/result.js'
import { revisionName } from '../report/format.js'
import type { Rendered } from './render.js'

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

/** The release's first change: registers the new task definition, unless 'task-definition' names one to release as it is. Returns its ARN. */
export async function revisionToRelease(ctx: Pick<Context, 'clients' | 'log' | 'signal'>, r: Rendered): Promise<string> {
  checkNotCancelled(ctx)
  // Promoting the revision the service runs already starts no release with the same ARN: 'force' registers a copy.
  if (r.existingArn && r.existingArn !== r.previousArn) {
    ctx.log.line(`Releasing ${revisionName(r.existingArn)} as it is ('task-definition'): nothing registered`)
    return r.existingArn
  }
  const registered = await registerTaskDefinition(ctx.clients.ecs, r.taskDefinition)
  const arn = registered.taskDefinitionArn!
  ctx.log.line(`Registered ${revisionName(arn)}${r.startsFrom ? ` from ${revisionName(r.startsFrom)} of 'task-definition'` : ''}`)
  return arn
}
