/**
 * Exponential smoothing state-space models (Hyndman et al., "Forecasting with Exponential
 * Smoothing", 2008): error A|M, trend N|A|Ad, seasonality N|A with one period (24 or 168 for
 * hourly data). Smoothing parameters are fitted by maximum likelihood with Nelder–Mead; initial
 * states come from the first cycles (as R's heuristic start values), which keeps the optimisation
 * at 1–4 dimensions. Among the admissible forms the lowest AICc wins.
 *
 * The additive-seasonal multiplicative-error forms share the point forecasts of their additive
 * twins; only their likelihood (relative errors plus the log|ŷ| Jacobian) differs, so both fit
 * through one filter.
 */
import type { FittedMethod, ForecastMethod } from './method.js';
import { minimiseNelderMead } from './nelder-mead.js';
import { linearSlope, meanOf } from './series-math.js';

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';

export interface EtsForm {
  error: EtsError;
  trend: EtsTrend;
  /** Seasonal period in steps; 0 for none. */
  period: number;
}

export interface EtsParameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface EtsFit {
  form: EtsForm;
  parameters: EtsParameters;
  aicc: number;
}

/** Maps the optimiser's unit box to admissible parameters (β < α, γ < 1 − α, 0.8 ≤ φ ≤ 0.98). */
function decodeParameters(form: EtsForm, u: Float64Array): EtsParameters {
  const alpha = u[0];
  let k = 1;
  const beta = form.trend === 'N' ? 0 : u[k++] * alpha;
  const gamma = form.period > 0 ? u[k++] * (1 - alpha) : 0;
  const phi = form.trend === 'Ad' ? 0.8 + 0.18 * u[k] : 1;
  return { alpha, beta, gamma, phi };
}

function parameterCount(form: EtsForm): number {
  return 1 + (form.trend === 'N' ? 0 : 1) + (form.period > 0 ? 1 : 0) + (form.trend === 'Ad' ? 1 : 0);
}

/** Scratch state reused across filter runs of one fit (no allocation in the likelihood loop). */
interface EtsScratch {
  seasonal: Float64Array;
}

/** Initial level, slope and seasonal states from the first cycles of `y`. */
function initialiseStates(y: Float64Array, form: EtsForm, seasonal: Float64Array): { level: number; slope: number } {
  const n = y.length;
  const m = form.period;
  if (m > 0 && n >= m) {
    const cycles = Math.min(2, Math.floor(n / m));
    const first = meanOf(y, 0, m);
    const slope = cycles >= 2 && form.trend !== 'N' ? (meanOf(y, m, 2 * m) - first) / m : 0;
    for (let p = 0; p < m; p++) {
      let s = 0;
      for (let c = 0; c < cycles; c++) s += y[c * m + p] - (first + slope * (c * m + p - (m - 1) / 2));
      seasonal[p] = s / cycles;
    }
    let mean = 0;
    for (let p = 0; p < m; p++) mean += seasonal[p];
    mean /= m;
    for (let p = 0; p < m; p++) seasonal[p] -= mean;
    return { level: first - slope * ((m - 1) / 2 + 1), slope };
  }
  const k = Math.min(10, n);
  const slope = form.trend === 'N' ? 0 : linearSlope(y, 0, k);
  return { level: meanOf(y, 0, k) - slope * ((k - 1) / 2 + 1), slope };
}

/**
 * Runs the filter over `y`; returns the objective −2·log-likelihood (up to a constant), and
 * leaves the final states in `out` when given (for forecasting).
 */
function runFilter(y: Float64Array, form: EtsForm, p: EtsParameters, scratch: EtsScratch, out?: { level: number; slope: number; phaseOffset: number }): number {
  const n = y.length;
  const m = form.period;
  const seasonal = scratch.seasonal;
  let { level, slope } = initialiseStates(y, form, seasonal);
  const { alpha, beta, gamma, phi } = p;
  let sse = 0;
  let logJacobian = 0;
  const multiplicative = form.error === 'M';
  for (let t = 0; t < n; t++) {
    const phase = m > 0 ? t % m : 0;
    const s = m > 0 ? seasonal[phase] : 0;
    const base = level + phi * slope;
    const yhat = base + s;
    const e = y[t] - yhat;
    if (multiplicative) {
      if (!(yhat > 0)) return Infinity;
      const rel = e / yhat;
      sse += rel * rel;
      logJacobian += Math.log(yhat);
    } else {
      sse += e * e;
    }
    level = base + alpha * e;
    slope = phi * slope + beta * e;
    if (m > 0) seasonal[phase] = s + gamma * e;
  }
  if (out) {
    out.level = level;
    out.slope = slope;
    out.phaseOffset = n;
  }
  if (!(sse > 0)) return -1e12 + logJacobian; // a perfect fit: best possible value
  return n * Math.log(sse / n) + 2 * logJacobian;
}

/** Fits one form; returns its parameters and AICc. */
export function fitEtsForm(y: Float64Array, form: EtsForm, maxEvaluations = 120): EtsFit {
  const n = y.length;
  const scratch: EtsScratch = { seasonal: new Float64Array(Math.max(1, form.period)) };
  const d = parameterCount(form);
  const start = new Float64Array(d);
  start[0] = 0.3;
  for (let i = 1; i < d; i++) start[i] = 0.2;
  if (form.trend === 'Ad') start[d - 1] = 0.8;
  const objective = (u: Float64Array): number => runFilter(y, form, decodeParameters(form, u), scratch);
  const best = d === 1 ? minimiseGolden(objective, start) : minimiseNelderMead(objective, start, { maxEvaluations, tolerance: 1e-7 });
  const k = d + 1 + (form.trend === 'N' ? 1 : 2) + Math.max(0, form.period - 1);
  const aicc = n - k - 1 > 0 ? best.value + 2 * k + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return { form, parameters: decodeParameters(form, best.x), aicc };
}

/** Golden-section search on one parameter in [0.0001, 0.9999]. */
function minimiseGolden(objective: (x: Float64Array) => number, start: Float64Array): { x: Float64Array; value: number } {
  const x = Float64Array.from(start);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = 0.0001;
  let b = 0.9999;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  x[0] = c;
  let fc = objective(x);
  x[0] = d;
  let fd = objective(x);
  for (let i = 0; i < 30; i++) {
    if (fc < fd) {
      b = d; d = c; fd = fc; c = b - ratio * (b - a); x[0] = c; fc = objective(x);
    } else {
      a = c; c = d; fc = fd; d = a + ratio * (b - a); x[0] = d; fd = objective(x);
    }
  }
  x[0] = fc < fd ? c : d;
  return { x, value: Math.min(fc, fd) };
}

/** Point forecasts of a fitted form from `history` (states re-run over the history with fixed parameters). */
export function predictEts(history: Float64Array, fit: EtsFit, horizon: number): Float64Array {
  const { form, parameters } = fit;
  const scratch: EtsScratch = { seasonal: new Float64Array(Math.max(1, form.period)) };
  const out = new Float64Array(horizon);
  if (history.length === 0) return out;
  const state = { level: 0, slope: 0, phaseOffset: 0 };
  runFilter(history, form, parameters, scratch, state);
  let damp = 0;
  let phiPower = 1;
  for (let h = 0; h < horizon; h++) {
    phiPower *= parameters.phi;
    damp += phiPower;
    const s = form.period > 0 ? scratch.seasonal[(state.phaseOffset + h) % form.period] : 0;
    out[h] = state.level + damp * state.slope + s;
    if (!Number.isFinite(out[h])) out[h] = history[history.length - 1];
  }
  return out;
}

/** Candidate forms for a series: seasonal ones only for periods with two full cycles; M errors only for positive data. */
export function listEtsForms(y: Float64Array, periods: readonly number[]): EtsForm[] {
  let positive = true;
  for (let i = 0; i < y.length; i++) if (!(y[i] > 0)) { positive = false; break; }
  const forms: EtsForm[] = [];
  for (const period of [0, ...periods.filter((m) => y.length >= 2 * m + 4)]) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const error of positive ? (['A', 'M'] as const) : (['A'] as const)) forms.push({ error, trend, period });
    }
  }
  return forms;
}

/** Fits every candidate form and keeps the lowest AICc. */
export function selectEts(y: Float64Array, periods: readonly number[]): EtsFit {
  let best: EtsFit | undefined;
  for (const form of listEtsForms(y, periods)) {
    const fit = fitEtsForm(y, form);
    if (!best || fit.aicc < best.aicc) best = fit;
  }
  return best ?? { form: { error: 'A', trend: 'N', period: 0 }, parameters: { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, aicc: Infinity };
}

export function describeEts(form: EtsForm): string {
  return `ets(${form.error},${form.trend},${form.period > 0 ? `A${form.period}` : 'N'})`;
}

export const etsMethod: ForecastMethod = {
  name: 'ets',
  fit(values, periods): FittedMethod {
    const fit = selectEts(values, periods);
    return { name: describeEts(fit.form), predict: (history, horizon) => predictEts(history, fit, horizon) };
  },
};
