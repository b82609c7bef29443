// `headroom lint` runs on every commit of a pre-commit hook, so its start-up matters more than any
// other command's. bundleLint makes src/cli/lint-main.ts and all it imports (lint, yaml, lezer, the
// Prometheus UI's PromQL linter, commander) one CommonJS file with the default config baked in (no
// schema to load without --config); packages only a rare option needs (undici for live checks, zod
// for a config file or an SLO spec) stay in node_modules. writeLintCache then lints some files with
// the bundle in a child process (bin/lint-bundle.mjs) and writes V8's code cache of everything that
// run compiled. Used by scripts/build.mjs (into dist/) and by the test of the bundle.
//
// Two substitutions keep the bundle to one copy of each library and to code lint runs (half the
// size; every module's top level runs on each start): the Prometheus UI's type checker (and the
// function table the fast PromQL check reads) is taken
// from its ESM build (its CommonJS build requires the CommonJS copies of the Lezer packages, which
// our ESM imports would then bundle a second time — two PromQL grammars deserialised on each
// start), and its only use of `@codemirror/language`, `syntaxTree(state)`, comes from
// lint-bundle-shims/codemirror-language.mjs instead of the editor stack (@codemirror/view, state…).
// Commander's `node:child_process` is loaded only when used (lint-bundle-shims/child-process-lazy.cjs),
// and the grammar's editor highlighting is left out (lint-bundle-shims/lezer-highlight.mjs).
// The bundle is made pure ASCII (the few other characters are in comments; any is escaped), so
// that bin/lint-bundle.cjs reads it without decoding into a one-byte string.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot, srcDir } from '../bin/dist-freshness.mjs';

const esmTypeChecker = createRequire(import.meta.url).resolve('@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js').replace(/([\\/])cjs([\\/]parser[\\/]parser\.js)$/, '$1esm$2');
// The function signatures the fast PromQL check (src/generators/lint/promql-ast-types.ts) reads: same reason.
const esmFunctionTable = esmTypeChecker.replace(/parser([\\/])parser\.js$/, 'types$1function.js');
const languageShim = join(repoRoot, 'scripts/lint-bundle-shims/codemirror-language.mjs');
const childProcessShim = join(repoRoot, 'scripts/lint-bundle-shims/child-process-lazy.cjs');
const highlightShim = join(repoRoot, 'scripts/lint-bundle-shims/lezer-highlight.mjs');

/** The esbuild plugin of the two substitutions above. */
const oneCopyOfEachLibrary = {
  name: 'one-copy-of-each-library',
  setup(build) {
    // Should a later version of the package move its ESM build, the bundle takes the CommonJS one (larger, same findings).
    if (!existsSync(esmTypeChecker)) return;
    build.onResolve({ filter: /^@prometheus-io\/codemirror-promql\/dist\/cjs\/parser\/parser\.js$/ }, () => ({ path: esmTypeChecker }));
    if (existsSync(esmFunctionTable)) build.onResolve({ filter: /^@prometheus-io\/codemirror-promql\/dist\/cjs\/types\/function\.js$/ }, () => ({ path: esmFunctionTable }));
    build.onResolve({ filter: /^@codemirror\/language$/ }, () => ({ path: languageShim }));
  },
};

/** The esbuild plugin of commander's lazy `node:child_process` and the grammar without highlighting. */
const onlyWhatLintRuns = {
  name: 'only-what-lint-runs',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: childProcessShim } : undefined));
    build.onResolve({ filter: /^@lezer\/highlight$/ }, (args) => (/[\\/]@prometheus-io[\\/]lezer-promql[\\/]/.test(args.importer) ? { path: highlightShim } : undefined));
  },
};

/**
 * Bundles lint-main into `outfile`; `defaultConfig` is what a run without --config uses. Returns
 * false without esbuild. `made.srcInputs` receives the files under src/ the bundle is made of
 * (paths relative to the repo, sorted), which the build records for bin/dist-freshness.cjs.
 */
export async function bundleLint(outfile, defaultConfig, made = {}) {
  const esbuild = await import('esbuild').catch(() => null);
  if (!esbuild) return false;
  const result = await esbuild.build({
    absWorkingDir: repoRoot,
    metafile: true,
    write: false,
    entryPoints: [join(srcDir, 'cli/lint-main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['undici', 'zod', 'pino', 'cli-progress'],
    define: {
      'import.meta.url': 'HEADROOM_MODULE_URL',
      HEADROOM_DEFAULT_CONFIG: JSON.stringify(defaultConfig),
    },
    banner: { js: 'var HEADROOM_MODULE_URL = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [oneCopyOfEachLibrary, onlyWhatLintRuns],
    logLevel: 'error',
  });
  const [output] = result.outputFiles;
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, output.text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  made.srcInputs = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('src/')).sort();
  return true;
}

/** The repo's own monitoring files and the odd-files fixtures: rules, JSON dashboards, ConfigMaps, SLO specs. */
export const warmUpPaths = ['alerts', 'dashboards', 'slos', 'test/fixtures/lint/odd'].map((d) => join(repoRoot, d)).filter((d) => existsSync(d));

/** Lints `paths` with the bundle in a child process and writes the code cache; throws with the child's first error line. */
export function writeLintCache(bundleFile, cacheFile, paths = warmUpPaths) {
  const child = spawnSync(process.execPath, [join(repoRoot, 'bin/lint-bundle.mjs'), '--write-cache', bundleFile, cacheFile, ...paths], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the lint bundle does not run: ${(child.stderr || child.error?.message || '').trim().split('\n')[0]}`);
}
