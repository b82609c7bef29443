/**
 * The fast paths of `headroom lint` (the lean CLI root, its one-file bundle run from V8's code cache,
 * the analysis kept per query text) report exactly what lint reported before them: the findings of
 * the conformance corpus and of the broken and odd files, in the JSON format, equal
 * test/fixtures/lint/reference-findings.json, which the lint of commit 6b13dfc (before the speed
 * work) wrote. A deliberate change of findings regenerates that file (see the fixtures README).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { formatLintFindings, lintFiles } from '../../../src/generators/lint/index.js';
import { writeLintCorpus } from '../../fixtures/lint/generate-corpus.js';
// @ts-expect-error plain JavaScript build helpers, no declarations
import { bundleLint } from '../../../scripts/bundle-lint.mjs';
// @ts-expect-error plain JavaScript, no declarations
import { loadLintBundle } from '../../../bin/lint-bundle.mjs';

interface JsonFinding { file: string; line: number | null; column: number | null; level: string; check: string; where: string; message: string }
type Corpus = 'corpus' | 'broken' | 'odd';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lint');
const reference = JSON.parse(readFileSync(join(fixtures, 'reference-findings.json'), 'utf8')) as Record<Corpus, JsonFinding[]>;
const work = mkdtempSync(join(tmpdir(), 'headroom-lint-fast-'));
const dirs: Record<Corpus, string> = { corpus: join(work, 'corpus'), broken: join(fixtures, 'broken'), odd: join(fixtures, 'odd') };
beforeAll(() => writeLintCorpus(dirs.corpus));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** JSON-format findings with paths relative to the linted directory. */
function relativeTo(dir: string, text: string): JsonFinding[] {
  return (JSON.parse(text) as JsonFinding[]).map((f) => ({ ...f, file: relative(dir, f.file) }));
}

describe('lint fast paths give the reference findings', () => {
  it('lintFiles (analysis kept per query text) on the conformance corpus, the broken and the odd files', async () => {
    for (const name of ['corpus', 'broken', 'odd'] as const) {
      // Twice: the second run meets every query in the analysis cache.
      for (let run = 0; run < 2; run++) {
        const { findings } = await lintFiles([dirs[name]], { severities: ['critical', 'warning', 'info'] });
        expect(relativeTo(dirs[name], formatLintFindings(findings, 'json')), `${name}, run ${run + 1}`).toEqual(reference[name]);
      }
    }
    expect(reference.corpus).toHaveLength(65);
    expect(reference.broken.length).toBeGreaterThan(30);
  });

  it('the lint bundle, compiled and then from its code cache, prints the same JSON through the lean CLI root', async () => {
    // Inside the repo, as dist/ is: the bundle requires the packages it leaves out (zod for the SLO spec) from node_modules.
    mkdirSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache'), { recursive: true });
    const bundleDir = mkdtempSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache', 'headroom-lint-bundle-'));
    onTestFinished(() => rmSync(bundleDir, { recursive: true, force: true }));
    const file = join(bundleDir, 'lint-cli.cjs');
    const cache = join(bundleDir, 'lint-cli.cache');
    expect(await bundleLint(file, validateConfig({}, '(defaults)'))).toBe(true);
    for (const attempt of ['compiled', 'cached'] as const) {
      const bundle = loadLintBundle(file, cache) as { exports: { lintMain(argv: string[], out: NodeJS.WritableStream): Promise<number> }; cacheUsed: boolean; writeCache(force?: boolean): boolean };
      expect(bundle.cacheUsed).toBe(attempt === 'cached');
      for (const name of ['corpus', 'broken', 'odd'] as const) {
        let text = '';
        const out = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
        const code = await bundle.exports.lintMain(['node', 'headroom', 'lint', '--format', 'json', dirs[name]], out);
        expect(code, `${name} exit code (${attempt})`).toBe(reference[name].some((f) => f.level === 'error') ? 1 : 0);
        expect(relativeTo(dirs[name], text), `${name} (${attempt})`).toEqual(reference[name]);
      }
      if (attempt === 'compiled') expect(bundle.writeCache()).toBe(true);
    }
  }, 120_000);
});
