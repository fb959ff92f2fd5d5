/**
 * The emulator held to AWS's service models: the request and answer checks of emulator/models.ts
 * on a small table (each constraint kind, AWS's message format, several errors at once), the same
 * errors through the real ECS and ELBv2 clients, and the committed tables against a fresh
 * generation from botocore where botocore is installed.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { ECSServiceException, ListServicesCommand, TagResourceCommand } from '@aws-sdk/client-ecs'
import { CreateRuleCommand, ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ServiceException } from '@aws-sdk/client-elastic-load-balancing-v2'
import { Model, modelFor, valueText, type ModelTable } from '../../emulator/models.js'
import { botocoreDir, countConstraints, generate, implementedOperations, MODELS_DIR, SERVICES, type ModelService } from '../../scripts/emulator-models.js'
import { clientConfig, useEmulatorFixture, type EmulatorFixture } from '../fixtures/emulator.js'

const TABLE: ModelTable = {
  service: 'test',
  source: 'a hand-written table',
  protocol: 'json',
  operations: { Put: { input: 'PutRequest', output: 'PutResponse' }, Delete: { input: 'DeleteRequest' } },
  shapes: {
    PutRequest: {
      type: 'structure',
      members: {
        name: 'Name',
        kind: 'Kind',
        tags: 'Tags',
        port: 'Port',
        ratio: 'Ratio',
        labels: 'Labels',
        code: 'Code',
        nested: 'Nested',
        on: 'Boolean',
        at: 'Timestamp',
        doc: 'Document'
      },
      required: ['name', 'kind']
    },
    DeleteRequest: { type: 'structure', members: { name: 'Name' }, required: ['name'] },
    PutResponse: { type: 'structure', members: { name: 'Name', kind: 'Kind', items: 'Items', at: 'Timestamp' }, required: ['name'] },
    Name: { type: 'string', min: 1, max: 5 },
    Kind: { type: 'string', enum: ['A', 'B'] },
    Tags: { type: 'list', member: 'Tag', max: 2 },
    Tag: { type: 'structure', members: { key: 'Name', value: 'String' }, required: ['key'] },
    Port: { type: 'integer', min: 1, max: 65535 },
    Ratio: { type: 'double', min: 0, max: 1 },
    Labels: { type: 'map', key: 'Kind', value: 'Name', max: 3 },
    Code: { type: 'string', pattern: '(2|4|5)\\d\\d' },
    Nested: { type: 'structure', members: { items: 'Items' } },
    Items: { type: 'list', member: 'Item', min: 1 },
    Item: { type: 'structure', members: { kind: 'Kind', n: 'Port' } },
    String: { type: 'string' },
    Boolean: { type: 'boolean' },
    Timestamp: { type: 'timestamp' },
    Document: { type: 'document' }
  }
}

const model = new Model(TABLE)
const queryModel = new Model({ ...TABLE, protocol: 'query' })

/** The ApiError a request gets, as [type, message]; undefined when it passes. */
function refusal(m: Model, params: unknown, wire: 'json' | 'query' = 'json', op = 'Put'): [string, string] | undefined {
  try {
    m.checkRequest(op, params, wire)
    return undefined
  } catch (e) {
    return [(e as Error).name, (e as Error).message]
  }
}

const one = (s: string): [string, string] => ['ValidationException', `1 validation error detected: ${s}`]

describe('request check', () => {
  it('passes a request that fits, ignoring members the shape does not have and dropping nested ones', () => {
    const params = { name: 'web', kind: 'A', extra: 1, tags: [{ key: 'k', value: 'v', colour: 'red' }], on: true, at: 1700000000, doc: { any: [1] } }
    expect(refusal(model, params)).toBeUndefined()
    expect(params.extra).toBe(1)
    expect(params.tags[0]).toEqual({ key: 'k', value: 'v' })
    expect(refusal(model, {}, 'json', 'Unknown')).toBeUndefined()
  })

  it('required members: Value null', () => {
    expect(refusal(model, { kind: 'A' })).toEqual(one("Value null at 'name' failed to satisfy constraint: Member must not be null"))
    expect(refusal(model, { name: null, kind: 'A' })).toEqual(one("Value null at 'name' failed to satisfy constraint: Member must not be null"))
    expect(refusal(model, { name: 'a', kind: 'A', tags: [{ value: 'v' }] })).toEqual(
      one("Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null")
    )
  })

  it('enum values, string lengths in code points, patterns', () => {
    expect(refusal(model, { name: 'a', kind: 'C' })).toEqual(
      one("Value 'C' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [A, B]")
    )
    expect(refusal(model, { name: '', kind: 'A' })).toEqual(
      one("Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1")
    )
    expect(refusal(model, { name: 'abcdef', kind: 'A' })).toEqual(
      one("Value 'abcdef' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5")
    )
    // five characters, ten UTF-16 units: AWS counts characters
    expect(refusal(model, { name: '😀😀😀😀😀', kind: 'A' })).toBeUndefined()
    expect(refusal(model, { name: 'a', kind: 'A', code: '404' })).toBeUndefined()
    expect(refusal(model, { name: 'a', kind: 'A', code: '600' })).toEqual(
      one("Value '600' at 'code' failed to satisfy constraint: Member must satisfy regular expression pattern: (2|4|5)\\d\\d")
    )
  })

  it('list and map sizes, numeric ranges, map keys and values', () => {
    expect(refusal(model, { name: 'a', kind: 'A', tags: [{ key: 'a' }, { key: 'b' }, { key: 'c' }] })).toEqual(
      one("Value '[{key=a}, {key=b}, {key=c}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 2")
    )
    expect(refusal(model, { name: 'a', kind: 'A', nested: { items: [] } })).toEqual(
      one("Value '[]' at 'nested.items' failed to satisfy constraint: Member must have length greater than or equal to 1")
    )
    expect(refusal(model, { name: 'a', kind: 'A', port: 0 })).toEqual(
      one("Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1")
    )
    expect(refusal(model, { name: 'a', kind: 'A', ratio: 1.5 })).toEqual(
      one("Value '1.5' at 'ratio' failed to satisfy constraint: Member must have value less than or equal to 1")
    )
    expect(refusal(model, { name: 'a', kind: 'A', nested: { items: [{ n: 70000 }] } })).toEqual(
      one("Value '70000' at 'nested.items.1.member.n' failed to satisfy constraint: Member must have value less than or equal to 65535")
    )
    expect(refusal(model, { name: 'a', kind: 'A', labels: { A: 'x', B: 'toolong' } })).toEqual(
      one(
        "Value '{A=x, B=toolong}' at 'labels' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 5, Member must have length greater than or equal to 1]"
      )
    )
    expect(refusal(model, { name: 'a', kind: 'A', labels: { Z: 'x' } })).toEqual(
      one("Value '{Z=x}' at 'labels' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy enum value set: [A, B]]")
    )
  })

  it('several errors: counted, in the order of the request, joined with "; "', () => {
    expect(refusal(model, { kind: 'C', port: 70000, tags: [{ key: '' }] })).toEqual([
      'ValidationException',
      "4 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value 'C' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [A, B]; " +
        "Value '70000' at 'port' failed to satisfy constraint: Member must have value less than or equal to 65535; " +
        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
    ])
  })

  it('a value of the wrong JSON type is a SerializationException, before any constraint', () => {
    expect(refusal(model, { name: 'a', kind: 'A', port: '80' })).toEqual(['SerializationException', 'STRING_VALUE can not be converted to an Integer'])
    expect(refusal(model, { name: 7, kind: 'C' })).toEqual(['SerializationException', 'NUMBER_VALUE can not be converted to a String'])
    expect(refusal(model, { name: 'a', kind: 'A', tags: { key: 'a' } })).toEqual([
      'SerializationException',
      'Start of structure or map found where not expected.'
    ])
    expect(refusal(model, { name: ['a'], kind: 'A' })).toEqual(['SerializationException', 'Start of list found where not expected'])
    expect(refusal(model, { name: 'a', kind: 'A', on: 'yes' })).toEqual(['SerializationException', 'STRING_VALUE can not be converted to a Boolean'])
  })

  it('Query requests: strings as the wire has them, an empty list as an empty string, typed as AWS reads them; ValidationError', () => {
    const q = { name: 'a', kind: 'A', port: '443', ratio: '0.5', on: 'true', tags: '', nested: { items: [{ n: '7' }] } }
    expect(refusal(queryModel, q, 'query')).toBeUndefined()
    expect(q).toEqual({ name: 'a', kind: 'A', port: 443, ratio: 0.5, on: true, tags: [], nested: { items: [{ n: 7 }] } })
    expect(refusal(queryModel, { name: 'a', kind: 'A', port: '70000' }, 'query')).toEqual([
      'ValidationError',
      "1 validation error detected: Value '70000' at 'port' failed to satisfy constraint: Member must have value less than or equal to 65535"
    ])
    expect(refusal(queryModel, { name: 'a', kind: 'A', nested: { items: '' } }, 'query')).toEqual([
      'ValidationError',
      "1 validation error detected: Value '' at 'nested.items' failed to satisfy constraint: Member must have length greater than or equal to 1"
    ])
    expect(refusal(queryModel, { name: 'a', kind: 'A', port: 'eighty' }, 'query')).toEqual([
      'ValidationError',
      "1 validation error detected: Value 'eighty' at 'port' failed to satisfy constraint: Member must be an Integer"
    ])
  })

  it('prints values as AWS does (Java toString of lists and maps)', () => {
    expect(valueText([{ key: 'a', value: undefined }, 'b', 3, null])).toBe('[{key=a}, b, 3, null]')
  })
})

describe('answer check', () => {
  it('finds members the shape lacks, enum values AWS does not list, missing required members, wrong types and nulls', () => {
    expect(model.checkResponse('Put', { name: 'web', kind: 'A', items: [{ kind: 'B', n: 1 }], at: new Date(), skipped: undefined })).toEqual([])
    expect(model.checkResponse('Put', { kind: 'Z', items: [{ kind: 'A', colour: 'red' }, { n: '2' }], at: 'yesterday', size: null })).toEqual([
      '(answer): required member name of PutResponse is missing',
      "kind: 'Z' is not a value of Kind [A, B]",
      'items[0].colour: Item has no member colour',
      'items[1].n: 2 is not an integer (Port)',
      'at: yesterday is not a timestamp (Timestamp)',
      'size: PutResponse has no member size'
    ])
    expect(model.checkResponse('Put', { name: 'a', items: null })).toEqual(['items: null (AWS leaves a member without a value out)'])
    expect(model.checkResponse('Delete', {})).toEqual([])
    expect(model.checkResponse('Delete', { deleted: true })).toEqual(['the operation has no output, yet the answer has deleted'])
  })
})

describe('through the SDK clients', () => {
  let f: EmulatorFixture
  useEmulatorFixture(100, (x) => (f = x), { maxAttempts: 1 })

  it('ECS answers ValidationException (HTTP 400) the ECS client parses, naming every constraint broken', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }))
    const e = await f.ecs.send(new TagResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', tags })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ECSServiceException)
    expect((e as ECSServiceException).name).toBe('ValidationException')
    expect((e as ECSServiceException).$metadata.httpStatusCode).toBe(400)
    expect((e as Error).message).toMatch(
      /^1 validation error detected: Value '\[\{key=k0, value=v\}, .*\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/
    )
    const call = f.emu.calls().find((c) => c.operation === 'TagResource')!
    expect([call.status, call.error]).toEqual([400, 'ValidationException'])
  })

  it('ELBv2 answers ValidationError in its XML error shape, which the ELBv2 client parses', async () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/0123456789abcdef/0123456789abcdef'
    const elb = new ElasticLoadBalancingV2Client(clientConfig(f.url, { maxAttempts: 1 }))
    try {
      const e = await elb
        .send(new CreateRuleCommand({ ListenerArn: arn, Priority: 50001, Conditions: [], Actions: [{ Type: 'forward', Order: 0 }] }))
        .catch((x: unknown) => x)
      expect(e).toBeInstanceOf(ElasticLoadBalancingV2ServiceException)
      expect((e as Error).name).toBe('ValidationError')
      expect((e as Error).message).toBe(
        "2 validation errors detected: Value '50001' at 'priority' failed to satisfy constraint: Member must have value less than or equal to 50000; " +
          "Value '0' at 'actions.1.member.order' failed to satisfy constraint: Member must have value greater than or equal to 1"
      )
    } finally {
      elb.destroy()
    }
  })

  it('answers that fit their output shape leave no model issues on the call log', async () => {
    const cw = new CloudWatchClient(clientConfig(f.url, { maxAttempts: 1 }))
    try {
      f.emu.clearModelIssues()
      await f.ecs.send(new ListServicesCommand({ cluster: 'default' })).catch(() => undefined)
      await cw.send(new DescribeAlarmsCommand({}))
      expect(f.emu.calls().flatMap((c) => c.modelIssues ?? [])).toEqual([])
      expect(f.emu.modelIssues()).toEqual([])
    } finally {
      cw.destroy()
    }
  })
})

describe('the committed tables', () => {
  it('cover every operation the emulator implements, and only those', () => {
    for (const service of Object.keys(SERVICES) as ModelService[]) {
      const table = modelFor(service).table
      expect(Object.keys(table.operations).sort()).toEqual(implementedOperations(service))
      expect(countConstraints(table).total).toBeGreaterThan(0)
    }
  })
})

// Generating needs python3 with botocore; the committed tables are what the emulator uses without it.
const dir = botocoreDir()
describe(
  dir ? 'the committed tables equal a fresh generation from botocore' : 'the committed tables equal a fresh generation (skipped: botocore not installed)',
  () => {
    ;(dir ? it : it.skip)(
      'npm run emulator:models would change nothing',
      async () => {
        const fresh = await generate(dir!)
        for (const [file, text] of Object.entries(fresh)) expect(`${file}\n${readFileSync(join(MODELS_DIR, file), 'utf8')}`).toBe(`${file}\n${text}`)
      },
      60_000
    )
  }
)
