/** The post step on the ECS-native way, after the main step was killed mid-release: stops the service deployment with rollback (unless on-cancel: leave). */
import { stopServiceDeployment } from '../../aws/ecs.js'
import { describeServiceDeployment } from '../../aws/service-deployments.js'
import { describeError } from '../../core/errors.js'
import type { AfterKill } from '../../core/way.js'
import { NATIVE_TERMINAL } from './events.js'
import type { NativeInputs } from './inputs.js'

export async function afterKill(o: AfterKill<NativeInputs>): Promise<void> {
  try {
    const d = await describeServiceDeployment(o.clients.ecs, o.deploymentId)
    if (!d.status || NATIVE_TERMINAL.has(d.status) || d.status.startsWith('ROLLBACK') || d.status === 'STOP_REQUESTED') return
    if (o.inputs.onCancel === 'leave') {
      o.warn(`The main step ended before service deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`)
      return
    }
    await stopServiceDeployment(o.clients.ecs, o.deploymentId, 'ROLLBACK')
    o.warn(`The main step ended before service deployment ${o.deploymentId} did: stopped it with rollback (on-cancel: rollback).`)
  } catch (err) {
    o.error(
      `Could not settle service deployment ${o.deploymentId} after the main step ended: ${describeError(err)}. Check it in the console and stop it by hand if it still runs.`
    )
  }
}
