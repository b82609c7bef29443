/** Forecast rows (`forecasts` table): one row per series and step, with 80 and 95 % bounds. */
import type { NamedForecast } from '../domain/capacity.js';
import type { SqlParam, StoreQueries } from './store.js';

/** Replaces the forecasts of `runId` for the given series. Call inside a transaction. */
export async function saveForecasts(q: StoreQueries, runId: string, forecasts: NamedForecast[]): Promise<number> {
  await q.run('DELETE FROM forecasts WHERE run_id = $1', [runId]);
  const rows: SqlParam[][] = [];
  for (const f of forecasts) {
    const stepMs = f.stepSeconds * 1000;
    for (let i = 0; i < f.mean.length; i++) {
      rows.push([runId, f.series, new Date(f.startMs + i * stepMs), f.method, f.mean[i], f.lo80[i], f.hi80[i], f.lo95[i], f.hi95[i]]);
    }
  }
  await q.insertRows('forecasts', ['run_id', 'series', 'ts', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'], rows);
  return rows.length;
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
