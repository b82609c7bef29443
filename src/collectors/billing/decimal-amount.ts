/**
 * Exact money arithmetic for amounts that arrive as decimal strings (Cost Explorer sends
 * "12.3456789012" and, for tiny values, "7.2E-9"). Amounts become integers of 1e-10 dollars
 * (bigint), so sums of thousands of lines do not drift like float sums do.
 */
const fractionDigits = 10;
const scale = 10n ** BigInt(fractionDigits);

const decimalPattern = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/** True when `text` is a decimal number (optionally with an exponent). */
export function isDecimalString(text: string): boolean {
  const m = decimalPattern.exec(text.trim());
  return m !== null && (m[2]!.length > 0 || (m[3] ?? '').length > 0);
}

/** Parses a decimal string into 1e-10 units, rounding half away from zero beyond 10 digits. */
export function parseAmountUnits(text: string): bigint {
  const m = decimalPattern.exec(text.trim());
  if (!m || (m[2]!.length === 0 && (m[3] ?? '').length === 0)) throw new RangeError(`"${text}" is not a decimal amount`);
  const sign = m[1] === '-' ? -1n : 1n;
  const digits = `${m[2]}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  // value = digits × 10^(exp − fraction length); in units: × 10^10.
  const shift = Number(m[4] ?? 0) - (m[3] ?? '').length + fractionDigits;
  let units: bigint;
  if (shift >= 0) {
    units = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    const n = BigInt(digits);
    units = n / div + ((n % div) * 2n >= div ? 1n : 0n);
  }
  return sign * units;
}

/** Formats 1e-10 units as a plain decimal string with 10 fraction digits. */
export function formatAmountUnits(units: bigint): string {
  const neg = units < 0n;
  const a = neg ? -units : units;
  return `${neg ? '-' : ''}${a / scale}.${(a % scale).toString().padStart(fractionDigits, '0')}`;
}

/** Converts units to a JS number (for storage as DOUBLE and display). */
export function amountUnitsToNumber(units: bigint): number {
  return Number(formatAmountUnits(units));
}
