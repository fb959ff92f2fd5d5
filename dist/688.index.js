export const id = 688;
export const ids = [688,411,0];
export const modules = {

/***/ 3817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ alarmStates),
/* harmony export */   t: () => (/* binding */ metricData)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4085);
/* harmony import */ var _abortable_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3315);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(201);
/** The CloudWatch calls: the state of the alarms a release watches, and the metrics its analysis compares. */



(0,_clients_js__WEBPACK_IMPORTED_MODULE_0__.provideClient)('cloudwatch', (config) => new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__/* .CloudWatchClient */ .WBn(config));
/** Each alarm's state (OK, ALARM, INSUFFICIENT_DATA) and the reason AWS gives; alarms that do not exist are absent. */
async function alarmStates(cw, names) {
    if (!names.length)
        return { alarms: {}, reasons: {} };
    const out = await cw.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__/* .DescribeAlarmsCommand */ .zWD({ AlarmNames: names, MaxRecords: 100 }));
    const alarms = {};
    const reasons = {};
    for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
        alarms[a.AlarmName] = a.StateValue ?? 'INSUFFICIENT_DATA';
        if (a.StateReason)
            reasons[a.AlarmName] = a.StateReason;
    }
    return { alarms, reasons };
}
/** Every query's datapoints between start and end (AWS times), oldest first, all pages. */
async function metricData(cw, queries, start, end, signal) {
    const out = new Map();
    let NextToken;
    do {
        const r = await cw.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__/* .GetMetricDataCommand */ .Soe({ MetricDataQueries: queries, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', NextToken }), (0,_abortable_js__WEBPACK_IMPORTED_MODULE_2__/* .abortable */ .Z)(signal));
        for (const m of r.MetricDataResults ?? []) {
            const list = out.get(m.Id) ?? [];
            (m.Timestamps ?? []).forEach((t, i) => list.push({ at: t.getTime(), value: m.Values[i] }));
            out.set(m.Id, list);
        }
        const refused = (r.Messages ?? []).find((x) => x.Code && x.Code !== 'Complete');
        if (refused)
            throw new Error(`GetMetricData: ${refused.Code}: ${refused.Value ?? ''}`);
        NextToken = r.NextToken;
    } while (NextToken);
    for (const list of out.values())
        list.sort((a, b) => a.at - b.at);
    return out;
}


/***/ }),

/***/ 1000:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B6: () => (/* binding */ modifyRule),
/* harmony export */   JL: () => (/* binding */ modifyListener),
/* harmony export */   describeRule: () => (/* binding */ describeRule),
/* harmony export */   gx: () => (/* binding */ describeListener),
/* harmony export */   kG: () => (/* binding */ targetHealth),
/* harmony export */   t4: () => (/* binding */ describeTargetGroups)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(586);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(201);
/** The ELBv2 calls: the alb-weighted way's forward action weights, and the targets' health (a failed release's forensics too). */


(0,_clients_js__WEBPACK_IMPORTED_MODULE_0__.provideClient)('elbv2', (config) => new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ElasticLoadBalancingV2Client */ .MlD(config));
/** One rule, or undefined when AWS has none by that ARN. */
async function describeRule(elb, ruleArn) {
    try {
        return (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRulesCommand */ .Ggo({ RuleArns: [ruleArn] }))).Rules?.[0];
    }
    catch (err) {
        if (err.name === 'RuleNotFoundException' || err.name === 'RuleNotFound')
            return undefined;
        throw err;
    }
}
/** One listener, or undefined when AWS has none by that ARN. */
async function describeListener(elb, listenerArn) {
    try {
        return (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeListenersCommand */ .AKE({ ListenerArns: [listenerArn] }))).Listeners?.[0];
    }
    catch (err) {
        if (err.name === 'ListenerNotFoundException' || err.name === 'ListenerNotFound')
            return undefined;
        throw err;
    }
}
async function modifyRule(elb, ruleArn, actions) {
    await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ModifyRuleCommand */ .y5P({ RuleArn: ruleArn, Actions: actions }));
}
async function modifyListener(elb, listenerArn, defaultActions) {
    await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ModifyListenerCommand */ .ugc({ ListenerArn: listenerArn, DefaultActions: defaultActions }));
}
async function targetHealth(elb, targetGroupArn) {
    return (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
}
/** The target groups by ARN or name, with their health check settings. */
async function describeTargetGroups(elb, arnsOrNames) {
    const arns = arnsOrNames.filter((a) => a.startsWith('arn:'));
    const names = arnsOrNames.filter((a) => !a.startsWith('arn:'));
    const out = [];
    if (arns.length)
        out.push(...((await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7({ TargetGroupArns: arns }))).TargetGroups ?? []));
    if (names.length)
        out.push(...((await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7({ Names: names }))).TargetGroups ?? []));
    return out;
}


/***/ }),

/***/ 1688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startAnalysis: () => (/* binding */ startAnalysis)
});

// EXTERNAL MODULE: ./src/aws/cloudwatch.ts
var cloudwatch = __webpack_require__(3817);
// EXTERNAL MODULE: ./src/aws/elbv2.ts
var elbv2 = __webpack_require__(1000);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/kit/analysis/judge.ts
/** Whether green's figure keeps the rule against blue's: undefined when it cannot be said. */
function keeps(rule, green, blue) {
    if (rule.max !== undefined && green > rule.max)
        return false;
    if (rule.maxIncrease !== undefined && green - blue > rule.maxIncrease + 1e-9)
        return false;
    if (rule.maxRatio !== undefined) {
        if (blue > 0) {
            if (green > blue * rule.maxRatio * (1 + 1e-9))
                return false;
        }
        else if (green > 0)
            return undefined;
    }
    return true;
}
function judgeInterval(spec, i) {
    const short = [
        i.green.requests < spec.minRequests ? `green served ${i.green.requests}` : '',
        i.blue.requests < spec.minRequests ? `blue served ${i.blue.requests}` : ''
    ]
        .filter(Boolean)
        .join(', ');
    if (short) {
        return {
            inconclusive: `${short} request${/ 1$/.test(short) ? '' : 's'}${i.baseline ? ' before the shift' : ''} (min-requests ${spec.minRequests})`,
            metrics: spec.metrics.map((metric) => ({ metric, verdict: 'inconclusive' }))
        };
    }
    return {
        metrics: spec.metrics.map((metric, k) => {
            const green = i.green.values[k];
            const blue = i.blue.values[k];
            const held = green === undefined || blue === undefined ? undefined : keeps(metric.rule, green, blue);
            return { metric, green, blue, verdict: held === undefined ? 'inconclusive' : held ? 'ok' : 'fail' };
        })
    };
}
/** Each metric's conclusive verdicts, newest last, as far back as failure-limit looks. */
class Tally {
    limit;
    seen = new Map();
    constructor(limit) {
        this.limit = limit;
    }
    add(name, v) {
        if (v === 'inconclusive')
            return;
        const list = this.seen.get(name) ?? [];
        list.push(v);
        if (list.length > this.limit.of)
            list.shift();
        this.seen.set(name, list);
    }
    /** "2/3": passed, of the conclusive intervals counted (at most failure-limit's M). */
    window(name) {
        const list = this.seen.get(name) ?? [];
        return `${list.filter((v) => v === 'ok').length}/${list.length}`;
    }
    failures(name) {
        return (this.seen.get(name) ?? []).filter((v) => v === 'fail').length;
    }
    failed(name) {
        return this.failures(name) >= this.limit.failures;
    }
}
/** A metric's figure in its unit: 0.4%, 212 ms, 1.5. */
function figure(m, v) {
    if (v === undefined)
        return 'no data';
    if (m.unit === '%')
        return `${round(v, 1)}%`;
    if (m.unit === 's')
        return v < 10 ? `${Math.round(v * 1000)} ms` : `${round(v, 1)} s`;
    const n = Math.abs(v) >= 100 ? String(Math.round(v)) : String(round(v, 2));
    return m.unit ? `${n} ${m.unit}` : n;
}
const round = (v, digits) => {
    const f = 10 ** digits;
    return String(Math.round(v * f) / f);
};
/** The rule in the log's words: "limit +1.0 pt", "limit ×1.25", "limit 500 ms". */
function ruleText(m) {
    const parts = [];
    if (m.rule.maxIncrease !== undefined) {
        const step = m.unit === '%' ? `${m.rule.maxIncrease.toFixed(1)} pt` : figure(m, m.rule.maxIncrease);
        parts.push(`+${step}`);
    }
    if (m.rule.maxRatio !== undefined)
        parts.push(`×${m.rule.maxRatio}`);
    if (m.rule.max !== undefined)
        parts.push(`max ${figure(m, m.rule.max)}`);
    return `limit ${parts.join(', ')}`;
}
/** One log line per metric: "5xx  green 0.4% vs blue 0.3% (limit +1.0 pt)  ok  2/3". */
function metricLine(v, baseline, tally) {
    const m = v.metric;
    const blue = `blue ${figure(m, v.blue)}${baseline ? ' before the shift' : ''}`;
    const verdict = v.verdict === 'fail' ? 'FAIL' : v.verdict;
    return `${m.name}  green ${figure(m, v.green)} vs ${blue} (${ruleText(m)})  ${verdict}  ${tally.window(m.name)}`;
}
/** The summary's rows of one interval. */
function rowsOf(at, v, baseline) {
    return v.metrics.map((x) => ({
        at,
        metric: x.metric.name,
        green: v.inconclusive ? '' : figure(x.metric, x.green),
        blue: v.inconclusive ? '' : `${figure(x.metric, x.blue)}${baseline ? ' (before)' : ''}`,
        rule: ruleText(x.metric),
        verdict: x.verdict
    }));
}
/** The failure of a metric that reached failure-limit, from its last verdict. */
function failureOf(spec, v, baseline, tally, at) {
    const m = v.metric;
    const against = baseline ? 'blue before the shift' : 'blue';
    return {
        metric: m.name,
        at,
        cause: `Canary analysis: ${m.name} was ${figure(m, v.green)} on green against ${figure(m, v.blue)} on ${against} (${ruleText(m)}), failing ${tally.failures(m.name)} of the last ${spec.failureLimit.of} intervals`
    };
}

// EXTERNAL MODULE: ./src/kit/analysis/spec.ts
var spec = __webpack_require__(2792);
;// CONCATENATED MODULE: ./src/kit/analysis/run.ts






/** How many intervals before the shift make blue's figures once all traffic is on green. */
const BASELINE_INTERVALS = 3;
function startAnalysis(host, spec) {
    return new AnalysisRun(host, spec);
}
/** A metric's figure on a side: a rate is its count (none published: 0) per 100 of the side's requests. */
const run_valueOf = (m, value, requests) => m.rate ? (requests > 0 ? (100 * (value ?? 0)) / requests : undefined) : value;
const sameMetric = (a, b) => a.namespace === b.namespace && a.metric === b.metric && a.stat === b.stat && JSON.stringify(a.dimensions) === JSON.stringify(b.dimensions);
class AnalysisRun {
    host;
    spec;
    tally;
    rows = [];
    failure;
    setup;
    /** The newest answer's Date (AWS epoch ms) and when it came (local); the first, for the pace. */
    latest;
    first;
    /** AWS epoch ms: the start of the next interval to read; set when green first takes traffic. */
    next;
    shiftStart;
    sides;
    baseline;
    warned = new Set();
    constructor(host, spec) {
        this.host = host;
        this.spec = spec;
        this.tally = new Tally(spec.failureLimit);
        host.clients.dates?.listen((date, _sent, local) => {
            this.latest = { date, local };
            this.first ??= this.latest;
        });
    }
    report() {
        return { dryRun: this.spec.dryRun, setup: this.setup, rows: this.rows, failure: this.failure };
    }
    judge(w) {
        return {
            afterLook: async (s, signal) => {
                if (this.failure && !this.spec.dryRun)
                    return undefined;
                const split = w.split(s);
                if (!split || split.green <= 0)
                    return undefined;
                const now = this.awsNow();
                const I = this.spec.intervalMs;
                if (this.next === undefined) {
                    this.shiftStart = now;
                    this.next = Math.floor(now / I) * I;
                }
                const ready = Math.floor((now - this.spec.delayMs) / I) * I;
                if (ready <= this.next)
                    return undefined;
                try {
                    this.sides ??= await this.resolve(await w.sides(s));
                    const intervals = await this.read(this.next, ready, signal);
                    this.next = ready;
                    return this.judgeAll(intervals);
                }
                catch (err) {
                    if (signal?.aborted)
                        return undefined;
                    const text = (0,errors/* describeError */.Uc)(err);
                    if (!this.warned.has(text))
                        this.host.warn(`Canary analysis could not read the metrics (${text}); the release goes on unjudged until it can.`);
                    this.warned.add(text);
                    return undefined;
                }
            },
            dueInMs: (now) => {
                if (this.next === undefined || !this.latest || (this.failure && !this.spec.dryRun))
                    return undefined;
                const due = this.next + this.spec.intervalMs + this.spec.delayMs;
                return Math.max(0, this.latest.local + (due - this.latest.date) / this.pace() - now);
            }
        };
    }
    /** AWS's time now, from the newest answer's Date; our own clock when no answer carried one. */
    awsNow() {
        if (!this.latest)
            return Date.now();
        return this.latest.date + (Date.now() - this.latest.local) * this.pace();
    }
    /** AWS ms per local ms: 1 on AWS, faster on a time-scaled emulator. */
    pace() {
        const a = this.first;
        const b = this.latest;
        if (!a || !b || b.local - a.local < 2000 || b.date <= a.date)
            return 1;
        return (b.date - a.date) / (b.local - a.local);
    }
    async resolve(sides) {
        const groups = await (0,elbv2/* describeTargetGroups */.t4)(this.host.clients.elbv2, [sides.green, sides.blue]);
        const side = (ref) => {
            const g = groups.find((x) => x.TargetGroupArn === ref || x.TargetGroupName === ref);
            const lb = g?.LoadBalancerArns?.[0];
            if (!g?.TargetGroupArn || !lb)
                throw new Error(`target group ${ref} ${g ? 'has no load balancer' : 'was not found'}`);
            return { name: g.TargetGroupName ?? ref, targetGroup: g.TargetGroupArn.split(':').pop(), loadBalancer: lb.split(':loadbalancer/').pop() };
        };
        const out = { green: side(sides.green), blue: side(sides.blue) };
        const { failures, of } = this.spec.failureLimit;
        this.setup = `green ${out.green.name} vs blue ${out.blue.name}, every ${(0,format/* duration */.p0)(this.spec.intervalMs)}`;
        this.say(`analysis  ${this.setup}, read ${(0,format/* duration */.p0)(this.spec.delayMs)} after each; ${this.spec.metrics.map((m) => m.name).join(', ')}; a metric failing ${failures} of its last ${of} intervals ${this.spec.dryRun ? 'is reported (dry run)' : 'rolls back'}; min-requests ${this.spec.minRequests}`);
        return out;
    }
    /** Both sides' figures for each interval in [from, to). */
    async read(from, to, signal) {
        const I = this.spec.intervalMs;
        const data = await (0,cloudwatch/* metricData */.t)(this.host.clients.cloudwatch, this.queries(I), new Date(from), new Date(to), signal);
        const at = (id, t) => data.get(id)?.find((p) => p.at === t)?.value;
        const figures = (side, t) => {
            const requests = at(`r${side[0]}`, t) ?? 0;
            return { requests, values: this.spec.metrics.map((m, k) => run_valueOf(m, at(`m${k}${side[0]}`, t), requests)) };
        };
        const out = [];
        for (let t = from; t < to; t += I) {
            const i = { start: t, end: t + I, green: figures('green', t), blue: figures('blue', t) };
            // All traffic on green: blue's figures from before the shift stand in.
            if (i.blue.requests < this.spec.minRequests && i.green.requests >= this.spec.minRequests) {
                i.blue = await this.blueBefore(signal);
                i.baseline = true;
            }
            out.push(i);
        }
        return out;
    }
    /** Blue's figures over the intervals before green took traffic: read once. */
    async blueBefore(signal) {
        if (this.baseline)
            return this.baseline;
        const I = this.spec.intervalMs;
        const end = Math.floor(this.shiftStart / I) * I;
        const start = end - BASELINE_INTERVALS * I;
        const data = await (0,cloudwatch/* metricData */.t)(this.host.clients.cloudwatch, this.queries(BASELINE_INTERVALS * I, ['blue']), new Date(start), new Date(end), signal);
        const one = (id) => data.get(id)?.find((p) => p.at === start)?.value;
        const requests = one('rb') ?? 0;
        this.baseline = { requests, values: this.spec.metrics.map((m, k) => run_valueOf(m, one(`m${k}b`), requests)) };
        return this.baseline;
    }
    /** Each metric of each side (m<k><g|b>), and each side's requests (r<g|b>), at `periodMs`. */
    queries(periodMs, sides = ['green', 'blue']) {
        const Period = periodMs / 1000;
        const q = [];
        for (const side of sides) {
            const s = side[0];
            const stat = (Id, m, ReturnData = true) => ({
                Id,
                MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metric, Dimensions: this.dimensions(m, side) }, Period, Stat: m.stat },
                ReturnData
            });
            q.push(stat(`r${s}`, spec/* REQUESTS */.H0));
            this.spec.metrics.forEach((m, k) => {
                const id = `m${k}${s}`;
                if (m.stat) {
                    q.push(stat(id, m.stat));
                    return;
                }
                // A metric the expression uses that is the side's request count is read once, as r<side>.
                const ids = {};
                for (const [name, u] of Object.entries(m.using)) {
                    ids[name] = sameMetric(u, spec/* REQUESTS */.H0) ? `r${s}` : `${id}_${name}`;
                    if (ids[name] !== `r${s}`)
                        q.push(stat(ids[name], u, false));
                }
                q.push({ Id: id, Expression: m.expression.replace(/\b[a-z][a-zA-Z0-9_]*\b/g, (word) => ids[word] ?? word), Period, Label: `${m.name} ${side}` });
            });
        }
        return q;
    }
    dimensions(m, side) {
        const s = this.sides[side];
        return Object.entries(m.dimensions).map(([Name, v]) => ({
            Name,
            Value: v.split('${target-group}').join(s.targetGroup).split('${load-balancer}').join(s.loadBalancer).split('${side}').join(side)
        }));
    }
    judgeAll(intervals) {
        let failed;
        for (const i of intervals) {
            const v = judgeInterval(this.spec, i);
            const at = (0,format/* clock */.pm)(this.host.log.now(this.awsNow()));
            this.rows.push(...rowsOf(at, v, i.baseline));
            if (v.inconclusive) {
                this.say(`analysis  inconclusive: ${v.inconclusive}`);
                continue;
            }
            for (const m of v.metrics) {
                this.tally.add(m.metric.name, m.verdict);
                this.say(`analysis  ${metricLine(m, i.baseline, this.tally)}`);
            }
            for (const m of v.metrics) {
                if (failed || m.verdict !== 'fail' || !this.tally.failed(m.metric.name))
                    continue;
                failed = failureOf(this.spec, m, i.baseline, this.tally, this.awsNow());
            }
            if (failed)
                break;
        }
        if (!failed || this.failure)
            return undefined;
        this.failure = failed;
        if (this.spec.dryRun) {
            this.say(`analysis  would roll back now (analysis-dry-run: true, nothing is done): ${failed.cause}`);
            return undefined;
        }
        this.say(`analysis  ${failed.metric} failed: rolling back`);
        return failed;
    }
    say(text) {
        this.host.log.line(`  ${(0,format/* clock */.pm)(this.host.log.now(this.awsNow()))}  ${text}`);
    }
}


/***/ }),

/***/ 2792:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H0: () => (/* binding */ REQUESTS),
/* harmony export */   parseAnalysis: () => (/* binding */ parseAnalysis)
/* harmony export */ });
/* unused harmony exports ELB_NAMESPACE, DEFAULT_METRICS, DEFAULTS */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * The 'analysis' input: which metrics compare the new side with the old one, by which rule, how
 * often, and when the new side has failed. Parsed and checked before any AWS call; `default`
 * needs nothing but the target groups the service already has.
 */

const ELB_NAMESPACE = 'AWS/ApplicationELB';
const ELB_DIMENSIONS = { TargetGroup: '${target-group}', LoadBalancer: '${load-balancer}' };
/** What differs between the sides: a dimension value must hold one (the load balancer is the same for both). */
const SIDED = ['${target-group}', '${side}'];
const elb = (metric, stat) => ({ namespace: ELB_NAMESPACE, metric, stat, dimensions: { ...ELB_DIMENSIONS } });
/** `analysis: default`: the 5xx rate and p95 latency of each side's target group. */
const DEFAULT_METRICS = [
    { name: '5xx', stat: elb('HTTPCode_Target_5XX_Count', 'Sum'), rate: true, unit: '%', rule: { maxIncrease: 1 } },
    { name: 'p95', stat: elb('TargetResponseTime', 'p95'), unit: 's', rule: { maxRatio: 1.25 } }
];
const DEFAULTS = { intervalMs: 60_000, delayMs: 60_000, failureLimit: { failures: 2, of: 3 }, minRequests: 50 };
/** Each side's request count, for min-requests: always read beside the metrics. */
const REQUESTS = elb('RequestCount', 'Sum');
const KEYS = new Set(['interval', 'delay', 'failure-limit', 'min-requests', 'metrics']);
const METRIC_KEYS = new Set(['name', 'namespace', 'metric', 'stat', 'dimensions', 'rate', 'expression', 'using', 'unit', 'max-increase', 'max-ratio', 'max']);
const STAT_KEYS = new Set(['namespace', 'metric', 'stat', 'dimensions']);
const STAT_RE = /^(SampleCount|Average|Sum|Minimum|Maximum|(p|tm|wm|tc|ts|pr)\d{1,2}(\.\d{1,2})?|(TM|WM|TC|TS|PR)\(.+\))$/;
const ID_RE = /^[a-z][a-zA-Z0-9_]*$/;
const fail = (problem, fix) => (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('analysis', problem, fix);
const isMap = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * `default`, or a YAML block (`parse` is YAML's parser, loaded only for one). A block without
 * `metrics` uses the default metrics with its own settings.
 */
function parseAnalysis(text, dryRun, parse) {
    const value = text.trim();
    if (value === 'default')
        return { ...DEFAULTS, metrics: DEFAULT_METRICS, dryRun };
    if (!parse)
        throw new Error('parseAnalysis: a YAML block needs the YAML parser');
    let doc;
    try {
        doc = parse(value);
    }
    catch (err) {
        throw fail(`is not valid YAML (${err.message.split('\n')[0]})`, "Give 'default', or a YAML block with interval, failure-limit, min-requests and metrics");
    }
    if (!isMap(doc))
        throw fail(`must be 'default' or a YAML mapping, got '${value.slice(0, 40)}'`, "Give 'default', or a YAML block such as:\n  interval: 1m\n  metrics: [...]");
    for (const k of Object.keys(doc)) {
        if (!KEYS.has(k))
            throw fail(`has an unknown setting '${k}'`, `Use ${[...KEYS].join(', ')}`);
    }
    const intervalMs = doc.interval === undefined ? DEFAULTS.intervalMs : duration('interval', doc.interval);
    if (intervalMs < 60_000 || intervalMs % 60_000) {
        throw fail(`interval '${String(doc.interval)}' is not a whole number of minutes`, 'ALB publishes its metrics per minute: give 1m, 2m, ...');
    }
    const delayMs = doc.delay === undefined ? DEFAULTS.delayMs : duration('delay', doc.delay);
    const minRequests = doc['min-requests'] === undefined ? DEFAULTS.minRequests : count('min-requests', doc['min-requests']);
    const metrics = doc.metrics === undefined ? DEFAULT_METRICS : metricList(doc.metrics);
    return { intervalMs, delayMs, failureLimit: failureLimit(doc['failure-limit']), minRequests, metrics, dryRun };
}
/** "1m", "90s", "2 min", or a number of minutes. */
function duration(key, v) {
    if (typeof v === 'number' && v >= 0)
        return Math.round(v * 60_000);
    const m = /^(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?)$/.exec(String(v).trim());
    if (!m)
        throw fail(`${key} '${String(v)}' is not a duration`, `Give seconds or minutes, e.g. ${key}: 1m or ${key}: 30s`);
    return Math.round(Number(m[1]) * (m[2].startsWith('s') ? 1000 : 60_000));
}
function count(key, v) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        throw fail(`${key} '${String(v)}' is not a whole number`, `Give e.g. ${key}: 50`);
    return v;
}
function failureLimit(v) {
    if (v === undefined)
        return DEFAULTS.failureLimit;
    const m = typeof v === 'number' ? [String(v), String(v), String(v)] : /^(\d+)(?:\s+of\s+(\d+))?$/.exec(String(v).trim());
    const failures = Number(m?.[1]);
    const of = Number(m?.[2] ?? m?.[1]);
    if (!m || !(failures >= 1) || !(of >= failures) || of > 20) {
        throw fail(`failure-limit '${String(v)}' is not 'N of M'`, 'Give e.g. failure-limit: 2 of 3 (a metric fails the release when it failed 2 of its last 3 intervals), at most 20 intervals');
    }
    return { failures, of };
}
function metricList(v) {
    if (!Array.isArray(v) || !v.length)
        throw fail('metrics must be a list of one or more metrics', 'Leave metrics out for the default ones, or list each with its name, metric or expression, and rule');
    const out = v.map((m, i) => metric(m, i));
    const names = new Set();
    for (const m of out) {
        if (names.has(m.name))
            throw fail(`two metrics are named '${m.name}'`, 'Give each metric its own name');
        names.add(m.name);
    }
    if (out.length > 20)
        throw fail(`lists ${out.length} metrics`, 'Compare at most 20 metrics');
    return out;
}
function metric(v, i) {
    if (!isMap(v))
        throw fail(`metrics[${i}] is not a mapping`, 'Give each metric as name, metric (or expression and using), stat and a rule');
    const name = typeof v.name === 'string' && v.name.trim() ? v.name.trim() : undefined;
    const where = `metric '${name ?? `#${i + 1}`}'`;
    if (!name)
        throw fail(`metrics[${i}] has no name`, 'Give it a short name, e.g. name: 5xx: it names the metric in the log');
    for (const k of Object.keys(v))
        if (!METRIC_KEYS.has(k))
            throw fail(`${where} has an unknown key '${k}'`, `Use ${[...METRIC_KEYS].join(', ')}`);
    const rule = {
        maxIncrease: number(where, 'max-increase', v['max-increase']),
        maxRatio: number(where, 'max-ratio', v['max-ratio']),
        max: number(where, 'max', v.max)
    };
    if (rule.maxIncrease === undefined && rule.maxRatio === undefined && rule.max === undefined) {
        throw fail(`${where} has no rule`, 'Give max-increase (green minus blue), max-ratio (green over blue) or max (green alone)');
    }
    if (rule.maxRatio !== undefined && rule.maxRatio <= 0)
        throw fail(`${where}: max-ratio must be above 0`, 'Give e.g. max-ratio: 1.25');
    if (v.rate !== undefined && typeof v.rate !== 'boolean')
        throw fail(`${where}: rate '${String(v.rate)}' is not true or false`, 'Give rate: true for a count per 100 requests');
    const rate = v.rate === true;
    const unit = v.unit === undefined ? (rate ? '%' : '') : String(v.unit);
    if (v.expression !== undefined) {
        if (v.metric !== undefined)
            throw fail(`${where} has both metric and expression`, 'Give one: metric for one CloudWatch metric, expression with using for metric math');
        if (rate)
            throw fail(`${where} has both rate and expression`, 'Divide by the requests in the expression, or give a metric with rate: true');
        if (!isMap(v.using) || !Object.keys(v.using).length) {
            throw fail(`${where} has an expression but no using`, 'Name each metric the expression reads under using, e.g. using: { errors: { metric: HTTPCode_Target_5XX_Count, stat: Sum } }');
        }
        const using = {};
        for (const [id, s] of Object.entries(v.using)) {
            if (!ID_RE.test(id))
                throw fail(`${where}: '${id}' under using is not a metric-math id`, 'Start it with a lower-case letter; use letters, digits and _');
            using[id] = metricStat(`${where}, using '${id}'`, s);
        }
        const expression = String(v.expression);
        for (const word of expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []) {
            if (!(word in using))
                throw fail(`${where}: the expression names '${word}', which is not under using`, `Add '${word}' under using, or use ${Object.keys(using).join(', ')}`);
        }
        return { name, expression, using, unit, rule };
    }
    if (v.using !== undefined)
        throw fail(`${where} has using but no expression`, 'Give the expression that uses them, e.g. expression: 100 * errors / requests');
    const { name: _name, unit: _unit, rate: _rate, 'max-increase': _a, 'max-ratio': _b, max: _c, ...stat } = v;
    const ms = metricStat(where, stat);
    if (rate && ms.stat !== 'Sum')
        throw fail(`${where}: rate needs stat Sum, not ${ms.stat}`, 'A rate is a count per 100 requests: give stat: Sum');
    return { name, stat: ms, ...(rate ? { rate } : {}), unit, rule };
}
function number(where, key, v) {
    if (v === undefined)
        return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
        throw fail(`${where}: ${key} '${String(v)}' is not a number`, `Give e.g. ${key}: 1.5`);
    return v;
}
function metricStat(where, v) {
    if (!isMap(v))
        throw fail(`${where} is not a mapping`, 'Give metric, stat and, outside AWS/ApplicationELB, namespace and dimensions');
    for (const k of Object.keys(v))
        if (!STAT_KEYS.has(k))
            throw fail(`${where} has an unknown key '${k}'`, `Use ${[...STAT_KEYS].join(', ')}`);
    const namespace = v.namespace === undefined ? ELB_NAMESPACE : String(v.namespace);
    if (typeof v.metric !== 'string' || !v.metric)
        throw fail(`${where} has no metric`, 'Give the CloudWatch metric name, e.g. metric: TargetResponseTime');
    const stat = v.stat === undefined ? undefined : String(v.stat);
    if (!stat || !STAT_RE.test(stat)) {
        throw fail(`${where}: stat '${stat ?? ''}' is not a CloudWatch statistic`, 'Give Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p95');
    }
    let dimensions;
    if (v.dimensions === undefined) {
        if (namespace !== ELB_NAMESPACE) {
            throw fail(`${where} in ${namespace} has no dimensions`, 'Give dimensions that tell the sides apart, with ${side} or ${target-group} in a value');
        }
        dimensions = { ...ELB_DIMENSIONS };
    }
    else {
        if (!isMap(v.dimensions))
            throw fail(`${where}: dimensions is not a mapping`, 'Give e.g. dimensions: { TargetGroup: ${target-group} }');
        dimensions = Object.fromEntries(Object.entries(v.dimensions).map(([k, x]) => [k, String(x)]));
        if (!Object.values(dimensions).some((x) => SIDED.some((p) => x.includes(p)))) {
            throw fail(`${where}: no dimension tells the sides apart`, 'Put ${target-group} or ${side} into a value, e.g. TargetGroup: ${target-group}');
        }
    }
    return { namespace, metric: v.metric, stat, dimensions };
}


/***/ })

};
