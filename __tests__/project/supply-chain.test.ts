/**
 * Supply chain: workflows run third-party actions only at a full commit SHA (a tag can be moved
 * under us), with the version it stands for in a comment. This action itself may be used by tag.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT } from '../e2e/iam-policy.js'

const WORKFLOWS = join(ROOT, '.github', 'workflows')
const THIS_ACTION = /^[\w.-]+\/ecs-bluegreen-action(@|$)/

describe('workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f))

  it.each(files)('%s pins every third-party action by commit SHA', (file) => {
    const text = readFileSync(join(WORKFLOWS, file), 'utf8')
    const uses = [...text.matchAll(/^\s*(?:-\s*)?uses:\s*([^\s#]+)\s*(#.*)?$/gm)].map((m) => ({ ref: m[1]!, comment: m[2] ?? '' }))
    for (const u of uses) {
      if (u.ref.startsWith('./') || u.ref.startsWith('docker://') || THIS_ACTION.test(u.ref)) continue
      expect({ ref: u.ref, pinned: /@[0-9a-f]{40}$/.test(u.ref) }).toEqual({ ref: u.ref, pinned: true })
      expect({ ref: u.ref, comment: u.comment }).toEqual({ ref: u.ref, comment: expect.stringMatching(/^#\s*v\d/) })
    }
  })
})
