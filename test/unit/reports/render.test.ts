import { describe, expect, it } from 'vitest';
import { buildWeeklyReport, buildReportTables, renderChartSvg, renderCsv, formatUsd, formatPercent, parseIsoWeek, shiftIsoWeek, type ReportInputs } from '../../../src/reports/index.js';

const week = parseIsoWeek('2026-W46');
const DAY_MS = 86_400_000;

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    week, previousWeek: shiftIsoWeek(week, -1), generatedAtMs: week.endMs, costWeeks: [], daily: [], weeklyActuals: new Map(), dailyCostForecasts: [],
    capacity: [], recommendations: [], commitments: [], alerts: null, ...overrides,
  };
}

describe('report formatting', () => {
  it('formats money with thousands separators, cents and a true minus sign', () => {
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
    expect(formatUsd(-10)).toBe('−$10.00');
    expect(formatUsd(null)).toBe('—');
    expect(formatPercent(0.0625, true)).toBe('+6.3%');
    expect(formatPercent(-0.5, true)).toBe('−50.0%');
  });

  it('writes RFC 4180 CSV: quotes fields with commas, quotes or newlines and leaves nulls empty', () => {
    const csv = renderCsv({ id: 't', title: 't', columns: ['a', 'b', 'c'], raw: [['x,y', 'say "hi"', null], ['line\nbreak', 1.5, true]], display: [] });
    expect(csv).toBe('a,b,c\n"x,y","say ""hi""",\n"line\nbreak",1.5,true\n');
  });
});

describe('building the report', () => {
  it('ranks movers by service when no cost is allocated to namespaces', () => {
    const r = buildWeeklyReport(inputs({
      costWeeks: [
        { namespace: '', service: 'AmazonEC2', lastWeekUsd: 700, previousWeekUsd: 600, lastWeekCommittedUsd: 0, lastWeekComputeUsd: 700 },
        { namespace: '', service: 'AmazonS3', lastWeekUsd: 10, previousWeekUsd: 40, lastWeekCommittedUsd: 0, lastWeekComputeUsd: 0 },
      ],
    }));
    expect(r.summary.topMovers.map((m) => [m.dimension, m.name, m.changeUsd])).toEqual([['service', 'AmazonEC2', 100], ['service', 'AmazonS3', -30]]);
    expect(r.summary.spend).toMatchObject({ lastWeekUsd: 710, previousWeekUsd: 640, changeUsd: 70, forecastUsd: null });
  });

  it('only compares a week with a forecast that covered all seven of its days, made before it began', () => {
    const row = (runId: string, runAtMs: number, tsMs: number) => ({ runId, runAtMs, series: 'cost/total:daily_usd', tsMs, model: 'm', mean: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 });
    const partial = Array.from({ length: 6 }, (_, i) => row('short', week.startMs, week.startMs + i * DAY_MS));
    const late = Array.from({ length: 7 }, (_, i) => row('late', week.startMs + DAY_MS, week.startMs + i * DAY_MS));
    const r = buildWeeklyReport(inputs({ dailyCostForecasts: [...partial, ...late], weeklyActuals: new Map([[week.startMs, 700]]) }));
    expect(r.summary.spend.forecastUsd).toBeNull();
    expect(r.accountability.status).toBe('missing');
  });

  it('keeps a recommendation without savings out of the top list but counts it', () => {
    const rec = (workload: string, monthlySavingsUsd: number | null) => ({ runId: 'r', runAtMs: 0, columns: { cluster: 'c', namespace: 'n', workload_kind: 'Deployment', workload, container: 'app', confidence: 'low' }, payload: { monthlySavingsUsd, current: {}, recommended: {}, reasons: ['insufficient data'] } });
    const r = buildWeeklyReport(inputs({ recommendations: [rec('a', null), rec('b', 5)] }));
    expect(r.rightsizing).toMatchObject({ status: 'ok', containers: 2, totalMonthlySavingsUsd: 5 });
    expect(r.rightsizing.top.map((t) => t.workload)).toEqual(['b']);
    expect(buildReportTables(r).find((t) => t.id === 'rightsizing')!.raw).toHaveLength(1);
  });
});

describe('a report on a bill in another currency', () => {
  const rec = { runId: 'r', runAtMs: 0, columns: { cluster: 'c', namespace: 'n', workload_kind: 'Deployment', workload: 'api', container: 'app', confidence: 'high' }, payload: { monthlySavingsUsd: 42.5, current: {}, recommended: {}, reasons: ['over-provisioned'] } };
  const r = buildWeeklyReport(inputs({
    currency: 'EUR',
    costWeeks: [{ namespace: 'shop', service: 'AmazonEC2', lastWeekUsd: 1234.5, previousWeekUsd: 900, lastWeekCommittedUsd: 0, lastWeekComputeUsd: 1234.5 }],
    recommendations: [rec],
  }));
  const tables = buildReportTables(r);

  it('shows bill amounts in its currency and keeps price-list savings in USD, saying which is which', () => {
    expect(r.currency).toBe('EUR');
    expect(r.rightsizing.currency).toBe('USD');
    expect(r.summary.highlights[0]).toBe('Spend last week: €1,234.50 (+37.2% vs the week before).');
    expect(r.summary.highlights).toContain('Biggest mover: namespace shop, +€334.50 week over week.');
    expect(r.summary.highlights).toContain('Rightsizing would save $42.50 a month (USD, from the price list; the bill is in EUR).');
  });

  it('names the CSV columns of bill amounts by the currency and the page cells with its symbol', () => {
    const byService = tables.find((t) => t.id === 'cost-by-service')!;
    expect(byService.columns).toEqual(['service', 'last_week_eur', 'previous_week_eur']);
    expect(byService.display).toEqual([['AmazonEC2', '€1,234.50', '€900.00']]);
    expect(tables.find((t) => t.id === 'top-movers')!.display[0]).toEqual(['namespace', 'shop', '€1,234.50', '€900.00', '+€334.50']);
    expect(tables.find((t) => t.id === 'accountability')!.columns).toContain('forecast_eur');
    const rightsizing = tables.find((t) => t.id === 'rightsizing')!;
    expect(rightsizing.columns).toContain('monthly_savings_usd');
    expect(rightsizing.display[0]).toContain('$42.50');
  });
});

describe('charts', () => {
  it('renders a vega-lite spec to a labelled inline SVG with one mark per datum, without a browser', async () => {
    const svg = await renderChartSvg({ data: { values: [{ x: 'a', y: 1 }, { x: 'b', y: 3 }] }, mark: 'bar', encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'quantitative' } } }, 'Two bars & more');
    expect(svg.startsWith('<svg role="img" aria-label="Two bars &amp; more" ')).toBe(true);
    const marks = /<g class="mark-rect role-mark[^>]*>(.*?)<\/g>/s.exec(svg)![1]!;
    expect(marks.match(/<path /g)).toHaveLength(2);
  });
});
