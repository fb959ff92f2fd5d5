/**
 * One error type for everything the user can fix. The message says what is wrong and what to do;
 * `subject` names the input (or AWS resource) at fault so the annotation can be titled with it.
 */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly subject?: string
  ) {
    super(message)
    this.name = 'ActionError'
  }
}

/** An input the user gave is wrong: raised before anything in AWS is changed. */
export function inputError(input: string, problem: string, fix: string): ActionError {
  return new ActionError(`Input '${input}': ${problem}. ${fix}`, input)
}

/** The one place that turns any thrown value into the words the user reads. */
export function describeError(err: unknown): string {
  if (err instanceof ActionError) return err.message
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : ''
    return `${name}${err.message}`
  }
  return String(err)
}
