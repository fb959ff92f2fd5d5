/**
 * An AWS that fails, drops and stalls, end to end: the bundled action (node 24, as a runner runs it)
 * against the emulator's error, drop and latency switches. The clients retry in the SDK's adaptive
 * mode; each release must succeed with exactly one deployment created for it, also when the answer
 * to CreateDeployment is lost; the watcher goes on past a poll that fails every retry; and every call
 * the action made is one the source makes, allowed by docs/iam-policy.json on the resource it touches.
 */
import { describe, expect, it, jest } from '@jest/globals'
import type { FaultConfig } from '../../emulator/index.js'
import { createClients } from '../../src/aws/clients.js'
// The modules that send ECS and CodeDeploy commands say how their clients are made.
import '../../src/aws/codedeploy.js'
import '../../src/aws/ecs.js'
import { calledButNotInSource, deniedCalls, expectOneSucceededRelease, explain, keptCalls, SEED, TIME_SCALE } from './codedeploy-runs.js'
import { annotations, useE2E, type E2E } from './helpers.js'

jest.setTimeout(240_000)

let e: E2E
useE2E(TIME_SCALE, (x) => (e = x), { seed: SEED })
const kept = keptCalls(() => e)

describe('retries', () => {
  it('every client retries in the SDK adaptive mode with a bounded number of attempts', async () => {
    const c = createClients({ region: 'us-east-1' })
    const value = async (x: unknown): Promise<unknown> => (typeof x === 'function' ? await (x as () => unknown)() : x)
    for (const client of [c.ecs, c.codedeploy]) {
      expect(await value(client.config.retryMode)).toBe('adaptive')
      const attempts = (await value(client.config.maxAttempts)) as number
      expect(attempts).toBeGreaterThan(1)
      expect(attempts).toBeLessThanOrEqual(10)
    }
    // CreateDeployment goes out once per send: a lost answer is looked for, not blindly retried.
    expect(await value(c.codedeployOnce.config.maxAttempts)).toBe(1)
    c.ecs.destroy()
    c.codedeploy.destroy()
    c.codedeployOnce.destroy()
  })
})

describe('a failing, slow AWS: each release succeeds with exactly one deployment', () => {
  const scenarios: { name: string; faults: FaultConfig; timeoutMs?: number | undefined }[] = [
    {
      name: 'bursts of 500s (CreateDeployment included) and of 503s on the watcher',
      faults: {
        errors: [
          { operations: ['CreateDeployment'], status: 500, count: 1 },
          { status: 500, count: 4 },
          { operations: ['GetDeployment', 'ListDeploymentTargets', 'BatchGetDeploymentTargets'], status: 503, count: 5 }
        ]
      }
    },
    { name: 'dropped connections on 20% of calls', faults: { drop: { rate: 0.2 } } },
    { name: '3-second responses to every call', faults: { latency: 3000 }, timeoutMs: 200_000 }
  ]

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_, s) => {
    const r = await kept.release({}, { faults: s.faults, timeoutMs: s.timeoutMs })
    expectOneSucceededRelease(r)
  })

  it('CreateDeployment whose response is lost: the action finds the deployment it created, and exactly one exists', async () => {
    // The emulator creates the deployment, then drops the connection: the action never sees the id.
    const r = await kept.release({}, { faults: { drop: { operations: ['CreateDeployment'], count: 1, after: true } } })
    expectOneSucceededRelease(r)
    explain(r.run, () => {
      const creates = r.calls.filter((c) => c.operation === 'CreateDeployment')
      expect(creates).toHaveLength(1)
      expect(creates[0]!.error).toBe('ConnectionDropped')
      // Looked for it by the token in its description (ListDeployments of the group, then GetDeployment).
      const after = r.calls.slice(r.calls.indexOf(creates[0]!))
      expect(after.find((c) => c.operation === 'ListDeployments')?.params).toMatchObject({
        applicationName: 'web-app',
        deploymentGroupName: 'web-dg',
        createTimeRange: {}
      })
      expect(e.deployments().filter((d) => !d.isRollback)).toHaveLength(1)
    })
  })

  it('a lost response and a lookup that fails too: still exactly one deployment', async () => {
    const r = await kept.release(
      {},
      {
        faults: {
          drop: [
            { operations: ['CreateDeployment'], count: 1, after: true },
            { operations: ['ListDeployments'], count: 3 }
          ]
        }
      }
    )
    expectOneSucceededRelease(r)
    expect(r.calls.filter((c) => c.operation === 'CreateDeployment')).toHaveLength(1)
  })

  it('the watcher goes on after a poll fails past every SDK retry', async () => {
    // 8 failures in a row: more than one poll's worth of attempts.
    const r = await kept.release({}, { faults: { errors: { operations: ['GetDeployment'], status: 503, count: 8 } } })
    expectOneSucceededRelease(r)
    explain(r.run, () => {
      const warnings = annotations(r.run.lines, 'warning').map((w) => w.message)
      expect(warnings.some((w) => /Polling deployment d-\w+ failed .*still watching/.test(w))).toBe(true)
    })
  })
})

describe('least privilege: docs/iam-policy.json against the call log', () => {
  it('every call the releases above made is one the source makes, allowed on the resource it touches', () => {
    expect(calledButNotInSource(kept)).toEqual([])
    expect(deniedCalls(kept)).toEqual([])
  })
})
