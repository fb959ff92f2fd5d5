import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Tests run on the machine's node; the action runs on node 24. Keep the SDK's node-version notice out of test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// scripts/run-action.ts gives its runs of dist/index.js this compile cache (the bench, which
// measures cold starts, does not set it).
process.env.RUN_ACTION_COMPILE_CACHE ??= join(tmpdir(), 'ecs-bluegreen-action-compile-cache')
