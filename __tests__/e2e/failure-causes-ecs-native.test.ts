/**
 * End to end, on the ECS-native way (a canary with the circuit breaker): each common cause of a
 * failed release is named with its fix in the log, the annotation and the job summary, with the
 * failed container's last lines when it ran, against the emulator's fault switch for that cause.
 */
import { describe, expect, it } from '@jest/globals'
import { CAUSES, expectExplained } from './failure-causes.js'
import { freshEcsService, useE2E, type E2E } from './helpers.js'

let e: E2E
useE2E(100, (x) => (e = x))

describe('ECS-native: why a release failed', () => {
  for (const c of CAUSES) {
    it(
      c.name,
      async () => {
        await freshEcsService(
          e,
          {
            strategy: 'CANARY',
            canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 15 },
            bakeTimeInMinutes: 1,
            deploymentCircuitBreaker: { enable: true, rollback: true }
          },
          c.faults
        )
        expectExplained(await e.run(c.inputs ?? {}), c)
        // The stopped tasks are read once, however many parts of the release ask about them.
        expect(e.calls('ListTasks')).toHaveLength(1)
      },
      60_000
    )
  }
})
