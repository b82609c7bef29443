/**
 * A store seeded with known numbers for the report tests: five weeks of daily costs, cost forecasts
 * made on three Mondays, a capacity run, a rightsizing run and a commitment plan. Every figure the
 * report shows can be worked out by hand from the constants below.
 */
import type { Store } from '../../src/store/index.js';

export const DAY_MS = 86_400_000;
/** ISO week 2026-W46: Monday 2026-11-09 to Sunday 2026-11-15. */
export const weekStartMs = Date.UTC(2026, 10, 9);
export const weekEndMs = Date.UTC(2026, 10, 16);
export const previousWeekStartMs = Date.UTC(2026, 10, 2);

/** Daily effective cost per (namespace, service): before W46 and in W46. */
export const dailyCost = [
  { namespace: 'shop', service: 'AmazonEC2', instanceType: 'm5.xlarge', before: 100, inWeek: 120, category: 'Standard' },
  { namespace: 'search', service: 'AmazonEC2', instanceType: 'm5.xlarge', before: 50, inWeek: 50, category: 'Committed' },
  { namespace: 'batch', service: 'AmazonEBS', instanceType: '', before: 10, inWeek: 10, category: 'Standard' },
];
export const lastWeekUsd = 7 * (120 + 50 + 10); // 1260
export const previousWeekUsd = 7 * (100 + 50 + 10); // 1120

/** Daily total forecasts (mean, lo80, hi80, lo95, hi95) by forecast origin. */
export const forecastRuns = [
  { runId: 'capacity-w45', originMs: previousWeekStartMs, mean: 150, lo80: 145, hi80: 155, lo95: 140, hi95: 160 },
  { runId: 'capacity-w46', originMs: weekStartMs, mean: 170, lo80: 160, hi80: 185, lo95: 150, hi95: 195 },
  { runId: 'capacity-w47', originMs: weekEndMs, mean: 185, lo80: 175, hi80: 195, lo95: 165, hi95: 205 },
];

export const recommendations = [
  { workload: 'checkout', container: 'app', savings: 42.5, cpuNow: 2, cpuRec: 0.5 },
  { workload: 'search-api', container: 'app', savings: 120.25, cpuNow: 4, cpuRec: 1 },
  { workload: 'cart', container: 'app', savings: -10, cpuNow: 0.1, cpuRec: 0.3 },
];
export const rightsizingTotalUsd = 42.5 + 120.25 - 10;

export const commitments = [
  { kind: 'reserved-instance', region: 'us-east-1', instanceFamily: 'm5', instanceType: 'm5.xlarge', count: 3, hourlyCommitmentUsd: 0.36, upfrontUsd: 0, estimatedMonthlySavingsUsd: 95.1, breakEvenMonths: 0, expectedUtilization: 0.97, expectedCoverage: 0.6 },
  { kind: 'savings-plan', region: 'us-east-1', instanceFamily: 'm5,c5', instanceType: '', count: 0, hourlyCommitmentUsd: 0.5, upfrontUsd: 0, estimatedMonthlySavingsUsd: 80, breakEvenMonths: 0, expectedUtilization: 0.99, expectedCoverage: 0.3 },
];

const ts = (ms: number) => new Date(ms);

function resourceCapacity(resource: 'cpu' | 'memory', allocatable: number, requests: number, usage: number, daysUntil: number | null, targetDaysLower: number | null = null) {
  return {
    resource, unit: resource === 'cpu' ? 'cores' : 'bytes', allocatable, requestsNow: requests, usagePeakNow: usage,
    requestsRatio: requests / allocatable, usageRatio: usage / allocatable, requestsForecast: null, usageForecast: null,
    exhaustion: [{
      metric: 'requests', resource, thresholdKind: 'allocatable', threshold: allocatable, status: daysUntil === null ? 'not-within-horizon' : 'within-horizon', levelPercent: 80,
      earliestMs: null, earliestDate: null, expectedMs: daysUntil === null ? null : weekEndMs + daysUntil * DAY_MS, expectedDate: null, latestMs: null, latestDate: null,
      daysUntil, daysUntilLower: null, daysUntilUpper: null, horizonDays: 91, sentence: '', reason: null,
    }, {
      metric: 'requests', resource, thresholdKind: 'target', threshold: allocatable * 0.75, status: targetDaysLower === null ? 'not-within-horizon' : 'within-horizon', levelPercent: 80,
      earliestMs: targetDaysLower === null ? null : weekEndMs + targetDaysLower * DAY_MS, earliestDate: null, expectedMs: null, expectedDate: null, latestMs: null, latestDate: null,
      daysUntil: null, daysUntilLower: targetDaysLower, daysUntilUpper: null, horizonDays: 91, sentence: '', reason: null,
    }],
  };
}

/** Seeds the store; `parts` leaves sections out to test "no … run yet". */
export async function seedReportStore(store: Store, parts: { costs?: boolean; forecasts?: boolean; capacity?: boolean; rightsizing?: boolean; commitments?: boolean } = {}): Promise<void> {
  const want = { costs: true, forecasts: true, capacity: true, rightsizing: true, commitments: true, ...parts };
  await store.transaction(async (tx) => {
    if (want.costs) {
      const rows: (string | number | Date)[][] = [];
      for (let day = weekEndMs - 35 * DAY_MS; day < weekEndMs; day += DAY_MS) {
        for (const c of dailyCost) {
          const cost = day >= weekStartMs ? c.inWeek : c.before;
          rows.push(['fixture', ts(day), ts(day + DAY_MS), 'aws', c.service, 'us-east-1', c.instanceType, c.namespace, `${c.namespace}-r`, cost, cost, cost * 1.2, 24, 'Hrs', c.category, c.category === 'Committed' ? 'ri-1' : '', 'sample']);
        }
      }
      await tx.insertRows('cost_line_items', ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source'], rows);
    }
    if (want.forecasts) {
      for (const f of forecastRuns) {
        await tx.run("INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger) VALUES ($1, 'capacity', $2, $2, 'succeeded', 'schedule')", [f.runId, ts(f.originMs)]);
        const rows = Array.from({ length: 98 }, (_, i) => [f.runId, 'cost/total:daily_usd', ts(f.originMs + i * DAY_MS), 'fixture', f.mean, f.lo80, f.hi80, f.lo95, f.hi95]);
        await tx.insertRows('forecasts', ['run_id', 'series', 'ts', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'], rows);
      }
    }
    if (want.capacity) {
      await tx.run("INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger) VALUES ('capacity-main', 'capacity', $1, $1, 'succeeded', 'schedule')", [ts(weekEndMs)]);
      const gib = 2 ** 30;
      const scopes = [
        { scope: 'cluster', name: 'sample', cpu: resourceCapacity('cpu', 64, 48, 30, 40, 5), memory: resourceCapacity('memory', 256 * gib, 150 * gib, 120 * gib, 12) },
        { scope: 'node-pool', name: 'm5.xlarge', cpu: resourceCapacity('cpu', 32, 28, 20, 25), memory: resourceCapacity('memory', 128 * gib, 60 * gib, 50 * gib, null) },
      ];
      for (const s of scopes) {
        for (const res of ['cpu', 'memory'] as const) {
          await tx.run('INSERT INTO capacity_results (run_id, scope, name, resource, payload) VALUES ($1, $2, $3, $4, $5)', ['capacity-main', s.scope, s.name, res, JSON.stringify({ ...s[res], cluster: 'sample' })]);
        }
      }
      const months = Array.from({ length: 13 }, (_, i) => ({
        month: new Date(Date.UTC(2026, 10 + i, 1)).toISOString().slice(0, 7), meanUsd: 5000 + i * 100, lo80Usd: 4500 + i * 90, hi80Usd: 5500 + i * 110, lo95Usd: 4200 + i * 80, hi95Usd: 5800 + i * 120, actualToDateUsd: i === 0 ? 2500 : 0, forecastDays: i === 0 ? 15 : 30,
      }));
      const costReport = { costBasis: 'effective', intervalMethod: 'comonotonic-sum', historyStartMs: 0, historyEndMs: weekEndMs, series: [{ breakdown: 'service', key: '(total)', method: 'fixture', recentDailyUsd: 180, historyDays: 120, levelShifts: [{ date: '2026-10-02', sizeUsdPerDay: 55.3 }], indicative: null, recentAccuracy: null, months, next3Months: {}, next12Months: {} }], skipped: [] };
      await tx.run("INSERT INTO capacity_results (run_id, scope, name, resource, payload) VALUES ('capacity-main', 'cluster', 'sample', 'cost', $1)", [JSON.stringify(costReport)]);
    }
    if (want.rightsizing) {
      await tx.run("INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger) VALUES ('rightsize-1', 'rightsize', $1, $1, 'succeeded', 'schedule')", [ts(weekEndMs)]);
      for (const r of recommendations) {
        const payload = { namespace: 'shop', workloadKind: 'Deployment', workload: r.workload, container: r.container, current: { cpuRequestCores: r.cpuNow, cpuLimitCores: null, memoryRequestBytes: 2 ** 30, memoryLimitBytes: 2 ** 30 }, recommended: { cpuRequestCores: r.cpuRec, cpuLimitCores: null, memoryRequestBytes: 2 ** 29, memoryLimitBytes: 2 ** 29 }, confidence: 'high', reasons: [`p95 CPU is far below the request of ${r.workload}`], monthlySavingsUsd: r.savings };
        await tx.run("INSERT INTO recommendations VALUES ('rightsize-1', 'sample', 'shop', 'Deployment', $1, $2, 'high', $3, $4)", [r.workload, r.container, r.savings, JSON.stringify(payload)]);
      }
    }
    if (want.commitments) {
      await tx.run("INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger) VALUES ('commit-1', 'commitments', $1, $1, 'succeeded', 'schedule')", [ts(weekEndMs)]);
      for (const [i, c] of commitments.entries()) await tx.run('INSERT INTO commitment_recommendations VALUES ($1, $2, $3, $4, $5)', ['commit-1', i, c.kind, c.region, JSON.stringify(c)]);
    }
  });
}
