/**
 * Reads docs/iam-policy.json and relates it to what the action calls: the operations in the
 * emulator's call log, the permissions AWS checks on top of some of them, and the resource each
 * call is authorised against. Shared by the unit check of the document and the e2e comparison.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CallRecord } from '../../emulator/index.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** IAM_POLICY_PATH: check another copy of the document (e.g. a staged one). */
export const POLICY_PATH = process.env.IAM_POLICY_PATH || join(ROOT, 'docs', 'iam-policy.json')

/** The account, region and names the document's ARNs are written for (the emulator's seeded world). */
export const POLICY_WORLD = {
  account: '123456789012',
  region: 'us-east-1',
  cluster: 'prod',
  service: 'web',
  family: 'web',
  application: 'web-app',
  deploymentGroup: 'web-dg',
  taskRoleArn: 'arn:aws:iam::123456789012:role/web-task-role',
  executionRoleArn: 'arn:aws:iam::123456789012:role/web-task-execution-role'
}

export interface Statement {
  Sid?: string | undefined
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>> | undefined
}

export interface Policy {
  Version: string
  Statement: Statement[]
}

const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x])

export function loadPolicy(): Policy {
  return JSON.parse(readFileSync(POLICY_PATH, 'utf8')) as Policy
}

export function policyActions(p: Policy = loadPolicy()): string[] {
  return [...new Set(p.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)))].sort()
}

/** Statements for another way of releasing than CodeDeploy blue/green (their Sid says which). */
export const OTHER_WAY_SID = /^(AlbWeighted|EcsNative|EcsBlueGreen|Rolling)/

/** The policy as a role that releases through CodeDeploy needs it: the other ways' statements left out. */
export function codeDeployPolicy(p: Policy = loadPolicy()): Policy {
  return { ...p, Statement: p.Statement.filter((s) => !OTHER_WAY_SID.test(s.Sid ?? '')) }
}

/** `ecs:DescribeServices` for a call-log record. */
export const actionOf = (c: Pick<CallRecord, 'service' | 'operation'>): string => `${c.service}:${c.operation}`

/**
 * Permissions AWS checks without an API call of their own, for calls in the log:
 * - RegisterTaskDefinition with tags needs ecs:TagResource (tag-on-create authorisation);
 * - RegisterTaskDefinition with a task or execution role needs iam:PassRole on it, and so does
 *   RunTask of a task definition with one (the pre-release task);
 * - CreateDeployment registers the revision (codedeploy:RegisterApplicationRevision on the
 *   application) and reads the deployment config (codedeploy:GetDeploymentConfig).
 */
export function impliedPermissions(calls: CallRecord[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const c of calls) {
    const p = (c.params ?? {}) as Record<string, unknown>
    if (c.service === 'ecs' && c.operation === 'RegisterTaskDefinition') {
      if (Array.isArray(p.tags) && p.tags.length) out.set('ecs:TagResource', 'RegisterTaskDefinition with tags')
      if (p.taskRoleArn || p.executionRoleArn) out.set('iam:PassRole', 'RegisterTaskDefinition with a task or execution role')
    }
    if (c.service === 'ecs' && c.operation === 'RunTask') out.set('iam:PassRole', 'RunTask of a task definition with a task or execution role')
    if (c.service === 'codedeploy' && c.operation === 'CreateDeployment') {
      out.set('codedeploy:RegisterApplicationRevision', 'CreateDeployment registers its revision')
      out.set('codedeploy:GetDeploymentConfig', 'CreateDeployment reads its deployment config')
    }
  }
  return out
}

/** Whether an IAM ARN pattern (with * and ?) matches an ARN. */
export function arnMatches(pattern: string, arn: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`
  )
  return re.test(arn)
}

/** Whether an Allow statement grants `action` on `resource` (conditions aside; the unit test checks them). */
export function allows(p: Policy, action: string, resource: string): boolean {
  return p.Statement.some((s) => s.Effect === 'Allow' && list(s.Action).includes(action) && list(s.Resource).some((r) => arnMatches(r, resource)))
}

/**
 * The resources IAM authorises a call against, as the Service Authorization Reference lists them
 * for these operations. `groupOf` gives a deployment's application and group.
 */
export function resourcesOf(c: CallRecord, groupOf: (deploymentId: string) => { application: string; group: string } | undefined): string[] {
  const { account, region } = POLICY_WORLD
  const p = (c.params ?? {}) as Record<string, any>
  const short = (s: string): string => String(s).split('/').pop()!
  const ecs = (path: string): string => `arn:aws:ecs:${region}:${account}:${path}`
  const cd = (path: string): string => `arn:aws:codedeploy:${region}:${account}:${path}`
  const group = (application: string, name: string): string => cd(`deploymentgroup:${application}/${name}`)
  const byId = (id: string): string => {
    const g = groupOf(id)
    return g ? group(g.application, g.group) : cd(`deploymentgroup:unknown-deployment/${id}`)
  }
  // The look after a failure: the container's log stream, and ELBv2's Describe calls (no resource scope).
  // DescribeLogGroups (mode plan) is authorised on every log group of the account and region.
  if (c.service === 'logs' && c.operation === 'DescribeLogGroups') return [`arn:aws:logs:${region}:${account}:log-group:*`]
  if (c.service === 'logs') return [`arn:aws:logs:${region}:${account}:log-group:${p.logGroupName}:log-stream:${p.logStreamName ?? '*'}`]
  if (c.service === 'elasticloadbalancing') return ['*']
  // DescribeImages (mode plan): the repository, in the registry the image names.
  if (c.service === 'ecr') return [`arn:aws:ecr:${region}:${p.registryId ?? account}:repository/${p.repositoryName}`]
  if (c.service === 'ecs') {
    switch (c.operation) {
      case 'DescribeServices':
        return (p.services ?? []).map((s: string) => (String(s).startsWith('arn:') ? s : ecs(`service/${short(p.cluster ?? 'default')}/${s}`)))
      case 'DescribeTasks':
        return (p.tasks ?? []).map((t: string) => (String(t).startsWith('arn:') ? t : ecs(`task/${short(p.cluster ?? 'default')}/${t}`)))
      case 'StopTask':
        return [String(p.task).startsWith('arn:') ? p.task : ecs(`task/${short(p.cluster ?? 'default')}/${p.task}`)]
      case 'RunTask':
        return [String(p.taskDefinition).startsWith('arn:') ? p.taskDefinition : ecs(`task-definition/${p.taskDefinition}`)]
      default:
        return ['*']
    }
  }
  switch (c.operation) {
    case 'ListApplications':
      return ['*']
    case 'ListDeploymentGroups':
      return [cd(`application:${p.applicationName}`)]
    case 'BatchGetDeploymentGroups':
      return (p.deploymentGroupNames ?? []).map((n: string) => group(p.applicationName, n))
    case 'GetDeploymentConfig':
      return [cd(`deploymentconfig:${p.deploymentConfigName}`)]
    case 'GetDeploymentGroup':
    case 'ListDeployments':
    case 'CreateDeployment':
      return [group(p.applicationName, p.deploymentGroupName)]
    case 'BatchGetDeployments':
      return (p.deploymentIds ?? []).map(byId)
    default:
      return p.deploymentId ? [byId(p.deploymentId)] : ['*']
  }
}

/** IAM service prefix of each AWS SDK client package (@aws-sdk/client-NAME). */
const IAM_PREFIX: Record<string, string> = {
  ecs: 'ecs',
  codedeploy: 'codedeploy',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  cloudwatch: 'cloudwatch',
  'cloudwatch-logs': 'logs'
}

/** The AWS operations the source code can call: `new XCommand(` with X imported from an AWS SDK client. */
export function sourceActions(dir = join(ROOT, 'src')): string[] {
  const out = new Set<string>()
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8')
        const services = new Map<string, string>()
        for (const m of text.matchAll(/import\s*{([^}]*)}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
          for (const n of m[1]!.split(',')) {
            const id = n.trim().replace(/^type\s+/, '')
            if (id.endsWith('Command')) services.set(id, m[2]!)
          }
        }
        for (const m of text.matchAll(/new\s+([A-Za-z]+Command)\s*\(/g)) {
          const service = services.get(m[1]!)
          if (service) out.add(`${IAM_PREFIX[service] ?? service}:${m[1]!.replace(/Command$/, '')}`)
        }
      }
    }
  }
  walk(dir)
  return [...out].sort()
}

/** The resources an ECS service or service deployment call of the ECS ways touches, as IAM names them (none for other calls). */
export function ecsServiceResources(c: CallRecord): string[] {
  const ecs = (path: string): string => `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:${path}`
  const p = c.params as Record<string, any>
  if (c.service !== 'ecs') return []
  switch (c.operation) {
    case 'UpdateService':
    case 'ListServiceDeployments':
      return [ecs(`service/${p.cluster}/${p.service}`)]
    case 'DescribeServices':
      return (p.services as string[]).map((s) => ecs(`service/${p.cluster}/${s}`))
    case 'StopServiceDeployment':
    case 'ContinueServiceDeployment':
      return [p.serviceDeploymentArn]
    case 'DescribeServiceDeployments':
      return p.serviceDeploymentArns
    case 'DescribeServiceRevisions':
      return p.serviceRevisionArns
    default:
      return []
  }
}

/** "action on resource" for each such call that docs/iam-policy.json does not allow. */
export function deniedEcsServiceCalls(calls: CallRecord[], policy: Policy = loadPolicy()): string[] {
  return [
    ...new Set(
      calls.flatMap((c) =>
        ecsServiceResources(c)
          .filter((r) => !allows(policy, actionOf(c), r))
          .map((r) => `${actionOf(c)} on ${r}`)
      )
    )
  ]
}
