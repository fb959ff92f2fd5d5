/** The rolling way: deployment controller ECS with strategy ROLLING (the default), a rolling update per release. */
import type { Way } from '../../core/way.js'
import { afterKill } from './after-kill.js'
import { continueRelease, rollback, stop } from './control.js'
import { describeRollingEvent, type RollingEvent } from './events.js'
import { parseRollingInputs, ROLLING_INPUTS, type RollingInputs } from './inputs.js'
import { deploy } from './release.js'

export const rolling: Way<RollingInputs, RollingEvent> = {
  name: 'rolling',
  ownInputs: ROLLING_INPUTS,
  whenToChoose: 'for a service with the ECS deployment controller and the ROLLING strategy',
  configuredBy:
    "A rolling update is driven by the service's deploymentConfiguration (minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, alarms): remove",
  parseInputs: parseRollingInputs,
  modes: { deploy, rollback, continue: continueRelease, stop },
  afterKill,
  describe: describeRollingEvent
}
