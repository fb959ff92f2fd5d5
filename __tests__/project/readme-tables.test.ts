import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { markedFiles, renderTables, tablesIn } from '../../scripts/readme-tables.js'

const actionYml = readFileSync('action.yml', 'utf8')
const readme = readFileSync('README.md', 'utf8')
/** The files that hold the generated tables (README.md and docs/*.md are looked at). */
const marked = markedFiles().map(({ file, keys }) => ({ file, keys, text: readFileSync(file, 'utf8') }))

describe('inputs and outputs tables generated from action.yml', () => {
  it('each table is in exactly one file', () => {
    for (const key of ['inputs', 'outputs'] as const) expect(marked.filter((m) => m.keys.includes(key)).map((m) => m.file)).toHaveLength(1)
  })

  it('has the inputs and outputs tables exactly as action.yml gives them (run npm run docs)', () => {
    for (const m of marked) expect({ file: m.file, text: renderTables(m.text, actionYml) }).toEqual({ file: m.file, text: m.text })
  })

  it('documents every input and output by name, in its table', () => {
    const a = parse(actionYml) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }
    const held = (key: 'inputs' | 'outputs'): string =>
      marked
        .filter((m) => m.keys.includes(key))
        .map((m) => m.text.split(`<!-- ${key}:start -->`)[1]!.split(`<!-- ${key}:end -->`)[0]!)
        .join('\n')
    for (const name of Object.keys(a.inputs)) expect(held('inputs')).toContain(`| \`${name}\` |`)
    for (const name of Object.keys(a.outputs)) expect(held('outputs')).toContain(`| \`${name}\` |`)
  })

  it('regenerates only between marker lines of their own', () => {
    const text = 'Quoted: `<!-- inputs:start -->`.\n\n<!-- inputs:start -->\nSTALE TABLE\n<!-- inputs:end -->\n'
    expect(tablesIn(text)).toEqual(['inputs'])
    const out = renderTables(text, actionYml)
    expect(out.startsWith('Quoted: `<!-- inputs:start -->`.\n\n<!-- inputs:start -->\n| input | required |')).toBe(true)
    expect(out).not.toContain('STALE TABLE')
    expect(renderTables('no markers here\n', actionYml)).toBe('no markers here\n')
  })
})

describe('README', () => {
  it('opens with the two commands', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBe('npm install && npm run demo\nnpm test\n')
  })
})

describe('action.yml', () => {
  it('reads every input the code reads, and nothing action.yml does not declare', () => {
    // the common inputs, and each way's own
    const files = ['src/core/inputs.ts', ...readdirSync('src/ways').map((w) => `src/ways/${w}/inputs.ts`)]
    const src = files.map((f) => readFileSync(f, 'utf8')).join('\n')
    const read = new Set([...src.matchAll(/get\('([a-z-]+)'\)/g)].map((m) => m[1]))
    const declared = Object.keys((parse(actionYml) as { inputs: Record<string, unknown> }).inputs)
    expect([...read].sort()).toEqual([...declared].sort())
  })
})
