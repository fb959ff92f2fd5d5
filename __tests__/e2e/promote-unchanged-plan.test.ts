/**
 * End to end, issue 18: promoting a registered revision by ARN, a re-run that changes nothing
 * (outcome unchanged), keep-revisions after a release, and mode plan for each way, whose calls
 * change nothing. Few runs on purpose: the rest is tested in process.
 */
import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type DeploymentConfiguration } from '@aws-sdk/client-ecs'
import { toRegisterInput } from '../../src/kit/taskdef.js'
import { expectRun, freshEcsService, NEW_IMAGE, useE2E, visibleLines, type E2E } from './helpers.js'

let e: E2E
useE2E(100, (x) => (e = x))

const ROLLING: DeploymentConfiguration = {
  strategy: 'ROLLING',
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}

/** Registers the seeded revision again with `image`, as a staging release would have: its ARN. */
async function registerTested(image: string): Promise<string> {
  const live = await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }))
  const td = toRegisterInput(live.taskDefinition!, live.tags)
  const out = await e.ecs.send(new RegisterTaskDefinitionCommand({ ...td, containerDefinitions: td.containerDefinitions!.map((c) => ({ ...c, image })) }))
  return out.taskDefinition!.taskDefinitionArn!
}

describe('task-definition by ARN, and unchanged', () => {
  it('promotes the tested revision as it is, then a re-run with it changes nothing', async () => {
    await freshEcsService(e, ROLLING)
    const tested = await registerTested(NEW_IMAGE)
    e.emu.clearCalls()
    const r = await e.run({ image: '', 'task-definition': tested })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['task-definition-arn']).toBe(tested)
      expect(r.stdout).toContain("Task definition web:1 -> web:2  ('task-definition', released as it is: nothing is registered)")
      expect(r.stdout).toContain("Releasing web:2 as it is ('task-definition'): nothing registered")
    })
    expect(e.calls('RegisterTaskDefinition')).toHaveLength(0)
    expect(e.service().taskDefinition).toBe(tested)

    e.emu.clearCalls()
    // The same step run again: the revision it promotes runs already.
    const again = await e.run({ image: '', 'task-definition': tested })
    expectRun(again, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('unchanged')
      expect(r.outputs['task-definition-arn']).toBe(tested)
      expect(r.stdout).toContain('Unchanged: the service already runs web:2, what this release would put on it')
    })
    expect(e.calls().filter((c) => /^(Register|Update|Create|Stop|Modify|Deregister)/.test(c.operation))).toEqual([])
    if (process.env.E2E_LOG) console.log([...visibleLines(r.lines), '----', ...visibleLines(again.lines)].join('\n'))
  }, 60_000)

  it("with 'force: true' a release of what runs registers a copy and rolls anyway", async () => {
    await freshEcsService(e, ROLLING)
    const r = await e.run({ image: '', 'task-definition': 'web:1', force: 'true', 'wait-for': 'none' })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('started')
      expect(r.outputs['task-definition-arn']).toMatch(/web:2$/)
    })
    expect(e.calls('RegisterTaskDefinition')).toHaveLength(1)
  }, 60_000)
})

describe('keep-revisions', () => {
  it('deregisters the revisions beyond the newest N after a release that succeeded, never the one previous goes back to', async () => {
    await freshEcsService(e, ROLLING)
    // web:2-4 registered (by other runs, say) and never released: web:1 still runs.
    for (const v of ['1.4.3', '1.4.4', '1.4.5']) await registerTested(NEW_IMAGE.replace('1.5.0', v))
    e.emu.clearCalls()
    const r = await e.run({ 'keep-revisions': '2' })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.stdout).toContain('keep-revisions 2: deregistered web:3, web:2; 3 ACTIVE revisions of web kept (web:5, web:4, web:1)')
    })
    expect(e.calls('DeregisterTaskDefinition').map((c) => (c.params as { taskDefinition: string }).taskDefinition.split('/').pop())).toEqual(['web:3', 'web:2'])
  }, 60_000)
})
