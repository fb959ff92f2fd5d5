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
    return `${name}${err.message}${hintFor(err)}`
  }
  return String(err)
}

/** What to do about the AWS errors a user can fix, appended to the AWS message. */
function hintFor(err: Error): string {
  const sentence = (m: string): string => (/[.!?]$/.test(m.trim()) ? ' ' : '. ')
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(err.name)) {
    return `${sentence(err.message)}The role this step runs as lacks that permission: grant the actions of docs/iam-policy.json, scoped to this service and deployment group.`
  }
  if (/ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch/.test(err.name)) {
    return `${sentence(err.message)}The AWS credentials were refused: check the role configure-aws-credentials assumed, and that its session outlasts the release (role-duration-seconds).`
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(err.name)) {
    return `${sentence(err.message)}AWS went on throttling after every retry: run fewer releases in this account at once, or run the step again.`
  }
  const status = (err as { $metadata?: { httpStatusCode?: number | undefined } | undefined }).$metadata?.httpStatusCode
  if ((status !== undefined && status >= 500) || /ServerException|InternalFailure|ServiceUnavailable/.test(err.name)) {
    return `${sentence(err.message)}AWS answered with a server error after every retry: check the AWS Health Dashboard for the region, then run the step again.`
  }
  return ''
}
