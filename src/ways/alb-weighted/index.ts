/** The alb-weighted way: two ECS services behind one ALB forward action, the weights shifted by this action. */
import type { Way } from '../../core/way.js'
import type { AlbEvent } from './events.js'
import { ALB_INPUTS, parseAlbInputs, type AlbInputs } from './inputs.js'

export const albWeighted: Way<AlbInputs, AlbEvent> = {
  name: 'alb-weighted',
  ownInputs: ALB_INPUTS,
  whenToChoose: 'to shift ALB weights between two services',
  configuredBy: "The alb-weighted way is configured by 'green-service', the listener or rule, 'traffic-steps', 'step-bake-minutes' and 'alarms': remove",
  parseInputs: parseAlbInputs,
  load: () => import('./handlers.js').then((m) => m.handlers)
}
