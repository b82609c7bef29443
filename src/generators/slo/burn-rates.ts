/**
 * Multi-window multi-burn-rate alert tiers (Google SRE workbook, ch. 5). Each tier alerts when a
 * share of the period's error budget burns within its long window, confirmed by a short window.
 * The factor is derived from the period, so 30d gives the workbook's 14.4, 6, 3 and 1, and any
 * other period gets factors that spend the same budget shares.
 */
import { formatDurationSeconds, roundNumber } from '../format.js';
import type { MonitoringSettings } from '../settings.js';
import type { SloDefinition } from './spec-types.js';

export interface BurnTier {
  severity: 'page' | 'ticket';
  longWindowSeconds: number;
  shortWindowSeconds: number;
  /** Share of the period's error budget this tier lets burn within the long window. */
  budgetShare: number;
}

export const burnTiers: readonly BurnTier[] = [
  { severity: 'page', longWindowSeconds: 3600, shortWindowSeconds: 300, budgetShare: 0.02 },
  { severity: 'page', longWindowSeconds: 6 * 3600, shortWindowSeconds: 1800, budgetShare: 0.05 },
  { severity: 'ticket', longWindowSeconds: 86400, shortWindowSeconds: 2 * 3600, budgetShare: 0.1 },
  { severity: 'ticket', longWindowSeconds: 3 * 86400, shortWindowSeconds: 6 * 3600, budgetShare: 0.1 },
];

/** Burn-rate factor of a tier for a period: budget share × period ÷ long window. */
export function computeBurnFactor(tier: BurnTier, periodSeconds: number): number {
  return roundNumber((tier.budgetShare * periodSeconds) / tier.longWindowSeconds);
}

/**
 * The burn rate the generated page alert's fastest tier (2 % of the budget within 1 h) fires at
 * for a period: 14.4 for 30 days, 3.36 for 7 days. The weekly report calls an SLO "at risk" at
 * the same rate, so the report and the alert agree.
 */
export function computePageBurnRate(periodSeconds: number): number {
  const fastest = burnTiers.filter((t) => t.severity === 'page').reduce((a, t) => (t.longWindowSeconds < a.longWindowSeconds ? t : a));
  return computeBurnFactor(fastest, periodSeconds);
}

/** Every window an SLI is recorded over (short and long windows of all tiers), ascending. */
export function listSliWindows(): string[] {
  const seconds = [...new Set(burnTiers.flatMap((t) => [t.shortWindowSeconds, t.longWindowSeconds]))].sort((a, b) => a - b);
  return seconds.map(formatDurationSeconds);
}

/** `1h/5m` — the value of the label naming the window pair that fired. */
export function formatWindowPair(tier: BurnTier): string {
  return `${formatDurationSeconds(tier.longWindowSeconds)}/${formatDurationSeconds(tier.shortWindowSeconds)}`;
}

/** The SLO's period in seconds: its own (an OpenSLO time window) or the configured one (`alerting.slo.period`). */
export function resolveSloPeriodSeconds(slo: Pick<SloDefinition, 'periodSeconds'>, configuredSeconds: number): number {
  return slo.periodSeconds ?? configuredSeconds;
}

/** The SLO's period: its own (an OpenSLO time window) or `alerting.slo.period`. */
export function resolveSloPeriod(slo: SloDefinition, s: MonitoringSettings): { period: string; periodSeconds: number } {
  return slo.periodSeconds === undefined ? { period: s.slo.period, periodSeconds: s.slo.periodSeconds } : { period: formatDurationSeconds(slo.periodSeconds), periodSeconds: slo.periodSeconds };
}
