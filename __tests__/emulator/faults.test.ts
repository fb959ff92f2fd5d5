import { describe, expect, it, jest } from '@jest/globals'

jest.setTimeout(30_000)
import { ListDeploymentsCommand, ThrottlingException, DeploymentLimitExceededException } from '@aws-sdk/client-codedeploy'
import { DescribeClustersCommand, CreateClusterCommand, ECSServiceException, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { seedWorld, type Emulator } from '../../emulator/index.js'
import { Faults, MAX_REFUSALS_IN_A_ROW } from '../../emulator/faults.js'
import { sdkClients, sleep, useEmulatorFixture } from '../fixtures/emulator.js'
import { createDeployment } from './helpers.js'

let emu: Emulator

useEmulatorFixture(600, (f) => (emu = f.emu))

describe('faults', () => {
  it('ThrottlingException at a rate, per operation, parsed by the SDK', async () => {
    emu.reset()
    const c = sdkClients(emu.url, { maxAttempts: 1 })
    await seedWorld(emu.url)
    emu.setFaults({ throttle: { rate: 1, service: 'codedeploy', operations: ['ListDeployments'] } })
    const e = await c.codedeploy.send(new ListDeploymentsCommand({ applicationName: 'web-app' })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ThrottlingException)
    expect((e as ThrottlingException).$metadata.httpStatusCode).toBe(400)
    // other operations unaffected
    await c.ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))
    emu.setFaults({ throttle: { rate: 1, service: 'ecs' } })
    const e2 = await c.ecs.send(new DescribeClustersCommand({ clusters: ['prod'] })).catch((x: unknown) => x)
    expect(e2).toBeInstanceOf(ECSServiceException)
    expect((e2 as Error).name).toBe('ThrottlingException')
    const log = emu.calls().filter((x) => x.error === 'ThrottlingException')
    expect(log.map((x) => x.operation)).toEqual(['ListDeployments', 'DescribeClusters'])
    c.destroy()
  })

  it('a 503 burst is retried by the SDK; the call log shows every attempt', async () => {
    emu.reset()
    const c = sdkClients(emu.url, { maxAttempts: 3 })
    emu.setFaults({ errors: { status: 503, count: 2, operations: ['CreateCluster'] } })
    const r = await c.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
    expect(r.cluster!.status).toBe('ACTIVE')
    const calls = emu.calls().filter((x) => x.operation === 'CreateCluster')
    expect(calls.map((x) => x.status)).toEqual([503, 503, 200])
    expect(calls[0]!.error).toBe('ServiceUnavailable')
    expect(calls[2]!.params).toEqual({ clusterName: 'prod' })
    emu.setFaults({ errors: { status: 500, count: 1 } })
    const one = sdkClients(emu.url, { maxAttempts: 1 })
    const e = await one.ecs.send(new DescribeClustersCommand({})).catch((x: unknown) => x)
    expect((e as ECSServiceException).$metadata.httpStatusCode).toBe(500)
    expect((e as Error).name).toBe('ServerException')
    for (const x of [c, one]) {
      x.destroy()
    }
  })

  it('a dropped CreateDeployment response makes a naive retry hit DeploymentLimitExceededException', async () => {
    emu.reset()
    const c = sdkClients(emu.url, { maxAttempts: 3 })
    const seed = await seedWorld(emu.url)
    emu.setFaults({ drop: { operations: ['CreateDeployment'], count: 1, after: true } })
    const e = await createDeployment(c.codedeploy, seed.taskDefinitionArn).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DeploymentLimitExceededException)
    const list = await c.codedeploy.send(new ListDeploymentsCommand({ applicationName: 'web-app', deploymentGroupName: 'web-dg' }))
    expect(list.deployments).toHaveLength(1)
    expect((e as Error).message).toContain(list.deployments![0]!)
    const calls = emu.calls().filter((x) => x.operation === 'CreateDeployment')
    expect(calls.map((x) => [x.status, x.error])).toEqual([
      [0, 'ConnectionDropped'],
      [400, 'DeploymentLimitExceededException']
    ])
    c.destroy()
  })

  it('a dropped connection before the call surfaces as a network error without retries', async () => {
    emu.reset()
    const c = sdkClients(emu.url, { maxAttempts: 1 })
    emu.setFaults({ drop: { count: 1 } })
    const e = await c.ecs.send(new DescribeClustersCommand({})).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(Error)
    expect(e).not.toBeInstanceOf(ECSServiceException)
    // next call is fine
    await c.ecs.send(new DescribeClustersCommand({}))
    c.destroy()
  })

  it('startsAtFirstCall: the forMs window opens at the first call the rule matches, not when it was set', async () => {
    emu.reset()
    const c = sdkClients(emu.url, { maxAttempts: 1 })
    emu.setFaults({ throttle: { rate: 1, operations: ['DescribeClusters'], forMs: 200, startsAtFirstCall: true } })
    // Longer than forMs since the config was set: a window counted from then would be over.
    await sleep(300)
    const first = await c.ecs.send(new DescribeClustersCommand({})).catch((x: unknown) => x)
    expect((first as Error).name).toBe('ThrottlingException')
    await sleep(250)
    await c.ecs.send(new DescribeClustersCommand({}))
    expect(emu.calls().map((x) => x.error ?? 'ok')).toEqual(['ThrottlingException', 'ok'])
    c.destroy()
  })

  it('a rate below 1 refuses one operation at most 3 times in a row; a rate of 1 always', () => {
    // Every draw under the rate: only the cap lets a call through.
    const faults = new Faults(() => 0)
    faults.set({ throttle: { rate: 0.5, operations: ['GetDeployment'] } })
    const kinds = Array.from({ length: 8 }, () => faults.decide('codedeploy', 'GetDeployment').action.kind)
    expect(kinds).toEqual(['throttle', 'throttle', 'throttle', 'none', 'throttle', 'throttle', 'throttle', 'none'])
    expect(MAX_REFUSALS_IN_A_ROW).toBe(3)
    faults.set({ throttle: { rate: 1, operations: ['GetDeployment'] }, errors: { status: 503, rate: 0.5, operations: ['ListDeployments'] } })
    expect(Array.from({ length: 5 }, () => faults.decide('codedeploy', 'GetDeployment').action.kind)).toEqual(Array(5).fill('throttle'))
    expect(Array.from({ length: 5 }, () => faults.decide('codedeploy', 'ListDeployments').action.kind)).toEqual(['error', 'error', 'error', 'none', 'error'])
  })

  it('token-bucket rate limit and added latency', async () => {
    emu.reset()
    const c = sdkClients(emu.url, { maxAttempts: 1 })
    emu.setFaults({ rateLimit: { perSecond: 5, burst: 5 } })
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => c.ecs.send(new DescribeClustersCommand({}))))
    const throttled = results.filter((r) => r.status === 'rejected' && (r.reason as Error).name === 'ThrottlingException')
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(5)
    expect(throttled.length).toBeGreaterThanOrEqual(5)
    // a different operation has its own bucket
    await c.ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [{ name: 'a', image: 'b', memory: 128 }] }))

    const r = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ latency: 150 }) })
    expect(await r.json()).toEqual({ latency: 150 })
    const t0 = Date.now()
    await c.ecs.send(new DescribeClustersCommand({}))
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
    const merged = await fetch(`${emu.url}/_emulator/faults?merge=1`, { method: 'POST', body: JSON.stringify({ installHang: true }) })
    expect(await merged.json()).toEqual({ latency: 150, installHang: true })
    const calls = (await (await fetch(`${emu.url}/_emulator/calls?operation=RegisterTaskDefinition`)).json()) as unknown[]
    expect(calls).toHaveLength(1)
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' })
    expect(emu.getFaults()).toEqual({})
    expect(emu.calls()).toEqual([])
    c.destroy()
  })
})
