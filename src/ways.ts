import type { Clients } from './aws/clients.js'
import { ActionError } from './errors.js'
import type { Inputs, Mode } from './inputs.js'
import type { Context } from './modes/context.js'
import { resume, stop } from './modes/control.js'
import { deploy } from './modes/deploy.js'
import { rollback } from './modes/rollback.js'
import type { ReleaseResult } from './result.js'
import { WAY_NAMES, type Way } from './strategy.js'
import { albAfterKill, albDeploy } from './alb/release.js'
import { albContinue, albStop } from './alb/control.js'
import { albRollback } from './alb/rollback.js'
import { rollingAfterKill, rollingDeploy } from './rolling/release.js'
import { rollingContinue, rollingRollback, rollingStop } from './rolling/control.js'
import { nativeAfterKill, nativeContinue, nativeDeploy, nativeRollback, nativeStop } from './ecs-native/release.js'

export type ModeHandler = (ctx: Context) => Promise<ReleaseResult>

/** What the post step is handed to settle a release the main step could not (killed after a cancel). */
export interface AfterKill {
  inputs: Inputs
  clients: Clients
  region: string
  /** The deployment-id the main step saved. */
  deploymentId: string
  warn: (message: string) => void
}

/**
 * One way of releasing a service: a handler per mode, and the post step's safety net. A mode a way
 * has no handler for is refused with a clear error (see handlerFor).
 */
export interface WayHandlers {
  modes: Partial<Record<Mode, ModeHandler>>
  /** Stops (or leaves, as on-cancel says) a release still running after the main step ended. */
  afterKill?: (o: AfterKill) => Promise<void>
}

/**
 * The registry: strategy × mode. The CodeDeploy way is the original action (src/modes/); the
 * others live in their own folders and register here.
 */
export const WAYS: Record<Way, WayHandlers> = {
  // The CodeDeploy post step is in main.ts (it predates the registry).
  codedeploy: { modes: { deploy, rollback, continue: resume, stop } },
  ecs: { modes: { deploy: nativeDeploy, rollback: nativeRollback, continue: nativeContinue, stop: nativeStop }, afterKill: nativeAfterKill },
  rolling: { modes: { deploy: rollingDeploy, rollback: rollingRollback, continue: rollingContinue, stop: rollingStop }, afterKill: rollingAfterKill },
  'alb-weighted': { modes: { deploy: albDeploy, rollback: albRollback, continue: albContinue, stop: albStop }, afterKill: albAfterKill }
}

export function handlerFor(way: Way, mode: Mode): ModeHandler {
  const h = WAYS[way].modes[mode]
  if (!h) {
    const supported = Object.keys(WAYS[way].modes)
    throw new ActionError(
      `Input 'mode': '${mode}' is not available for a service released the ${WAY_NAMES[way]} way${supported.length ? ` (it supports ${supported.join(', ')})` : ''}. Use another mode, or act on the service in the console.`,
      'mode'
    )
  }
  return h
}
