export const id = 804;
export const ids = [804,0];
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

/***/ 8480:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G0: () => (/* binding */ deadlineOf),
/* harmony export */   YO: () => (/* binding */ chosenService),
/* harmony export */   zu: () => (/* binding */ checkNotCancelled)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

const deadlineOf = (ctx) => ctx.startedAt + ctx.inputs.waitForMinutes * 60_000;
/** Refuses to change anything in AWS once the runner has cancelled the job. */
function checkNotCancelled(ctx) {
    if (ctx.signal.aborted)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('The job was cancelled before anything in AWS was changed; nothing was deployed.', 'cancelled');
}
/** The service read when the way was chosen: every way but alb-weighted has it. */
function chosenService(ctx) {
    const s = ctx.chosen.service;
    if (!s)
        throw new Error(`The ${ctx.chosen.way} way was chosen without reading service '${ctx.inputs.service}'.`);
    return s;
}


/***/ }),

/***/ 7300:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GR: () => (/* binding */ policyFromEnv),
/* harmony export */   Hv: () => (/* binding */ nextPoll),
/* harmony export */   I5: () => (/* binding */ AwsClock),
/* harmony export */   mD: () => (/* binding */ busyMaxMs),
/* harmony export */   rM: () => (/* binding */ nextDelay),
/* harmony export */   zj: () => (/* binding */ DEFAULT_POLICY)
/* harmony export */ });
/* unused harmony exports nearMs, closeMs */
const DEFAULT_POLICY = { minMs: 2000, maxMs: 30000, factor: 1.5 };
/** Longest gap while lifecycle events run (Install, hooks): they end at no time known beforehand. */
const busyMaxMs = (p) => Math.min(10000, p.maxMs);
/** Gap right around a predicted change. */
const nearMs = (p) => Math.min(1000, p.minMs);
/** Longest gap once the predicted end of the release is due: what a late end costs at most. */
const closeMs = (p) => Math.min(3000, busyMaxMs(p));
/**
 * Busy backoff: quick after a change, then slower up to `ceilingMs` (default busyMaxMs) while
 * nothing changes.
 */
function nextDelay(policy, previousMs, changed, ceilingMs = busyMaxMs(policy)) {
    if (changed || previousMs === undefined)
        return policy.minMs;
    return Math.min(ceilingMs, Math.round(previousMs * policy.factor));
}
/** Reads a policy override from the environment (tests and the bench use it; users need not). */
function policyFromEnv(env = process.env) {
    const num = (v, d) => (v && Number(v) > 0 ? Number(v) : d);
    return {
        minMs: num(env.ECS_BLUEGREEN_POLL_MIN_MS, DEFAULT_POLICY.minMs),
        maxMs: num(env.ECS_BLUEGREEN_POLL_MAX_MS, DEFAULT_POLICY.maxMs),
        factor: DEFAULT_POLICY.factor
    };
}
/** A clock running more than this many times ours is not one our observations can predict. */
const MAX_RATE = 100;
/** Predict only once the pace is known to within this factor. */
const MAX_SPREAD = 3;
/** AWS runs in real time: its clock is taken to run at our pace when what we saw allows it. */
const REAL_TIME = { lo: 0.5, hi: 2, within: 0.05 };
/**
 * Relates AWS timestamps to local time, from AWS's own clock deltas only: each new timestamp a
 * poll shows happened after the previous poll of the same kind was sent and before this one was
 * answered. From those windows come bounds on how fast AWS time runs against ours (1 on AWS; a
 * time-scaled emulator runs faster) and where a future AWS time falls on our clock. Skew between
 * the clocks does not matter: AWS times are only ever compared with each other.
 */
class AwsClock {
    anchors = [];
    seen = new Map();
    lastSent = new Map();
    /**
     * A read of `source` sent at `sentAt` and answered at `receivedAt` showed these AWS times.
     * `after`: a local time they are known to follow when this is the first read of `source` (e.g.
     * lifecycle times follow a GetDeployment that still showed the deployment Created).
     */
    observe(source, times, sentAt, receivedAt, after) {
        const seen = this.seen.get(source) ?? new Set();
        const lo = this.lastSent.get(source) ?? after ?? -Infinity;
        for (const d of times) {
            const t = d?.getTime();
            if (t === undefined || !Number.isFinite(t) || seen.has(t))
                continue;
            seen.add(t);
            this.anchors.push({ aws: t, lo, hi: receivedAt });
        }
        if (this.anchors.length > 64)
            this.anchors.splice(0, this.anchors.length - 64);
        this.seen.set(source, seen);
        this.lastSent.set(source, sentAt);
    }
    /**
     * An answer's Date header said `date` (AWS's clock, to the second) to a request sent at `sentAt`
     * and answered at `receivedAt`: AWS time `date` was reached by the answer, and `date` plus a
     * second not yet when the request went out. Every call gives this, so the pace is known within
     * a few calls, and a wait's end is placed without a read of what is waited for.
     */
    observeDate(date, sentAt, receivedAt) {
        this.bound(date, -Infinity, receivedAt);
        this.bound(date + 1000, sentAt, Infinity);
    }
    /** Keeps one anchor per AWS time, narrowed by each new window. */
    bound(aws, lo, hi) {
        const a = this.anchors.find((x) => x.aws === aws);
        if (a) {
            a.lo = Math.max(a.lo, lo);
            a.hi = Math.min(a.hi, hi);
            return;
        }
        this.anchors.push({ aws, lo, hi });
        if (this.anchors.length > 64)
            this.anchors.splice(0, this.anchors.length - 64);
    }
    /** Whether AWS time seems to run so much faster than ours that predicting is pointless. */
    tooFast() {
        return this.rate().lo > MAX_RATE;
    }
    /** When `source` was last read (sent), if ever. */
    lastRead(source) {
        return this.lastSent.get(source);
    }
    /** Bounds on AWS ms per local ms, from every pair of windows (plus an event not seen yet). */
    rate(extra) {
        const all = extra ? [...this.anchors, extra] : this.anchors;
        let lo = 0;
        let hi = Infinity;
        for (const a of all) {
            for (const b of all) {
                const dt = b.aws - a.aws;
                if (dt <= 0)
                    continue;
                if (Number.isFinite(a.lo) && b.hi - a.lo > 0)
                    lo = Math.max(lo, dt / (b.hi - a.lo));
                if (b.lo - a.hi > 0)
                    hi = Math.min(hi, dt / (b.lo - a.hi));
            }
        }
        return { lo, hi };
    }
    /**
     * Where AWS time `aws` falls on our clock. `notBefore`: a read sent then did not show it yet.
     * Undefined when what we saw is too coarse or contradictory to say.
     */
    predict(aws, notBefore) {
        const known = this.rate();
        const pending = notBefore !== undefined ? this.rate({ aws, lo: notBefore, hi: Infinity }) : known;
        const lo = Math.max(known.lo, pending.lo);
        const hi = Math.min(known.hi, pending.hi);
        if (!(lo > 0) || lo > hi * (1 + REAL_TIME.within))
            return undefined;
        let r;
        let early;
        if (lo <= 1 + REAL_TIME.within && hi >= 1 - REAL_TIME.within && lo >= REAL_TIME.lo && hi <= REAL_TIME.hi) {
            r = 1;
            early = this.reach(aws, 1, 'lo');
        }
        else {
            // Until the windows seen pin the pace down, there is nothing to predict from.
            if (hi / lo > MAX_SPREAD)
                return undefined;
            r = Math.sqrt(lo * hi);
            // Only what was seen bounds how early: not having seen it yet says nothing about how soon.
            early = Number.isFinite(known.hi) ? this.reach(aws, known.hi, 'lo') : -Infinity;
        }
        if (r > MAX_RATE)
            return undefined;
        const first = this.reach(aws, r, 'lo');
        const last = this.reach(aws, r, 'hi');
        if (!Number.isFinite(last))
            return undefined;
        const at = Number.isFinite(first) && first <= last ? (first + last) / 2 : last;
        return { at: Math.max(at, early), early: Math.max(early, notBefore ?? -Infinity) };
    }
    /** The tightest local bound on reaching `aws` at rate r, from the anchors before it. */
    reach(aws, r, side) {
        let out = side === 'lo' ? -Infinity : Infinity;
        for (const a of this.anchors) {
            if (a.aws > aws)
                continue;
            const at = (side === 'lo' ? a.lo : a.hi) + (aws - a.aws) / r;
            out = side === 'lo' ? Math.max(out, at) : Math.min(out, at);
        }
        return out;
    }
}
/**
 * The gap before the next look. Without an expected change (or a clock to place it on): the busy
 * backoff. With one: a status read every maxMs until it draws near (it would show a failure or a
 * stop), then looks close around it; the detail is read only when the change may be in it.
 */
function nextPoll(policy, o) {
    const busy = { delayMs: nextDelay(policy, o.previousMs, o.changed), detail: true, status: true };
    const x = o.expected;
    if (!x || !o.clock)
        return busy;
    const lastStatus = o.clock.lastRead('status');
    const statusDue = (delayMs) => lastStatus === undefined || o.now + delayMs - lastStatus >= policy.maxMs;
    const p = o.clock.predict(x.aws, o.clock.lastRead(x.in));
    if (!p && o.clock.tooFast())
        return busy;
    if (!p) {
        // Its time is set but our clock cannot place it yet: the end is looked for often (only the
        // status read shows it), a step in the detail alone.
        if (x.end)
            return { delayMs: Math.min(closeMs(policy), busy.delayMs), detail: false, status: true };
        return { delayMs: busy.delayMs, detail: true, status: statusDue(busy.delayMs) };
    }
    const near = nearMs(policy);
    const now = o.now;
    let delayMs;
    if (x.end) {
        // How soon the end is seen is what the job waits for: from the earliest it can be, never
        // more than closeMs apart; known to within a second or two, one look just after it.
        const first = p.at - p.early <= 2 * near ? p.at + near / 4 : p.early;
        if (now < first - near / 4)
            delayMs = first - now;
        else
            delayMs = Math.min(closeMs(policy), Math.max(now < p.at ? near : near / 2, Math.abs(p.at - now) / 2));
    }
    else {
        // A traffic step: one look just after its predicted time, then backing off if it is late.
        const first = p.at + near / 4;
        if (now < first - near / 4)
            delayMs = first - now;
        else
            delayMs = Math.min(busyMaxMs(policy), Math.max(near / 2, (now - p.at) / 2));
    }
    if (delayMs > policy.maxMs)
        return { delayMs: policy.maxMs, detail: false, status: true };
    delayMs = Math.round(delayMs);
    if (x.end)
        return { delayMs, detail: false, status: true };
    return { delayMs, detail: true, status: statusDue(delayMs) };
}


/***/ }),

/***/ 1635:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   vN: () => (/* binding */ watchRelease),
/* harmony export */   wt: () => (/* binding */ poll),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* unused harmony export MAX_FAILED_LOOKS */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7300);


/** Consecutive failed looks after which the watch gives up (each look already retried by the SDK). */
const MAX_FAILED_LOOKS = 20;
async function poll(w, o) {
    const now = o.now ?? Date.now;
    let last = o.from;
    let delay;
    let failures = 0;
    let lastError = '';
    for (;;) {
        if (o.signal?.aborted)
            return { end: 'aborted', snapshot: last };
        let changed = false;
        let failed = false;
        try {
            const s = await w.look(last, o.signal);
            const events = w.compare(last, s);
            for (const e of events)
                o.onEvent(e, s);
            changed = events.length > 0;
            last = s;
            failures = 0;
            const v = w.verdict(s);
            if (v !== undefined)
                return { end: 'done', verdict: v, snapshot: s };
            const failure = await o.judge?.afterLook(s, o.signal);
            if (failure)
                return { end: 'judged', failure, snapshot: s };
        }
        catch (err) {
            if (o.signal?.aborted)
                return { end: 'aborted', snapshot: last };
            if (++failures >= MAX_FAILED_LOOKS)
                throw err;
            failed = true;
            const text = (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(err);
            if (text !== lastError)
                o.warn?.(`Polling ${w.what} failed (${text}); still watching.`);
            lastError = text;
        }
        const t = now();
        if (o.until !== undefined && t >= o.until)
            return { end: 'elapsed', snapshot: last };
        if (t >= o.deadline)
            return { end: 'timeout', snapshot: last };
        delay = w.nextDelay?.({ changed, failed, previousMs: delay, snapshot: last }) ?? (0,_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .nextDelay */ .rM)(o.policy, delay, changed, o.ceilingMs);
        const wait = Math.max(10, Math.min(delay, (o.until ?? o.deadline) - t, o.deadline - t, o.judge?.dueInMs(t) ?? Infinity));
        if (!(await sleep(wait, o.signal)))
            return { end: 'aborted', snapshot: last };
    }
}
/**
 * The poll loop as a release's watch: each change a line of the release's log, a failed look a
 * warning, and while nothing changes looks backing off to the policy's maxMs (what is watched ends
 * at no time known beforehand).
 */
function watchRelease(ctx, w, o) {
    return poll(w, { ...o, policy: ctx.policy, ceilingMs: ctx.policy.maxMs, onEvent: (e) => ctx.log.event(e), warn: ctx.warn });
}
/** Resolves true after ms, or false as soon as the signal aborts. */
function sleep(ms, signal) {
    if (signal?.aborted)
        return Promise.resolve(false);
    return new Promise((resolve) => {
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve(true);
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            resolve(false);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}


/***/ }),

/***/ 861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ settleCutShort)
/* harmony export */ });
async function settleCutShort(ctx, cut, s) {
    const { inputs, log } = ctx;
    const cancelled = cut === 'aborted';
    const at = s.at ?? '';
    const what = `${cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`}${at}`;
    const head = `${cancelled ? 'The job was cancelled' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`}${at}`;
    const option = cancelled ? 'on-cancel' : 'on-timeout';
    const outcome = cancelled ? 'stopped' : 'timed-out';
    const leave = (cancelled ? inputs.onCancel : inputs.onTimeout) === 'leave';
    if (leave || s.cannotRollBack) {
        log.line(`${what}: ${s.left.now} (${option}: ${leave ? 'leave' : `rollback, but ${s.cannotRollBack}`})  ${s.url}`);
        return { outcome, cause: `${head}; ${s.left.past}` };
    }
    const r = await s.rollBack(cut);
    ctx.settled();
    log.line(`${what}: ${r.did} (${option}: rollback)`);
    const after = await s.afterRollBack?.(cut);
    return { ...r.result, ...after, outcome, cause: `${head}; ${r.done}` };
}


/***/ }),

/***/ 804:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handlers: () => (/* binding */ handlers)
});

// EXTERNAL MODULE: ./src/aws/ecs.ts
var ecs = __webpack_require__(1032);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/aws/elbv2.ts
var elbv2 = __webpack_require__(1000);
// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
// EXTERNAL MODULE: ./src/kit/register.ts
var register = __webpack_require__(9687);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
// EXTERNAL MODULE: ./src/kit/settle.ts
var settle = __webpack_require__(861);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
// EXTERNAL MODULE: ./src/aws/cloudwatch.ts
var cloudwatch = __webpack_require__(3817);
;// CONCATENATED MODULE: ./src/ways/alb-weighted/plan.ts





const lbName = (arn) => /:listener(?:-rule)?\/app\/([^/]+)\//.exec(arn)?.[1] ?? arn;
/** Where the weights live: the rule the input names (its listener's default action for the default rule), or the listener's default action. */
async function readHolder(ctx) {
    return readHolderOf(ctx.clients.elbv2, ctx.own);
}
async function readHolderOf(elb, alb) {
    if (alb.listenerRuleArn) {
        const rule = await (0,elbv2.describeRule)(elb, alb.listenerRuleArn);
        if (!rule)
            throw new errors/* ActionError */.lZ(`Input 'listener-rule-arn': rule ${alb.listenerRuleArn} does not exist. Check the ARN and 'aws-region'.`, 'listener-rule-arn');
        if (rule.IsDefault) {
            // The default rule is the listener's default action: only ModifyListener changes it.
            const listenerArn = alb.listenerRuleArn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '');
            return { ...(await readHolderOf(elb, { listenerArn })), where: `default rule of listener ${lbName(listenerArn)}` };
        }
        return { kind: 'rule', arn: alb.listenerRuleArn, where: `rule ${rule.Priority} of listener ${lbName(alb.listenerRuleArn)}`, actions: rule.Actions ?? [] };
    }
    const arn = alb.listenerArn;
    const l = await (0,elbv2/* describeListener */.gx)(elb, arn);
    if (!l)
        throw new errors/* ActionError */.lZ(`Input 'listener-arn': listener ${arn} does not exist. Check the ARN and 'aws-region'.`, 'listener-arn');
    return { kind: 'listener', arn, where: `listener ${lbName(arn)}:${l.Port}`, actions: l.DefaultActions ?? [] };
}
/** Both services, the forward action and which side is live; `split: 'newer'` reads a split too (see planFlip). */
async function readPair(ctx, split) {
    const [a, b] = await (0,ecs/* describeServices */.Ge)(ctx.clients.ecs, ctx.inputs.cluster, [ctx.inputs.service, ctx.own.greenService], ['service', 'green-service']);
    const holder = await readHolder(ctx);
    const flip = planFlip(holder.actions, sideOf(a, 'service'), sideOf(b, 'green-service'), holder.where, { split });
    const aLive = flip.live.service === a.serviceName;
    return { holder, flip, live: aLive ? a : b, idle: aLive ? b : a };
}
/** This action moves the weights itself: it stays to the end, or stops before any traffic moves. */
function refuseWaitFor(ctx) {
    const { waitFor } = ctx.inputs;
    if (waitFor !== 'complete' && waitFor !== 'ready') {
        throw new errors/* ActionError */.lZ(`Input 'wait-for': '${waitFor}' is not available with strategy alb-weighted: this action moves the weights itself, so it stays to the end ('complete') or stops before any traffic moves ('ready', then 'mode: continue'). Use one of those.`, 'wait-for');
    }
}
/** Refuses to move traffic with an alarm that does not exist or already fires. */
async function checkAlarms(ctx, names) {
    const before = await (0,cloudwatch/* alarmStates */.c)(ctx.clients.cloudwatch, names);
    const missing = names.filter((n) => !(n in before.alarms));
    if (missing.length)
        throw new errors/* ActionError */.lZ(`Input 'alarms': ${missing.map((m) => `'${m}'`).join(', ')} ${missing.length > 1 ? 'are not CloudWatch alarms' : 'is not a CloudWatch alarm'} in this account and region. Check the names and 'aws-region'.`, 'alarms');
    const firingNow = Object.entries(before.alarms)
        .filter(([, v]) => v === 'ALARM')
        .map(([k]) => k);
    if (firingNow.length)
        throw new errors/* ActionError */.lZ(`Alarm ${firingNow.join(', ')} is in ALARM before the release; nothing was changed. Release once it is OK.`, 'alarms');
}
/** The release's first line: which side is live, where the weights are, the steps, bake and alarms. */
function headerLine(ctx, holder, flip, how) {
    const alb = ctx.own;
    const plan = how ?? `steps ${alb.trafficSteps.join(',')}  bake ${(0,format/* duration */.p0)(alb.stepBakeMinutes * 60_000)}${alb.alarms.length ? `  alarms ${alb.alarms.join(', ')}` : ''}`;
    return `ecs-bluegreen-action  ${ctx.inputs.cluster}: ${flip.live.service} (live, 100%) -> ${flip.idle.service}  via ${holder.where}  ${plan}`;
}
/** The forward action of a listener's default actions or a rule's actions, and its weights. */
function forwardOf(actions, where) {
    const index = (actions ?? []).findIndex((a) => a.Type === 'forward');
    if (index < 0) {
        throw new errors/* ActionError */.lZ(`The ${where} has no forward action (its actions: ${(actions ?? []).map((a) => a.Type).join(', ') || 'none'}). Point it at both services' target groups with a weighted forward action.`, 'listener');
    }
    const a = actions[index];
    const groups = a.ForwardConfig?.TargetGroups?.length
        ? a.ForwardConfig.TargetGroups.map((g) => ({ arn: g.TargetGroupArn ?? '', weight: g.Weight ?? 1 }))
        : a.TargetGroupArn
            ? [{ arn: a.TargetGroupArn, weight: 1 }]
            : [];
    return { index, groups };
}
/** The service's target group and load-balanced container: exactly one load balancer entry. */
function sideOf(service, input) {
    const name = service.serviceName ?? '?';
    const controller = service.deploymentController?.type ?? 'ECS';
    if (controller !== 'ECS') {
        throw new errors/* ActionError */.lZ(`Input '${input}': service '${name}' uses the ${controller} deployment controller; the alb-weighted strategy updates both services with UpdateService, which needs the ECS controller. Use the ${controller === 'CODE_DEPLOY' ? 'codedeploy' : 'right'} strategy for it, or pair two ECS-controller services.`, input);
    }
    const lbs = (service.loadBalancers ?? []).filter((l) => l.targetGroupArn);
    if (lbs.length !== 1) {
        throw new errors/* ActionError */.lZ(`Input '${input}': service '${name}' has ${lbs.length} target groups; the alb-weighted strategy needs exactly one per service (the one the listener weighs). Give the service one load balancer entry.`, input);
    }
    const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
    return {
        service: name,
        targetGroupArn: lbs[0].targetGroupArn,
        containerName: lbs[0].containerName ?? '',
        containerPort: lbs[0].containerPort,
        desiredCount: service.desiredCount ?? 0,
        taskDefinition: service.taskDefinition,
        primaryDeploymentId: primary?.id,
        deployedAt: primary?.createdAt ? new Date(primary.createdAt).getTime() : undefined
    };
}
const tgName = (arn) => /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;
/**
 * Which side takes the traffic now, from the weights alone. Refuses a forward action that also
 * sends traffic elsewhere and target groups it lacks. A split (a release that did not finish) is
 * refused, unless `split: 'newer'` (stop, rollback): then the side whose PRIMARY deployment is newer
 * got the release's UpdateService, so it is the new (idle) side whatever its share, and the other
 * one is where the traffic goes back.
 */
function planFlip(actions, a, b, where, o = {}) {
    if (a.targetGroupArn === b.targetGroupArn) {
        throw new errors/* ActionError */.lZ(`Input 'green-service': services '${a.service}' and '${b.service}' use the same target group ${tgName(a.targetGroupArn)}; each needs its own for the weights to tell them apart.`, 'green-service');
    }
    const { index, groups } = forwardOf(actions, where);
    const weightOf = (s) => groups.find((g) => g.arn === s.targetGroupArn)?.weight;
    for (const s of [a, b]) {
        if (weightOf(s) === undefined) {
            throw new errors/* ActionError */.lZ(`The ${where} does not forward to target group ${tgName(s.targetGroupArn)} of service '${s.service}' (it forwards to ${groups.map((g) => tgName(g.arn)).join(', ') || 'nothing'}). Add both services' target groups to its forward action, e.g. weights 100 and 0.`, 'listener');
        }
    }
    const others = groups.filter((g) => g.arn !== a.targetGroupArn && g.arn !== b.targetGroupArn && g.weight > 0);
    if (others.length) {
        throw new errors/* ActionError */.lZ(`The ${where} also sends traffic to ${others.map((g) => tgName(g.arn)).join(', ')}; the alb-weighted strategy moves traffic between two target groups only. Set the others' weight to 0.`, 'listener');
    }
    const wa = weightOf(a);
    const wb = weightOf(b);
    if (wa > 0 && wb > 0) {
        const pa = Math.round((wa * 100) / (wa + wb));
        if (o.split === 'newer') {
            if (a.deployedAt === undefined || b.deployedAt === undefined || a.deployedAt === b.deployedAt) {
                throw new errors/* ActionError */.lZ(`The ${where} splits traffic ${a.service} ${pa}% / ${b.service} ${100 - pa}%, and their ECS deployments do not tell which one was released last. Put all the traffic on one service (weights 100 and 0) by hand.`, 'listener');
            }
            const [live, idle, pl] = a.deployedAt < b.deployedAt ? [a, b, pa] : [b, a, 100 - pa];
            // Not a release's split (weights set by hand?): the traffic would go back to no tasks.
            if (live.desiredCount === 0) {
                throw new errors/* ActionError */.lZ(`The ${where} splits traffic ${a.service} ${pa}% / ${b.service} ${100 - pa}%, but ${live.service}, where it would go back (${idle.service} was released last), runs no tasks. Put the weights back by hand.`, 'listener');
            }
            return { live, idle, forwardIndex: index, liveWeight: pl, idleWeight: 100 - pl };
        }
        throw new errors/* ActionError */.lZ(`The ${where} splits traffic ${a.service} ${pa}% / ${b.service} ${100 - pa}%: a release did not finish. Put the weights back with 'mode: stop' (or 'mode: rollback'), or put all the traffic on one service by hand (weights 100 and 0), and run again.`, 'listener');
    }
    if (wa === 0 && wb === 0)
        throw new errors/* ActionError */.lZ(`The ${where} sends no traffic to either service.`, 'listener');
    const [live, idle] = wa > 0 ? [a, b] : [b, a];
    return { live, idle, forwardIndex: index, liveWeight: 100, idleWeight: 0 };
}
/** The actions with the forward action's two weights set: `idlePercent` on idle, the rest on live. Other fields kept. */
function actionsAt(actions, flip, idlePercent) {
    return actions.map((a, i) => {
        if (i !== flip.forwardIndex)
            return a;
        const groups = a.ForwardConfig?.TargetGroups?.length
            ? a.ForwardConfig.TargetGroups
            : a.TargetGroupArn
                ? [{ TargetGroupArn: a.TargetGroupArn, Weight: 1 }]
                : [];
        const weight = (arn, w) => arn === flip.idle.targetGroupArn ? idlePercent : arn === flip.live.targetGroupArn ? 100 - idlePercent : (w ?? 0);
        const { TargetGroupArn: _single, ...rest } = a;
        return {
            ...rest,
            ForwardConfig: { ...a.ForwardConfig, TargetGroups: groups.map((g) => ({ ...g, Weight: weight(g.TargetGroupArn, g.Weight) })) }
        };
    });
}
/**
 * What mode stop and rollback find: a split (a shift in flight, or one left split), a release
 * waiting with no traffic (after wait-for: ready the idle side runs another task definition,
 * scaled up), or nothing in flight.
 */
function inFlight(flip) {
    if (flip.idleWeight > 0)
        return 'split';
    if (flip.idle.desiredCount > 0 && flip.idle.taskDefinition !== flip.live.taskDefinition)
        return 'waiting';
    return 'none';
}
/** Whether two action lists weigh the forward action's target groups alike (raw weights, not shares). */
function sameWeights(a, b) {
    const key = (actions) => {
        try {
            return forwardOf(actions, 'forward action')
                .groups.map((g) => `${g.arn}=${g.weight}`)
                .sort()
                .join(',');
        }
        catch {
            return undefined;
        }
    };
    const ka = key(a);
    return ka !== undefined && ka === key(b);
}
/**
 * The same shares written with other raw weights (10/90 → 1/9, 1/9 → 2/18): traffic does not move,
 * but a release job still running sees the weights changed behind its back and ends, touching
 * nothing (mode stop with rollback: false).
 */
function frozenActions(actions, flip) {
    const { groups } = forwardOf(actions, 'forward action');
    const wi = groups.find((g) => g.arn === flip.idle.targetGroupArn)?.weight ?? 0;
    const wl = groups.find((g) => g.arn === flip.live.targetGroupArn)?.weight ?? 0;
    const gcd = (x, y) => (y ? gcd(y, x % y) : x);
    const g = gcd(wi, wl) || 1;
    const [ni, nl] = g > 1 ? [wi / g, wl / g] : [wi * 2, wl * 2];
    return actions.map((a, i) => {
        if (i !== flip.forwardIndex)
            return a;
        const tgs = a.ForwardConfig?.TargetGroups ?? [];
        const weight = (arn, w) => arn === flip.idle.targetGroupArn ? ni : arn === flip.live.targetGroupArn ? nl : (w ?? 0);
        return { ...a, ForwardConfig: { ...a.ForwardConfig, TargetGroups: tgs.map((t) => ({ ...t, Weight: weight(t.TargetGroupArn, t.Weight) })) } };
    });
}
/** 'previous' for a rollback at 100/0: the idle service still holds the release before, scaled to 0. */
function previousOf(flip) {
    const { idle, live } = flip;
    if (!idle.taskDefinition)
        return { none: `the idle service '${idle.service}' has no task definition to go back to` };
    if (idle.taskDefinition === live.taskDefinition) {
        return {
            none: `the idle service '${idle.service}' runs ${(0,format/* revisionName */.pd)(idle.taskDefinition)}, the same task definition as '${live.service}' (no earlier release is left on it)`
        };
    }
    return { taskDefinitionArn: idle.taskDefinition, foundIn: `the idle service ${idle.service}` };
}
/**
 * Why mode continue may not go on with this deployment-id (undefined: it may): it must be the idle
 * side's PRIMARY ECS deployment, as the wait-for: ready step output it, and that side must be up.
 */
function continueRefusal(id, flip) {
    const { idle, live } = flip;
    if (id === idle.primaryDeploymentId) {
        return idle.desiredCount > 0
            ? undefined
            : `ECS deployment ${id} of '${idle.service}' is scaled to 0 (the release was put back or stopped); there is nothing to continue. Release again with 'wait-for: ready'.`;
    }
    if (id === live.primaryDeploymentId) {
        return `ECS deployment ${id} is the one '${live.service}' serves all the traffic with: its release already finished. Pass the 'deployment-id' output of the 'wait-for: ready' step that released '${idle.service}'.`;
    }
    return `'${id}' is not the ECS deployment '${idle.service}' (the idle service) runs now (${idle.primaryDeploymentId ?? 'none'}): it is stale or belongs elsewhere. Pass the 'deployment-id' output of the latest 'wait-for: ready' step of this pair.`;
}
/** The idle side's share of traffic in these actions, in percent of the two. */
function idlePercentOf(actions, flip) {
    const { groups } = forwardOf(actions, 'forward action');
    const i = groups.find((g) => g.arn === flip.idle.targetGroupArn)?.weight ?? 0;
    const l = groups.find((g) => g.arn === flip.live.targetGroupArn)?.weight ?? 0;
    return i + l ? Math.round((i * 100) / (i + l)) : 0;
}

// EXTERNAL MODULE: ./src/kit/poll.ts
var poll = __webpack_require__(1635);
;// CONCATENATED MODULE: ./src/ways/alb-weighted/events.ts

function countTargets(d) {
    const c = { healthy: 0, initial: 0, unhealthy: 0, draining: 0, other: 0 };
    for (const t of d ?? []) {
        const s = t.TargetHealth?.State;
        if (s === 'healthy')
            c.healthy++;
        else if (s === 'initial')
            c.initial++;
        else if (s === 'unhealthy') {
            c.unhealthy++;
            c.unhealthyReason ??= [t.TargetHealth?.Reason, t.TargetHealth?.Description].filter(Boolean).join(': ');
        }
        else if (s === 'draining')
            c.draining++;
        else
            c.other++;
    }
    return c;
}
const sameCounts = (a, b) => !!a && !!b && a.healthy === b.healthy && a.initial === b.initial && a.unhealthy === b.unhealthy && a.draining === b.draining && a.other === b.other;
/** What changed between two looks. Pure: the same pair always gives the same events. */
function compareAlb(prev, next, names) {
    const out = [];
    const pi = prev?.idle;
    const ni = next.idle;
    if (ni.failedTasks > (pi?.failedTasks ?? 0) || (pi && (ni.running !== pi.running || ni.desired !== pi.desired))) {
        out.push({ kind: 'alb-tasks', service: names.idle, running: ni.running, desired: ni.desired, failedTasks: ni.failedTasks });
    }
    if (!sameCounts(pi, ni) && (pi || ni.healthy + ni.initial + ni.unhealthy + ni.draining + ni.other > 0)) {
        out.push({ kind: 'alb-targets', service: names.idle, counts: pick(ni), desired: ni.desired });
    }
    if (next.live && prev?.live && !sameCounts(prev.live, next.live)) {
        out.push({ kind: 'alb-targets', service: names.live, counts: pick(next.live), desired: next.live.desired });
    }
    for (const [name, state] of Object.entries(next.alarms)) {
        const before = prev?.alarms[name];
        if (before !== undefined && before !== state)
            out.push({ kind: 'alb-alarm', name, state, reason: next.reasons?.[name] });
        if (before === undefined && state === 'ALARM')
            out.push({ kind: 'alb-alarm', name, state, reason: next.reasons?.[name] });
    }
    return out;
}
function pick(c) {
    return { healthy: c.healthy, initial: c.initial, unhealthy: c.unhealthy, draining: c.draining, other: c.other, unhealthyReason: c.unhealthyReason };
}
/** The words of one event, without the time column: log and summary alike. */
function describeAlbEvent(e) {
    switch (e.kind) {
        case 'alb-updated':
            return {
                text: `${e.service}  UpdateService ${(0,format/* revisionName */.pd)(e.taskDefinition)}, ${e.desired} task${e.desired === 1 ? '' : 's'}${e.deploymentId ? `  (ECS deployment ${e.deploymentId})` : ''}`
            };
        case 'alb-tasks':
            return { text: `tasks    ${e.service} ${e.running}/${e.desired} running${e.failedTasks ? `, ${e.failedTasks} failed` : ''}` };
        case 'alb-targets': {
            const c = e.counts;
            const rest = [
                c.initial && `${c.initial} initial`,
                c.unhealthy && `${c.unhealthy} unhealthy`,
                c.draining && `${c.draining} draining`,
                c.other && `${c.other} other`
            ].filter(Boolean);
            const total = c.healthy + c.initial + c.unhealthy + c.draining + c.other;
            return {
                text: `targets  ${e.service} ${total ? `${c.healthy}/${e.desired} healthy${rest.length ? `, ${rest.join(', ')}` : ''}` : 'none registered'}${c.unhealthyReason && c.unhealthy ? `  ${c.unhealthyReason}` : ''}`
            };
        }
        case 'alb-weights':
            return {
                text: `traffic  ${e.to} ${String(e.toPercent).padStart(3)}% | ${e.from} ${String(e.fromPercent).padStart(3)}%${e.restored ? '  (weights restored)' : ''}`
            };
        case 'alb-bake':
            return { text: `bake     ${(0,format/* duration */.p0)(e.minutes * 60_000)} at ${e.percent}%, watching targets${e.alarms.length ? ` and ${e.alarms.join(', ')}` : ''}` };
        case 'alb-alarm':
            return { text: `alarm    ${e.name} ${e.state}${e.reason ? `: ${e.reason}` : ''}` };
        case 'alb-scaled':
            return { text: `${e.service}  scaled to ${e.desired} (${e.why})` };
    }
}

;// CONCATENATED MODULE: ./src/ways/alb-weighted/watch.ts
/**
 * Following an alb-weighted release: the one poll loop (src/kit/poll.ts) with one look at the new
 * side (its service, its targets, the alarms; the old side too while it drains), and what the new
 * side's state means for the release.
 */






/** One look at the new side (and the old one while it drains) and the alarms. */
async function look(ctx, flip, o) {
    const elb = ctx.clients.elbv2;
    const [services, idleTh, liveTh, al] = await Promise.all([
        (0,ecs/* describeServices */.Ge)(ctx.clients.ecs, ctx.inputs.cluster, o.withLive ? [flip.idle.service, flip.live.service] : [flip.idle.service], [
            'service',
            'green-service'
        ]),
        (0,elbv2/* targetHealth */.kG)(elb, flip.idle.targetGroupArn),
        o.withLive ? (0,elbv2/* targetHealth */.kG)(elb, flip.live.targetGroupArn) : undefined,
        (0,cloudwatch/* alarmStates */.c)(ctx.clients.cloudwatch, o.alarms)
    ]);
    const idle = services[0];
    const dep = idle.deployments?.find((d) => d.id === o.deploymentId) ?? idle.deployments?.find((d) => d.status === 'PRIMARY');
    const snap = {
        idlePercent: o.idlePercent,
        idle: {
            ...countTargets(idleTh),
            running: dep?.runningCount ?? 0,
            desired: dep?.desiredCount ?? idle.desiredCount ?? 0,
            failedTasks: dep?.failedTasks ?? 0,
            rolloutState: dep?.rolloutState
        },
        alarms: al.alarms,
        reasons: al.reasons
    };
    if (o.withLive) {
        const live = services[1];
        snap.live = { ...countTargets(liveTh), running: live.runningCount ?? 0, desired: live.desiredCount ?? 0 };
    }
    return snap;
}
/**
 * Looks until `verdict` says done or failed, `until` (epoch ms, for a bake) passes (done), the
 * release deadline passes (timeout) or the job is cancelled (aborted). Logs every change.
 */
async function watch(ctx, flip, state, o) {
    const names = { idle: flip.idle.service, live: flip.live.service };
    const end = await (0,poll/* watchRelease */.vN)(ctx, {
        what: `service ${flip.idle.service}`,
        look: () => look(ctx, flip, o),
        compare: (prev, next) => compareAlb(prev, next, names),
        verdict: (s) => {
            const v = o.verdict(s);
            return v === 'continue' ? undefined : v;
        }
    }, {
        deadline: (0,context/* deadlineOf */.G0)(ctx),
        until: o.until,
        signal: ctx.signal,
        from: state.prev,
        judge: o.analyse
            ? ctx.analysis?.judge({
                split: (s) => ({ green: s.idlePercent, blue: 100 - s.idlePercent }),
                sides: () => ({ green: flip.idle.targetGroupArn, blue: flip.live.targetGroupArn })
            })
            : undefined
    });
    if (end.snapshot)
        state.prev = end.snapshot;
    if (end.end === 'judged')
        return { end: 'failed', cause: end.failure.cause, snapshot: end.snapshot };
    if (end.end === 'done')
        return typeof end.verdict === 'object' ? { end: 'failed', cause: end.verdict.failed, snapshot: end.snapshot } : { end: 'done', snapshot: end.snapshot };
    if (end.end === 'elapsed' && state.prev)
        return { end: 'done', snapshot: state.prev };
    return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: end.snapshot };
}
/**
 * Whether the new side may take traffic: its deployment runs all its tasks and as many targets are
 * healthy. A failure: tasks keep stopping (2 × desired, at least 2), the deployment FAILED (circuit
 * breaker), or targets fail their health checks (unhealthy already means the threshold was crossed).
 */
function readiness(s) {
    const i = s.idle;
    if (i.rolloutState === 'FAILED')
        return { failed: `the ECS deployment of the new task definition failed (circuit breaker)` };
    if (i.failedTasks >= Math.max(2, 2 * i.desired))
        return { failed: `${i.failedTasks} tasks of the new task definition stopped before they became healthy` };
    if (i.unhealthy > 0)
        return {
            failed: `${i.unhealthy} target${i.unhealthy > 1 ? 's' : ''} of the new service failed health checks${i.unhealthyReason ? ` (${i.unhealthyReason})` : ''}`
        };
    if (i.desired > 0 && i.running >= i.desired && i.healthy >= i.desired)
        return 'ready';
    return 'waiting';
}
/** Alarms in ALARM. */
function firing(s) {
    return Object.entries(s.alarms)
        .filter(([, v]) => v === 'ALARM')
        .map(([k]) => k);
}
/** While traffic is on the new side: a watched alarm fires or its targets stop being healthy. */
function bakeVerdict(s) {
    const alarms = firing(s);
    if (alarms.length)
        return { failed: `alarm ${alarms.join(', ')} went to ALARM at ${s.idlePercent}%${s.reasons?.[alarms[0]] ? ` (${s.reasons[alarms[0]]})` : ''}` };
    const r = readiness(s);
    if (typeof r === 'object')
        return { failed: `${r.failed} at ${s.idlePercent}%` };
    if (s.idle.healthy < s.idle.desired)
        return { failed: `only ${s.idle.healthy} of ${s.idle.desired} targets of the new service are healthy at ${s.idlePercent}%` };
    return undefined;
}

;// CONCATENATED MODULE: ./src/ways/alb-weighted/release.ts










async function writeHolder(clients, h, actions) {
    if (h.kind === 'rule')
        await (0,elbv2/* modifyRule */.B6)(clients.elbv2, h.arn, actions);
    else
        await (0,elbv2/* modifyListener */.JL)(clients.elbv2, h.arn, actions);
}
/** Writes `actions` (the weights back on the live side; none: they are) and returns the new service to `to`. */
async function restore(ctx, h, actions, flip, to) {
    if (actions) {
        await writeHolder(ctx.clients, h, actions);
        ctx.log.event({ kind: 'alb-weights', to: flip.idle.service, toPercent: 0, from: flip.live.service, fromPercent: 100, restored: true });
    }
    await (0,ecs/* updateService */.bU)(ctx.clients.ecs, { cluster: ctx.inputs.cluster, service: to.service, desiredCount: to.desiredCount, taskDefinition: to.taskDefinition });
    ctx.log.event({
        kind: 'alb-scaled',
        service: to.service,
        desired: to.desiredCount,
        why: to.taskDefinition ? `back to ${(0,format/* revisionName */.pd)(to.taskDefinition)}` : 'no traffic'
    });
    ctx.settled();
}
/** Before the new side's UpdateService: what the post step puts back if the main step is killed. */
function keepForPost(ctx, f) {
    const r = { kind: f.holder.kind, arn: f.holder.arn, actions: f.holder.actions, idle: f.restoreTo };
    ctx.state.save(state/* STATE */.c.albRestore, JSON.stringify(r));
}
/**
 * The shared part of deploy, continue and rollback: the new side comes up, the weights move step by
 * step with their bakes, the old side is scaled to 0 and drains. A failure, an alarm, a timeout or a
 * cancel puts the weights back; weights someone else changed (mode stop) end it touching nothing.
 */
async function shift(ctx, f) {
    const { inputs, clients, log } = ctx;
    const { holder, flip, result, t0, deploymentId, alarms } = f;
    const state = {};
    let percent = 0;
    // What this job wrote last: anything else on the forward action was written behind its back.
    let written = holder.actions;
    const changedBehind = async (at) => {
        const now = await readHolder(ctx);
        if (sameWeights(now.actions, written))
            return undefined;
        ctx.settled();
        let share = 'unreadable';
        try {
            const p = idlePercentOf(now.actions, flip);
            share = `${flip.idle.service} ${p}% | ${flip.live.service} ${100 - p}%`;
        }
        catch {
            // no forward action any more: say so as 'unreadable'
        }
        log.line(`  Stopped ${at}: the weights of ${holder.where} were changed outside this release (now ${share}); this job leaves them and both services as they are`);
        return {
            ...result,
            outcome: 'stopped',
            durationMs: Date.now() - t0,
            traffic: { green: percent, blue: 100 - percent },
            cause: `The weights of ${holder.where} were changed outside this release ${at} (now ${share}), by mode stop or by hand; this job left them and both services as they were`
        };
    };
    const finish = async (end, at) => {
        const traffic = { green: percent, blue: 100 - percent };
        if (end.end !== 'failed') {
            const leaving = (end.end === 'aborted' ? inputs.onCancel : inputs.onTimeout) === 'leave';
            const behind = leaving ? undefined : await changedBehind(at);
            if (behind)
                return behind;
            const settled = await (0,settle/* settleCutShort */.k)(ctx, end.end, {
                url: result.deploymentUrl ?? (0,format/* ecsConsoleUrl */.m2)(inputs.cluster, flip.idle.service, ctx.region),
                at: ` ${at}`,
                left: {
                    now: `the weights are left at ${flip.idle.service} ${percent}% | ${flip.live.service} ${100 - percent}%`,
                    past: 'the weights were left as they were'
                },
                rollBack: async () => {
                    await restore(ctx, holder, holder.actions, flip, f.restoreTo);
                    return {
                        did: `put the weights back on ${flip.live.service}`,
                        done: `the weights were put back on ${flip.live.service}`,
                        result: { traffic: { green: 0, blue: 100 } }
                    };
                }
            });
            return { ...result, durationMs: Date.now() - t0, traffic, ...settled };
        }
        const behind = await changedBehind(at);
        if (behind)
            return behind;
        log.line(`         ${end.cause}`);
        await restore(ctx, holder, holder.actions, flip, f.restoreTo);
        const ms = Date.now() - t0;
        log.line(`  Rolled back after ${(0,format/* duration */.p0)(ms)}: ${flip.live.service} has all the traffic`);
        return {
            ...result,
            outcome: 'rolled-back',
            durationMs: ms,
            traffic: { green: 0, blue: 100 },
            cause: `${(0,format/* capital */.Nx)(end.cause)}; the weights were put back on ${flip.live.service}`
        };
    };
    // Scaled to 0 by someone else (mode stop or rollback of a waiting release): it cannot go on.
    const outsideScale = (s) => s.idle.desired === 0 && f.desired > 0
        ? {
            failed: `the new service ${flip.idle.service} was scaled to 0 outside this release ${s.idlePercent ? `at ${s.idlePercent}%` : 'before any traffic moved'}`
        }
        : undefined;
    // 1. The new side comes up: its tasks run and its targets are healthy. No traffic yet.
    const up = await watch(ctx, flip, state, {
        deploymentId,
        idlePercent: 0,
        alarms,
        verdict: (s) => {
            const r = readiness(s);
            return r === 'ready' ? 'done' : r === 'waiting' ? (outsideScale(s) ?? 'continue') : r;
        }
    });
    if (up.end !== 'done')
        return finish(up, 'before any traffic moved');
    if (f.untilReady) {
        // Intentional: the post step must not put this back.
        ctx.settled();
        const ms = Date.now() - t0;
        log.line(`  Ready after ${(0,format/* duration */.p0)(ms)}: ${flip.idle.service} runs ${(0,format/* revisionName */.pd)(result.taskDefinitionArn)} with ${up.snapshot.idle.healthy}/${up.snapshot.idle.desired} healthy targets and no traffic. Shift it with 'mode: continue' and 'deployment-id: ${deploymentId}'.`);
        return { ...result, outcome: 'ready', durationMs: ms, traffic: { green: 0, blue: 100 } };
    }
    // 2. The weights, step by step, each followed by its bake.
    for (const step of f.steps) {
        (0,context/* checkNotCancelled */.zu)(ctx);
        const behind = await changedBehind(percent ? `at ${percent}%` : 'before any traffic moved');
        if (behind)
            return behind;
        written = actionsAt(holder.actions, flip, step);
        await writeHolder(clients, holder, written);
        percent = step;
        log.event({ kind: 'alb-weights', to: flip.idle.service, toPercent: step, from: flip.live.service, fromPercent: 100 - step });
        if (f.bakeMinutes > 0)
            log.event({ kind: 'alb-bake', minutes: f.bakeMinutes, percent: step, alarms });
        const bake = await watch(ctx, flip, state, {
            deploymentId,
            idlePercent: step,
            alarms,
            until: Date.now() + f.bakeMinutes * 60_000,
            verdict: (s) => bakeVerdict(s) ?? outsideScale(s) ?? 'continue',
            analyse: true
        });
        if (bake.end !== 'done')
            return finish(bake, `at ${step}%`);
    }
    // 3. All traffic is on the new side and the last bake passed: nothing left to put back.
    ctx.settled();
    await (0,ecs/* updateService */.bU)(clients.ecs, { cluster: inputs.cluster, service: flip.live.service, desiredCount: 0 });
    log.event({ kind: 'alb-scaled', service: flip.live.service, desired: 0, why: 'no traffic; its targets drain' });
    const drained = await watch(ctx, flip, state, {
        deploymentId,
        idlePercent: 100,
        withLive: true,
        alarms,
        verdict: (s) => s.live && s.live.running === 0 && s.live.healthy + s.live.initial + s.live.unhealthy + s.live.draining + s.live.other === 0 ? 'done' : 'continue'
    });
    const ms = Date.now() - t0;
    if (drained.end !== 'done') {
        log.line(`  ${flip.live.service} is still draining (${drained.end === 'aborted' ? 'the job was cancelled' : "'wait-for-minutes' reached"}); it goes on without us.`);
    }
    log.line(`  Succeeded after ${(0,format/* duration */.p0)(ms)}: ${flip.idle.service} has all the traffic`);
    return { ...result, outcome: 'succeeded', durationMs: ms, traffic: { green: 100, blue: 0 } };
}
/** Scales the new side up (or runs `taskDefinition` on it): the ECS deployment the release follows. */
async function updateIdle(ctx, flip, taskDefinition, desired, result) {
    const updated = await (0,ecs/* updateService */.bU)(ctx.clients.ecs, { cluster: ctx.inputs.cluster, service: flip.idle.service, taskDefinition, desiredCount: desired });
    const deploymentId = updated?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === taskDefinition)?.id;
    result.deploymentId = deploymentId;
    result.deploymentUrl = (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, flip.idle.service, ctx.region);
    result.suspects = {
        cluster: ctx.inputs.cluster,
        service: flip.idle.service,
        taskDefinitionArn: taskDefinition,
        targetGroups: [flip.idle.targetGroupArn],
        since: new Date()
    };
    if (deploymentId)
        ctx.state.save(state/* STATE */.c.deployment, deploymentId);
    ctx.log.event({ kind: 'alb-updated', service: flip.idle.service, taskDefinition, desired, deploymentId });
    return deploymentId;
}
async function deploy(ctx) {
    const { inputs, log } = ctx;
    const alb = ctx.own;
    refuseWaitFor(ctx);
    // Read-only: both services, the forward action, the alarms.
    const { holder, flip, live, idle } = await readPair(ctx);
    await checkAlarms(ctx, alb.alarms);
    const rendered = await (0,render/* renderFromService */.MD)(ctx, live, { containerName: flip.live.containerName, containerPort: flip.live.containerPort });
    const steps = alb.trafficSteps;
    log.line(`${headerLine(ctx, holder, flip)}${inputs.waitFor === 'ready' ? '  wait-for ready' : ''}`);
    (0,render/* printRendered */.Xp)(ctx, rendered);
    const desired = Math.max(1, flip.live.desiredCount);
    const result = {
        outcome: 'failed',
        cluster: inputs.cluster,
        service: flip.idle.service,
        image: (0,render/* imageOf */.dT)(inputs, rendered),
        previousTaskDefinitionArn: flip.live.taskDefinition,
        deploymentConfig: `alb-weighted ${steps.join(',')}, bake ${(0,format/* duration */.p0)(alb.stepBakeMinutes * 60_000)}`
    };
    const unchanged = (0,register/* unchangedRelease */.vq)(ctx, rendered, { ...result, service: flip.live.service });
    if (unchanged)
        return unchanged;
    // Changes start here.
    (0,context/* checkNotCancelled */.zu)(ctx);
    // The task runs as the idle service's tasks do: that is where the new revision goes.
    const reg = await (0,register/* registerRelease */.h4)(ctx, { ...rendered, service: idle });
    Object.assign(result, { taskDefinitionArn: reg.arn, ...reg.result });
    if (reg.stop)
        return result;
    (0,context/* checkNotCancelled */.zu)(ctx);
    const t0 = Date.now();
    log.start(undefined, t0);
    const restoreTo = { service: flip.idle.service, taskDefinition: flip.idle.taskDefinition, desiredCount: flip.idle.desiredCount };
    keepForPost(ctx, { holder, restoreTo });
    const deploymentId = await updateIdle(ctx, flip, reg.arn, desired, result);
    return shift(ctx, {
        holder,
        flip,
        result,
        t0,
        deploymentId,
        desired,
        steps,
        bakeMinutes: alb.stepBakeMinutes,
        alarms: alb.alarms,
        restoreTo,
        untilReady: inputs.waitFor === 'ready'
    });
}

;// CONCATENATED MODULE: ./src/ways/alb-weighted/after-kill.ts
/** The post step on the alb-weighted way, after the main step was killed mid-release: puts the weights back (unless on-cancel: leave). */




async function afterKill(o) {
    const raw = o.state.get(state/* STATE */.c.albRestore);
    if (!raw)
        return;
    const r = JSON.parse(raw);
    if (o.inputs.onCancel === 'leave') {
        o.warn(`The main step ended mid-release (ECS deployment ${o.deploymentId}); the ${r.kind} weights are left as they are (on-cancel: leave).`);
        return;
    }
    try {
        await writeHolder(o.clients, r, r.actions);
        await (0,ecs/* updateService */.bU)(o.clients.ecs, {
            cluster: o.inputs.cluster,
            service: r.idle.service,
            desiredCount: r.idle.desiredCount,
            taskDefinition: r.idle.taskDefinition
        });
        o.warn(`The main step ended mid-release (ECS deployment ${o.deploymentId}): put the ${r.kind} weights back and scaled ${r.idle.service} to ${r.idle.desiredCount} (on-cancel: rollback).`);
    }
    catch (err) {
        o.error(`Could not put the weights back after the main step ended: ${(0,errors/* describeError */.Uc)(err)}. Set them by hand on ${r.arn}.`);
    }
}

// EXTERNAL MODULE: ./src/kit/rollback-target.ts
var rollback_target = __webpack_require__(2750);
// EXTERNAL MODULE: ./src/kit/taskdef.ts
var taskdef = __webpack_require__(8);
;// CONCATENATED MODULE: ./src/ways/alb-weighted/control.ts
/**
 * Release control on the alb-weighted way. There is no release object to stop: the weights are
 * the release. stop puts the weights of a release in flight back (or holds them, with
 * 'rollback: false'); continue shifts a release that 'wait-for: ready' left up with no traffic;
 * rollback puts a release in flight back, or releases the earlier task definition on the idle
 * service and moves all the traffic to it at once.
 *
 * A release job still running elsewhere re-reads the weights before each step and ends, touching
 * nothing, once they are not what it wrote (see shift in release.ts).
 */









/** What a split was found to be, for the log: "web-green 10% | web-blue 90%". */
const shares = (flip) => `${flip.idle.service} ${flip.idleWeight}% | ${flip.live.service} ${flip.liveWeight}%`;
/**
 * Where a put-back leaves the new side: at 0, on the live side's task definition. What it ran before
 * the release is not known to this job, and the release it got must not stay there as the next
 * rollback's 'previous' (it never served all the traffic): 'previous' then says there is none.
 */
const backToLive = (flip) => ({ service: flip.idle.service, taskDefinition: flip.live.taskDefinition, desiredCount: 0 });
/**
 * A release in flight, put back: all the traffic on the side that had it before the release, the
 * new side (updated last) scaled to 0. Outcome rolled-back, as a CodeDeploy stop with rollback.
 * A release waiting after 'wait-for: ready' has no traffic to move: its side is only scaled to 0.
 */
async function putBack(ctx, holder, flip, why) {
    const split = inFlight(flip) === 'split';
    const { idle, live } = flip;
    const t0 = Date.now();
    const deployment = `ECS deployment ${idle.primaryDeploymentId ?? '-'}`;
    ctx.log.line(split
        ? `${(0,format/* capital */.Nx)(holder.where)} splits traffic ${shares(flip)}: ${idle.service} was released last (${deployment}). Putting all the traffic back on ${live.service} (${why})`
        : `${idle.service} runs ${(0,format/* revisionName */.pd)(idle.taskDefinition)} with no traffic (${deployment}: a release not shifted yet, or waiting after 'wait-for: ready'). Scaling it to 0; ${live.service} keeps all the traffic (${why})`);
    (0,context/* checkNotCancelled */.zu)(ctx);
    ctx.log.start(undefined, t0);
    await restore(ctx, holder, split ? actionsAt(holder.actions, flip, 0) : undefined, flip, backToLive(flip));
    ctx.log.line(`  Rolled back after ${(0,format/* duration */.p0)(Date.now() - t0)}: ${live.service} has all the traffic`);
    return {
        outcome: 'rolled-back',
        cluster: ctx.inputs.cluster,
        service: live.service,
        deploymentId: idle.primaryDeploymentId,
        deploymentUrl: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, idle.service, ctx.region),
        taskDefinitionArn: live.taskDefinition,
        previousTaskDefinitionArn: split ? idle.taskDefinition : live.taskDefinition,
        durationMs: Date.now() - t0,
        traffic: { green: 0, blue: 100 },
        cause: split
            ? `The weights were split ${shares(flip)}; they were put back on ${live.service} and ${idle.service} was scaled to 0 (${why})`
            : `The idle service ${idle.service} ran ${(0,format/* revisionName */.pd)(idle.taskDefinition)} with no traffic (a release not shifted yet); it was scaled to 0 (${why})`
    };
}
/**
 * mode stop. A release in flight: put back (rollback: true, the default). With rollback: false,
 * split weights are held where they are: the same shares are written with other raw weights, so no
 * request moves but the release job still running sees the change and ends without touching
 * anything. Holding is what "stop without rollback" means here: the split stays for a person to
 * look at, and nothing moves it. A release waiting after wait-for: ready is left up.
 */
async function stop(ctx) {
    const { inputs, log } = ctx;
    const { holder, flip } = await readPair(ctx, 'newer');
    const found = inFlight(flip);
    const nothing = (line) => {
        log.line(line);
        return {
            outcome: 'stopped',
            cluster: inputs.cluster,
            service: flip.live.service,
            taskDefinitionArn: flip.live.taskDefinition,
            traffic: { green: 0, blue: 100 }
        };
    };
    if (found === 'none')
        return nothing(`${(0,format/* capital */.Nx)(holder.where)} sends all the traffic to ${flip.live.service}: no release is shifting it, nothing to stop.`);
    if (inputs.rollback)
        return putBack(ctx, holder, flip, 'mode: stop');
    if (found === 'waiting') {
        return nothing(`${flip.idle.service} runs ${(0,format/* revisionName */.pd)(flip.idle.taskDefinition)} with no traffic (a release not shifted yet, or waiting after 'wait-for: ready'): left as it is (rollback: false).`);
    }
    (0,context/* checkNotCancelled */.zu)(ctx);
    await writeHolder(ctx.clients, holder, frozenActions(holder.actions, flip));
    ctx.settled();
    log.line(`${(0,format/* capital */.Nx)(holder.where)} splits traffic ${shares(flip)}: held there without rollback (rollback: false). The weights were rewritten at the same shares, so a release job still running ends without moving them. Run 'mode: stop' or 'mode: rollback' to put them back.`);
    return {
        outcome: 'stopped',
        cluster: inputs.cluster,
        service: flip.idle.service,
        deploymentId: flip.idle.primaryDeploymentId,
        deploymentUrl: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, flip.idle.service, ctx.region),
        taskDefinitionArn: flip.idle.taskDefinition,
        previousTaskDefinitionArn: flip.live.taskDefinition,
        traffic: { green: flip.idleWeight, blue: flip.liveWeight },
        cause: `Held at ${shares(flip)} without rollback (rollback: false); the weights stay split until they are put back`
    };
}
/** mode continue: shifts the release 'wait-for: ready' left up on the idle service, as a deploy goes on. */
async function continueRelease(ctx) {
    const { inputs, log } = ctx;
    const alb = ctx.own;
    const id = inputs.deploymentId;
    const { holder, flip } = await readPair(ctx);
    // Checked before any change: a stale id must not shift a release nobody looked at.
    const refused = continueRefusal(id, flip);
    if (refused)
        throw new errors/* ActionError */.lZ(`Input 'deployment-id': ${refused}`, 'deployment-id');
    await checkAlarms(ctx, alb.alarms);
    const steps = alb.trafficSteps;
    log.line(headerLine(ctx, holder, flip));
    log.line(`Continuing ECS deployment ${id}: ${flip.idle.service} runs ${(0,format/* revisionName */.pd)(flip.idle.taskDefinition)} with no traffic (mode: continue)`);
    const result = {
        outcome: 'failed',
        cluster: inputs.cluster,
        service: flip.idle.service,
        deploymentId: id,
        deploymentUrl: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, flip.idle.service, ctx.region),
        taskDefinitionArn: flip.idle.taskDefinition,
        previousTaskDefinitionArn: flip.live.taskDefinition,
        deploymentConfig: `alb-weighted ${steps.join(',')}, bake ${(0,format/* duration */.p0)(alb.stepBakeMinutes * 60_000)}`
    };
    (0,context/* checkNotCancelled */.zu)(ctx);
    const t0 = Date.now();
    log.start(undefined, t0);
    const restoreTo = backToLive(flip);
    keepForPost(ctx, { holder, restoreTo });
    ctx.state.save(state/* STATE */.c.deployment, id);
    return shift(ctx, {
        holder,
        flip,
        result,
        t0,
        deploymentId: id,
        desired: flip.idle.desiredCount,
        steps,
        bakeMinutes: alb.stepBakeMinutes,
        alarms: alb.alarms,
        restoreTo
    });
}
/**
 * mode rollback. Split weights (a release in flight, or one left split
 * by on-cancel/on-timeout: leave), or a release waiting after wait-for: ready: put back as mode stop
 * does.
 * Otherwise the earlier release goes on the idle service ('previous': what it still runs, scaled to
 * 0) and takes all the traffic in one step once its targets are healthy: a rollback is urgent, and
 * the release it goes back to already served. The alarms are not watched: they may be why.
 */
async function rollback(ctx) {
    const { inputs, clients, log } = ctx;
    const { holder, flip } = await readPair(ctx, 'newer');
    if (inFlight(flip) !== 'none')
        return putBack(ctx, holder, flip, 'mode: rollback');
    const current = flip.live.taskDefinition;
    const target = await (0,rollback_target/* resolveRollbackTarget */.a)(ctx, current, async () => previousOf(flip));
    (0,rollback_target/* refuseSameRevision */.g)(target, current);
    const td = await (0,ecs/* describeTaskDefinition */.oh)(clients.ecs, target);
    (0,taskdef/* requireContainerPort */.em)((0,taskdef/* toRegisterInput */.Rv)(td.taskDefinition), flip.idle.containerName, flip.idle.containerPort, 'rollback-to');
    log.line(headerLine(ctx, holder, flip, 'rollback: all traffic at once'));
    log.line(`Task definition ${(0,format/* revisionName */.pd)(current)} -> ${(0,format/* revisionName */.pd)(target)} (rollback-to: ${inputs.rollbackTo})`);
    const desired = Math.max(1, flip.live.desiredCount);
    const result = {
        outcome: 'failed',
        cluster: inputs.cluster,
        service: flip.idle.service,
        image: td.taskDefinition.containerDefinitions?.find((c) => c.name === flip.idle.containerName)?.image,
        taskDefinitionArn: target,
        previousTaskDefinitionArn: current,
        deploymentConfig: 'alb-weighted rollback, 100 at once'
    };
    (0,context/* checkNotCancelled */.zu)(ctx);
    const t0 = Date.now();
    log.start(undefined, t0);
    const restoreTo = { service: flip.idle.service, taskDefinition: flip.idle.taskDefinition, desiredCount: flip.idle.desiredCount };
    keepForPost(ctx, { holder, restoreTo });
    const deploymentId = await updateIdle(ctx, flip, target, desired, result);
    return shift(ctx, { holder, flip, result, t0, deploymentId, desired, steps: [100], bakeMinutes: 0, alarms: [], restoreTo });
}

// EXTERNAL MODULE: ./src/kit/plan.ts + 1 modules
var plan = __webpack_require__(980);
;// CONCATENATED MODULE: ./src/ways/alb-weighted/plan-mode.ts
/** mode plan of an alb-weighted release: which side is live, the steps, the alarms, and the task definition the idle side would get. */





async function planRelease(ctx) {
    const { inputs, own } = ctx;
    refuseWaitFor(ctx);
    const { holder, flip, live } = await readPair(ctx);
    const lb = { containerName: flip.live.containerName, containerPort: flip.live.containerPort };
    const rendered = await (0,render/* renderFromService */.MD)(ctx, live, lb);
    const checks = [
        {
            status: 'ok',
            text: `${flip.live.service} has all the traffic of ${holder.where}; ${flip.idle.service} would get the new task definition and ${Math.max(1, flip.live.desiredCount)} tasks`
        }
    ];
    if (inFlight(flip) === 'waiting') {
        checks.push({
            status: 'warn',
            text: `${flip.idle.service} already runs ${(0,format/* revisionName */.pd)(flip.idle.taskDefinition)} with ${flip.idle.desiredCount} tasks and no traffic (a release waiting at wait-for ready?): a release replaces it`
        });
    }
    if (own.alarms.length) {
        try {
            await checkAlarms(ctx, own.alarms);
            checks.push({ status: 'ok', text: `alarms ${own.alarms.join(', ')} exist and are not in ALARM` });
        }
        catch (err) {
            if (!(err instanceof errors/* ActionError */.lZ))
                throw err;
            checks.push({ status: 'fail', text: err.message });
        }
    }
    return (0,plan/* reportPlan */._S)(ctx, {
        header: headerLine(ctx, holder, flip),
        rendered,
        lb,
        checks,
        result: {
            outcome: 'planned',
            cluster: inputs.cluster,
            service: flip.idle.service,
            previousTaskDefinitionArn: flip.live.taskDefinition,
            deploymentConfig: `alb-weighted ${own.trafficSteps.join(',')}, bake ${(0,format/* duration */.p0)(own.stepBakeMinutes * 60_000)}`
        }
    });
}

;// CONCATENATED MODULE: ./src/ways/alb-weighted/handlers.ts





const handlers = {
    modes: { deploy: deploy, plan: planRelease, rollback: rollback, continue: continueRelease, stop: stop },
    afterKill: afterKill,
    describe: describeAlbEvent
};


/***/ })

};
