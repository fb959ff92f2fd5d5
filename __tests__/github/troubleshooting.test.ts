/**
 * The excerpts of docs/troubleshooting.md are real: each block is produced again here by the bundled
 * action against the emulator with the same fault, and every line of the block must be a line of
 * that run (deployment, task and task set ids, times and counts normalised; `[…]` skips lines).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { seedWorld, startEmulator, type Emulator, type FaultConfig, type SeedSpec } from '../../emulator/index.js'
import { nodeBinary, runAction } from '../../scripts/run-action.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-api.js'

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const FAST_SEED: Partial<SeedSpec> = { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitMinutes: 0 }

const page = readFileSync('docs/troubleshooting.md', 'utf8')
/** The blocks, each under the bold title of its paragraph. */
const blocks = new Map<string, string[]>()
for (const m of page.matchAll(/\*\*([^*]+)\*\*(?:(?!\*\*)[\s\S])*?```\n([\s\S]*?)```/g)) blocks.set(m[1]!, m[2]!.trimEnd().split('\n'))

/** Ids, clocks, durations and counts differ from run to run; the words may not. */
const normalise = (line: string): string =>
  line
    .replace(/d-[A-Z0-9]{9}/g, 'd-ID')
    .replace(/ecs-svc\/\d+/g, 'ecs-svc/ID')
    .replace(/\b[0-9a-f]{32}\b/g, 'TASK')
    // A task's short id, in a task list: random hex, all digits now and then.
    .replace(/\(tasks? ([^)]*)\)/g, (list) => list.replace(/\b[0-9a-f]{8}\b/g, 'TASK8'))
    // ...and the one whose log a failure shows.
    .replace(/\btask [0-9a-f]{8}\b/g, 'task TASK8')
    .replace(/\d+/g, 'N')
    .replace(/ +/g, ' ')
    .trimEnd()

/**
 * Under random throttling the closing line varies beyond its numbers: which operations were called,
 * how often, whether any call ran out of retries. Only its start is the same in every run.
 */
const apiCallsPrefix = (line: string): string => line.replace(/^API calls: \d+ \(.*$/, 'API calls: N (…)')

let emu: Emulator
let gh: GitHubStandIn
let tmp: string
beforeAll(async () => {
  nodeBinary()
  emu = await startEmulator({ timeScale: 100 })
  gh = await startGitHubStandIn()
  tmp = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-trouble-'))
}, 120_000)
afterAll(async () => {
  await gh?.close()
  await emu?.close()
  rmSync(tmp, { recursive: true, force: true })
})

interface Scenario {
  seed?: Partial<SeedSpec> | undefined
  faults?: FaultConfig | undefined
  inputs?: Record<string, string> | undefined
  env?: Record<string, string> | undefined
  before?: (() => Promise<void>) | undefined
}

async function logOf(s: Scenario): Promise<string[]> {
  emu.reset()
  gh.reset()
  await seedWorld(emu.url, s.seed ?? {})
  if (s.faults) emu.setFaults(s.faults)
  await s.before?.()
  const r = await runAction({
    endpoint: emu.url,
    timeoutMs: 120_000,
    inputs: { image: IMAGE, cluster: 'prod', service: 'web', ...s.inputs },
    env: { ECS_BLUEGREEN_POLL_MIN_MS: '150', ECS_BLUEGREEN_POLL_MAX_MS: '300', GITHUB_API_URL: gh.url, ...s.env }
  })
  return r.lines
}

async function expectExcerpt(title: string, ...scenarios: Scenario[]): Promise<void> {
  return expectExcerptAs(title, normalise, ...scenarios)
}

/** As expectExcerpt, with `norm` deciding which part of each line must match. */
async function expectExcerptAs(title: string, norm: (line: string) => string, ...scenarios: Scenario[]): Promise<void> {
  const block = blocks.get(title)
  expect(block).toBeDefined()
  const lines: string[] = []
  for (const s of scenarios) lines.push(...(await logOf(s)))
  const seen = new Set(lines.map(norm))
  const missing = block!.filter((l) => l !== '[…]' && !seen.has(norm(l)))
  expect({ title, missing }).toEqual({ title, missing: [] })
}

describe('docs/troubleshooting.md: every excerpt is what the action prints', () => {
  it('has the blocks this test knows, and no other', () => {
    expect([...blocks.keys()]).toEqual([
      'A green task crashes.',
      'A hook fails.',
      'An alarm stops the release.',
      'It does not finish in time.',
      'Refused before anything changed.',
      'Throttling.',
      'Warnings.',
      'No GitHub deployment.'
    ])
  })

  it('a green task crashes', () => expectExcerpt('A green task crashes.', { faults: { greenTasksFail: true } }), 120_000)

  it(
    'a hook fails',
    () =>
      expectExcerpt('A hook fails.', {
        faults: { hooks: { mode: 'fail', events: ['AfterAllowTestTraffic'] } },
        inputs: { hooks: 'AfterAllowTestTraffic=web-smoke-test' }
      }),
    120_000
  )

  it('an alarm stops the release', () => expectExcerpt('An alarm stops the release.', { faults: { alarm: true } }), 120_000)

  it(
    'it does not finish in time',
    () => expectExcerpt('It does not finish in time.', { faults: { installHang: true }, inputs: { 'wait-for-minutes': '0.1' } }),
    120_000
  )

  it(
    'refused before anything changed',
    () =>
      expectExcerpt(
        'Refused before anything changed.',
        { inputs: { 'container-name': 'worker' } },
        {
          inputs: { 'if-busy': 'fail' },
          before: async () => {
            await runAction({ endpoint: emu.url, inputs: { image: IMAGE.replace('1.5.0', '1.4.9'), cluster: 'prod', service: 'web', 'wait-for': 'none' } })
          }
        }
      ),
    120_000
  )

  it('throttling', () => expectExcerptAs('Throttling.', (l) => normalise(apiCallsPrefix(l)), { seed: FAST_SEED, faults: { throttle: { rate: 0.4 } } }), 120_000)

  it('warnings', () => {
    const appspec = join(tmp, 'appspec.yaml')
    writeFileSync(
      appspec,
      'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:7\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\n'
    )
    return expectExcerpt('Warnings.', { seed: FAST_SEED, inputs: { 'codedeploy-appspec': appspec, 'wait-for-service-stability': 'true' } })
  }, 120_000)

  it(
    'no GitHub deployment',
    () =>
      expectExcerpt(
        'No GitHub deployment.',
        {
          seed: FAST_SEED,
          inputs: { 'github-token': 'ghs_test', environment: 'dev' },
          before: async () => gh.fault({ status: 403, message: 'Resource not accessible by integration' })
        },
        { seed: FAST_SEED, inputs: { 'github-token': 'ghs_test' } }
      ),
    120_000
  )
})
