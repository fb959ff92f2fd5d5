/**
 * mode plan, the same for every way: what a release would do up to its first change (the way's own
 * reads and render), then what can be checked without changing anything, shown in the log and as
 * Markdown (the output 'plan', the job summary, the pull request's comment). Read-only: nothing
 * here changes anything in AWS.
 */
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { ecrImage, imageState } from '../aws/ecr.js'
import { logGroupExists } from '../aws/logs.js'
import type { Context, RegisterInput } from '../core/context.js'
import { ActionError, describeError } from '../core/errors.js'
import type { ReleaseResult } from '../core/result.js'
import { WAY_TITLES } from '../core/way.js'
import { revisionName } from '../report/format.js'
import { preReleaseContainer } from './register.js'
import { printRendered, type Rendered } from './render.js'
import { resolveRollbackTarget } from './rollback-target.js'

export type CheckStatus = 'ok' | 'warn' | 'fail'

/** One thing the plan checked, in one sentence: what was found, and for a problem what to do. */
export interface Check {
  status: CheckStatus
  text: string
}

/** What a way hands the plan: its reads and render, its own checks, and the result it starts from. */
export interface WayPlan {
  /** The way's first line, as a release prints it. */
  header: string
  rendered: Rendered
  /** The container and port the load balancer routes to (renderFromService refused a task definition without them). */
  lb?: { containerName: string; containerPort?: number | undefined } | undefined
  /** The way's own checks: a release in flight, the deployment group idle, the alarms. */
  checks: Check[]
  /** CodeDeploy: the AppSpec CreateDeployment would carry. */
  appSpec?: unknown
  result: ReleaseResult
}

const MARK: Record<CheckStatus, { log: string; md: string }> = {
  ok: { log: 'ok  ', md: '✅' },
  warn: { log: 'warn', md: '⚠️' },
  fail: { log: 'FAIL', md: '❌' }
}

/** Where a rollback after this release would go: 'rollback-to' resolved as mode rollback would, with the revision running now as 'previous'. */
async function rollbackLine(ctx: Pick<Context, 'inputs' | 'clients'>, running: string | undefined): Promise<Check | string> {
  const quiet = { line: () => undefined } as unknown as Context['log']
  try {
    const to = await resolveRollbackTarget({ ...ctx, log: quiet }, running, async () =>
      running ? { taskDefinitionArn: running, foundIn: 'what the service runs now' } : { none: 'the service runs no task definition' }
    )
    const said = ctx.inputs.rollbackTo === 'previous' ? 'previous' : `'${ctx.inputs.rollbackTo}'`
    return `rollback-to ${said} would go back to ${revisionName(to)}${to === running ? ' (what the service runs now)' : ''}`
  } catch (err) {
    if (!(err instanceof ActionError)) throw err
    return { status: 'fail', text: err.message }
  }
}

/** The task's awslogs groups: each must exist, or tasks stop at start (unless awslogs-create-group). */
async function logGroupChecks(ctx: Pick<Context, 'clients' | 'region'>, td: RegisterInput): Promise<Check[]> {
  const groups = new Map<string, { region?: string | undefined; create: boolean }>()
  for (const c of td.containerDefinitions ?? []) {
    const lc = c.logConfiguration
    const name = lc?.logDriver === 'awslogs' ? lc.options?.['awslogs-group'] : undefined
    if (name) groups.set(name, { region: lc?.options?.['awslogs-region'], create: lc?.options?.['awslogs-create-group'] === 'true' })
  }
  const out: Check[] = []
  for (const [name, g] of groups) {
    if (g.region && g.region !== ctx.region) {
      out.push({ status: 'warn', text: `log group ${name} is in ${g.region}, not checked from ${ctx.region}` })
      continue
    }
    try {
      if (await logGroupExists(ctx.clients.logs, name)) out.push({ status: 'ok', text: `log group ${name} exists` })
      else if (g.create) out.push({ status: 'ok', text: `log group ${name} does not exist yet; awslogs-create-group creates it` })
      else
        out.push({
          status: 'fail',
          text: `log group ${name} does not exist: every task would stop at start (ResourceInitializationError). Create it, or set awslogs-create-group "true"`
        })
    } catch (err) {
      out.push({ status: 'warn', text: `log group ${name} not checked: ${describeError(err)} (needs logs:DescribeLogGroups)` })
    }
  }
  return out
}

/**
 * The images in ECR: each tag or digest must be in its repository, or every task would stop at
 * start (CannotPullContainerError). Images of other registries, or of ECR in another region, are
 * not checked.
 */
async function imageChecks(ctx: Pick<Context, 'clients' | 'region'>, td: RegisterInput): Promise<Check[]> {
  const out: Check[] = []
  const seen = new Set<string>()
  for (const c of td.containerDefinitions ?? []) {
    if (!c.image || seen.has(c.image)) continue
    seen.add(c.image)
    const image = ecrImage(c.image)
    if (!image) continue
    const ref = `${image.repositoryName}${image.imageDigest ? `@${image.imageDigest.slice(0, 19)}…` : `:${image.imageTag}`}`
    if (image.region !== ctx.region) {
      out.push({ status: 'warn', text: `image ${ref} is in ECR in ${image.region}, not checked from ${ctx.region}` })
      continue
    }
    try {
      const state = await imageState(ctx.clients.ecr, image)
      if (state === 'found') out.push({ status: 'ok', text: `image ${ref} is in ECR` })
      else
        out.push({
          status: 'fail',
          text:
            state === 'missing'
              ? `image ${ref} is not in ECR: every task would stop at start (CannotPullContainerError). Push it, or give the tag the build pushed`
              : `ECR repository ${image.repositoryName} does not exist in account ${image.registryId}: every task would stop at start. Check the image URI`
        })
    } catch (err) {
      out.push({ status: 'warn', text: `image ${ref} not checked: ${describeError(err)} (needs ecr:DescribeImages)` })
    }
  }
  return out
}

const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager|ssm):([a-z0-9-]+):(\d{12}):(secret|parameter)[:/].+$/

/** The secrets' ARNs: well formed, of Secrets Manager or SSM, and an execution role to read them with. Names only, never values. */
export function secretChecks(td: RegisterInput, region: string): Check[] {
  const secrets = (td.containerDefinitions ?? []).flatMap((c: ContainerDefinition) => (c.secrets ?? []).map((s) => ({ container: c.name, ...s })))
  if (!secrets.length) return []
  const out: Check[] = []
  if (!td.executionRoleArn) {
    out.push({
      status: 'fail',
      text: `${secrets.length} secret${secrets.length > 1 ? 's' : ''} but no executionRoleArn: ECS reads secrets with the task execution role, so no task would start. Add the role`
    })
  }
  const said: string[] = []
  for (const s of secrets) {
    const m = SECRET_ARN.exec(s.valueFrom ?? '')
    if (m) said.push(`${s.name} (${m[1]}, ${m[2]}${m[2] !== region ? ', another region' : ''})`)
    else if ((s.valueFrom ?? '').startsWith('arn:'))
      out.push({ status: 'fail', text: `secret ${s.name} of ${s.container}: valueFrom is not a Secrets Manager secret or SSM parameter ARN` })
    else said.push(`${s.name} (SSM parameter name, ${region})`)
  }
  if (said.length) out.push({ status: 'ok', text: `secrets ${said.join(', ')}` })
  return out
}

/** The pre-release task a release would run right after registering: its container must be an essential one of the new task definition. */
function preReleaseCheck(ctx: Pick<Context, 'inputs'>, r: Rendered): Check[] {
  const command = ctx.inputs.preReleaseCommand
  if (!command) return []
  try {
    const container = preReleaseContainer(ctx.inputs, r.taskDefinition, r.imageContainer)
    return [{ status: 'ok', text: `pre-release task: ${JSON.stringify(command)} in container ${container}, before anything else changes` }]
  } catch (err) {
    if (!(err instanceof ActionError)) throw err
    return [{ status: 'fail', text: err.message }]
  }
}

/** Runs the checks every way shares, prints the plan, and returns it as the result of mode plan. */
export async function reportPlan(ctx: Pick<Context, 'inputs' | 'clients' | 'region' | 'log' | 'chosen'>, p: WayPlan): Promise<ReleaseResult> {
  const { inputs, log } = ctx
  const r = p.rendered
  log.line(p.header)
  printRendered(ctx, r)
  const rollback = await rollbackLine(ctx, r.previousArn)
  const checks: Check[] = [
    ...(p.lb
      ? [
          {
            status: 'ok' as const,
            text: `the load balancer routes to ${p.lb.containerName}${p.lb.containerPort !== undefined ? `:${p.lb.containerPort}` : ''}, which the new task definition has`
          }
        ]
      : []),
    ...p.checks,
    ...preReleaseCheck(ctx, r),
    ...(await imageChecks(ctx, r.taskDefinition)),
    ...(await logGroupChecks(ctx, r.taskDefinition)),
    ...secretChecks(r.taskDefinition, ctx.region),
    ...(typeof rollback === 'string' ? [] : [rollback])
  ]
  const unchanged = r.unchanged && !inputs.force
  const what = unchanged
    ? `Unchanged: the service already runs ${revisionName(r.previousArn)}; a release would register and deploy nothing ('force: true' releases anyway).`
    : r.existingArn && r.existingArn !== r.previousArn
      ? `A release would put ${revisionName(r.existingArn)} on the service as it is, registering nothing.`
      : `A release would register ${r.taskDefinition.family}:new and put it on the service.`
  if (typeof rollback === 'string') log.line(`Rollback: ${rollback}`)
  log.line('Checks (read-only):')
  for (const c of checks) log.line(`  ${MARK[c.status].log}  ${c.text}`)
  if (p.appSpec) log.line(`AppSpec: ${JSON.stringify(p.appSpec)}`)
  log.line(what)
  const failed = checks.filter((c) => c.status === 'fail')
  log.line(
    `Plan only (mode plan): nothing in AWS was changed.${failed.length ? ` ${failed.length} check${failed.length > 1 ? 's' : ''} failed: the release would fail.` : ''}`
  )

  const plan = planMarkdown(ctx, p, { checks, rollback: typeof rollback === 'string' ? rollback : undefined, what })
  return {
    ...p.result,
    outcome: failed.length ? 'failed' : unchanged ? 'unchanged' : 'planned',
    taskDefinitionArn: unchanged ? r.previousArn : r.existingArn,
    previousTaskDefinitionArn: r.previousArn,
    plan,
    ...(failed.length ? { cause: `The plan found ${failed.length} problem${failed.length > 1 ? 's' : ''}: ${failed.map((c) => c.text).join('; ')}` } : {})
  }
}

/** A comment GitHub hides, that finds the plan's comment of this service again on the next run. */
export const planMarker = (cluster: string, service: string): string => `<!-- ecs-bluegreen-action plan ${cluster}/${service} -->`

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

/** The plan as Markdown: for the output 'plan', the job summary and the pull request comment. */
export function planMarkdown(ctx: Pick<Context, 'inputs' | 'chosen'>, p: WayPlan, o: { checks: Check[]; rollback?: string | undefined; what: string }): string {
  const { inputs } = ctx
  const r = p.rendered
  const failed = o.checks.some((c) => c.status === 'fail')
  const copy = r.existingArn === r.previousArn && inputs.force
  const to = r.existingArn && !copy ? revisionName(r.existingArn) : `${r.taskDefinition.family}:new`
  const out = [
    planMarker(inputs.cluster, inputs.service),
    `### ${failed ? '❌' : '📋'} Release plan: \`${cell(inputs.cluster)}/${cell(inputs.service)}\``,
    '',
    `**${WAY_TITLES[ctx.chosen.way]}** (${cell(ctx.chosen.why)})`,
    '',
    `\`${p.header.replace(/^ecs-bluegreen-action\s+/, '').replace(/`/g, "'")}\``,
    '',
    o.what,
    '',
    `| Task definition | ${revisionName(r.previousArn)} → ${to} |`,
    '| --- | --- |'
  ]
  for (const d of r.diff) out.push(`| ${cell([d.container, d.field].filter(Boolean).join(' '))} | \`${cell(d.text)}\` |`)
  const tags = (r.taskDefinition.tags ?? []).filter((t) => inputs.tags.some((x) => x.key === t.key) || t.key === 'Environment' || t.key === 'Version')
  if (tags.length && !r.existingArn) out.push(`| tags | ${cell(tags.map((t) => `${t.key}=${t.value}`).join(' '))} |`)
  if (o.rollback) out.push(`| Rollback | ${cell(o.rollback)} |`)
  out.push('', '**Checks** (read-only)', '')
  for (const c of o.checks) out.push(`- ${MARK[c.status].md} ${c.text}`)
  if (p.appSpec) out.push('', '<details><summary>AppSpec</summary>', '', '```json', JSON.stringify(p.appSpec, null, 2), '```', '', '</details>')
  out.push('', '_Plan only: nothing in AWS was changed._')
  return out.join('\n')
}

/** A release in flight, as if-busy would meet it: what the release would do about it. */
export function busyCheck(ctx: Pick<Context, 'inputs'>, inFlight: { name: string; owner: string } | undefined, idle: string): Check {
  if (!inFlight) return { status: 'ok', text: idle }
  const what = { wait: 'wait for it to end first', 'stop-previous': 'stop it with rollback first', fail: 'be refused' }[ctx.inputs.ifBusy]
  return {
    status: ctx.inputs.ifBusy === 'fail' ? 'fail' : 'warn',
    text: `${inFlight.owner} is busy with ${inFlight.name}: a release would ${what} (if-busy: ${ctx.inputs.ifBusy})`
  }
}
