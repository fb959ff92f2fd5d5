/**
 * keep-revisions: after a successful release, the ACTIVE revisions of the released family beyond
 * the newest N are deregistered, so a family does not grow by one revision per release forever.
 * Never the revision that runs, nor the one 'rollback-to: previous' goes back to: after a release
 * that succeeded, that is the revision it replaced.
 */
import { deregisterTaskDefinition, listActiveRevisions } from '../aws/ecs.js'
import type { Clients, Log } from '../core/context.js'
import { describeError } from '../core/errors.js'
import type { ReleaseResult } from '../core/result.js'
import { revisionName } from '../report/format.js'

/** The family of a task definition ARN (…:task-definition/web:42 → web). */
const familyOf = (arn: string): string | undefined => /task-definition\/([^:]+):\d+$/.exec(arn)?.[1]

/** Which of `active` (newest first) go: those beyond the newest `keep`, except the protected ones. Pure. */
export function revisionsToDeregister(active: string[], keep: number, protect: (string | undefined)[]): string[] {
  return active.slice(keep).filter((arn) => !protect.includes(arn))
}

/** Deregisters what keep-revisions lets go and says so; a failure is a warning, as the release itself succeeded. */
export async function keepRevisions(
  o: { clients: Pick<Clients, 'ecs'>; log: Pick<Log, 'line'>; warn: (message: string) => void },
  keep: number,
  result: ReleaseResult
): Promise<string[]> {
  const running = result.taskDefinitionArn
  const family = running && familyOf(running)
  if (!family) return []
  const gone: string[] = []
  try {
    const active = await listActiveRevisions(o.clients.ecs, family)
    const doomed = revisionsToDeregister(active, keep, [running, result.previousTaskDefinitionArn])
    for (const arn of doomed) {
      await deregisterTaskDefinition(o.clients.ecs, arn)
      gone.push(arn)
    }
    const kept = active.filter((a) => !doomed.includes(a))
    o.log.line(
      gone.length
        ? `keep-revisions ${keep}: deregistered ${gone.map(revisionName).join(', ')}; ${kept.length} ACTIVE revision${kept.length === 1 ? '' : 's'} of ${family} kept (${kept.map(revisionName).join(', ')})`
        : `keep-revisions ${keep}: ${family} has ${active.length} ACTIVE revision${active.length === 1 ? '' : 's'}, nothing to deregister`
    )
  } catch (err) {
    o.warn(
      `keep-revisions: ${gone.length ? `deregistered ${gone.map(revisionName).join(', ')}, then ` : ''}could not go on (${describeError(err)}). The release itself succeeded; old revisions of ${family} are left ACTIVE.`
    )
  }
  return gone
}
