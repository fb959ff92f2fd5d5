import { beforeEach, describe, expect, it, jest } from '@jest/globals'

jest.setTimeout(30_000)
import { GetDeploymentCommand, GetDeploymentTargetCommand, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy'
import { DescribeServicesCommand, ListTasksCommand } from '@aws-sdk/client-ecs'
import { seedWorld, type Emulator, type SeedResult } from '../../emulator/index.js'
import { registerWebRevision, useEmulatorFixture, type EmulatorFixture } from '../fixtures/emulator.js'
import { createDeployment, watch, weights } from './helpers.js'

let emu: Emulator
let c: EmulatorFixture
let seed: SeedResult
let newTd: string

useEmulatorFixture(600, (f) => {
  c = f
  emu = f.emu
})

async function fresh(spec: Parameters<typeof seedWorld>[1] = {}) {
  emu.reset()
  seed = await seedWorld(emu.url, spec)
  newTd = await registerWebRevision(c.ecs, { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0' })
}

describe('canary deployment', () => {
  beforeEach(async () => fresh())

  it('reaches Succeeded with AWS event order and 10% then 100% traffic', async () => {
    expect(seed.taskDefinitionArn).toMatch(/:task-definition\/web:1$/)
    const id = await createDeployment(c.codedeploy, newTd, { description: 'release 1.5.0' })
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    const obs = await watch(c, id)
    const last = obs[obs.length - 1]!
    expect(last.info.status).toBe('Succeeded')
    expect(last.info.description).toBe('release 1.5.0')
    expect(last.info.creator).toBe('user')
    expect(last.info.createTime).toBeInstanceOf(Date)
    expect(last.info.completeTime!.getTime()).toBeGreaterThan(last.info.startTime!.getTime())
    expect(last.info.deploymentConfigName).toBe('CodeDeployDefault.ECSCanary10Percent5Minutes')
    expect(last.info.computePlatform).toBe('ECS')

    // events in AWS order, all succeeded, start times non-decreasing
    const events = last.target!.lifecycleEvents!
    expect(events.map((e) => e.lifecycleEventName)).toEqual([
      'BeforeInstall',
      'Install',
      'AfterInstall',
      'AllowTestTraffic',
      'AfterAllowTestTraffic',
      'BeforeAllowTraffic',
      'AllowTraffic',
      'AfterAllowTraffic'
    ])
    expect(events.every((e) => e.status === 'Succeeded')).toBe(true)
    for (let i = 1; i < events.length; i++) expect(events[i]!.startTime!.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.endTime!.getTime())
    // the canary step is 5 virtual minutes
    const allow = events.find((e) => e.lifecycleEventName === 'AllowTraffic')!
    expect(allow.endTime!.getTime() - allow.startTime!.getTime()).toBeGreaterThanOrEqual(5 * 60_000)

    expect(weights(obs)).toEqual(expect.arrayContaining(['90/10', '0/100']))
    const w = weights(obs)
    expect(w.indexOf('90/10')).toBeLessThan(w.indexOf('0/100'))
    expect(obs.some((o) => o.info.instanceTerminationWaitTimeStarted)).toBe(true)

    // ECS side: the green task set is now PRIMARY and runs the new task definition
    const svc = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(svc.taskDefinition).toBe(newTd)
    const primary = svc.taskSets!.find((t) => t.status === 'PRIMARY')!
    expect(primary.taskDefinition).toBe(newTd)
    expect(primary.externalId).toBe(id)
    expect(svc.events!.some((e) => /has started 2 tasks/.test(e.message!))).toBe(true)
    const tasks = await c.ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: primary.id }))
    expect(tasks.taskArns).toHaveLength(2)
    expect(emu.terminalAt(id)).toBeLessThanOrEqual(Date.now())

    const target = await c.codedeploy.send(new GetDeploymentTargetCommand({ deploymentId: id, targetId: 'prod:web' }))
    expect(target.deploymentTarget!.ecsTarget!.status).toBe('Succeeded')
    const list = await c.codedeploy.send(new ListDeploymentsCommand({ applicationName: 'web-app', deploymentGroupName: 'web-dg' }))
    expect(list.deployments).toEqual([id])
    const again = await c.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))
    expect(again.deploymentInfo!.status).toBe('Succeeded')
  })
})

describe('other traffic routing configs', () => {
  beforeEach(async () => fresh({ testListener: false, terminationWaitMinutes: 0 }))

  it('linear: 10% more every minute, monotonically, test traffic events Skipped without a test listener', async () => {
    const id = await createDeployment(c.codedeploy, newTd, { deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' })
    const obs = await watch(c, id)
    const last = obs[obs.length - 1]!
    expect(last.info.status).toBe('Succeeded')
    const w = weights(obs).map((x) => Number(x.split('/')[1]))
    expect(w[w.length - 1]).toBe(100)
    for (let i = 1; i < w.length; i++) expect(w[i]!).toBeGreaterThan(w[i - 1]!)
    for (const x of w) expect(x % 10).toBe(0)
    expect(w.length).toBeGreaterThanOrEqual(3) // several steps were visible
    const ev = Object.fromEntries(last.target!.lifecycleEvents!.map((e) => [e.lifecycleEventName, e.status]))
    expect(ev.AllowTestTraffic).toBe('Skipped')
    expect(ev.AfterAllowTestTraffic).toBe('Skipped')
    expect(ev.AllowTraffic).toBe('Succeeded')
    const allow = last.target!.lifecycleEvents!.find((e) => e.lifecycleEventName === 'AllowTraffic')!
    expect(allow.endTime!.getTime() - allow.startTime!.getTime()).toBeGreaterThanOrEqual(9 * 60_000)
  })

  it('AllAtOnce: straight to 100%', async () => {
    const id = await createDeployment(c.codedeploy, newTd, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    const obs = await watch(c, id)
    expect(obs[obs.length - 1]!.info.status).toBe('Succeeded')
    const w = weights(obs)
    expect(w.filter((x) => x !== '100/0')).toEqual(['0/100'])
  })

  it('custom TimeBasedCanary config created through CreateDeploymentConfig', async () => {
    const { CreateDeploymentConfigCommand, GetDeploymentConfigCommand } = await import('@aws-sdk/client-codedeploy')
    await c.codedeploy.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'Canary25Percent2Minutes',
        computePlatform: 'ECS',
        trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 25, canaryInterval: 2 } }
      })
    )
    const got = await c.codedeploy.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'Canary25Percent2Minutes' }))
    expect(got.deploymentConfigInfo!.trafficRoutingConfig!.timeBasedCanary!.canaryPercentage).toBe(25)
    const id = await createDeployment(c.codedeploy, newTd, { deploymentConfigName: 'Canary25Percent2Minutes' })
    const obs = await watch(c, id)
    expect(obs[obs.length - 1]!.info.status).toBe('Succeeded')
    expect(weights(obs)).toEqual(expect.arrayContaining(['75/25', '0/100']))
  })
})

describe('deployment group rules', () => {
  beforeEach(async () => fresh())

  it('DeploymentLimitExceededException while the group has an active deployment', async () => {
    const { DeploymentLimitExceededException } = await import('@aws-sdk/client-codedeploy')
    const id = await createDeployment(c.codedeploy, newTd)
    const e = await createDeployment(c.codedeploy, newTd).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DeploymentLimitExceededException)
    expect((e as Error).message).toBe(`The Deployment Group 'web-dg' already has an active Deployment '${id}'`)
    expect((e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400)
  })

  it('rejects AppSpecs that do not match the service', async () => {
    const { CreateDeploymentCommand, InvalidRevisionException } = await import('@aws-sdk/client-codedeploy')
    const { appSpec } = await import('./helpers.js')
    const bad = [
      appSpec(newTd, { containerName: 'nope' }),
      appSpec(newTd, { containerPort: 9999 }),
      appSpec('arn:aws:ecs:us-east-1:123456789012:task-definition/web:99'),
      { content: '{"version": 0.0, "Resources": [', sha256: undefined },
      { ...appSpec(newTd), sha256: 'ab'.repeat(32) }
    ]
    for (const content of bad) {
      const e = await c.codedeploy
        .send(
          new CreateDeploymentCommand({
            applicationName: 'web-app',
            deploymentGroupName: 'web-dg',
            revision: { revisionType: 'AppSpecContent', appSpecContent: content }
          })
        )
        .catch((x: unknown) => x)
      expect(e).toBeInstanceOf(InvalidRevisionException)
    }
  })

  it('accepts a YAML AppSpec', async () => {
    const { CreateDeploymentCommand } = await import('@aws-sdk/client-codedeploy')
    const content = [
      'version: 0.0',
      'Resources:',
      '  - TargetService:',
      '      Type: AWS::ECS::Service',
      '      Properties:',
      `        TaskDefinition: "${newTd}"`,
      '        LoadBalancerInfo:',
      '          ContainerName: "app"',
      '          ContainerPort: 8080',
      'Hooks:',
      '  - BeforeInstall: "LambdaFunctionToValidateBeforeInstall"'
    ].join('\n')
    const r = await c.codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'web-app',
        deploymentGroupName: 'web-dg',
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content } }
      })
    )
    const obs = await watch(c, r.deploymentId!)
    expect(obs[obs.length - 1]!.info.status).toBe('Succeeded')
    expect(emu.deployment(r.deploymentId!)!.hooks.map((h) => h.functionName)).toEqual(['LambdaFunctionToValidateBeforeInstall'])
  })
})

describe('waits', () => {
  it('Ready wait holds until ContinueDeployment READY_WAIT; TERMINATION_WAIT ends the bake early', async () => {
    const { ContinueDeploymentCommand, DeploymentIsNotInReadyStateException } = await import('@aws-sdk/client-codedeploy')
    await fresh({ deploymentReadyWait: true, readyWaitMinutes: 600, terminationWaitMinutes: 600 })
    const id = await createDeployment(c.codedeploy, newTd, { deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' })
    const ready = await waitForStatus(id, ['Ready'])
    expect(ready.status).toBe('Ready')
    const early = await c.codedeploy.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' })).catch((x: unknown) => x)
    expect(early).toBeInstanceOf(DeploymentIsNotInReadyStateException)
    await c.codedeploy.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' }))
    await waitForInfo(id, (i) => i.instanceTerminationWaitTimeStarted === true)
    expect((await getInfo(id)).status).toBe('InProgress')
    await c.codedeploy.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' }))
    const done = await waitForStatus(id, ['Succeeded', 'Failed', 'Stopped'])
    expect(done.status).toBe('Succeeded')
  })

  it('Ready wait times out into Stopped', async () => {
    await fresh({ deploymentReadyWait: true, readyWaitMinutes: 5 })
    const id = await createDeployment(c.codedeploy, newTd)
    const done = await waitForStatus(id, ['Succeeded', 'Failed', 'Stopped'])
    expect(done.status).toBe('Stopped')
    expect(done.errorInformation?.code).toBe('TIMEOUT')
  })
})

async function getInfo(id: string) {
  return (await c.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!
}
async function waitForInfo(id: string, pred: (i: Awaited<ReturnType<typeof getInfo>>) => boolean) {
  const end = Date.now() + 15_000
  for (;;) {
    const i = await getInfo(id)
    if (pred(i)) return i
    if (Date.now() > end) throw new Error(`timeout; status ${i.status}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
async function waitForStatus(id: string, statuses: string[]) {
  return waitForInfo(id, (i) => statuses.includes(i.status!))
}
