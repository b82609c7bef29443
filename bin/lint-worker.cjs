/* eslint-disable @typescript-eslint/no-require-imports */
/* global require */
// The helper thread of a big `headroom lint` run (bin/lint-helper.cjs): loads the lint bundle from
// its code cache while the main thread does the same, then lints the one part of the files it is
// sent and posts the result (each file's findings, its SLO specs, whether any rule was seen).
const { parentPort, workerData } = require('node:worker_threads');
const { loadLintBundle } = require('./lint-bundle.cjs');

const bundle = loadLintBundle(workerData.bundle, workerData.cache);
parentPort.once('message', ({ files, options }) => {
  if (!bundle) throw new Error('no lint bundle');
  bundle.exports.lintPart(files, options).then((part) => {
    parentPort.postMessage(part);
    parentPort.close();
  });
});
