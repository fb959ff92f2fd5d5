import type { ServiceName } from './faults.js'

export interface CallRecord {
  service: ServiceName
  operation: string
  /** Real epoch ms when the call arrived. */
  time: number
  /** Request parameters as sent. */
  params: unknown
  /** HTTP status sent; 0 when the connection was dropped. */
  status: number
  /** Error __type when the call failed ("ConnectionDropped" for a drop). */
  error?: string | undefined
  /** What in the answer AWS's output shape does not allow (emulator/models.ts); absent when it all fits. */
  modelIssues?: string[] | undefined
}

export class CallLog {
  private records: CallRecord[] = []
  /**
   * Every model issue since the emulator started or clearModelIssues, as `service Operation: issue`;
   * clear() and reset leave them, so a test fixture sees those of calls it cleared from the log.
   */
  private issues: string[] = []
  constructor(private readonly max = 100_000) {}

  /** Records what the model check found in a call's answer. */
  modelIssues(r: CallRecord, issues: string[]): void {
    if (!issues.length) return
    r.modelIssues = issues
    for (const i of issues) if (this.issues.length < 1000) this.issues.push(`${r.service} ${r.operation}: ${i}`)
  }

  allModelIssues(): string[] {
    return this.issues.slice()
  }

  clearModelIssues(): void {
    this.issues = []
  }

  add(r: CallRecord): void {
    this.records.push(r)
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max)
  }

  all(): CallRecord[] {
    return this.records.slice()
  }

  clear(): void {
    this.records = []
  }
}
