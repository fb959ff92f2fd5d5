import { describe, expect, it } from '@jest/globals'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import {
  diffTaskDefinitions,
  findContainer,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  requireContainerPort,
  toRegisterInput,
  type RegisterInput,
  type RenderOptions
} from '../../src/kit/taskdef.js'
import { actionError, expectInputError, fixture } from '../helpers.js'

const READ_ONLY = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy', 'deregisteredAt']
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const DIGEST = `sha256:${'0f'.repeat(32)}`

const describeText = fixture('taskdef-web.describe.json')
const described = JSON.parse(describeText) as { taskDefinition: Record<string, unknown>; tags: { key: string; value: string }[] }
/** The fixture as the describe output's inner object, without the wrapper. */
const innerText = JSON.stringify(described.taskDefinition)

const live = (): RegisterInput => parseTaskDefinitionFile(describeText)
const opts = (o: Partial<RenderOptions> = {}): RenderOptions => ({ containerName: 'app', environmentVariables: [], secrets: [], tags: [], ...o })

describe('parseTaskDefinitionFile', () => {
  it('reads describe-task-definition output with its wrapper: read-only fields gone, tags from the wrapper', () => {
    const td = live()
    for (const f of READ_ONLY) expect(td).not.toHaveProperty(f)
    expect(td.tags).toEqual(described.tags)
    expect(td.family).toBe('web')
  })

  it('keeps every field RegisterTaskDefinition takes, unchanged', () => {
    const td = live()
    const src = described.taskDefinition
    for (const f of [
      'family',
      'taskRoleArn',
      'executionRoleArn',
      'networkMode',
      'containerDefinitions',
      'volumes',
      'placementConstraints',
      'requiresCompatibilities',
      'cpu',
      'memory',
      'runtimePlatform',
      'ephemeralStorage',
      'proxyConfiguration',
      'enableFaultInjection'
    ]) {
      expect(td).toHaveProperty(f, src[f])
    }
    expect(td.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' })
    expect(td.ephemeralStorage).toEqual({ sizeInGiB: 30 })
    expect(td.containerDefinitions?.[0]?.dependsOn).toEqual([{ containerName: 'envoy', condition: 'HEALTHY' }])
    expect(td.containerDefinitions?.[0]?.healthCheck?.command?.[1]).toContain('8080/healthz')
    expect(Object.keys(td).sort()).toEqual(
      Object.keys(src)
        .filter((k) => !READ_ONLY.includes(k))
        .concat('tags')
        .sort()
    )
  })

  it('reads the inner object without the wrapper (no tags then)', () => {
    const td = parseTaskDefinitionFile(innerText)
    for (const f of READ_ONLY) expect(td).not.toHaveProperty(f)
    expect(td).not.toHaveProperty('tags')
    expect({ ...td, tags: described.tags }).toEqual(live())
  })

  it('reads a plain RegisterTaskDefinition file as it is', () => {
    const text = fixture('taskdef-web.plain.json')
    expect(parseTaskDefinitionFile(text)).toEqual(JSON.parse(text))
  })

  it('keeps tags written in a plain file, and drops null fields', () => {
    const td = parseTaskDefinitionFile(
      JSON.stringify({ ...JSON.parse(fixture('taskdef-web.plain.json')), tags: [{ key: 'Team', value: 'web' }], pidMode: null })
    )
    expect(td.tags).toEqual([{ key: 'Team', value: 'web' }])
    expect(td).not.toHaveProperty('pidMode')
  })

  it('refuses unknown top-level fields, naming them', () => {
    const doc = { ...described.taskDefinition, containerDefinition: [], memorySize: 512 }
    expectInputError(() => parseTaskDefinitionFile(JSON.stringify(doc)), 'task-definition', "unknown top-level fields 'containerDefinition', 'memorySize'")
    expectInputError(
      () => parseTaskDefinitionFile(JSON.stringify({ taskDefinition: { ...described.taskDefinition, Family: 'web' } })),
      'task-definition',
      "unknown top-level field 'Family'"
    )
  })

  it('refuses field names that exist on every JS object', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      expectInputError(
        () => parseTaskDefinitionFile(JSON.stringify({ ...described.taskDefinition, [name]: 'x' })),
        'task-definition',
        `unknown top-level field '${name}'`
      )
    }
  })

  it('refuses a file without containers', () => {
    const { containerDefinitions: _, ...rest } = described.taskDefinition
    for (const doc of [
      rest,
      { ...rest, containerDefinitions: [] },
      { ...rest, containerDefinitions: [{ image: 'nginx:1' }] },
      { ...rest, containerDefinitions: {} }
    ]) {
      expectInputError(() => parseTaskDefinitionFile(JSON.stringify(doc)), 'task-definition', 'has no containerDefinitions')
    }
  })

  it('refuses a file without family', () => {
    const { family: _, ...rest } = described.taskDefinition
    expectInputError(() => parseTaskDefinitionFile(JSON.stringify(rest)), 'task-definition', "has no 'family'")
  })

  it('refuses what is not JSON, or not an object', () => {
    expectInputError(() => parseTaskDefinitionFile('family: web\n'), 'task-definition', 'the file is not valid JSON')
    expectInputError(() => parseTaskDefinitionFile(''), 'task-definition', 'the file is not valid JSON')
    for (const text of ['[]', '"web"', 'null', '42']) expectInputError(() => parseTaskDefinitionFile(text), 'task-definition', 'does not hold a JSON object')
  })

  it('names the input it was given', () => {
    expectInputError(() => parseTaskDefinitionFile('{', 'rollback-to'), 'rollback-to')
  })
})

describe('toRegisterInput', () => {
  it('drops read-only and unknown fields of a live task definition and copies deeply', () => {
    const liveTd = { ...(described.taskDefinition as TaskDefinition), registeredAt: new Date(), someFutureField: { x: 1 } } as TaskDefinition
    const out = toRegisterInput(liveTd, [{ key: 'a', value: 'b' }])
    expect(out).not.toHaveProperty('someFutureField')
    expect(out).not.toHaveProperty('registeredAt')
    expect(out.tags).toEqual([{ key: 'a', value: 'b' }])
    out.containerDefinitions![0]!.image = 'changed'
    expect(liveTd.containerDefinitions![0]!.image).toBe(`${ECR}:1.4.2`)
  })
})

describe('renderTaskDefinition', () => {
  it('swaps the image of the named container only, and leaves the input untouched', () => {
    const base = live()
    const before = structuredClone(base)
    const td = renderTaskDefinition(base, opts({ image: `${ECR}:1.5.0` }))
    expect(findContainer(td, 'app').image).toBe(`${ECR}:1.5.0`)
    expect(findContainer(td, 'envoy').image).toBe(findContainer(base, 'envoy').image)
    expect(base).toEqual(before)
    // Everything else carries over.
    expect({ ...td, containerDefinitions: undefined, tags: undefined }).toEqual({ ...base, containerDefinitions: undefined, tags: undefined })
  })

  it('swaps the image of a sidecar when it is the one named', () => {
    const td = renderTaskDefinition(live(), opts({ containerName: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.30.0.0-prod' }))
    expect(findContainer(td, 'envoy').image).toBe('public.ecr.aws/appmesh/aws-appmesh-envoy:v1.30.0.0-prod')
    expect(findContainer(td, 'app').image).toBe(`${ECR}:1.4.2`)
  })

  it('merges env vars: same name replaced in place, new ones appended, order kept', () => {
    const td = renderTaskDefinition(
      live(),
      opts({
        environmentVariables: [
          { name: 'NEW_ONE', value: '1' },
          { name: 'PORT', value: '9090' },
          { name: 'LOG_LEVEL', value: 'debug' }
        ]
      })
    )
    expect(findContainer(td, 'app').environment).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'PORT', value: '9090' },
      { name: 'FEATURE_FLAGS', value: 'search=on,beta=off' },
      { name: 'NEW_ONE', value: '1' }
    ])
    expect(findContainer(td, 'envoy').environment).toHaveLength(1)
  })

  it('merges secrets the same way, and creates the list when the container has none', () => {
    const td = renderTaskDefinition(
      live(),
      opts({
        secrets: [
          { name: 'SESSION_KEY', valueFrom: '/prod/web/session' },
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db2-XyZ123' }
        ]
      })
    )
    expect(findContainer(td, 'app').secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db2-XyZ123' },
      { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/web/api-key' },
      { name: 'SESSION_KEY', valueFrom: '/prod/web/session' }
    ])
    const sidecar = renderTaskDefinition(live(), opts({ containerName: 'envoy', secrets: [{ name: 'TOKEN', valueFrom: '/x' }] }))
    expect(findContainer(sidecar, 'envoy').secrets).toEqual([{ name: 'TOKEN', valueFrom: '/x' }])
  })

  it('leaves environment and secrets alone when none are given', () => {
    const base = live()
    const td = renderTaskDefinition(base, opts())
    expect(td.containerDefinitions).toEqual(base.containerDefinitions)
  })

  it('merges tags: existing kept, given ones replace by key, Environment and Version set from the image tag', () => {
    const td = renderTaskDefinition(
      live(),
      opts({
        image: `${ECR}:1.5.0`,
        environment: 'production',
        tags: [
          { key: 'Team', value: 'payments' },
          { key: 'CostCenter', value: '42' }
        ]
      })
    )
    expect(td.tags).toEqual([
      { key: 'Team', value: 'payments' },
      { key: 'Environment', value: 'production' },
      { key: 'Version', value: '1.5.0' },
      { key: 'CostCenter', value: '42' }
    ])
  })

  it('takes Version from the digest when the image has no tag', () => {
    const td = renderTaskDefinition(parseTaskDefinitionFile(fixture('taskdef-web.plain.json')), opts({ image: `${ECR}@${DIGEST}` }))
    expect(td.tags).toEqual([{ key: 'Version', value: DIGEST }])
  })

  it('sets no Version when the image is not swapped, and no tags at all when there are none', () => {
    const plain = parseTaskDefinitionFile(fixture('taskdef-web.plain.json'))
    expect(renderTaskDefinition(plain, opts())).not.toHaveProperty('tags')
    expect(renderTaskDefinition(plain, opts({ environment: 'staging' })).tags).toEqual([{ key: 'Environment', value: 'staging' }])
  })

  it('refuses a container the task definition does not have, naming container-name and the ones it has', () => {
    const err = expectInputError(
      () => renderTaskDefinition(live(), opts({ containerName: 'web', image: `${ECR}:1.5.0` })),
      'container-name',
      "no container named 'web' in task definition family 'web'"
    )
    expect(err.message).toContain('(it has: app, envoy)')
  })
})

describe('requireContainerPort', () => {
  it('passes when the container maps the port, or no port is asked', () => {
    expect(() => requireContainerPort(live(), 'app', 8080)).not.toThrow()
    expect(() => requireContainerPort(live(), 'envoy', undefined)).not.toThrow()
  })

  it('refuses a missing container', () => {
    const err = actionError(() => requireContainerPort(live(), 'web', 8080))
    expect(err.subject).toBe('task-definition')
    expect(err.message).toContain("routes to container 'web', which the new task definition (family 'web') does not have")
  })

  it('refuses a port the container does not map, saying which it maps', () => {
    const err = actionError(() => requireContainerPort(live(), 'app', 80))
    expect(err.subject).toBe('task-definition')
    expect(err.message).toContain("routes to port 80 of container 'app', but the new task definition maps 8080")
    expect(actionError(() => requireContainerPort(live(), 'envoy', 8080)).message).toContain('maps no ports')
  })
})

describe('diffTaskDefinitions', () => {
  it('is empty without a previous task definition, or when nothing changed', () => {
    expect(diffTaskDefinitions(undefined, live())).toEqual([])
    expect(diffTaskDefinitions(live(), live())).toEqual([])
  })

  it('shows the tag move of the image, env and secret names, cpu and memory', () => {
    const prev = live()
    const next = renderTaskDefinition(
      prev,
      opts({
        image: `${ECR}:1.5.0`,
        environmentVariables: [
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'NEW_FLAG', value: 'on' }
        ],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-rotated-QwErTy' },
          { name: 'SESSION_KEY', valueFrom: '/prod/web/session-key' }
        ]
      })
    )
    next.cpu = '1024'
    next.memory = '2048'
    const app = findContainer(next, 'app')
    app.environment = app.environment!.filter((e) => e.name !== 'PORT')
    app.secrets = app.secrets!.filter((s) => s.name !== 'API_KEY')
    findContainer(next, 'envoy').memoryReservation = 256

    const diff = diffTaskDefinitions(prev, next)
    expect(diff).toEqual([
      { field: 'cpu', text: '512 -> 1024' },
      { field: 'memory', text: '1024 -> 2048' },
      { container: 'app', field: 'image', text: `${ECR}:1.4.2 -> :1.5.0` },
      { container: 'app', field: 'env', text: '~ LOG_LEVEL  + NEW_FLAG  - PORT' },
      { container: 'app', field: 'secrets', text: '~ DB_PASSWORD  + SESSION_KEY  - API_KEY' },
      { container: 'envoy', field: 'memoryReservation', text: '128 -> 256' }
    ])
    const text = JSON.stringify(diff)
    for (const s of [...(prev.containerDefinitions![0]!.secrets ?? []), ...(app.secrets ?? [])]) expect(text).not.toContain(s.valueFrom)
    expect(text).not.toMatch(/arn:aws:(secretsmanager|ssm)|\/prod\/web\/session-key|debug/)
  })

  it('shows whole URIs when the repository changes or a digest is involved, and added or removed containers', () => {
    const prev = live()
    const next = renderTaskDefinition(prev, opts({ image: `${ECR}@${DIGEST}` }))
    next.containerDefinitions = [findContainer(next, 'app'), { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2' }]
    expect(diffTaskDefinitions(prev, next)).toEqual([
      { container: 'app', field: 'image', text: `${ECR}:1.4.2 -> ${ECR}@${DIGEST}` },
      { container: 'log-router', field: 'added', text: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2' },
      { container: 'envoy', field: 'removed', text: '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.6.0-prod' }
    ])
    const moved = renderTaskDefinition(prev, opts({ image: 'localhost:5000/web:1.5.0' }))
    expect(diffTaskDefinitions(prev, moved)[0]?.text).toBe(`${ECR}:1.4.2 -> localhost:5000/web:1.5.0`)
  })
})
