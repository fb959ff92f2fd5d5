/** All emulator state in one place, plus the clock that drives it. */
import { CallLog } from './calls.js';
import { Clock } from './clock.js';
import { CodeDeploy } from './codedeploy.js';
import { Ecs } from './ecs.js';
import { Faults } from './faults.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export class World {
  readonly clock: Clock;
  readonly faults = new Faults();
  readonly calls = new CallLog();
  readonly alarms = new Map<string, AlarmState>();
  readonly ecs: Ecs;
  readonly codedeploy: CodeDeploy;

  constructor(
    timeScale: number,
    private readonly logFn: (msg: string) => void,
  ) {
    this.clock = new Clock(timeScale);
    this.ecs = new Ecs(this.faults);
    this.codedeploy = new CodeDeploy(this.ecs, {
      ecs: this.ecs,
      faults: this.faults,
      alarms: this.alarms,
      realAt: (v) => this.clock.realAt(v),
      log: (m) => this.log(m),
    });
  }

  log(msg: string): void {
    this.logFn(msg);
  }

  /** Bring every task and deployment up to the current virtual time. */
  advance(): void {
    const now = this.clock.now();
    for (let i = 0; i < 50; i++) {
      const a = this.ecs.reconcile(now);
      const b = this.codedeploy.advance(now);
      if (!a && !b) break;
    }
  }

  reset(): void {
    this.ecs.reset();
    this.codedeploy.reset();
    this.faults.reset();
    this.calls.clear();
    this.alarms.clear();
  }

  state() {
    this.advance();
    return {
      now: this.clock.now(),
      nowIso: new Date(this.clock.now()).toISOString(),
      timeScale: this.clock.timeScale,
      alarms: Object.fromEntries(this.alarms),
      ecs: this.ecs.dump(),
      codedeploy: this.codedeploy.dump(),
    };
  }
}
