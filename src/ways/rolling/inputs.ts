/**
 * The rolling way has no inputs of its own: the service's deploymentConfiguration
 * (minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, alarms) drives its updates.
 */
export type RollingInputs = Record<string, never>

export const ROLLING_INPUTS: readonly string[] = []

export function parseRollingInputs(): RollingInputs {
  return {}
}
