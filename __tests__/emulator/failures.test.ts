import { describe, expect, it, jest } from '@jest/globals'

jest.setTimeout(30_000)
import {
  GetDeploymentCommand,
  LifecycleEventAlreadyCompletedException,
  ListDeploymentsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  StopDeploymentCommand,
  type DeploymentInfo
} from '@aws-sdk/client-codedeploy'
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs'
import { seedWorld, type Emulator, type SeedSpec } from '../../emulator/index.js'
import { HOLD_TIME_SCALE, registerWebRevision, sleep, useEmulatorFixture, type EmulatorFixture } from '../fixtures/emulator.js'
import { createDeployment, stepUntil, waitFor, watch } from './helpers.js'

let emu: Emulator
let c: EmulatorFixture
let newTd: string
let blueTd: string

useEmulatorFixture(600, (f) => {
  c = f
  emu = f.emu
})

async function fresh(spec: Partial<SeedSpec> = {}) {
  emu.reset()
  const seed = await seedWorld(emu.url, spec)
  blueTd = seed.taskDefinitionArn
  newTd = await registerWebRevision(c.ecs, { image: 'example/web:broken' })
}

const getInfo = async (id: string): Promise<DeploymentInfo> => (await c.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!

async function expectRolledBack(id: string, status: 'Failed' | 'Stopped', code: string): Promise<DeploymentInfo> {
  const obs = await watch(c, id)
  const failed = obs[obs.length - 1]!.info
  expect(failed.status).toBe(status)
  expect(failed.errorInformation?.code).toBe(code)
  const rbId = failed.rollbackInfo?.rollbackDeploymentId
  expect(rbId).toMatch(/^d-[A-Z0-9]{9}$/)
  const rbObs = await watch(c, rbId!)
  const rb = rbObs[rbObs.length - 1]!.info
  expect(rb.status).toBe('Succeeded')
  expect(rb.creator).toBe('codeDeployRollback')
  expect(rb.rollbackInfo?.rollbackTriggeringDeploymentId).toBe(id)
  // all traffic back on the original task set, the replacement removed
  const t = rbObs[rbObs.length - 1]!.target!
  expect(t.taskSetsInfo!.find((x) => x.taskSetLabel === 'Blue')!.trafficWeight).toBe(100)
  const svc = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
  expect(svc.taskDefinition).toBe(blueTd)
  await waitFor(
    async () => (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!.taskSets!,
    (ts) => ts.length === 1 && ts[0]!.status === 'PRIMARY' && ts[0]!.taskDefinition === blueTd
  )
  const list = await c.codedeploy.send(new ListDeploymentsCommand({ applicationName: 'web-app', deploymentGroupName: 'web-dg' }))
  expect(list.deployments).toEqual([rbId, id]) // newest first
  return failed
}

describe('failures and rollbacks', () => {
  it('green tasks that fail to start: Install fails with ECS_UPDATE_ERROR, auto-rollback', async () => {
    await fresh()
    emu.setFaults({ greenTasksFail: true })
    const id = await createDeployment(c.codedeploy, newTd)
    const failed = await expectRolledBack(id, 'Failed', 'ECS_UPDATE_ERROR')
    expect(failed.errorInformation!.message).toMatch(/Essential container in task exited/)
    const dep = emu.deployment(id)!
    expect(dep.lifecycleEvents.find((e) => e.lifecycleEventName === 'Install')!.status).toBe('Failed')
    // stopped tasks tell why
    const stopped = await c.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' }))
    expect(stopped.taskArns!.length).toBeGreaterThanOrEqual(4)
    const tasks = (await c.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns!.slice(0, 4) }))).tasks!
    const failedTask = tasks.find((t) => t.taskDefinitionArn === newTd)!
    expect(failedTask.lastStatus).toBe('STOPPED')
    expect(failedTask.stoppedReason).toBe('Essential container in task exited')
    expect(failedTask.stopCode).toBe('EssentialContainerExited')
    expect(failedTask.containers![0]!.exitCode).toBe(1)
    expect(failedTask.group).toBe('service:web')
    expect(failedTask.stoppedAt).toBeInstanceOf(Date)
    const svc = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(svc.events!.some((e) => /Essential container in task exited/.test(e.message!))).toBe(true)
  })

  it('alarm during the traffic shift: Stopped with ALARM_ACTIVE, auto-rollback', async () => {
    await fresh()
    emu.setFaults({ alarm: true })
    const id = await createDeployment(c.codedeploy, newTd)
    const failed = await expectRolledBack(id, 'Stopped', 'ALARM_ACTIVE')
    expect(failed.errorInformation!.message).toMatch(/web-green-5xx/)
    const dep = emu.deployment(id)!
    expect(dep.trafficWeights.green).toBe(10)
    expect(emu.state().alarms['web-green-5xx']).toBe('OK') // reset once rolled back
  })

  it('alarm fault with AllAtOnce fires during the bake, after AllowTraffic completed', async () => {
    await fresh({ terminationWaitMinutes: 5 })
    emu.setFaults({ alarm: { name: 'web-green-5xx', afterStep: 1 } })
    const id = await createDeployment(c.codedeploy, newTd, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    const failed = await expectRolledBack(id, 'Stopped', 'ALARM_ACTIVE')
    expect(failed.instanceTerminationWaitTimeStarted).toBe(true)
    const events = emu.deployment(id)!.lifecycleEvents
    expect(events.every((e) => e.status === 'Succeeded')).toBe(true)
  })

  it('alarm set through the control API during the bake', async () => {
    await fresh({ terminationWaitMinutes: 600 })
    const id = await createDeployment(c.codedeploy, newTd, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    await waitFor(
      () => getInfo(id),
      (i) => i.instanceTerminationWaitTimeStarted === true
    )
    const r = await fetch(`${emu.url}/_emulator/alarm`, {
      method: 'POST',
      body: JSON.stringify({ alarmName: 'web-green-5xx', state: 'ALARM' })
    })
    expect(r.status).toBe(200)
    await expectRolledBack(id, 'Stopped', 'ALARM_ACTIVE')
  })

  it('hooks: verdicts through PutLifecycleEventHookExecutionStatus; a Failed verdict fails and rolls back', async () => {
    await fresh()
    emu.setFaults({ hooks: 'manual' })
    const id = await createDeployment(c.codedeploy, newTd, {
      hooks: { BeforeInstall: 'pre-install', AfterAllowTestTraffic: 'smoke-test' }
    })
    const h1 = await waitFor(
      async () => emu.deployment(id)!.hooks,
      (h) => h.length === 1
    )
    expect(h1[0]!.lifecycleEvent).toBe('BeforeInstall')
    await sleep(50)
    expect(emu.deployment(id)!.lifecycleEvents[0]!.status).toBe('InProgress')
    const r = await c.codedeploy.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: id,
        lifecycleEventHookExecutionId: h1[0]!.lifecycleEventHookExecutionId,
        status: 'Succeeded'
      })
    )
    expect(r.lifecycleEventHookExecutionId).toBe(h1[0]!.lifecycleEventHookExecutionId)
    const again = await c.codedeploy
      .send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: id,
          lifecycleEventHookExecutionId: h1[0]!.lifecycleEventHookExecutionId,
          status: 'Failed'
        })
      )
      .catch((e: unknown) => e)
    expect(again).toBeInstanceOf(LifecycleEventAlreadyCompletedException)
    const h2 = await waitFor(
      async () => emu.deployment(id)!.hooks,
      (h) => h.length === 2,
      10_000
    )
    expect(h2[1]!.lifecycleEvent).toBe('AfterAllowTestTraffic')
    await c.codedeploy.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: id,
        lifecycleEventHookExecutionId: h2[1]!.lifecycleEventHookExecutionId,
        status: 'Failed'
      })
    )
    await expectRolledBack(id, 'Failed', 'HOOK_EXECUTION_FAILURE')
    const events = emu.deployment(id)!.lifecycleEvents
    expect(events.find((e) => e.lifecycleEventName === 'AfterAllowTestTraffic')!.status).toBe('Failed')
    expect(events.find((e) => e.lifecycleEventName === 'AllowTraffic')!.status).toBe('Skipped')
  })

  it('hooks auto-succeed without a fault; a fail fault fails the named event', async () => {
    await fresh({ testListener: false })
    const ok = await createDeployment(c.codedeploy, newTd, {
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      hooks: { BeforeAllowTraffic: 'check' }
    })
    const obs = await watch(c, ok)
    expect(obs[obs.length - 1]!.info.status).toBe('Succeeded')
    emu.setFaults({ hooks: { mode: 'fail', events: ['AfterAllowTraffic'] } })
    const bad = await createDeployment(c.codedeploy, newTd, {
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      hooks: { BeforeAllowTraffic: 'check', AfterAllowTraffic: 'post-check' }
    })
    const badObs = await watch(c, bad)
    const info = badObs[badObs.length - 1]!.info
    expect(info.status).toBe('Failed')
    expect(info.errorInformation!.code).toBe('HOOK_EXECUTION_FAILURE')
    const ev = badObs[badObs.length - 1]!.target!.lifecycleEvents!.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')!
    expect(ev.status).toBe('Failed')
    expect(ev.diagnostics?.scriptName).toBe('post-check')
  })

  it('StopDeployment with autoRollbackEnabled rolls back; without, it just stops', async () => {
    await fresh()
    // The clock held from the start: each deployment is still in flight when it is stopped.
    emu.setTimeScale(HOLD_TIME_SCALE)
    const id = await createDeployment(c.codedeploy, newTd)
    await stepUntil(
      emu,
      () => getInfo(id),
      (i) => i.status === 'InProgress'
    )
    const r = await c.codedeploy.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }))
    expect(r.status).toBe('Pending')
    emu.setTimeScale(600)
    await expectRolledBack(id, 'Stopped', 'MANUAL_STOP')

    await fresh()
    emu.setTimeScale(HOLD_TIME_SCALE)
    const id2 = await createDeployment(c.codedeploy, newTd)
    await stepUntil(
      emu,
      async () => (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!.taskSets!,
      (ts) => ts.length === 2
    )
    await c.codedeploy.send(new StopDeploymentCommand({ deploymentId: id2, autoRollbackEnabled: false }))
    emu.setTimeScale(600)
    const obs = await watch(c, id2)
    const info = obs[obs.length - 1]!.info
    expect(info.status).toBe('Stopped')
    expect(info.rollbackInfo).toBeUndefined()
    await waitFor(
      async () => (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!.taskSets!,
      (ts) => ts.length === 1 && ts[0]!.taskDefinition === blueTd
    )
    const { DeploymentAlreadyCompletedException } = await import('@aws-sdk/client-codedeploy')
    const e = await c.codedeploy.send(new StopDeploymentCommand({ deploymentId: id2 })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DeploymentAlreadyCompletedException)
  })

  it('without auto-rollback a failed deployment just fails and traffic stays on blue', async () => {
    await fresh({ autoRollback: false })
    emu.setFaults({ greenTasksFail: { reason: 'Essential container in task exited', exitCode: 137 } })
    const id = await createDeployment(c.codedeploy, newTd)
    const obs = await watch(c, id)
    const info = obs[obs.length - 1]!.info
    expect(info.status).toBe('Failed')
    expect(info.errorInformation!.code).toBe('ECS_UPDATE_ERROR')
    expect(info.rollbackInfo).toBeUndefined()
    const list = await c.codedeploy.send(new ListDeploymentsCommand({ applicationName: 'web-app' }))
    expect(list.deployments).toEqual([id])
    await waitFor(
      async () => (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!.taskSets!,
      (ts) => ts.length === 1 && ts[0]!.taskDefinition === blueTd
    )
  })

  it('an Install that hangs keeps green tasks PENDING', async () => {
    await fresh()
    emu.setFaults({ installHang: true })
    const id = await createDeployment(c.codedeploy, newTd)
    await sleep(400) // ~4 virtual minutes
    const info = await getInfo(id)
    expect(info.status).toBe('InProgress')
    const dep = emu.deployment(id)!
    expect(dep.lifecycleEvents.find((e) => e.lifecycleEventName === 'Install')!.status).toBe('InProgress')
    const tasks = await c.ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: dep.greenTaskSetId }))
    const described = await c.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: tasks.taskArns! }))
    expect(described.tasks!.map((t) => t.lastStatus)).toEqual(['PENDING', 'PENDING'])
    await c.codedeploy.send(new StopDeploymentCommand({ deploymentId: id }))
    await waitFor(
      () => getInfo(id),
      (i) => i.status === 'Stopped'
    )
  })
})
