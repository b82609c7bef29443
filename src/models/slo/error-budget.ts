/**
 * Error budgets of an SLO over its window (sloth's definition):
 *
 *   error budget          = 1 − objective                       (e.g. 99.9% → 0.001)
 *   burn rate             = error ratio ÷ error budget          (1 = spends exactly the budget in the window)
 *   budget remaining      = 1 − window error ratio ÷ budget     (negative = overspent)
 *   consumed in the week  = the week's error events ÷ the window's budget in events
 *                           (budget × the window's total events)
 *
 * Pure: event counts in, an assessment with a status and its reasons out. "Cannot judge" (no
 * events) is a status with a reason, not an exception.
 */
import { budgetReasons } from './messages.js';

/** What an SLI measured over a period: events (errors of total), or only an error ratio (sloth `raw` SLIs). */
export type SliObservation = { errorEvents: number; totalEvents: number } | { errorRatio: number };

export type ErrorBudgetStatus = 'healthy' | 'at-risk' | 'exhausted' | 'no-data';

export interface ErrorBudgetSettings {
  /** Budget remaining below this ratio is "at risk". Default 0.25, range 0..1. */
  atRiskRemainingRatio: number;
  /**
   * A recent burn rate at or above this is "at risk": the page tier's factor for the SLO's own
   * window (2 % of the budget in 1 h — 14.4 for 30 days, 3.36 for 7). Default 14.4 (30 days); the
   * report passes the factor its generated alert uses (src/generators/slo computePageBurnRate).
   */
  pageBurnRate: number;
}

export const defaultErrorBudgetSettings: ErrorBudgetSettings = { atRiskRemainingRatio: 0.25, pageBurnRate: 14.4 };

export interface ErrorBudgetInput {
  /** Target in percent, e.g. 99.9; must be in (0, 100). */
  objectivePercent: number;
  /** The SLO window (sloth default 30 days). */
  windowSeconds: number;
  /** The SLI over the window ending at the report week's end. */
  window: SliObservation;
  /** The SLI over the report week. */
  week: SliObservation;
  /** Length of the report week. Default 7 days. */
  weekSeconds?: number;
  /** The SLI over a short period at the week's end (e.g. the last hour), for the current burn rate. */
  recent?: { observation: SliObservation; windowSeconds: number };
  settings?: Partial<ErrorBudgetSettings>;
}

export interface ErrorBudgetAssessment {
  status: ErrorBudgetStatus;
  /** Why, most important first. */
  reasons: string[];
  /** 1 − objective. */
  errorBudgetRatio: number;
  windowErrorRatio: number | null;
  /** 1 − windowErrorRatio ÷ errorBudgetRatio; below 0 when overspent. */
  budgetRemainingRatio: number | null;
  weekErrorRatio: number | null;
  /** Share of the window's budget the week's errors used. */
  weekBudgetConsumedRatio: number | null;
  weekBurnRate: number | null;
  /** Burn rate over `recent` (or the week when no recent period was given). */
  currentBurnRate: number | null;
  /** Days the remaining budget lasts at the week's pace; 0 when exhausted, null when the week spent none. */
  daysToExhaustion: number | null;
}

const DAY_SECONDS = 86_400;

/** Error ratio of an observation; null when it saw no events. */
export function computeErrorRatio(o: SliObservation): number | null {
  if ('errorRatio' in o) return Number.isFinite(o.errorRatio) ? o.errorRatio : null;
  return o.totalEvents > 0 ? o.errorEvents / o.totalEvents : null;
}

export function assessErrorBudget(input: ErrorBudgetInput): ErrorBudgetAssessment {
  const settings = { ...defaultErrorBudgetSettings, ...input.settings };
  const weekSeconds = input.weekSeconds ?? 7 * DAY_SECONDS;
  const errorBudgetRatio = 1 - input.objectivePercent / 100;
  const windowErrorRatio = computeErrorRatio(input.window);
  const weekErrorRatio = computeErrorRatio(input.week);
  const weekBurnRate = weekErrorRatio === null ? null : weekErrorRatio / errorBudgetRatio;
  const recentRatio = input.recent ? computeErrorRatio(input.recent.observation) : weekErrorRatio;
  const currentBurnRate = recentRatio === null ? null : recentRatio / errorBudgetRatio;
  const base = { errorBudgetRatio, windowErrorRatio, weekErrorRatio, weekBurnRate, currentBurnRate };
  if (!(errorBudgetRatio > 0 && errorBudgetRatio < 1)) {
    return { ...base, status: 'no-data', reasons: [budgetReasons.badObjective(input.objectivePercent)], budgetRemainingRatio: null, weekBudgetConsumedRatio: null, daysToExhaustion: null, weekBurnRate: null, currentBurnRate: null };
  }
  if (windowErrorRatio === null) {
    return { ...base, status: 'no-data', reasons: [budgetReasons.noEvents(input.windowSeconds)], budgetRemainingRatio: null, weekBudgetConsumedRatio: null, daysToExhaustion: null };
  }
  const budgetRemainingRatio = 1 - windowErrorRatio / errorBudgetRatio;
  const notes: string[] = [];
  let weekBudgetConsumedRatio: number | null;
  if ('errorEvents' in input.week && 'totalEvents' in input.window) {
    weekBudgetConsumedRatio = input.week.errorEvents / (errorBudgetRatio * input.window.totalEvents);
  } else if (weekErrorRatio !== null) {
    // Without counts, the week's traffic share is unknown: take it as its share of the window's time.
    weekBudgetConsumedRatio = (weekErrorRatio * (weekSeconds / input.windowSeconds)) / errorBudgetRatio;
    notes.push(budgetReasons.evenTrafficAssumed);
  } else {
    weekBudgetConsumedRatio = null;
  }
  if (weekErrorRatio === null) notes.push(budgetReasons.noWeekEvents);
  const perDay = weekBudgetConsumedRatio === null ? null : weekBudgetConsumedRatio / (weekSeconds / DAY_SECONDS);
  const daysToExhaustion = budgetRemainingRatio <= 0 ? 0 : perDay !== null && perDay > 0 ? budgetRemainingRatio / perDay : null;

  const reasons: string[] = [];
  let status: ErrorBudgetStatus;
  if (budgetRemainingRatio <= 0) {
    status = 'exhausted';
    reasons.push(budgetReasons.exhausted(budgetRemainingRatio, input.windowSeconds));
  } else {
    if (budgetRemainingRatio < settings.atRiskRemainingRatio) reasons.push(budgetReasons.lowBudget(budgetRemainingRatio, settings.atRiskRemainingRatio));
    // Burn rate above 1 over the week: the budget would not last the window at that pace.
    if (weekBurnRate !== null && weekBurnRate > 1) reasons.push(budgetReasons.fastWeek(weekBurnRate, daysToExhaustion));
    if (input.recent && currentBurnRate !== null && currentBurnRate >= settings.pageBurnRate) reasons.push(budgetReasons.fastNow(currentBurnRate, settings.pageBurnRate, input.recent.windowSeconds));
    status = reasons.length > 0 ? 'at-risk' : 'healthy';
    if (status === 'healthy') reasons.push(budgetReasons.healthy(budgetRemainingRatio, weekBurnRate));
  }
  return { ...base, status, reasons: [...reasons, ...notes], budgetRemainingRatio, weekBudgetConsumedRatio, daysToExhaustion };
}
