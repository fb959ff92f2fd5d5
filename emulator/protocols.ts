/**
 * Wire protocols other than ECS/CodeDeploy's AWS JSON 1.1, as the AWS SDK v3 clients and the AWS
 * CLI of this repository speak them:
 *
 * - Elastic Load Balancing v2: AWS Query (POST form-urlencoded `Action=…&Version=2015-12-01&…`,
 *   lists as `Name.member.N`), XML responses `<OpResponse><OpResult>…</OpResult><ResponseMetadata>`,
 *   errors `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>`.
 * - CloudWatch: AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.Op`, awsQueryCompatible:
 *   errors carry `x-amzn-query-error: Code;Sender`), as both the SDK v3 client and the AWS CLI of
 *   this repository send it; AWS Query too (Version 2010-08-01). Not Smithy RPC v2 CBOR.
 *
 * Calls go through the same call log (service `elasticloadbalancing` / `cloudwatch`, the IAM
 * prefixes) and fault switches as ECS and CodeDeploy.
 */
import type http from 'node:http'
import type { CallRecord } from './calls.js'
import { ApiError } from './errors.js'
import type { ServiceName } from './faults.js'
import { gate, regionFromAuth } from './gate.js'
import { uuid } from './ids.js'
import { modelFor } from './models.js'
import type { World } from './world.js'

const CW_TARGET = 'GraniteServiceVersion20100801'
const XMLNS: Record<string, string> = {
  elasticloadbalancing: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  cloudwatch: 'http://monitoring.amazonaws.com/doc/2010-08-01/'
}

type Wire = 'query' | 'json10'

/** Whether a request is for ELBv2 or CloudWatch (and which wire protocol it speaks). */
export function otherProtocol(req: http.IncomingMessage): Wire | undefined {
  if (req.method !== 'POST') return undefined
  const ct = String(req.headers['content-type'] ?? '')
  if (ct.startsWith('application/x-www-form-urlencoded')) return 'query'
  const target = req.headers['x-amz-target']
  if (typeof target === 'string' && target.startsWith(`${CW_TARGET}.`)) return 'json10'
  return undefined
}

function readRaw(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** `A.member.1.B=x&A.member.2.B=y` → `{A: [{B: 'x'}, {B: 'y'}]}` (values stay strings). */
export function parseQuery(body: string): Record<string, any> {
  const out: Record<string, any> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split('.')
    let cur: any = out
    for (let i = 0; i < parts.length; i++) {
      let seg: string | number = parts[i]!
      if ((seg === 'member' || seg === 'entry') && /^\d+$/.test(parts[i + 1] ?? '')) continue
      if (/^\d+$/.test(seg) && (parts[i - 1] === 'member' || parts[i - 1] === 'entry')) seg = Number(seg) - 1
      const last = i === parts.length - 1
      if (last) {
        cur[seg] = value
        break
      }
      const nextIsList = (parts[i + 1] === 'member' || parts[i + 1] === 'entry') && /^\d+$/.test(parts[i + 2] ?? '')
      if (cur[seg] === undefined || typeof cur[seg] !== 'object') cur[seg] = nextIsList ? [] : {}
      cur = cur[seg]
    }
  }
  return out
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Plain value → Query XML (lists as <member>, timestamps ISO 8601). */
export function toXml(name: string, v: unknown): string {
  if (v === undefined || v === null) return ''
  if (v instanceof Date) return `<${name}>${v.toISOString()}</${name}>`
  if (Array.isArray(v)) return `<${name}>${v.map((x) => toXml('member', x)).join('')}</${name}>`
  if (typeof v === 'object') {
    const inner = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => toXml(k, x))
      .join('')
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${esc(String(v))}</${name}>`
}

/** Dates → epoch seconds (JSON 1.0). */
function jsonBody(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key]
    return raw instanceof Date ? raw.getTime() / 1000 : v
  })
}

/** Handle one ELBv2 or CloudWatch API request. */
export async function handleOther(world: World, req: http.IncomingMessage, res: http.ServerResponse, wire: Wire): Promise<void> {
  const raw = await readRaw(req)
  let service: ServiceName
  let operation: string
  let params: Record<string, any>
  try {
    if (wire === 'query') {
      params = parseQuery(raw.toString('utf8'))
      operation = String(params.Action ?? '')
      const version = String(params.Version ?? '')
      delete params.Action
      delete params.Version
      service = version === '2010-08-01' ? 'cloudwatch' : 'elasticloadbalancing'
    } else {
      service = 'cloudwatch'
      operation = String(req.headers['x-amz-target']).slice(CW_TARGET.length + 1)
      const text = raw.toString('utf8').trim()
      params = text ? JSON.parse(text) : {}
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw new Error('not an object')
  } catch {
    return reply(res, wire, 'cloudwatch', 'Unknown', 400, { error: ['SerializationException', 'Could not parse the request body.'] })
  }
  const record: CallRecord = { service, operation, time: Date.now(), params, status: 0 }
  const g = await gate(world, req, record, service, operation, 'Throttling')
  if (!g.go) return g.dropped ? undefined : reply(res, wire, service, operation, g.status, { error: [g.type, g.message] })
  const a = g.action
  const svc = (service === 'cloudwatch' ? world.cloudwatch : world.elbv2) as unknown as Record<string, unknown>
  const handler = svc[operation]
  if (!/^[A-Z]/.test(operation) || typeof handler !== 'function') {
    record.status = 400
    record.error = 'InvalidAction'
    return reply(res, wire, service, operation, 400, { error: ['InvalidAction', `The ${service} emulator does not implement ${operation}.`] })
  }
  const region = regionFromAuth(req.headers.authorization)
  const model = modelFor(service)
  let result: unknown
  try {
    // AWS checks a request against the operation's input shape before the operation sees it.
    model.checkRequest(operation, params, wire === 'query' ? 'query' : 'json')
    world.advance()
    result = (handler as (p: unknown, ctx: unknown) => unknown).call(svc, params, { region, now: world.clock.now() })
    world.advance()
  } catch (e) {
    if (e instanceof ApiError) {
      record.status = e.status
      record.error = e.type
      if (a.kind === 'drop') {
        req.socket.destroy()
        return
      }
      return reply(res, wire, service, operation, e.status, { error: [e.type, e.message] })
    }
    world.log(`internal error in ${service}.${operation}: ${(e as Error).stack ?? String(e)}`)
    record.status = 500
    record.error = 'InternalFailure'
    return reply(res, wire, service, operation, 500, { error: ['InternalFailure', (e as Error).message] })
  }
  if (a.kind === 'drop') {
    record.error = 'ConnectionDropped'
    record.status = 0
    req.socket.destroy()
    return
  }
  record.status = 200
  world.calls.modelIssues(record, model.checkResponse(operation, result))
  return reply(res, wire, service, operation, 200, { result: result ?? {} })
}

function reply(
  res: http.ServerResponse,
  wire: Wire,
  service: ServiceName,
  operation: string,
  status: number,
  r: { result?: unknown; error?: [string, string] | undefined }
): void {
  if (res.writableEnded || res.destroyed) return
  const requestId = uuid()
  const fault = status >= 500 ? 'Receiver' : 'Sender'
  let body: string
  const headers: Record<string, string> = { 'x-amzn-RequestId': requestId }
  if (wire === 'query') {
    const ns = XMLNS[service]!
    headers['content-type'] = 'text/xml'
    body = r.error
      ? `<ErrorResponse xmlns="${ns}"><Error><Type>${fault}</Type><Code>${esc(r.error[0])}</Code><Message>${esc(r.error[1])}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      : `<${operation}Response xmlns="${ns}">${toXml(`${operation}Result`, r.result)}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
  } else {
    const value = r.error ? { __type: `com.amazonaws.cloudwatch#${r.error[0]}`, message: r.error[1] } : r.result
    if (r.error) {
      headers['x-amzn-query-error'] = `${r.error[0]};${fault}`
      headers['x-amzn-ErrorType'] = r.error[0]
    }
    headers['content-type'] = 'application/x-amz-json-1.0'
    body = jsonBody(value)
  }
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
}
