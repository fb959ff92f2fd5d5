/**
 * Following an ECS-native service deployment: the one poll loop (src/kit/poll.ts) with one
 * DescribeServiceDeployments per look, and where the release stands after each look.
 */
import { describeServiceDeployment } from '../../aws/service-deployments.js'
import type { Context } from '../../core/context.js'
import { watchRelease } from '../../kit/poll.js'
import { compareNative, nativeSnapshot, type NativeEvent, type NativeSnapshot } from './events.js'

export type NativeVerdict = 'succeeded' | 'rolled-back' | 'stopped' | 'traffic-shifted' | 'ready' | { failed: string }

/** What `wait-for` can stop at on this way. */
export type NativeUntil = 'complete' | 'traffic-shifted' | 'ready'

/**
 * The PAUSE hook that waits for ContinueServiceDeployment now, if any; `passed` is one already
 * continued, which AWS may still show as waiting.
 */
export function awaitingHook(s: Pick<NativeSnapshot, 'hooks'>, passed?: string): NativeSnapshot['hooks'][number] | undefined {
  return s.hooks.find((h) => h.pause && h.status === 'AWAITING_ACTION' && h.id !== passed)
}

/** Where the release stands (undefined: still going); 'traffic-shifted' and 'ready' only when asked to stop there. */
export function nativeVerdict(s: NativeSnapshot, until: NativeUntil, passed?: string): NativeVerdict | undefined {
  switch (s.status) {
    case 'SUCCESSFUL':
      return 'succeeded'
    case 'ROLLBACK_SUCCESSFUL':
      return 'rolled-back'
    case 'STOPPED':
      return 'stopped'
    case 'ROLLBACK_FAILED':
      return { failed: `the rollback failed${s.statusReason ? `: ${s.statusReason}` : ''}` }
  }
  if (until === 'traffic-shifted' && s.status === 'IN_PROGRESS' && (s.stage === 'BAKE_TIME' || s.stage === 'CLEAN_UP')) return 'traffic-shifted'
  if (until === 'ready' && s.status === 'IN_PROGRESS' && awaitingHook(s, passed)) return 'ready'
  return undefined
}

export type WatchEnd =
  { end: 'done'; verdict: NativeVerdict; snapshot?: NativeSnapshot | undefined } | { end: 'aborted' | 'timeout'; snapshot?: NativeSnapshot | undefined }

/** The service deployment followed: its ARN, the names of its revisions, and the last look (kept across watches). */
export interface Followed {
  arn: string
  names: NativeSnapshot['names']
  prev?: NativeSnapshot | undefined
}

/** Looks until a verdict, the deadline or a cancel; logs every change. `passed`: a PAUSE hook already continued. */
export async function watchServiceDeployment(
  ctx: Pick<Context, 'clients' | 'log' | 'policy' | 'warn'>,
  f: Followed,
  o: { deadline: number; until: NativeUntil; signal?: AbortSignal | undefined; passed?: string | undefined }
): Promise<WatchEnd> {
  const end = await watchRelease<NativeSnapshot, NativeEvent, NativeVerdict>(
    ctx,
    {
      what: `service deployment ${f.arn}`,
      look: async (prev, signal) => nativeSnapshot(await describeServiceDeployment(ctx.clients.ecs, f.arn, signal), f.names, Date.now(), prev),
      compare: compareNative,
      verdict: (s) => nativeVerdict(s, o.until, o.passed)
    },
    { deadline: o.deadline, signal: o.signal, from: f.prev }
  )
  if (end.snapshot) f.prev = end.snapshot
  if (end.end === 'done') return { end: 'done', verdict: end.verdict, snapshot: end.snapshot }
  return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: end.snapshot }
}
