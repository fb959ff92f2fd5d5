/**
 * The runner's protocol: inputs and state from the environment, workflow commands on stdout, and
 * the output, state and job summary files. This is what @actions/core does for the calls this
 * action makes, with its escaping and delimiters; @actions/core itself also loads an HTTP client
 * (for OIDC tokens this action never asks for) that more than doubled the start-up.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'
import type { StateStore } from '../core/state.js'
import type { SummaryTableRow, SummaryWriter } from '../report/summary.js'

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

function command(name: string, properties: Record<string, string | undefined>, message: string): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v!)}`)
    .join(',')
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** Appends `name<<delimiter` … to a GITHUB_OUTPUT or GITHUB_STATE file; false when the runner gave none. */
function fileCommand(file: 'OUTPUT' | 'STATE', name: string, value: unknown): boolean {
  const path = process.env[`GITHUB_${file}`]
  if (!path) return false
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  const delimiter = `ghadelimiter_${randomUUID()}`
  const v = text(value)
  if (name.includes(delimiter) || v.includes(delimiter)) throw new Error(`Unexpected input: ${name} should not contain the delimiter "${delimiter}"`)
  appendFileSync(path, `${name}<<${delimiter}${EOL}${v}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
  return true
}

/** An input as the runner hands it: trimmed, '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export function setOutput(name: string, value: unknown): void {
  if (fileCommand('OUTPUT', name, value)) return
  process.stdout.write(EOL)
  command('set-output', { name }, text(value))
}

export function saveState(name: string, value: unknown): void {
  if (!fileCommand('STATE', name, value)) command('save-state', { name }, text(value))
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}

/** The runner's own state between the main and the post step. */
export const runnerState = (): StateStore => ({ save: saveState, get: getState })

export function setSecret(secret: string): void {
  command('add-mask', {}, secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  command('debug', {}, message)
}

export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1'
}

export function warning(message: string, props: { title?: string | undefined } = {}): void {
  command('warning', props, message)
}

export function error(message: string, props: { title?: string | undefined } = {}): void {
  command('error', props, message)
}

const wrap = (tag: string, content: string, attrs: Record<string, string | number | undefined> = {}): string => {
  const a = Object.entries(attrs)
    .filter(([, v]) => v)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('')
  return `<${tag}${a}>${content}</${tag}>`
}

/** The job summary (GITHUB_STEP_SUMMARY), HTML as @actions/core's summary writes it (an empty cell closed). */
export class JobSummary implements SummaryWriter {
  private buffer = ''
  addRaw(raw: string, addEOL = false): this {
    this.buffer += raw + (addEOL ? EOL : '')
    return this
  }
  addHeading(heading: string, level = 1): this {
    return this.addRaw(wrap(level >= 1 && level <= 6 ? `h${level}` : 'h1', heading), true)
  }
  addTable(rows: SummaryTableRow[]): this {
    const cell = (c: SummaryTableRow[number]): string =>
      typeof c === 'string' ? wrap('td', c) : wrap(c.header ? 'th' : 'td', c.data, { colspan: c.colspan, rowspan: c.rowspan })
    return this.addRaw(wrap('table', rows.map((r) => wrap('tr', r.map(cell).join(''))).join('')), true)
  }
  addLink(label: string, href: string): this {
    return this.addRaw(wrap('a', label, { href }), true)
  }
  async write(): Promise<this> {
    const path = process.env.GITHUB_STEP_SUMMARY
    if (!path) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
    await appendFile(path, this.buffer, { encoding: 'utf8' })
    this.buffer = ''
    return this
  }
}
