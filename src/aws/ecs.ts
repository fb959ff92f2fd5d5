/** The ECS calls: services, task definitions, tasks, and the service deployment controls. */
import {
  ContinueServiceDeploymentCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  ECSClient,
  type Service,
  type StopServiceDeploymentStopType,
  type Tag,
  type Task,
  type TaskDefinition,
  type UpdateServiceCommandInput
} from '@aws-sdk/client-ecs'
import type { RegisterInput } from '../core/context.js'
import { ActionError } from '../core/errors.js'
import { abortable } from './abortable.js'
import { provideClient } from './clients.js'

provideClient('ecs', (config) => new ECSClient(config))

export async function describeService(ecs: ECSClient, cluster: string, service: string, signal?: AbortSignal): Promise<Service> {
  let out
  try {
    out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }), abortable(signal))
  } catch (err) {
    if ((err as Error).name === 'ClusterNotFoundException') {
      throw new ActionError(`Input 'cluster': ECS cluster '${cluster}' does not exist in this account and region. Check the name and 'aws-region'.`, 'cluster')
    }
    throw err
  }
  const svc = out.services?.[0]
  if (!svc || svc.status === 'INACTIVE') {
    throw new ActionError(
      `Input 'service': ECS service '${service}' does not exist in cluster '${cluster}'${svc ? ' (it is INACTIVE)' : ''}. Check the name, the cluster and 'aws-region'.`,
      'service'
    )
  }
  return svc
}

/**
 * Several services of one cluster in one call, in the order of `names`; `inputs` names the input
 * that gave each, for the error when one does not exist.
 */
export async function describeServices(ecs: ECSClient, cluster: string, names: string[], inputs: string[]): Promise<Service[]> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: names })).catch((err: Error) => {
    if (err.name === 'ClusterNotFoundException') {
      throw new ActionError(`Input 'cluster': ECS cluster '${cluster}' does not exist in this account and region. Check the name and 'aws-region'.`, 'cluster')
    }
    throw err
  })
  const short = (s: string): string => s.split('/').pop()!
  return names.map((n, i) => {
    const s = out.services?.find((x) => x.serviceName === short(n) || x.serviceArn === n)
    const input = inputs[i] ?? 'service'
    if (!s || s.status === 'INACTIVE') {
      throw new ActionError(
        `Input '${input}': ECS service '${n}' does not exist in cluster '${cluster}'${s ? ' (it is INACTIVE)' : ''}. Check the name, the cluster and 'aws-region'.`,
        input
      )
    }
    return s
  })
}

export async function updateService(ecs: ECSClient, input: UpdateServiceCommandInput): Promise<Service | undefined> {
  return (await ecs.send(new UpdateServiceCommand(input))).service
}

export async function describeTaskDefinition(ecs: ECSClient, taskDefinition: string): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }> {
  const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }))
  if (!out.taskDefinition) throw new ActionError(`DescribeTaskDefinition returned nothing for '${taskDefinition}'.`)
  return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] }
}

export async function registerTaskDefinition(ecs: ECSClient, input: RegisterInput): Promise<TaskDefinition> {
  const out = await ecs.send(new RegisterTaskDefinitionCommand(input))
  if (!out.taskDefinition?.taskDefinitionArn) throw new ActionError('RegisterTaskDefinition returned no task definition ARN.')
  return out.taskDefinition
}

/** The newest revisions of a family first. */
export async function listTaskDefinitions(ecs: ECSClient, family: string | undefined, maxResults: number): Promise<string[]> {
  return (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC', maxResults }))).taskDefinitionArns ?? []
}

/** Every ACTIVE revision of `family`, newest first (familyPrefix matches other families too: they are left out). */
export async function listActiveRevisions(ecs: ECSClient, family: string): Promise<string[]> {
  const out: string[] = []
  let nextToken: string | undefined
  do {
    const page = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 100, nextToken }))
    out.push(...(page.taskDefinitionArns ?? []).filter((arn) => arn.endsWith(`task-definition/${family}:${arn.split(':').pop()}`)))
    nextToken = page.nextToken
  } while (nextToken)
  return out
}

/** Deregisters one revision: it becomes INACTIVE, its running tasks go on, no new ones start from it. */
export async function deregisterTaskDefinition(ecs: ECSClient, arn: string): Promise<void> {
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }))
}

/** Stopped tasks of a service, or of a task set (`startedBy` its id), at most `max`. */
export async function stoppedTasks(ecs: ECSClient, o: { cluster: string; service: string; taskSetId?: string | undefined; max: number }): Promise<Task[]> {
  const arns = (
    await ecs.send(
      new ListTasksCommand({
        cluster: o.cluster,
        desiredStatus: 'STOPPED',
        ...(o.taskSetId ? { startedBy: o.taskSetId } : { serviceName: o.service }),
        maxResults: o.max
      })
    )
  ).taskArns
  if (!arns?.length) return []
  return (await ecs.send(new DescribeTasksCommand({ cluster: o.cluster, tasks: arns }))).tasks ?? []
}

/** StopServiceDeployment: ROLLBACK puts the source revision back; ABORT leaves it where it is. */
export async function stopServiceDeployment(ecs: ECSClient, serviceDeploymentArn: string, stopType: StopServiceDeploymentStopType): Promise<void> {
  await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType }))
}

/** Passes the PAUSE lifecycle hook a service deployment waits at. */
export async function continueServiceDeployment(ecs: ECSClient, serviceDeploymentArn: string, hookId: string): Promise<void> {
  await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action: 'CONTINUE' }))
}
