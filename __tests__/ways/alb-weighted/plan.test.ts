/** The alb-weighted way's plan, its pure part: the flip from the weights, step weights, release control. */
import { describe, expect, it } from '@jest/globals'
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { Service } from '@aws-sdk/client-ecs'
import {
  actionsAt,
  continueRefusal,
  frozenActions,
  idlePercentOf,
  inFlight,
  planFlip,
  previousOf,
  sameWeights,
  sideOf,
  type Side
} from '../../../src/ways/alb-weighted/plan.js'

const TG = (n: string): string => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${n}/0123456789abcdef`
const blue: Side = {
  service: 'web-blue',
  targetGroupArn: TG('web-blue-tg'),
  containerName: 'app',
  containerPort: 8080,
  desiredCount: 2,
  taskDefinition: 'td:1'
}
const green: Side = {
  service: 'web-green',
  targetGroupArn: TG('web-green-tg'),
  containerName: 'app',
  containerPort: 8080,
  desiredCount: 0,
  taskDefinition: 'td:1'
}
const forward = (b: number, g: number, extra: Partial<Action> = {}): Action[] => [
  { Type: 'authenticate-oidc', Order: 1 },
  {
    Type: 'forward',
    Order: 2,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue.targetGroupArn, Weight: b },
        { TargetGroupArn: green.targetGroupArn, Weight: g }
      ],
      TargetGroupStickinessConfig: { Enabled: false }
    },
    ...extra
  }
]

describe('the flip, from the weights', () => {
  it('the side with the traffic is live, whatever the names say', () => {
    expect(planFlip(forward(100, 0), blue, green, 'listener').live.service).toBe('web-blue')
    const f = planFlip(forward(0, 100), blue, green, 'listener')
    expect([f.live.service, f.idle.service, f.forwardIndex]).toEqual(['web-green', 'web-blue', 1])
    // weights are relative: 1/0 is all the traffic too
    expect(planFlip(forward(0, 1), blue, green, 'listener').live.service).toBe('web-green')
  })

  it('refuses a split, a missing target group, other traffic, and one group for both', () => {
    expect(() => planFlip(forward(50, 50), blue, green, 'listener web-alb:80')).toThrow(
      'The listener web-alb:80 splits traffic web-blue 50% / web-green 50%: a release did not finish'
    )
    expect(() => planFlip([{ Type: 'forward', TargetGroupArn: blue.targetGroupArn }], blue, green, 'listener')).toThrow(
      /does not forward to target group web-green-tg of service 'web-green'/
    )
    expect(() => planFlip([{ Type: 'fixed-response' }], blue, green, 'rule 10')).toThrow('The rule 10 has no forward action (its actions: fixed-response)')
    const three: Action[] = [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: blue.targetGroupArn, Weight: 100 },
            { TargetGroupArn: green.targetGroupArn, Weight: 0 },
            { TargetGroupArn: TG('other'), Weight: 5 }
          ]
        }
      }
    ]
    expect(() => planFlip(three, blue, green, 'listener')).toThrow(/also sends traffic to other/)
    expect(() => planFlip(forward(100, 0), blue, { ...green, targetGroupArn: blue.targetGroupArn }, 'listener')).toThrow(
      /use the same target group web-blue-tg/
    )
  })

  it('step weights change only the forward action weights', () => {
    const f = planFlip(forward(100, 0), blue, green, 'listener')
    const at10 = actionsAt(forward(100, 0), f, 10)
    expect(at10[0]).toEqual({ Type: 'authenticate-oidc', Order: 1 })
    expect(at10[1]).toEqual({
      Type: 'forward',
      Order: 2,
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: blue.targetGroupArn, Weight: 90 },
          { TargetGroupArn: green.targetGroupArn, Weight: 10 }
        ],
        TargetGroupStickinessConfig: { Enabled: false }
      }
    })
    expect(idlePercentOf(at10, f)).toBe(10)
    expect(idlePercentOf(actionsAt(forward(100, 0), f, 100), f)).toBe(100)
  })

  it('a service must use the ECS controller and have one target group', () => {
    const svc = (o: Partial<Service>): Service => ({
      serviceName: 'web-green',
      desiredCount: 0,
      loadBalancers: [{ targetGroupArn: green.targetGroupArn, containerName: 'app', containerPort: 8080 }],
      ...o
    })
    expect(sideOf(svc({}), 'green-service')).toEqual({ ...green, taskDefinition: undefined })
    expect(() => sideOf(svc({ deploymentController: { type: 'CODE_DEPLOY' } }), 'service')).toThrow(
      /Input 'service': service 'web-green' uses the CODE_DEPLOY deployment controller/
    )
    expect(() => sideOf(svc({ loadBalancers: [] }), 'green-service')).toThrow(/has 0 target groups/)
  })
})

describe('release control: a split, the weights behind our back, previous, continue', () => {
  // web-green got the release's UpdateService after web-blue's last one
  const old = { ...blue, primaryDeploymentId: 'ecs-svc/1', deployedAt: 1_000 }
  const released = { ...green, desiredCount: 2, taskDefinition: 'td:2', primaryDeploymentId: 'ecs-svc/2', deployedAt: 2_000 }

  it("a split is read with split: 'newer': the side updated last is the new one, whatever its share", () => {
    const f = planFlip(forward(90, 10), old, released, 'listener', { split: 'newer' })
    expect([f.live.service, f.idle.service, f.liveWeight, f.idleWeight]).toEqual(['web-blue', 'web-green', 90, 10])
    // past half-way it is still web-green that goes back to 0
    const g = planFlip(forward(20, 80), released, old, 'listener', { split: 'newer' })
    expect([g.live.service, g.idle.service, g.liveWeight, g.idleWeight]).toEqual(['web-blue', 'web-green', 20, 80])
    // 100/0 reads as without it
    expect(planFlip(forward(100, 0), old, released, 'listener', { split: 'newer' })).toMatchObject({
      liveWeight: 100,
      idleWeight: 0,
      live: { service: 'web-blue' }
    })
    expect(() => planFlip(forward(90, 10), blue, green, 'listener web-alb:80', { split: 'newer' })).toThrow(
      'The listener web-alb:80 splits traffic web-blue 90% / web-green 10%, and their ECS deployments do not tell which one was released last.'
    )
    expect(() => planFlip(forward(90, 10), old, released, 'listener')).toThrow(/a release did not finish/)
  })

  it('a split whose old side runs no tasks is not put back there; what stop and rollback find', () => {
    expect(() => planFlip(forward(90, 10), { ...old, desiredCount: 0 }, released, 'listener', { split: 'newer' })).toThrow(
      'The listener splits traffic web-blue 90% / web-green 10%, but web-blue, where it would go back (web-green was released last), runs no tasks. Put the weights back by hand.'
    )
    expect(inFlight(planFlip(forward(90, 10), old, released, 'listener', { split: 'newer' }))).toBe('split')
    // wait-for: ready left web-green up with another task definition and no traffic
    expect(inFlight(planFlip(forward(100, 0), old, released, 'listener', { split: 'newer' }))).toBe('waiting')
    expect(inFlight(planFlip(forward(100, 0), old, { ...released, desiredCount: 0 }, 'listener'))).toBe('none')
    expect(inFlight(planFlip(forward(100, 0), blue, { ...green, desiredCount: 2 }, 'listener'))).toBe('none')
  })

  it('sameWeights compares the raw weights of the forward action, nothing else', () => {
    expect(sameWeights(forward(90, 10), forward(90, 10, { Order: 5 }))).toBe(true)
    expect(sameWeights(forward(90, 10), forward(100, 0))).toBe(false)
    expect(sameWeights(forward(90, 10), forward(9, 1))).toBe(false)
    expect(sameWeights(forward(90, 10), [{ Type: 'fixed-response' }])).toBe(false)
  })

  it('frozenActions keeps the shares with other raw weights', () => {
    const f = planFlip(forward(90, 10), old, released, 'listener', { split: 'newer' })
    const held = frozenActions(forward(90, 10), f)
    expect(held[0]).toEqual({ Type: 'authenticate-oidc', Order: 1 })
    expect(held[1]!.ForwardConfig!.TargetGroups!.map((g) => g.Weight)).toEqual([9, 1])
    expect(held[1]!.ForwardConfig!.TargetGroupStickinessConfig).toEqual({ Enabled: false })
    expect(idlePercentOf(held, f)).toBe(10)
    expect(sameWeights(held, forward(90, 10))).toBe(false)
    // already in lowest terms: doubled
    expect(frozenActions(forward(9, 1), f)[1]!.ForwardConfig!.TargetGroups!.map((g) => g.Weight)).toEqual([18, 2])
    expect(frozenActions(forward(87, 13), f)[1]!.ForwardConfig!.TargetGroups!.map((g) => g.Weight)).toEqual([174, 26])
  })

  it("previous is what the idle service still runs, unless it runs the live one's task definition", () => {
    const f = planFlip(forward(0, 100), old, released, 'listener')
    expect(previousOf(f)).toEqual({ taskDefinitionArn: 'td:1', foundIn: 'the idle service web-blue' })
    expect(previousOf(planFlip(forward(100, 0), blue, green, 'listener'))).toEqual({
      none: "the idle service 'web-green' runs td:1, the same task definition as 'web-blue' (no earlier release is left on it)"
    })
    expect(previousOf({ live: blue, idle: { ...green, taskDefinition: undefined } })).toEqual({
      none: "the idle service 'web-green' has no task definition to go back to"
    })
  })

  it("continue takes only the idle side's PRIMARY deployment, scaled up", () => {
    const f = planFlip(forward(100, 0), old, released, 'listener')
    expect(continueRefusal('ecs-svc/2', f)).toBeUndefined()
    expect(continueRefusal('ecs-svc/1', f)).toBe(
      "ECS deployment ecs-svc/1 is the one 'web-blue' serves all the traffic with: its release already finished. Pass the 'deployment-id' output of the 'wait-for: ready' step that released 'web-green'."
    )
    expect(continueRefusal('ecs-svc/9', f)).toMatch(
      /^'ecs-svc\/9' is not the ECS deployment 'web-green' \(the idle service\) runs now \(ecs-svc\/2\): it is stale/
    )
    expect(continueRefusal('ecs-svc/2', { ...f, idle: { ...f.idle, desiredCount: 0 } })).toMatch(
      /is scaled to 0 \(the release was put back or stopped\); there is nothing to continue/
    )
  })
})
