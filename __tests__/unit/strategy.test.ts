import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { parseInputs } from '../../src/inputs.js'
import { detect, refuseInapplicable, strategyLine } from '../../src/strategy.js'

const svc = (type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL', strategy?: string): Service =>
  ({ serviceName: 'web', deploymentController: { type }, deploymentConfiguration: strategy ? { strategy } : {} }) as Service
const inputs = (o: Record<string, string> = {}) => parseInputs((n) => ({ cluster: 'prod', service: 'web', image: 'web:1.5.0', ...o })[n] ?? '')

describe('detect', () => {
  it('auto follows the service', () => {
    expect(detect(svc('CODE_DEPLOY'), 'auto').way).toBe('codedeploy')
    for (const s of ['BLUE_GREEN', 'LINEAR', 'CANARY']) expect(detect(svc('ECS', s), 'auto')).toMatchObject({ way: 'ecs', ecsStrategy: s })
    expect(detect(svc('ECS', 'ROLLING'), 'auto').way).toBe('rolling')
    expect(detect(svc('ECS'), 'auto')).toMatchObject({
      way: 'rolling',
      why: 'deployment controller ECS, deploymentConfiguration.strategy ROLLING (the default); strategy: auto'
    })
  })

  it('refuses EXTERNAL, and an explicit strategy the service does not fit', () => {
    expect(() => detect(svc('EXTERNAL'), 'auto')).toThrow(/EXTERNAL deployment controller/)
    expect(() => detect(svc('ECS', 'ROLLING'), 'codedeploy')).toThrow(
      /Input 'strategy': 'codedeploy' cannot release service 'web'.*ECS rolling update.*Set 'strategy' to auto or rolling/
    )
    expect(detect(svc('ECS', 'LINEAR'), 'ecs').way).toBe('ecs')
  })

  it('refuses codedeploy-* inputs and hooks for the ECS ways', () => {
    const d = detect(svc('ECS', 'BLUE_GREEN'), 'auto')
    expect(() => refuseInapplicable(inputs({ 'codedeploy-deployment-config': 'CodeDeployDefault.ECSAllAtOnce' }), d)).toThrow(
      /^Input 'codedeploy-deployment-config': 'codedeploy-deployment-config' applies to CodeDeploy only.*bakeTimeInMinutes/
    )
    expect(() => refuseInapplicable(inputs({ hooks: 'AfterAllowTestTraffic=smoke' }), d)).toThrow(/'hooks' applies to CodeDeploy only/)
    expect(() => refuseInapplicable(inputs(), d)).not.toThrow()
    expect(() => refuseInapplicable(inputs({ 'codedeploy-application': 'a' }), detect(svc('CODE_DEPLOY'), 'auto'))).not.toThrow()
  })

  it('says which way and why on the first line', () => {
    expect(strategyLine(detect(svc('ECS', 'BLUE_GREEN'), 'auto'))).toBe(
      'Strategy: ECS-native blue/green  (deployment controller ECS, deploymentConfiguration.strategy BLUE_GREEN; strategy: auto)'
    )
    expect(strategyLine(detect(svc('CODE_DEPLOY'), 'codedeploy'))).toBe(
      'Strategy: CodeDeploy blue/green  (deployment controller CODE_DEPLOY; strategy: codedeploy)'
    )
  })

  it('strategy input: auto by default, unknown values refused', () => {
    expect(inputs().strategy).toBe('auto')
    expect(() => inputs({ strategy: 'blue-green' })).toThrow(/Input 'strategy': 'blue-green' is not one of auto, codedeploy, ecs, rolling, alb-weighted/)
  })
})
