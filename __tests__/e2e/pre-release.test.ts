/**
 * End to end, the pre-release task (pre-release-command): dist/index.js as a runner runs it, on the
 * CodeDeploy way and the rolling way. A migration that succeeds streams its lines and the release
 * goes on; one that fails, or cannot start, ends the release failed with no deployment created
 * (the call log shows no CreateDeployment, no UpdateService), the container, its exit code and its
 * last lines in the log, the annotation and the summary; a cancel during it stops the task. Every
 * call of these runs is allowed by docs/iam-policy.json on the resource it touched.
 */
import { describe, expect, it } from '@jest/globals'
import type { CallRecord, FaultConfig } from '../../emulator/index.js'
import { actionOf, allows, loadPolicy, resourcesOf } from './iam-policy.js'
import { annotations, expectRun, freshEcsService, signalOn, useE2E, type E2E, type RunResult } from './helpers.js'

let e: E2E
useE2E(100, (x) => (e = x))

const MIGRATE = { 'pre-release-command': 'npm run migrate' }
/** Operations that change what the service runs: none of them may follow a failed pre-release task. */
const RELEASING = ['CreateDeployment', 'UpdateService', 'StopDeployment', 'ModifyListener', 'ModifyRule', 'StopServiceDeployment']
const ROLLING = { strategy: 'ROLLING' as const, minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } }

/** Every call the runs made, for the least-privilege check at the end. */
const kept: CallRecord[] = []
const keep = (): CallRecord[] => {
  const calls = e.calls()
  kept.push(...calls)
  return calls
}

/** What a migration that ran and exited shows in the log, whatever the way. */
function expectStreamed(r: RunResult, exitCode: number): void {
  expect(r.stdout).toMatch(/^Registered web:2$/m)
  expect(r.stdout).toMatch(/^Pre-release task: npm run migrate {2}\(container app of web:2, FARGATE LATEST, subnets subnet-\S+, subnet-\S+\)$/m)
  expect(r.stdout).toMatch(
    /^ {2}00:00 {2}task [0-9a-f]{8} PROVISIONING {2}https:\/\/console\.aws\.amazon\.com\/ecs\/v2\/clusters\/prod\/tasks\/[0-9a-f]{32}\?region=us-east-1$/m
  )
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}task [0-9a-f]{8} RUNNING$/m)
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}app \| web 1\.5\.0: npm run migrate$/m)
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}app \| == 20261201090000 CreateOrders: migrated/m)
  expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}task [0-9a-f]{8} STOPPED: Essential container in task exited$/m)
  // Its lines come before it is said STOPPED.
  const last = r.lines.findIndex((l) => / app \| (2 migrations applied|exiting with code)/.test(l))
  expect(last).toBeGreaterThan(0)
  expect(last).toBeLessThan(r.lines.findIndex((l) => / STOPPED: /.test(l)))
  if (exitCode) expect(r.stdout).toMatch(new RegExp(`^ {2}\\d\\d:\\d\\d {2}app \\| exiting with code ${exitCode}$`, 'm'))
}

/** A failed migration: nothing else changed, and the log, annotation and summary name the container, its exit code and its last lines. */
/** A migration that succeeded: streamed, said, and the release went on to succeed. */
function expectMigrated(r: RunResult): void {
  expect(r.code).toBe(0)
  expect(r.outputs.outcome).toBe('succeeded')
  expectStreamed(r, 0)
  expect(r.stdout).toMatch(/^Pre-release task succeeded after \S+: app exited with code 0$/m)
}

function expectFailedMigration(r: RunResult, calls: CallRecord[]): void {
  expectRun(r, (r) => {
    expect(r.code).toBe(1)
    expect(r.outputs.outcome).toBe('failed')
    expectStreamed(r, 1)
    expect(r.stdout).toMatch(/^Pre-release task failed after \S+: container app exited with code 1; nothing was deployed$/m)
    expect(r.stdout).toMatch(/^Why it failed: Pre-release command npm run migrate exited with code 1 in container app$/m)
    expect(r.stdout).toMatch(/^ {2}Last \d+ lines of app, task [0-9a-f]{8} \(log group \/ecs\/web, stream web\/app\/[0-9a-f]{32}\):$/m)
    expect(r.stdout).toMatch(/^ {4}\| PG::DuplicateColumn: ERROR: {2}column "status" of relation "orders" already exists$/m)
    const errors = annotations(r.lines, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.title).toBe('prod/web release failed (Pre-release task failed: container app exited with code 1)')
    expect(errors[0]!.message).toContain('Why: Pre-release command npm run migrate exited with code 1 in container app. Fix: ')
    expect(errors[0]!.message).toMatch(/\nLast \d+ lines of app:\n( {2}\| .*\n)* {2}\| exiting with code 1$/)
    expect(r.summary).toContain('Pre-release task')
    expect(r.summary).toMatch(/<code>npm run migrate<\/code> in app: exited with code 1 after /)
    expect(r.summary).toMatch(/<details><summary>Last \d+ lines of app/)
    expect(r.summary).toContain('exiting with code 1')
  })
  expect(calls.filter((c) => RELEASING.includes(c.operation)).map((c) => c.operation)).toEqual([])
  expect(calls.filter((c) => c.operation === 'RunTask')).toHaveLength(1)
}

/** A cancel during the migration: StopTask sent, the log says so, nothing else changed. */
function expectCancelled(r: RunResult, calls: CallRecord[]): void {
  expectRun(r, (r) => {
    expect(r.code).toBe(1)
    expect(r.outputs.outcome).toBe('stopped')
    expect(r.stdout).toContain('Received SIGINT: the job is being cancelled.')
    expect(r.stdout).toMatch(/^Cancelled by the runner: stopped pre-release task [0-9a-f]{8}; nothing was deployed$/m)
    expect(annotations(r.lines, 'error')[0]!.message).toMatch(/^The job was cancelled during the pre-release task; it was stopped and nothing was deployed\./)
  })
  const stop = calls.filter((c) => c.operation === 'StopTask')
  expect(stop).toHaveLength(1)
  expect(stop[0]!.params).toMatchObject({ cluster: 'prod', reason: 'Cancelled by the runner: ecs-bluegreen-action stopped the pre-release task' })
  expect(calls.filter((c) => RELEASING.includes(c.operation))).toEqual([])
}

/** Cancels once the migration has written its first line, while it runs on (10 virtual minutes). */
async function cancelDuringMigration(): Promise<{ r: RunResult; calls: CallRecord[] }> {
  const sig = signalOn(/ app \| /, 'SIGINT')
  const r = await e.run(MIGRATE, { onStart: sig.onStart, onLine: sig.onLine })
  return { r, calls: keep() }
}

const LONG: FaultConfig = { runTask: { runsForSeconds: 600 } }

describe('CodeDeploy way', () => {
  it('runs the migration with the new revision, streams it, then creates the deployment', async () => {
    await e.fresh({ deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce', terminationWaitMinutes: 1 })
    const r = await e.run(MIGRATE)
    const calls = keep()
    expectRun(r, (r) => {
      expectMigrated(r)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}app \| 2 migrations applied; schema version 20261202143000$/m)
      expect(r.summary).toMatch(/<code>npm run migrate<\/code> in app: exited with code 0 after /)
    })
    // The task ran as the service's tasks do, named after the action; then, and only then, the deployment.
    const run = calls.find((c) => c.operation === 'RunTask')!
    expect(run.params).toMatchObject({
      cluster: 'prod',
      taskDefinition: expect.stringMatching(/:task-definition\/web:2$/),
      count: 1,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      startedBy: expect.stringMatching(/^ecs-bluegreen-action\//),
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'] } },
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] }
    })
    const ops = calls.map((c) => c.operation)
    expect(ops.indexOf('RegisterTaskDefinition')).toBeLessThan(ops.indexOf('RunTask'))
    expect(ops.lastIndexOf('DescribeTasks')).toBeLessThan(ops.indexOf('CreateDeployment'))
  }, 60_000)

  it('a migration that exits 1 ends the release failed and creates no deployment', async () => {
    await e.fresh({}, { runTask: { exitCode: 1 } })
    const r = await e.run(MIGRATE)
    expectFailedMigration(r, keep())
    expect(e.deployments()).toEqual([])
  }, 60_000)

  it('a cancel during the migration stops its task', async () => {
    await e.fresh({}, LONG)
    const { r, calls } = await cancelDuringMigration()
    expectCancelled(r, calls)
    expect(e.deployments()).toEqual([])
  }, 60_000)
})

describe('rolling way', () => {
  it('runs the migration, then updates the service', async () => {
    await freshEcsService(e, ROLLING)
    const r = await e.run(MIGRATE)
    const calls = keep()
    expectRun(r, (r) => expectMigrated(r))
    const ops = calls.map((c) => c.operation)
    expect(ops.lastIndexOf('DescribeTasks')).toBeLessThan(ops.indexOf('UpdateService'))
    expect(e.service().taskDefinition).toMatch(/web:2$/)
  }, 60_000)

  it('a migration that exits 1 leaves the service as it was', async () => {
    await freshEcsService(e, ROLLING, { runTask: { exitCode: 1 } })
    const r = await e.run(MIGRATE)
    expectFailedMigration(r, keep())
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 60_000)

  it('a task that cannot start (no Fargate capacity) ends the release failed with the fix, nothing deployed', async () => {
    await freshEcsService(e, ROLLING, { runTask: { cannotStart: 'capacity' } })
    const r = await e.run(MIGRATE)
    const calls = keep()
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('failed')
      expect(r.stdout).toMatch(
        /^Pre-release task could not start: Capacity is unavailable at this time\. Please try again later or in a different availability zone; nothing was deployed$/m
      )
      expect(r.stdout).toMatch(/^ {2}Fix: Run the step again later/m)
      expect(annotations(r.lines, 'error')[0]!.title).toMatch(
        /^prod\/web release failed \(Pre-release task could not start: Capacity is unavailable at this time\./
      )
    })
    expect(calls.filter((c) => RELEASING.includes(c.operation))).toEqual([])
  }, 60_000)

  it('a cancel during the migration stops its task', async () => {
    await freshEcsService(e, ROLLING, LONG)
    const { r, calls } = await cancelDuringMigration()
    expectCancelled(r, calls)
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 60_000)
})

describe('least privilege', () => {
  it('each RunTask, DescribeTasks and StopTask of the runs above is allowed by docs/iam-policy.json on what it touched', () => {
    const policy = loadPolicy()
    const tasks = kept.filter((c) => c.service === 'ecs' && ['RunTask', 'StopTask', 'DescribeTasks'].includes(c.operation))
    expect(new Set(tasks.map((c) => c.operation))).toEqual(new Set(['RunTask', 'StopTask', 'DescribeTasks']))
    const denied = tasks.flatMap((c) =>
      resourcesOf(c, () => undefined)
        .filter((r) => !allows(policy, actionOf(c), r))
        .map((r) => `${actionOf(c)} on ${r}`)
    )
    expect([...new Set(denied)]).toEqual([])
  })
})
