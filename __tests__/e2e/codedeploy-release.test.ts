/**
 * End to end: the bundled action (dist/index.js, node 24, as a runner runs it) releases the seeded
 * service through the emulator. Each case starts from a freshly seeded world; the emulator runs
 * 100x faster than real time, so a 5-minute canary takes seconds.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { CreateDeploymentConfigCommand } from '@aws-sdk/client-codedeploy'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { DIST, nodeBinary } from '../../scripts/run-action.js'
import {
  ALL_EVENTS,
  annotations,
  awsCli,
  expectLifecycleOnce,
  expectRun,
  finalStatus,
  hasCommand,
  lifecycleLines,
  NEW_IMAGE,
  OLD_IMAGE,
  startE2E,
  summaryFields,
  summaryText,
  trafficLines,
  visibleLines,
  type E2E,
  type RunResult
} from './helpers.js'

jest.setTimeout(90_000)

const TIME_SCALE = 100
const TD = (rev: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`
const CONSOLE = (id: string): string => `https://console.aws.amazon.com/codesuite/codedeploy/deployments/${id}?region=us-east-1`
const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/

let e: E2E

beforeAll(async () => {
  // A short wait before blue is removed keeps each release to a few seconds of real time.
  e = await startE2E({ timeScale: TIME_SCALE, seed: { terminationWaitMinutes: 1 } })
})

afterAll(async () => {
  await e?.close()
})

/**
 * The service's task sets as [status, task definition]. A task set CodeDeploy just deleted drains
 * for a while (as in ECS); it is left out once checked to be the one replaced.
 */
function taskSets(svc: ReturnType<E2E['service']>): [string | undefined, string | undefined][] {
  const sets = svc.taskSets ?? []
  for (const t of sets.filter((x) => x.status === 'DRAINING')) expect(t.taskDefinition).not.toBe(svc.taskDefinition)
  return sets.filter((x) => x.status !== 'DRAINING').map((t) => [t.status, t.taskDefinition])
}

const allSucceeded = Object.fromEntries(ALL_EVENTS.map((n) => [n, 'Succeeded']))

/** What every successful release leaves behind: outputs, log, summary, and the emulator's world. */
async function expectSucceededRelease(r: RunResult, o: { config: string; traffic: { green: number; blue: number }[] }): Promise<string> {
  const id = r.outputs['deployment-id']!
  expectRun(r, () => {
    expect(r.code).toBe(0)
    expect(r.outputs).toEqual({
      'deployment-id': expect.stringMatching(DEPLOYMENT_ID),
      'codedeploy-deployment-id': id,
      outcome: 'succeeded',
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1),
      'deployment-url': CONSOLE(id),
      'rollback-deployment-id': ''
    })
    expect(annotations(r.lines, 'error')).toEqual([])
    expect(visibleLines(r.lines)[0]).toBe('Strategy: CodeDeploy blue/green  (deployment controller CODE_DEPLOY; strategy: auto)')
    expect(visibleLines(r.lines)[1]).toContain(`prod/web  via CodeDeploy web-app/web-dg  ${o.config}`)
    expect(r.lines).toContain(`Registered web:2`)
    expect(r.lines).toContain(`Deployment ${id} created  ${CONSOLE(id)}`)
    expectLifecycleOnce(r.lines, allSucceeded)
    expect(trafficLines(r.lines)).toEqual(o.traffic)
    // The shift that completes AllowTraffic comes before its line.
    const last = r.lines.findIndex((l) => /traffic {2}green 100%/.test(l))
    expect(last).toBeLessThan(r.lines.findIndex((l) => /AllowTraffic +Succeeded/.test(l) && !/After|Before|Test/.test(l)))
    expect(r.lines.filter((l) => /waiting 1m before the blue task set is removed/.test(l))).toHaveLength(1)
    expect(finalStatus(r.lines)).toBe('Succeeded')
  })

  // Job summary
  const s = summaryFields(r.summary)
  expect(r.summary).toContain('<h2>✅ prod/web: succeeded</h2>')
  expect(s).toMatchObject({
    Image: NEW_IMAGE,
    'Task definition': 'web:1 → web:2',
    CodeDeploy: 'web-app / web-dg',
    Config: o.config,
    Deployment: id,
    Traffic: 'green 100% · blue 0%'
  })
  expect(s.Cause).toBeUndefined()
  const text = summaryText(r.summary)
  expect(text).toContain('### Timeline')
  for (const ev of ALL_EVENTS) expect(text).toMatch(new RegExp(`\\d\\d:\\d\\d  ${ev}  Succeeded`))

  // The emulator: the service runs the new revision alone; one deployment, succeeded.
  const svc = e.service()
  expect(svc.taskDefinition).toBe(TD(2))
  expect(taskSets(svc)).toEqual([['PRIMARY', TD(2)]])
  const deps = e.deployments()
  expect(deps.map((d) => [d.deploymentId, d.status, d.deploymentConfigName, d.taskDefinitionArn])).toEqual([[id, 'Succeeded', o.config, TD(2)]])
  expect(deps[0]!.trafficWeights).toEqual({ blue: 0, green: 100 })
  expect(e.calls('CreateDeployment')).toHaveLength(1)
  expect(e.calls('RegisterTaskDefinition')).toHaveLength(1)

  // What was registered: the new image, tagged with its version.
  const td = await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: TD(2), include: ['TAGS'] }))
  expect(td.taskDefinition?.containerDefinitions?.[0]?.image).toBe(NEW_IMAGE)
  expect(td.tags).toContainEqual({ key: 'Version', value: '1.5.0' })
  return id
}

/** A release that failed and that CodeDeploy rolled back: exit 1, the old revision serves again. */
function expectRolledBack(r: RunResult): { id: string; rollbackId: string } {
  const id = r.outputs['deployment-id']!
  const rollbackId = r.outputs['rollback-deployment-id']!
  expectRun(r, () => {
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({
      'deployment-id': expect.stringMatching(DEPLOYMENT_ID),
      'codedeploy-deployment-id': id,
      outcome: 'rolled-back',
      'task-definition-arn': TD(2),
      'previous-task-definition-arn': TD(1),
      'deployment-url': CONSOLE(id),
      'rollback-deployment-id': expect.stringMatching(DEPLOYMENT_ID)
    })
    expect(rollbackId).not.toBe(id)
    expect(r.lines.filter((l) => l.includes(`rolled back by ${rollbackId}: Succeeded`) && l.includes('web:1 serves all traffic'))).toHaveLength(1)
  })
  const deps = e.deployments()
  expect(deps.map((d) => d.deploymentId)).toEqual([id, rollbackId])
  expect(deps[1]).toMatchObject({ status: 'Succeeded', isRollback: true, creator: 'codeDeployRollback' })
  expect(deps[0]!.rollbackInfo?.rollbackDeploymentId).toBe(rollbackId)
  // Back on the old task definition, the replacement task set gone.
  const svc = e.service()
  expect(svc.taskDefinition).toBe(TD(1))
  expect(taskSets(svc)).toEqual([['PRIMARY', TD(1)]])
  expect(r.summary).toContain('<h2>❌ prod/web: rolled-back</h2>')
  expect(summaryFields(r.summary)['Rollback deployment']).toBe(rollbackId)
  return { id, rollbackId }
}

describe('releases that succeed', () => {
  it('AllAtOnce: all traffic in one shift', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    const r = await e.run()
    await expectSucceededRelease(r, { config: 'CodeDeployDefault.ECSAllAtOnce', traffic: [{ green: 100, blue: 0 }] })
  })

  it('canary: 10% then 100%', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' })
    const r = await e.run({ environment: 'prod', hooks: 'AfterAllowTestTraffic=smoke-test' })
    const id = await expectSucceededRelease(r, {
      config: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      traffic: [
        { green: 10, blue: 90 },
        { green: 100, blue: 0 }
      ]
    })
    // The hook is named on its event's line; the bake shows in the clock column (5 virtual minutes).
    expect(lifecycleLines(r.lines).find((l) => l.name === 'AfterAllowTestTraffic')!.line).toMatch(/hook smoke-test$/)
    const clocks = r.lines.filter((l) => /traffic {2}green/.test(l)).map((l) => l.slice(2, 7).split(':').map(Number))
    const [m1, s1] = clocks[0]!
    const [m2, s2] = clocks[1]!
    expect(m2! * 60 + s2! - (m1! * 60 + s1!)).toBeGreaterThanOrEqual(295)
    expect(e.deployment(id).hooks.map((h) => [h.lifecycleEvent, h.functionName, h.status])).toEqual([['AfterAllowTestTraffic', 'smoke-test', 'Succeeded']])
    const td = await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: TD(2), include: ['TAGS'] }))
    expect(td.tags).toContainEqual({ key: 'Environment', value: 'prod' })
  })

  it('linear: 10% steps every minute', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' })
    // One step a real second, so the watcher (polling at most every 300 ms) sees each one.
    e.emu.setTimeScale(60)
    try {
      const r = await e.run()
      await expectSucceededRelease(r, {
        config: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
        traffic: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((g) => ({ green: g, blue: 100 - g }))
      })
    } finally {
      e.emu.setTimeScale(TIME_SCALE)
    }
  })

  it('codedeploy-deployment-config overrides the group config (custom 25% canary)', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery3Minutes' })
    await e.codedeploy.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'web-canary-25-1',
        computePlatform: 'ECS',
        trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 25, canaryInterval: 1 } }
      })
    )
    e.emu.clearCalls()
    const r = await e.run({ 'codedeploy-deployment-config': 'web-canary-25-1' })
    await expectSucceededRelease(r, {
      config: 'web-canary-25-1',
      traffic: [
        { green: 25, blue: 75 },
        { green: 100, blue: 0 }
      ]
    })
    expect(e.calls('CreateDeployment')[0]!.params).toMatchObject({ deploymentConfigName: 'web-canary-25-1' })
    expect(e.calls('GetDeploymentConfig')).toHaveLength(1)
  })

  it('a task definition file (cwd), env vars, secrets and tags are registered; no secret valueFrom in the log', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    const dir = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-e2e-'))
    const dbSecret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf'
    const apiParam = '/prod/web/api-token'
    try {
      writeFileSync(
        join(dir, 'taskdef.json'),
        JSON.stringify(
          {
            family: 'web',
            networkMode: 'awsvpc',
            requiresCompatibilities: ['FARGATE'],
            cpu: '512',
            memory: '1024',
            executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
            containerDefinitions: [
              {
                name: 'app',
                image: 'placeholder:latest',
                essential: true,
                portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
                environment: [
                  { name: 'LOG_LEVEL', value: 'info' },
                  { name: 'PORT', value: '8080' }
                ]
              },
              { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable', essential: false }
            ],
            tags: [{ key: 'Owner', value: 'web-team' }]
          },
          null,
          2
        )
      )
      const r = await e.run(
        {
          'task-definition': 'taskdef.json',
          'environment-variables': 'LOG_LEVEL=debug\nFEATURE_X=on',
          secrets: `DB_PASSWORD=${dbSecret}\nAPI_TOKEN=${apiParam}`,
          tags: 'Team=payments\nCostCenter=42',
          environment: 'prod'
        },
        { cwd: dir }
      )
      expectRun(r, () => {
        expect(r.code).toBe(0)
        expect(r.outputs.outcome).toBe('succeeded')
        expect(r.outputs['task-definition-arn']).toBe(TD(2))
        // Names only in the plan; the runner is told to mask each valueFrom.
        expect(r.lines).toContain('  app  env     + LOG_LEVEL  + PORT  + FEATURE_X')
        expect(r.lines).toContain('  app  secrets + DB_PASSWORD  + API_TOKEN')
        // ECS describes a container without cpu as cpu 0: the file leaving it out changes nothing.
        expect(r.lines.filter((l) => /^ {2}app {2}cpu /.test(l))).toEqual([])
        for (const v of [dbSecret, apiParam]) {
          // Not even in ::debug:: lines, which a re-run with debug logging shows.
          expect(r.lines.filter((l) => l.includes(v) && !l.startsWith('::add-mask::'))).toEqual([])
          expect(r.lines).toContain(`::add-mask::${v}`)
          expect(r.summary).not.toContain(v)
        }
        expect(r.lines.some((l) => /tags .*Team=payments {2}CostCenter=42 {2}Environment=prod {2}Version=1\.5\.0/.test(l))).toBe(true)
      })
      const out = await e.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: r.outputs['task-definition-arn']!, include: ['TAGS'] }))
      const td = out.taskDefinition!
      expect([td.cpu, td.memory]).toEqual(['512', '1024'])
      const app = td.containerDefinitions!.find((c) => c.name === 'app')!
      expect(app.image).toBe(NEW_IMAGE)
      expect(app.environment).toEqual([
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'PORT', value: '8080' },
        { name: 'FEATURE_X', value: 'on' }
      ])
      expect(app.secrets).toEqual([
        { name: 'DB_PASSWORD', valueFrom: dbSecret },
        { name: 'API_TOKEN', valueFrom: apiParam }
      ])
      expect(td.containerDefinitions!.find((c) => c.name === 'log-router')!.image).toBe('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable')
      expect(Object.fromEntries((out.tags ?? []).map((t) => [t.key, t.value]))).toEqual({
        Owner: 'web-team',
        Team: 'payments',
        CostCenter: '42',
        Environment: 'prod',
        Version: '1.5.0'
      })
      expect(e.service().taskDefinition).toBe(TD(2))
      // The file was the base: the live task definition was not needed for anything but the diff.
      expect(e.calls('RegisterTaskDefinition')).toHaveLength(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('wait-for none: outcome started, the deployment left running', async () => {
    await e.fresh()
    const r = await e.run({ 'wait-for': 'none' })
    const id = r.outputs['deployment-id']!
    expectRun(r, () => {
      expect(r.code).toBe(0)
      expect(r.outputs).toMatchObject({
        outcome: 'started',
        'deployment-id': expect.stringMatching(DEPLOYMENT_ID),
        'codedeploy-deployment-id': id,
        'deployment-url': CONSOLE(id),
        'task-definition-arn': TD(2)
      })
      expect(lifecycleLines(r.lines)).toEqual([])
      expect(annotations(r.lines, 'error')).toEqual([])
    })
    expect(r.summary).toContain('<h2>✅ prod/web: started</h2>')
    const d = e.deployment(id)
    expect(['Created', 'Queued', 'InProgress']).toContain(d.status)
    expect(e.calls('GetDeployment')).toHaveLength(0)
  })
})

describe('releases that fail', () => {
  it('a green task that crashes: rolled back, the log names the exit code and stoppedReason', async () => {
    await e.fresh(
      {},
      {
        greenTasksFail: {
          exitCode: 137,
          reason: 'Essential container in task exited',
          containerReason: 'OutOfMemoryError: Container killed due to memory usage'
        }
      }
    )
    const r = await e.run()
    expectRolledBack(r)
    expectRun(r, () => {
      const lc = Object.fromEntries(lifecycleLines(r.lines).map((l) => [l.name, l.status]))
      expect(lc.Install).toBe('Failed')
      expect(lifecycleLines(r.lines).filter((l) => l.name === 'Install')).toHaveLength(1)
      expect(r.lines.some((l) => /app exited 137 \(OutOfMemoryError: Container killed due to memory usage\): Essential container in task exited/.test(l))).toBe(
        true
      )
      const errors = annotations(r.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.title).toMatch(/^prod\/web release rolled-back\b/)
      expect(errors[0]!.message).toMatch(
        /^Install failed: app exited 137 \(Essential container in task exited\)\. Rolled back to web:1\. Why: Container app was killed at its memory limit of 512 MiB \(the task's memory\)\. Fix: Raise the task's memory/
      )
      expect(finalStatus(r.lines)).toBe('Failed')
    })
    expect(summaryFields(r.summary).Cause).toContain('app exited 137')
    expect(e.deployments()[0]!.errorInformation?.code).toBe('ECS_UPDATE_ERROR')
  })

  it('a failing hook: rolled back, the hook event named', async () => {
    await e.fresh({}, { hooks: 'fail' })
    const r = await e.run({ hooks: 'AfterAllowTestTraffic=smoke-test' })
    const { id } = expectRolledBack(r)
    expectRun(r, () => {
      const hookLine = lifecycleLines(r.lines).find((l) => l.name === 'AfterAllowTestTraffic')!
      expect(hookLine.status).toBe('Failed')
      expect(hookLine.line).toMatch(/hook smoke-test$/)
      expect(lifecycleLines(r.lines).filter((l) => l.name === 'AfterAllowTestTraffic')).toHaveLength(1)
      expect(trafficLines(r.lines)).toEqual([])
      const errors = annotations(r.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toMatch(/^AfterAllowTestTraffic failed: /)
      // The cause is the hook's verdict, not the green tasks CodeDeploy stopped while rolling back.
      expect(errors[0]!.message).toContain('HOOK_EXECUTION_FAILURE')
      expect(errors[0]!.message).toContain('hook smoke-test')
      expect(errors[0]!.message).not.toMatch(/\.\./)
      expect(errors[0]!.message).not.toContain('Task set deleted')
      expect(errors[0]!.message).toMatch(/Rolled back to web:1\.$/)
    })
    expect(e.deployment(id).hooks.map((h) => [h.lifecycleEvent, h.status])).toEqual([['AfterAllowTestTraffic', 'Failed']])
  })

  it('an alarm fires mid-shift: stopped with ALARM_ACTIVE, rolled back', async () => {
    await e.fresh({}, { alarm: true })
    const r = await e.run()
    const { id } = expectRolledBack(r)
    expectRun(r, () => {
      expect(trafficLines(r.lines)[0]).toEqual({ green: 10, blue: 90 })
      expect(r.lines.filter((l) => /^ +CodeDeploy ALARM_ACTIVE: .*web-green-5xx/.test(l))).toHaveLength(1)
      expect(finalStatus(r.lines)).toBe('Stopped')
      const errors = annotations(r.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toContain('ALARM_ACTIVE')
      // The cause names the alarm.
      expect(errors[0]!.message).toContain('web-green-5xx')
      expect(errors[0]!.message).toMatch(/Rolled back to web:1\.$/)
    })
    expect(e.deployment(id)).toMatchObject({ status: 'Stopped', errorInformation: { code: 'ALARM_ACTIVE' } })
  })

  it('a timeout (install hangs, wait-for-minutes 0.05): timed-out, stopped with rollback', async () => {
    await e.fresh({}, { installHang: true })
    const started = Date.now()
    const r = await e.run({ 'wait-for-minutes': '0.05' })
    const id = r.outputs['deployment-id']!
    expectRun(r, () => {
      expect(r.code).toBe(1)
      expect(r.outputs).toMatchObject({
        outcome: 'timed-out',
        'deployment-id': expect.stringMatching(DEPLOYMENT_ID),
        'rollback-deployment-id': expect.stringMatching(DEPLOYMENT_ID)
      })
      expect(r.lines).toContain(`Timed out after 0.05 min: stopped deployment ${id} with rollback (on-timeout: rollback)`)
      expect(
        lifecycleLines(r.lines)
          .filter((l) => l.name === 'Install')
          .map((l) => l.status)
      ).not.toContain('Succeeded')
      const errors = annotations(r.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.title).toMatch(/^prod\/web release timed-out\b/)
      expect(errors[0]!.message).toContain(`Not finished after 0.05 min ('wait-for-minutes'); stopped with rollback by ${r.outputs['rollback-deployment-id']}`)
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000)
    expect(e.deployment(id)).toMatchObject({ status: 'Stopped', errorInformation: { code: 'MANUAL_STOP' } })
    expect(e.deployment(id).rollbackInfo?.rollbackDeploymentId).toBe(r.outputs['rollback-deployment-id'])
    expect(e.calls('StopDeployment').map((c) => c.params)).toEqual([{ deploymentId: id, autoRollbackEnabled: true }])
    expect(e.service().taskDefinition).toBe(TD(1))
    expect(r.summary).toContain('<h2>❌ prod/web: timed-out</h2>')
  })

  it('a bad image is refused at once: exit 1, one ::error naming image, no API call', async () => {
    await e.fresh()
    const r = await e.run({ image: 'web latest' })
    expectRun(r, () => {
      expect(r.code).toBe(1)
      const errors = annotations(r.lines, 'error')
      expect(errors).toHaveLength(1)
      // The inputs did not parse, so the title names the action rather than the service.
      expect(errors[0]!.title).toBe('ecs-bluegreen-action: image')
      expect(errors[0]!.message).toMatch(/^Input 'image': 'web latest' is not an image URI with a tag or digest\./)
      expect(r.lines.filter((l) => l.startsWith('::error'))).toHaveLength(1)
      expect(r.outputs).toEqual({})
    })
    // node 24 was found in beforeAll: this is the bundle's start plus validation, under 2.5 s. On a
    // machine so busy that node 24 alone takes over 1.5 s to parse the bundle, that much longer.
    const parse = Date.now()
    execFileSync(nodeBinary(), ['--check', DIST])
    expect(r.elapsedMs).toBeLessThan(Math.max(2500, Date.now() - parse + 1000))
    expect(e.calls()).toEqual([])
  })
})

describe('the AWS CLI sees what the action did', () => {
  const haveAws = hasCommand('aws')
  if (!haveAws) {
    it('skipped: the AWS CLI (aws) is not installed', () => {
      console.warn('codedeploy-release.test.ts: skipped the AWS CLI check: aws is not on PATH')
    })
    return
  }
  it('aws ecs describe-services and aws deploy get-deployment agree with the outputs', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    const r = await e.run()
    expectRun(r, () => expect(r.code).toBe(0))
    const svc = (await awsCli(e.url, 'ecs', 'describe-services', '--cluster', 'prod', '--services', 'web')) as {
      services: { taskDefinition: string; deploymentController: { type: string }; taskSets: { status: string; taskDefinition: string }[] }[]
    }
    expect(svc.services[0]!.taskDefinition).toBe(r.outputs['task-definition-arn'])
    expect(svc.services[0]!.deploymentController.type).toBe('CODE_DEPLOY')
    expect(svc.services[0]!.taskSets.filter((t) => t.status !== 'DRAINING').map((t) => [t.status, t.taskDefinition])).toEqual([
      ['PRIMARY', r.outputs['task-definition-arn']]
    ])
    const d = (await awsCli(e.url, 'deploy', 'get-deployment', '--deployment-id', r.outputs['deployment-id']!)) as {
      deploymentInfo: { status: string; deploymentGroupName: string; description: string }
    }
    expect(d.deploymentInfo).toMatchObject({ status: 'Succeeded', deploymentGroupName: 'web-dg' })
    expect(d.deploymentInfo.description).toMatch(
      /^Deployed by ecs-bluegreen-action commit 3f9c1e2a7b4d https:\/\/github\.com\/org\/web\/actions\/runs\/1234567890 \[release \d+-[0-9a-f]+; previous web:1\]$/
    )
    const td = (await awsCli(e.url, 'ecs', 'describe-task-definition', '--task-definition', 'web:2', '--include', 'TAGS')) as {
      taskDefinition: { containerDefinitions: { image: string }[] }
    }
    expect(td.taskDefinition.containerDefinitions[0]!.image).toBe(NEW_IMAGE)
    expect(OLD_IMAGE).not.toBe(NEW_IMAGE)
  })
})
