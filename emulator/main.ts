/**
 * CLI: node .build/emulator/main.js --port N [--host H] [--time-scale S] [--seed FILE] [--quiet]
 * Prints exactly "listening on http://127.0.0.1:N" on stdout when ready.
 */
import { readFileSync } from 'node:fs'
import { seedWorld, startEmulator, type SeedSpec } from './index.js'

// The SDK (used by --seed) warns that it will soon need node 22; the emulator runs on any node npm has.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
function usage(code: number): never {
  process.stderr.write('usage: main.js --port N [--host 127.0.0.1] [--time-scale S] [--seed FILE.json] [--region us-east-1] [--quiet]\n')
  process.exit(code)
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const opts: { port: number; host: string; timeScale: number; seed?: string | undefined; region: string; quiet: boolean } = {
    port: 0,
    host: '127.0.0.1',
    timeScale: 1,
    region: 'us-east-1',
    quiet: false
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined]
    const value = (): string => {
      const v = inline ?? args[++i]
      if (v === undefined) usage(2)
      return v
    }
    switch (flag) {
      case '--port':
      case '-p':
        opts.port = Number(value())
        break
      case '--host':
        opts.host = value()
        break
      case '--time-scale':
      case '--timescale':
        opts.timeScale = Number(value())
        break
      case '--seed':
        opts.seed = value()
        break
      case '--region':
        opts.region = value()
        break
      case '--quiet':
      case '-q':
        opts.quiet = true
        break
      case '--help':
      case '-h':
        usage(0)
        break
      default:
        process.stderr.write(`unknown argument ${a}\n`)
        usage(2)
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) usage(2)
  if (!(opts.timeScale > 0)) usage(2)

  const emu = await startEmulator({ port: opts.port, host: opts.host, timeScale: opts.timeScale, quiet: opts.quiet })
  process.stdout.write(`listening on ${emu.url}\n`)

  let closing = false
  const shutdown = (): void => {
    if (closing) return
    closing = true
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)

  if (opts.seed) {
    const spec = JSON.parse(readFileSync(opts.seed, 'utf8')) as Partial<SeedSpec>
    const r = await seedWorld(emu.url, spec, opts.region)
    process.stdout.write(
      `seeded cluster ${r.clusterName}, service ${r.serviceName} (${r.taskDefinitionArn}), application ${r.applicationName}, deployment group ${r.deploymentGroupName} (${r.deploymentConfigName})\n`
    )
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
