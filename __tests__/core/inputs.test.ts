import { describe, expect, it } from '@jest/globals'
import { imageVersion, parseInputs, type Inputs } from '../../src/core/inputs.js'
import { expectInputError } from '../helpers.js'

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const DIGEST = `sha256:${'a1b2c3d4'.repeat(8)}`

/** An InputReader over the given inputs: '' for the rest, as the runner hands them. */
function parse(given: Record<string, string>, base: Record<string, string> = { cluster: 'prod', service: 'web', image: `${ECR}:1.5.0` }): Inputs {
  const all: Record<string, string> = { ...base, ...given }
  return parseInputs((name) => all[name] ?? '')
}

describe('parseInputs: defaults', () => {
  it('fills every default for a minimal deploy', () => {
    const i = parse({})
    expect(i).toMatchObject({
      mode: 'deploy',
      image: `${ECR}:1.5.0`,
      cluster: 'prod',
      service: 'web',
      environmentVariables: [],
      secrets: [],
      tags: [],
      waitFor: 'complete',
      waitForMinutes: 60,
      failureLogLines: 30,
      rollbackTo: 'previous',
      rollback: true,
      onCancel: 'rollback',
      onTimeout: 'rollback',
      ifBusy: 'wait'
    })
    for (const k of ['containerName', 'taskDefinitionFile', 'environment', 'region', 'deploymentId'] as const) {
      expect(i[k]).toBeUndefined()
    }
  })

  it('maps each named input to its field', () => {
    const i = parse({
      'container-name': 'app',
      'task-definition': 'deploy/taskdef.json',
      environment: 'production',
      'aws-region': 'eu-west-1',
      'rollback-to': 'web:40'
    })
    expect(i).toMatchObject({
      containerName: 'app',
      taskDefinitionFile: 'deploy/taskdef.json',
      environment: 'production',
      region: 'eu-west-1',
      rollbackTo: 'web:40'
    })
  })
})

describe('parseInputs: image', () => {
  it('accepts a tag, a digest or both, a registry with a port, short and nested names', () => {
    for (const image of [
      `${ECR}:1.5.0`,
      `${ECR}@${DIGEST}`,
      `${ECR}:1.5.0@${DIGEST}`,
      'localhost:5000/team/web:2024.05.01-rc1',
      'nginx:1.27-alpine',
      'ghcr.io/acme/web__api/my-app.v2:sha-0abc123'
    ]) {
      expect(parse({ image }).image).toBe(image)
    }
  })

  it('refuses no tag (also behind a registry port), upper case, a short digest, spaces, empty or bad tags', () => {
    for (const image of [
      ECR,
      'localhost:5000/web',
      `${ECR.replace('web', 'Web')}:1.5.0`,
      `${ECR}@sha256:abc123`,
      `${ECR}:1.5.0 latest`,
      `${ECR}:`,
      `${ECR}:.hidden`
    ]) {
      const err = expectInputError(() => parse({ image }), 'image', 'is not an image URI with a tag or digest')
      expect(err.message).toContain(`'${image}'`)
    }
  })

  it('imageVersion is the tag, else the digest', () => {
    expect(imageVersion(`${ECR}:1.5.0`)).toBe('1.5.0')
    expect(imageVersion(`${ECR}@${DIGEST}`)).toBe(DIGEST)
    expect(imageVersion(`${ECR}:1.5.0@${DIGEST}`)).toBe('1.5.0')
    expect(imageVersion('localhost:5000/web:7')).toBe('7')
    expect(imageVersion('not a uri')).toBeUndefined()
  })

  it('is required to deploy unless a task definition file is given', () => {
    expectInputError(() => parse({ image: '' }), 'image', 'is required to deploy')
    expect(parse({ image: '', 'task-definition': 'taskdef.json' }).image).toBeUndefined()
    expect(parse({ image: '', mode: 'stop' }).mode).toBe('stop')
  })
})

describe('parseInputs: environment-variables', () => {
  it('reads KEY=value lines, skipping blanks and comments, keeping = inside values', () => {
    const i = parse({
      'environment-variables': [
        '# shared settings',
        'LOG_LEVEL=debug',
        '',
        '  FEATURE_FLAGS = search=on,beta=off  ',
        'EMPTY=',
        '\r',
        'DSN=postgres://u@h/db?sslmode=require'
      ].join('\n')
    })
    expect(i.environmentVariables).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE_FLAGS', value: 'search=on,beta=off' },
      { name: 'EMPTY', value: '' },
      { name: 'DSN', value: 'postgres://u@h/db?sslmode=require' }
    ])
  })

  it('accepts CRLF line ends', () => {
    expect(parse({ 'environment-variables': 'A=1\r\nB=2\r\n' }).environmentVariables).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' }
    ])
  })

  it('refuses a line without =, naming its line number', () => {
    expectInputError(() => parse({ 'environment-variables': 'A=1\n\nLOG_LEVEL debug' }), 'environment-variables', "line 3 'LOG_LEVEL debug' is not KEY=value")
  })

  it('refuses a line with no name before =', () => {
    expectInputError(() => parse({ 'environment-variables': '=value' }), 'environment-variables', "line 1 '=value'")
  })

  it('refuses a name given twice', () => {
    expectInputError(() => parse({ 'environment-variables': 'A=1\nB=2\nA=3' }), 'environment-variables', "'A' is given twice (line 3)")
  })

  it('refuses names that are not variable names', () => {
    for (const name of ['1ST', 'MY-VAR', 'MY VAR', 'ÄPFEL']) {
      expectInputError(() => parse({ 'environment-variables': `${name}=x` }), 'environment-variables', `'${name}' (line 1) is not a valid variable name`)
    }
  })
})

describe('parseInputs: secrets', () => {
  it('accepts Secrets Manager and SSM ARNs (any partition) and parameter names', () => {
    const lines = [
      'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf',
      'DB_USER=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf:username::',
      '# comment',
      'API_KEY=arn:aws:ssm:us-east-1:123456789012:parameter/prod/web/api-key',
      'GOV_KEY=arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/web/key',
      'SIGNING_KEY=/prod/web/signing-key',
      'PLAIN_PARAM=web.session-key'
    ]
    expect(parse({ secrets: lines.join('\n') }).secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf' },
      { name: 'DB_USER', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf:username::' },
      { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/web/api-key' },
      { name: 'GOV_KEY', valueFrom: 'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/web/key' },
      { name: 'SIGNING_KEY', valueFrom: '/prod/web/signing-key' },
      { name: 'PLAIN_PARAM', valueFrom: 'web.session-key' }
    ])
  })

  it('refuses a valueFrom that is neither an ARN of a secret or parameter nor a parameter name, without echoing it', () => {
    // Another service's ARN, an ARN without account, what looks like the secret itself, a passphrase, nothing.
    for (const valueFrom of [
      'arn:aws:s3:::prod-secrets/db.txt',
      'arn:aws:secretsmanager:us-east-1::secret:db',
      'p@ssw0rd!',
      'correct horse battery staple',
      ''
    ]) {
      const err = expectInputError(() => parse({ secrets: `OK=/a/b\nDB_PASSWORD=${valueFrom}` }), 'secrets', "the valueFrom of 'DB_PASSWORD' (line 2)")
      expect(err.message).toContain('never the secret value itself')
      if (valueFrom) expect(err.message).not.toContain(valueFrom)
    }
  })

  it('does not echo a secrets line without =, which may hold the secret itself', () => {
    const err = expectInputError(() => parse({ secrets: 'DB_PASSWORD hunter2-Sup3rS3cret' }), 'secrets', 'line 1')
    expect(err.message).toContain('is not KEY=valueFrom')
    expect(err.message).not.toContain('hunter2-Sup3rS3cret')
  })

  it('refuses a bad name and a duplicate', () => {
    expectInputError(() => parse({ secrets: 'db-password=/prod/db' }), 'secrets', "'db-password' (line 1) is not a valid variable name")
    expectInputError(() => parse({ secrets: 'A=/x\nA=/y' }), 'secrets', "'A' is given twice (line 2)")
    expectInputError(() => parse({ secrets: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' }), 'secrets', 'is not KEY=valueFrom')
  })
})

describe('parseInputs: tags', () => {
  it('reads key=value lines with the characters AWS allows', () => {
    expect(parse({ tags: 'Team=payments\n# owner\ncost-center:id = 42\nNote=a=b\nÉquipe=paiements' }).tags).toEqual([
      { key: 'Team', value: 'payments' },
      { key: 'cost-center:id', value: '42' },
      { key: 'Note', value: 'a=b' },
      { key: 'Équipe', value: 'paiements' }
    ])
  })

  it('refuses an aws: key, a bad character, a long key or value, and duplicates', () => {
    expectInputError(() => parse({ tags: 'aws:cloudformation:stack-name=x' }), 'tags', "'aws:cloudformation:stack-name' (line 1) is not a valid tag key")
    expectInputError(() => parse({ tags: 'Team=a\nteam#1=b' }), 'tags', "'team#1' (line 2) is not a valid tag key")
    expectInputError(() => parse({ tags: `${'k'.repeat(129)}=v` }), 'tags', 'is not a valid tag key')
    expect(parse({ tags: `${'k'.repeat(128)}=${'v'.repeat(256)}` }).tags).toHaveLength(1)
    expectInputError(() => parse({ tags: `Team=${'v'.repeat(257)}` }), 'tags', "the value of 'Team' is over 256 characters")
    expectInputError(() => parse({ tags: 'Team=a\nTeam=b' }), 'tags', "'Team' is given twice")
  })

  it('refuses more than the 50 tags a task definition takes, counting the Version and Environment tags the action adds', () => {
    const tags = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}=v`).join('\n')
    expect(parse({ tags: tags(49) }).tags).toHaveLength(49)
    expectInputError(
      () => parse({ tags: tags(51) }, { cluster: 'prod', service: 'web', image: '' }),
      'tags',
      "Input 'tags': 51 tags make 51, and a task definition takes at most 50. Give at most 50 tags"
    )
    expectInputError(
      () => parse({ tags: tags(49), environment: 'prod' }),
      'tags',
      "Input 'tags': 49 tags and the Environment and Version tags this action adds make 51, and a task definition takes at most 50. Give at most 48 tags"
    )
    // A Version given in 'tags' is the one the action would add: counted once.
    expect(parse({ tags: `${tags(49)}\nVersion=1.5.0` }).tags).toHaveLength(50)
  })
})

describe('parseInputs: enums, numbers, booleans', () => {
  it('refuses a value outside each enum, listing the allowed ones', () => {
    for (const [input, allowed, bad] of [
      ['mode', 'deploy, plan, rollback, continue, stop', 'redeploy'],
      ['wait-for', 'complete, none, ready, traffic-shifted', 'done'],
      ['on-cancel', 'rollback, leave', 'ignore'],
      ['on-timeout', 'rollback, leave', 'Rollback'],
      ['if-busy', 'wait, stop-previous, fail', 'queue']
    ] as const) {
      expectInputError(() => parse({ [input]: bad }), input, `'${bad}' is not one of ${allowed}`)
    }
  })

  it('takes each allowed value', () => {
    expect(parse({ 'wait-for': 'traffic-shifted', 'on-cancel': 'leave', 'on-timeout': 'leave', 'if-busy': 'stop-previous' })).toMatchObject({
      waitFor: 'traffic-shifted',
      onCancel: 'leave',
      onTimeout: 'leave',
      ifBusy: 'stop-previous'
    })
    expect(parse({ mode: 'rollback' }).mode).toBe('rollback')
  })

  it('wait-for-minutes is a positive number', () => {
    expect(parse({ 'wait-for-minutes': '90' }).waitForMinutes).toBe(90)
    expect(parse({ 'wait-for-minutes': '2.5' }).waitForMinutes).toBe(2.5)
    for (const bad of ['0', '-5', 'sixty', 'Infinity', '1h']) {
      expectInputError(() => parse({ 'wait-for-minutes': bad }), 'wait-for-minutes', `'${bad}' is not a positive number`)
    }
  })

  it('rollback is a boolean', () => {
    expect(parse({ rollback: 'false' }).rollback).toBe(false)
    expect(parse({ rollback: 'NO' }).rollback).toBe(false)
    expect(parse({ rollback: 'True' }).rollback).toBe(true)
    expect(parse({ rollback: '1' }).rollback).toBe(true)
    expectInputError(() => parse({ rollback: 'maybe' }), 'rollback', "'maybe' is not true or false")
  })
})

describe('parseInputs: required inputs', () => {
  it('cluster and service are required', () => {
    for (const name of ['cluster', 'service']) expectInputError(() => parse({ [name]: '' }), name, `is required. Give the name or ARN of the ECS ${name}`)
  })

  it('deployment-id is required with mode continue', () => {
    expectInputError(() => parse({ mode: 'continue' }), 'deployment-id', "is required with mode 'continue'")
    expect(parse({ mode: 'continue', 'deployment-id': 'd-ABCDEF123' }).deploymentId).toBe('d-ABCDEF123')
  })
})

describe('parseInputs: pre-release-command and pre-release-container', () => {
  const cmd = (value: string): string[] | undefined => parse({ 'pre-release-command': value }).preReleaseCommand

  it('splits one line in shell form into words, quotes and backslashes as a shell reads them', () => {
    expect(cmd('bin/rails db:migrate')).toEqual(['bin/rails', 'db:migrate'])
    expect(cmd('  npm   run  migrate  ')).toEqual(['npm', 'run', 'migrate'])
    expect(cmd(`alembic -x 'note=two words' upgrade "head"`)).toEqual(['alembic', '-x', 'note=two words', 'upgrade', 'head'])
    expect(cmd(`echo "a \\"quoted\\" \\$HOME" it\\'s ''`)).toEqual(['echo', 'a "quoted" $HOME', "it's", ''])
    expect(cmd(`migrate --dsn '$DATABASE_URL'`)).toEqual(['migrate', '--dsn', '$DATABASE_URL'])
    expect(cmd('bin/migrate\n')).toEqual(['bin/migrate'])
    expect(cmd('')).toBeUndefined()
  })

  it('takes a JSON array of strings as it is, over several lines too', () => {
    expect(cmd('["sh", "-c", "bin/rails db:migrate && bin/rails db:seed"]')).toEqual(['sh', '-c', 'bin/rails db:migrate && bin/rails db:seed'])
    expect(cmd('[\n  "npm",\n  "run",\n  "migrate"\n]')).toEqual(['npm', 'run', 'migrate'])
  })

  it('refuses shell syntax nothing would carry out, with the JSON form that runs it in a shell', () => {
    const err = expectInputError(() => cmd('bin/rails db:migrate && bin/rails db:seed'), 'pre-release-command', "'&' is shell syntax")
    expect(err.message).toContain('To use a shell, give a JSON array such as ["sh","-c","bin/rails db:migrate && bin/rails db:seed"]')
    expectInputError(() => cmd('migrate | tee out'), 'pre-release-command', "'|' is shell syntax")
    expectInputError(() => cmd('migrate --dsn $DATABASE_URL'), 'pre-release-command', "'$' is shell syntax")
    expectInputError(() => cmd('migrate --dsn "$DATABASE_URL"'), 'pre-release-command', "'$' asks for an expansion")
    expectInputError(() => cmd('migrate > out.log'), 'pre-release-command', "'>' is shell syntax")
  })

  it('refuses what is not a command: open quotes, several lines, a bad JSON array, no program', () => {
    expectInputError(() => cmd(`echo 'open`), 'pre-release-command', "has a quote (') that is not closed")
    expectInputError(() => cmd('echo "open'), 'pre-release-command', 'has a quote (") that is not closed')
    expectInputError(() => cmd('echo \\'), 'pre-release-command', 'ends in a backslash')
    expectInputError(() => cmd('bin/rails db:migrate\nbin/rails db:seed'), 'pre-release-command', 'is several lines, and the shell form is one line')
    expectInputError(() => cmd('["npm", "run",'), 'pre-release-command', /is not a JSON array of strings \(.+\)\. Give one line such as bin\/rails db:migrate/)
    expectInputError(() => cmd('["npm", 1]'), 'pre-release-command', 'is not a JSON array of strings')
    expectInputError(() => cmd('[]'), 'pre-release-command', 'names no program to run')
    expectInputError(() => cmd(`''`), 'pre-release-command', 'names no program to run')
    expectInputError(() => cmd(JSON.stringify(['x', 'y'.repeat(8000)])), 'pre-release-command', 'is over 8000 characters')
  })

  it('pre-release-container is a container name, and only with a command', () => {
    expect(parse({ 'pre-release-command': 'migrate', 'pre-release-container': 'migrator' }).preReleaseContainer).toBe('migrator')
    expect(parse({ 'pre-release-command': 'migrate' }).preReleaseContainer).toBeUndefined()
    expectInputError(
      () => parse({ 'pre-release-command': 'migrate', 'pre-release-container': 'my app' }),
      'pre-release-container',
      "'my app' is not a container name"
    )
    expectInputError(() => parse({ 'pre-release-container': 'app' }), 'pre-release-container', "is given without 'pre-release-command'")
  })

  it('with another mode than deploy, warns that no task runs', () => {
    const i = parse({ mode: 'rollback', 'pre-release-command': 'migrate' })
    expect(i.warnings).toEqual(["Input 'pre-release-command' runs only with mode deploy: mode rollback runs no pre-release task. Remove it from this step."])
    expect(parse({ 'pre-release-command': 'migrate' }).warnings).toEqual([])
  })
})
