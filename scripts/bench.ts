/**
 * npm run bench [-- --quick] [--scale N] [--releases N] [--concurrent N] [--realtime N] [--analysis-only]
 *
 * Measures how well the action watches a release, against the loopback emulator, next to the
 * approach of aws-actions/amazon-ecs-deploy-task-definition (the SDK's waitUntilDeploymentSuccessful,
 * minDelay 15 s, default maxDelay) on the same kind of releases:
 *
 *  - detection latency: real time from the emulator marking the deployment terminal to the job
 *    knowing it (our process exits; the baseline's waiter returns), per deployment config;
 *  - API calls per release and per real minute, by operation, from the emulator's call log (what an
 *    account's throttle sees: every request, throttled ones included);
 *  - start-up, cold (no compile cache, as on a fresh runner), one process after another: from spawn
 *    to the first AWS request reaching the emulator on a real CodeDeploy release, to the first log
 *    line, and to the first error with no inputs, each beside a bare `node -e 0` measured in the
 *    same run (and beside aws-actions/amazon-ecs-deploy-task-definition's bundle with
 *    --official PATH_TO_ITS_DIST_INDEX_JS); and the bundle's size and chunks;
 *  - scale: many releases at once against one emulator that throttles like an account;
 *  - canary analysis against an alarm (scripts/bench-analysis.ts): on the same bad canary, how soon
 *    each rolls it back and how many requests the bad side serves meanwhile (--analysis-only: just
 *    this).
 *
 * The emulator runs time-scaled (default 20x: a 5-minute bake takes 15 real seconds) while the
 * action's polling stays in real time. So "per minute" here is per real minute the job ran (spawn
 * to exit; the baseline: first call to waiter return), which is what an account's throttle sees.
 * It is pessimistic for a real release: the fixed calls (reading the service and group,
 * registering, creating) and every traffic step are packed into a twentieth of the time. So the
 * full run also runs 2 releases per config (--realtime N; 0 for none) at 1x, as on AWS, to measure
 * calls per minute at a real release's pace: the linear one takes about 15 minutes.
 *
 * Calls per minute are also given per AWS minute (calls over the release's duration on the
 * emulator's clock), which a compressed clock does not inflate.
 *
 * --quick (under 3 minutes): 5 releases per config instead of 20, a scale run of 50 instead of 200,
 * none at 1x. Prints a table, then one JSON line. Runs dist/index.js as it is: `npm run build` first
 * after changing src/.
 */
import './quiet-sdk.js'
import { createHash } from 'node:crypto'
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cpus, loadavg } from 'node:os'
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentGroupCommand, waitUntilDeploymentSuccessful } from '@aws-sdk/client-codedeploy'
import { DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { ACCOUNT_ID, seedWorld, startEmulator, type CallRecord, type Emulator, type RateLimitFault } from '../emulator/index.js'
import { analysisReport, analysisVsAlarm } from './bench-analysis.js'
import { DIST, nodeBinary, runAction, type RunResult } from './run-action.js'
import { quantile } from './stats.js'

// ---------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(`--${name}`)
function option(name: string, fallback: number): number {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (i < 0) return fallback
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1]
  const n = Number(raw)
  if (!(n > 0)) throw new Error(`--${name} needs a positive number, got '${raw}'`)
  return n
}

const QUICK = flag('quick')
/** Virtual seconds per real second. 20: a 10-minute canary takes about half a real minute. */
const SCALE = option('scale', 20)
const PER_CONFIG = option('releases', QUICK ? 5 : 20)
const CONCURRENT = option('concurrent', QUICK ? 50 : 200)
/** Releases of one config started together (ours and as many baseline ones), per wave. */
const WAVE = option('wave', 10)
const COLD_STARTS = option('cold-starts', QUICK ? 5 : 10)
/** --official PATH: the official deploy action's dist/index.js, started beside ours in the start-up phase. */
const OFFICIAL = ((i) => (i >= 0 ? args[i + 1] : undefined))(args.indexOf('--official'))
/** --realtime N: N releases per config at 1x besides (see above); default 2, none with --quick. */
function realtimeOption(): number {
  const i = args.findIndex((a) => a === '--realtime' || a.startsWith('--realtime='))
  if (i < 0) return QUICK ? 0 : 2
  if (!args[i]!.includes('=') && !/^\d+$/.test(args[i + 1] ?? '')) return 2
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1]
  return Number(raw)
}
const REALTIME = realtimeOption()
const TERMINATION_WAIT_MIN = 5
/**
 * The account's throttle in the scale run: a token bucket per CodeDeploy operation. CodeDeploy
 * publishes no rates and is reported to throttle a handful of jobs polling every 5 s; this one
 * allows 5 calls a second per operation with bursts of 10. ECS (20/s, bursts of 50-100 for its
 * reads, as documented) is not the limit for 50 jobs and is left unthrottled.
 */
const RATE_LIMIT: RateLimitFault = { service: 'codedeploy', perSecond: 5, burst: 10, perOperation: true }

const CONFIGS = [
  { key: 'all-at-once', short: 'aao', name: 'CodeDeployDefault.ECSAllAtOnce' },
  { key: 'canary', short: 'can', name: 'CodeDeployDefault.ECSCanary10Percent5Minutes' },
  { key: 'linear', short: 'lin', name: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' }
] as const
type Config = (typeof CONFIGS)[number]

/** The targets: detection p95 at 20x; calls per release and start-up as ratios to the baseline and to bare node; detection at 1x. */
const TARGETS = { detectP95S: 5, callsPerRelease: 2, firstRequestToBare: 3, realtimeDetectP95S: 2 }

// ---------------------------------------------------------------------------------------------
// One release, ours or the baseline's

interface Release {
  /** Names the service, task definition family, application (`-app`) and group (`-dg`). */
  id: string
  kind: 'ours' | 'baseline'
  config: Config
  /** The emulator's time scale it ran at: virtual ms per real ms. */
  scale: number
  ok: boolean
  error?: string | undefined
  deploymentId?: string | undefined
  /** Real epoch ms: process spawned (ours) or first call sent (baseline). */
  startedAt: number
  /** Real epoch ms: process exited (ours) or waiter returned (baseline). */
  endedAt: number
  /** Real ms from the emulator marking the deployment terminal to endedAt. */
  detectMs?: number | undefined
  /** Real ms from spawn to the first line a job log shows (workflow commands such as ::debug:: are not shown). */
  firstLineMs?: number | undefined
  /** From the emulator's call log, filled in after the run. */
  calls: Map<string, number>
  throttled: number
  /** Real epoch ms of the CreateDeployment call (from the call log): the watch starts there. */
  createdAt?: number | undefined
  /** Calls from CreateDeployment on. */
  watchCalls: number
}

const CLUSTER = 'bench'
const region = 'us-east-1'
const credentials = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' }
const image = (id: string): string => `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${id}:2.0.0`

/** The task definition the official action registers from a file (the baseline sends the same one). */
function taskDefinition(id: string): RegisterTaskDefinitionCommandInput {
  return {
    family: id,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`,
    containerDefinitions: [{ name: 'app', image: image(id), essential: true, portMappings: [{ containerPort: 8080, protocol: 'tcp' }] }]
  }
}

async function seed(emu: Emulator, id: string, config: Config): Promise<void> {
  await seedWorld(emu.url, {
    cluster: CLUSTER,
    service: id,
    family: id,
    application: `${id}-app`,
    deploymentGroup: `${id}-dg`,
    deploymentConfigName: config.name,
    terminationWaitMinutes: TERMINATION_WAIT_MIN,
    alarms: [],
    blueTargetGroupName: `${id}-blue`,
    greenTargetGroupName: `${id}-green`
  })
}

function blank(id: string, kind: Release['kind'], config: Config, scale: number): Release {
  return { id, kind, config, scale, ok: false, startedAt: Date.now(), endedAt: Date.now(), calls: new Map(), throttled: 0, watchCalls: 0 }
}

/** Runs dist/index.js as a runner does; also times the first line a job log would show. */
async function run(
  emu: Emulator,
  inputs: Record<string, string>,
  timeoutMs: number,
  env?: Record<string, string>
): Promise<{ r: RunResult; firstLineMs?: number | undefined }> {
  let firstVisible: number | undefined
  const r = await runAction({ endpoint: emu.url, inputs, timeoutMs, env, onLine: (line) => void (line.startsWith('::') || (firstVisible ??= Date.now())) })
  return { r, firstLineMs: firstVisible === undefined ? undefined : firstVisible - (r.exitedAt - r.elapsedMs) }
}

async function runOurs(emu: Emulator, id: string, config: Config, scale: number): Promise<Release> {
  const rel = blank(id, 'ours', config, scale)
  try {
    const { r, firstLineMs } = await run(
      emu,
      { image: image(id), cluster: CLUSTER, service: id, 'codedeploy-application': `${id}-app`, 'codedeploy-deployment-group': `${id}-dg` },
      20 * 60_000
    )
    rel.startedAt = r.exitedAt - r.elapsedMs
    rel.endedAt = r.exitedAt
    rel.firstLineMs = firstLineMs
    rel.deploymentId = r.outputs['deployment-id'] || undefined
    rel.ok = r.code === 0 && r.outputs.outcome === 'succeeded'
    if (!rel.ok) rel.error = (r.stdout.split('\n').find((l) => l.startsWith('::error')) ?? `exit ${r.code ?? r.signal}`).slice(0, 300)
    const terminal = rel.deploymentId ? emu.terminalAt(rel.deploymentId) : undefined
    if (terminal !== undefined) rel.detectMs = r.exitedAt - terminal
  } catch (err) {
    rel.error = (err as Error).message
  }
  return rel
}

/**
 * What aws-actions/amazon-ecs-deploy-task-definition does for a CODE_DEPLOY service, in process:
 * register the task definition (from a file: no read), describe the service, read the group,
 * create the deployment with the AppSpec inline, then the SDK waiter with minDelay 15 s for as
 * long as the group's waits plus its wait-for-minutes (default 30).
 */
async function runBaseline(emu: Emulator, id: string, config: Config, scale: number): Promise<Release> {
  const rel = blank(id, 'baseline', config, scale)
  const common = { endpoint: emu.url, region, credentials }
  const ecs = new ECSClient(common)
  const cd = new CodeDeployClient(common)
  try {
    const td = await ecs.send(new RegisterTaskDefinitionCommand(taskDefinition(id)))
    await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [id] }))
    const group = (await cd.send(new GetDeploymentGroupCommand({ applicationName: `${id}-app`, deploymentGroupName: `${id}-dg` }))).deploymentGroupInfo
    const content = JSON.stringify({
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: td.taskDefinition!.taskDefinitionArn, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } }
          }
        }
      ]
    })
    const sha256 = createHash('sha256').update(content).digest('hex')
    const out = await cd.send(
      new CreateDeploymentCommand({
        applicationName: `${id}-app`,
        deploymentGroupName: `${id}-dg`,
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content, sha256 } }
      })
    )
    rel.deploymentId = out.deploymentId
    const bg = group?.blueGreenDeploymentConfiguration
    const waitMin = Math.min(
      360,
      (bg?.deploymentReadyOption?.waitTimeInMinutes ?? 0) + (bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0) + 30
    )
    await waitUntilDeploymentSuccessful({ client: cd, minDelay: 15, maxWaitTime: waitMin * 60 }, { deploymentId: out.deploymentId! })
    rel.ok = true
  } catch (err) {
    rel.error = (err as Error).message.slice(0, 300)
  } finally {
    rel.endedAt = Date.now()
    ecs.destroy()
    cd.destroy()
  }
  const terminal = rel.deploymentId ? emu.terminalAt(rel.deploymentId) : undefined
  if (terminal !== undefined) rel.detectMs = rel.endedAt - terminal
  return rel
}

/** Gives each call in the log to the release it was made for (by deployment id or by name). */
function attribute(calls: CallRecord[], releases: Release[]): void {
  const byDeployment = new Map<string, Release>()
  for (const r of releases) if (r.deploymentId) byDeployment.set(r.deploymentId, r)
  for (const c of calls) {
    const p = (c.params ?? {}) as Record<string, unknown>
    let owner = typeof p.deploymentId === 'string' ? byDeployment.get(p.deploymentId) : undefined
    if (!owner) {
      const text = JSON.stringify(p)
      owner = releases.find((r) => text.includes(`"${r.id}`) || text.includes(`/${r.id}:`) || text.includes(`/${r.id}"`))
    }
    if (!owner) continue
    owner.calls.set(c.operation, (owner.calls.get(c.operation) ?? 0) + 1)
    if (c.error === 'ThrottlingException') owner.throttled++
    if (c.operation === 'CreateDeployment' && !c.error && owner.createdAt === undefined) owner.createdAt = c.time
  }
  for (const c of calls) {
    const p = (c.params ?? {}) as Record<string, unknown>
    const owner = typeof p.deploymentId === 'string' ? byDeployment.get(p.deploymentId) : undefined
    if (owner?.createdAt !== undefined && c.time >= owner.createdAt) owner.watchCalls++
  }
}

// ---------------------------------------------------------------------------------------------
// Phases

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** Spawn to exit of one process, in real ms. */
function timeProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const node = nodeBinary()
    const started = Date.now()
    const child = spawn(node, argv, { env, stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', () => resolve(Date.now() - started))
  })
}

interface StartUp {
  bare: number[]
  /** No inputs: spawn to exit at the first error. */
  noInputs: number[]
  /** Spawn to the first AWS request reaching the emulator, on a real CodeDeploy release. */
  firstRequest: number[]
  firstLine: number[]
  official?: { noInputs: number[]; firstRequest: number[] } | undefined
}

/** A runner's start: no compile cache (a fresh runner has none), nothing but PATH and HOME besides. */
const COLD = { NODE_DISABLE_COMPILE_CACHE: '1' }

/** The official action's inputs for the same release: a task definition file and an AppSpec, no wait. */
function officialInputs(dir: string, id: string): Record<string, string> {
  const td = join(dir, `${id}-task-definition.json`)
  const appspec = join(dir, `${id}-appspec.yaml`)
  writeFileSync(td, JSON.stringify(taskDefinition(id)))
  writeFileSync(
    appspec,
    'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: placeholder\n        LoadBalancerInfo:\n          ContainerName: app\n          ContainerPort: 8080\n'
  )
  return {
    'task-definition': td,
    service: id,
    cluster: CLUSTER,
    'codedeploy-appspec': appspec,
    'codedeploy-application': `${id}-app`,
    'codedeploy-deployment-group': `${id}-dg`,
    'wait-for-service-stability': 'false'
  }
}

/** Spawn to the first request the emulator logged, after clearing its log. */
async function firstRequest(
  emu: Emulator,
  run: () => Promise<{ r: RunResult; firstLineMs?: number | undefined }>
): Promise<{ ms: number; firstLineMs?: number | undefined }> {
  emu.clearCalls()
  const { r, firstLineMs } = await run()
  const first = emu.calls()[0]
  if (!first) throw new Error(`start-up run made no AWS request (exit ${r.code}): ${r.stdout.slice(-500)}`)
  return { ms: first.time - (r.exitedAt - r.elapsedMs), firstLineMs }
}

/** One process after another, ours, the official's and bare node in turn, so that all share the machine's state. */
async function startUp(): Promise<StartUp> {
  const emu = await startEmulator({ timeScale: SCALE })
  const dir = mkdtempSync(join(tmpdir(), 'bench-official-'))
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...COLD }
  const out: StartUp = { bare: [], noInputs: [], firstRequest: [], firstLine: [], official: OFFICIAL ? { noInputs: [], firstRequest: [] } : undefined }
  try {
    for (let i = 0; i < COLD_STARTS; i++) {
      out.bare.push(await timeProcess(['-e', '0'], env))
      out.noInputs.push(await timeProcess([DIST], env))
      const id = `c-cold-${pad(i)}`
      await seed(emu, id, CONFIGS[0])
      const inputs = {
        image: image(id),
        cluster: CLUSTER,
        service: id,
        'codedeploy-application': `${id}-app`,
        'codedeploy-deployment-group': `${id}-dg`,
        'wait-for': 'none'
      }
      const ours = await firstRequest(emu, () => run(emu, inputs, 60_000, COLD))
      out.firstRequest.push(ours.ms)
      if (ours.firstLineMs !== undefined) out.firstLine.push(ours.firstLineMs)
      if (OFFICIAL && out.official) {
        out.official.noInputs.push(await timeProcess([OFFICIAL], env))
        const oid = `c-off-${pad(i)}`
        await seed(emu, oid, CONFIGS[0])
        const official = await firstRequest(emu, async () => ({
          r: await runAction({ endpoint: emu.url, inputs: officialInputs(dir, oid), script: OFFICIAL, env: COLD, timeoutMs: 60_000 })
        }))
        out.official.firstRequest.push(official.ms)
      }
    }
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await emu.close()
  }
}

/** dist/: the entry and its chunks, by size. */
function bundle(): { entry: number; chunks: number[]; total: number } {
  const dist = dirname(DIST)
  const chunks = readdirSync(dist)
    .filter((f) => f.endsWith('.js') && f !== 'index.js')
    .map((f) => statSync(join(dist, f)).size)
    .sort((a, b) => b - a)
  const entry = statSync(DIST).size
  return { entry, chunks, total: entry + chunks.reduce((a, b) => a + b, 0) }
}

/**
 * Ours and the baseline side by side, on separate services of one emulator, a wave at a time. The
 * next phase starts once our releases are done; the baseline's waiters finish in the background
 * (they only sleep), and `baseline` resolves when they have.
 */
async function releases(o: { scale: number; perConfig: number; wave: number; tag: string }): Promise<{ ours: Release[]; baseline: Promise<Release[]> }> {
  const ours: Release[] = []
  const baseline: Promise<Release[]>[] = []
  for (let start = 0; start < o.perConfig; start += o.wave) {
    const n = Math.min(o.wave, o.perConfig - start)
    const emu = await startEmulator({ timeScale: o.scale })
    const jobs: { kind: Release['kind']; id: string; config: Config }[] = []
    for (const config of CONFIGS) {
      for (let i = start; i < start + n; i++) {
        jobs.push({ kind: 'ours', id: `o${o.tag}-${config.short}-${pad(i)}`, config })
        jobs.push({ kind: 'baseline', id: `b${o.tag}-${config.short}-${pad(i)}`, config })
      }
    }
    for (const j of jobs) await seed(emu, j.id, j.config)
    emu.clearCalls()
    progress(
      `${o.scale === SCALE ? `wave ${start / o.wave + 1}` : `at ${o.scale}x`}: ${jobs.length / 2} releases of ours and ${jobs.length / 2} of the baseline at once`
    )
    const oursDone = Promise.all(jobs.filter((j) => j.kind === 'ours').map((j) => runOurs(emu, j.id, j.config, o.scale)))
    const baseDone = Promise.all(jobs.filter((j) => j.kind === 'baseline').map((j) => runBaseline(emu, j.id, j.config, o.scale)))
    const wave = await oursDone
    ours.push(...wave)
    baseline.push(
      baseDone.then(async (base) => {
        attribute(emu.calls(), [...wave, ...base])
        await emu.close()
        return base
      })
    )
  }
  return { ours, baseline: Promise.all(baseline).then((b) => b.flat()) }
}

async function scale(): Promise<{ releases: Release[]; calls: number; throttled: number; throttledBy: Map<string, number>; seconds: number }> {
  const emu = await startEmulator({ timeScale: SCALE })
  try {
    const jobs = Array.from({ length: CONCURRENT }, (_, i) => ({ id: `s-mix-${pad(i)}`, config: CONFIGS[i % CONFIGS.length]! }))
    for (const j of jobs) await seed(emu, j.id, j.config)
    emu.clearCalls()
    emu.setFaults({ rateLimit: RATE_LIMIT })
    progress(`scale: ${CONCURRENT} releases at once, CodeDeploy throttled at ${RATE_LIMIT.perSecond}/s per operation (burst ${RATE_LIMIT.burst})`)
    const started = Date.now()
    const done = await Promise.all(jobs.map((j) => runOurs(emu, j.id, j.config, SCALE)))
    const seconds = (Date.now() - started) / 1000
    const calls = emu.calls()
    attribute(calls, done)
    const throttledBy = new Map<string, number>()
    for (const c of calls) if (c.error === 'ThrottlingException') throttledBy.set(c.operation, (throttledBy.get(c.operation) ?? 0) + 1)
    return { releases: done, calls: calls.length, throttled: calls.filter((c) => c.error === 'ThrottlingException').length, throttledBy, seconds }
  } finally {
    await emu.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

const total = (r: Release): number => [...r.calls.values()].reduce((a, b) => a + b, 0)
const minutes = (r: Release): number => (r.endedAt - r.startedAt) / 60_000

interface Figures {
  n: number
  ok: number
  detectP50: number
  detectP95: number
  callsPerRelease: number
  /** All calls over all real minutes: the rate a throttle sees, weighted by time. */
  callsPerMin: number
  /** All calls over all minutes on the emulator's clock (real minutes times its scale): what AWS's own pace would see. */
  callsPerAwsMin: number
  /** Calls about the deployment after it was created, over the real minutes from its creation. */
  watchCallsPerMin: number
  byOperation: Map<string, { perRelease: number; perMin: number }>
}

function figures(rs: Release[]): Figures {
  const detect = rs.filter((r) => r.ok && r.detectMs !== undefined).map((r) => r.detectMs! / 1000)
  const calls = rs.reduce((a, r) => a + total(r), 0)
  const mins = rs.reduce((a, r) => a + minutes(r), 0)
  const awsMins = rs.reduce((a, r) => a + minutes(r) * r.scale, 0)
  const ops = new Map<string, number>()
  for (const r of rs) for (const [op, n] of r.calls) ops.set(op, (ops.get(op) ?? 0) + n)
  const watched = rs.filter((r) => r.createdAt !== undefined)
  const watchCallsPerMin = watched.reduce((a, r) => a + r.watchCalls, 0) / watched.reduce((a, r) => a + (r.endedAt - r.createdAt!) / 60_000, 0)
  const byOperation = new Map([...ops].sort((a, b) => b[1] - a[1]).map(([op, n]) => [op, { perRelease: n / rs.length, perMin: n / mins }]))
  return {
    n: rs.length,
    ok: rs.filter((r) => r.ok).length,
    detectP50: quantile(detect, 0.5),
    detectP95: quantile(detect, 0.95),
    callsPerRelease: calls / rs.length,
    callsPerMin: calls / mins,
    callsPerAwsMin: calls / awsMins,
    watchCallsPerMin,
    byOperation
  }
}

const r1 = (x: number): number => Math.round(x * 10) / 10
const r2 = (x: number): number => Math.round(x * 100) / 100
const r3 = (x: number): number => Math.round(x * 1000) / 1000
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-')
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-')

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n')
}

// ---------------------------------------------------------------------------------------------

/** The emulator's pace for the analysis runs: a 5-minute canary in 5 real seconds. */
const ANALYSIS_SCALE = 60

async function main(): Promise<void> {
  if (flag('analysis-only')) {
    progress(`canary analysis against an alarm: ${QUICK ? 1 : 3} bad canaries each, at ${ANALYSIS_SCALE}x`)
    const a = analysisReport(await analysisVsAlarm({ scale: ANALYSIS_SCALE, runs: QUICK ? 1 : 3 }), ANALYSIS_SCALE)
    console.log(a.lines.join('\n'))
    console.log(JSON.stringify(a.json))
    return
  }
  const benchStarted = Date.now()
  const loadStart = loadavg()[0]!
  const dist = bundle()
  nodeBinary()
  progress(`${QUICK ? 'quick' : 'full'} run: time scale ${SCALE}x, ${PER_CONFIG} releases per config, ${CONCURRENT} at once`)

  progress(`start-up: ${COLD_STARTS} rounds of bare node, ours${OFFICIAL ? ' and the official action' : ''}, one process after another`)
  const start = await startUp()
  const realtime = REALTIME ? releases({ scale: 1, perConfig: REALTIME, wave: REALTIME, tag: 'r' }) : undefined
  const wave = await releases({ scale: SCALE, perConfig: PER_CONFIG, wave: WAVE, tag: '' })
  const sc = await scale()
  progress(`canary analysis against an alarm: ${QUICK ? 1 : 3} bad canaries each, at ${ANALYSIS_SCALE}x`)
  const caught = analysisReport(await analysisVsAlarm({ scale: ANALYSIS_SCALE, runs: QUICK ? 1 : 3 }), ANALYSIS_SCALE)
  progress('waiting for the baseline waiters to return')
  const rels = [...wave.ours, ...(await wave.baseline)]
  let rt: Release[] = []
  if (realtime) {
    progress('waiting for the releases at 1x')
    const r = await realtime
    rt = [...r.ours, ...(await r.baseline)]
  }

  const ours = rels.filter((r) => r.kind === 'ours')
  const base = rels.filter((r) => r.kind === 'baseline')
  const O = figures(ours)
  const B = figures(base)
  const S = figures(sc.releases)
  const perConfig = CONFIGS.map((c) => ({ c, o: figures(ours.filter((r) => r.config === c)), b: figures(base.filter((r) => r.config === c)) }))
  const med = (xs: number[]): number => quantile(xs, 0.5)
  const bare = med(start.bare)
  const firstReq = med(start.firstRequest)
  const official = start.official && { noInputs: med(start.official.noInputs), firstRequest: med(start.official.firstRequest) }

  const out: string[] = []
  out.push(
    `ecs-bluegreen-action bench${QUICK ? ' (quick)' : ''}: emulator at ${SCALE}x (1 real s = ${SCALE} virtual s), termination wait ${TERMINATION_WAIT_MIN} min, ` +
      `${PER_CONFIG} releases per config for each side; baseline = waitUntilDeploymentSuccessful, minDelay 15 s, maxDelay 120 s`
  )
  out.push('')
  out.push('Detection latency, real seconds from the deployment turning terminal to the job knowing it (process exit / waiter return)')
  out.push(
    table([
      [
        'config',
        'ok',
        'ours p50',
        'ours p95',
        'base p50',
        'base p95',
        'p95 ratio',
        'calls/rel',
        'base calls/rel',
        'calls/min',
        'base calls/min',
        'calls/AWS min',
        'base calls/AWS min'
      ],
      ...[...perConfig, { c: { key: 'all' }, o: O, b: B }].map(({ c, o, b }) => [
        c.key,
        `${o.ok}/${o.n}`,
        f1(o.detectP50),
        f1(o.detectP95),
        f1(b.detectP50),
        f1(b.detectP95),
        f2(o.detectP95 / b.detectP95),
        f1(o.callsPerRelease),
        f1(b.callsPerRelease),
        f1(o.callsPerMin),
        f1(b.callsPerMin),
        f2(o.callsPerAwsMin),
        f2(b.callsPerAwsMin)
      ])
    ])
  )
  out.push(`(per AWS minute: over the release's time on the emulator's clock, ${SCALE} times the real time; per minute: per real minute)`)
  out.push('')
  out.push('API calls by operation (emulator call log; per real minute of the run: spawn to exit, or first call to waiter return)')
  const opNames = [...new Set([...O.byOperation.keys(), ...B.byOperation.keys()])]
  out.push(
    table([
      ['operation', 'ours/rel', 'ours/min', 'base/rel', 'base/min'],
      ...opNames.map((op) => [
        op,
        f2(O.byOperation.get(op)?.perRelease ?? 0),
        f2(O.byOperation.get(op)?.perMin ?? 0),
        f2(B.byOperation.get(op)?.perRelease ?? 0),
        f2(B.byOperation.get(op)?.perMin ?? 0)
      ]),
      ['total', f1(O.callsPerRelease), f1(O.callsPerMin), f1(B.callsPerRelease), f1(B.callsPerMin)]
    ])
  )
  out.push(
    `Watching alone (GetDeployment and targets from CreateDeployment to the end): ours ${f1(O.watchCallsPerMin)} per real minute, baseline ${f1(B.watchCallsPerMin)}`
  )
  out.push('')
  const x = (a: number, b: number): string => `${f2(a / b)}x`
  out.push(`Start-up, cold (node 24, no compile cache), median of ${start.bare.length} rounds, one process after another:`)
  out.push(
    table([
      ['', 'ours ms', 'x bare node', ...(official ? ['official ms', 'ours/official'] : [])],
      ['bare node -e 0', String(Math.round(bare)), '1.00x', ...(official ? ['', ''] : [])],
      [
        'no inputs, to the first error',
        String(Math.round(med(start.noInputs))),
        x(med(start.noInputs), bare),
        ...(official ? [String(Math.round(official.noInputs)), f2(med(start.noInputs) / official.noInputs)] : [])
      ],
      [
        'spawn to the first AWS request',
        String(Math.round(firstReq)),
        x(firstReq, bare),
        ...(official ? [String(Math.round(official.firstRequest)), f2(firstReq / official.firstRequest)] : [])
      ],
      ['spawn to the first log line', String(Math.round(med(start.firstLine))), x(med(start.firstLine), bare), ...(official ? ['', ''] : [])]
    ])
  )
  out.push(`dist/: index.js ${dist.entry} bytes and ${dist.chunks.length} chunks (${dist.chunks.join(', ')} bytes), ${dist.total} in all`)

  out.push(
    `Scale: ${CONCURRENT} releases at once (configs mixed), CodeDeploy throttled at ${RATE_LIMIT.perSecond}/s per operation, burst ${RATE_LIMIT.burst}: ` +
      `${S.ok}/${S.n} succeeded in ${f1(sc.seconds)} s, ${sc.calls} calls (${f1(S.callsPerRelease)} per release), ${sc.throttled} ThrottlingException (${
        [...sc.throttledBy]
          .sort((a, b) => b[1] - a[1])
          .map(([op, n]) => `${op} ${n}`)
          .join(', ') || 'none'
      }), detection p50 ${f1(S.detectP50)} s, p95 ${f1(S.detectP95)} s`
  )
  for (const r of sc.releases.filter((r) => !r.ok).slice(0, 5)) out.push(`  failed: ${r.id} ${r.error ?? ''}`)
  for (const r of rels.filter((r) => !r.ok).slice(0, 5)) out.push(`  failed: ${r.id} (${r.kind}) ${r.error ?? ''}`)
  const RT = rt.length ? { o: figures(rt.filter((r) => r.kind === 'ours')), b: figures(rt.filter((r) => r.kind === 'baseline')) } : undefined
  if (RT) {
    out.push('')
    out.push(`At 1x (as on AWS), ${REALTIME} release(s) per config for each side: the same releases at their real pace`)
    out.push(
      table([
        ['config', 'ok', 'ours p95', 'base p95', 'calls/rel', 'base calls/rel', 'calls/min', 'base calls/min'],
        ...[
          ...CONFIGS.map((c) => ({
            key: c.key,
            o: figures(rt.filter((r) => r.kind === 'ours' && r.config === c)),
            b: figures(rt.filter((r) => r.kind === 'baseline' && r.config === c))
          })),
          { key: 'all', ...RT }
        ].map(({ key, o, b }) => [
          key,
          `${o.ok}/${o.n}`,
          f1(o.detectP95),
          f1(b.detectP95),
          f1(o.callsPerRelease),
          f1(b.callsPerRelease),
          f1(o.callsPerMin),
          f1(b.callsPerMin)
        ])
      ])
    )
  }
  out.push('')
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met')
  out.push(
    `Targets: detection p95 <= ${TARGETS.detectP95S} s: ${verdict(O.detectP95 <= TARGETS.detectP95S)} (${f1(O.detectP95)} s); ` +
      `calls per release <= ${TARGETS.callsPerRelease}x the baseline's: ${verdict(O.callsPerRelease <= TARGETS.callsPerRelease * B.callsPerRelease)} (${f2(O.callsPerRelease / B.callsPerRelease)}x); ` +
      `first AWS request <= ${TARGETS.firstRequestToBare}x bare node: ${verdict(firstReq <= TARGETS.firstRequestToBare * bare)} (${f2(firstReq / bare)}x); ` +
      `${CONCURRENT}/${CONCURRENT} concurrent: ${verdict(S.ok === S.n)} (${S.ok}/${S.n})` +
      (RT
        ? `; at 1x: detection p95 <= ${TARGETS.realtimeDetectP95S} s: ${verdict(RT.o.detectP95 <= TARGETS.realtimeDetectP95S)} (${f1(RT.o.detectP95)} s)`
        : '')
  )
  out.push('')
  out.push(...caught.lines)
  out.push(
    `(bench took ${f1((Date.now() - benchStarted) / 1000)} s; load average ${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${cpus().length} cores)`
  )
  console.log(out.join('\n'))

  const json = {
    quick: QUICK,
    time_scale: SCALE,
    releases_per_config: PER_CONFIG,
    detect_p50_s: r2(O.detectP50),
    detect_p95_s: r2(O.detectP95),
    ...Object.fromEntries(perConfig.flatMap(({ c, o }) => [[`detect_p95_s_${c.key.replace(/-/g, '_')}`, r2(o.detectP95)]])),
    calls_per_release: r1(O.callsPerRelease),
    calls_per_min: r1(O.callsPerMin),
    watch_calls_per_min: r1(O.watchCallsPerMin),
    calls_by_operation: Object.fromEntries([...O.byOperation].map(([op, v]) => [op, r2(v.perRelease)])),
    calls_per_aws_min: r2(O.callsPerAwsMin),
    baseline_calls_per_aws_min: r2(B.callsPerAwsMin),
    startup_bare_ms: Math.round(bare),
    startup_no_inputs_ms: Math.round(med(start.noInputs)),
    startup_first_request_ms: Math.round(firstReq),
    startup_first_line_ms: Math.round(med(start.firstLine)),
    ratio_first_request_to_bare: r2(firstReq / bare),
    ...(official
      ? {
          official_no_inputs_ms: Math.round(official.noInputs),
          official_first_request_ms: Math.round(official.firstRequest),
          ratio_no_inputs_to_official: r2(med(start.noInputs) / official.noInputs),
          ratio_first_request_to_official: r2(firstReq / official.firstRequest)
        }
      : {}),
    bundle_entry_bytes: dist.entry,
    bundle_chunks: dist.chunks.length,
    bundle_bytes: dist.total,
    concurrent_ok: S.ok,
    concurrent_total: S.n,
    concurrent_calls: sc.calls,
    concurrent_throttled: sc.throttled,
    concurrent_detect_p95_s: r2(S.detectP95),
    baseline_detect_p50_s: r2(B.detectP50),
    baseline_detect_p95_s: r2(B.detectP95),
    baseline_calls_per_release: r1(B.callsPerRelease),
    baseline_calls_per_min: r1(B.callsPerMin),
    baseline_watch_calls_per_min: r1(B.watchCallsPerMin),
    ratio_detect_p50: r3(O.detectP50 / B.detectP50),
    ratio_detect_p95: r3(O.detectP95 / B.detectP95),
    ratio_calls_per_release: r3(O.callsPerRelease / B.callsPerRelease),
    ratio_calls_per_min: r3(O.callsPerMin / B.callsPerMin),
    ...(RT
      ? {
          realtime_releases: RT.o.n,
          realtime_detect_p95_s: r2(RT.o.detectP95),
          realtime_calls_per_release: r1(RT.o.callsPerRelease),
          realtime_calls_per_min: r1(RT.o.callsPerMin),
          realtime_baseline_detect_p95_s: r2(RT.b.detectP95),
          realtime_baseline_calls_per_min: r1(RT.b.callsPerMin)
        }
      : {}),
    ...caught.json,
    load_avg: r2(loadavg()[0]!),
    ok: O.ok,
    total: O.n,
    baseline_ok: B.ok
  }
  console.log(JSON.stringify(json))
  if (O.ok < O.n || S.ok < S.n) process.exitCode = 1
}

await main()
