import { describe, expect, it } from '@jest/globals'
import { parseCodeDeployInputs, type CodeDeployInputs } from '../../../src/ways/codedeploy/inputs.js'
import { expectInputError } from '../../helpers.js'

/** The CodeDeploy way's own inputs, as a release in mode `mode` reads them. */
function parse(given: Record<string, string>, mode: 'deploy' | 'rollback' = 'deploy'): CodeDeployInputs {
  const own = parseCodeDeployInputs((name) => given[name] ?? '', { mode })
  if (own instanceof Promise) throw new Error('an AppSpec file to parse: await parseCodeDeployInputs')
  return own
}

describe('parseCodeDeployInputs', () => {
  it('has no group, config, description, AppSpec or hooks unless given', () => {
    const i = parse({})
    expect(i.hooks).toEqual([])
    for (const k of ['application', 'deploymentGroup', 'deploymentConfig', 'description', 'appSpecFile', 'appSpecBase'] as const) expect(i[k]).toBeUndefined()
  })

  it('maps each named input to its field', () => {
    const i = parse(
      {
        'codedeploy-application': 'web',
        'codedeploy-deployment-group': 'web-prod',
        'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
        'codedeploy-deployment-description': 'release 1.5.0',
        'codedeploy-appspec': 'deploy/appspec.yaml'
      },
      'rollback'
    )
    expect(i).toMatchObject({
      application: 'web',
      deploymentGroup: 'web-prod',
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      description: 'release 1.5.0',
      appSpecFile: 'deploy/appspec.yaml'
    })
  })

  it('reads the AppSpec file in mode deploy only, and refuses one it cannot read', () => {
    expect(parse({ 'codedeploy-appspec': 'deploy/missing.yaml' }, 'rollback').appSpecBase).toBeUndefined()
    expectInputError(() => parse({ 'codedeploy-appspec': 'deploy/missing.yaml' }), 'codedeploy-appspec', "cannot read 'deploy/missing.yaml' (ENOENT)")
  })

  it('parses the AppSpec file with YAML loaded for it', async () => {
    const own = await parseCodeDeployInputs((name) => ({ 'codedeploy-appspec': '__tests__/fixtures/appspec-base.yaml' })[name] ?? '', { mode: 'deploy' })
    expect(own.appSpecBase?.Resources?.[0]?.TargetService.Type).toBe('AWS::ECS::Service')
  })
})

describe('parseCodeDeployInputs: hooks', () => {
  it('reads LifecycleEvent=function lines', () => {
    expect(
      parse({ hooks: 'AfterAllowTestTraffic=web-smoke-test\n# later\nBeforeInstall=arn:aws:lambda:us-east-1:123456789012:function:pre-flight' }).hooks
    ).toEqual([
      { event: 'AfterAllowTestTraffic', functionName: 'web-smoke-test' },
      { event: 'BeforeInstall', functionName: 'arn:aws:lambda:us-east-1:123456789012:function:pre-flight' }
    ])
  })

  it("refuses events that run no hook (CodeDeploy's own, wrong case, EC2 ones)", () => {
    for (const event of ['AllowTraffic', 'Install', 'afterAllowTestTraffic', 'ApplicationStop']) {
      const err = expectInputError(() => parse({ hooks: `${event}=fn` }), 'hooks', `'${event}' (line 1) is not an ECS lifecycle event a hook can run in`)
      expect(err.message).toContain('BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic')
    }
  })

  it('refuses an event with no function and an event given twice', () => {
    expectInputError(() => parse({ hooks: 'BeforeInstall=' }), 'hooks', "'BeforeInstall' (line 1) names no Lambda function")
    expectInputError(() => parse({ hooks: 'BeforeInstall=a\nBeforeInstall=b' }), 'hooks', "'BeforeInstall' is given twice")
  })
})
