/**
 * ECS-native service deployments and rolling updates with a circuit breaker, through the SDK:
 * stages in AWS's order, traffic weights, bake time, PAUSE hooks, alarms, circuit breakers, stop.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  ContinueServiceDeploymentCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type Service,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { seedWorld, type Emulator } from '../../emulator/index.js'
import { HOLD_TIME_SCALE, registerWebRevision, useEmulatorFixture } from '../fixtures/emulator.js'

jest.setTimeout(60_000)

let emu: Emulator
let ecs: ECSClient

useEmulatorFixture(200, (f) => ({ emu, ecs } = f))
beforeEach(() => emu.reset())

async function seed(config: DeploymentConfiguration): Promise<void> {
  emu.setTimeScale(200)
  await seedWorld(emu.url, { deploymentController: 'ECS', ecsDeploymentConfiguration: config })
  // The first revision's tasks run after about 40 virtual seconds.
  emu.advance(60_000)
}

async function release(): Promise<string> {
  const taskDefinition = await registerWebRevision(ecs, { image: 'web:1.5.0' })
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition }))
  const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))
  return list.serviceDeployments?.[0]?.serviceDeploymentArn ?? ''
}

const describe1 = async (arn: string): Promise<ServiceDeployment> =>
  (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!

/**
 * Looks at the service deployment until `done`, recording each distinct stage and production weight
 * of the target. The clock is held and moved on `stepMs` virtual ms after each look: a stage or a
 * weight that lasts longer than that (a stage lasts at least a second) is seen however slow the
 * machine is. The clock runs at 200x again afterwards.
 */
async function follow(arn: string, done: (d: ServiceDeployment) => boolean = (d) => /SUCCESSFUL|STOPPED|FAILED/.test(d.status ?? ''), stepMs = 1000) {
  const stages: string[] = []
  const weights: number[] = []
  emu.setTimeScale(HOLD_TIME_SCALE)
  try {
    for (;;) {
      const d = await describe1(arn)
      if (d.lifecycleStage && stages.at(-1) !== d.lifecycleStage) stages.push(d.lifecycleStage)
      const w = d.targetServiceRevision?.requestedProductionTrafficWeight ?? 0
      if (weights.at(-1) !== w) weights.push(w)
      if (done(d)) return { d, stages, weights }
      emu.advance(stepMs)
    }
  } finally {
    emu.setTimeScale(200)
  }
}

describe('ECS-native service deployments', () => {
  it('blue/green walks the stages in order, shifts all traffic at once, bakes, cleans up', async () => {
    await seed({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 })
    // Held from the start, so that the first one-second stage is seen too.
    emu.setTimeScale(HOLD_TIME_SCALE)
    const arn = await release()
    expect(arn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/\d+$/)
    const { d, stages, weights } = await follow(arn)
    expect(d.status).toBe('SUCCESSFUL')
    expect(stages).toEqual([
      'RECONCILE_SERVICE',
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP'
    ])
    expect(weights).toEqual([0, 100])
    expect(d.finishedAt!.getTime() - d.startedAt!.getTime()).toBeGreaterThan(60_000)
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(svc.taskDefinition).toMatch(/web:2$/)
    const rev = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.targetServiceRevision!.arn!] }))
    expect(rev.serviceRevisions![0]!.taskDefinition).toMatch(/web:2$/)
  })

  it('linear and canary shift in steps', async () => {
    await seed({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 } })
    // Each weight lasts a virtual minute: a look every 10 virtual seconds sees it.
    expect((await follow(await release(), undefined, 10_000)).weights).toEqual([0, 25, 50, 75, 100])
    emu.reset()
    await seed({ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 } })
    expect((await follow(await release(), undefined, 10_000)).weights).toEqual([0, 10, 100])
  })

  it('green tasks failing trip the circuit breaker: rolled back to the source revision', async () => {
    await seed({ strategy: 'BLUE_GREEN', deploymentCircuitBreaker: { enable: true, rollback: true } })
    emu.setFaults({ greenTasksFail: { exitCode: 137 } })
    const { d } = await follow(await release())
    expect(d.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(d.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 })
    expect(d.rollback?.reason).toMatch(/circuit breaker/)
    expect(d.rollback?.serviceRevisionArn).toBe(d.sourceServiceRevisions![0]!.arn)
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(svc.taskDefinition).toMatch(/web:1$/)
  })

  it('an alarm firing mid-shift rolls back', async () => {
    await seed({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
    })
    emu.setFaults({ alarm: true })
    // The 50% step lasts 30 virtual seconds before the alarm fires: a look every 5 virtual seconds sees it.
    const { d, weights } = await follow(await release(), undefined, 5000)
    expect(d.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(d.alarms).toMatchObject({ status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx'] })
    expect(weights).toEqual([0, 50, 0])
  })

  it('a PAUSE hook waits for ContinueServiceDeployment; StopServiceDeployment ROLLBACK rolls back', async () => {
    await seed({ strategy: 'BLUE_GREEN', lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }] })
    const arn = await release()
    const { d } = await follow(arn, (x) => x.lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION') ?? false)
    expect(d.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT')
    await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: d.lifecycleHookDetails![0]!.hookId }))
    expect((await follow(arn)).d.status).toBe('SUCCESSFUL')

    const second = await release()
    await follow(second, (x) => x.lifecycleStage === 'SCALE_UP')
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: second, stopType: 'ROLLBACK' }))
    const after = await follow(second)
    expect(after.d.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(after.d.rollback?.reason).toMatch(/StopServiceDeployment/)
  })
})

describe('rolling updates', () => {
  it('complete, and a circuit breaker rolls a failing one back to the last completed task definition', async () => {
    await seed({ strategy: 'ROLLING', deploymentCircuitBreaker: { enable: true, rollback: true } })
    await release()
    const svc = async (): Promise<Service> => (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    const wait = async (f: (s: Service) => boolean): Promise<Service> => {
      for (;;) {
        const s = await svc()
        if (f(s)) return s
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    let s = await wait((x) => x.deployments?.length === 1 && x.deployments[0]!.rolloutState === 'COMPLETED')
    expect(s.taskDefinition).toMatch(/web:2$/)
    emu.setFaults({ greenTasksFail: true })
    await release()
    s = await wait((x) => (x.events ?? []).some((e) => /rolling back to deployment/.test(e.message ?? '')))
    expect(s.events!.map((e) => e.message).join('\n')).toMatch(/deployment failed: tasks failed to start/)
    s = await wait((x) => x.deployments?.length === 1 && x.deployments[0]!.rolloutState === 'COMPLETED')
    expect(s.taskDefinition).toMatch(/web:2$/)
    // Each rolling update is a service deployment too: the creation, the release, the rolled-back one.
    const list = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))).serviceDeployments!
    expect(list.map((d) => d.status)).toEqual(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL'])
    const back = await describe1(list[0]!.serviceDeploymentArn!)
    expect(back.rollback?.reason).toMatch(/circuit breaker/)
    expect(back.deploymentCircuitBreaker?.status).toBe('TRIGGERED')
    const revs = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: list.map((d) => d.targetServiceRevisionArn!) }))
    expect(revs.serviceRevisions!.map((r) => r.taskDefinition?.split('/').pop())).toEqual(['web:3', 'web:2', 'web:1'])
  })

  it('StopServiceDeployment ROLLBACK puts the source revision back; ABORT is refused, as is stopping an ended one', async () => {
    await seed({ strategy: 'ROLLING', deploymentCircuitBreaker: { enable: true, rollback: true } })
    // Held: the update and then its rollback are still in progress when they are looked at.
    emu.setTimeScale(HOLD_TIME_SCALE)
    const arn = await release()
    expect((await describe1(arn)).status).toBe('IN_PROGRESS')
    await expect(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ABORT' }))).rejects.toThrow(
      /ABORT is not supported for a rolling update/
    )
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }))
    expect((await describe1(arn)).status).toBe('ROLLBACK_IN_PROGRESS')
    const after = await follow(arn, (d) => d.status === 'ROLLBACK_SUCCESSFUL')
    expect(after.d.rollback?.reason).toMatch(/StopServiceDeployment/)
    const s = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    expect(s.taskDefinition).toMatch(/web:1$/)
    expect(s.deployments?.map((d) => d.rolloutState)).toEqual(['COMPLETED'])
    await expect(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn }))).rejects.toThrow(/ROLLBACK_SUCCESSFUL and cannot be stopped/)
  })
})

describe("a service's creation, and paging", () => {
  it('creating an ECS-native service is its first service deployment: no source revision, SUCCESSFUL once steady; a release goes from its revision', async () => {
    emu.setTimeScale(HOLD_TIME_SCALE)
    await seedWorld(emu.url, { deploymentController: 'ECS', ecsDeploymentConfiguration: { strategy: 'BLUE_GREEN' } })
    const [created] = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }))).serviceDeployments!
    expect(created!.status).toBe('IN_PROGRESS')
    emu.advance(60_000)
    const d = await describe1(created!.serviceDeploymentArn!)
    expect(d.status).toBe('SUCCESSFUL')
    expect(d.sourceServiceRevisions).toEqual([])
    expect(d.deploymentConfiguration?.strategy).toBe('BLUE_GREEN')
    const target = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.targetServiceRevision!.arn!] }))
    expect(target.serviceRevisions![0]!.taskDefinition).toMatch(/web:1$/)
    emu.setTimeScale(200)
    const next = await follow(await release())
    expect(next.d.status).toBe('SUCCESSFUL')
    expect(next.d.sourceServiceRevisions!.map((r) => r.arn)).toEqual([d.targetServiceRevision!.arn])
    const done = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', status: ['SUCCESSFUL'] }))).serviceDeployments!
    expect(done.map((x) => x.serviceDeploymentArn)).toEqual([next.d.serviceDeploymentArn, d.serviceDeploymentArn])
  })

  it('ListServiceDeployments pages by 20 unless maxResults (1 to 100) says otherwise; ListServices by 10', async () => {
    emu.setTimeScale(HOLD_TIME_SCALE)
    await seedWorld(emu.url, { deploymentController: 'ECS', ecsDeploymentConfiguration: { strategy: 'ROLLING' } })
    emu.advance(1000)
    for (let i = 0; i < 21; i++) await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true }))
    const list = (o: { nextToken?: string | undefined; maxResults?: number | undefined } = {}) =>
      ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', ...o }))
    const first = await list()
    expect(first.serviceDeployments).toHaveLength(20)
    const second = await list({ nextToken: first.nextToken })
    expect(second.serviceDeployments).toHaveLength(2)
    expect(second.nextToken).toBeUndefined()
    const all = await list({ maxResults: 100 })
    expect(all.serviceDeployments!.map((x) => x.serviceDeploymentArn)).toEqual(
      [...first.serviceDeployments!, ...second.serviceDeployments!].map((x) => x.serviceDeploymentArn)
    )
    expect(new Set(all.serviceDeployments!.map((x) => x.serviceDeploymentArn)).size).toBe(22)
    await expect(list({ maxResults: 101 })).rejects.toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"
    })
    await expect(list({ maxResults: 0 })).rejects.toMatchObject({ name: 'ValidationException' })
    const created = all.serviceDeployments!.at(-1)!.createdAt!
    const since = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', maxResults: 100, createdAt: { after: created } }))
    // the creation, a virtual second before the updates, is left out
    expect(since.serviceDeployments!.map((x) => x.serviceDeploymentArn)).toEqual(all.serviceDeployments!.slice(0, 21).map((x) => x.serviceDeploymentArn))

    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!
    for (let i = 0; i < 10; i++)
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: `extra-${i}`,
          taskDefinition: svc.taskDefinition,
          desiredCount: 0,
          networkConfiguration: svc.networkConfiguration
        })
      )
    const services = await ecs.send(new ListServicesCommand({ cluster: 'prod' }))
    expect(services.serviceArns).toHaveLength(10)
    const rest = await ecs.send(new ListServicesCommand({ cluster: 'prod', nextToken: services.nextToken }))
    expect(rest.serviceArns).toHaveLength(1)
  })
})
