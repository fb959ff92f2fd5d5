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
}

export class CallLog {
  private records: CallRecord[] = []
  constructor(private readonly max = 100_000) {}

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
