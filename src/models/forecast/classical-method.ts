/**
 * The forecaster for low-frequency series (weekly, monthly spend): the M4 recipe of seasonal
 * adjustment by classical decomposition (only for a period the seasonality test kept, with two
 * full cycles), then the equal-weight mean of non-seasonal models on the adjusted series, then the
 * indices put back. Equal weights on purpose: with a few dozen to a few hundred points, backtest
 * weights are mostly noise, and the plain mean of damped trend and Theta is what won on M4-like
 * data (forecast-weekly-dev OWA: damped 0.905, Theta 0.964, their mean after adjustment 0.71).
 */
import type { FittedMethod, ForecastMethod } from './method.js';
import type { AdjustedModel } from './decomposed-method.js';
import { adjustClassical, decomposeClassical, reseasonalise } from './classical-decompose.js';

export interface ClassicalMethodOptions {
  /** A benchmark forecasts as defined (see ForecastMethod.benchmark), on the gap-filled raw series. */
  benchmark?: boolean;
}

export function createClassicalMethod(name: string, models: readonly AdjustedModel[], options: ClassicalMethodOptions = {}): ForecastMethod {
  return {
    name,
    cleaning: options.benchmark ? 'none' : 'gross',
    benchmark: options.benchmark ?? false,
    fit(values, periods): FittedMethod {
      const period = periods.length > 0 ? periods[periods.length - 1] : 0;
      const seasonal = period >= 2 && values.length >= 2 * period;
      const adjust = (y: Float64Array) => {
        if (!seasonal) return { adjusted: y, put: (v: number) => v };
        const d = decomposeClassical(y, period);
        return { adjusted: adjustClassical(y, d), put: (v: number, t: number) => reseasonalise(v, t, d) };
      };
      const fitted = models.map((m) => m.fit(adjust(values).adjusted));
      const weight = 1 / fitted.length;
      return {
        name: `${name}[${seasonal ? period : ''}](${fitted.map((f) => f.name).join('+')})`,
        predict(history, horizon) {
          const { adjusted, put } = adjust(history);
          const out = new Float64Array(horizon);
          for (const f of fitted) f.addPrediction(adjusted, horizon, weight, out);
          for (let h = 0; h < horizon; h++) out[h] = put(out[h], history.length + h);
          return out;
        },
      };
    },
  };
}
