/**
 * docs/switching.md's comparison with the official deploy action covers every input and output of
 * aws-actions/amazon-ecs-deploy-task-definition (its action.yml as of commit c465972), and what it
 * calls unchanged really is an input or output of this action under the same name.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'

const OFFICIAL_INPUTS = [
  'task-definition',
  'desired-count',
  'service',
  'cluster',
  'wait-for-service-stability',
  'wait-for-minutes',
  'wait-max-delay-seconds',
  'codedeploy-appspec',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-deployment-description',
  'codedeploy-deployment-config',
  'force-new-deployment',
  'service-managed-ebs-volume-name',
  'service-managed-ebs-volume',
  'run-task',
  'run-task-container-overrides',
  'run-task-security-groups',
  'run-task-subnets',
  'run-task-assign-public-IP',
  'run-task-capacity-provider-strategy',
  'run-task-launch-type',
  'run-task-started-by',
  'run-task-tags',
  'run-task-managed-ebs-volume-name',
  'run-task-managed-ebs-volume',
  'wait-for-task-stopped',
  'enable-ecs-managed-tags',
  'propagate-tags',
  'keep-null-value-keys',
  'max-retries'
]
const OFFICIAL_OUTPUTS = ['task-definition-arn', 'codedeploy-deployment-id', 'run-task-arn']

const page = readFileSync('docs/switching.md', 'utf8')
const section = page.split(/^## Comparison with the official deploy action$/m)[1]!.split(/^## /m)[0]!
const rows = [...section.matchAll(/^\| (.+?) \| (.+) \|$/gm)].slice(2).map((m) => ({ names: [...m[1]!.matchAll(/`([^`]+)`/g)].map((n) => n[1]!), text: m[2]! }))
const ours = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }

const covers = (pattern: string, name: string): boolean => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name)

describe('docs/switching.md: comparison with the official deploy action', () => {
  it('has a row for every official input and output', () => {
    const named = rows.flatMap((r) => r.names)
    expect([...OFFICIAL_INPUTS, ...OFFICIAL_OUTPUTS].filter((n) => !named.some((p) => covers(p, n)))).toEqual([])
  })

  it('every input or output it calls unchanged exists here under that name', () => {
    const unchanged = rows.filter((r) => r.text.startsWith('Unchanged')).flatMap((r) => r.names)
    expect(unchanged.length).toBeGreaterThanOrEqual(10)
    const here = [...Object.keys(ours.inputs), ...Object.keys(ours.outputs)]
    expect(unchanged.filter((n) => !here.includes(n))).toEqual([])
  })

  it('the deprecated alias is declared and says so', () => {
    expect(String((ours.inputs['wait-for-service-stability'] as { description: string }).description)).toMatch(/^Deprecated/)
  })
})
