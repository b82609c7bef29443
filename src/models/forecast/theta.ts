/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000, in Hyndman & Billah's form, as R's
 * thetaf) on a seasonally adjusted series: simple exponential smoothing plus half the slope of the
 * least-squares line as drift.
 */
import type { AdjustedModel } from './decomposed-method.js';
import { linearSlope } from './series-math.js';

/** Sum of squared one-step SES errors for smoothing parameter `alpha`. */
function sesSse(y: Float64Array, alpha: number): number {
  let level = y[0];
  let sse = 0;
  for (let t = 1; t < y.length; t++) {
    const e = y[t] - level;
    sse += e * e;
    level += alpha * e;
  }
  return sse;
}

/** SES smoothing parameter by golden-section search on the one-step squared error. */
export function fitSesAlpha(y: Float64Array): number {
  if (y.length < 3) return 0.5;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = 0.001;
  let b = 0.999;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = sesSse(y, c);
  let fd = sesSse(y, d);
  for (let i = 0; i < 25; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = sesSse(y, c); }
    else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = sesSse(y, d); }
  }
  return fc < fd ? c : d;
}

/** Adds weight × the Theta forecast of `y` (fixed SES parameter) into `out`. */
export function addThetaPrediction(y: Float64Array, alpha: number, horizon: number, weight: number, out: Float64Array): void {
  const n = y.length;
  if (n === 0) return;
  let level = y[0];
  for (let t = 1; t < n; t++) level += alpha * (y[t] - level);
  const drift = n >= 3 ? linearSlope(y) / 2 : 0;
  const offset = 1 / alpha - Math.pow(1 - alpha, n) / alpha;
  for (let h = 0; h < horizon; h++) out[h] += weight * (level + drift * (h + offset));
}

export const thetaModel: AdjustedModel = {
  name: 'theta',
  fit(adjusted) {
    const alpha = fitSesAlpha(adjusted);
    return { name: 'theta', addPrediction: (y, horizon, weight, out) => addThetaPrediction(y, alpha, horizon, weight, out) };
  },
};
