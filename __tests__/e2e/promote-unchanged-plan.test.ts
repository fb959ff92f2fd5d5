/**
 * End to end, issue 18: promoting a registered revision by ARN, a re-run that changes nothing
 * (outcome unchanged), keep-revisions after a release, and mode plan for each way, whose calls
 * change nothing. Few runs on purpose: the rest is tested in process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type ContainerDefinition, type DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { CallRecord } from '../../emulator/index.js'
import { toRegisterInput } from '../../src/kit/taskdef.js'
import { startGitHubStandIn, type GitHubStandIn } from '../github/github-api.js'
import { albWeighted } from './alb-weighted.js'
import { actionOf, allows, deniedEcsServiceCalls, loadPolicy, resourcesOf } from './iam-policy.js'
import { expectRun, freshEcsService, NEW_IMAGE, useE2E, visibleLines, type E2E, type RunResult } from './helpers.js'

let e: E2E
useE2E(100, (x) => (e = x))
const alb = albWeighted(() => e)
let gh: GitHubStandIn
beforeAll(async () => {
  gh = await startGitHubStandIn()
})
afterAll(() => gh.close())

/** Every call that changes something in AWS. */
const MUTATING = /^(Register|Deregister|Create|Update|Delete|Stop|Continue|Modify|Put|Tag|Untag|Set)/
/** Every call of every case, for the policy check at the end. */
const allCalls: CallRecord[] = []
afterEach(() => {
  allCalls.push(...e.calls())
})

const mutations = (): string[] =>
  e
    .calls()
    .filter((c) => MUTATING.test(c.operation))
    .map((c) => `${c.service}:${c.operation}`)

const ROLLING: DeploymentConfiguration = {
  strategy: 'ROLLING',
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}

/** Registers the seeded revision again with `image`, as a staging release would have: its ARN. */
async function registerTested(image: string, change: (c: ContainerDefinition) => ContainerDefinition = (c) => c): Promise<string> {
  const live = await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }))
  const td = toRegisterInput(live.taskDefinition!, live.tags)
  const out = await e.ecs.send(new RegisterTaskDefinitionCommand({ ...td, containerDefinitions: td.containerDefinitions!.map((c) => change({ ...c, image })) }))
  return out.taskDefinition!.taskDefinitionArn!
}

/** Each of these lines is in the run's log, as it is. */
function expectLines(r: RunResult, lines: string[]): void {
  for (const l of lines) expect(r.stdout).toContain(l)
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
      expect(r.stdout).toContain("Task definition web:2 -> web:2  ('task-definition' names what runs)")
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
      expect(r.stdout).toContain("Task definition web:1 -> web:new  (a copy of web:1, named in 'task-definition': 'force' releases what runs)")
      expect(r.stdout).toContain("Registered web:2 from web:1 of 'task-definition'")
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

describe('mode plan', () => {
  const CANARY: DeploymentConfiguration = {
    strategy: 'CANARY',
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
    bakeTimeInMinutes: 1,
    deploymentCircuitBreaker: { enable: true, rollback: true }
  }

  it('rolling, on a pull request: the plan in the log, the summary, the output and one PR comment; nothing changed', async () => {
    await freshEcsService(e, ROLLING)
    gh.reset()
    const event = join(mkdtempSync(join(tmpdir(), 'plan-e2e-')), 'event.json')
    writeFileSync(event, JSON.stringify({ number: 12, pull_request: { number: 12 } }))
    const r = await e.run(
      { mode: 'plan', 'github-token': gh.token, environment: 'prod' },
      { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_API_URL: gh.url } }
    )
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('planned')
      expectLines(r, [
        'Task definition web:1 -> web:new',
        'Rollback: rollback-to previous would go back to web:1 (what the service runs now)',
        '  ok    image web:1.5.0 is in ECR',
        '  ok    log group /ecs/web exists',
        'Plan only (mode plan): nothing in AWS was changed.',
        'Plan commented on pull request #12'
      ])
      expect(r.outputs.plan).toContain('Release plan: `prod/web`')
      expect(r.summary).toContain('Release plan: `prod/web`')
    })
    expect(mutations()).toEqual([])
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0]!.body).toBe(r.outputs.plan)
    expect(gh.deployments).toEqual([])
    if (process.env.E2E_LOG)
      console.log(
        `PR comment:\n${gh.comments[0]!.body}\n\nCall log:\n${e
          .calls()
          .map((c) => `${c.service}:${c.operation}`)
          .join('\n')}`
      )
  }, 60_000)

  it('ECS-native, promoting a revision whose log group is missing: the plan fails on it; nothing changed', async () => {
    await freshEcsService(e, CANARY)
    const tested = await registerTested(NEW_IMAGE, (c) => ({
      ...c,
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf' }],
      logConfiguration: { logDriver: 'awslogs', options: { ...c.logConfiguration!.options, 'awslogs-group': '/ecs/web-v2' } }
    }))
    e.emu.clearCalls()
    const r = await e.run({ mode: 'plan', image: '', 'task-definition': tested })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('failed')
      expectLines(r, [
        'ECS-native canary 10% for 1m00s',
        '  ok    no service deployment in flight',
        '  ok    secrets DB_PASSWORD (secretsmanager, us-east-1)',
        '  FAIL  log group /ecs/web-v2 does not exist: every task would stop at start (ResourceInitializationError).',
        'A release would put web:2 on the service as it is, registering nothing.',
        'Plan only (mode plan): nothing in AWS was changed. 1 check failed: the release would fail.'
      ])
    })
    expect(mutations()).toEqual([])
  }, 60_000)

  it('CodeDeploy, with an image tag the build never pushed: the AppSpec, the group idle, and the plan fails on the image; nothing changed', async () => {
    await e.fresh({}, { missingImages: ['web:1.5.0'] })
    const r = await e.run({ mode: 'plan' })
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('failed')
      expect(r.stdout).toContain(
        '  FAIL  image web:1.5.0 is not in ECR: every task would stop at start (CannotPullContainerError). Push it, or give the tag the build pushed'
      )
      expect(r.stdout).toContain('  ok    deployment group web-dg is idle')
      expect(r.stdout).toMatch(
        /^AppSpec: \{"version":0,"Resources":\[\{"TargetService":\{"Type":"AWS::ECS::Service","Properties":\{"TaskDefinition":"web:<registered at release>"/m
      )
      expect(r.outputs.plan).toContain('<summary>AppSpec</summary>')
    })
    expect(e.calls('DescribeImages').map((c) => c.params)).toEqual([{ registryId: '123456789012', repositoryName: 'web', imageIds: [{ imageTag: '1.5.0' }] }])
    expect(mutations()).toEqual([])
    e.emu.setFaults({})
  }, 60_000)

  it('alb-weighted: which side is live, the alarms, the idle side to release; nothing changed', async () => {
    await alb.fresh()
    const r = await e.run(alb.inputs({ mode: 'plan' }))
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('planned')
      expect(r.stdout).toContain('  ok    alarms web-5xx, web-latency exist and are not in ALARM')
      expect(r.stdout).toMatch(/ok {4}web-blue has all the traffic of listener web-alb:\d+; web-green would get the new task definition/)
    })
    expect(mutations()).toEqual([])
  }, 60_000)
})

describe('least privilege', () => {
  it('docs/iam-policy.json allows every call above, keep-revisions and mode plan included', () => {
    const policy = loadPolicy()
    const called = new Set(allCalls.map(actionOf))
    for (const a of ['ecs:DeregisterTaskDefinition', 'ecs:ListTaskDefinitions', 'logs:DescribeLogGroups']) expect(called).toContain(a)
    // What this file adds to a release: keep-revisions' and mode plan's calls; the ECS service calls of each way as the other files check them.
    const added = allCalls.filter((c) => ['DeregisterTaskDefinition', 'ListTaskDefinitions', 'DescribeLogGroups'].includes(c.operation))
    const denied = [
      ...added.flatMap((c) =>
        resourcesOf(c, () => undefined)
          .filter((r) => !allows(policy, actionOf(c), r))
          .map((r) => `${actionOf(c)} on ${r}`)
      ),
      ...deniedEcsServiceCalls(allCalls)
    ]
    expect([...new Set(denied)]).toEqual([])
  })
})
