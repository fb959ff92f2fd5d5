/**
 * The post step: the safety net when the main step was killed before it could settle its release
 * (runner timeout, SIGKILL after a cancel). The way that released it stops it with rollback, or
 * leaves it as on-cancel says; a GitHub deployment left in progress is marked failed.
 */
import * as core from '@actions/core'
import { createClients, resolveRegion } from './aws/clients.js'
import { describeError } from './core/errors.js'
import { parseInputs } from './core/inputs.js'
import { STATE, type StateStore } from './core/state.js'
import { githubDeployment, readInput } from './main.js'
import { WAYS } from './registry.js'

export async function post(state: StateStore): Promise<void> {
  await settleGitHub(state)
  const deploymentId = state.get(STATE.deployment)
  if (!deploymentId || state.get(STATE.settled) === 'true') return
  const way = WAYS.find((w) => w.name === state.get(STATE.way))
  if (!way) return
  try {
    const inputs = parseInputs(readInput)
    const region = resolveRegion(inputs.region)
    await way.prepare(readInput, inputs).afterKill({
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

/** The GitHub deployment: failure if the main step never set a final status. */
async function settleGitHub(state: StateStore): Promise<void> {
  const id = Number(state.get(STATE.githubDeployment))
  if (!id || state.get(STATE.githubSettled) === 'true') return
  try {
    await githubDeployment(parseInputs(readInput), state)?.settleAfterKill(id)
  } catch (err) {
    core.debug(`GitHub deployment ${id} not settled: ${describeError(err)}`)
  }
}
