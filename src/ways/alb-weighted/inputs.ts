import { inputError } from '../../core/errors.js'
import type { InputReader, Inputs } from '../../core/inputs.js'

/** The inputs of the alb-weighted strategy (two services behind weighted ALB forward actions). */
export interface AlbInputs {
  /** The other service of the pair (the idle twin of 'service'); which one is live is read from the weights. */
  greenService: string
  /** The listener whose default action forwards to both target groups... */
  listenerArn?: string | undefined
  /** ...or the rule that does. */
  listenerRuleArn?: string | undefined
  /** Percentages of traffic on the new side, ascending, ending at 100. */
  trafficSteps: number[]
  /** Minutes to watch after each step before the next one. */
  stepBakeMinutes: number
  /** CloudWatch alarm names: any in ALARM stops the shift and puts the weights back. */
  alarms: string[]
}

export const ALB_INPUTS = ['green-service', 'listener-rule-arn', 'listener-arn', 'traffic-steps', 'step-bake-minutes', 'alarms'] as const

const LISTENER_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/
const RULE_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+\/[0-9a-f]+$/
/** 1 to 255 characters, none of them a control character (CloudWatch's rule for alarm names). */
const isAlarmName = (s: string): boolean => s.length >= 1 && s.length <= 255 && ![...s].some((c) => c.charCodeAt(0) < 0x20)

/** '10,50,100' → [10, 50, 100]: whole percentages, strictly ascending, ending at 100. */
export function parseTrafficSteps(value: string): number[] {
  const parts = value.split(/[\s,]+/).filter(Boolean)
  const fix = 'Give ascending whole percentages of traffic for the new service, ending at 100, e.g. 10,50,100'
  if (!parts.length) throw inputError('traffic-steps', 'is empty', fix)
  const steps = parts.map((p) => {
    const n = Number(p.replace(/%$/, ''))
    if (!Number.isInteger(n) || n < 1 || n > 100) throw inputError('traffic-steps', `'${p}' is not a whole percentage from 1 to 100`, fix)
    return n
  })
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]! <= steps[i - 1]!) throw inputError('traffic-steps', `'${value}' is not strictly ascending`, fix)
  }
  if (steps[steps.length - 1] !== 100) throw inputError('traffic-steps', `'${value}' does not end at 100`, fix)
  return steps
}

/**
 * Reads the alb-weighted inputs: green-service and exactly one of listener-rule-arn / listener-arn
 * are required. Pure: throws an ActionError naming the input.
 */
export function parseAlbInputs(get: InputReader, common: Pick<Inputs, 'service'>): AlbInputs {
  const service = common.service
  const greenService = get('green-service')
  if (!greenService)
    throw inputError(
      'green-service',
      'is required with strategy alb-weighted',
      "Name the ECS service that pairs with 'service' behind the listener (either may be the live one)"
    )
  const short = (s: string): string => s.split('/').pop()!
  if (short(greenService) === short(service)) throw inputError('green-service', `'${greenService}' is 'service' itself`, 'Name the other service of the pair')
  const listenerArn = get('listener-arn') || undefined
  const listenerRuleArn = get('listener-rule-arn') || undefined
  if (listenerArn && listenerRuleArn)
    throw inputError(
      'listener-rule-arn',
      'and listener-arn are both given',
      "Give listener-rule-arn for a rule's forward action, or listener-arn for the listener's default action, not both"
    )
  if (!listenerArn && !listenerRuleArn)
    throw inputError(
      'listener-rule-arn',
      'or listener-arn is required with strategy alb-weighted',
      "Give the ARN of the listener rule (or the listener, for its default action) that forwards to both services' target groups"
    )
  if (listenerArn && !LISTENER_ARN.test(listenerArn)) {
    throw inputError(
      'listener-arn',
      `'${listenerArn}' is not an Application Load Balancer listener ARN`,
      'Give arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID (a listener-rule ARN goes in listener-rule-arn)'
    )
  }
  if (listenerRuleArn && !RULE_ARN.test(listenerRuleArn)) {
    throw inputError(
      'listener-rule-arn',
      `'${listenerRuleArn}' is not an Application Load Balancer listener rule ARN`,
      'Give arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener-rule/app/NAME/ID/ID/ID (a listener ARN goes in listener-arn)'
    )
  }
  const trafficSteps = parseTrafficSteps(get('traffic-steps') || '10,50,100')
  const bakeRaw = get('step-bake-minutes')
  const stepBakeMinutes = bakeRaw ? Number(bakeRaw) : 5
  if (!Number.isFinite(stepBakeMinutes) || stepBakeMinutes < 0 || stepBakeMinutes > 24 * 60) {
    throw inputError(
      'step-bake-minutes',
      `'${bakeRaw}' is not a number of minutes from 0 to 1440`,
      'Give the minutes to watch each step before the next, e.g. 5 (0 moves on as soon as the step is written)'
    )
  }
  const alarms = [
    ...new Set(
      get('alarms')
        .split(/[\n,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    )
  ]
  for (const a of alarms) {
    if (!isAlarmName(a))
      throw inputError('alarms', `'${a.slice(0, 40)}' is not a CloudWatch alarm name`, 'List alarm names (not ARNs), one per line or separated by commas')
    if (a.startsWith('arn:')) throw inputError('alarms', `'${a}' is an ARN`, 'List alarm names (the part after alarm:), one per line or separated by commas')
  }
  if (alarms.length > 100) throw inputError('alarms', `${alarms.length} alarms are listed`, 'List at most 100 (one DescribeAlarms call reads them)')
  return { greenService, listenerArn, listenerRuleArn, trafficSteps, stepBakeMinutes, alarms }
}
