/** The registry of forecast methods, by the name a user passes as --method. */
import type { ForecastMethod } from './method.js';
import { combineMethods } from './combine.js';
import { createDecomposedMethod } from './decomposed-method.js';
import { etsMethod } from './ets.js';
import { etsAdjustedModel } from './adjusted-ets.js';
import { seasonalNaiveMethod } from './seasonal-naive.js';
import { thetaModel } from './theta.js';

export const forecastMethods: Record<string, ForecastMethod> = {
  // Smooth profiles (Theta and ETS on the MSTL-adjusted series, weighted by backtest error)
  // averaged with seasonal naive, which keeps sharp repeating shapes (a nightly job's spike) that
  // the profiles blur.
  auto: combineMethods('auto', [createDecomposedMethod('mstl', [thetaModel, etsAdjustedModel]), seasonalNaiveMethod]),
  ets: etsMethod,
  mstl: createDecomposedMethod('mstl', [etsAdjustedModel]),
  'seasonal-naive': seasonalNaiveMethod,
  theta: createDecomposedMethod('theta', [thetaModel]),
};
