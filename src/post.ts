/**
 * The post step: the safety net when the main step was killed before it could settle its release
 * (runner timeout, SIGKILL after a cancel). The way that released it stops it with rollback, or
 * leaves it as on-cancel says; a GitHub deployment left in progress is marked failed.
 */
import { describeError } from './core/errors.js'
import { STATE, type StateStore } from './core/state.js'
import * as core from './github/runner.js'

export async function post(state: StateStore = core.runnerState()): Promise<void> {
  const githubId = Number(state.get(STATE.githubDeployment))
  const deploymentId = state.get(STATE.deployment)
  const github = githubId > 0 && state.get(STATE.githubSettled) !== 'true'
  const release = !!deploymentId && state.get(STATE.settled) !== 'true'
  // A main step that ran to its end settled both: the post step then loads nothing more.
  if (!github && !release) return
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
