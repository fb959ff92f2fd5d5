import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../src/core/inputs.js'
import { parseTaskDefinitionFile, renderTaskDefinition } from '../../src/kit/taskdef.js'
import { printDiagnosis } from '../../src/kit/diagnose.js'
import { clock, duration, revisionName } from '../../src/report/format.js'
import { ReleaseLog } from '../../src/report/log.js'
import { outputsOf } from '../../src/report/outputs.js'
import { writeSummary, type SummaryWriter } from '../../src/report/summary.js'
import type { ReleaseResult } from '../../src/core/result.js'
import { consoleUrl, describeCodeDeployEvent } from '../../src/ways/codedeploy/events.js'
import { at, CANARY_EVENTS, ERROR_MESSAGE, FAILURE_EVENTS, ROLLBACK_ID } from '../fixtures/canary.js'
import { fixture } from '../helpers.js'

describe('format', () => {
  it('duration: seconds, then minutes and seconds, then hours and minutes', () => {
    expect([0, 400, 39_000, 59_499, 59_500, 301_000, 3_599_000, 3_720_000, 90_000_000, -5000].map(duration)).toEqual([
      '0s',
      '0s',
      '39s',
      '59s',
      '1m00s',
      '5m01s',
      '59m59s',
      '1h02m',
      '25h00m',
      '0s'
    ])
  })

  it('clock: mm:ss from the start, minutes past the hour not wrapped', () => {
    expect([0, 1_400, 65_000, 599_600, 3_725_000, -1].map(clock)).toEqual(['00:00', '00:01', '01:05', '10:00', '62:05', '00:00'])
  })

  it('revisionName', () => {
    expect(revisionName('arn:aws:ecs:us-east-1:123456789012:task-definition/web:42')).toBe('web:42')
    expect(revisionName(undefined)).toBe('-')
  })
})

describe('ReleaseLog', () => {
  // The log places the events of any way; the CodeDeploy way's words are the example here.
  const describeEvent = (e: (typeof CANARY_EVENTS)[number]): string => describeCodeDeployEvent(e).text

  function logOf(events: typeof CANARY_EVENTS): { lines: string[]; log: ReleaseLog<(typeof CANARY_EVENTS)[number]> } {
    const lines: string[] = []
    const log = new ReleaseLog((l) => lines.push(l), describeCodeDeployEvent)
    log.start(at(0))
    for (const e of events) log.event(e)
    return { lines, log }
  }

  it('writes a canary as one line per change, timed from the deployment creation', () => {
    const { lines } = logOf(CANARY_EVENTS)
    expect(lines).toEqual([
      '  00:00  Created',
      '  00:02  InProgress',
      '  00:04  BeforeInstall           Succeeded   1s',
      '  00:05  tasks    green 0/2 running, 2 pending',
      '  00:35  tasks    green 1/2 running, 1 pending',
      '  00:58  Install                 Succeeded   54s     green 2/2 running',
      '  00:59  AfterInstall            Succeeded   1s',
      '  01:01  AllowTestTraffic        Succeeded   2s',
      '  01:15  AfterAllowTestTraffic   Succeeded   14s',
      '  01:16  BeforeAllowTraffic      Succeeded   1s',
      '  01:20  traffic  green  10% | blue  90%',
      '  06:17  traffic  green 100% | blue   0%',
      '  06:17  AllowTraffic            Succeeded   5m01s',
      '  06:18  AfterAllowTraffic       Succeeded   1s',
      '  06:18  waiting 5m before the blue task set is removed',
      '  11:20  Succeeded after 11m20s'
    ])
  })

  it('keeps the timeline for the summary: one row per event, with its offset and words', () => {
    const { log } = logOf(CANARY_EVENTS)
    expect(log.timeline).toHaveLength(CANARY_EVENTS.length)
    expect(log.timeline[5]).toEqual({ offsetMs: 58_000, text: describeEvent(CANARY_EVENTS[5]!), event: CANARY_EVENTS[5] })
    expect(log.timeline.at(-1)!.offsetMs).toBe(680_000)
  })

  it('names the Lambda hook on its lifecycle event line', () => {
    const lines: string[] = []
    const log = new ReleaseLog((l) => lines.push(l), describeCodeDeployEvent)
    log.start(at(0))
    log.event(CANARY_EVENTS[7]!)
    log.event({ ...CANARY_EVENTS[8]!, hook: 'web-smoke-test' } as (typeof CANARY_EVENTS)[number])
    expect(lines[0]).toMatch(/^ {2}01:01 {2}AllowTestTraffic +Succeeded +2s$/)
    expect(lines[1]).toMatch(/^ {2}01:15 {2}AfterAllowTestTraffic +Succeeded +14s +hook web-smoke-test$/)
    expect(log.timeline[1]!.text).toContain('hook web-smoke-test')
  })

  it('indents the error and rollback of a failure under the time column', () => {
    const { lines } = logOf(FAILURE_EVENTS)
    expect(lines.slice(-3)).toEqual([
      `         CodeDeploy ECS_UPDATE_ERROR: ${ERROR_MESSAGE}`,
      `         rollback deployment ${ROLLBACK_ID} started: Automatic rollback triggered`,
      '  05:01  Failed after 5m01s'
    ])
  })

  it('times events AWS gives no time for by the local clock since start', () => {
    const lines: string[] = []
    const log = new ReleaseLog((l) => lines.push(l))
    log.start(undefined, 1_000_000)
    expect(log.offset(undefined, 1_042_000)).toBe(42_000)
    expect(log.offset(new Date(1_003_000))).toBe(3_000)
    const fresh = new ReleaseLog(() => {})
    expect(fresh.offset(undefined, 5)).toBe(0)
  })

  it('ends with the status and the time since the start, whatever the way', () => {
    const lines: string[] = []
    const log = new ReleaseLog((l) => lines.push(l))
    log.start(undefined, 1_000_000)
    log.event({ kind: 'end', status: 'Succeeded', at: new Date(1_130_000) } as never)
    expect(lines).toEqual(['  02:10  Succeeded after 2m10s'])
    expect(log.timeline[0]!.text).toBe('Succeeded')
  })

  it('writes the diagnosis: stopped tasks with the failing container, then service events', () => {
    const lines: string[] = []
    const log = new ReleaseLog((l) => lines.push(l))
    log.start(at(0))
    printDiagnosis(log, {
      stoppedTasks: [
        {
          taskId: '0123456789abcdef0123456789abcdef',
          stoppedReason: 'Essential container in task exited',
          containers: [
            { name: 'envoy', exitCode: 0 },
            { name: 'app', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }
          ]
        },
        { taskId: 'fedcba9876543210', containers: [] }
      ],
      serviceEvents: [{ at: at(250), message: '(service web) has started 2 tasks: (task 0123...).' }, { message: 'no time' }]
    })
    expect(lines).toEqual([
      '         green tasks stopped: 2',
      '           app exited 137 (OutOfMemoryError: Container killed due to memory usage): Essential container in task exited (task 01234567)',
      '           stopped: no reason given (task fedcba98)',
      '         service event 04:10: (service web) has started 2 tasks: (task 0123...).',
      '         service event : no time'
    ])
  })
})

describe('outputsOf', () => {
  it('gives every output, empty when unknown, the deployment id under both names', () => {
    expect(outputsOf({ outcome: 'failed', cluster: 'prod', service: 'web' })).toEqual({
      'deployment-id': '',
      'codedeploy-deployment-id': '',
      outcome: 'failed',
      'task-definition-arn': '',
      'previous-task-definition-arn': '',
      'deployment-url': '',
      'rollback-deployment-id': ''
    })
    expect(outputsOf({ outcome: 'planned', cluster: 'prod', service: 'web', plan: '### plan' }).plan).toBe('### plan')
    const out = outputsOf({
      outcome: 'rolled-back',
      cluster: 'prod',
      service: 'web',
      deploymentId: 'd-ABC',
      deploymentUrl: consoleUrl('d-ABC', 'us-east-1'),
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:42',
      previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:41',
      rollbackDeploymentId: 'd-RB1'
    })
    expect(out).toMatchObject({ 'deployment-id': 'd-ABC', 'codedeploy-deployment-id': 'd-ABC', outcome: 'rolled-back', 'rollback-deployment-id': 'd-RB1' })
    expect(out['previous-task-definition-arn']).toMatch(/web:41$/)
  })
})

/** Records what would go into the job summary. */
class Recorder implements SummaryWriter {
  readonly calls: [string, ...unknown[]][] = []
  written = 0
  addHeading(text: string, level?: number): this {
    this.calls.push(['heading', text, level])
    return this
  }
  addTable(rows: Parameters<SummaryWriter['addTable']>[0]): this {
    this.calls.push(['table', rows])
    return this
  }
  addRaw(text: string): this {
    this.calls.push(['raw', text])
    return this
  }
  addLink(text: string, href: string): this {
    this.calls.push(['link', text, href])
    return this
  }
  async write(): Promise<string> {
    this.written++
    return 'written'
  }
  get text(): string {
    return JSON.stringify(this.calls)
  }
}

describe('writeSummary', () => {
  const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-AbCdEf'
  const SSM_ARN = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/web/api-key'
  const ENV_SECRET = 'sk_live_51HqZTrulyPrivateValue'

  /** A release as deploy would report it, from inputs that carry secrets. */
  function release(): { result: ReleaseResult; log: ReleaseLog<(typeof CANARY_EVENTS)[number]> } {
    const given: Record<string, string> = {
      cluster: 'prod',
      service: 'web',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0',
      secrets: `DB_PASSWORD=${SECRET_ARN}\nAPI_KEY=${SSM_ARN}`,
      'environment-variables': `STRIPE_SECRET_KEY=${ENV_SECRET}\nLOG_LEVEL=info`
    }
    const inputs = parseInputs((n) => given[n] ?? '')
    const td = renderTaskDefinition(parseTaskDefinitionFile(fixture('taskdef-web.describe.json')), { ...inputs, containerName: 'app' })
    const log = new ReleaseLog(() => {}, describeCodeDeployEvent)
    log.start(at(0))
    for (const e of CANARY_EVENTS) log.event(e)
    const result: ReleaseResult = {
      outcome: 'succeeded',
      cluster: inputs.cluster,
      service: inputs.service,
      image: td.containerDefinitions?.[0]?.image,
      deploymentId: 'd-CANARY0001',
      deploymentUrl: consoleUrl('d-CANARY0001', 'us-east-1'),
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:42',
      previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:41',
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      application: 'web',
      deploymentGroup: 'web-prod',
      durationMs: 680_000,
      traffic: { green: 100, blue: 0 }
    }
    return { result, log }
  }

  it('writes a heading, the release table and the timeline, then writes once', async () => {
    const { result, log } = release()
    const s = new Recorder()
    await expect(writeSummary(s, result, log.timeline)).resolves.toBe('written')
    expect(s.written).toBe(1)
    expect(s.calls[0]).toEqual(['heading', '✅ prod/web: succeeded', 2])
    const table = s.calls[1]![1] as unknown[][]
    expect(table.slice(1)).toEqual([
      ['Image', '<code>123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0</code>'],
      ['Task definition', 'web:41 → web:42'],
      ['CodeDeploy', 'web / web-prod'],
      ['Config', 'CodeDeployDefault.ECSCanary10Percent5Minutes'],
      ['Duration', '11m20s'],
      ['Deployment', `<a href="${consoleUrl('d-CANARY0001', 'us-east-1')}">d-CANARY0001</a>`],
      ['Traffic', 'green 100% · blue 0%']
    ])
    expect(s.calls[2]).toEqual(['heading', 'Timeline', 3])
    const timeline = s.calls[3]![1] as unknown[][]
    expect(timeline).toHaveLength(1 + CANARY_EVENTS.length)
    expect(timeline[6]).toEqual(['00:58', '<code>Install  Succeeded  54s  green 2/2 running</code>'])
  })

  it('shows no secret value, secret reference or credential anywhere', async () => {
    const { result, log } = release()
    const s = new Recorder()
    await writeSummary(s, result, log.timeline)
    for (const v of [SECRET_ARN, SSM_ARN, ENV_SECRET, 'DB_PASSWORD', 'STRIPE_SECRET_KEY']) expect(s.text).not.toContain(v)
    expect(s.text).not.toMatch(/arn:aws:(secretsmanager|ssm):|AKIA[0-9A-Z]{16}|sk_live_/)
  })

  it('marks a failure, shows the cause and rollback, and escapes HTML', async () => {
    const s = new Recorder()
    await writeSummary(
      s,
      {
        outcome: 'rolled-back',
        cluster: 'prod',
        service: 'web<b>',
        cause: 'Install failed: app exited 1 (<script>alert("x")</script> & more)',
        rollbackDeploymentId: 'd-RB1'
      },
      []
    )
    expect(s.calls[0]).toEqual(['heading', '❌ prod/web&lt;b&gt;: rolled-back', 2])
    const rows = s.calls[1]![1] as unknown[][]
    expect(rows.slice(1)).toEqual([
      ['Rollback deployment', 'd-RB1'],
      ['Cause', 'Install failed: app exited 1 (&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more)']
    ])
    expect(s.calls).toHaveLength(2) // no timeline heading without events
    expect(s.text).not.toContain('<script>')
  })

  it('the canary analysis: what was compared, its conclusion, and a row per metric and interval', async () => {
    const base: ReleaseResult = { outcome: 'succeeded', cluster: 'prod', service: 'web' }
    const rows = [{ at: '03:04', metric: '5xx', green: '0.4%', blue: '0.3%', rule: 'limit +1.0 pt', verdict: 'ok' as const }]
    const judged = new Recorder()
    await writeSummary(judged, { ...base, analysis: { dryRun: false, setup: 'green web-green vs blue web-blue, every 1m00s', rows } }, [])
    expect(judged.calls.slice(2)).toEqual([
      ['heading', 'Canary analysis', 3],
      ['raw', '<p>green web-green vs blue web-blue, every 1m00s. Passed every interval it judged.</p>'],
      [
        'table',
        [
          ['Time', 'Metric', 'Green', 'Blue', 'Rule', 'Verdict'].map((data) => ({ data, header: true })),
          ['03:04', '5xx', '0.4%', '0.3%', 'limit +1.0 pt', '✅ ok']
        ]
      ]
    ])
    // Asked for, and never judged: the summary says so, without a table.
    const never = new Recorder()
    await writeSummary(never, { ...base, analysis: { dryRun: false, rows: [] } }, [])
    expect(never.calls.slice(2)).toEqual([
      ['heading', 'Canary analysis', 3],
      ['raw', '<p>No interval ended while both sides took traffic: nothing was judged.</p>']
    ])
  })
})
