/** The entry point a runner starts, for the main step and again for the post step. */
import * as core from '@actions/core'
import { run } from './main.js'
import { post } from './post.js'
import { STATE, type StateStore } from './core/state.js'

/** The runner's own state between the main and the post step. */
const state: StateStore = { save: (key, value) => core.saveState(key, value), get: (key) => core.getState(key) }

if (state.get(STATE.isPost) === 'true') await post(state)
else await run(state)
