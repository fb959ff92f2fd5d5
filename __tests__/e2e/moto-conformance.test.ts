/**
 * Conformance: the action's ECS code paths against moto, an independent AWS mock, so the shapes we
 * read and send are checked by something other than our own emulator. The service is created the
 * way a user creates one (CODE_DEPLOY controller, load balancer, awsvpc), its live task definition
 * is described, rendered with a new image, env, secrets and tags, and registered on moto.
 *
 * What moto (5.x) supports here: ECS clusters, task definitions (with TAGS), CODE_DEPLOY services,
 * task sets; CodeDeploy applications, GetDeploymentGroup, CreateDeployment, ListDeployments. Not:
 * BatchGetDeploymentGroups, GetDeploymentConfig, deployment targets, and GetDeployment answers a
 * body the SDK cannot read; the discovery of the group and the watcher are covered by the emulator.
 *
 * Where moto_server is not installed, the suite says so and passes a single 'skipped' test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  UpdateServicePrimaryTaskSetCommand
} from '@aws-sdk/client-ecs'
import { createClients, type Clients } from '../../src/aws/clients.js'
import { findDeploymentGroup } from '../../src/aws/codedeploy.js'
import { describeService, describeTaskDefinition, registerTaskDefinition } from '../../src/aws/ecs.js'
import { ActionError } from '../../src/core/errors.js'
import { loadBalancedContainer } from '../../src/ways/codedeploy/plan.js'
import { diffTaskDefinitions, parseTaskDefinitionFile, renderTaskDefinition, requireContainerPort, toRegisterInput } from '../../src/kit/taskdef.js'
import { registerWebRevision } from '../fixtures/emulator.js'
import { hasCommand, NEW_IMAGE, OLD_IMAGE } from './helpers.js'

jest.setTimeout(60_000)

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'
const TD = (rev: number): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:${rev}`
const BLUE_TG = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web-blue/0123456789abcdef`
const DB_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/web/db-AbCdEf`
const READ_ONLY = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy', 'deregisteredAt']

const RENDER = {
  image: NEW_IMAGE,
  containerName: 'app',
  environmentVariables: [
    { name: 'LOG_LEVEL', value: 'debug' },
    { name: 'FEATURE_X', value: 'on' }
  ],
  secrets: [{ name: 'DB_PASSWORD', valueFrom: DB_SECRET }],
  tags: [{ key: 'Team', value: 'payments' }],
  environment: 'prod'
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** Starts moto_server on a free loopback port and waits until it answers. */
async function startMoto(): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // Its own process group, so stop() ends moto and nothing else.
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)))
  let exited: number | null | undefined
  child.on('exit', (code) => (exited = code))
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (exited !== undefined || !child.pid) return resolve()
      child.once('exit', () => resolve())
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        resolve()
      }
    })
  const deadline = Date.now() + 30_000
  for (;;) {
    if (exited !== undefined) throw new Error(`moto_server exited ${exited} before answering:\n${stderr}`)
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return { url, child, stop }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`moto_server did not answer on ${url} within 30 s:\n${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** An EC2 Query call (moto checks that a service's subnets and security groups exist). */
async function ec2(url: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ Version: '2016-11-15', ...params }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAMOTO/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`
    }
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`EC2 ${params.Action} failed: ${text.slice(0, 500)}`)
  return text
}

/** The raw JSON of an ECS call, as `aws ecs ... > file.json` saves it. */
async function ecsRaw(url: string, operation: string, body: unknown): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAMOTO/20260101/${REGION}/ecs/aws4_request, SignedHeaders=host, Signature=0`
    }
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`ECS ${operation} failed: ${text.slice(0, 500)}`)
  return text
}

const HAVE_MOTO = hasCommand('moto_server', ['--help'])

describe('ECS conformance against moto', () => {
  if (!HAVE_MOTO) {
    it('skipped: moto_server not installed', () => {
      console.warn('moto-conformance.test.ts: SKIPPED the moto conformance suite: moto_server is not on PATH (pip install "moto[server]" to run it)')
    })
    return
  }

  let moto: Awaited<ReturnType<typeof startMoto>>
  let setup: { ecs: ECSClient; codedeploy: CodeDeployClient }
  let clients: Clients
  const savedEnv: Record<string, string | undefined> = {}

  beforeAll(async () => {
    moto = await startMoto()
    // The action's own clients, configured exactly as in dist: the endpoint comes from AWS_ENDPOINT_URL.
    const env = { AWS_ENDPOINT_URL: moto.url, AWS_ACCESS_KEY_ID: 'AKIAMOTO', AWS_SECRET_ACCESS_KEY: 'moto', AWS_REGION: REGION }
    for (const [k, v] of Object.entries(env)) {
      savedEnv[k] = process.env[k]
      process.env[k] = v
    }
    clients = createClients({ region: REGION, maxAttempts: 2 })
    const cfg = { endpoint: moto.url, region: REGION, credentials: { accessKeyId: 'AKIAMOTO', secretAccessKey: 'moto' }, maxAttempts: 2 }
    setup = { ecs: new ECSClient(cfg), codedeploy: new CodeDeployClient(cfg) }

    // The world, built through the SDK as a user would: network, cluster, task definition, service.
    const vpcId = /<vpcId>([^<]+)</.exec(await ec2(moto.url, { Action: 'CreateVpc', CidrBlock: '10.0.0.0/16' }))![1]!
    const subnetId = /<subnetId>([^<]+)</.exec(await ec2(moto.url, { Action: 'CreateSubnet', VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))![1]!
    const sgId = /<groupId>([^<]+)</.exec(
      await ec2(moto.url, { Action: 'CreateSecurityGroup', VpcId: vpcId, GroupName: 'web', GroupDescription: 'web tasks' })
    )![1]!
    await setup.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
    await registerWebRevision(
      setup.ecs,
      {
        image: OLD_IMAGE,
        essential: true,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        environment: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'PORT', value: '8080' }
        ],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'web' } }
      },
      {
        executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
        tags: [
          { key: 'Owner', value: 'web-team' },
          { key: 'Version', value: '1.4.2' }
        ]
      }
    )
    await setup.ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        deploymentController: { type: 'CODE_DEPLOY' },
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [sgId], assignPublicIp: 'DISABLED' } },
        loadBalancers: [{ targetGroupArn: BLUE_TG, containerName: 'app', containerPort: 8080 }]
      })
    )
  })

  afterAll(async () => {
    clients?.ecs.destroy()
    clients?.codedeploy.destroy()
    clients?.codedeployOnce.destroy()
    setup?.ecs.destroy()
    setup?.codedeploy.destroy()
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    await moto?.stop()
  })

  it('describeService reads the CODE_DEPLOY service: controller, load balancer, task definition', async () => {
    const svc = await describeService(clients.ecs, 'prod', 'web')
    expect(svc.deploymentController?.type).toBe('CODE_DEPLOY')
    expect(svc.taskDefinition).toBe(TD(1))
    expect(loadBalancedContainer(svc)).toEqual({ containerName: 'app', containerPort: 8080 })
    // The same by ARN, as a workflow may give it.
    const byArn = await describeService(clients.ecs, `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`, `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`)
    expect(byArn.serviceArn).toBe(svc.serviceArn)
  })

  it('renders the live task definition and registers it: moto accepts the shape (new image, env, secrets, tags)', async () => {
    const svc = await describeService(clients.ecs, 'prod', 'web')
    const live = await describeTaskDefinition(clients.ecs, svc.taskDefinition!)
    expect(live.tags).toEqual([
      { key: 'Owner', value: 'web-team' },
      { key: 'Version', value: '1.4.2' }
    ])
    const base = toRegisterInput(live.taskDefinition, live.tags)
    for (const k of READ_ONLY) expect(Object.keys(base)).not.toContain(k)
    const rendered = renderTaskDefinition(base, RENDER)
    requireContainerPort(rendered, 'app', 8080)
    // Only what changed: moto, like ECS, describes the container with cpu 0, which the render keeps.
    expect(diffTaskDefinitions(base, rendered).map((d) => `${d.container ?? ''} ${d.field} ${d.text}`)).toEqual([
      `app image ${OLD_IMAGE} -> :1.5.0`,
      'app env ~ LOG_LEVEL  + FEATURE_X',
      'app secrets + DB_PASSWORD'
    ])

    const registered = await registerTaskDefinition(clients.ecs, rendered)
    expect(registered.taskDefinitionArn).toBe(TD(2))

    // Read back through the SDK, tags included.
    const out = await setup.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: TD(2), include: ['TAGS'] }))
    const td = out.taskDefinition!
    const app = td.containerDefinitions!.find((c) => c.name === 'app')!
    expect(app.image).toBe(NEW_IMAGE)
    expect(app.environment).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'PORT', value: '8080' },
      { name: 'FEATURE_X', value: 'on' }
    ])
    expect(app.secrets).toEqual([{ name: 'DB_PASSWORD', valueFrom: DB_SECRET }])
    expect(app.portMappings).toEqual([expect.objectContaining({ containerPort: 8080 })])
    expect(app.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/web', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'web' }
    })
    expect([td.family, td.networkMode, td.cpu, td.memory, td.executionRoleArn]).toEqual([
      'web',
      'awsvpc',
      '256',
      '512',
      `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`
    ])
    expect(td.requiresCompatibilities).toEqual(['FARGATE'])
    expect(Object.fromEntries((out.tags ?? []).map((t) => [t.key, t.value]))).toEqual({
      Owner: 'web-team',
      Version: '1.5.0',
      Team: 'payments',
      Environment: 'prod'
    })

    // The action's call counter saw each call once.
    expect(clients.calls.byOperation.get('RegisterTaskDefinition')).toBe(1)
    expect(clients.calls.byOperation.get('DescribeTaskDefinition')).toBe(1)
  })

  it('a raw describe-task-definition file (with its wrapper) parses, renders and registers on moto', async () => {
    const raw = await ecsRaw(moto.url, 'DescribeTaskDefinition', { taskDefinition: 'web:1', include: ['TAGS'] })
    expect(JSON.parse(raw)).toHaveProperty('taskDefinition.revision', 1)
    const fromFile = parseTaskDefinitionFile(raw)
    for (const k of READ_ONLY) expect(Object.keys(fromFile)).not.toContain(k)
    expect(fromFile.tags).toEqual([
      { key: 'Owner', value: 'web-team' },
      { key: 'Version', value: '1.4.2' }
    ])
    const registered = await registerTaskDefinition(
      clients.ecs,
      renderTaskDefinition(fromFile, { ...RENDER, image: `${NEW_IMAGE.replace(/:1\.5\.0$/, '')}:1.5.1` })
    )
    expect(registered.taskDefinitionArn).toBe(TD(3))
    const out = await describeTaskDefinition(clients.ecs, TD(3))
    expect(out.taskDefinition.containerDefinitions![0]!.image).toMatch(/web:1\.5\.1$/)
    expect(out.tags).toContainEqual({ key: 'Version', value: '1.5.1' })
  })

  it('what CodeDeploy does next is accepted too: a task set on the new revision, made primary', async () => {
    const svc = await describeService(clients.ecs, 'prod', 'web')
    const net = svc.networkConfiguration
    const created = await setup.ecs.send(
      new CreateTaskSetCommand({
        cluster: 'prod',
        service: 'web',
        taskDefinition: TD(2),
        externalId: 'conformance',
        launchType: 'FARGATE',
        networkConfiguration: net,
        loadBalancers: svc.loadBalancers
      })
    )
    await setup.ecs.send(new UpdateServicePrimaryTaskSetCommand({ cluster: 'prod', service: 'web', primaryTaskSet: created.taskSet!.taskSetArn! }))
    const after = await describeService(clients.ecs, 'prod', 'web')
    expect(after.taskSets?.map((t) => [t.status, t.taskDefinition])).toContainEqual(['PRIMARY', TD(2)])
    // Where the service itself names no task definition, the plan takes the PRIMARY task set's.
    expect(after.taskDefinition ?? after.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition).toMatch(/task-definition\/web:[12]$/)
  })

  it('a missing cluster or service is an ActionError naming the input', async () => {
    const noCluster = await describeService(clients.ecs, 'nope', 'web').catch((e: unknown) => e)
    expect(noCluster).toBeInstanceOf(ActionError)
    expect((noCluster as ActionError).subject).toBe('cluster')
    expect((noCluster as ActionError).message).toMatch(/^Input 'cluster': ECS cluster 'nope' does not exist/)
    const noService = await describeService(clients.ecs, 'prod', 'nope').catch((e: unknown) => e)
    expect(noService).toBeInstanceOf(ActionError)
    expect((noService as ActionError).subject).toBe('service')
  })

  it('the CodeDeploy subset moto has: a named deployment group is found and checked to serve the service', async () => {
    await setup.codedeploy.send(new CreateApplicationCommand({ applicationName: 'web-app', computePlatform: 'ECS' }))
    await setup.codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'web-app',
        deploymentGroupName: 'web-dg',
        serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsCodeDeployRole`,
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ecsServices: [{ clusterName: 'prod', serviceName: 'web' }]
      })
    )
    const group = await findDeploymentGroup(clients.codedeploy, { application: 'web-app', deploymentGroup: 'web-dg', cluster: 'prod', service: 'web' })
    expect(group).toMatchObject({ applicationName: 'web-app', deploymentGroupName: 'web-dg', computePlatform: 'ECS' })
    const wrong = await findDeploymentGroup(clients.codedeploy, { application: 'web-app', deploymentGroup: 'web-dg', cluster: 'prod', service: 'api' }).catch(
      (e: unknown) => e
    )
    expect(wrong).toBeInstanceOf(ActionError)
    expect((wrong as ActionError).subject).toBe('codedeploy-deployment-group')
    const missing = await findDeploymentGroup(clients.codedeploy, { application: 'web-app', deploymentGroup: 'nope', cluster: 'prod', service: 'web' }).catch(
      (e: unknown) => e
    )
    expect(missing).toBeInstanceOf(ActionError)
    expect((missing as ActionError).subject).toBe('codedeploy-deployment-group')
  })
})
