/**
 * One day's billed cost as /metrics exports it: in each currency it was billed in, and in USD.
 *
 * A bill can mix currencies (an EUR account beside a USD one). Money in unlike currencies is
 * never summed: each currency keeps its own total, per service and per namespace. The USD view
 * adds the lines of other currencies at the configured rates (`billing.fx`, the value of one unit
 * in USD); a series that would need a line in a currency without a rate is left out, not
 * reported from its USD lines alone (a partial total would read as a fall in spend).
 */

/** Cost lines of one day, summed per service, namespace and currency. */
export interface DailyCostRow {
  service: string;
  namespace: string;
  /** ISO 4217 code of `cost`. */
  currency: string;
  cost: number;
}

/** A day's cost in one currency: total, per service and per namespace ('' keys are left out of the maps). */
export interface DailyCostBreakdown {
  total: number;
  byService: Map<string, number>;
  byNamespace: Map<string, number>;
}

export interface DailyCostSummary {
  /** The day's cost in each currency billed, by code. */
  byCurrency: Map<string, DailyCostBreakdown>;
  /** The day's cost in USD; `total` is null when a line has no rate, and such services and namespaces are absent. */
  usd: { total: number | null; byService: Map<string, number>; byNamespace: Map<string, number> };
  /** Currencies of the day without a rate into USD, sorted. */
  unconverted: string[];
}

const addTo = (map: Map<string, number>, key: string, v: number) => {
  if (key !== '') map.set(key, (map.get(key) ?? 0) + v);
};

/** Splits a day's rows by currency, and converts them to USD at `fxToUsd` where every line of a series has a rate. */
export function summariseDailyCost(rows: readonly DailyCostRow[], fxToUsd: Readonly<Record<string, number>>): DailyCostSummary {
  const byCurrency = new Map<string, DailyCostBreakdown>();
  const usd = { total: 0 as number | null, byService: new Map<string, number>(), byNamespace: new Map<string, number>() };
  const blockedServices = new Set<string>();
  const blockedNamespaces = new Set<string>();
  const unconverted = new Set<string>();
  let usdTotal = 0;
  for (const r of rows) {
    const own = byCurrency.get(r.currency) ?? { total: 0, byService: new Map<string, number>(), byNamespace: new Map<string, number>() };
    byCurrency.set(r.currency, own);
    own.total += r.cost;
    addTo(own.byService, r.service, r.cost);
    addTo(own.byNamespace, r.namespace, r.cost);
    const rate = r.currency === 'USD' ? 1 : fxToUsd[r.currency];
    if (rate === undefined) {
      unconverted.add(r.currency);
      blockedServices.add(r.service);
      blockedNamespaces.add(r.namespace);
      continue;
    }
    usdTotal += r.cost * rate;
    addTo(usd.byService, r.service, r.cost * rate);
    addTo(usd.byNamespace, r.namespace, r.cost * rate);
  }
  for (const s of blockedServices) usd.byService.delete(s);
  for (const n of blockedNamespaces) usd.byNamespace.delete(n);
  usd.total = unconverted.size ? null : usdTotal;
  return { byCurrency, usd, unconverted: [...unconverted].sort() };
}
