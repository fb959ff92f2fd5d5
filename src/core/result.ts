import type { Service, Task } from '@aws-sdk/client-ecs'
import type { AnalysisReport } from './analysis.js'
import type { Mode } from './inputs.js'

/** How a release ended, as the `outcome` output says it. */
export type Outcome =
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'stopped'
  | 'timed-out'
  | 'ready'
  | 'traffic-shifted'
  | 'started'
  | 'unchanged'
  /** mode plan: the plan found nothing that would stop the release. */
  | 'planned'

/** Outcomes after which the step passes: unchanged too, as the service already runs what was asked for. */
export const PASSING: ReadonlySet<Outcome> = new Set(['succeeded', 'ready', 'traffic-shifted', 'started', 'unchanged', 'planned'])

export interface ReleaseResult {
  outcome: Outcome
  cluster: string
  service: string
  deploymentId?: string | undefined
  deploymentUrl?: string | undefined
  taskDefinitionArn?: string | undefined
  previousTaskDefinitionArn?: string | undefined
  image?: string | undefined
  deploymentConfig?: string | undefined
  application?: string | undefined
  deploymentGroup?: string | undefined
  durationMs?: number | undefined
  traffic?: { green: number; blue: number } | undefined
  rollbackDeploymentId?: string | undefined
  /** mode plan: the plan as Markdown (the output 'plan', the job summary, the PR comment). */
  plan?: string | undefined
  /** Why it did not succeed, in one sentence: the annotation's text. */
  cause?: string | undefined
  /** Where the new revision ran, for the look after a failure (not an output). */
  suspects?: Suspects | undefined
  /** What that look found: causes with their fixes, the container's last lines. */
  forensics?: Forensics | undefined
  /** The one-off task run before the first change ('pre-release-command'), and how it ended. */
  preRelease?: PreRelease | undefined
  /** The canary analysis' intervals and verdict ('analysis'). */
  analysis?: AnalysisReport | undefined
}

/** The pre-release task of a release: what ran where, and how it ended. */
export interface PreRelease {
  taskArn?: string | undefined
  container: string
  command: string[]
  /** The container's exit code; undefined when it never started or was stopped before it exited. */
  exitCode?: number | undefined
  durationMs: number
  ended: 'succeeded' | 'failed' | 'cannot-start' | 'timed-out' | 'cancelled'
}

/** Where a way's new revision ran: its tasks and the target groups they register in. */
export interface Suspects {
  cluster: string
  /** The service the new revision runs in (the green service of an ALB pair). */
  service: string
  taskDefinitionArn?: string | undefined
  /** CodeDeploy: the green task set, whose tasks are started by its id. */
  taskSetId?: string | undefined
  /** Target group ARNs, or names (CodeDeploy names its groups). */
  targetGroups: string[]
  /** When the release started: older tasks are not its. */
  since?: Date | undefined
  /** The stopped tasks the way already read as the release failed, so they are not asked for twice. */
  stopped?: Task[] | undefined
}

/** Where a release of an ECS-controller service runs its new revision: the service's own target groups. */
export function serviceSuspects(cluster: string, service: Service, taskDefinitionArn: string, since: Date): Suspects {
  const groups = (service.loadBalancers ?? []).flatMap((lb) => [lb.targetGroupArn, lb.advancedConfiguration?.alternateTargetGroupArn])
  return { cluster, service: service.serviceName ?? '', taskDefinitionArn, targetGroups: [...new Set(groups.filter((g): g is string => !!g))], since }
}

/** Outcomes src/kit/forensics.ts looks into. */
export const INVESTIGATED: ReadonlySet<Outcome> = new Set(['failed', 'rolled-back', 'timed-out'])

/** Whether a release went wrong in a way worth a look at why: mode stop, and mode rollback of a release in flight, end one on purpose. */
export function worthExplaining(mode: Mode, result: ReleaseResult): boolean {
  if (!result.suspects || !INVESTIGATED.has(result.outcome)) return false
  return !(mode === 'stop' || (mode === 'rollback' && result.outcome === 'rolled-back'))
}

export type CauseCode =
  'image-pull' | 'secret' | 'log-group' | 'resource-init' | 'out-of-memory' | 'container-health' | 'elb-health' | 'target-health' | 'exit' | 'placement'

/** A reason a release failed, recognised (src/kit/causes.ts), with what to do about it. */
export interface Cause {
  code: CauseCode
  /** One sentence: what happened. */
  title: string
  /** AWS's own words, or the setting involved. */
  detail?: string | undefined
  /** What to do. */
  fix: string
}

/** The failed container's own output. */
export interface Excerpt {
  container: string
  taskId: string
  /** Where the lines come from: log group and stream, for the reader to open. */
  source: string
  lines: string[]
}

/** What the look after a failure found (src/kit/forensics.ts). */
export interface Forensics {
  causes: Cause[]
  excerpt?: Excerpt | undefined
  /** Why there is no excerpt: another log driver, no log configuration, the container never started. */
  logNote?: string | undefined
}
