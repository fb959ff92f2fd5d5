/** The post step on the rolling way, after the main step was killed mid-release: rolls it back to the previous task definition (unless on-cancel: leave). */
import { describeService } from '../../aws/ecs.js'
import { describeError } from '../../core/errors.js'
import { STATE } from '../../core/state.js'
import type { AfterKill } from '../../core/way.js'
import type { RollingInputs } from './inputs.js'
import { rollBackRolling } from './release.js'

export async function afterKill(o: AfterKill<RollingInputs>): Promise<void> {
  const previous = o.state.get(STATE.rollingPrevious)
  if (!previous) return
  try {
    const s = await describeService(o.clients.ecs, o.inputs.cluster, o.inputs.service)
    const d = s.deployments?.find((x) => x.id === o.deploymentId)
    if (!d || d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') return
    if (o.inputs.onCancel === 'leave') {
      o.warn(`The main step ended before ECS deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`)
      return
    }
    const how = await rollBackRolling(o, previous)
    o.warn(`The main step ended before ECS deployment ${o.deploymentId} did: ${how} (on-cancel: rollback).`)
  } catch (err) {
    o.error(`Could not settle ECS deployment ${o.deploymentId} after the main step ended: ${describeError(err)}. Check the service in the console.`)
  }
}
