// Tests run on the machine's node; the action runs on node 24. Keep the SDK's node-version notice out of test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
