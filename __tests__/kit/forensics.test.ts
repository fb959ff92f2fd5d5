/** The look after a failed release, against mocked clients: which task, which container, its last lines, and what a missing log says. */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, type TaskDefinition } from '@aws-sdk/client-ecs'
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import type { ReleaseResult } from '../../src/core/result.js'
import { failureAnnotation } from '../../src/github/annotations.js'
import { serviceSuspects } from '../../src/core/result.js'
import { forensicLines } from '../../src/kit/causes.js'
import { explainFailure, investigate } from '../../src/kit/forensics.js'
import { forensicsMarkdown } from '../../src/report/summary.js'

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' }
const ecs = new ECSClient({ region: 'us-east-1', credentials })
const elbv2 = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials })
const logs = new CloudWatchLogsClient({ region: 'us-east-1', credentials })
const ecsMock = mockClient(ecs)
const elbMock = mockClient(elbv2)
const logsMock = mockClient(logs)
const warnings: string[] = []
const ctx = { clients: { ecs, elbv2, logs }, region: 'us-east-1', warn: (m: string) => void warnings.push(m), hide: (t: string) => t.replace('s3cr3t', '***') }

const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/0123456789abcdef'
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/prod/4f2a9c1e7b3d4a5f8e6c0b1a2d3e4f50'
const since = new Date('2026-12-02T10:00:00Z')
const td = (logConfiguration?: TaskDefinition['containerDefinitions']): TaskDefinition => ({
  taskDefinitionArn: TD_ARN,
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  memory: '512',
  containerDefinitions: logConfiguration ?? [
    {
      name: 'app',
      image: 'web:1.5.0',
      essential: true,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } }
    }
  ]
})
const suspects = { cluster: 'prod', service: 'web', taskDefinitionArn: TD_ARN, targetGroups: [TG], since }

beforeEach(() => {
  ecsMock.reset()
  elbMock.reset()
  logsMock.reset()
  warnings.length = 0
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [TASK, `${TASK}1`, `${TASK}2`] })
  ecsMock.on(DescribeTasksCommand).resolves({
    tasks: [
      // An older task of the revision before, and one the rollback scaled in: neither is the cause.
      {
        taskArn: `${TASK}1`,
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
        createdAt: new Date('2026-12-01'),
        stoppedReason: 'x'
      },
      {
        taskArn: `${TASK}2`,
        taskDefinitionArn: TD_ARN,
        createdAt: new Date('2026-12-02T10:00:01Z'),
        stoppedAt: new Date('2026-12-02T10:00:30Z'),
        stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/123)',
        // SIGTERM on scale-in: no cause
        containers: [{ name: 'app', exitCode: 143 }]
      },
      {
        taskArn: TASK,
        taskDefinitionArn: TD_ARN,
        createdAt: new Date('2026-12-02T10:00:05Z'),
        stoppedAt: new Date('2026-12-02T10:00:40Z'),
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'app', exitCode: 1 }]
      }
    ]
  })
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: td() })
  logsMock.on(GetLogEventsCommand).resolves({
    events: [
      { timestamp: 1, message: 'Starting web 1.5.0\n' },
      { timestamp: 2, message: 'Error: connect ECONNREFUSED 10.0.3.12:5432 (password s3cr3t)' }
    ]
  })
})

describe('investigate', () => {
  it('the first task of the new revision that stopped for a reason, its exited container and its last lines', async () => {
    const f = (await investigate(ctx, suspects, 30))!
    expect(f.causes.map((c) => c.title)).toEqual(['Essential container app exited with code 1'])
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toEqual({
      logGroupName: '/ecs/web',
      logStreamName: 'web/app/4f2a9c1e7b3d4a5f8e6c0b1a2d3e4f50',
      limit: 30,
      startFromHead: false
    })
    // The tasks explain it: the load balancer is not asked.
    expect(elbMock.calls()).toHaveLength(0)
    expect(forensicLines(f)).toEqual([
      'Why it failed: Essential container app exited with code 1',
      '  Essential container in task exited',
      "  Fix: The container's last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce",
      '  Last 2 lines of app, task 4f2a9c1e (log group /ecs/web, stream web/app/4f2a9c1e7b3d4a5f8e6c0b1a2d3e4f50):',
      '    | Starting web 1.5.0',
      '    | Error: connect ECONNREFUSED 10.0.3.12:5432 (password ***)'
    ])
  })

  it('failure-log-lines 0 reads no log', async () => {
    const f = (await investigate(ctx, suspects, 0))!
    expect(f.excerpt).toBeUndefined()
    expect(logsMock.calls()).toHaveLength(0)
  })

  it('a log that cannot be read is one warning naming the permission; a missing stream or another driver is said instead', async () => {
    logsMock
      .on(GetLogEventsCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: logs:GetLogEvents'), { name: 'AccessDeniedException' }))
    const denied = (await investigate(ctx, suspects, 30))!
    expect(denied.causes).toHaveLength(1)
    expect(warnings).toEqual([
      "Could not read container app's log (AccessDeniedException: User is not authorized to perform: logs:GetLogEvents). Allow the role this action runs as logs:GetLogEvents on arn:aws:logs:us-east-1:*:log-group:/ecs/web:* to see its last lines here."
    ])
    logsMock.on(GetLogEventsCommand).rejects(Object.assign(new Error('The specified log stream does not exist.'), { name: 'ResourceNotFoundException' }))
    expect((await investigate(ctx, suspects, 30))!.logNote).toBe(
      'Container app has no log in log group /ecs/web, stream web/app/4f2a9c1e7b3d4a5f8e6c0b1a2d3e4f50 (The specified log stream does not exist).'
    )
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: td([{ name: 'app', essential: true, logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'datadog' } } }]) })
    expect((await investigate(ctx, suspects, 30))!.logNote).toBe(
      'Container app logs through FireLens (output datadog): its last lines are there, not in CloudWatch Logs.'
    )
  })

  it('with no task to blame, the target groups say why', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] })
    elbMock.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        {
          TargetGroupArn: TG,
          TargetGroupName: 'web-green',
          HealthCheckProtocol: 'HTTP',
          HealthCheckPath: '/health',
          HealthCheckPort: 'traffic-port',
          Matcher: { HttpCode: '200' }
        }
      ]
    })
    elbMock.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        {
          Target: { Id: '10.0.1.7', Port: 8080 },
          TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' }
        },
        { Target: { Id: '10.0.1.8', Port: 8080 }, TargetHealth: { State: 'healthy' } }
      ]
    })
    const f = (await investigate(ctx, suspects, 30))!
    expect(f.causes[0]!.title).toBe(
      "1 target of web-green failed the load balancer's health checks: Target.ResponseCodeMismatch (Health checks failed with these codes: [502])"
    )
    expect(f.excerpt).toBeUndefined()
    // Nothing found: nothing said.
    elbMock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
    expect(await investigate(ctx, suspects, 30)).toBeUndefined()
  })
})

describe('explainFailure', () => {
  const result: ReleaseResult = {
    outcome: 'rolled-back',
    cluster: 'prod',
    service: 'web',
    previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    cause: 'Service deployment rolled back: the circuit breaker tripped',
    suspects
  }

  it('looks only after a release that went wrong, and puts the cause and fix in the log, the annotation and the summary', async () => {
    const lines: string[] = []
    expect(
      await explainFailure(ctx, { failureLogLines: 30, mode: 'deploy' }, { ...result, outcome: 'stopped' }, { line: (l) => void lines.push(l) })
    ).not.toHaveProperty('forensics')
    expect(await explainFailure(ctx, { failureLogLines: 30, mode: 'rollback' }, result, { line: (l) => void lines.push(l) })).not.toHaveProperty('forensics')
    expect(ecsMock.calls()).toHaveLength(0)
    const r = await explainFailure(ctx, { failureLogLines: 30, mode: 'deploy' }, result, { line: (l) => void lines.push(l) })
    expect(lines[0]).toBe('Why it failed: Essential container app exited with code 1')
    // The container's last lines close the annotation too (masked, as everywhere the runner does not mask).
    expect(failureAnnotation(r).message).toBe(
      "Service deployment rolled back: the circuit breaker tripped. Rolled back to web:1. Why: Essential container app exited with code 1. Fix: The container's last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce." +
        '\nLast 2 lines of app:\n  | Starting web 1.5.0\n  | Error: connect ECONNREFUSED 10.0.3.12:5432 (password ***)'
    )
    expect(forensicsMarkdown(r.forensics!)).toBe(
      [
        '',
        '### Why it failed',
        '',
        '**Essential container app exited with code 1**',
        '',
        '<code>Essential container in task exited</code>',
        '',
        "Fix: The container's last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce",
        '',
        '<details><summary>Last 2 lines of app, task 4f2a9c1e (log group /ecs/web, stream web/app/4f2a9c1e7b3d4a5f8e6c0b1a2d3e4f50)</summary>',
        '',
        '```text',
        'Starting web 1.5.0',
        'Error: connect ECONNREFUSED 10.0.3.12:5432 (password ***)',
        '```',
        '',
        '</details>',
        ''
      ].join('\n')
    )
  })

  it('the service target groups, the alternate one included, are where an ECS-controller release looks', () => {
    const s = serviceSuspects(
      'prod',
      {
        serviceName: 'web',
        loadBalancers: [{ targetGroupArn: 'blue', advancedConfiguration: { alternateTargetGroupArn: 'green', productionListenerRule: 'r', roleArn: 'x' } }]
      },
      TD_ARN,
      since
    )
    expect(s).toEqual({ cluster: 'prod', service: 'web', taskDefinitionArn: TD_ARN, targetGroups: ['blue', 'green'], since })
  })
})
