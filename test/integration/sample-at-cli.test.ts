// `headroom sample --at TIME`: the generated history ends at TIME (rounded down to --step) instead of
// the sample's fixed end, so a sample can be backfilled next to live data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sampleDefaults } from '../../src/sample/defaults.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-sample-at-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** First and last sample timestamp (seconds) of an OpenMetrics file. */
function timeRange(file: string): [number, number] {
  const times = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => Number(l.split(' ').at(-1)));
  return [Math.min(...times), Math.max(...times)];
}

describe('headroom sample --at', () => {
  it('ends the generated window at --at, one step before it, and at the fixed end without it', async () => {
    const small = ['--window', '1d', '--step', '5m', '--namespaces', 'auth', '--families', 'up'];
    const at = join(dir, 'at.om');
    const r = await runCli(['sample', '--openmetrics', at, ...small, '--at', '2026-12-01T00:02:00Z']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const end = Date.UTC(2026, 11, 1) / 1000; // 00:02 rounded down to the 5-minute step
    expect(timeRange(at)).toEqual([end - 86_400, end - 300]);
    const fixed = join(dir, 'fixed.om');
    expect((await runCli(['sample', '--openmetrics', fixed, ...small])).code).toBe(0);
    expect(timeRange(fixed)).toEqual([sampleDefaults.endMs / 1000 - 86_400, sampleDefaults.endMs / 1000 - 300]);
    const bad = await runCli(['sample', '--openmetrics', join(dir, 'bad.om'), ...small, '--at', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --at yesterday: /);
  });
});
