/**
 * A throttling AWS, end to end: the bundled action (node 24, as a runner runs it) against the
 * emulator's throttle and rate-limit switches. Each release must succeed with exactly one deployment
 * created for it, CreateDeployment never sent blindly again; and every call the action made is one
 * the source makes, allowed by docs/iam-policy.json on the resource it touches.
 */
import { describe, expect, it, jest } from '@jest/globals'
import type { FaultConfig } from '../../emulator/index.js'
import { calledButNotInSource, deniedCalls, expectOneSucceededRelease, explain, keptCalls, SEED, TIME_SCALE } from './codedeploy-runs.js'
import { ALL_EVENTS, expectLifecycleOnce, trafficLines, useE2E, type E2E } from './helpers.js'

jest.setTimeout(240_000)

let e: E2E
useE2E(TIME_SCALE, (x) => (e = x), { seed: SEED })
const kept = keptCalls(() => e)

describe('a throttling AWS: each release succeeds with exactly one deployment', () => {
  it('throttling at 30% of every call, all along: every lifecycle event once, retries counted, one CreateDeployment through', async () => {
    const r = await kept.release({}, { faults: { throttle: { rate: 0.3 } } })
    expectOneSucceededRelease(r)
    explain(
      r.run,
      () => {
        expect(r.calls.some((c) => c.error === 'ThrottlingException')).toBe(true)
        // A throttled CreateDeployment created nothing; only one ever got through.
        expect(r.calls.filter((c) => c.operation === 'CreateDeployment' && c.status === 200)).toHaveLength(1)
        expect(e.deployments().map((d) => d.deploymentId)).toEqual([r.run.outputs['deployment-id']])
        expectLifecycleOnce(r.run.lines, Object.fromEntries(ALL_EVENTS.map((n) => [n, 'Succeeded'])))
        expect(trafficLines(r.run.lines)).toEqual([{ green: 100, blue: 0 }])
        expect(r.run.lines.find((l) => l.startsWith('API calls:'))).toMatch(/retried/)
        expect(e.service().taskDefinition).toMatch(/:task-definition\/web:2$/)
      },
      r.calls
    )
  })

  const scenarios: { name: string; faults: FaultConfig }[] = [
    // The windows open at the action's first matching call, however long it takes to start.
    { name: 'throttling at 80% of every call for the first 8 s', faults: { throttle: { rate: 0.8, forMs: 8000, startsAtFirstCall: true } } },
    { name: 'a token bucket of 2 calls per second per operation', faults: { rateLimit: { perSecond: 2, burst: 2 } } },
    {
      name: 'CreateDeployment throttled for its first 3 s',
      faults: { throttle: { operations: ['CreateDeployment'], rate: 1, forMs: 3000, startsAtFirstCall: true } }
    }
  ]

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_, s) => {
    const r = await kept.release({}, { faults: s.faults })
    expectOneSucceededRelease(r)
    expect(r.calls.some((c) => c.error === 'ThrottlingException')).toBe(true)
  })
})

describe('least privilege: docs/iam-policy.json against the call log', () => {
  it('every call the releases above made is one the source makes, allowed on the resource it touches', () => {
    expect(calledButNotInSource(kept)).toEqual([])
    expect(deniedCalls(kept)).toEqual([])
  })
})
