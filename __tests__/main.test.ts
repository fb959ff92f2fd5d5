import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { BUNDLED_OFFLINE, cases, FIX_VERB, removeFixtures, STACK_LINE, writeFixtures } from './fixtures/bad-inputs.js'

// Every SDK client, wherever it is constructed: any call would show here.
const ecsMock = mockClient(ECSClient)
const cdMock = mockClient(CodeDeployClient)

let given: Record<string, string> = {}
const core = {
  getInput: jest.fn((name: string) => given[name] ?? ''),
  getState: jest.fn((_: string) => ''),
  saveState: jest.fn(),
  setSecret: jest.fn(),
  setOutput: jest.fn(),
  info: jest.fn(),
  warning: jest.fn(),
  error: jest.fn(),
  debug: jest.fn(),
  isDebug: jest.fn(() => false),
  runnerState: jest.fn(() => ({ save: () => {}, get: () => '' })),
  JobSummary: jest.fn()
}
jest.unstable_mockModule('../src/github/runner.js', () => core)

// The AWS edge: records whether clients were made; they are real SDK clients, mocked above.
const createClients = jest.fn((o: { region: string }) => ({
  ecs: new ECSClient({ region: o.region }),
  codedeploy: new CodeDeployClient({ region: o.region }),
  codedeployOnce: new CodeDeployClient({ region: o.region, maxAttempts: 1 }),
  calls: { total: 0, byOperation: new Map<string, number>(), retries: 0 }
}))
jest.unstable_mockModule('../src/aws/clients.js', () => ({
  createClients,
  provideClient: jest.fn(),
  resolveRegion: jest.fn((r?: string) => r || 'us-east-1'),
  checkCredentials: jest.fn(async () => {})
}))

const { run } = await import('../src/main.js')
const { memoryState } = await import('../src/core/state.js')

const VALID = { cluster: 'prod', service: 'web', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0' }

beforeEach(() => {
  jest.clearAllMocks()
  ecsMock.reset()
  cdMock.reset()
  given = { ...VALID }
})

afterEach(() => {
  // run() sets the exit code of this very process on failure.
  process.exitCode = undefined
})

describe('run', () => {
  it('fails on a bad image with one error naming the input, before any AWS client exists', async () => {
    given.image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
    await run(memoryState())
    expect(core.error).toHaveBeenCalledTimes(1)
    const [message, props] = core.error.mock.calls[0] as unknown as [string, { title: string }]
    expect(message).toContain("Input 'image'")
    expect(message).toContain('is not an image URI with a tag or digest')
    expect(props.title).toBe('ecs-bluegreen-action: image')
    expect(process.exitCode).toBe(1)
    expect(createClients).not.toHaveBeenCalled()
    expect(ecsMock.calls()).toHaveLength(0)
    expect(cdMock.calls()).toHaveLength(0)
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('fails on an unreadable task definition file before any AWS call', async () => {
    given['task-definition'] = 'deploy/does-not-exist.json'
    await run(memoryState())
    expect(core.error).toHaveBeenCalledTimes(1)
    const [message, props] = core.error.mock.calls[0] as unknown as [string, { title: string }]
    expect(message).toContain("Input 'task-definition': cannot read 'deploy/does-not-exist.json' (ENOENT)")
    expect(props.title).toBe('prod/web: task-definition')
    expect(process.exitCode).toBe(1)
    expect(ecsMock.calls()).toHaveLength(0)
    expect(cdMock.calls()).toHaveLength(0)
  })

  it('masks secret references and credential-like env values before anything is printed', async () => {
    given.image = 'bad image'
    given.secrets = 'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'
    await run(memoryState())
    expect(core.setSecret).not.toHaveBeenCalled() // inputs were refused: nothing parsed to mask

    jest.clearAllMocks()
    given = {
      ...VALID,
      'task-definition': 'missing.json',
      secrets: 'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
      'environment-variables': 'API_TOKEN=tok_123\nLOG_LEVEL=debug'
    }
    await run(memoryState())
    expect(core.setSecret.mock.calls.map((c) => c[0])).toEqual(['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', 'tok_123'])
    expect(core.setSecret.mock.invocationCallOrder[0]!).toBeLessThan(core.error.mock.invocationCallOrder[0]!)
  })
})

/**
 * The offline bad inputs of __tests__/e2e/inputs-refused.test.ts that the bundled action does not
 * run there: the same checks, in-process. Refused before any AWS client exists.
 */
describe('every offline bad input is refused before any AWS client exists', () => {
  beforeAll(writeFixtures)
  afterAll(removeFixtures)
  const offline = cases().filter((c) => c.offline && !BUNDLED_OFFLINE.has(c.name))

  it.each(offline.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    given = { ...VALID, ...c.inputs }
    await run(memoryState())
    expect(process.exitCode).toBe(1)
    expect(core.error).toHaveBeenCalledTimes(1)
    const [message, props] = core.error.mock.calls[0] as unknown as [string, { title: string }]
    expect(props.title).toContain(c.names)
    expect(message).toContain(c.names)
    expect(message).toMatch(FIX_VERB)
    expect(message).not.toMatch(/\n/)
    expect(message).not.toMatch(STACK_LINE)
    expect(core.debug).not.toHaveBeenCalled()
    expect(createClients).not.toHaveBeenCalled()
    expect(core.setOutput).not.toHaveBeenCalled()
    if (c.never) {
      const said = [core.info, core.warning, core.error, core.debug].flatMap((f) => f.mock.calls.map((args) => JSON.stringify(args)))
      for (const text of said) expect(text).not.toContain(c.never)
    }
  })
})
