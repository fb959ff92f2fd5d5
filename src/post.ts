/**
 * The post step: the safety net when the main step was killed before it could settle its release
 * (runner timeout, SIGKILL after a cancel). The way that released it stops it with rollback, or
 * leaves it as on-cancel says; a GitHub deployment left in progress is marked failed.
 */
import { describeError } from './core/errors.js'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { STATE, type StateStore } from './core/state.js'
import * as core from './github/runner.js'

export async function post(state: StateStore = core.runnerState()): Promise<void> {
  const githubId = Number(state.get(STATE.githubDeployment))
  const deploymentId = state.get(STATE.deployment)
  const github = githubId > 0 && state.get(STATE.githubSettled) !== 'true'
  const release = !!deploymentId && state.get(STATE.settled) !== 'true'
  const task = state.get(STATE.preReleaseTask)
  // A main step that ran to its end settled all three: the post step then loads nothing more.
  if (!github && !release && !task) return
  const [{ createClients, resolveRegion }, { parseInputs }, { githubDeployment, readInput }, { WAYS }] = await Promise.all([
    import('./aws/clients.js'),
    import('./core/inputs.js'),
    import('./main.js'),
    import('./registry.js')
  ])
  if (github) {
    try {
      await githubDeployment(parseInputs(readInput), state)?.settleAfterKill(githubId)
    } catch (err) {
      core.debug(`GitHub deployment ${githubId} not settled: ${describeError(err)}`)
    }
  }
  if (task) await stopPreReleaseTask(task, () => createClients({ region: resolveRegion(parseInputs(readInput).region) }).ecs)
  if (!release) return
  const way = WAYS.find((w) => w.name === state.get(STATE.way))
  if (!way) return
  try {
    const inputs = parseInputs(readInput)
    const region = resolveRegion(inputs.region)
    const prepared = await (await way.prepare(readInput, inputs)).load()
    await prepared.afterKill({
      inputs,
      clients: createClients({ region }),
      region,
      deploymentId,
      state,
      warn: (m) => core.warning(m),
      error: (m) => core.error(m)
    })
  } catch (err) {
    core.error(
      `Could not settle ${deploymentId} after the main step ended: ${describeError(err)}. Check it in the console and stop it by hand if it still runs.`
    )
  }
}

/** A pre-release task the main step was killed during: stopped, as a cancel would have, before anything was deployed. */
async function stopPreReleaseTask(saved: string, ecs: () => ECSClient): Promise<void> {
  const [cluster, taskArn] = saved.split(' ') as [string, string]
  const id = taskArn.split('/').pop()!.slice(0, 8)
  try {
    const { stopTask } = await import('./aws/tasks.js')
    await stopTask(ecs(), cluster, taskArn, 'The main step ended during the pre-release task: ecs-bluegreen-action stopped it')
    core.warning(`The main step ended during the pre-release task: stopped task ${id}; nothing was deployed.`)
  } catch (err) {
    core.error(`Could not stop pre-release task ${id} after the main step ended: ${describeError(err)}. Stop it in the console (${taskArn}).`)
  }
}
