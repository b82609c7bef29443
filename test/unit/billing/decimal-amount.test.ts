import { describe, expect, it } from 'vitest';
import { formatAmountUnits, isDecimalString, parseAmountUnits } from '../../../src/collectors/billing/decimal-amount.js';

describe('decimal amounts from Cost Explorer', () => {
  it('sum ten times 0.1 to exactly 1, where floats drift', () => {
    let units = 0n;
    let float = 0;
    for (let i = 0; i < 10; i++) { units += parseAmountUnits('0.1'); float += 0.1; }
    expect(formatAmountUnits(units)).toBe('1.0000000000');
    expect(float).not.toBe(1);
  });

  it('read scientific notation as AWS sends tiny amounts', () => {
    expect(formatAmountUnits(parseAmountUnits('7.2E-9'))).toBe('0.0000000072');
    expect(formatAmountUnits(parseAmountUnits('1.5e3'))).toBe('1500.0000000000');
    expect(formatAmountUnits(parseAmountUnits('-12.34'))).toBe('-12.3400000000');
  });

  it('round beyond ten fraction digits half away from zero', () => {
    expect(formatAmountUnits(parseAmountUnits('0.00000000005'))).toBe('0.0000000001');
    expect(formatAmountUnits(parseAmountUnits('0.00000000004'))).toBe('0.0000000000');
  });

  it('reject what is not a decimal', () => {
    for (const bad of ['12,50', '', '.', 'abc', '1.2.3', 'NaN']) expect(isDecimalString(bad)).toBe(false);
    expect(() => parseAmountUnits('12,50')).toThrow(/not a decimal amount/);
    for (const good of ['0', '12', '12.5', '.5', '5.', '7.2E-9']) expect(isDecimalString(good)).toBe(true);
  });
});
