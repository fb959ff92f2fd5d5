/**
 * The revision a release puts on the service (src/kit/render.ts, src/kit/revision.ts): one named in
 * 'task-definition' (an ARN or family:revision) is released as it is, or with the changes the other
 * inputs ask for rendered on top of it.
 */
import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type DescribeTaskDefinitionCommandOutput, type Service } from '@aws-sdk/client-ecs'
import { taskDefinitionInput, parseInputs } from '../../src/core/inputs.js'
import { printRendered, renderFromService } from '../../src/kit/render.js'
import { revisionToRelease } from '../../src/kit/revision.js'
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
    expect(await revisionToRelease(f.ctx, r)).toBe(TD(40))
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
    expect(await revisionToRelease(f.ctx, r)).toBe(TD(42))
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
