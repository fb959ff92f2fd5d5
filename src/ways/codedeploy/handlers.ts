/** This way's mode handlers, after-kill and words: loaded only when it releases the service (src/core/way.ts). */
import type { WayHandlers } from '../../core/way.js'
import { afterKill } from './after-kill.js'
import { continueRelease, rollback, stop } from './control.js'
import { describeCodeDeployEvent, type CodeDeployEvent } from './events.js'
import type { CodeDeployInputs } from './inputs.js'
import { planRelease } from './plan-mode.js'
import { deploy } from './release.js'

export const handlers: WayHandlers<CodeDeployInputs, CodeDeployEvent> = {
  modes: { deploy, plan: planRelease, rollback, continue: continueRelease, stop },
  afterKill,
  describe: describeCodeDeployEvent
}
