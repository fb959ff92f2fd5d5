export const id = 706;
export const ids = [706,325];
export const modules = {

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   Xu: () => (/* binding */ inputError),
/* harmony export */   lZ: () => (/* binding */ ActionError)
/* harmony export */ });
/**
 * One error type for everything the user can fix. The message says what is wrong and what to do;
 * `subject` names the input (or AWS resource) at fault so the annotation can be titled with it.
 */
class ActionError extends Error {
    subject;
    constructor(message, subject) {
        super(message);
        this.subject = subject;
        this.name = 'ActionError';
    }
}
/** An input the user gave is wrong: raised before anything in AWS is changed. */
function inputError(input, problem, fix) {
    return new ActionError(`Input '${input}': ${problem}. ${fix}`, input);
}
/** The one place that turns any thrown value into the words the user reads. */
function describeError(err) {
    if (err instanceof ActionError)
        return err.message;
    if (err instanceof Error) {
        const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
        return `${name}${err.message}${hintFor(err)}`;
    }
    return String(err);
}
/** What to do about the AWS errors a user can fix, appended to the AWS message. */
function hintFor(err) {
    const sentence = (m) => (/[.!?]$/.test(m.trim()) ? ' ' : '. ');
    if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(err.name)) {
        return `${sentence(err.message)}The role this step runs as lacks that permission: grant the actions of docs/iam-policy.json, scoped to this service and deployment group.`;
    }
    if (/ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch/.test(err.name)) {
        return `${sentence(err.message)}The AWS credentials were refused: check the role configure-aws-credentials assumed, and that its session outlasts the release (role-duration-seconds).`;
    }
    if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(err.name)) {
        return `${sentence(err.message)}AWS went on throttling after every retry: run fewer releases in this account at once, or run the step again.`;
    }
    const status = err.$metadata?.httpStatusCode;
    if ((status !== undefined && status >= 500) || /ServerException|InternalFailure|ServiceUnavailable/.test(err.name)) {
        return `${sentence(err.message)}AWS answered with a server error after every retry: check the AWS Health Dashboard for the region, then run the step again.`;
    }
    return '';
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

/***/ 1706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  githubDeployment: () => (/* binding */ githubDeployment),
  readInput: () => (/* binding */ readInput),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/github/runner.ts
var runner = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/aws/clients.ts
var aws_clients = __webpack_require__(201);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(9114);
// EXTERNAL MODULE: ./src/core/result.ts
var core_result = __webpack_require__(9294);
// EXTERNAL MODULE: ./src/core/state.ts
var core_state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/github/annotations.ts
/**
 * The one ::error annotation a failed release ends with: titled with the service, the outcome and
 * the cause's first clause; the message is the whole cause and where traffic went back to.
 */

/**
 * The head of a cause, for a title: up to its second ': ', before any '; ' or ' ('.
 * 'Install failed: app exited 137 (Essential container…)' -> 'Install failed: app exited 137',
 * 'Deployment stopped: ALARM_ACTIVE: One or more alarms…' -> 'Deployment stopped: ALARM_ACTIVE'.
 */
function headline(cause, max = 80) {
    const clause = cause.split('; ')[0].split(' (')[0].split(': ').slice(0, 2).join(': ').trim();
    return clause.length > max ? `${clause.slice(0, max - 1)}…` : clause;
}
function failureAnnotation(r) {
    // AWS messages often end with a period already: one sentence, one period.
    const cause = (r.cause ?? `Release ${r.outcome}`).replace(/\.+$/, '');
    const rolledBack = r.outcome === 'rolled-back' ? ` Rolled back to ${(0,format/* revisionName */.pd)(r.previousTaskDefinitionArn)}.` : '';
    const head = r.cause ? ` (${headline(cause)})` : '';
    const why = r.forensics?.causes[0];
    const said = why ? ` Why: ${why.title.replace(/\.$/, '')}. Fix: ${why.fix.replace(/\.$/, '')}.` : '';
    return { title: `${r.cluster}/${r.service} ${r.plan ? 'plan' : 'release'} ${r.outcome}${head}`, message: `${cause}.${rolledBack}${said}${lastLines(r)}` };
}
/** The most of the failed container's last lines an annotation shows: the job summary has them all. */
const ANNOTATION_LOG_LINES = 10;
/** The failed container's last lines, under the message: what it said is often the whole story. */
function lastLines(r) {
    const e = r.forensics?.excerpt;
    if (!e?.lines.length)
        return '';
    const lines = e.lines.slice(-ANNOTATION_LOG_LINES);
    return `\nLast ${lines.length} lines of ${e.container}:\n${lines.map((l) => `  | ${l}`).join('\n')}`;
}

;// CONCATENATED MODULE: ./src/github/deployments.ts


/** Marks the deployments this action creates, so a later job (mode continue/stop) finds its own. */
const TOOL = 'ecs-bluegreen-action';
/** GitHub caps a status description at 140 characters. */
function clip(text, max = 140) {
    const one = text.replace(/\s+/g, ' ').trim();
    return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
/** The run's page: the log a status links to. */
function logUrl(env) {
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    const attempt = Number(env.GITHUB_RUN_ATTEMPT);
    return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt > 1 ? `/attempts/${attempt}` : ''}`;
}
const deployments_short = (image) => image?.split('/').pop();
/** The status a release ends with, and its words; undefined leaves the deployment as it is. */
function finalStatus(mode, result, error) {
    if (!result)
        return { state: 'failure', description: clip(error ?? 'The step failed before the release started') };
    const where = `${result.cluster}/${result.service}`;
    const rev = (0,format/* revisionName */.pd)(result.taskDefinitionArn);
    const id = result.deploymentId ? ` (${result.deploymentId})` : '';
    const took = result.durationMs !== undefined ? ` in ${(0,format/* duration */.p0)(result.durationMs)}` : '';
    const because = result.cause ?? `Release ${result.outcome}`;
    if (mode === 'stop') {
        // Mode stop ends someone else's release: it is no longer what runs there.
        return result.outcome === 'stopped' || result.outcome === 'rolled-back'
            ? { state: 'inactive', description: clip(`Stopped by mode stop${id}: ${because}`) }
            : undefined;
    }
    switch (result.outcome) {
        case 'unchanged':
            return { state: 'success', description: clip(`${where} runs ${rev}, unchanged: nothing was released`) };
        case 'succeeded':
            return { state: 'success', description: clip(`${where} runs ${rev}${id}${took}`) };
        case 'traffic-shifted':
            return { state: 'success', description: clip(`${where}: all traffic on ${rev}${id}; blue is kept until the termination wait ends`) };
        case 'ready':
            return { state: 'in_progress', description: clip(`${where}: ${rev} is up with test traffic${id}; production traffic waits for mode continue`) };
        case 'started':
            return { state: 'in_progress', description: clip(`${where}: deployment${id} started, not followed (wait-for: none)`) };
        case 'rolled-back':
            // Mode rollback that stopped a release in flight with CodeDeploy's rollback: that was the job.
            if (mode === 'rollback')
                return { state: 'success', description: clip(`${where} rolled back to ${(0,format/* revisionName */.pd)(result.previousTaskDefinitionArn)}${id}`) };
            return { state: 'failure', description: clip(`${because}. Rolled back to ${(0,format/* revisionName */.pd)(result.previousTaskDefinitionArn)}.`) };
        case 'stopped':
            return { state: 'inactive', description: clip(`Stopped${id}: ${because}`) };
        case 'failed':
        case 'timed-out':
            return { state: 'failure', description: clip(because) };
        case 'planned':
            // mode plan records no deployment.
            return undefined;
    }
}
function isOurs(payload, cluster, service) {
    const p = (typeof payload === 'string' ? safeJson(payload) : payload);
    return p?.tool === TOOL && p.cluster === cluster && p.service === service;
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function explain(err) {
    const e = err;
    // Octokit appends " - <documentation_url>" to GitHub's message.
    const text = (e?.message ?? String(err)).replace(/ - https?:\/\/\S+$/, '').replace(/[.\s]+$/, '');
    const hint = e?.status === 403 || e?.status === 401
        ? " Give the job 'permissions: deployments: write' and pass github-token: ${{ github.token }}."
        : e?.status === 404
            ? ' Check that the token can see this repository.'
            : '';
    return `${e?.status ? `${e.status} ` : ''}${text}.${hint}`;
}
/** Octokit from @actions/github, loaded on first use so a run without a token never pays for it. */
const octokitConnect = async (token, repo, baseUrl) => {
    const { octokitDeployments } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702));
    return octokitDeployments(token, repo, baseUrl);
};
/**
 * One release's GitHub deployment. `create` returns undefined without a token (quietly) and warns
 * when a token is given but something it needs is missing.
 */
class GitHubDeployment {
    o;
    token;
    environment;
    repo;
    ref;
    api;
    id;
    broken = false;
    constructor(o, token, environment, repo, ref) {
        this.o = o;
        this.token = token;
        this.environment = environment;
        this.repo = repo;
        this.ref = ref;
    }
    static create(o) {
        const token = o.inputs.githubToken;
        if (!token)
            return undefined;
        const environment = o.inputs.environment;
        if (!environment) {
            o.warn("github-token is given but environment is not: no GitHub deployment is recorded. Set 'environment' (e.g. prod) to the environment to record it in.");
            return undefined;
        }
        const [owner, repo] = (o.env.GITHUB_REPOSITORY ?? '').split('/');
        const ref = o.env.GITHUB_SHA || o.env.GITHUB_REF;
        if (!owner || !repo || !ref) {
            o.warn('github-token is given but GITHUB_REPOSITORY or GITHUB_SHA is not set: no GitHub deployment is recorded.');
            return undefined;
        }
        return new GitHubDeployment(o, token, environment, { owner, repo }, ref);
    }
    /** The deployment id on GitHub, once created or found. */
    get deploymentId() {
        return this.id;
    }
    async call(what, fn) {
        if (this.broken)
            return undefined;
        try {
            this.api ??= await (this.o.connect ?? octokitConnect)(this.token, this.repo, this.o.env.GITHUB_API_URL || 'https://api.github.com');
            return await fn(this.api);
        }
        catch (err) {
            this.broken = true;
            this.o.warn(`GitHub deployment not recorded (${what}): ${explain(err)} The release itself is not affected.`);
            return undefined;
        }
    }
    status(state, description) {
        const s = { state, description: clip(description) };
        if (this.o.inputs.environmentUrl)
            s.environmentUrl = this.o.inputs.environmentUrl;
        const log = logUrl(this.o.env);
        if (log)
            s.logUrl = log;
        return s;
    }
    /**
     * deploy and rollback create a deployment and mark it in_progress; continue and stop take over
     * the environment's deployment of this service that is still in progress, if there is one.
     */
    async start() {
        const { inputs } = this.o;
        if (inputs.mode === 'continue' || inputs.mode === 'stop') {
            const recent = await this.call('list deployments', (api) => api.recent(this.environment));
            const open = recent?.find((d) => isOurs(d.payload, inputs.cluster, inputs.service) && ['in_progress', 'queued', 'pending'].includes(d.state ?? ''));
            if (!open) {
                if (recent)
                    this.o.info(`GitHub: no deployment of ${inputs.cluster}/${inputs.service} in progress in environment ${this.environment}; none updated.`);
                return;
            }
            this.id = open.id;
            this.o.info(`GitHub deployment ${this.id} (environment ${this.environment}) continues`);
            this.o.state?.save(core_state/* STATE */.c.githubDeployment, String(this.id));
            return;
        }
        const payload = { tool: TOOL, cluster: inputs.cluster, service: inputs.service, mode: inputs.mode };
        if (inputs.image)
            payload.image = inputs.image;
        if (inputs.mode === 'rollback')
            payload['rollback-to'] = inputs.rollbackTo;
        const what = inputs.mode === 'rollback'
            ? `Roll back ${inputs.cluster}/${inputs.service} to ${inputs.rollbackTo}`
            : `Release ${deployments_short(inputs.image) ?? 'the task definition'} to ${inputs.cluster}/${inputs.service}`;
        const id = await this.call('create deployment', (api) => api.create({ ref: this.ref, environment: this.environment, description: clip(what), payload }));
        if (id === undefined)
            return;
        this.id = id;
        this.o.state?.save(core_state/* STATE */.c.githubDeployment, String(id));
        await this.call('set status in_progress', (api) => api.setStatus(id, this.status('in_progress', what)));
        if (!this.broken)
            this.o.info(`GitHub deployment ${id} (environment ${this.environment}): in_progress`);
    }
    /** Sets the status the release ended with. `error` is the message of a step that threw. */
    async finish(result, error) {
        const id = this.id;
        if (id === undefined)
            return;
        const s = finalStatus(this.o.inputs.mode, result, error);
        if (s) {
            await this.call(`set status ${s.state}`, (api) => api.setStatus(id, this.status(s.state, s.description)));
            if (!this.broken)
                this.o.info(`GitHub deployment ${id} (environment ${this.environment}): ${s.state}`);
        }
        this.o.state?.save(core_state/* STATE */.c.githubSettled, 'true');
    }
    /** The post step: the main step was killed before it set a final status. */
    async settleAfterKill(id) {
        this.id = id;
        await this.call('set status failure', (api) => api.setStatus(id, this.status('failure', 'The step ended before the release did (cancelled or timed out); see the run log')));
    }
}

// EXTERNAL MODULE: ./src/aws/ecs.ts
var ecs = __webpack_require__(1032);
// EXTERNAL MODULE: ./src/core/way.ts
var way = __webpack_require__(5532);
;// CONCATENATED MODULE: ./src/kit/choose.ts



const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);
/** What the service says about itself, and the way it means. Pure. */
function wayOfService(service) {
    const controller = service.deploymentController?.type ?? 'ECS';
    const name = service.serviceName ?? 'the service';
    if (controller === 'EXTERNAL') {
        throw new errors/* ActionError */.lZ(`Input 'service': service '${name}' uses the EXTERNAL deployment controller: its task sets are managed by a third-party tool, which this action cannot drive. Release it with that tool, or recreate the service with the ECS or CODE_DEPLOY controller.`, 'service');
    }
    if (controller === 'CODE_DEPLOY')
        return { way: 'codedeploy', what: 'deployment controller CODE_DEPLOY' };
    const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
    const what = `deployment controller ECS, deploymentConfiguration.strategy ${strategy}${service.deploymentConfiguration?.strategy ? '' : ' (the default)'}`;
    if (NATIVE.has(strategy))
        return { way: 'ecs', what, ecsStrategy: strategy };
    if (strategy === 'ROLLING')
        return { way: 'rolling', what, ecsStrategy: strategy };
    throw new errors/* ActionError */.lZ(`Input 'service': service '${name}' has deploymentConfiguration.strategy ${strategy}, which this action does not know. Use BLUE_GREEN, LINEAR, CANARY or ROLLING.`, 'service');
}
/**
 * Which way releases this service under the strategy input. Pure: auto follows the service; an
 * explicit strategy must match it (a mismatch is refused, naming what the service is).
 */
function detect(service, requested) {
    const s = wayOfService(service);
    const name = service.serviceName ?? 'the service';
    if (requested !== 'auto' && requested !== s.way) {
        throw new errors/* ActionError */.lZ(`Input 'strategy': '${requested}' cannot release service '${name}', which has ${s.what}: that is the ${way/* WAY_TITLES */.a[s.way]} way. Set 'strategy' to auto or ${s.way}, or change the service.`, 'strategy');
    }
    return { way: s.way, ecsStrategy: s.ecsStrategy, service, why: `${s.what}; strategy: ${requested}` };
}
/**
 * Reads the service (one DescribeServices) and decides the way. alb-weighted reads nothing here:
 * it is chosen only by its strategy input, and its modes describe their own two services.
 */
async function chooseWay(ctx) {
    const { inputs } = ctx;
    if (inputs.strategy === 'alb-weighted')
        return { way: 'alb-weighted', why: 'strategy: alb-weighted' };
    return detect(await (0,ecs/* describeService */.Jv)(ctx.clients.ecs, inputs.cluster, inputs.service), inputs.strategy);
}
/** The log's first line: which way and why. */
function strategyLine(c) {
    const detail = c.way === 'ecs' && c.ecsStrategy ? ` ${c.ecsStrategy.replace('_', '/').toLowerCase()}` : '';
    return `Strategy: ${way/* WAY_TITLES */.a[c.way]}${detail}  (${c.why})`;
}
/** Whether the strategy input leaves this way possible (auto never chooses alb-weighted). */
const possible = (way, strategy) => (strategy === 'auto' ? way !== 'alb-weighted' : strategy === way);
/** The ways the strategy input leaves possible: their own inputs are parsed before any AWS call. */
function possibleWays(ways, strategy) {
    return ways.filter((w) => possible(w.name, strategy));
}
/** Before any AWS call: an input of a way that the 'strategy' input rules out. */
function refuseRuledOut(get, strategy, ways) {
    for (const w of ways) {
        if (possible(w.name, strategy))
            continue;
        const given = w.ownInputs.find((n) => get(n));
        if (given)
            throw (0,errors/* inputError */.Xu)(given, `applies to strategy ${w.name} only (strategy is ${strategy})`, `Set 'strategy: ${w.name}' ${w.whenToChoose}, or remove '${given}'`);
    }
}
/** Once the way is chosen: inputs that only another way reads. */
function refuseOtherWays(get, chosen, service, ways) {
    const mine = ways.find((w) => w.name === chosen.way);
    for (const w of ways) {
        if (w.name === chosen.way)
            continue;
        const given = w.ownInputs.filter((n) => get(n));
        if (!given.length)
            continue;
        const many = given.length > 1;
        throw new errors/* ActionError */.lZ(`Input '${given[0]}': ${given.map((g) => `'${g}'`).join(', ')} ${many ? 'apply' : 'applies'} to the ${way/* WAY_TITLES */.a[w.name]} way only, and service '${service}' is released the ${way/* WAY_TITLES */.a[chosen.way]} way (${chosen.why}). ${mine?.configuredBy ?? 'Remove'} ${many ? 'them' : 'it'}.`, given[0]);
    }
}

// EXTERNAL MODULE: ./src/kit/policy.ts
var policy = __webpack_require__(7300);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
// EXTERNAL MODULE: ./src/registry.ts + 8 modules
var registry = __webpack_require__(9879);
;// CONCATENATED MODULE: ./src/report/log.ts

/**
 * Writes the release to the job log, one line per change, with a time column from the release's
 * creation (AWS's clock where AWS gives a time), and keeps the timeline for the job summary. The
 * way describes its own events; the log only places them.
 */
class ReleaseLog {
    write;
    describe;
    timeline = [];
    origin;
    localOrigin;
    onAwsClock = false;
    constructor(write, describe = (e) => ({ text: e.kind })) {
        this.write = write;
        this.describe = describe;
    }
    line(text) {
        this.write(text);
    }
    /** Starts the time column at the release's creation. */
    start(createTime, localNow = Date.now()) {
        this.origin = createTime?.getTime() ?? localNow;
        this.localOrigin = localNow;
        this.onAwsClock = createTime !== undefined;
    }
    now(aws) {
        if (aws !== undefined && this.onAwsClock && this.origin !== undefined)
            return aws - this.origin;
        return this.offset(undefined);
    }
    offset(at, localNow = Date.now()) {
        if (at && this.origin !== undefined)
            return at.getTime() - this.origin;
        return localNow - (this.localOrigin ?? localNow);
    }
    event(e) {
        const offsetMs = this.offset(e.at);
        const line = isEnd(e) ? { text: e.status, form: 'end' } : this.describe(e);
        this.timeline.push({ offsetMs, text: line.text, event: e });
        if (line.form === 'note')
            this.write(`         ${line.text}`);
        else if (line.form === 'end')
            this.write(`  ${(0,format/* clock */.pm)(offsetMs)}  ${line.text} after ${(0,format/* duration */.p0)(offsetMs)}`);
        else
            this.write(`  ${(0,format/* clock */.pm)(offsetMs)}  ${line.text}`);
    }
}
function isEnd(e) {
    return e.kind === 'end';
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
/** The step's outputs. Names are the public interface: `codedeploy-deployment-id` is the official action's. */
function outputsOf(r) {
    return {
        'deployment-id': r.deploymentId ?? '',
        'codedeploy-deployment-id': r.deploymentId ?? '',
        outcome: r.outcome,
        'task-definition-arn': r.taskDefinitionArn ?? '',
        'previous-task-definition-arn': r.previousTaskDefinitionArn ?? '',
        'deployment-url': r.deploymentUrl ?? '',
        'rollback-deployment-id': r.rollbackDeploymentId ?? '',
        // Only mode plan has one: a release's outputs stay as they were.
        ...(r.plan ? { plan: r.plan } : {})
    };
}

// EXTERNAL MODULE: ./src/report/redact.ts
var redact = __webpack_require__(649);
;// CONCATENATED MODULE: ./src/report/summary.ts


const summary_escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
function writeSummary(s, r, timeline) {
    // mode plan: the plan is the summary.
    if (r.plan)
        return s.addRaw(r.plan, true).write();
    const icon = core_result/* PASSING */.KA.has(r.outcome) ? '✅' : '❌';
    s.addHeading(`${icon} ${summary_escape(r.cluster)}/${summary_escape(r.service)}: ${r.outcome}`, 2);
    const rows = [
        [
            { data: 'Release', header: true },
            { data: '', header: true }
        ]
    ];
    const add = (k, v) => {
        if (v)
            rows.push([k, v]);
    };
    add('Image', r.image && `<code>${summary_escape(r.image)}</code>`);
    add('Task definition', r.taskDefinitionArn && `${summary_escape((0,format/* revisionName */.pd)(r.previousTaskDefinitionArn))} → ${summary_escape((0,format/* revisionName */.pd)(r.taskDefinitionArn))}`);
    add('CodeDeploy', r.application && `${summary_escape(r.application)} / ${summary_escape(r.deploymentGroup ?? '')}`);
    add('Config', r.deploymentConfig && summary_escape(r.deploymentConfig));
    add('Duration', r.durationMs !== undefined ? (0,format/* duration */.p0)(r.durationMs) : undefined);
    add('Deployment', r.deploymentUrl && r.deploymentId && `<a href="${summary_escape(r.deploymentUrl)}">${summary_escape(r.deploymentId)}</a>`);
    add('Rollback deployment', r.rollbackDeploymentId && summary_escape(r.rollbackDeploymentId));
    add('Pre-release task', r.preRelease && preReleaseCell(r.preRelease));
    add('Cause', r.cause && summary_escape(r.cause));
    add('Traffic', r.traffic && `green ${r.traffic.green}% · blue ${r.traffic.blue}%`);
    s.addTable(rows);
    if (r.forensics)
        s.addRaw(forensicsMarkdown(r.forensics), true);
    if (r.analysis)
        analysisTable(s, r.analysis);
    if (timeline.length) {
        s.addHeading('Timeline', 3);
        s.addTable([
            [
                { data: 'Time', header: true },
                { data: 'Event', header: true }
            ],
            ...timeline.map((t) => [(0,format/* clock */.pm)(t.offsetMs), `<code>${summary_escape(t.text.replace(/\s{2,}/g, '  '))}</code>`])
        ]);
    }
    return s.write();
}
/** The canary analysis: what was compared, then one row per metric and interval. */
function analysisTable(s, a) {
    s.addHeading(`Canary analysis${a.dryRun ? ' (dry run)' : ''}`, 3);
    const verdict = a.failure
        ? `${a.dryRun ? 'Would have rolled back' : 'Rolled back'}: ${summary_escape(a.failure.cause)}`
        : a.rows.some((r) => r.verdict !== 'inconclusive')
            ? 'Passed every interval it judged.'
            : a.rows.length
                ? 'No interval had enough requests to judge.'
                : 'No interval ended while both sides took traffic: nothing was judged.';
    s.addRaw(`<p>${a.setup ? `${summary_escape(a.setup)}. ` : ''}${verdict}</p>`, true);
    if (!a.rows.length)
        return;
    s.addTable([
        ['Time', 'Metric', 'Green', 'Blue', 'Rule', 'Verdict'].map((data) => ({ data, header: true })),
        ...a.rows.map((r) => [
            r.at,
            summary_escape(r.metric),
            summary_escape(r.green),
            summary_escape(r.blue),
            summary_escape(r.rule),
            r.verdict === 'fail' ? '❌ fail' : r.verdict === 'ok' ? '✅ ok' : 'inconclusive'
        ])
    ]);
}
/** The pre-release task's cell: its command, its container and how it ended. */
function preReleaseCell(p) {
    const how = p.ended === 'succeeded' || p.ended === 'failed'
        ? `exited with code ${p.exitCode ?? '?'}`
        : { 'cannot-start': 'could not start', 'timed-out': 'ran out of time and was stopped', cancelled: 'was stopped (job cancelled)' }[p.ended];
    return `<code>${summary_escape(p.command.join(' '))}</code> in ${summary_escape(p.container)}: ${how} after ${(0,format/* duration */.p0)(p.durationMs)}`;
}
/** The failure section: each cause with its fix, and the container's last lines folded away. */
function forensicsMarkdown(f) {
    const out = ['', '### Why it failed', ''];
    for (const c of f.causes) {
        out.push(`**${summary_escape(c.title)}**`, '');
        if (c.detail)
            out.push(`<code>${summary_escape(c.detail)}</code>`, '');
        out.push(`Fix: ${summary_escape(c.fix)}`, '');
    }
    if (f.excerpt) {
        const e = f.excerpt;
        // A fence longer than any run of backticks in the lines keeps them from closing it.
        const fence = '`'.repeat(Math.max(3, ...e.lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, r) => Math.max(m, r.length + 1), 0))));
        out.push(`<details><summary>Last ${e.lines.length} lines of ${summary_escape(e.container)}, task ${summary_escape(e.taskId.slice(0, 8))} (${summary_escape(e.source)})</summary>`, '', `${fence}text`, ...e.lines, fence, '', '</details>', '');
    }
    else if (f.logNote)
        out.push(summary_escape(f.logNote), '');
    return out.join('\n');
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The main step, the composition root: inputs → the way → a Context → the way's mode handler →
 * outputs, job summary, annotation and GitHub deployment. Everything is checked that can be before
 * the first AWS call, and nothing in AWS changes before the way's handler runs.
 */
















/** Outcomes after which the step passes, by mode: stopping is what mode stop is for. */
function passes(mode, outcome) {
    if (mode === 'stop')
        return outcome === 'stopped' || outcome === 'rolled-back';
    if (mode === 'rollback')
        return core_result/* PASSING */.KA.has(outcome) || outcome === 'rolled-back';
    return core_result/* PASSING */.KA.has(outcome);
}
/** Every value masked in this job: the runner masks the log, hideMasked() what the runner does not see (the container's lines in the summary). */
const masked = new Set();
function mask(value) {
    if (!value)
        return;
    masked.add(value);
    runner/* setSecret */.Pq(value);
}
const hideMasked = (text) => [...masked].reduce((t, v) => t.split(v).join('***'), text);
/** Before anything is logged: secrets' valueFrom, listed variables and credential-looking ones (see redact.ts). */
function maskSecrets(inputs) {
    for (const s of inputs.secrets)
        mask(s.valueFrom);
    for (const v of (0,redact/* secretValues */.VX)(inputs.environmentVariables, inputs.maskEnvironmentVariables))
        mask(v);
    if (inputs.githubToken)
        mask(inputs.githubToken);
}
/** The release's GitHub deployment: undefined (and silent) without github-token. */
function githubDeployment(inputs, state) {
    return GitHubDeployment.create({ inputs, env: process.env, warn: (m) => runner/* warning */.$e(m), info: (m) => runner/* info */.pq(m), state });
}
const readInput = (name) => runner/* getInput */.V4(name);
/** What can be checked before the first AWS call: other ways' inputs, the ways' own inputs, the files, the region. */
async function checkBeforeAws(inputs) {
    refuseRuledOut(readInput, inputs.strategy, registry.WAYS);
    const analysis = await analysisSpec(inputs);
    // One way after another, in the registry's order: the first bad input is the one reported.
    const prepared = new Map();
    for (const w of possibleWays(registry.WAYS, inputs.strategy))
        prepared.set(w.name, await w.prepare(readInput, inputs));
    // Files first: a bad file is the cheapest error to report.
    const taskDefinitionFile = inputs.mode === 'deploy' || inputs.mode === 'plan' ? (0,render/* readTaskDefinitionFile */.BD)(inputs) : undefined;
    return { prepared, taskDefinitionFile, region: (0,aws_clients.resolveRegion)(inputs.region), analysis };
}
/** 'analysis', parsed: its module (and YAML's parser, for a block) load only when it is given. */
async function analysisSpec(inputs) {
    if (!inputs.analysis) {
        if (inputs.analysisDryRun)
            throw (0,errors/* inputError */.Xu)('analysis-dry-run', "is true but 'analysis' is not given", "Give 'analysis: default' (or your metrics) too, or remove 'analysis-dry-run'");
        return undefined;
    }
    const { parseAnalysis } = await __webpack_require__.e(/* import() */ 411).then(__webpack_require__.bind(__webpack_require__, 2792));
    const parse = inputs.analysis.trim() === 'default' ? undefined : (await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19))).parse;
    return parseAnalysis(inputs.analysis, inputs.analysisDryRun, parse);
}
/** The main step. `state` defaults to the runner's (tools such as @github/local-action call run() bare). */
async function run(state = runner/* runnerState */.Ej()) {
    state.save(core_state/* STATE */.c.isPost, 'true');
    const startedAt = Date.now();
    // The runner cancels with SIGINT, then SIGTERM: abort the watch and settle the release.
    const cancel = new AbortController();
    const onSignal = (signal) => {
        if (cancel.signal.aborted)
            return;
        runner/* info */.pq(`Received ${signal}: the job is being cancelled.`);
        cancel.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let inputs;
    let result;
    let github;
    let clients;
    let log;
    try {
        inputs = (0,core_inputs.parseInputs)(readInput);
        maskSecrets(inputs);
        for (const w of inputs.warnings)
            runner/* warning */.$e(w);
        const early = await checkBeforeAws(inputs);
        clients = (0,aws_clients.createClients)({ region: early.region });
        await (0,aws_clients.checkCredentials)(clients.ecs);
        const chosen = await chooseWay({ inputs, clients });
        refuseOtherWays(readInput, chosen, inputs.service, registry.WAYS);
        const prepared = early.prepared.get(chosen.way);
        if (!prepared)
            throw new Error(`The ${chosen.way} way was chosen, which the strategy input rules out.`);
        const noAnalysis = registry.WAYS.find((w) => w.name === chosen.way)?.noAnalysis;
        if (early.analysis && noAnalysis) {
            throw (0,errors/* inputError */.Xu)('analysis', `service '${inputs.service}' ${noAnalysis}`, "Remove 'analysis', or release the service blue/green (ECS-native canary or linear, CodeDeploy, or two services with strategy alb-weighted)");
        }
        const way = await prepared.load();
        log = new ReleaseLog((line) => runner/* info */.pq(line), way.describe);
        // Which way releases this service, and why: the log's first line.
        log.line(strategyLine(chosen));
        state.save(core_state/* STATE */.c.way, chosen.way);
        // A plan releases nothing: no GitHub deployment records it.
        github = inputs.mode === 'plan' ? undefined : githubDeployment(inputs, state);
        await github?.start();
        // Only a release moving traffic forward is judged: not a stop, a rollback or a plan.
        const analysis = early.analysis && (inputs.mode === 'deploy' || inputs.mode === 'continue')
            ? (await Promise.all(/* import() */[__webpack_require__.e(586), __webpack_require__.e(85), __webpack_require__.e(688)]).then(__webpack_require__.bind(__webpack_require__, 1688))).startAnalysis({ clients, log, warn: (m) => runner/* warning */.$e(m) }, early.analysis)
            : undefined;
        result = await way.run(inputs.mode, {
            inputs,
            chosen,
            taskDefinitionFile: early.taskDefinitionFile,
            clients,
            region: early.region,
            log,
            signal: cancel.signal,
            warn: (m) => runner/* warning */.$e(m),
            debug: (t) => runner/* debug */.Yz(t),
            mask,
            policy: (0,policy/* policyFromEnv */.GR)(),
            env: process.env,
            startedAt,
            state,
            settled: () => state.save(core_state/* STATE */.c.settled, 'true'),
            analysis
        });
        const judged = analysis?.report();
        if (judged?.setup)
            result = { ...result, analysis: judged };
        else if (judged && result.outcome === 'succeeded') {
            // Asked for, and never judged: say so rather than let a passing release look judged.
            log.line('Canary analysis: no interval ended while both sides took traffic; nothing was judged.');
            result = { ...result, analysis: judged };
        }
        if (inputs.mode === 'deploy' && result.outcome === 'succeeded' && inputs.keepRevisions) {
            const { keepRevisions } = await __webpack_require__.e(/* import() */ 536).then(__webpack_require__.bind(__webpack_require__, 6536));
            await keepRevisions({ clients, log, warn: (m) => runner/* warning */.$e(m) }, inputs.keepRevisions, result);
        }
        if (result.plan) {
            const { commentPlan } = await __webpack_require__.e(/* import() */ 685).then(__webpack_require__.bind(__webpack_require__, 1685));
            const { planMarker } = await Promise.all(/* import() */[__webpack_require__.e(303), __webpack_require__.e(249), __webpack_require__.e(980)]).then(__webpack_require__.bind(__webpack_require__, 980));
            await commentPlan({
                token: inputs.githubToken,
                env: process.env,
                body: hideMasked(result.plan),
                marker: planMarker(inputs.cluster, inputs.service),
                info: (m) => runner/* info */.pq(m),
                warn: (m) => runner/* warning */.$e(m)
            });
        }
        // A rollback by the analysis has its cause already: the look at crashed tasks is for failures.
        if ((0,core_result/* worthExplaining */.ib)(inputs.mode, result) && !result.analysis?.failure) {
            // Only a failed release loads the look at why (and the Logs and ELBv2 clients it reads with).
            const { explainFailure } = await Promise.all(/* import() */[__webpack_require__.e(303), __webpack_require__.e(586), __webpack_require__.e(134)]).then(__webpack_require__.bind(__webpack_require__, 1134));
            result = await explainFailure({ clients, region: early.region, warn: (m) => runner/* warning */.$e(m), hide: hideMasked }, inputs, result, log);
        }
        result = (0,redact/* hideExcerpt */.Eo)(result, hideMasked);
    }
    catch (err) {
        const subject = err instanceof errors/* ActionError */.lZ ? err.subject : undefined;
        await github?.finish(undefined, (0,errors/* describeError */.Uc)(err));
        fail((0,errors/* describeError */.Uc)(err), [inputs ? `${inputs.cluster}/${inputs.service}` : 'ecs-bluegreen-action', subject].filter(Boolean).join(': '), err);
    }
    const counts = clients?.calls;
    if (counts?.total) {
        const ops = [...counts.byOperation].map(([op, n]) => `${op} ${n}`).join(', ');
        runner/* info */.pq(`API calls: ${counts.total} (${ops})${counts.retries ? `, ${counts.retries} retried` : ''}`);
    }
    if (result)
        await github?.finish(result);
    if (result && inputs)
        await finish(inputs.mode, result, log?.timeline ?? []);
    state.save(core_state/* STATE */.c.settled, 'true');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
}
function fail(message, title, err) {
    if (err instanceof Error && !(err instanceof errors/* ActionError */.lZ) && runner/* isDebug */._o())
        runner/* debug */.Yz(err.stack ?? '');
    runner/* error */.z3(message, { title });
    process.exitCode = 1;
}
async function finish(mode, result, timeline) {
    for (const [name, value] of Object.entries(outputsOf(result)))
        runner/* setOutput */.uH(name, value);
    if (!passes(mode, result.outcome)) {
        const a = failureAnnotation(result);
        fail(a.message, a.title);
    }
    try {
        await writeSummary(new runner/* JobSummary */.c3(), result, timeline);
    }
    catch (err) {
        // No summary file outside a runner: the log already has everything.
        runner/* debug */.Yz(`job summary not written: ${(0,errors/* describeError */.Uc)(err)}`);
    }
}


/***/ })

};
