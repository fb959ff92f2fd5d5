import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseFileCommands } from '../../scripts/run-action.js'
import * as runner from '../../src/github/runner.js'

let dir: string
let out: string[]
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-test-'))
  for (const f of ['OUTPUT', 'STATE']) writeFileSync(join(dir, f), '')
  process.env.GITHUB_OUTPUT = join(dir, 'OUTPUT')
  process.env.GITHUB_STATE = join(dir, 'STATE')
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'SUMMARY')
  out = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

describe('the runner protocol', () => {
  it('reads an input as the runner passes it: INPUT_ and the name upper-cased, trimmed', () => {
    process.env['INPUT_WAIT-FOR-MINUTES'] = '  30 \n'
    process.env.INPUT_MY_INPUT = 'x'
    expect(runner.getInput('wait-for-minutes')).toBe('30')
    expect(runner.getInput('my input')).toBe('x')
    expect(runner.getInput('absent')).toBe('')
  })

  it('escapes workflow commands as the runner decodes them: data, and properties', () => {
    runner.error('line 1\nline 2 100%', { title: 'prod/web: image, tag' })
    runner.setSecret('s3cr3t')
    runner.debug('a\r\nb')
    expect(out).toEqual(['::error title=prod/web%3A image%2C tag::line 1%0Aline 2 100%25\n', '::add-mask::s3cr3t\n', '::debug::a%0D%0Ab\n'])
  })

  it('writes outputs and state to their files with a delimiter the value cannot end early', () => {
    runner.setOutput('plan', 'line 1\nname<<EOF\nline 3')
    runner.setOutput('count', 3)
    runner.saveState('isPost', 'true')
    expect(parseFileCommands(readFileSync(join(dir, 'OUTPUT'), 'utf8'))).toEqual({ plan: 'line 1\nname<<EOF\nline 3', count: '3' })
    expect(parseFileCommands(readFileSync(join(dir, 'STATE'), 'utf8'))).toEqual({ isPost: 'true' })
    process.env.STATE_isPost = 'true'
    expect(runner.runnerState().get('isPost')).toBe('true')
  })

  it('falls back to the older commands outside a runner with files', () => {
    delete process.env.GITHUB_OUTPUT
    runner.setOutput('outcome', 'succeeded')
    expect(out.join('')).toBe('\n::set-output name=outcome::succeeded\n')
  })

  it('appends the job summary as HTML, as @actions/core writes it, with empty cells closed', async () => {
    await new runner.JobSummary()
      .addHeading('✅ prod/web: succeeded', 2)
      .addTable([
        [
          { data: 'Release', header: true },
          { data: '', header: true }
        ],
        ['Image', '<code>web:1</code>']
      ])
      .addRaw('raw', true)
      .write()
    expect(readFileSync(join(dir, 'SUMMARY'), 'utf8')).toBe(
      '<h2>✅ prod/web: succeeded</h2>\n<table><tr><th>Release</th><th></th></tr><tr><td>Image</td><td><code>web:1</code></td></tr></table>\nraw\n'
    )
    delete process.env.GITHUB_STEP_SUMMARY
    await expect(new runner.JobSummary().addRaw('x').write()).rejects.toThrow('GITHUB_STEP_SUMMARY')
  })
})
