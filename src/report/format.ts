/** How the report writes durations, times, revisions and console links. Pure. */

/** 5m01s, 39s, 1h02m: the durations a person reads in a log. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/** The time column: mm:ss from the start of the release. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  const m = Math.floor(s / 60)
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** An ECS service's Deployments tab: the console has no documented link to one service deployment. */
export function ecsConsoleUrl(cluster: string, service: string, region: string): string {
  return `https://console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}/deployments?region=${region}`
}

/** `web:42` from a task definition ARN. */
export function revisionName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '-'
}

/** The first letter in upper case: for a sentence that starts with a name ("deployment d-X is..."). */
export const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
