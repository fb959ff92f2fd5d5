/**
 * The revision a release puts on the service (src/kit/render.ts, src/kit/register.ts): one named in
 * 'task-definition' (an ARN or family:revision) is released as it is, or with the changes the other
 * inputs ask for rendered on top of it.
 */
import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type DescribeTaskDefinitionCommandOutput, type Service } from '@aws-sdk/client-ecs'
import { taskDefinitionInput, parseInputs } from '../../src/core/inputs.js'
import { printRendered, renderFromService } from '../../src/kit/render.js'
import { registerRelease } from '../../src/kit/register.js'
import { canonicalTaskDefinition, sameTaskDefinition, toRegisterInput, type RegisterInput } from '../../src/kit/taskdef.js'
import { handlers } from '../../src/ways/rolling/handlers.js'
import { rolling } from '../../src/ways/rolling/index.js'
import { fakeContext } from '../fixtures/context.js'
import { actionErrorAsync, expectInputError, fixture } from '../helpers.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012'
const TD = (n: number): string => `${ACCOUNT}:task-definition/web:${n}`
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const LIVE = JSON.parse(fixture('taskdef-web.describe.json')) as DescribeTaskDefinitionCommandOutput
/** web:40, as staging tested it: the live revision with image 1.5.0. */
const TESTED: DescribeTaskDefinitionCommandOutput = {
  ...LIVE,
  taskDefinition: {
    ...LIVE.taskDefinition!,
    taskDefinitionArn: TD(40),
    revision: 40,
    containerDefinitions: LIVE.taskDefinition!.containerDefinitions!.map((c) => (c.name === 'app' ? { ...c, image: IMAGE } : c))
  }
}
const SERVICE: Service = { serviceName: 'web', status: 'ACTIVE', taskDefinition: TD(41), deploymentController: { type: 'ECS' } }

function setup(inputs: Record<string, string>) {
  const f = fakeContext({ ...rolling, ...handlers }, { service: SERVICE, inputs: { 'container-name': 'app', ...inputs } })
  f.mocks.ecs.on(DescribeTaskDefinitionCommand).callsFake(async (i: { taskDefinition: string }) => {
    if (i.taskDefinition === TD(41)) return LIVE
    if (i.taskDefinition === TD(40) || i.taskDefinition === 'web:40') return TESTED
    if (i.taskDefinition === 'web:39') return { ...TESTED, taskDefinition: { ...TESTED.taskDefinition, taskDefinitionArn: TD(39), status: 'INACTIVE' } }
    throw Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException' })
  })
  f.mocks.ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: TD(42), family: 'web', revision: 42 } })
  return f
}

describe("'task-definition' input", () => {
  it('is a revision when it is a task definition ARN or family:revision, else a file', () => {
    expect(taskDefinitionInput(TD(40))).toEqual({ taskDefinitionRef: TD(40) })
    expect(taskDefinitionInput('web:40')).toEqual({ taskDefinitionRef: 'web:40' })
    expect(taskDefinitionInput('deploy/taskdef.json')).toEqual({ taskDefinitionFile: 'deploy/taskdef.json' })
    expect(taskDefinitionInput('')).toEqual({})
  })

  it('refuses an ARN without revision, or of something else', () => {
    expectInputError(() => taskDefinitionInput(`${ACCOUNT}:task-definition/web`), 'task-definition', /names no revision/)
    expectInputError(() => taskDefinitionInput('arn:aws:s3:::bucket/taskdef.json'), 'task-definition', /not the ARN of an ECS task definition/)
  })

  it('deploys without an image when it names a revision', () => {
    const i = parseInputs((n) => ({ cluster: 'prod', service: 'web', 'task-definition': 'web:40' })[n] ?? '')
    expect(i.taskDefinitionRef).toBe('web:40')
    expect(i.image).toBeUndefined()
  })
})

describe('a revision named in task-definition', () => {
  it('is released as it is when nothing asks to change it: nothing registered, environment does not retag it', async () => {
    const f = setup({ 'task-definition': TD(40), environment: 'prod' })
    const r = await renderFromService(f.ctx, SERVICE)
    expect(r.existingArn).toBe(TD(40))
    expect(r.startsFrom).toBe(TD(40))
    expect(r.taskDefinition.tags).toEqual(LIVE.tags)
    printRendered(f.ctx, r)
    expect((await registerRelease(f.ctx, { ...r, service: SERVICE })).arn).toBe(TD(40))
    expect(f.mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
    expect(f.rec.lines).toEqual([
      "Task definition web:41 -> web:40  ('task-definition', released as it is: nothing is registered)",
      `  app  image   ${LIVE.taskDefinition!.containerDefinitions![0]!.image} -> :1.5.0`,
      "Releasing web:40 as it is ('task-definition'): nothing registered"
    ])
  })

  it('gets the changes other inputs ask for rendered on top of it, and is registered anew', async () => {
    const f = setup({ 'task-definition': 'web:40', 'environment-variables': 'LOG_LEVEL=debug' })
    const r = await renderFromService(f.ctx, SERVICE)
    expect(r.existingArn).toBeUndefined()
    printRendered(f.ctx, r)
    expect((await registerRelease(f.ctx, { ...r, service: SERVICE })).arn).toBe(TD(42))
    const registered = f.mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    const app = registered.containerDefinitions!.find((c) => c.name === 'app')!
    expect(app.image).toBe(IMAGE)
    expect(app.environment).toContainEqual({ name: 'LOG_LEVEL', value: 'debug' })
    expect(f.rec.lines[0]).toBe("Task definition web:41 -> web:new  (web:40 of 'task-definition' with the changes asked)")
    expect(f.rec.lines.at(-1)).toBe("Registered web:42 from web:40 of 'task-definition'")
  })

  it('is refused, naming task-definition, when it does not exist or is deregistered', async () => {
    const missing = await actionErrorAsync(renderFromService(setup({ 'task-definition': 'web:7' }).ctx, SERVICE))
    expect(missing.subject).toBe('task-definition')
    expect(missing.message).toMatch(/'web:7' does not exist/)
    const inactive = await actionErrorAsync(renderFromService(setup({ 'task-definition': 'web:39' }).ctx, SERVICE))
    expect(inactive.message).toMatch(/web:39 is deregistered \(INACTIVE\)/)
  })

  it('promotes through a way: the way puts that ARN on the service', async () => {
    const f = setup({ 'task-definition': TD(40), 'wait-for': 'none' })
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs')
    f.mocks.ecs.on(UpdateServiceCommand).resolves({ service: { ...SERVICE, deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: TD(40) }] } })
    const r = await handlers.modes.deploy!(f.ctx)
    expect(r).toMatchObject({ outcome: 'started', taskDefinitionArn: TD(40), previousTaskDefinitionArn: TD(41) })
    expect(f.mutations()).toEqual(['UpdateService'])
  })
})

describe('unchanged: the comparison', () => {
  const live = (): RegisterInput => toRegisterInput(LIVE.taskDefinition!, LIVE.tags)
  /** What a person writes to register the live revision again: no defaults, tags and environment in another order. */
  const written = (): RegisterInput => {
    const td = live()
    td.tags = [...(td.tags ?? [])].reverse()
    td.containerDefinitions = td.containerDefinitions!.map((c) => {
      const { cpu, essential, volumesFrom, systemControls, ...rest } = c
      void [essential, volumesFrom, systemControls]
      return {
        ...rest,
        ...(cpu ? { cpu } : {}),
        environment: [...(c.environment ?? [])].reverse(),
        portMappings: (c.portMappings ?? []).map(({ hostPort, protocol, ...pm }) => (void [hostPort, protocol], pm))
      }
    })
    return td
  }

  it('ignores read-only fields, defaults AWS fills in, and the order of tags, environment and secrets', () => {
    expect(sameTaskDefinition(written(), live())).toBe(true)
    expect(canonicalTaskDefinition({ ...(LIVE.taskDefinition as RegisterInput), tags: LIVE.tags })).toBe(canonicalTaskDefinition(live()))
  })

  it('sees an image, an environment value, a secret, a tag or a setting that differs', () => {
    const change = (f: (td: RegisterInput) => void): boolean => {
      const td = live()
      f(td)
      return sameTaskDefinition(td, live())
    }
    expect(change((td) => (td.containerDefinitions![0]!.image = IMAGE))).toBe(false)
    expect(change((td) => (td.containerDefinitions![0]!.image = `${IMAGE}@sha256:${'0f'.repeat(32)}`))).toBe(false)
    expect(change((td) => (td.containerDefinitions![0]!.environment![0]!.value = 'debug'))).toBe(false)
    expect(change((td) => (td.containerDefinitions![0]!.secrets![0]!.valueFrom = 'arn:aws:ssm:us-east-1:123456789012:parameter/x'))).toBe(false)
    expect(change((td) => td.tags!.push({ key: 'Team', value: 'web' }))).toBe(false)
    expect(change((td) => (td.memory = '2048'))).toBe(false)
    expect(change((td) => (td.containerDefinitions![0]!.essential = false))).toBe(false)
  })
})

describe('unchanged: a release', () => {
  const liveImage = LIVE.taskDefinition!.containerDefinitions![0]!.image!

  it('of what the service runs registers and deploys nothing, and passes as unchanged', async () => {
    const f = setup({ image: liveImage })
    const r = await handlers.modes.deploy!(f.ctx)
    expect(r).toMatchObject({ outcome: 'unchanged', taskDefinitionArn: TD(41), previousTaskDefinitionArn: TD(41) })
    expect(f.mutations()).toEqual([])
    expect(f.rec.lines.at(-1)).toBe(
      "Unchanged: the service already runs web:41, what this release would put on it (same containers, images, environment, secrets and settings). Nothing registered or deployed; 'force: true' releases anyway."
    )
  })

  it('of the revision that runs, named in task-definition, is unchanged too', async () => {
    const r = await handlers.modes.deploy!(setup({ 'task-definition': TD(41) }).ctx)
    expect(r.outcome).toBe('unchanged')
  })

  it("with 'force: true' registers and releases anyway", async () => {
    const f = setup({ image: liveImage, force: 'true', 'wait-for': 'none' })
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs')
    f.mocks.ecs.on(UpdateServiceCommand).resolves({ service: { ...SERVICE, deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: TD(42) }] } })
    const r = await handlers.modes.deploy!(f.ctx)
    expect(r).toMatchObject({ outcome: 'started', taskDefinitionArn: TD(42) })
    expect(f.mutations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
  })
})
