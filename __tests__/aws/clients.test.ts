/**
 * The action's own clients against the emulator: made on first use by the module that sends their
 * commands, and patient with a throttled read past the SDK's own retries.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { createClients } from '../../src/aws/clients.js'
import { describeService } from '../../src/aws/ecs.js'
import { useEmulatorFixture } from '../fixtures/emulator.js'

jest.setTimeout(60_000)

let emu: Emulator
useEmulatorFixture(1, (f) => (emu = f.emu))

const saved: Record<string, string | undefined> = {}
beforeAll(() => {
  const env = { AWS_ENDPOINT_URL: emu.url, AWS_ACCESS_KEY_ID: 'AKIATEST', AWS_SECRET_ACCESS_KEY: 'test' }
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k]
    process.env[k] = v
  }
})
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})

describe('createClients', () => {
  it('makes a client when it is first used, and only one', () => {
    const c = createClients({ region: 'us-east-1' })
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['ecs', 'codedeploy', 'elbv2', 'cloudwatch', 'logs']))
    expect(c.ecs).toBe(c.ecs)
    c.ecs.destroy()
  })

  it('sends a read again while AWS throttles it past the SDK retries, counting every attempt', async () => {
    // No SDK retries: every send after the first is the client's own.
    const c = createClients({ region: 'us-east-1', maxAttempts: 1 })
    emu.setFaults({ throttle: { rate: 1, service: 'ecs', operations: ['DescribeServices'], forMs: 1500, startsAtFirstCall: true } })
    // The service does not exist: the answer after the throttling is AWS's own for it.
    const answer = await describeService(c.ecs, 'prod', 'nope').catch((e: Error) => e.message)
    const calls = emu.calls().filter((x) => x.operation === 'DescribeServices')
    expect(calls[0]!.error).toBe('ThrottlingException')
    expect(calls.length).toBeGreaterThanOrEqual(2)
    expect(calls.at(-1)!.error).not.toBe('ThrottlingException')
    expect(c.calls.byOperation.get('DescribeServices')).toBe(calls.length)
    expect(answer).toBeDefined()
    emu.setFaults({})
    c.ecs.destroy()
  })
})
