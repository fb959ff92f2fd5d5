/**
 * The revision a release puts on the service, at its first change: the one 'task-definition'
 * names, released as it is, or a new one registered; or none at all when the service already runs
 * what would be registered (outcome unchanged, unless 'force').
 */
import { registerTaskDefinition } from '../aws/ecs.js'
import { checkNotCancelled, type Context } from '../core/context.js'
import { revisionName } from '../report/format.js'
import type { Rendered } from './render.js'

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
