/**
 * What the containers of an emulated task do that ECS reports or CloudWatch Logs keeps: the lines a
 * Node app writes (start-up, a crash, running out of memory, failing health checks, being stopped),
 * and, under the greenTasksFail fault, how a task of the new deployment fails: AWS's own texts,
 * stop code, exit code, and when (see FailureCause).
 */
import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import type { FailureCause, GreenTasksFailFault } from './faults.js'
import { ACCOUNT_ID } from './ids.js'

/** A line at `offset` virtual ms after the container started. */
export type Line = [offset: number, message: string]

/** What the app's lines name: from the image (repository as the package, tag as the version) and the container. */
export interface App {
  name: string
  version: string
  port: number
  memoryMiB: number
}

export interface ImageRef {
  /** Registry host, docker.io for Docker Hub. */
  registry: string
  repository: string
  tag: string
}

export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@')
  const ref = at >= 0 ? image.slice(0, at) : image
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  const tag = at >= 0 ? image.slice(at + 1) : colon > slash ? ref.slice(colon + 1) : 'latest'
  const path = colon > slash ? ref.slice(0, colon) : ref
  const first = path.split('/')[0]!
  const hosted = path.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')
  return { registry: hosted ? first : 'docker.io', repository: hosted ? path.slice(first.length + 1) : path, tag }
}

export function appOf(c: ContainerDefinition, td: TaskDefinition | undefined): App {
  const img = parseImage(c.image ?? 'app')
  return {
    name: img.repository.split('/').pop() || c.name || 'app',
    version: img.tag.startsWith('sha256:') ? img.tag.slice(7, 19) : img.tag,
    port: c.portMappings?.[0]?.containerPort ?? 8080,
    memoryMiB: c.memory ?? Number(td?.memory ?? 512)
  }
}

const NODE = 'v20.18.1'
const DB = '10.0.3.12:5432'
const npmTail = (extra: string[]): string[] => ['npm error path /app', 'npm error command failed', ...extra, 'npm error command sh -c node dist/server.js']

/** `npm start` of a Node service up to the point it serves (ready at about 420 ms). */
export function startLines(app: App): Line[] {
  return [
    [0, `> ${app.name}@${app.version} start`],
    [2, '> node dist/server.js'],
    [150, `${app.name} ${app.version} starting (node ${NODE}, NODE_ENV=production)`],
    [210, `connecting to postgres at ${DB}`],
    [380, 'connected to postgres (pool size 10)'],
    [420, `listening on :${app.port}`]
  ]
}

/** The app dies at start-up on an unhandled rejection, and npm reports the exit (all within 760 ms). */
export function crashLines(app: App, exitCode: number): Line[] {
  const [host, port] = DB.split(':')
  const trace = [
    'node:internal/process/promises:394',
    '    triggerUncaughtException(err, true /* fromPromise */);',
    '    ^',
    `Error: connect ECONNREFUSED ${DB}`,
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
    '    at async Pool.connect (/app/node_modules/pg-pool/index.js:45:11)',
    '    at async connectDatabase (/app/dist/db.js:14:18)',
    '    at async main (/app/dist/server.js:22:3) {',
    '  errno: -111,',
    "  code: 'ECONNREFUSED',",
    "  syscall: 'connect',",
    `  address: '${host}',`,
    `  port: ${port}`,
    '}',
    `Node.js ${NODE}`
  ]
  return [
    ...startLines(app).slice(0, 4),
    ...trace.map((m, i): Line => [560 + i, m]),
    ...[`npm error code ${exitCode}`, ...npmTail([])].map((m, i): Line => [700 + i, m])
  ]
}

/** The app starts, then its heap fills as it loads a cache (all within 760 ms). */
export function outOfMemoryLines(app: App): Line[] {
  const heap = Math.round(app.memoryMiB * 0.49 * 10) / 10
  return [
    ...startLines(app),
    [480, 'loading catalog cache (48213 items)'],
    ...[
      '<--- Last few GCs --->',
      `[18:0x5f3c9a0]      702 ms: Mark-Compact ${heap} (${(heap + 7.6).toFixed(1)}) -> ${(heap - 0.6).toFixed(1)} (${(heap + 7.9).toFixed(1)}) MB, 98.41 / 0.00 ms  (average mu = 0.212, current mu = 0.063) allocation failure; scavenge might not succeed`,
      '<--- JS stacktrace --->',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      '----- Native stack trace -----',
      ' 1: 0xb8d0a3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
      ' 2: 0xf06250 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]',
      ' 3: 0xf06537 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]'
    ].map((m, i): Line => [720 + i, m])
  ]
}

/** What the app answers each failing health check, at each check's offset. */
export function healthCheckLines(checks: number[], cause: 'container-health' | 'elb-health', path: string): Line[] {
  return checks.map((at, i): Line => [
    at,
    cause === 'container-health'
      ? `GET ${path} 503 ${(2.1 + (i % 3) * 0.37).toFixed(3)} ms - redis: connect ETIMEDOUT 10.0.3.40:6379`
      : `10.0.${1 + (i % 2)}.${23 + (i % 5)} - GET ${path} 503 ${(0.9 + (i % 3) * 0.21).toFixed(3)} ms - feature flags not loaded`
  ])
}

/** ECS stops the task (SIGTERM): the app has no handler, so npm reports the signal. */
export function sigtermLines(): Line[] {
  return npmTail(['npm error signal SIGTERM']).map((m, i): Line => [40 + i, m])
}

/**
 * A one-off task's command (RunTask with a command override, a release's migration): it connects,
 * applies two migrations, and exits 0; with another exit code the second one fails. Its lines are
 * spread over `runsForMs`, the last one as it exits.
 */
export function oneOffLines(app: App, command: string[], exitCode: number, runsForMs: number): Line[] {
  const first = '20261201090000 CreateOrders'
  const second = '20261202143000 AddStatusToOrders'
  const lines = [
    `${app.name} ${app.version}: ${command.join(' ')}`,
    `connecting to postgres at ${DB}`,
    'connected to postgres (pool size 1)',
    `== ${first}: migrating`,
    '-- create_table(:orders)',
    `== ${first}: migrated (0.0213s)`,
    `== ${second}: migrating`,
    '-- add_column(:orders, :status, :string)',
    ...(exitCode === 0
      ? [`== ${second}: migrated (0.0087s)`, '2 migrations applied; schema version 20261202143000']
      : [
          'PG::DuplicateColumn: ERROR:  column "status" of relation "orders" already exists',
          `migration ${second} failed; its transaction was rolled back (1 of 2 applied)`,
          `exiting with code ${exitCode}`
        ])
  ]
  const step = Math.max(1, runsForMs - 100) / lines.length
  return lines.map((m, i): Line => [Math.round(i * step), m])
}

/** How a task of the new deployment fails under greenTasksFail. */
export interface FailurePlan {
  cause: FailureCause
  /** The essential container started (and so wrote its start-up lines). */
  started: boolean
  /** Image pull: not begun, begun and failed, or done. */
  pull: 'none' | 'failed' | 'done'
  stopCode: 'EssentialContainerExited' | 'TaskFailedToStart' | 'ServiceSchedulerInitiated'
  stoppedReason: string
  containerReason?: string | undefined
  exitCode?: number | undefined
  /** Health causes: it runs this many virtual ms before ECS stops it; otherwise it fails as it starts. */
  runsForMs?: number | undefined
  /** The virtual ms after start of each failing health check (for its lines). */
  checks?: number[] | undefined
  /** The health check path the lines name. */
  path?: string | undefined
}

export interface FailureContext {
  taskId: string
  region: string
  td: TaskDefinition | undefined
  /** The essential container that fails. */
  container: ContainerDefinition | undefined
  /** The target group the task registers in, with its health check (defaults when the emulator has no such group). */
  targetGroupArn?: string | undefined
  healthCheck: { intervalSeconds: number; unhealthyThreshold: number; path: string }
  /** The service's healthCheckGracePeriodSeconds. */
  graceSeconds: number
}

const ROLE_DEFAULT = `arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`

/** `User: arn:aws:sts::…:assumed-role/<role>/<task id> is not authorized to perform: <action> on resource: <arn> because …`, as IAM words a denial. */
function denied(ctx: FailureContext, action: string, resource: string): string {
  const role = ctx.td?.executionRoleArn ?? ROLE_DEFAULT
  const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(role)?.[1] ?? ACCOUNT_ID
  return `AccessDeniedException: User: arn:aws:sts::${account}:assumed-role/${role.split('/').pop()}/${ctx.taskId} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
}

/** The container's first secret as IAM names it, and whether it is an SSM parameter. */
function secretOf(ctx: FailureContext): { arn: string; ssm: boolean } {
  const from = ctx.container?.secrets?.[0]?.valueFrom
  if (!from) return { arn: `arn:aws:secretsmanager:${ctx.region}:${ACCOUNT_ID}:secret:${ctx.td?.family ?? 'web'}/db-password-AbCdEf`, ssm: false }
  if (!from.startsWith('arn:')) return { arn: `arn:aws:ssm:${ctx.region}:${ACCOUNT_ID}:parameter/${from.replace(/^\//, '')}`, ssm: true }
  // a Secrets Manager reference may name a JSON key, stage and version after the secret's ARN
  return { arn: from.split(':').slice(0, 7).join(':'), ssm: from.split(':')[2] === 'ssm' }
}

/** The failure a greenTasksFail fault asks for: its cause's texts, then the fault's own overrides. */
export function planFailure(f: GreenTasksFailFault, ctx: FailureContext): FailurePlan {
  const cause = f.cause ?? 'exit'
  const image = ctx.container?.image ?? 'app:latest'
  let plan: FailurePlan
  switch (cause) {
    case 'image-pull':
    case 'image-pull-denied': {
      const img = parseImage(image)
      const tail =
        cause === 'image-pull'
          ? `${image}: not found`
          : `pulling from host ${img.registry} failed with status code [manifests ${img.tag}]: 403 Forbidden` +
            (/\.dkr\.ecr\./.test(img.registry)
              ? `: ${denied(ctx, 'ecr:BatchGetImage', `arn:aws:ecr:${img.registry.split('.')[3] ?? ctx.region}:${img.registry.split('.')[0]}:repository/${img.repository}`)}`
              : '')
      const text = `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: ${tail}`
      plan = { cause, started: false, pull: 'failed', stopCode: 'TaskFailedToStart', stoppedReason: text, containerReason: text }
      break
    }
    case 'secret': {
      const s = secretOf(ctx)
      const stoppedReason = s.ssm
        ? `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): ${denied(ctx, 'ssm:GetParameters', s.arn)}`
        : `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): ${denied(ctx, 'secretsmanager:GetSecretValue', s.arn)}`
      plan = { cause, started: false, pull: 'none', stopCode: 'TaskFailedToStart', stoppedReason }
      break
    }
    case 'log-group':
      plan = {
        cause,
        started: false,
        pull: 'done',
        stopCode: 'TaskFailedToStart',
        stoppedReason:
          'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
      }
      break
    case 'out-of-memory':
      plan = {
        cause,
        started: true,
        pull: 'done',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containerReason: 'OutOfMemoryError: Container killed due to memory usage',
        exitCode: 137
      }
      break
    case 'container-health': {
      const hc = ctx.container?.healthCheck
      const interval = (hc?.interval ?? 30) * 1000
      const start = (hc?.startPeriod ?? 0) * 1000
      const checks = Array.from({ length: hc?.retries ?? 3 }, (_, i) => start + (i + 1) * interval)
      plan = {
        cause,
        started: true,
        pull: 'done',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: 'Task failed container health checks',
        exitCode: 143,
        runsForMs: checks[checks.length - 1] ?? start,
        checks,
        path: '/health'
      }
      break
    }
    case 'elb-health': {
      const { intervalSeconds, unhealthyThreshold, path } = ctx.healthCheck
      // ECS ignores the load balancer for the grace period, then stops a target the group calls unhealthy
      const runsForMs = Math.max(intervalSeconds * unhealthyThreshold, ctx.graceSeconds) * 1000
      const checks: number[] = []
      for (let at = intervalSeconds * 1000; at <= runsForMs; at += intervalSeconds * 1000) checks.push(at)
      plan = {
        cause,
        started: true,
        pull: 'done',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: `Task failed ELB health checks in (target-group ${ctx.targetGroupArn ?? 'unknown'})`,
        exitCode: 143,
        runsForMs,
        checks,
        path
      }
      break
    }
    default:
      plan = {
        cause: 'exit',
        started: true,
        pull: 'done',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        exitCode: 1
      }
  }
  if (f.reason !== undefined) plan.stoppedReason = f.reason
  if (f.exitCode !== undefined && plan.started) plan.exitCode = f.exitCode
  if (f.containerReason !== undefined) plan.containerReason = f.containerReason
  return plan
}

/** The lines of the failing container, from its start (none for causes where it never starts). */
export function failureLines(plan: FailurePlan, app: App): Line[] {
  switch (plan.cause) {
    case 'exit':
      return crashLines(app, plan.exitCode ?? 1)
    case 'out-of-memory':
      return outOfMemoryLines(app)
    case 'container-health':
    case 'elb-health':
      return [...startLines(app), ...healthCheckLines(plan.checks ?? [], plan.cause, plan.path ?? '/')]
    default:
      return []
  }
}
