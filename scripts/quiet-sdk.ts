// The SDK warns once per process that it will soon need node 22; the scripts run on whatever node
// npm has, while the action itself runs on node 24. Imported first by each script.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
