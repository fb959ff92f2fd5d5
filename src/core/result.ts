/** How a release ended, as the `outcome` output says it. */
export type Outcome = 'succeeded' | 'failed' | 'rolled-back' | 'stopped' | 'timed-out' | 'ready' | 'traffic-shifted' | 'started'

/** Outcomes after which the step passes. */
export const PASSING: ReadonlySet<Outcome> = new Set(['succeeded', 'ready', 'traffic-shifted', 'started'])

export interface ReleaseResult {
  outcome: Outcome
  cluster: string
  service: string
  deploymentId?: string
  deploymentUrl?: string
  taskDefinitionArn?: string
  previousTaskDefinitionArn?: string
  image?: string
  deploymentConfig?: string
  application?: string
  deploymentGroup?: string
  durationMs?: number
  traffic?: { green: number; blue: number }
  rollbackDeploymentId?: string
  /** Why it did not succeed, in one sentence: the annotation's text. */
  cause?: string
}
