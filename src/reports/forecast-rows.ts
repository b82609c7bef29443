/** Stored forecast rows read back for the report: the latest run, and the forecast a run made for a week. */
import type { StoredForecastRow } from '../store/report-repo.js';
import type { IsoWeek } from './iso-week.js';
import type { ForecastPoint } from './report-types.js';

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Round money to cents so JSON and pages agree digit for digit. */
export const cents = (x: number) => Math.round(x * 100) / 100;

/** Daily rows summed into one period's point (bounds only when every day has them). */
export function sumPoints(periodStartMs: number, rs: StoredForecastRow[]): ForecastPoint {
  const total = (f: (r: StoredForecastRow) => number | null) => (rs.every((r) => f(r) !== null) ? cents(sum(rs.map((r) => f(r)!))) : null);
  return { periodStartMs, meanUsd: cents(sum(rs.map((r) => r.mean))), lo80Usd: total((r) => r.lo80), hi80Usd: total((r) => r.hi80), lo95Usd: total((r) => r.lo95), hi95Usd: total((r) => r.hi95) };
}

/** Mean absolute error ratio of judged forecasts, and the share of those with an 80 % interval that held. */
export function scoreForecastErrors(rows: { errorRatio: number; heldInterval80: boolean | null }[]): { meanAbsErrorRatio: number; interval80HitRatio: number | null } {
  const withInterval = rows.filter((r) => r.heldInterval80 !== null);
  return {
    meanAbsErrorRatio: sum(rows.map((r) => Math.abs(r.errorRatio))) / rows.length,
    interval80HitRatio: withInterval.length ? withInterval.filter((r) => r.heldInterval80).length / withInterval.length : null,
  };
}

/** The run id of the newest run among the rows. */
export function latestRunOf(rows: StoredForecastRow[]): string | null {
  let best: StoredForecastRow | null = null;
  for (const r of rows) if (!best || (r.runAtMs ?? -1) > (best.runAtMs ?? -1) || ((r.runAtMs ?? -1) === (best.runAtMs ?? -1) && r.runId > best.runId)) best = r;
  return best?.runId ?? null;
}

/** The 7 daily rows for `week` of the latest run that started before the week did; null unless it has all 7. */
export function forecastRowsForWeek(rows: StoredForecastRow[], week: IsoWeek): StoredForecastRow[] | null {
  const before = rows.filter((r) => r.runAtMs !== null && r.runAtMs <= week.startMs);
  const runId = latestRunOf(before);
  if (!runId) return null;
  const rs = before.filter((r) => r.runId === runId && r.tsMs >= week.startMs && r.tsMs < week.endMs);
  return rs.length === 7 ? rs : null;
}

/** The forecast for `week` made by the latest run that started before the week did. */
export function forecastForWeek(rows: StoredForecastRow[], week: IsoWeek): (ForecastPoint & { runId: string; runAtMs: number; series: string }) | null {
  const rs = forecastRowsForWeek(rows, week);
  if (!rs) return null;
  return { ...sumPoints(week.startMs, rs), runId: rs[0]!.runId, runAtMs: rs[0]!.runAtMs!, series: rs[0]!.series };
}
