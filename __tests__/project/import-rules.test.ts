/**
 * The layout's rules, as `npm run lint` enforces them (eslint.config.js): a way never imports
 * another way, nothing in src/ imports a layer above its own, and there are no import cycles. Each
 * rule is shown to fire on a probe, so a rule that stopped working cannot pass unnoticed. ESLint
 * runs in a child process: it is ESM, and jest's module sandbox would load it slowly.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'

/** Lints each probe as if it were the file at its path, and returns the rule of each problem. */
function lint(probes: Record<string, string>): Record<string, string[]> {
  const script = `
    import { ESLint } from 'eslint'
    const eslint = new ESLint()
    const probes = ${JSON.stringify(probes)}
    const out = {}
    for (const [filePath, text] of Object.entries(probes)) {
      const [r] = await eslint.lintText(text, { filePath })
      out[filePath] = r.messages.map((m) => m.ruleId + ': ' + m.message)
    }
    process.stdout.write(JSON.stringify(out))
  `
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Record<string, string[]>
}

describe('import rules', () => {
  it('refuse a way importing another way, an import upward, and a cycle; allow the imports the layout has', () => {
    const out = lint({
      'src/ways/rolling/probe.ts': "import { consoleUrl } from '../codedeploy/events.js'\nexport const x = consoleUrl\n",
      'src/core/probe.ts': "import { sleep } from '../kit/poll.js'\nexport const x = sleep\n",
      'src/kit/probe.ts': "import { codedeploy } from '../ways/codedeploy/index.js'\nexport const x = codedeploy\n",
      // poll.ts imports policy.ts: policy.ts importing poll.ts closes a cycle.
      'src/kit/policy.ts': "import { poll } from './poll.js'\nexport const x = poll\n",
      'src/ways/rolling/ok.ts': "import { sleep } from '../../kit/poll.js'\nimport { STATE } from '../../core/state.js'\nexport const x = [sleep, STATE]\n"
    })
    expect(out['src/ways/rolling/probe.ts']).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*imports another way/)])
    expect(out['src/core/probe.ts']).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*imports upward/)])
    expect(out['src/kit/probe.ts']).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*imports upward/)])
    expect(out['src/kit/policy.ts']).toEqual(['import-x/no-cycle: Dependency cycle detected'])
    expect(out['src/ways/rolling/ok.ts']).toEqual([])
  })
})
