/**
 * End to end: dist/index.js run as a runner runs it (scripts/run-action.ts) against the ECS +
 * CodeDeploy emulator, with GITHUB_API_URL pointed at the loopback GitHub API stand-in. Asserts the
 * GitHub Deployments calls and payloads, and the annotations a run ends with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { seedWorld, type Emulator, type FaultConfig, type SeedSpec } from '../../emulator/index.js'
import { runAction, type RunResult } from '../../scripts/run-action.js'
import { useEmulatorFixture } from '../fixtures/emulator.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-api.js'

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const SHA = '3f9c1e2a7b4d5e6f708192a3b4c5d6e7f8091a2b' // what run-action.ts sets as GITHUB_SHA
const LOG_URL = 'https://github.com/org/web/actions/runs/1234567890'
const FAST: Partial<SeedSpec> = { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitMinutes: 0 }

let emu: Emulator
let gh: GitHubStandIn
let tmp: string

useEmulatorFixture(200, (f) => (emu = f.emu))

beforeAll(async () => {
  gh = await startGitHubStandIn()
  tmp = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-gh-'))
}, 120_000)

afterAll(async () => {
  await gh?.close()
  rmSync(tmp, { recursive: true, force: true })
})

async function fresh(spec: Partial<SeedSpec> = {}, faults?: FaultConfig): Promise<void> {
  emu.reset()
  await seedWorld(emu.url, { ...FAST, ...spec })
  if (faults) emu.setFaults(faults)
  gh.reset()
}

function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<RunResult> {
  return runAction({
    endpoint: emu.url,
    timeoutMs: 120_000,
    inputs: { image: IMAGE, cluster: 'prod', service: 'web', ...inputs },
    env: { GITHUB_API_URL: gh.url, ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300', ...env }
  })
}

/** The fix said for an essential container that exited (src/kit/causes.ts). */
const FIX_EXIT =
  "The container's last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce."

/** The container's last lines, which the annotation of a failure ends with. */
const LAST_LINES = [
  'Last 10 lines of app:',
  "  |   code: 'ECONNREFUSED',",
  "  |   syscall: 'connect',",
  "  |   address: '10.0.3.12',",
  '  |   port: 5432',
  '  | }',
  '  | Node.js v20.18.1',
  '  | npm error code 1',
  '  | npm error path /app',
  '  | npm error command failed',
  '  | npm error command sh -c node dist/server.js'
].join('\n')

const GH = { 'github-token': 'ghs_test', environment: 'dev', 'environment-url': 'https://dev.example.com' }

interface Annotation {
  level: string
  title?: string | undefined
  message: string
}
const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
function annotations(r: RunResult): Annotation[] {
  return r.lines.flatMap((l) => {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(l)
    if (!m) return []
    const title = /(?:^|,)title=([^,]*)/.exec(m[2] ?? '')?.[1]
    return [{ level: m[1]!, ...(title !== undefined ? { title: unescape(title) } : {}), message: unescape(m[3]!) }]
  })
}
const statuses = (): { state: string; description: string; environment_url?: string | undefined; log_url?: string | undefined }[] =>
  gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/statuses')).map((c) => c.body as never)

describe('GitHub Deployments from the bundled action', () => {
  it('a release with github-token: a deployment of the environment with the image, in_progress then success, environment-url and the log URL', async () => {
    await fresh()
    const r = await run(GH)
    expect({ code: r.code, outcome: r.outputs.outcome }).toEqual({ code: 0, outcome: 'succeeded' })
    expect(gh.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'POST /repos/org/web/deployments 201',
      'POST /repos/org/web/deployments/1000/statuses 201',
      'POST /repos/org/web/deployments/1000/statuses 201'
    ])
    expect(gh.calls[0]!.authorization).toBe('token ghs_test')
    expect(gh.calls[0]!.body).toEqual({
      ref: SHA,
      environment: 'dev',
      task: 'deploy',
      description: 'Release web:1.5.0 to prod/web',
      payload: { tool: 'ecs-bluegreen-action', image: IMAGE, cluster: 'prod', service: 'web', mode: 'deploy' },
      auto_merge: false,
      required_contexts: []
    })
    const id = r.outputs['deployment-id']
    expect(statuses()).toEqual([
      { state: 'in_progress', description: 'Release web:1.5.0 to prod/web', environment_url: 'https://dev.example.com', log_url: LOG_URL },
      {
        state: 'success',
        description: expect.stringMatching(new RegExp(`^prod/web runs web:2 \\(${id}\\) in \\d+s$`)),
        environment_url: 'https://dev.example.com',
        log_url: LOG_URL
      }
    ])
    expect(r.lines).toContain('GitHub deployment 1000 (environment dev): in_progress')
    expect(r.lines).toContain('GitHub deployment 1000 (environment dev): success')
    // The token is masked before anything is printed, and never printed otherwise.
    expect(r.lines.indexOf('::add-mask::ghs_test')).toBeGreaterThanOrEqual(0)
    expect(r.lines.filter((l) => l.includes('ghs_test'))).toEqual(['::add-mask::ghs_test'])
    expect(annotations(r)).toEqual([])
  }, 120_000)

  it('without github-token: not one call to the GitHub API, not one line about it', async () => {
    await fresh()
    const r = await run({ environment: 'dev', 'environment-url': 'https://dev.example.com' })
    expect(r.code).toBe(0)
    expect(gh.calls).toEqual([])
    expect(r.lines.filter((l) => /github/i.test(l))).toEqual([])
    expect(annotations(r)).toEqual([])
  }, 120_000)

  it('a failed release: the GitHub deployment ends in failure, and the run ends with one ::error titled with the service and the cause', async () => {
    await fresh({}, { greenTasksFail: true })
    const r = await run(GH)
    expect(r.code).toBe(1)
    expect(r.outputs.outcome).toBe('rolled-back')
    const errors = annotations(r).filter((a) => a.level === 'error')
    expect(errors).toEqual([
      {
        level: 'error',
        title: 'prod/web release rolled-back (Install failed: app exited 1)',
        message: `Install failed: app exited 1 (Essential container in task exited). Rolled back to web:1. Why: Essential container app exited with code 1. Fix: ${FIX_EXIT}\n${LAST_LINES}`
      }
    ])
    // ...and it is the last thing the step prints.
    expect(r.lines.filter((l) => l.trim()).pop()).toMatch(/^::error title=prod\/web release rolled-back/)
    expect(annotations(r).filter((a) => a.level === 'warning')).toEqual([])
    expect(statuses().map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Release web:1.5.0 to prod/web'],
      ['failure', 'Install failed: app exited 1 (Essential container in task exited). Rolled back to web:1.']
    ])
  }, 120_000)

  it('no deployments: write (403): one ::warning with the fix; the release goes on and succeeds', async () => {
    await fresh()
    gh.fault({ status: 403, message: 'Resource not accessible by integration' })
    const r = await run(GH)
    expect(r.code).toBe(0)
    expect(r.outputs.outcome).toBe('succeeded')
    expect(gh.calls).toHaveLength(1)
    expect(annotations(r)).toEqual([
      {
        level: 'warning',
        message:
          "GitHub deployment not recorded (create deployment): 403 Resource not accessible by integration. Give the job 'permissions: deployments: write' and pass github-token: ${{ github.token }}. The release itself is not affected."
      }
    ])
  }, 120_000)

  it('approval gate: wait-for ready leaves it in_progress; mode continue in a later job finishes the same deployment', async () => {
    await fresh({ deploymentReadyWait: true })
    const first = await run({ ...GH, 'wait-for': 'ready' })
    expect(first.outputs.outcome).toBe('ready')
    const cont = await run({ ...GH, image: '', mode: 'continue', 'deployment-id': first.outputs['deployment-id']! })
    expect({ code: cont.code, outcome: cont.outputs.outcome }).toEqual({ code: 0, outcome: 'succeeded' })
    expect(gh.deployments).toHaveLength(1)
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'success'])
    expect(gh.deployments[0]!.statuses[1]!.description).toMatch(/is up with test traffic .*waits for mode continue$/)
    expect(cont.lines).toContain('GitHub deployment 1000 (environment dev) continues')
  }, 120_000)
})

describe('warnings become ::warning', () => {
  it('a deprecated input and AppSpec fields this action ignores: one ::warning each, and the release succeeds', async () => {
    await fresh()
    const appspec = join(tmp, 'appspec.yaml')
    writeFileSync(
      appspec,
      `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1
        LoadBalancerInfo:
          ContainerName: app
          ContainerPort: 8080
        DesiredCount: 4
`
    )
    const r = await run({ 'wait-for-service-stability': 'true', 'codedeploy-appspec': appspec })
    expect(r.code).toBe(0)
    expect(annotations(r)).toEqual([
      {
        level: 'warning',
        message:
          "Input 'wait-for-service-stability' is deprecated (it is the official deploy action's): this action follows the release to the end by default. Remove it."
      },
      { level: 'warning', message: 'codedeploy-appspec: Properties.DesiredCount is ignored: it is not an ECS AppSpec property.' },
      {
        level: 'warning',
        message:
          "codedeploy-appspec: Properties.TaskDefinition 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1' is ignored: the task definition this step registers is deployed."
      }
    ])
  }, 120_000)
})
