/**
 * Amazon CloudWatch Logs in the emulator: log groups, log streams and their events, on Logs' own
 * wire protocol (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Op>`, see server.ts): CreateLogGroup,
 * DescribeLogGroups, CreateLogStream, DescribeLogStreams, PutLogEvents, GetLogEvents and
 * FilterLogEvents. Timestamps are epoch milliseconds (Logs' `long` timestamps), not seconds.
 *
 * Containers write here too: ECS hands each awslogs container's lines to `emit` with the virtual
 * time each is written at, and `advance` ingests them when the clock gets there, so a reader never
 * sees a line before its time.
 */
import { err } from './errors.js'
import { ACCOUNT_ID } from './ids.js'

type Params = Record<string, any>

export interface LogsCtx {
  region: string
  /** Virtual epoch ms. */
  now: number
}

interface EventRec {
  timestamp: number
  message: string
  ingestionTime: number
  eventId: string
}

interface StreamRec {
  name: string
  creationTime: number
  events: EventRec[]
  lastIngestionTime?: number | undefined
}

interface GroupRec {
  name: string
  region: string
  creationTime: number
  /** Bytes of the messages held (DescribeLogGroups' storedBytes), kept as events come. */
  storedBytes: number
  logGroupClass: string
  kmsKeyId?: string | undefined
  streams: Map<string, StreamRec>
}

/** A line a container writes at virtual time `at`. */
export interface LogLine {
  at: number
  message: string
}

interface Pending extends LogLine {
  group: string
  stream: string
  /** Who wrote it (a task ARN), so a stopped task's lines still to come can be dropped. */
  owner: string
}

/** Virtual ms between a container writing a line and CloudWatch Logs having it (the awslogs driver's batching). */
export const INGESTION_DELAY_MS = 200

const GROUP_MISSING = 'The specified log group does not exist.'
const STREAM_MISSING = 'The specified log stream does not exist.'
/** PutLogEvents takes events up to 14 days old and 2 hours ahead. */
const TOO_OLD_MS = 14 * 86_400_000
const TOO_NEW_MS = 2 * 3_600_000

const pad56 = (n: number): string => String(n).padStart(56, '0')
const offsetToken = (n: number): string => Buffer.from(String(n)).toString('base64')

function offsetOf(token: unknown): number {
  if (token === undefined) return 0
  const n = Number(Buffer.from(String(token), 'base64').toString())
  if (!Number.isInteger(n) || n < 0) throw err('InvalidParameterException', 'The specified nextToken is invalid.')
  return n
}

/** Index of the first event later than `timestamp` (events are kept in timestamp order). */
function upperBound(events: EventRec[], timestamp: number): number {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (events[mid]!.timestamp <= timestamp) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class Logs {
  private groups = new Map<string, GroupRec>()
  private pending: Pending[] = []
  /** Earliest virtual time a pending line is due (Infinity when none): advance is one comparison until then. */
  private nextDue = Infinity
  private seq = 0

  reset(): void {
    this.groups.clear()
    this.pending = []
    this.nextDue = Infinity
    this.seq = 0
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name)
  }

  // ---------------------------------------------------------------- containers

  /** Lines a container writes to `group`/`stream` at their virtual times; dropped if the group is gone by then. */
  emit(owner: string, group: string, stream: string, lines: LogLine[]): void {
    for (const l of lines) {
      this.pending.push({ ...l, group, stream, owner })
      if (l.at < this.nextDue) this.nextDue = l.at
    }
  }

  /** The lines `owner` would have written after `at` are never written (its task stopped). */
  stopped(owner: string, at: number): void {
    if (!this.pending.length) return
    this.pending = this.pending.filter((p) => p.owner !== owner || p.at <= at)
    this.nextDue = this.pending.reduce((m, p) => Math.min(m, p.at), Infinity)
  }

  /** Ingests the lines whose time has come (plus the driver's delay). Nothing else in the world depends on them. */
  advance(now: number): void {
    if (now < this.nextDue + INGESTION_DELAY_MS) return
    const due = this.pending.filter((p) => p.at + INGESTION_DELAY_MS <= now).sort((a, b) => a.at - b.at)
    this.pending = this.pending.filter((p) => p.at + INGESTION_DELAY_MS > now)
    this.nextDue = this.pending.reduce((m, p) => Math.min(m, p.at), Infinity)
    for (const p of due) {
      const g = this.groups.get(p.group)
      // awslogs needs the group to exist (the task would not start without it, see the log-group cause)
      if (!g) continue
      const at = Math.floor(p.at)
      let s = g.streams.get(p.stream)
      if (!s) {
        s = { name: p.stream, creationTime: at, events: [] }
        g.streams.set(p.stream, s)
      }
      this.append(g, s, at, p.message, at + INGESTION_DELAY_MS)
    }
  }

  private append(g: GroupRec, s: StreamRec, at: number, message: string, ingestionTime: number): void {
    // Logs' timestamps are whole milliseconds (a long)
    const timestamp = Math.floor(at)
    const e: EventRec = { timestamp, message, ingestionTime, eventId: pad56(timestamp * 1000 + (this.seq++ % 1000)) }
    const last = s.events[s.events.length - 1]
    if (!last || last.timestamp <= timestamp) s.events.push(e)
    else s.events.splice(upperBound(s.events, timestamp), 0, e)
    s.lastIngestionTime = Math.max(s.lastIngestionTime ?? 0, ingestionTime)
    g.storedBytes += Buffer.byteLength(message)
  }

  // ---------------------------------------------------------------- lookups

  private groupNamed(name: string): GroupRec {
    const g = this.groups.get(name)
    if (!g) throw err('ResourceNotFoundException', GROUP_MISSING)
    return g
  }

  /** The group of a request that names it by logGroupName or logGroupIdentifier (a name or an ARN), not both. */
  private groupOf(p: Params): GroupRec {
    if (p.logGroupName !== undefined && p.logGroupIdentifier !== undefined)
      throw err('InvalidParameterException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.')
    const ref = p.logGroupName ?? p.logGroupIdentifier
    if (ref === undefined) throw err('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.')
    const m = /^arn:aws[\w-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(String(ref))
    return this.groupNamed(m ? m[1]! : String(ref))
  }

  private streamOf(g: GroupRec, name: string): StreamRec {
    const s = g.streams.get(name)
    if (!s) throw err('ResourceNotFoundException', STREAM_MISSING)
    return s
  }

  private groupArn(g: GroupRec): string {
    return `arn:aws:logs:${g.region}:${ACCOUNT_ID}:log-group:${g.name}`
  }

  // ---------------------------------------------------------------- groups and streams

  CreateLogGroup(p: Params, ctx: LogsCtx) {
    const name = String(p.logGroupName)
    if (this.groups.has(name)) throw err('ResourceAlreadyExistsException', 'The specified log group already exists')
    this.groups.set(name, {
      name,
      region: ctx.region,
      creationTime: Math.floor(ctx.now),
      storedBytes: 0,
      logGroupClass: p.logGroupClass ?? 'STANDARD',
      kmsKeyId: p.kmsKeyId,
      streams: new Map()
    })
    return {}
  }

  DescribeLogGroups(p: Params, _ctx: LogsCtx) {
    if (p.logGroupNamePrefix !== undefined && p.logGroupNamePattern !== undefined)
      throw err('InvalidParameterException', 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.')
    let groups = [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    if (p.logGroupNamePrefix !== undefined) groups = groups.filter((g) => g.name.startsWith(p.logGroupNamePrefix))
    if (p.logGroupNamePattern) groups = groups.filter((g) => g.name.includes(p.logGroupNamePattern))
    if (p.logGroupClass) groups = groups.filter((g) => g.logGroupClass === p.logGroupClass)
    if (Array.isArray(p.logGroupIdentifiers)) {
      const names = new Set((p.logGroupIdentifiers as string[]).map((r) => /:log-group:([^:]+)/.exec(r)?.[1] ?? r))
      groups = groups.filter((g) => names.has(g.name))
    }
    const start = offsetOf(p.nextToken)
    const limit = p.limit ?? 50
    const out: Record<string, unknown> = {
      logGroups: groups.slice(start, start + limit).map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        metricFilterCount: 0,
        arn: `${this.groupArn(g)}:*`,
        storedBytes: g.storedBytes,
        ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
        logGroupClass: g.logGroupClass,
        logGroupArn: this.groupArn(g)
      }))
    }
    if (start + limit < groups.length) out.nextToken = offsetToken(start + limit)
    return out
  }

  CreateLogStream(p: Params, ctx: LogsCtx) {
    const g = this.groupNamed(String(p.logGroupName))
    const name = String(p.logStreamName)
    if (g.streams.has(name)) throw err('ResourceAlreadyExistsException', 'The specified log stream already exists')
    g.streams.set(name, { name, creationTime: Math.floor(ctx.now), events: [] })
    return {}
  }

  DescribeLogStreams(p: Params, _ctx: LogsCtx) {
    const g = this.groupOf(p)
    const byTime = p.orderBy === 'LastEventTime'
    if (byTime && p.logStreamNamePrefix !== undefined) throw err('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.')
    let streams = [...g.streams.values()]
    if (p.logStreamNamePrefix !== undefined) streams = streams.filter((s) => s.name.startsWith(p.logStreamNamePrefix))
    const last = (s: StreamRec): number => s.events[s.events.length - 1]?.timestamp ?? 0
    streams.sort(byTime ? (a, b) => last(a) - last(b) : (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    if (p.descending) streams.reverse()
    const start = offsetOf(p.nextToken)
    const limit = p.limit ?? 50
    const out: Record<string, unknown> = {
      logStreams: streams.slice(start, start + limit).map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        ...(s.events.length
          ? {
              firstEventTimestamp: s.events[0]!.timestamp,
              lastEventTimestamp: last(s),
              lastIngestionTime: s.lastIngestionTime,
              uploadSequenceToken: pad56(s.events.length)
            }
          : {}),
        arn: `${this.groupArn(g)}:log-stream:${s.name}`,
        // deprecated for streams in 2019: always 0
        storedBytes: 0
      }))
    }
    if (start + limit < streams.length) out.nextToken = offsetToken(start + limit)
    return out
  }

  // ---------------------------------------------------------------- events

  PutLogEvents(p: Params, ctx: LogsCtx) {
    const g = this.groupNamed(String(p.logGroupName))
    const s = this.streamOf(g, String(p.logStreamName))
    const events = p.logEvents as { timestamp: number; message: string }[]
    for (let i = 1; i < events.length; i++)
      if (events[i]!.timestamp < events[i - 1]!.timestamp)
        throw err('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.')
    if (events.length && events[events.length - 1]!.timestamp - events[0]!.timestamp > 86_400_000)
      throw err('InvalidParameterException', 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.')
    const now = Math.floor(ctx.now)
    let tooOldEnd = 0
    let tooNewStart = events.length
    events.forEach((e, i) => {
      if (e.timestamp < now - TOO_OLD_MS) tooOldEnd = i + 1
      else if (e.timestamp > now + TOO_NEW_MS && i < tooNewStart) tooNewStart = i
    })
    for (let i = tooOldEnd; i < tooNewStart; i++) this.append(g, s, events[i]!.timestamp, events[i]!.message, now)
    const rejected = {
      ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
      ...(tooOldEnd > 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {})
    }
    return { nextSequenceToken: pad56(s.events.length), ...(Object.keys(rejected).length ? { rejectedLogEventsInfo: rejected } : {}) }
  }

  /**
   * One stream's events in [startTime, endTime), `limit` (default 10,000) at a time. Without a
   * token, from the head (startFromHead) or back from the end (the default): the last `limit`
   * events, oldest first. Tokens are positions in the stream (`f/<n>/s` reads on from n, `b/<n>/s`
   * back from n); at either end the token passed in comes back.
   */
  GetLogEvents(p: Params, _ctx: LogsCtx) {
    const g = this.groupOf(p)
    const s = this.streamOf(g, String(p.logStreamName))
    const limit: number = p.limit ?? 10_000
    const inRange = (e: EventRec): boolean => (p.startTime === undefined || e.timestamp >= p.startTime) && (p.endTime === undefined || e.timestamp < p.endTime)
    let forward = !!p.startFromHead
    let from = forward ? 0 : s.events.length
    if (p.nextToken !== undefined) {
      const m = /^([fb])\/(\d{56})\/s$/.exec(String(p.nextToken))
      if (!m) throw err('InvalidParameterException', 'The specified nextToken is invalid.')
      forward = m[1] === 'f'
      from = Math.min(Number(m[2]), s.events.length)
    }
    const picked: number[] = []
    if (forward) {
      for (let i = from; i < s.events.length && picked.length < limit; i++) if (inRange(s.events[i]!)) picked.push(i)
    } else {
      for (let i = from - 1; i >= 0 && picked.length < limit; i--) if (inRange(s.events[i]!)) picked.push(i)
      picked.reverse()
    }
    const first = picked[0]
    const last = picked[picked.length - 1]
    return {
      events: picked.map((i) => {
        const e = s.events[i]!
        return { timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime }
      }),
      nextForwardToken: `f/${pad56(last === undefined ? from : last + 1)}/s`,
      nextBackwardToken: `b/${pad56(first === undefined ? from : first)}/s`
    }
  }

  /**
   * Events of a group's streams (all, `logStreamNames`, or `logStreamNamePrefix`) in [startTime,
   * endTime) whose message contains `filterPattern` (a plain substring: the emulator does not parse
   * Logs' filter syntax), in timestamp order, `limit` (default 10,000) per page.
   */
  FilterLogEvents(p: Params, _ctx: LogsCtx) {
    const g = this.groupOf(p)
    if (p.logStreamNames !== undefined && p.logStreamNamePrefix !== undefined)
      throw err('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.')
    let streams = [...g.streams.values()]
    if (p.logStreamNames !== undefined) {
      const names = new Set(p.logStreamNames as string[])
      streams = streams.filter((s) => names.has(s.name))
    }
    if (p.logStreamNamePrefix !== undefined) streams = streams.filter((s) => s.name.startsWith(p.logStreamNamePrefix))
    const pattern = String(p.filterPattern ?? '')
      .trim()
      .replace(/^"(.*)"$/, '$1')
    const found: { logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string }[] = []
    for (const s of streams)
      for (const e of s.events) {
        if (p.startTime !== undefined && e.timestamp < p.startTime) continue
        if (p.endTime !== undefined && e.timestamp >= p.endTime) continue
        if (pattern && !e.message.includes(pattern)) continue
        found.push({ logStreamName: s.name, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })
      }
    found.sort((a, b) => a.timestamp - b.timestamp)
    const start = offsetOf(p.nextToken)
    const limit: number = p.limit ?? 10_000
    const out: Record<string, unknown> = { events: found.slice(start, start + limit), searchedLogStreams: [] }
    if (start + limit < found.length) out.nextToken = offsetToken(start + limit)
    return out
  }

  dump() {
    return [...this.groups.values()].map((g) => ({
      logGroupName: g.name,
      streams: [...g.streams.values()].map((s) => ({ logStreamName: s.name, events: s.events.length }))
    }))
  }
}
