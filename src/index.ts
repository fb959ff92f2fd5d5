/** The entry point a runner starts, for the main step and again for the post step. */
import { STATE } from './core/state.js'
import { actionsState, run } from './main.js'
import { post } from './post.js'

const state = actionsState()

if (state.get(STATE.isPost) === 'true') await post(state)
else await run(state)
