/**
 * What every point-forecast method provides. `fit` chooses the method's settings (model form,
 * smoothing parameters, periods) on the whole cleaned series once; `predict` then forecasts from
 * any prefix of that series with those settings fixed. Rolling-origin backtests (for interval
 * calibration and for `headroom backtest`) call `predict` on prefixes, so they cost one filter
 * pass per origin instead of one optimisation per origin.
 */
export interface FittedMethod {
  /** Name of what was fitted, e.g. 'ets(A,Ad,N)' or 'seasonal-naive(168)'. */
  readonly name: string;
  /** Point forecast for the `horizon` steps after `history` (a prefix of the fitted series). */
  predict(history: Float64Array, horizon: number): Float64Array;
  /**
   * A combination's members and the setter of their weights: the interval calibration's backtest
   * predicts every member at its origins anyway, so it also sets the weights (saving a separate
   * backtest of the members).
   */
  readonly members?: readonly FittedMethod[];
  setWeights?(weights: Float64Array): void;
}

export interface ForecastMethod {
  readonly name: string;
  /**
   * What the series is cleaned of before fitting: 'outliers' (default: gross outliers, then a
   * Hampel filter on the seasonally adjusted series — right for hourly usage with spikes),
   * 'gross' (only values far outside the series' range: on weekly and monthly data a sharp week
   * is usually real, and the Hampel filter cost the weekly combination 0.04 OWA) or 'none'.
   */
  readonly cleaning?: 'outliers' | 'gross' | 'none';
  /**
   * A benchmark (Naive2, the M4 Theta…) forecasts as it is defined: no drift correction from the
   * backtest is added to its point forecast. Its intervals are calibrated like any method's.
   */
  readonly benchmark?: boolean;
  /** Fits on a gap-free series; `periods` are the usable seasonal periods, ascending. */
  fit(values: Float64Array, periods: readonly number[]): FittedMethod;
}
