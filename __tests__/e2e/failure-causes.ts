/**
 * Each common cause of a failed release, as the emulator's fault switches make it, and what the
 * action must say of it: the cause with its fix in the log, the annotation and the summary, and
 * the failed container's last lines when it ran. Shared by the CodeDeploy and ECS-native files.
 */
import { expect } from '@jest/globals'
import type { FaultConfig } from '../../emulator/index.js'
import { annotations, expectRun, type RunResult } from './helpers.js'

export interface CauseCase {
  name: string
  faults: FaultConfig
  /** Inputs beyond the defaults. */
  inputs?: Record<string, string> | undefined
  /** The 'Why it failed:' line. */
  why: RegExp
  /** A line of the container's own output that must be shown, when it ran. */
  logLine?: RegExp | undefined
  /** What is said instead of the container's lines. */
  note?: RegExp | undefined
}

/** Targets unhealthy while the release waits: the step times out (on-timeout: leave, so the targets are still there to ask). */
const TIMES_OUT = { 'wait-for-minutes': '0.06', 'on-timeout': 'leave' }

export const CAUSES: CauseCase[] = [
  {
    name: 'an essential container that crashes',
    faults: { greenTasksFail: { cause: 'exit' } },
    why: /^Why it failed: Essential container app exited with code 1$/m,
    logLine: /^ {4}\| Error: connect ECONNREFUSED/m
  },
  {
    name: 'an image tag that does not exist',
    faults: { greenTasksFail: { cause: 'image-pull' } },
    why: /^Why it failed: ECS could not pull \S+\/web:1\.5\.0: the tag does not exist$/m,
    note: /^ {2}Container app never started, so it wrote no output\.$/m
  },
  {
    name: 'an image the execution role may not pull',
    faults: { greenTasksFail: { cause: 'image-pull-denied' } },
    why: /^Why it failed: ECS could not pull \S+\/web:1\.5\.0: the task execution role may not pull it$/m
  },
  {
    name: 'a secret the execution role cannot read',
    faults: { greenTasksFail: { cause: 'secret' } },
    why: /^Why it failed: The task execution role could not read secret arn:aws:secretsmanager:us-east-1:123456789012:secret:\S+$/m
  },
  {
    name: 'a log group that does not exist',
    faults: { greenTasksFail: { cause: 'log-group' } },
    why: /^Why it failed: The task could not write to log group \/ecs\/web$/m
  },
  {
    name: 'a container killed at its memory limit',
    faults: { greenTasksFail: { cause: 'out-of-memory' } },
    why: /^Why it failed: Container app was killed at its memory limit of \d+ MiB \(.+\)$/m,
    logLine: /^ {4}\| .*heap out of memory/m
  },
  {
    name: 'a container health check that keeps failing',
    faults: { greenTasksFail: { cause: 'container-health' } },
    why: /^Why it failed: Container app's health check kept failing$/m
  },
  {
    name: 'tasks stopped for failing the load balancer health checks',
    faults: { greenTasksFail: { cause: 'elb-health' } },
    why: /^Why it failed: Tasks were stopped for failing the load balancer's health checks of \S+$/m
  },
  {
    name: 'targets that never become healthy',
    faults: { unhealthyTargets: { reason: 'Target.Timeout', description: 'Request timed out' } },
    inputs: TIMES_OUT,
    why: /^Why it failed: \d+ targets? of \S+ failed the load balancer's health checks: Target\.Timeout \(Request timed out\)$/m
  }
]

/** What every cause must show: the line, its fix, the annotation and the summary's section. */
export function expectExplained(r: RunResult, c: CauseCase): void {
  expectRun(r, (r) => {
    expect(r.code).toBe(1)
    expect(['failed', 'rolled-back', 'timed-out']).toContain(r.outputs.outcome)
    expect(r.stdout).toMatch(c.why)
    const at = r.lines.findIndex((l) => c.why.test(l))
    expect(r.lines.slice(at + 1, at + 3).some((l) => /^ {2}Fix: \S/.test(l))).toBe(true)
    if (c.logLine) {
      expect(r.stdout).toMatch(/^ {2}Last \d+ lines of app, task [0-9a-f]{8} \(log group \/ecs\/web, stream web\/app\/[0-9a-f]{32}\):$/m)
      expect(r.stdout).toMatch(c.logLine)
    }
    if (c.note) expect(r.stdout).toMatch(c.note)
    const said = r.lines.find((l) => c.why.test(l))!.replace(/^Why it failed: /, '')
    const errors = annotations(r.lines, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain(` Why: ${said.replace(/\.$/, '')}. Fix: `)
    expect(r.summary).toContain('### Why it failed')
    if (c.logLine) expect(r.summary).toMatch(/<details><summary>Last \d+ lines of app/)
    // Nobody's permission was missing: no warning about the log.
    expect(annotations(r.lines, 'warning').filter((w) => /log/.test(w.message))).toEqual([])
  })
}
