/** The alb-weighted way's own inputs. */
import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../../src/core/inputs.js'
import { parseAlbInputs, parseTrafficSteps } from '../../../src/ways/alb-weighted/inputs.js'

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/0123456789abcdef/fedcba9876543210'
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web-alb/0123456789abcdef/fedcba9876543210/0011223344556677'
const reader =
  (o: Record<string, string>) =>
  (n: string): string =>
    o[n] ?? ''
const base = { strategy: 'alb-weighted', cluster: 'prod', service: 'web-blue', image: 'web:1.5.0', 'green-service': 'web-green', 'listener-arn': LISTENER }
/** The common inputs, then the way's own, as main.ts parses them. */
const parse = (o: Record<string, string>) => parseAlbInputs(reader(o), parseInputs(reader(o)))

describe('inputs', () => {
  it('traffic-steps: ascending whole percentages ending at 100', () => {
    expect(parseTrafficSteps('10,50,100')).toEqual([10, 50, 100])
    expect(parseTrafficSteps('5% 25%\n100')).toEqual([5, 25, 100])
    expect(() => parseTrafficSteps('10,50')).toThrow("Input 'traffic-steps': '10,50' does not end at 100")
    expect(() => parseTrafficSteps('50,10,100')).toThrow('not strictly ascending')
    expect(() => parseTrafficSteps('0,100')).toThrow("'0' is not a whole percentage")
    expect(() => parseTrafficSteps('12.5,100')).toThrow("'12.5' is not a whole percentage")
  })

  it('parses the alb-weighted inputs with their defaults', () => {
    expect(parse({ ...base, alarms: 'web-5xx\nweb-latency, web-5xx' })).toEqual({
      greenService: 'web-green',
      listenerArn: LISTENER,
      listenerRuleArn: undefined,
      trafficSteps: [10, 50, 100],
      stepBakeMinutes: 5,
      alarms: ['web-5xx', 'web-latency']
    })
  })

  it('refuses each bad input by name, before any AWS call', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ 'green-service': '' }, /^Input 'green-service': is required with strategy alb-weighted/],
      [{ 'green-service': 'web-blue' }, /^Input 'green-service': 'web-blue' is 'service' itself/],
      [{ 'listener-arn': '' }, /^Input 'listener-rule-arn': or listener-arn is required/],
      [{ 'listener-rule-arn': RULE }, /^Input 'listener-rule-arn': and listener-arn are both given/],
      [{ 'listener-arn': RULE }, /^Input 'listener-arn': '.*' is not an Application Load Balancer listener ARN/],
      [{ 'listener-arn': '', 'listener-rule-arn': LISTENER }, /^Input 'listener-rule-arn': '.*' is not an Application Load Balancer listener rule ARN/],
      [{ 'step-bake-minutes': '-1' }, /^Input 'step-bake-minutes': '-1' is not a number of minutes/],
      [{ 'step-bake-minutes': 'five' }, /^Input 'step-bake-minutes'/],
      [{ alarms: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x' }, /^Input 'alarms': '.*' is an ARN/]
    ]
    for (const [o, re] of bad) expect(() => parse({ ...base, ...o })).toThrow(re)
  })
})
