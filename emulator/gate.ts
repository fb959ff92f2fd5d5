/**
 * What every protocol front end does between parsing a call and running it: log the call, apply
 * the latency and the fault switches, and say whether the call goes on. One place, so the JSON
 * and the Query/XML services fail the same way.
 */
import type http from 'node:http'
import type { CallRecord } from './calls.js'
import type { FaultAction, ServiceName } from './faults.js'
import type { World } from './world.js'

export type GateResult =
  { go: true; action: FaultAction } | { go: false; dropped: true } | { go: false; dropped: false; status: number; type: string; message: string }

/** The region of the call, from the SigV4 credential scope (default us-east-1). */
export function regionFromAuth(auth: string | undefined): string {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth ?? '')
  return m ? m[1]! : 'us-east-1'
}

/**
 * Logs the call and applies the faults. `throttleType` is the service's own name for throttling
 * (ThrottlingException on JSON services, Throttling on Query ones).
 */
export async function gate(
  world: World,
  req: http.IncomingMessage,
  record: CallRecord,
  service: ServiceName,
  operation: string,
  throttleType: string
): Promise<GateResult> {
  world.calls.add(record)
  const decision = world.faults.decide(service, operation)
  if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs))
  const a = decision.action
  if (a.kind === 'drop' && !a.after) {
    record.error = 'ConnectionDropped'
    req.socket.destroy()
    return { go: false, dropped: true }
  }
  if (a.kind === 'throttle') {
    record.status = 400
    record.error = throttleType
    return { go: false, dropped: false, status: 400, type: throttleType, message: 'Rate exceeded' }
  }
  if (a.kind === 'error') {
    record.status = a.status
    record.error = a.type
    return { go: false, dropped: false, status: a.status, type: a.type, message: a.message }
  }
  return { go: true, action: a }
}
