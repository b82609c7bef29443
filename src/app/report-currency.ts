/**
 * The weekly report prints every amount in USD (its savings come from USD price lists). A bill in
 * another currency, or in several, is refused with the way to see it instead of being labelled USD.
 */
import { HeadroomError } from '../domain/errors.js';
import type { StoreQueries } from '../store/index.js';

export async function requireUsdBill(q: StoreQueries, fromMs: number, toMs: number, what: string): Promise<void> {
  const rows = await q.all<{ currency: string }>(
    `SELECT DISTINCT coalesce(currency, 'USD') AS currency FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 ORDER BY 1`,
    [new Date(fromMs), new Date(toMs)]);
  const other = rows.map((r) => r.currency).filter((c) => c !== 'USD');
  if (other.length) {
    throw new HeadroomError('INPUT_INVALID', `${what}: the bill is in ${rows.map((r) => r.currency).join(', ')}; the weekly report shows USD only and will not label ${other.join(', ')} as USD`,
      { hint: `see the spend in its currency with headroom costs${rows.length > 1 ? ` --fx ${other.map((c) => `${c}=RATE`).join(' ')}` : ''}` });
  }
}
