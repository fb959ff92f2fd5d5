export const id = 704;
export const ids = [704];
export const modules = {

/***/ 5619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C0: () => (/* binding */ listServiceDeployments),
/* harmony export */   MH: () => (/* binding */ describeServiceDeployment),
/* harmony export */   Ns: () => (/* binding */ revisionTaskDefinitions),
/* harmony export */   WK: () => (/* binding */ previousServiceRelease),
/* harmony export */   WU: () => (/* binding */ refuseForeignDeployment)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(212);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _abortable_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3315);
/**
 * The ECS service deployment calls (deployment controller ECS: rolling and ECS-native alike keep a
 * history of service deployments, each from a source to a target service revision).
 */



/** The service's service deployments, newest first; `status` filters (e.g. PENDING and IN_PROGRESS for those in flight). */
async function listServiceDeployments(ecs, cluster, service, status, limit = 100) {
    const out = [];
    let nextToken;
    do {
        const page = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .ListServiceDeploymentsCommand */ .jz8({ cluster, service, status, nextToken, maxResults: Math.min(100, limit) }));
        out.push(...(page.serviceDeployments ?? []));
        nextToken = page.nextToken;
    } while (nextToken && out.length < limit);
    return out.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}
/** One service deployment; an ARN that AWS does not know is the input's fault. */
async function describeServiceDeployment(ecs, arn, signal) {
    const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServiceDeploymentsCommand */ .A6p({ serviceDeploymentArns: [arn] }), (0,_abortable_js__WEBPACK_IMPORTED_MODULE_2__/* .abortable */ .Z)(signal));
    const d = out.serviceDeployments?.[0];
    if (!d)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input 'deployment-id': service deployment ${arn} does not exist in this account and region. Pass the 'deployment-id' output of the step that started it, and check 'aws-region'.`, 'deployment-id');
    return d;
}
/** Task definition of each service revision ARN (DescribeServiceRevisions takes up to 20 at a time). */
async function revisionTaskDefinitions(ecs, revisionArns) {
    const out = new Map();
    const arns = [...new Set(revisionArns)];
    for (let i = 0; i < arns.length; i += 20) {
        const page = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServiceRevisionsCommand */ .oF5({ serviceRevisionArns: arns.slice(i, i + 20) }));
        for (const r of page.serviceRevisions ?? [])
            if (r.serviceRevisionArn && r.taskDefinition)
                out.set(r.serviceRevisionArn, r.taskDefinition);
    }
    return out;
}
/**
 * 'previous' on the ECS-controller ways: the revision the service ran before the release that is
 * live now. That release is the newest SUCCESSFUL service deployment to `current`, and what it
 * released over is its source revision; revisions registered in between and never deployed do not
 * count. A service whose live revision came with the service itself (its creation has no source)
 * falls back to the newest SUCCESSFUL service deployment of another task definition.
 */
async function previousServiceRelease(ecs, cluster, service, current) {
    const done = (await listServiceDeployments(ecs, cluster, service, ['SUCCESSFUL'], 25)).filter((d) => d.targetServiceRevisionArn && d.serviceDeploymentArn);
    const tds = await revisionTaskDefinitions(ecs, done.map((d) => d.targetServiceRevisionArn));
    const live = done.find((d) => tds.get(d.targetServiceRevisionArn) === current);
    if (live) {
        const source = (await describeServiceDeployment(ecs, live.serviceDeploymentArn)).sourceServiceRevisions?.[0]?.arn;
        const td = source ? (await revisionTaskDefinitions(ecs, [source])).get(source) : undefined;
        if (td && td !== current)
            return { taskDefinitionArn: td, foundIn: `what service deployment ${live.serviceDeploymentArn} released ${short(current)} over` };
    }
    for (const d of done) {
        const td = tds.get(d.targetServiceRevisionArn);
        if (td && td !== current)
            return { taskDefinitionArn: td, foundIn: `service deployment ${d.serviceDeploymentArn}` };
    }
    return { none: `service '${service}' has no successful service deployment of anything but ${short(current)} in its history` };
}
/** `web:42` from a task definition ARN. */
const short = (arn) => arn?.split('/').pop() ?? '-';
/**
 * Refuses a 'deployment-id' of another service: a mistyped or stale one must not stop or continue
 * someone else's release. Without the service's ARN, its cluster/service ending is compared.
 */
function refuseForeignDeployment(d, serviceArn, o) {
    const ok = serviceArn ? d.serviceArn === serviceArn : d.serviceArn?.endsWith(`/${o.cluster.split('/').pop()}/${o.service.split('/').pop()}`);
    if (ok)
        return;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input 'deployment-id': service deployment ${d.serviceDeploymentArn} belongs to ${d.serviceArn}, not to ${o.cluster}/${o.service}. Pass the 'deployment-id' output of a step that released this service.`, 'deployment-id');
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

/***/ 9294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ey: () => (/* binding */ serviceSuspects),
/* harmony export */   KA: () => (/* binding */ PASSING),
/* harmony export */   ib: () => (/* binding */ worthExplaining)
/* harmony export */ });
/* unused harmony export INVESTIGATED */
/** Outcomes after which the step passes: unchanged too, as the service already runs what was asked for. */
const PASSING = new Set(['succeeded', 'ready', 'traffic-shifted', 'started', 'unchanged', 'planned']);
/** Where a release of an ECS-controller service runs its new revision: the service's own target groups. */
function serviceSuspects(cluster, service, taskDefinitionArn, since) {
    const groups = (service.loadBalancers ?? []).flatMap((lb) => [lb.targetGroupArn, lb.advancedConfiguration?.alternateTargetGroupArn]);
    return { cluster, service: service.serviceName ?? '', taskDefinitionArn, targetGroups: [...new Set(groups.filter((g) => !!g))], since };
}
/** Outcomes src/kit/forensics.ts looks into. */
const INVESTIGATED = new Set(['failed', 'rolled-back', 'timed-out']);
/** Whether a release went wrong in a way worth a look at why: mode stop, and mode rollback of a release in flight, end one on purpose. */
function worthExplaining(mode, result) {
    if (!result.suspects || !INVESTIGATED.has(result.outcome))
        return false;
    return !(mode === 'stop' || (mode === 'rollback' && result.outcome === 'rolled-back'));
}


/***/ }),

/***/ 8259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ awaitIdle)
/* harmony export */ });
/* harmony import */ var _core_context_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8480);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2011);
/**
 * if-busy: what a release does when another release of the same service is in flight. fail
 * refuses naming it; stop-previous rolls it back; wait streams it to its end. Either way nothing
 * of this release has changed yet, and the log says how the other one ended.
 */



/** Settles `busy` (when something is in flight) as if-busy says, before this release changes anything. */
async function awaitIdle(ctx, busy) {
    if (!busy)
        return;
    const { inputs, log } = ctx;
    if (inputs.ifBusy === 'fail') {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${busy.owner} is busy with ${busy.name} (${busy.url}). Wait for it, stop it (mode: stop), or set 'if-busy' to wait or stop-previous; nothing was deployed.`, 'if-busy');
    }
    if (inputs.ifBusy === 'stop-previous') {
        (0,_core_context_js__WEBPACK_IMPORTED_MODULE_0__/* .checkNotCancelled */ .zu)(ctx);
        log.line(`${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .capital */ .Nx)(busy.name)} is in flight: ${busy.stopping ?? 'stopping it with rollback'} (if-busy: stop-previous)  ${busy.url}`);
        await busy.stop();
    }
    else {
        log.line(`${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .capital */ .Nx)(busy.name)} is in flight: waiting for it to end (if-busy: wait)  ${busy.url}`);
    }
    const end = await busy.follow();
    if ('gaveUp' in end) {
        const why = end.gaveUp === 'timeout' ? "'wait-for-minutes' reached" : end.gaveUp === 'aborted' ? 'the job was cancelled' : end.gaveUp;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Gave up waiting for ${busy.name} to end (${why}); nothing was deployed.`, 'if-busy');
    }
    log.line(`${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .capital */ .Nx)(busy.name)} ended ${end.ended}; going on with this release.`);
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


/***/ })

};
