import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { parseInputs } from '../../src/core/inputs.js'
import { detect, possibleWays, refuseOtherWays, refuseRuledOut, strategyLine } from '../../src/kit/choose.js'
import { WAYS } from '../../src/registry.js'

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

  it('refuses codedeploy-* inputs and hooks for the ECS ways, once the service says which way it is', () => {
    const d = detect(svc('ECS', 'BLUE_GREEN'), 'auto')
    const get = (o: Record<string, string>) => (n: string) => o[n] ?? ''
    expect(() => refuseOtherWays(get({ 'codedeploy-deployment-config': 'CodeDeployDefault.ECSAllAtOnce' }), d, 'web', WAYS)).toThrow(
      /^Input 'codedeploy-deployment-config': 'codedeploy-deployment-config' applies to the CodeDeploy blue\/green way only.*bakeTimeInMinutes.*remove it\.$/
    )
    expect(() => refuseOtherWays(get({ hooks: 'AfterAllowTestTraffic=smoke', 'codedeploy-application': 'a' }), d, 'web', WAYS)).toThrow(
      /'codedeploy-application', 'hooks' apply to the CodeDeploy blue\/green way only.*remove them\.$/
    )
    expect(() => refuseOtherWays(get({}), d, 'web', WAYS)).not.toThrow()
    expect(() => refuseOtherWays(get({ 'codedeploy-application': 'a' }), detect(svc('CODE_DEPLOY'), 'auto'), 'web', WAYS)).not.toThrow()
  })

  it('refuses, before any AWS call, inputs of a way the strategy input rules out', () => {
    const get = (o: Record<string, string>) => (n: string) => o[n] ?? ''
    expect(() => refuseRuledOut(get({ 'green-service': 'web-green' }), 'auto', WAYS)).toThrow(
      /^Input 'green-service': applies to strategy alb-weighted only \(strategy is auto\)\. Set 'strategy: alb-weighted' to shift ALB weights between two services, or remove 'green-service'/
    )
    expect(() => refuseRuledOut(get({ hooks: 'BeforeInstall=f' }), 'rolling', WAYS)).toThrow(
      /^Input 'hooks': applies to strategy codedeploy only \(strategy is rolling\)/
    )
    expect(() => refuseRuledOut(get({ hooks: 'BeforeInstall=f' }), 'auto', WAYS)).not.toThrow()
    expect(possibleWays(WAYS, 'auto').map((w) => w.name)).toEqual(['codedeploy', 'ecs', 'rolling'])
    expect(possibleWays(WAYS, 'alb-weighted').map((w) => w.name)).toEqual(['alb-weighted'])
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
