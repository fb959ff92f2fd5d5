/**
 * The entry point a runner starts, for the main step and again for the post step. It stays small:
 * the rest of the action is chunks it imports, so V8's compile cache (on from here) covers them,
 * and each step compiles only the code it runs.
 */
import * as nodeModule from 'node:module'
import { STATE } from './core/state.js'
import { getState } from './github/runner.js'

// The post step, a second process, starts from the code the main step compiled (the runner's
// temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 (npm run local) has none, so the
// import is a namespace: a named one would not load there.
;(nodeModule as Partial<typeof nodeModule>).enableCompileCache?.()

if (getState(STATE.isPost) === 'true') await (await import('./post.js')).post()
else await (await import('./main.js')).run()
