/**
 * The inputs every way reads, parsed and checked before any AWS call. A way's own inputs (the
 * CodeDeploy group, the ALB listener...) are parsed by the way (src/ways/<way>/inputs.ts) with the
 * helpers exported here.
 */
import { inputError } from './errors.js'

export const MODES = ['deploy', 'plan', 'rollback', 'continue', 'stop'] as const
export const WAIT_FOR = ['complete', 'none', 'ready', 'traffic-shifted'] as const
export const ON_CANCEL = ['rollback', 'leave'] as const
export const ON_TIMEOUT = ['rollback', 'leave'] as const
export const IF_BUSY = ['wait', 'stop-previous', 'fail'] as const
/**
 * How the service is released. auto reads the service (see src/kit/choose.ts); the others insist on
 * one way and refuse a service that does not fit it.
 */
export const STRATEGIES = ['auto', 'codedeploy', 'ecs', 'rolling', 'alb-weighted'] as const

export type Mode = (typeof MODES)[number]
export type Strategy = (typeof STRATEGIES)[number]
export type WaitFor = (typeof WAIT_FOR)[number]

export interface NameValue {
  name: string
  value: string
}
export interface Secret {
  name: string
  valueFrom: string
}
export interface Tag {
  key: string
  value: string
}

export interface Inputs {
  mode: Mode
  strategy: Strategy
  image?: string | undefined
  cluster: string
  service: string
  containerName?: string | undefined
  /** 'task-definition' when it names a file in the repository. */
  taskDefinitionFile?: string | undefined
  /** 'task-definition' when it names a registered revision (ARN or family:revision): released as it is unless other inputs change it. */
  taskDefinitionRef?: string | undefined
  environmentVariables: NameValue[]
  /** Names of container environment variables whose values are secret: masked in the log, redacted in debug output. */
  maskEnvironmentVariables: string[]
  secrets: Secret[]
  tags: Tag[]
  environment?: string | undefined
  waitFor: WaitFor
  waitForMinutes: number
  /** After a failure, how many of the failed container's last log lines to show (0: none). */
  failureLogLines: number
  /** The command of the one-off task run with the new revision before anything else changes (a migration); none: no task. */
  preReleaseCommand?: string[] | undefined
  /** The container that command runs in; default the container whose image is replaced. */
  preReleaseContainer?: string | undefined
  region?: string | undefined
  rollbackTo: string
  /** Release even when the service already runs what would be registered. */
  force: boolean
  /** After a successful release, deregister the family's ACTIVE revisions beyond this many newest (undefined: keep all). */
  keepRevisions?: number | undefined
  /** 'analysis' as given: 'default' or a YAML block, parsed before any AWS call (src/kit/analysis/spec.ts). */
  analysis?: string | undefined
  /** Log the analysis' verdicts without acting on them. */
  analysisDryRun: boolean
  deploymentId?: string | undefined
  rollback: boolean
  onCancel: (typeof ON_CANCEL)[number]
  onTimeout: (typeof ON_TIMEOUT)[number]
  ifBusy: (typeof IF_BUSY)[number]
  /** GitHub Deployments: recorded only with a token (and environment). */
  githubToken?: string | undefined
  environmentUrl?: string | undefined
  /** Deprecated inputs given: one ::warning each. */
  warnings: string[]
}

const TASK_DEFINITION_ARN_RE = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(?::(\d+))?$/
const FAMILY_REVISION_RE = /^[A-Za-z0-9_-]{1,255}:\d+$/

/**
 * 'task-definition' names a registered revision (an ARN, or family:revision) or a file. A revision
 * must be exact: promoting "the latest" would release whatever was registered last.
 */
export function taskDefinitionInput(value: string): Pick<Inputs, 'taskDefinitionFile' | 'taskDefinitionRef'> {
  if (!value) return {}
  const arn = TASK_DEFINITION_ARN_RE.exec(value)
  if (arn) {
    if (!arn[1]) {
      throw inputError('task-definition', `'${value}' names no revision`, 'Give the whole ARN with its revision, e.g. ...:task-definition/web:42')
    }
    return { taskDefinitionRef: value }
  }
  if (value.startsWith('arn:')) {
    throw inputError(
      'task-definition',
      `'${value}' is not the ARN of an ECS task definition`,
      'Give arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>, family:revision, or the path of a JSON file'
    )
  }
  return FAMILY_REVISION_RE.test(value) ? { taskDefinitionRef: value } : { taskDefinitionFile: value }
}

/** Whether the release asks to change the task definition it starts from ('environment' only tags it). */
export function changesTaskDefinition(i: Pick<Inputs, 'image' | 'environmentVariables' | 'secrets' | 'tags'>): boolean {
  return !!i.image || i.environmentVariables.length > 0 || i.secrets.length > 0 || i.tags.length > 0
}

/** Reads one input as the runner hands it (src/github/runner.ts): trimmed, '' when not given. */
export type InputReader = (name: string) => string

// Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@sha256:digest].
const IMAGE_RE =
  /^(?:(?<registry>[a-zA-Z0-9.-]+(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Names that look like credentials: their values are masked in the log and redacted in debug output. */
export const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH|DSN/i
const ARN_RE = /^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:.+$/
const SSM_NAME_RE = /^\/?[A-Za-z0-9_.\-/]+$/
const TAG_KEY_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u

/** The Version tag of an image: its tag, else its digest. */
export function imageVersion(image: string): string | undefined {
  const m = IMAGE_RE.exec(image)
  return m?.groups?.tag ?? m?.groups?.digest
}

function image(value: string): string | undefined {
  if (!value) return undefined
  const m = IMAGE_RE.exec(value)
  if (!m || (!m.groups?.tag && !m.groups?.digest)) {
    throw inputError(
      'image',
      `'${value}' is not an image URI with a tag or digest`,
      'Give the full URI the build pushed, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0 or ...web@sha256:<digest>'
    )
  }
  return value
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], dflt: T): T {
  if (!value) return dflt
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw inputError(name, `'${value}' is not one of ${allowed.join(', ')}`, `Use one of those values, or leave it out for '${dflt}'`)
}

export function bool(name: string, value: string, dflt: boolean): boolean {
  if (!value) return dflt
  if (/^(true|yes|1)$/i.test(value)) return true
  if (/^(false|no|0)$/i.test(value)) return false
  throw inputError(name, `'${value}' is not true or false`, 'Use true or false')
}

function positiveNumber(name: string, value: string, dflt: number): number {
  if (!value) return dflt
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) {
    throw inputError(name, `'${value}' is not a positive number`, 'Give a number of minutes greater than 0, e.g. 60')
  }
  return n
}

/** The most log lines a failure shows: a job log is read, not searched. */
export const MAX_FAILURE_LOG_LINES = 1000

function lineCount(name: string, value: string, dflt: number): number {
  if (!value) return dflt
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > MAX_FAILURE_LOG_LINES) {
    throw inputError(name, `'${value}' is not a whole number from 0 to ${MAX_FAILURE_LOG_LINES}`, 'Give how many lines to show, e.g. 30, or 0 to show none')
  }
  return n
}

function revisionCount(value: string): number | undefined {
  if (!value) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw inputError(
      'keep-revisions',
      `'${value}' is not a whole number of at least 1`,
      'Give how many of the newest revisions to keep, e.g. 10, or leave it out to keep all'
    )
  }
  return n
}

/** RunTask takes at most 8192 characters of overrides, as JSON: the command, with room for the container's name. */
export const MAX_COMMAND_CHARS = 8000
const CONTAINER_NAME_RE = /^[A-Za-z0-9_-]{1,255}$/
const COMMAND_EXAMPLE = 'Give one line such as bin/rails db:migrate, or a JSON array such as ["bin/rails", "db:migrate"]'

/**
 * 'pre-release-command' as the container command override: a JSON array of strings, or one line in
 * shell form split into words as a shell would (quotes and backslashes), but not run by one: shell
 * operators and expansions are refused, as nothing would carry them out.
 */
export function commandInput(name: string, value: string): string[] | undefined {
  const text = value.trim()
  if (!text) return undefined
  const words = text.startsWith('[') ? jsonCommand(name, text) : shellWords(name, text)
  if (!words.length || !words[0]) throw inputError(name, 'names no program to run', COMMAND_EXAMPLE)
  if (JSON.stringify(words).length > MAX_COMMAND_CHARS) {
    throw inputError(
      name,
      `is over ${MAX_COMMAND_CHARS} characters, and RunTask takes at most 8192 of overrides`,
      'Put the steps in a script in the image and run that'
    )
  }
  return words
}

function jsonCommand(name: string, text: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw inputError(name, `is not a JSON array of strings (${(err as Error).message})`, COMMAND_EXAMPLE)
  }
  if (!Array.isArray(parsed) || parsed.some((w) => typeof w !== 'string')) throw inputError(name, 'is not a JSON array of strings', COMMAND_EXAMPLE)
  return parsed as string[]
}

function shellWords(name: string, text: string): string[] {
  if (/\r?\n\s*\S/.test(text)) {
    throw inputError(name, 'is several lines, and the shell form is one line', 'Give one command, or a JSON array such as ["sh", "-c", "first && second"]')
  }
  const noShell = (what: string): Error =>
    inputError(
      name,
      `${what}, and the command is split into words, not run by a shell`,
      `To use a shell, give a JSON array such as ${JSON.stringify(['sh', '-c', text])} (the image must have sh)`
    )
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw inputError(name, "has a quote (') that is not closed", COMMAND_EXAMPLE)
      word = (word ?? '') + text.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      let quoted = ''
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '$' || text[i] === '`') throw noShell(`'${text[i]}' asks for an expansion`)
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++
        quoted += text[i]
      }
      if (i >= text.length) throw inputError(name, 'has a quote (") that is not closed', COMMAND_EXAMPLE)
      word = (word ?? '') + quoted
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw inputError(name, 'ends in a backslash', COMMAND_EXAMPLE)
      word = (word ?? '') + text[++i]
    } else if (/[|&;<>()$`]/.test(c)) {
      throw noShell(`'${c}' is shell syntax`)
    } else word = (word ?? '') + c
  }
  if (word !== undefined) words.push(word)
  return words
}

function containerName(name: string, value: string): string | undefined {
  if (!value) return undefined
  if (!CONTAINER_NAME_RE.test(value)) {
    throw inputError(
      name,
      `'${value}' is not a container name`,
      'Give the name of a container of the task definition: up to 255 letters, digits, hyphens and underscores'
    )
  }
  return value
}

/** Splits `KEY=value` lines (blank lines and # comments skipped); the value may itself contain '='. */
export function pairs(name: string, value: string, what: string, example: string): [string, string, number][] {
  const out: [string, string, number][] = []
  value.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const eq = line.indexOf('=')
    if (eq <= 0) {
      // A secrets line without '=' may be the secret itself, and so may an environment line
      // whose name looks like a credential: never echo those.
      const shown = name === 'secrets' || (name === 'environment-variables' && SECRET_NAME.test(line)) ? '' : ` '${line}'`
      throw inputError(name, `line ${i + 1}${shown} is not ${what}`, `Write one per line, e.g. ${example}`)
    }
    out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim(), i + 1])
  })
  const seen = new Set<string>()
  for (const [key, , line] of out) {
    if (seen.has(key)) throw inputError(name, `'${key}' is given twice (line ${line})`, 'Give each name once')
    seen.add(key)
  }
  return out
}

function environmentVariables(value: string): NameValue[] {
  return pairs('environment-variables', value, 'KEY=value', 'LOG_LEVEL=info').map(([name, v, line]) => {
    if (!ENV_NAME_RE.test(name)) {
      throw inputError(
        'environment-variables',
        `'${name}' (line ${line}) is not a valid variable name`,
        'Use letters, digits and underscores, not starting with a digit'
      )
    }
    return { name, value: v }
  })
}

/** Variable names, one per line or separated by commas or spaces. */
function maskNames(value: string): string[] {
  const names = value.split(/[\s,]+/).filter(Boolean)
  for (const name of names) {
    if (!ENV_NAME_RE.test(name)) {
      throw inputError(
        'mask-environment-variables',
        `'${name}' is not a variable name`,
        'List the names (not the values) of environment variables to mask, e.g. DATABASE_URL'
      )
    }
  }
  return [...new Set(names)]
}

function secrets(value: string): Secret[] {
  return pairs('secrets', value, 'KEY=valueFrom', 'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf').map(
    ([name, valueFrom, line]) => {
      if (!ENV_NAME_RE.test(name)) {
        throw inputError('secrets', `'${name}' (line ${line}) is not a valid variable name`, 'Use letters, digits and underscores, not starting with a digit')
      }
      if (!(ARN_RE.test(valueFrom) || (!valueFrom.startsWith('arn:') && SSM_NAME_RE.test(valueFrom)))) {
        throw inputError(
          'secrets',
          `the valueFrom of '${name}' (line ${line}) is neither a Secrets Manager or SSM ARN nor an SSM parameter name`,
          'Give the ARN of the secret or parameter (arn:aws:secretsmanager:... or arn:aws:ssm:...), or a parameter name such as /prod/db/password; never the secret value itself'
        )
      }
      return { name, valueFrom }
    }
  )
}

function tags(value: string): Tag[] {
  return pairs('tags', value, 'key=value', 'Team=payments').map(([key, v, line]) => {
    if (!TAG_KEY_RE.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw inputError('tags', `'${key}' (line ${line}) is not a valid tag key`, 'Use at most 128 letters, digits, spaces and _.:/=+-@, not starting with aws:')
    }
    if (v.length > 256) throw inputError('tags', `the value of '${key}' is over 256 characters`, 'Shorten it')
    return { key, value: v }
  })
}

/** AWS's limit on the tags of one resource, a task definition included. */
export const MAX_TAGS = 50

/** The tag keys this action adds to the task definition besides 'tags': Environment and the image's Version. */
export function addedTagKeys(i: Pick<Inputs, 'environment' | 'image'>): string[] {
  return [...(i.environment ? ['Environment'] : []), ...(i.image && imageVersion(i.image) ? ['Version'] : [])]
}

/** The task definition takes at most 50 tags, the ones this action adds included. */
function refuseTooManyTags(i: Inputs): void {
  const keys = new Set([...i.tags.map((t) => t.key), ...addedTagKeys(i)])
  if (keys.size <= MAX_TAGS) return
  const added = addedTagKeys(i).filter((k) => !i.tags.some((t) => t.key === k))
  throw inputError(
    'tags',
    `${i.tags.length} tags${added.length ? ` and the ${added.join(' and ')} tag${added.length > 1 ? 's' : ''} this action adds` : ''} make ${keys.size}, and a task definition takes at most ${MAX_TAGS}`,
    `Give at most ${MAX_TAGS - added.length} tags`
  )
}

export const optional = (v: string): string | undefined => v || undefined

function httpUrl(name: string, value: string): string | undefined {
  if (!value) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw inputError(name, `'${value}' is not an http(s) URL`, 'Give the address the environment serves, e.g. https://dev.example.com')
  return value
}

/**
 * wait-for-service-stability is the official deploy action's switch, accepted so a workflow moves
 * over unchanged: false means wait-for none (unless wait-for says otherwise), true is the default.
 */
function waitForServiceStability(value: string, waitFor: WaitFor, warnings: string[]): WaitFor {
  if (!value) return waitFor
  const wait = bool('wait-for-service-stability', value, true)
  warnings.push(
    `Input 'wait-for-service-stability' is deprecated (it is the official deploy action's): this action follows the release to the end by default. ${wait ? 'Remove it' : "Use 'wait-for: none' instead"}.`
  )
  return !wait && waitFor === 'complete' ? 'none' : waitFor
}

/** Parses and validates the inputs every way reads. Pure: throws an ActionError naming the first bad input. */
export function parseInputs(get: InputReader): Inputs {
  const mode = oneOf('mode', get('mode'), MODES, 'deploy')
  const inputs: Inputs = {
    mode,
    strategy: oneOf('strategy', get('strategy'), STRATEGIES, 'auto'),
    image: image(get('image')),
    cluster: get('cluster'),
    service: get('service'),
    containerName: optional(get('container-name')),
    ...taskDefinitionInput(get('task-definition')),
    environmentVariables: environmentVariables(get('environment-variables')),
    maskEnvironmentVariables: maskNames(get('mask-environment-variables')),
    secrets: secrets(get('secrets')),
    tags: tags(get('tags')),
    environment: optional(get('environment')),
    waitFor: oneOf('wait-for', get('wait-for'), WAIT_FOR, 'complete'),
    waitForMinutes: positiveNumber('wait-for-minutes', get('wait-for-minutes'), 60),
    failureLogLines: lineCount('failure-log-lines', get('failure-log-lines'), 30),
    preReleaseCommand: commandInput('pre-release-command', get('pre-release-command')),
    preReleaseContainer: containerName('pre-release-container', get('pre-release-container')),
    region: optional(get('aws-region')),
    rollbackTo: get('rollback-to') || 'previous',
    force: bool('force', get('force'), false),
    keepRevisions: revisionCount(get('keep-revisions')),
    analysis: optional(get('analysis')),
    analysisDryRun: bool('analysis-dry-run', get('analysis-dry-run'), false),
    deploymentId: optional(get('deployment-id')),
    rollback: bool('rollback', get('rollback'), true),
    onCancel: oneOf('on-cancel', get('on-cancel'), ON_CANCEL, 'rollback'),
    onTimeout: oneOf('on-timeout', get('on-timeout'), ON_TIMEOUT, 'rollback'),
    ifBusy: oneOf('if-busy', get('if-busy'), IF_BUSY, 'wait'),
    githubToken: optional(get('github-token')),
    environmentUrl: httpUrl('environment-url', get('environment-url')),
    warnings: []
  }
  inputs.waitFor = waitForServiceStability(get('wait-for-service-stability'), inputs.waitFor, inputs.warnings)
  refuseTooManyTags(inputs)
  for (const name of ['cluster', 'service'] as const) {
    if (!inputs[name]) throw inputError(name, 'is required', `Give the name or ARN of the ECS ${name}`)
  }
  if ((mode === 'deploy' || mode === 'plan') && !inputs.image && !inputs.taskDefinitionFile && !inputs.taskDefinitionRef) {
    throw inputError(
      'image',
      'is required to deploy',
      "Give the image URI the build pushed, or in 'task-definition' a rendered file or a registered revision (ARN or family:revision) to deploy as it is"
    )
  }
  if (inputs.preReleaseContainer && !inputs.preReleaseCommand) {
    throw inputError('pre-release-container', "is given without 'pre-release-command'", "Give the command to run in it, or remove 'pre-release-container'")
  }
  if (inputs.preReleaseCommand && mode !== 'deploy') {
    inputs.warnings.push(`Input 'pre-release-command' runs only with mode deploy: mode ${mode} runs no pre-release task. Remove it from this step.`)
  }
  if (mode === 'continue' && !inputs.deploymentId) {
    throw inputError('deployment-id', "is required with mode 'continue'", "Pass the 'deployment-id' output of the step that returned at the approval gate")
  }
  return inputs
}
