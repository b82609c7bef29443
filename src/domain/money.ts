/**
 * Amounts shown to people: always with their currency (a EUR bill is never printed with "$"),
 * rounded to cents without a negative zero, and percent changes only against a baseline large
 * enough to mean something.
 */

/** Rounds to cents; -0 and amounts that round to zero become 0. */
export function roundCents(amount: number): number {
  const r = Math.round(amount * 100) / 100;
  return r === 0 ? 0 : r;
}

/** Whether `code` has the shape of an ISO 4217 currency code (three capital letters: USD, EUR, JPY). */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code);
}

const formatters = new Map<string, Intl.NumberFormat | null>();

/** The ISO 4217 formatter of `currency` (en-US conventions), or null for a code Intl does not know. */
function currencyFormatter(currency: string): Intl.NumberFormat | null {
  let f = formatters.get(currency);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'symbol' });
    } catch {
      f = null;
    }
    formatters.set(currency, f);
  }
  return f;
}

/**
 * An amount with its currency's symbol as Intl writes it: "$1,234.56" (USD), "€1,234.56" (EUR),
 * "£12.00", "CA$3.10"; a code Intl has no symbol for is written as the code ("XBT 3.00").
 */
export function formatMoney(amount: number, currency: string): string {
  const r = roundCents(amount);
  const f = currencyFormatter(currency);
  if (f) return f.format(r);
  const text = Math.abs(r).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${r < 0 ? '-' : ''}${text} ${currency}`;
}

/** An hourly amount, its number already written as wanted (`amountText`): "$0.300/h" in USD, "0.300 EUR/h" in another currency. */
export function formatPerHour(amountText: string, currency: string): string {
  return currency === 'USD' ? `$${amountText}/h` : `${amountText} ${currency}/h`;
}

/** Default smallest baseline (in the report's currency) a week-over-week percent is computed against. */
export const DEFAULT_MIN_CHANGE_BASELINE = 1;

/**
 * Relative change from `previous` to `current`, or null when the baseline is below
 * `minBaseline` (a change against $0.0000001 is noise, not +27397260174 %).
 */
export function relativeChange(current: number, previous: number, minBaseline = DEFAULT_MIN_CHANGE_BASELINE): number | null {
  if (!(previous >= minBaseline) || previous <= 0) return null;
  const r = Math.round(((current - previous) / previous) * 10000) / 10000;
  return r === 0 ? 0 : r;
}

/**
 * How a change reads: "+12.3%", "new" (nothing worth comparing before, something now) or "—"
 * (nothing to compare either way).
 */
export function formatChange(change: number | null, current: number, minBaseline = DEFAULT_MIN_CHANGE_BASELINE): string {
  if (change === null) return current >= minBaseline ? 'new' : '—';
  const pct = (change * 100).toFixed(1);
  if (Number(pct) === 0) return '0.0%';
  return `${change > 0 ? '+' : ''}${pct}%`;
}
