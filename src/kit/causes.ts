/**
 * Why a release failed, recognised from what ECS and the load balancer say, with what to do about
 * it. Pure: src/kit/forensics.ts gathers the evidence, the log, the summary and the annotation say
 * the causes these functions name.
 */
import type { ContainerDefinition, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Cause, Forensics } from '../core/result.js'

export interface StoppedContainer {
  name?: string | undefined
  exitCode?: number | undefined
  reason?: string | undefined
  healthStatus?: string | undefined
}

export interface StoppedTask {
  taskId: string
  taskDefinitionArn?: string | undefined
  stopCode?: string | undefined
  stoppedReason?: string | undefined
  containers: StoppedContainer[]
}

/** A stopped task as ECS described it, in the words the causes are read from. */
export function stoppedTask(t: Task): StoppedTask {
  return {
    taskId: t.taskArn?.split('/').pop() ?? '?',
    taskDefinitionArn: t.taskDefinitionArn,
    stopCode: t.stopCode,
    stoppedReason: t.stoppedReason,
    containers: (t.containers ?? []).map((c) => ({ name: c.name, exitCode: c.exitCode, reason: c.reason, healthStatus: c.healthStatus }))
  }
}

export interface TargetGroupHealth {
  name: string
  arn: string
  /** GET /health on traffic-port, expecting 200 */
  healthCheck: { protocol?: string | undefined; path?: string | undefined; port?: string | undefined; matcher?: string | undefined }
  unhealthy: { id: string; reason?: string | undefined; description?: string | undefined }[]
}

export interface Evidence {
  /** The new revision's tasks that stopped, first the one that stopped first. */
  tasks: StoppedTask[]
  /** The task definition of the first stopped task (else the new revision). */
  taskDefinition?: TaskDefinition | undefined
  /** The target groups the new revision registers in. */
  targetGroups: TargetGroupHealth[]
}

/** The container whose output explains the failure: the essential one that exited, else the first one with a reason. */
export function culprit(t: StoppedTask, td: TaskDefinition | undefined): StoppedContainer | undefined {
  const essential = (c: StoppedContainer): boolean => td?.containerDefinitions?.find((d) => d.name === c.name)?.essential !== false
  return (
    t.containers.find((c) => essential(c) && c.exitCode !== undefined && c.exitCode !== 0) ??
    t.containers.find((c) => essential(c) && c.reason) ??
    t.containers.find((c) => essential(c) && c.exitCode !== undefined) ??
    t.containers[0]
  )
}

const ARN = /arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:[^\s"',)]+/g

/** The first ARN of a service in `text`. */
const arnOf = (text: string, services: RegExp): string | undefined =>
  [...text.matchAll(ARN)].map((m) => m[0].replace(/[.:]$/, '')).find((a) => services.test(a.split(':')[2] ?? ''))

const healthCheckLine = (h: TargetGroupHealth['healthCheck']): string =>
  `${h.protocol ?? 'HTTP'} ${h.path ?? '/'} on ${h.port === 'traffic-port' || !h.port ? 'the traffic port' : `port ${h.port}`}, expecting ${h.matcher ?? '200'}`

function targetFix(tg: TargetGroupHealth | undefined): string {
  const what = tg ? `${tg.healthCheck.path ?? '/'} answer ${tg.healthCheck.matcher ?? '200'}` : 'the health check path answer what its matcher expects'
  return `Make ${what} on the container port once the app is up, or change the target group's health check (Terraform: health_check { path, matcher }); a slow start wants a longer health_check_grace_period_seconds on the service`
}

/** The target group a reason names, else the first with unhealthy targets. */
function groupIn(e: Evidence, text: string): TargetGroupHealth | undefined {
  return e.targetGroups.find((g) => text.includes(g.arn) || text.includes(`targetgroup/${g.name}/`)) ?? e.targetGroups.find((g) => g.unhealthy.length)
}

/** The causes, most telling first; none when the evidence explains nothing. */
export function causesOf(e: Evidence): Cause[] {
  const task = e.tasks[0]
  const td = e.taskDefinition
  const out: Cause[] = []
  if (task) {
    const c = culprit(task, td)
    const def = td?.containerDefinitions?.find((d) => d.name === c?.name)
    const name = c?.name ?? 'the container'
    const said = [task.stoppedReason, ...task.containers.map((x) => x.reason)].filter(Boolean).join(' ')
    const detail = c?.reason ?? task.stoppedReason
    if (/CannotPullContainerError/i.test(said)) {
      const image = def?.image ?? 'the image'
      const missing = /not found|manifest unknown|does not exist/i.test(said)
      const denied = /403|denied|not authorized|forbidden/i.test(said)
      const role = td?.executionRoleArn ?? 'the task execution role'
      out.push({
        code: 'image-pull',
        title: `ECS could not pull ${image}: ${missing ? 'the tag does not exist' : denied ? 'the task execution role may not pull it' : 'the tag does not exist, or the task execution role may not pull it'}`,
        detail,
        fix: missing
          ? `Push ${image} before this step, or give 'image' a tag that exists (aws ecr describe-images --repository-name ${image.split('/').pop()?.split(/[:@]/)[0] ?? 'REPO'})`
          : `Allow ${role} ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository, and give the task a route to ECR (a NAT gateway or VPC endpoints); check that the tag exists too`
      })
    } else if (/ResourceInitializationError/i.test(said)) {
      const role = td?.executionRoleArn ?? 'the task execution role'
      const secret = arnOf(said, /^(secretsmanager|ssm)$/)
      const logGroup = /log (group|stream)|logger|CreateLogStream|logs:/i.test(said)
      if (secret) {
        out.push({
          code: 'secret',
          title: `The task execution role could not read secret ${secret}`,
          detail,
          fix: `Allow ${role} ${secret.includes(':ssm:') ? 'ssm:GetParameters' : 'secretsmanager:GetSecretValue'} on ${secret} (and kms:Decrypt on its key if it has its own), and check that the secret exists in this region`
        })
      } else if (logGroup) {
        const opts = def?.logConfiguration?.options ?? {}
        const group = opts['awslogs-group'] ?? arnOf(said, /^logs$/) ?? 'the log group'
        out.push({
          code: 'log-group',
          title: `The task could not write to log group ${group}`,
          detail,
          fix: `Create log group ${group} in ${opts['awslogs-region'] ?? 'the task\u2019s region'} (Terraform: aws_cloudwatch_log_group), or set awslogs-create-group to true and allow ${role} logs:CreateLogGroup; the role needs logs:CreateLogStream and logs:PutLogEvents on it`
        })
      } else {
        const arn = arnOf(said, /./)
        out.push({
          code: 'resource-init',
          title: `The task could not start: ECS could not prepare what it needs${arn ? ` (${arn})` : ''}`,
          detail,
          fix: `Allow ${role} to reach ${arn ?? 'the resource named above'}, and give the task a route to the AWS APIs it needs (a NAT gateway or VPC endpoints)`
        })
      }
    } else if (/OutOfMemory/i.test(said)) {
      const limit = def?.memory ?? def?.memoryReservation
      const where = def?.memory ? 'its container memory' : td?.memory ? "the task's memory" : 'its memory limit'
      const mib = limit ?? (td?.memory ? Number(td.memory) : undefined)
      out.push({
        code: 'out-of-memory',
        title: `Container ${name} was killed at its memory limit${mib ? ` of ${mib} MiB (${where})` : ''}`,
        detail,
        fix: `Raise ${def?.memory ? `the container's memory (now ${def.memory})` : `the task's memory${td?.memory ? ` (now ${td.memory})` : ''}`} in the task definition, or find what grows: the container's last lines are below`
      })
    } else if (/container health checks/i.test(said) || task.containers.some((x) => x.healthStatus === 'UNHEALTHY')) {
      const hc = def?.healthCheck ?? td?.containerDefinitions?.find((d) => d.healthCheck)?.healthCheck
      const cmd = hc?.command?.join(' ')
      out.push({
        code: 'container-health',
        title: `Container ${name}'s health check kept failing`,
        detail: cmd
          ? `${cmd} (every ${hc?.interval ?? 30}s, ${hc?.retries ?? 3} retries, ${hc?.startPeriod ?? 0}s start period)`
          : (task.stoppedReason ?? 'Task failed container health checks'),
        fix: `Run the health check command inside the image: it must exit 0 once the app is up (curl or wget must exist in the image); a slow start wants a longer startPeriod`
      })
    } else if (/ELB health checks/i.test(said)) {
      const tg = groupIn(e, said)
      const first = tg?.unhealthy[0]
      const name = tg?.name ?? /targetgroup\/([^/\s)]+)\//.exec(said)?.[1]
      out.push({
        code: 'elb-health',
        title: `Tasks were stopped for failing the load balancer's health checks${name ? ` of ${name}` : ''}`,
        detail:
          [tg && healthCheckLine(tg.healthCheck), first?.reason && `${first.reason}${first.description ? `: ${first.description}` : ''}`]
            .filter(Boolean)
            .join('; ') || task.stoppedReason,
        fix: targetFix(tg)
      })
    } else if (c?.exitCode !== undefined && c.exitCode !== 0) {
      out.push({
        code: 'exit',
        title: `Essential container ${name} exited with code ${c.exitCode}`,
        detail: [task.stoppedReason, c.reason].filter(Boolean).join('; ') || undefined,
        fix: `The container's last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce`
      })
    }
  }
  const unhealthy = e.targetGroups.find((g) => g.unhealthy.length)
  if (unhealthy && !out.some((c) => c.code === 'elb-health')) {
    const first = unhealthy.unhealthy[0]!
    out.push({
      code: 'target-health',
      title: `${unhealthy.unhealthy.length} target${unhealthy.unhealthy.length > 1 ? 's' : ''} of ${unhealthy.name} failed the load balancer's health checks: ${first.reason ?? 'unhealthy'}${first.description ? ` (${first.description})` : ''}`,
      detail: healthCheckLine(unhealthy.healthCheck),
      fix: targetFix(unhealthy)
    })
  }
  return out
}

/**
 * Where a container's output goes: its awslogs stream in this region, or a sentence saying where it
 * goes instead (another driver, none, another region), for the reader to look there.
 */
export function outputOf(
  name: string,
  def: ContainerDefinition,
  taskId: string,
  region: string
): { group: string; stream: string; source: string; region: string } | { note: string } {
  const conf = def.logConfiguration
  if (!conf) return { note: `Container ${name} has no logConfiguration, so its output was not kept. Add the awslogs driver to see its last lines here.` }
  const opts = conf.options ?? {}
  if (conf.logDriver !== 'awslogs') {
    const to = conf.logDriver === 'awsfirelens' ? `FireLens${opts.Name ? ` (output ${opts.Name})` : ''}` : conf.logDriver
    return { note: `Container ${name} logs through ${to}: its last lines are there, not in CloudWatch Logs.` }
  }
  const group = opts['awslogs-group']
  const prefix = opts['awslogs-stream-prefix']
  const logRegion = opts['awslogs-region'] ?? region
  if (!group || !prefix)
    return {
      note: `Container ${name} logs to CloudWatch Logs${group ? ` group ${group}` : ''} without awslogs-stream-prefix, so its stream cannot be named from the task.`
    }
  const stream = `${prefix}/${name}/${taskId}`
  const source = `log group ${group}, stream ${stream}`
  if (logRegion !== region) return { note: `Container ${name} logs to ${source} in ${logRegion}.` }
  return { group, stream, source, region: logRegion }
}

/** The log's lines: each cause with its fix, then the container's last lines. */
export function forensicLines(f: Forensics): string[] {
  const out: string[] = []
  for (const c of f.causes) {
    out.push(`Why it failed: ${c.title}`)
    if (c.detail) out.push(`  ${c.detail}`)
    out.push(`  Fix: ${c.fix}`)
  }
  if (f.excerpt) {
    out.push(`  Last ${f.excerpt.lines.length} lines of ${f.excerpt.container}, task ${f.excerpt.taskId.slice(0, 8)} (${f.excerpt.source}):`)
    for (const l of f.excerpt.lines) out.push(`    | ${l}`)
  } else if (f.logNote) out.push(`  ${f.logNote}`)
  return out
}
