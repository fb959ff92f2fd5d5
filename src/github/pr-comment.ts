/**
 * mode plan on a pull request: one comment with the plan, found again by its hidden marker and
 * updated on later runs, so a pull request shows the latest plan of each service once. Only with
 * github-token on a pull_request event; a GitHub error is one warning, never the plan's failure.
 */
import { readFileSync } from 'node:fs'
import type { Repo } from './deployments.js'

/** The three things the comment asks of the GitHub REST API. */
export interface CommentsApi {
  /** The pull request's comments, oldest first. */
  list(issue: number): Promise<{ id: number; body?: string | undefined }[]>
  create(issue: number, body: string): Promise<number>
  update(id: number, body: string): Promise<void>
}

export type ConnectComments = (token: string, repo: Repo, baseUrl: string) => Promise<CommentsApi>

/** The pull request this run is for: its number from the event payload, on pull_request events only. */
export function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  if (!['pull_request', 'pull_request_target'].includes(env.GITHUB_EVENT_NAME ?? '') || !env.GITHUB_EVENT_PATH) return undefined
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: unknown }; number?: unknown }
    const n = event.pull_request?.number ?? event.number
    return typeof n === 'number' ? n : undefined
  } catch {
    return undefined
  }
}

/** Octokit from @actions/github, loaded only when a plan is commented. */
const octokitConnect: ConnectComments = async (token, repo, baseUrl) => {
  const { octokitComments } = await import('./octokit.js')
  return octokitComments(token, repo, baseUrl)
}

/**
 * Creates the plan's comment, or updates the one a previous run left (the first whose body holds
 * `marker`). Returns what it did, or undefined when it did nothing (no pull request, no token).
 */
export async function commentPlan(o: {
  token: string | undefined
  env: NodeJS.ProcessEnv
  body: string
  marker: string
  info: (m: string) => void
  warn: (m: string) => void
  connect?: ConnectComments | undefined
}): Promise<'created' | 'updated' | undefined> {
  if (!o.token) return undefined
  const pr = pullRequestNumber(o.env)
  const [owner, repo] = (o.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!pr || !owner || !repo) return undefined
  try {
    const api = await (o.connect ?? octokitConnect)(o.token, { owner, repo }, o.env.GITHUB_API_URL || 'https://api.github.com')
    const mine = (await api.list(pr)).find((c) => c.body?.includes(o.marker))
    if (mine) {
      await api.update(mine.id, o.body)
      o.info(`Plan comment updated on pull request #${pr}`)
      return 'updated'
    }
    await api.create(pr, o.body)
    o.info(`Plan commented on pull request #${pr}`)
    return 'created'
  } catch (err) {
    const e = err as { status?: number | undefined; message?: string | undefined }
    const hint = e.status === 403 || e.status === 401 ? " Give the job 'permissions: pull-requests: write'." : ''
    o.warn(
      `The plan was not commented on pull request #${pr}: ${e.status ? `${e.status} ` : ''}${(e.message ?? String(err)).replace(/ - https?:\/\/\S+$/, '')}.${hint}`
    )
    return undefined
  }
}
