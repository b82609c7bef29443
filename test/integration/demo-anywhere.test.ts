/**
 * `npx headroom demo` run from a directory other than the repository's root: before, its report's
 * SLO budget table was empty (the SLO specs were looked up in the current directory), silently.
 * The demo uses its embedded specs and rules wherever it runs.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('headroom demo from another directory', () => {
  it('reports every embedded SLO in the SLO budget table', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'hr-demo-elsewhere-'));
    dirs.push(cwd);
    const r = await runCli(['demo', '--days', '14', '--out', 'out'], { cwd, timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const reports = join(cwd, 'out', 'reports');
    const [week] = readdirSync(reports).filter((d) => /^\d{4}-W\d{2}$/.test(d));
    const rows = parseCsv(await readFile(join(reports, week!, 'slos.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    // The repository's own example specs, read independently of Headroom's parser.
    const specFiles = readdirSync(join(repoRoot, 'slos')).filter((f) => /\.ya?ml$/.test(f));
    const expected = specFiles.flatMap((f) => {
      // prometheus/v1 lists them at the top, sloth's CRD under spec.
      const doc = parseYaml(readFileSync(join(repoRoot, 'slos', f), 'utf8')) as { slos?: unknown[]; spec?: { slos?: unknown[] } };
      return doc.slos ?? doc.spec?.slos ?? [];
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected.length);
  });

  it('gives the same figures when run twice into the same directory', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'hr-demo-twice-'));
    dirs.push(cwd);
    // Stage lines without their timings ("✓ capacity  … (2.3 s)") and run ids' random suffixes.
    const figures = (stdout: string) => stdout.split('\n').filter((l) => /^[✓✗] /.test(l))
      .map((l) => l.replace(/ \(\d+(\.\d+)? s\)$/, '').replace(/(\d{8}T\d{6}Z)-[0-9a-f]+/g, '$1-…'));
    const first = await runCli(['demo', '--days', '14', '--out', 'out'], { cwd, timeoutMs: 300_000 });
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['demo', '--days', '14', '--out', 'out'], { cwd, timeoutMs: 300_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(figures(first.stdout).length).toBeGreaterThanOrEqual(7);
    expect(figures(second.stdout)).toEqual(figures(first.stdout));
  });
});
