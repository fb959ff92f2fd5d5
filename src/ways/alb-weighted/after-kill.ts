/** The post step on the alb-weighted way, after the main step was killed mid-release: puts the weights back (unless on-cancel: leave). */
import { updateService } from '../../aws/ecs.js'
import { describeError } from '../../core/errors.js'
import { STATE } from '../../core/state.js'
import type { AfterKill } from '../../core/way.js'
import type { AlbInputs } from './inputs.js'
import { writeHolder, type Restore } from './release.js'

export async function afterKill(o: AfterKill<AlbInputs>): Promise<void> {
  const raw = o.state.get(STATE.albRestore)
  if (!raw) return
  const r = JSON.parse(raw) as Restore
  if (o.inputs.onCancel === 'leave') {
    o.warn(`The main step ended mid-release (ECS deployment ${o.deploymentId}); the ${r.kind} weights are left as they are (on-cancel: leave).`)
    return
  }
  try {
    await writeHolder(o.clients, r, r.actions)
    await updateService(o.clients.ecs, {
      cluster: o.inputs.cluster,
      service: r.idle.service,
      desiredCount: r.idle.desiredCount,
      taskDefinition: r.idle.taskDefinition
    })
    o.warn(
      `The main step ended mid-release (ECS deployment ${o.deploymentId}): put the ${r.kind} weights back and scaled ${r.idle.service} to ${r.idle.desiredCount} (on-cancel: rollback).`
    )
  } catch (err) {
    o.error(`Could not put the weights back after the main step ended: ${describeError(err)}. Set them by hand on ${r.arn}.`)
  }
}
