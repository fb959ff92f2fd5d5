/** All emulator state in one place, plus the clock that drives it. */
import { CallLog } from './calls.js'
import { Clock } from './clock.js'
import { CloudWatch } from './cloudwatch.js'
import { Elbv2 } from './elbv2.js'
import { CodeDeploy } from './codedeploy.js'
import { Ecr } from './ecr.js'
import { Ecs } from './ecs.js'
import { Faults } from './faults.js'
import { Logs } from './logs.js'
import type { MetricSource } from './metric-source.js'
import { Traffic } from './traffic.js'

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export class World {
  readonly clock: Clock
  readonly faults = new Faults()
  readonly calls = new CallLog()
  readonly alarms = new Map<string, AlarmState>()
  readonly ecs: Ecs
  readonly codedeploy: CodeDeploy
  readonly elbv2: Elbv2
  readonly cloudwatch: CloudWatch
  readonly logs = new Logs()
  readonly ecr = new Ecr(this.faults)
  /** The ALBs' requests to target groups and their AWS/ApplicationELB metrics. */
  readonly traffic: Traffic
  /** Where CloudWatch's metric data comes from (GetMetricData, alarms evaluated from metrics): the traffic, unless a test hands in its own. */
  metrics: MetricSource

  constructor(
    timeScale: number,
    private readonly logFn: (msg: string) => void,
    metrics?: MetricSource
  ) {
    this.clock = new Clock(timeScale)
    this.traffic = new Traffic({ now: () => this.clock.now(), isTestRoute: (arn) => this.isTestRoute(arn) })
    this.metrics = metrics ?? this.traffic
    this.faults.onChange = (cfg) => this.traffic.faultChanged(cfg.traffic, this.clock.now())
    this.ecs = new Ecs(this.faults)
    this.ecs.alarms = this.alarms
    this.codedeploy = new CodeDeploy(this.ecs, {
      ecs: this.ecs,
      faults: this.faults,
      alarms: this.alarms,
      realAt: (v) => this.clock.realAt(v),
      shiftWeights: (holder, weights, at) => this.elbv2.shiftWeights(holder, weights, at),
      log: (m) => this.log(m)
    })
    this.cloudwatch = new CloudWatch(this.alarms, {
      metrics: () => this.metrics,
      evaluateAlarms: () => this.faults.evaluateAlarms(),
      publishDelayMs: () => this.traffic.publishDelayMs
    })
    this.elbv2 = new Elbv2({
      ecs: this.ecs,
      faults: this.faults,
      alarms: this.alarms,
      definedAlarms: () => this.cloudwatch.names(),
      log: (m) => this.log(m),
      routeChanged: (route, groups, at) => this.traffic.routeChanged(route, groups, at)
    })
    this.ecs.logs = this.logs
    this.ecs.targetGroupHealthCheck = (arn) => this.elbv2.healthCheckOf(arn)
    this.ecs.routeWeights = (holder) => this.elbv2.weightsOf(holder)
    this.ecs.shiftWeights = (holder, weights, at) => this.elbv2.shiftWeights(holder, weights, at)
  }

  /** Test listeners and rules (CodeDeploy groups' testTrafficRoute, ECS services' testListenerRule) carry no steady traffic. */
  private isTestRoute(arn: string): boolean {
    for (const g of this.codedeploy.groups.values())
      for (const pair of g.info.loadBalancerInfo?.targetGroupPairInfoList ?? []) if (pair.testTrafficRoute?.listenerArns?.includes(arn)) return true
    for (const s of this.ecs.services.values()) for (const lb of s.loadBalancers) if (lb.advancedConfiguration?.testListenerRule === arn) return true
    return false
  }

  log(msg: string): void {
    this.logFn(msg)
  }

  /** Bring every task and deployment up to the current virtual time. */
  advance(): void {
    const now = this.clock.now()
    for (let i = 0; i < 50; i++) {
      const a = this.ecs.reconcile(now)
      const b = this.codedeploy.advance(now)
      const c = this.elbv2.advance(now)
      const d = this.cloudwatch.advance(now)
      if (!a && !b && !c && !d) break
    }
    this.logs.advance(now)
  }

  reset(): void {
    this.ecs.reset()
    this.codedeploy.reset()
    this.elbv2.reset()
    this.cloudwatch.reset()
    this.logs.reset()
    this.faults.reset()
    this.calls.clear()
    this.alarms.clear()
    this.traffic.reset()
  }

  state() {
    this.advance()
    return {
      now: this.clock.now(),
      nowIso: new Date(this.clock.now()).toISOString(),
      timeScale: this.clock.timeScale,
      alarms: Object.fromEntries(this.alarms),
      ecs: this.ecs.dump(),
      codedeploy: this.codedeploy.dump(),
      elbv2: this.elbv2.dump(this.clock.now()),
      traffic: this.traffic.dump(),
      cloudwatch: { alarms: this.cloudwatch.dump() },
      logs: { logGroups: this.logs.dump() }
    }
  }
}
