export const id = 522;
export const ids = [522];
export const modules = {

/***/ 522:
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
var core_state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/aws/service-deployments.ts
var service_deployments = __webpack_require__(5619);
// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
// EXTERNAL MODULE: ./src/core/result.ts
var core_result = __webpack_require__(9294);
// EXTERNAL MODULE: ./src/kit/if-busy.ts
var if_busy = __webpack_require__(8259);
// EXTERNAL MODULE: ./src/kit/register.ts
var register = __webpack_require__(9687);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
// EXTERNAL MODULE: ./src/kit/settle.ts
var settle = __webpack_require__(861);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/ways/rolling/events.ts

function snapshotOf(service) {
    return {
        taskDefinition: service.taskDefinition,
        deployments: (service.deployments ?? []).map((d) => ({
            id: d.id ?? '?',
            status: d.status ?? '?',
            taskDefinition: d.taskDefinition,
            rolloutState: d.rolloutState,
            rolloutStateReason: d.rolloutStateReason,
            running: d.runningCount ?? 0,
            pending: d.pendingCount ?? 0,
            desired: d.desiredCount ?? 0,
            failed: d.failedTasks ?? 0
        })),
        events: (service.events ?? []).map((e) => ({ id: e.id ?? `${e.createdAt?.getTime()}:${e.message}`, at: e.createdAt, message: e.message ?? '' })).reverse()
    };
}
/**
 * What changed from `prev` to `next`: deployments that appeared or changed their rollout state,
 * task counts, deployments that are gone, and service events not seen before (in AWS's order).
 * `prev` is the look before the release, so events from before it are not repeated.
 */
function compareRolling(prev, next) {
    const out = [];
    const before = new Map((prev?.deployments ?? []).map((d) => [d.id, d]));
    for (const d of next.deployments) {
        const p = before.get(d.id);
        if (!p || p.rolloutState !== d.rolloutState || p.status !== d.status) {
            out.push({
                kind: 'rolling-deployment',
                id: d.id,
                status: d.status,
                taskDefinition: d.taskDefinition,
                rolloutState: d.rolloutState,
                reason: d.rolloutState === 'FAILED' ? d.rolloutStateReason : undefined
            });
        }
        if (!p
            ? d.running + d.pending + d.failed > 0 && d.rolloutState !== 'COMPLETED'
            : p.running !== d.running || p.pending !== d.pending || p.failed !== d.failed || p.desired !== d.desired) {
            out.push({
                kind: 'rolling-tasks',
                id: d.id,
                taskDefinition: d.taskDefinition,
                running: d.running,
                desired: d.desired,
                pending: d.pending,
                failed: d.failed
            });
        }
    }
    const now = new Set(next.deployments.map((d) => d.id));
    for (const p of prev?.deployments ?? [])
        if (!now.has(p.id))
            out.push({ kind: 'rolling-gone', id: p.id, taskDefinition: p.taskDefinition });
    const seen = new Set((prev?.events ?? []).map((e) => e.id));
    // Timed by when we saw them: the log's column is our clock, whatever the service's clock says.
    for (const e of next.events)
        if (!seen.has(e.id))
            out.push({ kind: 'service-event', message: e.message });
    return out;
}
/** The words of one event, without the time column: log and summary alike. */
function describeRollingEvent(e) {
    switch (e.kind) {
        case 'rolling-deployment':
            return { text: `deployment ${e.id} ${(0,format/* revisionName */.pd)(e.taskDefinition)} ${e.status} ${e.rolloutState ?? ''}${e.reason ? `: ${e.reason}` : ''}`.trimEnd() };
        case 'rolling-tasks':
            return {
                text: `tasks    ${(0,format/* revisionName */.pd)(e.taskDefinition)} ${e.running}/${e.desired} running${e.pending ? `, ${e.pending} pending` : ''}${e.failed ? `, ${e.failed} failed` : ''}`
            };
        case 'rolling-gone':
            return { text: `deployment ${e.id} ${(0,format/* revisionName */.pd)(e.taskDefinition)} removed` };
        case 'service-event':
            return { text: `event    ${e.message.replace(/^\(service [^)]*\) /, '')}` };
    }
}

;// CONCATENATED MODULE: ./src/ways/rolling/plan.ts


function configLine(s) {
    const c = s.deploymentConfiguration;
    const cb = c?.deploymentCircuitBreaker;
    const breaker = cb?.enable ? `circuit breaker${cb.rollback ? ' with rollback' : ' without rollback'}` : 'no circuit breaker';
    const alarms = c?.alarms?.enable && c.alarms.alarmNames?.length ? `, alarms ${c.alarms.alarmNames.join(', ')}` : '';
    return `rolling, min ${c?.minimumHealthyPercent ?? 100}% max ${c?.maximumPercent ?? 200}%, ${breaker}${alarms}`;
}
/** The first line of the log: the service and how it rolls. */
function headerLine(ctx, service) {
    const n = service.desiredCount ?? 0;
    return `ecs-bluegreen-action  ${ctx.inputs.cluster}/${ctx.inputs.service}  ${configLine(service)}  ${n} task${n === 1 ? '' : 's'}`;
}
/** A rolling update has no test traffic nor traffic shift to stop at. */
function refuseWaitFor(ctx) {
    const { waitFor } = ctx.inputs;
    if (waitFor === 'ready' || waitFor === 'traffic-shifted') {
        throw new errors/* ActionError */.lZ(`Input 'wait-for': '${waitFor}' is not available for a rolling update, which has no test traffic or traffic shift. Use complete or none.`, 'wait-for');
    }
}
/** The result every rolling mode starts from. */
function baseResult(ctx, service, outcome = 'failed') {
    return {
        outcome,
        cluster: ctx.inputs.cluster,
        service: ctx.inputs.service,
        previousTaskDefinitionArn: service.taskDefinition,
        deploymentConfig: configLine(service),
        deploymentUrl: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, ctx.inputs.service, ctx.region)
    };
}

// EXTERNAL MODULE: ./src/kit/poll.ts
var poll = __webpack_require__(1635);
;// CONCATENATED MODULE: ./src/ways/rolling/watch.ts
/**
 * Following a rolling update: the one poll loop (src/kit/poll.ts) with one DescribeServices per
 * look, and where the release stands after each look.
 */




/**
 * Where the release of `taskDefinition` stands. Succeeded once its deployment is COMPLETED; when
 * the circuit breaker rolled it back, the service runs `previous` again ('rolling-back' until that
 * deployment is COMPLETED too); failed when its deployment FAILED with nothing rolled back.
 */
function rollingVerdict(s, mine) {
    const d = s.deployments.find((x) => (mine.id ? x.id === mine.id : x.taskDefinition === mine.taskDefinition));
    const primary = s.deployments.find((x) => x.status === 'PRIMARY');
    if (d && d.status === 'PRIMARY' && d.rolloutState === 'COMPLETED')
        return 'succeeded';
    const back = primary && primary !== d && primary.taskDefinition === mine.previous && mine.previous !== undefined;
    if (back)
        return primary.rolloutState === 'COMPLETED' ? 'rolled-back' : 'rolling-back';
    if (d?.rolloutState === 'FAILED')
        return { failed: d.rolloutStateReason ?? 'the deployment failed' };
    if (!d && primary && primary.taskDefinition !== mine.taskDefinition)
        return { failed: `another deployment (${primary.id}) replaced it` };
    return 'waiting';
}
/** The rolling update in flight, if any. */
function inFlight(s) {
    const p = s.deployments.find((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS');
    if (!p)
        return undefined;
    // COMPLETED: not a deployment the circuit breaker failed (while its rollback is the one in flight).
    const older = s.deployments.find((d) => d.status === 'ACTIVE' && d.rolloutState === 'COMPLETED' && d.taskDefinition && d.taskDefinition !== p.taskDefinition);
    return { id: p.id, taskDefinition: p.taskDefinition, previous: older?.taskDefinition };
}
/**
 * Where the rollback of the deployment that runs `from` stands: done once a PRIMARY deployment of
 * another task definition is COMPLETED; failed if that one FAILED too.
 */
function rollbackVerdict(s, from) {
    const p = s.deployments.find((d) => d.status === 'PRIMARY');
    if (!p || p.taskDefinition === from)
        return 'waiting';
    if (p.rolloutState === 'COMPLETED')
        return 'succeeded';
    if (p.rolloutState === 'FAILED')
        return { failed: p.rolloutStateReason ?? 'the rollback deployment failed' };
    return 'waiting';
}
/** How deployment `id` ended, for the log: its rollout state while PRIMARY, or what replaced it. */
function endOf(s, id) {
    const d = s.deployments.find((x) => x.id === id);
    const p = s.deployments.find((x) => x.status === 'PRIMARY');
    if (d && d === p)
        return d.rolloutState ?? 'UNKNOWN';
    return p ? `replaced by ECS deployment ${p.id} (${(0,format/* revisionName */.pd)(p.taskDefinition)})` : 'gone';
}
/**
 * Why 'deployment-id' cannot name the rolling update to stop, or undefined when it can: an ECS
 * deployment (ecs-svc/…) of this service that is PRIMARY and IN_PROGRESS.
 */
function refuseNamedDeployment(s, id, service) {
    const d = s.deployments.find((x) => x.id === id);
    if (!d) {
        const ids = s.deployments.map((x) => x.id).join(', ');
        return `'${id}' is not a deployment of service '${service}' (it has ${ids || 'none'}). Pass the 'deployment-id' output of the step that started it, or leave 'deployment-id' out to stop the one in flight.`;
    }
    if (d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') {
        return (`ECS deployment ${id} already ended (${d.status} ${d.rolloutState ?? ''}`.trimEnd() +
            `); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`);
    }
    return undefined;
}
/** Looks until `stop` says so, the deadline passes or the job is cancelled; logs every change. `state.prev` is the look before. */
async function watchService(ctx, state, deadline, stop) {
    const end = await (0,poll/* watchRelease */.vN)(ctx, {
        what: `service ${ctx.inputs.service}`,
        look: async (_prev, signal) => snapshotOf(await (0,ecs/* describeService */.Jv)(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, signal)),
        compare: compareRolling,
        verdict: stop
    }, { deadline, signal: ctx.signal, from: state.prev });
    if (end.snapshot)
        state.prev = end.snapshot;
    if (end.end === 'done')
        return { end: 'done', verdict: end.verdict, snapshot: end.snapshot };
    return { end: end.end === 'aborted' ? 'aborted' : 'timeout', snapshot: state.prev };
}
/** The failure AWS gave for our deployment, or the last service event that says it failed. */
function lastFailure(s, mine) {
    const d = s.deployments.find((x) => x.id === mine.id);
    if (d?.rolloutStateReason && d.rolloutState === 'FAILED')
        return d.rolloutStateReason;
    const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment failed/.test(x.message));
    return e?.message.replace(/^\(service [^)]*\) \(deployment [^)]*\) deployment failed: /, '');
}
/** Why our deployment was stopped with rollback from elsewhere, or undefined (then the circuit breaker rolled it back). */
function stoppedBy(s, mine) {
    const d = s.deployments.find((x) => x.id === mine.id);
    if (d?.rolloutStateReason && /StopServiceDeployment/.test(d.rolloutStateReason))
        return d.rolloutStateReason;
    const e = [...s.events].reverse().find((x) => (!mine.id || x.message.includes(mine.id)) && /deployment stopped: /.test(x.message));
    return e?.message.replace(/^.*deployment stopped: /, '');
}

;// CONCATENATED MODULE: ./src/ways/rolling/release.ts














async function deploy(ctx) {
    const { inputs, log } = ctx;
    refuseWaitFor(ctx);
    let service = (0,context/* chosenService */.YO)(ctx);
    // The image goes to 'container-name', else the container the service's load balancer names.
    const balanced = service.loadBalancers?.find((l) => l.containerName);
    const lb = balanced?.containerName ? { containerName: balanced.containerName, containerPort: balanced.containerPort } : undefined;
    let rendered = await (0,render/* renderFromService */.MD)(ctx, service, lb);
    log.line(headerLine(ctx, service));
    (0,render/* printRendered */.Xp)(ctx, rendered);
    const after = await settleBusy(ctx, service);
    if (after) {
        service = after;
        // The update we waited for (or rolled back) changed what runs: render against it.
        if (service.taskDefinition !== rendered.previousArn)
            rendered = await (0,render/* renderFromService */.MD)(ctx, service, lb);
    }
    const result = { ...baseResult(ctx, service), image: (0,render/* imageOf */.dT)(inputs, rendered), previousTaskDefinitionArn: rendered.previousArn };
    const unchanged = (0,register/* unchangedRelease */.vq)(ctx, rendered, result);
    if (unchanged)
        return unchanged;
    // Changes start here.
    (0,context/* checkNotCancelled */.zu)(ctx);
    const reg = await (0,register/* registerRelease */.h4)(ctx, { ...rendered, service });
    if (reg.stop)
        return { ...result, taskDefinitionArn: reg.arn, ...reg.result };
    return rollingRelease(ctx, { service, result: { ...result, ...reg.result } }, reg.arn);
}
/**
 * Puts `arn` on the service (UpdateService), follows the rolling update to its end and says how
 * it ended; a timeout or a cancel rolls it back unless on-timeout / on-cancel say leave. What deploy
 * and rollback share: `t.result` is what they already know (image, previous task definition).
 */
async function rollingRelease(ctx, t, arn) {
    const { inputs, clients, log } = ctx;
    const previous = t.result.previousTaskDefinitionArn;
    const result = { ...t.result, taskDefinitionArn: arn };
    (0,context/* checkNotCancelled */.zu)(ctx);
    if (previous)
        ctx.state.save(core_state/* STATE */.c.rollingPrevious, previous);
    const t0 = Date.now();
    log.start(undefined, t0);
    result.suspects = (0,core_result/* serviceSuspects */.Ey)(inputs.cluster, t.service, arn, new Date(t0));
    const updated = await (0,ecs/* updateService */.bU)(clients.ecs, { cluster: inputs.cluster, service: inputs.service, taskDefinition: arn });
    const id = updated?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn)?.id;
    result.deploymentId = id;
    if (id)
        ctx.state.save(core_state/* STATE */.c.deployment, id);
    log.line(`UpdateService ${(0,format/* revisionName */.pd)(arn)}${id ? `: ECS deployment ${id}` : ''}  ${result.deploymentUrl}`);
    if (inputs.waitFor === 'none')
        return { ...result, outcome: 'started' };
    const state = { prev: snapshotOf(t.service) };
    const mine = { id, taskDefinition: arn, previous };
    const end = await watchService(ctx, state, (0,context/* deadlineOf */.G0)(ctx), (s) => {
        const v = rollingVerdict(s, mine);
        return v === 'waiting' || v === 'rolling-back' ? undefined : v;
    });
    const dep = id ? `ECS deployment ${id}` : 'The ECS deployment';
    const at = () => (0,format/* clock */.pm)(Date.now() - t0);
    const ms = () => Date.now() - t0;
    if (end.end !== 'done') {
        const settled = await (0,settle/* settleCutShort */.k)(ctx, end.end, {
            url: result.deploymentUrl ?? (0,format/* ecsConsoleUrl */.m2)(inputs.cluster, inputs.service, ctx.region),
            left: { now: `ECS deployment ${id} is left running`, past: `ECS deployment ${id} was left running` },
            cannotRollBack: previous ? undefined : 'there is no previous task definition',
            rollBack: async () => ({ did: await rollBackRolling(ctx, previous), done: `${(0,format/* revisionName */.pd)(previous)} was put back` }),
            afterRollBack: async (cut) => {
                if (cut !== 'timeout')
                    return;
                // The rollback is a rolling update too: follow it for a while, so the log says how it ended.
                const back = await followRollback(ctx, state, arn);
                if (back.end === 'done' && back.verdict === 'succeeded')
                    log.line(`  ${at()}  ${(0,format/* revisionName */.pd)(previous)} runs again`);
            }
        });
        return { ...result, durationMs: ms(), ...settled };
    }
    ctx.settled();
    const v = end.verdict;
    if (v === 'succeeded') {
        log.event({ kind: 'end', status: 'Succeeded' });
        return { ...result, outcome: 'succeeded', durationMs: ms() };
    }
    const reason = lastFailure(end.snapshot, mine) ?? 'the deployment circuit breaker tripped';
    // Rolled back by the circuit breaker, or stopped from elsewhere (mode: stop, the console's Roll back).
    const stopped = v === 'rolled-back' ? stoppedBy(end.snapshot, mine) : undefined;
    if (stopped) {
        log.line(`  ${at()}  Rolled back after ${(0,format/* duration */.p0)(ms())}: ${dep} was stopped and ${(0,format/* revisionName */.pd)(previous)} put back`);
        return {
            ...result,
            outcome: 'rolled-back',
            durationMs: ms(),
            cause: `${dep} was stopped with rollback to ${(0,format/* revisionName */.pd)(previous)}: ${stopped.replace(/\.$/, '')}`
        };
    }
    if (v === 'rolled-back') {
        log.line(`  ${at()}  Rolled back after ${(0,format/* duration */.p0)(ms())}: the deployment circuit breaker put ${(0,format/* revisionName */.pd)(previous)} back`);
        return {
            ...result,
            outcome: 'rolled-back',
            durationMs: ms(),
            cause: `${dep} failed: ${reason.replace(/\.$/, '')}; the deployment circuit breaker rolled the service back to ${(0,format/* revisionName */.pd)(previous)}`
        };
    }
    const why = typeof v === 'object' ? v.failed : reason;
    log.line(`  ${at()}  Failed after ${(0,format/* duration */.p0)(ms())}: ${why}`);
    return {
        ...result,
        outcome: 'failed',
        durationMs: ms(),
        cause: `${dep} failed: ${why.replace(/\.$/, '')}; nothing was rolled back (the service's circuit breaker has no rollback)`
    };
}
/**
 * Rolls the rolling update in flight back to `previous`: StopServiceDeployment ROLLBACK on its
 * service deployment, or, when there is none or AWS refuses it, UpdateService to `previous`.
 * Returns what was done, for the log.
 */
async function rollBackRolling(o, previous) {
    const { cluster, service } = o.inputs;
    const sd = (await (0,service_deployments/* listServiceDeployments */.C0)(o.clients.ecs, cluster, service, ['PENDING', 'IN_PROGRESS'], 10))[0]?.serviceDeploymentArn;
    if (sd) {
        try {
            await (0,ecs/* stopServiceDeployment */.dD)(o.clients.ecs, sd, 'ROLLBACK');
            return `stopped service deployment ${sd} with rollback${previous ? ` to ${(0,format/* revisionName */.pd)(previous)}` : ''}`;
        }
        catch (err) {
            if (!previous || !/InvalidParameter|UnsupportedFeature|Conflict/.test(err.name))
                throw err;
        }
    }
    if (!previous) {
        throw new errors/* ActionError */.lZ(`ECS deployment of ${cluster}/${service} has no service deployment to stop and no previous task definition to redeploy. Roll it back in the console.`, 'rollback');
    }
    await (0,ecs/* updateService */.bU)(o.clients.ecs, { cluster, service, taskDefinition: previous });
    return `redeployed ${(0,format/* revisionName */.pd)(previous)}`;
}
/** Follows a rollback of the deployment that ran `from` until another task definition's deployment ends (15 min at most). */
function followRollback(ctx, state, from) {
    return watchService(ctx, state, Date.now() + 15 * 60_000, (s) => {
        const v = rollbackVerdict(s, from);
        return v === 'waiting' ? undefined : v;
    });
}
/** Rolls `flight` back and follows the rollback to its end. `back` is the task definition running at the end. */
async function rollBackFlight(ctx, service, flight) {
    const t0 = Date.now();
    ctx.log.start(undefined, t0);
    ctx.log.line(`Rollback: ${await rollBackRolling(ctx, flight.previous)}`);
    const end = await followRollback(ctx, { prev: snapshotOf(service) }, flight.taskDefinition);
    if (end.end !== 'done') {
        return { ok: false, why: end.end === 'timeout' ? `the rollback of ECS deployment ${flight.id} was not finished after 15 min` : 'the job was cancelled' };
    }
    if (end.verdict !== 'succeeded')
        return { ok: false, why: `the rollback of ECS deployment ${flight.id} failed: ${end.verdict.failed.replace(/\.$/, '')}` };
    const back = end.snapshot.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? flight.previous ?? '?';
    ctx.log.line(`  ${(0,format/* clock */.pm)(Date.now() - t0)}  Rolled back after ${(0,format/* duration */.p0)(Date.now() - t0)}: ${(0,format/* revisionName */.pd)(back)} runs again`);
    return { ok: true, back };
}
/**
 * Rolls `flight` back and follows the rollback to its end: what mode stop and mode rollback with an
 * update in flight share.
 */
async function rollBackInFlight(ctx, service, flight, why) {
    const url = (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, ctx.inputs.service, ctx.region);
    ctx.log.line(`ECS deployment ${flight.id} is in flight: rolling it back (${why})  ${url}`);
    (0,context/* checkNotCancelled */.zu)(ctx);
    return rollBackFlight(ctx, service, flight);
}
/**
 * Makes sure no rolling update is in flight, as if-busy says. Returns the service as it is
 * afterwards, or undefined if nothing was in flight.
 */
async function settleBusy(ctx, service) {
    const flight = inFlight(snapshotOf(service));
    if (!flight)
        return undefined;
    let after;
    let rolledBack;
    const ended = async () => {
        after = await (0,ecs/* describeService */.Jv)(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service);
        return { ended: endOf(snapshotOf(after), flight.id) };
    };
    await (0,if_busy/* awaitIdle */.j)(ctx, {
        name: `ECS deployment ${flight.id}`,
        stopping: 'rolling it back',
        owner: `Service '${ctx.inputs.service}'`,
        url: (0,format/* ecsConsoleUrl */.m2)(ctx.inputs.cluster, ctx.inputs.service, ctx.region),
        stop: async () => {
            rolledBack = await rollBackFlight(ctx, service, flight);
        },
        follow: async () => {
            if (rolledBack)
                return rolledBack.ok ? ended() : { gaveUp: rolledBack.why };
            const end = await watchService(ctx, { prev: snapshotOf(service) }, (0,context/* deadlineOf */.G0)(ctx), (s) => (inFlight(s) ? undefined : s));
            return end.end === 'done' ? ended() : { gaveUp: end.end };
        }
    });
    return after;
}

;// CONCATENATED MODULE: ./src/ways/rolling/after-kill.ts
/** The post step on the rolling way, after the main step was killed mid-release: rolls it back to the previous task definition (unless on-cancel: leave). */




async function afterKill(o) {
    const previous = o.state.get(core_state/* STATE */.c.rollingPrevious);
    if (!previous)
        return;
    try {
        const s = await (0,ecs/* describeService */.Jv)(o.clients.ecs, o.inputs.cluster, o.inputs.service);
        const d = s.deployments?.find((x) => x.id === o.deploymentId);
        if (!d || d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS')
            return;
        if (o.inputs.onCancel === 'leave') {
            o.warn(`The main step ended before ECS deployment ${o.deploymentId} did; it is left running (on-cancel: leave).`);
            return;
        }
        const how = await rollBackRolling(o, previous);
        o.warn(`The main step ended before ECS deployment ${o.deploymentId} did: ${how} (on-cancel: rollback).`);
    }
    catch (err) {
        o.error(`Could not settle ECS deployment ${o.deploymentId} after the main step ended: ${(0,errors/* describeError */.Uc)(err)}. Check the service in the console.`);
    }
}

// EXTERNAL MODULE: ./src/kit/rollback-target.ts
var rollback_target = __webpack_require__(2750);
;// CONCATENATED MODULE: ./src/ways/rolling/control.ts










/** In flight service deployment statuses: what a 'deployment-id' ARN must be in to be stopped. */
const STOPPABLE = new Set(['PENDING', 'IN_PROGRESS']);
/** Rolls `flight` back and turns how it ended into the mode's result: `done` on success. */
async function rollBackAs(ctx, service, flight, why, done) {
    const t0 = Date.now();
    const r = await rollBackInFlight(ctx, service, flight, why);
    ctx.settled();
    const result = {
        ...baseResult(ctx, service),
        deploymentId: flight.id,
        taskDefinitionArn: flight.taskDefinition,
        previousTaskDefinitionArn: flight.previous,
        durationMs: Date.now() - t0
    };
    if (r.ok)
        return { ...result, outcome: done, taskDefinitionArn: r.back, previousTaskDefinitionArn: flight.taskDefinition };
    return { ...result, outcome: 'failed', cause: `ECS deployment ${flight.id} was stopped, but ${r.why}. Check the service in the console.` };
}
/** Checks 'deployment-id' before anything changes: a mistyped or stale id must not stop another release. */
async function checkNamed(ctx, service, id) {
    const { inputs, clients } = ctx;
    if (id.startsWith('arn:') && id.includes(':service-deployment/')) {
        const d = await (0,service_deployments/* describeServiceDeployment */.MH)(clients.ecs, id);
        (0,service_deployments/* refuseForeignDeployment */.WU)(d, service.serviceArn, inputs);
        if (!STOPPABLE.has(d.status ?? ''))
            throw new errors/* ActionError */.lZ(`Input 'deployment-id': service deployment ${id} already ended (${d.status}); there is nothing to stop. Leave 'deployment-id' out to stop whatever is in flight.`, 'deployment-id');
        return;
    }
    const refused = refuseNamedDeployment(snapshotOf(service), id, inputs.service);
    if (refused)
        throw new errors/* ActionError */.lZ(`Input 'deployment-id': ${refused}`, 'deployment-id');
}
/** mode stop: rolls the update in flight back and follows the rollback to its end. */
async function stop(ctx) {
    const { inputs, log } = ctx;
    if (!inputs.rollback) {
        throw new errors/* ActionError */.lZ("Input 'rollback': false cannot stop a rolling update: ECS cannot freeze one halfway (StopServiceDeployment only rolls back), and leaving it running is what not stopping does. Leave 'rollback' at true to put the previous task definition back.", 'rollback');
    }
    const service = (0,context/* chosenService */.YO)(ctx);
    if (inputs.deploymentId)
        await checkNamed(ctx, service, inputs.deploymentId);
    log.line(headerLine(ctx, service));
    const flight = inFlight(snapshotOf(service));
    if (!flight) {
        log.line(`No rolling update of ${inputs.cluster}/${inputs.service} is in flight: nothing to stop.`);
        return baseResult(ctx, service, 'stopped');
    }
    return rollBackAs(ctx, service, flight, 'mode: stop', 'stopped');
}
/**
 * mode rollback: with a rolling update in flight (and an older deployment to go back to), roll it
 * back; otherwise release the task definition 'rollback-to' names as a deploy would.
 */
async function rollback(ctx) {
    const { inputs, clients, log } = ctx;
    const service = (0,context/* chosenService */.YO)(ctx);
    log.line(headerLine(ctx, service));
    const flight = inFlight(snapshotOf(service));
    if (flight?.previous)
        return rollBackAs(ctx, service, flight, 'mode: rollback', 'rolled-back');
    const current = service.taskDefinition;
    const target = await (0,rollback_target/* resolveRollbackTarget */.a)(ctx, current, () => (0,service_deployments/* previousServiceRelease */.WK)(ctx.clients.ecs, ctx.inputs.cluster, ctx.inputs.service, current));
    (0,rollback_target/* refuseSameRevision */.g)(target, current);
    log.line(`Task definition ${(0,format/* revisionName */.pd)(current)} -> ${(0,format/* revisionName */.pd)(target)} (rollback-to: ${inputs.rollbackTo})`);
    const td = (await (0,ecs/* describeTaskDefinition */.oh)(clients.ecs, target)).taskDefinition;
    const containers = td.containerDefinitions ?? [];
    const lbContainer = service.loadBalancers?.find((l) => l.containerName)?.containerName;
    const image = (containers.find((c) => c.name === (inputs.containerName ?? lbContainer)) ?? containers[0])?.image;
    return rollingRelease(ctx, { service, result: { ...baseResult(ctx, service), image, previousTaskDefinitionArn: current } }, target);
}
/** mode continue: a rolling update never waits for anyone. */
async function continueRelease() {
    throw new errors/* ActionError */.lZ("Input 'mode': 'continue' has nothing to continue on a rolling update: ECS replaces the tasks without an approval gate or a wait before the old ones are removed. Use mode deploy to follow a release to its end, stop to roll one back, or rollback to release an earlier task definition.", 'mode');
}

// EXTERNAL MODULE: ./src/kit/plan.ts + 1 modules
var plan = __webpack_require__(980);
;// CONCATENATED MODULE: ./src/ways/rolling/plan-mode.ts
/** mode plan of a rolling update: the release's reads and render up to its first change, and what is in flight. */






async function planRelease(ctx) {
    refuseWaitFor(ctx);
    const service = (0,context/* chosenService */.YO)(ctx);
    const balanced = service.loadBalancers?.find((l) => l.containerName);
    const lb = balanced?.containerName ? { containerName: balanced.containerName, containerPort: balanced.containerPort } : undefined;
    const rendered = await (0,render/* renderFromService */.MD)(ctx, service, lb);
    const flight = inFlight(snapshotOf(service));
    return (0,plan/* reportPlan */._S)(ctx, {
        header: headerLine(ctx, service),
        rendered,
        lb,
        checks: [(0,plan/* busyCheck */.Ir)(ctx, flight && { name: `ECS deployment ${flight.id}`, owner: `Service '${ctx.inputs.service}'` }, 'no rolling update in flight')],
        result: baseResult(ctx, service, 'planned')
    });
}

;// CONCATENATED MODULE: ./src/ways/rolling/handlers.ts





const handlers = {
    modes: { deploy: deploy, plan: planRelease, rollback: rollback, continue: continueRelease, stop: stop },
    afterKill: afterKill,
    describe: describeRollingEvent
};


/***/ })

};
