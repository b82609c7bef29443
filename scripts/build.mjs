#!/usr/bin/env node
// Compiles src/ to dist/ so that `headroom` starts without compiling TypeScript on every run.
// Runs from `prepare` (every `npm install`) and `pretest`; bin/headroom.cjs uses dist/ only while
// it is current (bin/dist-freshness.cjs) and otherwise runs the sources through tsx, so a stale
// dist never runs old code. Each file is transpiled on its own (tsconfig has isolatedModules and
// verbatimModuleSyntax, so no type information is needed: type checking is `npm run typecheck`).
// Non-TypeScript files (SQL migrations, the bundled price list) are copied beside the code.
// The new tree is built in a temp directory and renamed into place: readers see all or nothing.
// `headroom lint` also gets a one-file bundle and its V8 code cache (scripts/bundle-lint.mjs).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { distDir, newestMtimeMs, srcDir, stampFile } from '../bin/dist-freshness.mjs';
import { bundleFile, cacheFile } from '../bin/lint-bundle.mjs';
import { bundleLint, writeLintCache } from './bundle-lint.mjs';

// typescript is a devDependency: an install without them (--omit=dev) runs from the sources.
const ts = await import('typescript').then((m) => m.default, () => null);
if (!ts) {
  console.log('build: typescript is not installed; headroom runs the sources through tsx');
  process.exit(0);
}

const started = performance.now();
// Read before compiling: an edit made during the build is newer than the stamp, so dist stays stale.
const srcNewestMs = newestMtimeMs(srcDir);
const tmp = `${distDir}.${process.pid}.tmp`;
rmSync(tmp, { recursive: true, force: true });

const compilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  sourceMap: false,
};

let files = 0;
function build(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    const to = join(tmp, relative(srcDir, from));
    if (entry.isDirectory()) {
      build(from);
    } else if (entry.name.endsWith('.d.ts') || entry.name.endsWith('.mts')) {
      continue; // declarations and stand-alone scripts (run with tsx) are not part of the program
    } else if (entry.name.endsWith('.ts')) {
      const { outputText, diagnostics } = ts.transpileModule(readFileSync(from, 'utf8'), { compilerOptions, fileName: from, reportDiagnostics: true });
      if (diagnostics?.length) {
        console.error(`build: ${relative(srcDir, from)}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
        process.exitCode = 1;
      }
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to.replace(/\.ts$/, '.js'), outputText);
      files++;
    } else {
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
  }
}

try {
  build(srcDir);
  if (process.exitCode) throw new Error('syntax errors above');
  const { validateConfig } = await import(join(tmp, 'config/index.js'));
  const made = {};
  const bundled = await bundleLint(join(tmp, relative(distDir, bundleFile)), validateConfig({}, '(defaults)'), made);
  // lintInputs: what `headroom lint` checks instead of all of src/ (bin/dist-freshness.cjs).
  writeFileSync(join(tmp, relative(distDir, stampFile)), `${JSON.stringify({ srcNewestMs, builtAt: new Date().toISOString(), lintInputs: made.srcInputs })}\n`);
  rmSync(`${distDir}.old`, { recursive: true, force: true });
  try {
    renameSync(distDir, `${distDir}.old`);
  } catch {
    // no earlier build
  }
  renameSync(tmp, distDir);
  rmSync(`${distDir}.old`, { recursive: true, force: true });
  // The cache is made in place, where lint runs compile the bundle.
  let cached = false;
  try {
    if (bundled) writeLintCache(bundleFile, cacheFile);
    cached = bundled;
  } catch (err) {
    // A bundle that does not run must not be used: without it bin/headroom.cjs runs dist/cli/lint-main.js.
    rmSync(bundleFile, { force: true });
    console.error(`build: no lint bundle: ${err.message}`);
  }
  console.log(`build: ${files} files${cached ? ', the lint bundle and its code cache' : ' (lint runs unbundled)'} → dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`build: dist/ not updated: ${err.message} (headroom runs the sources through tsx until a build succeeds)`);
  process.exitCode = 1;
}
