/**
 * The ECS-native way has no inputs of its own: the service's deploymentConfiguration (strategy,
 * bake time, linear or canary steps, lifecycle hooks, alarms) drives its releases.
 */
export type NativeInputs = Record<string, never>

export const NATIVE_INPUTS: readonly string[] = []

export function parseNativeInputs(): NativeInputs {
  return {}
}
