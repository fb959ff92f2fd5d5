/**
 * Why a release failed, in ECS's words: the new revision's tasks that stopped (reason, exit codes)
 * and the service's recent events that explain it. Best effort: a failed read here must not hide
 * the failure itself.
 */
import type { ECSClient, Task } from '@aws-sdk/client-ecs'
import { describeService, stoppedTasks } from '../aws/ecs.js'
import type { Log } from '../core/context.js'
import { clock } from '../report/format.js'
import { stoppedTask, type StoppedTask } from './causes.js'

export interface Diagnosis {
  stoppedTasks: StoppedTask[]
  /** The stopped tasks as ECS described them, unfiltered: the look after the release reads them again from here. */
  read: Task[]
  /** Service events since the release started, oldest first. */
  serviceEvents: { at?: Date | undefined; message: string }[]
}

/** How many stopped tasks a failure reads (ListTasks, then one DescribeTasks). */
export const STOPPED_TASKS_READ = 20

export async function diagnose(
  ecs: ECSClient,
  o: { cluster: string; service: string; taskSetId?: string | undefined; since?: Date | undefined; until?: Date | undefined }
): Promise<Diagnosis> {
  // After `until` (the failure), new tasks stop because the rollback removes them: not the cause.
  const after = (at: Date | undefined): boolean => !!(o.until && at && at > o.until)
  const out: Diagnosis = { stoppedTasks: [], read: [], serviceEvents: [] }
  try {
    out.read = await stoppedTasks(ecs, { cluster: o.cluster, service: o.service, taskSetId: o.taskSetId, max: STOPPED_TASKS_READ })
    for (const t of out.read) {
      if (o.since && t.createdAt && t.createdAt < o.since) continue
      if (after(t.stoppingAt ?? t.stoppedAt)) continue
      const s = stoppedTask(t)
      out.stoppedTasks.push({ ...s, containers: s.containers.filter((c) => c.exitCode !== undefined || c.reason) })
    }
  } catch {
    // keep what we have
  }
  try {
    const svc = await describeService(ecs, o.cluster, o.service)
    // Only the events that explain a failure, newest three: "has started" and "steady state" do not.
    out.serviceEvents = (svc.events ?? [])
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

/** The new tasks that stopped, grouped by what they said, and the service events that tell why. */
export function printDiagnosis(log: Pick<Log, 'line' | 'offset'>, d: Pick<Diagnosis, 'stoppedTasks' | 'serviceEvents'>): void {
  const groups = new Map<string, string[]>()
  for (const t of d.stoppedTasks) {
    const c = t.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0) ?? t.containers[0]
    const what = c ? `${c.name ?? 'container'} exited ${c.exitCode ?? '?'}${c.reason ? ` (${c.reason})` : ''}` : 'stopped'
    const key = `${what}: ${t.stoppedReason ?? 'no reason given'}`
    groups.set(key, [...(groups.get(key) ?? []), t.taskId.slice(0, 8)])
  }
  if (d.stoppedTasks.length) log.line(`         green tasks stopped: ${d.stoppedTasks.length}`)
  for (const [key, tasks] of groups) {
    const list = tasks.length > 3 ? `${tasks.slice(0, 3).join(', ')} and ${tasks.length - 3} more` : tasks.join(', ')
    log.line(`           ${key} (task${tasks.length > 1 ? 's' : ''} ${list})`)
  }
  for (const e of d.serviceEvents) log.line(`         service event ${e.at ? clock(log.offset(e.at)) : ''}: ${e.message}`)
}
