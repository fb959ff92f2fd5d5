/** The CodeDeploy way's mode handlers and after-kill, run with a Context of fakes against mocked SDK clients. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  BatchGetDeploymentTargetsCommand,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type DeploymentGroupInfo,
  type DeploymentInfo,
  type GetDeploymentCommandInput
} from '@aws-sdk/client-codedeploy'
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type DescribeTaskDefinitionCommandOutput, type Service } from '@aws-sdk/client-ecs'
import { STATE } from '../../../src/core/state.js'
import { consoleUrl, type Snapshot } from '../../../src/ways/codedeploy/events.js'
import { handlers } from '../../../src/ways/codedeploy/handlers.js'
import { codedeploy } from '../../../src/ways/codedeploy/index.js'
import type { AppSpec } from '../../../src/ways/codedeploy/inputs.js'
import { at, canary, deployment, DEPLOYMENT_ID, ROLLBACK_ID, TARGET_ID, targetAt } from '../../fixtures/canary.js'
import { fakeContext, REGION, type FakeOptions } from '../../fixtures/context.js'
import { actionErrorAsync, fixture } from '../../helpers.js'

const TD = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const URL = consoleUrl(DEPLOYMENT_ID, REGION)
const LIVE = JSON.parse(fixture('taskdef-web.describe.json')) as DescribeTaskDefinitionCommandOutput

const SERVICE: Service = {
  serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
  serviceName: 'web',
  status: 'ACTIVE',
  desiredCount: 2,
  deploymentController: { type: 'CODE_DEPLOY' },
  taskDefinition: TD(41),
  loadBalancers: [
    { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef', containerName: 'app', containerPort: 8080 }
  ],
  platformVersion: 'LATEST',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aaa'], securityGroups: ['sg-0web'], assignPublicIp: 'DISABLED' } }
}

const GROUP: DeploymentGroupInfo = {
  applicationName: 'web',
  deploymentGroupName: 'web-prod',
  deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  computePlatform: 'ECS',
  ecsServices: [{ clusterName: 'prod', serviceName: 'web' }],
  lastAttemptedDeployment: { deploymentId: 'd-PREV00001', status: 'Succeeded' }
}

const INPUTS = { image: IMAGE, 'codedeploy-application': 'web', 'codedeploy-deployment-group': 'web-prod' }

/** The canary's deployment while 10% of the traffic is on green. */
const SHIFTING = canary[4]!
/** What StopDeployment with rollback leaves: the deployment Stopped, and CodeDeploy's rollback named. */
const STOPPED: Snapshot = {
  deployment: deployment('Stopped', {
    completeTime: at(90),
    rollbackInfo: { rollbackDeploymentId: ROLLBACK_ID, rollbackMessage: 'Rolled back by StopDeployment' }
  }),
  target: SHIFTING.target!
}
const ROLLBACK: DeploymentInfo = {
  deploymentId: ROLLBACK_ID,
  applicationName: 'web',
  deploymentGroupName: 'web-prod',
  status: 'Succeeded',
  creator: 'codeDeployRollback',
  createTime: at(91),
  completeTime: at(150)
}

/** A release of SERVICE through GROUP with nothing in flight: every read answers, every write succeeds. */
function setup(o: FakeOptions = {}) {
  const f = fakeContext({ ...codedeploy, ...handlers }, { service: SERVICE, ...o, inputs: { ...INPUTS, ...o.inputs } })
  f.mocks.codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: GROUP })
  f.mocks.codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] })
  f.mocks.ecs.on(DescribeTaskDefinitionCommand).resolves(LIVE)
  f.mocks.ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: TD(42), family: 'web', revision: 42 } })
  f.mocks.codedeployOnce.on(CreateDeploymentCommand).resolves({ deploymentId: DEPLOYMENT_ID })
  f.mocks.codedeploy.on(StopDeploymentCommand).resolves({ status: 'Succeeded' })
  f.mocks.codedeploy.on(ContinueDeploymentCommand).resolves({})
  return f
}
type Setup = ReturnType<typeof setup>

/**
 * CodeDeploy plays `script` for DEPLOYMENT_ID, one snapshot per GetDeployment (the last one forever
 * after), and `afterStop` once StopDeployment was sent; the rollback deployment has succeeded.
 */
function play(f: Setup, script: Snapshot[], afterStop: Snapshot[] = script): void {
  const looks = new Map<Snapshot[], number>()
  let current = script
  f.mocks.codedeploy.on(GetDeploymentCommand).callsFake(async (input: GetDeploymentCommandInput) => {
    if (input.deploymentId === ROLLBACK_ID) return { deploymentInfo: ROLLBACK }
    current = f.mocks.codedeploy.commandCalls(StopDeploymentCommand).length ? afterStop : script
    const i = Math.min((looks.get(current) ?? -1) + 1, current.length - 1)
    looks.set(current, i)
    return { deploymentInfo: current[i]!.deployment }
  })
  f.mocks.codedeploy.on(ListDeploymentTargetsCommand).resolves({ targetIds: [TARGET_ID] })
  f.mocks.codedeploy
    .on(BatchGetDeploymentTargetsCommand)
    .callsFake(async () => ({ deploymentTargets: [{ deploymentTargetType: 'ECSTarget', ecsTarget: targetAt(current, looks.get(current) ?? 0) }] }))
}

const stopCalls = (f: Setup) => f.mocks.codedeploy.commandCalls(StopDeploymentCommand).map((c) => c.args[0].input)

describe('mode deploy', () => {
  it('registers, creates the deployment with the rendered AppSpec, follows it to Succeeded and saves its id', async () => {
    const f = setup({ inputs: { 'mask-environment-variables': 'FEATURE_FLAGS' } })
    play(f, canary)
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r).toEqual({
      outcome: 'succeeded',
      cluster: 'prod',
      service: 'web',
      image: IMAGE,
      taskDefinitionArn: TD(42),
      previousTaskDefinitionArn: TD(41),
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      application: 'web',
      deploymentGroup: 'web-prod',
      deploymentId: DEPLOYMENT_ID,
      deploymentUrl: URL,
      traffic: { green: 100, blue: 0 },
      durationMs: 680_000,
      suspects: expect.objectContaining({ cluster: 'prod', service: 'web', taskSetId: expect.any(String) })
    })
    expect(f.state.saved[STATE.deployment]).toBe(DEPLOYMENT_ID)
    // Reads first, then the two writes, then the watch: nothing is written before the group is known
    // idle (its last deployment ended, so the deployments in flight need not be listed).
    expect(f.sent().slice(0, 5)).toEqual(['GetDeploymentGroup', 'DescribeTaskDefinition', 'RegisterTaskDefinition', 'CreateDeployment', 'GetDeployment'])
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'CreateDeployment'])

    const registered = f.mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(registered.containerDefinitions?.find((c) => c.name === 'app')?.image).toBe(IMAGE)
    expect(registered.tags).toContainEqual({ key: 'Version', value: '1.5.0' })

    const created = f.mocks.codedeployOnce.commandCalls(CreateDeploymentCommand)[0]!.args[0].input
    expect(created).toMatchObject({ applicationName: 'web', deploymentGroupName: 'web-prod', revision: { revisionType: 'AppSpecContent' } })
    // The group's own config: none is sent when the input names none.
    expect(created.deploymentConfigName).toBeUndefined()
    expect(created.description).toMatch(/^Deployed by ecs-bluegreen-action \[release local-[0-9a-f]{8}; previous web:41\]$/)
    const content = created.revision!.appSpecContent!
    expect(content.sha256).toBe(createHash('sha256').update(content.content!).digest('hex'))
    const spec = JSON.parse(content.content!) as AppSpec
    expect(spec.Resources[0]!.TargetService.Properties).toEqual({
      TaskDefinition: TD(42),
      LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
      PlatformVersion: 'LATEST',
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0aaa'], SecurityGroups: ['sg-0web'], AssignPublicIp: 'DISABLED' } }
    })

    const lines = f.rec.lines
    expect(lines[0]).toBe('ecs-bluegreen-action  prod/web  via CodeDeploy web/web-prod  CodeDeployDefault.ECSCanary10Percent5Minutes')
    expect(lines).toContain('Registered web:42')
    expect(lines).toContain(`Deployment ${DEPLOYMENT_ID} created  ${URL}`)
    expect(lines).toContain('  01:20  traffic  green  10% | blue  90%')
    expect(lines.at(-1)).toBe('  11:20  Succeeded after 11m20s')
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.warnings).toEqual([])
    // A listed variable's value is masked before anything prints it, and kept out of the debug log.
    expect(f.rec.masked).toEqual(['search=on,beta=off'])
    expect(f.rec.debug.join('\n')).not.toContain('search=on,beta=off')
  })

  it("refuses a service whose deployment controller is not CODE_DEPLOY, before any AWS call (subject 'service')", async () => {
    const f = setup({ service: { ...SERVICE, deploymentController: { type: 'ECS' } } })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('service')
    expect(err.message).toContain("service 'web' uses the ECS deployment controller, not CODE_DEPLOY")
    expect(f.sent()).toEqual([])
  })

  it("refuses a deployment config that does not exist, having only read (subject 'codedeploy-deployment-config')", async () => {
    const f = setup({ inputs: { 'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary99Percent' } })
    f.mocks.codedeploy
      .on(GetDeploymentConfigCommand)
      .rejects(Object.assign(new Error('No deployment configuration found'), { name: 'DeploymentConfigDoesNotExistException' }))
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('codedeploy-deployment-config')
    expect(f.mutations()).toEqual([])
  })

  it('if-busy fail: refuses while the group has a deployment in flight, naming it, and changes nothing', async () => {
    const f = setup({ inputs: { 'if-busy': 'fail' } })
    f.mocks.codedeploy
      .on(GetDeploymentGroupCommand)
      .resolves({ deploymentGroupInfo: { ...GROUP, lastAttemptedDeployment: { deploymentId: 'd-BUSY00001', status: 'InProgress' } } })
    f.mocks.codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ['d-BUSY00001'] })
    const err = await actionErrorAsync(handlers.modes.deploy!(f.ctx))
    expect(err.subject).toBe('if-busy')
    expect(err.message).toContain(`Deployment group 'web-prod' is busy with deployment d-BUSY00001 (${consoleUrl('d-BUSY00001', REGION)})`)
    expect(f.mutations()).toEqual([])
    expect(f.state.saved[STATE.deployment]).toBeUndefined()
  })

  it('a timeout stops the deployment with rollback, follows the rollback and says so', async () => {
    // Started 10 minutes ago with 1 minute to wait: the deadline has passed at the first look.
    const f = setup({ startedAt: Date.now() - 10 * 60_000, inputs: { 'wait-for-minutes': '1' } })
    play(f, [SHIFTING], [STOPPED])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe(`Not finished after 1 min ('wait-for-minutes'); stopped with rollback by ${ROLLBACK_ID}`)
    expect(r.rollbackDeploymentId).toBe(ROLLBACK_ID)
    expect(r.traffic).toEqual({ green: 0, blue: 100 })
    expect(stopCalls(f)).toEqual([{ deploymentId: DEPLOYMENT_ID, autoRollbackEnabled: true }])
    expect(f.rec.settled).toBe(1)
    expect(f.rec.lines).toContain(`Timed out after 1 min: stopped deployment ${DEPLOYMENT_ID} with rollback (on-timeout: rollback)`)
    expect(f.rec.lines.some((l) => l.endsWith(`rolled back by ${ROLLBACK_ID}: Succeeded in 59s; web:41 serves all traffic`))).toBe(true)
  })

  it('a timeout with on-timeout: leave stops nothing and says the deployment was left running', async () => {
    const f = setup({ startedAt: Date.now() - 10 * 60_000, inputs: { 'wait-for-minutes': '1', 'on-timeout': 'leave' } })
    play(f, [SHIFTING])
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('timed-out')
    expect(r.cause).toBe(`Not finished after 1 min ('wait-for-minutes'); deployment ${DEPLOYMENT_ID} was left running`)
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.settled).toBe(0)
    expect(f.rec.lines).toContain(`Timed out after 1 min: deployment ${DEPLOYMENT_ID} is left running (on-timeout: leave)  ${URL}`)
  })

  it('a cancel stops the deployment with rollback (on-cancel: rollback) and names the rollback deployment', async () => {
    const f = setup()
    play(f, [SHIFTING], [STOPPED])
    // The runner cancels the job right after the deployment was created.
    f.mocks.codedeployOnce.on(CreateDeploymentCommand).callsFake(async () => {
      f.abort()
      return { deploymentId: DEPLOYMENT_ID }
    })
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe(`The job was cancelled; deployment ${DEPLOYMENT_ID} was stopped with rollback`)
    expect(r.rollbackDeploymentId).toBe(ROLLBACK_ID)
    expect(stopCalls(f)).toEqual([{ deploymentId: DEPLOYMENT_ID, autoRollbackEnabled: true }])
    expect(f.rec.settled).toBe(1)
    expect(f.rec.lines).toContain(`Cancelled by the runner: stopped deployment ${DEPLOYMENT_ID} with rollback (on-cancel: rollback)`)
    expect(f.rec.lines).toContain(`Rollback deployment ${ROLLBACK_ID} started; web:41 takes all traffic back  ${consoleUrl(ROLLBACK_ID, REGION)}`)
  })

  it('a cancel with on-cancel: leave stops nothing', async () => {
    const f = setup({ inputs: { 'on-cancel': 'leave' } })
    play(f, [SHIFTING])
    f.mocks.codedeployOnce.on(CreateDeploymentCommand).callsFake(async () => {
      f.abort()
      return { deploymentId: DEPLOYMENT_ID }
    })
    const r = await handlers.modes.deploy!(f.ctx)

    expect(r.outcome).toBe('stopped')
    expect(r.cause).toBe(`The job was cancelled; deployment ${DEPLOYMENT_ID} was left running`)
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.settled).toBe(0)
    expect(f.rec.lines).toContain(`Cancelled by the runner: deployment ${DEPLOYMENT_ID} is left running (on-cancel: leave)  ${URL}`)
  })
})

describe('modes stop, continue and rollback', () => {
  it('stop with nothing in flight says so and stops nothing', async () => {
    const f = setup({ inputs: { mode: 'stop' } })
    const r = await handlers.modes.stop!(f.ctx)
    expect(r).toEqual({ outcome: 'stopped', cluster: 'prod', service: 'web', deploymentId: undefined, deploymentUrl: undefined })
    expect(f.rec.lines).toEqual(['No deployment of web/web-prod is in flight: nothing to stop.'])
    expect(f.mutations()).toEqual([])
  })

  it('continue refuses a deployment that is not waiting, before ContinueDeployment', async () => {
    const f = setup({ inputs: { mode: 'continue', 'deployment-id': DEPLOYMENT_ID } })
    play(f, [SHIFTING])
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('deployment-id')
    expect(err.message).toContain(`deployment ${DEPLOYMENT_ID} is InProgress and not waiting; there is nothing to continue`)
    expect(f.mutations()).toEqual([])
  })

  it("continue refuses a deployment of another service's group", async () => {
    const f = setup({ inputs: { mode: 'continue', 'deployment-id': DEPLOYMENT_ID } })
    play(f, [{ deployment: deployment('Ready', { applicationName: 'api', deploymentGroupName: 'api-prod' }) }])
    f.mocks.codedeploy.on(GetDeploymentGroupCommand, { applicationName: 'api' }).resolves({
      deploymentGroupInfo: { ...GROUP, applicationName: 'api', deploymentGroupName: 'api-prod', ecsServices: [{ clusterName: 'prod', serviceName: 'api' }] }
    })
    const err = await actionErrorAsync(handlers.modes.continue!(f.ctx))
    expect(err.subject).toBe('deployment-id')
    expect(err.message).toContain(`deployment ${DEPLOYMENT_ID} belongs to api/api-prod, which does not deploy prod/web`)
    expect(f.mutations()).toEqual([])
  })

  it('continue passes the approval gate of a Ready deployment (READY_WAIT)', async () => {
    const f = setup({ inputs: { mode: 'continue', 'deployment-id': DEPLOYMENT_ID, 'wait-for': 'none' } })
    play(f, [{ deployment: deployment('Ready') }])
    const r = await handlers.modes.continue!(f.ctx)
    expect(r).toMatchObject({ outcome: 'started', deploymentId: DEPLOYMENT_ID, application: 'web', deploymentGroup: 'web-prod' })
    expect(f.mocks.codedeploy.commandCalls(ContinueDeploymentCommand).map((c) => c.args[0].input)).toEqual([
      { deploymentId: DEPLOYMENT_ID, deploymentWaitType: 'READY_WAIT' }
    ])
  })

  it("rollback stops the deployment in flight with CodeDeploy's rollback and follows it to rolled-back", async () => {
    const f = setup({ inputs: { mode: 'rollback' } })
    f.mocks.codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [DEPLOYMENT_ID] })
    play(f, [STOPPED])
    const r = await handlers.modes.rollback!(f.ctx)

    expect(r).toMatchObject({
      outcome: 'rolled-back',
      deploymentId: DEPLOYMENT_ID,
      deploymentUrl: URL,
      previousTaskDefinitionArn: TD(41),
      rollbackDeploymentId: ROLLBACK_ID,
      traffic: { green: 0, blue: 100 }
    })
    expect(f.sent().slice(0, 3)).toEqual(['GetDeploymentGroup', 'ListDeployments', 'StopDeployment'])
    expect(f.mutations()).toEqual(['StopDeployment'])
    expect(stopCalls(f)).toEqual([{ deploymentId: DEPLOYMENT_ID, autoRollbackEnabled: true }])
    expect(f.rec.lines[0]).toBe(`Deployment ${DEPLOYMENT_ID} is in flight: stopping it with rollback (mode: rollback)  ${URL}`)
  })
})

describe('after-kill', () => {
  it('stops the deployment still running with rollback', async () => {
    const f = setup()
    play(f, [SHIFTING])
    await handlers.afterKill(f.afterKill(DEPLOYMENT_ID))
    expect(stopCalls(f)).toEqual([{ deploymentId: DEPLOYMENT_ID, autoRollbackEnabled: true }])
    expect(f.rec.warnings).toEqual([`The main step ended before deployment ${DEPLOYMENT_ID} did: stopped it with rollback (on-cancel: rollback). ${URL}`])
    expect(f.rec.errors).toEqual([])
  })

  it('with on-cancel: leave only warns', async () => {
    const f = setup({ inputs: { 'on-cancel': 'leave' } })
    play(f, [SHIFTING])
    await handlers.afterKill(f.afterKill(DEPLOYMENT_ID))
    expect(stopCalls(f)).toEqual([])
    expect(f.rec.warnings).toEqual([`The main step ended before deployment ${DEPLOYMENT_ID} did; it is left running (on-cancel: leave). ${URL}`])
  })

  it('does nothing when the deployment already ended', async () => {
    const f = setup()
    play(f, [canary.at(-1)!])
    await handlers.afterKill(f.afterKill(DEPLOYMENT_ID))
    expect(f.sent()).toEqual(['GetDeployment'])
    expect(f.rec.warnings).toEqual([])
    expect(f.rec.errors).toEqual([])
  })
})
