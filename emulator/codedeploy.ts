/**
 * AWS CodeDeploy (ECS compute platform): applications, deployment groups, deployment configs,
 * deployments and their ECS targets.
 */
import { createHash } from 'node:crypto'
import type {
  ApplicationInfo,
  AutoRollbackConfiguration,
  BlueGreenDeploymentConfiguration,
  ComputePlatform,
  DeploymentConfigInfo,
  DeploymentGroupInfo,
  ECSService,
  LastDeploymentInfo,
  RevisionLocation,
  Tag
} from '@aws-sdk/client-codedeploy'
import { parse as parseYaml } from 'yaml'
import { DEPLOYMENT_TIMING, DeploymentRec, HOOK_EVENTS, type AppSpecTarget, type DeploymentHost } from './deployment.js'
import type { Ctx, Ecs } from './ecs.js'
import { err } from './errors.js'
import { ACCOUNT_ID, DEPLOYMENT_ID_RE, deploymentId, targetGroupNameFromArn, uuid } from './ids.js'

type Params = Record<string, any>

interface AppRec {
  info: ApplicationInfo
  createTime: number
  tags: Tag[]
}

interface GroupRec {
  info: DeploymentGroupInfo
  region: string
  tags: Tag[]
}

const NAME_RE = /^[\w.+@=,-]{1,100}$/

function predefinedConfigs(t0: number): DeploymentConfigInfo[] {
  const ecs = (name: string, trc: DeploymentConfigInfo['trafficRoutingConfig']): DeploymentConfigInfo => ({
    deploymentConfigId: createHash('md5')
      .update(name)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    deploymentConfigName: `CodeDeployDefault.${name}`,
    createTime: new Date(t0),
    computePlatform: 'ECS',
    trafficRoutingConfig: trc
  })
  const server = (name: string, type: 'HOST_COUNT' | 'FLEET_PERCENT', value: number): DeploymentConfigInfo => ({
    deploymentConfigId: createHash('md5')
      .update(name)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    deploymentConfigName: `CodeDeployDefault.${name}`,
    minimumHealthyHosts: { type, value },
    createTime: new Date(t0),
    computePlatform: 'Server',
    trafficRoutingConfig: { type: 'AllAtOnce' }
  })
  return [
    ecs('ECSAllAtOnce', { type: 'AllAtOnce' }),
    ecs('ECSCanary10Percent5Minutes', { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 } }),
    ecs('ECSCanary10Percent15Minutes', { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 15 } }),
    ecs('ECSLinear10PercentEvery1Minutes', { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } }),
    ecs('ECSLinear10PercentEvery3Minutes', { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 3 } }),
    server('OneAtATime', 'HOST_COUNT', 1),
    server('HalfAtATime', 'FLEET_PERCENT', 50),
    server('AllAtOnce', 'HOST_COUNT', 0)
  ]
}

function toMs(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number') return v * 1000
  if (typeof v === 'string') {
    const n = Number(v)
    if (Number.isFinite(n)) return n * 1000
    const t = Date.parse(v)
    if (Number.isFinite(t)) return t
  }
  throw err('InvalidTimeRangeException', 'The specified time range is invalid.')
}

function paginate<T>(items: T[], p: Params, key: string, size = 100): Record<string, unknown> {
  const start = p.nextToken ? Number(Buffer.from(String(p.nextToken), 'base64').toString()) : 0
  if (!Number.isInteger(start) || start < 0) throw err('InvalidNextTokenException', 'The next token was specified in an invalid format.')
  const out: Record<string, unknown> = { [key]: items.slice(start, start + size) }
  if (start + size < items.length) out.nextToken = Buffer.from(String(start + size)).toString('base64')
  return out
}

export class CodeDeploy {
  apps = new Map<string, AppRec>()
  groups = new Map<string, GroupRec>() // key app/group
  configs = new Map<string, DeploymentConfigInfo>()
  deployments = new Map<string, DeploymentRec>()
  private order: string[] = [] // deployment ids in creation order

  constructor(
    private readonly ecs: Ecs,
    private readonly hostBase: Omit<DeploymentHost, 'createRollback' | 'onTerminal'>
  ) {
    this.reset()
  }

  reset(): void {
    this.apps.clear()
    this.groups.clear()
    this.deployments.clear()
    this.order = []
    this.configs.clear()
    for (const c of predefinedConfigs(Date.UTC(2014, 10, 12))) this.configs.set(c.deploymentConfigName!, c)
  }

  private host(): DeploymentHost {
    return {
      ...this.hostBase,
      createRollback: (dep, now) => this.createRollback(dep, now),
      onTerminal: (dep) => this.onTerminal(dep)
    }
  }

  /** Advance every live deployment to virtual time `now`. */
  advance(now: number): boolean {
    let changed = false
    for (const id of this.order) {
      const d = this.deployments.get(id)
      if (d && !d.terminal && d.advance(now)) changed = true
    }
    return changed
  }

  // ------------------------------------------------------------------ helpers

  private app(name: unknown): AppRec {
    if (!name) throw err('ApplicationNameRequiredException', 'The minimum number of required application names was not specified.')
    const a = this.apps.get(String(name))
    if (!a) throw err('ApplicationDoesNotExistException', `No application found for name: ${name}`)
    return a
  }

  private group(appName: unknown, groupName: unknown): GroupRec {
    const a = this.app(appName)
    if (!groupName) throw err('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.')
    const g = this.groups.get(`${a.info.applicationName}/${groupName}`)
    if (!g) throw err('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${groupName}`)
    return g
  }

  private config(name: unknown): DeploymentConfigInfo {
    if (!name) throw err('DeploymentConfigNameRequiredException', 'The deployment configuration name was not specified.')
    const c = this.configs.get(String(name))
    if (!c) throw err('DeploymentConfigDoesNotExistException', `No deployment configuration found for name: ${name}`)
    return c
  }

  dep(id: unknown): DeploymentRec {
    if (!id) throw err('DeploymentIdRequiredException', 'At least one deployment ID must be specified.')
    if (typeof id !== 'string' || !DEPLOYMENT_ID_RE.test(id))
      throw err('InvalidDeploymentIdException', `Specified DeploymentId is not in the valid format: ${String(id)}`)
    const d = this.deployments.get(id)
    if (!d) throw err('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`)
    return d
  }

  activeDeployment(appName: string, groupName: string): DeploymentRec | undefined {
    for (const d of this.deployments.values()) if (d.applicationName === appName && d.deploymentGroupName === groupName && !d.terminal) return d
    return undefined
  }

  // ------------------------------------------------------------------ applications

  CreateApplication(p: Params, ctx: Ctx) {
    const name = p.applicationName
    if (!name) throw err('ApplicationNameRequiredException', 'The minimum number of required application names was not specified.')
    if (!NAME_RE.test(name)) throw err('InvalidApplicationNameException', 'The application name was specified in an invalid format.')
    if (this.apps.has(name)) throw err('ApplicationAlreadyExistsException', `${name} already exists in your account`)
    const cp: ComputePlatform = p.computePlatform ?? 'Server'
    if (!['Server', 'Lambda', 'ECS'].includes(cp)) throw err('InvalidComputePlatformException', 'The computePlatform is invalid.')
    const info: ApplicationInfo = {
      applicationId: uuid(),
      applicationName: name,
      createTime: new Date(ctx.now),
      linkedToGitHub: false,
      computePlatform: cp
    }
    this.apps.set(name, { info, createTime: ctx.now, tags: p.tags ?? [] })
    return { applicationId: info.applicationId }
  }

  GetApplication(p: Params, _ctx: Ctx) {
    return { application: this.app(p.applicationName).info }
  }

  BatchGetApplications(p: Params, _ctx: Ctx) {
    const names: string[] = p.applicationNames ?? []
    if (names.length > 100) throw err('BatchLimitExceededException', 'The maximum number of names or IDs allowed for this request (100) was exceeded.')
    return { applicationsInfo: names.map((n) => this.app(n).info) }
  }

  ListApplications(p: Params, _ctx: Ctx) {
    return paginate([...this.apps.keys()].sort(), p, 'applications')
  }

  DeleteApplication(p: Params, _ctx: Ctx) {
    const a = this.app(p.applicationName)
    this.apps.delete(a.info.applicationName!)
    for (const k of [...this.groups.keys()]) if (k.startsWith(`${a.info.applicationName}/`)) this.groups.delete(k)
    return {}
  }

  // ------------------------------------------------------------------ deployment configs

  GetDeploymentConfig(p: Params, _ctx: Ctx) {
    return { deploymentConfigInfo: this.config(p.deploymentConfigName) }
  }

  ListDeploymentConfigs(p: Params, _ctx: Ctx) {
    return paginate([...this.configs.keys()].sort(), p, 'deploymentConfigsList')
  }

  CreateDeploymentConfig(p: Params, ctx: Ctx) {
    const name = p.deploymentConfigName
    if (!name) throw err('DeploymentConfigNameRequiredException', 'The deployment configuration name was not specified.')
    if (!NAME_RE.test(name) || name.startsWith('CodeDeployDefault.'))
      throw err('InvalidDeploymentConfigNameException', 'The deployment configuration name was specified in an invalid format.')
    if (this.configs.has(name))
      throw err('DeploymentConfigAlreadyExistsException', `A deployment configuration with the specified name (${name}) already exists.`)
    const cp: ComputePlatform = p.computePlatform ?? 'Server'
    if (!['Server', 'Lambda', 'ECS'].includes(cp)) throw err('InvalidComputePlatformException', 'The computePlatform is invalid.')
    const trc = p.trafficRoutingConfig
    if (cp === 'ECS' || cp === 'Lambda') {
      if (!trc || !['AllAtOnce', 'TimeBasedCanary', 'TimeBasedLinear'].includes(trc.type))
        throw err('InvalidTrafficRoutingConfigurationException', 'The configuration that specifies how traffic is routed during a deployment is invalid.')
      const pct = (v: unknown) => typeof v === 'number' && v >= 1 && v <= 99
      const ivl = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2880
      if (trc.type === 'TimeBasedCanary' && !(pct(trc.timeBasedCanary?.canaryPercentage) && ivl(trc.timeBasedCanary?.canaryInterval)))
        throw err('InvalidTrafficRoutingConfigurationException', 'TimeBasedCanary requires canaryPercentage 1-99 and canaryInterval in minutes.')
      if (trc.type === 'TimeBasedLinear' && !(pct(trc.timeBasedLinear?.linearPercentage) && ivl(trc.timeBasedLinear?.linearInterval)))
        throw err('InvalidTrafficRoutingConfigurationException', 'TimeBasedLinear requires linearPercentage 1-99 and linearInterval in minutes.')
      if (p.minimumHealthyHosts) throw err('InvalidMinimumHealthyHostValueException', 'minimumHealthyHosts is not supported for this compute platform.')
    } else if (!p.minimumHealthyHosts) {
      throw err('InvalidMinimumHealthyHostValueException', 'The minimum healthy instance value was specified in an invalid format.')
    }
    const info: DeploymentConfigInfo = {
      deploymentConfigId: uuid(),
      deploymentConfigName: name,
      minimumHealthyHosts: p.minimumHealthyHosts,
      createTime: new Date(ctx.now),
      computePlatform: cp,
      trafficRoutingConfig: trc
    }
    this.configs.set(name, info)
    return { deploymentConfigId: info.deploymentConfigId }
  }

  DeleteDeploymentConfig(p: Params, _ctx: Ctx) {
    const c = this.config(p.deploymentConfigName)
    if (c.deploymentConfigName!.startsWith('CodeDeployDefault.'))
      throw err('InvalidOperationException', 'The default deployment configurations cannot be deleted.')
    for (const g of this.groups.values())
      if (g.info.deploymentConfigName === c.deploymentConfigName) throw err('DeploymentConfigInUseException', 'The deployment configuration is still in use.')
    this.configs.delete(c.deploymentConfigName!)
    return {}
  }

  // ------------------------------------------------------------------ deployment groups

  private validateEcsGroup(p: Params, selfKey?: string): void {
    const style = p.deploymentStyle
    if (style?.deploymentType !== 'BLUE_GREEN' || style?.deploymentOption !== 'WITH_TRAFFIC_CONTROL')
      throw err(
        'InvalidDeploymentStyleException',
        'For ECS deployment group, deploymentType must be BLUE_GREEN and deploymentOption must be WITH_TRAFFIC_CONTROL.'
      )
    const svcs: ECSService[] = p.ecsServices ?? []
    if (svcs.length !== 1 || !svcs[0]!.serviceName || !svcs[0]!.clusterName)
      throw err('InvalidECSServiceException', 'Exactly one ECS service (serviceName and clusterName) must be specified for an ECS deployment group.')
    const { serviceName, clusterName } = svcs[0]!
    const svc = this.ecs.findService(clusterName!, serviceName!)
    if (!svc)
      throw err(
        'InvalidECSServiceException',
        `Deployment group's ECS service must be in ACTIVE state: the ECS service ${clusterName}:${serviceName} does not exist.`
      )
    if (svc.deploymentController.type !== 'CODE_DEPLOY')
      throw err('InvalidECSServiceException', `Deployment group's ECS service ${clusterName}:${serviceName} must use the CODE_DEPLOY deployment controller.`)
    for (const [k, g] of this.groups)
      if (k !== selfKey && g.info.ecsServices?.some((s) => s.serviceName === serviceName && s.clusterName === clusterName))
        throw err(
          'ECSServiceMappingLimitExceededException',
          `The ECS service ${clusterName}:${serviceName} is already associated with deployment group ${g.info.deploymentGroupName}.`
        )
    const pairs = p.loadBalancerInfo?.targetGroupPairInfoList
    if (!Array.isArray(pairs) || pairs.length !== 1)
      throw err(
        'InvalidLoadBalancerInfoException',
        'An ECS deployment group requires exactly one target group pair (loadBalancerInfo.targetGroupPairInfoList).'
      )
    const pair = pairs[0]
    const tgs: { name?: string | undefined }[] = pair.targetGroups ?? []
    if (tgs.length !== 2 || !tgs[0]!.name || !tgs[1]!.name || tgs[0]!.name === tgs[1]!.name)
      throw err('InvalidTargetGroupPairException', 'A target group pair must contain exactly two different target groups.')
    if (!pair.prodTrafficRoute?.listenerArns?.length)
      throw err('InvalidTargetGroupPairException', 'A target group pair requires a production traffic route (prodTrafficRoute.listenerArns).')
    if (pair.prodTrafficRoute.listenerArns.length > 1) throw err('InvalidTargetGroupPairException', 'Only one production listener is supported.')
    const names = tgs.map((t) => t.name)
    const svcTgs = svc.loadBalancers.map((lb) => targetGroupNameFromArn(lb.targetGroupArn ?? ''))
    if (!svcTgs.some((n) => names.includes(n)))
      throw err(
        'InvalidTargetGroupPairException',
        `The target groups of the ECS service (${svcTgs.join(', ')}) are not part of the target group pair (${names.join(', ')}).`
      )
    const ac = p.alarmConfiguration
    if (ac) {
      if ((ac.alarms ?? []).length > 10) throw err('AlarmsLimitExceededException', 'The maximum number of alarms for a deployment group (10) was exceeded.')
      if (ac.enabled && !(ac.alarms ?? []).length) throw err('InvalidAlarmConfigException', 'The alarm configuration is enabled but no alarms are specified.')
    }
    const ar = p.autoRollbackConfiguration
    if (ar?.events)
      for (const e of ar.events)
        if (!['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'].includes(e))
          throw err('InvalidAutoRollbackConfigException', `The automatic rollback configuration event ${e} is invalid.`)
    const bg = p.blueGreenDeploymentConfiguration
    const wait = bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes
    if (wait !== undefined && (typeof wait !== 'number' || wait < 0 || wait > 2880))
      throw err('InvalidBlueGreenDeploymentConfigurationException', 'terminationWaitTimeInMinutes must be between 0 and 2880.')
    const ro = bg?.deploymentReadyOption
    if (ro?.actionOnTimeout && !['CONTINUE_DEPLOYMENT', 'STOP_DEPLOYMENT'].includes(ro.actionOnTimeout))
      throw err('InvalidBlueGreenDeploymentConfigurationException', 'deploymentReadyOption.actionOnTimeout is invalid.')
  }

  private blueGreenDefaults(bg: BlueGreenDeploymentConfiguration | undefined): BlueGreenDeploymentConfiguration {
    return {
      ...(bg ?? {}),
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: 0,
        ...(bg?.terminateBlueInstancesOnDeploymentSuccess ?? {})
      },
      deploymentReadyOption: {
        actionOnTimeout: 'CONTINUE_DEPLOYMENT',
        waitTimeInMinutes: 0,
        ...(bg?.deploymentReadyOption ?? {})
      }
    }
  }

  CreateDeploymentGroup(p: Params, ctx: Ctx) {
    const a = this.app(p.applicationName)
    const name = p.deploymentGroupName
    if (!name) throw err('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.')
    if (!NAME_RE.test(name)) throw err('InvalidDeploymentGroupNameException', 'The deployment group name was specified in an invalid format.')
    const key = `${a.info.applicationName}/${name}`
    if (this.groups.has(key))
      throw err('DeploymentGroupAlreadyExistsException', `A deployment group with the specified name (${name}) already exists with the application.`)
    if (!p.serviceRoleArn) throw err('RoleRequiredException', 'The role ID was not specified.')
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+/.test(p.serviceRoleArn))
      throw err('InvalidRoleException', 'The service role ARN was specified in an invalid format.')
    const cp = a.info.computePlatform
    const configName = p.deploymentConfigName ?? (cp === 'ECS' ? 'CodeDeployDefault.ECSAllAtOnce' : 'CodeDeployDefault.OneAtATime')
    const cfg = this.config(configName)
    if (cfg.computePlatform !== cp)
      throw err('InvalidDeploymentConfigNameException', `The deployment configuration ${configName} cannot be used with compute platform ${cp}.`)
    if (cp === 'ECS') this.validateEcsGroup(p)
    const info: DeploymentGroupInfo = {
      applicationName: a.info.applicationName,
      deploymentGroupId: uuid(),
      deploymentGroupName: name,
      deploymentConfigName: configName,
      ec2TagFilters: [],
      onPremisesInstanceTagFilters: [],
      autoScalingGroups: [],
      serviceRoleArn: p.serviceRoleArn,
      triggerConfigurations: p.triggerConfigurations ?? [],
      alarmConfiguration: p.alarmConfiguration ?? { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
      autoRollbackConfiguration: p.autoRollbackConfiguration ?? { enabled: false, events: [] },
      deploymentStyle: p.deploymentStyle ?? { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
      outdatedInstancesStrategy: p.outdatedInstancesStrategy ?? 'UPDATE',
      blueGreenDeploymentConfiguration: cp === 'ECS' ? this.blueGreenDefaults(p.blueGreenDeploymentConfiguration) : p.blueGreenDeploymentConfiguration,
      loadBalancerInfo: p.loadBalancerInfo,
      computePlatform: cp,
      ecsServices: p.ecsServices,
      terminationHookEnabled: false
    }
    this.groups.set(key, { info, region: ctx.region, tags: p.tags ?? [] })
    void ctx
    return { deploymentGroupId: info.deploymentGroupId }
  }

  UpdateDeploymentGroup(p: Params, ctx: Ctx) {
    const g = this.group(p.applicationName, p.currentDeploymentGroupName)
    const merged: Params = { ...g.info }
    for (const k of [
      'deploymentConfigName',
      'serviceRoleArn',
      'alarmConfiguration',
      'autoRollbackConfiguration',
      'deploymentStyle',
      'blueGreenDeploymentConfiguration',
      'loadBalancerInfo',
      'ecsServices',
      'triggerConfigurations'
    ])
      if (p[k] !== undefined) merged[k] = p[k]
    const oldKey = `${g.info.applicationName}/${g.info.deploymentGroupName}`
    if (g.info.computePlatform === 'ECS') this.validateEcsGroup(merged, oldKey)
    if (p.deploymentConfigName) this.config(p.deploymentConfigName)
    const newName = p.newDeploymentGroupName ?? g.info.deploymentGroupName
    const info: DeploymentGroupInfo = {
      ...(merged as DeploymentGroupInfo),
      deploymentGroupName: newName,
      blueGreenDeploymentConfiguration:
        g.info.computePlatform === 'ECS' ? this.blueGreenDefaults(merged.blueGreenDeploymentConfiguration) : merged.blueGreenDeploymentConfiguration
    }
    this.groups.delete(oldKey)
    this.groups.set(`${g.info.applicationName}/${newName}`, { ...g, info })
    void ctx
    return { hooksNotCleanedUp: [] }
  }

  DeleteDeploymentGroup(p: Params, _ctx: Ctx) {
    const g = this.group(p.applicationName, p.deploymentGroupName)
    this.groups.delete(`${g.info.applicationName}/${g.info.deploymentGroupName}`)
    return { hooksNotCleanedUp: [] }
  }

  GetDeploymentGroup(p: Params, _ctx: Ctx) {
    return { deploymentGroupInfo: this.group(p.applicationName, p.deploymentGroupName).info }
  }

  BatchGetDeploymentGroups(p: Params, _ctx: Ctx) {
    const a = this.app(p.applicationName)
    const names: string[] = p.deploymentGroupNames ?? []
    if (!names.length) throw err('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.')
    if (names.length > 100) throw err('BatchLimitExceededException', 'The maximum number of names or IDs allowed for this request (100) was exceeded.')
    const infos: DeploymentGroupInfo[] = []
    const missing: string[] = []
    for (const n of names) {
      const g = this.groups.get(`${a.info.applicationName}/${n}`)
      if (g) infos.push(g.info)
      else missing.push(n)
    }
    return {
      deploymentGroupsInfo: infos,
      errorMessage: missing.length ? `Deployment groups not found: ${missing.join(', ')}` : ''
    }
  }

  ListDeploymentGroups(p: Params, _ctx: Ctx) {
    const a = this.app(p.applicationName)
    const names = [...this.groups.values()]
      .filter((g) => g.info.applicationName === a.info.applicationName)
      .map((g) => g.info.deploymentGroupName!)
      .sort()
    return { applicationName: a.info.applicationName, ...paginate(names, p, 'deploymentGroups') }
  }

  // ------------------------------------------------------------------ deployments

  private parseAppSpec(revision: RevisionLocation | undefined): { spec: Record<string, any>; raw: string } {
    if (!revision) throw err('RevisionRequiredException', 'The revision ID was not specified.')
    let content: string | undefined
    let sha256: string | undefined
    if (revision.revisionType === 'AppSpecContent') {
      content = revision.appSpecContent?.content
      sha256 = revision.appSpecContent?.sha256
    } else if (revision.revisionType === 'String') {
      content = revision.string?.content
      sha256 = revision.string?.sha256
    } else {
      throw err(
        'InvalidRevisionException',
        `Revision type ${revision.revisionType ?? '(none)'} is not supported for ECS deployments by this emulator; use AppSpecContent.`
      )
    }
    if (!content) throw err('InvalidRevisionException', 'The AppSpec content is empty.')
    if (sha256) {
      const actual = createHash('sha256').update(content).digest('hex')
      if (actual.toLowerCase() !== sha256.toLowerCase())
        throw err('InvalidRevisionException', 'The SHA256 hash of the AppSpec content does not match the sha256 value that was provided.')
    }
    let spec: unknown
    const trimmed = content.trim()
    try {
      spec = trimmed.startsWith('{') ? JSON.parse(trimmed) : parseYaml(trimmed)
    } catch (e) {
      throw err('InvalidRevisionException', `The AppSpec content could not be parsed: ${(e as Error).message}`)
    }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw err('InvalidRevisionException', 'The AppSpec content must be a JSON or YAML object.')
    return { spec: spec as Record<string, any>, raw: content }
  }

  private checkAppSpec(spec: Record<string, any>, g: GroupRec): AppSpecTarget {
    const get = (o: Record<string, any> | undefined, k: string): any => {
      if (!o) return undefined
      const hit = Object.keys(o).find((x) => x.toLowerCase() === k.toLowerCase())
      return hit === undefined ? undefined : o[hit]
    }
    const version = get(spec, 'version')
    if (version === undefined || (String(version) !== '0' && String(version) !== '0.0'))
      throw err('InvalidRevisionException', 'The AppSpec file version must be 0.0.')
    const resources = get(spec, 'Resources')
    if (!Array.isArray(resources) || resources.length !== 1)
      throw err('InvalidRevisionException', 'The AppSpec file must contain exactly one resource (TargetService) in Resources.')
    const res = resources[0]
    const key = res && typeof res === 'object' ? Object.keys(res)[0] : undefined
    const target = key ? res[key] : undefined
    if (!target || typeof target !== 'object') throw err('InvalidRevisionException', 'The AppSpec resource must be an object like {"TargetService": {...}}.')
    if (get(target, 'Type') !== 'AWS::ECS::Service') throw err('InvalidRevisionException', 'The AppSpec resource Type must be AWS::ECS::Service.')
    const props = get(target, 'Properties')
    if (!props || typeof props !== 'object') throw err('InvalidRevisionException', 'The AppSpec resource must have Properties.')
    const tdRef = get(props, 'TaskDefinition')
    if (!tdRef || typeof tdRef !== 'string') throw err('InvalidRevisionException', 'The AppSpec resource Properties must specify TaskDefinition.')
    const td = this.ecs.findTaskDef(tdRef)
    if (!td) throw err('InvalidRevisionException', `The task definition ${tdRef} specified in the AppSpec does not exist.`)
    if (td.status !== 'ACTIVE') throw err('InvalidRevisionException', `The task definition ${td.taskDefinitionArn} specified in the AppSpec is not ACTIVE.`)
    const lbi = get(props, 'LoadBalancerInfo')
    const containerName = get(lbi, 'ContainerName')
    const containerPort = Number(get(lbi, 'ContainerPort'))
    if (!containerName || !Number.isFinite(containerPort))
      throw err('InvalidRevisionException', 'The AppSpec resource Properties must specify LoadBalancerInfo with ContainerName and ContainerPort.')
    const cdef = td.containerDefinitions?.find((c) => c.name === containerName)
    if (!cdef) throw err('InvalidRevisionException', `The container ${containerName} does not exist in the task definition ${td.taskDefinitionArn}.`)
    if (!(cdef.portMappings ?? []).some((pm) => pm.containerPort === containerPort))
      throw err(
        'InvalidRevisionException',
        `The container ${containerName} in task definition ${td.taskDefinitionArn} does not expose container port ${containerPort}.`
      )
    const ecsSvc = g.info.ecsServices?.[0]
    const svc = ecsSvc ? this.ecs.findService(ecsSvc.clusterName!, ecsSvc.serviceName!) : undefined
    if (!svc)
      throw err(
        'InvalidECSServiceException',
        `The ECS service ${ecsSvc?.clusterName}:${ecsSvc?.serviceName} of deployment group ${g.info.deploymentGroupName} does not exist.`
      )
    const lb = svc.loadBalancers[0]
    if (lb && (lb.containerName !== containerName || lb.containerPort !== containerPort))
      throw err(
        'InvalidRevisionException',
        `The container name and port in the AppSpec (${containerName}:${containerPort}) do not match the load balancer of the ECS service ${svc.name} (${lb.containerName}:${lb.containerPort}).`
      )
    const hooks: Record<string, string> = {}
    const hookList = get(spec, 'Hooks')
    if (hookList !== undefined && hookList !== null) {
      if (!Array.isArray(hookList)) throw err('InvalidRevisionException', 'The AppSpec Hooks section must be a list.')
      for (const h of hookList) {
        if (!h || typeof h !== 'object') throw err('InvalidRevisionException', 'Each AppSpec hook must be an object {"EventName": "function"}.')
        for (const [ev, fn] of Object.entries(h)) {
          if (!HOOK_EVENTS.includes(ev))
            throw err(
              'InvalidRevisionException',
              `The AppSpec hook ${ev} is not a valid lifecycle event hook for ECS deployments (valid: ${HOOK_EVENTS.join(', ')}).`
            )
          if (typeof fn !== 'string' || !fn) throw err('InvalidRevisionException', `The AppSpec hook ${ev} must name a Lambda function.`)
          hooks[ev] = fn
        }
      }
    }
    const nc = get(props, 'NetworkConfiguration')
    let networkConfiguration: Record<string, unknown> | undefined
    if (nc) {
      const av = get(nc, 'AwsvpcConfiguration')
      if (av)
        networkConfiguration = {
          awsvpcConfiguration: {
            subnets: get(av, 'Subnets'),
            securityGroups: get(av, 'SecurityGroups'),
            assignPublicIp: get(av, 'AssignPublicIp')
          }
        }
    }
    const cps = get(props, 'CapacityProviderStrategy')
    return {
      taskDefinitionArn: td.taskDefinitionArn!,
      containerName,
      containerPort,
      platformVersion: get(props, 'PlatformVersion'),
      networkConfiguration,
      capacityProviderStrategy: Array.isArray(cps)
        ? cps.map((c: Record<string, any>) => ({ capacityProvider: get(c, 'CapacityProvider'), base: get(c, 'Base'), weight: get(c, 'Weight') }))
        : undefined,
      hooks
    }
  }

  CreateDeployment(p: Params, ctx: Ctx) {
    const a = this.app(p.applicationName)
    if (!p.deploymentGroupName) throw err('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.')
    const g = this.group(p.applicationName, p.deploymentGroupName)
    const cfgName = p.deploymentConfigName ?? g.info.deploymentConfigName
    const cfg = this.config(cfgName)
    if (cfg.computePlatform !== a.info.computePlatform)
      throw err(
        'InvalidDeploymentConfigNameException',
        `The deployment configuration ${cfgName} is for compute platform ${cfg.computePlatform} and cannot be used with the ${a.info.computePlatform} application ${a.info.applicationName}.`
      )
    if (a.info.computePlatform !== 'ECS') throw err('InvalidComputePlatformException', 'This emulator only runs deployments for the ECS compute platform.')
    if (p.description !== undefined && typeof p.description !== 'string') throw err('InvalidInputException', 'The description must be a string.')
    const { spec } = this.parseAppSpec(p.revision)
    const target = this.checkAppSpec(spec, g)
    const active = this.activeDeployment(a.info.applicationName!, g.info.deploymentGroupName!)
    if (active)
      throw err('DeploymentLimitExceededException', `The Deployment Group '${g.info.deploymentGroupName}' already has an active Deployment '${active.id}'`)
    const ecsSvc = g.info.ecsServices![0]!
    const svc = this.ecs.findService(ecsSvc.clusterName!, ecsSvc.serviceName!)!
    const primary = svc.sets.find((s) => s.status === 'PRIMARY') ?? svc.sets[0]
    const pair = g.info.loadBalancerInfo!.targetGroupPairInfoList![0]!
    const tgNames = pair.targetGroups!.map((t) => t.name!)
    const fromTg = primary?.loadBalancers[0]?.targetGroupArn ? targetGroupNameFromArn(primary.loadBalancers[0].targetGroupArn) : tgNames[0]!
    const toTg = tgNames.find((n) => n !== fromTg) ?? tgNames[1]!
    const autoRollback: AutoRollbackConfiguration | undefined = p.autoRollbackConfiguration ?? g.info.autoRollbackConfiguration
    const alarmConfiguration = p.overrideAlarmConfiguration ?? g.info.alarmConfiguration
    const id = this.newId()
    const dep = new DeploymentRec(
      {
        id,
        region: ctx.region,
        applicationName: a.info.applicationName!,
        deploymentGroupName: g.info.deploymentGroupName!,
        deploymentGroupId: g.info.deploymentGroupId!,
        config: cfg,
        creator: 'user',
        description: p.description,
        revision: p.revision,
        previousRevision: g.info.targetRevision,
        createTime: ctx.now,
        autoRollbackConfiguration: autoRollback,
        alarmConfiguration,
        blueGreenDeploymentConfiguration: g.info.blueGreenDeploymentConfiguration!,
        loadBalancerInfo: g.info.loadBalancerInfo!,
        deploymentStyle: g.info.deploymentStyle!,
        clusterName: svc.clusterName,
        serviceName: svc.name,
        serviceArn: svc.arn,
        spec: target,
        fromSetId: primary?.id,
        fromTg,
        toTg,
        hasTestListener: !!pair.testTrafficRoute?.listenerArns?.length
      },
      this.host()
    )
    this.addDeployment(dep, g)
    g.info.targetRevision = p.revision
    return { deploymentId: id }
  }

  private newId(): string {
    let id = deploymentId()
    while (this.deployments.has(id)) id = deploymentId()
    return id
  }

  private addDeployment(dep: DeploymentRec, g: GroupRec): void {
    this.deployments.set(dep.id, dep)
    this.order.push(dep.id)
    const last: LastDeploymentInfo = { deploymentId: dep.id, status: dep.status, createTime: new Date(dep.createTime) }
    g.info.lastAttemptedDeployment = last
  }

  private createRollback(orig: DeploymentRec, now: number): DeploymentRec {
    const g = this.groups.get(`${orig.applicationName}/${orig.deploymentGroupName}`)
    const svc = this.ecs.findService(orig.clusterName, orig.serviceName)
    const blue = orig.fromSetId ? svc?.sets.find((s) => s.id === orig.fromSetId) : undefined
    const id = this.newId()
    const dep = new DeploymentRec(
      {
        id,
        region: orig.region,
        applicationName: orig.applicationName,
        deploymentGroupName: orig.deploymentGroupName,
        deploymentGroupId: orig.deploymentGroupId,
        config: orig.config,
        creator: 'codeDeployRollback',
        description: undefined,
        revision: orig.previousRevision,
        previousRevision: orig.revision,
        createTime: now,
        autoRollbackConfiguration: orig.autoRollbackConfiguration,
        alarmConfiguration: orig.alarmConfiguration,
        blueGreenDeploymentConfiguration: orig.blueGreen,
        loadBalancerInfo: orig.loadBalancerInfo,
        deploymentStyle: orig.deploymentStyle,
        clusterName: orig.clusterName,
        serviceName: orig.serviceName,
        serviceArn: orig.serviceArn,
        spec: { ...orig.spec, taskDefinitionArn: blue?.taskDefinitionArn ?? orig.spec.taskDefinitionArn, hooks: {} },
        fromSetId: orig.toSetId,
        toSetId: orig.fromSetId,
        fromTg: orig.toTg,
        toTg: orig.fromTg,
        toWeight: 100 - orig.toWeight,
        isRollback: true,
        rollbackInfo: {
          rollbackTriggeringDeploymentId: orig.id,
          rollbackMessage: `Rollback deployment for failed deployment ${orig.id}.`
        },
        hasTestListener: orig.hasTestListener,
        resetAlarm: orig.alarmFaultFired ? orig.alarmFaultName : undefined
      },
      this.host()
    )
    if (g) {
      this.addDeployment(dep, g)
      g.info.targetRevision = orig.previousRevision
    } else {
      this.deployments.set(dep.id, dep)
      this.order.push(dep.id)
    }
    this.hostBase.log(`${orig.id} -> rollback ${id} created`)
    return dep
  }

  private onTerminal(dep: DeploymentRec): void {
    const g = this.groups.get(`${dep.applicationName}/${dep.deploymentGroupName}`)
    if (!g) return
    const last: LastDeploymentInfo = {
      deploymentId: dep.id,
      status: dep.status,
      endTime: dep.completeTime !== undefined ? new Date(dep.completeTime) : undefined,
      createTime: new Date(dep.createTime)
    }
    if (g.info.lastAttemptedDeployment?.deploymentId === dep.id) g.info.lastAttemptedDeployment = last
    if (dep.status === 'Succeeded') g.info.lastSuccessfulDeployment = last
  }

  GetDeployment(p: Params, _ctx: Ctx) {
    return { deploymentInfo: this.dep(p.deploymentId).info() }
  }

  BatchGetDeployments(p: Params, _ctx: Ctx) {
    const ids: string[] = p.deploymentIds ?? []
    if (!ids.length) throw err('DeploymentIdRequiredException', 'At least one deployment ID must be specified.')
    if (ids.length > 25) throw err('BatchLimitExceededException', 'The maximum number of names or IDs allowed for this request (25) was exceeded.')
    return { deploymentsInfo: ids.map((id) => this.dep(id).info()) }
  }

  ListDeployments(p: Params, _ctx: Ctx) {
    if (p.deploymentGroupName && !p.applicationName)
      throw err('ApplicationNameRequiredException', 'If deploymentGroupName is specified, applicationName must be specified too.')
    if (p.applicationName) this.app(p.applicationName)
    if (p.deploymentGroupName) this.group(p.applicationName, p.deploymentGroupName)
    const statuses: string[] | undefined = p.includeOnlyStatuses
    const valid = ['Created', 'Queued', 'InProgress', 'Baking', 'Succeeded', 'Failed', 'Stopped', 'Ready']
    for (const s of statuses ?? []) if (!valid.includes(s)) throw err('InvalidDeploymentStatusException', `The specified deployment status ${s} is invalid.`)
    const start = toMs(p.createTimeRange?.start)
    const end = toMs(p.createTimeRange?.end)
    const ids = this.order
      .map((id) => this.deployments.get(id)!)
      .filter(
        (d) =>
          (!p.applicationName || d.applicationName === p.applicationName) &&
          (!p.deploymentGroupName || d.deploymentGroupName === p.deploymentGroupName) &&
          (!statuses?.length || statuses.includes(d.status)) &&
          (start === undefined || d.createTime >= start) &&
          (end === undefined || d.createTime <= end)
      )
      .sort((x, y) => y.createTime - x.createTime)
      .map((d) => d.id)
    return paginate(ids, p, 'deployments')
  }

  private startedDep(id: unknown): DeploymentRec {
    const d = this.dep(id)
    if (d.status === 'Created' || d.status === 'Queued') throw err('DeploymentNotStartedException', 'The specified deployment has not started.')
    return d
  }

  ListDeploymentTargets(p: Params, _ctx: Ctx) {
    const d = this.startedDep(p.deploymentId)
    const filters: Record<string, string[]> | undefined = p.targetFilters
    const statusFilter = filters?.TargetStatus
    if (statusFilter && !statusFilter.includes(d.targetStatus())) return { targetIds: [] }
    return { targetIds: [d.targetId] }
  }

  BatchGetDeploymentTargets(p: Params, _ctx: Ctx) {
    const d = this.startedDep(p.deploymentId)
    const ids: string[] = p.targetIds ?? []
    if (!ids.length) throw err('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.')
    if (ids.length > 25)
      throw err(
        'DeploymentTargetListSizeExceededException',
        'The maximum number of targets that can be associated with an Amazon ECS or AWS Lambda deployment was exceeded.'
      )
    for (const t of ids)
      if (t !== d.targetId) throw err('DeploymentTargetDoesNotExistException', `The provided target ID ${t} does not belong to the deployment ${d.id}.`)
    return { deploymentTargets: ids.map(() => d.target()) }
  }

  GetDeploymentTarget(p: Params, _ctx: Ctx) {
    const d = this.startedDep(p.deploymentId)
    if (!p.targetId) throw err('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.')
    if (p.targetId !== d.targetId)
      throw err('DeploymentTargetDoesNotExistException', `The provided target ID ${p.targetId} does not belong to the deployment ${d.id}.`)
    return { deploymentTarget: d.target() }
  }

  StopDeployment(p: Params, ctx: Ctx) {
    const d = this.dep(p.deploymentId)
    if (d.terminal) throw err('DeploymentAlreadyCompletedException', `The deployment ${d.id} has already completed.`)
    if (!d.stopRequest)
      d.stopRequest = {
        at: ctx.now + DEPLOYMENT_TIMING.stopDelayMs,
        autoRollbackEnabled: typeof p.autoRollbackEnabled === 'boolean' ? p.autoRollbackEnabled : undefined
      }
    return { status: 'Pending', statusMessage: 'Stopping Active Deployment' }
  }

  ContinueDeployment(p: Params, ctx: Ctx) {
    const d = this.dep(p.deploymentId)
    const type = p.deploymentWaitType ?? 'READY_WAIT'
    if (type !== 'READY_WAIT' && type !== 'TERMINATION_WAIT') throw err('InvalidDeploymentWaitTypeException', `The wait type ${type} is invalid.`)
    if (d.terminal) throw err('DeploymentAlreadyCompletedException', `The deployment ${d.id} has already completed.`)
    if (type === 'READY_WAIT') {
      if (d.phase !== 'ready') throw err('DeploymentIsNotInReadyStateException', `The deployment ${d.id} is not in a ready state.`)
      d.continueReadyAt ??= ctx.now
    } else {
      if (d.phase !== 'termination')
        throw err('DeploymentIsNotInReadyStateException', `The deployment ${d.id} is not waiting to terminate the original task set.`)
      d.continueTerminationAt ??= ctx.now
    }
    return {}
  }

  PutLifecycleEventHookExecutionStatus(p: Params, ctx: Ctx) {
    const d = this.dep(p.deploymentId)
    const r = this.hookVerdict(d, { lifecycleEventHookExecutionId: p.lifecycleEventHookExecutionId }, p.status, ctx.now)
    return { lifecycleEventHookExecutionId: r }
  }

  /** Record a hook verdict by execution id or lifecycle event name. Returns the execution id. */
  hookVerdict(
    d: DeploymentRec,
    ref: { lifecycleEventHookExecutionId?: string | undefined; lifecycleEvent?: string | undefined },
    status: unknown,
    now: number
  ): string {
    if (status !== 'Succeeded' && status !== 'Failed')
      throw err(
        'InvalidLifecycleEventHookExecutionStatusException',
        `The result of a Lambda validation function must be Succeeded or Failed, got ${String(status)}.`
      )
    const h = ref.lifecycleEventHookExecutionId
      ? d.hooks.find((x) => x.lifecycleEventHookExecutionId === ref.lifecycleEventHookExecutionId)
      : ref.lifecycleEvent
        ? [...d.hooks].reverse().find((x) => x.lifecycleEvent === ref.lifecycleEvent)
        : undefined
    if (!h) throw err('InvalidLifecycleEventHookExecutionIdException', 'A lifecycle event hook is invalid.')
    if (h.status !== 'Pending' || d.terminal)
      throw err('LifecycleEventAlreadyCompletedException', 'An attempt to return the status of an already completed lifecycle event occurred.')
    d.hookVerdict(h, status, now)
    return h.lifecycleEventHookExecutionId
  }

  TagResource(p: Params, _ctx: Ctx) {
    void p
    return {}
  }

  ListTagsForResource(p: Params, _ctx: Ctx) {
    const arn: string = p.ResourceArn ?? ''
    const m = /:codedeploy:[^:]*:\d{12}:(application|deploymentgroup):([^/]+)(?:\/(.+))?$/.exec(arn)
    if (!m) throw err('InvalidArnException', 'The specified ARN is not in a valid format.')
    if (m[1] === 'application') return { Tags: this.app(m[2]).tags }
    return { Tags: this.group(m[2], m[3]).tags }
  }

  dump() {
    return {
      applications: [...this.apps.values()].map((a) => a.info),
      deploymentGroups: [...this.groups.values()].map((g) => g.info),
      customDeploymentConfigs: [...this.configs.values()].filter((c) => !c.deploymentConfigName!.startsWith('CodeDeployDefault.')),
      deployments: this.order.map((id) => this.deployments.get(id)!.dump())
    }
  }
}

export const codedeployArn = (region: string, kind: 'application' | 'deploymentgroup', name: string): string =>
  `arn:aws:codedeploy:${region}:${ACCOUNT_ID}:${kind}:${name}`
