import { describe, expect, it } from 'vitest';
import { getIsoWeekOf, getLastFullIsoWeek, parseIsoWeek, shiftIsoWeek } from '../../../src/reports/index.js';
import { HeadroomError } from '../../../src/domain/errors.js';

describe('ISO weeks', () => {
  it('parses a week into its Monday 00:00 UTC start and the next Monday as the end', () => {
    const w = parseIsoWeek('2026-W46');
    expect(new Date(w.startMs).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(new Date(w.endMs).toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });

  it('puts the last days of December in week 1 of the next ISO year when that week holds its first Thursday', () => {
    expect(getIsoWeekOf(Date.UTC(2024, 11, 30)).week).toBe('2025-W01');
    expect(getIsoWeekOf(Date.UTC(2027, 0, 1)).week).toBe('2026-W53');
    expect(getIsoWeekOf(Date.UTC(2021, 0, 3)).week).toBe('2020-W53');
  });

  it('accepts week 53 only in years that have one', () => {
    expect(parseIsoWeek('2026-W53').startMs).toBe(Date.UTC(2026, 11, 28));
    expect(() => parseIsoWeek('2025-W53')).toThrow(/2025 has weeks 01 to 52/);
  });

  it('rejects malformed weeks with an input error that names the flag and the fix', () => {
    for (const bad of ['2026-46', '2026-W4', '2026-W00', 'W46', '2026-w46x']) {
      try {
        parseIsoWeek(bad);
        expect.unreachable(`${bad} should not parse`);
      } catch (err) {
        expect(err).toBeInstanceOf(HeadroomError);
        expect((err as HeadroomError).code).toBe('INPUT_INVALID');
        expect((err as HeadroomError).message).toContain('--week');
        expect((err as HeadroomError).hint).toMatch(/2026-W47/);
      }
    }
  });

  it('round-trips every week of several years through its start time', () => {
    for (const year of [2020, 2021, 2026, 2027]) {
      for (let n = 1; n <= 52; n++) {
        const w = parseIsoWeek(`${year}-W${String(n).padStart(2, '0')}`);
        expect(getIsoWeekOf(w.startMs).week).toBe(w.week);
        expect(getIsoWeekOf(w.endMs - 1).week).toBe(w.week);
        expect(new Date(w.startMs).getUTCDay()).toBe(1);
      }
    }
  });

  it('treats Monday 00:00 as the start of a new week, so the last full week is the one before', () => {
    expect(getLastFullIsoWeek(Date.UTC(2026, 10, 16)).week).toBe('2026-W46');
    expect(getLastFullIsoWeek(Date.UTC(2026, 10, 15, 23, 59)).week).toBe('2026-W45');
    expect(shiftIsoWeek(parseIsoWeek('2027-W01'), -1).week).toBe('2026-W53');
  });
});
