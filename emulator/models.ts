/**
 * The emulator held to AWS's published service models (emulator/models/<service>.json, generated
 * from botocore by scripts/emulator-models.ts): every request is checked against its operation's
 * input shape before the operation runs, and every answer against its output shape.
 *
 * Requests: unknown members are ignored, as AWS's JSON and Query services ignore them (nested ones
 * are dropped, as AWS's deserializer drops them, and Query strings are typed as it types them, so
 * an operation stores what AWS would); a value of the wrong JSON type is a SerializationException
 * (JSON wire); required members, enum values, string lengths, list and map sizes and numeric
 * ranges broken are one ValidationException (JSON 1.1) or ValidationError (ELBv2 and CloudWatch)
 * listing them all in AWS's words:
 * `2 validation errors detected: Value '...' at 'tags.1.member.key' failed to satisfy constraint:
 * Member must have length less than or equal to 128; Value null at 'cluster' ...`.
 *
 * Answers: members the output shape lacks, enum values AWS does not list, missing required members
 * and wrong types are returned as issues (the server records them on the call), never thrown.
 *
 * The tables are compiled once per process into linked nodes, so a check is one walk over the
 * request or answer, with no copies; paths and value texts are built only for what fails.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ApiError } from './errors.js'

export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob' | 'document'

/** One shape of a table: members name shapes of the same table. */
export interface ModelShape {
  type: ShapeType
  members?: Record<string, string>
  required?: string[]
  member?: string
  key?: string
  value?: string
  enum?: string[]
  min?: number
  max?: number
  pattern?: string
}

export interface ModelTable {
  /** The emulator's service name (the IAM prefix): ecs, codedeploy, elasticloadbalancing, cloudwatch, logs. */
  service: string
  /** Where the table came from (botocore version and model file). */
  source: string
  /** How requests arrive: JSON bodies, or Query form fields (strings). */
  protocol: 'json' | 'query'
  /** The error code of a broken constraint when it is not the protocol's (ValidationException, ValidationError). */
  validationCode?: string
  operations: Record<string, { input?: string; output?: string }>
  shapes: Record<string, ModelShape>
}

/** How a request's values are typed: JSON values, or Query strings (lists as arrays, an empty list as ''). */
export type Wire = 'json' | 'query'

interface Member {
  name: string
  /** The member as AWS names it in a validation message: first letter lower case. */
  label: string
  node: Node
}

interface Node {
  name: string
  type: ShapeType
  members?: Map<string, Member> | undefined
  required?: Member[] | undefined
  member?: Node | undefined
  key?: Node | undefined
  value?: Node | undefined
  enum?: Set<string> | undefined
  enumText?: string | undefined
  min?: number | undefined
  max?: number | undefined
  pattern?: RegExp | undefined
  patternText?: string | undefined
}

const NUMERIC = new Set<ShapeType>(['integer', 'long', 'double', 'float'])
const MAX_ISSUES = 20

/** A compiled table: the request and answer checks of one service. */
export class Model {
  private readonly ops = new Map<string, { input?: Node | undefined; output?: Node | undefined }>()
  readonly validationCode: string

  constructor(readonly table: ModelTable) {
    const nodes = new Map<string, Node>()
    for (const [name, s] of Object.entries(table.shapes)) {
      const n: Node = { name, type: s.type }
      if (s.enum) {
        n.enum = new Set(s.enum)
        n.enumText = `[${s.enum.join(', ')}]`
      }
      if (s.min !== undefined) n.min = s.min
      if (s.max !== undefined) n.max = s.max
      if (s.pattern !== undefined) {
        // AWS's patterns are Java regular expressions; the ones used here are also valid in JS with the u flag.
        n.pattern = new RegExp(`^(?:${s.pattern})$`, 'u')
        n.patternText = s.pattern
      }
      nodes.set(name, n)
    }
    const get = (name: string): Node => {
      const n = nodes.get(name)
      if (!n) throw new Error(`${table.service} model: no shape ${name}`)
      return n
    }
    for (const [name, s] of Object.entries(table.shapes)) {
      const n = nodes.get(name)!
      if (s.members) {
        n.members = new Map(Object.entries(s.members).map(([m, shape]) => [m, { name: m, label: m[0]!.toLowerCase() + m.slice(1), node: get(shape) }]))
        if (s.required?.length) n.required = s.required.map((m) => n.members!.get(m)!)
      }
      if (s.member) n.member = get(s.member)
      if (s.key) n.key = get(s.key)
      if (s.value) n.value = get(s.value)
    }
    for (const [op, o] of Object.entries(table.operations))
      this.ops.set(op, { input: o.input ? get(o.input) : undefined, output: o.output ? get(o.output) : undefined })
    this.validationCode = table.validationCode ?? (table.protocol === 'query' ? 'ValidationError' : 'ValidationException')
  }

  /**
   * Checks a request against the operation's input shape; throws the ApiError AWS answers with
   * (SerializationException for a value of the wrong JSON type, else one validation error listing
   * every constraint broken). Operations the table does not have pass unchecked.
   */
  checkRequest(operation: string, params: unknown, wire: Wire): void {
    const input = this.ops.get(operation)?.input
    if (!input) return
    const w = new RequestWalk(wire)
    w.value(input, params)
    if (w.serialization !== undefined) {
      if (wire === 'json') throw new ApiError('SerializationException', w.serialization)
      throw new ApiError(this.validationCode, `1 validation error detected: ${w.serialization}`)
    }
    if (w.errors.length)
      throw new ApiError(this.validationCode, `${w.errors.length} validation error${w.errors.length === 1 ? '' : 's'} detected: ${w.errors.join('; ')}`)
  }

  /** What in an answer the operation's output shape does not allow (empty when it all fits). */
  checkResponse(operation: string, result: unknown): string[] {
    const o = this.ops.get(operation)
    if (!o) return [`${operation} is not an operation of the ${this.table.service} model`]
    if (!o.output) {
      if (result && typeof result === 'object' && Object.values(result).some((v) => v !== undefined))
        return [`the operation has no output, yet the answer has ${Object.keys(result).join(', ')}`]
      return []
    }
    const w = new AnswerWalk()
    w.value(o.output, result ?? {})
    return w.issues
  }
}

// ---------------------------------------------------------------- requests

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a')
const JAVA_TYPE: Record<string, string> = {
  string: 'String',
  integer: 'Integer',
  long: 'Long',
  double: 'Double',
  float: 'Float',
  boolean: 'Boolean',
  timestamp: 'Date',
  blob: 'ByteBuffer'
}

/** A value as AWS's validation messages print it (Java's toString of lists and maps). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}=${valueText(x)}`)
      .join(', ')}}`
  return String(v)
}

/** The number of characters AWS counts: code points, not UTF-16 units. */
function length(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) return Array.from(s).length
  }
  return s.length
}

class RequestWalk {
  readonly errors: string[] = []
  serialization: string | undefined
  private readonly path: string[] = []

  constructor(private readonly wire: Wire) {}

  private at(): string {
    return this.path.join('')
  }

  private fail(v: unknown, constraint: string): void {
    if (this.errors.length < 100)
      this.errors.push(`Value ${v === undefined || v === null ? 'null' : `'${valueText(v)}'`} at '${this.at()}' failed to satisfy constraint: ${constraint}`)
  }

  private wrongType(n: Node, v: unknown): unknown {
    if (this.serialization !== undefined) return v
    if (this.wire === 'query') {
      this.serialization = `Value '${valueText(v)}' at '${this.at()}' failed to satisfy constraint: Member must be ${article(JAVA_TYPE[n.type] ?? n.type)} ${JAVA_TYPE[n.type] ?? n.type}`
      return v
    }
    if (Array.isArray(v)) this.serialization = 'Start of list found where not expected'
    else if (typeof v === 'object') this.serialization = 'Start of structure or map found where not expected.'
    else {
      const token = typeof v === 'string' ? 'STRING_VALUE' : typeof v === 'number' ? 'NUMBER_VALUE' : v ? 'TRUE_VALUE' : 'FALSE_VALUE'
      const target = n.type === 'structure' || n.type === 'map' ? 'Structure' : n.type === 'list' ? 'List' : (JAVA_TYPE[n.type] ?? n.type)
      this.serialization = `${token} can not be converted to ${article(target)} ${target}`
    }
    return v
  }

  /**
   * Checks `v` (present, not null) against `n`. Returns the value as AWS's deserializer reads it:
   * on the Query wire a number, a boolean, a list for '' and an object for a map's entries, which
   * the caller puts in place of the string, so what an operation stores is typed as AWS types it.
   */
  value(n: Node, v: unknown): unknown {
    if (this.serialization !== undefined) return v
    const query = this.wire === 'query'
    switch (n.type) {
      case 'structure': {
        if (query && v === '') return v
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.wrongType(n, v)
        const o = v as Record<string, unknown>
        if (n.required)
          for (const m of n.required) {
            const x = o[m.name]
            if (x === undefined || x === null) {
              this.path.push(this.path.length ? `.${m.label}` : m.label)
              this.fail(undefined, 'Member must not be null')
              this.path.pop()
            }
          }
        if (!n.members) return v
        for (const k in o) {
          const x = o[k]
          if (x === undefined || x === null) continue
          const m = n.members.get(k)
          if (!m) {
            // Unknown members are ignored, as AWS ignores them. AWS's deserializer drops them, so a
            // nested one is dropped here too: what an operation stores and echoes back never has it.
            // A top-level one stays for the operations that look at it (RegisterTaskDefinition).
            if (this.path.length) delete o[k]
            continue
          }
          this.path.push(this.path.length ? `.${m.label}` : m.label)
          const y = this.value(m.node, x)
          if (y !== x) o[k] = y
          this.path.pop()
        }
        return v
      }
      case 'list': {
        const list = query && v === '' ? [] : v
        if (!Array.isArray(list)) return this.wrongType(n, v)
        this.size(n, list.length, v)
        const el = n.member!
        for (let i = 0; i < list.length; i++) {
          const x = list[i]
          if (x === undefined || x === null) continue
          this.path.push(`.${i + 1}.member`)
          const y = this.value(el, x)
          if (y !== x) list[i] = y
          this.path.pop()
        }
        return list
      }
      case 'map': {
        let entries: [string, unknown][]
        if (query && (v === '' || Array.isArray(v))) {
          // Query maps arrive as entry.N.key / entry.N.value
          entries = (v === '' ? [] : (v as Record<string, unknown>[])).map((e) => [String(e?.key ?? ''), e?.value])
        } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) entries = Object.entries(v as Record<string, unknown>)
        else return this.wrongType(n, v)
        this.size(n, entries.length, v)
        const k = n.key!
        const val = n.value!
        const keysBad = entries.some(([key]) => !this.scalarOk(k, key))
        if (keysBad) this.fail(v, `Map keys must satisfy constraint: [${constraintList(k)}]`)
        if (val.type === 'structure' || val.type === 'list' || val.type === 'map') {
          for (const e of entries) {
            if (e[1] === undefined || e[1] === null) continue
            this.path.push(`.${e[0]}`)
            e[1] = this.value(val, e[1])
            this.path.pop()
          }
        } else {
          for (const [, x] of entries) if (x !== undefined && x !== null && !this.typeOk(val, x)) return this.wrongType(val, x)
          if (entries.some(([, x]) => x !== undefined && x !== null && !this.scalarOk(val, x)))
            this.fail(v, `Map value must satisfy constraint: [${constraintList(val)}]`)
          if (query) for (const e of entries) if (typeof e[1] === 'string') e[1] = queryScalar(val.type, e[1])
        }
        return Array.isArray(v) || v === '' ? Object.fromEntries(entries) : v
      }
      case 'document':
        return v
      default: {
        if (!this.typeOk(n, v)) return this.wrongType(n, v)
        this.scalar(n, v)
        return query && typeof v === 'string' ? queryScalar(n.type, v) : v
      }
    }
  }

  private typeOk(n: Node, v: unknown): boolean {
    if (this.wire === 'query') {
      if (typeof v !== 'string') return n.type === 'string' ? false : typeof v === 'number' || typeof v === 'boolean'
      if (n.type === 'integer' || n.type === 'long') return /^[+-]?\d+$/.test(v)
      if (n.type === 'double' || n.type === 'float') return v.trim() !== '' && Number.isFinite(Number(v))
      if (n.type === 'boolean') return v === 'true' || v === 'false'
      return true
    }
    switch (n.type) {
      case 'string':
      case 'blob':
        return typeof v === 'string'
      case 'boolean':
        return typeof v === 'boolean'
      case 'timestamp':
        return typeof v === 'number' || typeof v === 'string'
      default:
        return typeof v === 'number' && Number.isFinite(v)
    }
  }

  private size(n: Node, count: number, v: unknown): void {
    if (n.min !== undefined && count < n.min) this.fail(v, `Member must have length greater than or equal to ${n.min}`)
    if (n.max !== undefined && count > n.max) this.fail(v, `Member must have length less than or equal to ${n.max}`)
  }

  /** Checks a scalar's constraints, one error for each constraint broken. */
  private scalar(n: Node, v: unknown): void {
    if (n.type === 'string') {
      const s = v as string
      if (n.enum && !n.enum.has(s)) this.fail(v, `Member must satisfy enum value set: ${n.enumText}`)
      if (n.min !== undefined || n.max !== undefined) {
        const len = length(s)
        if (n.max !== undefined && len > n.max) this.fail(v, `Member must have length less than or equal to ${n.max}`)
        if (n.min !== undefined && len < n.min) this.fail(v, `Member must have length greater than or equal to ${n.min}`)
      }
      if (n.pattern && !n.pattern.test(s)) this.fail(v, `Member must satisfy regular expression pattern: ${n.patternText}`)
      return
    }
    if (NUMERIC.has(n.type) && (n.min !== undefined || n.max !== undefined)) {
      const x = Number(v)
      if (n.max !== undefined && x > n.max) this.fail(v, `Member must have value less than or equal to ${n.max}`)
      if (n.min !== undefined && x < n.min) this.fail(v, `Member must have value greater than or equal to ${n.min}`)
    }
  }

  /** Whether a map key or value meets its shape's constraints (for the one map-wide message). */
  private scalarOk(n: Node, v: unknown): boolean {
    const before = this.errors.length
    this.scalar(n, v)
    const ok = this.errors.length === before
    this.errors.length = before
    return ok
  }
}

/** A Query string as AWS reads it for a scalar of `type` (checked by typeOk first). */
function queryScalar(type: ShapeType, v: string): unknown {
  if (NUMERIC.has(type)) return Number(v)
  if (type === 'boolean') return v === 'true'
  return v
}

/** A scalar shape's constraints as AWS lists them in a map key or value message. */
function constraintList(n: Node): string {
  const out: string[] = []
  const unit = n.type === 'string' ? 'length' : 'value'
  if (n.max !== undefined) out.push(`Member must have ${unit} less than or equal to ${n.max}`)
  if (n.min !== undefined) out.push(`Member must have ${unit} greater than or equal to ${n.min}`)
  if (n.patternText !== undefined) out.push(`Member must satisfy regular expression pattern: ${n.patternText}`)
  if (n.enumText !== undefined) out.push(`Member must satisfy enum value set: ${n.enumText}`)
  return out.join(', ')
}

// ---------------------------------------------------------------- answers

function pathText(path: (string | number)[]): string {
  let s = ''
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p
  return s || '(answer)'
}

/** One walk over an answer; no closures or copies per value (answers are checked on every call). */
class AnswerWalk {
  readonly issues: string[] = []
  private readonly path: (string | number)[] = []

  private issue(what: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push(`${pathText(this.path)}: ${what}`)
  }

  value(n: Node, v: unknown): void {
    if (this.issues.length >= MAX_ISSUES) return
    if (v === null) return this.issue('null (AWS leaves a member without a value out)')
    switch (n.type) {
      case 'structure': {
        if (typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return this.issue(`${valueText(v)} is not a ${n.name} structure`)
        const o = v as Record<string, unknown>
        if (n.required) for (const m of n.required) if (o[m.name] === undefined) this.issue(`required member ${m.name} of ${n.name} is missing`)
        const members = n.members
        for (const k in o) {
          const x = o[k]
          if (x === undefined) continue
          const m = members?.get(k)
          this.path.push(k)
          if (!m) this.issue(`${n.name} has no member ${k}`)
          else if (x === null || typeof x === 'object' || m.node.enum) this.value(m.node, x)
          else if (!scalarTypeOk(m.node.type, x)) this.issue(`${valueText(x)} is not ${article(m.node.type)} ${m.node.type} (${m.node.name})`)
          this.path.pop()
        }
        return
      }
      case 'list': {
        if (!Array.isArray(v)) return this.issue(`${valueText(v)} is not a list (${n.name})`)
        const el = n.member!
        for (let i = 0; i < v.length; i++) {
          this.path.push(i)
          this.value(el, v[i])
          this.path.pop()
        }
        return
      }
      case 'map': {
        if (typeof v !== 'object' || Array.isArray(v)) return this.issue(`${valueText(v)} is not a map (${n.name})`)
        const o = v as Record<string, unknown>
        for (const k in o) {
          if (o[k] === undefined) continue
          this.path.push(k)
          this.value(n.value!, o[k])
          this.path.pop()
        }
        return
      }
      case 'document':
        return
      default:
        if (!scalarTypeOk(n.type, v)) return this.issue(`${valueText(v)} is not ${article(n.type)} ${n.type} (${n.name})`)
        if (n.enum && !n.enum.has(v as string)) this.issue(`'${String(v)}' is not a value of ${n.name} ${n.enumText}`)
    }
  }
}

/** Whether an answer's scalar has the JS type its shape's wire form comes from. */
function scalarTypeOk(type: ShapeType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string'
    case 'boolean':
      return typeof v === 'boolean'
    case 'timestamp':
      return v instanceof Date || typeof v === 'number'
    case 'blob':
      return typeof v === 'string' || v instanceof Uint8Array
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return typeof v === 'number' && Number.isFinite(v)
    default:
      return false
  }
}

// ---------------------------------------------------------------- the committed tables

const MODELS_DIR = fileURLToPath(new URL(import.meta.url.includes('/.build/') ? '../../emulator/models/' : './models/', import.meta.url))
const cache = new Map<string, Model>()

/** The compiled table of an emulator service (read and compiled once per process). */
export function modelFor(service: string): Model {
  let m = cache.get(service)
  if (!m) {
    m = new Model(JSON.parse(readFileSync(`${MODELS_DIR}${service}.json`, 'utf8')) as ModelTable)
    cache.set(service, m)
  }
  return m
}
