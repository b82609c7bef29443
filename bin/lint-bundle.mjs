// The lint bundle's loader (bin/lint-bundle.cjs) for ES modules, and its command for the build:
// `node bin/lint-bundle.mjs --write-cache BUNDLE CACHE FILES…` (scripts/bundle-lint.mjs) lints FILES
// with the bundle (findings discarded) and writes the code cache of what that run compiled.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheAfterRun } from './lint-bundle.cjs';

export { bundleFile, cacheFile, loadLintBundle } from './lint-bundle.cjs';

if (process.argv[2] === '--write-cache' && process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [, , , file, cache, ...paths] = process.argv;
  await writeCacheAfterRun(file, cache, paths);
}
