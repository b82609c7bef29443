/**
 * Forecast combination: the equal-weight mean of several methods' point forecasts. Combinations
 * of simple methods are among the most accurate and robust forecasters on unseen series (M3, M4);
 * the mean also averages away each member's idiosyncratic failure (a level shift one method
 * misses, a weekly profile another overfits).
 */
import type { FittedMethod, ForecastMethod } from './method.js';

export function combineMethods(name: string, members: readonly ForecastMethod[]): ForecastMethod {
  return {
    name,
    fit(values, periods): FittedMethod {
      const fitted = members.map((m) => m.fit(values, periods));
      return {
        name: `${name}(${fitted.map((f) => f.name).join(', ')})`,
        predict(history, horizon) {
          const out = new Float64Array(horizon);
          for (const f of fitted) {
            const p = f.predict(history, horizon);
            for (let h = 0; h < horizon; h++) out[h] += p[h] / fitted.length;
          }
          return out;
        },
      };
    },
  };
}
