export const id = 536;
export const ids = [536];
export const modules = {

/***/ 6536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keepRevisions: () => (/* binding */ keepRevisions)
/* harmony export */ });
/* unused harmony export revisionsToDeregister */
/* harmony import */ var _aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1032);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2011);
/**
 * keep-revisions: after a successful release, the ACTIVE revisions of the released family beyond
 * the newest N are deregistered, so a family does not grow by one revision per release forever.
 * Never the revision that runs, nor the one 'rollback-to: previous' goes back to: after a release
 * that succeeded, that is the revision it replaced.
 */



/** The family of a task definition ARN (…:task-definition/web:42 → web). */
const familyOf = (arn) => /task-definition\/([^:]+):\d+$/.exec(arn)?.[1];
/** Which of `active` (newest first) go: those beyond the newest `keep`, except the protected ones. Pure. */
function revisionsToDeregister(active, keep, protect) {
    return active.slice(keep).filter((arn) => !protect.includes(arn));
}
/** Deregisters what keep-revisions lets go and says so; a failure is a warning, as the release itself succeeded. */
async function keepRevisions(o, keep, result) {
    const running = result.taskDefinitionArn;
    const family = running && familyOf(running);
    if (!family)
        return [];
    const gone = [];
    try {
        const active = await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .listActiveRevisions */ .lD)(o.clients.ecs, family);
        const doomed = revisionsToDeregister(active, keep, [running, result.previousTaskDefinitionArn]);
        for (const arn of doomed) {
            await (0,_aws_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .deregisterTaskDefinition */ .T2)(o.clients.ecs, arn);
            gone.push(arn);
        }
        const kept = active.filter((a) => !doomed.includes(a));
        o.log.line(gone.length
            ? `keep-revisions ${keep}: deregistered ${gone.map(_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd).join(', ')}; ${kept.length} ACTIVE revision${kept.length === 1 ? '' : 's'} of ${family} kept (${kept.map(_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd).join(', ')})`
            : `keep-revisions ${keep}: ${family} has ${active.length} ACTIVE revision${active.length === 1 ? '' : 's'}, nothing to deregister`);
    }
    catch (err) {
        o.warn(`keep-revisions: ${gone.length ? `deregistered ${gone.map(_report_format_js__WEBPACK_IMPORTED_MODULE_2__/* .revisionName */ .pd).join(', ')}, then ` : ''}could not go on (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(err)}). The release itself succeeded; old revisions of ${family} are left ACTIVE.`);
    }
    return gone;
}


/***/ })

};
