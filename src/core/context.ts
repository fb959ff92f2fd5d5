/**
 * What every mode handler is handed: the inputs (common and the way's own), the AWS edge, the
 * report, the job's cancel signal and the main/post state. Built once, after the way is chosen.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ECSClient, RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { Analysis } from './analysis.js'
import { ActionError } from './errors.js'
import type { EndEvent, WayEvent } from './events.js'
import type { Inputs } from './inputs.js'
import type { StateStore } from './state.js'
import type { WayName } from './way.js'

/** How many API calls a release made, by operation: printed at the end and read by the bench. */
export interface CallCounts {
  readonly byOperation: ReadonlyMap<string, number>
  readonly retries: number
  readonly total: number
}

/**
 * AWS's own clock as every answer's Date header gives it, to the second (src/aws/clients.ts): a
 * watch places the times AWS has scheduled on ours with it (src/kit/policy.ts).
 */
export interface AwsDates {
  /** Calls back with each answer's Date (epoch ms) and when its request went out and its answer came (local epoch ms); returns the unsubscribe. */
  listen(f: (date: number, sentAt: number, receivedAt: number) => void): () => void
}

/** The SDK clients (src/aws/clients.ts makes them); only src/aws/ sends commands through them. */
export interface Clients {
  ecs: ECSClient
  codedeploy: CodeDeployClient
  /**
   * CodeDeploy without automatic retries, for CreateDeployment only: if its response is lost, a
   * blind retry would start a second deployment; the CodeDeploy way looks for the first one instead.
   */
  codedeployOnce: CodeDeployClient
  /** The alb-weighted way's listener, rule and target health calls, and its alarms. */
  elbv2: ElasticLoadBalancingV2Client
  cloudwatch: CloudWatchClient
  /** A failed release's container log (src/kit/forensics.ts). */
  logs: CloudWatchLogsClient
  /** mode plan's look at the images a task definition names (src/kit/plan.ts). */
  ecr: ECRClient
  calls: CallCounts
  dates?: AwsDates | undefined
}

/** The release's log: lines as they are, and the way's events in time (src/report/log.ts). */
export interface Log<E extends WayEvent = WayEvent> {
  line(text: string): void
  event(e: E | EndEvent): void
  /** Starts the time column: at AWS's creation time of the release, or now. */
  start(createTime?: Date, localNow?: number): void
  /** Ms from the start of the time column to `at` (AWS's time), or to now. */
  offset(at?: Date, localNow?: number): number
  /**
   * Ms from the start of the time column to now. `aws`, AWS's time now, places it on a column that
   * runs on AWS's clock (started at a deployment's creation time); a column started locally ignores it.
   */
  now(aws?: number): number
}

/** How often to look: quick after a change, backing off while nothing changes (src/kit/policy.ts). */
export interface PollPolicy {
  /** Gap after a change; the busy backoff starts here. */
  minMs: number
  /** Longest gap between two looks. */
  maxMs: number
  factor: number
}

/** The way chosen for the service, and why: the log's first line. */
export interface Chosen {
  way: WayName
  /** One sentence: why this way. */
  why: string
  /** deploymentConfiguration.strategy of an ECS-controller service (BLUE_GREEN, LINEAR, CANARY, ROLLING). */
  ecsStrategy?: string | undefined
  /** The service as DescribeServices returned it when the way was chosen (every way but alb-weighted). */
  service?: Service | undefined
}

export type RegisterInput = RegisterTaskDefinitionCommandInput

export interface Context<Own = unknown, E extends WayEvent = WayEvent> {
  /** The inputs every way reads. */
  inputs: Inputs
  /** The chosen way's own inputs (src/ways/<way>/inputs.ts). */
  own: Own
  chosen: Chosen
  /** The 'task-definition' file, read and checked before any AWS call. */
  taskDefinitionFile?: RegisterInput | undefined
  clients: Clients
  region: string
  log: Log<E>
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal
  warn: (message: string) => void
  /** Only in the debug log (ACTIONS_STEP_DEBUG). */
  debug: (text: string) => void
  /** Masks a secret value in everything the job prints from now on. */
  mask: (value: string) => void
  policy: PollPolicy
  env: NodeJS.ProcessEnv
  /** Epoch ms when the step started: wait-for-minutes counts from here. */
  startedAt: number
  state: StateStore
  /** Tells the post step that the release in flight was dealt with. */
  settled: () => void
  /** The canary analysis ('analysis'), in modes deploy and continue: each watch of traffic on both sides asks it. */
  analysis?: Analysis | undefined
}

export const deadlineOf = (ctx: Pick<Context, 'startedAt' | 'inputs'>): number => ctx.startedAt + ctx.inputs.waitForMinutes * 60_000

/** Refuses to change anything in AWS once the runner has cancelled the job. */
export function checkNotCancelled(ctx: Pick<Context, 'signal'>): void {
  if (ctx.signal.aborted) throw new ActionError('The job was cancelled before anything in AWS was changed; nothing was deployed.', 'cancelled')
}

/** The service read when the way was chosen: every way but alb-weighted has it. */
export function chosenService(ctx: Pick<Context, 'chosen' | 'inputs'>): Service {
  const s = ctx.chosen.service
  if (!s) throw new Error(`The ${ctx.chosen.way} way was chosen without reading service '${ctx.inputs.service}'.`)
  return s
}
