/**
 * Runs the bundled action (dist/index.js) exactly as a GitHub runner does: INPUT_* variables,
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, node 24, and the SDK pointed at an
 * endpoint through AWS_ENDPOINT_URL. Used by the demo, the end-to-end tests and the bench.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/.build/') ? ['..'] : []))
export const DIST = join(ROOT, 'dist', 'index.js')

let node24: string | undefined

/** The node 24 binary runners use: this one if it is 24+, else the one `npx -p node@24` provides. */
export function nodeBinary(): string {
  if (node24) return node24
  if (Number(process.versions.node.split('.')[0]) >= 24) return (node24 = process.execPath)
  if (process.env.NODE24_BIN) return (node24 = process.env.NODE24_BIN)
  const out = execFileSync('npx', ['-y', '-p', 'node@24', 'node', '-e', 'process.stdout.write(process.execPath)'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
  return (node24 = out.trim())
}

export interface RunOptions {
  /** AWS endpoint, e.g. the emulator's url. */
  endpoint: string
  /** Inputs by their action.yml names. */
  inputs: Record<string, string>
  env?: Record<string, string> | undefined
  /** Called with each line of stdout as the action prints it. */
  onLine?: ((line: string) => void) | undefined
  /** Called with the child process once it is running (to send it a signal). */
  onStart?: ((child: ChildProcess) => void) | undefined
  /** Runs the post step after the main one, with the state the main step saved. */
  post?: boolean | undefined
  timeoutMs?: number | undefined
  cwd?: string | undefined
  /** Another action's bundle to run instead of ours (the bench's side-by-side start-up); its inputs get none of our defaults. */
  script?: string | undefined
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  lines: string[]
  outputs: Record<string, string>
  summary: string
  state: Record<string, string>
  postStdout?: string | undefined
  /** Real ms from spawn to exit. */
  elapsedMs: number
  /** Real epoch ms at exit. */
  exitedAt: number
  /** Real ms from spawn to the first line of output. */
  firstLineMs?: number | undefined
}

/** Parses the file-command format (name<<delimiter ... delimiter, or name=value). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!)
      out[name!] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}

/** The defaults action.yml declares: a runner passes each one as an input the workflow did not give. */
function actionDefaults(): Record<string, string> {
  const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: unknown }> }
  return Object.fromEntries(Object.entries(yml.inputs).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, String(v.default)]])))
}

function inputEnv(inputs: Record<string, string>, defaults = true): Record<string, string> {
  // The runner's rule: INPUT_ + name upper-cased with spaces as underscores (dashes are kept).
  return Object.fromEntries(
    Object.entries({ ...(defaults ? actionDefaults() : {}), ...inputs }).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])
  )
}

function spawnStep(env: NodeJS.ProcessEnv, o: RunOptions): Promise<Omit<RunResult, 'outputs' | 'summary' | 'state'>> {
  return new Promise((resolveRun, reject) => {
    const node = nodeBinary()
    const started = Date.now()
    const child = spawn(node, [o.script ?? DIST], { env, cwd: o.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let pending = ''
    const lines: string[] = []
    let firstLineMs: number | undefined
    const timer = o.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), o.timeoutMs) : undefined
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      firstLineMs ??= Date.now() - started
      stdout += chunk
      pending += chunk
      let nl: number
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl)
        pending = pending.slice(nl + 1)
        lines.push(line)
        o.onLine?.(line)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      if (pending) {
        lines.push(pending)
        o.onLine?.(pending)
      }
      const exitedAt = Date.now()
      resolveRun({ code, signal, stdout, stderr, lines, elapsedMs: exitedAt - started, exitedAt, firstLineMs })
    })
    o.onStart?.(child)
  })
}

export async function runAction(o: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-run-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_STATE: join(dir, 'state') }
  for (const f of Object.values(files)) writeFileSync(f, '')
  try {
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: dir,
      GITHUB_REPOSITORY: 'org/web',
      GITHUB_SHA: '3f9c1e2a7b4d5e6f708192a3b4c5d6e7f8091a2b',
      GITHUB_RUN_ID: '1234567890',
      GITHUB_SERVER_URL: 'https://github.com',
      AWS_ENDPOINT_URL: o.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATOR',
      AWS_SECRET_ACCESS_KEY: 'emulator',
      AWS_REGION: 'us-east-1',
      // No shared config or credential files from the machine running the tests.
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // The test suite's setup names a directory for node's compile cache: each run then reuses the
      // compiled 1.7 MB bundle instead of compiling it again (about a tenth of its start-up's CPU).
      // What the action does is unchanged; unset (the demo, the bench's cold starts), nothing is cached.
      NODE_COMPILE_CACHE: process.env.RUN_ACTION_COMPILE_CACHE,
      ...files,
      ...inputEnv(o.inputs, !o.script),
      ...o.env
    }
    for (const [k, v] of Object.entries(base)) if (v === undefined || v === '') delete base[k]
    const main = await spawnStep(base, o)
    const state = parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8'))
    let postStdout: string | undefined
    if (o.post) {
      const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
      postStdout = (await spawnStep({ ...base, ...stateEnv }, { ...o, onStart: undefined })).stdout
    }
    return {
      ...main,
      outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      state,
      postStdout
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
