/** The registry of forecast methods, by the name a user passes as --method. */
import type { ForecastMethod } from './method.js';
import { createDecomposedMethod } from './decomposed-method.js';
import { etsMethod } from './ets.js';
import { etsAdjustedModel } from './mstl.js';
import { seasonalNaiveMethod } from './seasonal-naive.js';
import { thetaModel } from './theta.js';

export const forecastMethods: Record<string, ForecastMethod> = {
  auto: createDecomposedMethod('auto', [thetaModel, etsAdjustedModel]),
  ets: etsMethod,
  mstl: createDecomposedMethod('mstl', [etsAdjustedModel]),
  'seasonal-naive': seasonalNaiveMethod,
  theta: createDecomposedMethod('theta', [thetaModel]),
};
