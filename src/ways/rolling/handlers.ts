/** This way's mode handlers, after-kill and words: loaded only when it releases the service (src/core/way.ts). */
import type { WayHandlers } from '../../core/way.js'
import { afterKill } from './after-kill.js'
import { continueRelease, rollback, stop } from './control.js'
import { describeRollingEvent, type RollingEvent } from './events.js'
import type { RollingInputs } from './inputs.js'
import { planRelease } from './plan-mode.js'
import { deploy } from './release.js'

export const handlers: WayHandlers<RollingInputs, RollingEvent> = {
  modes: { deploy, plan: planRelease, rollback, continue: continueRelease, stop },
  afterKill,
  describe: describeRollingEvent
}
