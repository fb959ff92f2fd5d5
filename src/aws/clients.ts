import type { ECSClient } from '@aws-sdk/client-ecs'
import type { DeserializeMiddleware, InitializeMiddleware, MetadataBearer } from '@smithy/types'
import type { AwsDates, CallCounts, Clients } from '../core/context.js'
import { ActionError } from '../core/errors.js'

export type { Clients } from '../core/context.js'

/** How many API calls a release made, by operation: printed at the end and read by the bench. */
export class CallCounter implements CallCounts {
  readonly byOperation = new Map<string, number>()
  retries = 0
  get total(): number {
    let n = 0
    for (const v of this.byOperation.values()) n += v
    return n
  }
  count(command: string, attempts = 1): void {
    const operation = command.replace(/Command$/, '')
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + attempts)
    this.retries += attempts - 1
  }
}

export interface ClientOptions {
  region: string
  maxAttempts?: number | undefined
}

/** Resolves the region as the SDK would, but fails early with the fix instead of at the first call. */
export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const region = input || env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (!region) {
    throw new ActionError(
      "Input 'aws-region': no AWS region is set. Give 'aws-region', or run aws-actions/configure-aws-credentials first (it sets AWS_REGION).",
      'aws-region'
    )
  }
  return region
}

/** The SDK clients by name, as Clients holds them. */
export type SdkClients = Omit<Clients, 'calls' | 'dates'>
type ClientName = keyof SdkClients
/** What every client is made with. */
export interface ClientConfig {
  region: string
  retryMode: 'adaptive'
  maxAttempts: number
  customUserAgent: string
}
type Maker<K extends ClientName> = (config: ClientConfig) => SdkClients[K]
const makers: { [K in ClientName]?: Maker<K> } = {}

/**
 * Each src/aws/<service>.ts names how its client is made as it loads. createClients() imports no
 * SDK package itself: a client's package loads with the code that sends its commands (the chosen
 * way's chunk, the look after a failure), and the client is made when it is first used.
 */
export function provideClient<K extends ClientName>(name: K, make: Maker<K>): void {
  ;(makers as Record<K, Maker<K>>)[name] = make
}

interface CountableStack {
  add(middleware: InitializeMiddleware<object, MetadataBearer>, options: { step: 'initialize'; name: string }): void
  add(middleware: DeserializeMiddleware<object, MetadataBearer>, options: { step: 'deserialize'; name: string }): void
}

/** Each answer's Date header, handed to whoever listens (a watch's clock). */
class DateFeed implements AwsDates {
  private readonly listeners = new Set<(date: number, sentAt: number, receivedAt: number) => void>()
  listen(f: (date: number, sentAt: number, receivedAt: number) => void): () => void {
    this.listeners.add(f)
    return () => this.listeners.delete(f)
  }
  /** Wraps each attempt's send: the deserialize step sees the raw answer. */
  readonly middleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const sentAt = Date.now()
    const out = await next(args)
    const header = (out.response as { headers?: Record<string, string | undefined> } | undefined)?.headers?.date
    const date = header ? Date.parse(header) : NaN
    if (Number.isFinite(date)) for (const f of this.listeners) f(date, sentAt, Date.now())
    return out
  }
}

const CLIENT_NAMES: readonly ClientName[] = ['ecs', 'codedeploy', 'codedeployOnce', 'elbv2', 'cloudwatch', 'logs', 'ecr']

export function createClients(opts: ClientOptions): Clients {
  const calls = new CallCounter()
  // Adaptive retry: the SDK's own client-side rate limiter backs off when AWS throttles, which
  // matters when a matrix of services deploys from one account at once.
  const config: ClientConfig = { region: opts.region, retryMode: 'adaptive', maxAttempts: opts.maxAttempts ?? 6, customUserAgent: 'ecs-bluegreen-action' }
  // Counts every call and its attempts, and sends a throttled read again (below).
  const countedAndPatient: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const command = context.commandName ?? '?'
    const started = Date.now()
    for (let round = 1; ; round++) {
      try {
        const out = await next(args)
        calls.count(command, attemptsOf(out.output))
        return out
      } catch (err) {
        calls.count(command, attemptsOf(err))
        // A throttled request was refused before AWS acted on it; a read is sent again until the
        // account's other releases leave room (the SDK's own retries last seconds, a queue of
        // them at an account's rate minutes).
        if (!READ.test(command) || !throttling(err) || Date.now() - started >= THROTTLED_READ_PATIENCE_MS) throw err
        await new Promise((r) => setTimeout(r, throttleBackoffMs(round)))
      }
    }
  }
  const dates = new DateFeed()
  const made: Partial<SdkClients> = {}
  const make = <K extends ClientName>(name: K): SdkClients[K] => {
    const maker = makers[name] as Maker<K> | undefined
    if (!maker) throw new Error(`No ${name} client: the module of src/aws/ that sends its commands has not been loaded.`)
    const client = maker(config)
    // Every SDK client's stack takes an initialize-step middleware; the union of their types does not say so.
    const stack = client.middlewareStack as CountableStack
    stack.add(countedAndPatient, { step: 'initialize', name: 'ecsBluegreenCallCounter' })
    stack.add(dates.middleware, { step: 'deserialize', name: 'ecsBluegreenAwsDates' })
    return client
  }
  const clients = { calls, dates } as unknown as Clients
  for (const name of CLIENT_NAMES) {
    Object.defineProperty(clients, name, { enumerable: true, get: () => (made[name] ??= make(name) as never) })
  }
  return clients
}

/** Reads: sent again under throttling, for up to THROTTLED_READ_PATIENCE_MS. */
const READ = /^(Describe|Get|List|BatchGet)\w*Command$/
/** How long a read is sent again while AWS throttles it, before the release fails on it. */
export const THROTTLED_READ_PATIENCE_MS = 4 * 60_000

/** Full jitter, doubling from 1 s to 10 s: the releases throttled together spread out. */
export function throttleBackoffMs(round: number): number {
  return Math.min(10_000, 500 * 2 ** round) * (0.5 + Math.random() / 2)
}

/** AWS's throttling errors, by name or as the SDK marks them. */
export function throttling(err: unknown): boolean {
  const e = err as { name?: string | undefined; $retryable?: { throttling?: boolean | undefined } | undefined }
  return !!e.$retryable?.throttling || /^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded)$/.test(e.name ?? '')
}

function attemptsOf(x: unknown): number {
  const attempts = (x as { $metadata?: { attempts?: number | undefined } | undefined } | undefined)?.$metadata?.attempts
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1
}

/** Fails early, with what to do, when the SDK's credential chain finds nothing. */
export async function checkCredentials(client: ECSClient): Promise<void> {
  try {
    await client.config.credentials()
  } catch (err) {
    throw new ActionError(
      `No AWS credentials were found (${(err as Error).message}). Run aws-actions/configure-aws-credentials before this step (OIDC role: see docs/iam-policy.json), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      'credentials'
    )
  }
}
