/**
 * AWS Cost Explorer's own purchase recommendations, set beside a plan priced from the price list.
 *
 *   latest Cost Explorer import's recommendations ─► this term and payment ─► their currency
 *     (AWS's CurrencyCode; for ones stored before it was kept, the account's, where the store
 *     can tell it) ─► the plan's currency, at --fx / billing.fx, or refused with one line
 *
 * Recommendations stored before the currency was kept are in the account's currency, not
 * necessarily USD. It is taken from what the store knows for certain: the amounts of the same
 * Cost Explorer import when it kept their `Unit`, else the bill, when every line whose currency was
 * read from its source is in one currency. Lines of Cost Explorer imports that predate `Unit`
 * were labelled USD without reading it, so they are no evidence. Anything else is refused with
 * the command that re-imports them.
 */
import { InputError } from '../domain/errors.js';
import type { CommitmentPayment, CommitmentTerm, ProviderCommitmentRecommendation } from '../domain/commitment.js';
import type { Store } from '../store/index.js';
import { storedCurrencies } from '../store/cost-repo.js';
import { getLastSuccessfulRun, listRuns, type RunRecord } from '../store/run-repo.js';
import { exchangeRate, fxFlags } from './cost-currency.js';
import { costExplorerImportId, costExplorerRunKind } from './runs.js';

export interface ProviderRecommendations {
  /** In the plan's currency. */
  recommendations: ProviderCommitmentRecommendation[];
  /** One line for the user when a currency was taken rather than read; null when none was. */
  note: string | null;
}

const messages = {
  inOtherCurrency: (currency: string, planCurrency: string) => `AWS Cost Explorer's purchase recommendations are in ${currency}, the price list in ${planCurrency}`,
  currencyTaken: (currency: string, from: string) => `AWS Cost Explorer's purchase recommendations were imported before their currency was kept: taken as ${currency}, the only currency of ${from}`,
  currencyUnknown: (billCurrencies: readonly string[]) => `AWS Cost Explorer's purchase recommendations were imported before their currency was kept, and ${billCurrencies.length
    ? `the bill in the store is in ${billCurrencies.join(', ')}` : 'no bill in the store says which currency the account is billed in'}`,
  reimport: (startMs: number, endMs: number) => `re-import them, which keeps it: headroom import --cost-explorer --from ${day(startMs)} --to ${day(endMs)}`,
} as const;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The window a Cost Explorer import collected, from its run's detail. */
function windowOf(run: RunRecord): { startMs: number; endMs: number } | null {
  const startMs = run.detail?.windowStartMs;
  const endMs = run.detail?.windowEndMs;
  return typeof startMs === 'number' && typeof endMs === 'number' ? { startMs, endMs } : null;
}
/** Currencies a Cost Explorer import read from AWS's `Unit`s; null for an import made before they were kept (no `totals`). */
const unitCurrencies = (run: RunRecord): string[] | null => (Array.isArray(run.detail?.totals)
  ? [...new Set((run.detail.totals as { currency?: unknown }[]).map((t) => t.currency).filter((c): c is string => typeof c === 'string'))].sort() : null);

/**
 * The recommendations of the latest Cost Explorer import for `term` and `payment`, in the plan's
 * currency (`planCurrency`, the price list's), converted at `fx` (the value of one unit in USD);
 * undefined when no import kept any.
 */
export async function loadProviderRecommendations(store: Store, term: CommitmentTerm, payment: CommitmentPayment, fx: Readonly<Record<string, number>> = {}, planCurrency = 'USD'): Promise<ProviderRecommendations | undefined> {
  const run = await getLastSuccessfulRun(store, costExplorerRunKind);
  const recs = (run?.detail?.providerRecommendations ?? undefined) as ProviderCommitmentRecommendation[] | undefined;
  if (!run || !recs) return undefined;
  const selected = recs.filter((r) => r.term === term && r.payment === payment);
  let note: string | null = null;
  let taken: string | null = null;
  if (selected.some((r) => !r.currency)) {
    ({ currency: taken, note } = await accountCurrency(store, run));
    const window = windowOf(run);
    if (window) note += ` (to keep it, ${messages.reimport(window.startMs, window.endMs)})`;
  }
  return { recommendations: selected.map((r) => inPlanCurrency({ ...r, currency: r.currency ?? taken! }, planCurrency, fx)), note };
}

/** The account's currency for recommendations stored without one, or a refusal naming the re-import. */
async function accountCurrency(store: Store, run: RunRecord): Promise<{ currency: string; note: string }> {
  const own = unitCurrencies(run);
  if (own?.length === 1) return { currency: own[0]!, note: messages.currencyTaken(own[0]!, 'the amounts of the same Cost Explorer import') };
  // Cost Explorer imports whose latest run predates `Unit`: their lines say USD without having read it.
  const latestRunOfImport = new Map<string, RunRecord>();
  for (const r of await listRuns(store, { kind: costExplorerRunKind, limit: 1000 })) {
    const window = windowOf(r);
    if (!window || r.status === 'failed' || r.status === 'running') continue;
    const id = costExplorerImportId(window.startMs, window.endMs);
    if (!latestRunOfImport.has(id)) latestRunOfImport.set(id, r);
  }
  const unread = [...latestRunOfImport].filter(([, r]) => unitCurrencies(r) === null).map(([id]) => id);
  const bill = await storedCurrencies(store, unread);
  if (bill.length === 1) return { currency: bill[0]!, note: messages.currencyTaken(bill[0]!, 'the bill in the store') };
  const window = windowOf(run);
  throw new InputError(messages.currencyUnknown(bill), { hint: window ? messages.reimport(window.startMs, window.endMs) : 're-import them with headroom import --cost-explorer, which keeps it' });
}

function inPlanCurrency(rec: ProviderCommitmentRecommendation & { currency: string }, planCurrency: string, fx: Readonly<Record<string, number>>): ProviderCommitmentRecommendation {
  if (rec.currency === planCurrency) return rec;
  const rate = exchangeRate(rec.currency, planCurrency, fx);
  if (rate === null) {
    const missing = [rec.currency, planCurrency].filter((c) => c !== 'USD' && fx[c] === undefined);
    throw new InputError(messages.inOtherCurrency(rec.currency, planCurrency), { hint: `pass ${fxFlags(missing)} (the value of one ${missing[0]} in USD) or set billing.fx.${missing[0]} in the config` });
  }
  return { ...rec, currency: planCurrency, hourlyCommitmentUsd: rec.hourlyCommitmentUsd * rate, upfrontUsd: rec.upfrontUsd * rate, estimatedMonthlySavingsUsd: rec.estimatedMonthlySavingsUsd * rate };
}

/** The sentences of this module, for tests. */
export const providerRecommendationMessages = messages;
