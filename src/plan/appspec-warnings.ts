/**
 * What a `codedeploy-appspec` base file says that this action does not use, one warning each, so
 * nobody believes a field they wrote took effect. Pure: the caller prints them (as ::warning).
 */
import type { Hook } from '../inputs.js'
import type { AppSpec } from './appspec.js'

const TOP_LEVEL = new Set(['version', 'Resources', 'Hooks'])
const PROPERTIES = new Set(['TaskDefinition', 'LoadBalancerInfo', 'PlatformVersion', 'NetworkConfiguration', 'CapacityProviderStrategy'])

/** `<TASK_DEFINITION>`, `TASK_DEF_ARN`…: the placeholder the official action's examples put there. */
const PLACEHOLDER = /^<[^>]*>$|^[A-Z_]+$/

export function appSpecWarnings(base: Partial<AppSpec> | undefined, lb: { containerName: string; containerPort: number }, hooks: Hook[] = []): string[] {
  if (!base) return []
  const out: string[] = []
  const file = 'codedeploy-appspec'
  for (const key of Object.keys(base)) {
    if (!TOP_LEVEL.has(key)) out.push(`${file}: '${key}' is ignored: an ECS AppSpec has only version, Resources and Hooks.`)
  }
  if (base.version !== undefined && Number(base.version) !== 0) out.push(`${file}: version '${String(base.version)}' is ignored: ECS AppSpecs are version 0.0.`)
  const target = base.Resources?.[0]?.TargetService
  const props = (target?.Properties ?? {}) as unknown as Record<string, unknown>
  if (target?.Type !== undefined && target.Type !== 'AWS::ECS::Service')
    out.push(`${file}: Type '${String(target.Type)}' is ignored: the target is always AWS::ECS::Service.`)
  for (const key of Object.keys(props)) {
    if (!PROPERTIES.has(key)) out.push(`${file}: Properties.${key} is ignored: it is not an ECS AppSpec property.`)
  }
  const td = props.TaskDefinition
  if (typeof td === 'string' && td && !PLACEHOLDER.test(td)) {
    out.push(`${file}: Properties.TaskDefinition '${td}' is ignored: the task definition this step registers is deployed.`)
  }
  const lbi = props.LoadBalancerInfo as { ContainerName?: unknown; ContainerPort?: unknown } | undefined
  if (
    lbi &&
    ((lbi.ContainerName !== undefined && lbi.ContainerName !== lb.containerName) ||
      (lbi.ContainerPort !== undefined && Number(lbi.ContainerPort) !== lb.containerPort))
  ) {
    out.push(
      `${file}: LoadBalancerInfo ${String(lbi.ContainerName ?? '?')}:${String(lbi.ContainerPort ?? '?')} is ignored: traffic goes to the service's load-balanced container ${lb.containerName}:${lb.containerPort}.`
    )
  }
  for (const entry of base.Hooks ?? []) {
    for (const [event, fn] of Object.entries(entry)) {
      const given = hooks.find((h) => h.event === event)
      if (given && given.functionName !== fn) out.push(`${file}: hook ${event}=${fn} is replaced by the hooks input (${event}=${given.functionName}).`)
    }
  }
  return out
}
