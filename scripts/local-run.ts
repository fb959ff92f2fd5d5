/**
 * npm run local [-- [ENV_FILE] [--dist]]: runs the action from source on this machine, with no AWS
 * account. Reads the env file (.env, else .env.example: INPUT_* inputs, AWS_* settings, EMULATOR_*),
 * starts the ECS + CodeDeploy emulator on AWS_ENDPOINT_URL's loopback port and seeds it (unless an
 * emulator already answers there, or EMULATOR=off), transpiles src/ to .build/src (no type check:
 * a quick edit-run loop) and runs it as a runner would: INPUT_* variables, output, state and
 * summary files. --dist runs dist/index.js instead. Prints the outputs and the job summary; exits
 * with the action's code.
 */
import './quiet-sdk.js'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { seedWorld, startEmulator, type Emulator, type FaultConfig, type SeedSpec } from '../emulator/index.js'
import { parseFileCommands } from './run-action.js'
import { summaryToText } from './summary-text.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/.build/') ? ['..'] : []))

/**
 * The .env format dotenv (and so @github/local-action) reads: KEY=value, `export ` allowed, # comments,
 * '…' literal, "…" with \n escapes, keys with dashes (INPUT_WAIT-FOR).
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(raw)
    if (!m) continue
    const [, key, rest] = m as unknown as [string, string, string]
    let value = rest.trim()
    const q = value[0]
    if ((q === '"' || q === "'") && value.lastIndexOf(q) > 0) {
      value = value.slice(1, value.lastIndexOf(q))
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\"/g, '"')
    } else {
      value = value.replace(/\s+#.*$/, '')
    }
    out[key] = value
  }
  return out
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []
  )
}

/** src/**\/*.ts -> outDir/src/**\/*.js, one file at a time (no type check). Returns the entry point. */
export function transpileSources(outDir = join(ROOT, '.build')): string {
  for (const file of sources(join(ROOT, 'src'))) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, esModuleInterop: true }
    }).outputText
    const out = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, js)
  }
  return join(outDir, 'src', 'index.js')
}

export interface LocalRunOptions {
  /** Default: .env if it exists, else .env.example. */
  envFile?: string | undefined
  /** Set over the env file (a test's port, faults). */
  env?: Record<string, string> | undefined
  /** src (default): transpiled sources; dist: the bundle. */
  entry?: 'src' | 'dist' | undefined
  onLine?: ((line: string) => void) | undefined
  /** Notes about the emulator and the files. */
  note?: ((line: string) => void) | undefined
}

export interface LocalRunResult {
  code: number | null
  lines: string[]
  stderr: string
  outputs: Record<string, string>
  summary: string
  emulator: 'started' | 'reused' | 'none'
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url.replace(/\/$/, '')}/_emulator/health`, { signal: AbortSignal.timeout(1000) })
    return r.ok
  } catch {
    return false
  }
}

function json<T>(name: string, text: string | undefined): T | undefined {
  if (!text) return undefined
  try {
    return JSON.parse(text) as T
  } catch (e) {
    throw new Error(`${name} is not JSON: ${(e as Error).message}`, { cause: e })
  }
}

/** EMULATOR_SEED: a SeedSpec as JSON, or a path to a JSON file (emulator/seed.example.json). */
function seedSpec(value: string | undefined): Partial<SeedSpec> | undefined {
  if (!value) return undefined
  if (value.trim().startsWith('{')) return json('EMULATOR_SEED', value)
  return json('EMULATOR_SEED', readFileSync(resolve(ROOT, value), 'utf8'))
}

async function emulatorFor(
  env: Record<string, string>,
  note: (line: string) => void
): Promise<{ emu?: Emulator | undefined; kind: LocalRunResult['emulator'] }> {
  const endpoint = env.AWS_ENDPOINT_URL
  if (!endpoint || env.EMULATOR === 'off') return { kind: 'none' }
  const url = new URL(endpoint)
  if (!LOOPBACK.has(url.hostname)) return { kind: 'none' }
  if (await answers(endpoint)) {
    note(`Using the emulator already answering on ${endpoint} (its state as it is).`)
    return { kind: 'reused' }
  }
  const timeScale = Number(env.EMULATOR_TIME_SCALE || 60)
  const emu = await startEmulator({
    port: Number(url.port || 80),
    host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, ''),
    timeScale
  })
  const seed = await seedWorld(emu.url, seedSpec(env.EMULATOR_SEED), env.AWS_REGION || 'us-east-1')
  const faults = json<FaultConfig>('EMULATOR_FAULTS', env.EMULATOR_FAULTS)
  if (faults) emu.setFaults(faults)
  note(
    `Emulator on ${emu.url} (time ${timeScale}x): cluster ${seed.clusterName}, service ${seed.serviceName}, CodeDeploy ${seed.applicationName}/${seed.deploymentGroupName} (${seed.deploymentConfigName})${faults ? `, faults ${JSON.stringify(faults)}` : ''}`
  )
  return { emu, kind: 'started' }
}

export async function runLocal(o: LocalRunOptions = {}): Promise<LocalRunResult> {
  const note = o.note ?? ((line: string) => console.error(line))
  const envFile = resolve(ROOT, o.envFile ?? (existsSync(join(ROOT, '.env')) ? '.env' : '.env.example'))
  const fileEnv = { ...parseEnvFile(readFileSync(envFile, 'utf8')), ...o.env }
  note(`Inputs and settings from ${relative(ROOT, envFile) || envFile}`)
  const entry = o.entry === 'dist' ? join(ROOT, 'dist', 'index.js') : transpileSources()
  const { emu, kind } = await emulatorFor(fileEnv, note)
  const dir = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-local-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_STATE: join(dir, 'state') }
  for (const f of Object.values(files)) writeFileSync(f, '')
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: dir, ...fileEnv, ...files }
    const run = await new Promise<{ code: number | null; lines: string[]; stderr: string }>((resolveRun, reject) => {
      const child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      const lines: string[] = []
      let pending = ''
      let stderr = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => {
        pending += chunk
        let nl: number
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl)
          pending = pending.slice(nl + 1)
          lines.push(line)
          ;(o.onLine ?? console.log)(line)
        }
      })
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => (stderr += chunk))
      child.on('error', reject)
      child.on('close', (code) => {
        if (pending) {
          lines.push(pending)
          ;(o.onLine ?? console.log)(pending)
        }
        resolveRun({ code, lines, stderr })
      })
    })
    return {
      ...run,
      outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      emulator: kind
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await emu?.close()
  }
}

if (process.argv[1]?.endsWith('local-run.js')) {
  const args = process.argv.slice(2)
  const r = await runLocal({ envFile: args.find((a) => !a.startsWith('--')), entry: args.includes('--dist') ? 'dist' : 'src' })
  if (r.stderr.trim()) console.error(r.stderr.trimEnd())
  console.log('\nOutputs:')
  for (const [k, v] of Object.entries(r.outputs)) console.log(`  ${k.padEnd(30)} ${v}`)
  if (r.summary.trim()) console.log(`\nJob summary:\n${summaryToText(r.summary)}`)
  process.exitCode = r.code ?? 1
}
