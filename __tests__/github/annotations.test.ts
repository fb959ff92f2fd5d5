/**
 * Annotations: the ::error a failed release ends with (title: the service, outcome and cause), and
 * the warning for a deprecated input. (The warnings for AppSpec fields this action does not use are
 * the CodeDeploy way's: __tests__/ways/codedeploy/plan.test.ts.)
 */
import { describe, expect, it } from '@jest/globals'
import { failureAnnotation, headline } from '../../src/github/annotations.js'
import { parseInputs } from '../../src/core/inputs.js'
import type { ReleaseResult } from '../../src/core/result.js'

const TD = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`

describe('failureAnnotation', () => {
  const base: ReleaseResult = { outcome: 'rolled-back', cluster: 'prod', service: 'web', taskDefinitionArn: TD(2), previousTaskDefinitionArn: TD(1) }

  it.each([
    ['Install failed: app exited 137 (Essential container in task exited)', 'Install failed: app exited 137'],
    [
      'AfterAllowTestTraffic failed: HOOK_EXECUTION_FAILURE: The deployment failed because a hook failed (hook smoke-test)',
      'AfterAllowTestTraffic failed: HOOK_EXECUTION_FAILURE'
    ],
    ['Deployment stopped: ALARM_ACTIVE: One or more alarms have been activated. Activated alarms: <web-green-5xx>', 'Deployment stopped: ALARM_ACTIVE'],
    ["Not finished after 0.05 min ('wait-for-minutes'); stopped with rollback by d-1", 'Not finished after 0.05 min'],
    ['The job was cancelled; deployment d-1 was stopped with rollback', 'The job was cancelled']
  ])('headline(%j) = %j', (cause, head) => {
    expect(headline(cause)).toBe(head)
  })

  it('titles a rolled-back release with the service, the outcome and the cause; the message has the whole cause and where traffic went', () => {
    expect(failureAnnotation({ ...base, cause: 'Install failed: app exited 1 (Essential container in task exited).' })).toEqual({
      title: 'prod/web release rolled-back (Install failed: app exited 1)',
      message: 'Install failed: app exited 1 (Essential container in task exited). Rolled back to web:1.'
    })
  })

  it('a timeout names the wait it ran out of; without a cause the outcome speaks', () => {
    expect(
      failureAnnotation({ ...base, outcome: 'timed-out', cause: "Not finished after 1 min ('wait-for-minutes'); stopped with rollback by d-X" }).title
    ).toBe('prod/web release timed-out (Not finished after 1 min)')
    expect(failureAnnotation({ ...base, outcome: 'failed' })).toEqual({ title: 'prod/web release failed', message: 'Release failed.' })
  })

  it('a long cause is cut for the title, never for the message', () => {
    const cause = `Install failed: ${'x'.repeat(200)}`
    const a = failureAnnotation({ ...base, outcome: 'failed', cause })
    expect(a.title.length).toBeLessThanOrEqual('prod/web release failed ()'.length + 80)
    expect(a.title.endsWith('…)')).toBe(true)
    expect(a.message).toBe(`${cause}.`)
  })
})

describe('a deprecated input: wait-for-service-stability (the official action’s)', () => {
  const parse = (given: Record<string, string>) =>
    parseInputs((n) => ({ cluster: 'prod', service: 'web', image: 'web:1.5.0', 'wait-for': 'complete', ...given })[n] ?? '')

  it('not given: no warning', () => {
    expect(parse({}).warnings).toEqual([])
  })

  it('true: the default anyway, one warning to remove it', () => {
    const i = parse({ 'wait-for-service-stability': 'true' })
    expect(i.waitFor).toBe('complete')
    expect(i.warnings).toEqual([
      "Input 'wait-for-service-stability' is deprecated (it is the official deploy action's): this action follows the release to the end by default. Remove it."
    ])
  })

  it('false: wait-for none, unless wait-for says otherwise; one warning naming the replacement', () => {
    expect(parse({ 'wait-for-service-stability': 'false' })).toMatchObject({
      waitFor: 'none',
      warnings: [expect.stringContaining("Use 'wait-for: none' instead")]
    })
    expect(parse({ 'wait-for-service-stability': 'false', 'wait-for': 'ready' }).waitFor).toBe('ready')
  })

  it('a value that is not a boolean is an input error', () => {
    expect(() => parse({ 'wait-for-service-stability': 'maybe' })).toThrow("Input 'wait-for-service-stability': 'maybe' is not true or false")
  })
})
