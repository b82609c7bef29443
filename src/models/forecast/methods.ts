/** The registry of forecast methods, by the name a user passes as --method. */
import type { ForecastMethod } from './method.js';
import { seasonalNaiveMethod } from './seasonal-naive.js';

export const forecastMethods: Record<string, ForecastMethod> = {
  auto: { ...seasonalNaiveMethod, name: 'auto' },
  'seasonal-naive': seasonalNaiveMethod,
};
