import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  BatchGetDeploymentGroupsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  type DeploymentGroupInfo
} from '@aws-sdk/client-codedeploy'
import { mockClient } from 'aws-sdk-client-mock'
import { createDeploymentOnce, findDeploymentGroup, type CreateDeploymentArgs } from '../../src/aws/codedeploy.js'
import { actionErrorAsync } from '../helpers.js'

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }
const cd = new CodeDeployClient({ region: 'us-east-1', credentials })
const cdOnce = new CodeDeployClient({ region: 'us-east-1', credentials, maxAttempts: 1 })
const cdMock = mockClient(cd)
const onceMock = mockClient(cdOnce)

beforeEach(() => {
  cdMock.reset()
  onceMock.reset()
})

const TOKEN = '9876543210-a1b2c3d4'
const STARTED = new Date('2025-05-01T10:00:00Z')
const args = (o: Partial<CreateDeploymentArgs> = {}): CreateDeploymentArgs => ({
  application: 'web',
  deploymentGroup: 'web-prod',
  description: `Deployed by ecs-bluegreen-action commit 0123456789ab [release ${TOKEN}]`,
  token: TOKEN,
  appSpec: { content: '{"version":0}', sha256: 'f'.repeat(64) },
  startedAfter: STARTED,
  ...o
})

/** Another release's deployment and ours, in the group's recent list. */
function deploymentsInGroup(): void {
  cdMock.on(ListDeploymentsCommand).resolves({ deployments: ['d-OTHER0001', 'd-MINE00001'] })
  cdMock
    .on(GetDeploymentCommand, { deploymentId: 'd-OTHER0001' })
    .resolves({ deploymentInfo: { deploymentId: 'd-OTHER0001', description: 'Deployed by ecs-bluegreen-action [release 1111-ffffffff]' } })
  cdMock
    .on(GetDeploymentCommand, { deploymentId: 'd-MINE00001' })
    .resolves({ deploymentInfo: { deploymentId: 'd-MINE00001', description: args().description } })
}

const lost = {
  '5xx after the fact': Object.assign(new Error('We encountered an internal error. Please try again.'), {
    name: 'InternalFailure',
    $metadata: { httpStatusCode: 500 }
  }),
  'a timeout': Object.assign(new Error('Connection timed out after 30000 ms'), { name: 'TimeoutError' }),
  'a reset connection': Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
}

describe('createDeploymentOnce', () => {
  it('sends CreateDeployment once, with the AppSpec content and the description carrying the token', async () => {
    onceMock.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW000001' })
    await expect(createDeploymentOnce(cdOnce, cd, args({ deploymentConfig: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' }))).resolves.toBe('d-NEW000001')
    expect(onceMock.commandCalls(CreateDeploymentCommand)).toHaveLength(1)
    expect(onceMock.commandCalls(CreateDeploymentCommand)[0]!.args[0].input).toEqual({
      applicationName: 'web',
      deploymentGroupName: 'web-prod',
      deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      description: args().description,
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: '{"version":0}', sha256: 'f'.repeat(64) } }
    })
    expect(cdMock.calls()).toHaveLength(0)
    onceMock.reset()
    onceMock.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW000002' })
    await createDeploymentOnce(cdOnce, cd, args())
    expect(onceMock.commandCalls(CreateDeploymentCommand)[0]!.args[0].input).not.toHaveProperty('deploymentConfigName')
  })

  it.each(Object.entries(lost))('after a lost response (%s) finds the deployment by its token instead of sending again', async (_, err) => {
    onceMock.on(CreateDeploymentCommand).rejects(err)
    deploymentsInGroup()
    await expect(createDeploymentOnce(cdOnce, cd, args())).resolves.toBe('d-MINE00001')
    expect(onceMock.commandCalls(CreateDeploymentCommand)).toHaveLength(1)
    // Looked among the group's deployments since a minute before the step started.
    expect(cdMock.commandCalls(ListDeploymentsCommand)[0]!.args[0].input).toEqual({
      applicationName: 'web',
      deploymentGroupName: 'web-prod',
      createTimeRange: { start: new Date(STARTED.getTime() - 60_000) }
    })
  })

  describe('when the lost deployment does not exist', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    })
    afterEach(() => {
      jest.useRealTimers()
    })

    it('sends again after a pause, once it is sure there is none', async () => {
      onceMock.on(CreateDeploymentCommand).rejectsOnce(lost['a reset connection']).resolves({ deploymentId: 'd-SECOND001' })
      cdMock.on(ListDeploymentsCommand).resolves({ deployments: ['d-OTHER0001'] })
      cdMock.on(GetDeploymentCommand).resolves({ deploymentInfo: { deploymentId: 'd-OTHER0001', description: 'someone else [release 1-2]' } })
      const p = createDeploymentOnce(cdOnce, cd, args())
      await jest.advanceTimersByTimeAsync(999)
      expect(onceMock.commandCalls(CreateDeploymentCommand)).toHaveLength(1)
      await jest.advanceTimersByTimeAsync(1)
      await expect(p).resolves.toBe('d-SECOND001')
      expect(onceMock.commandCalls(CreateDeploymentCommand)).toHaveLength(2)
    })

    it('gives up with the last error after its attempts, looking a last time first', async () => {
      onceMock.on(CreateDeploymentCommand).rejects(lost['5xx after the fact'])
      cdMock.on(ListDeploymentsCommand).resolves({ deployments: [] })
      const p = createDeploymentOnce(cdOnce, cd, args(), 2)
      const settled = expect(p).rejects.toThrow('internal error')
      await jest.advanceTimersByTimeAsync(1000)
      await settled
      expect(onceMock.commandCalls(CreateDeploymentCommand)).toHaveLength(2)
      expect(cdMock.commandCalls(ListDeploymentsCommand)).toHaveLength(2)
    })
  })

  it('does not look or retry after an error that proves nothing was created', async () => {
    const err = Object.assign(new Error('The deployment group web-prod has a deployment in progress'), {
      name: 'DeploymentLimitExceededException',
      $metadata: { httpStatusCode: 400 }
    })
    onceMock.on(CreateDeploymentCommand).rejects(err)
    await expect(createDeploymentOnce(cdOnce, cd, args())).rejects.toThrow('has a deployment in progress')
    expect(onceMock.commandCalls(CreateDeploymentCommand)).toHaveLength(1)
    expect(cdMock.calls()).toHaveLength(0)
  })
})

function group(application: string, name: string, services: [string, string][], o: Partial<DeploymentGroupInfo> = {}): DeploymentGroupInfo {
  return {
    applicationName: application,
    deploymentGroupName: name,
    computePlatform: 'ECS',
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    ecsServices: services.map(([clusterName, serviceName]) => ({ clusterName, serviceName })),
    ...o
  }
}

describe('findDeploymentGroup', () => {
  it('returns the named group when it deploys the service (cluster given as an ARN)', async () => {
    const g = group('web', 'web-prod', [['prod', 'web']])
    cdMock.on(GetDeploymentGroupCommand, { applicationName: 'web', deploymentGroupName: 'web-prod' }).resolves({ deploymentGroupInfo: g })
    await expect(
      findDeploymentGroup(cd, { application: 'web', deploymentGroup: 'web-prod', cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', service: 'web' })
    ).resolves.toEqual(g)
  })

  it('refuses a named group that deploys another service, saying which', async () => {
    cdMock.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: group('web', 'web-prod', [['prod', 'api']]) })
    const err = await actionErrorAsync(findDeploymentGroup(cd, { application: 'web', deploymentGroup: 'web-prod', cluster: 'prod', service: 'web' }))
    expect(err.subject).toBe('codedeploy-deployment-group')
    expect(err.message).toContain("Input 'codedeploy-deployment-group': group 'web-prod' deploys prod/api, not prod/web")
    // Same service name in another cluster is another service.
    cdMock.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: group('web', 'web-prod', [['staging', 'web']]) })
    expect(
      (await actionErrorAsync(findDeploymentGroup(cd, { application: 'web', deploymentGroup: 'web-prod', cluster: 'prod', service: 'web' }))).message
    ).toContain('deploys staging/web, not prod/web')
  })

  it('names the input at fault when the application or group does not exist, or only one is given', async () => {
    cdMock.on(GetDeploymentGroupCommand).rejects(Object.assign(new Error('No application found for name: webb'), { name: 'ApplicationDoesNotExistException' }))
    const app = await actionErrorAsync(findDeploymentGroup(cd, { application: 'webb', deploymentGroup: 'web-prod', cluster: 'prod', service: 'web' }))
    expect(app.subject).toBe('codedeploy-application')
    expect(app.message).toContain("CodeDeploy application 'webb' does not exist")
    cdMock.on(GetDeploymentGroupCommand).rejects(Object.assign(new Error('No Deployment Group found'), { name: 'DeploymentGroupDoesNotExistException' }))
    expect((await actionErrorAsync(findDeploymentGroup(cd, { application: 'web', deploymentGroup: 'web-prd', cluster: 'prod', service: 'web' }))).subject).toBe(
      'codedeploy-deployment-group'
    )
  })

  /** Two applications (the list paged), groups for several services, one EC2 group naming ours. */
  function account(extra: DeploymentGroupInfo[] = []): void {
    cdMock
      .on(ListApplicationsCommand)
      .callsFake((input: { nextToken?: string }) => (input.nextToken ? { applications: ['web'] } : { applications: ['api'], nextToken: 'page2' }))
    cdMock.on(ListDeploymentGroupsCommand, { applicationName: 'api' }).resolves({ applicationName: 'api', deploymentGroups: ['api-prod', 'legacy'] })
    cdMock.on(ListDeploymentGroupsCommand, { applicationName: 'web' }).resolves({ applicationName: 'web', deploymentGroups: ['web-prod', 'web-staging'] })
    const all = [
      group('api', 'api-prod', [['prod', 'api']]),
      group('api', 'legacy', [['prod', 'web']], { computePlatform: 'Server' }),
      group('web', 'web-prod', [['prod', 'web']]),
      group('web', 'web-staging', [['staging', 'web']]),
      ...extra
    ]
    cdMock.on(BatchGetDeploymentGroupsCommand).callsFake((input: { applicationName: string; deploymentGroupNames: string[] }) => ({
      deploymentGroupsInfo: all.filter((g) => g.applicationName === input.applicationName && input.deploymentGroupNames.includes(g.deploymentGroupName!))
    }))
  }

  it('finds the only ECS group whose services include this one', async () => {
    account()
    const g = await findDeploymentGroup(cd, { cluster: 'prod', service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web' })
    expect(g.deploymentGroupName).toBe('web-prod')
    expect(cdMock.commandCalls(ListApplicationsCommand).map((c) => c.args[0].input)).toEqual([{ nextToken: undefined }, { nextToken: 'page2' }])
  })

  it('with the group alone, finds its application; with the application alone, its group of this service', async () => {
    account()
    const byGroup = await findDeploymentGroup(cd, { deploymentGroup: 'web-prod', cluster: 'prod', service: 'web' })
    expect([byGroup.applicationName, byGroup.deploymentGroupName]).toEqual(['web', 'web-prod'])
    // Only the named group is read, in each application.
    expect(cdMock.commandCalls(BatchGetDeploymentGroupsCommand).map((c) => c.args[0].input.deploymentGroupNames)).toEqual([['web-prod']])
    const byApp = await findDeploymentGroup(cd, { application: 'web', cluster: 'prod', service: 'web' })
    expect([byApp.applicationName, byApp.deploymentGroupName]).toEqual(['web', 'web-prod'])
  })

  it('with one of the two, refuses a group that is nowhere, an application that does not exist, or a group of another service', async () => {
    account()
    const nowhere = await actionErrorAsync(findDeploymentGroup(cd, { deploymentGroup: 'web-prd', cluster: 'prod', service: 'web' }))
    expect(nowhere.subject).toBe('codedeploy-deployment-group')
    expect(nowhere.message).toContain("no ECS deployment group named 'web-prd' is in any CodeDeploy application of this account and region")
    const other = await actionErrorAsync(findDeploymentGroup(cd, { deploymentGroup: 'web-staging', cluster: 'prod', service: 'web' }))
    expect(other.message).toContain("Input 'codedeploy-deployment-group': web/web-staging deploys staging/web, not prod/web")
    cdMock
      .on(ListDeploymentGroupsCommand, { applicationName: 'webb' })
      .rejects(Object.assign(new Error('No application found for name: webb'), { name: 'ApplicationDoesNotExistException' }))
    const app = await actionErrorAsync(findDeploymentGroup(cd, { application: 'webb', cluster: 'prod', service: 'web' }))
    expect(app.subject).toBe('codedeploy-application')
    expect(app.message).toContain("CodeDeploy application 'webb' does not exist")
  })

  it('refuses when no group deploys the service', async () => {
    account()
    const err = await actionErrorAsync(findDeploymentGroup(cd, { cluster: 'prod', service: 'checkout' }))
    expect(err.subject).toBe('codedeploy-deployment-group')
    expect(err.message).toContain('No CodeDeploy deployment group deploys prod/checkout')
  })

  it('refuses when several groups deploy the service, listing them', async () => {
    account([group('web', 'web-prod-2', [['prod', 'web']])])
    cdMock.on(ListDeploymentGroupsCommand, { applicationName: 'web' }).resolves({ deploymentGroups: ['web-prod', 'web-staging', 'web-prod-2'] })
    const err = await actionErrorAsync(findDeploymentGroup(cd, { cluster: 'prod', service: 'web' }))
    expect(err.subject).toBe('codedeploy-deployment-group')
    expect(err.message).toContain('Several CodeDeploy deployment groups deploy prod/web: web/web-prod, web/web-prod-2')
  })
})
