export const id = 661;
export const ids = [661];
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

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_state_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7066);
/* harmony import */ var _github_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9373);
/**
 * The post step: the safety net when the main step was killed before it could settle its release
 * (runner timeout, SIGKILL after a cancel). The way that released it stops it with rollback, or
 * leaves it as on-cancel says; a GitHub deployment left in progress is marked failed.
 */



async function post(state = _github_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .runnerState */ .Ej()) {
    const githubId = Number(state.get(_core_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c.githubDeployment));
    const deploymentId = state.get(_core_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c.deployment);
    const github = githubId > 0 && state.get(_core_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c.githubSettled) !== 'true';
    const release = !!deploymentId && state.get(_core_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c.settled) !== 'true';
    // A main step that ran to its end settled both: the post step then loads nothing more.
    if (!github && !release)
        return;
    const [{ createClients, resolveRegion }, { parseInputs }, { githubDeployment, readInput }, { WAYS }] = await Promise.all([
        __webpack_require__.e(/* import() */ 201).then(__webpack_require__.bind(__webpack_require__, 201)),
        __webpack_require__.e(/* import() */ 114).then(__webpack_require__.bind(__webpack_require__, 9114)),
        Promise.all(/* import() */[__webpack_require__.e(212), __webpack_require__.e(879), __webpack_require__.e(325)]).then(__webpack_require__.bind(__webpack_require__, 1706)),
        Promise.all(/* import() */[__webpack_require__.e(212), __webpack_require__.e(879)]).then(__webpack_require__.bind(__webpack_require__, 9879))
    ]);
    if (github) {
        try {
            await githubDeployment(parseInputs(readInput), state)?.settleAfterKill(githubId);
        }
        catch (err) {
            _github_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .debug */ .Yz(`GitHub deployment ${githubId} not settled: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(err)}`);
        }
    }
    if (!release)
        return;
    const way = WAYS.find((w) => w.name === state.get(_core_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c.way));
    if (!way)
        return;
    try {
        const inputs = parseInputs(readInput);
        const region = resolveRegion(inputs.region);
        const prepared = await (await way.prepare(readInput, inputs)).load();
        await prepared.afterKill({
            inputs,
            clients: createClients({ region }),
            region,
            deploymentId,
            state,
            warn: (m) => _github_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(m),
            error: (m) => _github_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .error */ .z3(m)
        });
    }
    catch (err) {
        _github_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .error */ .z3(`Could not settle ${deploymentId} after the main step ended: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(err)}. Check it in the console and stop it by hand if it still runs.`);
    }
}


/***/ })

};
