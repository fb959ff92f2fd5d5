/** The rolling way: deployment controller ECS with strategy ROLLING (the default), a rolling update per release. */
import type { Way } from '../../core/way.js'
import type { RollingEvent } from './events.js'
import { ROLLING_INPUTS, parseRollingInputs, type RollingInputs } from './inputs.js'

export const rolling: Way<RollingInputs, RollingEvent> = {
  name: 'rolling',
  ownInputs: ROLLING_INPUTS,
  whenToChoose: 'for a service with the ECS deployment controller and the ROLLING strategy',
  configuredBy:
    "A rolling update is driven by the service's deploymentConfiguration (minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, alarms): remove",
  noAnalysis: 'is released by a rolling update, whose old and new tasks share one target group: there are no two sides to compare',
  parseInputs: parseRollingInputs,
  load: () => import('./handlers.js').then((m) => m.handlers)
}
