/**
 * The report's charts as vega-lite specs (data inlined, so the SVG is a pure function of the
 * report). One function per chart; each returns null when its section has no data.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { WeeklyReport, CostForecast } from './report-types.js';
import { budgetStatusLabels, formatDurationSeconds } from './messages.js';

export interface ChartSpec {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

const width = 640;
const iso = (ms: number) => new Date(ms).toISOString();

function chartDailyCost(r: WeeklyReport): ChartSpec | null {
  if (r.cost.daily.length === 0) return null;
  const values = r.cost.daily.map((d) => ({ day: iso(d.dayMs), costUsd: d.costUsd, week: d.dayMs >= r.week.startMs && d.dayMs < r.week.endMs ? 'report week' : 'earlier' }));
  return {
    id: 'daily-cost',
    title: 'Daily spend (effective cost)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width, height: 180,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: null, axis: { format: '%b %d', labelAngle: 0 } },
        y: { field: 'costUsd', type: 'quantitative', title: `${r.currency} / day` },
        color: { field: 'week', type: 'nominal', title: null, scale: { domain: ['earlier', 'report week'], range: ['#93c5fd', '#2563eb'] } },
      },
    },
  };
}

function forecastChart(id: string, title: string, f: CostForecast, actuals: { t: number; usd: number }[], unit: 'week' | 'month', currency: string): ChartSpec {
  const fc = f.points.map((p) => ({ t: iso(p.periodStartMs), mean: p.meanUsd, lo80: p.lo80Usd, hi80: p.hi80Usd, lo95: p.lo95Usd, hi95: p.hi95Usd, kind: 'forecast' }));
  const act = actuals.map((a) => ({ t: iso(a.t), mean: a.usd, kind: 'actual' }));
  const x = { field: 't', type: 'temporal' as const, title: null, axis: { format: unit === 'week' ? '%b %d' : '%b %Y', labelAngle: 0 } };
  return {
    id,
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width, height: 200,
      data: { values: [...act, ...fc] },
      layer: [
        { transform: [{ filter: "datum.kind === 'forecast' && datum.lo95 !== null" }], mark: { type: 'area', opacity: 0.18, color: '#2563eb' }, encoding: { x, y: { field: 'lo95', type: 'quantitative', title: `${currency} / ${unit}` }, y2: { field: 'hi95' } } },
        { transform: [{ filter: "datum.kind === 'forecast' && datum.lo80 !== null" }], mark: { type: 'area', opacity: 0.3, color: '#2563eb' }, encoding: { x, y: { field: 'lo80', type: 'quantitative' }, y2: { field: 'hi80' } } },
        { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['actual', 'forecast'], range: ['#111827', '#2563eb'] } } } },
      ],
    },
  };
}

function chartCapacity(r: WeeklyReport): ChartSpec | null {
  const rows = r.capacity.rows.filter((c) => c.capacity && c.requested !== null);
  if (rows.length === 0) return null;
  const values = rows.flatMap((c) => [
    { scope: `${c.scope} ${c.name}`, resource: c.resource, measure: 'requested', ratio: c.requested! / c.capacity! },
    ...(c.used !== null ? [{ scope: `${c.scope} ${c.name}`, resource: c.resource, measure: 'used (peak)', ratio: c.used / c.capacity! }] : []),
  ]);
  return {
    id: 'capacity',
    title: 'Share of allocatable requested and used',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values },
      facet: { column: { field: 'resource', type: 'nominal', title: null } },
      spec: {
        width: 280, height: { step: 14 },
        layer: [
          { mark: 'bar', encoding: { y: { field: 'scope', type: 'nominal', title: null }, yOffset: { field: 'measure' }, x: { field: 'ratio', type: 'quantitative', title: 'share of allocatable', axis: { format: '%' }, scale: { domain: [0, 1.2] } }, color: { field: 'measure', type: 'nominal', title: null } } },
          { mark: { type: 'rule', color: '#dc2626', strokeDash: [4, 3] }, encoding: { x: { datum: 1 } } },
        ],
      },
    } as TopLevelSpec,
  };
}

function chartRightsizing(r: WeeklyReport): ChartSpec | null {
  if (r.rightsizing.top.length === 0) return null;
  const values = r.rightsizing.top.map((x) => ({ workload: `${x.namespace}/${x.workload}/${x.container}`, savingsUsd: x.monthlySavingsUsd }));
  return {
    id: 'rightsizing',
    title: 'Top rightsizing savings (USD / month)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 420, height: { step: 16 },
      data: { values },
      mark: { type: 'bar', color: '#16a34a' },
      encoding: { y: { field: 'workload', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 320 } }, x: { field: 'savingsUsd', type: 'quantitative', title: 'USD / month' } },
    },
  };
}

function chartCommitments(r: WeeklyReport): ChartSpec | null {
  const recs = r.commitments.recommendations.filter((c) => c.estimatedMonthlySavingsUsd !== null);
  if (recs.length === 0) return null;
  const values = recs.map((c) => ({ label: `${c.kind === 'savings-plan' ? 'SP' : 'RI'} ${c.region} ${c.instanceType || c.instanceFamily || ''}`.trim(), savingsUsd: c.estimatedMonthlySavingsUsd, utilization: c.expectedUtilization }));
  return {
    id: 'commitments',
    title: 'Commitment savings (USD / month)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 420, height: { step: 18 },
      data: { values },
      mark: { type: 'bar', color: '#7c3aed' },
      encoding: { y: { field: 'label', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 320 } }, x: { field: 'savingsUsd', type: 'quantitative', title: 'USD / month' } },
    },
  };
}

function chartAccountability(r: WeeklyReport): ChartSpec | null {
  if (r.accountability.rows.length === 0) return null;
  const values = r.accountability.rows.map((a) => ({ week: a.week, forecast: a.forecastUsd, actual: a.actualUsd, lo80: a.lo80Usd, hi80: a.hi80Usd }));
  const x = { field: 'week', type: 'ordinal' as const, title: null, axis: { labelAngle: 0 } };
  return {
    id: 'accountability',
    title: 'Forecast (80% interval) vs actual weekly spend',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 420, height: 180,
      data: { values },
      layer: [
        { mark: { type: 'rule', strokeWidth: 8, opacity: 0.35, color: '#2563eb' }, encoding: { x, y: { field: 'lo80', type: 'quantitative', title: `${r.currency} / week`, scale: { zero: false } }, y2: { field: 'hi80' } } },
        { mark: { type: 'tick', color: '#2563eb', thickness: 2, size: 28 }, encoding: { x, y: { field: 'forecast', type: 'quantitative' } } },
        { mark: { type: 'point', filled: true, color: '#111827', size: 60 }, encoding: { x, y: { field: 'actual', type: 'quantitative' } } },
      ],
    },
  };
}

function chartSloBudgets(r: WeeklyReport): ChartSpec | null {
  const rows = r.alerts.slos.filter((s) => s.budgetRemainingRatio !== null);
  if (rows.length === 0) return null;
  // An SLO whose spec sets its own window (OpenSLO timeWindow) names it beside the SLO.
  const ownWindow = (s: (typeof rows)[number]) => s.windowDays !== null && s.windowDays !== r.alerts.sloWindowDays;
  const mixed = rows.some(ownWindow);
  const values = rows.map((s) => ({ slo: `${s.service}/${s.name}${ownWindow(s) ? ` (${formatDurationSeconds(s.windowDays! * 86_400)} window)` : ''}`, remaining: s.budgetRemainingRatio, usedThisWeek: s.weekBudgetConsumedRatio, status: budgetStatusLabels[s.budgetStatus] }));
  const lowest = Math.min(0, ...rows.map((s) => s.budgetRemainingRatio!));
  const y = { field: 'slo', type: 'nominal' as const, title: null, sort: null, axis: { labelLimit: 320 } };
  return {
    id: 'slo-budgets',
    title: `Error budget left per SLO (${mixed ? `each SLO's window, ${r.alerts.sloWindowDays ?? 30} days unless named` : `${r.alerts.sloWindowDays ?? 30}-day window`}; tick: share used in the report week)`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 420, height: { step: 22 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y, x: { field: 'remaining', type: 'quantitative', title: 'share of the error budget', axis: { format: '%' }, scale: { domain: [Math.floor(lowest * 10) / 10, 1] } },
            color: { field: 'status', type: 'nominal', title: null, scale: { domain: ['healthy', 'at risk', 'exhausted'], range: ['#16a34a', '#f97316', '#dc2626'] } },
          },
        },
        { transform: [{ filter: 'datum.usedThisWeek !== null' }], mark: { type: 'tick', color: '#111827', thickness: 2 }, encoding: { y, x: { field: 'usedThisWeek', type: 'quantitative' } } },
        { mark: { type: 'rule', color: '#6b7280' }, encoding: { x: { datum: 0 } } },
      ],
    } as TopLevelSpec,
  };
}

function chartAccountabilityBreakdown(r: WeeklyReport): ChartSpec | null {
  const rows = r.accountability.breakdown;
  if (rows.length === 0) return null;
  const values = rows.map((b) => ({ label: `${b.dimension} ${b.name}`, dimension: b.dimension, error: b.meanAbsErrorRatio }));
  return {
    id: 'accountability-breakdown',
    title: 'Mean absolute error of past weekly forecasts, per namespace and service',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 420, height: { step: 16 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
        x: { field: 'error', type: 'quantitative', title: 'mean absolute error', axis: { format: '%' } },
        color: { field: 'dimension', type: 'nominal', title: null, scale: { domain: ['namespace', 'service'], range: ['#2563eb', '#7c3aed'] } },
      },
    },
  };
}

function chartTeamCost(r: WeeklyReport): ChartSpec | null {
  const teams = r.costByTeam.teams.slice(0, 15);
  if (teams.length === 0) return null;
  const values = teams.flatMap((t) => [
    { team: t.team, week: r.previousWeek.week, usd: t.previousWeekUsd },
    { team: t.team, week: r.week.week, usd: t.lastWeekUsd },
  ]);
  return {
    id: 'cost-by-team',
    title: `Allocated cost by ${r.costByTeam.label}, ${r.week.week} against ${r.previousWeek.week}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 420, height: { step: 14 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'team', type: 'nominal', sort: teams.map((t) => t.team), title: null, axis: { labelLimit: 200 } },
        yOffset: { field: 'week', type: 'nominal', sort: [r.previousWeek.week, r.week.week] },
        x: { field: 'usd', type: 'quantitative', title: `${r.currency} / week` },
        color: { field: 'week', type: 'nominal', title: null, scale: { domain: [r.previousWeek.week, r.week.week], range: ['#93c5fd', '#2563eb'] } },
      },
    },
  };
}

/** Every chart the report has data for, in page order. */
export function buildReportCharts(r: WeeklyReport): ChartSpec[] {
  const weeklyActuals = weeklyTotals(r);
  const charts: (ChartSpec | null)[] = [
    chartDailyCost(r),
    r.cost.forecast13Weeks ? forecastChart('forecast-13w', 'Weekly spend: last weeks and the 13-week forecast (80% / 95% intervals)', r.cost.forecast13Weeks, weeklyActuals, 'week', r.currency) : null,
    r.cost.forecast12Months ? forecastChart('forecast-12m', 'Monthly spend: 12-month forecast (80% / 95% intervals)', r.cost.forecast12Months, [], 'month', r.currency) : null,
    chartCapacity(r),
    chartTeamCost(r),
    chartRightsizing(r),
    chartCommitments(r),
    chartSloBudgets(r),
    chartAccountability(r),
    chartAccountabilityBreakdown(r),
  ];
  return charts.filter((c): c is ChartSpec => c !== null);
}

/** Complete weeks of the daily series, for the actual line next to the weekly forecast. */
function weeklyTotals(r: WeeklyReport): { t: number; usd: number }[] {
  const weekMs = 7 * 86_400_000;
  const by = new Map<number, { usd: number; days: number }>();
  for (const d of r.cost.daily) {
    const start = r.week.startMs - Math.ceil((r.week.startMs - d.dayMs) / weekMs) * weekMs;
    const e = by.get(start) ?? { usd: 0, days: 0 };
    e.usd += d.costUsd;
    e.days += 1;
    by.set(start, e);
  }
  return [...by.entries()].filter(([, e]) => e.days === 7).sort(([a], [b]) => a - b).map(([t, e]) => ({ t, usd: Math.round(e.usd * 100) / 100 }));
}
