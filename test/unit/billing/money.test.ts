import { describe, expect, it } from 'vitest';
import { formatChange, formatMoney, relativeChange, roundCents } from '../../../src/domain/money.js';

describe('amounts and changes shown to people', () => {
  it('never shows a negative zero', () => {
    expect(formatMoney(-0.001, 'USD')).toBe('$0.00');
    expect(formatMoney(-0, 'USD')).toBe('$0.00');
    expect(Object.is(roundCents(-0.004), 0)).toBe(true);
    expect(formatMoney(-12.346, 'USD')).toBe('-$12.35');
  });

  it('labels every amount with its own currency symbol, never $ for another currency', () => {
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(-12.5, 'EUR')).toBe('-€12.50');
    expect(formatMoney(3, 'GBP')).toBe('£3.00');
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
  });

  it('computes a week-over-week change only against a baseline of at least the minimum', () => {
    expect(relativeChange(2, 0.0000000073)).toBeNull();
    expect(relativeChange(2, 0.99)).toBeNull();
    expect(relativeChange(2, 1)).toBe(1);
    expect(relativeChange(2, 0.5, 0.1)).toBe(3);
    expect(relativeChange(5, 5)).toBe(0);
    expect(Object.is(relativeChange(0.99999999, 1), 0)).toBe(true);
  });

  it('reads a change against a tiny baseline as "new", and nothing against nothing as "—"', () => {
    expect(formatChange(relativeChange(2, 0.0000000073), 2)).toBe('new');
    expect(formatChange(relativeChange(0.0000001, 0), 0.0000001)).toBe('—');
    expect(formatChange(relativeChange(12, 10), 12)).toBe('+20.0%');
    expect(formatChange(relativeChange(8, 10), 8)).toBe('-20.0%');
    expect(formatChange(-0.00001, 10)).toBe('0.0%');
  });
});
