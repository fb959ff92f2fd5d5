export const id = 134;
export const ids = [134,0];
export const modules = {

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

/***/ 446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bw: () => (/* binding */ logAfter),
/* harmony export */   RB: () => (/* binding */ logTail),
/* harmony export */   gd: () => (/* binding */ logGroupExists)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2684);
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

/***/ 1134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   explainFailure: () => (/* binding */ explainFailure)
/* harmony export */ });
/* unused harmony export investigate */
/* harmony import */ var _aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1032);
/* harmony import */ var _aws_elbv2_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1000);
/* harmony import */ var _aws_logs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(446);
/* harmony import */ var _core_result_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9294);
/* harmony import */ var _diagnose_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5178);
/* harmony import */ var _causes_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7042);






/** Reasons of tasks that stopped because the release ended, not because they failed. */
const CLEANUP = /^(Scaling activity initiated|Service deployment rolled back|Task stopped by|Deployment rolled back|Taskset .* (scaled|deleted))/i;
/** A task that says why it stopped: not one the release's end scaled in (its SIGTERM exit code is no cause). */
const tell = (t) => t.stoppedReason && CLEANUP.test(t.stoppedReason)
    ? false
    : !!t.stoppedReason || t.containers.some((c) => (c.exitCode !== undefined && c.exitCode !== 0) || c.reason);
async function investigate(ctx, s, lines) {
    const { ecs, elbv2 } = ctx.clients;
    const found = s.stopped ??
        (await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .stoppedTasks */ .wx)(ecs, { cluster: s.cluster, service: s.service, taskSetId: s.taskSetId, max: _diagnose_js__WEBPACK_IMPORTED_MODULE_4__/* .STOPPED_TASKS_READ */ .m6 }).catch(() => []));
    const tasks = found
        .filter((t) => (!s.since || !t.createdAt || t.createdAt >= s.since) && (!s.taskDefinitionArn || t.taskDefinitionArn === s.taskDefinitionArn))
        .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
        .map(_causes_js__WEBPACK_IMPORTED_MODULE_5__/* .stoppedTask */ .NB)
        .filter(tell);
    const tdArn = tasks[0]?.taskDefinitionArn ?? s.taskDefinitionArn;
    const taskDefinition = tdArn ? (await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .describeTaskDefinition */ .oh)(ecs, tdArn).catch(() => undefined))?.taskDefinition : undefined;
    const evidence = { tasks, taskDefinition, targetGroups: [] };
    // The load balancer is asked only when the tasks do not say it all.
    const byTasks = (0,_causes_js__WEBPACK_IMPORTED_MODULE_5__/* .causesOf */ .cZ)(evidence);
    if (s.targetGroups.length && (!byTasks.length || byTasks[0].code === 'elb-health'))
        evidence.targetGroups = await targetGroups(elbv2, s.targetGroups);
    const causes = (0,_causes_js__WEBPACK_IMPORTED_MODULE_5__/* .causesOf */ .cZ)(evidence);
    if (!causes.length)
        return undefined;
    const out = { causes };
    const task = tasks[0];
    if (task && lines > 0)
        Object.assign(out, await containerLog(ctx, task, taskDefinition, lines));
    return out;
}
async function targetGroups(elbv2, arns) {
    try {
        const groups = await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_1__/* .describeTargetGroups */ .t4)(elbv2, arns);
        return await Promise.all(groups.map(async (g) => ({
            name: g.TargetGroupName ?? g.TargetGroupArn.split('/')[1] ?? '?',
            arn: g.TargetGroupArn,
            healthCheck: { protocol: g.HealthCheckProtocol, path: g.HealthCheckPath, port: g.HealthCheckPort, matcher: g.Matcher?.HttpCode ?? g.Matcher?.GrpcCode },
            unhealthy: (await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_1__/* .targetHealth */ .kG)(elbv2, g.TargetGroupArn))
                .filter((t) => t.TargetHealth?.State === 'unhealthy')
                .map((t) => ({ id: `${t.Target?.Id ?? '?'}:${t.Target?.Port ?? ''}`, reason: t.TargetHealth?.Reason, description: t.TargetHealth?.Description }))
        })));
    }
    catch {
        return [];
    }
}
/** The culprit container's last lines from its awslogs stream, or where its output went instead. */
async function containerLog(ctx, task, td, lines) {
    const c = (0,_causes_js__WEBPACK_IMPORTED_MODULE_5__/* .culprit */ .ik)(task, td);
    const def = td?.containerDefinitions?.find((d) => d.name === c?.name);
    if (!c?.name || !def)
        return {};
    if (c.exitCode === undefined)
        return { logNote: `Container ${c.name} never started, so it wrote no output.` };
    const out = (0,_causes_js__WEBPACK_IMPORTED_MODULE_5__/* .outputOf */ .jH)(c.name, def, task.taskId, ctx.region);
    if ('note' in out)
        return { logNote: out.note };
    const { group, stream, source, region } = out;
    try {
        const got = await (0,_aws_logs_js__WEBPACK_IMPORTED_MODULE_2__/* .logTail */ .RB)(ctx.clients.logs, { group, stream, lines });
        if (!got.length)
            return { logNote: `Container ${c.name} wrote nothing to ${source}.` };
        return { excerpt: { container: c.name, taskId: task.taskId, source, lines: got.map((l) => (ctx.hide ? ctx.hide(l.message) : l.message)) } };
    }
    catch (err) {
        const e = err;
        if (e.name === 'ResourceNotFoundException')
            return { logNote: `Container ${c.name} has no log in ${source} (${e.message.replace(/\.$/, '')}).` };
        ctx.warn(`Could not read container ${c.name}'s log (${e.name}: ${e.message.replace(/\.$/, '')}). Allow the role this action runs as logs:GetLogEvents on arn:aws:logs:${region}:*:log-group:${group}:* to see its last lines here.`);
        return {};
    }
}
/** The look after a release that went wrong, said in the log and kept on the result for the summary and the annotation. */
async function explainFailure(ctx, inputs, result, log) {
    if (!(0,_core_result_js__WEBPACK_IMPORTED_MODULE_3__/* .worthExplaining */ .ib)(inputs.mode, result) || !result.suspects)
        return result;
    // Best effort: the look must never cost the release's own result.
    const forensics = await investigate(ctx, result.suspects, inputs.failureLogLines).catch((err) => {
        ctx.warn(`Could not look into why the release failed (${err.name}: ${err.message})`);
        return undefined;
    });
    if (!forensics)
        return result;
    for (const line of (0,_causes_js__WEBPACK_IMPORTED_MODULE_5__/* .forensicLines */ .j)(forensics))
        log.line(line);
    return { ...result, forensics };
}


/***/ })

};
