/** How a release ended, as the `outcome` output says it. */
export type Outcome = 'succeeded' | 'failed' | 'rolled-back' | 'stopped' | 'timed-out' | 'ready' | 'traffic-shifted' | 'started'

/** Outcomes after which the step passes. */
export const PASSING: ReadonlySet<Outcome> = new Set(['succeeded', 'ready', 'traffic-shifted', 'started'])

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
  /** Why it did not succeed, in one sentence: the annotation's text. */
  cause?: string | undefined
}
