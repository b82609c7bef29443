/**
 * A small Nelder–Mead simplex minimiser for the 1–4 smoothing parameters of ETS and Theta.
 * Parameters live in [0, 1] boxes (the caller maps them to their real ranges); points outside are
 * clamped, which keeps the simplex inside the admissible region without penalty cliffs.
 */
export interface MinimiseOptions {
  maxEvaluations: number;
  /** Stop when the simplex's function values differ by less than this (relative). */
  tolerance: number;
}

export function minimiseNelderMead(objective: (x: Float64Array) => number, start: Float64Array, options: MinimiseOptions): { x: Float64Array; value: number; evaluations: number } {
  const d = start.length;
  const simplex: Float64Array[] = [];
  const values = new Float64Array(d + 1);
  const clamp = (x: Float64Array): Float64Array => {
    for (let i = 0; i < d; i++) x[i] = Math.min(0.9999, Math.max(0.0001, x[i]));
    return x;
  };
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = objective(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  simplex.push(clamp(Float64Array.from(start)));
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(start);
    p[i] = p[i] > 0.5 ? p[i] - 0.2 : p[i] + 0.2;
    simplex.push(clamp(p));
  }
  for (let i = 0; i <= d; i++) values[i] = evaluate(simplex[i]);
  const centroid = new Float64Array(d);
  const reflected = new Float64Array(d);
  const expanded = new Float64Array(d);
  const contracted = new Float64Array(d);
  const order = new Int32Array(d + 1);
  while (evaluations < options.maxEvaluations) {
    for (let i = 0; i <= d; i++) order[i] = i;
    order.sort((a, b) => values[a] - values[b]);
    const best = order[0];
    const worst = order[d];
    const secondWorst = order[d - 1];
    const spread = Math.abs(values[worst] - values[best]);
    if (spread <= options.tolerance * (Math.abs(values[best]) + 1e-12)) break;
    centroid.fill(0);
    for (let i = 0; i <= d; i++) if (i !== worst) for (let j = 0; j < d; j++) centroid[j] += simplex[i][j] / d;
    for (let j = 0; j < d; j++) reflected[j] = centroid[j] + (centroid[j] - simplex[worst][j]);
    clamp(reflected);
    const fr = evaluate(reflected);
    if (fr < values[best]) {
      for (let j = 0; j < d; j++) expanded[j] = centroid[j] + 2 * (centroid[j] - simplex[worst][j]);
      clamp(expanded);
      const fe = evaluate(expanded);
      if (fe < fr) { simplex[worst].set(expanded); values[worst] = fe; } else { simplex[worst].set(reflected); values[worst] = fr; }
    } else if (fr < values[secondWorst]) {
      simplex[worst].set(reflected);
      values[worst] = fr;
    } else {
      const outside = fr < values[worst];
      for (let j = 0; j < d; j++) contracted[j] = outside ? centroid[j] + 0.5 * (reflected[j] - centroid[j]) : centroid[j] + 0.5 * (simplex[worst][j] - centroid[j]);
      clamp(contracted);
      const fc = evaluate(contracted);
      if (fc < Math.min(fr, values[worst])) {
        simplex[worst].set(contracted);
        values[worst] = fc;
      } else {
        for (let i = 0; i <= d; i++) {
          if (i === best) continue;
          for (let j = 0; j < d; j++) simplex[i][j] = simplex[best][j] + 0.5 * (simplex[i][j] - simplex[best][j]);
          values[i] = evaluate(simplex[i]);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= d; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  return { x: simplex[bestIndex], value: values[bestIndex], evaluations };
}
