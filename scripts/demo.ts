/**
 * npm run demo: a whole canary release of the bundled action against the embedded emulator, on
 * this machine, with no AWS account. The emulator runs 40x faster than real time, so the
 * 5-minute canary bake and the 5-minute wait before blue is removed take seconds. Its ALB sends
 * simulated requests to both target groups, and the canary analysis judges them as they shift.
 */
import './quiet-sdk.js'
import { startEmulator, seedWorld } from '../emulator/index.js'
import { runAction } from './run-action.js'
import { summaryToText } from './summary-text.js'

const TIME_SCALE = Number(process.env.DEMO_TIME_SCALE ?? 40)

async function main(): Promise<void> {
  const emu = await startEmulator({ timeScale: TIME_SCALE })
  try {
    console.log(`Emulated ECS + CodeDeploy on ${emu.url} (time runs ${TIME_SCALE}x faster)`)
    const world = await seedWorld(emu.url, { deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' })
    console.log(
      `Built with ordinary API calls: cluster ${world.clusterName}, service ${world.serviceName} running ${world.taskDefinitionArn.split('/').pop()} behind target groups web-blue/web-green,\n` +
        `CodeDeploy ${world.applicationName}/${world.deploymentGroupName} (${world.deploymentConfigName}, test listener, auto-rollback, alarm ${world.alarms.join(', ')})`
    )
    console.log('\nRunning dist/index.js as a runner would (node 24, INPUT_* variables, AWS_ENDPOINT_URL):\n')
    const started = Date.now()
    const run = await runAction({
      endpoint: emu.url,
      inputs: {
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0',
        cluster: 'prod',
        service: 'web',
        environment: 'prod',
        'environment-variables': 'FEATURE_X=on\nLOG_LEVEL=info',
        hooks: 'AfterAllowTestTraffic=smoke-test',
        // The canary's 5xx rate and p95 against the old side's, each minute of the emulated ALB's traffic.
        analysis: 'default'
      },
      // The emulator compresses minutes into seconds; let the watcher look as often as it would
      // near the end of a real bake, so the demo shows each step as it happens.
      env: { ECS_BLUEGREEN_POLL_MIN_MS: '500', ECS_BLUEGREEN_POLL_MAX_MS: '1000' },
      // A runner hides debug lines (unless step debug is on) and mask commands; so does the demo.
      onLine: (line) => {
        if (!/^::(debug|add-mask)::/.test(line)) console.log(`  | ${line}`)
      }
    })
    console.log(`\nThe action exited ${run.code} after ${((Date.now() - started) / 1000).toFixed(1)}s.`)
    console.log('\nOutputs:')
    for (const [k, v] of Object.entries(run.outputs)) console.log(`  ${k.padEnd(30)} ${v}`)
    console.log('\nJob summary:')
    console.log(summaryToText(run.summary))
    process.exitCode = run.code ?? 1
  } finally {
    await emu.close()
  }
}

await main()
