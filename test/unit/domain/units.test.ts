import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationSeconds, parseTimeMs } from '../../../src/domain/units.js';
import { formatErrorLine, HeadroomError, InputError, wrapError } from '../../../src/domain/errors.js';

describe('durations', () => {
  it('parses Prometheus durations, compound ones included', () => {
    expect(parseDurationSeconds('90s')).toBe(90);
    expect(parseDurationSeconds('14d')).toBe(14 * 86_400);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('1w')).toBe(604_800);
  });

  it('rejects text that is not wholly a duration', () => {
    expect(() => parseDurationSeconds('14 days')).toThrow(/not a duration/);
    expect(() => parseDurationSeconds('')).toThrow(/not a duration/);
    expect(() => parseDurationSeconds('5mx')).toThrow(/not a duration/);
  });

  it('formats seconds as the shortest duration', () => {
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(1_209_600)).toBe('2w');
  });
});

describe('times', () => {
  it('accepts RFC 3339 and Unix seconds for the same instant', () => {
    expect(parseTimeMs('2026-11-16T00:00:00Z')).toBe(parseTimeMs('1794787200'));
  });

  it('rejects a time it cannot read', () => {
    expect(() => parseTimeMs('yesterday')).toThrow(/RFC 3339/);
  });

  it('reads offsets, fractions and a bare date as the same instants Date.parse gives', () => {
    expect(parseTimeMs('2026-11-16T01:30:00+01:30')).toBe(Date.parse('2026-11-16T00:00:00Z'));
    expect(parseTimeMs('2026-11-16T00:00:00.250Z')).toBe(Date.parse('2026-11-16T00:00:00Z') + 250);
    expect(parseTimeMs('2026-11-16')).toBe(Date.parse('2026-11-16T00:00:00Z'));
  });

  it('refuses a day the calendar does not have instead of rolling it over', () => {
    expect(() => parseTimeMs('2026-02-30T00:00:00Z')).toThrow(/2026-02-30 is not a day/);
    expect(() => parseTimeMs('2026-11-16T24:00:00Z')).toThrow(/not a time of day/);
  });

  it('refuses a time of day without a zone, and milliseconds given as Unix seconds', () => {
    expect(() => parseTimeMs('2026-11-16T00:00:00')).toThrow(/not a time/);
    expect(() => parseTimeMs('99999999999999')).toThrow(/beyond the year 9999/);
  });
});

describe('errors', () => {
  it('prints one line with the fix, and keeps the code through wrapping', () => {
    const inner = new InputError('usage.csv line 3: instances "x" is not a number', { hint: 'fix the value' });
    const wrapped = wrapError('commitments', inner);
    expect(wrapped.code).toBe('INPUT_INVALID');
    expect(wrapped.exitCode).toBe(2);
    expect(formatErrorLine(wrapped)).toBe('error: commitments: usage.csv line 3: instances "x" is not a number (fix the value)');
    expect(formatErrorLine(wrapped)).not.toContain('\n');
  });

  it('gives source failures exit code 1', () => {
    expect(new HeadroomError('SOURCE_UNAVAILABLE', 'prometheus down').exitCode).toBe(1);
  });
});
