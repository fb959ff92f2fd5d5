/** This way's mode handlers, after-kill and words: loaded only when it releases the service (src/core/way.ts). */
import type { WayHandlers } from '../../core/way.js'
import { afterKill } from './after-kill.js'
import { continueRelease, rollback, stop } from './control.js'
import { describeNativeEvent, type NativeEvent } from './events.js'
import type { NativeInputs } from './inputs.js'
import { planRelease } from './plan-mode.js'
import { deploy } from './release.js'

export const handlers: WayHandlers<NativeInputs, NativeEvent> = {
  modes: { deploy, plan: planRelease, rollback, continue: continueRelease, stop },
  afterKill,
  describe: describeNativeEvent
}
