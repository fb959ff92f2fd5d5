/** The options of a send that the job's cancel can abort (none without a signal: the SDK takes no undefined there). */
export const abortable = (signal: AbortSignal | undefined): { abortSignal?: AbortSignal } => (signal ? { abortSignal: signal } : {})
