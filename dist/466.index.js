export const id = 466;
export const ids = [466];
export const modules = {

/***/ 8466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handlers: () => (/* binding */ handlers)
});

// EXTERNAL MODULE: ./src/aws/ecs.ts
var ecs = __webpack_require__(1032);
// EXTERNAL MODULE: ./src/aws/service-deployments.ts
var service_deployments = __webpack_require__(5619);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/ways/ecs-native/events.ts

const NATIVE_TERMINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);
/** AWS's lifecycle stages of a service deployment, in the order a release passes them. */
const NATIVE_STAGES = [
    'RECONCILE_SERVICE',
    'PRE_SCALE_UP',
    'SCALE_UP',
    'POST_SCALE_UP',
    'TEST_TRAFFIC_SHIFT',
    'POST_TEST_TRAFFIC_SHIFT',
    'PRODUCTION_TRAFFIC_SHIFT',
    'POST_PRODUCTION_TRAFFIC_SHIFT',
    'BAKE_TIME',
    'CLEAN_UP'
];
/**
 * The stages a release going forward passed between a look at stage `from` and one at `to`
 * (undefined: it finished), in order. Several stages can take seconds on AWS, so two looks may
 * be several stages apart; a rollback goes back, and passes none.
 */
function passedBetween(from, to) {
    const stages = NATIVE_STAGES;
    const i = from === undefined ? -1 : stages.indexOf(from);
    const j = to === undefined ? stages.length : stages.indexOf(to);
    return i < 0 || j <= i ? [] : stages.slice(i + 1, j);
}
const counts = (r) => r && {
    running: r.runningTaskCount ?? 0,
    pending: r.pendingTaskCount ?? 0,
    requested: r.requestedTaskCount ?? 0,
    prod: Math.round(r.requestedProductionTrafficWeight ?? 0),
    test: Math.round(r.requestedTestTrafficWeight ?? 0)
};
/** One look, from DescribeServiceDeployments; `prev` carries when the stage started. */
function nativeSnapshot(d, names, at, prev) {
    const stage = d.lifecycleStage;
    return {
        at,
        status: d.status ?? 'PENDING',
        statusReason: d.statusReason,
        stage,
        stageSince: prev && prev.stage === stage ? prev.stageSince : at,
        target: counts(d.targetServiceRevision) ?? { running: 0, pending: 0, requested: 0, prod: 0, test: 0 },
        source: counts(d.sourceServiceRevisions?.[0]),
        hooks: (d.lifecycleHookDetails ?? []).map((h) => ({
            id: h.hookId ?? '?',
            target: h.targetArn ?? 'PAUSE',
            status: h.status ?? '?',
            pause: h.targetType === 'PAUSE'
        })),
        breaker: d.deploymentCircuitBreaker?.status
            ? {
                status: d.deploymentCircuitBreaker.status,
                failures: d.deploymentCircuitBreaker.failureCount ?? 0,
                threshold: d.deploymentCircuitBreaker.threshold ?? 0
            }
            : undefined,
        alarms: d.alarms?.status ? { status: d.alarms.status, triggered: d.alarms.triggeredAlarmNames ?? [] } : undefined,
        rollbackReason: d.rollback?.reason,
        names
    };
}
/** What changed from `prev` to `next`: stages ending and starting, weights, task counts, hooks, breaker, alarms, rollback. */
function compareNative(prev, next) {
    const out = [];
    const n = next.names;
    // A deployment starting is said first; a rollback and an end last, after what led to them.
    const statusChanged = next.status !== prev?.status;
    const early = next.status === 'PENDING' || next.status === 'IN_PROGRESS';
    if (statusChanged && early)
        out.push({ kind: 'ecs-status', status: next.status, reason: next.statusReason });
    // Stages passed between the two looks are said in order; so is the production shift among them.
    const forward = next.status === 'IN_PROGRESS' || next.status === 'SUCCESSFUL';
    const passed = forward && prev ? passedBetween(prev.stage, next.stage) : [];
    if (next.stage !== prev?.stage) {
        if (prev?.stage)
            out.push({ kind: 'ecs-stage', name: prev.stage, status: 'ended', durationMs: next.at - prev.stageSince });
        for (const name of passed)
            out.push({ kind: 'ecs-stage', name, status: 'passed' });
        if (next.stage)
            out.push({ kind: 'ecs-stage', name: next.stage, status: 'started' });
    }
    for (const h of next.hooks) {
        const before = prev?.hooks.find((x) => x.id === h.id);
        if (before?.status !== h.status)
            out.push({ kind: 'ecs-hook', target: h.target, status: h.status, stage: next.stage });
    }
    const t = next.target;
    const pt = prev?.target;
    if (t.running !== (pt?.running ?? 0) || t.pending !== (pt?.pending ?? 0) || t.requested !== (pt?.requested ?? 0)) {
        out.push({ kind: 'ecs-tasks', revision: n.target, running: t.running, requested: t.requested, pending: t.pending });
    }
    const s = next.source;
    if (s && prev?.source && (s.running !== prev.source.running || s.requested !== prev.source.requested)) {
        out.push({ kind: 'ecs-tasks', revision: n.source, running: s.running, requested: s.requested, pending: s.pending });
    }
    const sp = (which, r) => r?.[which] ?? 100;
    if (t.test !== (pt?.test ?? 0))
        out.push({ kind: 'ecs-traffic', which: 'test', target: n.target, targetPercent: t.test, source: n.source, sourcePercent: sp('test', s) });
    if (t.prod !== (pt?.prod ?? 0))
        out.push({ kind: 'ecs-traffic', which: 'production', target: n.target, targetPercent: t.prod, source: n.source, sourcePercent: sp('prod', s) });
    else if (passed.includes('PRODUCTION_TRAFFIC_SHIFT') && (pt?.prod ?? 0) < 100) {
        // The shift happened between the looks, and AWS no longer shows its weights: it moved all production traffic.
        out.push({ kind: 'ecs-traffic', which: 'production', target: n.target, targetPercent: 100, source: n.source, sourcePercent: 0 });
    }
    if (next.breaker && next.breaker.status !== prev?.breaker?.status && (prev || next.breaker.status === 'TRIGGERED'))
        out.push({ kind: 'ecs-breaker', ...next.breaker });
    if (next.alarms && next.alarms.status !== prev?.alarms?.status && (prev || next.alarms.status === 'TRIGGERED'))
        out.push({ kind: 'ecs-alarms', ...next.alarms });
    if (next.rollbackReason && next.rollbackReason !== prev?.rollbackReason)
        out.push({ kind: 'ecs-rollback', to: n.source, reason: next.rollbackReason });
    if (statusChanged && !early)
        out.push({ kind: 'ecs-status', status: next.status, reason: next.rollbackReason === next.statusReason ? undefined : next.statusReason });
    return out;
}
/** The words of one event, without the time column: log and summary alike. */
function describeNativeEvent(e) {
    switch (e.kind) {
        case 'ecs-stage':
            return {
                text: `${e.name.padEnd(30)}${e.status.padEnd(8)}${e.durationMs !== undefined && e.durationMs >= 1000 ? `  ${(0,format/* duration */.p0)(e.durationMs)}` : ''}`.trimEnd()
            };
        case 'ecs-status':
            return { text: `status   ${e.status}${e.reason ? `: ${e.reason}` : ''}` };
        case 'ecs-traffic':
            return {
                text: `traffic  ${e.which.padEnd(10)} ${e.target} ${String(e.targetPercent).padStart(3)}% | ${e.source} ${String(e.sourcePercent).padStart(3)}%`
            };
        case 'ecs-tasks':
            return { text: `tasks    ${e.revision} ${e.running}/${e.requested} running${e.pending ? `, ${e.pending} pending` : ''}` };
        case 'ecs-hook':
            return { text: `hook     ${e.target.split(':').pop()} ${e.status}${e.stage ? ` (${e.stage})` : ''}` };
        case 'ecs-breaker':
            return { text: `circuit breaker ${e.status} (${e.failures} failed task${e.failures === 1 ? '' : 's'}, threshold ${e.threshold})` };
        case 'ecs-alarms':
            return { text: `alarms   ${e.status}${e.triggered.length ? `: ${e.triggered.join(', ')}` : ''}` };
        case 'ecs-rollback':
            return { text: `rollback to ${e.to}: ${e.reason}` };
    }
}

;// CONCATENATED MODULE: ./src/ways/ecs-native/after-kill.ts
/** The post step on the ECS-native way, after the main step was killed mid-release: stops the service deployment with rollback (unless on-cancel: leave). */




async function afterKill(o) {
    try {
        const d = await (0,service_deployments/* describeServiceDeployment */.MH)(o.clients.ecs, o.deploymentId);
        if (!d.status || NATIVE_TERMINAL.has(d.status) || d.status.startsWith('ROLLBACK') || d.status === 'STOP_REQUESTED')
            return;
        if (o.inputs.onCancel === 'leave') {
            o.warn(`The main step ended before service deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`);
            return;
        }
        await (0,ecs/* stopServiceDeployment */.dD)(o.clients.ecs, o.deploymentId, 'ROLLBACK');
        o.warn(`The main step ended before service deployment ${o.deploymentId} did: stopped it with rollback (on-cancel: rollback).`);
    }
    catch (err) {
        o.error(`Could not settle service deployment ${o.deploymentId} after the main step ended: ${(0,errors/* describeError */.Uc)(err)}. Check it in the console and stop it by hand if it still runs.`);
    }
}

// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
// EXTERNAL MODULE: ./src/kit/rollback-target.ts
var rollback_target = __webpack_require__(2750);
// EXTERNAL MODULE: ./src/kit/taskdef.ts
var taskdef = __webpack_require__(8);
;// CONCATENATED MODULE: ./src/ways/ecs-native/plan.ts



/** How the service's deploymentConfiguration releases, in one line. */
function nativeConfigLine(s) {
    const c = s.deploymentConfiguration;
    const parts = [];
    const strategy = c?.strategy ?? 'BLUE_GREEN';
    if (strategy === 'LINEAR')
        parts.push(`linear ${c?.linearConfiguration?.stepPercent ?? 10}% every ${(0,format/* duration */.p0)((c?.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * 60_000)}`);
    else if (strategy === 'CANARY')
        parts.push(`canary ${c?.canaryConfiguration?.canaryPercent ?? 5}% for ${(0,format/* duration */.p0)((c?.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * 60_000)}`);
    else
        parts.push('blue/green');
    parts.push(`bake ${(0,format/* duration */.p0)((c?.bakeTimeInMinutes ?? 0) * 60_000)}`);
    const cb = c?.deploymentCircuitBreaker;
    if (cb?.enable)
        parts.push(`circuit breaker${cb.rollback ? ' with rollback' : ''}`);
    if (c?.alarms?.enable && c.alarms.alarmNames?.length)
        parts.push(`alarms ${c.alarms.alarmNames.join(', ')}`);
    if (c?.lifecycleHooks?.length)
        parts.push(`${c.lifecycleHooks.length} lifecycle hook${c.lifecycleHooks.length > 1 ? 's' : ''}`);
    return parts.join(', ');
}
/** The first line of a release or rollback of this service. */
function headerLine(ctx, service, what = '') {
    const n = service.desiredCount ?? 0;
    return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  ${what}ECS-native ${nativeConfigLine(service)}  ${n} task${n === 1 ? '' : 's'}`;
}
/** What every result of this way starts from. */
function baseResult(ctx, o = {}) {
    return {
        outcome: 'failed',
        cluster: ctx.inputs.cluster,
        service: ctx.inputs.service,
        deploymentUrl: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
        ...o
    };
}
/** The service deployments of the service that are in flight, newest first. */
async function inFlight(ctx) {
    return (await (0,service_deployments/* listServiceDeployments */.C0)(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, ['PENDING', 'IN_PROGRESS']))
        .map((d) => d.serviceDeploymentArn)
        .filter(Boolean);
}
/** The task definitions a service deployment goes to and from (one DescribeServiceRevisions), and their names for the log. */
async function revisionsOf(ctx, d) {
    const t = d.targetServiceRevision?.arn;
    const s = d.sourceServiceRevisions?.[0]?.arn;
    const tds = await (0,service_deployments/* revisionTaskDefinitions */.Ns)(ctx.clients.ecs, [t, s].filter((x) => !!x));
    const target = t ? tds.get(t) : undefined;
    const source = s ? tds.get(s) : undefined;
    return {
        target,
        source,
        names: { target: target ? (0,format/* revisionName */.pd)(target) : 'the new revision', source: source ? (0,format/* revisionName */.pd)(source) : 'the previous revision' }
    };
}
/** wait-for ready stops at a PAUSE lifecycle hook: without one the release would never be ready. */
function refuseReadyWithoutPause(ctx, service) {
    if (ctx.inputs.waitFor !== 'ready')
        return;
    if (service.deploymentConfiguration?.lifecycleHooks?.some((h) => h.targetType === 'PAUSE'))
        return;
    throw new errors/* ActionError */.lZ(`Input 'wait-for': 'ready' stops an ECS-native release at a PAUSE lifecycle hook, and service '${ctx.inputs.service}' has none. Add one to its deploymentConfiguration.lifecycleHooks (targetType PAUSE, e.g. at POST_TEST_TRAFFIC_SHIFT), or use complete, traffic-shifted or none.`, 'wait-for');
}

// EXTERNAL MODULE: ./src/core/result.ts
var core_result = __webpack_require__(9294);
// EXTERNAL MODULE: ./src/kit/if-busy.ts
var if_busy = __webpack_require__(8259);
// EXTERNAL MODULE: ./src/kit/poll.ts
var poll = __webpack_require__(1635);
// EXTERNAL MODULE: ./src/kit/register.ts
var register = __webpack_require__(9687);
// EXTERNAL MODULE: ./src/kit/settle.ts
var settle = __webpack_require__(861);
;// CONCATENATED MODULE: ./src/ways/ecs-native/watch.ts







/**
 * The PAUSE hook that waits for ContinueServiceDeployment now, if any; `passed` is one already
 * continued, which AWS may still show as waiting.
 */
function awaitingHook(s, passed) {
    return s.hooks.find((h) => h.pause && h.status === 'AWAITING_ACTION' && h.id !== passed);
}
/** Where the release stands (undefined: still going); 'traffic-shifted' and 'ready' only when asked to stop there. */
function nativeVerdict(s, until, passed) {
    switch (s.status) {
        case 'SUCCESSFUL':
            return 'succeeded';
        case 'ROLLBACK_SUCCESSFUL':
            return 'rolled-back';
        case 'STOPPED':
            return 'stopped';
        case 'ROLLBACK_FAILED':
            return { failed: `the rollback failed${s.statusReason ? `: ${s.statusReason}` : ''}` };
    }
    if (until === 'traffic-shifted' && s.status === 'IN_PROGRESS' && (s.stage === 'BAKE_TIME' || s.stage === 'CLEAN_UP'))
        return 'traffic-shifted';
    if (until === 'ready' && s.status === 'IN_PROGRESS' && awaitingHook(s, passed))
        return 'ready';
    return undefined;
}
/**
 * Looks until a verdict, the deadline or a cancel; logs every change. `passed`: a PAUSE hook
 * already continued. `analyse`: the canary analysis judges it, and a failure stops it with
 * rollback, followed to its end.
 */
async function watchServiceDeployment(ctx, f, o) {
    const end = await (0,poll/* watchRelease */.vN)(ctx, {
        what: `service deployment ${f.arn}`,
        look: async (prev, signal) => nativeSnapshot(await (0,service_deployments/* describeServiceDeployment */.MH)(ctx.clients.ecs, f.arn, signal), f.names, Date.now(), prev),
        compare: compareNative,
        verdict: (s) => nativeVerdict(s, o.until, o.passed)
    }, { deadline: o.deadline, signal: o.signal, from: f.prev, judge: o.analyse ? ctx.analysis?.judge(judged(ctx)) : undefined });
    if (end.snapshot)
        f.prev = end.snapshot;
    if (end.end === 'done')
        return { end: 'done', verdict: end.verdict, snapshot: end.snapshot };
    if (end.end === 'judged') {
        await (0,ecs/* stopServiceDeployment */.dD)(ctx.clients.ecs, f.arn, 'ROLLBACK');
        // Dealt with: the post step has nothing to stop if this step is killed now.
        ctx.settled();
        ctx.log.line(`  ${(0,format/* clock */.pm)(ctx.log.now(end.failure.at))}  Stopped service deployment ${f.arn} with rollback (canary analysis)`);
        const back = await watchServiceDeployment(ctx, f, { deadline: Math.max(o.deadline, Date.now() + 15 * 60_000), until: 'complete', signal: o.signal });
        return { ...back, failure: end.failure };
    }
    return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: end.snapshot };
}
/** The service's two target groups and its production listener rule: what the canary analysis compares. */
function analysedGroups(service) {
    const lb = service.loadBalancers?.find((l) => l.targetGroupArn && l.advancedConfiguration?.alternateTargetGroupArn);
    if (!lb)
        return undefined;
    return { primary: lb.targetGroupArn, alternate: lb.advancedConfiguration.alternateTargetGroupArn, rule: lb.advancedConfiguration.productionListenerRule };
}
/** 'analysis' needs both target groups; refused before anything changes when the service has one. */
function refuseAnalysisWithoutGroups(ctx, service) {
    if (!ctx.analysis || analysedGroups(service))
        return;
    throw (0,errors/* inputError */.Xu)('analysis', `service '${ctx.inputs.service}' has no alternate target group (loadBalancers[].advancedConfiguration), so its new revision's traffic cannot be told from the old one's`, "Give the service's load balancer an alternateTargetGroupArn and productionListenerRule (ECS blue/green with an ALB), or remove 'analysis'");
}
/**
 * What the canary analysis reads from a look: the production weights while the deployment runs.
 * Which target group has the new revision alternates from release to release; the production
 * rule's weights tell, matched with the new revision's share.
 */
function judged(ctx) {
    return {
        split: (s) => (s.status === 'IN_PROGRESS' ? { green: s.target.prod, blue: s.source?.prod ?? 100 - s.target.prod } : undefined),
        async sides(s) {
            const g = analysedGroups((0,context/* chosenService */.YO)(ctx));
            if (!g)
                throw new Error(`service ${ctx.inputs.service} has no alternate target group`);
            // ELBv2's client loads only for an analysed release.
            const { describeRule } = await Promise.all(/* import() */[__webpack_require__.e(586), __webpack_require__.e(0)]).then(__webpack_require__.bind(__webpack_require__, 1000));
            const forward = g.rule ? (await describeRule(ctx.clients.elbv2, g.rule))?.Actions?.find((a) => a.Type === 'forward') : undefined;
            const groups = forward?.ForwardConfig?.TargetGroups ?? [];
            const total = groups.reduce((n, x) => n + (x.Weight ?? 0), 0);
            const share = (arn) => (total ? (100 * (groups.find((x) => x.TargetGroupArn === arn)?.Weight ?? 0)) / total : 0);
            const altIsGreen = Math.abs(share(g.alternate) - s.target.prod) <= Math.abs(share(g.primary) - s.target.prod);
            return altIsGreen ? { green: g.alternate, blue: g.primary } : { green: g.primary, blue: g.alternate };
        }
    };
}

;// CONCATENATED MODULE: ./src/ways/ecs-native/release.ts
/**
 * An ECS-native release (deployment controller ECS, strategy BLUE_GREEN, LINEAR or CANARY):
 * register the task definition and UpdateService; the service's own deploymentConfiguration drives
 * the release. The service deployment is found with ListServiceDeployments and streamed with
 * DescribeServiceDeployments: lifecycle stages, traffic weights, task counts, hooks, circuit
 * breaker, alarms, rollback. A timeout or a cancel stops it with rollback (StopServiceDeployment
 * ROLLBACK); wait-for ready stops at a PAUSE lifecycle hook, which mode continue passes.
 *
 * deployment-id is the service deployment ARN.
 */














async function deploy(ctx) {
    const { inputs, log } = ctx;
    const service = (0,context/* chosenService */.YO)(ctx);
    refuseReadyWithoutPause(ctx, service);
    refuseAnalysisWithoutGroups(ctx, service);
    const lb = service.loadBalancers?.find((l) => l.containerName);
    const rendered = await (0,render/* renderFromService */.MD)(ctx, service, lb ? { containerName: lb.containerName, containerPort: lb.containerPort } : undefined);
    log.line(headerLine(ctx, service));
    (0,render/* printRendered */.Xp)(ctx, rendered);
    const previous = rendered.previousArn ?? (0,render/* currentTaskDefinition */.IY)(service);
    const result = baseResult(ctx, {
        image: (0,render/* imageOf */.dT)(inputs, rendered),
        previousTaskDefinitionArn: previous,
        deploymentConfig: `ECS-native ${nativeConfigLine(service)}`
    });
    // What runs after a release in flight was not read: only an idle service's release can be unchanged.
    const busy = await busyService(ctx);
    const unchanged = busy ? undefined : (0,register/* unchangedRelease */.vq)(ctx, rendered, result);
    if (unchanged)
        return unchanged;
    await (0,if_busy/* awaitIdle */.j)(ctx, busy);
    // Changes start here.
    (0,context/* checkNotCancelled */.zu)(ctx);
    const reg = await (0,register/* registerRelease */.h4)(ctx, { ...rendered, service });
    if (reg.stop)
        return { ...result, taskDefinitionArn: reg.arn, ...reg.result };
    return updateAndFollow(ctx, reg.arn, previous, { ...result, taskDefinitionArn: reg.arn, ...reg.result });
}
/** The service deployment in flight, for if-busy. */
async function busyService(ctx) {
    const [active] = await inFlight(ctx);
    if (!active)
        return undefined;
    return {
        name: `service deployment ${active}`,
        owner: `Service '${ctx.inputs.service}'`,
        url: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
        stop: () => (0,ecs/* stopServiceDeployment */.dD)(ctx.clients.ecs, active, 'ROLLBACK'),
        follow: async () => {
            const { names } = await revisionsOf(ctx, await (0,service_deployments/* describeServiceDeployment */.MH)(ctx.clients.ecs, active));
            ctx.log.start(undefined, Date.now());
            const end = await watchServiceDeployment(ctx, { arn: active, names }, { deadline: (0,context/* deadlineOf */.G0)(ctx), until: 'complete', signal: ctx.signal });
            return end.end === 'done' ? { ended: end.snapshot?.status ?? 'unknown' } : { gaveUp: end.end };
        }
    };
}
/**
 * UpdateService to `taskDefinitionArn`, finds the service deployment it started, and follows it as
 * wait-for says. Deploy and rollback both end here.
 */
async function updateAndFollow(ctx, taskDefinitionArn, previous, result) {
    const { inputs, clients, log } = ctx;
    const before = new Set((await (0,service_deployments/* listServiceDeployments */.C0)(clients.ecs, inputs.cluster, inputs.service)).map((d) => d.serviceDeploymentArn));
    (0,context/* checkNotCancelled */.zu)(ctx);
    const t0 = Date.now();
    log.start(undefined, t0);
    await (0,ecs/* updateService */.bU)(clients.ecs, { cluster: inputs.cluster, service: inputs.service, taskDefinition: taskDefinitionArn });
    // The service deployment appears in the list shortly after UpdateService.
    let arn;
    for (let i = 0; i < 20 && !arn; i++) {
        arn = (await (0,service_deployments/* listServiceDeployments */.C0)(clients.ecs, inputs.cluster, inputs.service)).map((d) => d.serviceDeploymentArn).find((a) => a && !before.has(a));
        if (!arn)
            await (0,poll/* sleep */.yy)(Math.min(500 * (i + 1), 3000));
    }
    if (!arn) {
        throw new errors/* ActionError */.lZ(`UpdateService took ${(0,format/* revisionName */.pd)(taskDefinitionArn)}, but no new service deployment of '${inputs.service}' was listed. Follow it in the console: ${result.deploymentUrl}`);
    }
    ctx.state.save(state/* STATE */.c.deployment, arn);
    result.deploymentId = arn;
    result.suspects = (0,core_result/* serviceSuspects */.Ey)(inputs.cluster, (0,context/* chosenService */.YO)(ctx), taskDefinitionArn, new Date(t0));
    log.line(`UpdateService ${(0,format/* revisionName */.pd)(taskDefinitionArn)}: service deployment ${arn}  ${result.deploymentUrl}`);
    if (inputs.waitFor === 'none')
        return { ...result, outcome: 'started' };
    const f = { arn, names: { target: (0,format/* revisionName */.pd)(taskDefinitionArn), source: (0,format/* revisionName */.pd)(previous) } };
    const end = await watchServiceDeployment(ctx, f, { deadline: (0,context/* deadlineOf */.G0)(ctx), until: inputs.waitFor, signal: ctx.signal, analyse: true });
    return conclude(ctx, f, end, t0, result);
}
/**
 * Turns how the watch ended into a result. A timeout or a cancel stops the service deployment with
 * rollback (unless told to leave it). `stoppedByUs`: mode stop's own stop, which ends 'stopped'.
 */
async function conclude(ctx, f, end, t0, result, stoppedByUs = false) {
    const { log } = ctx;
    const { arn, names } = f;
    const ms = () => Date.now() - t0;
    const at = () => (0,format/* clock */.pm)(ms());
    if (end.end !== 'done' && end.failure) {
        // Already stopped with rollback: a cancel or the deadline only ends the wait for it.
        const cut = end.end === 'aborted' ? 'was cancelled' : 'ran out of time';
        return {
            ...result,
            outcome: 'stopped',
            durationMs: ms(),
            cause: `${end.failure.cause}; service deployment ${arn} was stopped with rollback, still rolling back when the job ${cut}`
        };
    }
    if (end.end !== 'done') {
        const settled = await (0,settle/* settleCutShort */.k)(ctx, end.end, {
            url: result.deploymentUrl ?? (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
            left: { now: `service deployment ${arn} is left running`, past: `service deployment ${arn} was left running` },
            rollBack: async () => {
                await (0,ecs/* stopServiceDeployment */.dD)(ctx.clients.ecs, arn, 'ROLLBACK');
                return {
                    did: `stopped service deployment ${arn} with rollback`,
                    done: `service deployment ${arn} was stopped with rollback`,
                    result: { traffic: { green: 0, blue: 100 } }
                };
            },
            afterRollBack: async (cut) => {
                if (cut !== 'timeout')
                    return;
                const back = await watchServiceDeployment(ctx, f, { deadline: Date.now() + 15 * 60_000, until: 'complete' });
                if (back.end === 'done')
                    log.line(`  ${at()}  Rollback ended ${back.snapshot?.status}`);
            }
        });
        return { ...result, durationMs: ms(), ...settled };
    }
    ctx.settled();
    const v = end.verdict;
    const s = end.snapshot;
    const reason = (s?.rollbackReason ?? s?.statusReason ?? '').replace(/\.$/, '');
    if (v === 'succeeded') {
        log.event({ kind: 'end', status: 'Succeeded' });
        return { ...result, outcome: 'succeeded', durationMs: ms(), traffic: { green: 100, blue: 0 } };
    }
    if (v === 'ready') {
        const h = s && awaitingHook(s);
        log.line(`  ${at()}  Paused in ${s?.stage ?? 'its stage'}: lifecycle hook ${h?.id ?? '?'} awaits action (wait-for: ready). Go on with mode: continue and deployment-id ${arn}, or roll back with mode: stop. The hook's timeout acts if nobody does.`);
        return { ...result, outcome: 'ready', durationMs: ms(), traffic: s ? { green: s.target.prod, blue: 100 - s.target.prod } : undefined };
    }
    if (v === 'traffic-shifted') {
        log.line(`  ${at()}  All production traffic is on ${names.target} (wait-for: traffic-shifted); the service deployment goes on without us.`);
        return { ...result, outcome: 'traffic-shifted', durationMs: ms(), traffic: { green: 100, blue: 0 } };
    }
    if (v === 'rolled-back' || v === 'stopped') {
        log.line(`  ${at()}  ${v === 'rolled-back' ? 'Rolled back' : 'Stopped'} after ${(0,format/* duration */.p0)(ms())}${v === 'rolled-back' ? `: ${names.source} has all the traffic` : ''}`);
        if (stoppedByUs) {
            return {
                ...result,
                outcome: 'stopped',
                durationMs: ms(),
                traffic: { green: 0, blue: 100 },
                cause: /^Service deployment /.test(reason) ? reason : `Service deployment stopped with rollback${reason ? `: ${reason}` : ''}`
            };
        }
        if (end.failure) {
            const cause = `${end.failure.cause}; service deployment ${arn} was stopped with rollback`;
            return { ...result, outcome: v, durationMs: ms(), traffic: v === 'rolled-back' ? { green: 0, blue: 100 } : undefined, cause };
        }
        const said = /^Service deployment /.test(reason)
            ? reason
            : `Service deployment ${v === 'rolled-back' ? 'rolled back' : 'stopped'}${reason ? `: ${reason}` : ''}`;
        return { ...result, outcome: v, durationMs: ms(), traffic: v === 'rolled-back' ? { green: 0, blue: 100 } : undefined, cause: said };
    }
    log.line(`  ${at()}  Failed after ${(0,format/* duration */.p0)(ms())}: ${v.failed}`);
    return { ...result, outcome: 'failed', durationMs: ms(), cause: `Service deployment failed: ${v.failed}` };
}

;// CONCATENATED MODULE: ./src/ways/ecs-native/control.ts













/**
 * mode rollback: a service deployment in flight is stopped with rollback; otherwise the task
 * definition of the previous service revision (or rollback-to's) is released like any deploy.
 */
async function rollback(ctx) {
    const { inputs, clients, log } = ctx;
    const service = (0,context/* chosenService */.YO)(ctx);
    const current = (0,render/* currentTaskDefinition */.IY)(service);
    const [active] = await inFlight(ctx);
    const result = baseResult(ctx, { previousTaskDefinitionArn: current, deploymentConfig: `ECS-native ${nativeConfigLine(service)}` });
    if (active) {
        log.line(`Service deployment ${active} is in flight: stopping it with rollback (mode: rollback)  ${result.deploymentUrl}`);
        return stopAndFollow(ctx, await (0,service_deployments/* describeServiceDeployment */.MH)(clients.ecs, active), 'ROLLBACK', result, false);
    }
    refuseReadyWithoutPause(ctx, service);
    const target = await (0,rollback_target/* resolveRollbackTarget */.a)(ctx, current, () => (0,service_deployments/* previousServiceRelease */.WK)(clients.ecs, inputs.cluster, inputs.service, current));
    (0,rollback_target/* refuseSameRevision */.g)(target, current);
    const td = (await (0,ecs/* describeTaskDefinition */.oh)(clients.ecs, target)).taskDefinition;
    const lb = service.loadBalancers?.find((l) => l.containerName);
    if (lb)
        (0,taskdef/* requireContainerPort */.em)((0,taskdef/* toRegisterInput */.Rv)(td), lb.containerName, lb.containerPort, 'rollback-to');
    log.line(headerLine(ctx, service, 'rollback  '));
    log.line(`Task definition ${(0,format/* revisionName */.pd)(current)} -> ${(0,format/* revisionName */.pd)(target)} (rollback-to: ${inputs.rollbackTo})`);
    result.taskDefinitionArn = target;
    result.image = td.containerDefinitions?.find((c) => c.name === (inputs.containerName ?? lb?.containerName))?.image ?? td.containerDefinitions?.[0]?.image;
    return updateAndFollow(ctx, target, current, result);
}
/** Stops a service deployment and follows it to its end (at most 15 min more). */
async function stopAndFollow(ctx, d, stopType, result, asStop) {
    const arn = d.serviceDeploymentArn;
    const { target, source, names } = await revisionsOf(ctx, d);
    const t0 = Date.now();
    ctx.log.start(undefined, t0);
    await (0,ecs/* stopServiceDeployment */.dD)(ctx.clients.ecs, arn, stopType);
    const out = {
        ...result,
        deploymentId: arn,
        taskDefinitionArn: result.taskDefinitionArn ?? source,
        previousTaskDefinitionArn: target ?? result.previousTaskDefinitionArn
    };
    const f = { arn, names };
    const end = await watchServiceDeployment(ctx, f, { deadline: Date.now() + 15 * 60_000, until: 'complete' });
    if (end.end !== 'done') {
        return {
            ...out,
            outcome: 'stopped',
            cause: `Stopped service deployment ${arn}; its ${stopType === 'ROLLBACK' ? 'rollback' : 'stop'} had not ended after 15 min`
        };
    }
    return conclude(ctx, f, end, t0, out, asStop);
}
/** mode stop: stops the service deployment in flight (or 'deployment-id') with rollback (ABORT with rollback: false), and follows it. */
async function stop(ctx) {
    const { inputs, log } = ctx;
    const result = baseResult(ctx, { outcome: 'stopped' });
    const arn = inputs.deploymentId ?? (await inFlight(ctx))[0];
    if (!arn) {
        log.line(`No service deployment of ${inputs.cluster}/${inputs.service} is in flight: nothing to stop.`);
        return { ...result, outcome: 'stopped' };
    }
    const d = await (0,service_deployments/* describeServiceDeployment */.MH)(ctx.clients.ecs, arn);
    (0,service_deployments/* refuseForeignDeployment */.WU)(d, (0,context/* chosenService */.YO)(ctx).serviceArn, ctx.inputs);
    if (d.status && NATIVE_TERMINAL.has(d.status)) {
        throw new errors/* ActionError */.lZ(`Input 'deployment-id': service deployment ${arn} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`, 'deployment-id');
    }
    const stopType = inputs.rollback ? 'ROLLBACK' : 'ABORT';
    log.line(`Stopping service deployment ${arn} (${stopType})  ${result.deploymentUrl}`);
    return stopAndFollow(ctx, d, stopType, result, true);
}
/** mode continue: passes the PAUSE lifecycle hook the release waits at (wait-for: ready) and follows it on. */
async function continueRelease(ctx) {
    const { inputs, clients, log } = ctx;
    const arn = inputs.deploymentId;
    refuseAnalysisWithoutGroups(ctx, (0,context/* chosenService */.YO)(ctx));
    const d = await (0,service_deployments/* describeServiceDeployment */.MH)(clients.ecs, arn);
    (0,service_deployments/* refuseForeignDeployment */.WU)(d, (0,context/* chosenService */.YO)(ctx).serviceArn, ctx.inputs);
    const hook = d.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION');
    if (!hook?.hookId) {
        throw new errors/* ActionError */.lZ(`Input 'deployment-id': service deployment ${arn} is ${d.status}${d.lifecycleStage && !NATIVE_TERMINAL.has(d.status ?? '') ? ` in ${d.lifecycleStage}` : ''} and no lifecycle hook awaits action; there is nothing to continue. Continue works while a PAUSE hook waits (the step that released it used wait-for: ready).`, 'deployment-id');
    }
    const { target, source, names } = await revisionsOf(ctx, d);
    const result = baseResult(ctx, { deploymentId: arn, taskDefinitionArn: target, previousTaskDefinitionArn: source });
    (0,context/* checkNotCancelled */.zu)(ctx);
    const t0 = Date.now();
    log.start(undefined, t0);
    await (0,ecs/* continueServiceDeployment */.wN)(clients.ecs, arn, hook.hookId);
    // From here this step owns the release: the post step stops it if the step is killed.
    ctx.state.save(state/* STATE */.c.deployment, arn);
    log.line(`ContinueServiceDeployment ${arn} (lifecycle hook ${hook.hookId} in ${d.lifecycleStage}: going on)  ${result.deploymentUrl}`);
    if (inputs.waitFor === 'none')
        return { ...result, outcome: 'started' };
    // What the paused release showed was said by the step that started it.
    const f = { arn, names, prev: nativeSnapshot(d, names, t0) };
    const end = await watchServiceDeployment(ctx, f, { deadline: (0,context/* deadlineOf */.G0)(ctx), until: inputs.waitFor, signal: ctx.signal, passed: hook.hookId, analyse: true });
    return conclude(ctx, f, end, t0, result);
}

// EXTERNAL MODULE: ./src/kit/plan.ts + 1 modules
var plan = __webpack_require__(980);
;// CONCATENATED MODULE: ./src/ways/ecs-native/plan-mode.ts
/** mode plan of an ECS-native release: the release's reads and render up to its first change, and what is in flight. */




async function planRelease(ctx) {
    const service = (0,context/* chosenService */.YO)(ctx);
    refuseReadyWithoutPause(ctx, service);
    const balanced = service.loadBalancers?.find((l) => l.containerName);
    const lb = balanced?.containerName ? { containerName: balanced.containerName, containerPort: balanced.containerPort } : undefined;
    const rendered = await (0,render/* renderFromService */.MD)(ctx, service, lb);
    const [active] = await inFlight(ctx);
    return (0,plan/* reportPlan */._S)(ctx, {
        header: headerLine(ctx, service),
        rendered,
        lb,
        checks: [
            (0,plan/* busyCheck */.Ir)(ctx, active ? { name: `service deployment ${active}`, owner: `Service '${ctx.inputs.service}'` } : undefined, 'no service deployment in flight')
        ],
        result: baseResult(ctx, { deploymentConfig: `ECS-native ${nativeConfigLine(service)}` })
    });
}

;// CONCATENATED MODULE: ./src/ways/ecs-native/handlers.ts





const handlers = {
    modes: { deploy: deploy, plan: planRelease, rollback: rollback, continue: continueRelease, stop: stop },
    afterKill: afterKill,
    describe: describeNativeEvent
};


/***/ })

};
