/** The CodeDeploy blue/green way: deployment controller CODE_DEPLOY, a CodeDeploy deployment per release. */
import type { Way } from '../../core/way.js'
import type { CodeDeployEvent } from './events.js'
import { CODEDEPLOY_INPUTS, parseCodeDeployInputs, type CodeDeployInputs } from './inputs.js'

export const codedeploy: Way<CodeDeployInputs, CodeDeployEvent> = {
  name: 'codedeploy',
  ownInputs: CODEDEPLOY_INPUTS,
  whenToChoose: 'for a service with the CODE_DEPLOY deployment controller',
  configuredBy: 'A CodeDeploy release is driven by its deployment group and the AppSpec this action renders: remove',
  parseInputs: parseCodeDeployInputs,
  load: () => import('./handlers.js').then((m) => m.handlers)
}
