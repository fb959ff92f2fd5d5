export const id = 685;
export const ids = [685];
export const modules = {

/***/ 1685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentPlan: () => (/* binding */ commentPlan)
/* harmony export */ });
/* unused harmony export pullRequestNumber */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * mode plan on a pull request: one comment with the plan, found again by its hidden marker and
 * updated on later runs, so a pull request shows the latest plan of each service once. Only with
 * github-token on a pull_request event; a GitHub error is one warning, never the plan's failure.
 */

/** The pull request this run is for: its number from the event payload, on pull_request events only. */
function pullRequestNumber(env) {
    if (!['pull_request', 'pull_request_target'].includes(env.GITHUB_EVENT_NAME ?? '') || !env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        const n = event.pull_request?.number ?? event.number;
        return typeof n === 'number' ? n : undefined;
    }
    catch {
        return undefined;
    }
}
/** Octokit from @actions/github, loaded only when a plan is commented. */
const octokitConnect = async (token, repo, baseUrl) => {
    const { octokitComments } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702));
    return octokitComments(token, repo, baseUrl);
};
/**
 * Creates the plan's comment, or updates the one a previous run left (the first whose body holds
 * `marker`). Returns what it did, or undefined when it did nothing (no pull request, no token).
 */
async function commentPlan(o) {
    if (!o.token)
        return undefined;
    const pr = pullRequestNumber(o.env);
    const [owner, repo] = (o.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!pr || !owner || !repo)
        return undefined;
    try {
        const api = await (o.connect ?? octokitConnect)(o.token, { owner, repo }, o.env.GITHUB_API_URL || 'https://api.github.com');
        const mine = (await api.list(pr)).find((c) => c.body?.includes(o.marker));
        if (mine) {
            await api.update(mine.id, o.body);
            o.info(`Plan comment updated on pull request #${pr}`);
            return 'updated';
        }
        await api.create(pr, o.body);
        o.info(`Plan commented on pull request #${pr}`);
        return 'created';
    }
    catch (err) {
        const e = err;
        const hint = e.status === 403 || e.status === 401 ? " Give the job 'permissions: pull-requests: write'." : '';
        o.warn(`The plan was not commented on pull request #${pr}: ${e.status ? `${e.status} ` : ''}${(e.message ?? String(err)).replace(/ - https?:\/\/\S+$/, '')}.${hint}`);
        return undefined;
    }
}


/***/ })

};
