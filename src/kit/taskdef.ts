import type {
  ContainerDefinition,
  KeyValuePair,
  RegisterTaskDefinitionCommandInput,
  Secret as EcsSecret,
  Tag as EcsTag,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import type { RegisterInput } from '../core/context.js'
import { ActionError, inputError } from '../core/errors.js'
import { imageVersion, type NameValue, type Secret, type Tag } from '../core/inputs.js'

/**
 * Every field RegisterTaskDefinition takes. `satisfies` makes the compiler fail when the SDK adds
 * one, so a new field is never silently dropped from a rendered task definition.
 */
const REGISTER_FIELDS = {
  family: true,
  taskRoleArn: true,
  executionRoleArn: true,
  networkMode: true,
  containerDefinitions: true,
  volumes: true,
  placementConstraints: true,
  requiresCompatibilities: true,
  cpu: true,
  memory: true,
  tags: true,
  pidMode: true,
  ipcMode: true,
  proxyConfiguration: true,
  inferenceAccelerators: true,
  ephemeralStorage: true,
  runtimePlatform: true,
  enableFaultInjection: true
} as const satisfies Record<keyof RegisterTaskDefinitionCommandInput, true>

/** What DescribeTaskDefinition returns and RegisterTaskDefinition rejects. */
const READ_ONLY_FIELDS = new Set<string>([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
] satisfies (keyof TaskDefinition)[])

export type { RegisterInput } from '../core/context.js'

/**
 * Keeps what RegisterTaskDefinition accepts. Fields AWS adds to describe output later are dropped
 * too (a live task definition is trusted); a file is checked strictly by parseTaskDefinitionFile.
 */
export function toRegisterInput(td: TaskDefinition | RegisterInput, tags?: EcsTag[]): RegisterInput {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(td)) {
    if (Object.hasOwn(REGISTER_FIELDS, key) && value !== undefined && value !== null) out[key] = value
  }
  if (tags?.length) out.tags = tags
  return structuredClone(out) as unknown as RegisterInput
}

/**
 * Reads a task definition file: plain RegisterTaskDefinition JSON, or raw describe-task-definition
 * output with or without its {"taskDefinition": ..., "tags": ...} wrapper.
 */
export function parseTaskDefinitionFile(text: string, input = 'task-definition'): RegisterInput {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw inputError(
      input,
      `the file is not valid JSON (${(e as Error).message})`,
      'Give a JSON task definition, e.g. the output of aws ecs describe-task-definition'
    )
  }
  if (!isObject(doc))
    throw inputError(
      input,
      'the file does not hold a JSON object',
      'Give a file with one task definition object, e.g. the output of aws ecs describe-task-definition'
    )
  let tags: EcsTag[] | undefined
  if (isObject(doc.taskDefinition)) {
    tags = Array.isArray(doc.tags) ? (doc.tags as EcsTag[]) : undefined
    doc = doc.taskDefinition
  }
  const td = doc as Record<string, unknown>
  const unknown = Object.keys(td).filter((k) => !Object.hasOwn(REGISTER_FIELDS, k) && !READ_ONLY_FIELDS.has(k))
  if (unknown.length) {
    throw inputError(
      input,
      `unknown top-level field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`,
      'Remove them or fix their spelling; see RegisterTaskDefinition in the ECS API reference'
    )
  }
  const containers = td.containerDefinitions
  if (!Array.isArray(containers) || containers.length === 0 || !containers.every((c) => isObject(c) && typeof c.name === 'string')) {
    throw inputError(input, 'has no containerDefinitions (a non-empty list of containers, each with a name)', 'Add the containers to the file')
  }
  if (typeof td.family !== 'string' || !td.family) throw inputError(input, "has no 'family'", 'Add the family name of the task definition')
  return toRegisterInput(td as unknown as RegisterInput, tags ?? (td.tags as EcsTag[] | undefined))
}

export interface RenderOptions {
  image?: string | undefined
  containerName: string
  environmentVariables: NameValue[]
  secrets: Secret[]
  tags: Tag[]
  environment?: string | undefined
}

/** Swaps the image, merges env vars, secrets and tags. Pure: returns a new RegisterInput. */
export function renderTaskDefinition(base: RegisterInput, opts: RenderOptions): RegisterInput {
  const td = toRegisterInput(base, base.tags)
  const container = findContainer(td, opts.containerName)
  if (opts.image) container.image = opts.image
  if (opts.environmentVariables.length) container.environment = mergeByName<KeyValuePair>(container.environment, opts.environmentVariables)
  if (opts.secrets.length) container.secrets = mergeByName<EcsSecret>(container.secrets, opts.secrets)

  const extra: Tag[] = [...opts.tags]
  if (opts.environment) extra.push({ key: 'Environment', value: opts.environment })
  const version = container.image ? imageVersion(container.image) : undefined
  if (version && opts.image) extra.push({ key: 'Version', value: version })
  const tags = mergeTags(td.tags, extra)
  if (tags.length) td.tags = tags
  return td
}

export function findContainer(td: RegisterInput, name: string): ContainerDefinition {
  const container = td.containerDefinitions?.find((c) => c.name === name)
  if (!container) {
    const names = (td.containerDefinitions ?? []).map((c) => c.name).join(', ')
    throw inputError(
      'container-name',
      `no container named '${name}' in task definition family '${td.family}' (it has: ${names})`,
      'Give the name of one of its containers'
    )
  }
  return container
}

/** Same name replaces in place (order kept); new names are appended. */
function mergeByName<T extends { name?: string | undefined }>(existing: T[] | undefined, updates: T[]): T[] {
  const out = (existing ?? []).map((e) => ({ ...e }))
  for (const u of updates) {
    const i = out.findIndex((e) => e.name === u.name)
    if (i >= 0) out[i] = { ...u }
    else out.push({ ...u })
  }
  return out
}

function mergeTags(existing: EcsTag[] | undefined, updates: Tag[]): EcsTag[] {
  const out = (existing ?? []).map((t) => ({ ...t }))
  for (const u of updates) {
    const i = out.findIndex((t) => t.key === u.key)
    if (i >= 0) out[i] = { key: u.key, value: u.value }
    else out.push({ key: u.key, value: u.value })
  }
  return out
}

export interface DiffLine {
  container?: string | undefined
  field: string
  text: string
}

/** What changes from the running task definition to the new one. Names only: never secret values. */
export function diffTaskDefinitions(prev: RegisterInput | undefined, next: RegisterInput): DiffLine[] {
  const lines: DiffLine[] = []
  if (!prev) return lines
  for (const field of ['cpu', 'memory'] as const) {
    if (prev[field] !== next[field]) lines.push({ field, text: `${prev[field] ?? '-'} -> ${next[field] ?? '-'}` })
  }
  for (const c of next.containerDefinitions ?? []) {
    const p = prev.containerDefinitions?.find((x) => x.name === c.name)
    const name = c.name ?? '?'
    if (!p) {
      lines.push({ container: name, field: 'added', text: c.image ?? '' })
      continue
    }
    if (p.image !== c.image) lines.push({ container: name, field: 'image', text: imageChange(p.image, c.image) })
    const env = nameChanges(p.environment, c.environment, (a, b) => a.value === b.value)
    if (env) lines.push({ container: name, field: 'env', text: env })
    const sec = nameChanges(p.secrets, c.secrets, (a, b) => a.valueFrom === b.valueFrom)
    if (sec) lines.push({ container: name, field: 'secrets', text: sec })
    for (const field of ['cpu', 'memory', 'memoryReservation'] as const) {
      // ECS describes a container without cpu as cpu 0: leaving it out is no change.
      const same = field === 'cpu' ? (p.cpu ?? 0) === (c.cpu ?? 0) : p[field] === c[field]
      if (!same) lines.push({ container: name, field, text: `${p[field] ?? '-'} -> ${c[field] ?? '-'}` })
    }
  }
  for (const p of prev.containerDefinitions ?? []) {
    if (!next.containerDefinitions?.some((c) => c.name === p.name)) lines.push({ container: p.name ?? '?', field: 'removed', text: p.image ?? '' })
  }
  return lines
}

/** `repo:1.4.2 -> :1.5.0` when only the tag moves, the whole URIs otherwise. */
function imageChange(from = '-', to = '-'): string {
  const a = from.lastIndexOf(':')
  const b = to.lastIndexOf(':')
  if (a > 0 && b > 0 && from.slice(0, a) === to.slice(0, b) && !from.includes('@') && !to.includes('@')) return `${from} -> ${to.slice(b)}`
  return `${from} -> ${to}`
}

function nameChanges<T extends { name?: string | undefined }>(before: T[] = [], after: T[] = [], same: (a: T, b: T) => boolean): string {
  const parts: string[] = []
  for (const a of after) {
    const b = before.find((x) => x.name === a.name)
    if (!b) parts.push(`+ ${a.name}`)
    else if (!same(a, b)) parts.push(`~ ${a.name}`)
  }
  for (const b of before) if (!after.some((a) => a.name === b.name)) parts.push(`- ${b.name}`)
  return parts.join('  ')
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `input` is the input that chose the task definition: 'task-definition', or 'rollback-to' for a rollback. */
export function requireContainerPort(td: RegisterInput, containerName: string, port: number | undefined, input = 'task-definition'): void {
  const c = td.containerDefinitions?.find((x) => x.name === containerName)
  if (!c) {
    throw new ActionError(
      `Input '${input}': the service's load balancer routes to container '${containerName}', which the new task definition (family '${td.family}') does not have. CodeDeploy would fail the release minutes from now; add the container or fix the service's load balancer config.`,
      input
    )
  }
  if (port !== undefined && !(c.portMappings ?? []).some((m) => m.containerPort === port)) {
    throw new ActionError(
      `Input '${input}': the service's load balancer routes to port ${port} of container '${containerName}', but the new task definition maps ${(c.portMappings ?? []).map((m) => m.containerPort).join(', ') || 'no ports'}. Add a portMappings entry with containerPort ${port}.`,
      input
    )
  }
}

/** Container fields ECS fills in on registration when they are left out, with the value it puts there. */
const CONTAINER_DEFAULTS: Record<string, unknown> = { cpu: 0, essential: true }

/**
 * A task definition as a canonical string, for the unchanged check: what AWS adds or orders
 * differently does not count. Read-only fields are gone (toRegisterInput), empty lists and objects
 * are what AWS fills in when a field is left out (environment, mountPoints, volumes...), cpu 0 and
 * essential true are its defaults, a port's host port is its container port under awsvpc and host
 * and its protocol tcp, task cpu and memory are strings, and tags, environment and secrets are sets.
 */
export function canonicalTaskDefinition(td: RegisterInput): string {
  const r = toRegisterInput(td, td.tags) as unknown as Record<string, unknown>
  const hostIsContainer = r.networkMode === 'awsvpc' || r.networkMode === 'host'
  if (r.networkMode === 'bridge') delete r.networkMode
  for (const f of ['cpu', 'memory'] as const) if (r[f] !== undefined) r[f] = String(r[f])
  const byName = (a: { name?: string | undefined }, b: { name?: string | undefined }): number => (a.name ?? '').localeCompare(b.name ?? '')
  r.containerDefinitions = ((r.containerDefinitions ?? []) as ContainerDefinition[]).map((c) => {
    const out: Record<string, unknown> = { ...c }
    for (const [k, v] of Object.entries(CONTAINER_DEFAULTS)) if (out[k] === v) delete out[k]
    out.portMappings = (c.portMappings ?? []).map((m) => {
      const pm: Record<string, unknown> = { ...m }
      if (pm.protocol === 'tcp') delete pm.protocol
      if (hostIsContainer && pm.hostPort === pm.containerPort) delete pm.hostPort
      return pm
    })
    if (c.environment) out.environment = [...c.environment].sort(byName)
    if (c.secrets) out.secrets = [...c.secrets].sort(byName)
    return out
  })
  if (Array.isArray(r.tags)) r.tags = [...(r.tags as EcsTag[])].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))
  return JSON.stringify(pruned(r)) ?? ''
}

/** Without empty lists, empty objects, null and undefined; object keys sorted. */
function pruned(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(pruned).filter((x) => x !== undefined)
    return items.length ? items : undefined
  }
  if (isObject(v)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => [k, pruned(v[k])] as const)
      .filter(([, x]) => x !== undefined)
    return entries.length ? Object.fromEntries(entries) : undefined
  }
  return v === null ? undefined : v
}

/** Whether two task definitions register the same thing, as canonicalTaskDefinition compares them. */
export function sameTaskDefinition(a: RegisterInput, b: RegisterInput): boolean {
  return canonicalTaskDefinition(a) === canonicalTaskDefinition(b)
}
