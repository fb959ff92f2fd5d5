/**
 * docs/iam-policy.json, the policy a deploy role needs: exactly the actions the code can call (plus
 * the permissions AWS checks on top of them), scoped to resources wherever AWS allows it. The e2e
 * reliability suite checks the same document against the emulator's call log.
 */
import { describe, expect, it } from '@jest/globals'
import { loadPolicy, policyActions, POLICY_WORLD, sourceActions, type Statement } from '../e2e/iam-policy.js'

const policy = loadPolicy()
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x])
const statementsFor = (action: string): Statement[] => policy.Statement.filter((s) => list(s.Action).includes(action))

/** Actions whose IAM authorisation takes no resource ARN (the Service Authorization Reference lists none). */
const UNSCOPABLE = [
  'ecs:DescribeTaskDefinition',
  'ecs:ListTaskDefinitions',
  'ecs:RegisterTaskDefinition',
  'ecs:DeregisterTaskDefinition',
  'ecs:ListTasks',
  'codedeploy:ListApplications',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'cloudwatch:GetMetricData'
]

/** Checked by AWS without an API call of their own (see impliedPermissions). */
const IMPLIED = ['ecs:TagResource', 'iam:PassRole', 'codedeploy:RegisterApplicationRevision']

describe('docs/iam-policy.json', () => {
  it('is an IAM policy of Allow statements with named, explicit actions', () => {
    expect(policy.Version).toBe('2012-10-17')
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Allow')
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/)
      for (const a of list(s.Action)) expect(a).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/)
    }
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(policy.Statement.length)
  })

  it('grants exactly the operations the source can call, plus what AWS checks on top of them', () => {
    const wanted = [...new Set([...sourceActions(), ...IMPLIED])].sort()
    const granted = policyActions()
    // A new AWS call in src/ needs its action in docs/iam-policy.json (and an unused one goes).
    expect({ missingFromPolicy: wanted.filter((a) => !granted.includes(a)), notCalledBySource: granted.filter((a) => !wanted.includes(a)) }).toEqual({
      missingFromPolicy: [],
      notCalledBySource: []
    })
  })

  it('uses Resource "*" only where AWS allows no narrower resource', () => {
    for (const s of policy.Statement) {
      if (!list(s.Resource).includes('*')) continue
      for (const a of list(s.Action)) expect(UNSCOPABLE).toContain(a)
    }
    for (const a of policyActions()) {
      if (UNSCOPABLE.includes(a)) continue
      for (const s of statementsFor(a)) {
        for (const r of list(s.Resource)) expect(r).toMatch(new RegExp(`^arn:aws:[a-z0-9-]+:(${POLICY_WORLD.region})?:${POLICY_WORLD.account}:`))
      }
    }
  })

  it('changes only this service, this deployment group and its own task definition family', () => {
    const group = `arn:aws:codedeploy:${POLICY_WORLD.region}:${POLICY_WORLD.account}:deploymentgroup:${POLICY_WORLD.application}/${POLICY_WORLD.deploymentGroup}`
    for (const a of ['codedeploy:CreateDeployment', 'codedeploy:StopDeployment', 'codedeploy:ContinueDeployment']) {
      expect(statementsFor(a).flatMap((s) => list(s.Resource))).toEqual([group])
    }
    // The pre-release task: revisions of this family only, in this cluster only; stopped in this cluster.
    const run = statementsFor('ecs:RunTask')
    expect(run.flatMap((s) => list(s.Resource))).toEqual([
      `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:task-definition/${POLICY_WORLD.family}:*`
    ])
    for (const s of run)
      expect(s.Condition).toEqual({
        ArnEquals: { 'ecs:cluster': `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:cluster/${POLICY_WORLD.cluster}` }
      })
    expect(statementsFor('ecs:StopTask').flatMap((s) => list(s.Resource))).toEqual([
      `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:task/${POLICY_WORLD.cluster}/*`
    ])
    const tag = statementsFor('ecs:TagResource')
    expect(tag.flatMap((s) => list(s.Resource))).toEqual([
      `arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:task-definition/${POLICY_WORLD.family}:*`
    ])
    // Tagging only as part of RegisterTaskDefinition, never retagging anything else.
    for (const s of tag) expect(s.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } })
    expect(statementsFor('codedeploy:RegisterApplicationRevision').flatMap((s) => list(s.Resource))).toEqual([
      `arn:aws:codedeploy:${POLICY_WORLD.region}:${POLICY_WORLD.account}:application:${POLICY_WORLD.application}`
    ])
    // Services by name, never a wildcard: this one, and whatever other way of releasing names.
    const services = statementsFor('ecs:DescribeServices').flatMap((s) => list(s.Resource))
    expect(services).toContain(`arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:service/${POLICY_WORLD.cluster}/${POLICY_WORLD.service}`)
    for (const r of services) expect(r).toMatch(new RegExp(`^arn:aws:ecs:${POLICY_WORLD.region}:${POLICY_WORLD.account}:service/[\\w-]+/[\\w-]+$`))
  })

  it('passes only the task and execution roles, and only to ECS tasks', () => {
    const pass = statementsFor('iam:PassRole')
    expect(pass).toHaveLength(1)
    expect(list(pass[0]!.Action)).toEqual(['iam:PassRole'])
    expect(list(pass[0]!.Resource).sort()).toEqual([POLICY_WORLD.executionRoleArn, POLICY_WORLD.taskRoleArn].sort())
    expect(pass[0]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } })
  })
})
