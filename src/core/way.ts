/**
 * The contract every release way fulfils (src/ways/<way>/index.ts). main.ts and post.ts know the
 * ways only through it; a way supplies what differs: its own inputs, its mode handlers, its
 * events' words and what the post step does after the main step was killed.
 */
import type { Clients, Context } from './context.js'
import { ActionError } from './errors.js'
import type { DescribeEvent, WayEvent } from './events.js'
import type { InputReader, Inputs, Mode } from './inputs.js'
import type { ReleaseResult } from './result.js'
import type { StateStore } from './state.js'

/**
 * The ways a service is released:
 * - codedeploy: deployment controller CODE_DEPLOY, a CodeDeploy blue/green deployment
 * - ecs: controller ECS with strategy BLUE_GREEN, LINEAR or CANARY, an ECS service deployment
 * - rolling: controller ECS with strategy ROLLING (the default), a rolling update
 * - alb-weighted: two services behind one ALB listener, weights shifted by this action
 */
export type WayName = 'codedeploy' | 'ecs' | 'rolling' | 'alb-weighted'

/** How each way is named in the log. */
export const WAY_TITLES: Record<WayName, string> = {
  codedeploy: 'CodeDeploy blue/green',
  ecs: 'ECS-native',
  rolling: 'ECS rolling update',
  'alb-weighted': 'ALB weighted (two services)'
}

export type ModeHandler<Own = unknown, E extends WayEvent = WayEvent> = (ctx: Context<Own, E>) => Promise<ReleaseResult>

/** What the post step hands a way to settle a release the main step could not (killed after a cancel). */
export interface AfterKill<Own = unknown> {
  inputs: Inputs
  own: Own
  clients: Clients
  region: string
  /** The deployment-id the main step saved. */
  deploymentId: string
  state: StateStore
  warn: (message: string) => void
  error: (message: string) => void
}

/** What a way does: in its own chunk of the bundle, loaded only for the way that releases the service. */
export interface WayHandlers<Own = unknown, E extends WayEvent = WayEvent> {
  /** A mode the way has no handler for is refused naming the modes it has. */
  modes: Partial<Record<Mode, ModeHandler<Own, E>>>
  /** Stops (or leaves, as on-cancel says) a release still running after the main step ended. */
  afterKill(o: AfterKill<Own>): Promise<void>
  /** The words of this way's events, for the log and the job summary. */
  describe: DescribeEvent<E>
}

export interface Way<Own = unknown, E extends WayEvent = WayEvent> {
  name: WayName
  /** The inputs only this way reads: given when another way releases the service, they are refused. */
  ownInputs: readonly string[]
  /** When to choose this way, after "Set 'strategy: <name>'": said when its inputs are given to another. */
  whenToChoose: string
  /** How a release of this way is configured instead, ending in "remove": said when another way's inputs are given to it. */
  configuredBy: string
  /** Why 'analysis' cannot judge a release of this way (it has no two sides): refused before anything changes. */
  noAnalysis?: string | undefined
  /** Parses and checks this way's own inputs (files included) before any AWS call; a promise when it must load a parser. */
  parseInputs(get: InputReader, common: Inputs): Own | Promise<Own>
  /**
   * The handlers (src/ways/<way>/handlers.ts), by dynamic import: each way's code and the SDK
   * clients only it uses are a chunk of their own, so a release loads and compiles one way.
   */
  load(): Promise<WayHandlers<Own, E>>
}

/** A way with its own inputs parsed and its handlers loaded: what main.ts and post.ts run, whatever the way's own types. */
export interface PreparedWay {
  name: WayName
  run(mode: Mode, ctx: Omit<Context, 'own'>): Promise<ReleaseResult>
  afterKill(o: Omit<AfterKill, 'own'>): Promise<void>
  describe: DescribeEvent
}

/** A way in the registry: its own types hidden behind prepare(). */
export interface RegisteredWay extends Pick<Way, 'name' | 'ownInputs' | 'whenToChoose' | 'configuredBy' | 'noAnalysis'> {
  /** Parses the way's own inputs (before any AWS call); load() then binds them to its handlers. */
  prepare(get: InputReader, common: Inputs): Promise<{ name: WayName; load(): Promise<PreparedWay> }>
}

export function registerWay<Own, E extends WayEvent>(way: Way<Own, E>): RegisteredWay {
  const { name, ownInputs, whenToChoose, configuredBy, noAnalysis } = way
  return {
    name,
    ownInputs,
    whenToChoose,
    configuredBy,
    noAnalysis,
    async prepare(get, common) {
      const own = await way.parseInputs(get, common)
      return { name, load: async () => bind(name, own, await way.load()) }
    }
  }
}

function bind<Own, E extends WayEvent>(name: WayName, own: Own, h: WayHandlers<Own, E>): PreparedWay {
  return {
    name,
    run(mode, ctx) {
      const handler = h.modes[mode]
      if (!handler) {
        const supported = Object.keys(h.modes)
        throw new ActionError(
          `Input 'mode': '${mode}' is not available for a service released the ${WAY_TITLES[name]} way${supported.length ? ` (it supports ${supported.join(', ')})` : ''}. Use another mode, or act on the service in the console.`,
          'mode'
        )
      }
      return handler({ ...ctx, own })
    },
    afterKill: (o) => h.afterKill({ ...o, own }),
    // The log hands back only the events this way emitted.
    describe: (e) => h.describe(e as E)
  }
}
