/**
 * What `headroom lint` loads of Node besides what every Node process loads: the lint bundle run
 * from its code cache by the CommonJS launcher needs `vm`, `v8` (to set a V8 flag), `process` and `module` (the
 * logger's createRequire, with the pieces of the ES module loader it names) — no module
 * translation by the ES module loader, no child_process (commander's is loaded only when used), no
 * fs/promises (lintFiles reads synchronously, without starting libuv's thread pool), no worker
 * thread. Each of those costs milliseconds of every pre-commit hook's run. Checked in a fresh
 * process (a CommonJS script, as bin/headroom.cjs is) against an empty one.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshLintBundle } from '../../helpers/lint-bundle.js';
// @ts-expect-error plain JavaScript build helpers, no declarations
import { writeLintCache } from '../../../scripts/bundle-lint.mjs';

const repo = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'lint');

/** Node's modules loaded by the CommonJS script `body`, after it ran (its last line prints them). */
function modulesLoadedBy(dir: string, name: string, body: string): { modules: string[]; out: string } {
  const script = join(dir, name);
  writeFileSync(script, `${body}\nprocess.on('exit', () => process.stderr.write('\\n@@' + JSON.stringify(process.moduleLoadList)));\n`);
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  const at = r.stderr.lastIndexOf('\n@@');
  expect(at, r.stderr).toBeGreaterThanOrEqual(0);
  return { modules: JSON.parse(r.stderr.slice(at + 3)) as string[], out: r.stdout };
}

describe('headroom lint start-up', () => {
  it('loads vm, process and module of Node beyond an empty script, and no ES module translation, child_process or fs/promises', async () => {
    const { dir, bundle, cache } = await freshLintBundle('lint-startup');
    writeLintCache(bundle, cache);

    const empty = modulesLoadedBy(dir, 'empty.cjs', "process.stdout.write('');");
    const lint = modulesLoadedBy(dir, 'lint.cjs', `
      const { loadLintBundle } = require(${JSON.stringify(join(repo, 'bin', 'lint-bundle.cjs'))});
      const bundle = loadLintBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)});
      if (!bundle.cacheUsed) throw new Error('code cache not used');
      bundle.exports.lintMain([process.argv[0], 'headroom', 'lint', '--format', 'json', ${JSON.stringify(join(fixtures, 'odd'))}]).then((code) => { process.exitCode = code; });`);
    // The run did lint: rules and dashboards of the odd files, findings printed.
    expect(Array.isArray(JSON.parse(lint.out))).toBe(true);
    const extra = lint.modules.filter((m) => !empty.modules.includes(m));
    // v8 (with its bindings): bin/lint-bundle.cjs sets V8's interrupt budget before compiling the bundle.
    const v8 = ['Internal Binding heap_utils', 'Internal Binding internal_only_v8', 'Internal Binding profiler', 'Internal Binding serdes', 'Internal Binding v8', 'NativeModule internal/heap_utils', 'NativeModule internal/promise_hooks', 'NativeModule v8'];
    expect(extra.sort()).toEqual([...v8, 'NativeModule internal/modules/esm/assert', 'NativeModule internal/modules/esm/loader', 'NativeModule internal/source_map/source_map', 'NativeModule module', 'NativeModule process', 'NativeModule vm'].sort());
    for (const absent of ['NativeModule child_process', 'NativeModule fs/promises', 'NativeModule internal/modules/esm/translators', 'NativeModule worker_threads']) expect(lint.modules).not.toContain(absent);
  }, 120_000);
});
