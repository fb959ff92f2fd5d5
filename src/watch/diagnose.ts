import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs'

export interface StoppedTask {
  taskId: string
  stoppedReason?: string
  containers: { name?: string; exitCode?: number; reason?: string }[]
}
export interface Diagnosis {
  stoppedTasks: StoppedTask[]
  /** Service events since the release started, oldest first. */
  serviceEvents: { at?: Date; message: string }[]
}

/**
 * Why a release failed, in ECS's words: the green tasks that stopped (reason, exit codes) and the
 * service's recent events. Best effort: a failed read here must not hide the failure itself.
 */
export async function diagnose(ecs: ECSClient, o: { cluster: string; service: string; taskSetId?: string; since?: Date; until?: Date }): Promise<Diagnosis> {
  // After `until` (the failure), green tasks stop because the rollback removes them: not the cause.
  const after = (at: Date | undefined): boolean => !!(o.until && at && at > o.until)
  const out: Diagnosis = { stoppedTasks: [], serviceEvents: [] }
  try {
    const arns = (
      await ecs.send(
        new ListTasksCommand({
          cluster: o.cluster,
          desiredStatus: 'STOPPED',
          ...(o.taskSetId ? { startedBy: o.taskSetId } : { serviceName: o.service }),
          maxResults: 10
        })
      )
    ).taskArns
    if (arns?.length) {
      const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: o.cluster, tasks: arns }))).tasks ?? []
      for (const t of tasks) {
        if (o.since && t.createdAt && t.createdAt < o.since) continue
        if (after(t.stoppingAt ?? t.stoppedAt)) continue
        out.stoppedTasks.push({
          taskId: t.taskArn?.split('/').pop() ?? '?',
          stoppedReason: t.stoppedReason,
          containers: (t.containers ?? [])
            .filter((c) => c.exitCode !== undefined || c.reason)
            .map((c) => ({ name: c.name, exitCode: c.exitCode, reason: c.reason }))
        })
      }
    }
  } catch {
    // keep what we have
  }
  try {
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }))).services?.[0]
    // Only the events that explain a failure, newest three: "has started" and "steady state" do not.
    out.serviceEvents = (svc?.events ?? [])
      .filter(
        (e) =>
          (!o.since || !e.createdAt || e.createdAt >= o.since) &&
          !after(e.createdAt) &&
          /unable|stopped|fail|error|unhealthy|insufficient|denied|cannot/i.test(e.message ?? '')
      )
      .slice(0, 3)
      .reverse()
      .map((e) => ({ at: e.createdAt, message: e.message ?? '' }))
  } catch {
    // keep what we have
  }
  return out
}
