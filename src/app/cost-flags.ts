/** The `costs` options this summary reads (`--by`, `--fx`, `--min-change-baseline`), checked and parsed. */
import { HeadroomError } from '../domain/errors.js';
import { parseFxRates } from './cost-currency.js';
import { costSummaryDimensions, isCostSummaryDimension, type CostSummaryOptions } from './costs.js';

export function parseCostSummaryFlags(opts: { by?: string; fx?: string[]; minChangeBaseline?: string }): Pick<CostSummaryOptions, 'by' | 'fx' | 'minChangeBaseline'> {
  if (opts.by !== undefined && !isCostSummaryDimension(opts.by)) {
    throw new HeadroomError('USAGE', `--by ${opts.by}: expected one of ${costSummaryDimensions.join(', ')}`);
  }
  const baseline = Number(opts.minChangeBaseline ?? '1');
  if (!Number.isFinite(baseline) || baseline < 0) throw new HeadroomError('USAGE', `--min-change-baseline ${opts.minChangeBaseline}: expected an amount ≥ 0`);
  return { by: opts.by, fx: parseFxRates(opts.fx ?? []), minChangeBaseline: baseline };
}
