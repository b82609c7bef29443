import { describe, expect, it } from 'vitest';
import { assessErrorBudget, budgetReasons } from '../../../src/models/slo/index.js';

const DAY = 86_400;
const window30d = 30 * DAY;

describe('error budget of an SLO from SLI event counts', () => {
  it('is healthy when 400 errors in a million requests leave 60% of a 99.9% budget and the week burned at 0.4×', () => {
    const a = assessErrorBudget({
      objectivePercent: 99.9, windowSeconds: window30d,
      window: { errorEvents: 400, totalEvents: 1_000_000 },
      week: { errorEvents: 100, totalEvents: 250_000 },
    });
    expect(a.status).toBe('healthy');
    expect(a.errorBudgetRatio).toBeCloseTo(0.001, 12);
    expect(a.windowErrorRatio).toBeCloseTo(0.0004, 12);
    expect(a.budgetRemainingRatio).toBeCloseTo(0.6, 9);
    expect(a.weekErrorRatio).toBeCloseTo(0.0004, 12);
    expect(a.weekBurnRate).toBeCloseTo(0.4, 9);
    // 100 errors of a budget of 0.001 × 1,000,000 = 1,000 events.
    expect(a.weekBudgetConsumedRatio).toBeCloseTo(0.1, 9);
    // 0.6 left at 0.1 a week = 42 days.
    expect(a.daysToExhaustion).toBeCloseTo(42, 6);
    expect(a.currentBurnRate).toBeCloseTo(0.4, 9);
    expect(a.reasons).toEqual([budgetReasons.healthy(a.budgetRemainingRatio!, a.weekBurnRate)]);
    expect(a.reasons[0]).toBe('60% of the error budget left; the week burned at 0.4× the sustainable rate');
  });

  it('is at risk when 20% of the budget is left and the week burned 2.4× faster than sustainable', () => {
    const a = assessErrorBudget({
      objectivePercent: 99.5, windowSeconds: window30d,
      window: { errorEvents: 8_000, totalEvents: 2_000_000 },
      week: { errorEvents: 6_000, totalEvents: 500_000 },
    });
    expect(a.status).toBe('at-risk');
    expect(a.budgetRemainingRatio).toBeCloseTo(0.2, 9);
    expect(a.weekBurnRate).toBeCloseTo(2.4, 9);
    // 6,000 errors of a budget of 0.005 × 2,000,000 = 10,000 events.
    expect(a.weekBudgetConsumedRatio).toBeCloseTo(0.6, 9);
    // 0.2 left at 0.6 / 7 a day = 2.33 days.
    expect(a.daysToExhaustion).toBeCloseTo(7 / 3, 6);
    expect(a.reasons).toEqual([
      'only 20% of the error budget left (below 25%)',
      'the week burned budget 2.4× faster than sustainable: at that pace the rest lasts 2.3 days',
    ]);
  });

  it('is exhausted when the window\'s error ratio exceeds the budget, and the remaining budget goes negative', () => {
    const a = assessErrorBudget({
      objectivePercent: 99.9, windowSeconds: window30d,
      window: { errorEvents: 150, totalEvents: 100_000 },
      week: { errorEvents: 50, totalEvents: 25_000 },
    });
    expect(a.status).toBe('exhausted');
    expect(a.budgetRemainingRatio).toBeCloseTo(-0.5, 9);
    expect(a.weekBudgetConsumedRatio).toBeCloseTo(0.5, 9);
    expect(a.daysToExhaustion).toBe(0);
    expect(a.reasons[0]).toBe('error budget exhausted: 150% of the 30-day budget spent');
  });

  it('says it cannot judge a window without events instead of dividing by zero', () => {
    const a = assessErrorBudget({ objectivePercent: 99.9, windowSeconds: window30d, window: { errorEvents: 0, totalEvents: 0 }, week: { errorEvents: 0, totalEvents: 0 } });
    expect(a.status).toBe('no-data');
    expect(a.budgetRemainingRatio).toBeNull();
    expect(a.weekBudgetConsumedRatio).toBeNull();
    expect(a.reasons).toEqual(['no SLI events in the 30-day window: the budget cannot be judged']);
  });

  it('rejects an objective of 100% as leaving no budget, with a reason', () => {
    const a = assessErrorBudget({ objectivePercent: 100, windowSeconds: window30d, window: { errorEvents: 0, totalEvents: 10 }, week: { errorEvents: 0, totalEvents: 10 } });
    expect(a.status).toBe('no-data');
    expect(a.reasons[0]).toContain('objective 100% leaves no error budget');
  });

  it('takes a raw error ratio\'s week share of the budget as its share of the window\'s time, and says so', () => {
    const a = assessErrorBudget({ objectivePercent: 99.9, windowSeconds: window30d, window: { errorRatio: 0.0005 }, week: { errorRatio: 0.0015 } });
    expect(a.budgetRemainingRatio).toBeCloseTo(0.5, 9);
    // 0.0015 × 7/30 ÷ 0.001 = 0.35.
    expect(a.weekBudgetConsumedRatio).toBeCloseTo(0.35, 9);
    expect(a.daysToExhaustion).toBeCloseTo(10, 6);
    expect(a.status).toBe('at-risk');
    expect(a.reasons.at(-1)).toBe(budgetReasons.evenTrafficAssumed);
  });

  it('uses the last hour for the current burn rate and flags one at the page threshold', () => {
    const a = assessErrorBudget({
      objectivePercent: 99.9, windowSeconds: window30d,
      window: { errorEvents: 100, totalEvents: 1_000_000 },
      week: { errorEvents: 30, totalEvents: 250_000 },
      recent: { observation: { errorEvents: 20, totalEvents: 1_000 }, windowSeconds: 3600 },
    });
    expect(a.currentBurnRate).toBeCloseTo(20, 9);
    expect(a.weekBurnRate).toBeCloseTo(0.12, 9);
    expect(a.status).toBe('at-risk');
    expect(a.reasons).toEqual(['burning 20× over the last 1 hour at the week\'s end (page threshold 14.4×)']);
  });

  it('honours a stricter at-risk threshold from the settings', () => {
    const input = { objectivePercent: 99.9, windowSeconds: window30d, window: { errorEvents: 400, totalEvents: 1_000_000 }, week: { errorEvents: 0, totalEvents: 250_000 } };
    expect(assessErrorBudget(input).status).toBe('healthy');
    expect(assessErrorBudget({ ...input, settings: { atRiskRemainingRatio: 0.7 } }).status).toBe('at-risk');
    // No errors in the week: the budget is not being spent, so it does not run out.
    expect(assessErrorBudget(input).daysToExhaustion).toBeNull();
  });
});
