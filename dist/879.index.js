export const id = 879;
export const ids = [879,201,114];
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

/***/ 1032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ge: () => (/* binding */ describeServices),
/* harmony export */   Jv: () => (/* binding */ describeService),
/* harmony export */   T2: () => (/* binding */ deregisterTaskDefinition),
/* harmony export */   ad: () => (/* binding */ listTaskDefinitions),
/* harmony export */   bU: () => (/* binding */ updateService),
/* harmony export */   dD: () => (/* binding */ stopServiceDeployment),
/* harmony export */   eQ: () => (/* binding */ registerTaskDefinition),
/* harmony export */   lD: () => (/* binding */ listActiveRevisions),
/* harmony export */   oh: () => (/* binding */ describeTaskDefinition),
/* harmony export */   wN: () => (/* binding */ continueServiceDeployment),
/* harmony export */   wx: () => (/* binding */ stoppedTasks)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(212);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _abortable_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3315);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(201);
/** The ECS calls: services, task definitions, tasks, and the service deployment controls. */




(0,_clients_js__WEBPACK_IMPORTED_MODULE_1__.provideClient)('ecs', (config) => new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ECSClient */ .Zgc(config));
async function describeService(ecs, cluster, service, signal) {
    let out;
    try {
        out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeServicesCommand */ .H7c({ cluster, services: [service] }), (0,_abortable_js__WEBPACK_IMPORTED_MODULE_3__/* .abortable */ .Z)(signal));
    }
    catch (err) {
        if (err.name === 'ClusterNotFoundException') {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input 'cluster': ECS cluster '${cluster}' does not exist in this account and region. Check the name and 'aws-region'.`, 'cluster');
        }
        throw err;
    }
    const svc = out.services?.[0];
    if (!svc || svc.status === 'INACTIVE') {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input 'service': ECS service '${service}' does not exist in cluster '${cluster}'${svc ? ' (it is INACTIVE)' : ''}. Check the name, the cluster and 'aws-region'.`, 'service');
    }
    return svc;
}
/**
 * Several services of one cluster in one call, in the order of `names`; `inputs` names the input
 * that gave each, for the error when one does not exist.
 */
async function describeServices(ecs, cluster, names, inputs) {
    const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeServicesCommand */ .H7c({ cluster, services: names })).catch((err) => {
        if (err.name === 'ClusterNotFoundException') {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input 'cluster': ECS cluster '${cluster}' does not exist in this account and region. Check the name and 'aws-region'.`, 'cluster');
        }
        throw err;
    });
    const short = (s) => s.split('/').pop();
    return names.map((n, i) => {
        const s = out.services?.find((x) => x.serviceName === short(n) || x.serviceArn === n);
        const input = inputs[i] ?? 'service';
        if (!s || s.status === 'INACTIVE') {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input '${input}': ECS service '${n}' does not exist in cluster '${cluster}'${s ? ' (it is INACTIVE)' : ''}. Check the name, the cluster and 'aws-region'.`, input);
        }
        return s;
    });
}
async function updateService(ecs, input) {
    return (await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .UpdateServiceCommand */ .kZr(input))).service;
}
async function describeTaskDefinition(ecs, taskDefinition) {
    const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition, include: ['TAGS'] }));
    if (!out.taskDefinition)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`DescribeTaskDefinition returned nothing for '${taskDefinition}'.`);
    return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
}
async function registerTaskDefinition(ecs, input) {
    const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .RegisterTaskDefinitionCommand */ .$Hl(input));
    if (!out.taskDefinition?.taskDefinitionArn)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('RegisterTaskDefinition returned no task definition ARN.');
    return out.taskDefinition;
}
/** The newest revisions of a family first. */
async function listTaskDefinitions(ecs, family, maxResults) {
    return (await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ListTaskDefinitionsCommand */ .Pse({ familyPrefix: family, sort: 'DESC', maxResults }))).taskDefinitionArns ?? [];
}
/** Every ACTIVE revision of `family`, newest first (familyPrefix matches other families too: they are left out). */
async function listActiveRevisions(ecs, family) {
    const out = [];
    let nextToken;
    do {
        const page = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ListTaskDefinitionsCommand */ .Pse({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 100, nextToken }));
        out.push(...(page.taskDefinitionArns ?? []).filter((arn) => arn.endsWith(`task-definition/${family}:${arn.split(':').pop()}`)));
        nextToken = page.nextToken;
    } while (nextToken);
    return out;
}
/** Deregisters one revision: it becomes INACTIVE, its running tasks go on, no new ones start from it. */
async function deregisterTaskDefinition(ecs, arn) {
    await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DeregisterTaskDefinitionCommand */ .sjB({ taskDefinition: arn }));
}
/** Stopped tasks of a service, or of a task set (`startedBy` its id), at most `max`. */
async function stoppedTasks(ecs, o) {
    const arns = (await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ListTasksCommand */ .MYg({
        cluster: o.cluster,
        desiredStatus: 'STOPPED',
        ...(o.taskSetId ? { startedBy: o.taskSetId } : { serviceName: o.service }),
        maxResults: o.max
    }))).taskArns;
    if (!arns?.length)
        return [];
    return (await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTasksCommand */ .z8X({ cluster: o.cluster, tasks: arns }))).tasks ?? [];
}
/** StopServiceDeployment: ROLLBACK puts the source revision back; ABORT leaves it where it is. */
async function stopServiceDeployment(ecs, serviceDeploymentArn, stopType) {
    await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .StopServiceDeploymentCommand */ .a8L({ serviceDeploymentArn, stopType }));
}
/** Passes the PAUSE lifecycle hook a service deployment waits at. */
async function continueServiceDeployment(ecs, serviceDeploymentArn, hookId) {
    await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ContinueServiceDeploymentCommand */ .LrH({ serviceDeploymentArn, hookId, action: 'CONTINUE' }));
}


/***/ }),

/***/ 9114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IF_BUSY: () => (/* binding */ IF_BUSY),
/* harmony export */   MAX_COMMAND_CHARS: () => (/* binding */ MAX_COMMAND_CHARS),
/* harmony export */   MAX_FAILURE_LOG_LINES: () => (/* binding */ MAX_FAILURE_LOG_LINES),
/* harmony export */   MAX_TAGS: () => (/* binding */ MAX_TAGS),
/* harmony export */   MODES: () => (/* binding */ MODES),
/* harmony export */   ON_CANCEL: () => (/* binding */ ON_CANCEL),
/* harmony export */   ON_TIMEOUT: () => (/* binding */ ON_TIMEOUT),
/* harmony export */   SECRET_NAME: () => (/* binding */ SECRET_NAME),
/* harmony export */   STRATEGIES: () => (/* binding */ STRATEGIES),
/* harmony export */   WAIT_FOR: () => (/* binding */ WAIT_FOR),
/* harmony export */   addedTagKeys: () => (/* binding */ addedTagKeys),
/* harmony export */   bool: () => (/* binding */ bool),
/* harmony export */   changesTaskDefinition: () => (/* binding */ changesTaskDefinition),
/* harmony export */   commandInput: () => (/* binding */ commandInput),
/* harmony export */   imageVersion: () => (/* binding */ imageVersion),
/* harmony export */   oneOf: () => (/* binding */ oneOf),
/* harmony export */   optional: () => (/* binding */ optional),
/* harmony export */   pairs: () => (/* binding */ pairs),
/* harmony export */   parseInputs: () => (/* binding */ parseInputs),
/* harmony export */   taskDefinitionInput: () => (/* binding */ taskDefinitionInput)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * The inputs every way reads, parsed and checked before any AWS call. A way's own inputs (the
 * CodeDeploy group, the ALB listener...) are parsed by the way (src/ways/<way>/inputs.ts) with the
 * helpers exported here.
 */

const MODES = ['deploy', 'plan', 'rollback', 'continue', 'stop'];
const WAIT_FOR = ['complete', 'none', 'ready', 'traffic-shifted'];
const ON_CANCEL = ['rollback', 'leave'];
const ON_TIMEOUT = ['rollback', 'leave'];
const IF_BUSY = ['wait', 'stop-previous', 'fail'];
/**
 * How the service is released. auto reads the service (see src/kit/choose.ts); the others insist on
 * one way and refuse a service that does not fit it.
 */
const STRATEGIES = ['auto', 'codedeploy', 'ecs', 'rolling', 'alb-weighted'];
const TASK_DEFINITION_ARN_RE = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(?::(\d+))?$/;
const FAMILY_REVISION_RE = /^[A-Za-z0-9_-]{1,255}:\d+$/;
/**
 * 'task-definition' names a registered revision (an ARN, or family:revision) or a file. A revision
 * must be exact: promoting "the latest" would release whatever was registered last.
 */
function taskDefinitionInput(value) {
    if (!value)
        return {};
    const arn = TASK_DEFINITION_ARN_RE.exec(value);
    if (arn) {
        if (!arn[1]) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('task-definition', `'${value}' names no revision`, 'Give the whole ARN with its revision, e.g. ...:task-definition/web:42');
        }
        return { taskDefinitionRef: value };
    }
    if (value.startsWith('arn:')) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('task-definition', `'${value}' is not the ARN of an ECS task definition`, 'Give arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>, family:revision, or the path of a JSON file');
    }
    return FAMILY_REVISION_RE.test(value) ? { taskDefinitionRef: value } : { taskDefinitionFile: value };
}
/** Whether the release asks to change the task definition it starts from ('environment' only tags it). */
function changesTaskDefinition(i) {
    return !!i.image || i.environmentVariables.length > 0 || i.secrets.length > 0 || i.tags.length > 0;
}
// Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@sha256:digest].
const IMAGE_RE = /^(?:(?<registry>[a-zA-Z0-9.-]+(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that look like credentials: their values are masked in the log and redacted in debug output. */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH|DSN/i;
const ARN_RE = /^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:.+$/;
const SSM_NAME_RE = /^\/?[A-Za-z0-9_.\-/]+$/;
const TAG_KEY_RE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
/** The Version tag of an image: its tag, else its digest. */
function imageVersion(image) {
    const m = IMAGE_RE.exec(image);
    return m?.groups?.tag ?? m?.groups?.digest;
}
function image(value) {
    if (!value)
        return undefined;
    const m = IMAGE_RE.exec(value);
    if (!m || (!m.groups?.tag && !m.groups?.digest)) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('image', `'${value}' is not an image URI with a tag or digest`, 'Give the full URI the build pushed, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0 or ...web@sha256:<digest>');
    }
    return value;
}
function oneOf(name, value, allowed, dflt) {
    if (!value)
        return dflt;
    if (allowed.includes(value))
        return value;
    throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${value}' is not one of ${allowed.join(', ')}`, `Use one of those values, or leave it out for '${dflt}'`);
}
function bool(name, value, dflt) {
    if (!value)
        return dflt;
    if (/^(true|yes|1)$/i.test(value))
        return true;
    if (/^(false|no|0)$/i.test(value))
        return false;
    throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${value}' is not true or false`, 'Use true or false');
}
function positiveNumber(name, value, dflt) {
    if (!value)
        return dflt;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${value}' is not a positive number`, 'Give a number of minutes greater than 0, e.g. 60');
    }
    return n;
}
/** The most log lines a failure shows: a job log is read, not searched. */
const MAX_FAILURE_LOG_LINES = 1000;
function lineCount(name, value, dflt) {
    if (!value)
        return dflt;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > MAX_FAILURE_LOG_LINES) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${value}' is not a whole number from 0 to ${MAX_FAILURE_LOG_LINES}`, 'Give how many lines to show, e.g. 30, or 0 to show none');
    }
    return n;
}
function revisionCount(value) {
    if (!value)
        return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('keep-revisions', `'${value}' is not a whole number of at least 1`, 'Give how many of the newest revisions to keep, e.g. 10, or leave it out to keep all');
    }
    return n;
}
/** RunTask takes at most 8192 characters of overrides, as JSON: the command, with room for the container's name. */
const MAX_COMMAND_CHARS = 8000;
const CONTAINER_NAME_RE = /^[A-Za-z0-9_-]{1,255}$/;
const COMMAND_EXAMPLE = 'Give one line such as bin/rails db:migrate, or a JSON array such as ["bin/rails", "db:migrate"]';
/**
 * 'pre-release-command' as the container command override: a JSON array of strings, or one line in
 * shell form split into words as a shell would (quotes and backslashes), but not run by one: shell
 * operators and expansions are refused, as nothing would carry them out.
 */
function commandInput(name, value) {
    const text = value.trim();
    if (!text)
        return undefined;
    const words = text.startsWith('[') ? jsonCommand(name, text) : shellWords(name, text);
    if (!words.length || !words[0])
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, 'names no program to run', COMMAND_EXAMPLE);
    if (JSON.stringify(words).length > MAX_COMMAND_CHARS) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `is over ${MAX_COMMAND_CHARS} characters, and RunTask takes at most 8192 of overrides`, 'Put the steps in a script in the image and run that');
    }
    return words;
}
function jsonCommand(name, text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (err) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `is not a JSON array of strings (${err.message})`, COMMAND_EXAMPLE);
    }
    if (!Array.isArray(parsed) || parsed.some((w) => typeof w !== 'string'))
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, 'is not a JSON array of strings', COMMAND_EXAMPLE);
    return parsed;
}
function shellWords(name, text) {
    if (/\r?\n\s*\S/.test(text)) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, 'is several lines, and the shell form is one line', 'Give one command, or a JSON array such as ["sh", "-c", "first && second"]');
    }
    const noShell = (what) => (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `${what}, and the command is split into words, not run by a shell`, `To use a shell, give a JSON array such as ${JSON.stringify(['sh', '-c', text])} (the image must have sh)`);
    const words = [];
    let word;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (/\s/.test(c)) {
            if (word !== undefined)
                words.push(word);
            word = undefined;
        }
        else if (c === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0)
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, "has a quote (') that is not closed", COMMAND_EXAMPLE);
            word = (word ?? '') + text.slice(i + 1, end);
            i = end;
        }
        else if (c === '"') {
            let quoted = '';
            for (i++; i < text.length && text[i] !== '"'; i++) {
                if (text[i] === '$' || text[i] === '`')
                    throw noShell(`'${text[i]}' asks for an expansion`);
                if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? ''))
                    i++;
                quoted += text[i];
            }
            if (i >= text.length)
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, 'has a quote (") that is not closed', COMMAND_EXAMPLE);
            word = (word ?? '') + quoted;
        }
        else if (c === '\\') {
            if (i + 1 >= text.length)
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, 'ends in a backslash', COMMAND_EXAMPLE);
            word = (word ?? '') + text[++i];
        }
        else if (/[|&;<>()$`]/.test(c)) {
            throw noShell(`'${c}' is shell syntax`);
        }
        else
            word = (word ?? '') + c;
    }
    if (word !== undefined)
        words.push(word);
    return words;
}
function containerName(name, value) {
    if (!value)
        return undefined;
    if (!CONTAINER_NAME_RE.test(value)) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${value}' is not a container name`, 'Give the name of a container of the task definition: up to 255 letters, digits, hyphens and underscores');
    }
    return value;
}
/** Splits `KEY=value` lines (blank lines and # comments skipped); the value may itself contain '='. */
function pairs(name, value, what, example) {
    const out = [];
    value.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        if (eq <= 0) {
            // A secrets line without '=' may be the secret itself, and so may an environment line
            // whose name looks like a credential: never echo those.
            const shown = name === 'secrets' || (name === 'environment-variables' && SECRET_NAME.test(line)) ? '' : ` '${line}'`;
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `line ${i + 1}${shown} is not ${what}`, `Write one per line, e.g. ${example}`);
        }
        out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim(), i + 1]);
    });
    const seen = new Set();
    for (const [key, , line] of out) {
        if (seen.has(key))
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${key}' is given twice (line ${line})`, 'Give each name once');
        seen.add(key);
    }
    return out;
}
function environmentVariables(value) {
    return pairs('environment-variables', value, 'KEY=value', 'LOG_LEVEL=info').map(([name, v, line]) => {
        if (!ENV_NAME_RE.test(name)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('environment-variables', `'${name}' (line ${line}) is not a valid variable name`, 'Use letters, digits and underscores, not starting with a digit');
        }
        return { name, value: v };
    });
}
/** Variable names, one per line or separated by commas or spaces. */
function maskNames(value) {
    const names = value.split(/[\s,]+/).filter(Boolean);
    for (const name of names) {
        if (!ENV_NAME_RE.test(name)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('mask-environment-variables', `'${name}' is not a variable name`, 'List the names (not the values) of environment variables to mask, e.g. DATABASE_URL');
        }
    }
    return [...new Set(names)];
}
function secrets(value) {
    return pairs('secrets', value, 'KEY=valueFrom', 'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf').map(([name, valueFrom, line]) => {
        if (!ENV_NAME_RE.test(name)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('secrets', `'${name}' (line ${line}) is not a valid variable name`, 'Use letters, digits and underscores, not starting with a digit');
        }
        if (!(ARN_RE.test(valueFrom) || (!valueFrom.startsWith('arn:') && SSM_NAME_RE.test(valueFrom)))) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('secrets', `the valueFrom of '${name}' (line ${line}) is neither a Secrets Manager or SSM ARN nor an SSM parameter name`, 'Give the ARN of the secret or parameter (arn:aws:secretsmanager:... or arn:aws:ssm:...), or a parameter name such as /prod/db/password; never the secret value itself');
        }
        return { name, valueFrom };
    });
}
function tags(value) {
    return pairs('tags', value, 'key=value', 'Team=payments').map(([key, v, line]) => {
        if (!TAG_KEY_RE.test(key) || key.toLowerCase().startsWith('aws:')) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('tags', `'${key}' (line ${line}) is not a valid tag key`, 'Use at most 128 letters, digits, spaces and _.:/=+-@, not starting with aws:');
        }
        if (v.length > 256)
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('tags', `the value of '${key}' is over 256 characters`, 'Shorten it');
        return { key, value: v };
    });
}
/** AWS's limit on the tags of one resource, a task definition included. */
const MAX_TAGS = 50;
/** The tag keys this action adds to the task definition besides 'tags': Environment and the image's Version. */
function addedTagKeys(i) {
    return [...(i.environment ? ['Environment'] : []), ...(i.image && imageVersion(i.image) ? ['Version'] : [])];
}
/** The task definition takes at most 50 tags, the ones this action adds included. */
function refuseTooManyTags(i) {
    const keys = new Set([...i.tags.map((t) => t.key), ...addedTagKeys(i)]);
    if (keys.size <= MAX_TAGS)
        return;
    const added = addedTagKeys(i).filter((k) => !i.tags.some((t) => t.key === k));
    throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('tags', `${i.tags.length} tags${added.length ? ` and the ${added.join(' and ')} tag${added.length > 1 ? 's' : ''} this action adds` : ''} make ${keys.size}, and a task definition takes at most ${MAX_TAGS}`, `Give at most ${MAX_TAGS - added.length} tags`);
}
const optional = (v) => v || undefined;
function httpUrl(name, value) {
    if (!value)
        return undefined;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol))
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, `'${value}' is not an http(s) URL`, 'Give the address the environment serves, e.g. https://dev.example.com');
    return value;
}
/**
 * wait-for-service-stability is the official deploy action's switch, accepted so a workflow moves
 * over unchanged: false means wait-for none (unless wait-for says otherwise), true is the default.
 */
function waitForServiceStability(value, waitFor, warnings) {
    if (!value)
        return waitFor;
    const wait = bool('wait-for-service-stability', value, true);
    warnings.push(`Input 'wait-for-service-stability' is deprecated (it is the official deploy action's): this action follows the release to the end by default. ${wait ? 'Remove it' : "Use 'wait-for: none' instead"}.`);
    return !wait && waitFor === 'complete' ? 'none' : waitFor;
}
/** Parses and validates the inputs every way reads. Pure: throws an ActionError naming the first bad input. */
function parseInputs(get) {
    const mode = oneOf('mode', get('mode'), MODES, 'deploy');
    const inputs = {
        mode,
        strategy: oneOf('strategy', get('strategy'), STRATEGIES, 'auto'),
        image: image(get('image')),
        cluster: get('cluster'),
        service: get('service'),
        containerName: optional(get('container-name')),
        ...taskDefinitionInput(get('task-definition')),
        environmentVariables: environmentVariables(get('environment-variables')),
        maskEnvironmentVariables: maskNames(get('mask-environment-variables')),
        secrets: secrets(get('secrets')),
        tags: tags(get('tags')),
        environment: optional(get('environment')),
        waitFor: oneOf('wait-for', get('wait-for'), WAIT_FOR, 'complete'),
        waitForMinutes: positiveNumber('wait-for-minutes', get('wait-for-minutes'), 60),
        failureLogLines: lineCount('failure-log-lines', get('failure-log-lines'), 30),
        preReleaseCommand: commandInput('pre-release-command', get('pre-release-command')),
        preReleaseContainer: containerName('pre-release-container', get('pre-release-container')),
        region: optional(get('aws-region')),
        rollbackTo: get('rollback-to') || 'previous',
        force: bool('force', get('force'), false),
        keepRevisions: revisionCount(get('keep-revisions')),
        analysis: optional(get('analysis')),
        analysisDryRun: bool('analysis-dry-run', get('analysis-dry-run'), false),
        deploymentId: optional(get('deployment-id')),
        rollback: bool('rollback', get('rollback'), true),
        onCancel: oneOf('on-cancel', get('on-cancel'), ON_CANCEL, 'rollback'),
        onTimeout: oneOf('on-timeout', get('on-timeout'), ON_TIMEOUT, 'rollback'),
        ifBusy: oneOf('if-busy', get('if-busy'), IF_BUSY, 'wait'),
        githubToken: optional(get('github-token')),
        environmentUrl: httpUrl('environment-url', get('environment-url')),
        warnings: []
    };
    inputs.waitFor = waitForServiceStability(get('wait-for-service-stability'), inputs.waitFor, inputs.warnings);
    refuseTooManyTags(inputs);
    for (const name of ['cluster', 'service']) {
        if (!inputs[name])
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, 'is required', `Give the name or ARN of the ECS ${name}`);
    }
    if ((mode === 'deploy' || mode === 'plan') && !inputs.image && !inputs.taskDefinitionFile && !inputs.taskDefinitionRef) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('image', 'is required to deploy', "Give the image URI the build pushed, or in 'task-definition' a rendered file or a registered revision (ARN or family:revision) to deploy as it is");
    }
    if (inputs.preReleaseContainer && !inputs.preReleaseCommand) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('pre-release-container', "is given without 'pre-release-command'", "Give the command to run in it, or remove 'pre-release-container'");
    }
    if (inputs.preReleaseCommand && mode !== 'deploy') {
        inputs.warnings.push(`Input 'pre-release-command' runs only with mode deploy: mode ${mode} runs no pre-release task. Remove it from this step.`);
    }
    if (mode === 'continue' && !inputs.deploymentId) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('deployment-id', "is required with mode 'continue'", "Pass the 'deployment-id' output of the step that returned at the approval gate");
    }
    return inputs;
}


/***/ }),

/***/ 5532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ registerWay),
/* harmony export */   a: () => (/* binding */ WAY_TITLES)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** How each way is named in the log. */
const WAY_TITLES = {
    codedeploy: 'CodeDeploy blue/green',
    ecs: 'ECS-native',
    rolling: 'ECS rolling update',
    'alb-weighted': 'ALB weighted (two services)'
};
function registerWay(way) {
    const { name, ownInputs, whenToChoose, configuredBy, noAnalysis } = way;
    return {
        name,
        ownInputs,
        whenToChoose,
        configuredBy,
        noAnalysis,
        async prepare(get, common) {
            const own = await way.parseInputs(get, common);
            return { name, load: async () => bind(name, own, await way.load()) };
        }
    };
}
function bind(name, own, h) {
    return {
        name,
        run(mode, ctx) {
            const handler = h.modes[mode];
            if (!handler) {
                const supported = Object.keys(h.modes);
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input 'mode': '${mode}' is not available for a service released the ${WAY_TITLES[name]} way${supported.length ? ` (it supports ${supported.join(', ')})` : ''}. Use another mode, or act on the service in the console.`, 'mode');
            }
            return handler({ ...ctx, own });
        },
        afterKill: (o) => h.afterKill({ ...o, own }),
        // The log hands back only the events this way emitted.
        describe: (e) => h.describe(e)
    };
}


/***/ }),

/***/ 4566:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BD: () => (/* binding */ readTaskDefinitionFile),
/* harmony export */   IY: () => (/* binding */ currentTaskDefinition),
/* harmony export */   MD: () => (/* binding */ renderFromService),
/* harmony export */   Xp: () => (/* binding */ printRendered),
/* harmony export */   dT: () => (/* binding */ imageOf),
/* harmony export */   jH: () => (/* binding */ readInputFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_ecs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1032);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _core_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9114);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2011);
/* harmony import */ var _report_redact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(649);
/* harmony import */ var _taskdef_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8);
/**
 * The new task definition of a release, whatever the way: rendered from the revision the service
 * runs (or the 'task-definition' file) and the inputs, checked, and printed as the plan's lines.
 * Read-only: nothing here changes anything in AWS.
 */







/** Reads a file an input names; a missing or unreadable one is the input's fault. */
function readInputFile(input, path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch (err) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)(input, `cannot read '${path}' (${err.code ?? err.message})`, 'Give a path relative to the repository root, and check out the repository before this step');
    }
}
/** The 'task-definition' file, parsed: read before any AWS call, as a bad file is the cheapest error. */
function readTaskDefinitionFile(inputs) {
    return inputs.taskDefinitionFile ? (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .parseTaskDefinitionFile */ .Oz)(readInputFile('task-definition', inputs.taskDefinitionFile)) : undefined;
}
/** The revision 'task-definition' names, as RegisterTaskDefinition would take it; refused when it does not exist or is deregistered. */
async function readNamedRevision(ctx, ref) {
    let found;
    try {
        found = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_1__/* .describeTaskDefinition */ .oh)(ctx.clients.ecs, ref);
    }
    catch (err) {
        if (err.name !== 'ClientException')
            throw err;
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('task-definition', `task definition '${ref}' does not exist in this account and region`, "Give a revision that exists (aws ecs list-task-definitions), and check 'aws-region'");
    }
    const arn = found.taskDefinition.taskDefinitionArn ?? ref;
    if (found.taskDefinition.status === 'INACTIVE') {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('task-definition', `${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(arn)} is deregistered (INACTIVE), and ECS starts no new tasks from it`, 'Give an ACTIVE revision');
    }
    return { arn, taskDefinition: (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .toRegisterInput */ .Rv)(found.taskDefinition, found.tags) };
}
/** The task definition a service runs now: its own, else its PRIMARY task set's. */
function currentTaskDefinition(service) {
    return service.taskDefinition ?? service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition;
}
/**
 * Renders the task definition to release from the service and the inputs. The image goes to
 * 'container-name', default the load-balanced container `lb` (which must keep its port), else the
 * only container of the task definition.
 */
async function renderFromService(ctx, service, lb) {
    const { inputs, clients } = ctx;
    const previousArn = currentTaskDefinition(service);
    const live = previousArn ? await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_1__/* .describeTaskDefinition */ .oh)(clients.ecs, previousArn) : undefined;
    const previous = live ? (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .toRegisterInput */ .Rv)(live.taskDefinition, live.tags) : undefined;
    const named = inputs.taskDefinitionRef ? await readNamedRevision(ctx, inputs.taskDefinitionRef) : undefined;
    const base = ctx.taskDefinitionFile ?? named?.taskDefinition ?? previous;
    if (!base)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Service '${inputs.service}' has no task definition to start from. Give 'task-definition'.`, 'task-definition');
    const containers = base.containerDefinitions ?? [];
    const imageContainer = inputs.containerName ?? lb?.containerName ?? (containers.length === 1 ? containers[0].name : undefined);
    if (!imageContainer) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('container-name', `the task definition has ${containers.length} containers (${containers.map((c) => c.name).join(', ')}) and the service routes no load balancer to one`, 'Name the container whose image is replaced');
    }
    // A revision promoted as it is keeps its own tags: 'environment' names where it goes, it does not retag it.
    const asIs = named && !(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_3__.changesTaskDefinition)(inputs);
    const taskDefinition = (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .renderTaskDefinition */ .P9)(base, { ...inputs, environment: asIs ? undefined : inputs.environment, containerName: imageContainer });
    const tags = taskDefinition.tags?.length ?? 0;
    if (tags > _core_inputs_js__WEBPACK_IMPORTED_MODULE_3__.MAX_TAGS) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('tags', `the new task definition would have ${tags} tags (those of ${previousArn ? (0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(previousArn) : 'the file'} with 'tags' and the ones this action adds), and a task definition takes at most ${_core_inputs_js__WEBPACK_IMPORTED_MODULE_3__.MAX_TAGS}`, `Give fewer tags, or remove tags from the task definition it starts from`);
    }
    // Traffic always goes to the load-balanced container, whichever one gets the image.
    if (lb)
        (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .requireContainerPort */ .em)(taskDefinition, lb.containerName, lb.containerPort);
    guardSecrets(ctx, taskDefinition);
    return {
        previousArn,
        taskDefinition,
        diff: (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .diffTaskDefinitions */ .n2)(previous, taskDefinition),
        imageContainer,
        startsFrom: named?.arn,
        existingArn: named && (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .sameTaskDefinition */ .JL)(taskDefinition, named.taskDefinition) ? named.arn : undefined,
        unchanged: !!previous && (0,_taskdef_js__WEBPACK_IMPORTED_MODULE_5__/* .sameTaskDefinition */ .JL)(taskDefinition, previous)
    };
}
/**
 * Masks the secret values of the rendered task definition (inherited ones too), refuses names in
 * 'mask-environment-variables' that it does not have, and prints it to the debug log redacted.
 */
function guardSecrets(ctx, td) {
    const { inputs } = ctx;
    const vars = (td.containerDefinitions ?? []).flatMap((c) => c.environment ?? []);
    const unknown = inputs.maskEnvironmentVariables.filter((n) => !vars.some((v) => v.name === n));
    if (unknown.length) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('mask-environment-variables', `${unknown.map((n) => `'${n}'`).join(', ')} ${unknown.length > 1 ? 'are not environment variables' : 'is not an environment variable'} of the new task definition`, "List names given in 'environment-variables' or set in the task definition's environment, or remove them");
    }
    for (const v of (0,_report_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .secretValues */ .VX)(vars, inputs.maskEnvironmentVariables))
        ctx.mask(v);
    ctx.debug(`Rendered task definition (secret values redacted):\n${(0,_report_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .redactedTaskDefinitionJson */ .jA)(td, inputs.maskEnvironmentVariables)}`);
}
/** The task definition lines of the plan: what changes, and the tags it gets. Every way prints them. */
function printRendered(ctx, p) {
    const { log, inputs } = ctx;
    // A revision named in 'task-definition' that runs already is registered anew only with 'force' (src/kit/revision.ts).
    const runs = p.existingArn !== undefined && p.existingArn === p.previousArn;
    const copy = runs && inputs.force;
    const to = p.existingArn && !copy ? (0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(p.existingArn) : `${p.taskDefinition.family}:new`;
    const how = copy
        ? `  (a copy of ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(p.existingArn)}, named in 'task-definition': 'force' releases what runs)`
        : runs
            ? "  ('task-definition' names what runs)"
            : p.existingArn
                ? "  ('task-definition', released as it is: nothing is registered)"
                : p.startsFrom
                    ? `  (${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(p.startsFrom)} of 'task-definition' with the changes asked)`
                    : '';
    log.line(`Task definition ${(0,_report_format_js__WEBPACK_IMPORTED_MODULE_6__/* .revisionName */ .pd)(p.previousArn)} -> ${to}${how}`);
    for (const d of p.diff)
        log.line(`  ${(d.container ?? '').padEnd(Math.max(4, d.container?.length ?? 0))} ${d.field.padEnd(7)} ${d.text}`);
    const tags = (p.taskDefinition.tags ?? []).filter((t) => inputs.tags.some((x) => x.key === t.key) || t.key === 'Environment' || t.key === 'Version');
    // A revision released as it is gets no tags from this release.
    if (tags.length && !p.existingArn)
        log.line(`  tags         ${tags.map((t) => `${t.key}=${t.value}`).join('  ')}`);
}
/** The image the release puts on its container, for the outputs and the summary. */
function imageOf(inputs, r) {
    return inputs.image ?? r.taskDefinition.containerDefinitions?.find((c) => c.name === r.imageContainer)?.image;
}


/***/ }),

/***/ 8:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JL: () => (/* binding */ sameTaskDefinition),
/* harmony export */   Oz: () => (/* binding */ parseTaskDefinitionFile),
/* harmony export */   P9: () => (/* binding */ renderTaskDefinition),
/* harmony export */   Rv: () => (/* binding */ toRegisterInput),
/* harmony export */   em: () => (/* binding */ requireContainerPort),
/* harmony export */   n2: () => (/* binding */ diffTaskDefinitions)
/* harmony export */ });
/* unused harmony exports findContainer, canonicalTaskDefinition */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9114);


/**
 * Every field RegisterTaskDefinition takes. `satisfies` makes the compiler fail when the SDK adds
 * one, so a new field is never silently dropped from a rendered task definition.
 */
const REGISTER_FIELDS = {
    family: true,
    taskRoleArn: true,
    executionRoleArn: true,
    networkMode: true,
    containerDefinitions: true,
    volumes: true,
    placementConstraints: true,
    requiresCompatibilities: true,
    cpu: true,
    memory: true,
    tags: true,
    pidMode: true,
    ipcMode: true,
    proxyConfiguration: true,
    inferenceAccelerators: true,
    ephemeralStorage: true,
    runtimePlatform: true,
    enableFaultInjection: true
};
/** What DescribeTaskDefinition returns and RegisterTaskDefinition rejects. */
const READ_ONLY_FIELDS = new Set([
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt'
]);
/**
 * Keeps what RegisterTaskDefinition accepts. Fields AWS adds to describe output later are dropped
 * too (a live task definition is trusted); a file is checked strictly by parseTaskDefinitionFile.
 */
function toRegisterInput(td, tags) {
    const out = {};
    for (const [key, value] of Object.entries(td)) {
        if (Object.hasOwn(REGISTER_FIELDS, key) && value !== undefined && value !== null)
            out[key] = value;
    }
    if (tags?.length)
        out.tags = tags;
    return structuredClone(out);
}
/**
 * Reads a task definition file: plain RegisterTaskDefinition JSON, or raw describe-task-definition
 * output with or without its {"taskDefinition": ..., "tags": ...} wrapper.
 */
function parseTaskDefinitionFile(text, input = 'task-definition') {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(input, `the file is not valid JSON (${e.message})`, 'Give a JSON task definition, e.g. the output of aws ecs describe-task-definition');
    }
    if (!isObject(doc))
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(input, 'the file does not hold a JSON object', 'Give a file with one task definition object, e.g. the output of aws ecs describe-task-definition');
    let tags;
    if (isObject(doc.taskDefinition)) {
        tags = Array.isArray(doc.tags) ? doc.tags : undefined;
        doc = doc.taskDefinition;
    }
    const td = doc;
    const unknown = Object.keys(td).filter((k) => !Object.hasOwn(REGISTER_FIELDS, k) && !READ_ONLY_FIELDS.has(k));
    if (unknown.length) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(input, `unknown top-level field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`, 'Remove them or fix their spelling; see RegisterTaskDefinition in the ECS API reference');
    }
    const containers = td.containerDefinitions;
    if (!Array.isArray(containers) || containers.length === 0 || !containers.every((c) => isObject(c) && typeof c.name === 'string')) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(input, 'has no containerDefinitions (a non-empty list of containers, each with a name)', 'Add the containers to the file');
    }
    if (typeof td.family !== 'string' || !td.family)
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(input, "has no 'family'", 'Add the family name of the task definition');
    return toRegisterInput(td, tags ?? td.tags);
}
/** Swaps the image, merges env vars, secrets and tags. Pure: returns a new RegisterInput. */
function renderTaskDefinition(base, opts) {
    const td = toRegisterInput(base, base.tags);
    const container = findContainer(td, opts.containerName);
    if (opts.image)
        container.image = opts.image;
    if (opts.environmentVariables.length)
        container.environment = mergeByName(container.environment, opts.environmentVariables);
    if (opts.secrets.length)
        container.secrets = mergeByName(container.secrets, opts.secrets);
    const extra = [...opts.tags];
    if (opts.environment)
        extra.push({ key: 'Environment', value: opts.environment });
    const version = container.image ? (0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_1__.imageVersion)(container.image) : undefined;
    if (version && opts.image)
        extra.push({ key: 'Version', value: version });
    const tags = mergeTags(td.tags, extra);
    if (tags.length)
        td.tags = tags;
    return td;
}
function findContainer(td, name) {
    const container = td.containerDefinitions?.find((c) => c.name === name);
    if (!container) {
        const names = (td.containerDefinitions ?? []).map((c) => c.name).join(', ');
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('container-name', `no container named '${name}' in task definition family '${td.family}' (it has: ${names})`, 'Give the name of one of its containers');
    }
    return container;
}
/** Same name replaces in place (order kept); new names are appended. */
function mergeByName(existing, updates) {
    const out = (existing ?? []).map((e) => ({ ...e }));
    for (const u of updates) {
        const i = out.findIndex((e) => e.name === u.name);
        if (i >= 0)
            out[i] = { ...u };
        else
            out.push({ ...u });
    }
    return out;
}
function mergeTags(existing, updates) {
    const out = (existing ?? []).map((t) => ({ ...t }));
    for (const u of updates) {
        const i = out.findIndex((t) => t.key === u.key);
        if (i >= 0)
            out[i] = { key: u.key, value: u.value };
        else
            out.push({ key: u.key, value: u.value });
    }
    return out;
}
/** What changes from the running task definition to the new one. Names only: never secret values. */
function diffTaskDefinitions(prev, next) {
    const lines = [];
    if (!prev)
        return lines;
    for (const field of ['cpu', 'memory']) {
        if (prev[field] !== next[field])
            lines.push({ field, text: `${prev[field] ?? '-'} -> ${next[field] ?? '-'}` });
    }
    for (const c of next.containerDefinitions ?? []) {
        const p = prev.containerDefinitions?.find((x) => x.name === c.name);
        const name = c.name ?? '?';
        if (!p) {
            lines.push({ container: name, field: 'added', text: c.image ?? '' });
            continue;
        }
        if (p.image !== c.image)
            lines.push({ container: name, field: 'image', text: imageChange(p.image, c.image) });
        const env = nameChanges(p.environment, c.environment, (a, b) => a.value === b.value);
        if (env)
            lines.push({ container: name, field: 'env', text: env });
        const sec = nameChanges(p.secrets, c.secrets, (a, b) => a.valueFrom === b.valueFrom);
        if (sec)
            lines.push({ container: name, field: 'secrets', text: sec });
        for (const field of ['cpu', 'memory', 'memoryReservation']) {
            // ECS describes a container without cpu as cpu 0: leaving it out is no change.
            const same = field === 'cpu' ? (p.cpu ?? 0) === (c.cpu ?? 0) : p[field] === c[field];
            if (!same)
                lines.push({ container: name, field, text: `${p[field] ?? '-'} -> ${c[field] ?? '-'}` });
        }
    }
    for (const p of prev.containerDefinitions ?? []) {
        if (!next.containerDefinitions?.some((c) => c.name === p.name))
            lines.push({ container: p.name ?? '?', field: 'removed', text: p.image ?? '' });
    }
    return lines;
}
/** `repo:1.4.2 -> :1.5.0` when only the tag moves, the whole URIs otherwise. */
function imageChange(from = '-', to = '-') {
    const a = from.lastIndexOf(':');
    const b = to.lastIndexOf(':');
    if (a > 0 && b > 0 && from.slice(0, a) === to.slice(0, b) && !from.includes('@') && !to.includes('@'))
        return `${from} -> ${to.slice(b)}`;
    return `${from} -> ${to}`;
}
function nameChanges(before = [], after = [], same) {
    const parts = [];
    for (const a of after) {
        const b = before.find((x) => x.name === a.name);
        if (!b)
            parts.push(`+ ${a.name}`);
        else if (!same(a, b))
            parts.push(`~ ${a.name}`);
    }
    for (const b of before)
        if (!after.some((a) => a.name === b.name))
            parts.push(`- ${b.name}`);
    return parts.join('  ');
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** `input` is the input that chose the task definition: 'task-definition', or 'rollback-to' for a rollback. */
function requireContainerPort(td, containerName, port, input = 'task-definition') {
    const c = td.containerDefinitions?.find((x) => x.name === containerName);
    if (!c) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input '${input}': the service's load balancer routes to container '${containerName}', which the new task definition (family '${td.family}') does not have. CodeDeploy would fail the release minutes from now; add the container or fix the service's load balancer config.`, input);
    }
    if (port !== undefined && !(c.portMappings ?? []).some((m) => m.containerPort === port)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Input '${input}': the service's load balancer routes to port ${port} of container '${containerName}', but the new task definition maps ${(c.portMappings ?? []).map((m) => m.containerPort).join(', ') || 'no ports'}. Add a portMappings entry with containerPort ${port}.`, input);
    }
}
/** Container fields ECS fills in on registration when they are left out, with the value it puts there. */
const CONTAINER_DEFAULTS = { cpu: 0, essential: true };
/**
 * A task definition as a canonical string, for the unchanged check: what AWS adds or orders
 * differently does not count. Read-only fields are gone (toRegisterInput), empty lists and objects
 * are what AWS fills in when a field is left out (environment, mountPoints, volumes...), cpu 0 and
 * essential true are its defaults, a port's host port is its container port under awsvpc and host
 * and its protocol tcp, task cpu and memory are strings, and tags, environment and secrets are sets.
 */
function canonicalTaskDefinition(td) {
    const r = toRegisterInput(td, td.tags);
    const hostIsContainer = r.networkMode === 'awsvpc' || r.networkMode === 'host';
    if (r.networkMode === 'bridge')
        delete r.networkMode;
    for (const f of ['cpu', 'memory'])
        if (r[f] !== undefined)
            r[f] = String(r[f]);
    const byName = (a, b) => (a.name ?? '').localeCompare(b.name ?? '');
    r.containerDefinitions = (r.containerDefinitions ?? []).map((c) => {
        const out = { ...c };
        for (const [k, v] of Object.entries(CONTAINER_DEFAULTS))
            if (out[k] === v)
                delete out[k];
        out.portMappings = (c.portMappings ?? []).map((m) => {
            const pm = { ...m };
            if (pm.protocol === 'tcp')
                delete pm.protocol;
            if (hostIsContainer && pm.hostPort === pm.containerPort)
                delete pm.hostPort;
            return pm;
        });
        if (c.environment)
            out.environment = [...c.environment].sort(byName);
        if (c.secrets)
            out.secrets = [...c.secrets].sort(byName);
        return out;
    });
    if (Array.isArray(r.tags))
        r.tags = [...r.tags].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
    return JSON.stringify(pruned(r)) ?? '';
}
/** Without empty lists, empty objects, null and undefined; object keys sorted. */
function pruned(v) {
    if (Array.isArray(v)) {
        const items = v.map(pruned).filter((x) => x !== undefined);
        return items.length ? items : undefined;
    }
    if (isObject(v)) {
        const entries = Object.keys(v)
            .sort()
            .map((k) => [k, pruned(v[k])])
            .filter(([, x]) => x !== undefined);
        return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return v === null ? undefined : v;
}
/** Whether two task definitions register the same thing, as canonicalTaskDefinition compares them. */
function sameTaskDefinition(a, b) {
    return canonicalTaskDefinition(a) === canonicalTaskDefinition(b);
}


/***/ }),

/***/ 9879:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  WAYS: () => (/* binding */ WAYS)
});

// EXTERNAL MODULE: ./src/core/way.ts
var way = __webpack_require__(5532);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/ways/alb-weighted/inputs.ts

const ALB_INPUTS = ['green-service', 'listener-rule-arn', 'listener-arn', 'traffic-steps', 'step-bake-minutes', 'alarms'];
const LISTENER_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/;
const RULE_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+\/[0-9a-f]+$/;
/** 1 to 255 characters, none of them a control character (CloudWatch's rule for alarm names). */
const isAlarmName = (s) => s.length >= 1 && s.length <= 255 && ![...s].some((c) => c.charCodeAt(0) < 0x20);
/** '10,50,100' → [10, 50, 100]: whole percentages, strictly ascending, ending at 100. */
function parseTrafficSteps(value) {
    const parts = value.split(/[\s,]+/).filter(Boolean);
    const fix = 'Give ascending whole percentages of traffic for the new service, ending at 100, e.g. 10,50,100';
    if (!parts.length)
        throw (0,errors/* inputError */.Xu)('traffic-steps', 'is empty', fix);
    const steps = parts.map((p) => {
        const n = Number(p.replace(/%$/, ''));
        if (!Number.isInteger(n) || n < 1 || n > 100)
            throw (0,errors/* inputError */.Xu)('traffic-steps', `'${p}' is not a whole percentage from 1 to 100`, fix);
        return n;
    });
    for (let i = 1; i < steps.length; i++) {
        if (steps[i] <= steps[i - 1])
            throw (0,errors/* inputError */.Xu)('traffic-steps', `'${value}' is not strictly ascending`, fix);
    }
    if (steps[steps.length - 1] !== 100)
        throw (0,errors/* inputError */.Xu)('traffic-steps', `'${value}' does not end at 100`, fix);
    return steps;
}
/**
 * Reads the alb-weighted inputs: green-service and exactly one of listener-rule-arn / listener-arn
 * are required. Pure: throws an ActionError naming the input.
 */
function parseAlbInputs(get, common) {
    const service = common.service;
    const greenService = get('green-service');
    if (!greenService)
        throw (0,errors/* inputError */.Xu)('green-service', 'is required with strategy alb-weighted', "Name the ECS service that pairs with 'service' behind the listener (either may be the live one)");
    const short = (s) => s.split('/').pop();
    if (short(greenService) === short(service))
        throw (0,errors/* inputError */.Xu)('green-service', `'${greenService}' is 'service' itself`, 'Name the other service of the pair');
    const listenerArn = get('listener-arn') || undefined;
    const listenerRuleArn = get('listener-rule-arn') || undefined;
    if (listenerArn && listenerRuleArn)
        throw (0,errors/* inputError */.Xu)('listener-rule-arn', 'and listener-arn are both given', "Give listener-rule-arn for a rule's forward action, or listener-arn for the listener's default action, not both");
    if (!listenerArn && !listenerRuleArn)
        throw (0,errors/* inputError */.Xu)('listener-rule-arn', 'or listener-arn is required with strategy alb-weighted', "Give the ARN of the listener rule (or the listener, for its default action) that forwards to both services' target groups");
    if (listenerArn && !LISTENER_ARN.test(listenerArn)) {
        throw (0,errors/* inputError */.Xu)('listener-arn', `'${listenerArn}' is not an Application Load Balancer listener ARN`, 'Give arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID (a listener-rule ARN goes in listener-rule-arn)');
    }
    if (listenerRuleArn && !RULE_ARN.test(listenerRuleArn)) {
        throw (0,errors/* inputError */.Xu)('listener-rule-arn', `'${listenerRuleArn}' is not an Application Load Balancer listener rule ARN`, 'Give arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener-rule/app/NAME/ID/ID/ID (a listener ARN goes in listener-arn)');
    }
    const trafficSteps = parseTrafficSteps(get('traffic-steps') || '10,50,100');
    const bakeRaw = get('step-bake-minutes');
    const stepBakeMinutes = bakeRaw ? Number(bakeRaw) : 5;
    if (!Number.isFinite(stepBakeMinutes) || stepBakeMinutes < 0 || stepBakeMinutes > 24 * 60) {
        throw (0,errors/* inputError */.Xu)('step-bake-minutes', `'${bakeRaw}' is not a number of minutes from 0 to 1440`, 'Give the minutes to watch each step before the next, e.g. 5 (0 moves on as soon as the step is written)');
    }
    const alarms = [
        ...new Set(get('alarms')
            .split(/[\n,]+/)
            .map((s) => s.trim())
            .filter(Boolean))
    ];
    for (const a of alarms) {
        if (!isAlarmName(a))
            throw (0,errors/* inputError */.Xu)('alarms', `'${a.slice(0, 40)}' is not a CloudWatch alarm name`, 'List alarm names (not ARNs), one per line or separated by commas');
        if (a.startsWith('arn:'))
            throw (0,errors/* inputError */.Xu)('alarms', `'${a}' is an ARN`, 'List alarm names (the part after alarm:), one per line or separated by commas');
    }
    if (alarms.length > 100)
        throw (0,errors/* inputError */.Xu)('alarms', `${alarms.length} alarms are listed`, 'List at most 100 (one DescribeAlarms call reads them)');
    return { greenService, listenerArn, listenerRuleArn, trafficSteps, stepBakeMinutes, alarms };
}

;// CONCATENATED MODULE: ./src/ways/alb-weighted/index.ts

const albWeighted = {
    name: 'alb-weighted',
    ownInputs: ALB_INPUTS,
    whenToChoose: 'to shift ALB weights between two services',
    configuredBy: "The alb-weighted way is configured by 'green-service', the listener or rule, 'traffic-steps', 'step-bake-minutes' and 'alarms': remove",
    parseInputs: parseAlbInputs,
    load: () => Promise.all(/* import() */[__webpack_require__.e(303), __webpack_require__.e(249), __webpack_require__.e(586), __webpack_require__.e(85), __webpack_require__.e(980), __webpack_require__.e(804)]).then(__webpack_require__.bind(__webpack_require__, 804)).then((m) => m.handlers)
};

// EXTERNAL MODULE: ./src/core/inputs.ts
var inputs = __webpack_require__(9114);
// EXTERNAL MODULE: ./src/kit/render.ts
var render = __webpack_require__(4566);
;// CONCATENATED MODULE: ./src/ways/codedeploy/inputs.ts
/** The CodeDeploy way's own inputs: which deployment group, which config, the AppSpec base and hooks. */



/** The ECS lifecycle events a hook may run in (AppSpec "Hooks"); the others are CodeDeploy's own. */
const HOOK_EVENTS = ['BeforeInstall', 'AfterInstall', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic'];
const CODEDEPLOY_INPUTS = [
    'codedeploy-application',
    'codedeploy-deployment-group',
    'codedeploy-deployment-config',
    'codedeploy-deployment-description',
    'codedeploy-appspec',
    'hooks'
];
function hooks(value) {
    return (0,inputs.pairs)('hooks', value, 'LifecycleEvent=function', 'AfterAllowTestTraffic=smoke-test').map(([event, functionName, line]) => {
        if (!HOOK_EVENTS.includes(event)) {
            throw (0,errors/* inputError */.Xu)('hooks', `'${event}' (line ${line}) is not an ECS lifecycle event a hook can run in`, `Use one of ${HOOK_EVENTS.join(', ')}`);
        }
        if (!functionName)
            throw (0,errors/* inputError */.Xu)('hooks', `'${event}' (line ${line}) names no Lambda function`, 'Give a function name or ARN after the =');
        return { event: event, functionName };
    });
}
/**
 * Parses the CodeDeploy inputs and reads the AppSpec file. Throws an ActionError naming the first
 * bad input. With an AppSpec file to parse, the answer is a promise: YAML's parser is loaded only
 * then (it is a fifth of what every release would load at start-up).
 */
function parseCodeDeployInputs(get, common) {
    const appSpecFile = (0,inputs.optional)(get('codedeploy-appspec'));
    const own = {
        application: (0,inputs.optional)(get('codedeploy-application')),
        deploymentGroup: (0,inputs.optional)(get('codedeploy-deployment-group')),
        deploymentConfig: (0,inputs.optional)(get('codedeploy-deployment-config')),
        description: (0,inputs.optional)(get('codedeploy-deployment-description')),
        hooks: hooks(get('hooks')),
        appSpecFile,
        appSpecBase: undefined
    };
    if (!appSpecFile || common.mode !== 'deploy')
        return own;
    const text = (0,render/* readInputFile */.jH)('codedeploy-appspec', appSpecFile);
    return __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19)).then(({ parse }) => ({ ...own, appSpecBase: parseAppSpecFile(text, parse) }));
}
/** Reads an AppSpec file given as a base (YAML or JSON: YAML's parser reads both). */
function parseAppSpecFile(text, parseYaml, input = 'codedeploy-appspec') {
    let doc;
    try {
        doc = parseYaml(text);
    }
    catch (e) {
        throw (0,errors/* inputError */.Xu)(input, `the file is neither YAML nor JSON (${e.message.split('\n')[0]})`, 'Give an ECS AppSpec file (version: 0.0, Resources, Hooks)');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw (0,errors/* inputError */.Xu)(input, 'the file does not hold an AppSpec object', 'Give an ECS AppSpec file');
    const spec = doc;
    if (spec.Resources !== undefined && (!Array.isArray(spec.Resources) || spec.Resources.length !== 1 || !spec.Resources[0]?.TargetService)) {
        throw (0,errors/* inputError */.Xu)(input, 'Resources must hold exactly one TargetService', 'An ECS AppSpec deploys one service: give one TargetService, or leave Resources out to have it filled from the service');
    }
    // Checked here, before anything in AWS changes: the AppSpec is only rendered after registering.
    const hookOk = (h) => typeof h === 'object' && h !== null && !Array.isArray(h) && Object.values(h).every((fn) => typeof fn === 'string');
    if (spec.Hooks != null && (!Array.isArray(spec.Hooks) || !spec.Hooks.every(hookOk))) {
        throw (0,errors/* inputError */.Xu)(input, 'Hooks must be a list of LifecycleEvent: function entries', 'Write each hook as a list item, e.g. "- AfterAllowTestTraffic: smoke-test"');
    }
    for (const event of (spec.Hooks ?? []).flatMap((h) => Object.keys(h))) {
        if (!HOOK_EVENTS.includes(event)) {
            throw (0,errors/* inputError */.Xu)(input, `Hooks names '${event}', which is not an ECS lifecycle event a hook can run in`, `Use one of ${HOOK_EVENTS.join(', ')}`);
        }
    }
    return spec;
}

;// CONCATENATED MODULE: ./src/ways/codedeploy/index.ts

const codedeploy = {
    name: 'codedeploy',
    ownInputs: CODEDEPLOY_INPUTS,
    whenToChoose: 'for a service with the CODE_DEPLOY deployment controller',
    configuredBy: 'A CodeDeploy release is driven by its deployment group and the AppSpec this action renders: remove',
    parseInputs: parseCodeDeployInputs,
    load: () => Promise.all(/* import() */[__webpack_require__.e(303), __webpack_require__.e(249), __webpack_require__.e(507), __webpack_require__.e(980), __webpack_require__.e(546)]).then(__webpack_require__.bind(__webpack_require__, 7546)).then((m) => m.handlers)
};

;// CONCATENATED MODULE: ./src/ways/ecs-native/inputs.ts
const NATIVE_INPUTS = [];
function parseNativeInputs() {
    return {};
}

;// CONCATENATED MODULE: ./src/ways/ecs-native/index.ts

const ecsNative = {
    name: 'ecs',
    ownInputs: NATIVE_INPUTS,
    whenToChoose: 'for a service with the ECS deployment controller and strategy BLUE_GREEN, LINEAR or CANARY',
    configuredBy: "The service's own deploymentConfiguration (bakeTimeInMinutes, linearConfiguration, canaryConfiguration, lifecycleHooks, alarms) drives an ECS-native release: set those on the service and remove",
    parseInputs: parseNativeInputs,
    load: () => Promise.all(/* import() */[__webpack_require__.e(303), __webpack_require__.e(249), __webpack_require__.e(980), __webpack_require__.e(704), __webpack_require__.e(466)]).then(__webpack_require__.bind(__webpack_require__, 8466)).then((m) => m.handlers)
};

;// CONCATENATED MODULE: ./src/ways/rolling/inputs.ts
const ROLLING_INPUTS = [];
function parseRollingInputs() {
    return {};
}

;// CONCATENATED MODULE: ./src/ways/rolling/index.ts

const rolling = {
    name: 'rolling',
    ownInputs: ROLLING_INPUTS,
    whenToChoose: 'for a service with the ECS deployment controller and the ROLLING strategy',
    configuredBy: "A rolling update is driven by the service's deploymentConfiguration (minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, alarms): remove",
    noAnalysis: 'is released by a rolling update, whose old and new tasks share one target group: there are no two sides to compare',
    parseInputs: parseRollingInputs,
    load: () => Promise.all(/* import() */[__webpack_require__.e(303), __webpack_require__.e(249), __webpack_require__.e(980), __webpack_require__.e(704), __webpack_require__.e(522)]).then(__webpack_require__.bind(__webpack_require__, 522)).then((m) => m.handlers)
};

;// CONCATENATED MODULE: ./src/registry.ts





const WAYS = [(0,way/* registerWay */.T)(codedeploy), (0,way/* registerWay */.T)(ecsNative), (0,way/* registerWay */.T)(rolling), (0,way/* registerWay */.T)(albWeighted)];


/***/ }),

/***/ 2011:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nx: () => (/* binding */ capital),
/* harmony export */   m2: () => (/* binding */ ecsConsoleUrl),
/* harmony export */   p0: () => (/* binding */ duration),
/* harmony export */   pd: () => (/* binding */ revisionName),
/* harmony export */   pm: () => (/* binding */ clock)
/* harmony export */ });
/** How the report writes durations, times, revisions and console links. Pure. */
/** 5m01s, 39s, 1h02m: the durations a person reads in a log. */
function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
/** The time column: mm:ss from the start of the release. */
function clock(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    const m = Math.floor(s / 60);
    return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
/** An ECS service's Deployments tab: the console has no documented link to one service deployment. */
function ecsConsoleUrl(cluster, service, region) {
    return `https://console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}/deployments?region=${region}`;
}
/** `web:42` from a task definition ARN. */
function revisionName(arn) {
    return arn?.split('/').pop() ?? '-';
}
/** The first letter in upper case: for a sentence that starts with a name ("deployment d-X is..."). */
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);


/***/ }),

/***/ 649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eo: () => (/* binding */ hideExcerpt),
/* harmony export */   VX: () => (/* binding */ secretValues),
/* harmony export */   jA: () => (/* binding */ redactedTaskDefinitionJson)
/* harmony export */ });
/* unused harmony exports REDACTED, isSecretVariable */
/* harmony import */ var _core_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9114);

const REDACTED = '***';
/** Values shorter than this are not masked for their name alone: masking "1" would blank every 1 in the log. */
const MIN_GUESSED_SECRET = 4;
/**
 * Whether an environment variable holds a secret: the user listed it in 'mask-environment-variables',
 * or its name looks like a credential (PASSWORD, SECRET, TOKEN, KEY...).
 */
function isSecretVariable(name, marked) {
    return !!name && (marked.includes(name) || _core_inputs_js__WEBPACK_IMPORTED_MODULE_0__.SECRET_NAME.test(name));
}
/** The values to hand to core.setSecret: listed variables always, credential-looking names unless trivially short. */
function secretValues(vars, marked) {
    const out = new Set();
    for (const v of vars) {
        if (!v.name || !v.value)
            continue;
        if (marked.includes(v.name) || (_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__.SECRET_NAME.test(v.name) && v.value.length >= MIN_GUESSED_SECRET))
            out.add(v.value);
    }
    return [...out];
}
/**
 * The task definition as JSON for the debug log: values of secret environment variables and the
 * valueFrom of every secret are replaced by ***, so the log never depends on the runner's masking.
 */
function redactedTaskDefinitionJson(td, marked) {
    const copy = structuredClone(td);
    for (const c of copy.containerDefinitions ?? []) {
        for (const e of c.environment ?? [])
            if (isSecretVariable(e.name, marked) && e.value)
                e.value = REDACTED;
        for (const s of c.secrets ?? [])
            if (s.valueFrom)
                s.valueFrom = REDACTED;
    }
    return JSON.stringify(copy, null, 2);
}
/**
 * The result with its container lines passed through `hide`: the job summary and the annotation
 * show them, and the runner masks only the log (a pre-release task's lines come with the result).
 */
function hideExcerpt(result, hide) {
    const f = result.forensics;
    if (!f?.excerpt)
        return result;
    return { ...result, forensics: { ...f, excerpt: { ...f.excerpt, lines: f.excerpt.lines.map((l) => hide(l)) } } };
}


/***/ })

};
