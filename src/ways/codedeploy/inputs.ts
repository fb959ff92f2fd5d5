/** The CodeDeploy way's own inputs: which deployment group, which config, the AppSpec base and hooks. */
import { inputError } from '../../core/errors.js'
import { optional, pairs, type InputReader, type Inputs } from '../../core/inputs.js'
import { readInputFile } from '../../kit/render.js'

/** The ECS lifecycle events a hook may run in (AppSpec "Hooks"); the others are CodeDeploy's own. */
export const HOOK_EVENTS = ['BeforeInstall', 'AfterInstall', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic'] as const
export type HookEvent = (typeof HOOK_EVENTS)[number]

export interface Hook {
  event: HookEvent
  functionName: string
}

export interface CodeDeployInputs {
  application?: string | undefined
  deploymentGroup?: string | undefined
  deploymentConfig?: string | undefined
  description?: string | undefined
  appSpecFile?: string | undefined
  /** The 'codedeploy-appspec' file, parsed before any AWS call (mode deploy: the others render no new AppSpec from it). */
  appSpecBase?: Partial<AppSpec> | undefined
  hooks: Hook[]
}

export const CODEDEPLOY_INPUTS = [
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-deployment-config',
  'codedeploy-deployment-description',
  'codedeploy-appspec',
  'hooks'
] as const

function hooks(value: string): Hook[] {
  return pairs('hooks', value, 'LifecycleEvent=function', 'AfterAllowTestTraffic=smoke-test').map(([event, functionName, line]) => {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      throw inputError('hooks', `'${event}' (line ${line}) is not an ECS lifecycle event a hook can run in`, `Use one of ${HOOK_EVENTS.join(', ')}`)
    }
    if (!functionName) throw inputError('hooks', `'${event}' (line ${line}) names no Lambda function`, 'Give a function name or ARN after the =')
    return { event: event as HookEvent, functionName }
  })
}

/**
 * Parses the CodeDeploy inputs and reads the AppSpec file. Throws an ActionError naming the first
 * bad input. With an AppSpec file to parse, the answer is a promise: YAML's parser is loaded only
 * then (it is a fifth of what every release would load at start-up).
 */
export function parseCodeDeployInputs(get: InputReader, common: Pick<Inputs, 'mode'>): CodeDeployInputs | Promise<CodeDeployInputs> {
  const appSpecFile = optional(get('codedeploy-appspec'))
  const own: CodeDeployInputs = {
    application: optional(get('codedeploy-application')),
    deploymentGroup: optional(get('codedeploy-deployment-group')),
    deploymentConfig: optional(get('codedeploy-deployment-config')),
    description: optional(get('codedeploy-deployment-description')),
    hooks: hooks(get('hooks')),
    appSpecFile,
    appSpecBase: undefined
  }
  if (!appSpecFile || common.mode !== 'deploy') return own
  const text = readInputFile('codedeploy-appspec', appSpecFile)
  return import('yaml').then(({ parse }) => ({ ...own, appSpecBase: parseAppSpecFile(text, parse) }))
}

/** The ECS AppSpec (version 0.0). CodeDeploy documents it but the SDK has no type for it. */
export interface AppSpec {
  version: string | number
  Resources: { TargetService: { Type: 'AWS::ECS::Service'; Properties: AppSpecProperties } }[]
  Hooks?: Record<string, string>[] | undefined
}
export interface AppSpecProperties {
  TaskDefinition: string
  LoadBalancerInfo: { ContainerName: string; ContainerPort: number }
  PlatformVersion?: string | undefined
  NetworkConfiguration?:
    | {
        AwsvpcConfiguration: { Subnets: string[]; SecurityGroups?: string[] | undefined; AssignPublicIp?: 'ENABLED' | 'DISABLED' | undefined }
      }
    | undefined
  CapacityProviderStrategy?: { CapacityProvider: string; Weight?: number | undefined; Base?: number | undefined }[] | undefined
}

/** Reads an AppSpec file given as a base (YAML or JSON: YAML's parser reads both). */
export function parseAppSpecFile(text: string, parseYaml: (text: string) => unknown, input = 'codedeploy-appspec'): Partial<AppSpec> {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (e) {
    throw inputError(
      input,
      `the file is neither YAML nor JSON (${(e as Error).message.split('\n')[0]})`,
      'Give an ECS AppSpec file (version: 0.0, Resources, Hooks)'
    )
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw inputError(input, 'the file does not hold an AppSpec object', 'Give an ECS AppSpec file')
  const spec = doc as Partial<AppSpec>
  if (spec.Resources !== undefined && (!Array.isArray(spec.Resources) || spec.Resources.length !== 1 || !spec.Resources[0]?.TargetService)) {
    throw inputError(
      input,
      'Resources must hold exactly one TargetService',
      'An ECS AppSpec deploys one service: give one TargetService, or leave Resources out to have it filled from the service'
    )
  }
  // Checked here, before anything in AWS changes: the AppSpec is only rendered after registering.
  const hookOk = (h: unknown): boolean => typeof h === 'object' && h !== null && !Array.isArray(h) && Object.values(h).every((fn) => typeof fn === 'string')
  if (spec.Hooks != null && (!Array.isArray(spec.Hooks) || !spec.Hooks.every(hookOk))) {
    throw inputError(
      input,
      'Hooks must be a list of LifecycleEvent: function entries',
      'Write each hook as a list item, e.g. "- AfterAllowTestTraffic: smoke-test"'
    )
  }
  for (const event of (spec.Hooks ?? []).flatMap((h) => Object.keys(h))) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      throw inputError(input, `Hooks names '${event}', which is not an ECS lifecycle event a hook can run in`, `Use one of ${HOOK_EVENTS.join(', ')}`)
    }
  }
  return spec
}
