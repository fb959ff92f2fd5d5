/**
 * The post step's safety net on the CodeDeploy way: the main step was killed before it could settle
 * its deployment (runner timeout, SIGKILL after a cancel). Stops it with rollback unless
 * on-cancel: leave.
 */
import { getDeployment, stopDeployment } from '../../aws/codedeploy.js'
import { describeError } from '../../core/errors.js'
import type { AfterKill } from '../../core/way.js'
import { consoleUrl, TERMINAL } from './events.js'
import type { CodeDeployInputs } from './inputs.js'

export async function afterKill(o: AfterKill<CodeDeployInputs>): Promise<void> {
  const id = o.deploymentId
  try {
    const d = await getDeployment(o.clients.codedeploy, id)
    if (!d.status || TERMINAL.has(d.status)) return
    if (o.inputs.onCancel === 'leave') {
      o.warn(`The main step ended before deployment ${id} did; it is left running (on-cancel: leave). ${consoleUrl(id, o.region)}`)
      return
    }
    await stopDeployment(o.clients.codedeploy, id, true)
    o.warn(`The main step ended before deployment ${id} did: stopped it with rollback (on-cancel: rollback). ${consoleUrl(id, o.region)}`)
  } catch (err) {
    o.error(`Could not settle deployment ${id} after the main step ended: ${describeError(err)}. Check it in the console and stop it by hand if it still runs.`)
  }
}
