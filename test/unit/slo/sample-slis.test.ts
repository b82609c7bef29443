import { describe, expect, it } from 'vitest';
import { countSloEvents, findLatestRolloutMs, generateSampleSlis, listAlertSamples } from '../../../src/sample/slis/index.js';
import { assessErrorBudget, summariseFiredAlerts } from '../../../src/models/slo/index.js';
import { sampleAlertData } from '../../../src/app/demo-report.js';
import { buildReportTables, buildWeeklyReport, parseIsoWeek, renderCsv, shiftIsoWeek } from '../../../src/reports/index.js';
import type { SloDefinition } from '../../../src/generators/slo/index.js';
import type { SamplePod } from '../../../src/sample/index.js';

const week = parseIsoWeek('2026-W46');
const incidentMs = Date.UTC(2026, 10, 10, 9, 36);

describe('the sample\'s SLI events', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = generateSampleSlis({ seed: 42, endMs: week.endMs, incidentStartMs: incidentMs });
    const b = generateSampleSlis({ seed: 42, endMs: week.endMs, incidentStartMs: incidentMs });
    const c = generateSampleSlis({ seed: 7, endMs: week.endMs, incidentStartMs: incidentMs });
    const total = (s: typeof a) => countSloEvents(s, 'checkout-requests-availability', week.startMs, week.endMs)!;
    expect(total(a)).toEqual(total(b));
    expect(total(a).totalEvents).not.toBe(total(c).totalEvents);
  });

  it('count whole events, with errors never above the total, and concentrate checkout\'s errors in the incident', () => {
    const s = generateSampleSlis({ seed: 42, endMs: week.endMs, incidentStartMs: incidentMs });
    for (const slo of s.slos) {
      for (let i = 0; i < slo.totalEvents.length; i++) {
        expect(Number.isInteger(slo.errorEvents[i]) && slo.errorEvents[i]! <= slo.totalEvents[i]!).toBe(true);
      }
    }
    const during = countSloEvents(s, 'checkout-requests-availability', incidentMs, incidentMs + 2.5 * 3_600_000)!;
    const wholeWeek = countSloEvents(s, 'checkout-requests-availability', week.startMs, week.endMs)!;
    expect(during.errorEvents / during.totalEvents).toBeCloseTo(0.11, 2);
    expect(during.errorEvents / wholeWeek.errorEvents).toBeGreaterThan(0.8);
    // Outside the data there is nothing to count.
    expect(countSloEvents(s, 'checkout-requests-availability', s.startMs - 300_000, s.endMs)).toBeNull();
    expect(countSloEvents(s, 'checkout-requests-availability', s.startMs, s.endMs + 300_000)).toBeNull();
    expect(countSloEvents(s, 'no-such-slo', s.startMs, s.endMs)).toBeNull();
  });

  it('start checkout\'s incident at its newest ReplicaSet', () => {
    const pod = (owner: string, startMs: number): SamplePod => ({ namespace: 'shop', workloadKind: 'Deployment', workload: 'checkout', pod: `${owner}-x`, intermediateOwner: owner, node: 'n', startMs, endMs: startMs + 1 });
    expect(findLatestRolloutMs({ pods: [pod('rs-a', 0), pod('rs-b', 5000), pod('rs-b', 4000), pod('rs-c', 9000)] })).toBe(9000);
    expect(findLatestRolloutMs({ pods: [pod('rs-a', 0)] })).toBeNull();
  });

  it('feed the demo the budgets of the window and the week, and the alerts that fired within the week only', () => {
    const slos = [{ id: 'checkout-requests-availability' }, { id: 'search-query-errors' }, { id: 'unknown-slo' }] as SloDefinition[];
    const sample = { seed: 42, endMs: week.endMs, pods: [] };
    const data = sampleAlertData(sample, 30 * 86_400, slos, week);
    const s = generateSampleSlis({ seed: 42, endMs: week.endMs });
    expect(data.source.kind).toBe('sample');
    expect(data.slis['checkout-requests-availability']).toEqual({
      windowSeconds: 30 * 86_400,
      window: countSloEvents(s, 'checkout-requests-availability', week.endMs - 30 * 86_400_000, week.endMs),
      week: countSloEvents(s, 'checkout-requests-availability', week.startMs, week.endMs),
      recent: countSloEvents(s, 'checkout-requests-availability', week.endMs - 3_600_000, week.endMs),
    });
    expect(data.slis['unknown-slo']).toBeUndefined();
    // A window longer than the sample's 35 days cannot be judged, and says why.
    expect(sampleAlertData(sample, 60 * 86_400, slos, week).slis['search-query-errors']).toEqual({ error: expect.stringContaining('covers 35 days') });
    expect(data.firedAlerts).toEqual(summariseFiredAlerts(listAlertSamples(s, week.startMs, week.endMs), 60));
    expect(data.firedAlerts!.map((a) => a.alertname)).toEqual(['CheckoutAvailabilityBudgetBurn', 'CheckoutLatencyBudgetBurn']);
  });
});

describe('the report\'s error budgets over each SLO\'s own window', () => {
  it('budget an SLO whose spec sets a 7-day window over 7 days and the others over alerting.slo.period, and show each window', () => {
    const checkout = 'checkout-requests-availability';
    const search = 'search-query-errors';
    // checkout's spec is OpenSLO with a rolling 7d timeWindow; search has no period of its own.
    const slos = [{ id: checkout, periodSeconds: 7 * 86_400 }, { id: search }] as SloDefinition[];
    const sample = { seed: 42, endMs: week.endMs, pods: [] };
    const data = sampleAlertData(sample, 30 * 86_400, slos, week);
    const s = generateSampleSlis({ seed: 42, endMs: week.endMs });
    const sevenDays = countSloEvents(s, checkout, week.endMs - 7 * 86_400_000, week.endMs)!;
    expect(data.windowSeconds).toBe(30 * 86_400);
    expect(data.slis[checkout]).toMatchObject({ windowSeconds: 7 * 86_400, window: sevenDays });
    expect(data.slis[search]).toMatchObject({ windowSeconds: 30 * 86_400, window: countSloEvents(s, search, week.endMs - 30 * 86_400_000, week.endMs) });

    const report = buildWeeklyReport({
      week, previousWeek: shiftIsoWeek(week, -1), generatedAtMs: week.endMs, costWeeks: [], daily: [], weeklyActuals: new Map(), dailyCostForecasts: [],
      capacity: [], recommendations: [], commitments: [],
      alerts: {
        alertRules: [], specProblems: [], live: data,
        slos: [
          { id: checkout, service: 'checkout', name: 'requests-availability', objectivePercent: 99.9, periodSeconds: 7 * 86_400 },
          { id: search, service: 'search', name: 'query-errors', objectivePercent: 99.5 },
        ],
      },
    });
    const [c, q] = report.alerts.slos;
    expect([c!.windowDays, q!.windowDays]).toEqual([7, 30]);
    // The 7-day window's budget is the model's over the last 7 days' events, not over 30 days': the week is the whole window.
    const weekObs = countSloEvents(s, checkout, week.startMs, week.endMs)!;
    const over7 = assessErrorBudget({ objectivePercent: 99.9, windowSeconds: 7 * 86_400, window: sevenDays, week: weekObs, weekSeconds: 7 * 86_400, recent: { observation: countSloEvents(s, checkout, week.endMs - 3_600_000, week.endMs)!, windowSeconds: 3600 } });
    const over30 = assessErrorBudget({ objectivePercent: 99.9, windowSeconds: 30 * 86_400, window: countSloEvents(s, checkout, week.endMs - 30 * 86_400_000, week.endMs)!, week: weekObs, weekSeconds: 7 * 86_400 });
    expect(c!.budgetRemainingRatio).toBe(over7.budgetRemainingRatio);
    expect(c!.weekBudgetConsumedRatio).toBe(over7.weekBudgetConsumedRatio);
    expect(c!.weekBudgetConsumedRatio).toBeCloseTo(1 - over7.budgetRemainingRatio!, 9);
    // The week's incident weighs more in 7 days than in 30: less budget left than the 30-day reading.
    expect(c!.budgetRemainingRatio!).toBeLessThan(over30.budgetRemainingRatio! - 0.5);
    expect(report.alerts.note).toContain('error budgets over each SLO\'s window ending with the week (30 days unless its spec sets its own)');

    const table = buildReportTables(report).find((t) => t.id === 'slos')!;
    expect(table.displayHeader).toContain('window');
    expect(table.display.map((row) => row[table.displayHeader!.indexOf('window')])).toEqual(['7 d', '30 d']);
    const csv = renderCsv(table).split('\n');
    expect(csv[0]).toMatch(/^service,slo,objective_percent,window_days,/);
    expect(csv[1]).toMatch(/^checkout,requests-availability,99.9,7,/);
    expect(csv[2]).toMatch(/^search,query-errors,99.5,30,/);
  });

  it('say "the 30-day window" when no spec sets its own', () => {
    const data = sampleAlertData({ seed: 42, endMs: week.endMs, pods: [] }, 30 * 86_400, [{ id: 'search-query-errors' }] as SloDefinition[], week);
    const report = buildWeeklyReport({
      week, previousWeek: shiftIsoWeek(week, -1), generatedAtMs: week.endMs, costWeeks: [], daily: [], weeklyActuals: new Map(), dailyCostForecasts: [],
      capacity: [], recommendations: [], commitments: [],
      alerts: { alertRules: [], specProblems: [], live: data, slos: [{ id: 'search-query-errors', service: 'search', name: 'query-errors', objectivePercent: 99.5 }] },
    });
    expect(report.alerts.slos[0]!.windowDays).toBe(30);
    expect(report.alerts.note).toContain('error budgets over the 30-day SLO window ending with the week');
  });
});

describe('fired alerts from ALERTS samples', () => {
  it('count episodes split by gaps over twice the evaluation interval, and time firing as samples × interval', () => {
    const minute = 60_000;
    const run = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i * minute);
    const summary = summariseFiredAlerts([
      { labels: { alertname: 'A', severity: 'warning' }, timestampsMs: [...run(0, 30), ...run(100 * minute, 90)] },
      { labels: { alertname: 'A', severity: 'critical', pod: 'x' }, timestampsMs: run(10 * minute, 5) },
      { labels: { alertname: 'B' }, timestampsMs: [5 * minute] },
    ]);
    expect(summary).toEqual([
      { alertname: 'A', severity: 'critical', firings: 3, series: 2, firingSeconds: (30 + 90 + 5) * 60, firstFiringMs: 0, lastFiringMs: 189 * minute },
      // A single sample takes the interval the other series show.
      { alertname: 'B', severity: '', firings: 1, series: 1, firingSeconds: 60, firstFiringMs: 5 * minute, lastFiringMs: 5 * minute },
    ]);
  });
});
