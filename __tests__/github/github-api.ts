/**
 * A loopback stand-in for the part of the GitHub REST API the action calls (the emulator's
 * pattern: a plain node:http server on 127.0.0.1, every call recorded, faults on demand).
 *
 *   POST /repos/{owner}/{repo}/deployments                      -> 201 deployment
 *   GET  /repos/{owner}/{repo}/deployments?environment=&per_page= -> newest first
 *   POST /repos/{owner}/{repo}/deployments/{id}/statuses         -> 201 status
 *   GET  /repos/{owner}/{repo}/deployments/{id}/statuses         -> newest first
 *   GET  /repos/{owner}/{repo}/issues/{number}/comments          -> oldest first
 *   POST /repos/{owner}/{repo}/issues/{number}/comments          -> 201 comment
 *   PATCH /repos/{owner}/{repo}/issues/comments/{id}             -> 200 comment
 *
 * Anything else answers 404 as GitHub does. Point @actions/github at it with GITHUB_API_URL.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ApiCall {
  method: string
  path: string
  query: Record<string, string>
  body: Record<string, unknown> | undefined
  authorization?: string | undefined
  userAgent?: string | undefined
  status: number
}

export interface StoredDeployment {
  id: number
  owner: string
  repo: string
  ref: string
  task: string
  environment: string
  description: string | null
  payload: unknown
  created_at: string
  statuses: StoredStatus[]
}

export interface StoredStatus {
  id: number
  state: string
  description: string
  environment_url: string
  log_url: string
  created_at: string
}

export interface StoredComment {
  id: number
  owner: string
  repo: string
  issue: number
  body: string
  updated: number
}

export interface Fault {
  status: number
  message: string
  /** Only calls whose "METHOD path" matches. */
  match?: RegExp | undefined
  /** How many calls it answers (default: all). */
  count?: number | undefined
}

export interface GitHubStandIn {
  url: string
  calls: ApiCall[]
  deployments: StoredDeployment[]
  /** Pull request (issue) comments, in the order they were created. */
  comments: StoredComment[]
  /** The token it accepts (default 'ghs_test'); any other gets 401 Bad credentials. */
  token: string
  fault(f: Fault | undefined): void
  reset(): void
  close(): Promise<void>
}

const STATES = new Set(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'])

export async function startGitHubStandIn(token = 'ghs_test'): Promise<GitHubStandIn> {
  // Deployment ids start at 1000 after each reset, status ids at 5000: tests can name them.
  let nextId = 1000
  let nextStatusId = 5000
  let fault: Fault | undefined
  const calls: ApiCall[] = []
  const deployments: StoredDeployment[] = []
  const comments: StoredComment[] = []
  let nextCommentId = 9000

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const text = Buffer.concat(chunks).toString('utf8')
      let body: Record<string, unknown> | undefined
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
      } catch {
        body = { __unparsed: text }
      }
      const call: ApiCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        authorization: req.headers.authorization,
        userAgent: req.headers['user-agent'],
        status: 0
      }
      calls.push(call)
      const send = (status: number, value: unknown): void => {
        call.status = status
        const out = JSON.stringify(value)
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(out),
          'x-github-request-id': `STANDIN:${calls.length}`
        })
        res.end(out)
      }
      const error = (status: number, message: string): void =>
        send(status, { message, documentation_url: 'https://docs.github.com/rest', status: String(status) })

      if (fault && (!fault.match || fault.match.test(`${call.method} ${call.path}`)) && (fault.count === undefined || fault.count > 0)) {
        if (fault.count !== undefined) fault.count--
        return error(fault.status, fault.message)
      }
      const auth = /^(?:token|Bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
      if (auth !== token) return error(401, 'Bad credentials')

      const ci = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(?:(\d+)\/comments|comments\/(\d+))$/.exec(url.pathname)
      if (ci) {
        const [, owner, repo, issue, commentId] = ci
        const view = (c: StoredComment): Record<string, unknown> => ({ id: c.id, body: c.body, user: { login: 'github-actions[bot]' } })
        if (issue && call.method === 'GET')
          return send(200, comments.filter((c) => c.owner === owner && c.repo === repo && c.issue === Number(issue)).map(view))
        if (typeof body?.body !== 'string' || !body.body) return error(422, 'Invalid request. "body" wasn\'t supplied.')
        if (issue && call.method === 'POST') {
          const c: StoredComment = { id: nextCommentId++, owner: owner!, repo: repo!, issue: Number(issue), body: body.body, updated: 0 }
          comments.push(c)
          return send(201, view(c))
        }
        const c = comments.find((x) => x.id === Number(commentId) && x.owner === owner && x.repo === repo)
        if (!c || call.method !== 'PATCH') return error(404, 'Not Found')
        c.body = body.body
        c.updated++
        return send(200, view(c))
      }
      const m = /^\/repos\/([^/]+)\/([^/]+)\/deployments(?:\/(\d+)(\/statuses)?)?$/.exec(url.pathname)
      if (!m) return error(404, 'Not Found')
      const [, owner, repo, idText, statuses] = m
      const host = `http://${req.headers.host}`
      const view = (d: StoredDeployment): Record<string, unknown> => {
        const { statuses: _s, owner: _o, repo: _r, ...rest } = d
        return { ...rest, url: `${host}/repos/${owner}/${repo}/deployments/${d.id}`, sha: d.ref, production_environment: false, transient_environment: false }
      }

      if (!idText && call.method === 'POST') {
        if (typeof body?.ref !== 'string' || !body.ref) return error(422, 'Invalid request. "ref" wasn\'t supplied.')
        if (body.auto_merge !== false || !Array.isArray(body.required_contexts)) {
          // What GitHub does when other checks of the commit are still pending (as this run's are).
          return error(409, 'Conflict: Commit status checks failed for ' + body.ref)
        }
        const d: StoredDeployment = {
          id: nextId++,
          owner: owner!,
          repo: repo!,
          ref: body.ref,
          task: typeof body.task === 'string' ? body.task : 'deploy',
          environment: typeof body.environment === 'string' ? body.environment : 'production',
          description: typeof body.description === 'string' ? body.description : null,
          payload: body.payload ?? {},
          created_at: new Date().toISOString(),
          statuses: []
        }
        deployments.push(d)
        return send(201, view(d))
      }
      if (!idText && call.method === 'GET') {
        const env = url.searchParams.get('environment')
        const perPage = Number(url.searchParams.get('per_page') ?? 30)
        const list = deployments.filter((d) => d.owner === owner && d.repo === repo && (!env || d.environment === env)).reverse()
        return send(200, list.slice(0, perPage).map(view))
      }
      const d = deployments.find((x) => x.id === Number(idText) && x.owner === owner && x.repo === repo)
      if (!d) return error(404, 'Not Found')
      if (statuses && call.method === 'POST') {
        const state = String(body?.state ?? '')
        if (!STATES.has(state))
          return error(422, `Invalid request. ${state} is not a member of [error, failure, inactive, in_progress, queued, pending, success].`)
        if (typeof body?.description === 'string' && body.description.length > 140)
          return error(422, 'Validation Failed: description is too long (maximum is 140 characters)')
        const s: StoredStatus = {
          id: nextStatusId++,
          state,
          description: typeof body?.description === 'string' ? body.description : '',
          environment_url: typeof body?.environment_url === 'string' ? body.environment_url : '',
          log_url: typeof body?.log_url === 'string' ? body.log_url : '',
          created_at: new Date().toISOString()
        }
        d.statuses.push(s)
        return send(201, { ...s, deployment_url: `${host}/repos/${owner}/${repo}/deployments/${d.id}` })
      }
      if (statuses && call.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30)
        return send(200, [...d.statuses].reverse().slice(0, perPage))
      }
      if (!statuses && call.method === 'GET') return send(200, view(d))
      return error(404, 'Not Found')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    deployments,
    comments,
    token,
    fault: (f) => {
      fault = f
    },
    reset: () => {
      nextId = 1000
      nextStatusId = 5000
      calls.length = 0
      deployments.length = 0
      comments.length = 0
      nextCommentId = 9000
      fault = undefined
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
