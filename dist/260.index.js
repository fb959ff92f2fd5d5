export const id = 260;
export const ids = [260,201];
export const modules = {

/***/ 3315:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ abortable)
/* harmony export */ });
/** The options of a send that the job's cancel can abort (none without a signal: the SDK takes no undefined there). */
const abortable = (signal) => (signal ? { abortSignal: signal } : {});


/***/ }),

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CallCounter: () => (/* binding */ CallCounter),
/* harmony export */   THROTTLED_READ_PATIENCE_MS: () => (/* binding */ THROTTLED_READ_PATIENCE_MS),
/* harmony export */   checkCredentials: () => (/* binding */ checkCredentials),
/* harmony export */   createClients: () => (/* binding */ createClients),
/* harmony export */   provideClient: () => (/* binding */ provideClient),
/* harmony export */   resolveRegion: () => (/* binding */ resolveRegion),
/* harmony export */   throttleBackoffMs: () => (/* binding */ throttleBackoffMs),
/* harmony export */   throttling: () => (/* binding */ throttling)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** How many API calls a release made, by operation: printed at the end and read by the bench. */
class CallCounter {
    byOperation = new Map();
    retries = 0;
    get total() {
        let n = 0;
        for (const v of this.byOperation.values())
            n += v;
        return n;
    }
    count(command, attempts = 1) {
        const operation = command.replace(/Command$/, '');
        this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + attempts);
        this.retries += attempts - 1;
    }
}
/** Resolves the region as the SDK would, but fails early with the fix instead of at the first call. */
function resolveRegion(input, env = process.env) {
    const region = input || env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (!region) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ("Input 'aws-region': no AWS region is set. Give 'aws-region', or run aws-actions/configure-aws-credentials first (it sets AWS_REGION).", 'aws-region');
    }
    return region;
}
const makers = {};
/**
 * Each src/aws/<service>.ts names how its client is made as it loads. createClients() imports no
 * SDK package itself: a client's package loads with the code that sends its commands (the chosen
 * way's chunk, the look after a failure), and the client is made when it is first used.
 */
function provideClient(name, make) {
    ;
    makers[name] = make;
}
/** Each answer's Date header, handed to whoever listens (a watch's clock). */
class DateFeed {
    listeners = new Set();
    listen(f) {
        this.listeners.add(f);
        return () => this.listeners.delete(f);
    }
    /** Wraps each attempt's send: the deserialize step sees the raw answer. */
    middleware = (next) => async (args) => {
        const sentAt = Date.now();
        const out = await next(args);
        const header = out.response?.headers?.date;
        const date = header ? Date.parse(header) : NaN;
        if (Number.isFinite(date))
            for (const f of this.listeners)
                f(date, sentAt, Date.now());
        return out;
    };
}
const CLIENT_NAMES = ['ecs', 'codedeploy', 'codedeployOnce', 'elbv2', 'cloudwatch', 'logs', 'ecr'];
function createClients(opts) {
    const calls = new CallCounter();
    // Adaptive retry: the SDK's own client-side rate limiter backs off when AWS throttles, which
    // matters when a matrix of services deploys from one account at once.
    const config = { region: opts.region, retryMode: 'adaptive', maxAttempts: opts.maxAttempts ?? 6, customUserAgent: 'ecs-bluegreen-action' };
    // Counts every call and its attempts, and sends a throttled read again (below).
    const countedAndPatient = (next, context) => async (args) => {
        const command = context.commandName ?? '?';
        const started = Date.now();
        for (let round = 1;; round++) {
            try {
                const out = await next(args);
                calls.count(command, attemptsOf(out.output));
                return out;
            }
            catch (err) {
                calls.count(command, attemptsOf(err));
                // A throttled request was refused before AWS acted on it; a read is sent again until the
                // account's other releases leave room (the SDK's own retries last seconds, a queue of
                // them at an account's rate minutes).
                if (!READ.test(command) || !throttling(err) || Date.now() - started >= THROTTLED_READ_PATIENCE_MS)
                    throw err;
                await new Promise((r) => setTimeout(r, throttleBackoffMs(round)));
            }
        }
    };
    const dates = new DateFeed();
    const made = {};
    const make = (name) => {
        const maker = makers[name];
        if (!maker)
            throw new Error(`No ${name} client: the module of src/aws/ that sends its commands has not been loaded.`);
        const client = maker(config);
        // Every SDK client's stack takes an initialize-step middleware; the union of their types does not say so.
        const stack = client.middlewareStack;
        stack.add(countedAndPatient, { step: 'initialize', name: 'ecsBluegreenCallCounter' });
        stack.add(dates.middleware, { step: 'deserialize', name: 'ecsBluegreenAwsDates' });
        return client;
    };
    const clients = { calls, dates };
    for (const name of CLIENT_NAMES) {
        Object.defineProperty(clients, name, { enumerable: true, get: () => (made[name] ??= make(name)) });
    }
    return clients;
}
/** Reads: sent again under throttling, for up to THROTTLED_READ_PATIENCE_MS. */
const READ = /^(Describe|Get|List|BatchGet)\w*Command$/;
/** How long a read is sent again while AWS throttles it, before the release fails on it. */
const THROTTLED_READ_PATIENCE_MS = 4 * 60_000;
/** Full jitter, doubling from 1 s to 10 s: the releases throttled together spread out. */
function throttleBackoffMs(round) {
    return Math.min(10_000, 500 * 2 ** round) * (0.5 + Math.random() / 2);
}
/** AWS's throttling errors, by name or as the SDK marks them. */
function throttling(err) {
    const e = err;
    return !!e.$retryable?.throttling || /^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded)$/.test(e.name ?? '');
}
function attemptsOf(x) {
    const attempts = x?.$metadata?.attempts;
    return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}
/** Fails early, with what to do, when the SDK's credential chain finds nothing. */
async function checkCredentials(client) {
    try {
        await client.config.credentials();
    }
    catch (err) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`No AWS credentials were found (${err.message}). Run aws-actions/configure-aws-credentials before this step (OIDC role: see docs/iam-policy.json), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`, 'credentials');
    }
}


/***/ }),

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


/***/ })

};
