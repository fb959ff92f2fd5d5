/**
 * GitHub Deployments: with a `github-token`, a release is recorded as a deployment of `environment`
 * (ref: the commit, payload: the image), with a status as it goes (in_progress, then success,
 * failure or inactive) carrying `environment-url` and the run's log URL, so the repository's
 * Environments page shows what runs where.
 *
 * It never decides a release: without a token it does nothing at all, and the first GitHub API
 * error is one warning, after which the rest is skipped.
 */
import type { Inputs, Mode } from '../core/inputs.js'
import { STATE, type StateStore } from '../core/state.js'
import { duration, revisionName } from '../report/format.js'
import type { ReleaseResult } from '../core/result.js'

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive'

/** Marks the deployments this action creates, so a later job (mode continue/stop) finds its own. */
export const TOOL = 'ecs-bluegreen-action'

export interface DeploymentPayload {
  tool: typeof TOOL
  image?: string | undefined
  cluster: string
  service: string
  mode: Mode
  'rollback-to'?: string | undefined
}

export interface NewDeployment {
  ref: string
  environment: string
  description: string
  payload: DeploymentPayload
}

export interface NewStatus {
  state: DeploymentState
  description: string
  environmentUrl?: string | undefined
  logUrl?: string | undefined
}

export interface RecentDeployment {
  id: number
  payload: unknown
  /** Its latest status (GitHub's word), if it has one. */
  state?: string | undefined
}

export interface Repo {
  owner: string
  repo: string
}

/** The three things the action asks of the GitHub REST API. */
export interface DeploymentsApi {
  create(d: NewDeployment): Promise<number>
  setStatus(id: number, s: NewStatus): Promise<void>
  /** The environment's latest deployments, newest first, each with its latest status. */
  recent(environment: string): Promise<RecentDeployment[]>
}

export type Connect = (token: string, repo: Repo, baseUrl: string) => Promise<DeploymentsApi>

export interface TrackerOptions {
  inputs: Pick<Inputs, 'mode' | 'cluster' | 'service' | 'image' | 'environment' | 'rollbackTo'> & {
    githubToken?: string | undefined
    environmentUrl?: string | undefined
  }
  env: NodeJS.ProcessEnv
  warn: (message: string) => void
  info: (message: string) => void
  /** Where the post step finds the deployment to settle if the main step is killed. */
  state?: Pick<StateStore, 'save'> | undefined
  /** The API client; default: Octokit from @actions/github, loaded only when a token is given. */
  connect?: Connect | undefined
}

/** GitHub caps a status description at 140 characters. */
export function clip(text: string, max = 140): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

/** The run's page: the log a status links to. */
export function logUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined
  const attempt = Number(env.GITHUB_RUN_ATTEMPT)
  return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt > 1 ? `/attempts/${attempt}` : ''}`
}

const short = (image: string | undefined): string | undefined => image?.split('/').pop()

/** The status a release ends with, and its words; undefined leaves the deployment as it is. */
export function finalStatus(mode: Mode, result: ReleaseResult | undefined, error: string | undefined): Pick<NewStatus, 'state' | 'description'> | undefined {
  if (!result) return { state: 'failure', description: clip(error ?? 'The step failed before the release started') }
  const where = `${result.cluster}/${result.service}`
  const rev = revisionName(result.taskDefinitionArn)
  const id = result.deploymentId ? ` (${result.deploymentId})` : ''
  const took = result.durationMs !== undefined ? ` in ${duration(result.durationMs)}` : ''
  const because = result.cause ?? `Release ${result.outcome}`
  if (mode === 'stop') {
    // Mode stop ends someone else's release: it is no longer what runs there.
    return result.outcome === 'stopped' || result.outcome === 'rolled-back'
      ? { state: 'inactive', description: clip(`Stopped by mode stop${id}: ${because}`) }
      : undefined
  }
  switch (result.outcome) {
    case 'unchanged':
      return { state: 'success', description: clip(`${where} runs ${rev}, unchanged: nothing was released`) }
    case 'succeeded':
      return { state: 'success', description: clip(`${where} runs ${rev}${id}${took}`) }
    case 'traffic-shifted':
      return { state: 'success', description: clip(`${where}: all traffic on ${rev}${id}; blue is kept until the termination wait ends`) }
    case 'ready':
      return { state: 'in_progress', description: clip(`${where}: ${rev} is up with test traffic${id}; production traffic waits for mode continue`) }
    case 'started':
      return { state: 'in_progress', description: clip(`${where}: deployment${id} started, not followed (wait-for: none)`) }
    case 'rolled-back':
      // Mode rollback that stopped a release in flight with CodeDeploy's rollback: that was the job.
      if (mode === 'rollback') return { state: 'success', description: clip(`${where} rolled back to ${revisionName(result.previousTaskDefinitionArn)}${id}`) }
      return { state: 'failure', description: clip(`${because}. Rolled back to ${revisionName(result.previousTaskDefinitionArn)}.`) }
    case 'stopped':
      return { state: 'inactive', description: clip(`Stopped${id}: ${because}`) }
    case 'failed':
    case 'timed-out':
      return { state: 'failure', description: clip(because) }
    case 'planned':
      // mode plan records no deployment.
      return undefined
  }
}

function isOurs(payload: unknown, cluster: string, service: string): boolean {
  const p = (typeof payload === 'string' ? safeJson(payload) : payload) as Partial<DeploymentPayload> | undefined
  return p?.tool === TOOL && p.cluster === cluster && p.service === service
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function explain(err: unknown): string {
  const e = err as { status?: number | undefined; message?: string | undefined; name?: string | undefined }
  // Octokit appends " - <documentation_url>" to GitHub's message.
  const text = (e?.message ?? String(err)).replace(/ - https?:\/\/\S+$/, '').replace(/[.\s]+$/, '')
  const hint =
    e?.status === 403 || e?.status === 401
      ? " Give the job 'permissions: deployments: write' and pass github-token: ${{ github.token }}."
      : e?.status === 404
        ? ' Check that the token can see this repository.'
        : ''
  return `${e?.status ? `${e.status} ` : ''}${text}.${hint}`
}

/** Octokit from @actions/github, loaded on first use so a run without a token never pays for it. */
export const octokitConnect: Connect = async (token, repo, baseUrl) => {
  const { octokitDeployments } = await import('./octokit.js')
  return octokitDeployments(token, repo, baseUrl)
}

/**
 * One release's GitHub deployment. `create` returns undefined without a token (quietly) and warns
 * when a token is given but something it needs is missing.
 */
export class GitHubDeployment {
  private api?: DeploymentsApi | undefined
  private id?: number | undefined
  private broken = false

  private constructor(
    private readonly o: TrackerOptions,
    private readonly token: string,
    private readonly environment: string,
    private readonly repo: Repo,
    private readonly ref: string
  ) {}

  static create(o: TrackerOptions): GitHubDeployment | undefined {
    const token = o.inputs.githubToken
    if (!token) return undefined
    const environment = o.inputs.environment
    if (!environment) {
      o.warn(
        "github-token is given but environment is not: no GitHub deployment is recorded. Set 'environment' (e.g. prod) to the environment to record it in."
      )
      return undefined
    }
    const [owner, repo] = (o.env.GITHUB_REPOSITORY ?? '').split('/')
    const ref = o.env.GITHUB_SHA || o.env.GITHUB_REF
    if (!owner || !repo || !ref) {
      o.warn('github-token is given but GITHUB_REPOSITORY or GITHUB_SHA is not set: no GitHub deployment is recorded.')
      return undefined
    }
    return new GitHubDeployment(o, token, environment, { owner, repo }, ref)
  }

  /** The deployment id on GitHub, once created or found. */
  get deploymentId(): number | undefined {
    return this.id
  }

  private async call<T>(what: string, fn: (api: DeploymentsApi) => Promise<T>): Promise<T | undefined> {
    if (this.broken) return undefined
    try {
      this.api ??= await (this.o.connect ?? octokitConnect)(this.token, this.repo, this.o.env.GITHUB_API_URL || 'https://api.github.com')
      return await fn(this.api)
    } catch (err) {
      this.broken = true
      this.o.warn(`GitHub deployment not recorded (${what}): ${explain(err)} The release itself is not affected.`)
      return undefined
    }
  }

  private status(state: DeploymentState, description: string): NewStatus {
    const s: NewStatus = { state, description: clip(description) }
    if (this.o.inputs.environmentUrl) s.environmentUrl = this.o.inputs.environmentUrl
    const log = logUrl(this.o.env)
    if (log) s.logUrl = log
    return s
  }

  /**
   * deploy and rollback create a deployment and mark it in_progress; continue and stop take over
   * the environment's deployment of this service that is still in progress, if there is one.
   */
  async start(): Promise<void> {
    const { inputs } = this.o
    if (inputs.mode === 'continue' || inputs.mode === 'stop') {
      const recent = await this.call('list deployments', (api) => api.recent(this.environment))
      const open = recent?.find((d) => isOurs(d.payload, inputs.cluster, inputs.service) && ['in_progress', 'queued', 'pending'].includes(d.state ?? ''))
      if (!open) {
        if (recent) this.o.info(`GitHub: no deployment of ${inputs.cluster}/${inputs.service} in progress in environment ${this.environment}; none updated.`)
        return
      }
      this.id = open.id
      this.o.info(`GitHub deployment ${this.id} (environment ${this.environment}) continues`)
      this.o.state?.save(STATE.githubDeployment, String(this.id))
      return
    }
    const payload: DeploymentPayload = { tool: TOOL, cluster: inputs.cluster, service: inputs.service, mode: inputs.mode }
    if (inputs.image) payload.image = inputs.image
    if (inputs.mode === 'rollback') payload['rollback-to'] = inputs.rollbackTo
    const what =
      inputs.mode === 'rollback'
        ? `Roll back ${inputs.cluster}/${inputs.service} to ${inputs.rollbackTo}`
        : `Release ${short(inputs.image) ?? 'the task definition'} to ${inputs.cluster}/${inputs.service}`
    const id = await this.call('create deployment', (api) => api.create({ ref: this.ref, environment: this.environment, description: clip(what), payload }))
    if (id === undefined) return
    this.id = id
    this.o.state?.save(STATE.githubDeployment, String(id))
    await this.call('set status in_progress', (api) => api.setStatus(id, this.status('in_progress', what)))
    if (!this.broken) this.o.info(`GitHub deployment ${id} (environment ${this.environment}): in_progress`)
  }

  /** Sets the status the release ended with. `error` is the message of a step that threw. */
  async finish(result: ReleaseResult | undefined, error?: string): Promise<void> {
    const id = this.id
    if (id === undefined) return
    const s = finalStatus(this.o.inputs.mode, result, error)
    if (s) {
      await this.call(`set status ${s.state}`, (api) => api.setStatus(id, this.status(s.state, s.description)))
      if (!this.broken) this.o.info(`GitHub deployment ${id} (environment ${this.environment}): ${s.state}`)
    }
    this.o.state?.save(STATE.githubSettled, 'true')
  }

  /** The post step: the main step was killed before it set a final status. */
  async settleAfterKill(id: number): Promise<void> {
    this.id = id
    await this.call('set status failure', (api) =>
      api.setStatus(id, this.status('failure', 'The step ended before the release did (cancelled or timed out); see the run log'))
    )
  }
}
