import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types'
import type { CallCounts, Clients } from '../core/context.js'
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

export function createClients(opts: ClientOptions): Clients {
  const calls = new CallCounter()
  // Adaptive retry: the SDK's own client-side rate limiter backs off when AWS throttles, which
  // matters when a matrix of services deploys from one account at once.
  const common = { region: opts.region, retryMode: 'adaptive' as const, maxAttempts: opts.maxAttempts ?? 6, customUserAgent: 'ecs-bluegreen-action' }
  const clients: Clients = {
    ecs: new ECSClient(common),
    codedeploy: new CodeDeployClient(common),
    codedeployOnce: new CodeDeployClient({ ...common, maxAttempts: 1 }),
    elbv2: new ElasticLoadBalancingV2Client(common),
    cloudwatch: new CloudWatchClient(common),
    logs: new CloudWatchLogsClient(common),
    calls
  }
  const counter: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    try {
      const out = await next(args)
      calls.count(context.commandName ?? '?', attemptsOf(out.output))
      return out
    } catch (err) {
      calls.count(context.commandName ?? '?', attemptsOf(err))
      throw err
    }
  }
  const at = { step: 'initialize', name: 'ecsBluegreenCallCounter' } as const
  clients.ecs.middlewareStack.add(counter, at)
  clients.codedeploy.middlewareStack.add(counter, at)
  clients.codedeployOnce.middlewareStack.add(counter, at)
  clients.elbv2.middlewareStack.add(counter, at)
  clients.cloudwatch.middlewareStack.add(counter, at)
  clients.logs.middlewareStack.add(counter, at)
  return clients
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
