export const id = 417;
export const ids = [417];
export const modules = {

/***/ 2260:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ describeTask),
/* harmony export */   Z: () => (/* binding */ runTask),
/* harmony export */   stopTask: () => (/* binding */ stopTask)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(212);
/* harmony import */ var _abortable_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3315);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(201);
/** The one-off task of a release (pre-release-command): RunTask, one task's DescribeTasks, StopTask. */



(0,_clients_js__WEBPACK_IMPORTED_MODULE_0__.provideClient)('ecs', (config) => new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .ECSClient */ .Zgc(config));
/**
 * Starts the task. `clientToken` makes the SDK's retries of a lost answer safe: ECS starts one
 * task per token, and a migration must not run twice. No task and `failures` is ECS saying it
 * could not place it (capacity).
 */
async function runTask(ecs, input) {
    const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .RunTaskCommand */ ._eD(input));
    return { task: out.tasks?.[0], failures: out.failures ?? [] };
}
/** The task as ECS describes it now; undefined while it is not yet visible (ECS is eventually consistent right after RunTask). */
async function describeTask(ecs, cluster, taskArn, signal) {
    return (await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTasksCommand */ .z8X({ cluster, tasks: [taskArn] }), (0,_abortable_js__WEBPACK_IMPORTED_MODULE_2__/* .abortable */ .Z)(signal))).tasks?.[0];
}
async function stopTask(ecs, cluster, taskArn, reason) {
    await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .StopTaskCommand */ .PP1({ cluster, task: taskArn, reason }));
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

/***/ 5417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPreRelease: () => (/* binding */ runPreRelease)
/* harmony export */ });
/* unused harmony exports startedByOf, runTaskInput, commandLine, placementLine, judgeStopped, taskEvents */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_logs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(446);
/* harmony import */ var _aws_tasks_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2260);
/* harmony import */ var _core_context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8480);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/* harmony import */ var _core_state_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7066);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2011);
/* harmony import */ var _causes_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7042);
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7300);
/* harmony import */ var _poll_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1635);
/**
 * The one-off task a release runs with its new revision before anything else changes
 * ('pre-release-command': a database migration), loaded by src/kit/register.ts only when asked
 * for: RunTask with the service's own network
 * configuration, launch type or capacity providers and platform version; the container's output
 * streamed to the job log as CloudWatch Logs gets it; STOPPED with every essential container
 * exited 0, or nothing else changes and the release ends failed. Its time counts against
 * 'wait-for-minutes'; a cancel stops it.
 */










/** `startedBy` of the task: the action and the run, so the console and ListTasks tell whose it is. */
function startedByOf(env) {
    const run = env.GITHUB_RUN_ID ? `run-${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}` : 'local';
    return `ecs-bluegreen-action/${run}`.replace(/[^A-Za-z0-9_/-]/g, '-').slice(0, 128);
}
/** The RunTask request: one task of the new revision, placed and networked as the service's own tasks are. */
function runTaskInput(o) {
    const s = o.service;
    // A CodeDeploy service keeps these on its task sets as well; the service's own come first.
    const set = s.taskSets?.find((t) => t.status === 'PRIMARY') ?? s.taskSets?.[0];
    const providers = s.capacityProviderStrategy?.length ? s.capacityProviderStrategy : set?.capacityProviderStrategy;
    const launchType = providers?.length ? undefined : (s.launchType ?? set?.launchType);
    const platformVersion = s.platformVersion ?? set?.platformVersion;
    const network = s.networkConfiguration ?? set?.networkConfiguration;
    return {
        cluster: o.cluster,
        taskDefinition: o.taskDefinitionArn,
        count: 1,
        startedBy: o.startedBy,
        clientToken: o.clientToken,
        ...(providers?.length ? { capacityProviderStrategy: providers } : launchType ? { launchType } : {}),
        ...(platformVersion ? { platformVersion } : {}),
        ...(network ? { networkConfiguration: network } : {}),
        ...(s.placementConstraints?.length ? { placementConstraints: s.placementConstraints } : {}),
        ...(s.placementStrategy?.length ? { placementStrategy: s.placementStrategy } : {}),
        overrides: { containerOverrides: [{ name: o.container, command: o.command }] }
    };
}
/** The command as one line, quoted where a word needs it. */
function commandLine(words) {
    return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
/** Where the task runs, for the plan's line: "FARGATE 1.4.0, subnets subnet-a, subnet-b". */
function placementLine(i) {
    const on = i.capacityProviderStrategy?.length
        ? `capacity providers ${i.capacityProviderStrategy.map((p) => p.capacityProvider).join(', ')}`
        : (i.launchType ?? 'the cluster default');
    const subnets = i.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];
    return `${on}${i.platformVersion ? ` ${i.platformVersion}` : ''}${subnets.length ? `, subnets ${subnets.join(', ')}` : ''}`;
}
function judgeStopped(task, td, container) {
    // Essential unless the definition says otherwise (ECS's default); the command's own container always counts.
    const essential = (name) => name === container || td.containerDefinitions?.find((d) => d.name === name)?.essential !== false;
    const containers = task.containers ?? [];
    const failed = containers.filter((c) => essential(c.name) && c.exitCode !== 0);
    const ours = containers.find((c) => c.name === container);
    if (!failed.length)
        return { ok: true, exitCode: ours?.exitCode };
    const culprit = failed.find((c) => c.name === container) ?? failed.find((c) => c.exitCode !== undefined) ?? failed[0];
    const started = culprit.exitCode !== undefined;
    return { ok: false, container: culprit.name ?? container, exitCode: culprit.exitCode, started, reason: culprit.reason ?? task.stoppedReason };
}
/** The first status of a task and its later ones, in ECS's order, each at AWS's time of it where the task says. */
const STATUS_AT = {
    PROVISIONING: (t) => t.createdAt,
    PENDING: (t) => t.pullStartedAt ?? t.connectivityAt,
    ACTIVATING: (t) => t.pullStoppedAt,
    RUNNING: (t) => t.startedAt,
    DEACTIVATING: (t) => t.stoppingAt,
    STOPPING: (t) => t.stoppingAt,
    DEPROVISIONING: (t) => t.executionStoppedAt,
    STOPPED: (t) => t.stoppedAt
};
/** Statuses after the container ended: their lines come after its last output. */
const ENDING = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
/** Statuses before the containers start. */
const STARTING = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);
/**
 * What changed between two looks: the status (after the output when the task is ending) and each
 * new line. A task that started and ended between two looks is still said RUNNING, at its start.
 * Pure.
 */
function taskEvents(prev, next) {
    const t = next.task;
    const status = t?.lastStatus;
    const before = prev?.task?.lastStatus;
    const lines = next.lines.map((l) => ({ kind: 'line', at: l.at, message: l.message }));
    if (!t || !status || status === before)
        return lines;
    const ev = { kind: 'status', status, at: STATUS_AT[status]?.(t), reason: status === 'STOPPED' ? t.stoppedReason : undefined };
    if (!ENDING.has(status))
        return [ev, ...lines];
    const missed = t.startedAt && (!before || STARTING.has(before)) ? [{ kind: 'status', status: 'RUNNING', at: t.startedAt }] : [];
    return [...missed, ...lines, ev];
}
/** Most pages of output read in one look: the rest comes at the next. */
const MAX_PAGES_PER_LOOK = 5;
/** Runs the task to its end and says how it ended; the result's fields when it did not succeed. */
async function runPreRelease(ctx, r) {
    const { inputs, clients, log } = ctx;
    const { cluster } = inputs;
    const tdName = (0,_report_format_js__WEBPACK_IMPORTED_MODULE_8__/* .revisionName */ .pd)(r.taskDefinition.taskDefinitionArn);
    const input = runTaskInput({
        cluster,
        taskDefinitionArn: r.taskDefinition.taskDefinitionArn,
        container: r.container,
        command: r.command,
        service: r.service,
        startedBy: startedByOf(ctx.env),
        clientToken: `${ctx.env.GITHUB_RUN_ID ?? 'local'}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}`
    });
    const cmd = commandLine(r.command);
    log.line(`Pre-release task: ${cmd}  (container ${r.container} of ${tdName}, ${placementLine(input)})`);
    const t0 = Date.now();
    const ms = () => Date.now() - t0;
    const pre = (ended, more = {}) => ({
        container: r.container,
        command: r.command,
        durationMs: ms(),
        ended,
        ...more
    });
    // A cancel that came while the revision was registered starts nothing.
    (0,_core_context_js__WEBPACK_IMPORTED_MODULE_3__/* .checkNotCancelled */ .zu)(ctx);
    const started = await (0,_aws_tasks_js__WEBPACK_IMPORTED_MODULE_2__/* .runTask */ .Z)(clients.ecs, input);
    const task = started.task;
    if (!task?.taskArn)
        return cannotPlace(ctx, started.failures, pre('cannot-start'));
    const taskArn = task.taskArn;
    // Until it has stopped: a main step killed meanwhile leaves it to the post step to stop.
    ctx.state.save(_core_state_js__WEBPACK_IMPORTED_MODULE_5__/* .STATE */ .c.preReleaseTask, `${cluster} ${taskArn}`);
    const taskId = taskArn.split('/').pop();
    const short = taskId.slice(0, 8);
    log.line(`  00:00  task ${short} ${task.lastStatus ?? 'PROVISIONING'}  https://console.aws.amazon.com/ecs/v2/clusters/${cluster}/tasks/${taskId}?region=${ctx.region}`);
    // Where its output goes: read as it comes when it is an awslogs stream here, else said once.
    const def = r.taskDefinition.containerDefinitions?.find((c) => c.name === r.container);
    const out = def ? (0,_causes_js__WEBPACK_IMPORTED_MODULE_9__/* .outputOf */ .jH)(r.container, def, taskId, ctx.region) : { note: `Container ${r.container} has no definition.` };
    let stream = 'note' in out ? undefined : out;
    if ('note' in out)
        log.line(`         ${out.note}`);
    let token;
    let readError;
    const kept = [];
    const keep = Math.max(0, inputs.failureLogLines);
    const read = async (signal) => {
        if (!stream)
            return [];
        const got = [];
        try {
            for (let i = 0; i < MAX_PAGES_PER_LOOK; i++) {
                const page = await (0,_aws_logs_js__WEBPACK_IMPORTED_MODULE_1__/* .logAfter */ .Bw)(clients.logs, { group: stream.group, stream: stream.stream, token }, signal);
                const more = page.token !== token && page.lines.length > 0;
                token = page.token;
                got.push(...page.lines);
                if (!more)
                    break;
            }
        }
        catch (err) {
            // The stream is created as the container starts: until then there is nothing to read.
            if (err.name === 'ResourceNotFoundException')
                return got;
            if (signal?.aborted)
                throw err;
            const e = err;
            const text = `${e.name}: ${e.message.replace(/\.$/, '')}`;
            if (/AccessDenied|NotAuthorized|Unauthorized/.test(e.name)) {
                // No permission now is no permission later: the task is followed without its output.
                ctx.warn(`Could not read the pre-release task's output (${text}); the task goes on. Allow the role this action runs as logs:GetLogEvents on arn:aws:logs:${stream.region}:*:log-group:${stream.group}:* to see it here.`);
                stream = undefined;
            }
            else if (text !== readError)
                ctx.warn(`Reading the pre-release task's output failed (${text}); trying again.`);
            readError = text;
        }
        return got;
    };
    // AWS's times, from the task's creation: the column reads as the console's does.
    const origin = task.createdAt?.getTime() ?? Date.now();
    let lastAt = origin;
    const print = (e) => {
        if (e.at)
            lastAt = Math.max(lastAt, e.at.getTime());
        const at = (0,_report_format_js__WEBPACK_IMPORTED_MODULE_8__/* .clock */ .pm)((e.at?.getTime() ?? lastAt) - origin);
        if (e.kind === 'line') {
            if (keep)
                kept.push(e.message);
            if (kept.length > keep)
                kept.shift();
            log.line(`  ${at}  ${r.container} | ${e.message}`);
        }
        else
            log.line(`  ${at}  task ${short} ${e.status}${e.reason ? `: ${e.reason}` : ''}`);
    };
    const ran = (t) => !!t && (t.startedAt !== undefined || !!t.containers?.some((c) => c.name === r.container && (c.lastStatus === 'RUNNING' || c.exitCode !== undefined)));
    const watched = {
        what: `pre-release task ${short}`,
        look: async (_prev, signal) => {
            const t = await (0,_aws_tasks_js__WEBPACK_IMPORTED_MODULE_2__/* .describeTask */ .V)(clients.ecs, cluster, taskArn, signal);
            return { task: t, lines: ran(t) ? await read(signal) : [] };
        },
        compare: taskEvents,
        verdict: (s) => (s.task?.lastStatus === 'STOPPED' ? s.task : undefined)
    };
    const end = await (0,_poll_js__WEBPACK_IMPORTED_MODULE_7__/* .poll */ .wt)(watched, {
        deadline: (0,_core_context_js__WEBPACK_IMPORTED_MODULE_3__/* .deadlineOf */ .G0)(ctx),
        signal: ctx.signal,
        policy: ctx.policy,
        ceilingMs: (0,_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .busyMaxMs */ .mD)(ctx.policy),
        from: { task, lines: [] },
        onEvent: print,
        warn: ctx.warn
    });
    const excerpt = () => stream && kept.length ? { container: r.container, taskId, source: `log group ${stream.group}, stream ${stream.stream}`, lines: [...kept] } : undefined;
    if (end.end !== 'done') {
        const cancelled = end.end === 'aborted';
        const why = cancelled ? 'Cancelled by the runner' : `Not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`;
        // First thing after a cancel: the runner kills the process seconds later.
        const stopped = await (0,_aws_tasks_js__WEBPACK_IMPORTED_MODULE_2__.stopTask)(clients.ecs, cluster, taskArn, `${why}: ecs-bluegreen-action stopped the pre-release task`).then(() => {
            ctx.state.save(_core_state_js__WEBPACK_IMPORTED_MODULE_5__/* .STATE */ .c.preReleaseTask, '');
            return { did: `stopped pre-release task ${short}`, done: 'it was stopped' };
        }, (err) => {
            const left = `could not stop pre-release task ${short} (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .describeError */ .Uc)(err)}); stop it in the console`;
            return { did: left, done: left.replace(/^could not/, 'it could not') };
        });
        log.line(`${cancelled ? 'Cancelled by the runner' : `Timed out after ${inputs.waitForMinutes} min`}: ${stopped.did}; nothing was deployed`);
        const lines = excerpt();
        return {
            outcome: cancelled ? 'stopped' : 'failed',
            durationMs: ms(),
            cause: `${cancelled ? 'The job was cancelled during the pre-release task' : `The pre-release task was not finished after ${inputs.waitForMinutes} min ('wait-for-minutes')`}; ${stopped.done} and nothing was deployed`,
            preRelease: pre(cancelled ? 'cancelled' : 'timed-out', { taskArn }),
            forensics: !cancelled && lines ? { causes: [], excerpt: lines } : undefined
        };
    }
    ctx.state.save(_core_state_js__WEBPACK_IMPORTED_MODULE_5__/* .STATE */ .c.preReleaseTask, '');
    // The last lines can reach CloudWatch Logs after the task is STOPPED.
    for (const l of await read())
        print({ kind: 'line', at: l.at, message: l.message });
    const stoppedAt = end.verdict;
    // How long it took by AWS's clock, as the time column counts.
    const took = stoppedAt.stoppedAt ? stoppedAt.stoppedAt.getTime() - origin : ms();
    const judged = judgeStopped(stoppedAt, r.taskDefinition, r.container);
    if (judged.ok) {
        log.line(`Pre-release task succeeded after ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_8__/* .duration */ .p0)(took)}: ${r.container} exited with code ${judged.exitCode ?? 0}`);
        return { preRelease: pre('succeeded', { taskArn, exitCode: judged.exitCode ?? 0, durationMs: took }) };
    }
    const what = judged.started ? `container ${judged.container} exited with code ${judged.exitCode}` : `container ${judged.container} never started`;
    log.line(`Pre-release task failed after ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_8__/* .duration */ .p0)(took)}: ${what}; nothing was deployed`);
    const found = (0,_causes_js__WEBPACK_IMPORTED_MODULE_9__/* .causesOf */ .cZ)({ tasks: [(0,_causes_js__WEBPACK_IMPORTED_MODULE_9__/* .stoppedTask */ .NB)(stoppedAt)], taskDefinition: r.taskDefinition, targetGroups: [] });
    // A plain non-zero exit is the command's own failure: said in its words, not a crash on start's.
    const causes = found.map((c) => (c.code === 'exit' && judged.started ? exitCause(cmd, judged.container, judged.exitCode) : c));
    if (!causes.length && judged.reason)
        causes.push({ code: 'exit', title: `Pre-release task stopped: ${judged.reason}`, fix: 'Look at the task in the console' });
    const forensics = { causes, excerpt: excerpt() };
    if (!forensics.excerpt)
        forensics.logNote =
            'note' in out
                ? out.note
                : judged.started
                    ? `Container ${judged.container} wrote nothing.`
                    : `Container ${judged.container} never started, so it wrote no output.`;
    for (const line of (0,_causes_js__WEBPACK_IMPORTED_MODULE_9__/* .forensicLines */ .j)(forensics))
        log.line(line);
    const head = judged.started ? 'Pre-release task failed' : 'Pre-release task could not start';
    return {
        outcome: 'failed',
        durationMs: ms(),
        cause: `${head}: ${judged.started ? what : (judged.reason ?? what).replace(/\.$/, '')}; nothing was deployed`,
        preRelease: pre(judged.started ? 'failed' : 'cannot-start', { taskArn, exitCode: judged.exitCode, durationMs: took }),
        forensics
    };
}
function exitCause(cmd, container, exitCode) {
    return {
        code: 'exit',
        title: `Pre-release command ${cmd} exited with code ${exitCode} in container ${container}`,
        fix: `Its last lines say why. Nothing was deployed and the service runs as before: fix the command (or what it reaches, such as the database) and run the step again`
    };
}
/** RunTask placed no task: ECS's failures (capacity, resources), said with what to do. */
function cannotPlace(ctx, failures, pre) {
    const reason = failures.map((f) => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ') || 'RunTask started no task and gave no reason';
    const capacity = /capacity/i.test(reason);
    const cause = {
        code: 'placement',
        title: `ECS could not place the pre-release task: ${reason.replace(/\.$/, '')}`,
        fix: capacity
            ? 'Run the step again later: Fargate capacity comes back. Subnets in more Availability Zones, or a capacity provider strategy with FARGATE_SPOT beside FARGATE, make it rarer'
            : /RESOURCE:/.test(reason)
                ? "The cluster's instances lack the free CPU, memory or ports the task needs: scale out the capacity provider's Auto Scaling group, or give the task less"
                : 'Check the service’s launch type, capacity providers and subnets, which the task takes'
    };
    ctx.log.line(`Pre-release task could not start: ${reason}; nothing was deployed`);
    const forensics = { causes: [cause] };
    for (const line of (0,_causes_js__WEBPACK_IMPORTED_MODULE_9__/* .forensicLines */ .j)(forensics))
        ctx.log.line(line);
    return {
        outcome: 'failed',
        durationMs: pre.durationMs,
        cause: `Pre-release task could not start: ${reason.replace(/\.$/, '')}; nothing was deployed`,
        preRelease: pre,
        forensics
    };
}


/***/ })

};
