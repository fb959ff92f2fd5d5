export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   octokitComments: () => (/* binding */ octokitComments),
/* harmony export */   octokitDeployments: () => (/* binding */ octokitDeployments)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/**
 * The GitHub REST calls behind DeploymentsApi, through @actions/github's Octokit. Imported
 * dynamically by deployments.ts: Octokit and its HTTP client are a chunk of their own, which a run
 * without github-token never loads.
 */

/** No GitHub call may hold up a release for long. */
const TIMEOUT_MS = 15_000;
function octokitDeployments(token, repo, baseUrl) {
    const gh = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { baseUrl });
    const request = () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) });
    return {
        async create(d) {
            const r = await gh.rest.repos.createDeployment({
                ...repo,
                ref: d.ref,
                environment: d.environment,
                description: d.description,
                payload: d.payload,
                task: 'deploy',
                // The ref is the commit this run built: no merge of the default branch into it, and no
                // wait for its other checks (they are this very run, still pending).
                auto_merge: false,
                required_contexts: [],
                request: request()
            });
            if (!('id' in r.data))
                throw Object.assign(new Error(r.data.message ?? `GitHub answered ${r.status} without a deployment`), { status: r.status });
            return r.data.id;
        },
        async setStatus(id, s) {
            await gh.rest.repos.createDeploymentStatus({
                ...repo,
                deployment_id: id,
                state: s.state,
                description: s.description,
                ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
                ...(s.logUrl ? { log_url: s.logUrl } : {}),
                request: request()
            });
        },
        async recent(environment) {
            const { data } = await gh.rest.repos.listDeployments({ ...repo, environment, per_page: 10, request: request() });
            return Promise.all(data.map(async (d) => {
                const statuses = await gh.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: d.id, per_page: 1, request: request() });
                return { id: d.id, payload: d.payload, state: statuses.data[0]?.state };
            }));
        }
    };
}
function octokitComments(token, repo, baseUrl) {
    const gh = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { baseUrl });
    const request = () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) });
    return {
        async list(issue) {
            const all = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100, request: request() });
            return all.map((c) => ({ id: c.id, body: c.body }));
        },
        async create(issue, body) {
            return (await gh.rest.issues.createComment({ ...repo, issue_number: issue, body, request: request() })).data.id;
        },
        async update(id, body) {
            await gh.rest.issues.updateComment({ ...repo, comment_id: id, body, request: request() });
        }
    };
}


/***/ })

};
