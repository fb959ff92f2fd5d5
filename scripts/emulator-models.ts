/**
 * Generates emulator/models/<service>.json from AWS's published service models (the ones botocore
 * ships): for each operation the emulator implements (the capitalised methods its protocol front
 * ends dispatch to), the input and output shapes and every shape reachable from them, with member
 * names, types, required members, enum values and min/max. No documentation strings: the tables are
 * committed, so the emulator, the demo and the tests need no botocore.
 *
 * `npm run emulator:models` rewrites the tables; a unit test fails when they and a fresh generation
 * drift (where botocore is installed).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { format, resolveConfig } from 'prettier'
import { CloudWatch } from '../emulator/cloudwatch.js'
import { CodeDeploy } from '../emulator/codedeploy.js'
import { Ecs } from '../emulator/ecs.js'
import { Elbv2 } from '../emulator/elbv2.js'
import { Logs } from '../emulator/logs.js'
import { Ecr } from '../emulator/ecr.js'
import type { ModelShape, ModelTable } from '../emulator/models.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/.build/') ? ['..'] : []))
export const MODELS_DIR = join(ROOT, 'emulator', 'models')

/** The emulator's service name → botocore's data folder and the class its front end dispatches to. */
export const SERVICES = {
  ecs: { botocore: 'ecs', dispatch: Ecs },
  codedeploy: { botocore: 'codedeploy', dispatch: CodeDeploy },
  elasticloadbalancing: { botocore: 'elbv2', dispatch: Elbv2 },
  cloudwatch: { botocore: 'cloudwatch', dispatch: CloudWatch },
  logs: { botocore: 'logs', dispatch: Logs },
  ecr: { botocore: 'ecr', dispatch: Ecr }
} as const
export type ModelService = keyof typeof SERVICES

/**
 * Published patterns AWS is known to enforce on the operations above, as `service.Shape`. Only
 * CloudWatch Logs' log group name: its refusal ("Member must satisfy regular expression pattern:
 * [\.\-_/#A-Za-z0-9]+") is widely reported. None of the other candidates (ECS and ELBv2
 * TagKey/TagValue, ELBv2 TargetGroupAttributeKey, FixedResponseActionStatusCode,
 * RedirectActionProtocol, CloudWatch Namespace, Logs' LogStreamName) could be confirmed from public
 * sources, and AWS leaves many published patterns unchecked (emulator/README.md).
 */
const ENFORCED_PATTERNS = new Set<string>(['logs.LogGroupName'])

/**
 * The code a service answers a broken model constraint with, where it is not its protocol's
 * generic one (ValidationException on JSON, ValidationError on Query): CloudWatch Logs answers
 * InvalidParameterException ("1 validation error detected: ...").
 */
const VALIDATION_CODES: Partial<Record<ModelService, string>> = { logs: 'InvalidParameterException' }

interface BotoShape {
  type: string
  members?: Record<string, { shape: string; [k: string]: unknown }>
  member?: { shape: string; [k: string]: unknown }
  key?: { shape: string }
  value?: { shape: string }
  required?: string[]
  enum?: string[]
  min?: number
  max?: number
  pattern?: string
  document?: boolean
  [k: string]: unknown
}

interface BotoModel {
  metadata: { apiVersion: string; protocol: string }
  operations: Record<string, { input?: { shape: string }; output?: { shape: string; resultWrapper?: string } }>
  shapes: Record<string, BotoShape>
}

/** botocore's package folder, as the python3 on PATH sees it; undefined when either is missing. */
export function botocoreDir(): string | undefined {
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000
    }).trim()
    return dir && existsSync(join(dir, 'data')) ? dir : undefined
  } catch {
    return undefined
  }
}

function botocoreVersion(dir: string): string {
  const m = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(readFileSync(join(dir, '__init__.py'), 'utf8'))
  return m ? m[1]! : 'unknown'
}

function loadModel(dir: string, name: string): { model: BotoModel; date: string } {
  const base = join(dir, 'data', name)
  const date = readdirSync(base)
    .filter((d) => existsSync(join(base, d, 'service-2.json.gz')) || existsSync(join(base, d, 'service-2.json')))
    .sort()
    .pop()
  if (!date) throw new Error(`botocore has no service-2.json for ${name} under ${base}`)
  const gz = join(base, date, 'service-2.json.gz')
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(base, date, 'service-2.json'), 'utf8')
  return { model: JSON.parse(text) as BotoModel, date }
}

/** The operations the emulator dispatches to: capitalised methods of the service's class. */
export function implementedOperations(service: ModelService): string[] {
  const proto = SERVICES[service].dispatch.prototype as unknown as Record<string, unknown>
  return Object.getOwnPropertyNames(proto)
    .filter((n) => /^[A-Z]/.test(n) && typeof proto[n] === 'function')
    .sort()
}

const TYPES = new Set(['structure', 'list', 'map', 'string', 'integer', 'long', 'double', 'float', 'boolean', 'timestamp', 'blob'])

/** One service's table: the implemented operations and the shapes reachable from them. */
export function buildTable(service: ModelService, dir: string): ModelTable {
  const { model, date } = loadModel(dir, SERVICES[service].botocore)
  const ops = implementedOperations(service)
  const operations: ModelTable['operations'] = {}
  const shapes: Record<string, ModelShape> = {}
  const queue: string[] = []
  const want = (name: string | undefined): void => {
    if (name && !(name in shapes) && !queue.includes(name)) queue.push(name)
  }
  for (const op of ops) {
    const o = model.operations[op]
    if (!o) throw new Error(`${service}: the emulator implements ${op}, which AWS's model does not have`)
    const wrapper = o.output?.resultWrapper
    if (wrapper && wrapper !== `${op}Result`) throw new Error(`${service} ${op}: result wrapper ${wrapper}, the emulator writes ${op}Result`)
    operations[op] = { ...(o.input ? { input: o.input.shape } : {}), ...(o.output ? { output: o.output.shape } : {}) }
    want(o.input?.shape)
    want(o.output?.shape)
  }
  while (queue.length) {
    const name = queue.shift()!
    const s = model.shapes[name]
    if (!s) throw new Error(`${service}: shape ${name} is missing from the model`)
    if (!TYPES.has(s.type)) throw new Error(`${service}: shape ${name} has type ${s.type}, which the model check does not know`)
    const out: ModelShape = { type: s.type as ModelShape['type'] }
    if (s.document) out.type = 'document'
    if (s.members && !s.document) {
      out.members = {}
      for (const [m, ref] of Object.entries(s.members)) {
        // Query and XML name overrides would change what the emulator reads and writes: none today.
        if (ref.locationName !== undefined || ref.flattened !== undefined || ref.xmlAttribute !== undefined)
          throw new Error(`${service}: member ${name}.${m} renames or flattens itself on the wire`)
        out.members[m] = ref.shape
        want(ref.shape)
      }
      if (s.required?.length) out.required = [...s.required]
    }
    if (s.member) {
      if (s.member.locationName !== undefined || s.flattened) throw new Error(`${service}: list ${name} renames or flattens its members`)
      out.member = s.member.shape
      want(s.member.shape)
    }
    if (s.key && s.value) {
      out.key = s.key.shape
      out.value = s.value.shape
      want(s.key.shape)
      want(s.value.shape)
    }
    if (s.enum) out.enum = [...s.enum]
    if (s.min !== undefined) out.min = s.min
    if (s.max !== undefined) out.max = s.max
    if (s.pattern !== undefined && ENFORCED_PATTERNS.has(`${service}.${name}`)) out.pattern = s.pattern
    shapes[name] = out
  }
  const sorted: Record<string, ModelShape> = {}
  for (const k of Object.keys(shapes).sort()) sorted[k] = shapes[k]!
  return {
    service,
    source: `botocore ${botocoreVersion(dir)} data/${SERVICES[service].botocore}/${date}/service-2.json.gz`,
    protocol: service === 'elasticloadbalancing' || service === 'cloudwatch' ? 'query' : 'json',
    ...(VALIDATION_CODES[service] ? { validationCode: VALIDATION_CODES[service] } : {}),
    operations,
    shapes: sorted
  }
}

/** The committed text of a table: JSON, then Prettier with the repository's settings. */
export async function tableText(table: ModelTable): Promise<string> {
  const options = (await resolveConfig(join(MODELS_DIR, `${table.service}.json`))) ?? {}
  return format(JSON.stringify(table), { ...options, parser: 'json' })
}

/** Every table's file name and text, freshly generated from botocore at `dir`. */
export async function generate(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const service of Object.keys(SERVICES) as ModelService[]) out[`${service}.json`] = await tableText(buildTable(service, dir))
  return out
}

/** Constraints a table holds (required members, enums, min and max, patterns), for the README and reports. */
export function countConstraints(table: ModelTable): { required: number; enum: number; min: number; max: number; pattern: number; total: number } {
  const c = { required: 0, enum: 0, min: 0, max: 0, pattern: 0, total: 0 }
  for (const s of Object.values(table.shapes)) {
    c.required += s.required?.length ?? 0
    c.enum += s.enum ? 1 : 0
    c.min += s.min !== undefined ? 1 : 0
    c.max += s.max !== undefined ? 1 : 0
    c.pattern += s.pattern !== undefined ? 1 : 0
  }
  c.total = c.required + c.enum + c.min + c.max + c.pattern
  return c
}

if (process.argv[1]?.endsWith('emulator-models.js')) {
  const dir = botocoreDir()
  if (!dir) {
    console.error('emulator:models needs python3 with botocore (pip install botocore)')
    process.exit(1)
  }
  for (const [file, text] of Object.entries(await generate(dir))) {
    const path = join(MODELS_DIR, file)
    const old = existsSync(path) ? readFileSync(path, 'utf8') : ''
    if (old !== text) writeFileSync(path, text)
    const table = JSON.parse(text) as ModelTable
    const c = countConstraints(table)
    console.log(
      `emulator/models/${file}: ${Object.keys(table.operations).length} operations, ${Object.keys(table.shapes).length} shapes, ${c.total} constraints (${c.required} required, ${c.enum} enums, ${c.min} min, ${c.max} max, ${c.pattern} patterns)${old === text ? '' : ' (rewritten)'}`
    )
  }
}
