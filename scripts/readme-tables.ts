/**
 * Generates the inputs and outputs tables from action.yml, between marker lines
 * <!-- inputs:start --> ... <!-- inputs:end --> and <!-- outputs:start --> ... <!-- outputs:end -->.
 * `npm run docs` rewrites whichever of README.md and docs/*.md hold them; a unit test fails when
 * a table and action.yml drift. A marker counts only on a line of its own, so prose may quote one.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean | undefined; default?: string | undefined }>
  outputs: Record<string, { description: string }>
}

export const KEYS = ['inputs', 'outputs'] as const
export type TableKey = (typeof KEYS)[number]

const cell = (s: string): string =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

export function tables(actionYml: string): Record<TableKey, string> {
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

const markers = (key: TableKey): RegExp => new RegExp(`^(<!-- ${key}:start -->)$[\\s\\S]*?^(<!-- ${key}:end -->)$`, 'm')

/** The tables `text` has markers for. */
export function tablesIn(text: string): TableKey[] {
  return KEYS.filter((key) => markers(key).test(text))
}

/** `text` with each table it has markers for regenerated from action.yml; the rest untouched. */
export function renderTables(text: string, actionYml: string): string {
  const t = tables(actionYml)
  let out = text
  for (const key of tablesIn(text)) out = out.replace(markers(key), `$1\n${t[key]}\n$2`)
  return out
}

/** The Markdown files that may hold the tables: README.md and docs/*.md. */
export function docFiles(root = '.'): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join('docs', f))
  return ['README.md', ...docs]
}

/** Each file that holds markers, with the tables it holds. Every table must be held somewhere. */
export function markedFiles(root = '.'): { file: string; keys: TableKey[] }[] {
  const found = docFiles(root)
    .map((file) => ({ file, keys: tablesIn(readFileSync(join(root, file), 'utf8')) }))
    .filter((f) => f.keys.length > 0)
  for (const key of KEYS) {
    if (!found.some((f) => f.keys.includes(key)))
      throw new Error(`no file of ${docFiles(root).join(', ')} has <!-- ${key}:start --> ... <!-- ${key}:end --> markers`)
  }
  return found
}

if (process.argv[1]?.endsWith('readme-tables.js')) {
  const actionYml = readFileSync('action.yml', 'utf8')
  for (const { file } of markedFiles()) {
    const text = readFileSync(file, 'utf8')
    const next = renderTables(text, actionYml)
    if (next !== text) writeFileSync(file, next)
    console.log(next === text ? `${file}: tables are up to date` : `${file}: tables regenerated from action.yml`)
  }
}
