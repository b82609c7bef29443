import { describe, expect, it } from 'vitest';
import { countSloEvents, findLatestRolloutMs, generateSampleSlis, listAlertSamples } from '../../../src/sample/slis/index.js';
import { summariseFiredAlerts } from '../../../src/models/slo/index.js';
import { sampleAlertData } from '../../../src/app/demo-report.js';
import { parseIsoWeek } from '../../../src/reports/index.js';
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
