/** keep-revisions (src/kit/keep-revisions.ts): what goes after a successful release, and what never does. */
import { describe, expect, it } from '@jest/globals'
import { DeregisterTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { parseInputs } from '../../src/core/inputs.js'
import type { ReleaseResult } from '../../src/core/result.js'
import { keepRevisions, revisionsToDeregister } from '../../src/kit/keep-revisions.js'
import { expectInputError } from '../helpers.js'

const TD = (n: number, family = 'web'): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${n}`
const newestFirst = (...ns: number[]): string[] => ns.map((n) => TD(n))

function setup(active: string[][], fail?: Error) {
  const ecs = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
  const mock = mockClient(ecs)
  active.forEach((page, i) =>
    mock
      .on(ListTaskDefinitionsCommand, i ? { nextToken: `p${i}` } : {})
      .resolves({ taskDefinitionArns: page, nextToken: i + 1 < active.length ? `p${i + 1}` : undefined })
  )
  if (fail) mock.on(DeregisterTaskDefinitionCommand, { taskDefinition: TD(2) }).rejects(fail)
  else mock.on(DeregisterTaskDefinitionCommand).resolves({})
  const lines: string[] = []
  const warnings: string[] = []
  return { o: { clients: { ecs }, log: { line: (l: string) => void lines.push(l) }, warn: (m: string) => void warnings.push(m) }, mock, lines, warnings }
}

const released = (n: number, previous: number): ReleaseResult => ({
  outcome: 'succeeded',
  cluster: 'prod',
  service: 'web',
  taskDefinitionArn: TD(n),
  previousTaskDefinitionArn: TD(previous)
})

describe('revisionsToDeregister', () => {
  it('lets go of the revisions beyond the newest N', () => {
    expect(revisionsToDeregister(newestFirst(9, 8, 7, 6, 5), 3, [])).toEqual(newestFirst(6, 5))
  })

  it('never the revision that runs, nor the one previous rolls back to, however old', () => {
    // A promotion of web:6 that replaced web:5, with web:7-9 registered and never released since.
    expect(revisionsToDeregister(newestFirst(9, 8, 7, 6, 5, 4), 2, [TD(6), TD(5)])).toEqual(newestFirst(7, 4))
  })
})

describe('keepRevisions', () => {
  it('deregisters what goes, across pages, only of its own family, and lists it in the log', async () => {
    const s = setup([
      [TD(7), TD(6), TD(3, 'web-worker'), TD(5)],
      [TD(4), TD(3), TD(2)]
    ])
    const gone = await keepRevisions(s.o, 3, released(7, 6))
    expect(gone).toEqual(newestFirst(4, 3, 2))
    expect(s.mock.commandCalls(DeregisterTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual(newestFirst(4, 3, 2))
    expect(s.mock.commandCalls(ListTaskDefinitionsCommand)[0]!.args[0].input).toMatchObject({ familyPrefix: 'web', status: 'ACTIVE', sort: 'DESC' })
    expect(s.lines).toEqual(['keep-revisions 3: deregistered web:4, web:3, web:2; 3 ACTIVE revisions of web kept (web:7, web:6, web:5)'])
  })

  it('says when there is nothing to deregister', async () => {
    const s = setup([[TD(2), TD(1)]])
    expect(await keepRevisions(s.o, 5, released(2, 1))).toEqual([])
    expect(s.lines).toEqual(['keep-revisions 5: web has 2 ACTIVE revisions, nothing to deregister'])
  })

  it('warns and stops at a failure: the release itself succeeded', async () => {
    const s = setup([[TD(5), TD(4), TD(3), TD(2), TD(1)]], Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }))
    expect(await keepRevisions(s.o, 2, released(5, 4))).toEqual([TD(3)])
    expect(s.warnings).toHaveLength(1)
    expect(s.warnings[0]).toMatch(/^keep-revisions: deregistered web:3, then could not go on \(.*not allowed.*\)\. The release itself succeeded/)
  })
})

describe("'keep-revisions' input", () => {
  const parse = (v: string) => parseInputs((n) => ({ cluster: 'prod', service: 'web', image: 'web:1', 'keep-revisions': v })[n] ?? '')
  it('is off by default, a whole number of at least 1 otherwise', () => {
    expect(parse('').keepRevisions).toBeUndefined()
    expect(parse('10').keepRevisions).toBe(10)
    for (const bad of ['0', '-1', '2.5', 'all']) expectInputError(() => parse(bad), 'keep-revisions', /is not a whole number of at least 1/)
  })
})
