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


/** `--fx EUR=RATE --fx GBP=RATE` for the currencies that need a rate. */
export function fxFlags(missing: readonly string[]): string {
  return missing.map((c) => `--fx ${c}=RATE`).join(' ');
}

/** "1 EUR = 1.08 USD" per rate used, for the page or table that shows converted amounts. */
export function describeFxRates(used: Record<string, number>, currency: string): string[] {
  return Object.entries(used).map(([c, r]) => `1 ${c} = ${r} ${currency}`);
}

/**
 * The multiplier taking an amount in `from` into `to`, with `fx` giving each currency's value in
 * USD (`--fx EUR=1.08`); null when a rate is missing.
 */
export function exchangeRate(from: string, to: string, fx: Readonly<Record<string, number>>): number | null {
  if (from === to) return 1;
  const inUsd = (code: string) => (code === 'USD' ? 1 : fx[code]);
  const a = inUsd(from);
  const b = inUsd(to);
  return a === undefined || b === undefined ? null : a / b;
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

/**
 * How amounts in `currencies` become one total: the one currency as it is, or several converted to
 * USD with `fx`. `fixHint` words the way out for the command at hand (default: `costs`' flags).
 */
export function planCurrency(currencies: readonly string[], fx: Record<string, number>, fixHint?: (missing: string[]) => string): CurrencyPlan {
  const foreign = currencies.filter((c) => c !== 'USD');
  const converting = foreign.length > 0 && foreign.every((c) => fx[c] !== undefined);
  if (!converting) {
    if (currencies.length > 1) {
      const missing = foreign.filter((c) => fx[c] === undefined);
      throw new HeadroomError('INPUT_INVALID', `the bill mixes ${currencies.join(', ')}: one total needs an exchange rate for ${missing.join(', ')}`,
        { hint: fixHint ? fixHint(missing) : `pass ${fxFlags(missing)} (the value of one ${missing[0]} in USD), or --source to read one bill` });
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

/**
 * planCurrency for a command other than `costs`: the refusal names what was being computed
 * (`report 2026-W45: the bill mixes EUR, USD: …`) and the command's own flag.
 */
export function planCurrencyFor(what: string, command: string, currencies: readonly string[], fx: Record<string, number>): CurrencyPlan {
  try {
    return planCurrency(currencies, fx, (missing) => `rerun with ${fxFlags(missing)} (the value of one ${missing[0]} in USD), e.g. ${command} --fx ${missing[0]}=1.08`);
  } catch (err) {
    if (err instanceof HeadroomError) throw new HeadroomError(err.code, `${what}: ${err.message}`, { hint: err.hint });
    throw err;
  }
}
