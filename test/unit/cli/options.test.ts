import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputFile, readAtMs, readOutDir, readWindowSeconds, requireExistingStore, storeCreators } from '../../../src/cli/options.js';
import { HeadroomError } from '../../../src/domain/errors.js';

const work = mkdtempSync(join(tmpdir(), 'headroom-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The one line a user sees, and the exit code. */
function refusal(fn: () => unknown): { line: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof HeadroomError)) throw err;
    return { line: `${err.message} (${err.hint})`, exitCode: err.exitCode };
  }
  throw new Error('expected a refusal');
}

describe('--window and its old names', () => {
  const rules = { default: '14d', aliases: ['--history', '--days'] as ('--history' | '--days')[] };

  it('reads --window, an old name, or the default, in seconds', () => {
    expect(readWindowSeconds({ window: '36h' }, rules)).toBe(36 * 3600);
    expect(readWindowSeconds({ history: '2w' }, rules)).toBe(14 * 86_400);
    expect(readWindowSeconds({ days: '28' }, rules)).toBe(28 * 86_400);
    expect(readWindowSeconds({}, rules)).toBe(14 * 86_400);
  });

  it('refuses an empty window naming the flag as typed, with exit 2', () => {
    expect(refusal(() => readWindowSeconds({ history: '0d' }, rules))).toEqual({ line: '--history 0d: the window must be longer than zero (e.g. --history 14d)', exitCode: 2 });
    expect(refusal(() => readWindowSeconds({ window: 'soon' }, rules)).line).toMatch(/^--window soon: "soon" is not a duration/);
    expect(refusal(() => readWindowSeconds({ days: '1.5' }, rules)).line).toMatch(/^--days 1.5: expected a whole number of days/);
  });

  it('refuses the same option under two names instead of picking one', () => {
    expect(refusal(() => readWindowSeconds({ window: '7d', history: '14d' }, rules)).line).toBe('--window and --history are the same option, given twice (give only --window)');
  });

  it('holds commands that count whole days to whole days and their maximum', () => {
    expect(refusal(() => readWindowSeconds({ window: '36h' }, { ...rules, wholeDays: true })).line).toMatch(/counts whole days/);
    expect(refusal(() => readWindowSeconds({ days: '91' }, { ...rules, maxSeconds: 90 * 86_400 })).line).toMatch(/at most 90 days/);
  });
});

describe('--at', () => {
  it('reads RFC 3339 and Unix seconds, and falls back without it', () => {
    expect(readAtMs({ at: '2026-11-16T00:00:00Z' }, 0)).toBe(Date.parse('2026-11-16T00:00:00Z'));
    expect(readAtMs({ at: '1794787200' }, 0)).toBe(1_794_787_200_000);
    expect(readAtMs({}, 42)).toBe(42);
  });

  it('refuses February 30th and milliseconds with one line naming --at', () => {
    const feb = refusal(() => readAtMs({ at: '2026-02-30T00:00:00Z' }, 0));
    expect(feb.exitCode).toBe(2);
    expect(feb.line).toMatch(/^--at 2026-02-30T00:00:00Z: 2026-02-30 is not a day of the calendar/);
    expect(refusal(() => readAtMs({ at: '99999999999999' }, 0)).line).toMatch(/^--at 99999999999999: .*milliseconds\?/);
  });
});

describe('--output FILE and --out-dir DIR', () => {
  it('accepts a new file in an existing directory', () => {
    expect(checkOutputFile('--output', join(work, 'x.json'))).toBe(join(work, 'x.json'));
    expect(checkOutputFile('--output', undefined)).toBeUndefined();
  });

  it('refuses a file whose directory does not exist, is a file, or that is a directory', () => {
    expect(refusal(() => checkOutputFile('--output', '/nonexistent/dir/x.json')).line).toBe('--output /nonexistent/dir/x.json: directory /nonexistent/dir does not exist (run mkdir -p /nonexistent/dir first, or choose another --output path)');
    writeFileSync(join(work, 'plain'), '');
    expect(refusal(() => checkOutputFile('--chart', join(work, 'plain', 'c.svg'))).line).toMatch(/^--chart .*plain is not a directory/);
    expect(refusal(() => checkOutputFile('--output', work)).line).toMatch(/is a directory/);
  });

  it('reads --out-dir or its old name --out, and requires one without a default', () => {
    expect(readOutDir({ outDir: 'a' })).toBe('a');
    expect(readOutDir({ out: 'b' })).toBe('b');
    expect(readOutDir({}, 'c')).toBe('c');
    expect(refusal(() => readOutDir({})).line).toMatch(/^--out-dir is required/);
  });
});

describe('a store that does not exist', () => {
  it('is refused with one message naming the path and the command that creates its data (every read-only command shares it)', () => {
    const missing = join(work, 'nope.duckdb');
    expect(refusal(() => requireExistingStore(missing, storeCreators.collect))).toEqual({
      line: `store ${missing} does not exist (run \`headroom collect\` first to create it, or pass --store with the path of an existing store (e.g. headroom-demo/headroom.duckdb after \`headroom demo\`))`,
      exitCode: 2,
    });
    expect(refusal(() => requireExistingStore(missing, storeCreators.billing)).line).toMatch(/^store .*nope\.duckdb does not exist \(run `headroom import --focus FILE` \(or --cur FILE, or --cost-explorer\) first to create it/);
  });

  it('lets an existing store and the in-memory one through unchanged', () => {
    const existing = join(work, 'h.duckdb');
    writeFileSync(existing, '');
    expect(requireExistingStore(existing, storeCreators.collect)).toBe(existing);
    expect(requireExistingStore(':memory:', storeCreators.billing)).toBe(':memory:');
  });
});

