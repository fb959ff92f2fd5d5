import { readFileSync } from 'node:fs'
import { expect } from '@jest/globals'
import { ActionError } from '../src/core/errors.js'

/** The text of a file under __tests__/fixtures. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}

/** Runs fn, expects an ActionError, returns it. */
export function actionError(fn: () => unknown): ActionError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError)
    return err as ActionError
  }
  throw new Error('expected an ActionError, nothing was thrown')
}

export async function actionErrorAsync(p: Promise<unknown>): Promise<ActionError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError)
    return err as ActionError
  }
  throw new Error('expected an ActionError, nothing was thrown')
}

/** Expects an error about input `subject`: titled with it, and saying so in the message. */
export function expectInputError(fn: () => unknown, subject: string, says?: RegExp | string): ActionError {
  const err = actionError(fn)
  expect(err.subject).toBe(subject)
  expect(err.message).toContain(`Input '${subject}'`)
  if (says !== undefined) {
    if (typeof says === 'string') expect(err.message).toContain(says)
    else expect(err.message).toMatch(says)
  }
  return err
}
