/**
 * Fault switches. Everything here is optional; an empty object means "behave like a healthy AWS".
 * See emulator/README.md for the JSON format.
 */
/** Call-log service names: the IAM prefixes of the emulated APIs. */
export type ServiceName = 'ecs' | 'codedeploy' | 'elasticloadbalancing' | 'cloudwatch' | 'logs' | 'ecr'

/** Which calls a rule applies to. Omitted fields match everything. */
export interface CallMatch {
  service?: ServiceName | undefined
  /** Operation names, e.g. ["GetDeployment", "CreateDeployment"]. */
  operations?: string[] | undefined
}

export interface ThrottleFault extends CallMatch {
  /** Probability 0..1 that a matching call gets ThrottlingException. */
  rate: number
  /** Only for this many real milliseconds after the fault was set. */
  forMs?: number | undefined
  /** forMs counts from the first call the rule matches instead (a test then does not depend on how soon that call comes). */
  startsAtFirstCall?: boolean | undefined
}

export interface ErrorFault extends CallMatch {
  /** 500 (ServerException / InternalFailure) or 503 (ServiceUnavailable). */
  status: 500 | 503
  /** Fail the next `count` matching calls (decremented as they fire). */
  count?: number | undefined
  /** Or: fail matching calls with this probability. */
  rate?: number | undefined
  forMs?: number | undefined
  startsAtFirstCall?: boolean | undefined
  /** Override the __type sent back. */
  type?: string | undefined
}

export interface DropFault extends CallMatch {
  /** Drop the next `count` matching calls. */
  count?: number | undefined
  /** Or: drop matching calls with this probability. */
  rate?: number | undefined
  /** Apply the operation first, then drop the connection (the client never sees the response). */
  after?: boolean | undefined
  forMs?: number | undefined
  startsAtFirstCall?: boolean | undefined
}

export interface LatencyFault extends CallMatch {
  /** Extra real milliseconds before the response. */
  ms: number
  /** Plus uniformly random 0..jitterMs. */
  jitterMs?: number | undefined
}

export interface RateLimitFault extends CallMatch {
  /** Token refill per real second (per operation). */
  perSecond: number
  /** Bucket size; default = perSecond. */
  burst?: number | undefined
  /** One bucket per operation (default true) or one shared bucket per service. */
  perOperation?: boolean | undefined
}

export type HookMode = 'succeed' | 'fail' | 'manual'

export interface HookFault {
  /** succeed (default behaviour, after delaySeconds), fail (after delaySeconds), manual (wait for a verdict). */
  mode: HookMode
  /** Lifecycle events this applies to (default: all hook events). */
  events?: string[] | undefined
  /** Virtual seconds before an automatic verdict (default 2). */
  delaySeconds?: number | undefined
}

/**
 * Why the new deployment's tasks fail, each as AWS reports it (emulator/containers.ts has the texts):
 * the essential container exits 1 after a stack trace (`exit`, the default); the image cannot be
 * pulled, its tag missing (`image-pull`) or the execution role refused (`image-pull-denied`); the
 * execution role may not read the container's secret (`secret`); the awslogs group does not exist
 * (`log-group`); the container is killed at its memory limit (`out-of-memory`); the container's
 * health check keeps failing (`container-health`); the target group's health checks keep failing
 * (`elb-health`). The last two run first, and ECS stops them.
 */
export type FailureCause = 'exit' | 'image-pull' | 'image-pull-denied' | 'secret' | 'log-group' | 'out-of-memory' | 'container-health' | 'elb-health'

export interface GreenTasksFailFault {
  /** The cause, which sets stoppedReason, stopCode, exit code, container reason and log lines (default 'exit'). */
  cause?: FailureCause | undefined
  /** stoppedReason of the failed tasks, over the cause's (default "Essential container in task exited"). */
  reason?: string | undefined
  /** Container exit code, over the cause's (default 1), for causes where the container started. */
  exitCode?: number | undefined
  /** Container-level reason, over the cause's (default none, like a plain non-zero exit). */
  containerReason?: string | undefined
}

/**
 * A task started with RunTask (a release's pre-release task): its command container runs
 * `runsForSeconds` virtual seconds after it starts, writing a migration's lines, and exits with
 * `exitCode`; or it cannot start: `capacity` is RunTask answering with a failure and no task
 * (Fargate's "Capacity is unavailable at this time...", an EC2 cluster's RESOURCE:MEMORY), the others
 * stop the task as greenTasksFail's causes of the same name do (TaskFailedToStart).
 */
export interface RunTaskFault {
  /** The command container's exit code (default 0). */
  exitCode?: number | undefined
  /** Virtual seconds from the container's start to its exit (default 20). */
  runsForSeconds?: number | undefined
  cannotStart?: 'capacity' | 'image-pull' | 'image-pull-denied' | 'secret' | 'log-group' | undefined
}

export interface AlarmFault {
  /** Alarm to set to ALARM; default: the deployment group's first alarm. */
  name?: string | undefined
  /** Fire after this many traffic shift steps have happened (default 1 = right after the first shift). */
  afterStep?: number | undefined
}

export interface UnhealthyTargetsFault {
  /** Target group names or ARNs this applies to (default: all). */
  targetGroups?: string[] | undefined
  /** TargetHealth.Reason (default Target.ResponseCodeMismatch; also Target.Timeout, Target.FailedHealthChecks). */
  reason?: string | undefined
  /** TargetHealth.Description (default "Health checks failed with these codes: [502]"). */
  description?: string | undefined
}

/**
 * The requests the emulated ALBs send (emulator/traffic.ts): how many, and how the new side of a
 * release answers them. Changing it affects the minutes from then on, never those already past.
 */
export interface TrafficFault {
  /** Requests per minute each production route (listener default action or rule forwarding to target groups) carries (default 1200). */
  requestsPerMinute?: number | undefined
  /** Share 0..1 of the new side's requests answered 5xx (default: the old side's 0.3 %). */
  greenErrorRate?: number | undefined
  /** The new side's p95 TargetResponseTime in ms; its whole latency distribution is scaled to it (default: the old side's, p95 200 ms). */
  greenLatencyMs?: number | undefined
  /**
   * Virtual seconds after a minute ends before its metrics are published (default 0: at once, the
   * running minute as it is so far). ALB publishes about a minute late; alarms evaluated from
   * metrics then evaluate a period this long after it ends, as CloudWatch waits for the data.
   */
  publishDelaySeconds?: number | undefined
  /** Every alarm whose metrics the world has is evaluated from them at each period boundary, as CloudWatch does (emulator/alarm-evaluation.ts); otherwise alarms change only by the alarm fault or the control API. */
  evaluateAlarms?: boolean | undefined
}

export interface FaultConfig {
  throttle?: ThrottleFault | ThrottleFault[] | undefined
  errors?: ErrorFault | ErrorFault[] | undefined
  drop?: DropFault | DropFault[] | undefined
  latency?: number | LatencyFault | LatencyFault[] | undefined
  rateLimit?: RateLimitFault | undefined
  greenTasksFail?: boolean | GreenTasksFailFault | undefined
  installHang?: boolean | undefined
  hooks?: HookMode | HookFault | HookFault[] | undefined
  /** Also fires mid-shift in an ALB weighted release (after `afterStep` weight changes away from the live side). */
  alarm?: boolean | string | AlarmFault | undefined
  /** Tasks of a new deployment (CodeDeploy green task set, or an ECS-controller service's new task definition) run but fail ALB health checks. */
  unhealthyTargets?: boolean | UnhealthyTargetsFault | undefined
  /** Tasks started with RunTask: how long they run, how they exit, or why they cannot start. */
  runTask?: RunTaskFault | undefined
  /** ECR has not got these images (`repository:tag`) or repositories (`repository`); every other one is there. */
  missingImages?: string[] | undefined
  /** The ALB's requests to target groups, and the new side's errors and latency (emulator/traffic.ts). */
  traffic?: TrafficFault | undefined
}

/**
 * A rule with a rate below 1 refuses one operation at most this many times in a row (the next call
 * of it goes through): AWS's throttling lets a client that backs off through, and the SDK tries a
 * call a few times. Without the cap, a 30 % rate now and then refuses one call past every retry and
 * fails the release of a test about surviving that rate. A rate of 1 (always) and counts are not capped.
 */
export const MAX_REFUSALS_IN_A_ROW = 3

export type FaultAction =
  { kind: 'none' } | { kind: 'throttle' } | { kind: 'error'; status: number; type: string; message: string } | { kind: 'drop'; after: boolean }

export interface FaultDecision {
  latencyMs: number
  action: FaultAction
}

const arr = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x])

function matches(m: CallMatch, service: ServiceName, operation: string): boolean {
  if (m.service && m.service !== service) return false
  if (m.operations && m.operations.length && !m.operations.includes(operation)) return false
  return true
}

interface Bucket {
  tokens: number
  at: number
}

export class Faults {
  private cfg: FaultConfig = {}
  private setAt = Date.now()
  private buckets = new Map<string, Bucket>()
  /** Real epoch ms of the first call each startsAtFirstCall rule matched (the rules of the current config). */
  private firstCallAt = new WeakMap<object, number>()
  /** Calls of each operation ("ecs.DescribeServices") refused by chance in a row, up to now. */
  private refusedInARow = new Map<string, number>()

  /** Told of every new configuration (the traffic model keeps their history in virtual time). */
  onChange?: ((cfg: FaultConfig) => void) | undefined

  constructor(private readonly random: () => number = Math.random) {}

  get config(): FaultConfig {
    return this.cfg
  }

  set(cfg: FaultConfig): FaultConfig {
    this.cfg = structuredClone(cfg ?? {})
    this.setAt = Date.now()
    this.buckets.clear()
    this.refusedInARow.clear()
    this.onChange?.(this.cfg)
    return this.cfg
  }

  merge(cfg: FaultConfig): FaultConfig {
    return this.set({ ...this.cfg, ...(cfg ?? {}) })
  }

  reset(): void {
    this.set({})
  }

  private live(f: { forMs?: number | undefined; startsAtFirstCall?: boolean | undefined }): boolean {
    if (f.forMs === undefined) return true
    let from = this.setAt
    if (f.startsAtFirstCall) {
      from = this.firstCallAt.get(f) ?? Date.now()
      this.firstCallAt.set(f, from)
    }
    return Date.now() - from < f.forMs
  }

  /** Decide what happens to an API call. Mutates counters of `count` rules. */
  decide(service: ServiceName, operation: string): FaultDecision {
    let latencyMs = 0
    const lat = this.cfg.latency
    if (typeof lat === 'number') latencyMs = lat
    else for (const l of arr(lat)) if (matches(l, service, operation)) latencyMs += l.ms + (l.jitterMs ? this.random() * l.jitterMs : 0)

    const key = `${service}.${operation}`
    let byChance = false
    // A rate below 1 refuses by chance, and not past the cap of refusals in a row.
    const chance = (rate: number): boolean => {
      if (rate >= 1) return true
      const fire = (this.refusedInARow.get(key) ?? 0) < MAX_REFUSALS_IN_A_ROW && this.random() < rate
      byChance ||= fire
      return fire
    }
    const action = this.pickAction(service, operation, chance)
    if (byChance) this.refusedInARow.set(key, (this.refusedInARow.get(key) ?? 0) + 1)
    else this.refusedInARow.delete(key)
    return { latencyMs, action }
  }

  private pickAction(service: ServiceName, operation: string, chance: (rate: number) => boolean): FaultAction {
    for (const d of arr(this.cfg.drop)) {
      if (!matches(d, service, operation) || !this.live(d)) continue
      if (d.count !== undefined) {
        if (d.count > 0) {
          d.count--
          return { kind: 'drop', after: !!d.after }
        }
      } else if (d.rate !== undefined && chance(d.rate)) return { kind: 'drop', after: !!d.after }
    }
    for (const e of arr(this.cfg.errors)) {
      if (!matches(e, service, operation) || !this.live(e)) continue
      let fire = false
      if (e.count !== undefined) {
        if (e.count > 0) {
          e.count--
          fire = true
        }
      } else if (e.rate !== undefined) fire = chance(e.rate)
      if (fire) {
        const type = e.type ?? (e.status === 503 ? 'ServiceUnavailable' : service === 'ecs' ? 'ServerException' : 'InternalFailure')
        const message = e.status === 503 ? 'Service is unavailable. Please try again later.' : 'Internal server error'
        return { kind: 'error', status: e.status, type, message }
      }
    }
    for (const t of arr(this.cfg.throttle)) {
      if (matches(t, service, operation) && this.live(t) && chance(t.rate)) return { kind: 'throttle' }
    }
    const rl = this.cfg.rateLimit
    if (rl && matches(rl, service, operation) && !this.take(rl, service, operation)) return { kind: 'throttle' }
    return { kind: 'none' }
  }

  private take(rl: RateLimitFault, service: ServiceName, operation: string): boolean {
    const key = rl.perOperation === false ? service : `${service}.${operation}`
    const burst = rl.burst ?? rl.perSecond
    const now = Date.now()
    let b = this.buckets.get(key)
    if (!b) {
      b = { tokens: burst, at: now }
      this.buckets.set(key, b)
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rl.perSecond)
    b.at = now
    if (b.tokens >= 1) {
      b.tokens -= 1
      return true
    }
    return false
  }

  /** How a hook for `event` should be resolved. */
  hookBehaviour(event: string): { mode: HookMode; delayMs: number } {
    const h = this.cfg.hooks
    if (typeof h === 'string') return { mode: h, delayMs: 2000 }
    for (const f of arr(h)) {
      if (!f.events || f.events.includes(event)) return { mode: f.mode, delayMs: (f.delaySeconds ?? 2) * 1000 }
    }
    return { mode: 'succeed', delayMs: 2000 }
  }

  greenTasksFail(): GreenTasksFailFault | undefined {
    const g = this.cfg.greenTasksFail
    if (!g) return undefined
    return g === true ? {} : g
  }

  runTask(): RunTaskFault {
    return this.cfg.runTask ?? {}
  }

  missingImages(): string[] {
    return this.cfg.missingImages ?? []
  }

  installHang(): boolean {
    return !!this.cfg.installHang
  }

  unhealthyTargets(): UnhealthyTargetsFault | undefined {
    const u = this.cfg.unhealthyTargets
    if (!u) return undefined
    return u === true ? {} : u
  }

  /** Whether alarms are evaluated from the world's metrics (`traffic.evaluateAlarms`). */
  evaluateAlarms(): boolean {
    return !!this.cfg.traffic?.evaluateAlarms
  }

  traffic(): TrafficFault | undefined {
    return this.cfg.traffic
  }

  alarm(): AlarmFault | undefined {
    const a = this.cfg.alarm
    if (!a) return undefined
    if (a === true) return {}
    if (typeof a === 'string') return { name: a }
    return a
  }
}
