/**
 * Release hygiene: .github/workflows/release.yml builds dist/ and refuses a tag whose dist/ is not
 * its build, publishes the changelog section, and moves the major tag; its shell steps are run here
 * for real (a temporary repository with a bare "origin"). CHANGELOG.md keeps its format.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'

interface Step {
  name?: string | undefined
  uses?: string | undefined
  run?: string | undefined
  with?: Record<string, unknown> | undefined
  env?: Record<string, string> | undefined
}
interface Workflow {
  on: { push: { tags: string[] }; workflow_dispatch: unknown }
  permissions: Record<string, string>
  jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>
}

const TEXT = readFileSync('.github/workflows/release.yml', 'utf8')
const wf = parse(TEXT) as Workflow
const steps = wf.jobs.release!.steps
const step = (name: string): Step => {
  const s = steps.find((x) => x.name === name)
  if (!s) throw new Error(`release.yml has no step '${name}'`)
  return s
}
const root = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-release-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: root }

function sh(script: string, cwd: string, env: Record<string, string> = {}): { code: number | null; out: string } {
  const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...GIT_ENV, ...env } })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('release.yml', () => {
  it('runs on vX.Y.Z tags (and by hand for an existing tag), with write access only in the release job', () => {
    expect(wf.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    expect(wf.on.workflow_dispatch).toBeDefined()
    expect(wf.permissions).toEqual({ contents: 'read' })
    expect(wf.jobs.release!.permissions).toEqual({ contents: 'write' })
  })

  it('pins every action by commit SHA, with the version in a comment', () => {
    const uses = [...TEXT.matchAll(/^\s+(?:- )?uses: (\S+)(.*)$/gm)]
    expect(uses.length).toBeGreaterThanOrEqual(2)
    for (const [, ref, comment] of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/)
      expect(comment).toMatch(/^ # v\d/)
    }
  })

  it('builds dist, refuses a tag whose dist differs, tests, publishes, then moves the major tag: in that order', () => {
    const order = ['Check the version', 'Build dist', 'dist/ of the tag is its build', 'Publish the GitHub release', 'Move the major tag'].map((n) => steps.indexOf(step(n)))
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(step('Build dist').run).toBe('npm run build')
    expect(step('dist/ of the tag is its build').run).toContain('git status --porcelain -- dist')
    const test = steps.findIndex((s) => s.run === 'npm test')
    expect(test).toBeGreaterThan(order[2]!)
    expect(test).toBeLessThan(order[3]!)
    expect(steps.findIndex((s) => s.run === 'npm ci')).toBeLessThan(order[1]!)
  })
})

describe('the version check and the release notes (the step run for real)', () => {
  const dir = join(root, 'version')
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'CHANGELOG.md'),
    '# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2026-11-20\n\n### Added\n\n- GitHub Deployments\n\n## [1.1.0] - 2026-10-01\n\n- older\n'
  )
  const check = (tag: string, version: string): { code: number | null; out: string; notes: string } => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version }))
    rmSync(join(dir, 'notes.md'), { force: true })
    const r = sh(step('Check the version').run!, dir, { TAG: tag, RUNNER_TEMP: dir })
    let notes: string
    try {
      notes = readFileSync(join(dir, 'notes.md'), 'utf8')
    } catch {
      notes = ''
    }
    return { ...r, notes }
  }

  it('a tag with its package.json version and changelog section: the notes are that section', () => {
    const r = check('v1.2.0', '1.2.0')
    expect(r.code).toBe(0)
    expect(r.notes).toBe('\n### Added\n\n- GitHub Deployments\n\n')
  })

  it('refuses a tag that is not vX.Y.Z, a package.json of another version, a version without notes', () => {
    expect(check('v1.2', '1.2.0')).toMatchObject({ code: 1, out: expect.stringContaining('::error::v1.2 is not a release tag vX.Y.Z') })
    expect(check('v1.2.0', '1.1.0')).toMatchObject({ code: 1, out: expect.stringContaining('::error::package.json says 1.1.0, the tag v1.2.0') })
    expect(check('v1.3.0', '1.3.0')).toMatchObject({ code: 1, out: expect.stringContaining("::error::CHANGELOG.md has no '## [1.3.0]' section") })
  })
})

describe('moving the major tag (the step run for real against a bare origin)', () => {
  const origin = join(root, 'origin.git')
  const work = join(root, 'work')
  const git = (args: string, cwd = work): string => {
    const r = sh(`git ${args}`, cwd)
    if (r.code !== 0) throw new Error(`git ${args}: ${r.out}`)
    return r.out.trim()
  }
  const remoteTag = (tag: string): string => git(`rev-parse "refs/tags/${tag}^{commit}"`, origin)
  const release = (tag: string): { code: number | null; out: string } => sh(step('Move the major tag').run!, work, { TAG: tag })

  it('v1 follows the newest v1.x.y; re-running an older tag does not move it back; v2 starts its own', () => {
    git(`init --bare -q "${origin}"`, root)
    git(`init -q "${work}"`, root)
    git(`remote add origin "${origin}"`)
    const commit = (tag: string): string => {
      git(`commit -q --allow-empty -m ${tag}`)
      git(`tag ${tag}`)
      git(`push -q origin HEAD:refs/heads/main "refs/tags/${tag}"`)
      return git('rev-parse HEAD')
    }
    const c100 = commit('v1.0.0')
    expect(release('v1.0.0')).toMatchObject({ code: 0, out: expect.stringContaining(`::notice::v1 -> v1.0.0 (${c100})`) })
    expect(remoteTag('v1')).toBe(c100)

    const c110 = commit('v1.1.0')
    expect(release('v1.1.0').code).toBe(0)
    expect(remoteTag('v1')).toBe(c110)

    expect(release('v1.0.0')).toMatchObject({ code: 0, out: expect.stringContaining('::notice::v1 stays on v1.1.0 (newer than v1.0.0)') })
    expect(remoteTag('v1')).toBe(c110)

    const c200 = commit('v2.0.0')
    expect(release('v2.0.0').code).toBe(0)
    expect(remoteTag('v2')).toBe(c200)
    expect(remoteTag('v1')).toBe(c110)
  })
})

describe('CHANGELOG.md', () => {
  const log = readFileSync('CHANGELOG.md', 'utf8')
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

  it('keeps a changelog: an Unreleased section first, then versions newest first, each dated', () => {
    expect(log.startsWith('# Changelog\n')).toBe(true)
    const headings = [...log.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => [m[1]!, m[2]!])
    expect(headings[0]![0]).toBe('Unreleased')
    const versions = headings.slice(1)
    for (const [v, rest] of versions) {
      expect(v).toMatch(/^\d+\.\d+\.\d+$/)
      expect(rest).toMatch(/^ - \d{4}-\d{2}-\d{2}$/)
    }
    const sorted = [...versions].sort((a, b) => b[0]!.localeCompare(a[0]!, undefined, { numeric: true }))
    expect(versions).toEqual(sorted)
    for (const [v] of headings) expect(log).toContain(`[${v}]: `)
  })

  it(`package.json's version (${version}) has its section, or is the next release the Unreleased notes describe`, () => {
    const unreleased = log.split(/^## \[Unreleased\]$/m)[1]!.split(/^## \[/m)[0]!
    expect(unreleased).toMatch(/### Added\n\n- /)
    if (!log.includes(`\n## [${version}] - `)) expect(unreleased).toContain(version)
  })
})
