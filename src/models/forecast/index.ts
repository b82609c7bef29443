/**
 * The forecast engine (pure: no I/O, no clock). `forecast(series, request)` implements the
 * contract of src/domain/forecast.ts; the scoring functions implement the definitions of the
 * forecast-dev README (MASE, sMAPE, coverage, MSIS, peak error).
 */
export { forecast, listForecastMethods, defaultMethod } from './forecast.js';
export { defaultSeasonalPeriods } from './prepare.js';
export { scoreForecast, averageScores, computeSeasonalScale, computeOwa, m4SeasonalLag, type ForecastScore, type ScoredInterval } from './accuracy.js';
export { scoreHeldOut, scoreRollingOrigin, type RollingOriginOptions, type HeldOutOptions } from './evaluate.js';
