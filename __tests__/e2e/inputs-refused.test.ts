/**
 * Bad input is refused before anything in AWS changes. Each case runs the bundled action (node 24,
 * as a runner runs it) against a seeded emulator and expects: exit 1, exactly one ::error line
 * that names the input (or the AWS resource) and says what to do, no stack trace, and, in the
 * emulator's call log, no mutating call at all. Cases that need no AWS state must make no call.
 *
 * The world is seeded once (no case changes it) on two emulators, and cases run two at a time,
 * one per emulator, each clearing its emulator's call log first.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy'
import { CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs'
import { seedWorld, targetGroupArn, type CallRecord } from '../../emulator/index.js'
import { BUNDLED_OFFLINE, cases, FIX_VERB, MUTATING, removeFixtures, STACK_LINE, writeFixtures, type Case } from '../fixtures/bad-inputs.js'
import { annotations, dump, startE2E, type E2E, type RunResult } from './helpers.js'

jest.setTimeout(60_000)

/** Two emulators, seeded alike; a case borrows a free one. */
const lanes: E2E[] = []
/** Per emulator: a deployment of another service's group (api-app/api-dg). */
const laneDeployment = new Map<E2E, string>()
const free: E2E[] = []
const waiting: ((e: E2E) => void)[] = []
function borrow(): Promise<E2E> {
  const e = free.shift()
  return e ? Promise.resolve(e) : new Promise((resolve) => waiting.push(resolve))
}
function giveBack(e: E2E): void {
  const next = waiting.shift()
  if (next) next(e)
  else free.push(e)
}

/** The seeded world plus what the cases refer to: a second service and group, an ECS-controlled service, a service with no group. */
async function seedLane(e: E2E): Promise<string> {
  const web = await e.fresh({ alarms: [] })
  const api = await seedWorld(e.url, {
    cluster: 'staging',
    service: 'api',
    family: 'api',
    application: 'api-app',
    deploymentGroup: 'api-dg',
    blueTargetGroupName: 'api-blue',
    greenTargetGroupName: 'api-green',
    alarms: []
  })
  const cfg = { endpoint: e.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASEED', secretAccessKey: 'seed' } }
  const ecs = new ECSClient(cfg)
  const cd = new CodeDeployClient(cfg)
  try {
    const common = {
      cluster: 'prod',
      taskDefinition: web.taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE' as const,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } }
    }
    await ecs.send(new CreateServiceCommand({ ...common, serviceName: 'legacy', deploymentController: { type: 'ECS' } }))
    await ecs.send(
      new CreateServiceCommand({
        ...common,
        serviceName: 'orphan',
        deploymentController: { type: 'CODE_DEPLOY' },
        loadBalancers: [{ targetGroupArn: targetGroupArn('orphan-blue', 'us-east-1'), containerName: 'app', containerPort: 8080 }]
      })
    )
    const content = JSON.stringify({
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: api.taskDefinitionArn, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } }
          }
        }
      ]
    })
    const out = await cd.send(
      new CreateDeploymentCommand({
        applicationName: 'api-app',
        deploymentGroupName: 'api-dg',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content } }
      })
    )
    return out.deploymentId!
  } finally {
    ecs.destroy()
    cd.destroy()
  }
}

beforeAll(async () => {
  writeFixtures()
  for (let i = 0; i < 2; i++) lanes.push(await startE2E({ timeScale: 1 }))
  for (const e of lanes) laneDeployment.set(e, await seedLane(e))
  free.push(...lanes)
})

afterAll(async () => {
  await Promise.all(lanes.map((e) => e.close()))
  removeFixtures()
})

interface Outcome {
  run: RunResult
  calls: CallRecord[]
}

async function attempt(c: Case): Promise<Outcome> {
  const e = await borrow()
  try {
    e.emu.clearCalls()
    const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, v === '<other>' ? laneDeployment.get(e)! : v]))
    // An input set to '' is removed; blanks stay, as a runner passes them.
    const run = await e.run(inputs, { env: c.env, timeoutMs: 45_000 })
    return { run, calls: e.emu.calls() }
  } finally {
    giveBack(e)
  }
}

describe('bad input is refused before anything in AWS changes', () => {
  // Every case that needs AWS, and one offline case of each kind: the rest run in-process (__tests__/main.test.ts).
  const all = cases().filter((c) => !c.offline || BUNDLED_OFFLINE.has(c.name))

  it('covers at least 40 distinct bad inputs, with the in-process ones', () => {
    const every = cases()
    expect(every.length).toBeGreaterThanOrEqual(40)
    expect(new Set(every.map((c) => c.name)).size).toBe(every.length)
    expect(every.filter((c) => BUNDLED_OFFLINE.has(c.name) && c.offline)).toHaveLength(BUNDLED_OFFLINE.size)
  })

  it.concurrent.each(all.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { run, calls } = await attempt(c)
    const context = `${dump(run)}\ncalls: ${calls.map((x) => `${x.operation}${x.error ? `(${x.error})` : ''}`).join(', ')}`
    try {
      expect(run.code).toBe(1)
      const errors = annotations(run.lines, 'error')
      expect(errors).toHaveLength(1)
      const { title, message } = errors[0]!
      // Named in the title (the subject) and in the words.
      expect(`${title}`).toContain(c.names)
      expect(message).toContain(c.names)
      expect(message).toMatch(FIX_VERB)
      // One line, one format: the message is not an SDK dump or a stack.
      expect(message).not.toMatch(/\n/)
      expect(run.stdout).not.toMatch(STACK_LINE)
      expect(run.stderr).not.toMatch(STACK_LINE)
      expect(run.stdout).not.toContain('::debug::')
      // Nothing changed in AWS; pure input errors did not even call it.
      expect(calls.filter((x) => MUTATING.test(x.operation)).map((x) => x.operation)).toEqual([])
      if (c.offline) expect(calls.map((x) => x.operation)).toEqual([])
      // No outputs, no deployment recorded for the post step.
      expect(run.outputs['deployment-id'] ?? '').toBe('')
      expect(run.state['deployment-id'] ?? '').toBe('')
      if (c.never) {
        expect(run.stdout).not.toContain(c.never)
        expect(run.stderr).not.toContain(c.never)
        expect(run.summary).not.toContain(c.never)
      }
    } catch (err) {
      ;(err as Error).message += `\n\n--- ${c.name}\n${context}`
      throw err
    }
  })
})

describe('error format', () => {
  it('an unexpected AWS failure is one ::error line without a stack, and the stack only with step debug on', async () => {
    const e = await borrow()
    try {
      // DescribeServices keeps failing past every SDK retry: not an input error, not an ActionError.
      const faults = { errors: { operations: ['DescribeServices'], status: 500 as const, count: 100 } }
      e.emu.setFaults(faults)
      e.emu.clearCalls()
      const quiet = await e.run({}, { timeoutMs: 45_000 })
      e.emu.setFaults(faults)
      const debug = await e.run({}, { env: { RUNNER_DEBUG: '1' }, timeoutMs: 45_000 })
      expect(quiet.code).toBe(1)
      const errors = annotations(quiet.lines, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toMatch(/^ServerException: Internal server error/)
      expect(errors[0]!.message).toMatch(FIX_VERB)
      expect(quiet.stdout).not.toMatch(STACK_LINE)
      expect(quiet.stdout).not.toContain('::debug::')
      // ACTIONS_STEP_DEBUG makes the runner set RUNNER_DEBUG=1: then the stack goes to the debug log.
      expect(debug.code).toBe(1)
      expect(annotations(debug.lines, 'error')).toHaveLength(1)
      expect(debug.lines.some((l) => l.startsWith('::debug::') && /%0A\s+at\s/.test(l))).toBe(true)
      expect(e.emu.calls().filter((x) => MUTATING.test(x.operation))).toEqual([])
    } finally {
      e.emu.setFaults({})
      giveBack(e)
    }
  })
})
