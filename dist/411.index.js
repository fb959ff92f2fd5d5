export const id = 411;
export const ids = [411];
export const modules = {

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
