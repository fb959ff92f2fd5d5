/**
 * Shared helpers for the end-to-end tests: one emulator per test file (reset and reseeded per case),
 * the bundled action run as a runner runs it, and readers for its log, annotations and summary.
 */
import { afterEach, expect } from '@jest/globals'
import { execFile, spawnSync, type ChildProcess } from 'node:child_process'
import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import {
  ACCOUNT_ID,
  seedWorld,
  type CallRecord,
  type DeploymentState,
  type EmulatorState,
  type FaultConfig,
  type SeedResult,
  type SeedSpec
} from '../../emulator/index.js'
import { nodeBinary, runAction, type RunOptions, type RunResult } from '../../scripts/run-action.js'
import { summaryToText } from '../../scripts/summary-text.js'
import { ECS_EVENTS } from '../fixtures/canary.js'
import { startEmulatorFixture, useFixture, type EmulatorFixture } from '../fixtures/emulator.js'

export type { RunResult } from '../../scripts/run-action.js'

export const REGISTRY = `${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com`
export const OLD_IMAGE = `${REGISTRY}/web:1.4.2`
export const NEW_IMAGE = `${REGISTRY}/web:1.5.0`

/**
 * The watcher polls every 2-10 s by default; against an emulator running 60-120x faster that is
 * minutes of virtual time between looks. These keep every step visible.
 */
export const FAST_POLL: Record<string, string> = { ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300' }

/** The inputs of an ordinary release of the seeded world; a case overrides what it tests. */
export function defaultInputs(seed?: Pick<SeedResult, 'clusterName' | 'serviceName'>): Record<string, string> {
  return { image: NEW_IMAGE, cluster: seed?.clusterName ?? 'prod', service: seed?.serviceName ?? 'web' }
}

export interface E2EOptions {
  /** Virtual time runs this many times faster. Default 100. */
  timeScale?: number | undefined
  /** Seed spec used by fresh() unless it is given one. */
  seed?: Partial<SeedSpec> | undefined
  /** Extra environment for every run (merged over FAST_POLL). */
  env?: Record<string, string> | undefined
}

/** The emulator fixture (emulator, url, ECS and CodeDeploy clients), plus a seeded world and runs of the action. */
export interface E2E extends EmulatorFixture {
  /** The world of the last fresh(). */
  seed: SeedResult
  /** Resets the emulator (state, faults, alarms, call log), seeds it, then sets `faults` and clears the seeding calls. */
  fresh(spec?: Partial<SeedSpec>, faults?: FaultConfig): Promise<SeedResult>
  /** Runs dist/index.js with defaultInputs merged with `inputs` (an empty string removes an input). */
  run(inputs?: Record<string, string>, opts?: Partial<RunOptions>): Promise<RunResult>
  /** The emulator's call log since fresh(), optionally only these operations. */
  calls(...operations: string[]): CallRecord[]
  state(): EmulatorState
  /** The seeded service as the emulator holds it. */
  service(): EmulatorState['ecs']['services'][number]
  /** Deployments, oldest first. */
  deployments(): DeploymentState[]
  /** One deployment (throws if the emulator has no such deployment). */
  deployment(id: string): DeploymentState
}

/** The E2E worlds of this test file that are up. */
const live = new Set<E2E>()

/**
 * Every call of every case (seeding, the action's calls in each way, the case's own) is held to
 * AWS's output shapes (emulator/models.ts): a case fails if any answer had a member the model does
 * not have, an enum value AWS does not list, or lacked a required member. The emulator keeps these
 * across reset() and clearCalls(), so fresh() does not hide those of the seeding calls.
 */
afterEach(() => {
  for (const e of live) {
    const issues = e.emu.modelIssues()
    e.emu.clearModelIssues()
    expect(issues).toEqual([])
  }
})

/** Starts an emulator for a test file. Also finds node 24 once, so no case pays for the lookup. */
export async function startE2E(o: E2EOptions = {}): Promise<E2E> {
  nodeBinary()
  const fixture = await startEmulatorFixture({ timeScale: o.timeScale ?? 100 })
  const { emu } = fixture
  let seed: SeedResult | undefined
  const e2e: E2E = {
    ...fixture,
    async close() {
      live.delete(e2e)
      await fixture.close()
    },
    get seed(): SeedResult {
      if (!seed) throw new Error('call fresh() first')
      return seed
    },
    async fresh(spec, faults) {
      emu.reset()
      seed = await seedWorld(emu.url, { ...o.seed, ...spec })
      if (faults) emu.setFaults(faults)
      emu.clearCalls()
      return seed
    },
    async run(inputs = {}, opts = {}) {
      const merged = Object.fromEntries(Object.entries({ ...defaultInputs(seed), ...inputs }).filter(([, v]) => v !== ''))
      const r = await runAction({ endpoint: emu.url, timeoutMs: 120_000, ...opts, inputs: merged, env: { ...FAST_POLL, ...o.env, ...opts.env } })
      // E2E_LOG=1 prints every run's log (to see what a case saw, or to read a new case's output).
      if (process.env.E2E_LOG) console.log(dump(r))
      return r
    },
    calls: (...operations) => emu.calls().filter((c) => !operations.length || operations.includes(c.operation)),
    state: () => emu.state(),
    service() {
      const s = emu.state().ecs.services.find((x) => x.serviceName === e2e.seed.serviceName)
      if (!s) throw new Error(`service ${e2e.seed.serviceName} is not in the emulator`)
      return s
    },
    deployments: () => emu.state().codedeploy.deployments,
    deployment(id) {
      const d = emu.deployment(id)
      if (!d) throw new Error(`no deployment ${id} in the emulator`)
      return d
    }
  }
  live.add(e2e)
  return e2e
}

// ---- reading what the action printed ----

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title?: string | undefined
  message: string
}

const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string): string => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** Workflow command annotations (::error title=...::message), decoded. */
export function annotations(lines: string[], level?: Annotation['level']): Annotation[] {
  const out: Annotation[] = []
  for (const line of lines) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const props = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((p) => [p.slice(0, p.indexOf('=')), unescapeProperty(p.slice(p.indexOf('=') + 1))])
    )
    const a: Annotation = { level: m[1] as Annotation['level'], title: props.title, message: unescapeData(m[3]!) }
    if (!level || a.level === level) out.push(a)
  }
  return out
}

/** The log as a person reads it on the runner: workflow commands such as ::add-mask:: are not shown. */
export function visibleLines(lines: string[]): string[] {
  return lines.filter((l) => !/^::(add-mask|debug|save-state|set-output)::/.test(l))
}

export interface LifecycleLine {
  clock: string
  name: string
  status: string
  line: string
}

/** `  00:37  Install                 Succeeded   36s     green 2/2 running` */
export function lifecycleLines(lines: string[]): LifecycleLine[] {
  const out: LifecycleLine[] = []
  for (const line of lines) {
    const m = /^ {2}(\d\d:\d\d) {2}([A-Za-z]+) +(Succeeded|Failed|Skipped|Pending|InProgress)\b/.exec(line)
    if (m) out.push({ clock: m[1]!, name: m[2]!, status: m[3]!, line })
  }
  return out
}

/** CodeDeploy's lifecycle events of an ECS deployment, in its order. */
export const ALL_EVENTS: readonly string[] = ECS_EVENTS

/** Each lifecycle event has exactly one line, with these statuses, and they come in CodeDeploy's order. */
export function expectLifecycleOnce(lines: string[], statuses: Record<string, string>): void {
  const seen = lifecycleLines(lines)
  for (const name of new Set(seen.map((l) => l.name))) expect(`${name} x${seen.filter((l) => l.name === name).length}`).toBe(`${name} x1`)
  expect(Object.fromEntries(seen.map((l) => [l.name, l.status]))).toEqual(statuses)
  const order = seen.map((l) => ALL_EVENTS.indexOf(l.name))
  expect(order).toEqual([...order].sort((a, b) => a - b))
}

/** Green/blue weights of each `traffic  green  10% | blue  90%` line, in order. */
export function trafficLines(lines: string[]): { green: number; blue: number }[] {
  const out: { green: number; blue: number }[] = []
  for (const line of lines) {
    const m = /^ {2}\d\d:\d\d {2}traffic {2}green +(\d+)% \| blue +(\d+)%/.exec(line)
    if (m) out.push({ green: Number(m[1]), blue: Number(m[2]) })
  }
  return out
}

/** Terminal status line: `  10:42  Succeeded after 10m42s`. */
export function finalStatus(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^ {2}\d\d:\d\d {2}(Succeeded|Failed|Stopped) after /.exec(lines[i]!)
    if (m) return m[1]
  }
  return undefined
}

/** The job summary's HTML as plain text (tables as columns). */
export function summaryText(html: string): string {
  return summaryToText(html)
}

/** The Release table of the summary as key -> value (plain text). */
export function summaryFields(html: string): Record<string, string> {
  const table = /<table>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? ''
  const text = (s: string): string =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .trim()
  const out: Record<string, string> = {}
  for (const r of table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const cells = [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!))
    if (cells.length === 2) out[cells[0]!] = cells[1]!
  }
  return out
}

/** Prints the run when a case fails: the log is the first thing to read. */
export function dump(r: RunResult): string {
  return [`exit ${r.code}${r.signal ? ` (${r.signal})` : ''} after ${r.elapsedMs} ms`, ...r.lines, r.stderr ? `stderr:\n${r.stderr}` : ''].join('\n')
}

// ---- tools that may be missing ----

/** Whether a command is on PATH (and runs). */
export function hasCommand(cmd: string, versionArgs: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, versionArgs, { stdio: 'ignore', timeout: 30_000 })
  return !r.error && r.status === 0
}

/**
 * `aws --endpoint-url URL ...` with throwaway credentials; parsed JSON output. Asynchronous on
 * purpose: the emulator runs in the test's own process and must keep answering meanwhile.
 */
export function awsCli(url: string, ...args: string[]): Promise<unknown> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'AKIAE2E',
    AWS_SECRET_ACCESS_KEY: 'e2e',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true'
  }
  return new Promise((resolve, reject) => {
    execFile('aws', ['--endpoint-url', url, '--region', 'us-east-1', '--output', 'json', ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`aws ${args.join(' ')} failed: ${stderr || err.message}`))
      else resolve(JSON.parse(stdout))
    })
  })
}

/** Runs a case's expectations on a run; when one fails, its message carries the action's log (and the post step's). */
export function expectRun(r: RunResult, f: (r: RunResult) => void): void {
  try {
    f(r)
  } catch (err) {
    ;(err as Error).message += `\n\n--- action log ---\n${dump(r)}${r.postStdout !== undefined ? `\n--- post step ---\n${r.postStdout}` : ''}`
    throw err
  }
}

/** Sends `signal` to the action the first time it prints a line matching `pattern`: pass onStart and onLine to run(). */
export function signalOn(
  pattern: RegExp,
  signal: NodeJS.Signals
): { onStart: (c: ChildProcess) => void; onLine: (l: string) => void; sentAt: () => number | undefined } {
  let child: ChildProcess | undefined
  let sentAt: number | undefined
  return {
    onStart: (c) => (child = c),
    onLine: (line) => {
      if (sentAt === undefined && child && pattern.test(line)) {
        sentAt = Date.now()
        child.kill(signal)
      }
    },
    sentAt: () => sentAt
  }
}

/**
 * One emulator for the whole test file at `timeScale`, put back to that scale before each case;
 * `ready` receives it once it is up.
 */
export function useE2E(timeScale: number, ready: (e: E2E) => void, o: Omit<E2EOptions, 'timeScale'> = {}): void {
  useFixture(timeScale, () => startE2E({ ...o, timeScale }), ready)
}

/** A world whose service has deployment controller ECS and `config`, its first revision running and its deployment complete. */
export async function freshEcsService(e: E2E, config: DeploymentConfiguration, faults?: FaultConfig): Promise<void> {
  await e.fresh({ deploymentController: 'ECS', ecsDeploymentConfiguration: config })
  e.emu.advance(120_000)
  if (faults) e.emu.setFaults(faults)
  e.emu.clearCalls()
}
