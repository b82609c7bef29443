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
// The libraries only some texts need — `yaml`, js-yaml, the PromQL grammar (Lezer) — are initialised
// when first used, not at start (`onFirstUse` below: each import of them in the bundle gets a
// generated stand-in whose first call loads the library); the sources run unbundled import them as
// written. The code cache is made from the common case only (`warmUpPaths`).
// The bundle is made pure ASCII (the few other characters are in comments; any is escaped), so
// that bin/lint-bundle.cjs reads it without decoding into a one-byte string. Its whitespace and
// comments are left out and its syntax shortened (names are kept, for messages and stack traces):
// 612 KB instead of 942 KB read on each start, ~1.3 ms of each run (bench:lint-sized corpus, medians
// of 15 fresh processes, same run).
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
 * The packages lint needs only for some texts — `yaml` (a text the fast reader leaves to it),
 * js-yaml (a text the line reader does not take) and the PromQL grammar (an expression the fast
 * PromQL check leaves to Lezer; it is deserialised when its module runs) — are initialised on first
 * use instead of at start. Every import of such a package in the bundle is served by a generated
 * module (namespace `headroom-lazy`) that exports the same names: numbers and strings as they are,
 * each function as a stand-in that loads the package (`require()`, which esbuild makes a lazy
 * initialisation) and calls the real one, each object as a stand-in that loads it on first access.
 * Loading assigns the real values to the exported bindings, so afterwards every call site calls the
 * package directly (esbuild keeps ES module bindings live). A function's primitive static fields
 * (`Scalar.PLAIN`) are copied onto its stand-in. Only the bundle is built so: the sources run
 * unbundled (dist/, tsx) import the packages as written.
 */
function onFirstUse(packages, lighter = {}) {
  const requireHere = createRequire(join(repoRoot, 'package.json'));
  const literal = (v) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : String(v));
  const primitive = (v) => v === null || ['string', 'number', 'boolean', 'bigint', 'undefined'].includes(typeof v);
  async function moduleText(name) {
    const real = requireHere(name);
    const esm = await import(name);
    const names = Object.keys(real).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
    // Internal names start with `lazy$`, which no package export does (checked below).
    if (names.some((k) => k.startsWith('lazy$'))) throw new Error(`${name} exports a name starting with lazy$`);
    const lines = ['let lazy$m;', 'const lazy$assign = [];', `function lazy$load() { if (lazy$m === undefined) { lazy$m = require(${JSON.stringify(name)}); for (const f of lazy$assign) f(lazy$m); } return lazy$m; }`,
      'function lazy$object(get) { return new Proxy({}, { get: (_, k) => { const o = get(); const v = Reflect.get(o, k); return typeof v === "function" ? v.bind(o) : v; }, has: (_, k) => k in get() }); }'];
    for (const k of names) {
      const v = real[k];
      // The one module of the package that defines `k` (the same module instance the package's index requires).
      const own = lighter[name]?.[k] && join(dirname(requireHere.resolve(name)), lighter[name][k]);
      if (own && requireHere(own)[k] === v) {
        lines.push(`export let ${k} = function (...args) { ${k} = require(${JSON.stringify(own)}).${k}; return new.target ? Reflect.construct(${k}, args) : ${k}.apply(this, args); };`);
      } else if (primitive(v)) {
        lines.push(`export const ${k} = ${literal(v)};`);
      } else if (typeof v === 'function') {
        lines.push(`export let ${k} = function (...args) { lazy$load(); return new.target ? Reflect.construct(${k}, args) : ${k}.apply(this, args); };`);
        for (const s of Object.getOwnPropertyNames(v)) {
          if (['length', 'name', 'prototype', 'arguments', 'caller'].includes(s)) continue;
          const field = JSON.stringify(s);
          lines.push(primitive(v[s]) ? `${k}[${field}] = ${literal(v[s])};` : `Object.defineProperty(${k}, ${field}, { get: () => lazy$load().${k}[${field}] });`);
        }
        lines.push(`lazy$assign.push((m) => { ${k} = m.${k}; });`);
      } else {
        lines.push(`export let ${k} = lazy$object(() => lazy$load().${k});`, `lazy$assign.push((m) => { ${k} = m.${k}; });`);
      }
    }
    // A CommonJS package's default export is its exports object (`import jsYaml from 'js-yaml'`).
    if ('default' in esm && !('default' in real)) lines.push('let lazy$default = lazy$object(lazy$load);', 'lazy$assign.push((m) => { lazy$default = m; });', 'export { lazy$default as default };');
    return lines.join('\n');
  }
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'fallbacks-on-first-use',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData?.real) return undefined;
        if (args.namespace !== 'headroom-lazy') return { path: args.path, namespace: 'headroom-lazy' };
        // The stand-in's own require: the file an import would get (the ES module build, one copy of each library).
        const found = await build.resolve(args.path, { kind: 'import-statement', resolveDir: repoRoot, pluginData: { real: true } });
        return found.errors.length ? { errors: found.errors } : { path: found.path };
      });
      build.onLoad({ filter: /.*/, namespace: 'headroom-lazy' }, async (args) => ({ contents: await moduleText(args.path), loader: 'js', resolveDir: repoRoot }));
    },
  };
}

/** The packages `onFirstUse` makes lazy in the bundle. */
export const lazyPackages = ['yaml', 'js-yaml', '@prometheus-io/lezer-promql'];
/**
 * Exports served by the one module of their package that defines them, not the whole package: the
 * positions of findings (source-position.ts) need only `yaml`'s LineCounter, a run that reads no text
 * with `yaml` then initialises none of its other 71 modules.
 */
const lighterExports = { yaml: { LineCounter: 'parse/line-counter.js' } };

/**
 * Bundles lint-main into `outfile`; `defaultConfig` is what a run without --config uses. Returns
 * false without esbuild. `made.modules` receives every module in the bundle (paths relative to the repo),
 * `made.srcInputs` the files under src/ the bundle is made of
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
    minifyWhitespace: true,
    minifySyntax: true,
    external: ['undici', 'zod', 'pino', 'cli-progress'],
    define: {
      'import.meta.url': 'HEADROOM_MODULE_URL',
      HEADROOM_DEFAULT_CONFIG: JSON.stringify(defaultConfig),
    },
    banner: { js: 'var HEADROOM_MODULE_URL = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [oneCopyOfEachLibrary, onlyWhatLintRuns, onFirstUse(lazyPackages, lighterExports)],
    logLevel: 'error',
  });
  const [output] = result.outputFiles;
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, output.text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  made.srcInputs = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('src/')).sort();
  made.modules = Object.keys(Object.values(result.metafile.outputs)[0].inputs).sort();
  return true;
}

/**
 * What the code cache is made from: the common case, a repository's rule files and JSON dashboards
 * (the repo's own). The cache holds the functions this run compiled, and every start deserialises
 * all of it: a function only a rare text runs (`yaml`'s reader, Lezer, an SLO spec's checks) costs
 * each run more to deserialise than it saves the rare run that compiles it. Measured (same run,
 * fresh processes, the lint corpus of test/fixtures/lint/generate-corpus.ts): this set's cache is
 * 483 KB against 750 KB with slos/ and the odd-files fixtures, and the run ~4-6 ms sooner.
 */
export const warmUpPaths = ['alerts', 'dashboards'].map((d) => join(repoRoot, d)).filter((d) => existsSync(d));

/** Lints `paths` with the bundle in a child process and writes the code cache; throws with the child's first error line. */
export function writeLintCache(bundleFile, cacheFile, paths = warmUpPaths) {
  const child = spawnSync(process.execPath, [join(repoRoot, 'bin/lint-bundle.mjs'), '--write-cache', bundleFile, cacheFile, ...paths], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the lint bundle does not run: ${(child.stderr || child.error?.message || '').trim().split('\n')[0]}`);
}
