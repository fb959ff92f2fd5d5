/**
 * End to end, on the CodeDeploy way: each common cause of a failed release is named with its fix
 * in the log, the annotation and the job summary, with the failed container's last lines when it
 * ran (src/kit/forensics.ts), against the emulator's fault switch for that cause.
 */
import { describe, expect, it } from '@jest/globals'
import { CAUSES, expectExplained } from './failure-causes.js'
import { useE2E, type E2E } from './helpers.js'

let e: E2E
// A short wait before blue is removed, and a canary whose bake outlasts a timeout of a few seconds.
useE2E(100, (x) => (e = x), { seed: { terminationWaitMinutes: 1, deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent15Minutes' } })

describe('CodeDeploy: why a release failed', () => {
  for (const c of CAUSES) {
    it(
      c.name,
      async () => {
        await e.fresh(undefined, c.faults)
        expectExplained(await e.run(c.inputs ?? {}), c)
        // The stopped tasks are read once, however many parts of the release ask about them.
        expect(e.calls('ListTasks')).toHaveLength(1)
      },
      60_000
    )
  }
})
