/**
 * What the emulator's own tests do through the SDK: CodeDeploy deployments of an AppSpec, and
 * watching one to its end. The emulator and its clients come from ../fixtures/emulator.ts.
 */
import { createHash } from 'node:crypto'
import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  type DeploymentInfo,
  type ECSTarget
} from '@aws-sdk/client-codedeploy'
import type { Emulator } from '../../emulator/index.js'
import { HOLD_TIME_SCALE, sleep } from '../fixtures/emulator.js'

export function appSpec(
  taskDefinitionArn: string,
  o: { containerName?: string | undefined; containerPort?: number | undefined; hooks?: Record<string, string> | undefined } = {}
): { content: string; sha256: string } {
  const spec = {
    version: '0.0',
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinitionArn,
            LoadBalancerInfo: { ContainerName: o.containerName ?? 'app', ContainerPort: o.containerPort ?? 8080 }
          }
        }
      }
    ],
    ...(o.hooks ? { Hooks: Object.entries(o.hooks).map(([k, v]) => ({ [k]: v })) } : {})
  }
  const content = JSON.stringify(spec)
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}

export async function createDeployment(
  cd: CodeDeployClient,
  taskDefinitionArn: string,
  o: { hooks?: Record<string, string> | undefined; deploymentConfigName?: string | undefined; description?: string | undefined } = {}
): Promise<string> {
  const r = await cd.send(
    new CreateDeploymentCommand({
      applicationName: 'web-app',
      deploymentGroupName: 'web-dg',
      deploymentConfigName: o.deploymentConfigName,
      description: o.description,
      revision: { revisionType: 'AppSpecContent', appSpecContent: appSpec(taskDefinitionArn, { hooks: o.hooks }) }
    })
  )
  return r.deploymentId!
}

export async function waitFor<T>(fn: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 15_000, everyMs = 15): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (pred(v)) return v
    if (Date.now() > end) throw new Error(`waitFor timed out; last value: ${JSON.stringify(v)}`)
    await sleep(everyMs)
  }
}

const TERMINAL = ['Succeeded', 'Failed', 'Stopped']

export interface Observation {
  info: DeploymentInfo
  target?: ECSTarget | undefined
}

/** Poll a deployment until it is terminal, collecting every distinct observation. */
/**
 * Looks at a deployment until it is terminal, collecting every look. The clock is held and moved on
 * `stepMs` virtual ms after each look (a traffic weight lasts a minute or more), so every weight is
 * seen however slow the machine is; afterwards the clock runs at the scale it had.
 */
export async function watch(c: { codedeploy: CodeDeployClient; emu: Emulator }, deploymentId: string, stepMs = 5000, maxLooks = 2000): Promise<Observation[]> {
  const seen: Observation[] = []
  const scale = c.emu.timeScale
  c.emu.setTimeScale(HOLD_TIME_SCALE)
  try {
    for (let look = 1; ; look++) {
      const { deploymentInfo } = await c.codedeploy.send(new GetDeploymentCommand({ deploymentId }))
      let target: ECSTarget | undefined
      if (deploymentInfo!.status !== 'Created' && deploymentInfo!.status !== 'Queued') {
        const t = await c.codedeploy.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: ['prod:web'] }))
        target = t.deploymentTargets?.[0]?.ecsTarget
      }
      seen.push({ info: deploymentInfo!, target })
      if (TERMINAL.includes(deploymentInfo!.status!)) return seen
      if (look >= maxLooks) throw new Error(`deployment ${deploymentId} still ${deploymentInfo!.status} after ${(look * stepMs) / 60_000} virtual minutes`)
      c.emu.advance(stepMs)
    }
  } finally {
    c.emu.setTimeScale(scale)
  }
}

/**
 * Holds the clock and moves it on `stepMs` virtual ms at a time until `pred` holds for what `look`
 * returns, then puts the scale back: a state that lasts longer than `stepMs` is caught however
 * slow the machine is. Hold the clock before, and the state is still there after.
 */
export async function stepUntil<T>(emu: Emulator, look: () => Promise<T>, pred: (v: T) => boolean, stepMs = 1000, maxLooks = 2000): Promise<T> {
  const scale = emu.timeScale
  emu.setTimeScale(HOLD_TIME_SCALE)
  try {
    for (let n = 1; ; n++) {
      const v = await look()
      if (pred(v)) return v
      if (n >= maxLooks) throw new Error(`stepUntil: not there after ${(n * stepMs) / 60_000} virtual minutes; last value: ${JSON.stringify(v)}`)
      emu.advance(stepMs)
    }
  } finally {
    emu.setTimeScale(scale)
  }
}

/** Distinct consecutive [blueWeight, greenWeight] pairs observed. */
export function weights(obs: Observation[]): string[] {
  const out: string[] = []
  for (const o of obs) {
    const ts = o.target?.taskSetsInfo ?? []
    const g = ts.find((t) => t.taskSetLabel === 'Green')
    const b = ts.find((t) => t.taskSetLabel === 'Blue')
    if (!g || !b) continue
    const w = `${b.trafficWeight}/${g.trafficWeight}`
    if (out[out.length - 1] !== w) out.push(w)
  }
  return out
}
