/**
 * The one-off task a release runs with its new revision before anything else changes
 * ('pre-release-command': a database migration), loaded by src/kit/register.ts only when asked
 * for: RunTask with the service's own network
 * configuration, launch type or capacity providers and platform version; the container's output
 * streamed to the job log as CloudWatch Logs gets it; STOPPED with every essential container
 * exited 0, or nothing else changes and the release ends failed. Its time counts against
 * 'wait-for-minutes'; a cancel stops it.
 */
import { randomBytes } from 'node:crypto'
import type { ContainerDefinition, Failure, RunTaskCommandInput, Service, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import { logAfter, type LogLine } from '../aws/logs.js'
import { describeTask, runTask, stopTask } from '../aws/tasks.js'
import { checkNotCancelled, deadlineOf } from '../core/context.js'
import { describeError } from '../core/errors.js'
import type { Cause, Forensics, PreRelease, ReleaseResult } from '../core/result.js'
import { clock, duration, revisionName } from '../report/format.js'
import { causesOf, forensicLines, outputOf, stoppedTask } from './causes.js'
import { busyMaxMs } from './policy.js'
import { poll, type Watched } from './poll.js'
import type { ReleaseContext } from './register.js'

/** `startedBy` of the task: the action and the run, so the console and ListTasks tell whose it is. */
export function startedByOf(env: NodeJS.ProcessEnv): string {
  const run = env.GITHUB_RUN_ID ? `run-${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}` : 'local'
  return `ecs-bluegreen-action/${run}`.replace(/[^A-Za-z0-9_/-]/g, '-').slice(0, 128)
}

/** The RunTask request: one task of the new revision, placed and networked as the service's own tasks are. */
export function runTaskInput(o: {
  cluster: string
  taskDefinitionArn: string
  container: string
  command: string[]
  service: Service
  startedBy: string
  clientToken: string
}): RunTaskCommandInput & { clientToken: string } {
  const s = o.service
  // A CodeDeploy service keeps these on its task sets as well; the service's own come first.
  const set = s.taskSets?.find((t) => t.status === 'PRIMARY') ?? s.taskSets?.[0]
  const providers = s.capacityProviderStrategy?.length ? s.capacityProviderStrategy : set?.capacityProviderStrategy
  const launchType = providers?.length ? undefined : (s.launchType ?? set?.launchType)
  const platformVersion = s.platformVersion ?? set?.platformVersion
  const network = s.networkConfiguration ?? set?.networkConfiguration
  return {
    cluster: o.cluster,
    taskDefinition: o.taskDefinitionArn,
    count: 1,
    startedBy: o.startedBy,
    clientToken: o.clientToken,
    ...(providers?.length ? { capacityProviderStrategy: providers } : launchType ? { launchType } : {}),
    ...(platformVersion ? { platformVersion } : {}),
    ...(network ? { networkConfiguration: network } : {}),
    ...(s.placementConstraints?.length ? { placementConstraints: s.placementConstraints } : {}),
    ...(s.placementStrategy?.length ? { placementStrategy: s.placementStrategy } : {}),
    overrides: { containerOverrides: [{ name: o.container, command: o.command }] }
  }
}

/** The command as one line, quoted where a word needs it. */
export function commandLine(words: string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/** Where the task runs, for the plan's line: "FARGATE 1.4.0, subnets subnet-a, subnet-b". */
export function placementLine(i: RunTaskCommandInput): string {
  const on = i.capacityProviderStrategy?.length
    ? `capacity providers ${i.capacityProviderStrategy.map((p) => p.capacityProvider).join(', ')}`
    : (i.launchType ?? 'the cluster default')
  const subnets = i.networkConfiguration?.awsvpcConfiguration?.subnets ?? []
  return `${on}${i.platformVersion ? ` ${i.platformVersion}` : ''}${subnets.length ? `, subnets ${subnets.join(', ')}` : ''}`
}

/** How a STOPPED task ended: every essential container exited 0, or the container that did not. */
export type Judged =
  { ok: true; exitCode: number | undefined } | { ok: false; container: string; exitCode?: number | undefined; started: boolean; reason?: string | undefined }

export function judgeStopped(task: Task, td: Pick<TaskDefinition, 'containerDefinitions'>, container: string): Judged {
  // Essential unless the definition says otherwise (ECS's default); the command's own container always counts.
  const essential = (name: string | undefined): boolean => name === container || td.containerDefinitions?.find((d) => d.name === name)?.essential !== false
  const containers = task.containers ?? []
  const failed = containers.filter((c) => essential(c.name) && c.exitCode !== 0)
  const ours = containers.find((c) => c.name === container)
  if (!failed.length) return { ok: true, exitCode: ours?.exitCode }
  const culprit = failed.find((c) => c.name === container) ?? failed.find((c) => c.exitCode !== undefined) ?? failed[0]!
  const started = culprit.exitCode !== undefined
  return { ok: false, container: culprit.name ?? container, exitCode: culprit.exitCode, started, reason: culprit.reason ?? task.stoppedReason }
}

/** The first status of a task and its later ones, in ECS's order, each at AWS's time of it where the task says. */
const STATUS_AT: Record<string, (t: Task) => Date | undefined> = {
  PROVISIONING: (t) => t.createdAt,
  PENDING: (t) => t.pullStartedAt ?? t.connectivityAt,
  ACTIVATING: (t) => t.pullStoppedAt,
  RUNNING: (t) => t.startedAt,
  DEACTIVATING: (t) => t.stoppingAt,
  STOPPING: (t) => t.stoppingAt,
  DEPROVISIONING: (t) => t.executionStoppedAt,
  STOPPED: (t) => t.stoppedAt
}
/** Statuses after the container ended: their lines come after its last output. */
const ENDING = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])

/** One look at the task: how ECS describes it, and the lines its container wrote since the look before. */
export interface TaskLook {
  task?: Task | undefined
  lines: LogLine[]
}

export type TaskEvent =
  { kind: 'status'; status: string; at?: Date | undefined; reason?: string | undefined } | { kind: 'line'; at?: Date | undefined; message: string }

/** Statuses before the containers start. */
const STARTING = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING'])

/**
 * What changed between two looks: the status (after the output when the task is ending) and each
 * new line. A task that started and ended between two looks is still said RUNNING, at its start.
 * Pure.
 */
export function taskEvents(prev: TaskLook | undefined, next: TaskLook): TaskEvent[] {
  const t = next.task
  const status = t?.lastStatus
  const before = prev?.task?.lastStatus
  const lines: TaskEvent[] = next.lines.map((l) => ({ kind: 'line', at: l.at, message: l.message }))
  if (!t || !status || status === before) return lines
  const ev: TaskEvent = { kind: 'status', status, at: STATUS_AT[status]?.(t), reason: status === 'STOPPED' ? t.stoppedReason : undefined }
  if (!ENDING.has(status)) return [ev, ...lines]
  const missed: TaskEvent[] = t.startedAt && (!before || STARTING.has(before)) ? [{ kind: 'status', status: 'RUNNING', at: t.startedAt }] : []
  return [...missed, ...lines, ev]
}

/** Most pages of output read in one look: the rest comes at the next. */
const MAX_PAGES_PER_LOOK = 5

interface Run {
  taskDefinition: TaskDefinition
  container: string
  command: string[]
  service: Service
}

/** Runs the task to its end and says how it ended; the result's fields when it did not succeed. */
export async function runPreRelease(ctx: ReleaseContext, r: Run): Promise<Partial<ReleaseResult>> {
  const { inputs, clients, log } = ctx
  const { cluster } = inputs
  const tdName = revisionName(r.taskDefinition.taskDefinitionArn)
  const input = runTaskInput({
    cluster,
    taskDefinitionArn: r.taskDefinition.taskDefinitionArn!,
    container: r.container,
    command: r.command,
    service: r.service,
    startedBy: startedByOf(ctx.env),
    clientToken: `${ctx.env.GITHUB_RUN_ID ?? 'local'}-${randomBytes(8).toString('hex')}`
  })
  const cmd = commandLine(r.command)
  log.line(`Pre-release task: ${cmd}  (container ${r.container} of ${tdName}, ${placementLine(input)})`)
  const t0 = Date.now()
  const ms = (): number => Date.now() - t0
  const pre = (ended: PreRelease['ended'], more: Partial<PreRelease> = {}): PreRelease => ({
    container: r.container,
    command: r.command,
    durationMs: ms(),
    ended,
    ...more
  })

  // A cancel that came while the revision was registered starts nothing.
  checkNotCancelled(ctx)
  const started = await runTask(clients.ecs, input)
  const task = started.task
  if (!task?.taskArn) return cannotPlace(ctx, started.failures, pre('cannot-start'))
  const taskArn = task.taskArn
  const taskId = taskArn.split('/').pop()!
  const short = taskId.slice(0, 8)
  log.line(
    `  00:00  task ${short} ${task.lastStatus ?? 'PROVISIONING'}  https://console.aws.amazon.com/ecs/v2/clusters/${cluster}/tasks/${taskId}?region=${ctx.region}`
  )

  // Where its output goes: read as it comes when it is an awslogs stream here, else said once.
  const def: ContainerDefinition | undefined = r.taskDefinition.containerDefinitions?.find((c) => c.name === r.container)
  const out = def ? outputOf(r.container, def, taskId, ctx.region) : { note: `Container ${r.container} has no definition.` }
  let stream = 'note' in out ? undefined : out
  if ('note' in out) log.line(`         ${out.note}`)
  let token: string | undefined
  let readError: string | undefined
  const kept: string[] = []
  const keep = Math.max(0, inputs.failureLogLines)
  const read = async (signal?: AbortSignal): Promise<LogLine[]> => {
    if (!stream) return []
    const got: LogLine[] = []
    try {
      for (let i = 0; i < MAX_PAGES_PER_LOOK; i++) {
        const page = await logAfter(clients.logs, { group: stream.group, stream: stream.stream, token }, signal)
        const more = page.token !== token && page.lines.length > 0
        token = page.token
        got.push(...page.lines)
        if (!more) break
      }
    } catch (err) {
      // The stream is created as the container starts: until then there is nothing to read.
      if ((err as Error).name === 'ResourceNotFoundException') return got
      if (signal?.aborted) throw err
      const e = err as Error
      const text = `${e.name}: ${e.message.replace(/\.$/, '')}`
      if (/AccessDenied|NotAuthorized|Unauthorized/.test(e.name)) {
        // No permission now is no permission later: the task is followed without its output.
        ctx.warn(
          `Could not read the pre-release task's output (${text}); the task goes on. Allow the role this action runs as logs:GetLogEvents on arn:aws:logs:${stream.region}:*:log-group:${stream.group}:* to see it here.`
        )
        stream = undefined
      } else if (text !== readError) ctx.warn(`Reading the pre-release task's output failed (${text}); trying again.`)
      readError = text
    }
    return got
  }

  // AWS's times, from the task's creation: the column reads as the console's does.
  const origin = task.createdAt?.getTime() ?? Date.now()
  let lastAt = origin
  const print = (e: TaskEvent): void => {
    if (e.at) lastAt = Math.max(lastAt, e.at.getTime())
    const at = clock((e.at?.getTime() ?? lastAt) - origin)
    if (e.kind === 'line') {
      if (keep) kept.push(e.message)
      if (kept.length > keep) kept.shift()
      log.line(`  ${at}  ${r.container} | ${e.message}`)
    } else log.line(`  ${at}  task ${short} ${e.status}${e.reason ? `: ${e.reason}` : ''}`)
  }

  const ran = (t: Task | undefined): boolean =>
    !!t && (t.startedAt !== undefined || !!t.containers?.some((c) => c.name === r.container && (c.lastStatus === 'RUNNING' || c.exitCode !== undefined)))
  const watched: Watched<TaskLook, TaskEvent, Task> = {
    what: `pre-release task ${short}`,
    look: async (_prev, signal) => {
      const t = await describeTask(clients.ecs, cluster, taskArn, signal)
      return { task: t, lines: ran(t) ? await read(signal) : [] }
    },
    compare: taskEvents,
    verdict: (s) => (s.task?.lastStatus === 'STOPPED' ? s.task : undefined)
  }
  const end = await poll(watched, {
    deadline: deadlineOf(ctx),
    signal: ctx.signal,
    policy: ctx.policy,
    ceilingMs: busyMaxMs(ctx.policy),
    from: { task, lines: [] },
    onEvent: print,
    warn: ctx.warn
  })
  const excerpt = (): Forensics['excerpt'] =>
    stream && kept.length ? { container: r.container, taskId, source: `log group ${stream.group}, stream ${stream.stream}`, lines: [...kept] } : undefined

  if (end.end !== 'done') {
    const cancelled = end.end === 'aborted'
    const why = cancelled ? 'Cancelled by the runner' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`
    // First thing after a cancel: the runner kills the process seconds later.
    const stopped = await stopTask(clients.ecs, cluster, taskArn, `${why}: ecs-bluegreen-action stopped the pre-release task`).then(
      () => ({ did: `stopped pre-release task ${short}`, done: 'it was stopped' }),
      (err: unknown) => {
        const left = `could not stop pre-release task ${short} (${describeError(err)}); stop it in the console`
        return { did: left, done: left.replace(/^could not/, 'it could not') }
      }
    )
    log.line(`${cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`}: ${stopped.did}; nothing was deployed`)
    const lines = excerpt()
    return {
      outcome: cancelled ? 'stopped' : 'failed',
      durationMs: ms(),
      cause: `${cancelled ? 'The job was cancelled during the pre-release task' : `The pre-release task was not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`}; ${stopped.done} and nothing was deployed`,
      preRelease: pre(cancelled ? 'cancelled' : 'timed-out', { taskArn }),
      forensics: !cancelled && lines ? { causes: [], excerpt: lines } : undefined
    }
  }

  // The last lines can reach CloudWatch Logs after the task is STOPPED.
  for (const l of await read()) print({ kind: 'line', at: l.at, message: l.message })
  const stoppedAt = end.verdict
  // How long it took by AWS's clock, as the time column counts.
  const took = stoppedAt.stoppedAt ? stoppedAt.stoppedAt.getTime() - origin : ms()
  const judged = judgeStopped(stoppedAt, r.taskDefinition, r.container)
  if (judged.ok) {
    log.line(`Pre-release task succeeded after ${duration(took)}: ${r.container} exited with code ${judged.exitCode ?? 0}`)
    return { preRelease: pre('succeeded', { taskArn, exitCode: judged.exitCode ?? 0, durationMs: took }) }
  }
  const what = judged.started ? `container ${judged.container} exited with code ${judged.exitCode}` : `container ${judged.container} never started`
  log.line(`Pre-release task failed after ${duration(took)}: ${what}; nothing was deployed`)
  const found = causesOf({ tasks: [stoppedTask(stoppedAt)], taskDefinition: r.taskDefinition, targetGroups: [] })
  // A plain non-zero exit is the command's own failure: said in its words, not a crash on start's.
  const causes: Cause[] = found.map((c) => (c.code === 'exit' && judged.started ? exitCause(cmd, judged.container, judged.exitCode) : c))
  if (!causes.length && judged.reason)
    causes.push({ code: 'exit', title: `Pre-release task stopped: ${judged.reason}`, fix: 'Look at the task in the console' })
  const forensics: Forensics = { causes, excerpt: excerpt() }
  if (!forensics.excerpt)
    forensics.logNote =
      'note' in out
        ? out.note
        : judged.started
          ? `Container ${judged.container} wrote nothing.`
          : `Container ${judged.container} never started, so it wrote no output.`
  for (const line of forensicLines(forensics)) log.line(line)
  const head = judged.started ? 'Pre-release task failed' : 'Pre-release task could not start'
  return {
    outcome: 'failed',
    durationMs: ms(),
    cause: `${head}: ${judged.started ? what : (judged.reason ?? what).replace(/\.$/, '')}; nothing was deployed`,
    preRelease: pre(judged.started ? 'failed' : 'cannot-start', { taskArn, exitCode: judged.exitCode, durationMs: took }),
    forensics
  }
}

function exitCause(cmd: string, container: string, exitCode: number | undefined): Cause {
  return {
    code: 'exit',
    title: `Pre-release command ${cmd} exited with code ${exitCode} in container ${container}`,
    fix: `Its last lines say why. Nothing was deployed and the service runs as before: fix the command (or what it reaches, such as the database) and run the step again`
  }
}

/** RunTask placed no task: ECS's failures (capacity, resources), said with what to do. */
function cannotPlace(ctx: ReleaseContext, failures: Failure[], pre: PreRelease): Partial<ReleaseResult> {
  const reason = failures.map((f) => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ') || 'RunTask started no task and gave no reason'
  const capacity = /capacity/i.test(reason)
  const cause: Cause = {
    code: 'placement',
    title: `ECS could not place the pre-release task: ${reason.replace(/\.$/, '')}`,
    fix: capacity
      ? 'Run the step again later: Fargate capacity comes back. Subnets in more Availability Zones, or a capacity provider strategy with FARGATE_SPOT beside FARGATE, make it rarer'
      : /RESOURCE:/.test(reason)
        ? "The cluster's instances lack the free CPU, memory or ports the task needs: scale out the capacity provider's Auto Scaling group, or give the task less"
        : 'Check the service’s launch type, capacity providers and subnets, which the task takes'
  }
  ctx.log.line(`Pre-release task could not start: ${reason}; nothing was deployed`)
  const forensics: Forensics = { causes: [cause] }
  for (const line of forensicLines(forensics)) ctx.log.line(line)
  return {
    outcome: 'failed',
    durationMs: pre.durationMs,
    cause: `Pre-release task could not start: ${reason.replace(/\.$/, '')}; nothing was deployed`,
    preRelease: pre,
    forensics
  }
}
