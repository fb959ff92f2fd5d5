import { describe, expect, it } from '@jest/globals'
import type { ReleaseResult } from '../../src/core/result.js'
import { hideExcerpt, isSecretVariable, redactedTaskDefinitionJson, secretValues } from '../../src/report/redact.js'
import type { RegisterInput } from '../../src/kit/taskdef.js'

describe('secret environment variables', () => {
  it('are the listed names and those that look like credentials', () => {
    for (const name of [
      'DB_PASSWORD',
      'db_passwd',
      'API_TOKEN',
      'STRIPE_SECRET',
      'AWS_ACCESS_KEY_ID',
      'GPG_PASSPHRASE',
      'PRIVATE_PEM',
      'BASIC_AUTH',
      'SENTRY_DSN'
    ]) {
      expect(isSecretVariable(name, [])).toBe(true)
    }
    for (const name of ['LOG_LEVEL', 'PORT', 'FEATURE_X', 'DATABASE_URL']) expect(isSecretVariable(name, [])).toBe(false)
    expect(isSecretVariable('DATABASE_URL', ['DATABASE_URL'])).toBe(true)
  })

  it('mask listed values always, and guessed ones unless too short to be a secret', () => {
    const vars = [
      { name: 'DB_PASSWORD', value: 'hunter2-long' },
      { name: 'CACHE_KEY_VERSION', value: '3' },
      { name: 'DATABASE_URL', value: 'x' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'API_TOKEN', value: '' }
    ]
    expect(secretValues(vars, ['DATABASE_URL'])).toEqual(['hunter2-long', 'x'])
  })
})

describe('redactedTaskDefinitionJson', () => {
  const td: RegisterInput = {
    family: 'web',
    containerDefinitions: [
      {
        name: 'app',
        image: 'web:1',
        environment: [
          { name: 'DB_PASSWORD', value: 'hunter2-long' },
          { name: 'DATABASE_URL', value: 'postgres://u:p@db/x' },
          { name: 'LOG_LEVEL', value: 'info' }
        ],
        secrets: [{ name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf' }]
      }
    ]
  }

  it('replaces secret values and every valueFrom with ***, keeps the rest, leaves its argument alone', () => {
    const out = JSON.parse(redactedTaskDefinitionJson(td, ['DATABASE_URL'])) as RegisterInput
    expect(out.containerDefinitions![0]!.environment).toEqual([
      { name: 'DB_PASSWORD', value: '***' },
      { name: 'DATABASE_URL', value: '***' },
      { name: 'LOG_LEVEL', value: 'info' }
    ])
    expect(out.containerDefinitions![0]!.secrets).toEqual([{ name: 'API_KEY', valueFrom: '***' }])
    expect(out.family).toBe('web')
    expect(td.containerDefinitions![0]!.environment![0]!.value).toBe('hunter2-long')
  })
})

describe('hideExcerpt', () => {
  it('passes the container lines a result carries through hide, and leaves a result without them as it is', () => {
    const r: ReleaseResult = {
      outcome: 'failed',
      cluster: 'prod',
      service: 'web',
      forensics: { causes: [], excerpt: { container: 'app', taskId: 't', source: 's', lines: ['dsn postgres://u:hunter2@db', 'ok'] } }
    }
    const hidden = hideExcerpt(r, (t) => t.replace('hunter2', '***'))
    expect(hidden.forensics!.excerpt!.lines).toEqual(['dsn postgres://u:***@db', 'ok'])
    expect(r.forensics!.excerpt!.lines[0]).toContain('hunter2')
    const plain: ReleaseResult = { outcome: 'succeeded', cluster: 'prod', service: 'web' }
    expect(hideExcerpt(plain, () => '')).toBe(plain)
  })
})
