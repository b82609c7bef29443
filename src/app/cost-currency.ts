/**
 * Which currency a cost summary is in. A bill in one currency is reported in it (EUR stays EUR);
 * a total over several currencies is refused unless exchange rates are given (`--fx EUR=1.08`,
 * the value of one EUR in USD), and is then in USD.
 */
import { HeadroomError } from '../domain/errors.js';

export interface CurrencyPlan {
  currency: string;
  /** Multiplier per stored currency into `currency`. */
  rates: Map<string, number>;
  /** The rates the user gave that were used. */
  used: Record<string, number>;
}


/** Parses `EUR=1.08` (repeatable, or comma-separated) into rates to USD. */
export function parseFxRates(texts: readonly string[]): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const part of texts.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]{3})=([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)$/.exec(part);
    const rate = m ? Number(m[2]) : NaN;
    if (!m || !(rate > 0)) throw new HeadroomError('USAGE', `--fx ${part}: expected CODE=RATE with a rate > 0`, { hint: 'e.g. --fx EUR=1.08 (one EUR is 1.08 USD)' });
    rates[m[1]!.toUpperCase()] = rate;
  }
  return rates;
}

export function planCurrency(currencies: readonly string[], fx: Record<string, number>): CurrencyPlan {
  const foreign = currencies.filter((c) => c !== 'USD');
  const converting = foreign.length > 0 && foreign.every((c) => fx[c] !== undefined);
  if (!converting) {
    if (currencies.length > 1) {
      const missing = foreign.filter((c) => fx[c] === undefined);
      throw new HeadroomError('INPUT_INVALID', `the bill mixes ${currencies.join(', ')}: one total needs an exchange rate for ${missing.join(', ')}`,
        { hint: `pass ${missing.map((c) => `--fx ${c}=RATE`).join(' ')} (the value of one ${missing[0]} in USD), or --source to read one bill` });
    }
    return { currency: currencies[0] ?? 'USD', rates: new Map([[currencies[0] ?? 'USD', 1]]), used: {} };
  }
  const rates = new Map<string, number>([['USD', 1]]);
  const used: Record<string, number> = {};
  for (const c of foreign) {
    rates.set(c, fx[c]!);
    used[c] = fx[c]!;
  }
  return { currency: 'USD', rates, used };
}
