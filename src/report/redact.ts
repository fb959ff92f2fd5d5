import type { RegisterInput } from '../core/context.js'
import { SECRET_NAME } from '../core/inputs.js'
import type { ReleaseResult } from '../core/result.js'

export const REDACTED = '***'

/** Values shorter than this are not masked for their name alone: masking "1" would blank every 1 in the log. */
const MIN_GUESSED_SECRET = 4

/**
 * Whether an environment variable holds a secret: the user listed it in 'mask-environment-variables',
 * or its name looks like a credential (PASSWORD, SECRET, TOKEN, KEY...).
 */
export function isSecretVariable(name: string | undefined, marked: readonly string[]): boolean {
  return !!name && (marked.includes(name) || SECRET_NAME.test(name))
}

/** The values to hand to core.setSecret: listed variables always, credential-looking names unless trivially short. */
export function secretValues(vars: readonly { name?: string | undefined; value?: string | undefined }[], marked: readonly string[]): string[] {
  const out = new Set<string>()
  for (const v of vars) {
    if (!v.name || !v.value) continue
    if (marked.includes(v.name) || (SECRET_NAME.test(v.name) && v.value.length >= MIN_GUESSED_SECRET)) out.add(v.value)
  }
  return [...out]
}

/**
 * The task definition as JSON for the debug log: values of secret environment variables and the
 * valueFrom of every secret are replaced by ***, so the log never depends on the runner's masking.
 */
export function redactedTaskDefinitionJson(td: RegisterInput, marked: readonly string[]): string {
  const copy = structuredClone(td)
  for (const c of copy.containerDefinitions ?? []) {
    for (const e of c.environment ?? []) if (isSecretVariable(e.name, marked) && e.value) e.value = REDACTED
    for (const s of c.secrets ?? []) if (s.valueFrom) s.valueFrom = REDACTED
  }
  return JSON.stringify(copy, null, 2)
}

/**
 * The result with its container lines passed through `hide`: the job summary and the annotation
 * show them, and the runner masks only the log (a pre-release task's lines come with the result).
 */
export function hideExcerpt(result: ReleaseResult, hide: (text: string) => string): ReleaseResult {
  const f = result.forensics
  if (!f?.excerpt) return result
  return { ...result, forensics: { ...f, excerpt: { ...f.excerpt, lines: f.excerpt.lines.map((l) => hide(l)) } } }
}
