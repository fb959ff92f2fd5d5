/**
 * Amazon ECS: clusters, task definitions, services, task sets and tasks.
 * Tasks move PROVISIONING → PENDING → RUNNING (or STOPPED) over virtual time; the service
 * scheduler keeps each task set / deployment at its computed desired count.
 */
import type {
  Attribute,
  CapacityProviderStrategyItem,
  Cluster,
  Container,
  ContainerDefinition,
  Deployment,
  DeploymentController,
  Failure,
  LaunchType,
  LoadBalancer,
  NetworkConfiguration,
  Service,
  ServiceEvent,
  Tag,
  Task,
  TaskDefinition,
  TaskSet
} from '@aws-sdk/client-ecs'
import { appOf, failureLines, oneOffLines, planFailure, sigtermLines, startLines, type App, type FailurePlan, type Line } from './containers.js'
import { err } from './errors.js'
import type { Faults, GreenTasksFailFault } from './faults.js'
import { ACCOUNT_ID, ecsArn, ecsSvcId, hex, nameFromArnOrName, uuid } from './ids.js'
import { NATIVE_STRATEGIES, ServiceDeployments, type Fleet, type RuleWeight } from './service-deployment.js'

export interface Ctx {
  region: string
  /** Virtual epoch ms. */
  now: number
}

type Params = Record<string, any>

/** Virtual-time durations (ms) of the task lifecycle. */
export const TASK_TIMING = {
  provisionMin: 4_000,
  provisionMax: 8_000,
  startMin: 30_000,
  startMax: 40_000,
  stopMs: 8_000,
  relaunchDelayMs: 10_000,
  drainMs: 10_000
}

interface TaskDefRec {
  td: TaskDefinition
  region: string
}

interface TaskRec {
  arn: string
  id: string
  region: string
  clusterName: string
  serviceName?: string | undefined
  setId?: string | undefined
  taskDefinitionArn: string
  group: string
  startedBy?: string | undefined
  launchType?: LaunchType | undefined
  capacityProviderName?: string | undefined
  platformVersion?: string | undefined
  cpu?: string | undefined
  memory?: string | undefined
  az: string
  ip: string
  eniId: string
  subnetId?: string | undefined
  containers: { name: string; image: string; arn: string }[]
  // schedule (virtual ms)
  createdAt: number
  pendingAt: number
  runningAt: number // Infinity = hang in PENDING
  /** How it fails (greenTasksFail); undefined for a task that runs. */
  fail?: FailurePlan | undefined
  /** A failure that comes after it runs (health causes): when ECS stops it. Such a task never counts as ready. */
  doomAt?: number | undefined
  /** Its essential container's health check failed (container-health). */
  unhealthy?: boolean | undefined
  /** Where its containers' output goes: the awslogs containers whose group existed when it started. */
  out?: ContainerOut[] | undefined
  /** A task RunTask started: the container whose command runs, and how long it runs and how it exits (the runTask fault). */
  oneOff?: { container: string; command: string[]; runsForMs: number; exitCode: number } | undefined
  /** When a one-off task's command container exits (virtual ms). */
  exitAt?: number | undefined
  /** Exit codes of single containers, over the task's (a one-off task's command container, which exits first). */
  exitCodes?: Record<string, number> | undefined
  // materialised state
  lastStatus: string
  desiredStatus: 'RUNNING' | 'STOPPED'
  pullStartedAt?: number | undefined
  pullStoppedAt?: number | undefined
  startedAt?: number | undefined
  stoppingAt?: number | undefined
  stoppedAt?: number | undefined
  stopAt?: number | undefined
  stopCode?: string | undefined
  stoppedReason?: string | undefined
  exitCode?: number | undefined
  containerReason?: string | undefined
  version: number
}

/** One awslogs container of a task: its stream, and what its app lines name. */
interface ContainerOut {
  name: string
  group: string
  stream: string
  app: App
  /** The container whose failure the task's is (the first essential one). */
  culprit: boolean
}

/** Where containers write (CloudWatch Logs): lines at their virtual times, dropped when the task stops first. */
export interface ContainerLogs {
  hasGroup(name: string): boolean
  emit(owner: string, group: string, stream: string, lines: { at: number; message: string }[]): void
  stopped(owner: string, at: number): void
}

/** A target group's health check as ECS's ELB-health stop needs it (undefined: the emulator has no such group). */
export type TargetGroupHealthCheck = (arn: string) => { intervalSeconds: number; unhealthyThreshold: number; path: string } | undefined

export interface SetRec {
  kind: 'taskSet' | 'deployment'
  id: string
  arn: string
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  taskDefinitionArn: string
  /** Percent of the service's desired count. */
  scale: number
  launchType?: LaunchType | undefined
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined
  platformVersion?: string | undefined
  networkConfiguration?: NetworkConfiguration | undefined
  loadBalancers: LoadBalancer[]
  startedBy?: string | undefined
  externalId?: string | undefined
  createdAt: number
  updatedAt: number
  stable: boolean
  stabilityAt: number
  nextLaunchAt: number
  failedTasks: number
  lastFailureReason?: string | undefined
  /** Created by CodeDeploy as the replacement (green) task set of a non-rollback deployment. */
  green: boolean
  deleting: boolean
  rolloutState?: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | undefined
  rolloutStateReason?: string | undefined
  /** Driven by an ECS-native service deployment: the rolling scheduler leaves it alone. */
  managed?: boolean | undefined
}

export interface ServiceRec {
  region: string
  clusterName: string
  name: string
  arn: string
  clusterArn: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  loadBalancers: LoadBalancer[]
  launchType?: LaunchType | undefined
  capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined
  platformVersion?: string | undefined
  networkConfiguration?: NetworkConfiguration | undefined
  deploymentController: DeploymentController
  healthCheckGracePeriodSeconds?: number | undefined
  taskDefinitionArn: string
  createdAt: number
  roleArn?: string | undefined
  propagateTags?: string | undefined
  enableECSManagedTags: boolean
  enableExecuteCommand: boolean
  deploymentConfiguration: { maximumPercent: number; minimumHealthyPercent: number; [k: string]: unknown }
  sets: SetRec[]
  events: ServiceEvent[]
  steady: boolean
}

interface ClusterRec {
  name: string
  arn: string
  region: string
  status: string
  settings: Cluster['settings']
  capacityProviders: string[]
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[]
}

const TD_FIELDS = new Set([
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection'
])
const TD_READ_ONLY = new Set([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt'
])

/** TargetHealth.Description of the elb-health cause's targets (its app answers 503), unless unhealthyTargets says otherwise. */
export const ELB_HEALTH_DESCRIPTION = 'Health checks failed with these codes: [503]'

const rand = (min: number, max: number): number => min + Math.random() * (max - min)
const d = (ms: number | undefined): Date | undefined => (ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms))
const shortId = (arn: string): string => arn.split('/').pop()!

export class Ecs {
  clusters = new Map<string, ClusterRec>()
  taskDefs = new Map<string, TaskDefRec[]>()
  services = new Map<string, ServiceRec>() // key cluster/service
  tasks = new Map<string, TaskRec>() // key task arn
  private bySet = new Map<string, TaskRec[]>() // task set id -> its tasks
  tags = new Map<string, Tag[]>() // key resource arn
  private ipCounter = 10
  private lastNow = 0
  /** RunTask's client tokens: a token seen before starts no second task (ECS's idempotency). */
  private runTokens = new Map<string, { request: string; arns: string[] }>()

  /** CloudWatch alarm states (the world's), read by service deployments. */
  alarms = new Map<string, string>()
  /** CloudWatch Logs, where awslogs containers write (the world's). */
  logs?: ContainerLogs | undefined
  /** The load balancer's health check of a target group (the world's ELBv2). */
  targetGroupHealthCheck?: TargetGroupHealthCheck | undefined
  /** A listener rule's forward weights (the world's ELBv2), for blue/green routing. */
  routeWeights?: ((ruleArn: string) => RuleWeight[] | undefined) | undefined
  /** Moves a listener rule's forward weights at a virtual time (the world's ELBv2). */
  shiftWeights?: ((ruleArn: string, weights: RuleWeight[], at: number) => boolean) | undefined
  /** Task definitions each service has run to completion: a rollback to one is not 'green'. */
  private completedTds = new Map<string, Set<string>>()
  readonly sd: ServiceDeployments

  constructor(private readonly faults: Faults) {
    this.sd = new ServiceDeployments(this.fleet(), faults, () => this.alarms)
  }

  /** What service deployments drive: sets of a service by key cluster/service. */
  private fleet(): Fleet {
    const svc = (key: string): ServiceRec => this.services.get(key)!
    const set = (key: string, id: string): SetRec | undefined => svc(key)?.sets.find((x) => x.id === id)
    return {
      startSet: (key, td, green, now, targetGroupArn) => {
        const s = svc(key)
        // blue/green routing: the new revision's tasks join the target group without production traffic
        const loadBalancers = targetGroupArn
          ? s.loadBalancers.map((lb) => (lb.advancedConfiguration?.alternateTargetGroupArn ? { ...lb, targetGroupArn } : lb))
          : s.loadBalancers
        const x = this.createSet(s, 'deployment', td, { region: s.region, now }, { status: 'ACTIVE', scale: 100, loadBalancers, green })
        x.managed = true
        return x.id
      },
      routes: (key) => {
        const lb = svc(key)?.loadBalancers.find(
          (l) => l.targetGroupArn && l.advancedConfiguration?.alternateTargetGroupArn && l.advancedConfiguration.productionListenerRule
        )
        const a = lb?.advancedConfiguration
        if (!lb?.targetGroupArn || !a?.alternateTargetGroupArn || !a.productionListenerRule) return undefined
        return {
          productionRule: a.productionListenerRule,
          testRule: a.testListenerRule,
          targetGroupArn: lb.targetGroupArn,
          alternateTargetGroupArn: a.alternateTargetGroupArn
        }
      },
      weights: (rule) => this.routeWeights?.(rule),
      shift: (rule, weights, at) => void this.shiftWeights?.(rule, weights, at),
      setCounts: (key, id) => {
        const s = svc(key)
        const x = set(key, id)
        if (!x) return { running: 0, ready: 0, pending: 0, desired: 0, failed: 0 }
        return { ...this.counts(x), desired: this.desiredOf(s, x), failed: x.failedTasks, lastFailure: x.lastFailureReason }
      },
      promote: (key, id, now) => {
        const x = set(key, id)
        if (x) this.promote(svc(key), x, now)
      },
      removeSet: (key, id, now, reason) => {
        const x = set(key, id)
        if (x) this.deleteSet(svc(key), x, now, reason)
      },
      release: (key, id, state, now) => {
        const x = set(key, id)
        if (!x) return
        x.managed = false
        x.rolloutState = state
        x.updatedAt = now
        if (state === 'COMPLETED') this.goodTd(svc(key), x.taskDefinitionArn)
      },
      event: (key, now, message) => this.addEvent(svc(key), now, message),
      desiredCount: (key) => svc(key).desiredCount,
      rollBack: (key, id, td, now, reason) => {
        const s = svc(key)
        const x = set(key, id)
        if (!x) return undefined
        x.rolloutState = 'FAILED'
        x.rolloutStateReason = reason
        this.addEvent(s, now, `(service ${s.name}) (deployment ${x.id}) deployment stopped: ${reason}`)
        return this.rollBackTo(s, x, td, now).id
      }
    }
  }

  private goodTd(s: ServiceRec, td: string): void {
    const set = this.completedTds.get(s.arn) ?? new Set<string>()
    set.add(td)
    this.completedTds.set(s.arn, set)
  }

  private isNative(s: ServiceRec): boolean {
    return s.deploymentController.type === 'ECS' && NATIVE_STRATEGIES.has(String(s.deploymentConfiguration.strategy ?? ''))
  }

  reset(): void {
    this.sd.reset()
    this.completedTds.clear()
    this.clusters.clear()
    this.taskDefs.clear()
    this.services.clear()
    this.tasks.clear()
    this.bySet.clear()
    this.tags.clear()
    this.runTokens.clear()
  }

  // ---------------------------------------------------------------- helpers

  private clusterRec(ref: string | undefined): ClusterRec {
    const name = nameFromArnOrName(ref ?? 'default')
    const c = this.clusters.get(name)
    if (!c || c.status !== 'ACTIVE') throw err('ClusterNotFoundException', 'Cluster not found.')
    return c
  }

  serviceRec(clusterRef: string | undefined, serviceRef: string, mustBeActive = true): ServiceRec {
    const c = this.clusterRec(clusterRef)
    const s = this.services.get(`${c.name}/${nameFromArnOrName(serviceRef)}`)
    if (!s || (mustBeActive && s.status !== 'ACTIVE')) throw err('ServiceNotFoundException', 'Service not found.')
    return s
  }

  findService(clusterRef: string, serviceRef: string): ServiceRec | undefined {
    const s = this.services.get(`${nameFromArnOrName(clusterRef)}/${nameFromArnOrName(serviceRef)}`)
    return s && s.status === 'ACTIVE' ? s : undefined
  }

  /** Resolve family, family:revision or ARN. Family alone means the latest ACTIVE revision. */
  findTaskDef(ref: string): TaskDefinition | undefined {
    let s = ref
    const m = /^arn:aws[\w-]*:ecs:[^:]*:\d{12}:task-definition\/(.+)$/.exec(ref)
    if (m) s = m[1]!
    const [family, rev] = s.split(':')
    const revs = this.taskDefs.get(family!)
    if (!revs) return undefined
    if (rev !== undefined) {
      const n = Number(rev)
      return Number.isInteger(n) ? revs[n - 1]?.td : undefined
    }
    for (let i = revs.length - 1; i >= 0; i--) if (revs[i]!.td.status === 'ACTIVE') return revs[i]!.td
    return undefined
  }

  private addEvent(s: ServiceRec, now: number, message: string): void {
    s.events.unshift({ id: uuid(), createdAt: new Date(now), message })
    if (s.events.length > 100) s.events.length = 100
  }

  private setLabel(s: ServiceRec, set: SetRec): string {
    return set.kind === 'taskSet' ? `(service ${s.name}, taskSet ${set.id})` : `(service ${s.name})`
  }

  private tagsOf(arn: string): Tag[] {
    return this.tags.get(arn) ?? []
  }

  private putTags(arn: string, tags: Tag[] | undefined): void {
    if (!tags || !tags.length) return
    const cur = this.tagsOf(arn).filter((t) => !tags.some((n) => n.key === t.key))
    this.tags.set(arn, [...cur, ...tags.map((t) => ({ key: t.key, value: t.value }))])
  }

  // ---------------------------------------------------------------- clusters

  CreateCluster(p: Params, ctx: Ctx) {
    const name = p.clusterName ?? 'default'
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
      throw err('InvalidParameterException', 'Cluster name can have up to 255 letters, numbers, hyphens and underscores.')
    let c = this.clusters.get(name)
    if (!c || c.status !== 'ACTIVE') {
      c = {
        name,
        arn: ecsArn(ctx.region, `cluster/${name}`),
        region: ctx.region,
        status: 'ACTIVE',
        settings: p.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
        capacityProviders: p.capacityProviders ?? [],
        defaultCapacityProviderStrategy: p.defaultCapacityProviderStrategy ?? []
      }
      this.clusters.set(name, c)
    }
    this.putTags(c.arn, p.tags)
    return { cluster: this.clusterOut(c, true) }
  }

  private clusterOut(c: ClusterRec, withTags: boolean): Cluster {
    let running = 0
    let pending = 0
    for (const t of this.tasks.values()) {
      if (t.clusterName !== c.name) continue
      if (t.lastStatus === 'RUNNING') running++
      else if (t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING') pending++
    }
    let services = 0
    for (const s of this.services.values()) if (s.clusterName === c.name && s.status === 'ACTIVE') services++
    const out: Cluster = {
      clusterArn: c.arn,
      clusterName: c.name,
      status: c.status,
      registeredContainerInstancesCount: 0,
      runningTasksCount: running,
      pendingTasksCount: pending,
      activeServicesCount: services,
      statistics: [],
      settings: c.settings,
      capacityProviders: c.capacityProviders,
      defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy
    }
    if (withTags) out.tags = this.tagsOf(c.arn)
    return out
  }

  DescribeClusters(p: Params, _ctx: Ctx) {
    const refs: string[] = p.clusters && p.clusters.length ? p.clusters : ['default']
    const clusters: Cluster[] = []
    const failures: Failure[] = []
    const withTags = (p.include ?? []).includes('TAGS')
    for (const ref of refs) {
      const c = this.clusters.get(nameFromArnOrName(ref))
      if (c) clusters.push(this.clusterOut(c, withTags))
      else failures.push({ arn: ref.startsWith('arn:') ? ref : ecsArn(_ctx.region, `cluster/${ref}`), reason: 'MISSING' })
    }
    return { clusters, failures }
  }

  ListClusters(p: Params, _ctx: Ctx) {
    return paginate(
      [...this.clusters.values()].filter((c) => c.status === 'ACTIVE').map((c) => c.arn),
      p,
      'clusterArns'
    )
  }

  DeleteCluster(p: Params, _ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    for (const s of this.services.values())
      if (s.clusterName === c.name && s.status === 'ACTIVE')
        throw err('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.')
    c.status = 'INACTIVE'
    return { cluster: this.clusterOut(c, false) }
  }

  // ---------------------------------------------------------------- task definitions

  RegisterTaskDefinition(p: Params, ctx: Ctx) {
    for (const k of Object.keys(p)) {
      if (TD_READ_ONLY.has(k))
        throw err(
          'ClientException',
          `Unknown parameter in input: "${k}". "${k}" is a read-only field of a registered task definition (returned by DescribeTaskDefinition) and cannot be registered; remove it.`
        )
      if (!TD_FIELDS.has(k)) throw err('ClientException', `Unknown parameter in input: "${k}", must be one of: ${[...TD_FIELDS].join(', ')}`)
    }
    const family = p.family
    if (typeof family !== 'string' || !family) throw err('ClientException', 'Family must not be null or empty.')
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(family))
      throw err(
        'ClientException',
        'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.'
      )
    const defs: ContainerDefinition[] = p.containerDefinitions
    if (!Array.isArray(defs) || defs.length === 0) throw err('ClientException', 'Container list cannot be empty.')
    const networkMode = p.networkMode ?? 'bridge'
    if (!['bridge', 'host', 'awsvpc', 'none'].includes(networkMode)) throw err('ClientException', `Invalid networkMode '${networkMode}'.`)
    const reqCompat: string[] = p.requiresCompatibilities ?? []
    for (const rc of reqCompat)
      if (!['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'].includes(rc)) throw err('ClientException', `Invalid requiresCompatibilities value '${rc}'.`)
    const fargate = reqCompat.includes('FARGATE')
    if (fargate && networkMode !== 'awsvpc') throw err('ClientException', "Fargate only supports network mode 'awsvpc'.")
    if (fargate && !p.cpu) throw err('ClientException', "Fargate requires that 'cpu' be defined at the task level.")
    if (fargate && !p.memory) throw err('ClientException', "Fargate requires that 'memory' be defined at the task level.")
    const names = new Set<string>()
    const containers: ContainerDefinition[] = defs.map((c, i) => {
      if (!c || typeof c !== 'object') throw err('ClientException', `Container definition ${i} must be an object.`)
      if (!c.name) throw err('ClientException', 'Container.name should not be null or empty.')
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(c.name)) throw err('ClientException', `Container name '${c.name}' contains invalid characters.`)
      if (names.has(c.name)) throw err('ClientException', `Duplicate container name: ${c.name}`)
      names.add(c.name)
      if (!c.image) throw err('ClientException', 'Container.image should not be null or empty.')
      if (!p.memory && c.memory === undefined && c.memoryReservation === undefined)
        throw err('ClientException', `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`)
      const portMappings = (c.portMappings ?? []).map((pm) => {
        if (typeof pm.containerPort !== 'number' && !pm.containerPortRange)
          throw err('ClientException', `Invalid port mapping for container '${c.name}': containerPort is required.`)
        if (networkMode === 'awsvpc' && pm.hostPort !== undefined && pm.hostPort !== pm.containerPort)
          throw err('ClientException', 'When networkMode=awsvpc, the host ports and container ports in port mappings must match.')
        return {
          ...pm,
          hostPort: pm.hostPort ?? (networkMode === 'awsvpc' || networkMode === 'host' ? pm.containerPort : undefined),
          protocol: pm.protocol ?? 'tcp'
        }
      })
      return {
        ...c,
        cpu: c.cpu ?? 0,
        portMappings,
        essential: c.essential ?? true,
        environment: c.environment ?? [],
        mountPoints: c.mountPoints ?? [],
        volumesFrom: c.volumesFrom ?? [],
        systemControls: c.systemControls ?? []
      }
    })
    if (!containers.some((c) => c.essential)) throw err('ClientException', 'Task definition must have at least one essential container.')

    const revs = this.taskDefs.get(family) ?? []
    const revision = revs.length + 1
    const requiresAttributes: Attribute[] = [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }]
    if (networkMode === 'awsvpc') requiresAttributes.push({ name: 'ecs.capability.task-eni' })
    if (containers.some((c) => /\.dkr\.ecr\./.test(c.image ?? ''))) {
      requiresAttributes.push({ name: 'com.amazonaws.ecs.capability.ecr-auth' })
      if (p.executionRoleArn) requiresAttributes.push({ name: 'ecs.capability.execution-role-ecr-pull' })
    }
    if (containers.some((c) => c.logConfiguration?.logDriver === 'awslogs'))
      requiresAttributes.push({ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' })
    if (p.taskRoleArn) requiresAttributes.push({ name: 'com.amazonaws.ecs.capability.task-iam-role' })
    const compatibilities = ['EC2']
    if (networkMode === 'awsvpc' && p.cpu && p.memory) compatibilities.push('FARGATE')

    const { tags, ...rest } = p
    const td: TaskDefinition = {
      ...rest,
      taskDefinitionArn: ecsArn(ctx.region, `task-definition/${family}:${revision}`),
      containerDefinitions: containers,
      family,
      revision,
      networkMode: networkMode as TaskDefinition['networkMode'],
      volumes: p.volumes ?? [],
      status: 'ACTIVE',
      requiresAttributes,
      placementConstraints: p.placementConstraints ?? [],
      compatibilities: compatibilities as TaskDefinition['compatibilities'],
      registeredAt: new Date(ctx.now),
      registeredBy: `arn:aws:iam::${ACCOUNT_ID}:root`
    }
    revs.push({ td, region: ctx.region })
    this.taskDefs.set(family, revs)
    this.putTags(td.taskDefinitionArn!, tags)
    return { taskDefinition: td, tags: this.tagsOf(td.taskDefinitionArn!) }
  }

  DescribeTaskDefinition(p: Params, _ctx: Ctx) {
    if (!p.taskDefinition) throw err('ClientException', 'TaskDefinition cannot be null or empty.')
    const td = this.findTaskDef(p.taskDefinition)
    if (!td) throw err('ClientException', 'Unable to describe task definition.')
    const out: { taskDefinition: TaskDefinition; tags?: Tag[] | undefined } = { taskDefinition: td }
    if ((p.include ?? []).includes('TAGS')) out.tags = this.tagsOf(td.taskDefinitionArn!)
    return out
  }

  ListTaskDefinitions(p: Params, _ctx: Ctx) {
    const status = p.status ?? 'ACTIVE'
    const arns: string[] = []
    for (const [family, revs] of this.taskDefs) {
      if (p.familyPrefix && !family.startsWith(p.familyPrefix)) continue
      for (const r of revs) if (r.td.status === status) arns.push(r.td.taskDefinitionArn!)
    }
    arns.sort((a, b) => {
      const [fa, ra] = shortId(a).split(':')
      const [fb, rb] = shortId(b).split(':')
      return fa === fb ? Number(ra) - Number(rb) : fa! < fb! ? -1 : 1
    })
    if (p.sort === 'DESC') arns.reverse()
    return paginate(arns, p, 'taskDefinitionArns')
  }

  ListTaskDefinitionFamilies(p: Params, _ctx: Ctx) {
    const fams = [...this.taskDefs.keys()].filter((f) => !p.familyPrefix || f.startsWith(p.familyPrefix)).sort()
    return paginate(fams, p, 'families')
  }

  DeregisterTaskDefinition(p: Params, ctx: Ctx) {
    const ref: string = p.taskDefinition ?? ''
    if (!/:\d+$/.test(ref)) throw err('ClientException', 'The specified task definition identifier is invalid. Specify a valid revision.')
    const td = this.findTaskDef(ref)
    if (!td) throw err('ClientException', 'The specified task definition does not exist.')
    td.status = 'INACTIVE'
    td.deregisteredAt = new Date(ctx.now)
    return { taskDefinition: td }
  }

  // ---------------------------------------------------------------- services

  CreateService(p: Params, ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const name: string = p.serviceName
    if (!name) throw err('InvalidParameterException', 'Service name must be specified.')
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
      throw err('InvalidParameterException', 'Service name can have up to 255 letters, numbers, hyphens and underscores.')
    const existing = this.services.get(`${c.name}/${name}`)
    if (existing && existing.status !== 'INACTIVE') throw err('InvalidParameterException', 'Creation of service was not idempotent.')
    const controller: DeploymentController = p.deploymentController ?? { type: 'ECS' }
    if (!['ECS', 'CODE_DEPLOY', 'EXTERNAL'].includes(controller.type ?? ''))
      throw err('InvalidParameterException', `Invalid deployment controller type: ${controller.type}`)
    if (!p.taskDefinition && controller.type !== 'EXTERNAL') throw err('InvalidParameterException', 'TaskDefinition must be specified.')
    const td = p.taskDefinition ? this.findTaskDef(p.taskDefinition) : undefined
    if (p.taskDefinition && (!td || td.status !== 'ACTIVE')) throw err('ClientException', 'TaskDefinition not found.')
    if (p.launchType && p.capacityProviderStrategy?.length)
      throw err('InvalidParameterException', 'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.')
    if (td?.networkMode === 'awsvpc' && !p.networkConfiguration?.awsvpcConfiguration)
      throw err('InvalidParameterException', "Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    const subnets: string[] | undefined = p.networkConfiguration?.awsvpcConfiguration?.subnets
    if (p.networkConfiguration?.awsvpcConfiguration && (!subnets || subnets.length === 0)) throw err('InvalidParameterException', 'subnets can not be empty.')
    const lbs: LoadBalancer[] = p.loadBalancers ?? []
    this.checkLoadBalancers(lbs, td)
    if (controller.type === 'CODE_DEPLOY' && lbs.length === 0)
      throw err('InvalidParameterException', 'Blue/green deployments with the CODE_DEPLOY deployment controller require a load balancer.')
    const desired = p.desiredCount ?? (p.schedulingStrategy === 'DAEMON' ? 0 : 0)
    if (typeof desired !== 'number' || desired < 0) throw err('InvalidParameterException', 'desiredCount must be >= 0.')
    const launchType: LaunchType | undefined = p.capacityProviderStrategy?.length ? undefined : (p.launchType ?? 'EC2')
    const s: ServiceRec = {
      region: ctx.region,
      clusterName: c.name,
      name,
      arn: ecsArn(ctx.region, `service/${c.name}/${name}`),
      clusterArn: c.arn,
      status: 'ACTIVE',
      desiredCount: desired,
      loadBalancers: lbs,
      launchType,
      capacityProviderStrategy: p.capacityProviderStrategy,
      platformVersion: p.platformVersion ?? (launchType === 'FARGATE' || p.capacityProviderStrategy?.length ? 'LATEST' : undefined),
      networkConfiguration: p.networkConfiguration,
      deploymentController: controller,
      healthCheckGracePeriodSeconds: p.healthCheckGracePeriodSeconds ?? (lbs.length ? 0 : undefined),
      taskDefinitionArn: td?.taskDefinitionArn ?? '',
      createdAt: ctx.now,
      roleArn: p.role,
      propagateTags: p.propagateTags ?? 'NONE',
      enableECSManagedTags: !!p.enableECSManagedTags,
      enableExecuteCommand: !!p.enableExecuteCommand,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        ...(controller.type === 'ECS' ? { deploymentCircuitBreaker: { enable: false, rollback: false } } : {}),
        ...(p.deploymentConfiguration ?? {})
      },
      sets: [],
      events: [],
      steady: false
    }
    this.services.set(`${c.name}/${name}`, s)
    this.putTags(s.arn, p.tags)
    if (controller.type === 'CODE_DEPLOY') {
      this.createSet(s, 'taskSet', td!.taskDefinitionArn!, ctx, { status: 'PRIMARY', scale: 100, loadBalancers: lbs })
    } else if (controller.type === 'ECS') {
      const set = this.createSet(s, 'deployment', td!.taskDefinitionArn!, ctx, { status: 'PRIMARY', scale: 100, loadBalancers: lbs })
      this.goodTd(s, td!.taskDefinitionArn!)
      const key = `${c.name}/${name}`
      const o = {
        serviceArn: s.arn,
        clusterArn: s.clusterArn,
        region: ctx.region,
        cluster: c.name,
        service: name,
        taskDefinitionArn: td!.taskDefinitionArn!,
        setId: set.id,
        now: ctx.now,
        loadBalancers: lbs
      }
      // Creating an ECS-controller service is its first service deployment, as in AWS, whatever its
      // strategy: a target revision and no source, SUCCESSFUL once the service is steady (the rolling
      // scheduler settles it). A native release started before then still releases over this revision.
      const d = this.sd.rollingStart(key, { ...o, config: s.deploymentConfiguration as never })
      if (this.isNative(s)) this.sd.current.set(key, d.target.revArn)
    }
    this.reconcile(ctx.now)
    return { service: this.serviceOut(s, false) }
  }

  /** A service's load balancers name a container and port of its task definition. */
  private checkLoadBalancers(lbs: LoadBalancer[], td: TaskDefinition | undefined): void {
    for (const lb of lbs) {
      if (td && !td.containerDefinitions!.some((cd) => cd.name === lb.containerName))
        throw err('InvalidParameterException', `The container ${lb.containerName} does not exist in the task definition.`)
      const cd = td?.containerDefinitions!.find((x) => x.name === lb.containerName)
      if (cd && !(cd.portMappings ?? []).some((pm) => pm.containerPort === lb.containerPort))
        throw err('InvalidParameterException', `The container ${lb.containerName} did not have a container port ${lb.containerPort} defined.`)
    }
  }

  /** Create a task set (or rolling deployment) on a service. Used by CodeDeploy for green task sets. */
  createSet(
    s: ServiceRec,
    kind: SetRec['kind'],
    taskDefinitionArn: string,
    ctx: Ctx,
    o: {
      status: SetRec['status']
      scale: number
      loadBalancers: LoadBalancer[]
      externalId?: string | undefined
      startedBy?: string | undefined
      green?: boolean | undefined
      launchType?: LaunchType | undefined
      capacityProviderStrategy?: CapacityProviderStrategyItem[] | undefined
      platformVersion?: string | undefined
      networkConfiguration?: NetworkConfiguration | undefined
    }
  ): SetRec {
    const id = ecsSvcId()
    const useCps = o.capacityProviderStrategy?.length ? o.capacityProviderStrategy : undefined
    const set: SetRec = {
      kind,
      id,
      arn: ecsArn(s.region, `task-set/${s.clusterName}/${s.name}/${id}`),
      status: o.status,
      taskDefinitionArn,
      scale: o.scale,
      launchType: useCps ? undefined : (o.launchType ?? s.launchType),
      capacityProviderStrategy: useCps ?? (o.launchType ? undefined : s.capacityProviderStrategy),
      platformVersion: o.platformVersion ?? s.platformVersion,
      networkConfiguration: o.networkConfiguration ?? s.networkConfiguration,
      loadBalancers: o.loadBalancers,
      startedBy: o.startedBy,
      externalId: o.externalId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      stable: false,
      stabilityAt: ctx.now,
      nextLaunchAt: ctx.now,
      failedTasks: 0,
      green: !!o.green,
      deleting: false,
      rolloutState: kind === 'deployment' ? 'IN_PROGRESS' : undefined
    }
    s.sets.push(set)
    s.steady = false
    return set
  }

  /** Start draining a task set; it disappears once its tasks have stopped. */
  deleteSet(_s: ServiceRec, set: SetRec, now: number, reason = 'Task set deleted'): void {
    if (set.deleting) return
    _s.steady = false
    set.deleting = true
    set.status = 'DRAINING'
    set.scale = 0
    set.updatedAt = now
    const live = this.tasksOfSet(set).filter((t) => t.desiredStatus === 'RUNNING')
    const wasRunning = live.filter((t) => t.lastStatus === 'RUNNING')
    for (const t of live) this.stopTask(t, now, reason, 'ServiceSchedulerInitiated')
    if (wasRunning.length) {
      for (const lb of set.loadBalancers)
        if (lb.targetGroupArn)
          this.addEvent(_s, now, `${this.setLabel(_s, set)} deregistered ${wasRunning.length} targets in (target-group ${lb.targetGroupArn})`)
      this.addEvent(_s, now, `${this.setLabel(_s, set)} has stopped ${wasRunning.length} running tasks: ${wasRunning.map((t) => `(task ${t.id})`).join(' ')}.`)
    }
  }

  /** Make a task set the PRIMARY one (UpdateServicePrimaryTaskSet). */
  promote(s: ServiceRec, set: SetRec, now: number): void {
    for (const o of s.sets) if (o !== set && o.status === 'PRIMARY') o.status = 'ACTIVE'
    set.status = 'PRIMARY'
    set.updatedAt = now
    s.taskDefinitionArn = set.taskDefinitionArn
  }

  setScale(set: SetRec, scale: number, now: number): void {
    set.scale = scale
    set.updatedAt = now
  }

  desiredOf(s: ServiceRec, set: SetRec): number {
    if (set.deleting) return 0
    return Math.ceil((s.desiredCount * set.scale) / 100)
  }

  tasksOfSet(set: SetRec): TaskRec[] {
    return this.bySet.get(set.id) ?? []
  }

  /**
   * RUNNING and pending tasks of a set, and the running ones that are ready: all but those whose
   * failure is still to come (a health cause), which a load balancer or container health check
   * never passes, so a set with them is never steady, as in AWS.
   */
  counts(set: SetRec): { running: number; pending: number; ready: number } {
    let running = 0
    let pending = 0
    let ready = 0
    for (const t of this.tasksOfSet(set)) {
      if (t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING') {
        running++
        if (t.doomAt === undefined) ready++
      } else if (t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED') pending++
    }
    return { running, pending, ready }
  }

  /** Whether a task counts toward its set being in service (RUNNING, and no failure to come). */
  isReady(t: { lastStatus: string; doomAt?: number | undefined }): boolean {
    return t.lastStatus === 'RUNNING' && t.doomAt === undefined
  }

  private taskSetOut(s: ServiceRec, set: SetRec, withTags = false): TaskSet {
    const { running, pending } = this.counts(set)
    const out: TaskSet = {
      id: set.id,
      taskSetArn: set.arn,
      serviceArn: s.arn,
      clusterArn: s.clusterArn,
      startedBy: set.startedBy,
      externalId: set.externalId,
      status: set.status,
      taskDefinition: set.taskDefinitionArn,
      computedDesiredCount: this.desiredOf(s, set),
      pendingCount: pending,
      runningCount: running,
      createdAt: new Date(set.createdAt),
      updatedAt: new Date(set.updatedAt),
      launchType: set.launchType,
      capacityProviderStrategy: set.capacityProviderStrategy,
      platformVersion: set.platformVersion,
      platformFamily: set.platformVersion ? 'Linux' : undefined,
      networkConfiguration: set.networkConfiguration,
      loadBalancers: set.loadBalancers,
      serviceRegistries: [],
      scale: { value: set.scale, unit: 'PERCENT' },
      stabilityStatus: set.stable ? 'STEADY_STATE' : 'STABILIZING',
      stabilityStatusAt: new Date(set.stabilityAt)
    }
    if (withTags) out.tags = this.tagsOf(set.arn)
    return out
  }

  private deploymentOut(s: ServiceRec, set: SetRec): Deployment {
    const { running, pending } = this.counts(set)
    return {
      id: set.id,
      status: set.status,
      taskDefinition: set.taskDefinitionArn,
      desiredCount: this.desiredOf(s, set),
      pendingCount: pending,
      runningCount: running,
      failedTasks: set.failedTasks,
      createdAt: new Date(set.createdAt),
      updatedAt: new Date(set.updatedAt),
      capacityProviderStrategy: set.capacityProviderStrategy,
      launchType: set.launchType,
      platformVersion: set.platformVersion,
      platformFamily: set.platformVersion ? 'Linux' : undefined,
      networkConfiguration: set.networkConfiguration,
      rolloutState: set.rolloutState,
      rolloutStateReason: set.rolloutStateReason
    }
  }

  serviceOut(s: ServiceRec, withTags: boolean): Service {
    let running = 0
    let pending = 0
    for (const set of s.sets) {
      const c = this.counts(set)
      running += c.running
      pending += c.pending
    }
    const primary = s.sets.find((x) => x.status === 'PRIMARY')
    const isTaskSets = s.deploymentController.type !== 'ECS'
    const out: Service = {
      serviceArn: s.arn,
      serviceName: s.name,
      clusterArn: s.clusterArn,
      loadBalancers: s.loadBalancers,
      serviceRegistries: [],
      status: s.status,
      desiredCount: s.desiredCount,
      runningCount: running,
      pendingCount: pending,
      launchType: s.launchType,
      capacityProviderStrategy: s.capacityProviderStrategy,
      platformVersion: s.platformVersion,
      platformFamily: s.platformVersion ? 'Linux' : undefined,
      taskDefinition: primary?.taskDefinitionArn ?? s.taskDefinitionArn,
      deploymentConfiguration: s.deploymentConfiguration as Service['deploymentConfiguration'],
      taskSets: isTaskSets ? s.sets.map((set) => this.taskSetOut(s, set)) : undefined,
      deployments: isTaskSets ? [] : s.sets.map((set) => this.deploymentOut(s, set)),
      roleArn: s.roleArn,
      events: s.events,
      createdAt: new Date(s.createdAt),
      placementConstraints: [],
      placementStrategy: [],
      networkConfiguration: s.networkConfiguration,
      healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
      schedulingStrategy: 'REPLICA',
      deploymentController: s.deploymentController,
      createdBy: `arn:aws:iam::${ACCOUNT_ID}:root`,
      enableECSManagedTags: s.enableECSManagedTags,
      propagateTags: s.propagateTags as Service['propagateTags'],
      enableExecuteCommand: s.enableExecuteCommand
    }
    if (withTags) out.tags = this.tagsOf(s.arn)
    return out
  }

  DescribeServices(p: Params, ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const refs: string[] = p.services ?? []
    if (!refs.length) throw err('InvalidParameterException', 'Services cannot be empty.')
    if (refs.length > 10) throw err('InvalidParameterException', 'service names can have at most 10 items.')
    const withTags = (p.include ?? []).includes('TAGS')
    const services: Service[] = []
    const failures: Failure[] = []
    for (const ref of refs) {
      const s = this.services.get(`${c.name}/${nameFromArnOrName(ref)}`)
      if (s) services.push(this.serviceOut(s, withTags))
      else
        failures.push({
          arn: ref.startsWith('arn:') ? ref : ecsArn(ctx.region, `service/${c.name}/${ref}`),
          reason: 'MISSING'
        })
    }
    return { services, failures }
  }

  ListServices(p: Params, _ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const arns = [...this.services.values()].filter((s) => s.clusterName === c.name && s.status === 'ACTIVE').map((s) => s.arn)
    return paginate(arns, p, 'serviceArns', 10)
  }

  UpdateService(p: Params, ctx: Ctx) {
    const s = this.serviceRec(p.cluster, p.service ?? '')
    const cd = s.deploymentController.type === 'CODE_DEPLOY'
    if (cd) {
      if (p.taskDefinition !== undefined)
        throw err(
          'InvalidParameterException',
          'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
        )
      for (const k of ['networkConfiguration', 'platformVersion', 'forceNewDeployment', 'loadBalancers', 'capacityProviderStrategy'])
        if (p[k] !== undefined && p[k] !== false)
          throw err(
            'InvalidParameterException',
            `Unable to update ${k} on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.`
          )
    }
    if (p.desiredCount !== undefined) {
      if (typeof p.desiredCount !== 'number' || p.desiredCount < 0) throw err('InvalidParameterException', 'desiredCount must be >= 0.')
      s.desiredCount = p.desiredCount
      s.steady = false
    }
    if (p.healthCheckGracePeriodSeconds !== undefined) s.healthCheckGracePeriodSeconds = p.healthCheckGracePeriodSeconds
    if (p.deploymentConfiguration) s.deploymentConfiguration = { ...s.deploymentConfiguration, ...p.deploymentConfiguration }
    if (!cd && s.deploymentController.type === 'ECS') {
      let tdArn = s.taskDefinitionArn
      if (p.taskDefinition !== undefined) {
        const td = this.findTaskDef(p.taskDefinition)
        if (!td || td.status !== 'ACTIVE') throw err('ClientException', 'TaskDefinition not found.')
        tdArn = td.taskDefinitionArn!
      }
      if (p.networkConfiguration) s.networkConfiguration = p.networkConfiguration
      if (p.platformVersion) s.platformVersion = p.platformVersion
      // the whole list is replaced, advancedConfiguration (blue/green routing) with it, as AWS's UpdateService does
      if (Array.isArray(p.loadBalancers)) {
        this.checkLoadBalancers(p.loadBalancers, this.findTaskDef(tdArn))
        s.loadBalancers = p.loadBalancers
      }
      // a new task definition is the release's new side: green faults (failing tasks, unhealthy targets)
      // apply to it, unless the service ran it to completion before (a rollback)
      const green = tdArn !== s.taskDefinitionArn && !this.completedTds.get(s.arn)?.has(tdArn)
      if (this.isNative(s) && (tdArn !== s.taskDefinitionArn || p.forceNewDeployment)) {
        // ECS-native blue/green, linear or canary: a service deployment drives it (service-deployment.ts).
        this.sd.start(`${s.clusterName}/${s.name}`, {
          serviceArn: s.arn,
          clusterArn: s.clusterArn,
          region: s.region,
          cluster: s.clusterName,
          service: s.name,
          taskDefinitionArn: tdArn,
          config: s.deploymentConfiguration as never,
          now: ctx.now,
          green: tdArn !== s.taskDefinitionArn && !this.completedTds.get(s.arn)?.has(tdArn),
          loadBalancers: s.loadBalancers
        })
      } else if (tdArn !== s.taskDefinitionArn || p.forceNewDeployment || p.networkConfiguration || p.platformVersion || Array.isArray(p.loadBalancers)) {
        for (const o of s.sets) if (o.status === 'PRIMARY') o.status = 'ACTIVE'
        s.taskDefinitionArn = tdArn
        const set = this.createSet(s, 'deployment', tdArn, ctx, { status: 'PRIMARY', scale: 100, loadBalancers: s.loadBalancers, green })
        this.sd.rollingStart(`${s.clusterName}/${s.name}`, {
          serviceArn: s.arn,
          clusterArn: s.clusterArn,
          region: s.region,
          cluster: s.clusterName,
          service: s.name,
          taskDefinitionArn: tdArn,
          setId: set.id,
          config: s.deploymentConfiguration as never,
          now: ctx.now,
          loadBalancers: s.loadBalancers
        })
      }
    }
    this.reconcile(ctx.now)
    return { service: this.serviceOut(s, false) }
  }

  DeleteService(p: Params, ctx: Ctx) {
    const s = this.serviceRec(p.cluster, p.service ?? '')
    if (s.desiredCount > 0 && !p.force) throw err('InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.')
    s.status = 'DRAINING'
    s.desiredCount = 0
    for (const set of s.sets) this.deleteSet(s, set, ctx.now, 'Service deleted')
    return { service: this.serviceOut(s, false) }
  }

  DescribeTaskSets(p: Params, _ctx: Ctx) {
    const s = this.serviceRec(p.cluster, p.service ?? '')
    const want: string[] | undefined = p.taskSets
    const withTags = (p.include ?? []).includes('TAGS')
    const taskSets: TaskSet[] = []
    const failures: Failure[] = []
    if (!want || !want.length) for (const set of s.sets) taskSets.push(this.taskSetOut(s, set, withTags))
    else
      for (const ref of want) {
        const set = s.sets.find((x) => x.id === ref || x.arn === ref)
        if (set) taskSets.push(this.taskSetOut(s, set, withTags))
        else failures.push({ arn: ref, reason: 'MISSING' })
      }
    return { taskSets, failures }
  }

  // ---------------------------------------------------------------- service deployments (ECS-native)

  ListServiceDeployments(p: Params, _ctx: Ctx) {
    const s = this.serviceRec(p.cluster, p.service ?? '', false)
    return paginate(this.sd.ListServiceDeployments(p, `${s.clusterName}/${s.name}`), p, 'serviceDeployments', 20)
  }

  DescribeServiceDeployments(p: Params, _ctx: Ctx) {
    return this.sd.DescribeServiceDeployments(p)
  }

  StopServiceDeployment(p: Params, ctx: Ctx) {
    const out = this.sd.StopServiceDeployment(p, ctx.now)
    this.reconcile(ctx.now)
    return out
  }

  ContinueServiceDeployment(p: Params, ctx: Ctx) {
    const out = this.sd.ContinueServiceDeployment(p, ctx.now)
    this.reconcile(ctx.now)
    return out
  }

  DescribeServiceRevisions(p: Params, _ctx: Ctx) {
    return this.sd.DescribeServiceRevisions(p)
  }

  // ---------------------------------------------------------------- tasks

  ListTasks(p: Params, _ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const desired = p.desiredStatus ?? 'RUNNING'
    if (p.serviceName && p.family) throw err('InvalidParameterException', 'Service name and family cannot both be specified.')
    if (p.serviceName) this.serviceRec(c.name, p.serviceName, false)
    const arns: string[] = []
    for (const t of this.tasks.values()) {
      if (t.clusterName !== c.name || t.desiredStatus !== desired) continue
      if (p.serviceName && t.serviceName !== nameFromArnOrName(p.serviceName)) continue
      if (p.family && shortId(t.taskDefinitionArn).split(':')[0] !== p.family) continue
      if (p.startedBy && t.startedBy !== p.startedBy) continue
      if (p.launchType && t.launchType !== p.launchType) continue
      arns.push(t.arn)
    }
    return paginate(arns, p, 'taskArns')
  }

  DescribeTasks(p: Params, ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const refs: string[] = p.tasks ?? []
    if (!refs.length) throw err('InvalidParameterException', 'Tasks cannot be empty.')
    if (refs.length > 100) throw err('InvalidParameterException', 'taskIds can have at most 100 items.')
    const withTags = (p.include ?? []).includes('TAGS')
    const tasks: Task[] = []
    const failures: Failure[] = []
    for (const ref of refs) {
      const id = shortId(ref)
      const t = [...this.tasks.values()].find((x) => x.clusterName === c.name && (x.arn === ref || x.id === id))
      if (t) tasks.push(this.taskOut(t, withTags))
      else failures.push({ arn: ref.startsWith('arn:') ? ref : ecsArn(ctx.region, `task/${c.name}/${ref}`), reason: 'MISSING' })
    }
    return { tasks, failures }
  }

  private taskOut(t: TaskRec, withTags: boolean): Task {
    const stopped = t.lastStatus === 'STOPPED'
    // the essential container a container-health failure names (the first; containers keep the definition's order)
    const culprit = t.unhealthy ? Math.max(0, this.findTaskDef(t.taskDefinitionArn)?.containerDefinitions?.findIndex((c) => c.essential !== false) ?? 0) : -1
    const containers: Container[] = t.containers.map((c, i) => ({
      containerArn: c.arn,
      taskArn: t.arn,
      name: c.name,
      image: c.image,
      runtimeId: t.startedAt !== undefined ? `${t.id}-${i}` : undefined,
      // a container that exited before its task stopped (a one-off task's command) says so at once, as ECS does
      lastStatus: stopped || t.exitCodes?.[c.name] !== undefined ? 'STOPPED' : t.lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING',
      exitCode: t.exitCodes?.[c.name] ?? (stopped ? (t.exitCode ?? (t.startedAt !== undefined ? 0 : undefined)) : undefined),
      reason: stopped ? t.containerReason : undefined,
      networkBindings: [],
      networkInterfaces: [{ attachmentId: t.eniId, privateIpv4Address: t.ip }],
      healthStatus: t.unhealthy && i === culprit ? 'UNHEALTHY' : 'UNKNOWN',
      cpu: '0'
    }))
    const out: Task = {
      attachments: [
        {
          id: t.eniId,
          type: 'ElasticNetworkInterface',
          status: stopped ? 'DELETED' : t.lastStatus === 'PROVISIONING' ? 'PRECREATED' : 'ATTACHED',
          details: [...(t.subnetId ? [{ name: 'subnetId', value: t.subnetId }] : []), { name: 'privateIPv4Address', value: t.ip }]
        }
      ],
      attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
      availabilityZone: t.az,
      capacityProviderName: t.capacityProviderName,
      clusterArn: ecsArn(t.region, `cluster/${t.clusterName}`),
      connectivity: t.startedAt !== undefined || t.pullStartedAt !== undefined ? 'CONNECTED' : undefined,
      connectivityAt: d(t.pullStartedAt),
      containers,
      cpu: t.cpu,
      createdAt: new Date(t.createdAt),
      desiredStatus: t.desiredStatus,
      enableExecuteCommand: false,
      group: t.group,
      healthStatus: t.unhealthy ? 'UNHEALTHY' : 'UNKNOWN',
      lastStatus: t.lastStatus,
      launchType: t.launchType,
      memory: t.memory,
      platformVersion: t.platformVersion,
      platformFamily: t.platformVersion ? 'Linux' : undefined,
      pullStartedAt: d(t.pullStartedAt),
      pullStoppedAt: d(t.pullStoppedAt),
      startedAt: d(t.startedAt),
      startedBy: t.startedBy,
      stopCode: t.stopCode as Task['stopCode'],
      stoppedAt: d(t.stoppedAt),
      stoppedReason: t.stoppedReason,
      stoppingAt: d(t.stoppingAt),
      executionStoppedAt: d(t.stoppedAt),
      taskArn: t.arn,
      taskDefinitionArn: t.taskDefinitionArn,
      version: t.version
    }
    if (withTags) out.tags = this.tagsOf(t.arn)
    return out
  }

  /**
   * One-off tasks: PROVISIONING, PENDING, RUNNING; the command container (the one whose command is
   * overridden, else the first essential one) writes a migration's lines and exits as the runTask
   * fault says, and ECS stops the task (EssentialContainerExited). A client token seen before
   * answers the tasks it started.
   */
  RunTask(p: Params, ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const request = JSON.stringify({ ...p, clientToken: undefined })
    const seen = p.clientToken === undefined ? undefined : this.runTokens.get(p.clientToken)
    if (seen) {
      if (seen.request !== request) throw err('ConflictException', 'The specified client token is already in use with a different RunTask request.')
      return { tasks: seen.arns.flatMap((a) => (this.tasks.has(a) ? [this.taskOut(this.tasks.get(a)!, false)] : [])), failures: [] }
    }
    const td = this.findTaskDef(String(p.taskDefinition))
    if (!td || td.status !== 'ACTIVE') throw err('ClientException', 'TaskDefinition not found.')
    const count: number = p.count ?? 1
    if (count < 1 || count > 10) throw err('InvalidParameterException', 'The count parameter must be between 1 and 10.')
    if (p.launchType && p.capacityProviderStrategy?.length)
      throw err('InvalidParameterException', 'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.')
    if (td.networkMode === 'awsvpc' && !p.networkConfiguration?.awsvpcConfiguration)
      throw err('InvalidParameterException', "Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    if (p.startedBy !== undefined && !/^[A-Za-z0-9_/-]{1,128}$/.test(String(p.startedBy)))
      throw err('InvalidParameterException', 'startedBy can have up to 128 letters, numbers, hyphens, forward slashes and underscores.')
    for (const o of p.overrides?.containerOverrides ?? [])
      if (!td.containerDefinitions?.some((d) => d.name === o.name))
        throw err('InvalidParameterException', `Override for container named ${o.name} is not a container in the TaskDefinition.`)
    const providers: CapacityProviderStrategyItem[] = p.capacityProviderStrategy?.length
      ? p.capacityProviderStrategy
      : p.launchType
        ? []
        : c.defaultCapacityProviderStrategy
    const launchType: LaunchType | undefined = providers.length ? undefined : (p.launchType ?? 'EC2')
    const fargate = launchType === 'FARGATE' || providers.some((x) => /^FARGATE/.test(x.capacityProvider ?? ''))
    if (this.faults.runTask().cannotStart === 'capacity') {
      // ECS places nothing and says why in failures: Fargate has no capacity, or no instance has the memory
      const failure: Failure = fargate
        ? { reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone' }
        : { arn: ecsArn(ctx.region, `container-instance/${c.name}/${hex(32)}`), reason: 'RESOURCE:MEMORY' }
      return { tasks: [], failures: [failure] }
    }
    const tasks = Array.from({ length: count }, () => this.launchOneOff(c, td, p, { launchType, providers, fargate }, ctx))
    if (p.clientToken !== undefined) this.runTokens.set(p.clientToken, { request, arns: tasks.map((t) => t.arn) })
    return { tasks: tasks.map((t) => this.taskOut(t, false)), failures: [] }
  }

  StopTask(p: Params, ctx: Ctx) {
    const c = this.clusterRec(p.cluster)
    const ref = String(p.task)
    const t = [...this.tasks.values()].find((x) => x.clusterName === c.name && (x.arn === ref || x.id === shortId(ref)))
    if (!t) throw err('InvalidParameterException', 'The referenced task was not found.')
    const running = t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING'
    this.stopTask(t, ctx.now, p.reason ?? 'Task stopped by user', 'UserInitiated')
    if (running) {
      // SIGTERM: the app has no handler, so npm reports the signal and the container exits 143
      for (const o of t.out ?? []) this.write(t, o, ctx.now, sigtermLines())
      t.exitCode = 143
    }
    return { task: this.taskOut(t, false) }
  }

  private launchOneOff(
    c: ClusterRec,
    td: TaskDefinition,
    p: Params,
    on: { launchType: LaunchType | undefined; providers: CapacityProviderStrategyItem[]; fargate: boolean },
    ctx: Ctx
  ): TaskRec {
    const id = hex(32)
    const n = this.ipCounter++
    const subnets: string[] = p.networkConfiguration?.awsvpcConfiguration?.subnets ?? []
    const f = this.faults.runTask()
    const override = ((p.overrides?.containerOverrides ?? []) as { name: string; command?: string[] }[]).find((o) => o.command?.length)
    const def = td.containerDefinitions?.find((d) => d.name === override?.name) ?? td.containerDefinitions?.find((d) => d.essential !== false)
    const fail =
      f.cannotStart && f.cannotStart !== 'capacity'
        ? planFailure(
            { cause: f.cannotStart },
            { taskId: id, region: ctx.region, td, container: def, healthCheck: { intervalSeconds: 30, unhealthyThreshold: 2, path: '/' }, graceSeconds: 0 }
          )
        : undefined
    const t: TaskRec = {
      arn: ecsArn(ctx.region, `task/${c.name}/${id}`),
      id,
      region: ctx.region,
      clusterName: c.name,
      taskDefinitionArn: td.taskDefinitionArn!,
      group: p.group ?? `family:${td.family}`,
      startedBy: p.startedBy,
      launchType: on.launchType,
      capacityProviderName: on.providers[0]?.capacityProvider,
      platformVersion: on.fargate ? (p.platformVersion && p.platformVersion !== 'LATEST' ? p.platformVersion : '1.4.0') : undefined,
      cpu: td.cpu,
      memory: td.memory,
      az: `${ctx.region}${'abc'[n % 3]}`,
      ip: `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 4}`,
      eniId: uuid(),
      subnetId: subnets.length ? subnets[n % subnets.length] : undefined,
      containers: (td.containerDefinitions ?? []).map((x) => ({
        name: x.name!,
        image: x.image!,
        arn: ecsArn(ctx.region, `container/${c.name}/${id}/${uuid()}`)
      })),
      createdAt: ctx.now,
      pendingAt: ctx.now + rand(TASK_TIMING.provisionMin, TASK_TIMING.provisionMax),
      runningAt: ctx.now + rand(TASK_TIMING.startMin, TASK_TIMING.startMax),
      fail,
      oneOff: def
        ? {
            container: def.name!,
            command: override?.command ?? def.command ?? ['npm', 'start'],
            runsForMs: (f.runsForSeconds ?? 20) * 1000,
            exitCode: f.exitCode ?? 0
          }
        : undefined,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      version: 1
    }
    this.tasks.set(t.arn, t)
    return t
  }

  /** A one-off task's command container exits: ECS stops the task, its other containers with it. */
  private oneOffExits(t: TaskRec): void {
    const at = t.exitAt!
    this.stopTask(t, at, 'Essential container in task exited', 'EssentialContainerExited')
    t.exitCodes = { [t.oneOff!.container]: t.oneOff!.exitCode }
  }

  private launchTask(s: ServiceRec, set: SetRec, now: number): TaskRec {
    const id = hex(32)
    const td = this.findTaskDef(set.taskDefinitionArn)
    const n = this.ipCounter++
    const subnets = set.networkConfiguration?.awsvpcConfiguration?.subnets ?? []
    const fault = set.green ? this.faults.greenTasksFail() : undefined
    const hang = set.green && this.faults.installHang()
    const pendingAt = now + rand(TASK_TIMING.provisionMin, TASK_TIMING.provisionMax)
    const t: TaskRec = {
      arn: ecsArn(s.region, `task/${s.clusterName}/${id}`),
      id,
      region: s.region,
      clusterName: s.clusterName,
      serviceName: s.name,
      setId: set.id,
      taskDefinitionArn: set.taskDefinitionArn,
      group: `service:${s.name}`,
      startedBy: set.id,
      launchType: set.launchType,
      capacityProviderName: set.capacityProviderStrategy?.[0]?.capacityProvider,
      platformVersion: set.platformVersion ? (set.platformVersion === 'LATEST' ? '1.4.0' : set.platformVersion) : undefined,
      cpu: td?.cpu,
      memory: td?.memory,
      az: `${s.region}${'abc'[n % 3]}`,
      ip: `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 4}`,
      eniId: uuid(),
      subnetId: subnets.length ? subnets[n % subnets.length] : undefined,
      containers: (td?.containerDefinitions ?? []).map((c) => ({
        name: c.name!,
        image: c.image!,
        arn: ecsArn(s.region, `container/${s.clusterName}/${id}/${uuid()}`)
      })),
      createdAt: now,
      pendingAt,
      runningAt: hang ? Infinity : now + rand(TASK_TIMING.startMin, TASK_TIMING.startMax),
      fail: fault ? this.planFailure(s, set, id, td, fault) : undefined,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      version: 1
    }
    this.tasks.set(t.arn, t)
    const list = this.bySet.get(set.id)
    if (list) list.push(t)
    else this.bySet.set(set.id, [t])
    return t
  }

  /** How a task of `set` fails under the greenTasksFail fault: its cause's texts and timing (emulator/containers.ts). */
  private planFailure(s: ServiceRec, set: SetRec, taskId: string, td: TaskDefinition | undefined, fault: GreenTasksFailFault): FailurePlan {
    const targetGroupArn = set.loadBalancers.find((lb) => lb.targetGroupArn)?.targetGroupArn
    return planFailure(fault, {
      taskId,
      region: s.region,
      td,
      container: td?.containerDefinitions?.find((c) => c.essential !== false),
      targetGroupArn,
      // ELBv2's defaults for a group the emulator does not hold (the CodeDeploy seed's)
      healthCheck: (targetGroupArn && this.targetGroupHealthCheck?.(targetGroupArn)) || { intervalSeconds: 30, unhealthyThreshold: 2, path: '/' },
      graceSeconds: s.healthCheckGracePeriodSeconds ?? 0
    })
  }

  /**
   * The task's containers start at `at`: each awslogs container whose group exists gets its stream
   * (prefix/container/task id) and writes its start-up lines, the failing one its failure's lines.
   */
  private containersStart(t: TaskRec, at: number): void {
    const logs = this.logs
    if (!logs) return
    const td = this.findTaskDef(t.taskDefinitionArn)
    const culprit = td?.containerDefinitions?.find((c) => c.essential !== false)
    const out: ContainerOut[] = []
    for (const c of td?.containerDefinitions ?? []) {
      const lc = c.logConfiguration
      const group = lc?.options?.['awslogs-group']
      const prefix = lc?.options?.['awslogs-stream-prefix']
      // without a prefix (EC2 only) the stream is named after the Docker container id: not emulated
      if (lc?.logDriver !== 'awslogs' || !group || !prefix || !logs.hasGroup(group)) continue
      out.push({ name: c.name!, group, stream: `${prefix}/${c.name}/${t.id}`, app: appOf(c, td), culprit: c === culprit })
    }
    if (!out.length) return
    t.out = out
    const one = t.oneOff
    for (const o of out)
      this.write(
        t,
        o,
        at,
        one && o.name === one.container
          ? oneOffLines(o.app, one.command, one.exitCode, one.runsForMs)
          : t.fail && o.culprit
            ? failureLines(t.fail, o.app)
            : startLines(o.app)
      )
  }

  private write(t: TaskRec, o: ContainerOut, at: number, lines: Line[]): void {
    if (lines.length)
      this.logs!.emit(
        t.arn,
        o.group,
        o.stream,
        lines.map(([offset, message]) => ({ at: at + offset, message }))
      )
  }

  private stopTask(t: TaskRec, now: number, reason: string, code: string): void {
    if (t.desiredStatus === 'STOPPED') return
    if (t.out) this.logs!.stopped(t.arn, now)
    t.desiredStatus = 'STOPPED'
    t.stopAt = now
    t.stoppingAt = now
    t.stoppedReason = reason
    t.stopCode = code
    t.version++
    if (t.lastStatus !== 'RUNNING') {
      // never started: goes away quickly
      t.lastStatus = 'STOPPED'
      t.stoppedAt = now
    } else t.lastStatus = 'DEACTIVATING'
  }

  // ---------------------------------------------------------------- scheduler

  /** Advance tasks to virtual time `now` and keep every task set at its desired count. Returns whether anything changed. */
  reconcile(now: number): boolean {
    let changed = false
    const lastNow = this.lastNow || now
    const started = new Map<string, TaskRec[]>() // set id -> tasks that reached RUNNING now
    // 1. tasks through their lifecycle
    for (const t of this.tasks.values()) {
      if (t.lastStatus === 'STOPPED') continue
      if (t.desiredStatus === 'STOPPED') {
        if (t.lastStatus === 'DEACTIVATING' && now >= t.stopAt! + 1000) {
          t.lastStatus = 'STOPPING'
          t.version++
          changed = true
        }
        // awsvpc: the task's network interface is detached last
        if (t.lastStatus === 'STOPPING' && now >= t.stopAt! + TASK_TIMING.stopMs - 2000) {
          t.lastStatus = 'DEPROVISIONING'
          t.version++
          changed = true
        }
        if (t.lastStatus === 'DEPROVISIONING' && now >= t.stopAt! + TASK_TIMING.stopMs) {
          t.lastStatus = 'STOPPED'
          t.stoppedAt = t.stopAt! + TASK_TIMING.stopMs
          t.exitCode ??= 0
          t.version++
          changed = true
        }
        continue
      }
      if (t.lastStatus === 'PROVISIONING' && now >= t.pendingAt) {
        t.lastStatus = 'PENDING'
        t.pullStartedAt = t.pendingAt + 2000
        t.version++
        changed = true
      }
      if (t.lastStatus === 'PENDING' && now >= t.runningAt) {
        const f = t.fail
        if (f && f.runsForMs === undefined) {
          // fails as it would start: at the pull, before it, after it, or its container exits at once
          if (f.pull === 'done') t.pullStoppedAt = t.runningAt - 3000
          if (f.pull === 'none') t.pullStartedAt = undefined
          t.lastStatus = 'STOPPED'
          t.desiredStatus = 'STOPPED'
          t.stoppingAt = t.runningAt
          t.stoppedAt = t.runningAt
          t.stopCode = f.stopCode
          t.stoppedReason = f.stoppedReason
          t.exitCode = f.exitCode
          t.containerReason = f.containerReason
          if (f.started) {
            t.startedAt = t.runningAt - 1000
            this.containersStart(t, t.startedAt)
          }
          this.onTaskFailed(t, t.runningAt)
        } else {
          t.pullStoppedAt = t.runningAt - 3000
          t.lastStatus = 'RUNNING'
          t.startedAt = t.runningAt
          if (f) t.doomAt = t.runningAt + f.runsForMs!
          if (t.oneOff) t.exitAt = t.runningAt + t.oneOff.runsForMs
          this.containersStart(t, t.startedAt)
          if (t.setId) started.set(t.setId, [...(started.get(t.setId) ?? []), t])
        }
        t.version++
        changed = true
      }
      if (t.exitAt !== undefined && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && now >= t.exitAt) {
        this.oneOffExits(t)
        changed = true
      }
      if (t.doomAt !== undefined && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && now >= t.doomAt) {
        this.doom(t, t.doomAt)
        changed = true
      }
    }
    // 2. scheduler per service / set
    for (const s of this.services.values()) {
      if (s.status === 'INACTIVE') continue
      for (const set of [...s.sets]) {
        const up = started.get(set.id)
        if (up?.length)
          for (const lb of set.loadBalancers)
            if (lb.targetGroupArn)
              this.addEvent(
                s,
                Math.max(...up.map((t) => t.startedAt ?? now)),
                `${this.setLabel(s, set)} registered ${up.length} targets in (target-group ${lb.targetGroupArn})`
              )
        const want = this.desiredOf(s, set)
        const live = this.tasksOfSet(set).filter((t) => t.desiredStatus === 'RUNNING')
        // an ECS rolling deployment that is no longer PRIMARY only winds down; it never starts tasks
        const windingDown = s.deploymentController.type === 'ECS' && set.kind === 'deployment' && set.status !== 'PRIMARY' && !set.managed
        if (live.length < want && now >= set.nextLaunchAt && !windingDown) {
          const launched: TaskRec[] = []
          // launch when the need arose (at most one reconcile ago), never in the future
          const at = Math.min(now, Math.max(set.nextLaunchAt, lastNow))
          for (let i = live.length; i < want; i++) launched.push(this.launchTask(s, set, at))
          this.addEvent(s, now, `${this.setLabel(s, set)} has started ${launched.length} tasks: ${launched.map((t) => `(task ${t.id})`).join(' ')}.`)
          changed = true
        } else if (live.length > want) {
          const extra = live.sort((a, b) => b.createdAt - a.createdAt).slice(0, live.length - want)
          for (const t of extra) this.stopTask(t, now, `Scaling activity initiated by (deployment ${set.id})`, 'ServiceSchedulerInitiated')
          this.addEvent(s, now, `${this.setLabel(s, set)} has stopped ${extra.length} running tasks: ${extra.map((t) => `(task ${t.id})`).join(' ')}.`)
          changed = true
        }
        // stability
        const { running, pending, ready } = this.counts(set)
        const stopping = this.tasksOfSet(set).some((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED')
        const stable = running === want && ready === running && pending === 0 && !stopping
        if (stable !== set.stable) {
          set.stable = stable
          set.stabilityAt = now
          changed = true
        }
        if (set.deleting && !stopping && running === 0 && pending === 0) {
          s.sets.splice(s.sets.indexOf(set), 1)
          changed = true
        }
      }
      // rolling deployments (ECS controller): retire old ones once the primary is steady
      if (s.deploymentController.type === 'ECS' && !s.sets.some((x) => x.managed)) {
        const primary = s.sets.find((x) => x.status === 'PRIMARY')
        if (primary && primary.rolloutState === 'IN_PROGRESS' && this.circuitBreaker(s, primary, now)) {
          changed = true
        } else if (primary && primary.stable && primary.rolloutState === 'IN_PROGRESS') {
          for (const o of s.sets) if (o !== primary) this.deleteSet(s, o, now, `Scaling activity initiated by (deployment ${o.id})`)
          if (s.sets.length === 1) {
            this.goodTd(s, primary.taskDefinitionArn)
            primary.rolloutState = 'COMPLETED'
            primary.rolloutStateReason = 'ECS deployment ' + primary.id + ' completed.'
            this.addEvent(s, now, `(service ${s.name}) (deployment ${primary.id}) deployment completed.`)
            this.sd.rollingSettled(`${s.clusterName}/${s.name}`, primary.id, 'COMPLETED', now)
            changed = true
          }
        }
      }
      const steady = s.status === 'ACTIVE' && s.sets.length > 0 && s.sets.every((x) => x.stable && !x.deleting)
      if (steady && !s.steady) this.addEvent(s, now, `(service ${s.name}) has reached a steady state.`)
      if (steady !== s.steady) {
        s.steady = steady
        changed = true
      }
      if (s.status === 'DRAINING' && s.sets.length === 0) s.status = 'INACTIVE'
    }
    if (this.sd.advance(now)) changed = true
    this.lastNow = Math.max(this.lastNow, now)
    // 3. forget long-stopped tasks (ECS keeps them about an hour)
    for (const [arn, t] of this.tasks)
      if (t.lastStatus === 'STOPPED' && now - (t.stoppedAt ?? now) > 3_600_000) {
        this.tasks.delete(arn)
        const list = t.setId ? this.bySet.get(t.setId) : undefined
        if (list) list.splice(list.indexOf(t), 1)
      }
    return changed
  }

  /**
   * The deployment circuit breaker of a rolling update: at `threshold` failed tasks the deployment
   * is FAILED and, with rollback, a new deployment of the last completed task definition replaces
   * it. Returns whether it tripped.
   */
  private circuitBreaker(s: ServiceRec, primary: SetRec, now: number): boolean {
    const cb = s.deploymentConfiguration.deploymentCircuitBreaker as { enable?: boolean | undefined; rollback?: boolean | undefined } | undefined
    if (!cb?.enable) return false
    const threshold = Math.min(200, Math.max(3, Math.ceil(s.desiredCount * 0.5)))
    if (primary.failedTasks < threshold) return false
    primary.rolloutState = 'FAILED'
    primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
    primary.updatedAt = now
    this.addEvent(s, now, `(service ${s.name}) (deployment ${primary.id}) deployment failed: tasks failed to start.`)
    const good = this.completedTds.get(s.arn)
    const previous = [...s.sets].reverse().find((x) => x !== primary && good?.has(x.taskDefinitionArn))
    const key = `${s.clusterName}/${s.name}`
    if (!cb.rollback || !previous) {
      this.sd.rollingSettled(key, primary.id, 'FAILED', now, 'Service deployment failed because the circuit breaker threshold was exceeded.')
      return true
    }
    const back = this.rollBackTo(s, primary, previous.taskDefinitionArn, now)
    this.sd.rollingRollback(key, primary.id, back.id, now, 'Service deployment rolled back because the circuit breaker threshold was exceeded.', true)
    return true
  }

  /** Replaces the rolling deployment `primary` with a new PRIMARY one of `taskDefinitionArn` (a rollback). */
  private rollBackTo(s: ServiceRec, primary: SetRec, taskDefinitionArn: string, now: number): SetRec {
    const previous = [...s.sets].reverse().find((x) => x !== primary && x.taskDefinitionArn === taskDefinitionArn)
    primary.status = 'ACTIVE'
    primary.updatedAt = now
    this.deleteSet(s, primary, now, `Scaling activity initiated by (deployment ${primary.id})`)
    s.taskDefinitionArn = taskDefinitionArn
    const back = this.createSet(
      s,
      'deployment',
      taskDefinitionArn,
      { region: s.region, now },
      { status: 'PRIMARY', scale: 100, loadBalancers: s.loadBalancers }
    )
    this.addEvent(s, now, `(service ${s.name}) rolling back to deployment ${(previous ?? back).id}.`)
    return back
  }

  /**
   * A running task's failure has come (the health causes): its health check failed, or its target
   * did, and ECS stops it (SIGTERM, which the app does not handle) and counts it as failed.
   */
  private doom(t: TaskRec, at: number): void {
    const f = t.fail!
    const s = t.serviceName ? this.services.get(`${t.clusterName}/${t.serviceName}`) : undefined
    const set = s?.sets.find((x) => x.id === t.setId)
    if (f.cause === 'container-health') t.unhealthy = true
    if (s && set) {
      const label = this.setLabel(s, set)
      if (f.cause === 'container-health') this.addEvent(s, at, `${label} (task ${t.id}) failed container health checks.`)
      else {
        const lb = set.loadBalancers.find((x) => x.targetGroupArn)
        const why = this.faults.unhealthyTargets()?.description ?? ELB_HEALTH_DESCRIPTION
        this.addEvent(
          s,
          at,
          `${label} (task ${t.id}) (port ${lb?.containerPort ?? 80}) is unhealthy in (target-group ${lb?.targetGroupArn}) due to (reason ${why}).`
        )
      }
    }
    this.stopTask(t, at, f.stoppedReason, f.stopCode)
    t.exitCode = f.exitCode
    t.containerReason = f.containerReason
    for (const o of t.out ?? []) if (o.culprit) this.write(t, o, at, sigtermLines())
    this.onTaskFailed(t, at)
  }

  private onTaskFailed(t: TaskRec, at: number): void {
    const s = t.serviceName ? this.services.get(`${t.clusterName}/${t.serviceName}`) : undefined
    const set = s?.sets.find((x) => x.id === t.setId)
    if (!s || !set) return
    set.failedTasks++
    set.lastFailureReason = t.stoppedReason
    set.nextLaunchAt = at + TASK_TIMING.relaunchDelayMs
    const code = t.exitCode === undefined ? '' : ` (exit code ${t.exitCode})`
    this.addEvent(s, at, `${this.setLabel(s, set)} has stopped 1 running tasks: (task ${t.id}). Reason: ${t.stoppedReason}${code}.`)
  }

  // ---------------------------------------------------------------- tags

  TagResource(p: Params, _ctx: Ctx) {
    this.requireArn(p.resourceArn)
    this.putTags(p.resourceArn, p.tags ?? [])
    return {}
  }

  UntagResource(p: Params, _ctx: Ctx) {
    this.requireArn(p.resourceArn)
    const keys: string[] = p.tagKeys ?? []
    this.tags.set(
      p.resourceArn,
      this.tagsOf(p.resourceArn).filter((t) => !keys.includes(t.key!))
    )
    return {}
  }

  ListTagsForResource(p: Params, _ctx: Ctx) {
    this.requireArn(p.resourceArn)
    return { tags: this.tagsOf(p.resourceArn) }
  }

  private requireArn(arn: unknown): void {
    if (typeof arn !== 'string' || !/^arn:aws[\w-]*:ecs:/.test(arn)) throw err('InvalidParameterException', 'The ARN provided is invalid.')
    const known =
      [...this.clusters.values()].some((c) => c.arn === arn) ||
      [...this.services.values()].some((s) => s.arn === arn || s.sets.some((x) => x.arn === arn)) ||
      this.tasks.has(arn) ||
      !!(arn.includes(':task-definition/') && this.findTaskDef(arn))
    if (!known) throw err('InvalidParameterException', 'The specified resource could not be found.')
  }

  // ---------------------------------------------------------------- state dump

  dump() {
    return {
      clusters: [...this.clusters.values()].map((c) => this.clusterOut(c, true)),
      taskDefinitions: [...this.taskDefs.values()].flat().map((r) => r.td.taskDefinitionArn),
      services: [...this.services.values()].map((s) => this.serviceOut(s, true)),
      tasks: [...this.tasks.values()].map((t) => this.taskOut(t, false)),
      serviceDeployments: this.sd.dump()
    }
  }
}

/**
 * One page of a List* answer. `size` is the page AWS answers without maxResults (each operation's
 * reference says it: ListServices 10, ListServiceDeployments 20, the others 100); maxResults can be
 * 1 to 100, which the model does not encode, so it is checked here in the model check's words.
 */
export function paginate<T>(items: T[], p: Params, key: string, size = 100): Record<string, unknown> {
  const start = p.nextToken ? Number(Buffer.from(String(p.nextToken), 'base64').toString()) : 0
  if (!Number.isInteger(start) || start < 0) throw err('InvalidParameterException', 'The nextToken is invalid.')
  if (p.maxResults !== undefined && p.maxResults !== null && (p.maxResults < 1 || p.maxResults > 100))
    throw err(
      'ValidationException',
      `1 validation error detected: Value '${p.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${p.maxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`
    )
  const max = typeof p.maxResults === 'number' ? p.maxResults : size
  const page = items.slice(start, start + max)
  const out: Record<string, unknown> = { [key]: page }
  if (start + max < items.length) out.nextToken = Buffer.from(String(start + max)).toString('base64')
  return out
}
