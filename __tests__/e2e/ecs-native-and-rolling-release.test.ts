/**
 * End to end, the ECS-controller ways: dist/index.js as a runner runs it, against the emulator's
 * seed world with deploymentController ECS. Rolling: success, the deployment circuit breaker
 * rolling back, SIGTERM redeploying the previous task definition. ECS-native: a canary release
 * stage by stage, an alarm rolling a linear one back, SIGTERM stopping one with rollback.
 */
import { describe, expect, it } from '@jest/globals'
import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { FaultConfig } from '../../emulator/index.js'
import { NATIVE_STAGES } from '../../src/ways/ecs-native/events.js'
import { annotations, expectRun, freshEcsService, signalOn, useE2E, type E2E } from './helpers.js'

let e: E2E
const TIME_SCALE = 100

useE2E(TIME_SCALE, (x) => (e = x))

const fresh = (config: DeploymentConfiguration, faults?: FaultConfig): Promise<void> => freshEcsService(e, config, faults)

const ROLLING: DeploymentConfiguration = {
  strategy: 'ROLLING',
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}

describe('strategy rolling', () => {
  it('updates the service and streams its deployments until the new one is COMPLETED', async () => {
    await fresh(ROLLING)
    const r = await e.run()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).toMatch(/^ecs-svc\/\d+$/)
      expect(r.outputs['task-definition-arn']).toMatch(/:task-definition\/web:2$/)
      expect(r.outputs['previous-task-definition-arn']).toMatch(/:task-definition\/web:1$/)
      expect(r.stdout).toContain('Strategy: ECS rolling update  (deployment controller ECS, deploymentConfiguration.strategy ROLLING; strategy: auto)')
      expect(r.stdout).toContain('ecs-bluegreen-action  prod/web  rolling, min 100% max 200%, circuit breaker with rollback')
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}deployment ecs-svc\/\d+ web:2 PRIMARY IN_PROGRESS$/m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}tasks {4}web:2 \d\/\d running/m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}deployment ecs-svc\/\d+ web:2 PRIMARY COMPLETED$/m)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Succeeded after /m)
    })
    expect(e.service().taskDefinition).toMatch(/web:2$/)
    expect(e.calls('UpdateService')).toHaveLength(1)
  }, 60_000)

  it('the circuit breaker rolling back makes the outcome rolled-back and fails the step', async () => {
    await fresh(ROLLING, { greenTasksFail: { exitCode: 137 } })
    const r = await e.run()
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/tasks {4}web:2 0\/\d running(, \d pending)?, \d failed/)
      expect(r.stdout).toMatch(/event {4}\(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start/)
      expect(r.stdout).toMatch(/event {4}rolling back to deployment ecs-svc\/\d+/)
      expect(r.stdout).toMatch(/Rolled back after \S+: the deployment circuit breaker put web:1 back/)
      const err = annotations(r.lines, 'error')
      expect(err).toHaveLength(1)
      expect(err[0]!.title).toMatch(/^prod\/web release rolled-back \(ECS deployment ecs-svc\/\d+ failed: /)
      expect(err[0]!.message).toContain('Rolled back to web:1. Why: Essential container app exited with code 137. Fix: ')
      expect(r.stdout).toMatch(/^Why it failed: Essential container app exited with code 137$/m)
      expect(r.stdout).toMatch(/^ {4}\| Error: connect ECONNREFUSED/m)
    })
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 60_000)

  it('SIGTERM mid-release stops its service deployment with rollback to the previous task definition', async () => {
    await fresh(ROLLING)
    e.emu.setTimeScale(10)
    const sig = signalOn(/tasks {4}web:2/, 'SIGTERM')
    const r = await e.run({}, { onStart: sig.onStart, onLine: sig.onLine })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.code).toBe(1)
      expect(r.stdout).toContain('Received SIGTERM: the job is being cancelled.')
      expect(r.stdout).toMatch(/Cancelled by the runner: stopped service deployment arn:\S+ with rollback to web:1 \(on-cancel: rollback\)/)
    })
    expect(e.service().taskDefinition).toMatch(/web:1$/)
    expect(e.calls('UpdateService')).toHaveLength(1)
    expect(e.calls('StopServiceDeployment')[0]!.params).toMatchObject({ stopType: 'ROLLBACK' })
  }, 60_000)
})

const CANARY: DeploymentConfiguration = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
  bakeTimeInMinutes: 1,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}

describe('strategy ecs (ECS-native)', () => {
  it('a canary release: every lifecycle stage, 10% then 100% of production traffic, the service deployment ARN as deployment-id', async () => {
    await fresh(CANARY)
    const r = await e.run()
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('succeeded')
      expect(r.outputs['deployment-id']).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/\d+$/)
      expect(r.stdout).toContain('Strategy: ECS-native canary  (deployment controller ECS, deploymentConfiguration.strategy CANARY; strategy: auto)')
      expect(r.stdout).toContain('ecs-bluegreen-action  prod/web  ECS-native canary 10% for 1m00s, bake 1m00s, circuit breaker with rollback')
      // At 100x several stages can pass between two looks: those are said as passed, in order, so
      // from the first stage seen every stage shows once, started or passed, up to CLEAN_UP.
      const seen = [...r.stdout.matchAll(/^ {2}\d\d:\d\d {2}([A-Z_]+) +(started|passed)$/gm)].map((m) => m[1]!)
      const order: readonly string[] = NATIVE_STAGES
      expect(seen).toEqual(order.slice(order.indexOf(seen[0]!)))
      expect(seen).toContain('BAKE_TIME')
      expect(r.stdout).toMatch(/traffic {2}production web:2 {2}10% \| web:1 {2}90%/)
      expect(r.stdout).toMatch(/traffic {2}production web:2 100% \| web:1 {3}0%/)
      expect(r.stdout).toMatch(/tasks {4}web:2 2\/2 running/)
      expect(r.stdout).toMatch(/^ {2}\d\d:\d\d {2}Succeeded after /m)
    })
    expect(e.service().taskDefinition).toMatch(/web:2$/)
  }, 60_000)

  it('an alarm firing mid-shift rolls a linear release back: outcome rolled-back, the step fails with the reason', async () => {
    await fresh(
      {
        strategy: 'LINEAR',
        linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
        alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
      },
      { alarm: true }
    )
    const r = await e.run()
    expectRun(r, (r) => {
      expect(r.code).toBe(1)
      expect(r.outputs.outcome).toBe('rolled-back')
      expect(r.stdout).toMatch(/alarms {3}TRIGGERED: web-5xx/)
      expect(r.stdout).toMatch(/rollback to web:1: /)
      expect(r.stdout).toMatch(/status {3}ROLLBACK_SUCCESSFUL/)
      expect(r.stdout).toMatch(/Rolled back after \S+: web:1 has all the traffic/)
      const err = annotations(r.lines, 'error')
      expect(err).toHaveLength(1)
      expect(err[0]!.title).toMatch(/^prod\/web release rolled-back \(Service deployment rolled back/)
    })
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 60_000)

  it('SIGTERM mid-release stops the service deployment with rollback', async () => {
    await fresh(CANARY)
    e.emu.setTimeScale(10)
    const sig = signalOn(/SCALE_UP +started/, 'SIGTERM')
    const r = await e.run({}, { onStart: sig.onStart, onLine: sig.onLine })
    expectRun(r, (r) => {
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/Cancelled by the runner: stopped service deployment arn:\S+ with rollback \(on-cancel: rollback\)/)
    })
    expect(e.calls('StopServiceDeployment')).toHaveLength(1)
    expect(e.calls('StopServiceDeployment')[0]!.params).toMatchObject({ stopType: 'ROLLBACK' })
  }, 60_000)

  it('mode stop stops the service deployment in flight with rollback and follows it to the end', async () => {
    await fresh(CANARY)
    e.emu.setTimeScale(10)
    const started = await e.run({ 'wait-for': 'none' })
    expectRun(started, (r) => expect(r.outputs.outcome).toBe('started'))
    const r = await e.run({ mode: 'stop', image: '' })
    expectRun(r, (r) => {
      expect(r.code).toBe(0)
      expect(r.outputs.outcome).toBe('stopped')
      expect(r.outputs['deployment-id']).toBe(started.outputs['deployment-id'])
      expect(r.stdout).toContain(`Stopping service deployment ${started.outputs['deployment-id']} (ROLLBACK)`)
      expect(r.stdout).toMatch(/status {3}ROLLBACK_SUCCESSFUL/)
    })
    expect(e.service().taskDefinition).toMatch(/web:1$/)
  }, 60_000)
})
