/**
 * What the main step leaves for the post step: every key in one place, behind a small store, so
 * no code below main.ts and post.ts touches the runner's state files directly.
 */
export const STATE = {
  /** Set by the main step: the next run of the entry point is the post step. */
  isPost: 'isPost',
  /** The way that released the service (a WayName). */
  way: 'strategy',
  /** The release in flight: a CodeDeploy deployment id, a service deployment ARN or an ECS deployment id. */
  deployment: 'deployment-id',
  /** The main step dealt with the release in flight: the post step has nothing to do. */
  settled: 'settled',
  /** Rolling: the task definition to go back to. */
  rollingPrevious: 'rolling-previous',
  /** ALB-weighted: the forward action and the new side as they were before the release (JSON). */
  albRestore: 'alb-restore',
  /** A pre-release task under way: '<cluster> <task ARN>', '' once it has stopped (the post step stops one left running). */
  preReleaseTask: 'pre-release-task',
  /** The GitHub deployment of the release, and whether its final status was set. */
  githubDeployment: 'github-deployment-id',
  githubSettled: 'github-deployment-settled'
} as const

export type StateKey = (typeof STATE)[keyof typeof STATE]

export interface StateStore {
  save(key: StateKey, value: string): void
  /** '' when the main step saved nothing under the key. */
  get(key: StateKey): string
}

/** A store in memory: for tests, and for code that runs outside a runner. */
export function memoryState(initial: Partial<Record<StateKey, string>> = {}): StateStore & { saved: Partial<Record<StateKey, string>> } {
  const saved: Partial<Record<StateKey, string>> = { ...initial }
  return {
    saved,
    save: (key, value) => void (saved[key] = value),
    get: (key) => saved[key] ?? ''
  }
}
