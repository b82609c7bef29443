/**
 * A page people read next to OUT.csv: for each series, the recent history, the forecast mean and
 * its intervals as one inline-SVG chart (rendered server-side, so the page works offline).
 */
import type { TopLevelSpec } from 'vega-lite';
import { timeAtStep, type Forecast, type RegularSeries } from '../domain/index.js';
import { esc } from '../reports/render-html.js';
import { renderChartSvg } from '../reports/render-svg.js';
import { maxChartedSeries } from './forecast-chart-limits.js';

export interface ForecastChartItem {
  name: string;
  series: RegularSeries;
  forecast: Forecast;
}

/** The vega-lite spec of one series' chart: history (grey), intervals (bands), mean (blue). */
export function buildForecastChartSpec(item: ForecastChartItem): TopLevelSpec {
  const { series, forecast } = item;
  const historySteps = Math.min(series.values.length, Math.max(3 * forecast.mean.length, 7 * 24));
  const from = series.values.length - historySteps;
  const history: { time: number; value: number }[] = [];
  for (let i = from; i < series.values.length; i++) if (Number.isFinite(series.values[i])) history.push({ time: timeAtStep(series.startMs, series.stepSeconds, i), value: series.values[i] });
  const mean = Array.from(forecast.mean, (value, h) => ({ time: timeAtStep(forecast.startMs, forecast.stepSeconds, h), value }));
  const bands = [...forecast.intervals].sort((a, b) => b.level - a.level);
  const x = { field: 'time', type: 'temporal', title: null } as const;
  return {
    width: 720,
    height: 220,
    layer: [
      ...bands.map((interval, i) => ({
        data: { values: Array.from(interval.lower, (lower, h) => ({ time: timeAtStep(forecast.startMs, forecast.stepSeconds, h), lower, upper: interval.upper[h] })) },
        mark: { type: 'area' as const, color: '#2563eb', opacity: 0.15 + 0.15 * i },
        encoding: { x, y: { field: 'lower', type: 'quantitative' as const, title: null }, y2: { field: 'upper' } },
      })),
      { data: { values: history }, mark: { type: 'line', color: '#6b7280', strokeWidth: 1 }, encoding: { x, y: { field: 'value', type: 'quantitative' } } },
      { data: { values: mean }, mark: { type: 'line', color: '#2563eb', strokeWidth: 2 }, encoding: { x, y: { field: 'value', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

/** The whole HTML page (first `maxChartedSeries` series). */
export async function renderForecastChartsHtml(items: readonly ForecastChartItem[]): Promise<string> {
  const charted = items.slice(0, maxChartedSeries);
  const sections: string[] = [];
  for (const item of charted) {
    const levels = item.forecast.intervals.map((i) => `${i.level} %`).join(' and ');
    const svg = await renderChartSvg(buildForecastChartSpec(item), `forecast of ${item.name}`);
    sections.push(`<section><h2>${esc(item.name)}</h2><p>${item.forecast.mean.length} steps, ${esc(levels)} intervals (bands), method ${esc(item.forecast.method)}</p>${svg}</section>`);
  }
  const note = items.length > charted.length ? `<p>Charts for the first ${charted.length} of ${items.length} series; all are in the CSV.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Headroom forecast</title>
<style>body{font-family:Helvetica,Arial,sans-serif;margin:2rem;color:#111827}h2{font-size:1.1rem;margin:1.5rem 0 .25rem}p{color:#4b5563;margin:.25rem 0}</style>
</head><body><h1>Forecast</h1><p>Grey: history; blue line: forecast mean; bands: prediction intervals (darker = narrower level).</p>${note}
${sections.join('\n')}
</body></html>
`;
}
