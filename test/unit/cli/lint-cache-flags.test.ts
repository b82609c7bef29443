/**
 * The lint bundle's V8 code cache and the flags a process starts with (bin/lint-bundle.cjs): V8
 * rejects a cache made under other flags, and a rejected cache is rewritten. Runs with and without
 * `NODE_OPTIONS=--max-old-space-size=…` (a common CI setting) must not reject and rewrite each other's
 * cache on every run: runs without flags keep the build's cache, runs with flags get one file of
 * their own. Each run is a fresh process, as a lint run is.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshLintBundle } from '../../helpers/lint-bundle.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const fixture = join(repo, 'test', 'fixtures', 'lint', 'odd');

describe('the lint code cache under other V8 flags', () => {
  it('keeps the build\'s cache for runs without flags and one of their own for runs with them, instead of rewriting one file in turn', async () => {
    const { dir, bundle, cache } = await freshLintBundle('lint-cache-flags');
    const env = (nodeOptions?: string) => {
      const e: NodeJS.ProcessEnv = { ...process.env };
      delete e.NODE_OPTIONS;
      if (nodeOptions) e.NODE_OPTIONS = nodeOptions;
      return e;
    };
    // The build's cache, made without flags.
    const built = spawnSync(process.execPath, [join(repo, 'bin', 'lint-bundle.mjs'), '--write-cache', bundle, cache, fixture], { env: env(), encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const buildCache = readFileSync(cache);

    const script = join(dir, 'run.cjs');
    writeFileSync(script, `
      const { loadLintBundle } = require(${JSON.stringify(join(repo, 'bin', 'lint-bundle.cjs'))});
      const bundle = loadLintBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)});
      const sink = { write: () => true };
      bundle.exports.lintMain([process.argv[0], 'headroom', 'lint', ${JSON.stringify(fixture)}], sink).then(() => {
        bundle.writeCache();
        process.stdout.write(JSON.stringify({ cacheUsed: bundle.cacheUsed }));
      });`);
    const run = (nodeOptions?: string): boolean => {
      const r = spawnSync(process.execPath, [script], { env: env(nodeOptions), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { cacheUsed: boolean }).cacheUsed;
    };

    const big = '--max-old-space-size=4096';
    const used = [run(), run(big), run(big), run(), run(big), run('--max-old-space-size=2048'), run('--max-old-space-size=2048'), run()];
    // Without flags: the build's cache every time. With flags: made once per set of flags, then used.
    expect(used).toEqual([true, false, true, true, true, false, true, true]);
    expect(readFileSync(cache).equals(buildCache)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.cache')).sort()).toEqual(['lint-cli.cache', 'lint-cli.flags.cache']);
  }, 120_000);
});
