/**
 * Following a rolling update: the one poll loop (src/kit/poll.ts) with one DescribeServices per
 * look, and where the release stands after each look.
 */
import { describeService } from '../../aws/ecs.js'
import type { Context } from '../../core/context.js'
import { watchRelease } from '../../kit/poll.js'
import { revisionName } from '../../report/format.js'
import { compareRolling, snapshotOf, type RollingEvent, type RollingSnapshot } from './events.js'

export type RollingVerdict = 'waiting' | 'succeeded' | 'rolling-back' | 'rolled-back' | { failed: string }

/**
 * Where the release of `taskDefinition` stands. Succeeded once its deployment is COMPLETED; when
 * the circuit breaker rolled it back, the service runs `previous` again ('rolling-back' until that
 * deployment is COMPLETED too); failed when its deployment FAILED with nothing rolled back.
 */
export function rollingVerdict(s: RollingSnapshot, mine: { id?: string | undefined; taskDefinition: string; previous?: string | undefined }): RollingVerdict {
  const d = s.deployments.find((x) => (mine.id ? x.id === mine.id : x.taskDefinition === mine.taskDefinition))
  const primary = s.deployments.find((x) => x.status === 'PRIMARY')
  if (d && d.status === 'PRIMARY' && d.rolloutState === 'COMPLETED') return 'succeeded'
  const back = primary && primary !== d && primary.taskDefinition === mine.previous && mine.previous !== undefined
  if (back) return primary.rolloutState === 'COMPLETED' ? 'rolled-back' : 'rolling-back'
  if (d?.rolloutState === 'FAILED') return { failed: d.rolloutStateReason ?? 'the deployment failed' }
  if (!d && primary && primary.taskDefinition !== mine.taskDefinition) return { failed: `another deployment (${primary.id}) replaced it` }
  return 'waiting'
}

/** A rolling update in flight: the PRIMARY deployment still IN_PROGRESS, and the task definition the older one still runs. */
export interface InFlight {
  id: string
  taskDefinition?: string | undefined
  /** The task definition of the older, completed deployment still running (ACTIVE), if any: what a rollback puts back. */
  previous?: string | undefined
}

/** The rolling update in flight, if any. */
export function inFlight(s: RollingSnapshot): InFlight | undefined {
  const p = s.deployments.find((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS')
  if (!p) return undefined
  // COMPLETED: not a deployment the circuit breaker failed (while its rollback is the one in flight).
  const older = s.deployments.find((d) => d.status === 'ACTIVE' && d.rolloutState === 'COMPLETED' && d.taskDefinition && d.taskDefinition !== p.taskDefinition)
  return { id: p.id, taskDefinition: p.taskDefinition, previous: older?.taskDefinition }
}

/**
 * Where the rollback of the deployment that runs `from` stands: done once a PRIMARY deployment of
 * another task definition is COMPLETED; failed if that one FAILED too.
 */
export function rollbackVerdict(s: RollingSnapshot, from: string | undefined): 'waiting' | 'succeeded' | { failed: string } {
  const p = s.deployments.find((d) => d.status === 'PRIMARY')
  if (!p || p.taskDefinition === from) return 'waiting'
  if (p.rolloutState === 'COMPLETED') return 'succeeded'
  if (p.rolloutState === 'FAILED') return { failed: p.rolloutStateReason ?? 'the rollback deployment failed' }
  return 'waiting'
}

/** How deployment `id` ended, for the log: its rollout state while PRIMARY, or what replaced it. */
export function endOf(s: RollingSnapshot, id: string): string {
  const d = s.deployments.find((x) => x.id === id)
  const p = s.deployments.find((x) => x.status === 'PRIMARY')
  if (d && d === p) return d.rolloutState ?? 'UNKNOWN'
  return p ? `replaced by ECS deployment ${p.id} (${revisionName(p.taskDefinition)})` : 'gone'
}

/**
 * Why 'deployment-id' cannot name the rolling update to stop, or undefined when it can: an ECS
 * deployment (ecs-svc/…) of this service that is PRIMARY and IN_PROGRESS.
 */
export function refuseNamedDeployment(s: RollingSnapshot, id: string, service: string): string | undefined {
  const d = s.deployments.find((x) => x.id === id)
  if (!d) {
    const ids = s.deployments.map((x) => x.id).join(', ')
    return `'${id}' is not a deployment of service '${service}' (it has ${ids || 'none'}). Pass the 'deployment-id' output of the step that started it, or leave 'deployment-id' out to stop the one in flight.`
  }
  if (d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') {
    return (
      `ECS deployment ${id} already ended (${d.status} ${d.rolloutState ?? ''}`.trimEnd() +
      `); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`
    )
  }
  return undefined
}

export type WatchEnd<V> = { end: 'done'; verdict: V; snapshot: RollingSnapshot } | { end: 'aborted' | 'timeout'; snapshot: RollingSnapshot }

/** Looks until `stop` says so, the deadline passes or the job is cancelled; logs every change. `state.prev` is the look before. */
export async function watchService<V>(
  ctx: Pick<Context, 'clients' | 'inputs' | 'log' | 'policy' | 'signal' | 'warn'>,
  state: { prev: RollingSnapshot },
  deadline: number,
  stop: (s: RollingSnapshot) => V | undefined
): Promise<WatchEnd<V>> {
  const end = await watchRelease<RollingSnapshot, RollingEvent, V>(
    ctx,
    {
      what: `service ${ctx.inputs.service}`,
      look: async (_prev, signal) => snapshotOf(await describeService(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, signal)),
      compare: compareRolling,
      verdict: stop
    },
    { deadline, signal: ctx.signal, from: state.prev }
  )
  if (end.snapshot) state.prev = end.snapshot
  if (end.end === 'done') return { end: 'done', verdict: end.verdict, snapshot: end.snapshot }
  return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: state.prev }
}

/** The failure AWS gave for our deployment, or the last service event that says it failed. */
export function lastFailure(s: RollingSnapshot, mine: { id?: string | undefined; taskDefinition: string }): string | undefined {
  const d = s.deployments.find((x) => x.id === mine.id)
  if (d?.rolloutStateReason && d.rolloutState === 'FAILED') return d.rolloutStateReason
  const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment failed/.test(x.message))
  return e?.message.replace(/^\(service [^)]*\) \(deployment [^)]*\) deployment failed: /, '')
}

/** Why our deployment was stopped with rollback from elsewhere, or undefined (then the circuit breaker rolled it back). */
export function stoppedBy(s: RollingSnapshot, mine: { id?: string | undefined }): string | undefined {
  const d = s.deployments.find((x) => x.id === mine.id)
  if (d?.rolloutStateReason && /StopServiceDeployment/.test(d.rolloutStateReason)) return d.rolloutStateReason
  const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment stopped: /.test(x.message))
  return e?.message.replace(/^.*deployment stopped: /, '')
}
