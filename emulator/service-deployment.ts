/**
 * ECS-native service deployments (deployment controller ECS, deploymentConfiguration.strategy
 * BLUE_GREEN, LINEAR or CANARY; 2025): ListServiceDeployments, DescribeServiceDeployments,
 * StopServiceDeployment, ContinueServiceDeployment, DescribeServiceRevisions.
 *
 * A deployment walks AWS's lifecycle stages on the virtual clock: RECONCILE_SERVICE, PRE_SCALE_UP,
 * SCALE_UP (the target revision's tasks start), POST_SCALE_UP, TEST_TRAFFIC_SHIFT,
 * POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT (all at once, linear steps or canary then the
 * rest), POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP. Lifecycle hooks run in their stages
 * (AWS_LAMBDA: the emulator's hook faults decide; PAUSE: wait for ContinueServiceDeployment). The
 * circuit breaker counts the target revision's failed tasks; the deployment's alarms are watched
 * from SCALE_UP to the end of BAKE_TIME. A failure, a triggered alarm or StopServiceDeployment
 * ROLLBACK rolls back: production traffic returns to the source revision and the target's tasks stop.
 *
 * Rolling updates (strategy ROLLING) are service deployments too, as in AWS: ECS's rolling scheduler
 * (ecs.ts) drives them and tells this record how they went (rolling*): IN_PROGRESS from
 * CreateService/UpdateService, SUCCESSFUL when the rollout COMPLETES, ROLLBACK_IN_PROGRESS then
 * ROLLBACK_SUCCESSFUL when the circuit breaker or StopServiceDeployment ROLLBACK puts the source
 * revision back, STOPPED when superseded or failed with nothing rolled back.
 */
import type { DeploymentConfiguration, DeploymentLifecycleHookDetail, ServiceDeployment, ServiceDeploymentBrief, ServiceRevision } from '@aws-sdk/client-ecs'
import { err } from './errors.js'
import type { Faults } from './faults.js'
import { ecsArn, hex } from './ids.js'

type Params = Record<string, any>

export const NATIVE_STRATEGIES = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])

export const STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const
type Stage = (typeof STAGES)[number]

/** A service's blue/green routing: its loadBalancers[].advancedConfiguration. */
export interface TrafficRoutes {
  productionRule: string
  testRule?: string | undefined
  targetGroupArn: string
  alternateTargetGroupArn: string
}

export interface RuleWeight {
  targetGroupArn: string
  weight: number
}

/** What the service-deployment machine needs from ECS: the sets it scales and the service it changes. */
export interface Fleet {
  /**
   * Starts the target revision's tasks; returns a handle. `green`: fault switches apply to its tasks.
   * `targetGroupArn`: they register there instead of the service's target group (blue/green routing).
   */
  startSet(svcKey: string, taskDefinitionArn: string, green: boolean, now: number, targetGroupArn?: string | undefined): string
  /** The service's blue/green routing, if its load balancer has an advancedConfiguration. */
  routes(svcKey: string): TrafficRoutes | undefined
  /** A listener rule's forward weights in the emulated ELBv2; undefined when it has no such rule. */
  weights(ruleArn: string): RuleWeight[] | undefined
  /** Moves a listener rule's forward weights from virtual time `at` on (ELBv2's shiftWeights). */
  shift(ruleArn: string, weights: RuleWeight[], at: number): void
  /** Running (and of those ready: no failure to come)/desired/pending/failed of a set. */
  setCounts(
    svcKey: string,
    setId: string
  ): { running: number; ready: number; pending: number; desired: number; failed: number; lastFailure?: string | undefined }
  /** Makes a set the service's PRIMARY (its task definition the service's). */
  promote(svcKey: string, setId: string, now: number): void
  /** Stops a set's tasks and removes it. */
  removeSet(svcKey: string, setId: string, now: number, reason: string): void
  /** The set is settled: no longer managed by a deployment (rolloutState COMPLETED or FAILED). */
  release(svcKey: string, setId: string, state: 'COMPLETED' | 'FAILED', now: number): void
  event(svcKey: string, now: number, message: string): void
  desiredCount(svcKey: string): number
  /** A rolling update: replaces deployment `setId` with a new PRIMARY one of `taskDefinitionArn`; returns its id. */
  rollBack(svcKey: string, setId: string, taskDefinitionArn: string, now: number, reason: string): string | undefined
}

interface RevisionRec {
  rev: ServiceRevision
  setId?: string | undefined
}

interface HookRec extends DeploymentLifecycleHookDetail {
  stage: Stage
  startedAt: number
  doneAt?: number | undefined
}

interface SdRec {
  arn: string
  svcKey: string
  serviceArn: string
  clusterArn: string
  serviceName: string
  createdAt: number
  startedAt?: number | undefined
  finishedAt?: number | undefined
  stoppedAt?: number | undefined
  updatedAt: number
  status: string
  statusReason?: string | undefined
  stage?: Stage | undefined
  stageAt: number
  config: DeploymentConfiguration
  strategy: string
  source: { revArn: string; setId?: string | undefined; prod: number; test: number }
  target: { revArn: string; setId?: string | undefined; prod: number; test: number }
  hooks: HookRec[]
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string } | undefined
  /** Virtual ms of the next production shift step, while PRODUCTION_TRAFFIC_SHIFT runs. */
  nextShiftAt?: number | undefined
  shiftSteps: number
  alarmFired?: string | undefined
  cb: { status: string; failureCount: number; threshold: number }
  alarms: { status: string; alarmNames: string[]; triggeredAlarmNames: string[] }
  rollbackDoneAt?: number | undefined
  /** Blue/green routing: the rules whose weights the shifts move, the target group serving the source and the one the target's tasks join. */
  lb?: { productionRule: string; testRule?: string | undefined; sourceTg: string; targetTg: string } | undefined
  /** A rolling update: the deployment (ecs-svc/…) that puts the source back while ROLLBACK_IN_PROGRESS. */
  rollbackSetId?: string | undefined
}

const TERMINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'])
const HOOK_STAGES = new Set<Stage>([
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT'
])
const MIN = 60_000

export class ServiceDeployments {
  readonly deployments = new Map<string, SdRec>()
  readonly revisions = new Map<string, RevisionRec>()
  /** Current revision per service key. */
  readonly current = new Map<string, string>()

  constructor(
    private readonly fleet: Fleet,
    private readonly faults: Faults,
    private readonly alarms: () => Map<string, string>
  ) {}

  reset(): void {
    this.deployments.clear()
    this.revisions.clear()
    this.current.clear()
  }

  /** A new service revision of `svcKey` running `taskDefinitionArn`. */
  revision(
    _svcKey: string,
    o: {
      serviceArn: string
      clusterArn: string
      region: string
      cluster: string
      service: string
      taskDefinitionArn: string
      setId?: string | undefined
      now: number
      loadBalancers?: ServiceRevision['loadBalancers'] | undefined
    }
  ): string {
    const arn = ecsArn(o.region, `service-revision/${o.cluster}/${o.service}/${BigInt('0x' + hex(15)).toString()}`)
    this.revisions.set(arn, {
      setId: o.setId,
      rev: {
        serviceRevisionArn: arn,
        serviceArn: o.serviceArn,
        clusterArn: o.clusterArn,
        taskDefinition: o.taskDefinitionArn,
        createdAt: new Date(o.now),
        loadBalancers: o.loadBalancers
      }
    })
    return arn
  }

  active(svcKey: string): SdRec | undefined {
    return [...this.deployments.values()].find((d) => d.svcKey === svcKey && !TERMINAL.has(d.status))
  }

  /** UpdateService with a new task definition on a native-strategy service. */
  start(
    svcKey: string,
    o: {
      serviceArn: string
      clusterArn: string
      region: string
      cluster: string
      service: string
      taskDefinitionArn: string
      config: DeploymentConfiguration
      now: number
      green: boolean
      loadBalancers?: ServiceRevision['loadBalancers'] | undefined
    }
  ): SdRec {
    const d = this.record(svcKey, o, o.config.strategy ?? 'BLUE_GREEN')
    ;(d as SdRec & { green: boolean }).green = o.green
    const routes = this.fleet.routes(svcKey)
    const weights = routes && this.fleet.weights(routes.productionRule)
    if (routes && weights) {
      // the new side is the target group without production traffic, so successive releases alternate
      const of = (tg: string) => weights.filter((w) => w.targetGroupArn === tg).reduce((n, w) => n + w.weight, 0)
      const primaryIsNew = of(routes.targetGroupArn) < of(routes.alternateTargetGroupArn)
      d.lb = {
        productionRule: routes.productionRule,
        testRule: routes.testRule,
        sourceTg: primaryIsNew ? routes.alternateTargetGroupArn : routes.targetGroupArn,
        targetTg: primaryIsNew ? routes.targetGroupArn : routes.alternateTargetGroupArn
      }
    }
    return d
  }

  /** Puts `weight` % of a rule's traffic on the target side, the rest on the source (blue/green routing only). */
  private shift(d: SdRec, which: 'prod' | 'test', weight: number, at: number): void {
    const rule = which === 'prod' ? d.lb?.productionRule : d.lb?.testRule
    if (!d.lb || !rule) return
    this.fleet.shift(
      rule,
      [
        { targetGroupArn: d.lb.sourceTg, weight: 100 - weight },
        { targetGroupArn: d.lb.targetTg, weight }
      ],
      at
    )
  }

  /**
   * A new service deployment of `svcKey` from its current revision to a new one running
   * `o.taskDefinitionArn` (PENDING); one still in flight is superseded.
   */
  private record(
    svcKey: string,
    o: {
      serviceArn: string
      clusterArn: string
      region: string
      cluster: string
      service: string
      taskDefinitionArn: string
      config: DeploymentConfiguration
      now: number
      loadBalancers?: ServiceRevision['loadBalancers'] | undefined
    },
    strategy: string
  ): SdRec {
    const prev = this.active(svcKey)
    if (prev) this.finish(prev, 'STOPPED', o.now, 'Superseded by a newer service deployment')
    const sourceRev = this.current.get(svcKey)
    const targetRev = this.revision(svcKey, o)
    const id = BigInt('0x' + hex(15)).toString()
    const desired = this.fleet.desiredCount(svcKey)
    const cb = o.config.deploymentCircuitBreaker
    const alarms = o.config.alarms
    const d: SdRec = {
      arn: ecsArn(o.region, `service-deployment/${o.cluster}/${o.service}/${id}`),
      svcKey,
      serviceArn: o.serviceArn,
      clusterArn: o.clusterArn,
      serviceName: o.service,
      createdAt: o.now,
      updatedAt: o.now,
      status: 'PENDING',
      stageAt: o.now,
      config: JSON.parse(JSON.stringify(o.config)),
      strategy,
      source: { revArn: sourceRev ?? '', setId: sourceRev ? this.revisions.get(sourceRev)?.setId : undefined, prod: 100, test: 100 },
      target: { revArn: targetRev, prod: 0, test: 0 },
      hooks: [],
      shiftSteps: 0,
      cb: { status: cb?.enable ? 'MONITORING' : 'DISABLED', failureCount: 0, threshold: Math.min(200, Math.max(3, Math.ceil(desired * 0.5))) },
      alarms: { status: alarms?.enable ? 'MONITORING' : 'DISABLED', alarmNames: alarms?.alarmNames ?? [], triggeredAlarmNames: [] }
    }
    this.deployments.set(d.arn, d)
    return d
  }

  // ------------------------------------------------------------------ rolling updates (driven by ecs.ts)

  /** CreateService or UpdateService of a rolling service started deployment `setId` of `taskDefinitionArn`: in progress at once. */
  rollingStart(
    svcKey: string,
    o: {
      serviceArn: string
      clusterArn: string
      region: string
      cluster: string
      service: string
      taskDefinitionArn: string
      setId: string
      config: DeploymentConfiguration
      now: number
      loadBalancers?: ServiceRevision['loadBalancers'] | undefined
    }
  ): SdRec {
    const d = this.record(svcKey, o, 'ROLLING')
    d.status = 'IN_PROGRESS'
    d.startedAt = o.now
    d.target = { ...d.target, setId: o.setId, prod: 100, test: 100 }
    this.revisions.get(d.target.revArn)!.setId = o.setId
    return d
  }

  /** The rolling update in flight of `svcKey`, if any. */
  rollingActive(svcKey: string): SdRec | undefined {
    const d = this.active(svcKey)
    return d?.strategy === 'ROLLING' ? d : undefined
  }

  /** The task definition a rolling update goes back to (its source revision's), if it has one. */
  sourceTaskDefinition(d: SdRec): string | undefined {
    return this.revisions.get(d.source.revArn)?.rev.taskDefinition
  }

  /** Deployment `setId` settled: COMPLETED makes its service deployment SUCCESSFUL (or its rollback ROLLBACK_SUCCESSFUL); FAILED, STOPPED. */
  rollingSettled(svcKey: string, setId: string, state: 'COMPLETED' | 'FAILED', now: number, reason?: string): void {
    const d = [...this.deployments.values()].find(
      (x) => x.svcKey === svcKey && x.strategy === 'ROLLING' && !TERMINAL.has(x.status) && (x.target.setId === setId || x.rollbackSetId === setId)
    )
    if (!d) return
    if (d.cb.status === 'MONITORING') d.cb.status = 'MONITORING_COMPLETE'
    if (d.rollbackSetId === setId) {
      this.current.set(svcKey, d.source.revArn)
      return this.finish(d, state === 'COMPLETED' ? 'ROLLBACK_SUCCESSFUL' : 'ROLLBACK_FAILED', now)
    }
    if (state === 'COMPLETED') {
      this.current.set(svcKey, d.target.revArn)
      return this.finish(d, 'SUCCESSFUL', now)
    }
    this.finish(d, 'STOPPED', now, reason)
  }

  /** Deployment `setId` is being replaced by `rollbackSetId`, which runs the source revision again. */
  rollingRollback(svcKey: string, setId: string, rollbackSetId: string, now: number, reason: string, breaker: boolean): void {
    const d = [...this.deployments.values()].find((x) => x.svcKey === svcKey && x.strategy === 'ROLLING' && !TERMINAL.has(x.status) && x.target.setId === setId)
    if (!d) return
    if (breaker) d.cb.status = 'TRIGGERED'
    d.status = 'ROLLBACK_IN_PROGRESS'
    d.statusReason = reason
    d.updatedAt = now
    d.rollback = { reason, startedAt: now, serviceRevisionArn: d.source.revArn }
    d.rollbackSetId = rollbackSetId
  }

  // ------------------------------------------------------------------ the machine

  advance(now: number): boolean {
    let changed = false
    for (const d of this.deployments.values()) {
      // A rolling update moves with ECS's rolling scheduler (ecs.ts), not with this machine.
      for (let i = 0; i < 20 && !TERMINAL.has(d.status) && d.strategy !== 'ROLLING'; i++) {
        if (!this.step(d, now)) break
        changed = true
      }
    }
    return changed
  }

  private enter(d: SdRec, stage: Stage, at: number): void {
    d.stage = stage
    d.stageAt = at
    d.updatedAt = at
    d.hooks = d.hooks.filter((h) => h.stage === stage)
    for (const h of HOOK_STAGES.has(stage) ? (d.config.lifecycleHooks ?? []) : []) {
      if (!(h.lifecycleStages as string[] | undefined)?.includes(stage)) continue
      const pause = h.targetType === 'PAUSE'
      d.hooks.push({
        hookId: hex(16),
        targetType: h.targetType ?? 'AWS_LAMBDA',
        targetArn: h.hookTargetArn,
        status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
        expiresAt: new Date(at + (h.timeoutConfiguration?.timeoutInMinutes ?? 60) * MIN),
        timeoutAction: h.timeoutConfiguration?.action ?? 'ROLLBACK',
        stage,
        startedAt: at
      })
    }
    if (stage === 'SCALE_UP') {
      d.target.setId = this.fleet.startSet(
        d.svcKey,
        this.revisions.get(d.target.revArn)!.rev.taskDefinition!,
        !!(d as SdRec & { green?: boolean | undefined }).green,
        at,
        d.lb?.targetTg
      )
      this.revisions.get(d.target.revArn)!.setId = d.target.setId
    }
    if (stage === 'TEST_TRAFFIC_SHIFT') {
      d.target.test = 100
      d.source.test = 0
      this.shift(d, 'test', 100, at)
    }
    if (stage === 'PRODUCTION_TRAFFIC_SHIFT') {
      d.nextShiftAt = at + 1000
    }
  }

  /** One transition if one is due at `now`; returns whether it happened. */
  private step(d: SdRec, now: number): boolean {
    if (d.status === 'ROLLBACK_REQUESTED' || d.status === 'ROLLBACK_IN_PROGRESS' || d.status === 'STOP_REQUESTED') return this.rollingBack(d, now)
    if (d.status === 'PENDING') {
      if (now < d.createdAt + 1000) return false
      d.status = 'IN_PROGRESS'
      d.startedAt = d.createdAt + 1000
      this.enter(d, 'RECONCILE_SERVICE', d.startedAt)
      return true
    }
    // Watched from SCALE_UP on: the circuit breaker and the alarms.
    if (d.target.setId) {
      const c = this.fleet.setCounts(d.svcKey, d.target.setId)
      if (c.failed !== d.cb.failureCount) {
        d.cb.failureCount = c.failed
        d.updatedAt = now
        if (d.cb.status === 'MONITORING' && c.failed >= d.cb.threshold) {
          d.cb.status = 'TRIGGERED'
          this.startRollback(
            d,
            now,
            `Service deployment rolled back because the circuit breaker threshold was exceeded (${c.failed} failed tasks: ${c.lastFailure ?? 'tasks failed to start'}).`
          )
          return true
        }
        return true
      }
      if (d.alarms.status === 'MONITORING') {
        const firing = d.alarms.alarmNames.filter((n) => this.alarms().get(n) === 'ALARM')
        if (firing.length) {
          d.alarms.status = 'TRIGGERED'
          d.alarms.triggeredAlarmNames = firing
          d.updatedAt = now
          if (d.config.alarms?.rollback !== false) {
            this.startRollback(d, now, `Service deployment rolled back because the CloudWatch alarm ${firing.join(', ')} is in ALARM state.`)
          }
          return true
        }
      }
    }
    // Hooks of the current stage.
    for (const h of d.hooks) {
      if (h.status === 'IN_PROGRESS') {
        const b = this.faults.hookBehaviour(d.stage!)
        if (b.mode === 'manual' || now < h.startedAt + b.delayMs) continue
        h.status = b.mode === 'fail' ? 'FAILED' : 'SUCCEEDED'
        h.doneAt = h.startedAt + b.delayMs
        d.updatedAt = h.doneAt
        if (h.status === 'FAILED') this.startRollback(d, h.doneAt, `Service deployment rolled back because lifecycle hook ${h.targetArn} failed in ${d.stage}.`)
        return true
      }
      if (h.status === 'AWAITING_ACTION' && h.expiresAt && now >= h.expiresAt.getTime()) {
        h.status = 'TIMED_OUT'
        d.updatedAt = h.expiresAt.getTime()
        if (h.timeoutAction !== 'CONTINUE')
          this.startRollback(d, d.updatedAt, `Service deployment rolled back because lifecycle hook ${h.hookId} timed out in ${d.stage}.`)
        return true
      }
    }
    if (d.hooks.some((h) => h.status === 'IN_PROGRESS' || h.status === 'AWAITING_ACTION')) return false
    const doneAt = Math.max(d.stageAt + 1000, ...d.hooks.map((h) => h.doneAt ?? 0))
    const stage = d.stage!
    const next = (): boolean => {
      const i = STAGES.indexOf(stage)
      this.enter(d, STAGES[i + 1]!, Math.max(doneAt, d.stageAt))
      return true
    }
    switch (stage) {
      case 'SCALE_UP': {
        // scaled up once the new tasks run and pass their health checks
        const c = this.fleet.setCounts(d.svcKey, d.target.setId!)
        if (c.ready < c.desired || c.pending > 0) return false
        d.stageAt = Math.min(d.stageAt, now)
        this.enter(d, 'POST_SCALE_UP', now)
        return true
      }
      case 'PRODUCTION_TRAFFIC_SHIFT': {
        if (d.target.prod >= 100) return now >= d.stageAt + 1000 ? next() : false
        if (now < d.nextShiftAt!) return false
        const at = d.nextShiftAt!
        const lin = d.config.linearConfiguration
        const can = d.config.canaryConfiguration
        let weight = 100
        let wait = 0
        if (d.strategy === 'LINEAR') {
          weight = Math.min(100, d.target.prod + (lin?.stepPercent ?? 10))
          wait = (lin?.stepBakeTimeInMinutes ?? 6) * MIN
        } else if (d.strategy === 'CANARY' && d.shiftSteps === 0) {
          weight = can?.canaryPercent ?? 5
          wait = (can?.canaryBakeTimeInMinutes ?? 10) * MIN
        }
        d.target.prod = weight
        d.source.prod = 100 - weight
        this.shift(d, 'prod', weight, at)
        d.shiftSteps++
        d.updatedAt = at
        d.nextShiftAt = at + wait
        if (weight >= 100) {
          d.stageAt = at
          this.fleet.promote(d.svcKey, d.target.setId!, at)
          this.current.set(d.svcKey, d.target.revArn)
        }
        const a = this.faults.alarm()
        if (a && !d.alarmFired && d.shiftSteps >= (a.afterStep ?? 1)) {
          const name = a.name ?? d.alarms.alarmNames[0]
          if (name) {
            d.alarmFired = name
            this.alarms().set(name, 'ALARM')
          }
        }
        return true
      }
      case 'BAKE_TIME': {
        if (now < d.stageAt + (d.config.bakeTimeInMinutes ?? 0) * MIN) return false
        this.enter(d, 'CLEAN_UP', d.stageAt + (d.config.bakeTimeInMinutes ?? 0) * MIN)
        if (d.source.setId)
          this.fleet.removeSet(d.svcKey, d.source.setId, d.stageAt, `Scaling activity initiated by (service deployment ${d.arn.split('/').pop()})`)
        return true
      }
      case 'CLEAN_UP': {
        if (now < d.stageAt + 2000) return false
        if (d.alarms.status === 'MONITORING') d.alarms.status = 'MONITORING_COMPLETE'
        if (d.cb.status === 'MONITORING') d.cb.status = 'MONITORING_COMPLETE'
        this.fleet.release(d.svcKey, d.target.setId!, 'COMPLETED', d.stageAt + 2000)
        this.fleet.event(d.svcKey, d.stageAt + 2000, `(service ${d.serviceName}) (service-deployment ${d.arn.split('/').pop()}) service deployment completed.`)
        this.finish(d, 'SUCCESSFUL', d.stageAt + 2000)
        return true
      }
      default:
        if (now < doneAt) return false
        return next()
    }
  }

  private finish(d: SdRec, status: string, at: number, reason?: string): void {
    d.status = status
    d.updatedAt = at
    d.finishedAt = at
    if (status === 'STOPPED') d.stoppedAt = at
    if (reason) d.statusReason = reason
    if (status === 'STOPPED' && d.target.setId && d.stage !== 'CLEAN_UP' && d.strategy !== 'ROLLING') {
      // An abort leaves what runs as it is; a superseded deployment's target is replaced.
      if (reason?.startsWith('Superseded')) this.fleet.removeSet(d.svcKey, d.target.setId, at, 'Superseded')
    }
  }

  private startRollback(d: SdRec, at: number, reason: string): void {
    d.status = 'ROLLBACK_REQUESTED'
    d.statusReason = reason
    d.updatedAt = at
    d.rollback = { reason, startedAt: at, serviceRevisionArn: d.source.revArn }
    for (const h of d.hooks) if (h.status === 'IN_PROGRESS' || h.status === 'AWAITING_ACTION') h.status = 'FAILED'
    this.fleet.event(d.svcKey, at, `(service ${d.serviceName}) (service-deployment ${d.arn.split('/').pop()}) ${reason}`)
  }

  private rollingBack(d: SdRec, now: number): boolean {
    if (d.status === 'STOP_REQUESTED') {
      if (now < d.updatedAt + 1000) return false
      this.finish(d, 'STOPPED', d.updatedAt + 1000, d.statusReason)
      return true
    }
    if (d.status === 'ROLLBACK_REQUESTED') {
      if (now < d.updatedAt + 1000) return false
      const at = d.updatedAt + 1000
      d.status = 'ROLLBACK_IN_PROGRESS'
      d.updatedAt = at
      d.target.prod = 0
      d.target.test = 0
      d.source.prod = 100
      d.source.test = 100
      this.shift(d, 'prod', 0, at)
      this.shift(d, 'test', 0, at)
      if (d.source.setId) this.fleet.promote(d.svcKey, d.source.setId, at)
      this.current.set(d.svcKey, d.source.revArn)
      if (d.target.setId)
        this.fleet.removeSet(d.svcKey, d.target.setId, at, `Scaling activity initiated by (service deployment ${d.arn.split('/').pop()}) rollback`)
      d.rollbackDoneAt = at + 3000
      return true
    }
    if (now < d.rollbackDoneAt!) return false
    if (d.source.setId) this.fleet.release(d.svcKey, d.source.setId, 'COMPLETED', d.rollbackDoneAt!)
    if (d.alarms.status === 'MONITORING') d.alarms.status = 'MONITORING_COMPLETE'
    if (d.cb.status === 'MONITORING') d.cb.status = 'MONITORING_COMPLETE'
    this.fleet.event(
      d.svcKey,
      d.rollbackDoneAt!,
      `(service ${d.serviceName}) (service-deployment ${d.arn.split('/').pop()}) rolled back to ${d.source.revArn.split('/').pop()}.`
    )
    this.finish(d, 'ROLLBACK_SUCCESSFUL', d.rollbackDoneAt!)
    return true
  }

  // ------------------------------------------------------------------ API

  private dep(arn: unknown): SdRec {
    const d = typeof arn === 'string' ? this.deployments.get(arn) : undefined
    if (!d) throw err('ServiceDeploymentNotFoundException', `The service deployment ${String(arn)} does not exist.`)
    return d
  }

  out(d: SdRec): ServiceDeployment {
    const rev = (r: SdRec['source']) => {
      const setId = r.setId
      const c = setId ? this.fleet.setCounts(d.svcKey, setId) : { running: 0, pending: 0, desired: 0 }
      return {
        arn: r.revArn,
        requestedTaskCount: c.desired,
        runningTaskCount: c.running,
        pendingTaskCount: c.pending,
        requestedTestTrafficWeight: r.test,
        requestedProductionTrafficWeight: r.prod
      }
    }
    const t = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms))
    return {
      serviceDeploymentArn: d.arn,
      serviceArn: d.serviceArn,
      clusterArn: d.clusterArn,
      createdAt: t(d.createdAt),
      startedAt: t(d.startedAt),
      finishedAt: t(d.finishedAt),
      stoppedAt: t(d.stoppedAt),
      updatedAt: t(d.updatedAt),
      sourceServiceRevisions: d.source.revArn ? [rev(d.source)] : [],
      targetServiceRevision: rev(d.target),
      status: d.status as ServiceDeployment['status'],
      statusReason: d.statusReason,
      lifecycleStage: d.stage,
      lifecycleHookDetails: d.hooks.map(({ stage: _s, startedAt: _a, doneAt: _d, ...h }) => h),
      deploymentConfiguration: d.config,
      rollback: d.rollback
        ? { reason: d.rollback.reason, startedAt: new Date(d.rollback.startedAt), serviceRevisionArn: d.rollback.serviceRevisionArn }
        : undefined,
      deploymentCircuitBreaker: { ...d.cb } as ServiceDeployment['deploymentCircuitBreaker'],
      alarms: { ...d.alarms, triggeredAlarmNames: [...d.alarms.triggeredAlarmNames] } as ServiceDeployment['alarms']
    }
  }

  ListServiceDeployments(p: Params, svcKey: string) {
    const want: string[] | undefined = p.status
    // createdAt.before / after: timestamps, epoch seconds on the JSON wire (or ISO 8601 text)
    const ms = (v: unknown): number | undefined => (v === undefined ? undefined : typeof v === 'number' ? Math.round(v * 1000) : Date.parse(String(v)))
    const before = ms(p.createdAt?.before)
    const after = ms(p.createdAt?.after)
    const list = [...this.deployments.values()]
      .filter(
        (d) =>
          d.svcKey === svcKey &&
          (!want?.length || want.includes(d.status)) &&
          // at the millisecond AWS's timestamps carry (virtual time has fractions of one)
          (before === undefined || Math.floor(d.createdAt) < before) &&
          (after === undefined || Math.floor(d.createdAt) > after)
      )
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((d): ServiceDeploymentBrief => ({
        serviceDeploymentArn: d.arn,
        serviceArn: d.serviceArn,
        clusterArn: d.clusterArn,
        createdAt: new Date(d.createdAt),
        startedAt: d.startedAt === undefined ? undefined : new Date(d.startedAt),
        finishedAt: d.finishedAt === undefined ? undefined : new Date(d.finishedAt),
        targetServiceRevisionArn: d.target.revArn,
        status: d.status as ServiceDeploymentBrief['status'],
        statusReason: d.statusReason
      }))
    return list
  }

  DescribeServiceDeployments(p: Params) {
    const arns: string[] = p.serviceDeploymentArns ?? []
    if (!arns.length) throw err('InvalidParameterException', 'serviceDeploymentArns can not be empty.')
    const serviceDeployments: ServiceDeployment[] = []
    const failures: { arn: string; reason: string }[] = []
    for (const a of arns) {
      const d = this.deployments.get(a)
      if (d) serviceDeployments.push(this.out(d))
      else failures.push({ arn: a, reason: 'MISSING' })
    }
    return { serviceDeployments, failures }
  }

  StopServiceDeployment(p: Params, now: number) {
    const d = this.dep(p.serviceDeploymentArn)
    if (TERMINAL.has(d.status) || d.status.startsWith('ROLLBACK') || d.status === 'STOP_REQUESTED')
      throw err('ConflictException', `The service deployment is ${d.status} and cannot be stopped.`)
    if (d.strategy === 'ROLLING') return this.stopRolling(d, p.stopType ?? 'ROLLBACK', now)
    if ((p.stopType ?? 'ROLLBACK') === 'ROLLBACK') this.startRollback(d, now, 'Service deployment rolled back because of a StopServiceDeployment request.')
    else {
      d.status = 'STOP_REQUESTED'
      d.statusReason = 'Service deployment stopped because of a StopServiceDeployment request.'
      d.updatedAt = now
    }
    return { serviceDeploymentArn: d.arn }
  }

  /** A rolling update cannot be frozen: ROLLBACK (the only stop type AWS documents as valid) puts the source revision back. */
  private stopRolling(d: SdRec, stopType: string, now: number) {
    if (stopType !== 'ROLLBACK')
      throw err('InvalidParameterException', `The stop type ${stopType} is not supported for a rolling update. The valid value is ROLLBACK.`)
    const td = this.sourceTaskDefinition(d)
    if (!td || !d.target.setId) throw err('ConflictException', 'The service deployment has no source service revision to roll back to.')
    const reason = 'Service deployment rolled back because of a StopServiceDeployment request.'
    const back = this.fleet.rollBack(d.svcKey, d.target.setId, td, now, reason)
    if (back) this.rollingRollback(d.svcKey, d.target.setId, back, now, reason, false)
    return { serviceDeploymentArn: d.arn }
  }

  ContinueServiceDeployment(p: Params, now: number) {
    const d = this.dep(p.serviceDeploymentArn)
    const h = d.hooks.find((x) => x.hookId === p.hookId)
    if (!h) throw err('InvalidParameterException', `The lifecycle hook ${String(p.hookId)} is not part of the current stage of the service deployment.`)
    if (h.status !== 'AWAITING_ACTION') throw err('ConflictException', `The lifecycle hook ${h.hookId} is ${h.status}, not AWAITING_ACTION.`)
    h.doneAt = now
    d.updatedAt = now
    if ((p.action ?? 'CONTINUE') === 'ROLLBACK') {
      h.status = 'FAILED'
      this.startRollback(d, now, `Service deployment rolled back because of a ContinueServiceDeployment ROLLBACK action on hook ${h.hookId}.`)
    } else h.status = 'SUCCEEDED'
    return { serviceDeploymentArn: d.arn }
  }

  DescribeServiceRevisions(p: Params) {
    const arns: string[] = p.serviceRevisionArns ?? []
    if (!arns.length) throw err('InvalidParameterException', 'serviceRevisionArns can not be empty.')
    const serviceRevisions: ServiceRevision[] = []
    const failures: { arn: string; reason: string }[] = []
    for (const a of arns) {
      const r = this.revisions.get(a)
      if (r) serviceRevisions.push(r.rev)
      else failures.push({ arn: a, reason: 'MISSING' })
    }
    return { serviceRevisions, failures }
  }

  dump() {
    return [...this.deployments.values()].map((d) => this.out(d))
  }
}
