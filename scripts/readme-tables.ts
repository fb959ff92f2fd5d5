/**
 * Generates the README's inputs and outputs tables from action.yml, between the markers
 * <!-- inputs:start --> ... <!-- inputs:end --> and <!-- outputs:start --> ... <!-- outputs:end -->.
 * `npm run docs` rewrites README.md; a unit test fails when the two drift.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const cell = (s: string): string =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

export function tables(actionYml: string): { inputs: string; outputs: string } {
  const a = parse(actionYml) as ActionYml
  const inputs = [
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(a.inputs).map(
      ([name, i]) => `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${cell(i.description)} |`
    )
  ].join('\n')
  const outputs = [
    '| output | description |',
    '| --- | --- |',
    ...Object.entries(a.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`)
  ].join('\n')
  return { inputs, outputs }
}

export function renderReadme(readme: string, actionYml: string): string {
  const t = tables(actionYml)
  let out = readme
  for (const key of ['inputs', 'outputs'] as const) {
    const re = new RegExp(`(<!-- ${key}:start -->)[\\s\\S]*?(<!-- ${key}:end -->)`)
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${key}:start --> ... <!-- ${key}:end --> markers`)
    out = out.replace(re, `$1\n${t[key]}\n$2`)
  }
  return out
}

if (process.argv[1]?.endsWith('readme-tables.js')) {
  const readme = readFileSync('README.md', 'utf8')
  const next = renderReadme(readme, readFileSync('action.yml', 'utf8'))
  if (next !== readme) writeFileSync('README.md', next)
  console.log(next === readme ? 'README.md tables are up to date' : 'README.md tables regenerated from action.yml')
}
