/** The one-off task of a release (pre-release-command): RunTask, one task's DescribeTasks, StopTask. */
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand, type Failure, type RunTaskCommandInput, type Task } from '@aws-sdk/client-ecs'
import { abortable } from './abortable.js'
import { provideClient } from './clients.js'

provideClient('ecs', (config) => new ECSClient(config))

/**
 * Starts the task. `clientToken` makes the SDK's retries of a lost answer safe: ECS starts one
 * task per token, and a migration must not run twice. No task and `failures` is ECS saying it
 * could not place it (capacity).
 */
export async function runTask(ecs: ECSClient, input: RunTaskCommandInput & { clientToken: string }): Promise<{ task?: Task | undefined; failures: Failure[] }> {
  const out = await ecs.send(new RunTaskCommand(input))
  return { task: out.tasks?.[0], failures: out.failures ?? [] }
}

/** The task as ECS describes it now; undefined while it is not yet visible (ECS is eventually consistent right after RunTask). */
export async function describeTask(ecs: ECSClient, cluster: string, taskArn: string, signal?: AbortSignal): Promise<Task | undefined> {
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }), abortable(signal))).tasks?.[0]
}

export async function stopTask(ecs: ECSClient, cluster: string, taskArn: string, reason: string): Promise<void> {
  await ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason }))
}
