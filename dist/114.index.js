export const id = 114;
export const ids = [114];
export const modules = {

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


/***/ })

};
