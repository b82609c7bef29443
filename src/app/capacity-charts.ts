/**
 * Charts of the capacity summary, rendered to SVG files: for the cluster's CPU and memory, daily
 * peaks of requests and usage, their forecasts with 80 % bands, allocatable and the target line;
 * and the monthly cost forecast with 80 and 95 % intervals.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CapacityReport, CapacityResource, NamedForecast } from '../domain/capacity.js';
import type { NamedSeries } from '../domain/usage.js';
import { GIB_BYTES } from '../domain/units.js';
import { aggregateDailyMax } from '../models/capacity/index.js';
import { renderChartSvg } from '../reports/render-svg.js';

export interface CapacityChart {
  title: string;
  file: string;
  svg: string;
}

type Row = { date: string; metric: string; kind: 'daily peak' | 'forecast'; value: number | null; lo?: number; hi?: number };

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function resourceSpec(report: CapacityReport, forecasts: NamedForecast[], series: NamedSeries[], resource: CapacityResource): { spec: TopLevelSpec; title: string } | null {
  const cluster = report.scopes.find((s) => s.scope === 'cluster');
  if (!cluster) return null;
  const r = resource === 'cpu' ? cluster.cpu : cluster.memory;
  const scale = resource === 'cpu' ? 1 : 1 / GIB_BYTES;
  const unit = resource === 'cpu' ? 'cores' : 'GiB';
  const rows: Row[] = [];
  for (const metric of ['requests', 'usage'] as const) {
    const name = `cluster=${cluster.name}/${resource}_${metric}_${resource === 'cpu' ? 'cores' : 'bytes'}`;
    const hist = series.find((s) => s.series === name);
    const daily = hist ? aggregateDailyMax(hist.points) : null;
    if (daily) daily.values.forEach((v, i) => Number.isFinite(v) && rows.push({ date: isoDate(daily.startMs + i * 86_400_000), metric, kind: 'daily peak', value: v * scale }));
    const f = forecasts.find((x) => x.series === `${name}:daily_max`);
    if (f) f.mean.forEach((v, i) => rows.push({ date: isoDate(f.startMs + i * f.stepSeconds * 1000), metric, kind: 'forecast', value: v * scale, lo: f.lo80[i] * scale, hi: f.hi80[i] * scale }));
  }
  if (rows.length === 0) return null;
  const rules = r.allocatable === null ? [] : [
    { label: 'allocatable', value: r.allocatable * scale },
    { label: `target ${Math.round(report.targetUtilization * 100)} %`, value: r.allocatable * report.targetUtilization * scale },
  ];
  const title = `Cluster ${cluster.name}: ${resource === 'cpu' ? 'CPU' : 'memory'} requests and usage peaks, forecast with 80 % band`;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 640,
    height: 260,
    layer: [
      {
        data: { values: rows.filter((x) => x.lo !== undefined) },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { field: 'lo', type: 'quantitative', title: unit }, y2: { field: 'hi' }, color: { field: 'metric', type: 'nominal', title: null } },
      },
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'date', type: 'temporal', title: null },
          y: { field: 'value', type: 'quantitative', title: unit },
          color: { field: 'metric', type: 'nominal', title: null },
          strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['daily peak', 'forecast'], range: [[1, 0], [5, 3]] } },
        },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', color: '#dc2626' },
        encoding: { y: { field: 'value', type: 'quantitative' }, strokeDash: { condition: { test: "datum.label === 'allocatable'", value: [1, 0] }, value: [2, 2] } },
      },
      {
        data: { values: rules },
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#dc2626', fontSize: 10 },
        encoding: { y: { field: 'value', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
  return { spec, title };
}

function costSpec(report: CapacityReport): { spec: TopLevelSpec; title: string } | null {
  const total = report.cost?.series.find((s) => s.breakdown === 'service' && s.key === '(total)');
  if (!total) return null;
  const values = total.months.map((m) => ({ month: m.month, mean: m.meanUsd, lo80: m.lo80Usd, hi80: m.hi80Usd, lo95: m.lo95Usd, hi95: m.hi95Usd }));
  const currency = report.cost?.currency ?? 'USD';
  const title = `Monthly cost forecast (${currency}, effective): mean with 80 % (thick) and 95 % (thin) intervals`;
  const x = { field: 'month', type: 'ordinal', title: null } as const;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 640,
    height: 220,
    data: { values },
    layer: [
      { mark: { type: 'bar', color: '#93c5fd' }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: `${currency} per month` } } },
      { mark: { type: 'rule', color: '#1e3a8a' }, encoding: { x, y: { field: 'lo95', type: 'quantitative' }, y2: { field: 'hi95' } } },
      { mark: { type: 'rule', color: '#1e3a8a', strokeWidth: 4 }, encoding: { x, y: { field: 'lo80', type: 'quantitative' }, y2: { field: 'hi80' } } },
    ],
  } as TopLevelSpec;
  return { spec, title };
}

/** Renders the summary's charts; a chart without data is left out. */
export async function renderCapacityCharts(report: CapacityReport, forecasts: NamedForecast[], series: NamedSeries[]): Promise<CapacityChart[]> {
  const planned: [string, { spec: TopLevelSpec; title: string } | null][] = [
    ['cluster-cpu.svg', resourceSpec(report, forecasts, series, 'cpu')],
    ['cluster-memory.svg', resourceSpec(report, forecasts, series, 'memory')],
    ['cost-forecast.svg', costSpec(report)],
  ];
  const charts: CapacityChart[] = [];
  for (const [file, s] of planned) if (s) charts.push({ file, title: s.title, svg: await renderChartSvg(s.spec, s.title) });
  return charts;
}
