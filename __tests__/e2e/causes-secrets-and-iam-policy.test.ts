/**
 * Releases whose calls, together, are every call the CodeDeploy way makes: a deployment stopped
 * behind the action's back reported with its real cause, releases with secrets (none reaches the
 * log, the outputs or the job summary), and release control (the approval gate, rollbacks, a stop).
 * The operations the action called over every run here, plus what AWS checks with them, must be
 * exactly the CodeDeploy actions of docs/iam-policy.json, each allowed on the resource it touched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import type { FaultConfig } from '../../emulator/index.js'
import { HOLD_TIME_SCALE, onFirstLine } from '../fixtures/emulator.js'
import { calledButNotInSource, codeDeploySourceActions, deniedCalls, explain, keptCalls, SEED, TIME_SCALE } from './codedeploy-runs.js'
import { actionOf, codeDeployPolicy, impliedPermissions, policyActions, POLICY_WORLD } from './iam-policy.js'
import { annotations, NEW_IMAGE, REGISTRY, summaryText, useE2E, visibleLines, type E2E } from './helpers.js'

jest.setTimeout(240_000)

let e: E2E
useE2E(TIME_SCALE, (x) => (e = x), { seed: SEED })
const kept = keptCalls(() => e)

describe("a deployment stopped behind the action's back is reported with its real cause", () => {
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
    kept.keep(e.calls().filter((c) => c.operation !== 'StopDeployment'))
    explain(run, () => {
      expect(stopped).toBeDefined()
      expect(run.code).toBe(1)
      expect(['stopped', 'rolled-back']).toContain(run.outputs.outcome)
      const errors = annotations(run.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toMatch(/stopped by a user request/i)
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
            ],
            // A failed release reads the crashed container's log from here: logs:GetLogEvents on /ecs/web.
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } }
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
    const r = await kept.release(
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
    const gate = await kept.release(
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
    const cont = await kept.release({ mode: 'continue', image: '', 'deployment-id': gate.run.outputs['deployment-id']! }, { fresh: false })
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
      const r = await kept.release(inputs, { fresh: false, onLine })
      explain(r.run, () => expect(r.run.code).toBe(0), r.calls)
      outcomes.push(r.run.outputs.outcome!)
    }
    e.emu.setTimeScale(TIME_SCALE)
    expect(outcomes.slice(0, 4)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded'])
    expect(outcomes[4]).toBe('started')
    expect(['stopped', 'rolled-back']).toContain(outcomes[5])
  })
})

describe('least privilege: docs/iam-policy.json against the call log', () => {
  it("the operations called in every run above, plus what AWS checks with them, are exactly the policy's actions", () => {
    const called = [...new Set(kept.calls.map(actionOf))].sort()
    const implied = impliedPermissions(kept.calls)
    // Every operation the code can call was exercised, so the comparison covers the whole action,
    // but for those exercised elsewhere: ListDeploymentTargets, asked only when the target ID
    // CodeDeploy forms is not found (__tests__/ways/codedeploy/watch.test.ts), the pre-release
    // task's RunTask and StopTask (__tests__/e2e/pre-release.test.ts checks them against the policy),
    // what keep-revisions and mode plan call (__tests__/e2e/promote-unchanged-plan.test.ts does), and the
    // canary analysis' GetMetricData (__tests__/e2e/analysis.test.ts does).
    const elsewhere = [
      'codedeploy:ListDeploymentTargets',
      'ecs:RunTask',
      'ecs:StopTask',
      'ecs:DeregisterTaskDefinition',
      'logs:DescribeLogGroups',
      'ecr:DescribeImages',
      'cloudwatch:GetMetricData'
    ]
    const source = codeDeploySourceActions().filter((a) => !elsewhere.includes(a))
    expect({ calledButNotInSource: calledButNotInSource(kept), inSourceButNeverCalled: source.filter((a) => !called.includes(a)) }).toEqual({
      calledButNotInSource: [],
      inSourceButNeverCalled: []
    })
    const wanted = [...new Set([...called, ...implied.keys(), ...elsewhere])].sort()
    // Every run here releases through CodeDeploy: statements of the other ways are theirs to check.
    const granted = policyActions(codeDeployPolicy())
    expect({ missingFromPolicy: wanted.filter((a) => !granted.includes(a)), grantedButNeverNeeded: granted.filter((a) => !wanted.includes(a)) }).toEqual({
      missingFromPolicy: [],
      grantedButNeverNeeded: []
    })
  })

  it('each call is allowed on the resource it touches, and roles are passed only as the policy allows', () => {
    expect(deniedCalls(kept)).toEqual([])
  })
})
