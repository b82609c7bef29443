/** The registry of forecast methods, by the name a user passes as --method. */
import type { ForecastMethod } from './method.js';
import { combineMethods } from './combine.js';
import { createDecomposedMethod } from './decomposed-method.js';
import { etsMethod } from './ets.js';
import { autoEtsModel, dampedEtsModel, etsAdjustedModel } from './adjusted-ets.js';
import { createClassicalMethod } from './classical-method.js';
import { naiveModel, seasonalNaiveMethod } from './seasonal-naive.js';
import { thetaModel } from './theta.js';

export const forecastMethods: Record<string, ForecastMethod> = {
  // Smooth profiles (Theta and ETS on the MSTL-adjusted series, weighted by backtest error)
  // averaged with seasonal naive, which keeps sharp repeating shapes (a nightly job's spike) that
  // the profiles blur.
  auto: combineMethods('auto', [createDecomposedMethod('mstl', [thetaModel, etsAdjustedModel]), seasonalNaiveMethod]),
  // Weekly and monthly series (finance's horizon): classical seasonal adjustment, then the mean
  // of damped trend and Theta (see classical-method.ts). 'auto' resolves to it for steps of a week or more.
  comb: createClassicalMethod('comb', [dampedEtsModel, thetaModel]),
  ets: etsMethod,
  // M4's benchmarks as defined (classical multiplicative adjustment for a kept period, no
  // corrections), for `headroom backtest` and bench/forecast.ts: Naive2, Theta, and R's ets().
  naive2: createClassicalMethod('naive2', [naiveModel], { benchmark: true }),
  'm4-theta': createClassicalMethod('m4-theta', [thetaModel], { benchmark: true }),
  'm4-ets': createClassicalMethod('m4-ets', [autoEtsModel], { benchmark: true }),
  mstl: createDecomposedMethod('mstl', [etsAdjustedModel]),
  'seasonal-naive': seasonalNaiveMethod,
  theta: createDecomposedMethod('theta', [thetaModel]),
};
