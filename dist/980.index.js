export const id = 980;
export const ids = [980];
export const modules = {

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

/***/ 980:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ir: () => (/* binding */ busyCheck),
  planMarker: () => (/* binding */ planMarker),
  _S: () => (/* binding */ reportPlan)
});

// UNUSED EXPORTS: planMarkdown, secretChecks

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./src/aws/clients.ts
var clients = __webpack_require__(201);
;// CONCATENATED MODULE: ./src/aws/ecr.ts
/** Amazon ECR, read only: whether an image a task definition names is in its repository (mode plan). */


(0,clients.provideClient)('ecr', (config) => new dist_cjs/* ECRClient */.S70(config));
const ECR_URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@(sha256:[a-f0-9]{64}))?$/;
/** The image's place in ECR, or undefined for an image of another registry. */
function ecrImage(uri) {
    const m = ECR_URI.exec(uri);
    if (!m || (!m[4] && !m[5]))
        return undefined;
    return { registryId: m[1], region: m[2], repositoryName: m[3], imageTag: m[5] ? undefined : m[4], imageDigest: m[5] };
}
/** Whether the image is in its repository: 'missing' (no such tag or digest), 'no-repository', or 'found'. */
async function imageState(ecr, image) {
    try {
        const out = await ecr.send(new dist_cjs/* DescribeImagesCommand */.ji5({
            registryId: image.registryId,
            repositoryName: image.repositoryName,
            imageIds: [image.imageDigest ? { imageDigest: image.imageDigest } : { imageTag: image.imageTag }]
        }));
        return out.imageDetails?.length ? 'found' : 'missing';
    }
    catch (err) {
        const name = err.name;
        if (name === 'ImageNotFoundException')
            return 'missing';
        if (name === 'RepositoryNotFoundException')
            return 'no-repository';
        throw err;
    }
}

// EXTERNAL MODULE: ./src/aws/logs.ts
var logs = __webpack_require__(446);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/way.ts
var way = __webpack_require__(5532);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
// EXTERNAL MODULE: ./src/kit/register.ts
var register = __webpack_require__(9687);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
// EXTERNAL MODULE: ./src/kit/rollback-target.ts
var rollback_target = __webpack_require__(2750);
;// CONCATENATED MODULE: ./src/kit/plan.ts








const MARK = {
    ok: { log: 'ok  ', md: '✅' },
    warn: { log: 'warn', md: '⚠️' },
    fail: { log: 'FAIL', md: '❌' }
};
/** Where a rollback after this release would go: 'rollback-to' resolved as mode rollback would, with the revision running now as 'previous'. */
async function rollbackLine(ctx, running) {
    const quiet = { line: () => undefined };
    try {
        const to = await (0,rollback_target/* resolveRollbackTarget */.a)({ ...ctx, log: quiet }, running, async () => running ? { taskDefinitionArn: running, foundIn: 'what the service runs now' } : { none: 'the service runs no task definition' });
        const said = ctx.inputs.rollbackTo === 'previous' ? 'previous' : `'${ctx.inputs.rollbackTo}'`;
        return `rollback-to ${said} would go back to ${(0,format/* revisionName */.pd)(to)}${to === running ? ' (what the service runs now)' : ''}`;
    }
    catch (err) {
        if (!(err instanceof errors/* ActionError */.lZ))
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
            if (await (0,logs/* logGroupExists */.gd)(ctx.clients.logs, name))
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
            out.push({ status: 'warn', text: `log group ${name} not checked: ${(0,errors/* describeError */.Uc)(err)} (needs logs:DescribeLogGroups)` });
        }
    }
    return out;
}
/**
 * The images in ECR: each tag or digest must be in its repository, or every task would stop at
 * start (CannotPullContainerError). Images of other registries, or of ECR in another region, are
 * not checked.
 */
async function imageChecks(ctx, td) {
    const out = [];
    const seen = new Set();
    for (const c of td.containerDefinitions ?? []) {
        if (!c.image || seen.has(c.image))
            continue;
        seen.add(c.image);
        const image = ecrImage(c.image);
        if (!image)
            continue;
        const ref = `${image.repositoryName}${image.imageDigest ? `@${image.imageDigest.slice(0, 19)}…` : `:${image.imageTag}`}`;
        if (image.region !== ctx.region) {
            out.push({ status: 'warn', text: `image ${ref} is in ECR in ${image.region}, not checked from ${ctx.region}` });
            continue;
        }
        try {
            const state = await imageState(ctx.clients.ecr, image);
            if (state === 'found')
                out.push({ status: 'ok', text: `image ${ref} is in ECR` });
            else
                out.push({
                    status: 'fail',
                    text: state === 'missing'
                        ? `image ${ref} is not in ECR: every task would stop at start (CannotPullContainerError). Push it, or give the tag the build pushed`
                        : `ECR repository ${image.repositoryName} does not exist in account ${image.registryId}: every task would stop at start. Check the image URI`
                });
        }
        catch (err) {
            out.push({ status: 'warn', text: `image ${ref} not checked: ${(0,errors/* describeError */.Uc)(err)} (needs ecr:DescribeImages)` });
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
        const container = (0,register/* preReleaseContainer */.kg)(ctx.inputs, r.taskDefinition, r.imageContainer);
        return [{ status: 'ok', text: `pre-release task: ${JSON.stringify(command)} in container ${container}, before anything else changes` }];
    }
    catch (err) {
        if (!(err instanceof errors/* ActionError */.lZ))
            throw err;
        return [{ status: 'fail', text: err.message }];
    }
}
/** Runs the checks every way shares, prints the plan, and returns it as the result of mode plan. */
async function reportPlan(ctx, p) {
    const { inputs, log } = ctx;
    const r = p.rendered;
    log.line(p.header);
    (0,render/* printRendered */.Xp)(ctx, r);
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
        ...(await imageChecks(ctx, r.taskDefinition)),
        ...(await logGroupChecks(ctx, r.taskDefinition)),
        ...secretChecks(r.taskDefinition, ctx.region),
        ...(typeof rollback === 'string' ? [] : [rollback])
    ];
    const unchanged = r.unchanged && !inputs.force;
    const what = unchanged
        ? `Unchanged: the service already runs ${(0,format/* revisionName */.pd)(r.previousArn)}; a release would register and deploy nothing ('force: true' releases anyway).`
        : r.existingArn && r.existingArn !== r.previousArn
            ? `A release would put ${(0,format/* revisionName */.pd)(r.existingArn)} on the service as it is, registering nothing.`
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
    const to = r.existingArn && !copy ? (0,format/* revisionName */.pd)(r.existingArn) : `${r.taskDefinition.family}:new`;
    const out = [
        planMarker(inputs.cluster, inputs.service),
        `### ${failed ? '❌' : '📋'} Release plan: \`${cell(inputs.cluster)}/${cell(inputs.service)}\``,
        '',
        `**${way/* WAY_TITLES */.a[ctx.chosen.way]}** (${cell(ctx.chosen.why)})`,
        '',
        `\`${p.header.replace(/^ecs-bluegreen-action\s+/, '').replace(/`/g, "'")}\``,
        '',
        o.what,
        '',
        `| Task definition | ${(0,format/* revisionName */.pd)(r.previousArn)} → ${to} |`,
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


/***/ })

};
