export const id = 48;
export const ids = [48,429];
export const modules = {

/***/ 446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bw: () => (/* binding */ logAfter),
/* harmony export */   RB: () => (/* binding */ logTail),
/* harmony export */   gd: () => (/* binding */ logGroupExists)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(303);
/* harmony import */ var _abortable_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3315);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(201);
/** CloudWatch Logs: a container's awslogs stream, as it is written (a pre-release task) or its last lines (a failed release); whether a log group exists (mode plan). */



(0,_clients_js__WEBPACK_IMPORTED_MODULE_0__.provideClient)('logs', (config) => new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .CloudWatchLogsClient */ .TFr(config));
/** Whether a log group of exactly this name exists (mode plan: a missing awslogs group stops every task at start). */
async function logGroupExists(logs, name) {
    const out = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeLogGroupsCommand */ .VlF({ logGroupNamePrefix: name, limit: 50 }));
    return (out.logGroups ?? []).some((g) => g.logGroupName === name);
}
const logLine = (e) => ({
    at: e.timestamp === undefined ? undefined : new Date(e.timestamp),
    message: (e.message ?? '').replace(/\r?\n$/, '')
});
/** The newest `lines` events of one stream, oldest first (GetLogEvents reading back from the end). */
async function logTail(logs, o) {
    const out = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .GetLogEventsCommand */ .h7S({ logGroupName: o.group, logStreamName: o.stream, limit: o.lines, startFromHead: false }));
    return (out.events ?? []).map(logLine);
}
/**
 * The events of one stream after `token` (from its head without one), oldest first, and the token
 * to read on from: the same token back means nothing new yet.
 */
async function logAfter(logs, o, signal) {
    const out = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__/* .GetLogEventsCommand */ .h7S({ logGroupName: o.group, logStreamName: o.stream, startFromHead: true, ...(o.token ? { nextToken: o.token } : {}) }), (0,_abortable_js__WEBPACK_IMPORTED_MODULE_2__/* .abortable */ .Z)(signal));
    return { lines: (out.events ?? []).map(logLine), token: out.nextForwardToken ?? o.token };
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

/***/ 5429:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ir: () => (/* binding */ busyCheck),
/* harmony export */   _S: () => (/* binding */ reportPlan),
/* harmony export */   planMarker: () => (/* binding */ planMarker)
/* harmony export */ });
/* unused harmony exports secretChecks, planMarkdown */
/* harmony import */ var _aws_logs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(446);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _core_way_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5532);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2011);
/* harmony import */ var _register_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9687);
/* harmony import */ var _render_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4566);
/* harmony import */ var _rollback_target_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2750);







const MARK = {
    ok: { log: 'ok  ', md: '✅' },
    warn: { log: 'warn', md: '⚠️' },
    fail: { log: 'FAIL', md: '❌' }
};
/** Where a rollback after this release would go: 'rollback-to' resolved as mode rollback would, with the revision running now as 'previous'. */
async function rollbackLine(ctx, running) {
    const quiet = { line: () => undefined };
    try {
        const to = await (0,_rollback_target_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveRollbackTarget */ .a)({ ...ctx, log: quiet }, running, async () => running ? { taskDefinitionArn: running, foundIn: 'what the service runs now' } : { none: 'the service runs no task definition' });
        const said = ctx.inputs.rollbackTo === 'previous' ? 'previous' : `'${ctx.inputs.rollbackTo}'`;
        return `rollback-to ${said} would go back to ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(to)}${to === running ? ' (what the service runs now)' : ''}`;
    }
    catch (err) {
        if (!(err instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ))
            throw err;
        return { status: 'fail', text: err.message };
    }
}
/** The task's awslogs groups: each must exist, or tasks stop at start (unless awslogs-create-group). */
async function logGroupChecks(ctx, td) {
    const groups = new Map();
    for (const c of td.containerDefinitions ?? []) {
        const lc = c.logConfiguration;
        const name = lc?.logDriver === 'awslogs' ? lc.options?.['awslogs-group'] : undefined;
        if (name)
            groups.set(name, { region: lc?.options?.['awslogs-region'], create: lc?.options?.['awslogs-create-group'] === 'true' });
    }
    const out = [];
    for (const [name, g] of groups) {
        if (g.region && g.region !== ctx.region) {
            out.push({ status: 'warn', text: `log group ${name} is in ${g.region}, not checked from ${ctx.region}` });
            continue;
        }
        try {
            if (await (0,_aws_logs_js__WEBPACK_IMPORTED_MODULE_0__/* .logGroupExists */ .gd)(ctx.clients.logs, name))
                out.push({ status: 'ok', text: `log group ${name} exists` });
            else if (g.create)
                out.push({ status: 'ok', text: `log group ${name} does not exist yet; awslogs-create-group creates it` });
            else
                out.push({
                    status: 'fail',
                    text: `log group ${name} does not exist: every task would stop at start (ResourceInitializationError). Create it, or set awslogs-create-group "true"`
                });
        }
        catch (err) {
            out.push({ status: 'warn', text: `log group ${name} not checked: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(err)} (needs logs:DescribeLogGroups)` });
        }
    }
    return out;
}
const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager|ssm):([a-z0-9-]+):(\d{12}):(secret|parameter)[:/].+$/;
/** The secrets' ARNs: well formed, of Secrets Manager or SSM, and an execution role to read them with. Names only, never values. */
function secretChecks(td, region) {
    const secrets = (td.containerDefinitions ?? []).flatMap((c) => (c.secrets ?? []).map((s) => ({ container: c.name, ...s })));
    if (!secrets.length)
        return [];
    const out = [];
    if (!td.executionRoleArn) {
        out.push({
            status: 'fail',
            text: `${secrets.length} secret${secrets.length > 1 ? 's' : ''} but no executionRoleArn: ECS reads secrets with the task execution role, so no task would start. Add the role`
        });
    }
    const said = [];
    for (const s of secrets) {
        const m = SECRET_ARN.exec(s.valueFrom ?? '');
        if (m)
            said.push(`${s.name} (${m[1]}, ${m[2]}${m[2] !== region ? ', another region' : ''})`);
        else if ((s.valueFrom ?? '').startsWith('arn:'))
            out.push({ status: 'fail', text: `secret ${s.name} of ${s.container}: valueFrom is not a Secrets Manager secret or SSM parameter ARN` });
        else
            said.push(`${s.name} (SSM parameter name, ${region})`);
    }
    if (said.length)
        out.push({ status: 'ok', text: `secrets ${said.join(', ')}` });
    return out;
}
/** The pre-release task a release would run right after registering: its container must be an essential one of the new task definition. */
function preReleaseCheck(ctx, r) {
    const command = ctx.inputs.preReleaseCommand;
    if (!command)
        return [];
    try {
        const container = (0,_register_js__WEBPACK_IMPORTED_MODULE_3__/* .preReleaseContainer */ .kg)(ctx.inputs, r.taskDefinition, r.imageContainer);
        return [{ status: 'ok', text: `pre-release task: ${JSON.stringify(command)} in container ${container}, before anything else changes` }];
    }
    catch (err) {
        if (!(err instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ))
            throw err;
        return [{ status: 'fail', text: err.message }];
    }
}
/** Runs the checks every way shares, prints the plan, and returns it as the result of mode plan. */
async function reportPlan(ctx, p) {
    const { inputs, log } = ctx;
    const r = p.rendered;
    log.line(p.header);
    (0,_render_js__WEBPACK_IMPORTED_MODULE_4__/* .printRendered */ .Xp)(ctx, r);
    const rollback = await rollbackLine(ctx, r.previousArn);
    const checks = [
        ...(p.lb
            ? [
                {
                    status: 'ok',
                    text: `the load balancer routes to ${p.lb.containerName}${p.lb.containerPort !== undefined ? `:${p.lb.containerPort}` : ''}, which the new task definition has`
                }
            ]
            : []),
        ...p.checks,
        ...preReleaseCheck(ctx, r),
        ...(await logGroupChecks(ctx, r.taskDefinition)),
        ...secretChecks(r.taskDefinition, ctx.region),
        ...(typeof rollback === 'string' ? [] : [rollback])
    ];
    const unchanged = r.unchanged && !inputs.force;
    const what = unchanged
        ? `Unchanged: the service already runs ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(r.previousArn)}; a release would register and deploy nothing ('force: true' releases anyway).`
        : r.existingArn && r.existingArn !== r.previousArn
            ? `A release would put ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(r.existingArn)} on the service as it is, registering nothing.`
            : `A release would register ${r.taskDefinition.family}:new and put it on the service.`;
    if (typeof rollback === 'string')
        log.line(`Rollback: ${rollback}`);
    log.line('Checks (read-only):');
    for (const c of checks)
        log.line(`  ${MARK[c.status].log}  ${c.text}`);
    if (p.appSpec)
        log.line(`AppSpec: ${JSON.stringify(p.appSpec)}`);
    log.line(what);
    const failed = checks.filter((c) => c.status === 'fail');
    log.line(`Plan only (mode plan): nothing in AWS was changed.${failed.length ? ` ${failed.length} check${failed.length > 1 ? 's' : ''} failed: the release would fail.` : ''}`);
    const plan = planMarkdown(ctx, p, { checks, rollback: typeof rollback === 'string' ? rollback : undefined, what });
    return {
        ...p.result,
        outcome: failed.length ? 'failed' : unchanged ? 'unchanged' : 'planned',
        taskDefinitionArn: unchanged ? r.previousArn : r.existingArn,
        previousTaskDefinitionArn: r.previousArn,
        plan,
        ...(failed.length ? { cause: `The plan found ${failed.length} problem${failed.length > 1 ? 's' : ''}: ${failed.map((c) => c.text).join('; ')}` } : {})
    };
}
/** A comment GitHub hides, that finds the plan's comment of this service again on the next run. */
const planMarker = (cluster, service) => `<!-- ecs-bluegreen-action plan ${cluster}/${service} -->`;
const cell = (s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** The plan as Markdown: for the output 'plan', the job summary and the pull request comment. */
function planMarkdown(ctx, p, o) {
    const { inputs } = ctx;
    const r = p.rendered;
    const failed = o.checks.some((c) => c.status === 'fail');
    const copy = r.existingArn === r.previousArn && inputs.force;
    const to = r.existingArn && !copy ? (0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(r.existingArn) : `${r.taskDefinition.family}:new`;
    const out = [
        planMarker(inputs.cluster, inputs.service),
        `### ${failed ? '❌' : '📋'} Release plan: \`${cell(inputs.cluster)}/${cell(inputs.service)}\``,
        '',
        `**${_core_way_js__WEBPACK_IMPORTED_MODULE_2__/* .WAY_TITLES */ .a[ctx.chosen.way]}** (${cell(ctx.chosen.why)})`,
        '',
        `\`${p.header.replace(/^ecs-bluegreen-action\s+/, '').replace(/`/g, "'")}\``,
        '',
        o.what,
        '',
        `| Task definition | ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(r.previousArn)} → ${to} |`,
        '| --- | --- |'
    ];
    for (const d of r.diff)
        out.push(`| ${cell([d.container, d.field].filter(Boolean).join(' '))} | \`${cell(d.text)}\` |`);
    const tags = (r.taskDefinition.tags ?? []).filter((t) => inputs.tags.some((x) => x.key === t.key) || t.key === 'Environment' || t.key === 'Version');
    if (tags.length && !r.existingArn)
        out.push(`| tags | ${cell(tags.map((t) => `${t.key}=${t.value}`).join(' '))} |`);
    if (o.rollback)
        out.push(`| Rollback | ${cell(o.rollback)} |`);
    out.push('', '**Checks** (read-only)', '');
    for (const c of o.checks)
        out.push(`- ${MARK[c.status].md} ${c.text}`);
    if (p.appSpec)
        out.push('', '<details><summary>AppSpec</summary>', '', '```json', JSON.stringify(p.appSpec, null, 2), '```', '', '</details>');
    out.push('', '_Plan only: nothing in AWS was changed._');
    return out.join('\n');
}
/** A release in flight, as if-busy would meet it: what the release would do about it. */
function busyCheck(ctx, inFlight, idle) {
    if (!inFlight)
        return { status: 'ok', text: idle };
    const what = { wait: 'wait for it to end first', 'stop-previous': 'stop it with rollback first', fail: 'be refused' }[ctx.inputs.ifBusy];
    return {
        status: ctx.inputs.ifBusy === 'fail' ? 'fail' : 'warn',
        text: `${inFlight.owner} is busy with ${inFlight.name}: a release would ${what} (if-busy: ${ctx.inputs.ifBusy})`
    };
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
        const wait = Math.max(10, Math.min(delay, (o.until ?? o.deadline) - t, o.deadline - t));
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

/***/ 9687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h4: () => (/* binding */ registerRelease),
/* harmony export */   kg: () => (/* binding */ preReleaseContainer),
/* harmony export */   vq: () => (/* binding */ unchangedRelease)
/* harmony export */ });
/* harmony import */ var _aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1032);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2011);



/**
 * A release that would change nothing ends here, before anything is registered: outcome unchanged,
 * the revision that runs as the task definition. undefined when the release goes on.
 */
function unchangedRelease(ctx, r, result) {
    if (!r.unchanged || ctx.inputs.force)
        return undefined;
    ctx.log.line(`Unchanged: the service already runs ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd)(r.previousArn)}, what this release would put on it (same containers, images, environment, secrets and settings). Nothing registered or deployed; 'force: true' releases anyway.`);
    return { ...result, outcome: 'unchanged', taskDefinitionArn: r.previousArn, previousTaskDefinitionArn: r.previousArn };
}
/**
 * Registers the new revision and runs its pre-release task, if the inputs give one: the first
 * change of every way's deploy. A way goes on only when `stop` is false.
 */
async function registerRelease(ctx, r) {
    const command = ctx.inputs.preReleaseCommand;
    // Checked before anything is registered: a wrong container name is the input's fault.
    const container = command ? preReleaseContainer(ctx.inputs, r.taskDefinition, r.imageContainer) : undefined;
    const registered = await registerOrReuse(ctx, r);
    const arn = registered.taskDefinitionArn;
    if (!command || !container)
        return { arn, result: {}, stop: false };
    const { runPreRelease } = await __webpack_require__.e(/* import() */ 417).then(__webpack_require__.bind(__webpack_require__, 5417));
    const ran = await runPreRelease(ctx, { taskDefinition: registered, container, command, service: r.service });
    return { arn, result: ran, stop: ran.preRelease?.ended !== 'succeeded' };
}
/**
 * The revision 'task-definition' names, released as it is; else a new one registered. Promoting
 * the revision the service runs already would start no release with the same ARN: 'force'
 * registers a copy of it.
 */
async function registerOrReuse(ctx, r) {
    if (r.existingArn && r.existingArn !== r.previousArn) {
        ctx.log.line(`Releasing ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd)(r.existingArn)} as it is ('task-definition'): nothing registered`);
        return { family: r.taskDefinition.family, containerDefinitions: r.taskDefinition.containerDefinitions, taskDefinitionArn: r.existingArn };
    }
    const registered = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .registerTaskDefinition */ .eQ)(ctx.clients.ecs, r.taskDefinition);
    ctx.log.line(`Registered ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd)(registered.taskDefinitionArn)}${r.startsFrom ? ` from ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd)(r.startsFrom)} of 'task-definition'` : ''}`);
    return registered;
}
/** The container the command runs in: 'pre-release-container', else the one whose image is replaced. It must be essential, or its exit would not end the task. */
function preReleaseContainer(inputs, td, imageContainer) {
    const name = inputs.preReleaseContainer ?? imageContainer;
    const defs = td.containerDefinitions ?? [];
    const def = defs.find((c) => c.name === name);
    if (!def) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)('pre-release-container', `'${name}' is not a container of the task definition (${defs.map((c) => c.name).join(', ')})`, 'Name one of those containers, or leave it out for the one whose image is replaced');
    }
    if (def.essential === false) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)('pre-release-container', `container '${name}' is not essential, so the task would not stop when the command ends`, 'Name an essential container of the task definition');
    }
    return name;
}


/***/ }),

/***/ 2750:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ resolveRollbackTarget),
/* harmony export */   g: () => (/* binding */ refuseSameRevision)
/* harmony export */ });
/* harmony import */ var _aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1032);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2011);
/**
 * rollback-to, resolved to a task definition ARN the same way for every strategy: 'previous' asks
 * the way's own history (CodeDeploy's deployments, the service's service deployments, the idle
 * service of an ALB pair); a revision number, family:revision, an ARN or a Version tag value are
 * looked up in ECS.
 */



/** How many task definitions a Version tag search reads before giving up. */
const VERSION_SEARCH_LIMIT = 30;
async function resolveRollbackTarget(ctx, current, previous) {
    const { inputs, clients } = ctx;
    const to = inputs.rollbackTo;
    const family = (current ?? '').split('/').pop()?.split(':')[0];
    const describe = async (ref) => {
        try {
            return (await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .describeTaskDefinition */ .oh)(clients.ecs, ref)).taskDefinition.taskDefinitionArn;
        }
        catch (err) {
            if (err.name === 'ClientException' || err.name === 'InvalidParameterException') {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Input 'rollback-to': task definition '${ref}' does not exist. Give a revision of family '${family}' that exists (see aws ecs list-task-definitions --family-prefix ${family}).`, 'rollback-to');
            }
            throw err;
        }
    };
    if (to === 'previous') {
        const p = await previous();
        if ('none' in p)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Input 'rollback-to': ${p.none}. Give 'rollback-to' a revision number, an ARN or a Version tag.`, 'rollback-to');
        ctx.log.line(`Previous release: ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd)(p.taskDefinitionArn)} (${p.foundIn})`);
        return describe(p.taskDefinitionArn);
    }
    if (/^\d+$/.test(to))
        return describe(`${family}:${to}`);
    if (to.startsWith('arn:'))
        return describe(to);
    if (/^[\w-]+:\d+$/.test(to))
        return describe(to);
    // A Version tag value: newest revisions first, bounded.
    const arns = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .listTaskDefinitions */ .ad)(clients.ecs, family, VERSION_SEARCH_LIMIT);
    for (const arn of arns) {
        const { tags } = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .describeTaskDefinition */ .oh)(clients.ecs, arn);
        if (tags.some((t) => t.key === 'Version' && t.value === to))
            return arn;
    }
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Input 'rollback-to': no task definition of family '${family}' among its ${arns.length} newest revisions is tagged Version=${to}. Give a revision number or an ARN instead.`, 'rollback-to');
}
/** Refuses a rollback to what the service already runs. */
function refuseSameRevision(target, current) {
    if (target === current) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Input 'rollback-to': ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd)(target)} is what the service runs now; there is nothing to roll back to. Name another revision.`, 'rollback-to');
    }
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


/***/ })

};
