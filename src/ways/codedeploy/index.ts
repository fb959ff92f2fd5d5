/** The CodeDeploy blue/green way: deployment controller CODE_DEPLOY, a CodeDeploy deployment per release. */
import type { Way } from '../../core/way.js'
import { afterKill } from './after-kill.js'
import { continueRelease, rollback, stop } from './control.js'
import { describeCodeDeployEvent, type CodeDeployEvent } from './events.js'
import { CODEDEPLOY_INPUTS, parseCodeDeployInputs, type CodeDeployInputs } from './inputs.js'
import { deploy } from './release.js'

export const codedeploy: Way<CodeDeployInputs, CodeDeployEvent> = {
  name: 'codedeploy',
  ownInputs: CODEDEPLOY_INPUTS,
  whenToChoose: 'for a service with the CODE_DEPLOY deployment controller',
  configuredBy: 'A CodeDeploy release is driven by its deployment group and the AppSpec this action renders: remove',
  parseInputs: parseCodeDeployInputs,
  modes: { deploy, rollback, continue: continueRelease, stop },
  afterKill,
  describe: describeCodeDeployEvent
}
