import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import type { Service, TaskSet } from '@aws-sdk/client-ecs'
import { parse as parseYaml } from 'yaml'
import { parse } from 'yaml'
import { parseAppSpecFile } from '../../../src/ways/codedeploy/inputs.js'

/** An AppSpec file read with the parser the CodeDeploy way loads for it. */
const parseAppSpec = (text: string) => parseAppSpecFile(text, parse)
import { appSpecContent, appSpecWarnings, loadBalancedContainer, renderAppSpec, type AppSpecOptions } from '../../../src/ways/codedeploy/plan.js'
import { actionError, expectInputError, fixture } from '../../helpers.js'

const NEW_TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:42'
const TG_BLUE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef'

/** A CODE_DEPLOY service as DescribeServices returns it, with everything at the service level. */
function service(o: Partial<Service> = {}): Service {
  return {
    serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
    serviceName: 'web',
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    status: 'ACTIVE',
    desiredCount: 2,
    deploymentController: { type: 'CODE_DEPLOY' },
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:41',
    loadBalancers: [{ targetGroupArn: TG_BLUE, containerName: 'app', containerPort: 8080 }],
    platformVersion: 'LATEST',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aaa', 'subnet-0bbb'], securityGroups: ['sg-0web'], assignPublicIp: 'DISABLED' } },
    capacityProviderStrategy: [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3 }
    ],
    ...o
  }
}

function taskSet(status: string, o: Partial<TaskSet> = {}): TaskSet {
  return { id: `ecs-svc/${status}`, status, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:41', ...o }
}

/** The same service as ECS shows it when the service level is empty and the task sets carry the settings. */
function taskSetService(): Service {
  return service({
    loadBalancers: [],
    platformVersion: undefined,
    networkConfiguration: undefined,
    capacityProviderStrategy: [],
    taskSets: [
      taskSet('ACTIVE', {
        platformVersion: '1.3.0',
        loadBalancers: [{ containerName: 'old', containerPort: 80 }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0old'] } },
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
      }),
      taskSet('PRIMARY', {
        platformVersion: '1.4.0',
        loadBalancers: [{ targetGroupArn: TG_BLUE, containerName: 'app', containerPort: 8080 }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0ccc'], assignPublicIp: 'ENABLED' } },
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 2 }]
      })
    ]
  })
}

const render = (o: Partial<AppSpecOptions> = {}) =>
  renderAppSpec({ taskDefinitionArn: NEW_TD, service: service(), containerName: 'app', containerPort: 8080, hooks: [], ...o })

describe('loadBalancedContainer', () => {
  it('is the container and port of the service load balancer, else of the PRIMARY task set', () => {
    expect(loadBalancedContainer(service())).toEqual({ containerName: 'app', containerPort: 8080 })
    expect(loadBalancedContainer(taskSetService())).toEqual({ containerName: 'app', containerPort: 8080 })
  })

  it('refuses a service without one, naming the service', () => {
    const err = actionError(() => loadBalancedContainer(service({ loadBalancers: [{ targetGroupArn: TG_BLUE }] })))
    expect(err.subject).toBe('service')
    expect(err.message).toContain("Service 'web' has no load balancer with a container name and port")
  })
})

describe('renderAppSpec', () => {
  it('renders an ECS AppSpec from the service', () => {
    expect(render()).toEqual({
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: NEW_TD,
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
              PlatformVersion: 'LATEST',
              NetworkConfiguration: {
                AwsvpcConfiguration: { Subnets: ['subnet-0aaa', 'subnet-0bbb'], SecurityGroups: ['sg-0web'], AssignPublicIp: 'DISABLED' }
              },
              CapacityProviderStrategy: [
                { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
                { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }
              ]
            }
          }
        }
      ]
    })
  })

  it('takes what the service level lacks from the PRIMARY task set, not another one', () => {
    const lb = loadBalancedContainer(taskSetService())
    const props = renderAppSpec({ taskDefinitionArn: NEW_TD, service: taskSetService(), ...lb, hooks: [] }).Resources[0]!.TargetService.Properties
    expect(props).toEqual({
      TaskDefinition: NEW_TD,
      LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
      PlatformVersion: '1.4.0',
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0ccc'], AssignPublicIp: 'ENABLED' } },
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2 }]
    })
  })

  it('leaves out what neither has (an EC2 service in bridge mode)', () => {
    const props = render({
      service: service({ platformVersion: undefined, networkConfiguration: undefined, capacityProviderStrategy: undefined, launchType: 'EC2' })
    }).Resources[0]!.TargetService.Properties
    expect(Object.keys(props).sort()).toEqual(['LoadBalancerInfo', 'TaskDefinition'])
  })

  it('adds hooks from the input, in order', () => {
    const spec = render({
      hooks: [
        { event: 'AfterAllowTestTraffic', functionName: 'web-smoke-test' },
        { event: 'BeforeInstall', functionName: 'web-pre-flight' }
      ]
    })
    expect(spec.Hooks).toEqual([{ AfterAllowTestTraffic: 'web-smoke-test' }, { BeforeInstall: 'web-pre-flight' }])
    expect(render()).not.toHaveProperty('Hooks')
  })

  it('YAML base: its fields win, its gaps come from the service, input hooks replace its hooks by event', () => {
    const base = parseAppSpec(fixture('appspec-base.yaml'))
    const spec = render({
      base,
      hooks: [
        { event: 'AfterAllowTestTraffic', functionName: 'web-smoke-test-v2' },
        { event: 'AfterAllowTraffic', functionName: 'web-post-release' }
      ]
    })
    const props = spec.Resources[0]!.TargetService.Properties
    expect(props.PlatformVersion).toBe('1.4.0') // from the file, not the service's LATEST
    expect(props.TaskDefinition).toBe(NEW_TD) // never the placeholder
    expect(props.NetworkConfiguration).toEqual(render().Resources[0]!.TargetService.Properties.NetworkConfiguration)
    expect(props.CapacityProviderStrategy).toHaveLength(2)
    expect(spec.Hooks).toEqual([{ BeforeInstall: 'web-pre-flight' }, { AfterAllowTestTraffic: 'web-smoke-test-v2' }, { AfterAllowTraffic: 'web-post-release' }])
  })

  it('JSON base: its network config and capacity providers win', () => {
    const base = parseAppSpec(fixture('appspec-base.json'))
    const spec = render({ base })
    const props = spec.Resources[0]!.TargetService.Properties
    expect(props.NetworkConfiguration).toEqual({
      AwsvpcConfiguration: { Subnets: ['subnet-0pinned1'], SecurityGroups: ['sg-0pinned1'], AssignPublicIp: 'DISABLED' }
    })
    expect(props.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1, Base: 2 }])
    expect(props.PlatformVersion).toBe('LATEST')
    expect(spec.Hooks).toEqual([{ AfterAllowTraffic: 'web-post-release' }])
  })

  it('a base with Hooks only fills everything else from the service', () => {
    const spec = render({ base: parseAppSpec('Hooks:\n  - BeforeAllowTraffic: web-gate\n') })
    expect(spec.Resources).toEqual(render().Resources)
    expect(spec.Hooks).toEqual([{ BeforeAllowTraffic: 'web-gate' }])
  })
})

describe('parseAppSpecFile', () => {
  it('refuses what is not an AppSpec', () => {
    expectInputError(() => parseAppSpec('Resources: [\n  - : :'), 'codedeploy-appspec', 'the file is neither YAML nor JSON')
    expectInputError(() => parseAppSpec('- a\n- b\n'), 'codedeploy-appspec', 'does not hold an AppSpec object')
    expectInputError(() => parseAppSpec(''), 'codedeploy-appspec', 'does not hold an AppSpec object')
    const two = 'Resources:\n  - TargetService: {Type: AWS::ECS::Service}\n  - TargetService: {Type: AWS::ECS::Service}\n'
    expectInputError(() => parseAppSpec(two), 'codedeploy-appspec', 'Resources must hold exactly one TargetService')
    expectInputError(() => parseAppSpec('Resources:\n  - Other: {}\n'), 'codedeploy-appspec', 'exactly one TargetService')
  })

  it('refuses Hooks that are not a list of event: function entries (a mapping is a common slip)', () => {
    for (const hooks of ['Hooks:\n  BeforeInstall: web-pre-flight\n', 'Hooks:\n  - web-pre-flight\n', 'Hooks:\n  - BeforeInstall: [a, b]\n']) {
      expectInputError(() => parseAppSpec(hooks), 'codedeploy-appspec', 'Hooks must be a list of LifecycleEvent: function entries')
    }
    expect(parseAppSpec('Hooks: []\n').Hooks).toEqual([])
    expect(render({ base: parseAppSpec('version: 0.0\nHooks:\n') })).toEqual(render())
  })
})

describe('appSpecContent', () => {
  it('is the JSON of the AppSpec with its sha256', () => {
    const spec = render({ hooks: [{ event: 'BeforeInstall', functionName: 'web-pre-flight' }] })
    const { content, sha256 } = appSpecContent(spec)
    expect(JSON.parse(content)).toEqual(JSON.parse(JSON.stringify(spec)))
    expect(sha256).toBe(createHash('sha256').update(content, 'utf8').digest('hex'))
    expect(sha256).toMatch(/^[0-9a-f]{64}$/)
    // CodeDeploy reads it as YAML too: the same document either way.
    expect(parseYaml(content)).toEqual(JSON.parse(content))
    expect(appSpecContent(render()).sha256).not.toBe(sha256)
  })
})

describe('AppSpec fields this action does not use become warnings', () => {
  const LB = { containerName: 'app', containerPort: 8080 }
  const spec = (yaml: string) => parseAppSpec(yaml)

  it('an AppSpec as the official action’s examples write it: no warning', () => {
    const s = spec(`version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: <TASK_DEFINITION>
        LoadBalancerInfo:
          ContainerName: app
          ContainerPort: 8080
        PlatformVersion: LATEST
Hooks:
  - AfterAllowTestTraffic: smoke-test
`)
    expect(appSpecWarnings(s, LB, [])).toEqual([])
    expect(appSpecWarnings(undefined, LB)).toEqual([])
  })

  it('each ignored field is named once, with what is used instead', () => {
    const s = spec(`version: 0.0
os: linux
files:
  - source: /
    destination: /srv
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:7
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 80
        DesiredCount: 4
Hooks:
  - AfterAllowTestTraffic: old-smoke-test
  - BeforeInstall: prepare
`)
    expect(appSpecWarnings(s, LB, [{ event: 'AfterAllowTestTraffic', functionName: 'smoke-test' }])).toEqual([
      "codedeploy-appspec: 'os' is ignored: an ECS AppSpec has only version, Resources and Hooks.",
      "codedeploy-appspec: 'files' is ignored: an ECS AppSpec has only version, Resources and Hooks.",
      'codedeploy-appspec: Properties.DesiredCount is ignored: it is not an ECS AppSpec property.',
      "codedeploy-appspec: Properties.TaskDefinition 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7' is ignored: the task definition this step registers is deployed.",
      "codedeploy-appspec: LoadBalancerInfo web:80 is ignored: traffic goes to the service's load-balanced container app:8080.",
      'codedeploy-appspec: hook AfterAllowTestTraffic=old-smoke-test is replaced by the hooks input (AfterAllowTestTraffic=smoke-test).'
    ])
  })
})
