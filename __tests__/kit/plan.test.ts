/** mode plan's shared part (src/kit/plan.ts): the checks every way gets, the plan as Markdown, and no change in AWS. */
import { describe, expect, it } from '@jest/globals'
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand } from '@aws-sdk/client-ecr'
import { DescribeTaskDefinitionCommand, type DescribeTaskDefinitionCommandOutput, type Service } from '@aws-sdk/client-ecs'
import { busyCheck, planMarker, secretChecks } from '../../src/kit/plan.js'
import type { RegisterInput } from '../../src/kit/taskdef.js'
import { handlers } from '../../src/ways/rolling/handlers.js'
import { rolling } from '../../src/ways/rolling/index.js'
import { fakeContext } from '../fixtures/context.js'
import { actionErrorAsync, fixture } from '../helpers.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012'
const TD = (n: number): string => `${ACCOUNT}:task-definition/web:${n}`
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const LIVE = JSON.parse(fixture('taskdef-web.describe.json')) as DescribeTaskDefinitionCommandOutput
const SERVICE: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  desiredCount: 2,
  taskDefinition: TD(41),
  deploymentController: { type: 'ECS' },
  deploymentConfiguration: { strategy: 'ROLLING' },
  loadBalancers: [{ containerName: 'app', containerPort: 8080, targetGroupArn: 'tg' }],
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: TD(41), rolloutState: 'COMPLETED' }]
}

function setup(inputs: Record<string, string> = {}, groups: string[] = ['/ecs/web'], missingTags: string[] = []) {
  const f = fakeContext({ ...rolling, ...handlers }, { service: SERVICE, inputs: { mode: 'plan', image: IMAGE, ...inputs } })
  f.mocks.ecs.on(DescribeTaskDefinitionCommand).resolves(LIVE)
  f.mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: groups.map((logGroupName) => ({ logGroupName })) })
  // ECR answers ImageNotFoundException for a tag it does not have.
  f.mocks.ecr.on(DescribeImagesCommand).callsFake(async (i: { repositoryName: string; imageIds: { imageTag?: string }[] }) => {
    const tag = i.imageIds[0]!.imageTag!
    if (missingTags.includes(tag))
      throw Object.assign(new Error(`The image with imageId {imageTag:'${tag}'} does not exist`), { name: 'ImageNotFoundException' })
    return { imageDetails: [{ repositoryName: i.repositoryName, imageTags: [tag] }] }
  })
  return f
}

describe('mode plan through a way', () => {
  it('reads, renders and checks, changes nothing, and returns the plan as Markdown', async () => {
    const f = setup({ 'rollback-to': '41' })
    const r = await handlers.modes.plan!(f.ctx)
    expect(f.mutations()).toEqual([])
    expect(r).toMatchObject({ outcome: 'planned', previousTaskDefinitionArn: TD(41) })
    expect(r.taskDefinitionArn).toBeUndefined()
    expect(f.rec.lines).toContain("Rollback: rollback-to '41' would go back to web:41 (what the service runs now)")
    expect(f.rec.lines).toContain('  ok    image web:1.5.0 is in ECR')
    expect(f.rec.lines).toContain('  ok    log group /ecs/web exists')
    expect(f.rec.lines).toContain('  ok    secrets DB_PASSWORD (secretsmanager, us-east-1), API_KEY (ssm, us-east-1)')
    expect(r.plan!.split('\n').slice(0, 2)).toEqual([planMarker('prod', 'web'), '### 📋 Release plan: `prod/web`'])
    expect(r.plan).toContain('| app image | `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2 -> :1.5.0` |')
    expect(r.plan).toContain('- ✅ no rolling update in flight')
  })

  it('fails on a check that would fail the release, and says which', async () => {
    const f = setup({}, [])
    const r = await handlers.modes.plan!(f.ctx)
    expect(r.outcome).toBe('failed')
    expect(r.cause).toMatch(/^The plan found 1 problem: log group \/ecs\/web does not exist: every task would stop at start/)
    expect(r.plan).toContain('### ❌ Release plan')
    expect(f.mutations()).toEqual([])
  })

  it('fails on an image tag ECR does not have, before a release would fail on it', async () => {
    const f = setup({}, ['/ecs/web'], ['1.5.0'])
    const r = await handlers.modes.plan!(f.ctx)
    expect(r.outcome).toBe('failed')
    expect(f.rec.lines).toContain(
      '  FAIL  image web:1.5.0 is not in ECR: every task would stop at start (CannotPullContainerError). Push it, or give the tag the build pushed'
    )
    expect(f.mocks.ecr.commandCalls(DescribeImagesCommand)[0]!.args[0].input).toEqual({
      registryId: '123456789012',
      repositoryName: 'web',
      imageIds: [{ imageTag: '1.5.0' }]
    })
    expect(f.mutations()).toEqual([])
  })

  it('says unchanged when the release would put nothing new on the service', async () => {
    const f = setup({ image: LIVE.taskDefinition!.containerDefinitions![0]!.image! })
    const r = await handlers.modes.plan!(f.ctx)
    expect(r.outcome).toBe('unchanged')
    expect(f.rec.lines).toContain("Unchanged: the service already runs web:41; a release would register and deploy nothing ('force: true' releases anyway).")
  })

  it('refuses what a deploy would refuse before reading anything: wait-for ready on a rolling update', async () => {
    const f = setup({ 'wait-for': 'ready' })
    const err = await actionErrorAsync(handlers.modes.plan!(f.ctx))
    expect(err.subject).toBe('wait-for')
    expect(f.sent()).toEqual([])
  })

  it('names the pre-release task a release would run, and fails on a container that cannot run it', async () => {
    const ok = setup({ 'pre-release-command': 'bin/migrate up' })
    await handlers.modes.plan!(ok.ctx)
    expect(ok.rec.lines).toContain('  ok    pre-release task: ["bin/migrate","up"] in container app, before anything else changes')
    const bad = setup({ 'pre-release-command': 'bin/migrate up', 'pre-release-container': 'worker' })
    expect((await handlers.modes.plan!(bad.ctx)).outcome).toBe('failed')
    expect(bad.rec.lines.some((l) => /^ {2}FAIL {2}Input 'pre-release-container': 'worker' is not a container/.test(l))).toBe(true)
  })

  it('turns a rollback-to that resolves to nothing into a failed check', async () => {
    const f = setup({ 'rollback-to': '7' })
    f.mocks.ecs
      .on(DescribeTaskDefinitionCommand, { taskDefinition: 'web:7' })
      .rejects(Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException' }))
    const r = await handlers.modes.plan!(f.ctx)
    expect(r.outcome).toBe('failed')
    expect(f.rec.lines.some((l) => /^ {2}FAIL {2}Input 'rollback-to': task definition 'web:7' does not exist/.test(l))).toBe(true)
  })
})

describe('the checks', () => {
  const td = (o: Partial<RegisterInput> = {}): RegisterInput => ({
    family: 'web',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    containerDefinitions: [
      {
        name: 'app',
        secrets: [
          { name: 'A', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:a-AbCdEf' },
          { name: 'B', valueFrom: '/prod/b' },
          { name: 'C', valueFrom: 'arn:aws:s3:::bucket/c' }
        ]
      }
    ],
    ...o
  })

  it('secrets: ARNs of Secrets Manager or SSM, parameter names, and an execution role to read them', () => {
    expect(secretChecks(td(), 'us-east-1')).toEqual([
      { status: 'fail', text: 'secret C of app: valueFrom is not a Secrets Manager secret or SSM parameter ARN' },
      { status: 'ok', text: 'secrets A (secretsmanager, eu-west-1, another region), B (SSM parameter name, us-east-1)' }
    ])
    expect(secretChecks(td({ executionRoleArn: undefined }), 'us-east-1')[0]).toMatchObject({
      status: 'fail',
      text: expect.stringMatching(/no executionRoleArn/)
    })
    expect(secretChecks(td({ containerDefinitions: [{ name: 'app' }] }), 'us-east-1')).toEqual([])
  })

  it('a release in flight: what if-busy would do about it', () => {
    const ctx = (ifBusy: string) => ({ inputs: { ifBusy } as never })
    const flight = { name: 'deployment d-1', owner: "Deployment group 'web-dg'" }
    expect(busyCheck(ctx('wait'), undefined, 'idle')).toEqual({ status: 'ok', text: 'idle' })
    expect(busyCheck(ctx('wait'), flight, 'idle')).toEqual({
      status: 'warn',
      text: "Deployment group 'web-dg' is busy with deployment d-1: a release would wait for it to end first (if-busy: wait)"
    })
    expect(busyCheck(ctx('fail'), flight, 'idle').status).toBe('fail')
  })
})
