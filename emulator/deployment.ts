/**
 * The CodeDeploy ECS blue/green deployment state machine, driven by the virtual clock.
 *
 * Created → Queued → InProgress → (Ready) → InProgress → Succeeded | Failed | Stopped
 * Lifecycle events in AWS order; Install creates the replacement (green) task set, AllowTraffic
 * shifts the listener weights step by step, then the original task set is kept for the
 * termination wait and finally removed.
 */
import type {
  AlarmConfiguration,
  AutoRollbackConfiguration,
  AutoRollbackEvent,
  BlueGreenDeploymentConfiguration,
  DeploymentConfigInfo,
  DeploymentCreator,
  DeploymentInfo,
  DeploymentStatus,
  DeploymentStyle,
  DeploymentTarget,
  ECSTaskSet,
  ErrorCode,
  LifecycleEvent,
  LifecycleEventStatus,
  LoadBalancerInfo,
  RevisionLocation,
  RollbackInfo,
  TargetStatus
} from '@aws-sdk/client-codedeploy'
import type { Ecs, SetRec } from './ecs.js'
import type { Faults } from './faults.js'
import { randomBytes } from 'node:crypto'
import { targetGroupArn } from './ids.js'

export const LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
] as const
export type LifecycleEventName = (typeof LIFECYCLE_EVENTS)[number]
export const HOOK_EVENTS: readonly string[] = ['BeforeInstall', 'AfterInstall', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic']

/** Virtual-time durations (ms). */
export const DEPLOYMENT_TIMING = {
  queueMs: 300,
  startMs: 1_000,
  noHookEventMs: 300,
  listenerUpdateMs: 1_000,
  hookTimeoutMs: 60 * 60_000,
  installTimeoutMs: 60 * 60_000,
  alarmEvaluationMs: 30_000,
  stopDelayMs: 1_000
}

export interface AppSpecTarget {
  taskDefinitionArn: string
  containerName: string
  containerPort: number
  platformVersion?: string | undefined
  networkConfiguration?: Record<string, unknown> | undefined
  capacityProviderStrategy?: Record<string, unknown>[] | undefined
  hooks: Partial<Record<string, string>>
}

export interface HookRec {
  deploymentId: string
  lifecycleEvent: string
  functionName: string
  lifecycleEventHookExecutionId: string
  /** Virtual ms. */
  startedAt: number
  mode: 'succeed' | 'fail' | 'manual'
  autoAt?: number | undefined
  status: 'Pending' | 'Succeeded' | 'Failed'
  verdictAt?: number | undefined
}

interface EventRec {
  name: LifecycleEventName
  status: LifecycleEventStatus
  start?: number | undefined
  end?: number | undefined
  diagnostics?: LifecycleEvent['diagnostics'] | undefined
}

export interface FailOptions {
  status: 'Failed' | 'Stopped'
  code: ErrorCode
  message: string
  trigger: AutoRollbackEvent
  /** Overrides the group's auto-rollback configuration (StopDeployment autoRollbackEnabled). */
  rollback?: boolean | undefined
  diagnostics?: LifecycleEvent['diagnostics'] | undefined
}

/** What the state machine needs from the rest of the emulator. */
export interface DeploymentHost {
  ecs: Ecs
  faults: Faults
  alarms: Map<string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'>
  realAt(virtualMs: number): number
  /** Moves a listener's forward weights (ELBv2's shiftWeights); false when the listener or a target group is not in the emulated ELBv2. */
  shiftWeights?(listenerArn: string, weights: { targetGroupArn: string; weight: number }[], at: number): boolean
  createRollback(dep: DeploymentRec, now: number): DeploymentRec
  onTerminal(dep: DeploymentRec): void
  log(msg: string): void
}

export interface DeploymentInit {
  id: string
  region: string
  applicationName: string
  deploymentGroupName: string
  deploymentGroupId: string
  config: DeploymentConfigInfo
  creator: DeploymentCreator
  description?: string | undefined
  revision?: RevisionLocation | undefined
  previousRevision?: RevisionLocation | undefined
  createTime: number
  autoRollbackConfiguration?: AutoRollbackConfiguration | undefined
  alarmConfiguration?: AlarmConfiguration | undefined
  blueGreenDeploymentConfiguration: BlueGreenDeploymentConfiguration
  loadBalancerInfo: LoadBalancerInfo
  deploymentStyle: DeploymentStyle
  clusterName: string
  serviceName: string
  serviceArn: string
  spec: AppSpecTarget
  fromSetId?: string | undefined
  toSetId?: string | undefined
  fromTg: string
  toTg: string
  toWeight?: number | undefined
  isRollback?: boolean | undefined
  rollbackInfo?: RollbackInfo | undefined
  hasTestListener: boolean
  /** Fault-fired alarm to reset when a rollback finishes. */
  resetAlarm?: string | undefined
}

type Phase = 'created' | 'queued' | 'events' | 'ready' | 'termination' | 'terminal'

export class DeploymentRec {
  readonly id: string
  readonly region: string
  readonly applicationName: string
  readonly deploymentGroupName: string
  readonly deploymentGroupId: string
  readonly config: DeploymentConfigInfo
  readonly creator: DeploymentCreator
  readonly description?: string | undefined
  readonly revision?: RevisionLocation | undefined
  readonly previousRevision?: RevisionLocation | undefined
  readonly createTime: number
  readonly autoRollbackConfiguration?: AutoRollbackConfiguration | undefined
  readonly alarmConfiguration?: AlarmConfiguration | undefined
  readonly blueGreen: BlueGreenDeploymentConfiguration
  readonly loadBalancerInfo: LoadBalancerInfo
  readonly deploymentStyle: DeploymentStyle
  readonly clusterName: string
  readonly serviceName: string
  readonly serviceArn: string
  readonly targetId: string
  readonly spec: AppSpecTarget
  readonly isRollback: boolean
  readonly hasTestListener: boolean
  readonly fromTg: string
  readonly toTg: string
  resetAlarm?: string | undefined

  status: DeploymentStatus = 'Created'
  phase: Phase = 'created'
  startTime?: number | undefined
  completeTime?: number | undefined
  errorInformation?: { code: ErrorCode; message: string } | undefined
  rollbackInfo?: RollbackInfo | undefined
  events: EventRec[]
  cur = -1
  fromSetId?: string | undefined
  toSetId?: string | undefined
  toWeight: number
  shiftSteps = 0
  nextShiftAt?: number | undefined
  lastShiftAt?: number | undefined
  hooks: HookRec[] = []
  readyUntil?: number | undefined
  continueReadyAt?: number | undefined
  terminationUntil?: number | undefined
  continueTerminationAt?: number | undefined
  instanceTerminationWaitTimeStarted = false
  stopRequest?: { at: number; autoRollbackEnabled?: boolean | undefined } | undefined
  alarmFaultAt?: number | undefined
  alarmFaultName?: string | undefined
  alarmFaultFired = false
  lastUpdatedAt: number
  /** Real epoch ms at which the deployment became terminal (Succeeded/Failed/Stopped). */
  terminalAtRealMs?: number | undefined
  /** Real epoch ms at which the emulator processed the terminal transition. */
  terminalProcessedAtRealMs?: number | undefined
  frozenTaskSets?: ECSTaskSet[] | undefined
  statusMessages: string[] = []

  constructor(
    init: DeploymentInit,
    private readonly host: DeploymentHost
  ) {
    this.id = init.id
    this.region = init.region
    this.applicationName = init.applicationName
    this.deploymentGroupName = init.deploymentGroupName
    this.deploymentGroupId = init.deploymentGroupId
    this.config = init.config
    this.creator = init.creator
    this.description = init.description
    this.revision = init.revision
    this.previousRevision = init.previousRevision
    this.createTime = init.createTime
    this.autoRollbackConfiguration = init.autoRollbackConfiguration
    this.alarmConfiguration = init.alarmConfiguration
    this.blueGreen = init.blueGreenDeploymentConfiguration
    this.loadBalancerInfo = init.loadBalancerInfo
    this.deploymentStyle = init.deploymentStyle
    this.clusterName = init.clusterName
    this.serviceName = init.serviceName
    this.serviceArn = init.serviceArn
    this.targetId = `${init.clusterName}:${init.serviceName}`
    this.spec = init.spec
    this.fromSetId = init.fromSetId
    this.toSetId = init.toSetId
    this.fromTg = init.fromTg
    this.toTg = init.toTg
    this.toWeight = init.toWeight ?? 0
    this.isRollback = !!init.isRollback
    this.rollbackInfo = init.rollbackInfo
    this.hasTestListener = init.hasTestListener
    this.resetAlarm = init.resetAlarm
    this.lastUpdatedAt = init.createTime
    this.events = LIFECYCLE_EVENTS.map((name) => ({ name, status: 'Pending' as LifecycleEventStatus }))
  }

  get terminal(): boolean {
    return this.phase === 'terminal'
  }

  private get service() {
    return this.host.ecs.findService(this.clusterName, this.serviceName)
  }

  private set(id: string | undefined): SetRec | undefined {
    if (!id) return undefined
    return this.service?.sets.find((s) => s.id === id)
  }

  // ------------------------------------------------------------------ driving

  /** Advance to virtual time `now`. Returns whether anything changed. */
  advance(now: number): boolean {
    let changed = false
    for (let guard = 0; guard < 200 && !this.terminal; guard++) {
      if (!this.step(now)) break
      changed = true
    }
    return changed
  }

  private step(now: number): boolean {
    if (this.stopRequest && now >= this.stopRequest.at) {
      const r = this.stopRequest
      this.stopRequest = undefined
      this.fail(r.at, {
        status: 'Stopped',
        code: 'MANUAL_STOP',
        message: 'The deployment was stopped by a user request.',
        trigger: 'DEPLOYMENT_STOP_ON_REQUEST',
        rollback: r.autoRollbackEnabled
      })
      return true
    }
    if (this.checkAlarms(now)) return true
    switch (this.phase) {
      case 'created': {
        const at = this.createTime + DEPLOYMENT_TIMING.queueMs
        if (now < at) return false
        this.status = 'Queued'
        this.phase = 'queued'
        this.touch(at)
        return true
      }
      case 'queued': {
        const at = this.createTime + DEPLOYMENT_TIMING.startMs
        if (now < at) return false
        this.status = 'InProgress'
        this.phase = 'events'
        this.startTime = at
        this.host.log(`${this.id} InProgress${this.isRollback ? ' (rollback)' : ''}`)
        this.startEvent(0, at)
        return true
      }
      case 'events':
        return this.stepEvent(now)
      case 'ready': {
        if (this.continueReadyAt !== undefined) {
          const at = this.continueReadyAt
          this.status = 'InProgress'
          this.phase = 'events'
          this.startEvent(LIFECYCLE_EVENTS.indexOf('BeforeAllowTraffic'), at)
          return true
        }
        if (this.readyUntil !== undefined && now >= this.readyUntil) {
          this.fail(this.readyUntil, {
            status: 'Stopped',
            code: 'TIMEOUT',
            message:
              'The deployment was stopped because traffic was not rerouted to the replacement task set before the wait time specified in the deployment group (deploymentReadyOption STOP_DEPLOYMENT) elapsed.',
            trigger: 'DEPLOYMENT_STOP_ON_REQUEST',
            rollback: this.rollbackEnabledFor('DEPLOYMENT_STOP_ON_REQUEST') || this.rollbackEnabledFor('DEPLOYMENT_FAILURE')
          })
          return true
        }
        return false
      }
      case 'termination': {
        const at =
          this.continueTerminationAt !== undefined
            ? this.continueTerminationAt
            : this.terminationUntil !== undefined && now >= this.terminationUntil
              ? this.terminationUntil
              : undefined
        if (at === undefined) return false
        this.succeed(at)
        return true
      }
      case 'terminal':
        return false
    }
  }

  private touch(at: number): void {
    this.lastUpdatedAt = Math.max(this.lastUpdatedAt, at)
  }

  /** Virtual time of the next scheduled transition of the current phase (Infinity if it waits for something else). */
  private nextDue(): number {
    switch (this.phase) {
      case 'created':
        return this.createTime + DEPLOYMENT_TIMING.queueMs
      case 'queued':
        return this.createTime + DEPLOYMENT_TIMING.startMs
      case 'ready':
        return this.continueReadyAt ?? this.readyUntil ?? Infinity
      case 'termination':
        return this.continueTerminationAt ?? this.terminationUntil ?? Infinity
      case 'terminal':
        return Infinity
      case 'events': {
        const ev = this.events[this.cur]
        if (!ev || ev.status !== 'InProgress') return Infinity
        const start = ev.start ?? 0
        if (HOOK_EVENTS.includes(ev.name)) {
          const h = this.hooks.find((x) => x.lifecycleEvent === ev.name)
          if (!h) return start + DEPLOYMENT_TIMING.noHookEventMs
          if (h.status !== 'Pending') return h.verdictAt ?? start
          return h.autoAt ?? h.startedAt + DEPLOYMENT_TIMING.hookTimeoutMs
        }
        if (ev.name === 'AllowTestTraffic') return start + DEPLOYMENT_TIMING.listenerUpdateMs
        if (ev.name === 'AllowTraffic') {
          if (this.toWeight >= 100 && this.lastShiftAt !== undefined) return this.lastShiftAt + DEPLOYMENT_TIMING.listenerUpdateMs
          return this.nextShiftAt ?? Infinity
        }
        return Infinity
      }
    }
  }

  private rollbackEnabledFor(trigger: AutoRollbackEvent): boolean {
    const c = this.autoRollbackConfiguration
    return !!c?.enabled && (c.events ?? []).includes(trigger)
  }

  private checkAlarms(now: number): boolean {
    if (this.phase === 'created' || this.phase === 'queued' || this.phase === 'terminal') return false
    if (this.alarmFaultAt !== undefined && !this.alarmFaultFired && now >= this.alarmFaultAt && this.alarmFaultName && this.alarmFaultAt <= this.nextDue()) {
      this.alarmFaultFired = true
      this.host.alarms.set(this.alarmFaultName, 'ALARM')
      this.host.log(`${this.id} alarm ${this.alarmFaultName} -> ALARM (fault)`)
    }
    const ac = this.alarmConfiguration
    if (!ac?.enabled || this.isRollback) return false
    const firing = (ac.alarms ?? []).map((a) => a.name!).filter((n) => this.host.alarms.get(n) === 'ALARM')
    if (!firing.length) return false
    const at = this.alarmFaultFired && this.alarmFaultAt !== undefined ? Math.min(now, this.alarmFaultAt) : now
    this.fail(at, {
      status: 'Stopped',
      code: 'ALARM_ACTIVE',
      message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${firing.join(', ')}>`,
      trigger: 'DEPLOYMENT_STOP_ON_ALARM'
    })
    return true
  }

  // ------------------------------------------------------------------ events

  private startEvent(i: number, at: number): void {
    this.touch(at)
    if (i >= this.events.length) {
      this.enterTermination(at)
      return
    }
    this.cur = i
    const ev = this.events[i]!
    const testEvent = ev.name === 'AllowTestTraffic' || ev.name === 'AfterAllowTestTraffic'
    if (testEvent && !this.hasTestListener) {
      ev.status = 'Skipped'
      this.afterEvent(i, at)
      return
    }
    ev.status = 'InProgress'
    ev.start = at
    if (HOOK_EVENTS.includes(ev.name)) {
      const fn = this.isRollback ? undefined : this.spec.hooks[ev.name]
      if (fn) {
        const b = this.host.faults.hookBehaviour(ev.name)
        const h: HookRec = {
          deploymentId: this.id,
          lifecycleEvent: ev.name,
          functionName: fn,
          lifecycleEventHookExecutionId: randomBytes(48).toString('base64url'),
          startedAt: at,
          mode: b.mode,
          autoAt: b.mode === 'manual' ? undefined : at + b.delayMs,
          status: 'Pending'
        }
        this.hooks.push(h)
        this.host.log(`${this.id} ${ev.name} hook ${fn} invoked (${b.mode})`)
      }
    } else if (ev.name === 'Install') {
      this.startInstall(at)
    } else if (ev.name === 'AllowTraffic') {
      this.nextShiftAt = at
      if (this.toWeight >= 100) this.lastShiftAt = at // nothing to shift (e.g. a rollback after a failed Install)
    }
  }

  private startInstall(at: number): void {
    const s = this.service
    if (!s) return
    if (this.isRollback) {
      const to = this.set(this.toSetId)
      if (to && to.scale < 100) this.host.ecs.setScale(to, 100, at)
      return
    }
    const tgArn = this.tgArnFor(this.toTg)
    const set = this.host.ecs.createSet(
      s,
      'taskSet',
      this.spec.taskDefinitionArn,
      { region: this.region, now: at },
      {
        status: 'ACTIVE',
        scale: 100,
        loadBalancers: [{ targetGroupArn: tgArn, containerName: this.spec.containerName, containerPort: this.spec.containerPort }],
        externalId: this.id,
        startedBy: 'CodeDeploy',
        green: true,
        platformVersion: this.spec.platformVersion,
        networkConfiguration: this.spec.networkConfiguration as SetRec['networkConfiguration'],
        capacityProviderStrategy: this.spec.capacityProviderStrategy as SetRec['capacityProviderStrategy']
      }
    )
    this.toSetId = set.id
  }

  private tgArnFor(name: string): string {
    const s = this.service
    const existing = s?.sets.flatMap((x) => x.loadBalancers).find((lb) => lb.targetGroupArn?.includes(`:targetgroup/${name}/`))
    return existing?.targetGroupArn ?? targetGroupArn(name, this.region)
  }

  private endEvent(i: number, at: number, status: LifecycleEventStatus): void {
    const ev = this.events[i]!
    ev.status = status
    ev.end = at
    this.touch(at)
    if (status === 'Succeeded') this.afterEvent(i, at)
  }

  private afterEvent(i: number, at: number): void {
    const next = i + 1
    const ro = this.blueGreen.deploymentReadyOption
    if (!this.isRollback && LIFECYCLE_EVENTS[next] === 'BeforeAllowTraffic' && ro?.actionOnTimeout === 'STOP_DEPLOYMENT') {
      this.phase = 'ready'
      this.status = 'Ready'
      this.readyUntil = at + (ro.waitTimeInMinutes ?? 0) * 60_000
      this.cur = next
      this.host.log(`${this.id} Ready (waiting for ContinueDeployment)`)
      return
    }
    this.startEvent(next, at)
  }

  private stepEvent(now: number): boolean {
    const i = this.cur
    const ev = this.events[i]
    if (!ev || ev.status !== 'InProgress') return false
    const start = ev.start!
    const hook = this.hooks.find((h) => h.lifecycleEvent === ev.name && h.deploymentId === this.id && h.status === 'Pending')
    const hookDone = this.hooks.find((h) => h.lifecycleEvent === ev.name && h.status !== 'Pending')
    if (HOOK_EVENTS.includes(ev.name)) {
      if (hookDone) {
        return this.finishHook(i, hookDone, hookDone.verdictAt!)
      }
      if (hook) {
        if (hook.autoAt !== undefined && now >= hook.autoAt) {
          hook.status = hook.mode === 'fail' ? 'Failed' : 'Succeeded'
          hook.verdictAt = hook.autoAt
          return this.finishHook(i, hook, hook.autoAt)
        }
        if (now >= hook.startedAt + DEPLOYMENT_TIMING.hookTimeoutMs) {
          hook.status = 'Failed'
          hook.verdictAt = hook.startedAt + DEPLOYMENT_TIMING.hookTimeoutMs
          ev.diagnostics = {
            errorCode: 'ScriptTimedOut',
            scriptName: hook.functionName,
            message: `The lifecycle hook ${hook.functionName} did not report a status with PutLifecycleEventHookExecutionStatus within 60 minutes.`,
            logTail: ''
          }
          return this.finishHook(i, hook, hook.verdictAt)
        }
        return false
      }
      if (now >= start + DEPLOYMENT_TIMING.noHookEventMs) {
        this.endEvent(i, start + DEPLOYMENT_TIMING.noHookEventMs, 'Succeeded')
        return true
      }
      return false
    }
    switch (ev.name) {
      case 'Install':
        return this.stepInstall(i, start, now)
      case 'AllowTestTraffic':
        if (now >= start + DEPLOYMENT_TIMING.listenerUpdateMs) {
          this.route('test', 100, start + DEPLOYMENT_TIMING.listenerUpdateMs)
          this.endEvent(i, start + DEPLOYMENT_TIMING.listenerUpdateMs, 'Succeeded')
          return true
        }
        return false
      case 'AllowTraffic':
        return this.stepTraffic(i, now)
      default:
        return false
    }
  }

  private finishHook(i: number, hook: HookRec, at: number): boolean {
    const ev = this.events[i]!
    if (hook.status === 'Succeeded') {
      ev.diagnostics = undefined
      this.endEvent(i, at, 'Succeeded')
      return true
    }
    ev.diagnostics ??= {
      errorCode: 'ScriptFailed',
      scriptName: hook.functionName,
      message: `The lifecycle hook ${hook.functionName} reported status Failed for ${ev.name}.`,
      logTail: ''
    }
    this.fail(at, {
      status: 'Failed',
      code: 'HOOK_EXECUTION_FAILURE',
      message: `The deployment failed because the ${ev.name} lifecycle event hook ${hook.functionName} returned a Failed status or did not report in time.`,
      trigger: 'DEPLOYMENT_FAILURE',
      diagnostics: ev.diagnostics
    })
    return true
  }

  private stepInstall(i: number, start: number, now: number): boolean {
    const s = this.service
    const set = this.set(this.toSetId)
    if (!s || !set) {
      this.fail(now, {
        status: 'Failed',
        code: 'ECS_UPDATE_ERROR',
        message: `The ECS service ${this.serviceName} or its replacement task set no longer exists.`,
        trigger: 'DEPLOYMENT_FAILURE'
      })
      return true
    }
    const want = this.host.ecs.desiredOf(s, set)
    const tasks = this.host.ecs.tasksOfSet(set).filter((t) => t.desiredStatus === 'RUNNING')
    // in service: running with no failure to come (a task failing its health checks never is)
    const running = tasks.filter((t) => this.host.ecs.isReady(t))
    if (running.length >= want && tasks.length === running.length) {
      const lastStart = running.reduce((m, t) => Math.max(m, t.startedAt ?? start), start)
      const at = Math.min(now, Math.max(start + DEPLOYMENT_TIMING.noHookEventMs, lastStart + 1000))
      if (now >= at) {
        this.endEvent(i, at, 'Succeeded')
        return true
      }
      return false
    }
    const failLimit = Math.max(2, 2 * want)
    if (set.failedTasks >= failLimit) {
      this.fail(now, {
        status: 'Failed',
        code: 'ECS_UPDATE_ERROR',
        message: `The ECS deployment failed because the tasks of the replacement task set ${set.id} failed to start: ${set.failedTasks} tasks stopped (reason: ${set.lastFailureReason ?? 'unknown'}). Check the stopped tasks of the service for details.`,
        trigger: 'DEPLOYMENT_FAILURE'
      })
      return true
    }
    if (now >= start + DEPLOYMENT_TIMING.installTimeoutMs) {
      this.fail(start + DEPLOYMENT_TIMING.installTimeoutMs, {
        status: 'Failed',
        code: 'ECS_UPDATE_ERROR',
        message: 'The deployment timed out while waiting for the replacement task set to become healthy. This time out period is 60 minutes.',
        trigger: 'DEPLOYMENT_FAILURE'
      })
      return true
    }
    return false
  }

  private stepTraffic(i: number, now: number): boolean {
    let changed = false
    while (this.nextShiftAt !== undefined && now >= this.nextShiftAt && this.toWeight < 100) {
      const at = this.nextShiftAt
      const trc = this.config.trafficRoutingConfig
      let next = 100
      let interval = 0
      if (!this.isRollback && trc?.type === 'TimeBasedCanary' && this.shiftSteps === 0) {
        next = trc.timeBasedCanary?.canaryPercentage ?? 10
        interval = (trc.timeBasedCanary?.canaryInterval ?? 0) * 60_000
      } else if (!this.isRollback && trc?.type === 'TimeBasedLinear') {
        const pct = trc.timeBasedLinear?.linearPercentage ?? 10
        next = Math.min(100, this.toWeight + pct)
        interval = (trc.timeBasedLinear?.linearInterval ?? 0) * 60_000
      }
      this.toWeight = next
      this.route('prod', next, at)
      this.shiftSteps++
      this.lastShiftAt = at
      this.touch(at)
      this.host.log(`${this.id} traffic ${100 - next}/${next} (step ${this.shiftSteps})`)
      this.nextShiftAt = next < 100 ? at + interval : undefined
      const af = this.isRollback ? undefined : this.host.faults.alarm()
      if (af && this.alarmFaultAt === undefined && this.shiftSteps >= (af.afterStep ?? 1)) {
        const name = af.name ?? this.alarmConfiguration?.alarms?.[0]?.name
        if (name) {
          this.alarmFaultName = name
          this.alarmFaultAt = at + DEPLOYMENT_TIMING.alarmEvaluationMs
        }
      }
      changed = true
      // an alarm may fire between steps
      if (this.alarmFaultAt !== undefined && this.nextShiftAt !== undefined && this.nextShiftAt > this.alarmFaultAt) break
    }
    if (this.toWeight >= 100 && this.lastShiftAt !== undefined) {
      const at = this.lastShiftAt + DEPLOYMENT_TIMING.listenerUpdateMs
      if (now >= at) {
        this.endEvent(i, at, 'Succeeded')
        return true
      }
    }
    return changed
  }

  /**
   * Puts `toWeight` % of the group's production (or test) listener on the replacement target group
   * and the rest on the original, as CodeDeploy's ModifyListener does, at virtual time `at`. Nothing
   * when the listener is not in the emulated ELBv2 (a world built without one).
   */
  private route(which: 'prod' | 'test', toWeight: number, at: number): void {
    const pair = this.loadBalancerInfo.targetGroupPairInfoList?.[0]
    const listener = (which === 'prod' ? pair?.prodTrafficRoute : pair?.testTrafficRoute)?.listenerArns?.[0]
    if (!listener || !this.host.shiftWeights) return
    const weights = [
      { targetGroupArn: this.tgArnFor(this.fromTg), weight: 100 - toWeight },
      { targetGroupArn: this.tgArnFor(this.toTg), weight: toWeight }
    ]
    // the original target group first, as the listener named it before the release
    if (this.isRollback) weights.reverse()
    this.host.shiftWeights(listener, weights, at)
  }

  private enterTermination(at: number): void {
    this.phase = 'termination'
    this.cur = this.events.length
    if (this.isRollback) {
      this.terminationUntil = at
      return
    }
    const wait = this.blueGreen.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0
    this.terminationUntil = at + wait * 60_000
    this.instanceTerminationWaitTimeStarted = true
    this.host.log(`${this.id} waiting ${wait} min before terminating the original task set`)
  }

  // ------------------------------------------------------------------ completion

  private succeed(at: number): void {
    const s = this.service
    const to = this.set(this.toSetId)
    const from = this.set(this.fromSetId)
    if (s && to) this.host.ecs.promote(s, to, at)
    if (s && from) this.host.ecs.deleteSet(s, from, at, 'Task set deleted by CodeDeploy')
    this.toWeight = 100
    this.freeze()
    this.status = 'Succeeded'
    this.complete(at)
    if (this.resetAlarm) this.host.alarms.set(this.resetAlarm, 'OK')
  }

  /** Fail or stop the deployment, rolling back if configured. */
  fail(at: number, o: FailOptions): void {
    if (this.terminal) return
    at = Math.max(at, this.lastUpdatedAt)
    const ev = this.events[this.cur]
    if (ev && ev.status === 'InProgress') {
      ev.status = 'Failed'
      ev.end = at
      if (o.diagnostics) ev.diagnostics = o.diagnostics
      else if (!ev.diagnostics) ev.diagnostics = { errorCode: 'UnknownError', scriptName: '', message: o.message, logTail: '' }
    }
    for (const e of this.events) if (e.status === 'Pending') e.status = 'Skipped'
    for (const h of this.hooks) if (h.status === 'Pending') h.status = 'Failed'
    this.status = o.status
    this.errorInformation = { code: o.code, message: o.message }
    const rollback = !this.isRollback && (o.rollback ?? this.rollbackEnabledFor(o.trigger))
    this.freeze()
    const s = this.service
    if (rollback) {
      const rb = this.host.createRollback(this, at)
      this.rollbackInfo = {
        ...(this.rollbackInfo ?? {}),
        rollbackDeploymentId: rb.id,
        rollbackMessage: `Deployment ${this.id} was rolled back by deployment ${rb.id}.`
      }
    } else if (s) {
      const to = this.set(this.toSetId)
      const from = this.set(this.fromSetId)
      if (this.toWeight >= 100 && this.phase === 'termination' && to) {
        // traffic is already on the replacement: keep it and finish the swap
        this.host.ecs.promote(s, to, at)
        if (from) this.host.ecs.deleteSet(s, from, at, 'Task set deleted by CodeDeploy')
      } else {
        this.toWeight = 0
        this.route('prod', 0, at)
        this.route('test', 0, at)
        if (to && !this.isRollback) this.host.ecs.deleteSet(s, to, at, 'Task set deleted by CodeDeploy')
      }
    }
    this.complete(at)
    this.host.log(`${this.id} ${o.status}: ${o.code} ${o.message}${rollback ? ` (rollback ${this.rollbackInfo?.rollbackDeploymentId})` : ''}`)
  }

  private complete(at: number): void {
    this.phase = 'terminal'
    this.completeTime = at
    this.touch(at)
    this.terminalAtRealMs = Math.min(Date.now(), this.host.realAt(at))
    this.terminalProcessedAtRealMs = Date.now()
    if (this.status === 'Succeeded') this.host.log(`${this.id} Succeeded`)
    this.host.onTerminal(this)
  }

  private freeze(): void {
    this.frozenTaskSets = this.taskSetsInfo()
  }

  // ------------------------------------------------------------------ client operations

  hookVerdict(h: HookRec, status: 'Succeeded' | 'Failed', now: number): void {
    h.status = status
    h.verdictAt = Math.max(now, h.startedAt)
  }

  // ------------------------------------------------------------------ views

  targetStatus(): TargetStatus {
    switch (this.status) {
      case 'Created':
      case 'Queued':
        return 'Pending'
      case 'Ready':
        return 'Ready'
      case 'Succeeded':
        return 'Succeeded'
      case 'Failed':
      case 'Stopped':
        return 'Failed'
      default:
        return 'InProgress'
    }
  }

  taskSetsInfo(): ECSTaskSet[] {
    if (this.frozenTaskSets) return this.frozenTaskSets
    const s = this.service
    const out: ECSTaskSet[] = []
    const entry = (id: string | undefined, label: 'Blue' | 'Green', weight: number, tg: string): void => {
      const set = this.set(id)
      if (!s || !set) return
      const c = this.host.ecs.counts(set)
      out.push({
        identifer: set.id,
        desiredCount: this.host.ecs.desiredOf(s, set),
        pendingCount: c.pending,
        runningCount: c.running,
        status: set.status,
        trafficWeight: weight,
        targetGroup: { name: tg },
        taskSetLabel: label
      })
    }
    // Blue is always the task set that served before the release; in a rollback it is the destination.
    if (this.isRollback) {
      entry(this.toSetId, 'Blue', this.toWeight, this.toTg)
      entry(this.fromSetId, 'Green', 100 - this.toWeight, this.fromTg)
    } else {
      entry(this.fromSetId, 'Blue', 100 - this.toWeight, this.fromTg)
      entry(this.toSetId, 'Green', this.toWeight, this.toTg)
    }
    return out
  }

  lifecycleEvents(): LifecycleEvent[] {
    return this.events.map((e) => ({
      lifecycleEventName: e.name,
      ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
      ...(e.start !== undefined ? { startTime: new Date(e.start) } : {}),
      ...(e.end !== undefined ? { endTime: new Date(e.end) } : {}),
      status: e.status
    }))
  }

  target(): DeploymentTarget {
    return {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: {
        deploymentId: this.id,
        targetId: this.targetId,
        targetArn: this.serviceArn,
        lastUpdatedAt: new Date(this.lastUpdatedAt),
        lifecycleEvents: this.lifecycleEvents(),
        status: this.targetStatus(),
        taskSetsInfo: this.taskSetsInfo()
      }
    }
  }

  info(): DeploymentInfo {
    const ts = this.targetStatus()
    const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 }
    if (ts in overview) overview[ts as keyof typeof overview] = 1
    const info: DeploymentInfo = {
      applicationName: this.applicationName,
      deploymentGroupName: this.deploymentGroupName,
      deploymentConfigName: this.config.deploymentConfigName,
      deploymentId: this.id,
      previousRevision: this.previousRevision,
      revision: this.revision,
      status: this.status,
      errorInformation: this.errorInformation,
      createTime: new Date(this.createTime),
      startTime: this.startTime !== undefined ? new Date(this.startTime) : undefined,
      completeTime: this.completeTime !== undefined ? new Date(this.completeTime) : undefined,
      deploymentOverview: overview,
      description: this.description,
      creator: this.creator,
      ignoreApplicationStopFailures: false,
      autoRollbackConfiguration: this.autoRollbackConfiguration,
      updateOutdatedInstancesOnly: false,
      rollbackInfo: this.rollbackInfo,
      deploymentStyle: this.deploymentStyle,
      instanceTerminationWaitTimeStarted: this.instanceTerminationWaitTimeStarted,
      blueGreenDeploymentConfiguration: this.blueGreen,
      loadBalancerInfo: this.loadBalancerInfo,
      fileExistsBehavior: 'DISALLOW',
      deploymentStatusMessages: this.statusMessages,
      computePlatform: 'ECS'
    }
    return info
  }

  /** Everything a test may want to look at (control API /_emulator/state). */
  dump() {
    return {
      deploymentId: this.id,
      applicationName: this.applicationName,
      deploymentGroupName: this.deploymentGroupName,
      deploymentConfigName: this.config.deploymentConfigName,
      status: this.status,
      creator: this.creator,
      isRollback: this.isRollback,
      createTime: this.createTime,
      completeTime: this.completeTime,
      terminalAtRealMs: this.terminalAtRealMs,
      terminalProcessedAtRealMs: this.terminalProcessedAtRealMs,
      errorInformation: this.errorInformation,
      rollbackInfo: this.rollbackInfo,
      targetId: this.targetId,
      greenTaskSetId: this.isRollback ? this.fromSetId : this.toSetId,
      blueTaskSetId: this.isRollback ? this.toSetId : this.fromSetId,
      trafficWeights: this.isRollback ? { blue: this.toWeight, green: 100 - this.toWeight } : { blue: 100 - this.toWeight, green: this.toWeight },
      lifecycleEvents: this.events.map((e) => ({
        lifecycleEventName: e.name,
        status: e.status,
        startTime: e.start,
        endTime: e.end,
        diagnostics: e.diagnostics
      })),
      hooks: this.hooks.map((h) => ({ ...h })),
      taskDefinitionArn: this.spec.taskDefinitionArn
    }
  }
}
