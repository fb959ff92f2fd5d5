/**
 * Local runs with no AWS account: .env.example drives `npm run local` (scripts/local-run.ts: the
 * emulator started and seeded, src transpiled and run as a runner runs it), and the same file drives
 * @github/local-action against an emulator that is already running. The local-action case needs
 * the package in npm's cache (npx --offline); without it the test is skipped and says so.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { seedWorld, startEmulator } from '../../emulator/index.js'
import { parseEnvFile, runLocal, type LocalRunResult } from '../../scripts/local-run.js'

const EXAMPLE = readFileSync('.env.example', 'utf8')
const env = parseEnvFile(EXAMPLE)
const tmp = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-local-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A port nothing listens on, for an emulator of this test alone. */
async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as net.AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

const FAST_SEED = JSON.stringify({ deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitMinutes: 0 })
const annotations = (r: { lines: string[] }, level: string): string[] => r.lines.filter((l) => l.startsWith(`::${level}`))

describe('.env.example', () => {
  it('parses as dotenv does, multi-line inputs included', () => {
    expect(parseEnvFile('export A=1\nB="x\\ny" # kept\nC=\'$raw\'\nD=plain # comment\n# E=no\nINPUT_WAIT-FOR=ready')).toEqual({ A: '1', B: 'x\ny', C: '$raw', D: 'plain', 'INPUT_WAIT-FOR': 'ready' })
    expect(env['INPUT_ENVIRONMENT-VARIABLES']).toBe('LOG_LEVEL=debug\nFEATURE_X=on')
  })

  it('names only inputs action.yml declares, and points AWS at a loopback emulator with no real credentials', () => {
    const declared = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs)
    const given = Object.keys(env)
      .filter((k) => k.startsWith('INPUT_'))
      .map((k) => k.slice('INPUT_'.length).toLowerCase())
    expect(given.length).toBeGreaterThanOrEqual(3)
    expect(given.filter((k) => !declared.includes(k))).toEqual([])
    expect(new URL(env.AWS_ENDPOINT_URL!).hostname).toBe('127.0.0.1')
    expect(env.AWS_ACCESS_KEY_ID).not.toMatch(/^(AKIA|ASIA)[A-Z0-9]{16}$/)
    expect(EXAMPLE).not.toMatch(/GITHUB_TOKEN|ghp_|ghs_|github_pat_/)
    expect(existsSync(env.EMULATOR_SEED!)).toBe(true)
  })
})

describe('npm run local (scripts/local-run.ts)', () => {
  let first: LocalRunResult
  it('starts and seeds the emulator, runs src as a runner would, and the release succeeds', async () => {
    const port = await freePort()
    const notes: string[] = []
    first = await runLocal({
      envFile: '.env.example',
      env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, EMULATOR_TIME_SCALE: '200', EMULATOR_SEED: FAST_SEED, ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300' },
      onLine: () => {},
      note: (n) => notes.push(n)
    })
    expect({ code: first.code, outcome: first.outputs.outcome, emulator: first.emulator, stderr: first.stderr }).toEqual({ code: 0, outcome: 'succeeded', emulator: 'started', stderr: '' })
    expect(notes[0]).toBe('Inputs and settings from .env.example')
    expect(notes[1]).toMatch(new RegExp(`^Emulator on http://127\\.0\\.0\\.1:${port} \\(time 200x\\): cluster prod, service web, CodeDeploy web-app/web-dg \\(CodeDeployDefault\\.ECSAllAtOnce\\)$`))
    // The inputs of the file: environment variables, the hook, the environment tag.
    expect(first.lines).toContain('  app  env     + LOG_LEVEL  + FEATURE_X')
    expect(first.lines).toContain('  tags         Environment=dev  Version=1.5.0')
    expect(first.lines.some((l) => /AfterAllowTestTraffic +Succeeded .*hook smoke-test$/.test(l))).toBe(true)
    expect(first.lines.some((l) => /^ {2}\d\d:\d\d {2}Succeeded after /.test(l))).toBe(true)
    expect(first.summary).toContain('prod/web: succeeded')
    expect(annotations(first, 'error')).toEqual([])
  }, 120_000)

  it('runs the sources, not the bundle: a transpiled src/index.js', () => {
    expect(existsSync('.build/src/index.js')).toBe(true)
    expect(existsSync('.build/src/github/deployments.js')).toBe(true)
  })

  it('EMULATOR_FAULTS: a crashing green task fails the release the way it would on AWS', async () => {
    const port = await freePort()
    const r = await runLocal({
      envFile: '.env.example',
      env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, EMULATOR_TIME_SCALE: '200', EMULATOR_SEED: FAST_SEED, EMULATOR_FAULTS: '{"greenTasksFail":true}', ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300' },
      onLine: () => {},
      note: () => {}
    })
    expect({ code: r.code, outcome: r.outputs.outcome }).toEqual({ code: 1, outcome: 'rolled-back' })
    expect(annotations(r, 'error')).toEqual(['::error title=prod/web release rolled-back (Install failed%3A app exited 1)::Install failed: app exited 1 (Essential container in task exited). Rolled back to web:1. Why: Essential container app exited with code 1. Fix: The container\'s last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce.%0ALast 10 lines of app:%0A  |   code: \'ECONNREFUSED\',%0A  |   syscall: \'connect\',%0A  |   address: \'10.0.3.12\',%0A  |   port: 5432%0A  | }%0A  | Node.js v20.18.1%0A  | npm error code 1%0A  | npm error path /app%0A  | npm error command failed%0A  | npm error command sh -c node dist/server.js'])
  }, 120_000)

  it('an emulator already answering on the port is used as it is', async () => {
    const emu = await startEmulator({ timeScale: 200 })
    try {
      await seedWorld(emu.url, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitMinutes: 0 })
      const r = await runLocal({ envFile: '.env.example', env: { AWS_ENDPOINT_URL: emu.url, ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300' }, onLine: () => {}, note: () => {} })
      expect({ code: r.code, outcome: r.outputs.outcome, emulator: r.emulator }).toEqual({ code: 0, outcome: 'succeeded', emulator: 'reused' })
      expect(emu.calls().filter((c) => c.operation === 'CreateDeployment')).toHaveLength(1)
    } finally {
      await emu.close()
    }
  }, 120_000)
})

const LOCAL_ACTION = '@github/local-action@7.0.1'
const cached = spawnSync('npm', ['exec', '--offline', '--yes', `--package=${LOCAL_ACTION}`, '--', 'node', '-e', ''], { encoding: 'utf8', timeout: 60_000 }).status === 0

describe('npx @github/local-action run . src/main.ts .env', () => {
  const name = `${LOCAL_ACTION} runs src/main.ts with .env.example against a running emulator`
  if (!cached) {
    it.skip(`${name} (skipped: ${LOCAL_ACTION} is not in npm's cache; run npx ${LOCAL_ACTION} once with network access)`, () => {})
    return
  }
  it(
    name,
    async () => {
      const emu = await startEmulator({ timeScale: 200 })
      try {
        await seedWorld(emu.url, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitMinutes: 0 })
        const file = join(tmp, '.env')
        writeFileSync(file, `${EXAMPLE.replace(/^AWS_ENDPOINT_URL=.*$/m, `AWS_ENDPOINT_URL=${emu.url}`)}\nECS_BLUEGREEN_POLL_MIN_MS=150\nECS_BLUEGREEN_POLL_MAX_MS=300\n`)
        // Not spawnSync: the emulator answers from this process's event loop.
        const r = await new Promise<{ status: number | null; out: string }>((resolve, reject) => {
          const child = spawn('npx', ['--offline', '-y', LOCAL_ACTION, 'run', '.', 'src/main.ts', file], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
          let out = ''
          const timer = setTimeout(() => child.kill('SIGKILL'), 180_000)
          child.stdout.on('data', (c: Buffer) => (out += c.toString()))
          child.stderr.on('data', (c: Buffer) => (out += c.toString()))
          child.on('error', reject)
          child.on('close', (status) => {
            clearTimeout(timer)
            resolve({ status, out })
          })
        })
        const out = r.out
        expect({ status: r.status, outcome: /::set-output name=outcome::(\S+)/.exec(out)?.[1] }).toEqual({ status: 0, outcome: 'succeeded' })
        expect(out).toMatch(/Succeeded after /)
        expect(out).toMatch(/app {2}env {5}\+ LOG_LEVEL {2}\+ FEATURE_X/)
        expect(emu.calls().filter((c) => c.operation === 'CreateDeployment')).toHaveLength(1)
      } finally {
        await emu.close()
      }
    },
    200_000
  )
})
