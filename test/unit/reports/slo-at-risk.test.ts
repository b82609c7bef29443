/**
 * The weekly report's "at risk" burn rate is the page threshold of each SLO's own period, the one
 * its generated burn-rate alert fires at (2 % of the budget within 1 h): 14.4× for 30 days but
 * 3.36× for 7 days.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { resolveMonitoringSettings } from '../../../src/generators/settings.js';
import { buildSloGroups, parseSloSpec, type SloDefinition } from '../../../src/generators/slo/index.js';
import { buildWeeklyReport, parseIsoWeek, shiftIsoWeek, type LiveAlertData } from '../../../src/reports/index.js';
import { repoRoot } from '../../helpers/cli.js';

const week = parseIsoWeek('2026-W46');
const DAY_SECONDS = 86_400;
const configuredSeconds = 30 * DAY_SECONDS;

/** The checkout SLO of the OpenSLO fixture with its time window set to `duration`. */
function checkoutSlo(duration: string): SloDefinition {
  const text = readFileSync(join(repoRoot, 'test/fixtures/slo/openslo-v1.yaml'), 'utf8').replaceAll('duration: 30d', `duration: ${duration}`);
  const parsed = parseSloSpec('o.yaml', text, 'o');
  expect(parsed.problems).toEqual([]);
  return parsed.slos[0]!;
}

/** The factor of the fastest pair (1h/5m) in the SLO's generated page alert. */
function generatedPageFactor(slo: SloDefinition): number {
  const settings = resolveMonitoringSettings(validateConfig({ alerting: { slo: { compat: 'headroom' } } }));
  const page = buildSloGroups(slo, settings).flatMap((g) => g.rules).find((r) => r.kind === 'alert' && r.labels?.severity === 'critical');
  if (page?.kind !== 'alert') throw new Error('no page alert generated');
  return Number(/> \(([\d.]+) \* /.exec(page.expr)![1]);
}

/** The report's row for `slo` when its last hour burnt at `burnRate` (its window and week well within budget). */
function rowAt(slo: SloDefinition, burnRate: number) {
  const budget = 1 - slo.objectivePercent / 100;
  const recentTotal = 1_000_000;
  const windowSeconds = slo.periodSeconds ?? configuredSeconds;
  const calm = { errorEvents: 100, totalEvents: 10_000_000 };
  const live: LiveAlertData = {
    source: { kind: 'prometheus', origin: 'http://127.0.0.1:9090' }, windowSeconds: configuredSeconds, weekSeconds: 7 * DAY_SECONDS, recentSeconds: 3600,
    slis: { [slo.id]: { windowSeconds, window: calm, week: calm, recent: { errorEvents: burnRate * budget * recentTotal, totalEvents: recentTotal } } },
    firedAlerts: [], problems: [],
  };
  const report = buildWeeklyReport({
    week, previousWeek: shiftIsoWeek(week, -1), generatedAtMs: week.endMs, costWeeks: [], daily: [], weeklyActuals: new Map(), dailyCostForecasts: [],
    capacity: [], recommendations: [], commitments: [],
    alerts: { alertRules: [], specProblems: [], live, slos: [{ id: slo.id, service: slo.service, name: slo.name, objectivePercent: slo.objectivePercent, ...(slo.periodSeconds ? { periodSeconds: slo.periodSeconds } : {}) }] },
  });
  return report.alerts.slos[0]!;
}

describe('the weekly report calls an SLO at risk at its own period\'s page burn rate', () => {
  it('A 7-day SLO burning 5× over the last hour is at risk (its page alert fires at 3.36×); a 30-day SLO burning the same is healthy (14.4×).', () => {
    const weekly = rowAt(checkoutSlo('7d'), 5);
    const monthly = rowAt(checkoutSlo('30d'), 5);
    expect(weekly.windowDays).toBe(7);
    expect(monthly.windowDays).toBe(30);
    expect(weekly.currentBurnRate).toBeCloseTo(5, 9);
    expect(monthly.currentBurnRate).toBeCloseTo(5, 9);
    expect(weekly.budgetStatus).toBe('at-risk');
    expect(weekly.reasons[0]).toBe('burning 5× over the last 1 hour at the week\'s end (page threshold 3.36×)');
    expect(monthly.budgetStatus).toBe('healthy');
  });

  it('Each SLO turns at risk exactly at the factor of its generated page alert, not below it.', () => {
    for (const [duration, factor] of [['7d', 3.36], ['30d', 14.4]] as const) {
      const slo = checkoutSlo(duration);
      expect(generatedPageFactor(slo)).toBe(factor);
      expect(rowAt(slo, factor * 1.001).budgetStatus, duration).toBe('at-risk');
      expect(rowAt(slo, factor * 0.999).budgetStatus, duration).toBe('healthy');
    }
  });
});
