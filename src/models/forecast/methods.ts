/** The registry of forecast methods, by the name a user passes as --method. */
import type { ForecastMethod } from './method.js';
import { combineMethods } from './combine.js';
import { etsMethod } from './ets.js';
import { mstlMethod } from './mstl.js';
import { seasonalNaiveMethod } from './seasonal-naive.js';
import { thetaMethod } from './theta.js';

export const forecastMethods: Record<string, ForecastMethod> = {
  auto: combineMethods('auto', [mstlMethod, thetaMethod, seasonalNaiveMethod]),
  ets: etsMethod,
  mstl: mstlMethod,
  'seasonal-naive': seasonalNaiveMethod,
  theta: thetaMethod,
};
