/**
 * The ECS service deployment calls (deployment controller ECS: rolling and ECS-native alike keep a
 * history of service deployments, each from a source to a target service revision).
 */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  type ECSClient,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceDeploymentStatus
} from '@aws-sdk/client-ecs'
import { ActionError } from '../core/errors.js'
import { abortable } from './abortable.js'

/** The service's service deployments, newest first; `status` filters (e.g. PENDING and IN_PROGRESS for those in flight). */
export async function listServiceDeployments(
  ecs: ECSClient,
  cluster: string,
  service: string,
  status?: ServiceDeploymentStatus[],
  limit = 100
): Promise<ServiceDeploymentBrief[]> {
  const out: ServiceDeploymentBrief[] = []
  let nextToken: string | undefined
  do {
    const page = await ecs.send(new ListServiceDeploymentsCommand({ cluster, service, status, nextToken, maxResults: Math.min(100, limit) }))
    out.push(...(page.serviceDeployments ?? []))
    nextToken = page.nextToken
  } while (nextToken && out.length < limit)
  return out.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
}

/** One service deployment; an ARN that AWS does not know is the input's fault. */
export async function describeServiceDeployment(ecs: ECSClient, arn: string, signal?: AbortSignal): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }), abortable(signal))
  const d = out.serviceDeployments?.[0]
  if (!d)
    throw new ActionError(
      `Input 'deployment-id': service deployment ${arn} does not exist in this account and region. Pass the 'deployment-id' output of the step that started it, and check 'aws-region'.`,
      'deployment-id'
    )
  return d
}

/** Task definition of each service revision ARN (DescribeServiceRevisions takes up to 20 at a time). */
export async function revisionTaskDefinitions(ecs: ECSClient, revisionArns: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const arns = [...new Set(revisionArns)]
  for (let i = 0; i < arns.length; i += 20) {
    const page = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns.slice(i, i + 20) }))
    for (const r of page.serviceRevisions ?? []) if (r.serviceRevisionArn && r.taskDefinition) out.set(r.serviceRevisionArn, r.taskDefinition)
  }
  return out
}

/**
 * 'previous' on the ECS-controller ways: the revision the service ran before the release that is
 * live now. That release is the newest SUCCESSFUL service deployment to `current`, and what it
 * released over is its source revision; revisions registered in between and never deployed do not
 * count. A service whose live revision came with the service itself (its creation has no source)
 * falls back to the newest SUCCESSFUL service deployment of another task definition.
 */
export async function previousServiceRelease(
  ecs: ECSClient,
  cluster: string,
  service: string,
  current: string | undefined
): Promise<{ taskDefinitionArn: string; foundIn: string } | { none: string }> {
  const done = (await listServiceDeployments(ecs, cluster, service, ['SUCCESSFUL'], 25)).filter((d) => d.targetServiceRevisionArn && d.serviceDeploymentArn)
  const tds = await revisionTaskDefinitions(
    ecs,
    done.map((d) => d.targetServiceRevisionArn!)
  )
  const live = done.find((d) => tds.get(d.targetServiceRevisionArn!) === current)
  if (live) {
    const source = (await describeServiceDeployment(ecs, live.serviceDeploymentArn!)).sourceServiceRevisions?.[0]?.arn
    const td = source ? (await revisionTaskDefinitions(ecs, [source])).get(source) : undefined
    if (td && td !== current) return { taskDefinitionArn: td, foundIn: `what service deployment ${live.serviceDeploymentArn} released ${short(current)} over` }
  }
  for (const d of done) {
    const td = tds.get(d.targetServiceRevisionArn!)
    if (td && td !== current) return { taskDefinitionArn: td, foundIn: `service deployment ${d.serviceDeploymentArn}` }
  }
  return { none: `service '${service}' has no successful service deployment of anything but ${short(current)} in its history` }
}

/** `web:42` from a task definition ARN. */
const short = (arn: string | undefined): string => arn?.split('/').pop() ?? '-'

/**
 * Refuses a 'deployment-id' of another service: a mistyped or stale one must not stop or continue
 * someone else's release. Without the service's ARN, its cluster/service ending is compared.
 */
export function refuseForeignDeployment(d: ServiceDeployment, serviceArn: string | undefined, o: { cluster: string; service: string }): void {
  const ok = serviceArn ? d.serviceArn === serviceArn : d.serviceArn?.endsWith(`/${o.cluster.split('/').pop()}/${o.service.split('/').pop()}`)
  if (ok) return
  throw new ActionError(
    `Input 'deployment-id': service deployment ${d.serviceDeploymentArn} belongs to ${d.serviceArn}, not to ${o.cluster}/${o.service}. Pass the 'deployment-id' output of a step that released this service.`,
    'deployment-id'
  )
}
