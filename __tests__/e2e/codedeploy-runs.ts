/**
 * CodeDeploy releases of the seeded world as the fault, cause and least-privilege files run them:
 * a short release (all at once, one virtual minute before blue goes, the task roles of
 * docs/iam-policy.json), one run per release with every call the action made kept, and the checks
 * each of those files makes on a run and on the calls it kept.
 */
import { expect } from '@jest/globals'
import type { CallRecord, DeploymentState, FaultConfig, SeedSpec } from '../../emulator/index.js'
import { actionOf, allows, loadPolicy, POLICY_WORLD, resourcesOf, sourceActions } from './iam-policy.js'
import { annotations, dump, type E2E, type RunResult } from './helpers.js'

export const TIME_SCALE = 100

/** A short release: all at once, one virtual minute before blue goes; the task roles of the policy document. */
export const SEED: Partial<SeedSpec> = {
  deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
  terminationWaitMinutes: 1,
  executionRoleArn: POLICY_WORLD.executionRoleArn
}

export const STACK_LINE = /^\s+at\s.+(:\d+:\d+\)?|<anonymous>)$/m

export interface Release {
  run: RunResult
  calls: CallRecord[]
  /** Deployments a user (the action) created, oldest first; CodeDeploy's rollbacks left out. */
  created: DeploymentState[]
}

export interface ReleaseOptions {
  faults?: FaultConfig | undefined
  seed?: Partial<SeedSpec> | undefined
  /** false: release on the world as the previous case left it. */
  fresh?: boolean | undefined
  env?: Record<string, string> | undefined
  timeoutMs?: number | undefined
  onLine?: ((line: string) => void) | undefined
}

/** What one test file's runs called: every call the action made (seeding and the test's own calls left out), and each deployment's group. */
export interface KeptCalls {
  calls: CallRecord[]
  groupOf: Map<string, { application: string; group: string }>
  /** Keeps `calls`, and the group of each deployment the emulator has now. */
  keep(calls: CallRecord[]): void
  /** A release (on a fresh world unless `o.fresh` is false) whose calls are kept; the faults are cleared after it. */
  release(inputs?: Record<string, string>, o?: ReleaseOptions): Promise<Release>
}

export function keptCalls(e: () => E2E): KeptCalls {
  const kept: KeptCalls = {
    calls: [],
    groupOf: new Map(),
    keep(calls) {
      kept.calls.push(...calls)
      for (const d of e().deployments()) kept.groupOf.set(d.deploymentId, { application: d.applicationName, group: d.deploymentGroupName })
    },
    async release(inputs = {}, o = {}) {
      if (o.fresh !== false) await e().fresh(o.seed, o.faults)
      else e().emu.clearCalls()
      const run = await e().run(inputs, { env: o.env, timeoutMs: o.timeoutMs ?? 120_000, onLine: o.onLine })
      const calls = e().calls()
      e().emu.setFaults({})
      kept.keep(calls)
      return {
        run,
        calls,
        created: e()
          .deployments()
          .filter((d) => !d.isRollback)
      }
    }
  }
  return kept
}

/** Runs `check`; on failure the action's whole log (and the calls, if given) is appended to the message. */
export function explain(r: RunResult, check: () => void, calls?: CallRecord[]): void {
  try {
    check()
  } catch (err) {
    const log = calls ? `\ncalls: ${calls.map((c) => `${c.operation}${c.error ? `(${c.error})` : ''}`).join(', ')}` : ''
    ;(err as Error).message += `\n\n${dump(r)}${log}`
    throw err
  }
}

/**
 * CreateDeployment is never sent again for one release unless the previous send was throttled
 * (refused before anything happened) or a lookup by the release token found nothing first.
 */
export function expectNoBlindResend(calls: CallRecord[]): void {
  let previous: CallRecord | undefined
  let lookedUp = false
  for (const c of calls) {
    if (c.operation === 'ListDeployments' && previous && (c.params as { createTimeRange?: unknown }).createTimeRange) lookedUp = true
    if (c.operation !== 'CreateDeployment') continue
    if (previous && previous.error !== 'ThrottlingException')
      expect({ resentAfter: previous.error ?? 'success', lookedUp }).toEqual({ resentAfter: previous.error ?? 'success', lookedUp: true })
    previous = c
    lookedUp = false
  }
}

export function expectOneSucceededRelease(r: Release): void {
  explain(
    r.run,
    () => {
      expect(r.run.code).toBe(0)
      expect(r.run.outputs.outcome).toBe('succeeded')
      expect(annotations(r.run.lines, 'error')).toEqual([])
      expect(r.created).toHaveLength(1)
      expect(r.created[0]!.status).toBe('Succeeded')
      expect(r.run.outputs['deployment-id']).toBe(r.created[0]!.deploymentId)
      expect(r.run.stdout).not.toMatch(STACK_LINE)
      expect(r.run.stderr).not.toMatch(STACK_LINE)
      expectNoBlindResend(r.calls)
    },
    r.calls
  )
}

/** ECS operations only the other ways of releasing call (ECS deployments, ALB weights): not exercised by CodeDeploy releases. */
export const OTHER_WAY_ONLY = [
  'ecs:UpdateService',
  'ecs:ListServiceDeployments',
  'ecs:DescribeServiceDeployments',
  'ecs:StopServiceDeployment',
  'ecs:DescribeServiceRevisions',
  'ecs:ContinueServiceDeployment'
]

/** What a CodeDeploy release can call: ECS and CodeDeploy, and the look after a failure (the container's log, the target groups' health). */
const CODEDEPLOY_RELEASE = /^(ecs|codedeploy|logs):|^elasticloadbalancing:DescribeTarget(Groups|Health)$/

/** The operations the source can call in a CodeDeploy release. */
export const codeDeploySourceActions = (): string[] => sourceActions().filter((a) => CODEDEPLOY_RELEASE.test(a) && !OTHER_WAY_ONLY.includes(a))

/** The operations the kept calls made that the source cannot make, for the CodeDeploy way (expected: none). */
export function calledButNotInSource(kept: Pick<KeptCalls, 'calls'>): string[] {
  const called = [...new Set(kept.calls.map(actionOf))].sort()
  const source = codeDeploySourceActions()
  return called.filter((a) => !source.includes(a))
}

/**
 * "action on resource" for each kept call docs/iam-policy.json does not allow, and each role passed
 * or tag set with RegisterTaskDefinition it does not allow (expected: none).
 */
export function deniedCalls(kept: Pick<KeptCalls, 'calls' | 'groupOf'>): string[] {
  const policy = loadPolicy()
  const denied = new Set<string>()
  for (const c of kept.calls) {
    for (const resource of resourcesOf(c, (id) => kept.groupOf.get(id))) {
      if (!allows(policy, actionOf(c), resource)) denied.add(`${actionOf(c)} on ${resource}`)
    }
    const p = c.params as { executionRoleArn?: string | undefined; taskRoleArn?: string | undefined; family?: string | undefined; tags?: unknown[] | undefined }
    if (c.operation === 'RegisterTaskDefinition') {
      for (const role of [p.executionRoleArn, p.taskRoleArn]) if (role && !allows(policy, 'iam:PassRole', role)) denied.add(`iam:PassRole on ${role}`)
      const arn = `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:task-definition/${p.family}:1`
      if (p.tags?.length && !allows(policy, 'ecs:TagResource', arn)) denied.add(`ecs:TagResource on ${arn}`)
    }
  }
  return [...denied]
}
