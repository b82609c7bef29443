// The freshness check of dist/ (bin/dist-freshness.cjs, CommonJS so that bin/headroom.cjs starts
// without the ES module loader) for the ES modules that use it: scripts and benchmarks.
export { distDir, distIsCurrent, lintBundleIsCurrent, newestMtimeMs, repoRoot, srcDir, stampFile } from './dist-freshness.cjs';
