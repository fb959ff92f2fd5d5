import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { renderReadme } from '../../scripts/readme-tables.js'

const actionYml = readFileSync('action.yml', 'utf8')
const readme = readFileSync('README.md', 'utf8')

describe('README generated from action.yml', () => {
  it('has the inputs and outputs tables exactly as action.yml gives them (run npm run docs)', () => {
    expect(renderReadme(readme, actionYml)).toBe(readme)
  })

  it('documents every input and output by name', () => {
    const a = parse(actionYml) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }
    for (const name of [...Object.keys(a.inputs), ...Object.keys(a.outputs)]) expect(readme).toContain(`| \`${name}\` |`)
  })

  it('opens with the two commands', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBe('npm install && npm run demo\nnpm test\n')
  })

  it('reads every input the code reads, and nothing action.yml does not declare', () => {
    // the common inputs, and each way's own
    const files = ['src/core/inputs.ts', ...readdirSync('src/ways').map((w) => `src/ways/${w}/inputs.ts`)]
    const src = files.map((f) => readFileSync(f, 'utf8')).join('\n')
    const read = new Set([...src.matchAll(/get\('([a-z-]+)'\)/g)].map((m) => m[1]))
    const declared = Object.keys((parse(actionYml) as { inputs: Record<string, unknown> }).inputs)
    expect([...read].sort()).toEqual([...declared].sort())
  })
})
