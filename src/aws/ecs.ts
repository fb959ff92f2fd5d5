import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type Service,
  type Tag,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { ActionError } from '../errors.js'
import type { RegisterInput } from '../plan/taskdef.js'

export async function describeService(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  let out
  try {
    out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))
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
