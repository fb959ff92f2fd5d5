import { createHash, randomBytes, randomUUID } from 'node:crypto'

export const ACCOUNT_ID = '123456789012'

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export function randomChars(n: number, alphabet = UPPER_ALNUM): string {
  const bytes = randomBytes(n)
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length]
  return s
}

export const hex = (n: number): string =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n)
export const uuid = (): string => randomUUID()

/**
 * ECS task id: 32 hex digits, drawn again until its first 8 (what logs show of a task) hold a
 * letter and a digit, as nearly all of AWS's do: a log reader, a person or a test that tells a
 * task's short id from a count then always can.
 */
export function taskId(): string {
  for (;;) {
    const id = hex(32)
    if (/[a-f]/.test(id.slice(0, 8)) && /\d/.test(id.slice(0, 8))) return id
  }
}

/** CodeDeploy deployment id: d- followed by 9 upper-case alphanumerics. */
export const deploymentId = (): string => 'd-' + randomChars(9)
export const DEPLOYMENT_ID_RE = /^d-[A-Z0-9]{9}$/

/** ECS task set / deployment id: ecs-svc/ followed by 19 digits. */
export const ecsSvcId = (): string => 'ecs-svc/' + String(1 + Math.floor(Math.random() * 8)) + randomChars(18, '0123456789')

export const ecsArn = (region: string, resource: string): string => `arn:aws:ecs:${region}:${ACCOUNT_ID}:${resource}`

/** Deterministic ELBv2 target group ARN for a target group name (the emulator has no ELB). */
export function targetGroupArn(name: string, region = 'us-east-1'): string {
  const id = createHash('sha256').update(`tg:${name}`).digest('hex').slice(0, 16)
  return `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_ID}:targetgroup/${name}/${id}`
}

/** Deterministic ELBv2 listener ARN. */
export function listenerArn(loadBalancer: string, port: number, region = 'us-east-1'): string {
  const lb = createHash('sha256').update(`lb:${loadBalancer}`).digest('hex').slice(0, 16)
  const l = createHash('sha256').update(`listener:${loadBalancer}:${port}`).digest('hex').slice(0, 16)
  return `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_ID}:listener/app/${loadBalancer}/${lb}/${l}`
}

/** Name of a target group from its ARN (…:targetgroup/NAME/id), or the input if it is not an ARN. */
export function targetGroupNameFromArn(arn: string): string {
  const m = /:targetgroup\/([^/]+)\//.exec(arn)
  return m ? m[1]! : arn
}

/** Last path segment of an ARN-or-name (cluster/service/etc). */
export function nameFromArnOrName(s: string): string {
  if (!s.startsWith('arn:')) return s
  const resource = s.split(':').slice(5).join(':')
  const parts = resource.split('/')
  return parts[parts.length - 1]!
}
