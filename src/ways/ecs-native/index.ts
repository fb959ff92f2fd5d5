/** The ECS-native way: deployment controller ECS with strategy BLUE_GREEN, LINEAR or CANARY, an ECS service deployment per release. */
import type { Way } from '../../core/way.js'
import type { NativeEvent } from './events.js'
import { NATIVE_INPUTS, parseNativeInputs, type NativeInputs } from './inputs.js'

export const ecsNative: Way<NativeInputs, NativeEvent> = {
  name: 'ecs',
  ownInputs: NATIVE_INPUTS,
  whenToChoose: 'for a service with the ECS deployment controller and strategy BLUE_GREEN, LINEAR or CANARY',
  configuredBy:
    "The service's own deploymentConfiguration (bakeTimeInMinutes, linearConfiguration, canaryConfiguration, lifecycleHooks, alarms) drives an ECS-native release: set those on the service and remove",
  parseInputs: parseNativeInputs,
  load: () => import('./handlers.js').then((m) => m.handlers)
}
