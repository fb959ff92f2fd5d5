/** Each common cause of a failed release recognised from what ECS and the load balancer say, with its fix. */
import { describe, expect, it } from '@jest/globals'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { causesOf, type Evidence, type StoppedTask, type TargetGroupHealth } from '../../src/kit/causes.js'

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0'
const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/0123456789abcdef'
const td: TaskDefinition = {
  executionRoleArn: ROLE,
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image: IMAGE,
      essential: true,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], interval: 10, retries: 3, startPeriod: 20 }
    },
    { name: 'log-router', image: 'fluent-bit', essential: false }
  ]
}
const task = (o: Partial<StoppedTask> & { container?: Partial<StoppedTask['containers'][number]> }): StoppedTask => ({
  taskId: '0123456789abcdef0123456789abcdef',
  stoppedReason: 'Essential container in task exited',
  containers: [{ name: 'app', ...o.container }],
  ...o
})
const group = (o: Partial<TargetGroupHealth> = {}): TargetGroupHealth => ({
  name: 'web-green',
  arn: TG,
  healthCheck: { protocol: 'HTTP', path: '/health', port: 'traffic-port', matcher: '200' },
  unhealthy: [{ id: '10.0.1.7:8080', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' }],
  ...o
})
const one = (e: Partial<Evidence>): ReturnType<typeof causesOf>[number] => {
  const causes = causesOf({ tasks: [], targetGroups: [], taskDefinition: td, ...e })
  expect(causes.length).toBeGreaterThan(0)
  return causes[0]!
}

describe('causesOf', () => {
  it('CannotPullContainerError: a tag that does not exist, or a role that may not pull', () => {
    const missing = one({
      tasks: [
        task({
          stopCode: 'TaskFailedToStart',
          stoppedReason: `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${IMAGE}: ${IMAGE}: not found`
        })
      ]
    })
    expect(missing).toMatchObject({ code: 'image-pull', title: `ECS could not pull ${IMAGE}: the tag does not exist` })
    expect(missing.fix).toContain('aws ecr describe-images --repository-name web')
    const denied = one({
      tasks: [task({ stoppedReason: 'CannotPullContainerError: pull access denied: 403 Forbidden' })]
    })
    expect(denied.title).toContain('the task execution role may not pull it')
    expect(denied.fix).toContain(`Allow ${ROLE} ecr:GetAuthorizationToken, ecr:BatchGetImage`)
  })

  it('ResourceInitializationError: names the secret or the log group the execution role cannot reach', () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'
    const secret = one({
      tasks: [
        task({
          stoppedReason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/abc is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretArn} because no identity-based policy allows the secretsmanager:GetSecretValue action`
        })
      ]
    })
    expect(secret).toMatchObject({ code: 'secret', title: `The task execution role could not read secret ${secretArn}` })
    expect(secret.fix).toContain(`Allow ${ROLE} secretsmanager:GetSecretValue on ${secretArn}`)
    const logs = one({
      tasks: [
        task({
          stoppedReason:
            'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
        })
      ]
    })
    expect(logs).toMatchObject({ code: 'log-group', title: 'The task could not write to log group /ecs/web' })
    expect(logs.fix).toContain('Create log group /ecs/web in us-east-1')
  })

  it('OutOfMemoryError names the memory limit', () => {
    const oom = one({ tasks: [task({ container: { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' } })] })
    expect(oom).toMatchObject({ code: 'out-of-memory', title: "Container app was killed at its memory limit of 512 MiB (the task's memory)" })
    const own = one({
      tasks: [task({ container: { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' } })],
      taskDefinition: { ...td, containerDefinitions: [{ ...td.containerDefinitions![0]!, memory: 256 }] }
    })
    expect(own.title).toBe('Container app was killed at its memory limit of 256 MiB (its container memory)')
  })

  it('an essential container that exited, not a sidecar', () => {
    const exit = one({
      tasks: [
        {
          taskId: 'abc',
          stoppedReason: 'Essential container in task exited',
          containers: [
            { name: 'log-router', exitCode: 2 },
            { name: 'app', exitCode: 1 }
          ]
        }
      ]
    })
    expect(exit).toMatchObject({ code: 'exit', title: 'Essential container app exited with code 1' })
  })

  it('a container health check that kept failing, with its command', () => {
    const hc = one({ tasks: [task({ stoppedReason: 'Task failed container health checks', container: { exitCode: 143, healthStatus: 'UNHEALTHY' } })] })
    expect(hc).toMatchObject({ code: 'container-health', title: "Container app's health check kept failing" })
    expect(hc.detail).toBe('CMD-SHELL curl -f http://localhost:8080/health || exit 1 (every 10s, 3 retries, 20s start period)')
  })

  it('tasks stopped for ELB health checks: the target group, its health check and the targets reason', () => {
    const elb = one({
      tasks: [task({ stoppedReason: `Task failed ELB health checks in (target-group ${TG})`, container: { exitCode: 143 } })],
      targetGroups: [group()]
    })
    expect(elb).toMatchObject({ code: 'elb-health', title: "Tasks were stopped for failing the load balancer's health checks of web-green" })
    expect(elb.detail).toBe('HTTP /health on the traffic port, expecting 200; Target.ResponseCodeMismatch: Health checks failed with these codes: [502]')
    expect(elb.fix).toContain('Make /health answer 200 on the container port')
  })

  it('targets failing health checks with no task stopped yet', () => {
    const t = one({ targetGroups: [group({ unhealthy: [{ id: '10.0.1.7:8080', reason: 'Target.Timeout', description: 'Request timed out' }] })] })
    expect(t).toMatchObject({
      code: 'target-health',
      title: "1 target of web-green failed the load balancer's health checks: Target.Timeout (Request timed out)",
      detail: 'HTTP /health on the traffic port, expecting 200'
    })
  })

  it('nothing to say when nothing stopped and every target is healthy', () => {
    expect(causesOf({ tasks: [], targetGroups: [group({ unhealthy: [] })] })).toEqual([])
  })
})
