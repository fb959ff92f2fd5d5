/**
 * Bad input is refused before anything in AWS changes. Each case runs the bundled action (node 24,
 * as a runner runs it) against a seeded emulator and expects: exit 1, exactly one ::error line
 * that names the input (or the AWS resource) and says what to do, no stack trace, and, in the
 * emulator's call log, no mutating call at all. Cases that need no AWS state must make no call.
 *
 * The world is seeded once (no case changes it) on two emulators, and cases run two at a time,
 * one per emulator, each clearing its emulator's call log first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy'
import { CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs'
import { seedWorld, targetGroupArn, type CallRecord } from '../../emulator/index.js'
import { annotations, dump, startE2E, type E2E, type RunResult } from './helpers.js'

jest.setTimeout(60_000)

/** Operations that change something in AWS. */
const MUTATING = /^(Register|Deregister|Create|Update|Delete|Stop|Continue|Tag|Untag|Put)/

/** The fix: every message says what to do, in one of these words. */
const FIX_VERB = /\b(give|use|check|add|remove|set|name|run|write|pass|shorten|leave|list|create|fix)\b/i

/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at\s.+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const IMAGE = `${ECR}/web:1.5.0`
const SM_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'

interface Case {
  /** What is wrong. */
  name: string
  inputs: Record<string, string>
  env?: Record<string, string> | undefined
  /** The input (or resource) the ::error line must name. */
  names: string
  /** Needs nothing from AWS: refused before the first API call. */
  offline?: boolean | undefined
  /** Text that must not appear anywhere in the log (a would-be secret). */
  never?: string | undefined
}

/** Fixture files, written when the file is loaded: the case table names them. */
const dir = mkdtempSync(join(tmpdir(), 'inputs-refused-'))
const file = (name: string): string => join(dir, name)

/** A Fargate task definition like the seeded one, with `container` changed. */
function taskDef(container: Record<string, unknown> = {}, top: Record<string, unknown> = {}): string {
  return JSON.stringify({
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: `${ECR}/web:1.4.2`, essential: true, portMappings: [{ containerPort: 8080, protocol: 'tcp' }], ...container }],
    ...top
  })
}

function writeFixtures(): void {
  const files: Record<string, string> = {
    'not-json.json': '{ "family": "web", containerDefinitions: [ }',
    'array.json': '[{ "family": "web" }]',
    'null.json': 'null',
    'unknown-keys.json': taskDef({}, { containerDefinition: [], memoryReservation: 512 }),
    'no-containers.json': JSON.stringify({ family: 'web', cpu: '256', memory: '512' }),
    'empty-containers.json': JSON.stringify({ family: 'web', containerDefinitions: [] }),
    'no-family.json': JSON.stringify({ containerDefinitions: [{ name: 'app', image: IMAGE }] }),
    'worker-only.json': taskDef({ name: 'worker' }),
    'port-9090.json': taskDef({ portMappings: [{ containerPort: 9090, protocol: 'tcp' }] }),
    'appspec-bad-hook.yaml': 'version: 0.0\nHooks:\n  - Install: smoke-test\n',
    'appspec-two-services.yaml':
      'version: 0.0\nResources:\n  - TargetService: { Type: AWS::ECS::Service, Properties: { TaskDefinition: x } }\n  - TargetService: { Type: AWS::ECS::Service, Properties: { TaskDefinition: y } }\n',
    'appspec-hooks-map.yaml': 'version: 0.0\nHooks:\n  AfterAllowTestTraffic: smoke-test\n',
    'appspec-not-yaml.yaml': 'version: 0.0\nResources: [\n  - {'
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(file(name), text)
}

function cases(): Case[] {
  const deploy = (name: string, inputs: Record<string, string>, names: string, o: Partial<Case> = {}): Case => ({ name, inputs, names, ...o })
  const offline = (name: string, inputs: Record<string, string>, names: string, o: Partial<Case> = {}): Case => ({ name, inputs, names, offline: true, ...o })
  return [
    // ---- the image
    offline('image URI with a space', { image: `${ECR}/web 1.5.0` }, 'image'),
    offline('image URI with upper case in the repository', { image: `${ECR}/Web:1.5.0` }, 'image'),
    offline('image URI without a tag or digest', { image: `${ECR}/web` }, 'image'),
    offline('image URI with a malformed digest', { image: `${ECR}/web@sha256:abc` }, 'image'),
    offline('image URI with an empty tag', { image: `${ECR}/web:` }, 'image'),
    offline('image empty (nothing to deploy)', { image: '' }, 'image'),
    offline('image only blanks', { image: '   ' }, 'image'),
    // ---- what to release
    offline('cluster empty', { cluster: '' }, 'cluster'),
    offline('service empty', { service: '' }, 'service'),
    deploy('container-name absent from the task definition', { 'container-name': 'worker' }, 'container-name'),
    deploy('container-name absent from the task-definition file', { 'container-name': 'sidecar', 'task-definition': file('port-9090.json') }, 'container-name'),
    // ---- the task definition file
    offline('task-definition file missing', { 'task-definition': file('missing.json') }, 'task-definition'),
    offline('task-definition file not JSON', { 'task-definition': file('not-json.json') }, 'task-definition'),
    offline('task-definition file a JSON array', { 'task-definition': file('array.json') }, 'task-definition'),
    offline('task-definition file JSON null', { 'task-definition': file('null.json') }, 'task-definition'),
    offline('task-definition file with unknown top-level keys', { 'task-definition': file('unknown-keys.json') }, 'task-definition'),
    offline('task-definition file without containerDefinitions', { 'task-definition': file('no-containers.json') }, 'task-definition'),
    offline('task-definition file with an empty containerDefinitions', { 'task-definition': file('empty-containers.json') }, 'task-definition'),
    offline('task-definition file without family', { 'task-definition': file('no-family.json') }, 'task-definition'),
    offline('task-definition is a directory', { 'task-definition': dir }, 'task-definition'),
    deploy(
      'load-balanced container missing from the new task definition',
      { 'task-definition': file('worker-only.json'), 'container-name': 'worker' },
      'task-definition'
    ),
    deploy('load-balanced port missing from the new task definition', { 'task-definition': file('port-9090.json') }, 'task-definition'),
    // ---- environment, secrets, tags, hooks
    offline('environment line without =', { 'environment-variables': 'LOG_LEVEL=info\nFEATURE_X on' }, 'environment-variables'),
    offline(
      'environment line without = whose name looks like a credential',
      { 'environment-variables': 'DB_PASSWORD hunter2-Sup3rS3cret' },
      'environment-variables',
      {
        never: 'hunter2-Sup3rS3cret'
      }
    ),
    offline('environment name starting with a digit', { 'environment-variables': '1ST=x' }, 'environment-variables'),
    offline('environment name with a dash', { 'environment-variables': 'LOG-LEVEL=debug' }, 'environment-variables'),
    offline('environment line with no name', { 'environment-variables': '=value' }, 'environment-variables'),
    offline('environment names duplicated', { 'environment-variables': 'LOG_LEVEL=info\nLOG_LEVEL=debug' }, 'environment-variables'),
    offline('mask-environment-variables with a value instead of a name', { 'mask-environment-variables': 'postgres://u:p@db/x' }, 'mask-environment-variables'),
    deploy(
      'mask-environment-variables naming a variable the task definition does not have',
      { 'mask-environment-variables': 'DATABASE_URL' },
      'mask-environment-variables'
    ),
    offline('secret line without = (the value itself pasted)', { secrets: 'hunter2-Sup3rS3cret' }, 'secrets', { never: 'hunter2-Sup3rS3cret' }),
    offline('secret valueFrom neither an ARN nor a parameter name', { secrets: 'DB_PASSWORD=p@ss w0rd!' }, 'secrets', { never: 'p@ss w0rd!' }),
    offline('secret valueFrom an ARN of another service', { secrets: 'DB_PASSWORD=arn:aws:s3:::bucket/db-password' }, 'secrets'),
    offline('secret valueFrom empty', { secrets: 'DB_PASSWORD=' }, 'secrets'),
    offline('secret name invalid', { secrets: `DB-PASSWORD=${SM_ARN}` }, 'secrets'),
    offline('secret names duplicated', { secrets: `DB_PASSWORD=${SM_ARN}\nDB_PASSWORD=/prod/db/password` }, 'secrets'),
    offline('tag line without =', { tags: 'Team payments' }, 'tags'),
    offline('tag key in the aws: namespace', { tags: 'aws:createdBy=me' }, 'tags'),
    offline('tag key with a character tags do not allow', { tags: 'team#1=payments' }, 'tags'),
    offline('tag keys duplicated', { tags: 'Team=a\nTeam=b' }, 'tags'),
    offline('tag value over 256 characters', { tags: `Note=${'x'.repeat(257)}` }, 'tags'),
    offline("hook in CodeDeploy's own event (Install)", { hooks: 'Install=smoke-test' }, 'hooks'),
    offline('hook in an EC2 lifecycle event', { hooks: 'BeforeBlockTraffic=smoke-test' }, 'hooks'),
    offline('hook event in the wrong case', { hooks: 'afterAllowTestTraffic=smoke-test' }, 'hooks'),
    offline('hook without a function', { hooks: 'AfterAllowTestTraffic=' }, 'hooks'),
    offline('hook events duplicated', { hooks: 'AfterAllowTestTraffic=a\nAfterAllowTestTraffic=b' }, 'hooks'),
    // ---- the AppSpec base file
    offline('codedeploy-appspec file missing', { 'codedeploy-appspec': file('missing.yaml') }, 'codedeploy-appspec'),
    offline('codedeploy-appspec neither YAML nor JSON', { 'codedeploy-appspec': file('appspec-not-yaml.yaml') }, 'codedeploy-appspec'),
    offline('codedeploy-appspec with two services', { 'codedeploy-appspec': file('appspec-two-services.yaml') }, 'codedeploy-appspec'),
    offline('codedeploy-appspec hook in a non-ECS event', { 'codedeploy-appspec': file('appspec-bad-hook.yaml') }, 'codedeploy-appspec'),
    offline('codedeploy-appspec Hooks as a map, not a list', { 'codedeploy-appspec': file('appspec-hooks-map.yaml') }, 'codedeploy-appspec'),
    // ---- how long and what then
    offline('wait-for-minutes zero', { 'wait-for-minutes': '0' }, 'wait-for-minutes'),
    offline('wait-for-minutes negative', { 'wait-for-minutes': '-5' }, 'wait-for-minutes'),
    offline('wait-for-minutes not a number', { 'wait-for-minutes': 'ten' }, 'wait-for-minutes'),
    offline('wait-for-minutes infinite', { 'wait-for-minutes': 'Infinity' }, 'wait-for-minutes'),
    offline('wait-for-minutes with a unit', { 'wait-for-minutes': '30m' }, 'wait-for-minutes'),
    offline('mode unknown', { mode: 'redeploy' }, 'mode'),
    offline('mode in the wrong case', { mode: 'Deploy' }, 'mode'),
    offline('wait-for unknown', { 'wait-for': 'forever' }, 'wait-for'),
    offline('on-cancel unknown', { 'on-cancel': 'ignore' }, 'on-cancel'),
    offline('on-timeout unknown', { 'on-timeout': 'continue' }, 'on-timeout'),
    offline('if-busy unknown', { 'if-busy': 'queue' }, 'if-busy'),
    offline('51 tags', { tags: Array.from({ length: 51 }, (_, i) => `k${i}=v`).join('\n') }, 'tags'),
    offline('rollback not a boolean', { mode: 'stop', rollback: 'maybe' }, 'rollback'),
    offline('mode continue without deployment-id', { mode: 'continue', image: '' }, 'deployment-id'),
    // ---- the environment
    offline('no region', {}, 'aws-region', { env: { AWS_REGION: '' } }),
    offline('no credentials', {}, 'credentials', { env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } }),
    // ---- AWS resources that do not exist or do not fit
    deploy('unknown cluster', { cluster: 'prdo' }, 'cluster'),
    deploy('unknown service', { service: 'wbe' }, 'service'),
    deploy('service with the ECS deployment controller, strategy codedeploy', { service: 'legacy', strategy: 'codedeploy' }, 'strategy'),
    deploy('service that no deployment group deploys', { service: 'orphan' }, 'codedeploy-deployment-group'),
    deploy('unknown application', { 'codedeploy-application': 'web-ap', 'codedeploy-deployment-group': 'web-dg' }, 'codedeploy-application'),
    deploy('unknown deployment group', { 'codedeploy-application': 'web-app', 'codedeploy-deployment-group': 'web-prod' }, 'codedeploy-deployment-group'),
    deploy('unknown application, given alone', { 'codedeploy-application': 'web-ap' }, 'codedeploy-application'),
    deploy('unknown deployment group, given alone', { 'codedeploy-deployment-group': 'web-prod' }, 'codedeploy-deployment-group'),
    deploy(
      'deployment group of another service',
      { 'codedeploy-application': 'api-app', 'codedeploy-deployment-group': 'api-dg' },
      'codedeploy-deployment-group'
    ),
    deploy(
      'deployment config that does not exist',
      { 'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent1Minute' },
      'codedeploy-deployment-config'
    ),
    deploy(
      'deployment config for EC2/on-premises, not ECS',
      { 'codedeploy-deployment-config': 'CodeDeployDefault.OneAtATime' },
      'codedeploy-deployment-config'
    ),
    deploy('rollback-to a revision that does not exist', { mode: 'rollback', image: '', 'rollback-to': '99' }, 'rollback-to'),
    deploy(
      'rollback-to an ARN that does not exist',
      { mode: 'rollback', image: '', 'rollback-to': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:42' },
      'rollback-to'
    ),
    deploy('rollback-to a Version tag no revision has', { mode: 'rollback', image: '', 'rollback-to': '0.9.9' }, 'rollback-to'),
    deploy('rollback-to previous with no earlier release', { mode: 'rollback', image: '' }, 'rollback-to'),
    deploy('rollback-to what the service runs now', { mode: 'rollback', image: '', 'rollback-to': '1' }, 'rollback-to'),
    deploy('mode continue with a deployment-id that does not exist', { mode: 'continue', image: '', 'deployment-id': 'd-NOTEXIST1' }, 'deployment-id'),
    deploy('mode continue with a malformed deployment-id', { mode: 'continue', image: '', 'deployment-id': 'web-release-42' }, 'deployment-id'),
    deploy('mode continue with a deployment of another service', { mode: 'continue', image: '', 'deployment-id': '<other>' }, 'deployment-id'),
    deploy('mode stop with a deployment of another service', { mode: 'stop', image: '', 'deployment-id': '<other>' }, 'deployment-id'),
    deploy('mode stop with a deployment-id that does not exist', { mode: 'stop', image: '', 'deployment-id': 'd-NOTEXIST1' }, 'deployment-id')
  ]
}

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
  rmSync(dir, { recursive: true, force: true })
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
  const all = cases()

  it('covers at least 40 distinct bad inputs', () => {
    expect(all.length).toBeGreaterThanOrEqual(40)
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length)
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
