/** Forecast rows (`forecasts` table): one row per series and step, with 80 and 95 % bounds. */
import type { NamedForecast } from '../domain/capacity.js';
import type { StoreQueries } from './store.js';

/** Replaces the forecasts of `runId` for the given series. Call inside a transaction. */
export async function saveForecasts(q: StoreQueries, runId: string, forecasts: NamedForecast[]): Promise<number> {
  await q.run('DELETE FROM forecasts WHERE run_id = $1', [runId]);
  let rows = 0;
  const list = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? String(v) : 'NaN')).join(',');
  for (const f of forecasts) {
    if (f.mean.length === 0) continue;
    // One statement per series with the columns as number lists (row parameters are ~50× slower).
    await q.run(`INSERT INTO forecasts (run_id, series, ts, model, mean, lo80, hi80, lo95, hi95)
      SELECT $1, $2, make_timestamp(($3 + x.i * $4) * 1000), $5, x.mean, x.lo80, x.hi80, x.lo95, x.hi95 FROM (
        SELECT unnest(range(${f.mean.length})) AS i, unnest(string_split($6, ',')::DOUBLE[]) AS mean, unnest(string_split($7, ',')::DOUBLE[]) AS lo80,
               unnest(string_split($8, ',')::DOUBLE[]) AS hi80, unnest(string_split($9, ',')::DOUBLE[]) AS lo95, unnest(string_split($10, ',')::DOUBLE[]) AS hi95) x`,
    [runId, f.series, Math.round(f.startMs), f.stepSeconds * 1000, f.method, list(f.mean), list(f.lo80), list(f.hi80), list(f.lo95), list(f.hi95)]);
    rows += f.mean.length;
  }
  return rows;
}

/** Forecasts of `runId` (all series, or those starting with `seriesPrefix`), rebuilt as NamedForecast. */
export async function loadForecasts(q: StoreQueries, runId: string, seriesPrefix = ''): Promise<NamedForecast[]> {
  const rows = await q.all<{ series: string; ms: number; model: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }>(
    `SELECT series, epoch_ms(ts) AS ms, model, mean, lo80, hi80, lo95, hi95 FROM forecasts
     WHERE run_id = $1 AND starts_with(series, $2) ORDER BY series, ts`, [runId, seriesPrefix]);
  const out: NamedForecast[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j < rows.length && rows[j].series === rows[i].series) j++;
    const slice = rows.slice(i, j);
    const col = (k: 'mean' | 'lo80' | 'hi80' | 'lo95' | 'hi95') => Float64Array.from(slice, (r) => Number(r[k] ?? Number.NaN));
    out.push({
      series: rows[i].series, method: rows[i].model, startMs: Number(slice[0].ms),
      stepSeconds: slice.length > 1 ? (Number(slice[1].ms) - Number(slice[0].ms)) / 1000 : 86_400,
      mean: col('mean'), lo80: col('lo80'), hi80: col('hi80'), lo95: col('lo95'), hi95: col('hi95'),
    });
    i = j;
  }
  return out;
}
