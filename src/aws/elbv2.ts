/** The ELBv2 calls: the alb-weighted way's forward action weights, and the targets' health (a failed release's forensics too). */
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type Action,
  ElasticLoadBalancingV2Client,
  type Listener,
  type Rule,
  type TargetGroup,
  type TargetHealthDescription
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { provideClient } from './clients.js'

provideClient('elbv2', (config) => new ElasticLoadBalancingV2Client(config))

/** One rule, or undefined when AWS has none by that ARN. */
export async function describeRule(elb: ElasticLoadBalancingV2Client, ruleArn: string): Promise<Rule | undefined> {
  try {
    return (await elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules?.[0]
  } catch (err) {
    if ((err as Error).name === 'RuleNotFoundException' || (err as Error).name === 'RuleNotFound') return undefined
    throw err
  }
}

/** One listener, or undefined when AWS has none by that ARN. */
export async function describeListener(elb: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Listener | undefined> {
  try {
    return (await elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners?.[0]
  } catch (err) {
    if ((err as Error).name === 'ListenerNotFoundException' || (err as Error).name === 'ListenerNotFound') return undefined
    throw err
  }
}

export async function modifyRule(elb: ElasticLoadBalancingV2Client, ruleArn: string, actions: Action[]): Promise<void> {
  await elb.send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions }))
}

export async function modifyListener(elb: ElasticLoadBalancingV2Client, listenerArn: string, defaultActions: Action[]): Promise<void> {
  await elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: defaultActions }))
}

export async function targetHealth(elb: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<TargetHealthDescription[]> {
  return (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? []
}

/** The target groups by ARN or name, with their health check settings. */
export async function describeTargetGroups(elb: ElasticLoadBalancingV2Client, arnsOrNames: string[]): Promise<TargetGroup[]> {
  const arns = arnsOrNames.filter((a) => a.startsWith('arn:'))
  const names = arnsOrNames.filter((a) => !a.startsWith('arn:'))
  const out: TargetGroup[] = []
  if (arns.length) out.push(...((await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: arns }))).TargetGroups ?? []))
  if (names.length) out.push(...((await elb.send(new DescribeTargetGroupsCommand({ Names: names }))).TargetGroups ?? []))
  return out
}
