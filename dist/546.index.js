export const id = 546;
export const ids = [546];
export const modules = {

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

/***/ 7042:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NB: () => (/* binding */ stoppedTask),
/* harmony export */   cZ: () => (/* binding */ causesOf),
/* harmony export */   ik: () => (/* binding */ culprit),
/* harmony export */   j: () => (/* binding */ forensicLines),
/* harmony export */   jH: () => (/* binding */ outputOf)
/* harmony export */ });
/** A stopped task as ECS described it, in the words the causes are read from. */
function stoppedTask(t) {
    return {
        taskId: t.taskArn?.split('/').pop() ?? '?',
        taskDefinitionArn: t.taskDefinitionArn,
        stopCode: t.stopCode,
        stoppedReason: t.stoppedReason,
        containers: (t.containers ?? []).map((c) => ({ name: c.name, exitCode: c.exitCode, reason: c.reason, healthStatus: c.healthStatus }))
    };
}
/** The container whose output explains the failure: the essential one that exited, else the first one with a reason. */
function culprit(t, td) {
    const essential = (c) => td?.containerDefinitions?.find((d) => d.name === c.name)?.essential !== false;
    return (t.containers.find((c) => essential(c) && c.exitCode !== undefined && c.exitCode !== 0) ??
        t.containers.find((c) => essential(c) && c.reason) ??
        t.containers.find((c) => essential(c) && c.exitCode !== undefined) ??
        t.containers[0]);
}
const ARN = /arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:[^\s"',)]+/g;
/** The first ARN of a service in `text`. */
const arnOf = (text, services) => [...text.matchAll(ARN)].map((m) => m[0].replace(/[.:]$/, '')).find((a) => services.test(a.split(':')[2] ?? ''));
const healthCheckLine = (h) => `${h.protocol ?? 'HTTP'} ${h.path ?? '/'} on ${h.port === 'traffic-port' || !h.port ? 'the traffic port' : `port ${h.port}`}, expecting ${h.matcher ?? '200'}`;
function targetFix(tg) {
    const what = tg ? `${tg.healthCheck.path ?? '/'} answer ${tg.healthCheck.matcher ?? '200'}` : 'the health check path answer what its matcher expects';
    return `Make ${what} on the container port once the app is up, or change the target group's health check (Terraform: health_check { path, matcher }); a slow start wants a longer health_check_grace_period_seconds on the service`;
}
/** The target group a reason names, else the first with unhealthy targets. */
function groupIn(e, text) {
    return e.targetGroups.find((g) => text.includes(g.arn) || text.includes(`targetgroup/${g.name}/`)) ?? e.targetGroups.find((g) => g.unhealthy.length);
}
/** The causes, most telling first; none when the evidence explains nothing. */
function causesOf(e) {
    const task = e.tasks[0];
    const td = e.taskDefinition;
    const out = [];
    if (task) {
        const c = culprit(task, td);
        const def = td?.containerDefinitions?.find((d) => d.name === c?.name);
        const name = c?.name ?? 'the container';
        const said = [task.stoppedReason, ...task.containers.map((x) => x.reason)].filter(Boolean).join(' ');
        const detail = c?.reason ?? task.stoppedReason;
        if (/CannotPullContainerError/i.test(said)) {
            const image = def?.image ?? 'the image';
            const missing = /not found|manifest unknown|does not exist/i.test(said);
            const denied = /403|denied|not authorized|forbidden/i.test(said);
            const role = td?.executionRoleArn ?? 'the task execution role';
            out.push({
                code: 'image-pull',
                title: `ECS could not pull ${image}: ${missing ? 'the tag does not exist' : denied ? 'the task execution role may not pull it' : 'the tag does not exist, or the task execution role may not pull it'}`,
                detail,
                fix: missing
                    ? `Push ${image} before this step, or give 'image' a tag that exists (aws ecr describe-images --repository-name ${image.split('/').pop()?.split(/[:@]/)[0] ?? 'REPO'})`
                    : `Allow ${role} ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository, and give the task a route to ECR (a NAT gateway or VPC endpoints); check that the tag exists too`
            });
        }
        else if (/ResourceInitializationError/i.test(said)) {
            const role = td?.executionRoleArn ?? 'the task execution role';
            const secret = arnOf(said, /^(secretsmanager|ssm)$/);
            const logGroup = /log (group|stream)|logger|CreateLogStream|logs:/i.test(said);
            if (secret) {
                out.push({
                    code: 'secret',
                    title: `The task execution role could not read secret ${secret}`,
                    detail,
                    fix: `Allow ${role} ${secret.includes(':ssm:') ? 'ssm:GetParameters' : 'secretsmanager:GetSecretValue'} on ${secret} (and kms:Decrypt on its key if it has its own), and check that the secret exists in this region`
                });
            }
            else if (logGroup) {
                const opts = def?.logConfiguration?.options ?? {};
                const group = opts['awslogs-group'] ?? arnOf(said, /^logs$/) ?? 'the log group';
                out.push({
                    code: 'log-group',
                    title: `The task could not write to log group ${group}`,
                    detail,
                    fix: `Create log group ${group} in ${opts['awslogs-region'] ?? 'the task\u2019s region'} (Terraform: aws_cloudwatch_log_group), or set awslogs-create-group to true and allow ${role} logs:CreateLogGroup; the role needs logs:CreateLogStream and logs:PutLogEvents on it`
                });
            }
            else {
                const arn = arnOf(said, /./);
                out.push({
                    code: 'resource-init',
                    title: `The task could not start: ECS could not prepare what it needs${arn ? ` (${arn})` : ''}`,
                    detail,
                    fix: `Allow ${role} to reach ${arn ?? 'the resource named above'}, and give the task a route to the AWS APIs it needs (a NAT gateway or VPC endpoints)`
                });
            }
        }
        else if (/OutOfMemory/i.test(said)) {
            const limit = def?.memory ?? def?.memoryReservation;
            const where = def?.memory ? 'its container memory' : td?.memory ? "the task's memory" : 'its memory limit';
            const mib = limit ?? (td?.memory ? Number(td.memory) : undefined);
            out.push({
                code: 'out-of-memory',
                title: `Container ${name} was killed at its memory limit${mib ? ` of ${mib} MiB (${where})` : ''}`,
                detail,
                fix: `Raise ${def?.memory ? `the container's memory (now ${def.memory})` : `the task's memory${td?.memory ? ` (now ${td.memory})` : ''}`} in the task definition, or find what grows: the container's last lines are below`
            });
        }
        else if (/container health checks/i.test(said) || task.containers.some((x) => x.healthStatus === 'UNHEALTHY')) {
            const hc = def?.healthCheck ?? td?.containerDefinitions?.find((d) => d.healthCheck)?.healthCheck;
            const cmd = hc?.command?.join(' ');
            out.push({
                code: 'container-health',
                title: `Container ${name}'s health check kept failing`,
                detail: cmd
                    ? `${cmd} (every ${hc?.interval ?? 30}s, ${hc?.retries ?? 3} retries, ${hc?.startPeriod ?? 0}s start period)`
                    : (task.stoppedReason ?? 'Task failed container health checks'),
                fix: `Run the health check command inside the image: it must exit 0 once the app is up (curl or wget must exist in the image); a slow start wants a longer startPeriod`
            });
        }
        else if (/ELB health checks/i.test(said)) {
            const tg = groupIn(e, said);
            const first = tg?.unhealthy[0];
            const name = tg?.name ?? /targetgroup\/([^/\s)]+)\//.exec(said)?.[1];
            out.push({
                code: 'elb-health',
                title: `Tasks were stopped for failing the load balancer's health checks${name ? ` of ${name}` : ''}`,
                detail: [tg && healthCheckLine(tg.healthCheck), first?.reason && `${first.reason}${first.description ? `: ${first.description}` : ''}`]
                    .filter(Boolean)
                    .join('; ') || task.stoppedReason,
                fix: targetFix(tg)
            });
        }
        else if (c?.exitCode !== undefined && c.exitCode !== 0) {
            out.push({
                code: 'exit',
                title: `Essential container ${name} exited with code ${c.exitCode}`,
                detail: [task.stoppedReason, c.reason].filter(Boolean).join('; ') || undefined,
                fix: `The container's last lines say why: a missing variable or secret, a refused connection, a crash on start. Run the image with the same environment to reproduce`
            });
        }
    }
    const unhealthy = e.targetGroups.find((g) => g.unhealthy.length);
    if (unhealthy && !out.some((c) => c.code === 'elb-health')) {
        const first = unhealthy.unhealthy[0];
        out.push({
            code: 'target-health',
            title: `${unhealthy.unhealthy.length} target${unhealthy.unhealthy.length > 1 ? 's' : ''} of ${unhealthy.name} failed the load balancer's health checks: ${first.reason ?? 'unhealthy'}${first.description ? ` (${first.description})` : ''}`,
            detail: healthCheckLine(unhealthy.healthCheck),
            fix: targetFix(unhealthy)
        });
    }
    return out;
}
/**
 * Where a container's output goes: its awslogs stream in this region, or a sentence saying where it
 * goes instead (another driver, none, another region), for the reader to look there.
 */
function outputOf(name, def, taskId, region) {
    const conf = def.logConfiguration;
    if (!conf)
        return { note: `Container ${name} has no logConfiguration, so its output was not kept. Add the awslogs driver to see its last lines here.` };
    const opts = conf.options ?? {};
    if (conf.logDriver !== 'awslogs') {
        const to = conf.logDriver === 'awsfirelens' ? `FireLens${opts.Name ? ` (output ${opts.Name})` : ''}` : conf.logDriver;
        return { note: `Container ${name} logs through ${to}: its last lines are there, not in CloudWatch Logs.` };
    }
    const group = opts['awslogs-group'];
    const prefix = opts['awslogs-stream-prefix'];
    const logRegion = opts['awslogs-region'] ?? region;
    if (!group || !prefix)
        return {
            note: `Container ${name} logs to CloudWatch Logs${group ? ` group ${group}` : ''} without awslogs-stream-prefix, so its stream cannot be named from the task.`
        };
    const stream = `${prefix}/${name}/${taskId}`;
    const source = `log group ${group}, stream ${stream}`;
    if (logRegion !== region)
        return { note: `Container ${name} logs to ${source} in ${logRegion}.` };
    return { group, stream, source, region: logRegion };
}
/** The log's lines: each cause with its fix, then the container's last lines. */
function forensicLines(f) {
    const out = [];
    for (const c of f.causes) {
        out.push(`Why it failed: ${c.title}`);
        if (c.detail)
            out.push(`  ${c.detail}`);
        out.push(`  Fix: ${c.fix}`);
    }
    if (f.excerpt) {
        out.push(`  Last ${f.excerpt.lines.length} lines of ${f.excerpt.container}, task ${f.excerpt.taskId.slice(0, 8)} (${f.excerpt.source}):`);
        for (const l of f.excerpt.lines)
            out.push(`    | ${l}`);
    }
    else if (f.logNote)
        out.push(`  ${f.logNote}`);
    return out;
}


/***/ }),

/***/ 5178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h4: () => (/* binding */ diagnose),
/* harmony export */   hm: () => (/* binding */ printDiagnosis),
/* harmony export */   m6: () => (/* binding */ STOPPED_TASKS_READ)
/* harmony export */ });
/* harmony import */ var _aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1032);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2011);
/* harmony import */ var _causes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7042);



/** How many stopped tasks a failure reads (ListTasks, then one DescribeTasks). */
const STOPPED_TASKS_READ = 20;
async function diagnose(ecs, o) {
    // After `until` (the failure), new tasks stop because the rollback removes them: not the cause.
    const after = (at) => !!(o.until && at && at > o.until);
    const out = { stoppedTasks: [], read: [], serviceEvents: [] };
    try {
        out.read = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .stoppedTasks */ .wx)(ecs, { cluster: o.cluster, service: o.service, taskSetId: o.taskSetId, max: STOPPED_TASKS_READ });
        for (const t of out.read) {
            if (o.since && t.createdAt && t.createdAt < o.since)
                continue;
            if (after(t.stoppingAt ?? t.stoppedAt))
                continue;
            const s = (0,_causes_js__WEBPACK_IMPORTED_MODULE_1__/* .stoppedTask */ .NB)(t);
            out.stoppedTasks.push({ ...s, containers: s.containers.filter((c) => c.exitCode !== undefined || c.reason) });
        }
    }
    catch {
        // keep what we have
    }
    try {
        const svc = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .describeService */ .Jv)(ecs, o.cluster, o.service);
        // Only the events that explain a failure, newest three: "has started" and "steady state" do not.
        out.serviceEvents = (svc.events ?? [])
            .filter((e) => (!o.since || !e.createdAt || e.createdAt >= o.since) &&
            !after(e.createdAt) &&
            /unable|stopped|fail|error|unhealthy|insufficient|denied|cannot/i.test(e.message ?? ''))
            .slice(0, 3)
            .reverse()
            .map((e) => ({ at: e.createdAt, message: e.message ?? '' }));
    }
    catch {
        // keep what we have
    }
    return out;
}
/** The new tasks that stopped, grouped by what they said, and the service events that tell why. */
function printDiagnosis(log, d) {
    const groups = new Map();
    for (const t of d.stoppedTasks) {
        const c = t.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0) ?? t.containers[0];
        const what = c ? `${c.name ?? 'container'} exited ${c.exitCode ?? '?'}${c.reason ? ` (${c.reason})` : ''}` : 'stopped';
        const key = `${what}: ${t.stoppedReason ?? 'no reason given'}`;
        groups.set(key, [...(groups.get(key) ?? []), t.taskId.slice(0, 8)]);
    }
    if (d.stoppedTasks.length)
        log.line(`         green tasks stopped: ${d.stoppedTasks.length}`);
    for (const [key, tasks] of groups) {
        const list = tasks.length > 3 ? `${tasks.slice(0, 3).join(', ')} and ${tasks.length - 3} more` : tasks.join(', ');
        log.line(`           ${key} (task${tasks.length > 1 ? 's' : ''} ${list})`);
    }
    for (const e of d.serviceEvents)
        log.line(`         service event ${e.at ? (0,_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .clock */ .pm)(log.offset(e.at)) : ''}: ${e.message}`);
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


/***/ }),

/***/ 7546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handlers: () => (/* binding */ handlers)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codedeploy/dist-cjs/index.js
var dist_cjs = __webpack_require__(7507);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/aws/abortable.ts
var abortable = __webpack_require__(3315);
// EXTERNAL MODULE: ./src/aws/clients.ts
var clients = __webpack_require__(201);
;// CONCATENATED MODULE: ./src/aws/codedeploy.ts
/** The CodeDeploy calls: deployment groups, deployments and their ECS targets. */




(0,clients.provideClient)('codedeploy', (config) => new dist_cjs/* CodeDeployClient */.cHd(config));
// Without automatic retries, for CreateDeployment only (see Clients.codedeployOnce).
(0,clients.provideClient)('codedeployOnce', (config) => new dist_cjs/* CodeDeployClient */.cHd({ ...config, maxAttempts: 1 }));
/** The last part of an ARN, or the name itself: ECS accepts either for clusters and services. */
const shortName = (s) => s.split('/').pop() ?? s;
function servesService(g, cluster, service) {
    return (g.ecsServices ?? []).some((s) => shortName(s.clusterName ?? '') === shortName(cluster) && shortName(s.serviceName ?? '') === shortName(service));
}
/**
 * The deployment group for the service: the one named, checked to serve this service. Without the
 * application, the one application that has a group of that name deploying the service; without
 * the group, the one group of the application (or of the account, with neither) that deploys it.
 */
async function findDeploymentGroup(cd, o) {
    if (o.application && o.deploymentGroup) {
        let group;
        try {
            group = (await cd.send(new dist_cjs/* GetDeploymentGroupCommand */.WOp({ applicationName: o.application, deploymentGroupName: o.deploymentGroup }))).deploymentGroupInfo;
        }
        catch (err) {
            const name = err.name;
            if (name === 'ApplicationDoesNotExistException') {
                throw new errors/* ActionError */.lZ(`Input 'codedeploy-application': CodeDeploy application '${o.application}' does not exist in this account and region. Check the name (Terraform: aws_codedeploy_app.name).`, 'codedeploy-application');
            }
            if (name === 'DeploymentGroupDoesNotExistException') {
                throw new errors/* ActionError */.lZ(`Input 'codedeploy-deployment-group': deployment group '${o.deploymentGroup}' does not exist in application '${o.application}'. Check the name (Terraform: aws_codedeploy_deployment_group.deployment_group_name).`, 'codedeploy-deployment-group');
            }
            throw err;
        }
        if (!group)
            throw new errors/* ActionError */.lZ(`GetDeploymentGroup returned nothing for '${o.deploymentGroup}'.`);
        if (!servesService(group, o.cluster, o.service)) {
            const serves = (group.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'no ECS service';
            throw new errors/* ActionError */.lZ(`Input 'codedeploy-deployment-group': group '${o.deploymentGroup}' deploys ${serves}, not ${o.cluster}/${o.service}. Name the group of this service, or leave both codedeploy inputs out to find it.`, 'codedeploy-deployment-group');
        }
        return group;
    }
    // Only one of the two, or neither: the other is found among the account's applications and groups.
    const apps = o.application
        ? [o.application]
        : await listAll((nextToken) => cd.send(new dist_cjs/* ListApplicationsCommand */.BJ_({ nextToken })), (out) => out.applications);
    const found = [];
    for (const app of apps) {
        const names = (await listAll((nextToken) => cd.send(new dist_cjs/* ListDeploymentGroupsCommand */.XOe({ applicationName: app, nextToken })), (out) => out.deploymentGroups).catch((err) => {
            if (err.name === 'ApplicationDoesNotExistException') {
                throw new errors/* ActionError */.lZ(`Input 'codedeploy-application': CodeDeploy application '${app}' does not exist in this account and region. Check the name (Terraform: aws_codedeploy_app.name), or leave it out to find it from the service.`, 'codedeploy-application');
            }
            throw err;
        })).filter((n) => !o.deploymentGroup || n === o.deploymentGroup);
        for (let i = 0; i < names.length; i += 100) {
            const infos = (await cd.send(new dist_cjs/* BatchGetDeploymentGroupsCommand */.rUZ({ applicationName: app, deploymentGroupNames: names.slice(i, i + 100) }))).deploymentGroupsInfo ?? [];
            found.push(...infos.filter((g) => g.computePlatform === 'ECS'));
        }
    }
    const matches = found.filter((g) => servesService(g, o.cluster, o.service));
    if (matches.length === 1)
        return matches[0];
    const where = `${o.cluster}/${o.service}`;
    if (o.deploymentGroup && !found.length) {
        throw new errors/* ActionError */.lZ(`Input 'codedeploy-deployment-group': no ECS deployment group named '${o.deploymentGroup}' is in ${o.application ? `application '${o.application}'` : 'any CodeDeploy application of this account and region'}. Check the name (Terraform: aws_codedeploy_deployment_group.deployment_group_name).`, 'codedeploy-deployment-group');
    }
    if (o.deploymentGroup && !matches.length) {
        const serves = found.map((g) => `${g.applicationName}/${g.deploymentGroupName} deploys ${(g.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'no ECS service'}`);
        throw new errors/* ActionError */.lZ(`Input 'codedeploy-deployment-group': ${serves.join('; ')}, not ${where}. Name the group of this service, or leave the codedeploy inputs out to find it.`, 'codedeploy-deployment-group');
    }
    if (!matches.length) {
        throw new errors/* ActionError */.lZ(`No CodeDeploy deployment group ${o.application ? `of application '${o.application}' ` : ''}deploys ${where}. Give 'codedeploy-application' and 'codedeploy-deployment-group', or create the group (its ecs_service block names this cluster and service).`, 'codedeploy-deployment-group');
    }
    throw new errors/* ActionError */.lZ(`Several CodeDeploy deployment groups deploy ${where}: ${matches.map((g) => `${g.applicationName}/${g.deploymentGroupName}`).join(', ')}. Give 'codedeploy-application' and 'codedeploy-deployment-group' to choose one.`, 'codedeploy-deployment-group');
}
async function listAll(page, items) {
    const out = [];
    let token;
    do {
        const o = await page(token);
        out.push(...(items(o) ?? []));
        token = o.nextToken;
    } while (token);
    return out;
}
/** Checks a deployment config override: it must exist and be for ECS. */
async function checkDeploymentConfig(cd, name) {
    let info;
    try {
        info = (await cd.send(new dist_cjs/* GetDeploymentConfigCommand */.z2K({ deploymentConfigName: name }))).deploymentConfigInfo;
    }
    catch (err) {
        if (err.name === 'DeploymentConfigDoesNotExistException') {
            throw new errors/* ActionError */.lZ(`Input 'codedeploy-deployment-config': deployment config '${name}' does not exist. Use one of CodeDeployDefault.ECSAllAtOnce, ECSCanary10Percent5Minutes, ECSCanary10Percent15Minutes, ECSLinear10PercentEvery1Minutes, ECSLinear10PercentEvery3Minutes, or a custom ECS config.`, 'codedeploy-deployment-config');
        }
        throw err;
    }
    if (info?.computePlatform && info.computePlatform !== 'ECS') {
        throw new errors/* ActionError */.lZ(`Input 'codedeploy-deployment-config': '${name}' is a config for ${info.computePlatform}, not ECS. Use an ECS config such as CodeDeployDefault.ECSCanary10Percent5Minutes.`, 'codedeploy-deployment-config');
    }
}
/** The group's deployment that is still running, if any. */
async function findActiveDeployment(cd, application, group) {
    const out = await cd.send(new dist_cjs/* ListDeploymentsCommand */.sr8({
        applicationName: application,
        deploymentGroupName: group,
        includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready']
    }));
    return out.deployments?.[0];
}
/**
 * CreateDeployment, sent at most once per release. The client has SDK retries off for this call: if
 * the response is lost (dropped connection, 5xx after the fact), the deployment may exist anyway,
 * so we look for it by its token before we send again. Throttling proves the call was refused
 * before it did anything: it is sent again after a pause, for as long as a throttled read is.
 */
async function createDeploymentOnce(cdOnce, cd, a, attempts = 4) {
    let lastError;
    let maybeCreated = false;
    let sent = 0;
    let throttled = 0;
    const started = Date.now();
    for (;;) {
        if (maybeCreated) {
            const found = await lookUp(cd, a, lastError);
            if (found)
                return found;
            await new Promise((r) => setTimeout(r, 500 * 2 ** sent));
        }
        try {
            const out = await cdOnce.send(new dist_cjs/* CreateDeploymentCommand */.ttP({
                applicationName: a.application,
                deploymentGroupName: a.deploymentGroup,
                ...(a.deploymentConfig ? { deploymentConfigName: a.deploymentConfig } : {}),
                description: a.description,
                revision: { revisionType: 'AppSpecContent', appSpecContent: a.appSpec }
            }));
            if (!out.deploymentId)
                throw new errors/* ActionError */.lZ('CreateDeployment returned no deployment id.');
            return out.deploymentId;
        }
        catch (err) {
            if ((0,clients.throttling)(err)) {
                // Refused before CodeDeploy acted on it: nothing was created, and it is sent again as a read is.
                lastError = err;
                if (Date.now() - started >= clients.THROTTLED_READ_PATIENCE_MS)
                    break;
                await new Promise((r) => setTimeout(r, (0,clients.throttleBackoffMs)(++throttled)));
                continue;
            }
            if (!retryable(err))
                throw err;
            lastError = err;
            maybeCreated = true;
            if (++sent >= attempts)
                break;
        }
    }
    if (maybeCreated) {
        const found = await lookUp(cd, a, lastError);
        if (found)
            return found;
    }
    throw lastError;
}
/** Errors after which the deployment may or may not exist: lost responses, 5xx, timeouts. */
function retryable(err) {
    const e = err;
    if (e.$retryable)
        return true;
    const status = e.$metadata?.httpStatusCode;
    if (status !== undefined && status >= 500)
        return true;
    if (e.name === 'TimeoutError')
        return true;
    return ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT'].includes(e.code ?? '') || /socket hang up|ECONNRESET/i.test(String(err?.message));
}
/**
 * Looks for the deployment a lost CreateDeployment may have started. If the lookup itself keeps
 * failing we cannot know, so we stop rather than risk a second deployment.
 */
async function lookUp(cd, a, lost) {
    for (let i = 0;; i++) {
        try {
            return await findByToken(cd, a);
        }
        catch (err) {
            if (i >= 2) {
                throw new errors/* ActionError */.lZ(`CreateDeployment for ${a.application}/${a.deploymentGroup} got no answer (${lost?.message ?? lost}), and looking for the deployment it may have started failed too (${err.message}). Nothing was sent again, so as not to start a second deployment: check the group's deployments for one whose description holds [release ${a.token}] before running this step again.`, 'codedeploy-deployment-group');
            }
            await new Promise((r) => setTimeout(r, 1000 * 2 ** i));
        }
    }
}
async function findByToken(cd, a) {
    const out = await cd.send(new dist_cjs/* ListDeploymentsCommand */.sr8({
        applicationName: a.application,
        deploymentGroupName: a.deploymentGroup,
        createTimeRange: { start: new Date(a.startedAfter.getTime() - 60_000) }
    }));
    for (const id of out.deployments ?? []) {
        const d = (await cd.send(new dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId: id }))).deploymentInfo;
        if (d?.description?.includes(a.token))
            return id;
    }
    return undefined;
}
async function getDeployment(cd, deploymentId, signal) {
    const d = (await cd.send(new dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId }), (0,abortable/* abortable */.Z)(signal))).deploymentInfo;
    if (!d)
        throw new errors/* ActionError */.lZ(`GetDeployment returned nothing for ${deploymentId}.`);
    return d;
}
/** The deployment's (only) ECS target, once CodeDeploy lists one. */
async function deploymentTargetId(cd, deploymentId, signal) {
    return (await cd.send(new dist_cjs/* ListDeploymentTargetsCommand */.$9V({ deploymentId }), (0,abortable/* abortable */.Z)(signal))).targetIds?.[0];
}
/** The target ID CodeDeploy gives an ECS service it deploys to: `<clustername>:<servicename>` (BatchGetDeploymentTargets' reference). */
function ecsTargetId(cluster, service) {
    return `${shortName(cluster)}:${shortName(service)}`;
}
/** The ECS target: lifecycle events, task sets with their traffic weights and task counts. */
async function ecsTarget(cd, deploymentId, targetId, signal) {
    const out = await cd.send(new dist_cjs/* BatchGetDeploymentTargetsCommand */.Bsg({ deploymentId, targetIds: [targetId] }), (0,abortable/* abortable */.Z)(signal));
    return out.deploymentTargets?.[0]?.ecsTarget;
}
/** Stops a deployment; with rollback, CodeDeploy starts a rollback deployment to the previous task set. */
async function stopDeployment(cd, deploymentId, rollback) {
    const out = await cd.send(new dist_cjs/* StopDeploymentCommand */.NzN({ deploymentId, autoRollbackEnabled: rollback }));
    return out.statusMessage;
}
async function continueDeployment(cd, deploymentId, waitType) {
    await cd.send(new dist_cjs/* ContinueDeploymentCommand */.Md$({ deploymentId, deploymentWaitType: waitType }));
}
/** The task definition ARN a deployment released, read from its AppSpec content. */
function taskDefinitionOf(d) {
    const content = d.revision?.appSpecContent?.content ?? d.revision?.string?.content;
    if (!content)
        return undefined;
    const m = /"?TaskDefinition"?\s*:\s*"?([^"\s,}]+)/.exec(content);
    return m?.[1];
}
/** Succeeded deployments of the group, newest first, with what each released. */
async function successfulReleases(cd, application, group, limit = 25) {
    const ids = (await cd.send(new dist_cjs/* ListDeploymentsCommand */.sr8({ applicationName: application, deploymentGroupName: group, includeOnlyStatuses: ['Succeeded'] }))).deployments ??
        [];
    const infos = ids.length ? ((await cd.send(new dist_cjs/* BatchGetDeploymentsCommand */.ARk({ deploymentIds: ids.slice(0, limit) }))).deploymentsInfo ?? []) : [];
    return infos
        .sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0))
        .map((d) => ({ id: d.deploymentId ?? '', taskDefinitionArn: taskDefinitionOf(d), description: d.description }));
}

// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/ways/codedeploy/events.ts

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
const EVENT_DONE = new Set(['Succeeded', 'Failed', 'Skipped']);
function taskSet(target, label) {
    return target?.taskSetsInfo?.find((t) => t.taskSetLabel === label);
}
/** Traffic as CodeDeploy reports it: the green weight, and blue's (100 minus green when blue is gone). */
function traffic(target) {
    const green = taskSet(target, 'Green');
    const blue = taskSet(target, 'Blue');
    if (!green && !blue)
        return undefined;
    const g = Math.round(green?.trafficWeight ?? 0);
    return { green: g, blue: blue ? Math.round(blue.trafficWeight ?? 0) : 100 - g };
}
/**
 * Compares two snapshots and returns what changed, in the order it happened. Pure: the same pair
 * always gives the same events, so a line is never printed twice however often we poll.
 * A snapshot without a target keeps the previous target (that poll did not fetch it).
 */
function compare(prev, next) {
    const events = [];
    const d = next.deployment;
    const p = prev?.deployment;
    const updated = next.target?.lastUpdatedAt;
    if (d.status !== p?.status && d.status && !TERMINAL.has(d.status)) {
        events.push({ kind: 'status', status: d.status, at: d.status === 'Ready' ? updated : (d.startTime ?? d.createTime) });
    }
    if (next.target) {
        const before = new Map((prev?.target?.lifecycleEvents ?? []).map((e) => [e.lifecycleEventName, e.status]));
        const green = taskSet(next.target, 'Green');
        const greenBefore = taskSet(prev?.target, 'Green');
        const lifecycle = [];
        for (const e of next.target.lifecycleEvents ?? []) {
            if (!e.lifecycleEventName || !e.status || !EVENT_DONE.has(e.status))
                continue;
            if (before.get(e.lifecycleEventName) === e.status)
                continue;
            const durationMs = e.startTime && e.endTime ? e.endTime.getTime() - e.startTime.getTime() : undefined;
            const counts = e.lifecycleEventName === 'Install' && green ? { green: { running: green.runningCount ?? 0, desired: green.desiredCount ?? 0 } } : {};
            lifecycle.push({ kind: 'lifecycle', name: e.lifecycleEventName, status: e.status, at: e.endTime ?? e.startTime, durationMs, ...counts });
        }
        // Green task counts while Install brings them up (its line then carries the final count),
        // and whenever running green tasks are lost afterwards.
        const installDone = EVENT_DONE.has(next.target.lifecycleEvents?.find((e) => e.lifecycleEventName === 'Install')?.status ?? '');
        if (green && (green.runningCount !== greenBefore?.runningCount || green.desiredCount !== greenBefore?.desiredCount)) {
            const lost = (green.runningCount ?? 0) < (greenBefore?.runningCount ?? 0);
            if (((green.desiredCount ?? 0) > 0 && !installDone) || lost) {
                lifecycle.push({
                    kind: 'tasks',
                    label: 'Green',
                    running: green.runningCount ?? 0,
                    desired: green.desiredCount ?? 0,
                    pending: green.pendingCount ?? 0,
                    at: updated
                });
            }
        }
        // Keep AWS's order: events by their time, stable for equal times.
        const ordered = lifecycle
            .map((e, i) => [e, i])
            .sort(([a, i], [b, j]) => time(a) - time(b) || i - j)
            .map(([e]) => e);
        const t = traffic(next.target);
        const tBefore = traffic(prev?.target) ?? { green: 0, blue: 100 };
        if (t && (t.green !== tBefore.green || t.blue !== tBefore.blue)) {
            // The last shift belongs before the AllowTraffic that it completes.
            const allowAt = ordered.findIndex((e) => e.kind === 'lifecycle' && e.name === 'AllowTraffic');
            const allow = allowAt >= 0 ? ordered[allowAt] : undefined;
            const shift = { kind: 'traffic', ...t, at: allow?.at ?? updated };
            if (allowAt >= 0)
                ordered.splice(allowAt, 0, shift);
            else {
                const at = ordered.findIndex((e) => time(e) > time(shift));
                ordered.splice(at < 0 ? ordered.length : at, 0, shift);
            }
        }
        events.push(...ordered);
        const after = next.target.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic');
        const wasDone = prev?.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')?.status === 'Succeeded';
        // A poll that sees the wait already over still reports it: the wait happened.
        if (after?.status === 'Succeeded' && !wasDone && (d.status === 'InProgress' || d.status === 'Succeeded')) {
            const minutes = d.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes;
            if (minutes)
                events.push({ kind: 'waiting', minutes, at: after.endTime });
        }
    }
    if (d.errorInformation?.code && d.errorInformation.code !== p?.errorInformation?.code) {
        events.push({ kind: 'error', code: d.errorInformation.code, message: d.errorInformation.message, at: d.completeTime });
    }
    if (d.rollbackInfo?.rollbackDeploymentId && d.rollbackInfo.rollbackDeploymentId !== p?.rollbackInfo?.rollbackDeploymentId) {
        events.push({ kind: 'rollback', info: d.rollbackInfo, at: d.completeTime });
    }
    if (d.status && TERMINAL.has(d.status) && d.status !== p?.status) {
        events.push({ kind: 'status', status: d.status, at: d.completeTime });
    }
    return events;
}
function time(e) {
    return e.at?.getTime() ?? Number.MAX_SAFE_INTEGER;
}
/** Merges a poll that skipped the target fetch into a full snapshot. */
function carryTarget(prev, next) {
    return next.target || !prev?.target ? next : { ...next, target: prev.target };
}
/** A CodeDeploy deployment in the console. */
function consoleUrl(deploymentId, region) {
    return `https://console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`;
}
/** The words of one event, without the time column: log and summary alike. */
function describeCodeDeployEvent(e) {
    switch (e.kind) {
        case 'status':
            if (TERMINAL.has(e.status))
                return { text: e.status, form: 'end' };
            return { text: e.status === 'Ready' ? 'Ready: green is up with test traffic; production traffic waits for ContinueDeployment' : e.status };
        case 'lifecycle': {
            const text = [
                e.name.padEnd(22),
                e.status.padEnd(10),
                (e.durationMs !== undefined && e.durationMs >= 1000 ? (0,format/* duration */.p0)(e.durationMs) : '').padEnd(6),
                e.green ? `green ${e.green.running}/${e.green.desired} running` : ''
            ]
                .join('  ')
                .trimEnd();
            return { text: e.hook ? `${text.padEnd(56)}hook ${e.hook}` : text };
        }
        case 'traffic':
            return { text: `traffic  green ${String(e.green).padStart(3)}% | blue ${String(e.blue).padStart(3)}%` };
        case 'tasks':
            return { text: `tasks    ${e.label.toLowerCase()} ${e.running}/${e.desired} running${e.pending ? `, ${e.pending} pending` : ''}` };
        case 'error':
            return { text: `CodeDeploy ${e.code ?? 'error'}: ${e.message ?? ''}`.trimEnd(), form: 'note' };
        case 'rollback':
            return { text: `rollback deployment ${e.info.rollbackDeploymentId} started${e.info.rollbackMessage ? `: ${e.info.rollbackMessage}` : ''}`, form: 'note' };
        case 'waiting':
            return { text: `waiting ${e.minutes}m before the blue task set is removed` };
    }
}

;// CONCATENATED MODULE: ./src/ways/codedeploy/after-kill.ts
/**
 * The post step's safety net on the CodeDeploy way: the main step was killed before it could settle
 * its deployment (runner timeout, SIGKILL after a cancel). Stops it with rollback unless
 * on-cancel: leave.
 */



async function afterKill(o) {
    const id = o.deploymentId;
    try {
        const d = await getDeployment(o.clients.codedeploy, id);
        if (!d.status || TERMINAL.has(d.status))
            return;
        if (o.inputs.onCancel === 'leave') {
            o.warn(`The main step ended before deployment ${id} did; it is left running (on-cancel: leave). ${consoleUrl(id, o.region)}`);
            return;
        }
        await stopDeployment(o.clients.codedeploy, id, true);
        o.warn(`The main step ended before deployment ${id} did: stopped it with rollback (on-cancel: rollback). ${consoleUrl(id, o.region)}`);
    }
    catch (err) {
        o.error(`Could not settle deployment ${id} after the main step ended: ${(0,errors/* describeError */.Uc)(err)}. Check it in the console and stop it by hand if it still runs.`);
    }
}

// EXTERNAL MODULE: ./src/aws/ecs.ts
var ecs = __webpack_require__(1032);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
// EXTERNAL MODULE: ./src/kit/rollback-target.ts
var rollback_target = __webpack_require__(2750);
// EXTERNAL MODULE: ./src/kit/taskdef.ts
var taskdef = __webpack_require__(8);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
;// CONCATENATED MODULE: ./src/ways/codedeploy/plan.ts
/**
 * The CodeDeploy way's plan, read-only: the service and its deployment group, the new task
 * definition, and the AppSpec that CreateDeployment will carry. Everything a release needs is
 * gathered and checked here, before anything in AWS changes.
 */





/** The service, checked to be released by CodeDeploy, and its deployment group. Read-only. */
async function resolveServiceAndGroup(ctx) {
    const { inputs, own, clients } = ctx;
    const service = (0,context/* chosenService */.YO)(ctx);
    const controller = service.deploymentController?.type ?? 'ECS';
    if (controller !== 'CODE_DEPLOY') {
        throw new errors/* ActionError */.lZ(`Input 'service': service '${inputs.service}' uses the ${controller} deployment controller, not CODE_DEPLOY, so CodeDeploy cannot release it. Set deployment_controller { type = "CODE_DEPLOY" } on the service (it needs replacing), or deploy it another way.`, 'service');
    }
    const group = await findDeploymentGroup(clients.codedeploy, {
        application: own.application,
        deploymentGroup: own.deploymentGroup,
        cluster: inputs.cluster,
        service: inputs.service
    });
    if (own.deploymentGroup && !own.application) {
        ctx.log.line(`Deployment group '${group.deploymentGroupName}' is in CodeDeploy application '${group.applicationName}' ('codedeploy-application' not given)`);
    }
    if (own.application && !own.deploymentGroup) {
        ctx.log.line(`Deployment group '${group.deploymentGroupName}' of '${group.applicationName}' deploys ${inputs.cluster}/${inputs.service} ('codedeploy-deployment-group' not given)`);
    }
    return { service, group };
}
/** Read-only: the service and group, the new task definition; refuses what would fail. */
async function plan(ctx) {
    const { own, clients } = ctx;
    const { service, group } = await resolveServiceAndGroup(ctx);
    if (own.deploymentConfig)
        await checkDeploymentConfig(clients.codedeploy, own.deploymentConfig);
    const lb = loadBalancedContainer(service);
    for (const w of appSpecWarnings(own.appSpecBase, lb, own.hooks))
        ctx.warn(w);
    // The image goes to the named container; traffic always goes to the load-balanced one.
    const r = await (0,render/* renderFromService */.MD)(ctx, service, lb);
    return { service, group, ...r, ...lb };
}
/** The plan's lines: the service, the group and its config, then what changes in the task definition. */
function printPlan(ctx, p) {
    ctx.log.line(headerLineOf(ctx, p));
    (0,render/* printRendered */.Xp)(ctx, p);
}
/** The first line of a release: the service, the group and its config. */
function headerLineOf(ctx, p) {
    const config = ctx.own.deploymentConfig ?? p.group.deploymentConfigName ?? 'the group default';
    return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  via CodeDeploy ${p.group.applicationName}/${p.group.deploymentGroupName}  ${config}`;
}
// ---------------------------------------------------------------------------------------------
// The AppSpec
/** The container and port CodeDeploy shifts traffic to: the service's (first) load balancer. */
function loadBalancedContainer(service) {
    const lb = service.loadBalancers?.[0] ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.loadBalancers?.[0];
    if (!lb?.containerName || lb.containerPort === undefined) {
        throw new errors/* ActionError */.lZ(`Service '${service.serviceName}' has no load balancer with a container name and port. A CodeDeploy blue/green service needs one; check the service's load_balancer block.`, 'service');
    }
    return { containerName: lb.containerName, containerPort: lb.containerPort };
}
/**
 * Renders the AppSpec. The base file wins where it says something; what it leaves out comes from
 * the service, which is what CodeDeploy would otherwise reset (network config, platform version).
 */
function renderAppSpec(o) {
    const s = o.service;
    const primary = s.taskSets?.find((t) => t.status === 'PRIMARY');
    const baseProps = o.base?.Resources?.[0]?.TargetService?.Properties ?? {};
    const props = {
        TaskDefinition: o.taskDefinitionArn,
        LoadBalancerInfo: { ContainerName: o.containerName, ContainerPort: o.containerPort }
    };
    const platformVersion = baseProps.PlatformVersion ?? s.platformVersion ?? primary?.platformVersion;
    if (platformVersion)
        props.PlatformVersion = platformVersion;
    const vpc = s.networkConfiguration?.awsvpcConfiguration ?? primary?.networkConfiguration?.awsvpcConfiguration;
    if (baseProps.NetworkConfiguration)
        props.NetworkConfiguration = baseProps.NetworkConfiguration;
    else if (vpc?.subnets?.length) {
        props.NetworkConfiguration = {
            AwsvpcConfiguration: {
                Subnets: vpc.subnets,
                ...(vpc.securityGroups?.length ? { SecurityGroups: vpc.securityGroups } : {}),
                ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {})
            }
        };
    }
    const cps = s.capacityProviderStrategy?.length ? s.capacityProviderStrategy : primary?.capacityProviderStrategy;
    if (baseProps.CapacityProviderStrategy)
        props.CapacityProviderStrategy = baseProps.CapacityProviderStrategy;
    else if (cps?.length) {
        props.CapacityProviderStrategy = cps.map((c) => ({
            CapacityProvider: c.capacityProvider ?? '',
            ...(c.weight !== undefined ? { Weight: c.weight } : {}),
            ...(c.base !== undefined ? { Base: c.base } : {})
        }));
    }
    const hooks = new Map();
    for (const h of o.base?.Hooks ?? [])
        for (const [event, fn] of Object.entries(h))
            hooks.set(event, fn);
    for (const h of o.hooks)
        hooks.set(h.event, h.functionName);
    const spec = { version: 0.0, Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: props } }] };
    if (hooks.size)
        spec.Hooks = [...hooks].map(([event, fn]) => ({ [event]: fn }));
    return spec;
}
/** The AppSpecContent CreateDeployment takes: the JSON text and its sha256. */
function appSpecContent(spec) {
    const content = JSON.stringify(spec);
    return { content, sha256: (0,external_node_crypto_.createHash)('sha256').update(content).digest('hex') };
}
const TOP_LEVEL = new Set(['version', 'Resources', 'Hooks']);
const PROPERTIES = new Set(['TaskDefinition', 'LoadBalancerInfo', 'PlatformVersion', 'NetworkConfiguration', 'CapacityProviderStrategy']);
/** `<TASK_DEFINITION>`, `TASK_DEF_ARN`…: the placeholder the official action's examples put there. */
const PLACEHOLDER = /^<[^>]*>$|^[A-Z_]+$/;
/**
 * What a `codedeploy-appspec` base file says that this action does not use, one warning each, so
 * nobody believes a field they wrote took effect. Pure: the caller prints them (as ::warning).
 */
function appSpecWarnings(base, lb, hooks = []) {
    if (!base)
        return [];
    const out = [];
    const file = 'codedeploy-appspec';
    for (const key of Object.keys(base)) {
        if (!TOP_LEVEL.has(key))
            out.push(`${file}: '${key}' is ignored: an ECS AppSpec has only version, Resources and Hooks.`);
    }
    if (base.version !== undefined && Number(base.version) !== 0)
        out.push(`${file}: version '${String(base.version)}' is ignored: ECS AppSpecs are version 0.0.`);
    const target = base.Resources?.[0]?.TargetService;
    const props = (target?.Properties ?? {});
    if (target?.Type !== undefined && target.Type !== 'AWS::ECS::Service')
        out.push(`${file}: Type '${String(target.Type)}' is ignored: the target is always AWS::ECS::Service.`);
    for (const key of Object.keys(props)) {
        if (!PROPERTIES.has(key))
            out.push(`${file}: Properties.${key} is ignored: it is not an ECS AppSpec property.`);
    }
    const td = props.TaskDefinition;
    if (typeof td === 'string' && td && !PLACEHOLDER.test(td)) {
        out.push(`${file}: Properties.TaskDefinition '${td}' is ignored: the task definition this step registers is deployed.`);
    }
    const lbi = props.LoadBalancerInfo;
    if (lbi &&
        ((lbi.ContainerName !== undefined && lbi.ContainerName !== lb.containerName) ||
            (lbi.ContainerPort !== undefined && Number(lbi.ContainerPort) !== lb.containerPort))) {
        out.push(`${file}: LoadBalancerInfo ${String(lbi.ContainerName ?? '?')}:${String(lbi.ContainerPort ?? '?')} is ignored: traffic goes to the service's load-balanced container ${lb.containerName}:${lb.containerPort}.`);
    }
    for (const entry of base.Hooks ?? []) {
        for (const [event, fn] of Object.entries(entry)) {
            const given = hooks.find((h) => h.event === event);
            if (given && given.functionName !== fn)
                out.push(`${file}: hook ${event}=${fn} is replaced by the hooks input (${event}=${given.functionName}).`);
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/kit/if-busy.ts
var if_busy = __webpack_require__(8259);
// EXTERNAL MODULE: ./src/kit/poll.ts
var poll = __webpack_require__(1635);
// EXTERNAL MODULE: ./src/kit/register.ts
var register = __webpack_require__(9687);
// EXTERNAL MODULE: ./src/kit/settle.ts
var settle = __webpack_require__(861);
// EXTERNAL MODULE: ./src/kit/diagnose.ts
var diagnose = __webpack_require__(5178);
// EXTERNAL MODULE: ./src/kit/policy.ts
var kit_policy = __webpack_require__(7300);
;// CONCATENATED MODULE: ./src/ways/codedeploy/watch.ts







/** What the canary analysis reads from a look: the task sets' weights and target groups while the deployment runs. */
const judged = {
    split: (s) => (s.deployment.status === 'InProgress' ? traffic(s.target) : undefined),
    sides(s) {
        const green = taskSet(s.target, 'Green')?.targetGroup?.name;
        const blue = taskSet(s.target, 'Blue')?.targetGroup?.name;
        if (!green || !blue)
            throw new Error(`deployment ${s.deployment.deploymentId} shows no target group for its ${green ? 'blue' : 'green'} task set`);
        return { green, blue };
    }
};
/**
 * Follows one CodeDeploy deployment and reports each change once, as it happens. What to read
 * (the target only when it may show a change) and when comes from the poll policy: the steps of a
 * canary or linear shift and the end of the wait before blue is removed are scheduled by
 * CodeDeploy, so they are predicted from its own timestamps and looked for around that time.
 */
async function watchDeployment(cd, o) {
    const policy = o.policy ?? kit_policy/* DEFAULT_POLICY */.zj;
    // The clock model times real calls: it reads the wall clock, whatever `now` the deadline uses.
    const aws = new kit_policy/* AwsClock */.I5();
    const stopListening = o.dates?.listen((date, sentAt, receivedAt) => aws.observeDate(date, sentAt, receivedAt));
    const wall = Date.now;
    let targetId = o.targetId;
    /** Whether targetId is the one CodeDeploy forms, not yet confirmed by a read. */
    let formed = o.targetId !== undefined;
    let readDetail = true;
    let readStatus = true;
    /** When a GetDeployment last showed it not started: every lifecycle time comes after. */
    let notStarted;
    const watched = {
        what: `deployment ${o.deploymentId}`,
        async look(last, signal) {
            const readDeployment = async () => {
                const sent = wall();
                const d = await getDeployment(cd, o.deploymentId, signal);
                aws.observe('status', [d.createTime, d.startTime, d.completeTime], sent, wall());
                if (d.status === 'Created' || d.status === 'Queued')
                    notStarted = sent;
                return d;
            };
            const readTarget = async () => {
                targetId ??= await deploymentTargetId(cd, o.deploymentId, signal);
                if (!targetId)
                    return undefined;
                const sent = wall();
                let t = await ecsTarget(cd, o.deploymentId, targetId, signal).catch((err) => {
                    if (!formed || !TARGET_NOT_FOUND.has(err.name))
                        throw err;
                    return undefined;
                });
                if (!t && formed) {
                    // Not the ID CodeDeploy formed after all: ask for it, once.
                    formed = false;
                    targetId = await deploymentTargetId(cd, o.deploymentId, signal);
                    t = targetId ? await ecsTarget(cd, o.deploymentId, targetId, signal) : undefined;
                }
                if (t)
                    aws.observe('detail', targetTimes(t), sent, wall(), notStarted);
                return t;
            };
            let deployment;
            let target;
            if (!readStatus && last?.target) {
                // A traffic step is due: the target shows it; the deployment only if something went wrong.
                target = await readTarget();
                deployment = target && !troubled(target) ? last.deployment : await readDeployment();
            }
            else {
                deployment = await readDeployment();
                // A new status (a stop, a failure, Ready) always gets the target; otherwise only when it may show a change.
                if (wantsTarget(last, deployment) && (readDetail || deployment.status !== last?.deployment.status))
                    target = await readTarget();
            }
            return carryTarget(last, { deployment, target });
        },
        compare: compare,
        verdict: (s) => reached(s, o.until),
        nextDelay({ changed, failed, previousMs, snapshot }) {
            const expected = !failed && snapshot ? expectedChange(snapshot) : undefined;
            const next = (0,kit_policy/* nextPoll */.Hv)(policy, { now: wall(), previousMs, changed, expected, clock: aws });
            readDetail = next.detail;
            readStatus = next.status;
            return next.delayMs;
        }
    };
    const end = await (0,poll/* poll */.wt)(watched, {
        deadline: o.deadline,
        signal: o.signal,
        policy,
        from: o.from,
        onEvent: o.onEvent,
        warn: o.warn,
        now: o.now,
        judge: o.judge
    }).finally(() => stopListening?.());
    const snapshot = end.snapshot ?? { deployment: { deploymentId: o.deploymentId } };
    if (end.end === 'done')
        return { end: end.verdict, snapshot };
    if (end.end === 'judged')
        return { end: 'judged', snapshot, failure: end.failure };
    return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot };
}
/** What BatchGetDeploymentTargets answers for a target ID the deployment does not have. */
const TARGET_NOT_FOUND = new Set(['DeploymentTargetDoesNotExistException', 'InvalidDeploymentTargetIdException']);
/** Every AWS time a target carries: each one tells where AWS's clock stood when it appeared. */
function targetTimes(t) {
    return [t.lastUpdatedAt, ...(t.lifecycleEvents ?? []).flatMap((e) => [e.startTime, e.endTime])];
}
/**
 * The next change CodeDeploy has scheduled, if its time is known from the deployment and what
 * was seen: the next canary or linear step, or the end of the wait before blue is removed.
 */
function expectedChange(s) {
    const d = s.deployment;
    // A rollback moves all traffic back at once and keeps nothing waiting: nothing to predict.
    if (d.status !== 'InProgress' || d.creator === 'codeDeployRollback' || d.rollbackInfo?.rollbackTriggeringDeploymentId)
        return undefined;
    const events = s.target?.lifecycleEvents;
    const allow = events?.find((e) => e.lifecycleEventName === 'AllowTraffic');
    const after = events?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic');
    if (after?.status === 'Succeeded') {
        const minutes = d.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes;
        if (!minutes || !after.endTime || d.instanceTerminationWaitTimeStarted === false)
            return undefined;
        return { aws: after.endTime.getTime() + minutes * 60_000, in: 'status', end: true };
    }
    if (allow?.status !== 'InProgress')
        return undefined;
    const schedule = trafficSchedule(d.deploymentConfigName);
    const green = taskSet(s.target, 'Green')?.trafficWeight;
    const at = schedule && green !== undefined ? nextShiftAt(schedule, allow.startTime, green) : undefined;
    return at === undefined ? undefined : { aws: at, in: 'detail', end: false };
}
/**
 * Targets change only while the deployment runs, and not during the wait before blue is removed;
 * one more read when it ends gives the final lifecycle and traffic, unless a success was already
 * complete in the last one (only blue's removal is left, which the log does not show).
 */
function wantsTarget(last, d) {
    const status = d.status;
    if (status === 'Created' || status === 'Queued')
        return false;
    if (!last)
        return true;
    if (status && TERMINAL.has(status))
        return last.deployment.status !== status && !(status === 'Succeeded' && afterAllowTrafficDone(last));
    return !afterAllowTrafficDone(last);
}
/** A target that shows more than progress: the deployment must be read too. */
function troubled(t) {
    return t.status !== 'InProgress' || (t.lifecycleEvents ?? []).some((e) => e.status === 'Failed');
}
function afterAllowTrafficDone(s) {
    return s.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterAllowTraffic')?.status === 'Succeeded';
}
function reached(s, until) {
    const status = s.deployment.status;
    if (status && TERMINAL.has(status))
        return 'terminal';
    if (until === 'ready' && status === 'Ready')
        return 'ready';
    if (until === 'traffic-shifted') {
        const allow = s.target?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AllowTraffic');
        if (allow?.status === 'Succeeded')
            return 'traffic-shifted';
    }
    return undefined;
}
/** The predefined ECS configs, from their names (custom ones would cost a call to read). */
function trafficSchedule(configName) {
    if (!configName)
        return undefined;
    if (configName === 'CodeDeployDefault.ECSAllAtOnce')
        return { type: 'AllAtOnce', percent: 100, intervalMs: 0 };
    const canary = /^CodeDeployDefault\.ECSCanary(\d+)Percent(\d+)Minutes?$/.exec(configName);
    if (canary)
        return { type: 'Canary', percent: Number(canary[1]), intervalMs: Number(canary[2]) * 60_000 };
    const linear = /^CodeDeployDefault\.ECSLinear(\d+)PercentEvery(\d+)Minutes?$/.exec(configName);
    if (linear)
        return { type: 'Linear', percent: Number(linear[1]), intervalMs: Number(linear[2]) * 60_000 };
    return undefined;
}
/**
 * The next step of a traffic shift under way: AllowTraffic started with the first step, and
 * each later one comes an interval after the one before. Undefined once all traffic is on green.
 */
function nextShiftAt(s, allowTrafficStart, greenWeight) {
    if (!allowTrafficStart || s.type === 'AllAtOnce' || greenWeight <= 0 || greenWeight >= 100)
        return undefined;
    const steps = s.type === 'Canary' ? 1 : Math.round(greenWeight / s.percent);
    if (steps < 1)
        return undefined;
    return allowTrafficStart.getTime() + steps * s.intervalMs;
}
/**
 * Streams a deployment to the log until it ends (or the wait-for point), then, if it failed,
 * says why and follows the rollback CodeDeploy started. `outcome` is unset when the watch was
 * cut short (timeout, cancel): the caller decides what happens then.
 */
async function follow(ctx, deploymentId, opts = {}) {
    const o = {
        ...opts,
        cd: ctx.clients.codedeploy,
        ecs: ctx.clients.ecs,
        dates: ctx.clients.dates,
        log: ctx.log,
        cluster: ctx.inputs.cluster,
        service: ctx.inputs.service,
        deploymentId,
        until: opts.until ?? 'complete',
        deadline: opts.deadline ?? (0,context/* deadlineOf */.G0)(ctx),
        signal: ctx.signal,
        policy: ctx.policy,
        warn: ctx.warn
    };
    let started = o.from !== undefined;
    let traffic;
    const deferred = [];
    const watch = (from, judge, deadline = o.deadline) => watchDeployment(o.cd, {
        deploymentId: o.deploymentId,
        until: o.until,
        deadline,
        signal: o.signal,
        policy: o.policy,
        from,
        targetId: ecsTargetId(o.cluster, o.service),
        dates: o.dates,
        onEvent,
        warn: o.warn,
        judge
    });
    const onEvent = (e, snap) => {
        if (!started) {
            o.log.start(snap.deployment.createTime);
            started = true;
        }
        if (e.kind === 'traffic')
            traffic = { green: e.green, blue: e.blue };
        // A failure's own lines wait until its cause is known, so the log reads cause first.
        const failed = snap.deployment.status === 'Failed' || snap.deployment.status === 'Stopped';
        if (failed && (e.kind === 'error' || e.kind === 'rollback' || e.kind === 'status'))
            deferred.push(e);
        else if (!(failed && e.kind === 'lifecycle' && e.status === 'Skipped'))
            o.log.event(withHook(e, opts.hooks));
    };
    let result = await watch(o.from, opts.analyse ? ctx.analysis?.judge(judged) : undefined);
    const failure = result.failure;
    if (failure) {
        // The analysis failed the new side: CodeDeploy moves the traffic back, and the watch follows it.
        await stopDeployment(o.cd, o.deploymentId, true);
        // Dealt with: the post step has nothing to stop if this step is killed now.
        ctx.settled();
        o.log.line(`  ${(0,format/* clock */.pm)(o.log.now(failure.at))}  Stopped deployment ${o.deploymentId} with rollback (canary analysis)`);
        result = await watch(result.snapshot, undefined, Math.max(o.deadline, Date.now() + 15 * 60_000));
    }
    const d = result.snapshot.deployment;
    const green = taskSet(result.snapshot.target, 'Green');
    const out = { end: result.end, snapshot: result.snapshot, traffic };
    if (green?.identifer) {
        out.suspects = {
            cluster: o.cluster,
            service: o.service,
            taskSetId: green.identifer,
            targetGroups: green.targetGroup?.name ? [green.targetGroup.name] : [],
            since: d.createTime
        };
    }
    if (d.createTime)
        out.durationMs = (d.completeTime ?? new Date()).getTime() - d.createTime.getTime();
    if (failure && (result.end === 'aborted' || result.end === 'timeout')) {
        // Already stopped with rollback: a cancel or the deadline only ends the wait for it.
        out.outcome = 'stopped';
        out.cause = `${failure.cause}; deployment ${o.deploymentId} was stopped with rollback, still rolling back when the job ${result.end === 'aborted' ? 'was cancelled' : 'ran out of time'}`;
        return out;
    }
    if (result.end === 'ready' || result.end === 'traffic-shifted')
        out.outcome = result.end;
    if (result.end !== 'terminal')
        return out;
    if (d.status === 'Succeeded') {
        out.outcome = 'succeeded';
        out.traffic = { green: 100, blue: 0 };
        return out;
    }
    // Failed or Stopped: say why, then follow CodeDeploy's rollback to its end.
    let diagnosis;
    if (d.status === 'Failed') {
        diagnosis = await (0,diagnose/* diagnose */.h4)(o.ecs, { cluster: o.cluster, service: o.service, taskSetId: green?.identifer, since: d.createTime, until: d.completeTime });
        (0,diagnose/* printDiagnosis */.hm)(o.log, diagnosis);
        if (out.suspects)
            out.suspects.stopped = diagnosis.read;
    }
    // The rollback gets its own line once it ends (below).
    for (const e of deferred)
        if (e.kind !== 'rollback')
            o.log.event(e);
    const failedEvent = result.snapshot.target?.lifecycleEvents?.find((e) => e.status === 'Failed')?.lifecycleEventName;
    out.cause = failure
        ? `${failure.cause}; deployment ${o.deploymentId} was stopped with rollback`
        : causeOf(d.status ?? 'Failed', failedEvent, d.errorInformation, diagnosis);
    out.outcome = d.status === 'Stopped' ? 'stopped' : 'failed';
    // CodeDeploy may name the rollback deployment a moment after the failure: ask again briefly.
    let rollbackId = d.rollbackInfo?.rollbackDeploymentId;
    const rollsBack = opts.expectRollback ?? (d.autoRollbackConfiguration?.enabled || d.status === 'Stopped');
    for (let i = 0; !rollbackId && rollsBack && i < 3 && !o.signal?.aborted; i++) {
        await (0,poll/* sleep */.yy)(2000, o.signal);
        rollbackId = (await getDeployment(o.cd, o.deploymentId).catch(() => undefined))?.rollbackInfo?.rollbackDeploymentId;
    }
    if (rollbackId) {
        out.rollbackDeploymentId = rollbackId;
        const rb = await watchDeployment(o.cd, {
            deploymentId: rollbackId,
            until: 'complete',
            deadline: Math.max(o.deadline, Date.now() + 30 * 60_000),
            signal: o.signal,
            policy: o.policy,
            targetId: ecsTargetId(o.cluster, o.service),
            dates: o.dates,
            onEvent: () => { }
        });
        const r = rb.snapshot.deployment;
        const took = r.createTime && r.completeTime ? ` in ${(0,format/* duration */.p0)(r.completeTime.getTime() - r.createTime.getTime())}` : '';
        const at = (0,format/* clock */.pm)(o.log.offset(r.completeTime));
        if (r.status === 'Succeeded') {
            out.outcome = 'rolled-back';
            out.traffic = { green: 0, blue: 100 };
            const serving = o.previousTaskDefinitionArn ? (0,format/* revisionName */.pd)(o.previousTaskDefinitionArn) : 'the previous task definition';
            o.log.line(`  ${at}  rolled back by ${rollbackId}: Succeeded${took}; ${serving} serves all traffic`);
        }
        else {
            o.log.line(`  ${at}  rollback ${rollbackId}: ${r.status ?? 'unknown'}${took}${r.errorInformation ? ` (${r.errorInformation.code}: ${r.errorInformation.message})` : ''}`);
        }
    }
    return out;
}
function causeOf(status, event, error, diagnosis) {
    const where = event ? `${event} failed` : `Deployment ${status.toLowerCase()}`;
    const task = diagnosis?.stoppedTasks[0];
    const c = task?.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0);
    if (c)
        return `${where}: ${c.name} exited ${c.exitCode} (${task?.stoppedReason ?? c.reason ?? 'no reason given'})`;
    if (task?.stoppedReason)
        return `${where}: ${task.stoppedReason}`;
    if (error?.message)
        return `${where}: ${error.code ? `${error.code}: ` : ''}${error.message}`;
    return where;
}
/** A lifecycle event with the Lambda hook that ran in it. */
function withHook(e, hooks) {
    const hook = e.kind === 'lifecycle' ? hooks?.get(e.name) : undefined;
    return hook && e.kind === 'lifecycle' ? { ...e, hook } : e;
}

;// CONCATENATED MODULE: ./src/ways/codedeploy/release.ts
/**
 * A CodeDeploy release: register the task definition, create the deployment with the AppSpec
 * rendered from the service, and follow it to its end (or the wait-for point). A timeout or a
 * cancel stops it with rollback unless on-timeout / on-cancel say leave.
 *
 * deployment-id is the CodeDeploy deployment id (d-…).
 */













async function deploy(ctx) {
    const { inputs, own } = ctx;
    const p = await plan(ctx);
    printPlan(ctx, p);
    const target = {
        service: p.service,
        group: p.group,
        containerName: p.containerName,
        containerPort: p.containerPort,
        appSpecBase: own.appSpecBase,
        previousArn: p.previousArn,
        image: (0,render/* imageOf */.dT)(inputs, p)
    };
    // Nothing in AWS has changed so far. A busy group is settled before we register anything; what
    // runs after it was not read, so only an idle group's release can be unchanged.
    const busy = await busyGroup(ctx, target.group);
    const { applicationName: application, deploymentGroupName: deploymentGroup } = target.group;
    const unchanged = busy
        ? undefined
        : (0,register/* unchangedRelease */.vq)(ctx, p, { outcome: 'failed', cluster: inputs.cluster, service: inputs.service, image: target.image, application, deploymentGroup });
    if (unchanged)
        return unchanged;
    await (0,if_busy/* awaitIdle */.j)(ctx, busy);
    (0,context/* checkNotCancelled */.zu)(ctx);
    const reg = await (0,register/* registerRelease */.h4)(ctx, p);
    if (reg.stop) {
        const { cluster, service } = inputs;
        return {
            outcome: 'failed',
            cluster,
            service,
            image: target.image,
            previousTaskDefinitionArn: p.previousArn,
            taskDefinitionArn: reg.arn,
            application,
            deploymentGroup,
            ...reg.result
        };
    }
    return { ...(await release(ctx, target, reg.arn)), ...reg.result };
}
/**
 * The default description names the commit and the run, and always carries the release token and
 * the revision the release replaces: the token finds a deployment whose response was lost, and
 * the revision is what a later 'rollback-to: previous' goes back to.
 */
function describeRelease(own, env, token, previousArn) {
    const run = env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
        ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    const text = own.description ?? ['Deployed by ecs-bluegreen-action', env.GITHUB_SHA ? `commit ${env.GITHUB_SHA.slice(0, 12)}` : '', run ?? ''].filter(Boolean).join(' ');
    // CodeDeploy takes at most 512 characters; the token must survive (it finds a lost deployment).
    const suffix = ` [release ${token}${previousArn ? `; previous ${(0,format/* revisionName */.pd)(previousArn)}` : ''}]`;
    const room = 512 - suffix.length;
    return `${text.length > room ? `${text.slice(0, room - 1)}…` : text}${suffix}`;
}
/** The revision a release of this action recorded in its description as the one it replaced. */
function recordedPrevious(description) {
    return /\[release [^\];]+; previous ([^\]\s]+)\]$/.exec(description ?? '')?.[1];
}
/** The group's deployment in flight, for if-busy. */
async function busyGroup(ctx, group) {
    // A group runs one deployment at a time, and the newest is the one it last attempted: when that
    // one has ended, nothing runs, and the list of deployments in flight need not be asked for.
    const last = group.lastAttemptedDeployment;
    if (!last?.deploymentId || (last.status && TERMINAL.has(last.status)))
        return undefined;
    const active = await findActiveDeployment(ctx.clients.codedeploy, group.applicationName, group.deploymentGroupName);
    if (!active)
        return undefined;
    return {
        name: `deployment ${active}`,
        owner: `Deployment group '${group.deploymentGroupName}'`,
        url: consoleUrl(active, ctx.region),
        stop: () => stopDeployment(ctx.clients.codedeploy, active, true).then(() => undefined),
        follow: async () => {
            const f = await follow(ctx, active);
            if (f.end === 'aborted' || f.end === 'timeout')
                return { gaveUp: f.end };
            return { ended: f.snapshot.deployment.status ?? 'unknown' };
        }
    };
}
/** Makes sure the group has no deployment in flight, as if-busy says. */
async function awaitIdleGroup(ctx, group) {
    await (0,if_busy/* awaitIdle */.j)(ctx, await busyGroup(ctx, group));
}
/** Creates the deployment of `taskDefinitionArn`, streams it, and settles a timeout or a cancel. */
async function release(ctx, t, taskDefinitionArn) {
    const { inputs, own, clients, log } = ctx;
    const application = t.group.applicationName;
    const deploymentGroup = t.group.deploymentGroupName;
    const result = {
        outcome: 'failed',
        cluster: inputs.cluster,
        service: inputs.service,
        image: t.image,
        taskDefinitionArn,
        previousTaskDefinitionArn: t.previousArn,
        deploymentConfig: own.deploymentConfig ?? t.group.deploymentConfigName,
        application,
        deploymentGroup
    };
    const appSpec = renderAppSpec({
        taskDefinitionArn,
        service: t.service,
        containerName: t.containerName,
        containerPort: t.containerPort,
        hooks: own.hooks,
        base: t.appSpecBase
    });
    const token = `${ctx.env.GITHUB_RUN_ID ?? 'local'}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    const args = {
        application,
        deploymentGroup,
        deploymentConfig: own.deploymentConfig,
        description: describeRelease(own, ctx.env, token, t.previousArn),
        token,
        appSpec: appSpecContent(appSpec),
        startedAfter: new Date(ctx.startedAt)
    };
    (0,context/* checkNotCancelled */.zu)(ctx);
    let deploymentId;
    try {
        deploymentId = await createDeploymentOnce(clients.codedeployOnce, clients.codedeploy, args);
    }
    catch (err) {
        // Another deployment started between our check and our create: settle it as if-busy says, once.
        if (err.name !== 'DeploymentLimitExceededException')
            throw err;
        await awaitIdleGroup(ctx, t.group);
        deploymentId = await createDeploymentOnce(clients.codedeployOnce, clients.codedeploy, args);
    }
    ctx.state.save(state/* STATE */.c.deployment, deploymentId);
    result.deploymentId = deploymentId;
    result.deploymentUrl = consoleUrl(deploymentId, ctx.region);
    log.line(`Deployment ${deploymentId} created  ${result.deploymentUrl}`);
    if (inputs.waitFor === 'none')
        return { ...result, outcome: 'started' };
    const hooks = new Map(Object.entries(Object.assign({}, ...(appSpec.Hooks ?? []))));
    const f = await follow(ctx, deploymentId, { until: inputs.waitFor, previousTaskDefinitionArn: t.previousArn, hooks, analyse: true });
    return { ...result, ...(await release_settle(ctx, deploymentId, f, t.previousArn)) };
}
/**
 * Turns how the watch ended into an outcome. A timeout or a cancel never leaves the deployment
 * half-done without saying so: it is stopped with rollback, or the log says it was left running.
 */
async function release_settle(ctx, deploymentId, f, previousArn) {
    const base = { traffic: f.traffic, durationMs: f.durationMs, rollbackDeploymentId: f.rollbackDeploymentId, cause: f.cause, suspects: f.suspects };
    if (f.outcome)
        return { ...base, outcome: f.outcome };
    const settled = await (0,settle/* settleCutShort */.k)(ctx, f.end === 'aborted' ? 'aborted' : 'timeout', {
        url: consoleUrl(deploymentId, ctx.region),
        left: { now: `deployment ${deploymentId} is left running`, past: `deployment ${deploymentId} was left running` },
        rollBack: async (cut) => {
            await stopDeployment(ctx.clients.codedeploy, deploymentId, true);
            // A timeout's cause names the rollback deployment, found while following it.
            return {
                did: `stopped deployment ${deploymentId} with rollback`,
                done: cut === 'timeout' ? 'stopped with rollback' : `deployment ${deploymentId} was stopped with rollback`
            };
        },
        afterRollBack: async (cut) => {
            if (cut === 'timeout') {
                const after = await follow(ctx, deploymentId, { from: f.snapshot, deadline: Date.now() + 15 * 60_000, previousTaskDefinitionArn: previousArn });
                return { rollbackDeploymentId: after.rollbackDeploymentId, traffic: after.traffic ?? base.traffic };
            }
            // The runner kills the process seconds after SIGINT: look for the rollback briefly.
            let rollbackId;
            for (let i = 0; i < 3 && !rollbackId; i++) {
                await (0,poll/* sleep */.yy)(1000);
                rollbackId = (await getDeployment(ctx.clients.codedeploy, deploymentId).catch(() => undefined))?.rollbackInfo?.rollbackDeploymentId;
            }
            if (rollbackId) {
                ctx.log.line(`Rollback deployment ${rollbackId} started; ${(0,format/* revisionName */.pd)(previousArn)} takes all traffic back  ${consoleUrl(rollbackId, ctx.region)}`);
            }
            return { rollbackDeploymentId: rollbackId };
        }
    });
    return {
        ...base,
        ...settled,
        cause: settled.rollbackDeploymentId && f.end !== 'aborted' ? `${settled.cause} by ${settled.rollbackDeploymentId}` : settled.cause
    };
}

;// CONCATENATED MODULE: ./src/ways/codedeploy/control.ts











function resultOf(ctx, deploymentId) {
    return {
        outcome: 'stopped',
        cluster: ctx.inputs.cluster,
        service: ctx.inputs.service,
        deploymentId,
        deploymentUrl: deploymentId ? consoleUrl(deploymentId, ctx.region) : undefined
    };
}
/** The deployment 'deployment-id' names, or the reason it cannot be used. */
async function namedDeployment(ctx, id) {
    return getDeployment(ctx.clients.codedeploy, id).catch((err) => {
        if (/DoesNotExist|InvalidDeploymentId/.test(err.name)) {
            throw new errors/* ActionError */.lZ(`Input 'deployment-id': deployment '${id}' does not exist in this account and region. Pass the 'deployment-id' output of the step that started it, and check 'aws-region'.`, 'deployment-id');
        }
        throw err;
    });
}
/** mode stop: stops the group's deployment in flight (with rollback unless 'rollback: false') and waits for the rollback. */
async function stop(ctx) {
    const { inputs, log, clients } = ctx;
    const { group } = await resolveServiceAndGroup(ctx);
    if (inputs.deploymentId) {
        // Checked before StopDeployment: a mistyped or stale id must not stop another service's release.
        const d = await namedDeployment(ctx, inputs.deploymentId);
        if (d.applicationName !== group.applicationName || d.deploymentGroupName !== group.deploymentGroupName) {
            throw new errors/* ActionError */.lZ(`Input 'deployment-id': deployment ${inputs.deploymentId} belongs to ${d.applicationName}/${d.deploymentGroupName}, not to ${group.applicationName}/${group.deploymentGroupName}, the group of ${inputs.cluster}/${inputs.service}. Pass the id of a deployment of this service, or leave 'deployment-id' out to stop the one in flight.`, 'deployment-id');
        }
        if (d.status && TERMINAL.has(d.status)) {
            throw new errors/* ActionError */.lZ(`Input 'deployment-id': deployment ${inputs.deploymentId} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`, 'deployment-id');
        }
    }
    const id = inputs.deploymentId ?? (await findActiveDeployment(clients.codedeploy, group.applicationName, group.deploymentGroupName));
    if (!id) {
        log.line(`No deployment of ${group.applicationName}/${group.deploymentGroupName} is in flight: nothing to stop.`);
        return resultOf(ctx, undefined);
    }
    log.line(`Stopping deployment ${id}${inputs.rollback ? ' with rollback' : ' without rollback (rollback: false)'}  ${consoleUrl(id, ctx.region)}`);
    await stopDeployment(clients.codedeploy, id, inputs.rollback);
    const f = await follow(ctx, id, { expectRollback: inputs.rollback });
    const settled = await release_settle(ctx, id, f);
    // Stopping is what this mode is for: a stop that rolled back is its success.
    return { ...resultOf(ctx, id), ...settled, outcome: settled.outcome === 'failed' ? 'stopped' : settled.outcome };
}
/** mode continue: passes the approval gate (READY_WAIT) or ends the wait before blue is removed (TERMINATION_WAIT). */
async function continueRelease(ctx) {
    const { inputs, log, clients } = ctx;
    const id = inputs.deploymentId;
    const d = await namedDeployment(ctx, id);
    await findDeploymentGroup(clients.codedeploy, {
        application: d.applicationName,
        deploymentGroup: d.deploymentGroupName,
        cluster: inputs.cluster,
        service: inputs.service
    }).catch((err) => {
        if (err instanceof errors/* ActionError */.lZ && err.subject === 'codedeploy-deployment-group') {
            throw new errors/* ActionError */.lZ(`Input 'deployment-id': deployment ${id} belongs to ${d.applicationName}/${d.deploymentGroupName}, which does not deploy ${inputs.cluster}/${inputs.service}. Pass the 'deployment-id' output of the step that released this service.`, 'deployment-id');
        }
        throw err;
    });
    let waitType;
    if (d.status === 'Ready')
        waitType = 'READY_WAIT';
    else if (d.status === 'InProgress' && d.instanceTerminationWaitTimeStarted)
        waitType = 'TERMINATION_WAIT';
    else {
        throw new errors/* ActionError */.lZ(`Input 'deployment-id': deployment ${id} is ${d.status}${d.status === 'InProgress' ? ' and not waiting' : ''}; there is nothing to continue. Continue works while it waits at the approval gate (Ready) or before the blue task set is removed.`, 'deployment-id');
    }
    await continueDeployment(clients.codedeploy, id, waitType);
    log.line(`ContinueDeployment ${id} (${waitType === 'READY_WAIT' ? 'approval gate passed: shifting production traffic' : 'ending the wait before blue is removed'})  ${consoleUrl(id, ctx.region)}`);
    const result = {
        ...resultOf(ctx, id),
        application: d.applicationName,
        deploymentGroup: d.deploymentGroupName,
        deploymentConfig: d.deploymentConfigName,
        outcome: 'failed'
    };
    if (inputs.waitFor === 'none')
        return { ...result, outcome: 'started' };
    const f = await follow(ctx, id, { until: inputs.waitFor, analyse: true });
    return { ...result, ...(await release_settle(ctx, id, f)) };
}
/**
 * mode rollback: with a deployment in flight, stop it with CodeDeploy's rollback; otherwise release
 * an earlier task definition through a new deployment, streamed like any release.
 */
async function rollback(ctx) {
    const { inputs, clients, log } = ctx;
    const { service, group } = await resolveServiceAndGroup(ctx);
    const current = (0,render/* currentTaskDefinition */.IY)(service);
    const active = await findActiveDeployment(clients.codedeploy, group.applicationName, group.deploymentGroupName);
    if (active) {
        log.line(`Deployment ${active} is in flight: stopping it with rollback (mode: rollback)  ${consoleUrl(active, ctx.region)}`);
        await stopDeployment(clients.codedeploy, active, true);
        const settled = await release_settle(ctx, active, await follow(ctx, active, { previousTaskDefinitionArn: current }), current);
        return {
            cluster: inputs.cluster,
            service: inputs.service,
            deploymentId: active,
            deploymentUrl: consoleUrl(active, ctx.region),
            previousTaskDefinitionArn: current,
            ...settled,
            outcome: settled.outcome
        };
    }
    const target = await (0,rollback_target/* resolveRollbackTarget */.a)(ctx, current, previousFromGroup(ctx, group, current));
    (0,rollback_target/* refuseSameRevision */.g)(target, current);
    const lb = loadBalancedContainer(service);
    const td = await (0,ecs/* describeTaskDefinition */.oh)(clients.ecs, target);
    (0,taskdef/* requireContainerPort */.em)((0,taskdef/* toRegisterInput */.Rv)(td.taskDefinition), lb.containerName, lb.containerPort, 'rollback-to');
    log.line(`ecs-bluegreen-action  ${inputs.cluster}/${inputs.service}  rollback via CodeDeploy ${group.applicationName}/${group.deploymentGroupName}`);
    log.line(`Task definition ${(0,format/* revisionName */.pd)(current)} -> ${(0,format/* revisionName */.pd)(target)} (rollback-to: ${inputs.rollbackTo})`);
    const image = td.taskDefinition.containerDefinitions?.find((c) => c.name === (inputs.containerName ?? lb.containerName))?.image;
    return release(ctx, { service, group, ...lb, previousArn: current, image }, target);
}
/**
 * 'previous' for the CodeDeploy way: the revision the service ran before the release that is live
 * now, as that release recorded it in its description; a live release without one (not made by
 * this action) falls back to the group's last successful release of another task definition.
 */
function previousFromGroup(ctx, group, current) {
    return async () => {
        const releases = await successfulReleases(ctx.clients.codedeploy, group.applicationName, group.deploymentGroupName);
        for (const r of releases.filter((x) => x.taskDefinitionArn === current)) {
            const recorded = recordedPrevious(r.description);
            if (recorded && recorded !== (0,format/* revisionName */.pd)(current))
                return { taskDefinitionArn: recorded, foundIn: `what deployment ${r.id} released ${(0,format/* revisionName */.pd)(current)} over` };
        }
        const earlier = releases.find((r) => r.taskDefinitionArn && r.taskDefinitionArn !== current);
        if (!earlier?.taskDefinitionArn)
            return { none: `deployment group '${group.deploymentGroupName}' has no successful release of anything but ${(0,format/* revisionName */.pd)(current)} in its history` };
        return { taskDefinitionArn: earlier.taskDefinitionArn, foundIn: `deployment ${earlier.id}` };
    };
}

// EXTERNAL MODULE: ./src/kit/plan.ts + 1 modules
var kit_plan = __webpack_require__(980);
;// CONCATENATED MODULE: ./src/ways/codedeploy/plan-mode.ts




async function planRelease(ctx) {
    const { inputs, own } = ctx;
    const p = await plan(ctx);
    const busy = await busyGroup(ctx, p.group);
    const registered = p.existingArn && p.existingArn !== p.previousArn ? p.existingArn : undefined;
    const appSpec = renderAppSpec({
        // The ARN of a revision registered at release time is not known yet.
        taskDefinitionArn: registered ?? `${p.taskDefinition.family}:<registered at release>`,
        service: p.service,
        containerName: p.containerName,
        containerPort: p.containerPort,
        hooks: own.hooks,
        base: own.appSpecBase
    });
    return (0,kit_plan/* reportPlan */._S)(ctx, {
        header: headerLineOf(ctx, p),
        rendered: p,
        lb: { containerName: p.containerName, containerPort: p.containerPort },
        checks: [
            (0,kit_plan/* busyCheck */.Ir)(ctx, busy, `deployment group ${p.group.deploymentGroupName} is idle${p.group.lastAttemptedDeployment?.deploymentId ? ` (last: ${p.group.lastAttemptedDeployment.deploymentId} ${p.group.lastAttemptedDeployment.status ?? ''})`.trimEnd() : ''}`)
        ],
        appSpec,
        result: {
            outcome: 'planned',
            cluster: inputs.cluster,
            service: inputs.service,
            application: p.group.applicationName,
            deploymentGroup: p.group.deploymentGroupName,
            deploymentConfig: own.deploymentConfig ?? p.group.deploymentConfigName,
            previousTaskDefinitionArn: p.previousArn,
            ...(registered ? { taskDefinitionArn: registered } : {}),
            image: (0,render/* imageOf */.dT)(inputs, p)
        }
    });
}

;// CONCATENATED MODULE: ./src/ways/codedeploy/handlers.ts





const handlers = {
    modes: { deploy: deploy, plan: planRelease, rollback: rollback, continue: continueRelease, stop: stop },
    afterKill: afterKill,
    describe: describeCodeDeployEvent
};


/***/ })

};
