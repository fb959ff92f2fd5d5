/**
 * rollback-to, resolved to a task definition ARN the same way for every strategy: 'previous' asks
 * the way's own history (CodeDeploy's deployments, the service's service deployments, the idle
 * service of an ALB pair); a revision number, family:revision, an ARN or a Version tag value are
 * looked up in ECS.
 */
import { describeTaskDefinition, listTaskDefinitions } from '../aws/ecs.js'
import type { Context } from '../core/context.js'
import { ActionError } from '../core/errors.js'
import { revisionName } from '../report/format.js'

/** How many task definitions a Version tag search reads before giving up. */
const VERSION_SEARCH_LIMIT = 30

/** What 'previous' means for a way: the earlier release, and where it was found (for the log), or why there is none. */
export type PreviousRelease = () => Promise<{ taskDefinitionArn: string; foundIn: string } | { none: string }>

export async function resolveRollbackTarget(
  ctx: Pick<Context, 'inputs' | 'clients' | 'log'>,
  current: string | undefined,
  previous: PreviousRelease
): Promise<string> {
  const { inputs, clients } = ctx
  const to = inputs.rollbackTo
  const family = (current ?? '').split('/').pop()?.split(':')[0]
  const describe = async (ref: string): Promise<string> => {
    try {
      return (await describeTaskDefinition(clients.ecs, ref)).taskDefinition.taskDefinitionArn!
    } catch (err) {
      if ((err as Error).name === 'ClientException' || (err as Error).name === 'InvalidParameterException') {
        throw new ActionError(
          `Input 'rollback-to': task definition '${ref}' does not exist. Give a revision of family '${family}' that exists (see aws ecs list-task-definitions --family-prefix ${family}).`,
          'rollback-to'
        )
      }
      throw err
    }
  }
  if (to === 'previous') {
    const p = await previous()
    if ('none' in p) throw new ActionError(`Input 'rollback-to': ${p.none}. Give 'rollback-to' a revision number, an ARN or a Version tag.`, 'rollback-to')
    ctx.log.line(`Previous release: ${revisionName(p.taskDefinitionArn)} (${p.foundIn})`)
    return describe(p.taskDefinitionArn)
  }
  if (/^\d+$/.test(to)) return describe(`${family}:${to}`)
  if (to.startsWith('arn:')) return describe(to)
  if (/^[\w-]+:\d+$/.test(to)) return describe(to)

  // A Version tag value: newest revisions first, bounded.
  const arns = await listTaskDefinitions(clients.ecs, family, VERSION_SEARCH_LIMIT)
  for (const arn of arns) {
    const { tags } = await describeTaskDefinition(clients.ecs, arn)
    if (tags.some((t) => t.key === 'Version' && t.value === to)) return arn
  }
  throw new ActionError(
    `Input 'rollback-to': no task definition of family '${family}' among its ${arns.length} newest revisions is tagged Version=${to}. Give a revision number or an ARN instead.`,
    'rollback-to'
  )
}

/** Refuses a rollback to what the service already runs. */
export function refuseSameRevision(target: string, current: string | undefined): void {
  if (target === current) {
    throw new ActionError(
      `Input 'rollback-to': ${revisionName(target)} is what the service runs now; there is nothing to roll back to. Name another revision.`,
      'rollback-to'
    )
  }
}
