/**
 * GitHub Deployments against a loopback stand-in for the GitHub API, through the real Octokit of
 * @actions/github (pointed there with GITHUB_API_URL): the calls, their payloads and the statuses.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { parseInputs, type Inputs } from '../../src/core/inputs.js'
import { finalStatus, GitHubDeployment, logUrl, TOOL, type TrackerOptions } from '../../src/github/deployments.js'
import type { ReleaseResult } from '../../src/core/result.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-api.js'

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const SHA = '3f9c1e2a7b4d5e6f708192a3b4c5d6e7f8091a2b'
const TD = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`

let gh: GitHubStandIn
beforeAll(async () => {
  gh = await startGitHubStandIn()
})
afterAll(async () => {
  await gh.close()
})
beforeEach(() => gh.reset())

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'org/web',
    GITHUB_SHA: SHA,
    GITHUB_RUN_ID: '1234567890',
    GITHUB_SERVER_URL: 'https://github.com',
    ...extra
  }
}

function inputs(given: Record<string, string> = {}): Inputs {
  const all: Record<string, string> = {
    cluster: 'prod',
    service: 'web',
    image: IMAGE,
    environment: 'prod',
    'environment-url': 'https://web.example.com',
    'github-token': 'ghs_test',
    ...given
  }
  return parseInputs((n) => all[n] ?? '')
}

function tracker(i: Inputs, e = env()): { d: GitHubDeployment | undefined; warnings: string[]; info: string[]; state: Record<string, string> } {
  const warnings: string[] = []
  const info: string[] = []
  const state: Record<string, string> = {}
  const o: TrackerOptions = { inputs: i, env: e, warn: (m) => warnings.push(m), info: (m) => info.push(m), state: { save: (k, v) => (state[k] = v) } }
  return { d: GitHubDeployment.create(o), warnings, info, state }
}

const result = (r: Partial<ReleaseResult>): ReleaseResult => ({
  outcome: 'succeeded',
  cluster: 'prod',
  service: 'web',
  deploymentId: 'd-ABCDEFGH1',
  taskDefinitionArn: TD(2),
  previousTaskDefinitionArn: TD(1),
  durationMs: 642_000,
  ...r
})

const statuses = (): { state: string; description: string; environment_url: string; log_url: string }[] =>
  gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/statuses')).map((c) => c.body as never)

describe('without a token', () => {
  it('does nothing, quietly: no deployment, no warning, no call', async () => {
    const t = tracker(inputs({ 'github-token': '' }))
    expect(t.d).toBeUndefined()
    expect(t.warnings).toEqual([])
    expect(gh.calls).toEqual([])
  })

  it('with a token but no environment: one warning saying what to set, and no call', () => {
    const t = tracker(inputs({ environment: '' }))
    expect(t.d).toBeUndefined()
    expect(t.warnings).toHaveLength(1)
    expect(t.warnings[0]).toMatch(/github-token is given but environment is not.*Set 'environment'/)
    expect(gh.calls).toEqual([])
  })
})

describe('a release recorded as a GitHub deployment', () => {
  it('creates the deployment (ref: the commit, payload: the image), then in_progress and success with environment-url and the log URL', async () => {
    const t = tracker(inputs())
    await t.d!.start()
    await t.d!.finish(result({}))
    expect(t.warnings).toEqual([])
    expect(gh.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'POST /repos/org/web/deployments 201',
      'POST /repos/org/web/deployments/1000/statuses 201',
      'POST /repos/org/web/deployments/1000/statuses 201'
    ])
    expect(gh.calls.every((c) => c.authorization === 'token ghs_test')).toBe(true)
    expect(gh.calls[0]!.body).toEqual({
      ref: SHA,
      environment: 'prod',
      task: 'deploy',
      description: 'Release web:1.5.0 to prod/web',
      payload: { tool: TOOL, image: IMAGE, cluster: 'prod', service: 'web', mode: 'deploy' },
      auto_merge: false,
      required_contexts: []
    })
    const log = 'https://github.com/org/web/actions/runs/1234567890'
    expect(statuses()).toEqual([
      { state: 'in_progress', description: 'Release web:1.5.0 to prod/web', environment_url: 'https://web.example.com', log_url: log },
      { state: 'success', description: 'prod/web runs web:2 (d-ABCDEFGH1) in 10m42s', environment_url: 'https://web.example.com', log_url: log }
    ])
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(t.state).toEqual({ 'github-deployment-id': '1000', 'github-deployment-settled': 'true' })
    expect(t.info).toEqual(['GitHub deployment 1000 (environment prod): in_progress', 'GitHub deployment 1000 (environment prod): success'])
  })

  it('without environment-url the statuses carry only the log URL', async () => {
    const t = tracker(inputs({ 'environment-url': '' }))
    await t.d!.start()
    await t.d!.finish(result({}))
    for (const s of statuses()) {
      expect(s).not.toHaveProperty('environment_url')
      expect(s.log_url).toBe('https://github.com/org/web/actions/runs/1234567890')
    }
  })

  it.each([
    [
      'failed',
      { outcome: 'failed', cause: 'Install failed: app exited 1 (Essential container in task exited)' },
      'failure',
      'Install failed: app exited 1 (Essential container in task exited)'
    ],
    [
      'rolled-back',
      { outcome: 'rolled-back', cause: 'AfterAllowTestTraffic failed: HOOK_EXECUTION_FAILURE' },
      'failure',
      'AfterAllowTestTraffic failed: HOOK_EXECUTION_FAILURE. Rolled back to web:1.'
    ],
    [
      'timed-out',
      { outcome: 'timed-out', cause: "Not finished after 1 min ('wait-for-minutes'); stopped with rollback" },
      'failure',
      "Not finished after 1 min ('wait-for-minutes'); stopped with rollback"
    ],
    [
      'stopped (job cancelled)',
      { outcome: 'stopped', cause: 'The job was cancelled; deployment d-ABCDEFGH1 was stopped with rollback' },
      'inactive',
      'Stopped (d-ABCDEFGH1): The job was cancelled; deployment d-ABCDEFGH1 was stopped with rollback'
    ],
    [
      'traffic-shifted',
      { outcome: 'traffic-shifted' },
      'success',
      'prod/web: all traffic on web:2 (d-ABCDEFGH1); blue is kept until the termination wait ends'
    ],
    [
      'ready (approval gate)',
      { outcome: 'ready' },
      'in_progress',
      'prod/web: web:2 is up with test traffic (d-ABCDEFGH1); production traffic waits for mode continue'
    ],
    ['started (wait-for none)', { outcome: 'started' }, 'in_progress', 'prod/web: deployment (d-ABCDEFGH1) started, not followed (wait-for: none)']
  ] as const)('%s -> %s', async (_name, r, state, description) => {
    const t = tracker(inputs())
    await t.d!.start()
    await t.d!.finish(result(r as Partial<ReleaseResult>))
    expect(statuses().map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Release web:1.5.0 to prod/web'],
      [state, description]
    ])
  })

  it('a step that throws before a result: failure with its message, clipped to GitHub’s 140 characters', async () => {
    const t = tracker(inputs())
    await t.d!.start()
    await t.d!.finish(undefined, `Input 'task-definition': container 'app' has no port 8080. ${'x'.repeat(200)}`)
    const last = statuses().pop()!
    expect(last.state).toBe('failure')
    expect(last.description).toHaveLength(140)
    expect(last.description).toMatch(/^Input 'task-definition': container 'app' has no port 8080\. x+…$/)
  })

  it('mode rollback records its own deployment with the rollback target in the payload', async () => {
    const t = tracker(inputs({ mode: 'rollback', image: '', 'rollback-to': 'web:1' }))
    await t.d!.start()
    await t.d!.finish(result({ taskDefinitionArn: TD(1), previousTaskDefinitionArn: TD(2) }))
    expect(gh.calls[0]!.body).toMatchObject({
      description: 'Roll back prod/web to web:1',
      payload: { tool: TOOL, cluster: 'prod', service: 'web', mode: 'rollback', 'rollback-to': 'web:1' }
    })
    expect((gh.calls[0]!.body!.payload as Record<string, unknown>).image).toBeUndefined()
    expect(statuses().map((s) => s.state)).toEqual(['in_progress', 'success'])
  })
})

describe('a release that spans jobs (approval gate)', () => {
  it('mode continue finds the in-progress deployment of this service and finishes it; mode stop marks it inactive', async () => {
    const first = tracker(inputs({ 'wait-for': 'ready' }))
    await first.d!.start()
    await first.d!.finish(result({ outcome: 'ready' }))
    // Another service's deployment in the same environment is left alone.
    const other = tracker(inputs({ service: 'api' }))
    await other.d!.start()

    const cont = tracker(inputs({ mode: 'continue', image: '', 'deployment-id': 'd-ABCDEFGH1' }))
    await cont.d!.start()
    expect(cont.d!.deploymentId).toBe(first.d!.deploymentId)
    expect(gh.calls.filter((c) => c.method === 'GET').map((c) => `${c.path}?${new URLSearchParams(c.query)}`)).toEqual([
      '/repos/org/web/deployments?environment=prod&per_page=10',
      `/repos/org/web/deployments/${other.d!.deploymentId}/statuses?per_page=1`,
      `/repos/org/web/deployments/${first.d!.deploymentId}/statuses?per_page=1`
    ])
    await cont.d!.finish(result({}))
    expect(gh.deployments.find((d) => d.id === first.d!.deploymentId)!.statuses.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'success'])
    expect(cont.info[0]).toBe(`GitHub deployment ${first.d!.deploymentId} (environment prod) continues`)

    // Nothing is in progress for web any more: mode stop finds none and says so once.
    const stop = tracker(inputs({ mode: 'stop', image: '' }))
    await stop.d!.start()
    await stop.d!.finish(result({ outcome: 'stopped' }))
    expect(stop.info).toEqual(['GitHub: no deployment of prod/web in progress in environment prod; none updated.'])

    // api's is: stop marks it inactive.
    const stopApi = tracker(inputs({ mode: 'stop', image: '', service: 'api' }))
    await stopApi.d!.start()
    await stopApi.d!.finish(result({ service: 'api', outcome: 'rolled-back', cause: 'Deployment stopped: MANUAL_STOP' }))
    const api = gh.deployments.find((d) => d.id === other.d!.deploymentId)!
    expect(api.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Release web:1.5.0 to prod/api'],
      ['inactive', 'Stopped by mode stop (d-ABCDEFGH1): Deployment stopped: MANUAL_STOP']
    ])
  })
})

describe('GitHub API errors never touch the release', () => {
  it('403 (no deployments: write): one warning with the fix, then no more calls', async () => {
    gh.fault({ status: 403, message: 'Resource not accessible by integration' })
    const t = tracker(inputs())
    await t.d!.start()
    await t.d!.finish(result({}))
    expect(gh.calls).toHaveLength(1)
    expect(t.warnings).toEqual([
      "GitHub deployment not recorded (create deployment): 403 Resource not accessible by integration. Give the job 'permissions: deployments: write' and pass github-token: ${{ github.token }}. The release itself is not affected."
    ])
    expect(t.state['github-deployment-id']).toBeUndefined()
  })

  it('a 500 on the final status: one warning, and the deployment keeps its in_progress', async () => {
    const t = tracker(inputs())
    await t.d!.start()
    gh.fault({ status: 500, message: 'Server Error', match: /statuses$/ })
    await t.d!.finish(result({}))
    expect(t.warnings).toEqual(['GitHub deployment not recorded (set status success): 500 Server Error. The release itself is not affected.'])
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress'])
  })

  it('a bad token: 401, one warning', async () => {
    const t = tracker(inputs({ 'github-token': 'ghs_wrong' }))
    await t.d!.start()
    expect(t.warnings[0]).toMatch(/^GitHub deployment not recorded \(create deployment\): 401 Bad credentials\. Give the job/)
  })

  it('an API that does not answer: a warning once the connection fails', async () => {
    const t = tracker(inputs(), env({ GITHUB_API_URL: 'http://127.0.0.1:9' }))
    await t.d!.start()
    expect(t.warnings).toHaveLength(1)
    expect(t.warnings[0]).toMatch(/^GitHub deployment not recorded \(create deployment\): /)
  })
})

describe('the post step', () => {
  it('settles a deployment the main step left in progress as failure', async () => {
    const t = tracker(inputs())
    await t.d!.start()
    const post = tracker(inputs())
    await post.d!.settleAfterKill(Number(t.state['github-deployment-id']))
    expect(statuses().map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Release web:1.5.0 to prod/web'],
      ['failure', 'The step ended before the release did (cancelled or timed out); see the run log']
    ])
  })
})

describe('helpers', () => {
  it('logUrl: the run, with its attempt after the first; none outside a run', () => {
    expect(logUrl(env())).toBe('https://github.com/org/web/actions/runs/1234567890')
    expect(logUrl(env({ GITHUB_RUN_ATTEMPT: '2', GITHUB_SERVER_URL: 'https://ghe.example.com' }))).toBe(
      'https://ghe.example.com/org/web/actions/runs/1234567890/attempts/2'
    )
    expect(logUrl({})).toBeUndefined()
  })

  it('finalStatus: mode stop leaves a release it did not stop as it is', () => {
    expect(finalStatus('stop', result({ outcome: 'succeeded' }), undefined)).toBeUndefined()
    expect(finalStatus('rollback', result({ outcome: 'rolled-back' }), undefined)?.state).toBe('success')
  })

  it('environment-url must be an http(s) URL', () => {
    expect(() => inputs({ 'environment-url': 'web.example.com' })).toThrow("Input 'environment-url': 'web.example.com' is not an http(s) URL")
    expect(inputs({ 'environment-url': 'http://127.0.0.1:8080/' }).environmentUrl).toBe('http://127.0.0.1:8080/')
  })
})
