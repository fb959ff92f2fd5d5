/**
 * Loopback emulator of the Amazon ECS and AWS CodeDeploy APIs (AWS JSON 1.1), plus the ELBv2 (AWS
 * Query) and CloudWatch alarm (JSON 1.0 / RPC v2 CBOR) calls of ALB weighted releases and the
 * CloudWatch Logs calls (JSON 1.1) that read a container's output, for tests, demos and benchmarks
 * of the blue/green action. See emulator/README.md.
 */
import type { CallRecord } from './calls.js'
import type { FaultConfig } from './faults.js'
import type { MetricSource } from './metric-source.js'
import { startServer } from './server.js'
import type { Traffic } from './traffic.js'
import { World, type AlarmState } from './world.js'

export type { CallRecord } from './calls.js'
export type {
  AlarmFault,
  CallMatch,
  DropFault,
  ErrorFault,
  FailureCause,
  FaultConfig,
  GreenTasksFailFault,
  UnhealthyTargetsFault,
  HookFault,
  HookMode,
  LatencyFault,
  RateLimitFault,
  ThrottleFault,
  TrafficFault
} from './faults.js'
export type { MetricQuery, MetricSource, MinuteDatum } from './metric-source.js'
export type { Traffic } from './traffic.js'
export { seedWorld, SEED_DEFAULTS, type SeedSpec, type SeedResult } from './seed.js'
export { seedAlbWorld, ALB_SEED_DEFAULTS, type AlbSeedSpec, type AlbSeedResult } from './seed-alb.js'
export { targetGroupArn, listenerArn, ACCOUNT_ID } from './ids.js'
export type { AlarmState } from './world.js'

export interface EmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number | undefined
  /** Default 127.0.0.1. */
  host?: string | undefined
  /** Virtual time runs this many times faster than real time. Default 1. */
  timeScale?: number | undefined
  /** No log lines on stderr. Default true for startEmulator (the CLI logs unless --quiet). */
  quiet?: boolean | undefined
  /** Real milliseconds between background advances of the state machine. Default 25. */
  tickMs?: number | undefined
  /** Where CloudWatch's metric data comes from (default: the world's own; tests hand in fakes). */
  metrics?: MetricSource | undefined
}

export type EmulatorState = ReturnType<World['state']>
export type DeploymentState = EmulatorState['codedeploy']['deployments'][number]

export interface Emulator {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  close(): Promise<void>
  /** Wipe all state, faults, alarms and the call log. */
  reset(): void
  /** Replace the fault configuration. */
  setFaults(f: FaultConfig): void
  /** Merge into the fault configuration (top-level keys). */
  mergeFaults(f: FaultConfig): void
  getFaults(): FaultConfig
  /** The call log (API calls only, not the control API). */
  calls(): CallRecord[]
  clearCalls(): void
  /**
   * What the model check found in answers since start or clearModelIssues(), as `service Operation:
   * issue` (each call's own are on its CallRecord). Not cleared by reset() or clearCalls().
   */
  modelIssues(): string[]
  clearModelIssues(): void
  /** Dump of clusters, services, task sets, tasks, deployments (same as GET /_emulator/state). */
  state(): EmulatorState
  /** One deployment's state (lifecycle, hooks with execution ids, weights, terminal times). */
  deployment(id: string): DeploymentState | undefined
  /** Real epoch ms at which a deployment became terminal, if it has. */
  terminalAt(id: string): number | undefined
  /** Set a CloudWatch alarm's state (alarms watched by deployment groups). */
  setAlarm(name: string, state: AlarmState): void
  /** Give a lifecycle hook its verdict; returns the lifecycleEventHookExecutionId. */
  hookVerdict(v: {
    deploymentId: string
    lifecycleEventHookExecutionId?: string | undefined
    lifecycleEvent?: string | undefined
    status: 'Succeeded' | 'Failed'
  }): string
  /** Virtual epoch ms. */
  now(): number
  readonly timeScale: number
  setTimeScale(scale: number): void
  /** Jump virtual time forward. */
  advance(ms: number): void
  /**
   * The ALBs' requests and each target group's AWS/ApplicationELB metrics (emulator/traffic.ts):
   * `minutes(query, from, to)`, `requests(targetGroupArn, from, to)`, `newSide(routeArn)`. They read
   * what the state machines have done so far: call `state()` or `advance(0)` first to bring them to now.
   */
  readonly traffic: Traffic
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const quiet = opts.quiet ?? true
  const world = new World(
    opts.timeScale ?? 1,
    (m) => {
      if (!quiet) process.stderr.write(`[emulator ${new Date(world.clock.now()).toISOString()}] ${m}\n`)
    },
    opts.metrics
  )
  const srv = await startServer(world, opts.port ?? 0, opts.host ?? '127.0.0.1')
  const timer = setInterval(() => {
    try {
      world.advance()
    } catch (e) {
      world.log(`advance failed: ${(e as Error).stack ?? String(e)}`)
    }
  }, opts.tickMs ?? 25)
  timer.unref()
  let closed = false
  return {
    url: srv.url,
    port: srv.port,
    async close() {
      if (closed) return
      closed = true
      clearInterval(timer)
      await srv.close()
    },
    reset: () => world.reset(),
    setFaults: (f) => void world.faults.set(f),
    mergeFaults: (f) => void world.faults.merge(f),
    getFaults: () => world.faults.config,
    calls: () => world.calls.all(),
    clearCalls: () => world.calls.clear(),
    modelIssues: () => world.calls.allModelIssues(),
    clearModelIssues: () => world.calls.clearModelIssues(),
    state: () => world.state(),
    deployment: (id) => {
      world.advance()
      return world.codedeploy.deployments.get(id)?.dump()
    },
    terminalAt: (id) => {
      world.advance()
      return world.codedeploy.deployments.get(id)?.terminalAtRealMs
    },
    setAlarm: (name, state) => {
      world.advance()
      world.alarms.set(name, state)
      world.advance()
    },
    hookVerdict: (v) => {
      world.advance()
      const d = world.codedeploy.dep(v.deploymentId)
      const id = world.codedeploy.hookVerdict(d, v, v.status, world.clock.now())
      world.advance()
      return id
    },
    now: () => world.clock.now(),
    get timeScale() {
      return world.clock.timeScale
    },
    setTimeScale: (s) => {
      world.advance()
      world.clock.setTimeScale(s)
    },
    advance: (ms) => {
      world.advance()
      world.clock.advance(ms)
      world.advance()
    },
    traffic: world.traffic
  }
}
