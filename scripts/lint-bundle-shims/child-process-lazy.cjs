// `node:child_process` as commander gets it in the lint bundle (scripts/bundle-lint.mjs): commander
// requires it at its top but uses it only to run executable subcommands, which lint has none of;
// loading it (with net, dgram, streams…) costs a few ms of every lint start. This loads it when
// first used, for whatever is asked of it.
/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, module */
module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });
