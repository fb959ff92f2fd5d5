/**
 * Following an ECS-native service deployment: the one poll loop (src/kit/poll.ts) with one
 * DescribeServiceDeployments per look, and where the release stands after each look.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { stopServiceDeployment } from '../../aws/ecs.js'
import { describeServiceDeployment } from '../../aws/service-deployments.js'
import type { AnalysisFailure, Judged } from '../../core/analysis.js'
import { chosenService, type Context } from '../../core/context.js'
import { inputError } from '../../core/errors.js'
import { watchRelease } from '../../kit/poll.js'
import { clock } from '../../report/format.js'
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

/** `failure`: the canary analysis failed the new revision, and the service deployment was stopped with rollback. */
export type WatchEnd = (
  { end: 'done'; verdict: NativeVerdict; snapshot?: NativeSnapshot | undefined } | { end: 'aborted' | 'timeout'; snapshot?: NativeSnapshot | undefined }
) & { failure?: AnalysisFailure | undefined }

/** The service deployment followed: its ARN, the names of its revisions, and the last look (kept across watches). */
export interface Followed {
  arn: string
  names: NativeSnapshot['names']
  prev?: NativeSnapshot | undefined
}

type WatchContext = Pick<Context, 'clients' | 'log' | 'policy' | 'warn' | 'analysis' | 'chosen' | 'inputs' | 'settled'>

/**
 * Looks until a verdict, the deadline or a cancel; logs every change. `passed`: a PAUSE hook
 * already continued. `analyse`: the canary analysis judges it, and a failure stops it with
 * rollback, followed to its end.
 */
export async function watchServiceDeployment(
  ctx: WatchContext,
  f: Followed,
  o: { deadline: number; until: NativeUntil; signal?: AbortSignal | undefined; passed?: string | undefined; analyse?: boolean | undefined }
): Promise<WatchEnd> {
  const end = await watchRelease<NativeSnapshot, NativeEvent, NativeVerdict>(
    ctx,
    {
      what: `service deployment ${f.arn}`,
      look: async (prev, signal) => nativeSnapshot(await describeServiceDeployment(ctx.clients.ecs, f.arn, signal), f.names, Date.now(), prev),
      compare: compareNative,
      verdict: (s) => nativeVerdict(s, o.until, o.passed)
    },
    { deadline: o.deadline, signal: o.signal, from: f.prev, judge: o.analyse ? ctx.analysis?.judge(judged(ctx)) : undefined }
  )
  if (end.snapshot) f.prev = end.snapshot
  if (end.end === 'done') return { end: 'done', verdict: end.verdict, snapshot: end.snapshot }
  if (end.end === 'judged') {
    await stopServiceDeployment(ctx.clients.ecs, f.arn, 'ROLLBACK')
    // Dealt with: the post step has nothing to stop if this step is killed now.
    ctx.settled()
    ctx.log.line(`  ${clock(ctx.log.now(end.failure.at))}  Stopped service deployment ${f.arn} with rollback (canary analysis)`)
    const back = await watchServiceDeployment(ctx, f, { deadline: Math.max(o.deadline, Date.now() + 15 * 60_000), until: 'complete', signal: o.signal })
    return { ...back, failure: end.failure }
  }
  return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: end.snapshot }
}

/** The service's two target groups and its production listener rule: what the canary analysis compares. */
export function analysedGroups(service: Service): { primary: string; alternate: string; rule?: string | undefined } | undefined {
  const lb = service.loadBalancers?.find((l) => l.targetGroupArn && l.advancedConfiguration?.alternateTargetGroupArn)
  if (!lb) return undefined
  return { primary: lb.targetGroupArn!, alternate: lb.advancedConfiguration!.alternateTargetGroupArn!, rule: lb.advancedConfiguration!.productionListenerRule }
}

/** 'analysis' needs both target groups; refused before anything changes when the service has one. */
export function refuseAnalysisWithoutGroups(ctx: Pick<Context, 'analysis' | 'inputs'>, service: Service): void {
  if (!ctx.analysis || analysedGroups(service)) return
  throw inputError(
    'analysis',
    `service '${ctx.inputs.service}' has no alternate target group (loadBalancers[].advancedConfiguration), so its new revision's traffic cannot be told from the old one's`,
    "Give the service's load balancer an alternateTargetGroupArn and productionListenerRule (ECS blue/green with an ALB), or remove 'analysis'"
  )
}

/**
 * What the canary analysis reads from a look: the production weights while the deployment runs.
 * Which target group has the new revision alternates from release to release; the production
 * rule's weights tell, matched with the new revision's share.
 */
function judged(ctx: WatchContext): Judged<NativeSnapshot> {
  return {
    split: (s) => (s.status === 'IN_PROGRESS' ? { green: s.target.prod, blue: s.source?.prod ?? 100 - s.target.prod } : undefined),
    async sides(s) {
      const g = analysedGroups(chosenService(ctx))
      if (!g) throw new Error(`service ${ctx.inputs.service} has no alternate target group`)
      // ELBv2's client loads only for an analysed release.
      const { describeRule } = await import('../../aws/elbv2.js')
      const forward = g.rule ? (await describeRule(ctx.clients.elbv2, g.rule))?.Actions?.find((a) => a.Type === 'forward') : undefined
      const groups = forward?.ForwardConfig?.TargetGroups ?? []
      const total = groups.reduce((n, x) => n + (x.Weight ?? 0), 0)
      const share = (arn: string): number => (total ? (100 * (groups.find((x) => x.TargetGroupArn === arn)?.Weight ?? 0)) / total : 0)
      const altIsGreen = Math.abs(share(g.alternate) - s.target.prod) <= Math.abs(share(g.primary) - s.target.prod)
      return altIsGreen ? { green: g.alternate, blue: g.primary } : { green: g.primary, blue: g.alternate }
    }
  }
}
