import { describe, expect, it } from 'vitest';
import type { CapacityReport, NamedForecast } from '../../../src/domain/index.js';
import { formatCapacityCsv, formatCapacitySummaryMarkdown, formatCapacityTable, formatCostForecastCsv, formatForecastsCsv, listCapacityFindings } from '../../../src/app/capacity-format.js';
import { estimateExhaustion } from '../../../src/models/capacity/index.js';

const nowMs = Date.UTC(2026, 10, 16);
const DAY_MS = 86_400_000;

function line(days: number, mean: (d: number) => number) {
  const m = Float64Array.from({ length: days }, (_, d) => mean(d));
  return { startMs: nowMs, stepSeconds: 86_400, mean: m, intervals: [{ level: 80, lower: m.map((v) => v - 10), upper: m.map((v) => v + 10) }], method: 'given' };
}

const soon = estimateExhaustion({ subject: 'cluster c', metric: 'requests', resource: 'memory', thresholdKind: 'allocatable', threshold: 200, currentValue: 100, nowMs, levelPercent: 80, horizonWeeks: 13, targetUtilization: 0.75 }, line(91, (d) => 100 + 2 * d));
const later = estimateExhaustion({ subject: 'cluster c', metric: 'usage', resource: 'memory', thresholdKind: 'allocatable', threshold: 200, currentValue: 100, nowMs, levelPercent: 80, horizonWeeks: 13, targetUtilization: 0.75 }, line(91, (d) => 100 + 1.5 * d));

const report: CapacityReport = {
  runId: 'r1', cluster: 'c', nowMs, horizonWeeks: 13, targetUtilization: 0.75, levels: [80, 95], warnings: [],
  scopes: [{
    scope: 'cluster', name: 'c', cluster: 'c', sizing: null,
    cpu: { cluster: 'c', resource: 'cpu', unit: 'cores', allocatable: 10, requestsNow: 5, usagePeakNow: 3, requestsPeakNow: 6, requestsRatio: 0.5, usageRatio: 0.3, requestsForecast: null, usageForecast: null, exhaustion: [] },
    memory: { cluster: 'c', resource: 'memory', unit: 'bytes', allocatable: 200, requestsNow: 100, usagePeakNow: 90, requestsPeakNow: 100, requestsRatio: 0.5, usageRatio: 0.45, requestsForecast: null, usageForecast: null, exhaustion: [later, soon] },
  }],
  pvcs: [],
  cost: {
    costBasis: 'effective', intervalMethod: 'comonotonic-sum', historyStartMs: nowMs - 30 * DAY_MS, historyEndMs: nowMs, skipped: [],
    series: [{
      breakdown: 'service', key: 'Amazon "EC2", Inc', method: 'given', recentDailyUsd: 10, historyDays: 30, levelShifts: [], indicative: null, recentAccuracy: null,
      months: [{ month: '2026-12', meanUsd: 310.004, lo80Usd: 300, hi80Usd: 320.5, lo95Usd: 290, hi95Usd: 330.125, actualToDateUsd: 0, forecastDays: 31 }],
      next3Months: { meanUsd: 900, lo80Usd: 850, hi80Usd: 950, lo95Usd: 800, hi95Usd: 1000 },
      next12Months: { meanUsd: 3650, lo80Usd: 3400, hi80Usd: 3900, lo95Usd: 3300, hi95Usd: 4000 },
    }],
  },
};

describe('capacity formatters', () => {
  it('lists findings soonest first', () => {
    expect(listCapacityFindings(report)).toEqual([soon.sentence, later.sentence]);
    expect(soon.earliestDate! < later.earliestDate!).toBe(true);
  });

  it('writes finance CSV in cents with quoted keys', () => {
    expect(formatCostForecastCsv(report, 'service')).toBe(
      'service,month,mean,lo80,hi80,lo95,hi95,actual_to_date,forecast_days,method,history_days,level_shifts,indicative,recent_error,recent_within80,currency\n"Amazon ""EC2"", Inc",2026-12,310.00,300.00,320.50,290.00,330.13,0.00,31,given,30,,,,,USD\n');
    expect(formatCostForecastCsv(report, 'namespace')).toBe('namespace,month,mean,lo80,hi80,lo95,hi95,actual_to_date,forecast_days,method,history_days,level_shifts,indicative,recent_error,recent_within80,currency\n');
  });

  it('writes beside each finance row the steps found, why it is indicative and the last months\' accuracy', () => {
    const series = report.cost!.series[0]!;
    const judged = { ...report, cost: { ...report.cost!, series: [{ ...series, levelShifts: [{ date: '2026-10-02', sizeUsdPerDay: 55.296 }, { date: '2026-11-07', sizeUsdPerDay: -9.2 }], indicative: 'indicative: 30 days of history', recentAccuracy: { months: 2, meanAbsoluteErrorRatio: 0.04321, within80: 1 } }] } };
    const row = formatCostForecastCsv(judged, 'service').trim().split('\n')[1];
    expect(row).toBe('"Amazon ""EC2"", Inc",2026-12,310.00,300.00,320.50,290.00,330.13,0.00,31,given,30,2026-10-02 +55.30/day; 2026-11-07 -9.20/day,indicative: 30 days of history,0.0432,1/2,USD');
  });

  it('writes one capacity CSV row per scope and resource with the exhaustion dates', () => {
    const lines = formatCapacityCsv(report).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(`cluster,c,memory,bytes,200,100,100,90,0.5,0.45,,,,,within-horizon,${soon.earliestDate},${soon.expectedDate},${soon.latestDate},within-horizon,${later.earliestDate},${later.expectedDate},${later.latestDate},,,,,`); // no node pool: no node counts, no target utilisation
  });

  it('writes forecasts in the forecast CLI contract shape', () => {
    const f: NamedForecast = { series: 's', method: 'm', startMs: nowMs, stepSeconds: 86_400, mean: Float64Array.of(1, 2), lo80: Float64Array.of(0.5, 1), hi80: Float64Array.of(1.5, 3), lo95: Float64Array.of(0.1 + 0.2, 0), hi95: Float64Array.of(2, 4) };
    expect(formatForecastsCsv([f])).toBe('series,timestamp,mean,lo80,hi80,lo95,hi95\ns,2026-11-16T00:00:00Z,1,0.5,1.5,0.3,2\ns,2026-11-17T00:00:00Z,2,1,3,0,4\n');
  });

  it('puts findings, the capacity table and the cost table in the Markdown summary', () => {
    const md = formatCapacitySummaryMarkdown(report, [{ title: 'CPU', file: 'cpu.svg' }]);
    expect(md).toContain(`- ${soon.sentence}`);
    expect(md).toContain('![CPU](cpu.svg)');
    expect(md).toContain('| cluster | c | memory | 0.0 GiB |');
    expect(md).toContain('| Amazon "EC2", Inc | 10.00 | 900.00 | 850.00 – 950.00 | 800.00 – 1000.00 | 3650.00 |');
    expect(formatCapacityTable(report)).toContain('Findings:\n  - cluster c runs out of memory requests between');
  });
});
