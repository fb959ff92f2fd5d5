/**
 * Elastic Load Balancing v2 (ALB) in the emulator: load balancers, target groups, listeners and
 * rules with weighted forward actions, and target health derived from the ECS side's tasks.
 *
 * The wire protocol is AWS Query (form-encoded request, XML response); see protocols.ts. Handlers
 * here take the parsed Query parameters (strings, lists and structures) and return plain objects.
 */
import { createHash } from 'node:crypto'
import { ELB_HEALTH_DESCRIPTION, type Ecs } from './ecs.js'
import { err } from './errors.js'
import type { Faults } from './faults.js'
import { ACCOUNT_ID, listenerArn, targetGroupArn } from './ids.js'
import type { RouteRef, RouteWeight } from './traffic.js'

export interface ElbCtx {
  region: string
  /** Virtual epoch ms. */
  now: number
}

type Params = Record<string, any>

export interface TargetGroupWeight {
  TargetGroupArn: string
  Weight: number
}

export interface Action {
  Type: string
  Order?: number | undefined
  TargetGroupArn?: string | undefined
  ForwardConfig?:
    { TargetGroups: TargetGroupWeight[]; TargetGroupStickinessConfig?: { Enabled: boolean; DurationSeconds?: number | undefined } | undefined } | undefined
  [k: string]: unknown
}

interface LbRec {
  LoadBalancerArn: string
  LoadBalancerName: string
  DNSName: string
  CanonicalHostedZoneId: string
  CreatedTime: Date
  Scheme: string
  VpcId: string
  State: { Code: string }
  Type: string
  AvailabilityZones: { ZoneName: string; SubnetId: string }[]
  SecurityGroups: string[]
  IpAddressType: string
}

interface TgRec {
  TargetGroupArn: string
  TargetGroupName: string
  Protocol: string
  Port: number
  VpcId: string
  HealthCheckProtocol: string
  HealthCheckPort: string
  HealthCheckEnabled: boolean
  HealthCheckIntervalSeconds: number
  HealthCheckTimeoutSeconds: number
  HealthyThresholdCount: number
  UnhealthyThresholdCount: number
  HealthCheckPath: string
  Matcher: { HttpCode: string }
  LoadBalancerArns: string[]
  TargetType: string
  ProtocolVersion: string
  IpAddressType: string
  attributes: Map<string, string>
}

interface ListenerRec {
  ListenerArn: string
  LoadBalancerArn: string
  Port: number
  Protocol: string
  DefaultActions: Action[]
  Certificates?: { CertificateArn: string }[] | undefined
  SslPolicy?: string | undefined
}

interface RuleRec {
  RuleArn: string
  listenerArn: string
  Priority: string
  Conditions: Record<string, unknown>[]
  Actions: Action[]
}

/** Where weights live: a listener's default action or a rule. */
interface WeightHolder {
  /** The target group that last had all the traffic (the side a shift starts from). */
  origin?: string | undefined
  /** Steps away from origin since it last had all the traffic. */
  steps: number
}

const TG_ATTRIBUTE_DEFAULTS: Record<string, string> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'load_balancing.algorithm.type': 'round_robin',
  'slow_start.duration_seconds': '0'
}

/** Virtual ms an alarm takes to notice a bad step (like CodeDeploy's alarm fault). */
export const ALB_ALARM_EVALUATION_MS = 30_000

const shortHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16)
const num = (v: unknown, dflt: number): number => (v === undefined || v === '' ? dflt : Number(v))
const list = <T>(v: T[] | undefined | ''): T[] => (Array.isArray(v) ? v : [])

/** One page of a Describe* answer: PageSize (1 to 400, the model check holds it) items from Marker on, NextMarker if more; all without PageSize. */
function page<T>(items: T[], p: Params, key: string): Record<string, unknown> {
  const start = p.Marker ? Number(Buffer.from(String(p.Marker), 'base64').toString()) : 0
  if (!Number.isInteger(start) || start < 0) throw err('ValidationError', 'The marker is not valid')
  const size = p.PageSize === undefined ? items.length : Number(p.PageSize)
  const out: Record<string, unknown> = { [key]: items.slice(start, start + size) }
  if (start + size < items.length) out.NextMarker = Buffer.from(String(start + size)).toString('base64')
  return out
}

export interface Elbv2Host {
  ecs: Ecs
  faults: Faults
  alarms: Map<string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'>
  /** Alarms defined through CloudWatch PutMetricAlarm, in creation order. */
  definedAlarms: () => string[]
  log: (m: string) => void
  /** Told of every change of a route's forward weights, at its virtual time (the traffic model). */
  routeChanged?: ((route: RouteRef, groups: RouteWeight[], at: number) => void) | undefined
}

/** The first forward action's weights, [] when the actions forward nowhere. */
export function forwardWeights(actions: Action[]): RouteWeight[] {
  const fwd = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0)).find((a) => a.Type === 'forward')
  return (fwd?.ForwardConfig?.TargetGroups ?? []).map((g) => ({ targetGroupArn: g.TargetGroupArn, weight: g.Weight }))
}

export class Elbv2 {
  loadBalancers = new Map<string, LbRec>()
  targetGroups = new Map<string, TgRec>()
  listeners = new Map<string, ListenerRec>()
  rules = new Map<string, RuleRec>()
  private holders = new Map<string, WeightHolder>()
  /** Alarm fault: when to fire it and which alarm. */
  private pendingAlarm?: { at: number; name: string } | undefined
  private firedAlarm?: string | undefined

  constructor(private readonly host: Elbv2Host) {}

  reset(): void {
    this.loadBalancers.clear()
    this.targetGroups.clear()
    this.listeners.clear()
    this.rules.clear()
    this.holders.clear()
    this.pendingAlarm = undefined
    this.firedAlarm = undefined
  }

  // ---------------------------------------------------------------- lookups

  private tg(arn: string): TgRec {
    const t = this.targetGroups.get(arn)
    if (!t) throw err('TargetGroupNotFound', `Target groups '${arn}' not found`)
    return t
  }

  private listener(arn: string): ListenerRec {
    const l = this.listeners.get(arn)
    if (!l) throw err('ListenerNotFound', `Listener '${arn}' not found`)
    return l
  }

  private lb(arn: string): LbRec {
    const l = this.loadBalancers.get(arn)
    if (!l) throw err('LoadBalancerNotFound', `Load balancers '${arn}' not found`)
    return l
  }

  private defaultRuleArn(l: ListenerRec): string {
    return l.ListenerArn.replace(':listener/', ':listener-rule/') + '/' + shortHash(`default:${l.ListenerArn}`)
  }

  // ---------------------------------------------------------------- actions

  /** Validate and normalise actions as ELBv2 returns them. */
  private actions(raw: unknown, lbArn: string): Action[] {
    const acts = list(raw as Params[])
    if (!acts.length) throw err('ValidationError', 'At least one action must be specified')
    return acts.map((a, i) => {
      const type = String(a.Type ?? '')
      if (!['forward', 'redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito'].includes(type))
        throw err(
          'ValidationError',
          `1 validation error detected: Value '${type}' at 'actions.${i + 1}.member.type' failed to satisfy constraint: Member must satisfy enum value set: [redirect, authenticate-oidc, fixed-response, forward, authenticate-cognito]`
        )
      const out: Action = { Type: type, Order: a.Order !== undefined ? Number(a.Order) : i + 1 }
      if (type !== 'forward') return { ...a, ...out }
      const fc = a.ForwardConfig as Params | undefined
      let groups: TargetGroupWeight[]
      if (fc && list(fc.TargetGroups).length) {
        groups = list(fc.TargetGroups as Params[]).map((g) => ({ TargetGroupArn: String(g.TargetGroupArn ?? ''), Weight: num(g.Weight, 1) }))
        if (a.TargetGroupArn && (groups.length !== 1 || groups[0]!.TargetGroupArn !== a.TargetGroupArn))
          throw err('ValidationError', 'You cannot specify both a target group ARN and a forward config with different target groups')
      } else if (a.TargetGroupArn) groups = [{ TargetGroupArn: String(a.TargetGroupArn), Weight: 1 }]
      else throw err('ValidationError', 'A target group ARN must be specified')
      if (groups.length > 5) throw err('TooManyTargetGroups', 'You can specify up to 5 target groups in a forward action')
      const seen = new Set<string>()
      for (const g of groups) {
        this.tg(g.TargetGroupArn)
        if (seen.has(g.TargetGroupArn)) throw err('ValidationError', `Target group '${g.TargetGroupArn}' is specified more than once`)
        seen.add(g.TargetGroupArn)
        if (!Number.isInteger(g.Weight) || g.Weight < 0 || g.Weight > 999)
          throw err('ValidationError', `Target group weight must be between 0 and 999, got '${g.Weight}'`)
      }
      if (groups.length > 1 && groups.every((g) => g.Weight === 0))
        throw err('ValidationError', 'At least one target group in a forward action must have a weight greater than zero')
      for (const g of groups) {
        const t = this.tg(g.TargetGroupArn)
        if (!t.LoadBalancerArns.includes(lbArn)) t.LoadBalancerArns.push(lbArn)
      }
      const stick = fc?.TargetGroupStickinessConfig as Params | undefined
      out.ForwardConfig = {
        TargetGroups: groups,
        TargetGroupStickinessConfig: {
          Enabled: stick?.Enabled === true || stick?.Enabled === 'true',
          ...(stick?.DurationSeconds !== undefined ? { DurationSeconds: Number(stick.DurationSeconds) } : {})
        }
      }
      if (groups.length === 1) out.TargetGroupArn = groups[0]!.TargetGroupArn
      return out
    })
  }

  /** Bookkeeping for the alarm fault: count steps of traffic away from the side that had it all. */
  private weightsChanged(key: string, before: Action[], after: Action[], now: number): void {
    const w = (acts: Action[]) => acts.find((a) => a.Type === 'forward')?.ForwardConfig?.TargetGroups ?? []
    const share = (gs: TargetGroupWeight[], arn: string | undefined) => {
      const total = gs.reduce((n, g) => n + g.Weight, 0)
      return total ? (gs.find((g) => g.TargetGroupArn === arn)?.Weight ?? 0) / total : 0
    }
    const full = (gs: TargetGroupWeight[]) => gs.find((g) => share(gs, g.TargetGroupArn) === 1)?.TargetGroupArn
    const h = this.holders.get(key) ?? { origin: full(w(before)), steps: 0 }
    this.holders.set(key, h)
    const b = w(before)
    const a = w(after)
    if (h.origin && share(a, h.origin) < share(b, h.origin)) {
      h.steps++
      this.host.log(`elbv2 ${key}: traffic step ${h.steps} away from ${h.origin.split('/')[1]}`)
      const af = this.host.faults.alarm()
      if (af && !this.pendingAlarm && !this.firedAlarm && h.steps >= (af.afterStep ?? 1)) {
        const name = af.name ?? this.host.definedAlarms()[0]
        if (name) this.pendingAlarm = { at: now + ALB_ALARM_EVALUATION_MS, name }
      }
    }
    const nowFull = full(a)
    if (nowFull) {
      // back to one side: a finished shift or a rollback; a fault-fired alarm recovers on rollback
      if (nowFull === h.origin && this.firedAlarm) {
        this.host.alarms.set(this.firedAlarm, 'OK')
        this.host.log(`alarm ${this.firedAlarm} -> OK (traffic back on ${nowFull.split('/')[1]})`)
        this.firedAlarm = undefined
      }
      if (nowFull === h.origin) this.pendingAlarm = undefined
      h.origin = nowFull
      h.steps = 0
    }
  }

  /** Fire the alarm fault when its evaluation time has come. */
  advance(now: number): boolean {
    if (this.pendingAlarm && now >= this.pendingAlarm.at) {
      const { name } = this.pendingAlarm
      this.pendingAlarm = undefined
      this.firedAlarm = name
      this.host.alarms.set(name, 'ALARM')
      this.host.log(`alarm ${name} -> ALARM (fault, mid-shift)`)
      return true
    }
    return false
  }

  /** Tell the traffic model where route `arn` (a listener's default action or a rule) forwards from `at` on. */
  private routed(arn: string, actions: Action[], at: number): void {
    const l = this.listeners.get(arn) ?? this.listeners.get(this.rules.get(arn)?.listenerArn ?? '')
    if (l) this.host.routeChanged?.({ arn, listenerArn: l.ListenerArn, loadBalancerArn: l.LoadBalancerArn }, forwardWeights(actions), at)
  }

  /** The forward weights of a listener's default action or a rule; undefined when there is no such listener or rule. */
  weightsOf(holderArn: string): RouteWeight[] | undefined {
    const acts = this.listeners.get(holderArn)?.DefaultActions ?? this.rules.get(holderArn)?.Actions
    return acts && forwardWeights(acts)
  }

  /**
   * A deployment's traffic shift (CodeDeploy's AllowTraffic, an ECS service deployment's production
   * or test shift, their rollbacks): the forward action of the listener's default action or rule
   * `holderArn` now forwards by `weights`, from virtual time `at`. Not an API call: the ALB alarm
   * fault's bookkeeping (weightsChanged) is only for the ALB weighted way's own ModifyListener and
   * ModifyRule. Returns false (and changes nothing) when the listener or rule, a forward action on
   * it, or one of the target groups is not in the emulated ELBv2.
   */
  shiftWeights(holderArn: string, weights: RouteWeight[], at: number): boolean {
    const l = this.listeners.get(holderArn)
    const r = l ? undefined : this.rules.get(holderArn)
    const acts = l?.DefaultActions ?? r?.Actions
    if (!acts || !weights.length || !weights.every((w) => this.targetGroups.has(w.targetGroupArn))) return false
    const i = acts.findIndex((a) => a.Type === 'forward')
    if (i < 0) return false
    const lbArn = l?.LoadBalancerArn ?? this.listeners.get(r!.listenerArn)?.LoadBalancerArn
    const old = acts[i]!
    const groups = weights.map((w) => ({ TargetGroupArn: w.targetGroupArn, Weight: w.weight }))
    const next: Action = {
      Type: 'forward',
      Order: old.Order,
      ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: old.ForwardConfig?.TargetGroupStickinessConfig ?? { Enabled: false } },
      ...(groups.length === 1 ? { TargetGroupArn: groups[0]!.TargetGroupArn } : {})
    }
    const actions = acts.map((a, j) => (j === i ? next : a))
    if (l) l.DefaultActions = actions
    else r!.Actions = actions
    for (const g of groups) {
      const t = this.targetGroups.get(g.TargetGroupArn)!
      if (lbArn && !t.LoadBalancerArns.includes(lbArn)) t.LoadBalancerArns.push(lbArn)
    }
    this.routed(holderArn, actions, at)
    this.host.log(`elbv2 ${holderArn.split('/').slice(-2).join('/')}: ${groups.map((g) => `${g.TargetGroupArn.split('/')[1]} ${g.Weight}`).join(', ')}`)
    return true
  }

  // ---------------------------------------------------------------- load balancers

  CreateLoadBalancer(p: Params, ctx: ElbCtx) {
    const name = String(p.Name ?? '')
    if (!/^[A-Za-z0-9-]{1,32}$/.test(name) || name.startsWith('internal-')) throw err('ValidationError', `The load balancer name '${name}' is not valid`)
    const type = String(p.Type ?? 'application')
    const arn = listenerArn(name, 0, ctx.region).replace(/:listener\/app\/([^/]+)\/([^/]+)\/[^/]+$/, ':loadbalancer/app/$1/$2')
    const existing = this.loadBalancers.get(arn)
    if (existing) return { LoadBalancers: [existing] }
    const subnets = list(p.Subnets as string[])
    const lb: LbRec = {
      LoadBalancerArn: arn,
      LoadBalancerName: name,
      DNSName: `${name}-${parseInt(shortHash(name).slice(0, 8), 16)}.${ctx.region}.elb.amazonaws.com`,
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: new Date(ctx.now),
      Scheme: String(p.Scheme ?? 'internet-facing'),
      VpcId: 'vpc-0a1b2c3d4e5f60000',
      State: { Code: 'active' },
      Type: type,
      AvailabilityZones: subnets.map((s, i) => ({ ZoneName: `${ctx.region}${'abc'[i % 3]}`, SubnetId: s })),
      SecurityGroups: list(p.SecurityGroups as string[]),
      IpAddressType: String(p.IpAddressType ?? 'ipv4')
    }
    this.loadBalancers.set(arn, lb)
    return { LoadBalancers: [lb] }
  }

  DescribeLoadBalancers(p: Params, _ctx: ElbCtx) {
    const arns = list(p.LoadBalancerArns as string[])
    const names = list(p.Names as string[])
    let out = [...this.loadBalancers.values()]
    if (arns.length) out = arns.map((a) => this.lb(a))
    if (names.length)
      out = names.map((n) => {
        const l = out.find((x) => x.LoadBalancerName === n)
        if (!l) throw err('LoadBalancerNotFound', `Load balancers '[${n}]' not found`)
        return l
      })
    return page(out, p, 'LoadBalancers')
  }

  // ---------------------------------------------------------------- target groups

  CreateTargetGroup(p: Params, ctx: ElbCtx) {
    const name = String(p.Name ?? '')
    if (!/^[A-Za-z0-9-]{1,32}$/.test(name)) throw err('ValidationError', `Target group name '${name}' is not valid`)
    const arn = targetGroupArn(name, ctx.region)
    const existing = this.targetGroups.get(arn)
    if (existing) return { TargetGroups: [this.tgOut(existing)] }
    const protocol = String(p.Protocol ?? 'HTTP')
    const t: TgRec = {
      TargetGroupArn: arn,
      TargetGroupName: name,
      Protocol: protocol,
      Port: num(p.Port, 80),
      VpcId: String(p.VpcId ?? 'vpc-0a1b2c3d4e5f60000'),
      HealthCheckProtocol: String(p.HealthCheckProtocol ?? protocol),
      HealthCheckPort: String(p.HealthCheckPort ?? 'traffic-port'),
      HealthCheckEnabled: p.HealthCheckEnabled === undefined ? true : String(p.HealthCheckEnabled) === 'true',
      HealthCheckIntervalSeconds: num(p.HealthCheckIntervalSeconds, 30),
      HealthCheckTimeoutSeconds: num(p.HealthCheckTimeoutSeconds, 5),
      HealthyThresholdCount: num(p.HealthyThresholdCount, 5),
      UnhealthyThresholdCount: num(p.UnhealthyThresholdCount, 2),
      HealthCheckPath: String(p.HealthCheckPath ?? '/'),
      Matcher: { HttpCode: String((p.Matcher as Params | undefined)?.HttpCode ?? '200') },
      LoadBalancerArns: [],
      TargetType: String(p.TargetType ?? 'instance'),
      ProtocolVersion: String(p.ProtocolVersion ?? 'HTTP1'),
      IpAddressType: String(p.IpAddressType ?? 'ipv4'),
      attributes: new Map(Object.entries(TG_ATTRIBUTE_DEFAULTS))
    }
    this.targetGroups.set(arn, t)
    return { TargetGroups: [this.tgOut(t)] }
  }

  private tgOut(t: TgRec) {
    const { attributes: _a, ...out } = t
    return out
  }

  DescribeTargetGroups(p: Params, _ctx: ElbCtx) {
    const arns = list(p.TargetGroupArns as string[])
    const names = list(p.Names as string[])
    let out = [...this.targetGroups.values()]
    if (p.LoadBalancerArn) {
      this.lb(String(p.LoadBalancerArn))
      out = out.filter((t) => t.LoadBalancerArns.includes(String(p.LoadBalancerArn)))
    }
    if (arns.length) out = arns.map((a) => this.tg(a))
    if (names.length)
      out = names.map((n) => {
        const t = [...this.targetGroups.values()].find((x) => x.TargetGroupName === n)
        if (!t) throw err('TargetGroupNotFound', `One or more target groups not found`)
        return t
      })
    return page(
      out.map((t) => this.tgOut(t)),
      p,
      'TargetGroups'
    )
  }

  DescribeTargetGroupAttributes(p: Params, _ctx: ElbCtx) {
    const t = this.tg(String(p.TargetGroupArn ?? ''))
    return { Attributes: [...t.attributes].map(([Key, Value]) => ({ Key, Value })) }
  }

  ModifyTargetGroupAttributes(p: Params, _ctx: ElbCtx) {
    const t = this.tg(String(p.TargetGroupArn ?? ''))
    for (const a of list(p.Attributes as Params[])) {
      const key = String(a.Key ?? '')
      if (!(key in TG_ATTRIBUTE_DEFAULTS)) throw err('ValidationError', `Target group attribute key '${key}' is not recognized`)
      t.attributes.set(key, String(a.Value ?? ''))
    }
    return { Attributes: [...t.attributes].map(([Key, Value]) => ({ Key, Value })) }
  }

  /** A target group's health check, for ECS to stop the tasks it calls unhealthy (the elb-health cause). */
  healthCheckOf(arn: string): { intervalSeconds: number; unhealthyThreshold: number; path: string } | undefined {
    const t = this.targetGroups.get(arn)
    return t && { intervalSeconds: t.HealthCheckIntervalSeconds, unhealthyThreshold: t.UnhealthyThresholdCount, path: t.HealthCheckPath }
  }

  /**
   * Targets are the RUNNING tasks of ECS services whose load balancer uses this target group
   * (registered by ECS when a task starts). A target is `initial` for interval × healthy threshold
   * after it starts, then `healthy` (or `unhealthy` after interval × unhealthy threshold under the
   * unhealthyTargets fault for tasks of a new deployment, and for tasks failing by the elb-health
   * cause); `draining` for the deregistration delay once ECS stops it.
   */
  DescribeTargetHealth(p: Params, ctx: ElbCtx) {
    const t = this.tg(String(p.TargetGroupArn ?? ''))
    let out = this.targetHealth(t, ctx.now)
    const wanted = list(p.Targets as Params[])
    if (wanted.length) {
      out = wanted.map((w) => {
        const hit = out.find((o) => o.Target.Id === w.Id && (w.Port === undefined || Number(w.Port) === o.Target.Port))
        return (
          hit ?? {
            Target: { Id: String(w.Id), Port: num(w.Port, t.Port) },
            HealthCheckPort: String(num(w.Port, t.Port)),
            TargetHealth: { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' }
          }
        )
      })
    }
    return { TargetHealthDescriptions: out }
  }

  targetHealth(t: TgRec, now: number) {
    const delay = Number(t.attributes.get('deregistration_delay.timeout_seconds') ?? 300) * 1000
    const healthyAfter = t.HealthCheckIntervalSeconds * t.HealthyThresholdCount * 1000
    const unhealthyAfter = t.HealthCheckIntervalSeconds * t.UnhealthyThresholdCount * 1000
    const unhealthy = this.host.faults.unhealthyTargets()
    const out: {
      Target: { Id: string; Port: number; AvailabilityZone?: string | undefined }
      HealthCheckPort: string
      TargetHealth: { State: string; Reason?: string | undefined; Description?: string | undefined }
    }[] = []
    for (const s of this.host.ecs.services.values()) {
      for (const set of s.sets) {
        const lb = set.loadBalancers.find((l) => l.targetGroupArn === t.TargetGroupArn)
        if (!lb) continue
        const bad =
          set.green && unhealthy && (!unhealthy.targetGroups?.length || unhealthy.targetGroups.some((g) => t.TargetGroupArn === g || t.TargetGroupName === g))
        for (const task of this.host.ecs.tasksOfSet(set)) {
          if (task.startedAt === undefined || task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING') continue
          const port = lb.containerPort ?? t.Port
          const target = { Id: t.TargetType === 'ip' ? task.ip : task.id, Port: port, AvailabilityZone: task.az }
          const base = { Target: target, HealthCheckPort: String(port) }
          if (task.desiredStatus === 'STOPPED') {
            // never served (crashed right after start) or drained
            if (task.exitCode !== undefined && task.stopCode === 'EssentialContainerExited') continue
            if (task.stopAt !== undefined && now < task.stopAt + delay)
              out.push({
                ...base,
                TargetHealth: { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' }
              })
            continue
          }
          if (task.lastStatus !== 'RUNNING') continue
          const age = now - task.startedAt
          const elbCause = task.fail?.cause === 'elb-health'
          if ((bad || elbCause) && age >= unhealthyAfter)
            out.push({
              ...base,
              TargetHealth: {
                State: 'unhealthy',
                Reason: unhealthy?.reason ?? 'Target.ResponseCodeMismatch',
                Description: unhealthy?.description ?? (elbCause ? ELB_HEALTH_DESCRIPTION : 'Health checks failed with these codes: [502]')
              }
            })
          else if (!bad && !elbCause && age >= healthyAfter) out.push({ ...base, TargetHealth: { State: 'healthy' } })
          else
            out.push({ ...base, TargetHealth: { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' } })
        }
      }
    }
    return out
  }

  // ---------------------------------------------------------------- listeners

  CreateListener(p: Params, ctx: ElbCtx) {
    const lb = this.lb(String(p.LoadBalancerArn ?? ''))
    const port = num(p.Port, 80)
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw err('ValidationError', `Port '${p.Port}' is not valid`)
    const arn = listenerArn(lb.LoadBalancerName, port, ctx.region)
    if (this.listeners.has(arn)) throw err('DuplicateListener', 'A listener already exists on this port for this load balancer')
    const l: ListenerRec = {
      ListenerArn: arn,
      LoadBalancerArn: lb.LoadBalancerArn,
      Port: port,
      Protocol: String(p.Protocol ?? 'HTTP'),
      DefaultActions: this.actions(p.DefaultActions, lb.LoadBalancerArn),
      ...(list(p.Certificates as Params[]).length
        ? { Certificates: list(p.Certificates as Params[]).map((c) => ({ CertificateArn: String(c.CertificateArn) })) }
        : {}),
      ...(p.SslPolicy ? { SslPolicy: String(p.SslPolicy) } : {})
    }
    this.listeners.set(arn, l)
    this.routed(arn, l.DefaultActions, ctx.now)
    return { Listeners: [l] }
  }

  DescribeListeners(p: Params, _ctx: ElbCtx) {
    const arns = list(p.ListenerArns as string[])
    if (arns.length)
      return page(
        arns.map((a) => this.listener(a)),
        p,
        'Listeners'
      )
    if (!p.LoadBalancerArn) throw err('ValidationError', 'You must specify either listener ARNs or a load balancer ARN')
    this.lb(String(p.LoadBalancerArn))
    return page(
      [...this.listeners.values()].filter((l) => l.LoadBalancerArn === p.LoadBalancerArn),
      p,
      'Listeners'
    )
  }

  ModifyListener(p: Params, ctx: ElbCtx) {
    const l = this.listener(String(p.ListenerArn ?? ''))
    if (p.Port !== undefined) l.Port = num(p.Port, l.Port)
    if (p.Protocol !== undefined) l.Protocol = String(p.Protocol)
    if (p.DefaultActions !== undefined) {
      const next = this.actions(p.DefaultActions, l.LoadBalancerArn)
      const before = l.DefaultActions
      l.DefaultActions = next
      this.weightsChanged(l.ListenerArn, before, next, ctx.now)
      this.routed(l.ListenerArn, next, ctx.now)
    }
    return { Listeners: [l] }
  }

  // ---------------------------------------------------------------- rules

  CreateRule(p: Params, ctx: ElbCtx) {
    const l = this.listener(String(p.ListenerArn ?? ''))
    const priority = num(p.Priority, NaN)
    if (!Number.isInteger(priority) || priority < 1 || priority > 50000) throw err('ValidationError', `Priority '${p.Priority}' must be between 1 and 50000`)
    for (const r of this.rules.values())
      if (r.listenerArn === l.ListenerArn && r.Priority === String(priority)) throw err('PriorityInUse', `Priority '${priority}' is currently in use`)
    const conditions = list(p.Conditions as Params[])
    if (!conditions.length) throw err('ValidationError', 'A rule must have at least one condition')
    const arn = l.ListenerArn.replace(':listener/', ':listener-rule/') + '/' + shortHash(`rule:${l.ListenerArn}:${priority}:${ctx.now}`)
    const r: RuleRec = {
      RuleArn: arn,
      listenerArn: l.ListenerArn,
      Priority: String(priority),
      Conditions: conditions,
      Actions: this.actions(p.Actions, l.LoadBalancerArn)
    }
    this.rules.set(arn, r)
    this.routed(arn, r.Actions, ctx.now)
    return { Rules: [this.ruleOut(r)] }
  }

  private ruleOut(r: RuleRec) {
    return { RuleArn: r.RuleArn, Priority: r.Priority, Conditions: r.Conditions, Actions: r.Actions, IsDefault: false }
  }

  private defaultRuleOut(l: ListenerRec) {
    return { RuleArn: this.defaultRuleArn(l), Priority: 'default', Conditions: [], Actions: l.DefaultActions, IsDefault: true }
  }

  DescribeRules(p: Params, _ctx: ElbCtx) {
    const arns = list(p.RuleArns as string[])
    if (arns.length) {
      return {
        Rules: arns.map((a) => {
          const r = this.rules.get(a)
          if (r) return this.ruleOut(r)
          const l = [...this.listeners.values()].find((x) => this.defaultRuleArn(x) === a)
          if (l) return this.defaultRuleOut(l)
          throw err('RuleNotFound', `One or more rules not found`)
        })
      }
    }
    if (!p.ListenerArn) throw err('ValidationError', 'You must specify either listener ARN or rule ARNs')
    const l = this.listener(String(p.ListenerArn))
    const rules = [...this.rules.values()].filter((r) => r.listenerArn === l.ListenerArn).sort((a, b) => Number(a.Priority) - Number(b.Priority))
    return page([...rules.map((r) => this.ruleOut(r)), this.defaultRuleOut(l)], p, 'Rules')
  }

  ModifyRule(p: Params, ctx: ElbCtx) {
    const arn = String(p.RuleArn ?? '')
    const r = this.rules.get(arn)
    if (!r) {
      if ([...this.listeners.values()].some((x) => this.defaultRuleArn(x) === arn))
        throw err('OperationNotPermitted', 'Default rule cannot be modified; use ModifyListener to change the default actions')
      throw err('RuleNotFound', 'One or more rules not found')
    }
    const l = this.listener(r.listenerArn)
    if (p.Conditions !== undefined && list(p.Conditions as Params[]).length) r.Conditions = list(p.Conditions as Params[])
    if (p.Actions !== undefined) {
      const next = this.actions(p.Actions, l.LoadBalancerArn)
      const before = r.Actions
      r.Actions = next
      this.weightsChanged(r.RuleArn, before, next, ctx.now)
      this.routed(r.RuleArn, next, ctx.now)
    }
    return { Rules: [this.ruleOut(r)] }
  }

  DeleteRule(p: Params, ctx: ElbCtx) {
    const arn = String(p.RuleArn ?? '')
    if (!this.rules.has(arn)) throw err('RuleNotFound', 'One or more rules not found')
    this.routed(arn, [], ctx.now)
    this.rules.delete(arn)
    return {}
  }

  dump(now: number) {
    return {
      loadBalancers: [...this.loadBalancers.values()],
      targetGroups: [...this.targetGroups.values()].map((t) => ({
        ...this.tgOut(t),
        attributes: Object.fromEntries(t.attributes),
        targets: this.targetHealth(t, now).map((h) => ({ id: h.Target.Id, state: h.TargetHealth.State }))
      })),
      listeners: [...this.listeners.values()],
      rules: [...this.rules.values()],
      account: ACCOUNT_ID
    }
  }
}
