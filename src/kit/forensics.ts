/**
 * After a release failed or was rolled back: the new revision's first stopped task, why ECS or the
 * load balancer stopped it (src/kit/causes.ts), and the last lines its container wrote. The same
 * for every way; each way says where to look (Suspects). Best effort: a failed read is said once
 * as a warning and never hides the failure itself.
 */
import type { ContainerDefinition, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import { describeTaskDefinition, stoppedTasks } from '../aws/ecs.js'
import { describeTargetGroups, targetHealth } from '../aws/elbv2.js'
import { logTail } from '../aws/logs.js'
import type { Clients, Log } from '../core/context.js'
import type { Inputs } from '../core/inputs.js'
import { worthExplaining, type Forensics, type ReleaseResult, type Suspects } from '../core/result.js'
import { STOPPED_TASKS_READ } from './diagnose.js'
import { causesOf, culprit, forensicLines, outputOf, stoppedTask, type Evidence, type StoppedTask, type TargetGroupHealth } from './causes.js'

/** Reasons of tasks that stopped because the release ended, not because they failed. */
const CLEANUP = /^(Scaling activity initiated|Service deployment rolled back|Task stopped by|Deployment rolled back|Taskset .* (scaled|deleted))/i

/** A task that says why it stopped: not one the release's end scaled in (its SIGTERM exit code is no cause). */
const tell = (t: StoppedTask): boolean =>
  t.stoppedReason && CLEANUP.test(t.stoppedReason)
    ? false
    : !!t.stoppedReason || t.containers.some((c) => (c.exitCode !== undefined && c.exitCode !== 0) || c.reason)

export interface ForensicsContext {
  clients: Pick<Clients, 'ecs' | 'elbv2' | 'logs'>
  region: string
  warn: (message: string) => void
  /** Masks the secret values the job knows in the container's lines: the summary is not masked by the runner. */
  hide?: ((text: string) => string) | undefined
}

export async function investigate(ctx: ForensicsContext, s: Suspects, lines: number): Promise<Forensics | undefined> {
  const { ecs, elbv2 } = ctx.clients
  const found =
    s.stopped ??
    (await stoppedTasks(ecs, { cluster: s.cluster, service: s.service, taskSetId: s.taskSetId, max: STOPPED_TASKS_READ }).catch(() => [] as Task[]))
  const tasks = found
    .filter((t) => (!s.since || !t.createdAt || t.createdAt >= s.since) && (!s.taskDefinitionArn || t.taskDefinitionArn === s.taskDefinitionArn))
    .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
    .map(stoppedTask)
    .filter(tell)
  const tdArn = tasks[0]?.taskDefinitionArn ?? s.taskDefinitionArn
  const taskDefinition = tdArn ? (await describeTaskDefinition(ecs, tdArn).catch(() => undefined))?.taskDefinition : undefined
  const evidence: Evidence = { tasks, taskDefinition, targetGroups: [] }
  // The load balancer is asked only when the tasks do not say it all.
  const byTasks = causesOf(evidence)
  if (s.targetGroups.length && (!byTasks.length || byTasks[0]!.code === 'elb-health')) evidence.targetGroups = await targetGroups(elbv2, s.targetGroups)
  const causes = causesOf(evidence)
  if (!causes.length) return undefined
  const out: Forensics = { causes }
  const task = tasks[0]
  if (task && lines > 0) Object.assign(out, await containerLog(ctx, task, taskDefinition, lines))
  return out
}

async function targetGroups(elbv2: ForensicsContext['clients']['elbv2'], arns: string[]): Promise<TargetGroupHealth[]> {
  try {
    const groups = await describeTargetGroups(elbv2, arns)
    return await Promise.all(
      groups.map(async (g) => ({
        name: g.TargetGroupName ?? g.TargetGroupArn!.split('/')[1] ?? '?',
        arn: g.TargetGroupArn!,
        healthCheck: { protocol: g.HealthCheckProtocol, path: g.HealthCheckPath, port: g.HealthCheckPort, matcher: g.Matcher?.HttpCode ?? g.Matcher?.GrpcCode },
        unhealthy: (await targetHealth(elbv2, g.TargetGroupArn!))
          .filter((t) => t.TargetHealth?.State === 'unhealthy')
          .map((t) => ({ id: `${t.Target?.Id ?? '?'}:${t.Target?.Port ?? ''}`, reason: t.TargetHealth?.Reason, description: t.TargetHealth?.Description }))
      }))
    )
  } catch {
    return []
  }
}

/** The culprit container's last lines from its awslogs stream, or where its output went instead. */
async function containerLog(
  ctx: ForensicsContext,
  task: StoppedTask,
  td: TaskDefinition | undefined,
  lines: number
): Promise<Pick<Forensics, 'excerpt' | 'logNote'>> {
  const c = culprit(task, td)
  const def: ContainerDefinition | undefined = td?.containerDefinitions?.find((d) => d.name === c?.name)
  if (!c?.name || !def) return {}
  if (c.exitCode === undefined) return { logNote: `Container ${c.name} never started, so it wrote no output.` }
  const out = outputOf(c.name, def, task.taskId, ctx.region)
  if ('note' in out) return { logNote: out.note }
  const { group, stream, source, region } = out
  try {
    const got = await logTail(ctx.clients.logs, { group, stream, lines })
    if (!got.length) return { logNote: `Container ${c.name} wrote nothing to ${source}.` }
    return { excerpt: { container: c.name, taskId: task.taskId, source, lines: got.map((l) => (ctx.hide ? ctx.hide(l.message) : l.message)) } }
  } catch (err) {
    const e = err as Error
    if (e.name === 'ResourceNotFoundException') return { logNote: `Container ${c.name} has no log in ${source} (${e.message.replace(/\.$/, '')}).` }
    ctx.warn(
      `Could not read container ${c.name}'s log (${e.name}: ${e.message.replace(/\.$/, '')}). Allow the role this action runs as logs:GetLogEvents on arn:aws:logs:${region}:*:log-group:${group}:* to see its last lines here.`
    )
    return {}
  }
}

/** The look after a release that went wrong, said in the log and kept on the result for the summary and the annotation. */
export async function explainFailure(
  ctx: ForensicsContext,
  inputs: Pick<Inputs, 'failureLogLines' | 'mode'>,
  result: ReleaseResult,
  log: Pick<Log, 'line'>
): Promise<ReleaseResult> {
  if (!worthExplaining(inputs.mode, result) || !result.suspects) return result
  // Best effort: the look must never cost the release's own result.
  const forensics = await investigate(ctx, result.suspects, inputs.failureLogLines).catch((err: Error) => {
    ctx.warn(`Could not look into why the release failed (${err.name}: ${err.message})`)
    return undefined
  })
  if (!forensics) return result
  for (const line of forensicLines(forensics)) log.line(line)
  return { ...result, forensics }
}
