export const id = 0;
export const ids = [0];
export const modules = {

/***/ 1000:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B6: () => (/* binding */ modifyRule),
/* harmony export */   JL: () => (/* binding */ modifyListener),
/* harmony export */   describeRule: () => (/* binding */ describeRule),
/* harmony export */   gx: () => (/* binding */ describeListener),
/* harmony export */   kG: () => (/* binding */ targetHealth),
/* harmony export */   t4: () => (/* binding */ describeTargetGroups)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(586);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(201);
/** The ELBv2 calls: the alb-weighted way's forward action weights, and the targets' health (a failed release's forensics too). */


(0,_clients_js__WEBPACK_IMPORTED_MODULE_0__.provideClient)('elbv2', (config) => new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ElasticLoadBalancingV2Client */ .MlD(config));
/** One rule, or undefined when AWS has none by that ARN. */
async function describeRule(elb, ruleArn) {
    try {
        return (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRulesCommand */ .Ggo({ RuleArns: [ruleArn] }))).Rules?.[0];
    }
    catch (err) {
        if (err.name === 'RuleNotFoundException' || err.name === 'RuleNotFound')
            return undefined;
        throw err;
    }
}
/** One listener, or undefined when AWS has none by that ARN. */
async function describeListener(elb, listenerArn) {
    try {
        return (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeListenersCommand */ .AKE({ ListenerArns: [listenerArn] }))).Listeners?.[0];
    }
    catch (err) {
        if (err.name === 'ListenerNotFoundException' || err.name === 'ListenerNotFound')
            return undefined;
        throw err;
    }
}
async function modifyRule(elb, ruleArn, actions) {
    await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ModifyRuleCommand */ .y5P({ RuleArn: ruleArn, Actions: actions }));
}
async function modifyListener(elb, listenerArn, defaultActions) {
    await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ModifyListenerCommand */ .ugc({ ListenerArn: listenerArn, DefaultActions: defaultActions }));
}
async function targetHealth(elb, targetGroupArn) {
    return (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
}
/** The target groups by ARN or name, with their health check settings. */
async function describeTargetGroups(elb, arnsOrNames) {
    const arns = arnsOrNames.filter((a) => a.startsWith('arn:'));
    const names = arnsOrNames.filter((a) => !a.startsWith('arn:'));
    const out = [];
    if (arns.length)
        out.push(...((await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7({ TargetGroupArns: arns }))).TargetGroups ?? []));
    if (names.length)
        out.push(...((await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7({ Names: names }))).TargetGroups ?? []));
    return out;
}


/***/ })

};
