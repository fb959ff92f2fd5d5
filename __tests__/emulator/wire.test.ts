import { describe, expect, it, jest } from '@jest/globals'

jest.setTimeout(30_000)
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import {
  CodeDeployServiceException,
  DeploymentDoesNotExistException,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  InvalidDeploymentIdException,
  ApplicationDoesNotExistException,
  DeploymentGroupDoesNotExistException,
  DeploymentConfigDoesNotExistException,
  GetDeploymentGroupCommand,
  ListDeploymentConfigsCommand
} from '@aws-sdk/client-codedeploy'
import {
  ClientException,
  ClusterNotFoundException,
  CreateClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
  TagResourceCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { seedWorld, type Emulator } from '../../emulator/index.js'
import { sdkClients, useEmulatorFixture, type EmulatorFixture } from '../fixtures/emulator.js'
import { waitFor } from './helpers.js'

let emu: Emulator
let c: EmulatorFixture

useEmulatorFixture(600, (f) => {
  c = f
  emu = f.emu
})

const td = (extra: Record<string, unknown> = {}) => ({
  family: 'api',
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'example/api:1', portMappings: [{ containerPort: 80 }] }],
  ...extra
})

async function raw(target: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const r = await fetch(emu.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body)
  })
  return { status: r.status, json: (await r.json()) as Record<string, unknown>, headers: r.headers }
}

describe('wire format', () => {
  it('errors parse into the SDK exception classes with AWS status codes', async () => {
    emu.reset()
    const e1 = await c.ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['web'] })).catch((e: unknown) => e)
    expect(e1).toBeInstanceOf(ClusterNotFoundException)
    expect((e1 as ClusterNotFoundException).$metadata.httpStatusCode).toBe(400)
    expect((e1 as ClusterNotFoundException).$metadata.requestId).toBeTruthy()
    expect((e1 as Error).message).toBe('Cluster not found.')

    await c.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
    const e2 = await c.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'nope', desiredCount: 1 })).catch((e: unknown) => e)
    expect(e2).toBeInstanceOf(ServiceNotFoundException)

    const e3 = await c.codedeploy.send(new GetDeploymentCommand({ deploymentId: 'd-ABCDEFGHI' })).catch((e: unknown) => e)
    expect(e3).toBeInstanceOf(DeploymentDoesNotExistException)
    expect(e3).toBeInstanceOf(CodeDeployServiceException)
    const e4 = await c.codedeploy.send(new GetDeploymentCommand({ deploymentId: 'nope' })).catch((e: unknown) => e)
    expect(e4).toBeInstanceOf(InvalidDeploymentIdException)
    const e5 = await c.codedeploy.send(new GetDeploymentGroupCommand({ applicationName: 'x', deploymentGroupName: 'y' })).catch((e: unknown) => e)
    expect(e5).toBeInstanceOf(ApplicationDoesNotExistException)
    const e6 = await c.codedeploy.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'Nope' })).catch((e: unknown) => e)
    expect(e6).toBeInstanceOf(DeploymentConfigDoesNotExistException)

    const r = await raw('AmazonEC2ContainerServiceV20141113.DescribeServices', { cluster: 'nope', services: ['x'] })
    expect(r.status).toBe(400)
    expect(r.json).toEqual({ __type: 'ClusterNotFoundException', message: 'Cluster not found.' })
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    const u = await raw('CodeDeploy_20141006.FlyToTheMoon', {})
    expect(u.status).toBe(400)
    expect(u.json.__type).toBe('UnknownOperationException')
  })

  it('timestamps are epoch seconds on the wire and Dates in the SDK; region comes from the SigV4 scope', async () => {
    emu.reset()
    const west = sdkClients(emu.url, { region: 'eu-west-1' })
    try {
      const seed = await seedWorld(emu.url, {}, 'eu-west-1')
      expect(seed.serviceArn).toBe('arn:aws:ecs:eu-west-1:123456789012:service/prod/web')
      const d = await west.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
      expect(d.taskDefinition!.registeredAt).toBeInstanceOf(Date)
      expect(Math.abs(d.taskDefinition!.registeredAt!.getTime() - emu.now())).toBeLessThan(10 * 60_000)
      const r = await raw('AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition', { taskDefinition: 'web' })
      expect(typeof (r.json.taskDefinition as Record<string, unknown>).registeredAt).toBe('number')
      // initial PRIMARY task set, running after a (virtual) start time
      const ts = await waitFor(
        async () => (await west.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!.taskSets!,
        (t) => t[0]!.runningCount === 2
      )
      expect(ts).toHaveLength(1)
      expect(ts[0]!.id).toMatch(/^ecs-svc\/\d{19}$/)
      expect(ts[0]!.status).toBe('PRIMARY')
      expect(ts[0]!.scale).toEqual({ value: 100, unit: 'PERCENT' })
      expect(ts[0]!.createdAt).toBeInstanceOf(Date)
      const g = await west.codedeploy.send(new GetDeploymentGroupCommand({ applicationName: 'web-app', deploymentGroupName: 'web-dg' }))
      expect(g.deploymentGroupInfo!.loadBalancerInfo!.targetGroupPairInfoList![0]!.targetGroups!.map((t) => t.name)).toEqual(['web-blue', 'web-green'])
      const e = await west.codedeploy.send(new GetDeploymentGroupCommand({ applicationName: 'web-app', deploymentGroupName: 'x' })).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(DeploymentGroupDoesNotExistException)
      const cfgs = await west.codedeploy.send(new ListDeploymentConfigsCommand({}))
      expect(cfgs.deploymentConfigsList).toEqual(
        expect.arrayContaining(['CodeDeployDefault.ECSAllAtOnce', 'CodeDeployDefault.ECSCanary10Percent5Minutes', 'CodeDeployDefault.OneAtATime'])
      )
      const one = await west.codedeploy.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.OneAtATime' }))
      expect(one.deploymentConfigInfo!.computePlatform).toBe('Server')
      const clusters = await west.ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'missing'] }))
      expect(clusters.clusters![0]!.clusterArn).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/prod')
      expect(clusters.failures![0]!.reason).toBe('MISSING')
      const updated = await west.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:1' })).catch((x: unknown) => x)
      expect(updated).toBeInstanceOf(InvalidParameterException)
    } finally {
      west.destroy()
    }
  })
})

describe('RegisterTaskDefinition', () => {
  it('numbers revisions per family, stores tags, describes by family, family:revision and ARN', async () => {
    emu.reset()
    const r1 = await c.ecs.send(new RegisterTaskDefinitionCommand({ ...td(), tags: [{ key: 'team', value: 'web' }] }))
    const r2 = await c.ecs.send(new RegisterTaskDefinitionCommand(td()))
    const other = await c.ecs.send(new RegisterTaskDefinitionCommand({ ...td(), family: 'worker' }))
    expect([r1.taskDefinition!.revision, r2.taskDefinition!.revision, other.taskDefinition!.revision]).toEqual([1, 2, 1])
    expect(r1.taskDefinition!.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/api:1')
    expect(r1.tags).toEqual([{ key: 'team', value: 'web' }])
    const t = r1.taskDefinition!
    expect(t.status).toBe('ACTIVE')
    expect(t.compatibilities).toEqual(['EC2', 'FARGATE'])
    expect(t.requiresAttributes!.map((a) => a.name)).toContain('ecs.capability.task-eni')
    expect(t.containerDefinitions![0]!.portMappings![0]).toEqual({ containerPort: 80, hostPort: 80, protocol: 'tcp' })
    expect(t.containerDefinitions![0]!.essential).toBe(true)

    const byFamily = await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }))
    expect(byFamily.taskDefinition!.revision).toBe(2)
    expect(byFamily.tags).toBeUndefined()
    const byRev = await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:1', include: ['TAGS'] }))
    expect(byRev.tags).toEqual([{ key: 'team', value: 'web' }])
    const byArn = await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: r1.taskDefinition!.taskDefinitionArn }))
    expect(byArn.taskDefinition!.revision).toBe(1)
    const missing = await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:9' })).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(ClientException)
    expect((missing as Error).message).toBe('Unable to describe task definition.')

    await c.ecs.send(new TagResourceCommand({ resourceArn: r2.taskDefinition!.taskDefinitionArn, tags: [{ key: 'v', value: '2' }] }))
    const tags = await c.ecs.send(new ListTagsForResourceCommand({ resourceArn: r2.taskDefinition!.taskDefinitionArn }))
    expect(tags.tags).toEqual([{ key: 'v', value: '2' }])

    const dereg = await c.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:2' }))
    expect(dereg.taskDefinition!.status).toBe('INACTIVE')
    expect((await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }))).taskDefinition!.revision).toBe(1)
    const list = await c.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'api' }))
    expect(list.taskDefinitionArns).toEqual([r1.taskDefinition!.taskDefinitionArn])
    const r3 = await c.ecs.send(new RegisterTaskDefinitionCommand(td()))
    expect(r3.taskDefinition!.revision).toBe(3)
  })

  it('rejects what AWS rejects, naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...td(), taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1' }, /taskDefinitionArn/],
      [{ ...td(), revision: 3 }, /revision/],
      [{ ...td(), status: 'ACTIVE' }, /status/],
      [{ ...td(), requiresAttributes: [] }, /requiresAttributes/],
      [{ ...td(), compatibilities: ['EC2'] }, /compatibilities/],
      [{ ...td(), registeredAt: 1700000000 }, /registeredAt/],
      [{ ...td(), registeredBy: 'me' }, /registeredBy/],
      [{ ...td(), deregisteredAt: 1700000000 }, /deregisteredAt/],
      [{ ...td(), colour: 'blue' }, /colour/],
      [{ ...td(), containerDefinitions: [] }, /Container list cannot be empty/],
      [{ ...td(), containerDefinitions: [{ name: 'app' }] }, /image/],
      [{ ...td(), networkMode: 'bridge' }, /awsvpc/],
      [{ ...td(), cpu: undefined }, /cpu/]
    ]
    for (const [body, re] of cases) {
      const r = await raw('AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition', body)
      expect(r.status).toBe(400)
      expect(r.json.__type).toBe('ClientException')
      expect(String(r.json.message)).toMatch(re)
    }
    // and through the SDK the same error class
    const e = await c.ecs.send(new RegisterTaskDefinitionCommand({ ...td(), containerDefinitions: [{ name: 'app', image: '' }] })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ClientException)
    // a required member left out fails the model check before ECS looks at the rest
    const noFamily = await raw('AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition', { ...td(), family: undefined })
    expect(noFamily.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'family' failed to satisfy constraint: Member must not be null"
    })
  })
})

describe('AWS CLI', () => {
  it('works with aws --endpoint-url', async () => {
    const run = promisify(execFile)
    try {
      await run('aws', ['--version'], { timeout: 20_000 })
    } catch {
      console.log('SKIPPED: the AWS CLI (aws) is not on PATH')
      return
    }
    emu.reset()
    const seed = await seedWorld(emu.url)
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' }
    const aws = async (...args: string[]) =>
      JSON.parse((await run('aws', ['--endpoint-url', emu.url, '--output', 'json', ...args], { env, timeout: 30_000 })).stdout)
    const clusters = await aws('ecs', 'describe-clusters', '--clusters', 'prod')
    expect(clusters.clusters[0].clusterArn).toBe(seed.clusterArn)
    const content = JSON.stringify({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: seed.taskDefinitionArn, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } }
          }
        }
      ]
    })
    const created = await aws(
      'deploy',
      'create-deployment',
      '--application-name',
      'web-app',
      '--deployment-group-name',
      'web-dg',
      '--revision',
      JSON.stringify({ revisionType: 'AppSpecContent', appSpecContent: { content } })
    )
    expect(created.deploymentId).toMatch(/^d-[A-Z0-9]{9}$/)
    const got = await aws('deploy', 'get-deployment', '--deployment-id', created.deploymentId)
    expect(got.deploymentInfo.deploymentGroupName).toBe('web-dg')
    expect(['Created', 'Queued', 'InProgress', 'Succeeded']).toContain(got.deploymentInfo.status)
    const err = await run('aws', ['--endpoint-url', emu.url, 'deploy', 'get-deployment', '--deployment-id', 'd-XXXXXXXXX'], { env }).catch(
      (e: { stderr: string }) => e
    )
    expect((err as { stderr: string }).stderr).toMatch(/DeploymentDoesNotExistException/)
  }, 60_000)
})
