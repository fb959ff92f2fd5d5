/**
 * Reliability end to end: the bundled action (node 24, as a runner runs it) against the emulator's
 * fault switches. Each release must end with the right outcome, with exactly one deployment
 * created for it; a deployment failed or stopped behind the action's back is reported with its
 * real cause; no secret reaches the log, the outputs or the job summary; and the operations the
 * action called, over every run here, are exactly the actions of docs/iam-policy.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import type { CallRecord, DeploymentState, FaultConfig, SeedSpec } from '../../emulator/index.js'
import { createClients } from '../../src/aws/clients.js'
import { actionOf, allows, codeDeployPolicy, impliedPermissions, loadPolicy, policyActions, POLICY_WORLD, resourcesOf, sourceActions } from './iam-policy.js'
import { HOLD_TIME_SCALE, onFirstLine } from '../fixtures/emulator.js'
import { annotations, dump, NEW_IMAGE, REGISTRY, startE2E, summaryText, visibleLines, type E2E, type RunResult } from './helpers.js'

jest.setTimeout(240_000)

const TIME_SCALE = 100

/** A short release: all at once, one virtual minute before blue goes; the task roles of the policy document. */
const SEED: Partial<SeedSpec> = {
  deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
  terminationWaitMinutes: 1,
  executionRoleArn: POLICY_WORLD.executionRoleArn
}

const STACK_LINE = /^\s+at\s.+(:\d+:\d+\)?|<anonymous>)$/m

let e: E2E
/** Every call the action made in this file (seeding and the test's own calls left out), for the policy check. */
const actionCalls: CallRecord[] = []
const groupOf = new Map<string, { application: string; group: string }>()

beforeAll(async () => {
  e = await startE2E({ timeScale: TIME_SCALE, seed: SEED })
})

afterAll(async () => {
  await e?.close()
})

interface Release {
  run: RunResult
  calls: CallRecord[]
  /** Deployments a user (the action) created, oldest first; CodeDeploy's rollbacks left out. */
  created: DeploymentState[]
}

/** Keeps what the action called, and which group each deployment belongs to. */
function collect(calls: CallRecord[]): void {
  actionCalls.push(...calls)
  for (const d of e.deployments()) groupOf.set(d.deploymentId, { application: d.applicationName, group: d.deploymentGroupName })
}

async function release(
  inputs: Record<string, string> = {},
  o: {
    faults?: FaultConfig
    seed?: Partial<SeedSpec>
    fresh?: boolean
    env?: Record<string, string>
    timeoutMs?: number
    onLine?: (line: string) => void
  } = {}
): Promise<Release> {
  if (o.fresh !== false) await e.fresh(o.seed, o.faults)
  else e.emu.clearCalls()
  const run = await e.run(inputs, { env: o.env, timeoutMs: o.timeoutMs ?? 120_000, onLine: o.onLine })
  const calls = e.calls()
  e.emu.setFaults({})
  collect(calls)
  return { run, calls, created: e.deployments().filter((d) => !d.isRollback) }
}

/** Runs `check`; on failure the action's whole log is appended to the message. */
function explain(r: RunResult, check: () => void, calls?: CallRecord[]): void {
  try {
    check()
  } catch (err) {
    const log = calls ? `\ncalls: ${calls.map((c) => `${c.operation}${c.error ? `(${c.error})` : ''}`).join(', ')}` : ''
    ;(err as Error).message += `\n\n${dump(r)}${log}`
    throw err
  }
}

/**
 * CreateDeployment is never sent again for one release unless the previous send was throttled
 * (refused before anything happened) or a lookup by the release token found nothing first.
 */
function expectNoBlindResend(calls: CallRecord[]): void {
  let previous: CallRecord | undefined
  let lookedUp = false
  for (const c of calls) {
    if (c.operation === 'ListDeployments' && previous && (c.params as { createTimeRange?: unknown }).createTimeRange) lookedUp = true
    if (c.operation !== 'CreateDeployment') continue
    if (previous && previous.error !== 'ThrottlingException')
      expect({ resentAfter: previous.error ?? 'success', lookedUp }).toEqual({ resentAfter: previous.error ?? 'success', lookedUp: true })
    previous = c
    lookedUp = false
  }
}

function expectOneSucceededRelease(r: Release): void {
  explain(
    r.run,
    () => {
      expect(r.run.code).toBe(0)
      expect(r.run.outputs.outcome).toBe('succeeded')
      expect(annotations(r.run.lines, 'error')).toEqual([])
      expect(r.created).toHaveLength(1)
      expect(r.created[0]!.status).toBe('Succeeded')
      expect(r.run.outputs['deployment-id']).toBe(r.created[0]!.deploymentId)
      expect(r.run.stdout).not.toMatch(STACK_LINE)
      expect(r.run.stderr).not.toMatch(STACK_LINE)
      expectNoBlindResend(r.calls)
    },
    r.calls
  )
}

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

describe('a flaky, throttling AWS: each release succeeds with exactly one deployment', () => {
  const scenarios: { name: string; faults: FaultConfig; timeoutMs?: number }[] = [
    { name: 'throttling at 30% of every call, all along', faults: { throttle: { rate: 0.3 } } },
    // The windows open at the action's first matching call, however long it takes to start.
    { name: 'throttling at 80% of every call for the first 8 s', faults: { throttle: { rate: 0.8, forMs: 8000, startsAtFirstCall: true } } },
    { name: 'a token bucket of 2 calls per second per operation', faults: { rateLimit: { perSecond: 2, burst: 2 } } },
    {
      name: 'CreateDeployment throttled for its first 3 s',
      faults: { throttle: { operations: ['CreateDeployment'], rate: 1, forMs: 3000, startsAtFirstCall: true } }
    },
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
    const r = await release({}, { faults: s.faults, timeoutMs: s.timeoutMs })
    expectOneSucceededRelease(r)
    if (s.faults.throttle || s.faults.rateLimit) expect(r.calls.some((c) => c.error === 'ThrottlingException')).toBe(true)
  })

  it('CreateDeployment whose response is lost: the action finds the deployment it created, and exactly one exists', async () => {
    // The emulator creates the deployment, then drops the connection: the action never sees the id.
    const r = await release({}, { faults: { drop: { operations: ['CreateDeployment'], count: 1, after: true } } })
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
    const r = await release(
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
    const r = await release({}, { faults: { errors: { operations: ['GetDeployment'], status: 503, count: 8 } } })
    expectOneSucceededRelease(r)
    explain(r.run, () => {
      const warnings = annotations(r.run.lines, 'warning').map((w) => w.message)
      expect(warnings.some((w) => /Polling deployment d-\w+ failed .*still watching/.test(w))).toBe(true)
    })
  })
})

describe("a deployment failed or stopped behind the action's back is reported with its real cause", () => {
  it('green tasks that crash: rolled back, and the cause is the container exit', async () => {
    const r = await release({}, { faults: { greenTasksFail: { reason: 'Essential container in task exited', exitCode: 137 } } })
    explain(r.run, () => {
      expect(r.run.code).toBe(1)
      expect(r.run.outputs.outcome).toBe('rolled-back')
      const errors = annotations(r.run.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toMatch(/exited 137/)
      expect(errors[0]!.message).toContain('Essential container in task exited')
      expect(r.created).toHaveLength(1)
    })
  })

  it('stopped by someone else mid-release: the action says it was stopped by a user request', async () => {
    await e.fresh()
    let stopped: Promise<unknown> | undefined
    const run = await e.run(
      {},
      {
        onLine: (line) => {
          const id = /^Deployment (d-\w+) created/.exec(line)?.[1]
          if (id && !stopped) {
            // Stopped 30 virtual seconds in (mid-Install), with the clock held until the stop is in:
            // mid-release however slow this machine is.
            e.emu.setTimeScale(HOLD_TIME_SCALE)
            e.emu.advance(30_000)
            stopped = e.codedeploy
              .send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }))
              .finally(() => e.emu.setTimeScale(TIME_SCALE))
          }
        }
      }
    )
    await stopped
    // The test's own StopDeployment is not the action's.
    collect(e.calls().filter((c) => c.operation !== 'StopDeployment'))
    explain(run, () => {
      expect(stopped).toBeDefined()
      expect(run.code).toBe(1)
      expect(['stopped', 'rolled-back']).toContain(run.outputs.outcome)
      const errors = annotations(run.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toMatch(/stopped by a user request/i)
    })
  })

  it('an alarm that goes off after traffic shifts: the cause names the alarm', async () => {
    const r = await release({}, { faults: { alarm: true } })
    explain(r.run, () => {
      expect(r.run.code).toBe(1)
      expect(['stopped', 'rolled-back', 'failed']).toContain(r.run.outputs.outcome)
      const errors = annotations(r.run.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toContain('web-green-5xx')
    })
  })
})

describe('secrets never reach the log, the outputs or the job summary', () => {
  const rand = (): string => Math.random().toString(36).slice(2, 12)
  const values = {
    password: `pw-${rand()}${rand()}`,
    apiKey: `key-${rand()}${rand()}`,
    databaseUrl: `postgres://app:${rand()}${rand()}@db.internal:5432/app`,
    inherited: `tok-${rand()}${rand()}`,
    secretArn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-${rand()}`,
    parameter: `/prod/web/signing-${rand()}`
  }
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-'))
    // A task definition file whose own environment holds a credential: inherited, never given as an input.
    writeFileSync(
      join(dir, 'taskdef.json'),
      JSON.stringify({
        family: 'web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: POLICY_WORLD.executionRoleArn,
        containerDefinitions: [
          {
            name: 'app',
            image: `${REGISTRY}/web:1.4.2`,
            essential: true,
            portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
            environment: [
              { name: 'UPSTREAM_TOKEN', value: values.inherited },
              { name: 'PORT', value: '8080' }
            ]
          }
        ]
      })
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['a release that succeeds', {}],
    ['a release that fails and rolls back', { greenTasksFail: { reason: 'Essential container in task exited', exitCode: 1 } }]
  ] as [string, FaultConfig][])('%s, with step debug on', async (_, faults) => {
    const r = await release(
      {
        'task-definition': join(dir, 'taskdef.json'),
        'environment-variables': `DB_PASSWORD=${values.password}\nSTRIPE_API_KEY=${values.apiKey}\nDATABASE_URL=${values.databaseUrl}\nLOG_LEVEL=info`,
        'mask-environment-variables': 'DATABASE_URL',
        secrets: `DB_SECRET=${values.secretArn}\nSIGNING_KEY=${values.parameter}`
      },
      { faults, env: { RUNNER_DEBUG: '1' } }
    )
    explain(r.run, () => {
      expect(r.run.outputs.outcome).toBe(faults.greenTasksFail ? 'rolled-back' : 'succeeded')
      // What the runner shows: every line but the ::add-mask:: commands themselves, debug included.
      const shown = r.run.lines.filter((l) => !l.startsWith('::add-mask::'))
      const debugPrint = r.run.lines.find((l) => l.startsWith('::debug::Rendered task definition'))
      expect(debugPrint).toBeDefined()
      for (const [what, v] of Object.entries(values)) {
        expect({ what, inLog: shown.filter((l) => l.includes(v)) }).toEqual({ what, inLog: [] })
        expect({ what, inStderr: r.run.stderr.includes(v) }).toEqual({ what, inStderr: false })
        expect({ what, inOutputs: Object.values(r.run.outputs).filter((o) => o.includes(v)) }).toEqual({ what, inOutputs: [] })
        expect({ what, inSummary: r.run.summary.includes(v) || summaryText(r.run.summary).includes(v) }).toEqual({ what, inSummary: false })
        expect({ what, inState: Object.values(r.run.state).filter((o) => o.includes(v)) }).toEqual({ what, inState: [] })
      }
      // Masked before anything else is printed (the inherited value as soon as it is read).
      const masks = r.run.lines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length))
      for (const v of [values.password, values.apiKey, values.databaseUrl, values.inherited, values.secretArn, values.parameter]) expect(masks).toContain(v)
      const firstOther = r.run.lines.findIndex((l) => !l.startsWith('::add-mask::'))
      for (const v of [values.password, values.apiKey, values.databaseUrl, values.secretArn]) {
        expect(r.run.lines.findIndex((l) => l === `::add-mask::${v}`)).toBeLessThan(firstOther)
      }
      // The debug print redacts secret values but keeps the rest readable.
      expect(debugPrint).toContain('LOG_LEVEL')
      expect(debugPrint).toMatch(/"name": "DB_PASSWORD",%0A\s*"value": "\*\*\*"/)
      expect(debugPrint).toMatch(/"name": "PORT",%0A\s*"value": "8080"/)
      // The plan names what changes, never the values.
      expect(visibleLines(r.run.lines).some((l) => /env .*\+ DB_PASSWORD/.test(l))).toBe(true)
    })
    // Masking is for the log only: the task definition carries the real values.
    const td = (await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: r.run.outputs['task-definition-arn'] }))).taskDefinition!
    const env = Object.fromEntries((td.containerDefinitions![0]!.environment ?? []).map((x) => [x.name, x.value]))
    expect(env).toMatchObject({ DB_PASSWORD: values.password, DATABASE_URL: values.databaseUrl, UPSTREAM_TOKEN: values.inherited, LOG_LEVEL: 'info' })
    expect(td.containerDefinitions![0]!.secrets).toEqual([
      { name: 'DB_SECRET', valueFrom: values.secretArn },
      { name: 'SIGNING_KEY', valueFrom: values.parameter }
    ])
  })
})

describe('release control, for the calls it makes', () => {
  it('deploy to the approval gate with the group and config named, then continue', async () => {
    const gate = await release(
      {
        'codedeploy-application': 'web-app',
        'codedeploy-deployment-group': 'web-dg',
        'codedeploy-deployment-config': 'CodeDeployDefault.ECSAllAtOnce',
        'wait-for': 'ready',
        environment: 'prod',
        tags: 'Team=payments'
      },
      { seed: { deploymentReadyWait: true } }
    )
    explain(gate.run, () => expect(gate.run.outputs.outcome).toBe('ready'))
    const cont = await release({ mode: 'continue', image: '', 'deployment-id': gate.run.outputs['deployment-id']! }, { fresh: false })
    explain(cont.run, () => expect(cont.run.outputs.outcome).toBe('succeeded'))
  })

  it('two releases, rollback to the previous one, to a Version tag, then stop one in flight', async () => {
    await e.fresh()
    const outcomes: string[] = []
    const steps: Record<string, string>[] = [
      { image: NEW_IMAGE },
      { image: `${REGISTRY}/web:1.6.0` },
      { mode: 'rollback', image: '' },
      { mode: 'rollback', image: '', 'rollback-to': '1.6.0' },
      { image: `${REGISTRY}/web:1.7.0`, 'wait-for': 'none' },
      { mode: 'stop', image: '' }
    ]
    // The release left running is held in flight (the clock all but stopped, 30 virtual seconds in)
    // until the stop says what it stops: it is still in flight however slow this machine is.
    const hold = onFirstLine(/^Deployment d-\w+ created/, () => {
      e.emu.setTimeScale(HOLD_TIME_SCALE)
      e.emu.advance(30_000)
    })
    const resume = onFirstLine(/^Stopping deployment d-\w+/, () => e.emu.setTimeScale(TIME_SCALE))
    for (const inputs of steps) {
      const onLine = inputs['wait-for'] === 'none' ? hold : inputs.mode === 'stop' ? resume : undefined
      const r = await release(inputs, { fresh: false, onLine })
      explain(r.run, () => expect(r.run.code).toBe(0), r.calls)
      outcomes.push(r.run.outputs.outcome!)
    }
    e.emu.setTimeScale(TIME_SCALE)
    expect(outcomes.slice(0, 4)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded'])
    expect(outcomes[4]).toBe('started')
    expect(['stopped', 'rolled-back']).toContain(outcomes[5])
  })
})

/** ECS operations only the other ways of releasing call (ECS deployments, ALB weights): not exercised here. */
const OTHER_WAY_ONLY = [
  'ecs:UpdateService',
  'ecs:ListServiceDeployments',
  'ecs:DescribeServiceDeployments',
  'ecs:StopServiceDeployment',
  'ecs:DescribeServiceRevisions',
  'ecs:ContinueServiceDeployment'
]

describe('least privilege: docs/iam-policy.json against the call log', () => {
  it("the operations called in every run above, plus what AWS checks with them, are exactly the policy's actions", () => {
    const called = [...new Set(actionCalls.map(actionOf))].sort()
    const implied = impliedPermissions(actionCalls)
    // Every operation the code can call was exercised, so the comparison covers the whole action.
    const source = sourceActions().filter((a) => /^(ecs|codedeploy):/.test(a) && !OTHER_WAY_ONLY.includes(a))
    expect({ calledButNotInSource: called.filter((a) => !source.includes(a)), inSourceButNeverCalled: source.filter((a) => !called.includes(a)) }).toEqual({
      calledButNotInSource: [],
      inSourceButNeverCalled: []
    })
    const wanted = [...new Set([...called, ...implied.keys()])].sort()
    // Every run here releases through CodeDeploy: statements of the other ways are theirs to check.
    const granted = policyActions(codeDeployPolicy())
    expect({ missingFromPolicy: wanted.filter((a) => !granted.includes(a)), grantedButNeverNeeded: granted.filter((a) => !wanted.includes(a)) }).toEqual({
      missingFromPolicy: [],
      grantedButNeverNeeded: []
    })
  })

  it('each call is allowed on the resource it touches, and roles are passed only as the policy allows', () => {
    const policy = loadPolicy()
    const denied = new Set<string>()
    for (const c of actionCalls) {
      for (const resource of resourcesOf(c, (id) => groupOf.get(id))) {
        if (!allows(policy, actionOf(c), resource)) denied.add(`${actionOf(c)} on ${resource}`)
      }
      const p = c.params as { executionRoleArn?: string; taskRoleArn?: string; family?: string; tags?: unknown[] }
      if (c.operation === 'RegisterTaskDefinition') {
        for (const role of [p.executionRoleArn, p.taskRoleArn]) if (role && !allows(policy, 'iam:PassRole', role)) denied.add(`iam:PassRole on ${role}`)
        const arn = `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:task-definition/${p.family}:1`
        if (p.tags?.length && !allows(policy, 'ecs:TagResource', arn)) denied.add(`ecs:TagResource on ${arn}`)
      }
    }
    expect([...denied]).toEqual([])
  })
})
