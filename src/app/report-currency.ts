/**
 * Which currency the weekly report is in: the bill's own when it has one (a EUR bill is reported
 * in EUR), or USD at the rates the user gave (`--fx EUR=1.08`) when it mixes several. A mix
 * without rates is refused, naming the currencies and the flags that fix it, before anything is
 * written. Savings priced from USD price lists (rightsizing, commitments) stay in USD and say so.
 */
import type { StoreQueries } from '../store/index.js';
import { oneSourceCurrencies } from '../store/cost-repo.js';
import { planCurrencyFor, type CurrencyPlan } from './cost-currency.js';

export async function planReportCurrency(q: StoreQueries, fromMs: number, toMs: number, fx: Record<string, number>, what: string): Promise<CurrencyPlan> {
  return planCurrencyFor(what, 'headroom report', await oneSourceCurrencies(q, { fromMs, toMs }), fx);
}
