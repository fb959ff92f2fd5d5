/** mode plan's pull request comment (src/github/pr-comment.ts), through Octokit against the GitHub stand-in. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { commentPlan, pullRequestNumber } from '../../src/github/pr-comment.js'
import { planMarker } from '../../src/kit/plan.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-api.js'

let gh: GitHubStandIn
beforeAll(async () => {
  gh = await startGitHubStandIn()
})
afterAll(() => gh.close())
beforeEach(() => gh.reset())

const eventFile = (payload: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'plan-event-')), 'event.json')
  writeFileSync(path, JSON.stringify(payload))
  return path
}

function run(body: string, o: { service?: string; event?: string; token?: string } = {}) {
  const warnings: string[] = []
  const infos: string[] = []
  const env = {
    GITHUB_EVENT_NAME: o.event ?? 'pull_request',
    GITHUB_EVENT_PATH: eventFile({ number: 7, pull_request: { number: 7 } }),
    GITHUB_REPOSITORY: 'org/web',
    GITHUB_API_URL: gh.url
  }
  const marker = planMarker('prod', o.service ?? 'web')
  return {
    done: commentPlan({
      token: o.token ?? gh.token,
      env,
      body: `${marker}\n${body}`,
      marker,
      info: (m) => void infos.push(m),
      warn: (m) => void warnings.push(m)
    }),
    warnings,
    infos
  }
}

describe('the plan comment', () => {
  it('is created once on the pull request, then updated in place by later runs', async () => {
    const first = run('plan 1')
    expect(await first.done).toBe('created')
    expect(first.infos).toEqual(['Plan commented on pull request #7'])
    const second = run('plan 2')
    expect(await second.done).toBe('updated')
    expect(second.infos).toEqual(['Plan comment updated on pull request #7'])
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0]).toMatchObject({ issue: 7, updated: 1, body: `${planMarker('prod', 'web')}\nplan 2` })
  })

  it('is one per service: another service of the same pull request gets its own', async () => {
    await run('web').done
    await run('api', { service: 'api' }).done
    expect(gh.comments.map((c) => c.body.split('\n')[1])).toEqual(['web', 'api'])
  })

  it('is not made outside a pull_request event, nor without a token', async () => {
    expect(await run('x', { event: 'push' }).done).toBeUndefined()
    expect(pullRequestNumber({ GITHUB_EVENT_NAME: 'pull_request' })).toBeUndefined()
    expect(await commentPlan({ token: undefined, env: {}, body: 'x', marker: 'm', info: () => undefined, warn: () => undefined })).toBeUndefined()
    expect(gh.calls).toHaveLength(0)
  })

  it('a GitHub error is one warning naming the permission, not a failure', async () => {
    gh.fault({ status: 403, message: 'Resource not accessible by integration' })
    const r = run('x')
    expect(await r.done).toBeUndefined()
    expect(r.warnings).toEqual([
      "The plan was not commented on pull request #7: 403 Resource not accessible by integration. Give the job 'permissions: pull-requests: write'."
    ])
  })
})
