/**
 * Golden files of rightsize, capacity, costs, forecast and backtest in table, CSV and JSON (test/golden/formats;
 * refresh with UPDATE_GOLDEN=1), and the check that every field the table shows is a CSV column
 * and a JSON field: JSON is the superset, the CSV carries what the table shows.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { percentileStrategy, recommendRightsizing, type InstanceTypePrice } from '../../../src/models/rightsizing/index.js';
import { estimateExhaustion } from '../../../src/models/capacity/index.js';
import { rightsizeFormatters } from '../../../src/reports/rightsize/index.js';
import { formatCapacityCsv, formatCapacityJson, formatCapacityTable } from '../../../src/app/capacity-format.js';
import { costFormatters } from '../../../src/app/cost-formats.js';
import { forecastFormatters, type ForecastResult } from '../../../src/app/forecast-formats.js';
import { commitmentFormatters } from '../../../src/app/commitment-formats.js';
import { allocationFormatters, type AllocationView } from '../../../src/app/allocation-formats.js';
import type { CommitmentPlan } from '../../../src/domain/commitment.js';
import { formatBacktestCsv, formatBacktestTable, toBacktestJson, type BacktestRow } from '../../../src/app/backtest.js';
import type { CapacityReport, CostSummary } from '../../../src/domain/index.js';
import { DAY_SECONDS, GIB_BYTES, MIB_BYTES } from '../../../src/domain/units.js';
import type { NodeInfo } from '../../../src/domain/workload.js';
import { endMs, makeRef, makeSummary } from '../rightsizing/fixtures.js';

const goldenDir = new URL('../../golden/formats/', import.meta.url);

function expectGolden(name: string, actual: string): void {
  const file = new URL(name, goldenDir);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(goldenDir, { recursive: true });
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1 to write it`);
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const csvHeader = (csv: string) => csv.split('\n')[0]!.split(',');

// Rightsize: an over-provisioned web container, and one OOM-killed at 512 MiB.
const node: NodeInfo = { cluster: 'test', node: 'n1', instanceType: 'm5.xlarge', region: 'us-east-1', zone: 'a', capacityType: 'on-demand', allocatableCpuCores: 3.92, allocatableMemoryBytes: 15 * GIB_BYTES, nodePool: 'm5.xlarge' };
const prices = new Map<string, InstanceTypePrice>([['m5.xlarge', { instanceType: 'm5.xlarge', hourlyUsd: 0.192, source: 'price-list', vcpu: 4, memoryGiB: 16 }]]);
const rightsize = recommendRightsizing({
  cluster: 'test', windowStartMs: endMs - 14 * DAY_SECONDS * 1000, windowEndMs: endMs, histories: [], inventory: [], nodes: [node], prices,
  summaries: [makeSummary(), makeSummary({ ref: makeRef('worker'), oomKills: 2, oomKilledAtMemoryLimitBytes: 512 * MIB_BYTES, memoryPeakBytes: 512 * MIB_BYTES })],
  strategy: percentileStrategy, settings: { cpuPercentile: 95, memoryBufferPercent: 15 },
});

// Capacity: one node pool whose memory requests run out within the horizon.
const nowMs = Date.UTC(2026, 10, 16);
const line = (days: number, mean: (d: number) => number) => {
  const m = Float64Array.from({ length: days }, (_, d) => mean(d));
  return { startMs: nowMs, stepSeconds: 86_400, mean: m, intervals: [{ level: 80, lower: m.map((v) => v - 4 * GIB_BYTES), upper: m.map((v) => v + 4 * GIB_BYTES) }], method: 'given' };
};
const memoryRunsOut = estimateExhaustion({ subject: 'node pool general', metric: 'requests', resource: 'memory', thresholdKind: 'allocatable', threshold: 120 * GIB_BYTES, currentValue: 80 * GIB_BYTES, nowMs, levelPercent: 80, horizonWeeks: 13, targetUtilization: 0.75 }, line(91, (d) => (80 + 0.8 * d) * GIB_BYTES));
const capacity: CapacityReport = {
  runId: 'golden', cluster: 'prod', nowMs, horizonWeeks: 13, targetUtilization: 0.75, levels: [80, 95], warnings: [], pvcs: [], cost: null,
  scopes: [{
    scope: 'node-pool', name: 'general', cluster: 'prod',
    sizing: { nodePool: 'general', instanceType: 'm5.2xlarge', currentNodes: 8, nodeCpuCores: 7.91, nodeMemoryBytes: 15 * GIB_BYTES, targetUtilization: 0.75, nodesNeededNow: 8, nodesNeededAtHorizon: 15, nodesNeededAtHorizonHi80: 16, bindingResource: 'memory', nodeDeltaNow: 0 },
    cpu: { cluster: 'prod', resource: 'cpu', unit: 'cores', allocatable: 63.28, requestsNow: 30, usagePeakNow: 18.5, requestsPeakNow: 32, requestsRatio: 0.474, usageRatio: 0.292, requestsForecast: null, usageForecast: null, exhaustion: [] },
    memory: { cluster: 'prod', resource: 'memory', unit: 'bytes', allocatable: 120 * GIB_BYTES, requestsNow: 80 * GIB_BYTES, usagePeakNow: 61 * GIB_BYTES, requestsPeakNow: 82 * GIB_BYTES, requestsRatio: 0.667, usageRatio: 0.508, requestsForecast: null, usageForecast: null, exhaustion: [memoryRunsOut] },
  }],
};

// Costs: two services, two namespaces, two days.
const costs: CostSummary = {
  windowStartMs: Date.UTC(2026, 10, 2), windowEndMs: Date.UTC(2026, 10, 16), currency: 'USD', sources: ['focus'], minChangeBaseline: 1, fxRates: {},
  totalEffectiveCostUsd: 1234.5, totalBilledCostUsd: 1300, lastWeekCostUsd: 640.25, previousWeekCostUsd: 594.25, weekOverWeekChange: 0.0774,
  byService: [{ key: 'Amazon EC2', costUsd: 1000, lastWeekCostUsd: 520, previousWeekCostUsd: 480, weekOverWeekChange: 0.0833 }, { key: 'Amazon S3', costUsd: 234.5, lastWeekCostUsd: 120.25, previousWeekCostUsd: 114.25, weekOverWeekChange: 0.0525 }],
  byNamespace: [{ key: 'shop', costUsd: 800, lastWeekCostUsd: 410, previousWeekCostUsd: 390, weekOverWeekChange: 0.0513 }, { key: 'data', costUsd: 434.5, lastWeekCostUsd: 230.25, previousWeekCostUsd: 204.25, weekOverWeekChange: 0.1273 }],
  byDay: [{ key: '2026-11-14', costUsd: 90, lastWeekCostUsd: 90, previousWeekCostUsd: 85, weekOverWeekChange: 0.0588 }, { key: '2026-11-15', costUsd: 92.5, lastWeekCostUsd: 92.5, previousWeekCostUsd: 86, weekOverWeekChange: 0.0756 }],
};

// Forecast: two hourly series, three steps, 80 % and 95 % intervals (one bound not finite).
const hourly = (startMs: number, mean: number[], spread: number): ForecastResult['forecast'] => ({
  startMs, stepSeconds: 3600, method: 'seasonal-naive(24)', mean: Float64Array.from(mean),
  intervals: [80, 95].map((level) => ({ level, lower: Float64Array.from(mean, (m) => m - (level === 80 ? spread : 1.6 * spread)), upper: Float64Array.from(mean, (m) => m + (level === 80 ? spread : 1.6 * spread)) })),
});
const forecasts: ForecastResult[] = [
  { name: 'web-cpu', style: { separator: 'T', zone: 'Z', seconds: true }, forecast: hourly(Date.UTC(2026, 10, 16), [1.25, 1.5, 1.125], 0.25) },
  { name: 'db, primary', style: { separator: ' ', zone: '+00:00', seconds: false }, forecast: { ...hourly(Date.UTC(2026, 10, 16, 2), [200.5, 201, 202.25], 4), method: 'ets(A,N,N)' } },
];
forecasts[1]!.forecast.intervals[1]!.upper[2] = Number.NaN;

// Backtest: two methods scored on three series.
const backtest: BacktestRow[] = [
  { method: 'auto', seriesScored: 3, seconds: 0.42, score: { mase: 0.8125, smape: 6.25, coverage: { 80: 0.79, 95: 0.94 }, msis: { 80: 5.5, 95: 8.75 }, peakError: 0.0425 } },
  { method: 'seasonal-naive', seriesScored: 3, seconds: 0.01, score: { mase: 1, smape: 8.5, coverage: { 80: 0.7, 95: 0.9 }, msis: { 80: Number.NaN, 95: 12.5 }, peakError: 0.1 } },
];

// Commitments: one RI and one Savings Plan, an RI owned, a family skipped, a type unpriced, Cost Explorer's view.
const rec = { term: '1y' as const, payment: 'no-upfront' as const, normalizedUnits: 0, effectiveHourlyRateUsd: 0, onDemandHourlyRateUsd: 0, reasons: ['p20 of the forecast'] };
const commitments: CommitmentPlan = {
  lookbackHours: 720, currency: 'USD', term: '1y', payment: 'no-upfront', priceSource: 'bundled estimate, 2026-11-01', asOfMs: Date.UTC(2026, 10, 16), forecastMethod: 'auto',
  recommendations: [
    { ...rec, kind: 'reserved-instance', region: 'us-east-1', instanceFamily: 'm5', instanceType: 'm5.large', count: 6, hourlyCommitmentUsd: 0.354, upfrontUsd: 0, estimatedMonthlySavingsUsd: 112.5, pessimisticMonthlySavingsUsd: 98.25, lookbackMonthlySavingsUsd: 120, breakEvenMonths: 0, expectedUtilization: 0.97, expectedCoverage: 0.81, normalizedUnits: 24, schedule: [{ date: '2026-11-16', count: 4 }, { date: '2026-12-16', count: 2 }] },
    { ...rec, kind: 'savings-plan', region: 'us-east-1', instanceFamily: 'c5,r5', instanceType: '', count: 0, hourlyCommitmentUsd: 1.25, upfrontUsd: 0, estimatedMonthlySavingsUsd: 210, pessimisticMonthlySavingsUsd: 150.5, lookbackMonthlySavingsUsd: 230, breakEvenMonths: 0, expectedUtilization: 0.99, expectedCoverage: 0.64 },
  ],
  totals: { monthlyOnDemandUsd: 2400, estimatedMonthlySavingsUsd: 322.5, pessimisticMonthlySavingsUsd: 248.75, upfrontUsd: 0 },
  existing: [{ kind: 'reserved-instance', region: 'us-east-1', instanceType: 'm5.large', count: 2, hourlyCommitmentUsd: 0, expiresMs: Date.UTC(2027, 2, 1) }],
  notRecommended: [{ kind: 'reserved-instance', region: 'eu-west-1', instanceFamily: 't3', reason: 'usage too spiky: p20 is 0 instances' }],
  unpricedInstanceTypes: ['x9.huge'],
  providerRecommendations: [{ kind: 'reserved-instance', region: 'us-east-1', instanceType: 'm5.large', count: 7, hourlyCommitmentUsd: 0.413, upfrontUsd: 0, estimatedMonthlySavingsUsd: 125, lookbackDays: 30, term: '1y', payment: 'no-upfront' }],
};

// Allocation (costs --by namespace): two namespaces, two nodes, idle, unallocated spend and a note.
const allocationView: AllocationView = {
  by: 'namespace', billSource: 'focus',
  report: {
    currency: 'USD', windowStart: '2026-11-09T00:00:00.000Z', windowEnd: '2026-11-16T00:00:00.000Z', totalUsd: 1000, idleUsd: 180.25, unallocatedUsd: 69.75,
    allocations: [
      { key: 'shop', cpuUsd: 300, memoryUsd: 150.5, storageUsd: 20, gpuUsd: 0, sharedUsd: 10, totalUsd: 480.5, efficiency: 0.62 },
      { key: 'data', cpuUsd: 150, memoryUsd: 100, storageUsd: 15.5, gpuUsd: 0, sharedUsd: 4, totalUsd: 269.5, efficiency: null },
    ],
  },
  allocation: {
    currency: 'USD', windowStartMs: Date.UTC(2026, 10, 9), windowEndMs: Date.UTC(2026, 10, 16), priceSource: 'bill', totalUsd: 1000, containers: [], volumes: [],
    nodes: [
      { cluster: 'prod', node: 'ip-10-0-1-5', nodePool: 'general', pricedBy: 'provider-id', costUsd: 500, allocatedUsd: 400, idleUsd: 100, dailyIdleUsd: new Float64Array(7) },
      { cluster: 'prod', node: 'ip-10-0-2-9', nodePool: 'spot', pricedBy: 'instance-type', costUsd: 430.25, allocatedUsd: 350, idleUsd: 80.25, dailyIdleUsd: new Float64Array(7) },
    ],
    idleUsd: 180.25, unallocatedUsd: 69.75, unallocated: [{ service: 'Amazon S3', reason: 'storage-not-pvc', costUsd: 69.75 }],
    notes: ['2 hours of node ip-10-0-2-9 had no usage samples'],
  } as AllocationView['allocation'],
};

describe('output formats carry the same fields', () => {
  it('rightsize: table, CSV and JSON match their golden files', () => {
    expectGolden('rightsize.table.txt', rightsizeFormatters.table(rightsize));
    expectGolden('rightsize.csv', rightsizeFormatters.csv(rightsize));
    expectGolden('rightsize.json', rightsizeFormatters.json(rightsize));
  });

  it('rightsize: every table column is a CSV column and a JSON field, and the JSON has every CSV column', () => {
    // table header → CSV columns → JSON fields (dotted paths)
    const fields: Record<string, [string[], string[]]> = {
      'SEVERITY': [['severity'], ['severity']],
      'WORKLOAD / CONTAINER': [['namespace', 'workload_kind', 'workload', 'container'], ['namespace', 'workloadKind', 'workload', 'container']],
      'CPU REQUEST': [['current_cpu_request_cores', 'recommended_cpu_request_cores'], ['current.cpuRequestCores', 'recommended.cpuRequestCores']],
      'CPU LIMIT': [['current_cpu_limit_cores', 'recommended_cpu_limit_cores'], ['current.cpuLimitCores', 'recommended.cpuLimitCores']],
      'MEMORY REQUEST': [['current_memory_request_bytes', 'recommended_memory_request_bytes'], ['current.memoryRequestBytes', 'recommended.memoryRequestBytes']],
      'MEMORY LIMIT': [['current_memory_limit_bytes', 'recommended_memory_limit_bytes'], ['current.memoryLimitBytes', 'recommended.memoryLimitBytes']],
      'CONF.': [['confidence'], ['confidence']],
      'SAVINGS $/MONTH': [['monthly_savings_usd'], ['monthlySavingsUsd']],
    };
    const table = rightsizeFormatters.table(rightsize);
    const header = table.split('\n')[0]!.split(/ {2,}/).map((h) => h.trim());
    expect(header).toEqual(Object.keys(fields));
    const csv = csvHeader(rightsizeFormatters.csv(rightsize));
    const json = JSON.parse(rightsizeFormatters.json(rightsize)) as Record<string, unknown>[];
    const get = (o: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);
    for (const [column, [csvColumns, jsonPaths]] of Object.entries(fields)) {
      expect(csv, column).toEqual(expect.arrayContaining(csvColumns));
      for (const p of jsonPaths) expect(get(json[0]!, p), `${column} → ${p}`).not.toBeUndefined();
    }
    // The rest of the CSV is in the JSON too (prices under price, reasons as a list).
    const csvToJson: Record<string, string> = { cluster: 'cluster', status: 'status', replicas: 'replicas', strategy: 'strategy', reasons: 'reasons', cpu_core_hour_usd: 'price.cpuCoreHourUsd', memory_gib_hour_usd: 'price.memoryGibHourUsd' };
    for (const [c, p] of Object.entries(csvToJson)) {
      expect(csv).toContain(c);
      expect(get(json[0]!, p), p).not.toBeUndefined();
    }
    // The headline sentence says what the money is.
    expect(table).toMatch(/estimated savings \$[\d,.]+\/month \(percentile@1\)/);
  });

  it('capacity: table, CSV and JSON match their golden files, and node counts say at what target utilisation', () => {
    const table = formatCapacityTable(capacity);
    expectGolden('capacity.table.txt', table);
    expectGolden('capacity.csv', formatCapacityCsv(capacity));
    expectGolden('capacity.json', formatCapacityJson(capacity));
    expect(table).toContain('Nodes needed at 75 % target utilisation of allocatable');
    expect(table).toMatch(/needed now at 75 %\s+needed in 13 w at 75 %/);
    const csv = csvHeader(formatCapacityCsv(capacity));
    expect(csv).toEqual(expect.arrayContaining(['nodes_needed_now', 'nodes_needed_horizon', 'nodes_target_utilization', 'requests_exhaustion_expected', 'usage_exhaustion_expected']));
    const row = formatCapacityCsv(capacity).split('\n')[2]!.split(',');
    expect(row[csv.indexOf('nodes_target_utilization')]).toBe('');
    expect(formatCapacityCsv(capacity).split('\n')[1]!.split(',')[csv.indexOf('nodes_target_utilization')]).toBe('0.75');
    // Every CSV row has as many cells as the header.
    for (const l of formatCapacityCsv(capacity).trim().split('\n')) expect(l.split(',').length).toBe(csv.length);
  });

  it('costs: table, CSV and JSON match their golden files, and the CSV carries the table\'s headline totals', () => {
    expectGolden('costs.table.txt', costFormatters.table(costs));
    const csv = costFormatters.csv(costs);
    expectGolden('costs.csv', csv);
    expectGolden('costs.json', costFormatters.json(costs));
    expect(csv).toContain('\ntotal,amortised,USD,1234.5,640.25,594.25,0.0774\n');
    expect(csv).toContain('\ntotal,billed,USD,1300,,,\n');
    // Amounts carry their currency ($1,000.00 or 1,000.00 EUR), so the headers name what a column is, not its unit.
    expect(costFormatters.table(costs).split('\n')[3]).toMatch(/^service\s+cost \(amortised\)\s+last 7 d\s+previous 7 d\s+change$/);
  });

  it('forecast: table, CSV and JSON match their golden files and carry the same points', () => {
    const table = forecastFormatters.table(forecasts, [80, 95], 3);
    const csv = forecastFormatters.csv(forecasts, [80, 95], 3);
    const json = forecastFormatters.json(forecasts, [80, 95], 3);
    expectGolden('forecast.table.txt', table);
    expectGolden('forecast.csv', csv);
    expectGolden('forecast.json', json);
    // The CSV header is the contract; the table names the interval level and the units.
    expect(csvHeader(csv)).toEqual(['series', 'timestamp', 'mean', 'lo80', 'hi80', 'lo95', 'hi95']);
    expect(table).toContain("in the input's units; low/high: the 80 % and 95 % prediction intervals");
    const tableLines = table.split('\n');
    const headerAt = tableLines.findIndex((l) => l.startsWith('series'));
    expect(tableLines[headerAt]!.split(/ {2,}/)).toEqual(['series', 'timestamp', 'mean', 'low 80 %', 'high 80 %', 'low 95 %', 'high 95 %']);
    // Every CSV cell is in the JSON (JSON: the superset, adding method and step), point by point.
    const doc = JSON.parse(json) as { levels: number[]; horizon: number; forecasts: { series: string; method: string; stepSeconds: number; points: Record<string, string | number | null>[] }[] };
    expect(doc.forecasts.map((f) => [f.method, f.stepSeconds])).toEqual([['seasonal-naive(24)', 3600], ['ets(A,N,N)', 3600]]);
    const csvRows = csv.trim().split('\n').slice(1);
    const jsonRows = doc.forecasts.flatMap((f) => f.points.map((p) => [f.series.includes(',') ? `"${f.series}"` : f.series, p.timestamp, ...['mean', 'lo80', 'hi80', 'lo95', 'hi95'].map((k) => (p[k] === null ? '' : String(p[k])))].join(',')));
    expect(jsonRows).toEqual(csvRows);
    expect(tableLines.filter((l) => /^(web-cpu|db, primary) /.test(l))).toHaveLength(csvRows.length);
    expect(csvRows[5]).toBe('"db, primary",2026-11-16 04:00+00:00,202.25,198.25,206.25,195.85,');
  });

  it('backtest: table, CSV and JSON match their golden files and carry the same scores', () => {
    const table = formatBacktestTable(backtest, [80, 95]);
    const csv = formatBacktestCsv(backtest, [80, 95]);
    const json = `${JSON.stringify(toBacktestJson(backtest), null, 2)}\n`;
    expectGolden('backtest.table.txt', table);
    expectGolden('backtest.csv', csv);
    expectGolden('backtest.json', json);
    // table header → CSV column → JSON field
    const fields: Record<string, [string, string]> = {
      'method': ['method', 'method'], 'MASE': ['mase', 'mase'], 'sMAPE %': ['smape_percent', 'smape'],
      'coverage 80 %': ['coverage80', 'coverage.80'], 'coverage 95 %': ['coverage95', 'coverage.95'], 'MSIS 80 %': ['msis80', 'msis.80'], 'MSIS 95 %': ['msis95', 'msis.95'],
      'peak error': ['peak_error_ratio', 'peakError'], 'series': ['series_scored', 'seriesScored'], 'seconds': ['seconds', 'seconds'],
    };
    expect(table.split('\n')[0]!.split(/ {2,}/)).toEqual(Object.keys(fields));
    expect(csvHeader(csv)).toEqual(Object.values(fields).map(([c]) => c));
    const rows = JSON.parse(json) as Record<string, unknown>[];
    const get = (o: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);
    const csvCells = csv.trim().split('\n').slice(1).map((l) => l.split(','));
    for (const [i, [column, jsonPath]] of Object.values(fields).entries()) {
      for (const [r, row] of rows.entries()) {
        const value = get(row, jsonPath);
        expect(value, `${column} → ${jsonPath}`).not.toBeUndefined();
        expect(csvCells[r]![i], column).toBe(value === null ? '' : String(value));
      }
    }
    // An undefined score is empty in the CSV, null in the JSON, a dash in the table.
    expect(csvCells[1]![5]).toBe('');
    expect(table.split('\n')[2]).toMatch(/^seasonal-naive\s+1\.000\s+8\.5\s+0\.700\s+0\.900\s+–\s+12\.50\s+0\.100\s+3\s+0\.01$/);
    expect(table).toContain('coverage L %: share of actuals inside the L % interval');
  });

  it('commitments: table, CSV and JSON match their golden files, and the CSV has every figure the table shows', () => {
    const table = commitmentFormatters.table(commitments);
    const csv = commitmentFormatters.csv(commitments);
    expectGolden('commitments.table.txt', table);
    expectGolden('commitments.csv', csv);
    expectGolden('commitments.json', commitmentFormatters.json(commitments));
    // Table column → CSV columns (JSON: the plan, whose recommendations have the same names).
    const fields: Record<string, string[]> = {
      'kind': ['kind'], 'region': ['region'], 'buy': ['count', 'instanceType', 'hourlyCommitmentUsd', 'instanceFamily'], 'schedule': ['schedule'],
      'commitment $/h': ['hourlyCommitmentUsd'], 'upfront': ['upfrontUsd'], 'savings/month': ['estimatedMonthlySavingsUsd'], 'savings/month P10': ['pessimisticMonthlySavingsUsd'],
      'break-even': ['breakEvenMonths'], 'utilisation': ['expectedUtilization'], 'coverage': ['expectedCoverage'],
    };
    expect(table.split('\n')[1]!.split(/ {2,}/)).toEqual(Object.keys(fields));
    const header = csvHeader(csv);
    for (const [column, csvColumns] of Object.entries(fields)) {
      expect(header, column).toEqual(expect.arrayContaining(csvColumns));
      for (const c of csvColumns.filter((x) => x !== 'schedule')) expect(commitments.recommendations[0], `${column} → ${c}`).toHaveProperty(c);
    }
    // The table's headline, totals and notes are rows of the CSV, each saying what it is.
    const rows = csv.trim().split('\n').slice(1).map((l) => Object.fromEntries(l.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, header.length).map((c, i) => [header[i]!, c.replace(/,$/, '').replace(/^"|"$/g, '')])));
    expect(rows.map((r) => r.line)).toEqual(['recommendation', 'recommendation', 'total', 'existing', 'not-recommended', 'unpriced', 'cost-explorer']);
    expect(rows[2]).toMatchObject({ estimatedMonthlySavingsUsd: '322.5', pessimisticMonthlySavingsUsd: '248.75', upfrontUsd: '0', monthlyOnDemandUsd: '2400', lookbackHours: '720', priceSource: 'bundled estimate, 2026-11-01' });
    expect(table).toContain('Total: savings $322.50/month expected, $248.75/month pessimistic (P10), upfront $0.00, of $2,400.00/month on demand.');
    expect(rows[4]!.reason).toBe('usage too spiky: p20 is 0 instances');
    expect(table).toContain('no reserved-instance for t3 in eu-west-1: usage too spiky: p20 is 0 instances');
    expect(rows[6]).toMatchObject({ count: '7', estimatedMonthlySavingsUsd: '125', lookbackHours: '720' });
    for (const r of rows) expect(Object.keys(r)).toHaveLength(header.length);
  });

  it('allocation: JSON is the contract exactly; the CSV carries every figure the table shows', () => {
    const table = allocationFormatters.table(allocationView);
    const csv = allocationFormatters.csv(allocationView);
    const json = allocationFormatters.json(allocationView);
    expectGolden('allocation.table.txt', table);
    expectGolden('allocation.csv', csv);
    expectGolden('allocation.json', json);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['currency', 'windowStart', 'windowEnd', 'totalUsd', 'idleUsd', 'unallocatedUsd', 'allocations']);
    const header = csvHeader(csv);
    const rows = csv.trim().split('\n').slice(1).map((l) => Object.fromEntries(l.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, header.length).map((c, i) => [header[i]!, c.replace(/,$/, '').replace(/^"|"$/g, '')])));
    expect(rows.map((r) => r.row)).toEqual(['allocation', 'allocation', 'idle', 'unallocated', 'idle-node', 'idle-node', 'unallocated-service', 'note', 'total']);
    // The rows that make up the bill add up to its total, to the cent; the detail rows break idle and unallocated down.
    const cents = (rs: typeof rows) => rs.reduce((sum, r) => sum + Math.round(Number(r.totalUsd) * 100), 0);
    expect(cents(rows.filter((r) => ['allocation', 'idle', 'unallocated'].includes(r.row!)))).toBe(100_000);
    expect(cents(rows.filter((r) => r.row === 'idle-node'))).toBe(18_025);
    expect(cents(rows.filter((r) => r.row === 'unallocated-service'))).toBe(6_975);
    // Each figure of the table's node and service lines is in the CSV.
    expect(table).toMatch(/ip-10-0-2-9\s+spot\s+\$430\.25\s+\$80\.25\s+instance-type/);
    expect(rows[5]).toMatchObject({ key: 'ip-10-0-2-9', nodePool: 'spot', nodeCostUsd: '430.25', totalUsd: '80.25', pricedBy: 'instance-type' });
    expect(table).toContain('storage that is no PVC (root volumes, snapshots, detached volumes)');
    expect(rows[6]).toMatchObject({ key: 'Amazon S3', totalUsd: '69.75', reason: 'storage that is no PVC (root volumes, snapshots, detached volumes)' });
    expect(rows[8]).toMatchObject({ currency: 'USD', windowStart: '2026-11-09T00:00:00.000Z', windowEnd: '2026-11-16T00:00:00.000Z', billSource: 'focus' });
    expect(table).toContain('Note: 2 hours of node ip-10-0-2-9 had no usage samples');
    for (const r of rows) expect(Object.keys(r)).toHaveLength(header.length);
  });
});
