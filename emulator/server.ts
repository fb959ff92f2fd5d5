/**
 * HTTP front end: AWS JSON 1.1 framing for ECS, CodeDeploy and CloudWatch Logs, the /_emulator/
 * control API and the per-call fault hook.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CallRecord } from './calls.js'
import { ApiError } from './errors.js'
import type { FaultConfig, ServiceName } from './faults.js'
import { uuid } from './ids.js'
import { gate, regionFromAuth } from './gate.js'
import { modelFor } from './models.js'
import { handleOther, otherProtocol } from './protocols.js'
import type { AlarmState, World } from './world.js'

const TARGET_PREFIX: Record<string, JsonService> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  CodeDeploy_20141006: 'codedeploy',
  Logs_20140328: 'logs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr'
}

/** The services on AWS JSON 1.1, each the world's member of the same name. */
type JsonService = Extract<ServiceName, 'ecs' | 'codedeploy' | 'logs' | 'ecr'>

const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** JSON.stringify with Dates as epoch seconds (AWS JSON 1.1 timestamps). */
export function awsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key]
    return raw instanceof Date ? raw.getTime() / 1000 : v
  })
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-RequestId': uuid(),
    ...headers
  })
  res.end(body)
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string): void {
  send(res, status, JSON.stringify({ __type: type, message }), { 'x-amzn-ErrorType': type })
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2)
  if (res.writableEnded || res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

export interface ServerHandle {
  server: http.Server
  port: number
  url: string
  close(): Promise<void>
}

/**
 * AWS's Date header is AWS's clock, to the second, read as the answer goes out: here the virtual
 * clock every timestamp of the emulator comes from (node's own header would be the real one).
 * An error goes without one: the SDK retries an error whose Date corrects its clock skew, and a
 * virtual clock far ahead of the machine's would make that retry depend on how slow the machine is.
 */
function stampDate(world: World, res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status < 300) res.setHeader('date', new Date(world.clock.now()).toUTCString())
    else res.sendDate = false
    return writeHead(status, ...rest)
  }) as typeof res.writeHead
}

export async function startServer(world: World, port: number, host: string): Promise<ServerHandle> {
  const server = http.createServer((req, res) => {
    stampDate(world, res)
    handle(world, req, res).catch((e: unknown) => {
      world.log(`internal error: ${(e as Error).stack ?? String(e)}`)
      sendError(res, 500, 'InternalFailure', (e as Error).message ?? 'internal error')
    })
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const addr = server.address() as AddressInfo
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return {
    server,
    port: addr.port,
    url: `http://${urlHost}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

async function handle(world: World, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname.startsWith('/_emulator')) return control(world, req, res, url)
  const wire = otherProtocol(req)
  if (wire) return handleOther(world, req, res, wire)
  const target = req.headers['x-amz-target']
  const body = await readBody(req)
  if (req.method !== 'POST' || typeof target !== 'string') {
    if (req.method === 'GET' && url.pathname === '/') {
      return sendJson(res, 200, { emulator: 'ecs-bluegreen-action ECS + CodeDeploy emulator', control: '/_emulator/state' })
    }
    return sendError(res, 404, 'UnknownOperationException', 'Expected POST with an X-Amz-Target header.')
  }
  const dot = target.indexOf('.')
  const service = TARGET_PREFIX[target.slice(0, dot)]
  const operation = target.slice(dot + 1)
  if (!service || dot < 0) return sendError(res, 400, 'UnknownOperationException', `Unknown target ${target}`)

  const record: CallRecord = { service, operation, time: Date.now(), params: undefined, status: 0 }
  let params: Record<string, unknown>
  try {
    params = body.trim() ? JSON.parse(body) : {}
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw new Error('not an object')
  } catch {
    record.params = body
    record.status = 400
    record.error = 'SerializationException'
    world.calls.add(record)
    return sendError(res, 400, 'SerializationException', 'Start of structure or map found where not expected.')
  }
  record.params = params
  const g = await gate(world, req, record, service, operation, 'ThrottlingException')
  if (!g.go) return g.dropped ? undefined : sendError(res, g.status, g.type, g.message)
  const a = g.action

  const svc = world[service] as unknown as Record<string, unknown>
  const handler = svc[operation]
  if (!/^[A-Z]/.test(operation) || typeof handler !== 'function') {
    record.status = 400
    record.error = 'UnknownOperationException'
    return sendError(res, 400, 'UnknownOperationException', `The ${service} emulator does not implement ${operation}.`)
  }
  const region = regionFromAuth(req.headers.authorization)
  const model = modelFor(service)
  let result: unknown
  try {
    // AWS checks a request against the operation's input shape before the operation sees it.
    model.checkRequest(operation, params, 'json')
    world.advance()
    result = (handler as (p: unknown, ctx: unknown) => unknown).call(svc, params, { region, now: world.clock.now() })
    world.advance()
  } catch (e) {
    if (e instanceof ApiError) {
      record.status = e.status
      record.error = e.type
      if (a.kind === 'drop') {
        record.error = `${e.type}+ConnectionDropped`
        req.socket.destroy()
        return
      }
      return sendError(res, e.status, e.type, e.message)
    }
    world.log(`internal error in ${service}.${operation}: ${(e as Error).stack ?? String(e)}`)
    record.status = 500
    record.error = service === 'ecs' ? 'ServerException' : 'InternalFailure'
    return sendError(res, 500, record.error, (e as Error).message ?? 'internal error')
  }
  if (a.kind === 'drop') {
    record.error = 'ConnectionDropped'
    record.status = 0
    req.socket.destroy()
    return
  }
  record.status = 200
  world.calls.modelIssues(record, model.checkResponse(operation, result))
  send(res, 200, awsJson(result ?? {}))
}

async function control(world: World, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const raw = await readBody(req)
  let body: Record<string, any>
  try {
    body = raw.trim() ? JSON.parse(raw) : {}
  } catch {
    return sendJson(res, 400, { error: 'body must be JSON' })
  }
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`
  try {
    switch (route) {
      case 'GET /_emulator':
      case 'GET /_emulator/health':
        return sendJson(res, 200, { ok: true, now: world.clock.now(), timeScale: world.clock.timeScale })
      case 'GET /_emulator/faults':
        return sendJson(res, 200, world.faults.config)
      case 'POST /_emulator/faults':
      case 'PUT /_emulator/faults': {
        const merge = url.searchParams.get('merge')
        const cfg = body as FaultConfig
        return sendJson(res, 200, merge && merge !== '0' && merge !== 'false' ? world.faults.merge(cfg) : world.faults.set(cfg))
      }
      case 'DELETE /_emulator/faults':
        return sendJson(res, 200, world.faults.set({}))
      case 'GET /_emulator/calls': {
        let calls = world.calls.all()
        const svc = url.searchParams.get('service')
        const op = url.searchParams.get('operation')
        const since = Number(url.searchParams.get('since') ?? 0)
        if (svc) calls = calls.filter((c) => c.service === svc)
        if (op) calls = calls.filter((c) => c.operation === op)
        if (since) calls = calls.filter((c) => c.time >= since)
        return sendJson(res, 200, calls)
      }
      case 'DELETE /_emulator/calls':
        world.calls.clear()
        return sendJson(res, 200, { ok: true })
      case 'POST /_emulator/reset':
        world.reset()
        return sendJson(res, 200, { ok: true })
      case 'GET /_emulator/state':
        return sendJson(res, 200, world.state())
      case 'POST /_emulator/hooks': {
        world.advance()
        const d = world.codedeploy.dep(body.deploymentId)
        const id = world.codedeploy.hookVerdict(
          d,
          { lifecycleEventHookExecutionId: body.lifecycleEventHookExecutionId, lifecycleEvent: body.lifecycleEvent },
          body.status,
          world.clock.now()
        )
        world.advance()
        return sendJson(res, 200, { lifecycleEventHookExecutionId: id })
      }
      case 'GET /_emulator/alarms':
        return sendJson(res, 200, Object.fromEntries(world.alarms))
      case 'POST /_emulator/alarm':
      case 'POST /_emulator/alarms': {
        const name = body.alarmName ?? body.name
        const state = (body.state ?? 'ALARM') as AlarmState
        if (!name || !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(state))
          return sendJson(res, 400, { error: 'expected {"alarmName": "...", "state": "ALARM"|"OK"|"INSUFFICIENT_DATA"}' })
        world.advance()
        world.alarms.set(name, state)
        world.advance()
        return sendJson(res, 200, Object.fromEntries(world.alarms))
      }
      case 'GET /_emulator/clock':
        return sendJson(res, 200, { now: world.clock.now(), timeScale: world.clock.timeScale })
      case 'POST /_emulator/clock': {
        world.advance()
        if (body.timeScale !== undefined) world.clock.setTimeScale(Number(body.timeScale))
        if (body.advanceMs !== undefined) world.clock.advance(Number(body.advanceMs))
        world.advance()
        return sendJson(res, 200, { now: world.clock.now(), timeScale: world.clock.timeScale })
      }
      default:
        return sendJson(res, 404, { error: `no control route ${route}` })
    }
  } catch (e) {
    if (e instanceof ApiError) return sendJson(res, e.status, { __type: e.type, message: e.message })
    return sendJson(res, 500, { error: (e as Error).message })
  }
}
